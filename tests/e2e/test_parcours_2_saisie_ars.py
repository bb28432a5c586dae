"""Journey 2: the Hauts-de-France ARS referent (demo account ars-32) fills its 2023 values
with the keyboard only: French number formats, a refused "13 %" on a count, a warning on a
jump from last year, a comment, the submission; then it cannot reach another region's grid,
neither by the page nor by the API."""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.clavier import focused_matches, follow, tab_to, type_over
from tests.e2e.pages import (
    DEMO_PASSWORD,
    LOGIN_URL,
    check_page,
    expect_refusal,
    log_in,
    open_page,
)

pytestmark = pytest.mark.e2e

DONNEES = Path(__file__).parent / "donnees"
GRILLE = "/campagnes/2023/regions/REG-32/saisie/"
A_FAIRE = "/campagnes/2023/regions/REG-32/"
PAIRS_AIDANTS = "A034bisINDM01__REG-32"  # 120 in 2022 (donnees/valeurs-hdf-2022.csv)
CMP_ADULTE = "A017quaterINDM01__REG-32"
PERINATALITE = "A010INDM01__REG-32"
SOUMETTRE = 'main form[action$="/soumettre/"] button[type=submit]'
COMMENTAIRE = "Deux promotions de pairs-aidants formées en 2023 au lieu d'une."


@pytest.fixture(scope="module")
def historique_2022(jalon_server):
    """Last year's figure of Hauts-de-France for A034bisINDM01, as imported then by the
    national admin: the 2023 entry is compared with it."""
    jalon_server.run(
        "import-valeurs", str(DONNEES / "valeurs-hdf-2022.csv"), "--utilisateur", "admin"
    )


def row(page: Page, cle: str):
    return page.locator(f"#ligne-{cle}")


def fill_cell(page: Page, cle: str, text: str) -> None:
    """Reach the value field of a row with Tab, type over it, leave it with Tab (saves it)."""
    tab_to(page, f"#v-{cle}", f"valeur {cle}")
    type_over(page, text)
    page.keyboard.press("Tab")


def test_ars_fills_and_submits_its_values_with_the_keyboard_only(page: Page, historique_2022):
    open_page(page, "/")
    tab_to(page, f'header a[href^="{LOGIN_URL}"]', "lien « Se connecter »")
    follow(page)
    tab_to(page, "main form input[name=username]", "champ identifiant")
    page.keyboard.type("ars-32")
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    follow(page)
    expect(page.locator("header[role=banner]")).to_contain_text("Référent santé mentale ARS")

    # Its to-do for the campaign, from the main menu.
    tab_to(page, '#navigation-principale a[href="/campagnes/"]', "menu « Campagnes »")
    follow(page)
    expect(page).to_have_url(re.compile(re.escape(A_FAIRE) + "$"))
    main = page.locator("main")
    expect(page.locator("h1")).to_have_text("Hauts-de-France — Campagne 2023")
    expect(main).to_contain_text("0 valeurs reçues sur 22 attendues")
    expect(main.get_by_role("row").filter(has_text="A034bisINDM01")).to_contain_text("Vide")
    check_page(page, "J2-01-a-faire-ars")

    tab_to(page, f'main a[href="{GRILLE}"]', "lien « Saisir les valeurs »")
    follow(page)
    expect(page.locator("h1")).to_have_text("Saisie des valeurs 2023 — Hauts-de-France")
    check_page(page, "J2-02-grille-vide")

    # "13 %" for a count is refused, with the expected form; the field says it is invalid.
    fill_cell(page, PERINATALITE, "13 %")
    expect(row(page, PERINATALITE)).to_contain_text("le signe % n'est pas attendu")
    expect(page.locator(f"#v-{PERINATALITE}")).to_have_attribute("aria-invalid", "true")
    assert focused_matches(page, f"#c-{PERINATALITE}"), "le focus n'a pas suivi la tabulation"
    tab_to(page, f"#v-{PERINATALITE}", "retour sur la valeur refusée", backwards=True)
    type_over(page, "13")
    page.keyboard.press("Tab")
    expect(row(page, PERINATALITE)).to_contain_text("Enregistré : 13")

    fill_cell(page, CMP_ADULTE, "1,16")
    expect(row(page, CMP_ADULTE)).to_contain_text("Enregistré : 1,16")

    # Ten times last year's figure: saved, with a warning asking for a comment.
    fill_cell(page, PAIRS_AIDANTS, "1 333")
    pairs = row(page, PAIRS_AIDANTS)
    expect(pairs).to_contain_text("Enregistré : 1\u202f333")
    expect(pairs).to_contain_text("contre 120 en 2022")
    expect(pairs).to_contain_text("Valeur atypique : expliquez-la en commentaire.")
    check_page(page, "J2-03-grille-avertissement")

    # Submitting without the comment is refused; the message links to the field to fill.
    tab_to(page, SOUMETTRE, "bouton Soumettre")
    follow(page)
    alerte = page.get_by_role("alert").filter(has_text="Soumission impossible")
    expect(alerte).to_be_visible()
    expect_refusal(page, 422)
    check_page(page, "J2-04-soumission-refusee")
    tab_to(page, f'main a[href="#c-{PAIRS_AIDANTS}"]', "lien vers le commentaire requis")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(f"#c-{PAIRS_AIDANTS}$"))
    # Following the link puts the focus in the field to fill.
    assert focused_matches(page, f"#c-{PAIRS_AIDANTS}"), "le lien ne mène pas au champ"
    page.keyboard.type(COMMENTAIRE)
    page.keyboard.press("Tab")
    expect(row(page, PAIRS_AIDANTS)).not_to_contain_text("expliquez-la en commentaire")
    expect(page.locator(f"#c-{PAIRS_AIDANTS}")).to_have_value(COMMENTAIRE)

    tab_to(page, SOUMETTRE, "bouton Soumettre")
    follow(page)
    expect(page).to_have_url(re.compile(re.escape(A_FAIRE) + "$"))
    expect(page.get_by_role("status").filter(has_text="3 valeur(s) soumise(s)")).to_be_visible()
    expect(main).to_contain_text("3 valeurs reçues sur 22 attendues")
    for cle in (PAIRS_AIDANTS, CMP_ADULTE, PERINATALITE):
        code = cle.split("__")[0]
        expect(main.get_by_role("row").filter(has_text=code)).to_contain_text("Soumise")
    check_page(page, "J2-05-a-faire-soumis")

    # A submitted value is no longer editable in the grid.
    open_page(page, GRILLE)
    expect(page.locator(f"#v-{PAIRS_AIDANTS}")).to_be_disabled()


