"""Regional bilan pages: reading for every account, writing for the region's ARS, validation
for national admins, the HTMX row edit, conflicts, and bounded queries on the list pages."""

import pytest
from django.urls import reverse

from jalon.feuilles_regionales import bilan as svc
from jalon.feuilles_regionales.models import BilanRegional, SuiviActionRegionale

HTMX = {"HTTP_HX_REQUEST": "true"}
SYNTHESE = {
    "actions_prioritaires": "Prévention du suicide",
    "principales_avancees": "- VigilanS étendu",
    "limites_difficultes": "<p>Démographie médicale</p>",
}


def _url(nom, mb, *args):
    return reverse(f"www:{nom}", args=[mb.hdf.code, 2025, *args])


def _ligne(mb, numero="2", version=0, **champs):
    action = mb.actions[numero]
    prefixe = f"a{action.pk}"
    donnees = {
        "statut": "engagee",
        "meteo": "vigilance",
        "avancement": "Lancée",
        "version": version,
    }
    donnees |= champs
    return {f"{prefixe}-{cle}": valeur for cle, valeur in donnees.items()}


def _synthese(client, mb, version=0):
    return client.post(_url("bilan_regional_synthese", mb), SYNTHESE | {"version": version})


@pytest.mark.parametrize("qui", ["ars32", "ars76", "pilote", "lecteur", "admin"])
def test_every_account_reads_every_bilan(client, mb, qui):
    client.force_login(getattr(mb, qui))
    response = client.get(_url("bilan_regional", mb))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bilan régional 2025 — Hauts-de-France" in page
    assert "Étendre VigilanS" in page
    peut = qui in ("ars32", "admin")
    assert ("Enregistrer la synthèse" in page) is peut
    assert ("Modifier<span" in page) is peut
    assert client.get(reverse("www:bilans_regionaux", args=[2025])).status_code == 200
    assert client.get(_url("bilan_regional_document", mb)).status_code == 200


def test_anonymous_is_sent_to_login(client, mb):
    for url in (_url("bilan_regional", mb), reverse("www:bilans_regionaux", args=[2025])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("comptes:connexion"))


def test_htmx_row_edit_then_save(client, mb):
    client.force_login(mb.ars32)
    url = _url("bilan_regional_action", mb, "2")
    formulaire = client.get(url, **HTMX)
    assert formulaire.status_code == 200
    texte = formulaire.content.decode()
    assert "<form" in texte and "{% comment %}" not in texte
    assert "autofocus" in texte and "Convention signée" in texte
    assert "Statut — action n°2" in texte and "Météo — action n°2" in texte
    reponse = client.post(url, _ligne(mb, jalons=[str(mb.jalon.pk)]), **HTMX)
    assert reponse.status_code == 200
    assert "Enregistré" in reponse.content.decode()
    suivi = SuiviActionRegionale.objects.get(action=mb.actions["2"])
    assert (suivi.statut, suivi.avancement) == ("engagee", "Lancée")
    assert list(suivi.jalons_atteints.all()) == [mb.jalon]
    annule = client.get(url + "?lecture=1", **HTMX)
    assert "<form" not in annule.content.decode()


def test_row_save_without_javascript_redirects_to_the_bilan(client, mb):
    client.force_login(mb.ars32)
    url = _url("bilan_regional_action", mb, "2-bis")
    assert "<form" in client.get(url).content.decode()  # a page of its own
    reponse = client.post(url, _ligne(mb, "2 bis"))
    assert reponse.status_code == 302
    assert reponse["Location"].endswith("#action-2-bis")


def test_stale_row_shows_the_conflict_and_keeps_the_input(client, mb):
    client.force_login(mb.ars32)
    url = _url("bilan_regional_action", mb, "2")
    svc.update_action_followup(
        mb.admin, mb.actions["2"], 2025, statut="realisee", meteo="", version_lue=0
    )
    reponse = client.post(url, _ligne(mb, avancement="Mon texte"), **HTMX)
    assert reponse.status_code == 409
    page = reponse.content.decode()
    assert "modifié(e) par quelqu&#x27;un d&#x27;autre" in page
    assert "Mon texte" in page and "Réalisée" in page
    # Saving again from the stored version is a deliberate overwrite.
    assert client.post(url, _ligne(mb, version=1), **HTMX).status_code == 200
    assert SuiviActionRegionale.objects.get(action=mb.actions["2"]).statut == "engagee"


def test_other_region_cannot_write_through_any_page(client, mb):
    client.force_login(mb.ars76)
    url = _url("bilan_regional_action", mb, "2")
    assert client.post(url, _ligne(mb), **HTMX).status_code == 403
    assert client.post(url, _ligne(mb)).status_code == 403
    assert _synthese(client, mb).status_code == 403
    assert client.post(_url("bilan_regional_soumettre", mb)).status_code == 403
    assert client.post(_url("bilan_regional_valider", mb)).status_code == 403
    assert client.post(_url("bilan_regional_renvoyer", mb), {"commentaire": "x"}).status_code == 403
    assert client.post(_url("bilan_regional_construire", mb), {"format": "docx"}).status_code == 403
    # The edit form itself is not offered.
    assert "<form" not in client.get(url, **HTMX).content.decode()
    assert not BilanRegional.objects.exists()


