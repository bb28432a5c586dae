"""Ad-hoc request API: reads filtered by the same permissions as the pages, ARS writes of
answers with a token through the same service (history, versions, lock)."""

import json

import pytest

from jalon.comptes.models import ApiToken
from jalon.demandes.models import HistoriqueReponse
from tests.campagnes.monde import construire_monde
from tests.demandes.conftest import echeance_passee, nouvelle_demande

pytestmark = pytest.mark.django_db


@pytest.fixture
def monde(db):
    return construire_monde()


def _jeton(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user)[1]}"}


def _put(client, user, demande, code, question, texte, version):
    return client.put(
        f"/api/v1/demandes/{demande.pk}/regions/{code}/reponses/{question.pk}",
        data=json.dumps({"texte": texte, "version_lue": version}),
        content_type="application/json",
        **_jeton(user),
    )


def test_reads_need_a_token_or_a_session(client, monde):
    assert client.get("/api/v1/demandes").status_code == 401


def test_each_user_lists_only_what_it_may_read(client, monde):
    pour_hdf = nouvelle_demande(monde, titre="HDF", regions=[monde.hdf])
    nouvelle_demande(monde, titre="IDF", regions=[monde.idf])
    nouvelle_demande(monde, titre="Brouillon", publier=False)

    def titres(user):
        reponse = client.get("/api/v1/demandes", **_jeton(user))
        assert reponse.status_code == 200
        return {d["titre"] for d in reponse.json()["items"]}

    assert titres(monde.u.admin) == {"HDF", "IDF", "Brouillon"}
    assert titres(monde.u.ars) == {"HDF"}
    assert titres(monde.u.pilote) == set()
    detail = client.get(f"/api/v1/demandes/{pour_hdf.pk}", **_jeton(monde.u.ars)).json()
    assert [r["region"] for r in detail["regions"]] == ["REG-32"]
    assert detail["indicateurs"] == ["A010INDM01", "A015INDM01"]
    assert (
        client.get(f"/api/v1/demandes/{pour_hdf.pk}", **_jeton(monde.u.ars_idf)).status_code == 404
    )


def test_an_ars_reads_only_its_regions_answer(client, monde):
    demande = nouvelle_demande(monde)

    propre = client.get(f"/api/v1/demandes/{demande.pk}/regions/REG-32", **_jeton(monde.u.ars))
    autre = client.get(f"/api/v1/demandes/{demande.pk}/regions/REG-11", **_jeton(monde.u.ars))

    assert propre.status_code == 200 and autre.status_code == 404
    corps = propre.json()
    assert [r["rang"] for r in corps["reponses"]] == [1, 2]
    assert [(v["indicateur"], v["territoire"]) for v in corps["valeurs"]] == [
        ("A010INDM01", "REG-32"),
        ("A015INDM01", "DEP-59"),
        ("A015INDM01", "DEP-62"),
    ]


def test_ars_answers_with_a_token_and_stale_versions_conflict(client, monde):
    demande = nouvelle_demande(monde)
    question = demande.questions.get(rang=1)

    reponse = _put(client, monde.u.ars, demande, "REG-32", question, "Par l'API", 0)
    assert reponse.status_code == 200 and reponse.json()["version"] == 1
    assert HistoriqueReponse.objects.get().canal == "api"

    conflit = _put(client, monde.u.ars, demande, "REG-32", question, "Encore", 0)
    assert conflit.status_code == 409 and "a été modifiée par" in conflit.json()["detail"]
    vide = _put(client, monde.u.ars, demande, "REG-32", question, " ", 1)
    assert vide.status_code == 400 and "vide" in vide.json()["detail"]


def test_api_writes_are_refused_outside_the_region_and_after_the_deadline(client, monde):
    demande = nouvelle_demande(monde)
    question = demande.questions.get(rang=1)

    assert _put(client, monde.u.ars, demande, "REG-11", question, "x", 0).status_code == 404
    assert _put(client, monde.u.pilote, demande, "REG-32", question, "x", 0).status_code == 404
    echeance_passee(demande)
    verrou = _put(client, monde.u.ars, demande, "REG-32", question, "x", 0)
    assert verrou.status_code == 409 and "échéance" in verrou.json()["detail"]
    assert not HistoriqueReponse.objects.exists()


def test_transmit_says_what_is_missing(client, monde):
    demande = nouvelle_demande(monde, indicateurs=[], periode="", questions=["Q"])
    url = f"/api/v1/demandes/{demande.pk}/regions/REG-32/transmettre"

    manque = client.post(url, **_jeton(monde.u.ars))
    assert manque.status_code == 400 and "sans réponse : 1" in manque.json()["detail"]
    _put(client, monde.u.ars, demande, "REG-32", demande.questions.get(), "R", 0)
    ok = client.post(url, **_jeton(monde.u.ars))
    assert ok.status_code == 200 and ok.json()["statut"] == "repondue"
