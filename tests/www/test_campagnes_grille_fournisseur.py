"""Entry grid of a national provider: one of its indicators × every territory of the maille,
the same grid code and templates as the ARS grid (HTMX cell saves, whole-form save, submit),
behind the providers' deadline and exceptions, for the provider's pilots and the admin only."""

import datetime

import pytest
from django.urls import reverse

from jalon.campagnes import services as campagnes
from jalon.saisies import services as saisies
from jalon.saisies.models import HistoriqueValeur, Valeur
from tests.campagnes.monde import construire_monde

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def monde(db):
    monde = construire_monde()
    monde.campagne.echeance_valeurs_nationales = datetime.date.today() + datetime.timedelta(5)
    monde.campagne.save()
    return monde


def _grille(indicateur="A020INDM02", code="DGOS"):
    return reverse("www:campagne_grille_fournisseur", args=[2023, code, indicateur])


def _cellule(territoire, indicateur="A020INDM02", code="DGOS"):
    return reverse("www:campagne_cellule_fournisseur", args=[2023, code, indicateur, territoire])


def _soumettre(indicateur="A020INDM02", code="DGOS"):
    return reverse("www:campagne_soumettre_fournisseur", args=[2023, code, indicateur])


def _donnees(territoire, texte, version=0, commentaire="", indicateur="A020INDM02"):
    cle = f"{indicateur}__{territoire}"
    return {f"v-{cle}": texte, f"c-{cle}": commentaire, f"ver-{cle}": str(version)}


def test_provider_grid_lists_every_territory_of_the_maille_with_labelled_fields(client, monde):
    client.force_login(monde.u.pilote)

    html = client.get(_grille()).content.decode()

    # A020INDM02 is regional: one row per region, none for departments or FR.
    assert "<caption>Valeurs 2023 de A020INDM02 attendues de DGOS" in html
    for cle in ("A020INDM02__REG-32", "A020INDM02__REG-11"):
        assert f'<label class="fr-label fr-sr-only" for="v-{cle}">' in html
        assert (
            f'hx-post="/campagnes/2023/fournisseurs/DGOS/saisie/A020INDM02/{cle.split("__")[1]}/"'
            in html
        )
    assert "DEP-59" not in html and "A020INDM02__FR" not in html
    assert "Soumettre les valeurs de A020INDM02" in html


def test_provider_todo_links_each_indicator_to_its_grid(client, monde):
    client.force_login(monde.u.pilote)
    html = client.get(reverse("www:campagne_fournisseur", args=[2023, "DGOS"])).content.decode()
    assert f'href="{_grille("A020INDM02")}"' in html and f'href="{_grille("A020INDM03")}"' in html


def test_provider_saves_a_cell_with_htmx_through_the_values_service(client, monde):
    client.force_login(monde.u.pilote)

    response = client.post(_cellule("REG-32"), _donnees("REG-32", "1 333,5"), **HTMX)

    html = response.content.decode()
    assert response.status_code == 200 and 'id="ligne-A020INDM02__REG-32"' in html
    assert "Enregistré : 1\u202f333,5" in html
    valeur = Valeur.objects.get()
    assert (valeur.indicateur, valeur.territoire, valeur.periode) == (
        monde.ind.dgos_reg,
        monde.hdf,
        "2023",
    )
    assert (valeur.statut, valeur.canal, valeur.saisie_par) == (
        "brouillon",
        "formulaire",
        monde.u.pilote,
    )
    assert HistoriqueValeur.objects.filter(valeur=valeur).count() == 1


def test_provider_whole_grid_save_then_submit(client, monde):
    client.force_login(monde.u.pilote)
    donnees = _donnees("REG-32", "12") | _donnees("REG-11", "7")

    page = client.post(_grille(), donnees)
    assert "2 valeurs enregistrées en brouillon" in page.content.decode()

    response = client.post(_soumettre())
    assert response.status_code == 302
    assert response.url == reverse("www:campagne_fournisseur", args=[2023, "DGOS"])
    assert set(Valeur.objects.values_list("statut", flat=True)) == {"soumise"}
    # Submitted: the rows are now read-only, with the values service's reason.
    html = client.get(_grille()).content.decode()
    assert html.count("disabled") >= 4 and "demandez son renvoi" in html


