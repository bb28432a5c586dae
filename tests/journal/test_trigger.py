"""The PostgreSQL trigger refuses what the ORM refusals could be bypassed for (raw SQL)."""

import pytest
from django.db import DatabaseError, connection, transaction

from jalon.journal.models import EntreeJournal
from jalon.journal.services import journaliser
from tests.factories import CompteFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="trigger PostgreSQL uniquement"),
]


def _sql(sql, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_raw_update_and_delete_are_refused():
    entree = journaliser(None, "systeme", "creation", ("test", "1", "objet"))
    with pytest.raises(DatabaseError, match="ne se modifie pas"):
        _sql("UPDATE journal_entreejournal SET motif = 'x' WHERE id = %s", [entree.pk])
    with pytest.raises(DatabaseError, match="ne se modifie pas"):
        _sql("DELETE FROM journal_entreejournal WHERE id = %s", [entree.pk])
    assert EntreeJournal.objects.get().motif == ""


def test_deleting_an_account_only_clears_the_link_and_keeps_the_name():
    compte = CompteFactory(username="parti")
    journaliser(compte, "web", "modification", ("test", "1", "objet"))
    compte.delete()
    entree = EntreeJournal.objects.get()
    assert entree.utilisateur_id is None and entree.utilisateur_nom == "parti"
    with pytest.raises(DatabaseError):
        _sql("UPDATE journal_entreejournal SET utilisateur_id = NULL, motif = 'x'")
