"""Journey 6: the Hauts-de-France ARS referent (ars-32) updates an action of its regional
roadmap (status, weather, lead, milestone) and confirms its link to a national action; the
roadmap and the page of the national action's declinations show it; another region's
referent cannot edit it."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.pages import check_page, log_in, log_out, nav_link, open_page

pytestmark = pytest.mark.e2e

FEUILLE = "/feuilles-regionales/REG-32/"
ACTION = "/feuilles-regionales/REG-32/actions/1/"
PILOTE = "ARS Hauts-de-France, direction de l'offre de soins"
JALON = "Comité régional des PTSM réuni"


def test_ars_updates_an_action_of_its_regional_roadmap(page: Page):
    log_in(page, "ars-32")
    nav_link(page, "Feuilles régionales").click()
    main = page.locator("main")
    main.get_by_role("link", name=re.compile("Hauts-de-France")).click()
    expect(page).to_have_url(re.compile(re.escape(FEUILLE) + "$"))
    expect(main).to_contain_text("62 actions")
    check_page(page, "J6-01-feuille-regionale")

    main.locator(f'a[href="{ACTION}"]').first.click()
    expect(page.locator("h1")).to_contain_text("Action n°1")
    liens = main.get_by_role("table", name=re.compile("Liens vers la feuille de route nationale"))
    expect(liens.get_by_role("row").filter(has_text="15")).to_contain_text("Proposé")
    check_page(page, "J6-02-action-regionale")

    # The proposed link to national action 15 is confirmed by the region.
    main.get_by_role("button", name="Confirmer le lien vers 15").click()
    expect(liens.get_by_role("row").filter(has_text="15")).to_contain_text("Confirmé")

    # Progress of the action.
    formulaire = main.locator("form").filter(has=page.get_by_role("button", name="Enregistrer"))
    formulaire.get_by_label("Statut").select_option(label="Engagée")
    formulaire.get_by_label("Météo").select_option(label="Vigilance")
    formulaire.get_by_label("Pilote").fill(PILOTE)
    formulaire.get_by_label("Jalons").fill(f"2025-06-30 | {JALON} | fait")
    formulaire.get_by_role("button", name="Enregistrer").click()
    expect(main).to_contain_text(PILOTE)
    expect(main).to_contain_text(JALON)
    expect(
        main.locator(".fr-badge").filter(has_text=re.compile("Engagée", re.I))
    ).not_to_have_count(0)
    check_page(page, "J6-03-action-regionale-mise-a-jour")

    # On the roadmap, the filter on the status finds it.
    open_page(page, FEUILLE)
    main.get_by_label("Statut").select_option(label="Engagée")
    main.get_by_role("button", name="Filtrer").click()
    expect(main).to_contain_text("1 action")
    expect(main.locator(f'a[href="{ACTION}"]')).not_to_have_count(0)
    # Seen from the national action 15, the regional action and its progress.
    open_page(page, "/feuilles-regionales/declinaisons/15/")
    declinaison = main.get_by_role("row").filter(has_text="Hauts-de-France").filter(has_text="n°1 ")
    expect(declinaison).to_contain_text("Engagée")
    expect(declinaison).to_contain_text("Vigilance")
    check_page(page, "J6-04-declinaisons-action-15")
    log_out(page)

    # Another region's referent reads the roadmap but cannot change it.
    log_in(page, "ars-11")
    open_page(page, ACTION)
    expect(main.get_by_role("button", name="Enregistrer")).to_have_count(0)
    reponse = page.request.post(
        ACTION,
        form={"titre": "Modifié par une autre région", "statut": "abandonnee"},
        headers={
            "X-CSRFToken": page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
        },
    )
    assert reponse.status == 403, reponse.status
    open_page(page, ACTION)
    expect(main).to_contain_text(PILOTE)
