"""Campaign pages: to-do per ARS and provider, national completeness, entry grid (HTMX and
whole-form), submission, validation, and who may reach each of them."""

import datetime
import re

import pytest
from django.urls import reverse

from jalon.campagnes import services as campagnes
from jalon.saisies import services as saisies
from jalon.saisies.models import Valeur
from tests.campagnes.monde import construire_monde

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def monde(db):
    return construire_monde()


def _ouvrir(monde, **dates):
    """Put the ARS deadline in the future so that entry is open today."""
    futur = datetime.date.today() + datetime.timedelta(days=10)
    monde.campagne.echeance_valeurs_regionales = dates.get("regionales", futur)
    monde.campagne.save()


def _url_cellule(monde, indicateur, territoire, region="REG-32"):
    return reverse("www:campagne_cellule", args=[2023, region, indicateur.code, territoire.code])


def _cle(indicateur, territoire):
    return f"{indicateur.code}__{territoire.code}"


def test_ars_todo_lists_its_cells_with_states_and_countdown(client, monde):
    _ouvrir(monde)
    client.force_login(monde.u.ars)

    response = client.get(reverse("www:campagne_region", args=[2023, "REG-32"]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Pas-de-Calais" in html and "A015INDM01" in html
    assert "dans 10 jours" in html
    assert "0</strong> valeurs reçues sur 3 attendues" in html


def test_campaign_list_sends_an_ars_to_its_region(client, monde):
    client.force_login(monde.u.ars)
    assert client.get(reverse("www:campagnes")).url == "/campagnes/2023/regions/REG-32/"
    client.force_login(monde.u.pilote)
    assert client.get(reverse("www:campagnes")).url == "/campagnes/2023/fournisseurs/DGOS/"


def test_grid_saves_a_french_number_cell_by_cell(client, monde):
    _ouvrir(monde)
    client.force_login(monde.u.ars)
    cle = _cle(monde.ind.ars_reg, monde.hdf)

    response = client.post(
        _url_cellule(monde, monde.ind.ars_reg, monde.hdf),
        {f"v-{cle}": "1 333", f"c-{cle}": "", f"ver-{cle}": "0"},
        **HTMX,
    )

    assert response.status_code == 200
    assert "Enregistré : 1\u202f333" in response.content.decode()
    assert 'id="ligne-A010INDM01__REG-32"' in response.content.decode()
    valeur = Valeur.objects.get(indicateur=monde.ind.ars_reg, territoire=monde.hdf)
    assert (valeur.valeur, valeur.statut, valeur.periode) == (1333, "brouillon", "2023")
    # The submit block comes along, out of band: the new draft can be submitted at once.
    html = response.content.decode()
    bloc = html[html.index('id="soumission"') :]
    assert 'hx-swap-oob="true"' in bloc
    assert "1 valeur en brouillon ou renvoyée à soumettre" in bloc
    assert "disabled" not in bloc


def test_grid_refuses_a_malformed_number_with_a_linked_message(client, monde):
    _ouvrir(monde)
    client.force_login(monde.u.ars)
    cle = _cle(monde.ind.ars_reg, monde.hdf)

    response = client.post(
        _url_cellule(monde, monde.ind.ars_reg, monde.hdf),
        {f"v-{cle}": "12abc", f"ver-{cle}": "0"},
        **HTMX,
    )

    html = response.content.decode()
    assert f'aria-describedby="m-{cle}"' in html and f'id="m-{cle}"' in html
    assert "pas un nombre" in html
    assert 'value="12abc"' in html  # what was typed is kept
    assert not Valeur.objects.exists()


def test_version_conflict_shows_both_values(client, monde):
    _ouvrir(monde)
    saisies.enregistrer_valeur(
        monde.u.admin, monde.ind.ars_reg, monde.hdf, "2023", "10", canal="formulaire"
    )
    client.force_login(monde.u.ars)
    cle = _cle(monde.ind.ars_reg, monde.hdf)

    response = client.post(
        _url_cellule(monde, monde.ind.ars_reg, monde.hdf),
        {f"v-{cle}": "12", f"ver-{cle}": "0"},
        **HTMX,
    )

    html = response.content.decode()
    assert "a été modifiée par admin" in html
    assert "10" in html and "12" in html
    assert Valeur.objects.get().valeur == 10


def test_whole_grid_submission_without_javascript(client, monde):
    _ouvrir(monde)
    client.force_login(monde.u.ars)
    data = {}
    for ind, terr, texte in [
        (monde.ind.ars_reg, monde.hdf, "7"),
        (monde.ind.ars_dep, monde.nord, "3,5"),
        (monde.ind.ars_dep, monde.pdc, ""),
    ]:
        cle = _cle(ind, terr)
        data |= {f"v-{cle}": texte, f"c-{cle}": "", f"ver-{cle}": "0"}

    response = client.post(reverse("www:campagne_grille", args=[2023, "REG-32"]), data)

    assert response.status_code == 200
    assert "2 valeurs enregistrées en brouillon" in response.content.decode()
    assert Valeur.objects.count() == 2


def test_submit_then_admin_validates_or_returns_and_ars_sees_the_comment(client, monde):
    _ouvrir(monde)
    for ind, terr in [(monde.ind.ars_reg, monde.hdf), (monde.ind.ars_dep, monde.nord)]:
        saisies.enregistrer_valeur(monde.u.ars, ind, terr, "2023", "5", canal="formulaire")
    client.force_login(monde.u.ars)

    response = client.post(reverse("www:campagne_soumettre", args=[2023, "REG-32"]))

    assert response.status_code == 302
    assert set(Valeur.objects.values_list("statut", flat=True)) == {"soumise"}

    client.force_login(monde.u.admin)
    base = [2023, "regions", "REG-32"]
    page = client.get(reverse("www:campagne_validation_perimetre", args=base))
    assert "Valider les 2 valeurs soumises" in page.content.decode()
    nord = Valeur.objects.get(territoire=monde.nord)
    client.post(reverse("www:campagne_valider", args=base), {"valeurs": [nord.pk]})
    nord.refresh_from_db()
    assert nord.statut == "validee"
    reg = Valeur.objects.get(territoire=monde.hdf)
    refus = client.post(reverse("www:campagne_renvoyer", args=[*base, reg.pk]), {"motif": " "})
    assert "obligatoire" in refus.content.decode()
    client.post(
        reverse("www:campagne_renvoyer", args=[*base, reg.pk]),
        {"motif": "Chiffre 2022 ?"},
    )
    reg.refresh_from_db()
    assert reg.statut == "renvoyee"

    client.force_login(monde.u.ars)
    html = client.get(reverse("www:campagne_region", args=[2023, "REG-32"])).content.decode()
    assert "Valeurs renvoyées" in html and "Chiffre 2022 ?" in html
    assert html.index("Chiffre 2022 ?") < html.index("<table")


def test_bulk_validation_of_a_region(client, monde):
    _ouvrir(monde)
    valeurs = [
        saisies.enregistrer_valeur(monde.u.ars, i, t, "2023", "5", canal="formulaire")
        for i, t in [(monde.ind.ars_reg, monde.hdf), (monde.ind.ars_dep, monde.pdc)]
    ]
    saisies.soumettre_valeurs(monde.u.ars, valeurs)
    client.force_login(monde.u.admin)

    client.post(reverse("www:campagne_valider", args=[2023, "regions", "REG-32"]), {"tout": "1"})

    assert set(Valeur.objects.values_list("statut", flat=True)) == {"validee"}


def test_grid_is_locked_after_the_deadline_unless_an_exception_exists(client, monde):
    _ouvrir(monde, regionales=datetime.date.today() - datetime.timedelta(days=1))
    client.force_login(monde.u.ars)
    cle = _cle(monde.ind.ars_reg, monde.hdf)
    data = {f"v-{cle}": "4", f"ver-{cle}": "0"}

    response = client.post(_url_cellule(monde, monde.ind.ars_reg, monde.hdf), data, **HTMX)

    assert "chéance du" in response.content.decode()
    assert not Valeur.objects.exists()
    grille = client.get(reverse("www:campagne_grille", args=[2023, "REG-32"])).content.decode()
    assert "disabled" in grille

    campagnes.accorder_exception(
        monde.u.admin,
        monde.campagne,
        region=monde.hdf,
        jusqu_au=datetime.date.today(),
        motif="Retard accepté",
    )
    client.post(_url_cellule(monde, monde.ind.ars_reg, monde.hdf), data, **HTMX)
    assert Valeur.objects.get().valeur == 4
    grille = client.get(reverse("www:campagne_grille", args=[2023, "REG-32"])).content.decode()
    assert "Saisie rouverte par l" in grille and "Retard accepté" in grille


def test_submission_asks_for_comments_on_warned_values(client, monde, settings):
    _ouvrir(monde)
    saisies.enregistrer_valeur(
        monde.u.ars, monde.ind.ars_reg, monde.hdf, "2023", None, canal="formulaire"
    )
    client.force_login(monde.u.ars)

    response = client.post(reverse("www:campagne_soumettre", args=[2023, "REG-32"]))

    assert response.status_code == 422
    html = response.content.decode()
    assert "commentaires requis" in html
    assert f'href="#c-{_cle(monde.ind.ars_reg, monde.hdf)}"' in html
    assert Valeur.objects.get().statut == "brouillon"


def test_completeness_table_counts_received_and_on_time(client, monde):
    _ouvrir(monde)
    valeur = saisies.enregistrer_valeur(
        monde.u.ars, monde.ind.ars_reg, monde.hdf, "2023", "5", canal="formulaire"
    )
    saisies.soumettre_valeurs(monde.u.ars, [valeur])
    client.force_login(monde.u.admin)

    html = client.get(reverse("www:campagne", args=[2023])).content.decode()

    assert "<caption>Complétude des valeurs régionales par région</caption>" in html
    # Hauts-de-France: 1 of 3 received, on time; Île-de-France: 0 of 2.
    assert '<td class="fr-cell--right">33 %</td>' in html
    assert "DGOS" in html and "DREES" in html


def test_provider_todo_counts_per_indicator(client, monde):
    client.force_login(monde.u.pilote)

    response = client.get(reverse("www:campagne_fournisseur", args=[2023, "DGOS"]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "A020INDM02" in html and "A020INDM03" in html and "A030INDR01" not in html


# --- Who may reach what --------------------------------------------------------------------


@pytest.mark.parametrize("qui", ["ars_idf", "pilote", "lecteur"])
def test_another_region_is_refused_page_grid_cell_and_submit(client, monde, qui):
    _ouvrir(monde)
    client.force_login(getattr(monde.u, qui))
    cle = _cle(monde.ind.ars_reg, monde.hdf)
    urls = [
        ("get", reverse("www:campagne_region", args=[2023, "REG-32"])),
        ("get", reverse("www:campagne_grille", args=[2023, "REG-32"])),
        ("post", reverse("www:campagne_grille", args=[2023, "REG-32"])),
        ("post", _url_cellule(monde, monde.ind.ars_reg, monde.hdf)),
        ("post", reverse("www:campagne_soumettre", args=[2023, "REG-32"])),
    ]
    for methode, url in urls:
        response = getattr(client, methode)(url, {f"v-{cle}": "9", f"ver-{cle}": "0"}, **HTMX)
        assert response.status_code == 403, url
    assert not Valeur.objects.exists()


def test_a_cell_outside_the_region_is_not_found(client, monde):
    _ouvrir(monde)
    client.force_login(monde.u.ars)
    # Paris belongs to Île-de-France: not a cell of the REG-32 grid.
    url = _url_cellule(monde, monde.ind.ars_dep, monde.paris)
    cle = _cle(monde.ind.ars_dep, monde.paris)

    response = client.post(url, {f"v-{cle}": "9", f"ver-{cle}": "0"}, **HTMX)

    assert response.status_code == 404
    assert not Valeur.objects.exists()


def test_provider_pages_and_national_pages_are_guarded(client, monde):
    client.force_login(monde.u.pilote)
    assert client.get(reverse("www:campagne_fournisseur", args=[2023, "DREES"])).status_code == 403
    assert client.get(reverse("www:campagne_validation", args=[2023])).status_code == 403
    assert client.get(reverse("www:campagne_calendrier", args=[2023])).status_code == 403
    client.force_login(monde.u.ars)
    assert client.get(reverse("www:campagne", args=[2023])).status_code == 403
    base = [2023, "regions", "REG-32"]
    assert client.post(reverse("www:campagne_valider", args=base), {"tout": 1}).status_code == 403
    assert client.post(reverse("www:campagne_exception", args=[2023]), {}).status_code == 403
    assert client.post(reverse("www:campagne_statut", args=[2023])).status_code == 403
    client.logout()
    response = client.get(reverse("www:campagne_region", args=[2023, "REG-32"]))
    assert response.status_code == 302 and "/connexion" in response.url


def test_admin_grants_an_exception_and_closes_from_the_pages(client, monde):
    client.force_login(monde.u.admin)
    demain = datetime.date.today() + datetime.timedelta(days=1)

    client.post(
        reverse("www:campagne_exception", args=[2023]),
        {"portee": "REG-32", "indicateur": "", "jusqu_au": demain.isoformat(), "motif": "Panne"},
    )
    client.post(reverse("www:campagne_statut", args=[2023]), {"motif": "Fin"})

    assert monde.campagne.exceptions.get().region == monde.hdf
    monde.campagne.refresh_from_db()
    assert not monde.campagne.est_ouverte
    html = client.get(reverse("www:campagne", args=[2023])).content.decode()
    assert "Rouvrir la campagne" in html and "Panne" in html


# --- The campaign list shows each user only what they may open ------------------------------


def _liens_de_la_liste(client, user):
    client.force_login(user)
    response = client.get(reverse("www:campagnes"), {"toutes": "1"})
    assert response.status_code == 200
    return set(re.findall(r'href="(/campagnes/2023/[^"]*)"', response.content.decode()))


@pytest.mark.parametrize("qui", ["admin", "ars", "ars_idf", "pilote", "pilote_drees", "lecteur"])
def test_campaign_list_links_only_to_pages_the_user_may_open(client, monde, qui):
    liens = _liens_de_la_liste(client, getattr(monde.u, qui))
    assert (
        liens
        == {
            "admin": {"/campagnes/2023/"},
            "ars": {"/campagnes/2023/regions/REG-32/"},
            "ars_idf": {"/campagnes/2023/regions/REG-11/"},
            "pilote": {"/campagnes/2023/", "/campagnes/2023/fournisseurs/DGOS/"},
            "pilote_drees": {"/campagnes/2023/", "/campagnes/2023/fournisseurs/DREES/"},
            "lecteur": set(),
        }[qui]
    )
    for lien in liens:
        assert client.get(lien).status_code == 200, lien


def test_campaign_breadcrumb_leads_back_to_the_list_not_the_redirect(client, monde):
    client.force_login(monde.u.ars)
    html = client.get(reverse("www:campagne_region", args=[2023, "REG-32"])).content.decode()
    assert 'href="/campagnes/?toutes=1"' in html
