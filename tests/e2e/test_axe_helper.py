"""The axe helper itself: it must catch a serious violation and explain it readably."""

import pytest
from playwright.sync_api import Page

from tests.e2e.axe import assert_accessible

pytestmark = pytest.mark.e2e

INACCESSIBLE = """<!doctype html><html lang="fr"><head><title>Essai</title></head><body><main>
<h1>Essai</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<form><input type="text" id="sans-etiquette"></form></main></body></html>"""
ACCESSIBLE = """<!doctype html><html lang="fr"><head><title>Essai</title></head><body><main>
<h1>Essai</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="Logo">
<form><label for="nom">Nom</label><input type="text" id="nom"></form></main></body></html>"""


def test_axe_helper_reports_rule_impact_help_and_target(blank_page: Page):
    blank_page.set_content(INACCESSIBLE)
    with pytest.raises(AssertionError) as failure:
        assert_accessible(blank_page, "essai-inaccessible")
    message = str(failure.value)
    assert "image-alt [critical] Images must have alternative text" in message
    assert "label [critical]" in message
    assert "#sans-etiquette" in message


def test_axe_helper_accepts_an_accessible_page(blank_page: Page):
    blank_page.set_content(ACCESSIBLE)
    assert_accessible(blank_page, "essai-accessible")
