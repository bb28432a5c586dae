"""Campaign API: same permissions as the pages, token or session only."""

import datetime

import pytest

from jalon.comptes.models import ApiToken
from jalon.saisies import services as saisies
from jalon.saisies.models import Valeur
from tests.campagnes.monde import construire_monde

pytestmark = pytest.mark.django_db


@pytest.fixture
def monde(db):
    return construire_monde()


def _jeton(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user)[1]}"}


def _ouvrir(monde, jours=10):
    monde.campagne.echeance_valeurs_regionales = datetime.date.today() + datetime.timedelta(
        days=jours
    )
    monde.campagne.save()


def test_region_cells_with_state_for_its_ars(client, monde):
    saisies.enregistrer_valeur(
        monde.u.ars, monde.ind.ars_dep, monde.nord, "2023", "1 333", canal="api"
    )

    response = client.get("/api/v1/campagnes/2023/regions/REG-32/attendus", **_jeton(monde.u.ars))

    assert response.status_code == 200
    cellules = {(c["indicateur"], c["territoire"]): c for c in response.json()}
    assert len(cellules) == 3
    nord = cellules[("A015INDM01", "DEP-59")]
    assert (nord["etat"], nord["valeur"], nord["version"]) == ("brouillon", "1333", 1)


@pytest.mark.parametrize("qui", ["ars_idf", "pilote", "lecteur"])
def test_another_region_is_refused(client, monde, qui):
    _ouvrir(monde)
    saisies.enregistrer_valeur(
        monde.u.ars, monde.ind.ars_reg, monde.hdf, "2023", "4", canal="formulaire"
    )
    jeton = _jeton(getattr(monde.u, qui))

    lire = client.get("/api/v1/campagnes/2023/regions/REG-32/attendus", **jeton)
    soumettre = client.post("/api/v1/campagnes/2023/regions/REG-32/soumettre", **jeton)

    assert (lire.status_code, soumettre.status_code) == (403, 403)
    assert Valeur.objects.get().statut == "brouillon"


def test_anonymous_gets_nothing(client, monde):
    assert client.get("/api/v1/campagnes").status_code == 401
    assert client.get("/api/v1/campagnes/2023/regions/REG-32/attendus").status_code == 401


def test_submit_through_the_api_and_lock_after_deadline(client, monde):
    _ouvrir(monde, jours=-1)
    saisies.enregistrer_valeur(
        monde.u.ars, monde.ind.ars_reg, monde.hdf, "2023", "4", canal="formulaire"
    )
    jeton = _jeton(monde.u.ars)

    apres = client.post("/api/v1/campagnes/2023/regions/REG-32/soumettre", **jeton)
    assert apres.status_code == 409 and "chéance" in apres.json()["detail"]

    _ouvrir(monde)
    response = client.post("/api/v1/campagnes/2023/regions/REG-32/soumettre", **jeton)

    assert response.json() == {"soumises": 1}
    assert Valeur.objects.get().statut == "soumise"


def test_provider_cells_and_completeness(client, monde):
    jeton = _jeton(monde.u.pilote)

    cellules = client.get("/api/v1/campagnes/2023/fournisseurs/DGOS/attendus", **jeton).json()
    refus = client.get("/api/v1/campagnes/2023/fournisseurs/DREES/attendus", **jeton)
    completude = client.get("/api/v1/campagnes/2023/completude", **jeton).json()

    assert cellules["count"] == 3 and refus.status_code == 403
    assert {r["code"]: r["attendues"] for r in completude["regions"]} == {"REG-32": 3, "REG-11": 2}
    ars = client.get("/api/v1/campagnes/2023/completude", **_jeton(monde.u.ars))
    assert ars.status_code == 403
