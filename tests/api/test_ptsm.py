"""/api/v1/ptsm and /api/v1/ptsm/comptes: public, contacts for signed-in sessions only."""

import pytest

from jalon.territoires.ptsm_import import importer_ptsm
from tests.campagnes.monde import construire_monde
from tests.www.test_ptsm_pages import FICHIER

pytestmark = pytest.mark.django_db


@pytest.fixture
def importes(db):
    monde = construire_monde()
    importer_ptsm(monde.u.admin, "ptsm.csv", FICHIER)
    return monde


def test_api_lists_ptsm_with_contacts_for_signed_in_sessions_only(client, importes):
    public = client.get("/api/v1/ptsm").json()
    assert public["count"] == 2
    flandre = next(p for p in public["items"] if p["code"] == "PTSM-59-a")
    assert flandre["region"] == "REG-32" and flandre["departements"] == ["DEP-59"]
    assert flandre["ctsm_signe_le"] == "2021-06-30" and flandre["coordinateur_nom"] is None

    client.force_login(importes.u.lecteur)
    connecte = client.get("/api/v1/ptsm").json()
    assert {p["coordinateur_nom"] for p in connecte["items"]} == {"Camille Durand", ""}

    comptes = client.get("/api/v1/ptsm/comptes").json()
    hdf = next(r for r in comptes["regions"] if r["region"] == "REG-32")
    assert (comptes["ptsm"], comptes["ctsm_signes"], hdf["ptsm"], hdf["ctsm_signes"]) == (
        2,
        1,
        2,
        1,
    )
