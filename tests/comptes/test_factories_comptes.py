import pytest

from jalon.comptes.models import Utilisateur
from jalon.territoires.models import Territoire
from tests.factories import MOT_DE_PASSE_TEST, CompteFactory

pytestmark = pytest.mark.django_db


def test_compte_factory_saves_a_usable_password():
    compte = CompteFactory()
    assert Utilisateur.objects.get(pk=compte.pk).check_password(MOT_DE_PASSE_TEST)


def test_role_traits_give_a_valid_scope():
    assert CompteFactory(admin=True).perimetre == "National"
    assert CompteFactory(pilote=True).organisation.code == "DGOS"
    ars = CompteFactory(referent_ars=True)
    assert ars.territoire.niveau == Territoire.Niveau.REGION
    contributeur = CompteFactory(contributeur=True)
    assert contributeur.territoire.niveau == Territoire.Niveau.DEPARTEMENT
    for compte in (ars, contributeur):
        compte.full_clean()
