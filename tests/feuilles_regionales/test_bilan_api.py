"""Regional bilan API: reads for every account, token writes through the same service
functions (rights, locks 423, versions 409), and the OpenAPI document stays valid."""

import json

import pytest

from jalon.comptes.models import ApiToken
from jalon.feuilles_regionales.models import HistoriqueBilanRegional, SuiviActionRegionale

BASE = "/api/v1/bilans-regionaux/2025"


def _jeton(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user)[1]}"}


def _put(client, url, corps, user):
    return client.put(url, json.dumps(corps), content_type="application/json", **_jeton(user))


def _post(client, url, user, corps=None):
    return client.post(
        url, json.dumps(corps or {}), content_type="application/json", **_jeton(user)
    )


SYNTHESE = {
    "actions_prioritaires": "<p>Prévention</p><img src=x onerror=alert(1)>",
    "principales_avancees": "VigilanS",
    "limites_difficultes": "Démographie",
}


def test_reads_need_an_account_and_list_every_region(client, mb):
    assert client.get(BASE).status_code == 401
    reponse = client.get(BASE, **_jeton(mb.lecteur))
    assert reponse.status_code == 200
    lignes = reponse.json()
    assert [r["region"] for r in lignes] == ["REG-32", "REG-76"]
    assert lignes[0]["existe"] is False and lignes[0]["nb_actions"] == 4
    assert lignes[1]["nb_actions"] is None
    assert client.get("/api/v1/bilans-regionaux/2031", **_jeton(mb.lecteur)).status_code == 404


def test_token_writes_follow_the_page_rules(client, mb):
    url_action = f"{BASE}/REG-32/actions/2"
    corps = {
        "statut": "engagee",
        "meteo": "vigilance",
        "avancement": "Lancée",
        "jalons_atteints": ["Convention signée"],
        "version_lue": 0,
    }
    reponse = _put(client, url_action, corps, mb.ars32)
    assert reponse.status_code == 200, reponse.content
    assert reponse.json()["version"] == 1 and reponse.json()["jalons_atteints"] == [
        "Convention signée"
    ]
    suivi = SuiviActionRegionale.objects.get()
    assert HistoriqueBilanRegional.objects.filter(suivi=suivi, canal="api").exists()
    # Stale version: 409, nothing written.
    assert _put(client, url_action, corps | {"statut": "realisee"}, mb.ars32).status_code == 409
    assert (
        _put(
            client, url_action, corps | {"jalons_atteints": ["Inconnu"], "version_lue": 1}, mb.ars32
        ).status_code
        == 422
    )
    # Another region's ARS: 403 on every write.
    assert _put(client, url_action, corps | {"version_lue": 1}, mb.ars76).status_code == 403
    synthese = f"{BASE}/REG-32/synthese"
    assert _put(client, synthese, SYNTHESE | {"version_lue": 0}, mb.ars76).status_code == 403
    assert _post(client, f"{BASE}/REG-32/soumettre", mb.ars76).status_code == 403
    # The region's ARS: synthesis, submission; then the bilan is locked (423).
    reponse = _put(client, synthese, SYNTHESE | {"version_lue": 0}, mb.ars32)
    assert reponse.status_code == 200
    assert "onerror" not in reponse.json()["actions_prioritaires"]
    reponse = _post(client, f"{BASE}/REG-32/soumettre", mb.ars32)
    assert reponse.status_code == 200 and reponse.json()["statut"] == "soumis"
    assert reponse.json()["modifiable"] is False and "soumis le" in reponse.json()["verrou"]
    assert _put(client, url_action, corps | {"version_lue": 1}, mb.ars32).status_code == 423
    # Only the national admin validates or returns.
    assert _post(client, f"{BASE}/REG-32/valider", mb.ars32).status_code == 403
    refus = _post(client, f"{BASE}/REG-32/renvoyer", mb.admin, {"commentaire": " "})
    assert refus.status_code == 422
    renvoi = _post(client, f"{BASE}/REG-32/renvoyer", mb.admin, {"commentaire": "Précisez."})
    assert renvoi.json()["statut"] == "renvoye"
    assert (
        _put(
            client, url_action, corps | {"version_lue": 1, "statut": "realisee"}, mb.ars32
        ).status_code
        == 200
    )
    _post(client, f"{BASE}/REG-32/soumettre", mb.ars32)
    valide = _post(client, f"{BASE}/REG-32/valider", mb.admin)
    assert valide.status_code == 200 and valide.json()["statut"] == "valide"
    lu = client.get(f"{BASE}/REG-32", **_jeton(mb.ars76)).json()
    assert lu["statut"] == "valide" and lu["modifiable"] is False


def test_follow_ups_are_listed_in_roadmap_order(client, mb):
    reponse = client.get(f"{BASE}/REG-32/actions", **_jeton(mb.pilote)).json()
    assert reponse["count"] == 4
    assert [a["numero"] for a in reponse["items"]] == ["1", "2", "2 bis", "10"]
    assert reponse["items"][1]["jalons"] == ["Convention signée"]
    assert reponse["items"][1]["suivi"] is False and reponse["items"][1]["version"] == 0


@pytest.mark.parametrize("chemin", ["", "/REG-32", "/REG-32/actions"])
def test_openapi_declares_the_reads(client, mb, chemin):
    schema = client.get("/api/v1/openapi.json").json()
    assert (
        f"/api/v1/bilans-regionaux/{{annee}}{chemin.replace('REG-32', '{region}')}"
        in schema["paths"]
    )
