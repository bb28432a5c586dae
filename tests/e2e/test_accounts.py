"""Signing in and out through the login form, with the mouse and with the keyboard only."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.clavier import tab_to
from tests.e2e.pages import check_page, open_page

pytestmark = pytest.mark.e2e

LOGIN_URL = "/comptes/connexion/"


def header(page: Page):
    return page.locator("header[role=banner]")


def assert_logged_in(page: Page, role_label: str) -> None:
    expect(header(page)).to_contain_text(role_label)
    expect(header(page).get_by_role("button", name="Se déconnecter")).to_be_visible()
    expect(header(page).get_by_role("link", name="Se connecter")).to_have_count(0)


def test_national_admin_logs_in_and_out(page: Page):
    open_page(page, "/")
    header(page).get_by_role("link", name="Se connecter").click()
    expect(page).to_have_url(re.compile(re.escape(LOGIN_URL)))
    check_page(page, "10-connexion")

    form = page.locator("main form")
    form.locator("input[name=username]").fill("admin")
    form.get_by_label("Mot de passe").fill("demo")
    form.get_by_role("button", name="Se connecter").click()

    expect(page).not_to_have_url(re.compile(re.escape(LOGIN_URL)))
    assert_logged_in(page, "Administrateur national")
    check_page(page, "11-connecte-admin")

    header(page).get_by_role("button", name="Se déconnecter").click()
    expect(header(page).get_by_role("link", name="Se connecter")).to_be_visible()
    expect(header(page).get_by_role("button", name="Se déconnecter")).to_have_count(0)
    expect(header(page)).not_to_contain_text("Administrateur national")


def test_keyboard_only_login(page: Page):
    open_page(page, "/")
    # The first Tab reaches the DSFR skip links ("Contenu", "Menu"…).
    page.keyboard.press("Tab")
    assert page.evaluate("() => !!document.activeElement?.closest('.fr-skiplinks')"), (
        "la première tabulation n'atteint pas les liens d'évitement"
    )

    tab_to(page, f'header a[href^="{LOGIN_URL}"]', "lien « Se connecter » de l'en-tête")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(LOGIN_URL)))

    tab_to(page, "main form input[name=username]", "champ identifiant")
    page.keyboard.type("lecteur")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement?.name") == "password", (
        "la tabulation après l'identifiant ne mène pas au mot de passe"
    )
    page.keyboard.type("demo")
    tab_to(page, "main form button[type=submit]", "bouton « Se connecter »")
    page.keyboard.press("Enter")

    expect(page).not_to_have_url(re.compile(re.escape(LOGIN_URL)))
    assert_logged_in(page, "Lecteur")
