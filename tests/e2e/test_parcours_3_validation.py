"""Journey 3: a value submitted by the Île-de-France ARS (demo account ars-11) is returned by
the national admin with a comment, corrected by the ARS, then validated; the public portal
shows it only once validated (page, downloadable file, anonymous API)."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.pages import check_page, log_in, log_out, open_page, watch

pytestmark = pytest.mark.e2e

INDICATEUR = "A034bisINDM01"  # pairs-aidants formés, filled by the ARS
CLE = f"{INDICATEUR}__REG-11"
GRILLE = "/campagnes/2023/regions/REG-11/saisie/"
A_FAIRE = "/campagnes/2023/regions/REG-11/"
VALIDATION = "/campagnes/2023/validation/regions/REG-11/"
PORTAIL = f"/donnees/indicateurs/{INDICATEUR}/"
MOTIF = "Ce chiffre semble compter les personnes en cours de formation : merci de vérifier."
CORRECTION = "Corrigé : seules les personnes ayant terminé la formation en 2023."


def soumettre(page: Page, texte: str, commentaire: str = "") -> None:
    """Type the value (and comment) in the Île-de-France grid, then submit the region."""
    open_page(page, GRILLE)
    valeur = page.locator(f"#v-{CLE}")
    expect(valeur).to_be_enabled()
    valeur.fill(texte)
    if commentaire:
        page.locator(f"#c-{CLE}").fill(commentaire)
    page.locator(f"#c-{CLE}").press("Tab")  # leaving the row saves it (htmx)
    expect(page.locator(f"#ligne-{CLE}")).to_contain_text(f"Enregistré : {texte}")
    page.get_by_role("button", name="Soumettre les valeurs de la région").click()
    expect(page).to_have_url(re.compile(re.escape(A_FAIRE) + "$"))
    expect(page.get_by_role("status").filter(has_text="soumise(s)")).to_be_visible()


def ligne_validation(page: Page):
    return page.locator("main table tbody tr").filter(has_text=INDICATEUR)


class Visiteur:
    """An anonymous visitor of the public portal, in a browser context of its own."""

    def __init__(self, browser: Browser, url: str):
        self.context = browser.new_context(base_url=url, locale="fr-FR")
        self.page = self.context.new_page()
        watch(self.page, url)

    def voit_ile_de_france(self) -> str | None:
        """The value of Île-de-France in the comparison table of the public indicator page,
        None when the portal shows none; also checks the CSV file and the anonymous API."""
        open_page(self.page, PORTAIL)
        valeur = None
        graphique = self.page.locator("#comparaison ~ figure").first
        if "Aucune donnée à représenter" not in graphique.inner_text():
            # The table behind the chart, opened as a visitor would.
            graphique.locator("summary").click()
            ligne = graphique.get_by_role("row").filter(
                has=self.page.get_by_role("rowheader", name="Île-de-France", exact=True)
            )
            texte = ligne.get_by_role("cell").first.inner_text()
            valeur = None if texte == "—" else texte
        csv = self.page.request.get(
            f"/donnees/telechargements/valeurs.csv?indicateur={INDICATEUR}"
        ).text()
        api = self.page.request.get(
            f"/api/v1/valeurs?indicateur={INDICATEUR}&territoire=REG-11"
        ).json()
        if valeur is None:
            assert "REG-11" not in csv, csv
            assert api["count"] == 0, api
        else:
            assert "REG-11" in csv, csv
            assert [v["statut"] for v in api["items"]] == ["validee"], api
        return valeur


def test_returned_value_is_corrected_validated_then_published(page: Page, browser, jalon_server):
    visiteur = Visiteur(browser, jalon_server.url)
    try:
        # The ARS submits 250.
        log_in(page, "ars-11")
        soumettre(page, "250")
        log_out(page)
        assert visiteur.voit_ile_de_france() is None, "une valeur soumise est publiée"
        check_page(visiteur.page, "J3-01-portail-avant-validation")

        # The admin returns it with a comment.
        log_in(page, "admin")
        open_page(page, "/campagnes/2023/validation/")
        page.locator("main").get_by_role("link", name="Île-de-France", exact=True).click()
        expect(page).to_have_url(re.compile(re.escape(VALIDATION) + "$"))
        expect(ligne_validation(page)).to_contain_text("250")
        expect(ligne_validation(page)).to_contain_text("Soumise")
        check_page(page, "J3-02-validation-idf")
        ligne_validation(page).get_by_role("link", name=re.compile("^Renvoyer")).click()
        expect(page.locator("h1")).to_contain_text("Renvoyer une valeur")
        page.get_by_label("Commentaire pour la personne qui a saisi").fill(MOTIF)
        check_page(page, "J3-03-renvoi")
        page.get_by_role("button", name="Renvoyer", exact=True).click()
        expect(page).to_have_url(re.compile(re.escape(VALIDATION) + "$"))
        expect(page.get_by_role("status").filter(has_text="Valeur renvoyée")).to_be_visible()
        expect(ligne_validation(page)).to_contain_text("Renvoyée")
        log_out(page)
        assert visiteur.voit_ile_de_france() is None, "une valeur renvoyée est publiée"

        # The ARS reads the comment on its to-do, corrects and submits again.
        log_in(page, "ars-11")
        open_page(page, A_FAIRE)
        renvoi = page.locator("main .fr-callout").filter(
            has_text="Valeurs renvoyées par l'administration nationale"
        )
        expect(renvoi).to_contain_text(INDICATEUR)
        expect(renvoi).to_contain_text(MOTIF)
        check_page(page, "J3-04-a-faire-renvoi")
        soumettre(page, "180", CORRECTION)
        log_out(page)
        assert visiteur.voit_ile_de_france() is None, "une valeur soumise est publiée"

        # The admin validates: only now is it public.
        log_in(page, "admin")
        open_page(page, VALIDATION)
        expect(ligne_validation(page)).to_contain_text("180")
        expect(ligne_validation(page)).to_contain_text(CORRECTION)
        page.get_by_role("button", name=re.compile(r"^Valider les \d+ valeurs? soumises?$")).click()
        expect(page.get_by_role("status").filter(has_text="validée(s)")).to_be_visible()
        expect(ligne_validation(page)).to_contain_text("Validée")
        check_page(page, "J3-05-validation-faite")

        assert visiteur.voit_ile_de_france() == "180"
        check_page(visiteur.page, "J3-06-portail-apres-validation")
        # The comments of the entry are not published.
        expect(visiteur.page.locator("main")).not_to_contain_text(CORRECTION)
    finally:
        visiteur.context.close()
