"""Charts in a real browser: vega-embed draws every chart of the public indicator page and the
map under Jalon's CSP (no 'unsafe-eval', no inline style) without a single violation."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.pages import check_page, open_page

pytestmark = pytest.mark.e2e

ECOUTE_CSP = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}`);
});
"""


def dessins(page: Page) -> None:
    conteneurs = page.locator("[data-graphique]")
    assert conteneurs.count() > 0, "aucun graphique sur la page"
    for i in range(conteneurs.count()):
        expect(conteneurs.nth(i)).to_have_class(re.compile("jalon-graphique__rendu--pret"))
        expect(conteneurs.nth(i).locator("svg").first).to_be_visible()
    assert page.evaluate("window.__violations") == []


def test_charts_and_map_are_drawn_without_csp_violation(page: Page):
    page.add_init_script(ECOUTE_CSP)
    open_page(page, "/donnees/indicateurs/")
    page.locator("main table a").first.click()
    expect(page.locator("h1")).to_be_visible()
    dessins(page)
    # The data table behind the chart is one click away.
    resume = page.locator("details.jalon-graphique__donnees summary").first
    resume.click()
    expect(page.locator("details.jalon-graphique__donnees table").first).to_be_visible()
    check_page(page, "graphiques-indicateur")