def csrf_token(page: Page) -> str:
    """The CSRF token of the page (the header's logout form carries one), for API calls made
    with the browser's session, as the page's own scripts would."""
    return page.locator("input[name=csrfmiddlewaretoken]").first.input_value()


def post_values(page: Page, valeurs: list[dict]):
    return page.request.post(
        "/api/v1/valeurs",
        data=json.dumps({"valeurs": valeurs}),
        headers={"Content-Type": "application/json", "X-CSRFToken": csrf_token(page)},
    )


def drafts_of(page: Page, territoire: str) -> dict:
    reponse = page.request.get(f"/api/v1/valeurs?territoire={territoire}&statut=brouillon")
    assert reponse.status == 200, reponse.text()
    return reponse.json()


PARIS = {"indicateur": "A015INDM01", "territoire": "DEP-75", "periode": "2023", "valeur": "1"}


def test_ars_cannot_reach_another_regions_grid_nor_its_values_through_the_api(
    page: Page, browser, jalon_server
):
    # Île-de-France's referent saves a draft for Paris through the API, with its session.
    idf = browser.new_context(base_url=jalon_server.url, locale="fr-FR")
    try:
        idf_page = idf.new_page()
        log_in(idf_page, "ars-11")
        reponse = post_values(idf_page, [PARIS])
        assert reponse.status == 200, reponse.text()
        assert drafts_of(idf_page, "DEP-75")["count"] == 1
    finally:
        idf.close()

    log_in(page, "ars-32")
    # The pages refuse: the grid, the to-do, the save of one cell.
    open_page(page, "/campagnes/2023/regions/REG-11/saisie/", status=403)
    expect(page.locator("h1")).to_have_text("Accès refusé")
    check_page(page, "J2-06-grille-autre-region-refusee")
    open_page(page, "/campagnes/2023/regions/REG-11/", status=403)
    cellule = page.request.post(
        "/campagnes/2023/regions/REG-11/saisie/A015INDM01/DEP-75/",
        form={"v-A015INDM01__DEP-75": "7", "ver-A015INDM01__DEP-75": "1"},
        headers={"X-CSRFToken": csrf_token(page), "HX-Request": "true"},
    )
    assert cellule.status == 403

    # The API refuses the write. (Reading drafts is open to every signed-in account:
    # perms.can_read_drafts.) The other region's draft is unchanged.
    reponse = post_values(page, [PARIS | {"valeur": "7", "version_lue": 1}])
    assert reponse.status == 403, reponse.text()
    erreurs = reponse.json()["erreurs"]
    assert [e["code"] for e in erreurs] == ["permission"], erreurs
    [brouillon] = drafts_of(page, "DEP-75")["items"]
    assert (brouillon["valeur"], brouillon["version"]) == ("1", 1)
    # Its own region's grid stays open to it.
    open_page(page, "/campagnes/2023/regions/REG-32/saisie/")
