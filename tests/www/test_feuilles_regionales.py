import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from jalon.feuilles_regionales import queries
from jalon.feuilles_regionales.chargement import charger_tout
from jalon.feuilles_regionales.importation import exporter_feuille
from jalon.feuilles_regionales.models import LienActionNationale
from jalon.referentiel.chargement import charger_referentiel_national
from jalon.territoires.models import Territoire
from tests.factories import CompteFactory


@pytest.fixture
def hdf(db):
    call_command("load_territoires", stdout=io.StringIO())
    charger_referentiel_national()
    charger_tout()
    return Territoire.objects.get(code="REG-32")


@pytest.fixture
def comptes(hdf):
    return {
        "ars32": CompteFactory(referent_ars=True, territoire=hdf),
        "ars11": CompteFactory(referent_ars=True, territoire=Territoire.objects.get(code="REG-11")),
        "admin": CompteFactory(admin=True),
        "lecteur": CompteFactory(),
    }


def _urls(hdf):
    action = queries.get_action(hdf, "7")
    lien = action.liens_nationaux.get()
    return (
        action,
        lien,
        {
            "liste": reverse("www:feuilles_regionales"),
            "feuille": reverse("www:feuille_regionale", args=["REG-32"]),
            "action": action.get_absolute_url(),
            "export": reverse("www:feuille_regionale_export", args=["REG-32"]),
            "couverture": reverse("www:couverture_regionale"),
            "initiatives": reverse("www:initiatives_regionales"),
            "declinaisons": reverse("www:declinaisons_regionales", args=["6"]),
        },
    )


def test_anonymous_visitors_are_sent_to_login(client, hdf):
    _, _, urls = _urls(hdf)
    for url in urls.values():
        response = client.get(url)
        assert response.status_code == 302, url
        assert reverse("comptes:connexion") in response["Location"]


def test_reader_sees_every_page_without_edit_controls(client, hdf, comptes):
    client.force_login(comptes["lecteur"])
    _, _, urls = _urls(hdf)
    for nom, url in urls.items():
        assert client.get(url).status_code == 200, nom
    page = client.get(urls["action"]).content.decode()
    assert "Modifier l'action" not in page and "Confirmer le lien" not in page
    feuille = client.get(urls["feuille"]).content.decode()
    assert feuille.count("<tr>") >= 62 and "Importer un classeur" not in feuille


def test_roadmap_filters(client, hdf, comptes):
    client.force_login(comptes["lecteur"])
    url = reverse("www:feuille_regionale", args=["REG-32"])
    assert "2 actions" in client.get(url, {"objectif": "G"}).content.decode()
    assert "0 action" in client.get(url, {"statut": "realisee"}).content.decode()


def test_ars_of_the_region_edits_an_action_and_confirms_a_link(client, hdf, comptes):
    action, lien, urls = _urls(hdf)
    client.force_login(comptes["ars32"])
    assert "Modifier l'action" in client.get(urls["action"]).content.decode()
    response = client.post(
        urls["action"],
        {
            "titre": action.titre,
            "statut": "engagee",
            "meteo": "vigilance",
            "jalons": "2025-03-31 | Plan de formation publié | fait",
            "territoires": ["DEP-59"],
        },
    )
    assert response.status_code == 302
    action = queries.get_action(hdf, "7")
    assert (action.statut, action.meteo) == ("engagee", "vigilance")
    assert [t.code for t in action.territoires.all()] == ["DEP-59"]
    url_lien = reverse("www:lien_action_regionale", args=["REG-32", "7", lien.pk, "confirmer"])
    assert client.post(url_lien).status_code == 302
    lien.refresh_from_db()
    assert lien.etat == LienActionNationale.Etat.CONFIRME


def test_bad_milestone_is_reported_on_the_field(client, hdf, comptes):
    action, _, urls = _urls(hdf)
    client.force_login(comptes["ars32"])
    response = client.post(urls["action"], {"titre": action.titre, "jalons": "demain"})
    assert response.status_code == 200
    assert "attendu « AAAA-MM-JJ | libellé »" in response.content.decode()


