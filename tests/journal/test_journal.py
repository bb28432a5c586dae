import pytest

from jalon.journal.models import EntreeJournal
from jalon.journal.services import journaliser
from tests.factories import TerritoireFactory

pytestmark = pytest.mark.django_db


def test_an_entry_records_who_what_and_before_after():
    territoire = TerritoireFactory()
    entree = journaliser(None, "commande", "modification", territoire, {"nom": "A"}, {"nom": "B"})
    assert entree.objet_type == "territoires.territoire"
    assert entree.objet_id == str(territoire.pk)
    assert (entree.avant, entree.apres) == ({"nom": "A"}, {"nom": "B"})


def test_entries_can_be_neither_changed_nor_deleted():
    entree = journaliser(None, "systeme", "creation", ("test", "1", "objet"))
    entree.motif = "réécrit"
    with pytest.raises(PermissionError):
        entree.save()
    with pytest.raises(PermissionError):
        entree.delete()
    with pytest.raises(PermissionError):
        EntreeJournal.objects.all().update(motif="x")
    with pytest.raises(PermissionError):
        EntreeJournal.objects.all().delete()
    assert EntreeJournal.objects.get().motif == ""