def test_provider_submission_asks_a_comment_for_an_empty_value(client, monde):
    client.force_login(monde.u.pilote)
    client.post(
        _cellule("FR", "A020INDM03"),
        _donnees("FR", "", commentaire="x", indicateur="A020INDM03"),
        **HTMX,
    )
    valeur = Valeur.objects.get()
    valeur_sans = saisies.enregistrer_valeur(
        monde.u.pilote, monde.ind.dgos_reg, monde.hdf, "2023", None, canal="formulaire"
    )
    response = client.post(_soumettre())
    assert response.status_code == 422
    assert "Commentaire requis" in response.content.decode()
    valeur_sans.refresh_from_db()
    valeur.refresh_from_db()
    assert (valeur_sans.statut, valeur.statut) == ("brouillon", "brouillon")


def test_provider_grid_locks_after_its_deadline_and_reopens_with_an_exception(client, monde):
    monde.campagne.echeance_valeurs_nationales = datetime.date.today() - datetime.timedelta(1)
    monde.campagne.save()
    client.force_login(monde.u.pilote)

    response = client.post(_cellule("REG-32"), _donnees("REG-32", "4"), **HTMX)
    assert "chéance du" in response.content.decode()
    assert not Valeur.objects.exists()

    campagnes.accorder_exception(
        monde.u.admin,
        monde.campagne,
        organisation=monde.dgos,
        indicateur=monde.ind.dgos_reg,
        jusqu_au=datetime.date.today(),
        motif="Base SAE livrée en retard",
    )
    client.post(_cellule("REG-32"), _donnees("REG-32", "4"), **HTMX)
    assert Valeur.objects.get().valeur == 4
    html = client.get(_grille()).content.decode()
    assert "Saisie rouverte par l" in html and "Base SAE livrée en retard" in html
    # The exception covers A020INDM02 only.
    autre = client.post(
        _cellule("FR", "A020INDM03"), _donnees("FR", "3", indicateur="A020INDM03"), **HTMX
    )
    assert "chéance du" in autre.content.decode()


def test_admin_may_use_the_provider_grid(client, monde):
    client.force_login(monde.u.admin)
    assert client.get(_grille()).status_code == 200
    client.post(_cellule("REG-11"), _donnees("REG-11", "2"), **HTMX)
    assert Valeur.objects.get().saisie_par == monde.u.admin


@pytest.mark.parametrize("qui", ["pilote_drees", "ars", "lecteur"])
def test_others_are_refused_grid_cell_and_submit(client, monde, qui):
    client.force_login(getattr(monde.u, qui))
    assert client.get(_grille()).status_code == 403
    assert client.post(_grille(), _donnees("REG-32", "9")).status_code == 403
    assert client.post(_cellule("REG-32"), _donnees("REG-32", "9"), **HTMX).status_code == 403
    assert client.post(_soumettre()).status_code == 403
    assert not Valeur.objects.exists()


def test_anonymous_is_sent_to_login(client, monde):
    response = client.get(_grille())
    assert response.status_code == 302 and "/connexion" in response.url


def test_indicator_or_territory_outside_the_perimeter_is_not_found(client, monde):
    client.force_login(monde.u.pilote)
    # A030INDR01 is provided by the DREES, not the DGOS.
    assert client.get(_grille("A030INDR01")).status_code == 404
    # DEP-59 is not a territory of a regional indicator.
    response = client.post(_cellule("DEP-59"), _donnees("DEP-59", "9"), **HTMX)
    assert response.status_code == 404
    assert not Valeur.objects.exists()
