"""An anonymous visitor walks through the public pages; every page passes the axe check."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.pages import check_page, open_page

pytestmark = pytest.mark.e2e

ACTION_17_BIS = "/feuille-de-route/2023/actions/17-bis/"
INDICATOR_LINK = re.compile(r"^/indicateurs/[A-Za-z0-9]+/$")


def indicator_links(page: Page) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "main a[href]", "links => links.map(a => a.getAttribute('href'))"
    )
    return [href for href in hrefs if INDICATOR_LINK.match(href)]


def reveal(page: Page, link) -> None:
    """Open the DSFR accordion that hides `link`, as a visitor would, when it is folded."""
    if link.is_visible():
        return
    accordion = link.locator("xpath=ancestor::*[contains(@class, 'fr-accordion')][1]")
    if accordion.count():
        accordion.locator(".fr-accordion__btn").first.click()
    expect(link).to_be_visible()


def test_anonymous_visitor_browses_roadmap_indicators_and_territories(page: Page):
    open_page(page, "/")
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    check_page(page, "01-accueil")

    open_page(page, "/feuille-de-route/")
    expect(page.locator("h1")).to_contain_text("Feuille de route")
    check_page(page, "02-feuille-de-route")

    # From the roadmap to one of its actions, by its link.
    link = page.locator(f'main a[href="{ACTION_17_BIS}"]').first
    reveal(page, link)
    link.click()
    expect(page).to_have_url(re.compile(re.escape(ACTION_17_BIS) + "$"))
    main = page.locator("main")
    expect(page.locator("h1")).to_contain_text("17 bis")
    expect(main).to_contain_text("équipes mobiles psychiatriques")
    # Its indicator, from the annex of the instruction.
    expect(main).to_contain_text("compétence en psychiatrie de la personne âgée")
    check_page(page, "03-action-17-bis")

    open_page(page, "/indicateurs/A06INDM01/")
    expect(page.locator("h1")).to_contain_text("3114")
    expect(page.locator("main")).to_contain_text("A06INDM01")
    check_page(page, "04-indicateur-A06INDM01")

    open_page(page, "/indicateurs/")
    all_indicators = indicator_links(page)
    assert len(all_indicators) > 10, f"catalogue presque vide : {all_indicators}"
    check_page(page, "05-indicateurs")

    # Filter the catalogue on one provider: fewer indicators, A06INDM01 (provided by DGS) kept.
    form = page.locator("main form").filter(has=page.get_by_label("Fournisseur", exact=True))
    form.get_by_label("Fournisseur", exact=True).select_option(label="DGS")
    submit = form.locator("button[type=submit], input[type=submit]")
    if submit.count():
        submit.first.click()
    else:
        form.get_by_label("Fournisseur", exact=True).press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]fournisseur=DGS(&|$)"))
    expect(page.locator('main a[href="/indicateurs/A06INDM01/"]').first).to_be_visible()
    expect(form.get_by_label("Fournisseur", exact=True)).to_have_value("DGS")
    filtered = indicator_links(page)
    assert 0 < len(filtered) < len(all_indicators), (
        f"le filtre Fournisseur = DGS garde {len(filtered)} indicateurs sur {len(all_indicators)}"
    )
    check_page(page, "06-indicateurs-filtre-dgs")

    open_page(page, "/territoires/")
    main = page.locator("main")
    expect(main).to_contain_text("Hauts-de-France")
    expect(main).to_contain_text("Île-de-France")
    check_page(page, "07-territoires")
