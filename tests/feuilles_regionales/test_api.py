from jalon.comptes.models import ApiToken
from jalon.feuilles_regionales import queries, services
from tests.factories import CompteFactory


def test_api_requires_an_account(client, hdf):
    assert client.get("/api/v1/feuilles-regionales").status_code == 401
    assert client.get("/api/v1/feuilles-regionales/REG-32/actions").status_code == 401


def test_api_lists_roadmaps_and_paginated_actions_with_a_token(client, hdf):
    lecteur = CompteFactory()
    _, cle = ApiToken.issue(lecteur)
    entetes = {"HTTP_AUTHORIZATION": f"Bearer {cle}"}
    reponse = client.get("/api/v1/feuilles-regionales", **entetes).json()
    assert reponse["count"] == 1
    assert reponse["items"][0] == {
        "region": "REG-32",
        "region_nom": "Hauts-de-France",
        "plan": "fdr-reg-32",
        "nom": "Feuille de route santé mentale et psychiatrie — Hauts-de-France",
        "periode": "2024-2028",
        "version": "2024",
        "nb_actions": 62,
    }
    page = client.get(
        "/api/v1/feuilles-regionales/reg-32/actions", {"limit": 5, "offset": 5}, **entetes
    ).json()
    assert page["count"] == 62
    assert [a["numero"] for a in page["items"]] == ["6", "7", "8", "9", "10"]
    assert page["items"][1]["actions_nationales"] == [{"action_nationale": "6", "etat": "propose"}]
    assert page["items"][1]["objectif"] == "1"


def test_api_filters_and_404(client, hdf):
    client.force_login(CompteFactory())
    admin = CompteFactory(admin=True)
    services.mettre_a_jour_avancement(admin, queries.get_action(hdf, "3"), "engagee", "")
    reponse = client.get("/api/v1/feuilles-regionales/REG-32/actions", {"statut": "engagee"})
    assert [a["numero"] for a in reponse.json()["items"]] == ["3"]
    initiatives = client.get("/api/v1/feuilles-regionales/REG-32/actions?initiative=true")
    assert [a["numero"] for a in initiatives.json()["items"]] == ["58"]
    assert client.get("/api/v1/feuilles-regionales/REG-11/actions").status_code == 404
    assert client.get("/api/v1/feuilles-regionales/DEP-59/actions").status_code == 404
