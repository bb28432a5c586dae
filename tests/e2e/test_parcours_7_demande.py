"""Journey 7: an ad-hoc request. The national admin creates one (a refused empty form first),
publishes it to two regions; the Hauts-de-France referent answers and transmits; the admin
follows it region by region, reads the answer and exports it; Île-de-France cannot read
Hauts-de-France's answer. The public PTSM page shows what the documents say."""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.pages import check_page, expect_refusal, log_in, log_out, nav_link, open_page

pytestmark = pytest.mark.e2e

TITRE = "Parcours 7 — équipes mobiles de psychiatrie du sujet âgé"
QUESTION = "Combien d'équipes mobiles de psychiatrie du sujet âgé fonctionnent dans la région ?"
REPONSE = "Parcours de test : réponse saisie par l'ARS Hauts-de-France."


def test_admin_asks_the_ars_answers_and_the_admin_follows_up(page: Page):
    log_in(page, "admin")
    nav_link(page, "Demandes").click()
    main = page.locator("main")
    expect(page.locator("h1")).to_have_text("Demandes ponctuelles")
    expect(main).to_contain_text("(exemple de démonstration)")
    check_page(page, "J7-01-demandes-admin")

    main.get_by_role("link", name="Nouvelle demande").click()
    main.get_by_role("button", name="Enregistrer").click()
    expect(main.get_by_role("alert")).to_contain_text("La demande n'a pas été enregistrée")
    expect(main).to_contain_text("Choisissez au moins une région destinataire.")
    expect(main).to_contain_text("Posez au moins une question ou demandez au moins un indicateur.")
    expect_refusal(page, 422)  # the refused form answers 422 on purpose
    check_page(page, "J7-02-formulaire-erreurs")

    echeance = datetime.date.today() + datetime.timedelta(days=21)
    main.get_by_label("Titre").fill(TITRE)
    main.get_by_label("Réponse attendue le").fill(echeance.isoformat())
    # DSFR checkboxes are drawn by their label, which is what a user clicks.
    regions = main.locator("label[for^=id_regions_]")
    regions.filter(has_text="Hauts-de-France").click()
    regions.filter(has_text="Île-de-France").click()
    main.locator("#id_questions").fill(QUESTION)
    main.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("h1")).to_have_text(TITRE)
    expect(main).to_contain_text("Brouillon")
    main.get_by_role("button", name="Publier aux régions").click()
    messages = page.locator("body")  # flash messages sit above <main>
    expect(messages).to_contain_text("Demande publiée")
    suivi = main.get_by_role("table", name="Réponses par région destinataire")
    expect(suivi.get_by_role("row").filter(has_text="Hauts-de-France")).to_contain_text("À faire")
    check_page(page, "J7-03-suivi-publiee")
    url_demande = page.url
    log_out(page)

    # The Hauts-de-France referent answers from its list of requests.
    log_in(page, "ars-32")
    nav_link(page, "Demandes").click()
    main.get_by_role("link", name=TITRE).click()
    expect(page.locator("h1")).to_have_text(f"{TITRE} — Hauts-de-France")
    transmettre = main.get_by_role("button", name="Transmettre la réponse")
    expect(transmettre).to_be_disabled()
    main.get_by_label(QUESTION).fill(REPONSE)
    main.get_by_role("button", name="Enregistrer les réponses").click()
    expect(messages).to_contain_text("1 réponse(s) enregistrée(s).")
    expect(main).to_contain_text("Tout est renseigné")
    check_page(page, "J7-04-reponse-ars")
    transmettre.click()
    expect(messages).to_contain_text("Réponse transmise à l'administration nationale.")
    expect(main.get_by_label(QUESTION)).to_be_disabled()
    url_region = page.url
    log_out(page)

    # Île-de-France cannot read Hauts-de-France's answer.
    log_in(page, "ars-11")
    open_page(page, url_region, status=404)
    log_out(page)

    # The admin follows up, reads the answer with its history and exports the answers.
    log_in(page, "admin")
    open_page(page, url_demande)
    ligne = suivi.get_by_role("row").filter(has_text="Hauts-de-France")
    expect(ligne).to_contain_text("Répondue")
    expect(ligne).to_contain_text("Dans les délais")
    check_page(page, "J7-05-suivi-repondue")
    export = page.request.get(url_demande + "reponses.csv")
    assert export.ok and REPONSE in export.text()
    ligne.get_by_role("link", name="Hauts-de-France").click()
    expect(main).to_contain_text(REPONSE)
    expect(main).to_contain_text("Historique de la réponse (1 modification)")
    check_page(page, "J7-06-reponse-lue-admin")


def test_public_ptsm_page_quotes_the_documents(page: Page):
    open_page(page, "/territoires/")
    page.locator("main").get_by_role("link", name=re.compile("Projets territoriaux")).click()
    main = page.locator("main")
    expect(page.locator("h1")).to_have_text("Projets territoriaux de santé mentale (PTSM)")
    expect(main).to_contain_text("PTSM enregistrés dans Jalon : 0")
    expect(main).to_contain_text("104 PTSM sont actifs")
    expect(main).to_contain_text("les CTSM des 8 territoires de la région sont en cours")
    check_page(page, "J7-07-ptsm-public")