def test_submit_lock_return_resubmit_validate_through_pages(client, mb):
    client.force_login(mb.ars32)
    page = client.get(_url("bilan_regional", mb)).content.decode()
    assert "Ce qui manque" in page and "4 actions sans statut" in page
    reponse = client.post(_url("bilan_regional_soumettre", mb), follow=True)
    assert "Synthèse incomplète" in reponse.content.decode()
    assert _synthese(client, mb).status_code == 302
    client.post(_url("bilan_regional_action", mb, "2"), _ligne(mb), **HTMX)
    reponse = client.post(_url("bilan_regional_soumettre", mb), follow=True)
    page = reponse.content.decode()
    assert "Bilan soumis à l'administration nationale" in page
    assert "Enregistrer la synthèse" not in page
    # Locked: the row refuses, with the reason.
    refus = client.post(_url("bilan_regional_action", mb, "2"), _ligne(mb, version=1), **HTMX)
    assert refus.status_code == 422 and "soumis le" in refus.content.decode()
    client.force_login(mb.admin)
    liste = client.get(reverse("www:bilans_regionaux", args=[2025])).content.decode()
    assert "Valider<span" in liste
    reponse = client.post(_url("bilan_regional_renvoyer", mb), {"commentaire": ""})
    assert reponse.status_code == 422
    client.post(_url("bilan_regional_renvoyer", mb), {"commentaire": "Détaillez les limites."})
    client.force_login(mb.ars32)
    page = client.get(_url("bilan_regional", mb)).content.decode()
    assert "Détaillez les limites." in page and "Enregistrer la synthèse" in page
    assert _synthese(client, mb, version=1).status_code == 302  # unchanged: still fine
    client.post(_url("bilan_regional_soumettre", mb))
    client.force_login(mb.admin)
    client.post(_url("bilan_regional_valider", mb), {"suite": "liste"})
    assert BilanRegional.objects.get().statut == "valide"
    historique = client.get(_url("bilan_regional", mb)).content.decode()
    assert "Renvoyé pour correction" in historique and "statut du bilan" in historique


def test_synthesis_conflict_keeps_the_text(client, mb):
    client.force_login(mb.ars32)
    _synthese(client, mb)
    reponse = client.post(
        _url("bilan_regional_synthese", mb),
        SYNTHESE | {"actions_prioritaires": "Mien", "version": 0},
    )
    assert reponse.status_code == 422
    page = reponse.content.decode()
    assert "quelqu&#x27;un d&#x27;autre" in page and "Mien" in page


def test_campaign_todo_shows_the_bilan(client, mb):
    client.force_login(mb.ars32)
    page = client.get(reverse("www:campagne_region", args=[2025, mb.hdf.code])).content.decode()
    assert "Bilan régional 2025" in page and "Non commencé" in page
    assert _url("bilan_regional", mb) in page


def test_list_pages_have_bounded_queries(client, mb, django_assert_max_num_queries):
    client.force_login(mb.ars32)
    for numero in ("1", "2", "10"):
        client.post(_url("bilan_regional_action", mb, numero), _ligne(mb, numero), **HTMX)
    client.force_login(mb.admin)
    with django_assert_max_num_queries(20):
        client.get(_url("bilan_regional", mb))
    with django_assert_max_num_queries(12):
        client.get(reverse("www:bilans_regionaux", args=[2025]))


def test_bilan_page_queries_do_not_grow_with_actions(client, mb, django_assert_max_num_queries):
    from jalon.feuilles_regionales.models import ActionRegionale

    client.force_login(mb.ars32)
    for rang in range(30):
        action = ActionRegionale.objects.create(
            version=mb.version, objectif=mb.actions["2"].objectif, numero=f"{20 + rang}", titre="X"
        )
        svc.update_action_followup(
            mb.ars32, action, 2025, statut="engagee", meteo="", version_lue=0
        )
    with django_assert_max_num_queries(20):
        assert client.get(_url("bilan_regional", mb)).status_code == 200


def test_admin_changing_a_submitted_bilan_gives_a_reason_kept_in_history(client, mb):
    from jalon.feuilles_regionales.models import HistoriqueBilanRegional

    svc.save_synthesis(
        mb.ars32, mb.hdf, 2025, version_lue=0, **{k: f"<p>{v}</p>" for k, v in SYNTHESE.items()}
    )
    svc.submit_regional_bilan(mb.ars32, mb.hdf, 2025)
    client.force_login(mb.admin)
    url = _url("bilan_regional_action", mb, "2")
    assert "Motif de la modification" in client.get(url, **HTMX).content.decode()
    client.post(url, _ligne(mb, motif="Coquille signalée par l'ARS"), **HTMX)
    ligne = HistoriqueBilanRegional.objects.get(champ="statut", suivi__isnull=False)
    assert ligne.motif == "Coquille signalée par l'ARS" and ligne.auteur == mb.admin
    page = client.get(_url("bilan_regional", mb)).content.decode()
    assert "Coquille signalée par l&#x27;ARS" in page


def test_django_admin_shows_bilans_read_only(client, mb):
    from tests.factories import CompteFactory

    svc.update_action_followup(
        mb.ars32, mb.actions["2"], 2025, statut="engagee", meteo="", version_lue=0
    )
    bilan = BilanRegional.objects.get()
    client.force_login(CompteFactory(username="root", is_superuser=True, is_staff=True))
    url = reverse("admin:feuilles_regionales_bilanregional_change", args=[bilan.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Engagée" in page.content.decode()
    assert client.post(url, {"statut": "valide"}).status_code == 403
