"""The screenshot helper must leave the page as it found it: the journeys' pages run under a
CSP that refuses inline styles, so a style attribute added by the capture (and copied by a
page script, as the DSFR header does with its tool links) would be reported as Jalon's own
error."""

import pytest
from playwright.sync_api import Page

from tests.e2e.pages import screenshot

pytestmark = pytest.mark.e2e

FORMULAIRE = """<!doctype html><html lang="fr"><head><title>Capture</title></head><body>
<form><input type="hidden" name="jeton" value="x"><label for="nom">Nom</label>
<input id="nom"><textarea aria-label="Note"></textarea></form></body></html>"""


def test_screenshot_gives_no_inline_style_to_the_inputs(blank_page: Page):
    blank_page.set_content(FORMULAIRE)
    blank_page.locator("#nom").focus()
    blank_page.evaluate(
        """() => {
            window.stylesVus = [];
            new MutationObserver((changes) => {
                for (const change of changes) window.stylesVus.push(change.target.outerHTML);
            }).observe(document.body, {attributes: true, attributeFilter: ["style"],
                                       subtree: true});
        }"""
    )
    path = screenshot(blank_page, "essai-capture")
    assert path.exists()
    assert blank_page.evaluate("() => window.stylesVus") == []
    assert blank_page.locator("[style]").count() == 0
