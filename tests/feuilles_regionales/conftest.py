import io

import pytest
from django.core.management import call_command

from jalon.feuilles_regionales.chargement import charger_tout
from jalon.referentiel.chargement import charger_referentiel_national
from jalon.territoires.models import Territoire


@pytest.fixture
def referentiel_reel(db):
    """Real territories and national referential, as `jalon setup-demo` loads them."""
    call_command("load_territoires", verbosity=0, stdout=io.StringIO())
    charger_referentiel_national()


@pytest.fixture
def hdf(referentiel_reel):
    """The shipped Hauts-de-France roadmap, loaded."""
    charger_tout()
    return Territoire.objects.get(code="REG-32")


@pytest.fixture
def mb(db):
    """The small regional bilan world (tests/feuilles_regionales/monde_bilan.py)."""
    from tests.feuilles_regionales.monde_bilan import construire_monde_bilan

    return construire_monde_bilan()
