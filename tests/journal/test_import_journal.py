import pytest

from jalon.journal.models import EntreeJournal
from jalon.referentiel.chargement import ANNEXE_LIVREE
from jalon.referentiel.importation import importer_annexe, version_fdr

pytestmark = pytest.mark.django_db


def test_an_applied_import_is_journaled_once_and_a_dry_run_or_no_op_not_at_all():
    importer_annexe(None, ANNEXE_LIVREE, version_fdr(), dry_run=True)
    assert not EntreeJournal.objects.exists()
    rapport = importer_annexe(None, ANNEXE_LIVREE, version_fdr())
    entree = EntreeJournal.objects.get()
    assert (entree.canal, entree.action) == ("import", "import_referentiel")
    assert entree.objet_id == str(rapport.execution.pk)
    assert entree.apres == rapport.diff.compteurs()
    importer_annexe(None, ANNEXE_LIVREE, version_fdr())
    assert EntreeJournal.objects.count() == 1