@pytest.mark.parametrize("qui", ["ars11", "lecteur"])
def test_other_region_is_refused_on_every_write(client, hdf, comptes, qui):
    action, lien, urls = _urls(hdf)
    client.force_login(comptes[qui])
    assert client.post(urls["action"], {"titre": "Piraté", "statut": "realisee"}).status_code == 403
    for verbe in ("confirmer", "rejeter"):
        url = reverse("www:lien_action_regionale", args=["REG-32", "7", lien.pk, verbe])
        assert client.post(url).status_code == 403
    url_import = reverse("www:feuille_regionale_import", args=["REG-32"])
    assert client.get(url_import).status_code == 403
    fichier = io.BytesIO(exporter_feuille(queries.version_courante(hdf)))
    fichier.name = "hdf.xlsx"
    assert client.post(url_import, {"fichier": fichier}).status_code == 403
    action.refresh_from_db()
    lien.refresh_from_db()
    assert action.titre != "Piraté" and action.statut == ""
    assert lien.etat == LienActionNationale.Etat.PROPOSE


def test_upload_simulates_then_applies(client, hdf, comptes):
    client.force_login(comptes["ars32"])
    url = reverse("www:feuille_regionale_import", args=["REG-32"])
    contenu = exporter_feuille(queries.version_courante(hdf))
    fichier = io.BytesIO(contenu)
    fichier.name = "hdf.xlsx"
    page = client.post(url, {"fichier": fichier, "simulation": "on"}).content.decode()
    assert "62 inchangée(s)" in page and "Aucun changement" in page
    mauvais = io.BytesIO(b"pas un classeur")
    mauvais.name = "hdf.xlsx"
    page = client.post(url, {"fichier": mauvais}).content.decode()
    assert "Fichier refusé" in page and "hdf.xlsx" in page


def test_coverage_matrix_counts_and_empty_cells(client, hdf, comptes):
    regions, lignes = queries.matrice_couverture()
    assert len(regions) == 18
    par_numero = {ligne["action"].numero: ligne for ligne in lignes}
    colonne = [r.code for r in regions].index("REG-32")
    # Regional actions 7, 46 and 60 are linked to national action 6.
    assert par_numero["6"]["cellules"][colonne]["nombre"] == 3
    assert par_numero["6"]["cellules"][colonne]["statuts"] == [("Non renseigné", 3)]
    assert par_numero["6"]["nb_regions"] == 1
    assert par_numero["31 bis"]["cellules"][colonne]["nombre"] == 0
    assert sum(c["nombre"] for ligne in lignes for c in ligne["cellules"]) == 56
    client.force_login(comptes["lecteur"])
    page = client.get(reverse("www:couverture_regionale")).content.decode()
    assert "aucune action en Île-de-France" in page
    assert "?region=REG-32" in page
    assert 'title="Hauts-de-France : 3 non renseigné"' in page


def test_coverage_matrix_runs_a_fixed_number_of_queries(
    client, hdf, comptes, django_assert_max_num_queries
):
    """Session, user, site config, then regions, national actions (with their action) and
    links: not one query per national action (56 before)."""
    client.force_login(comptes["lecteur"])
    with django_assert_max_num_queries(6):
        assert client.get(reverse("www:couverture_regionale")).status_code == 200


def test_declinaisons_list_and_national_action_link(client, hdf, comptes):
    client.force_login(comptes["lecteur"])
    url = reverse("www:declinaisons_regionales", args=["6"])
    page = client.get(url).content.decode()
    for numero in ("n°7 —", "n°46 —", "n°60 —"):
        assert numero in page
    national = client.get(reverse("www:action", args=["2023", "6"])).content.decode()
    assert url in national


def test_export_is_an_xlsx_download(client, hdf, comptes):
    client.force_login(comptes["lecteur"])
    response = client.get(reverse("www:feuille_regionale_export", args=["REG-32"]))
    assert response["Content-Disposition"].endswith('feuille-de-route-reg-32-2024.xlsx"')
    assert response.content[:2] == b"PK"
