"""Journey 6: the Hauts-de-France ARS referent (ars-32) updates an action of its regional
roadmap (status, weather, lead, milestone) and confirms its link to a national action; the
roadmap and the page of the national action's declinations show it; another region's
referent cannot edit it. Then the regional bilan: written, submitted, returned, validated,
published by the ARS and found on the public portal."""

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


# --- Second part: the regional bilan of the campaign year -----------------------------------

ANNEE = 2023  # the campaign `jalon setup-demo` opens (entry reopened for REG-32 by exception)
BILAN = f"/feuilles-regionales/REG-32/bilan/{ANNEE}/"
LISTE = f"/bilans-regionaux/{ANNEE}/"


def _ligne_action(page: Page, numero: str):
    slug = numero.replace(" ", "-")
    return page.locator(f"tr#action-{slug}")


def test_ars_writes_and_submits_its_regional_bilan_then_the_admin_returns_and_validates(
    page: Page,
):
    log_in(page, "ars-32")
    main = page.locator("main")
    # The campaign to-do shows the regional bilan, its status and deadline.
    nav_link(page, "Campagnes").click()
    expect(main).to_contain_text(f"Bilan régional {ANNEE}")
    main.get_by_role("link", name=f"Ouvrir le bilan régional {ANNEE}").click()
    expect(page).to_have_url(re.compile(re.escape(BILAN) + "$"))
    expect(page.locator("h1")).to_contain_text(f"Bilan régional {ANNEE} — Hauts-de-France")
    expect(main).to_contain_text("Bilan en brouillon")
    expect(main).to_contain_text("Saisie rouverte par l'administration nationale")
    check_page(page, "J6-05-bilan-regional")

    # Action 2, with the mouse: the form opens in its row, focus on the status.
    ligne = _ligne_action(page, "2")
    ligne.get_by_role("link", name="Modifier l'action n°2").click()
    statut = ligne.get_by_label("Statut — action n°2")
    expect(statut).to_be_focused()
    statut.select_option(label="Engagée")
    ligne.get_by_label("Météo — action n°2").select_option(label="Dans les temps")
    ligne.get_by_label("Avancement dans l'année — action n°2").fill(
        "Groupe de travail régional installé ; premier état des lieux rendu."
    )
    check_page(page, "J6-06-bilan-regional-ligne-en-edition")
    ligne.get_by_role("button", name="Enregistrer l'action n°2").click()
    expect(ligne).to_contain_text("Enregistré")
    expect(ligne).to_contain_text("Engagée")
    expect(ligne).to_contain_text("premier état des lieux")
    # Back on the row's "Modifier" link: the keyboard user goes on from there.
    expect(ligne.get_by_role("link", name="Modifier l'action n°2")).to_be_focused()

    # Action 3, with the keyboard only.
    ligne3 = _ligne_action(page, "3")
    ligne3.get_by_role("link", name="Modifier l'action n°3").focus()
    page.keyboard.press("Enter")
    statut3 = ligne3.get_by_label("Statut — action n°3")
    expect(statut3).to_be_focused()
    statut3.select_option(label="Programmée")  # a select is operated with arrows; same value
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.type("Calendrier arrêté avec les PTSM.")
    enregistrer = ligne3.get_by_role("button", name="Enregistrer l'action n°3")
    enregistrer.focus()
    page.keyboard.press("Enter")
    expect(ligne3).to_contain_text("Programmée")
    expect(ligne3).to_contain_text("Calendrier arrêté avec les PTSM.")

    # Submitting without a synthesis is refused, with what is missing.
    main.get_by_role(
        "button", name=f"Soumettre le bilan {ANNEE} à l'administration nationale"
    ).click()
    expect(page.locator(".fr-alert--error")).to_contain_text("Synthèse incomplète")

    # The synthesis, in the rich-text editor.
    main.get_by_role("textbox", name="Actions prioritaires").fill(
        "Prévention du suicide et parcours des jeunes."
    )
    main.get_by_role("textbox", name="Principales avancées").fill(
        "Extension de VigilanS à toute la région."
    )
    main.get_by_role("textbox", name="Limites et difficultés").fill(
        "Démographie médicale en psychiatrie."
    )
    main.get_by_role("button", name="Enregistrer la synthèse").click()
    expect(page.locator(".fr-alert--success")).to_contain_text("Synthèse du bilan")
    main.get_by_role(
        "button", name=f"Soumettre le bilan {ANNEE} à l'administration nationale"
    ).click()
    expect(main).to_contain_text("Bilan soumis à l'administration nationale")
    expect(main.get_by_role("button", name="Enregistrer la synthèse")).to_have_count(0)
    expect(main.get_by_role("link", name="Modifier l'action n°2")).to_have_count(0)
    historique = main.get_by_role("table", name=re.compile("Modifications du bilan régional"))
    expect(historique).to_contain_text("Engagée")
    expect(historique).to_contain_text("Soumis")
    check_page(page, "J6-07-bilan-regional-soumis")
    log_out(page)

    # The national admin returns it with a comment.
    log_in(page, "admin")
    nav_link(page, "Bilans régionaux").click()
    expect(page).to_have_url(re.compile(re.escape(LISTE) + "$"))
    rangee = main.get_by_role("row").filter(has_text="Hauts-de-France")
    expect(rangee).to_contain_text("Soumis")
    check_page(page, "J6-08-bilans-regionaux")
    rangee.get_by_role("link", name="Renvoyer le bilan de Hauts-de-France").click()
    main.get_by_label("Motif du renvoi").fill("Précisez l'état d'avancement de l'action 3.")
    main.get_by_role("button", name="Renvoyer le bilan à l'ARS").click()
    expect(main).to_contain_text("Bilan renvoyé pour correction")
    log_out(page)

    # The ARS reads the comment, corrects, submits again.
    log_in(page, "ars-32")
    open_page(page, BILAN)
    expect(main).to_contain_text("Précisez l'état d'avancement de l'action 3.")
    ligne3 = _ligne_action(page, "3")
    ligne3.get_by_role("link", name="Modifier l'action n°3").click()
    ligne3.get_by_label("Statut — action n°3").select_option(label="Engagée")
    ligne3.get_by_role("button", name="Enregistrer l'action n°3").click()
    expect(ligne3).to_contain_text("Engagée")
    main.get_by_role(
        "button", name=f"Soumettre le bilan {ANNEE} à l'administration nationale"
    ).click()
    expect(main).to_contain_text("Bilan soumis à l'administration nationale")
    log_out(page)

    # The admin validates from the national list; the bilan document shows the year.
    log_in(page, "admin")
    open_page(page, LISTE)
    rangee = main.get_by_role("row").filter(has_text="Hauts-de-France")
    rangee.get_by_role("button", name="Valider le bilan de Hauts-de-France").click()
    expect(main.get_by_role("row").filter(has_text="Hauts-de-France")).to_contain_text("Validé")
    open_page(page, BILAN + "document/")
    expect(main).to_contain_text("validé par l'administration nationale")
    expect(main).to_contain_text("Prévention du suicide et parcours des jeunes.")
    expect(main).to_contain_text("Statut en 2023 : Engagée")
    check_page(page, "J6-09-bilan-regional-document")
    log_out(page)

    # Another region's referent reads it and cannot change it.
    log_in(page, "ars-11")
    open_page(page, BILAN)
    expect(main).to_contain_text("Bilan validé")
    expect(main.get_by_role("link", name=re.compile("Modifier l'action"))).to_have_count(0)
    jeton = page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    reponse = page.request.post(
        BILAN + "synthese/",
        form={"actions_prioritaires": "Écrit par une autre région", "version": "9"},
        headers={"X-CSRFToken": jeton},
    )
    assert reponse.status == 403, reponse.status
    expect(main.get_by_role("button", name=re.compile("^Publier"))).to_have_count(0)
    log_out(page)

    # Validated: the region's referent publishes it (DOCX, PDF, HTML frozen in the
    # background); the visitor finds it on the public portal, drafts of others nowhere.
    log_in(page, "ars-32")
    open_page(page, BILAN)
    expect(main).to_contain_text("Aucune version publiée.")
    main.get_by_label("Note de publication (facultative)").fill("Publié après validation.")
    main.get_by_role("button", name=f"Publier le bilan régional {ANNEE}").click()
    pret = page.locator("#etat-construction").get_by_role("status").filter(has_text="Document prêt")
    expect(pret).to_be_visible(timeout=240_000)
    main.get_by_role("link", name="Voir la publication (version 1)").click()
    expect(main).to_contain_text("Publié après validation.")
    check_page(page, "J6-10-bilan-regional-publie")
    open_page(page, BILAN)
    expect(main.get_by_role("link", name="Version 1")).to_be_visible()
    expect(main.get_by_role("button", name="Publier une nouvelle version")).to_be_visible()
    log_out(page)
    open_page(page, "/donnees/telechargements/")
    ligne = main.get_by_role("row").filter(has_text=f"Bilan régional {ANNEE} — Hauts-de-France")
    expect(ligne).to_have_count(1)
    expect(main.get_by_role("row").filter(has_text="Île-de-France")).to_have_count(0)
