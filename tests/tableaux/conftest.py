"""A world for dashboard and portal tests: the real territories and populations, a few
indicators, values in every status (each with a number and a comment that must never leak)."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from jalon.agregats.maj import noter_creation
from jalon.referentiel.models import Indicateur
from jalon.saisies.models import Valeur
from jalon.territoires.models import Territoire
from jalon.territoires.services import load_territoires
from tests.factories import CompteFactory, IndicateurFactory

M = Indicateur.Maille
S = Valeur.Statut
# Numbers no other figure of the world contains: found in a page means leaked.
SECRETS = {
    S.BROUILLON: Decimal("9876.5"),
    S.SOUMISE: Decimal("8765.25"),
    S.RENVOYEE: Decimal("7654.75"),
}
COMMENTAIRE = "COMMENTAIRE-INTERNE-NE-PAS-PUBLIER"


def valeur(indicateur, territoire, periode, nombre, statut=S.VALIDEE, commentaire=""):
    cree = Valeur.objects.create(
        indicateur=indicateur,
        territoire=Territoire.objects.get(code=territoire),
        periode=periode,
        valeur=Decimal(nombre) if nombre is not None else None,
        statut=statut,
        commentaire=commentaire,
        source="Source de test",
    )
    noter_creation(cree)  # written outside the services: count it in the rollups
    return cree


@pytest.fixture
def monde(db):
    load_territoires()
    regional = IndicateurFactory(
        code="A010INDM01", maille=M.REGIONALE, unite="nombre", libelle="Équipes mobiles"
    )
    national = IndicateurFactory(
        code="A06INDM01", maille=M.NATIONALE, unite="nombre", libelle="Appels au 3114"
    )
    taux = IndicateurFactory(
        code="A031INDR01", maille=M.DEPARTEMENTALE, unite="pourcentage", libelle="Taux"
    )
    for annee, nombre in ((2021, 100), (2022, 120), (2023, 90)):
        valeur(national, "FR", str(annee), nombre)
    for i, region in enumerate(Territoire.objects.regions().order_by("code")):
        valeur(regional, region.code, "2023", 10 + i, commentaire=COMMENTAIRE)
    valeur(regional, "FR", "2023", 500)
    valeur(taux, "DEP-59", "2023", "12.5")
    valeur(taux, "DEP-62", "2023", "14")
    # Work in progress: never on the portal.
    valeur(national, "FR", "2024", SECRETS[S.BROUILLON], S.BROUILLON, COMMENTAIRE)
    valeur(regional, "REG-32", "2024", SECRETS[S.SOUMISE], S.SOUMISE, COMMENTAIRE)
    valeur(taux, "DEP-75", "2023", SECRETS[S.RENVOYEE], S.RENVOYEE, COMMENTAIRE)
    return SimpleNamespace(regional=regional, national=national, taux=taux)


@pytest.fixture
def admin(db):
    return CompteFactory(admin=True, username="admin-tableaux")
