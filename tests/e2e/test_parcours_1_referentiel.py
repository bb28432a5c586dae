"""Journey 1: the national admin reads the roadmap, an action and an indicator, then imports a
changed annex: simulation, differences read, application; the indicator page shows the change
only once applied."""

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.pages import check_page, log_in, nav_link, open_page
from tests.referentiel.annexe_helpers import ecrire_tsv, lignes_annexe, trouver

pytestmark = pytest.mark.e2e

CODE = "A06INDM02"
ANCIEN = "Nombre annuel d'inclusions dans Vigilans"
NOUVEAU = "Nombre annuel d'inclusions dans le dispositif VigilanS"


def test_admin_reads_the_roadmap_and_imports_a_changed_annex(page: Page, tmp_path):
    log_in(page, "admin")
    check_page(page, "J1-01-accueil-admin")

    nav_link(page, "Feuille de route").click()
    expect(page.locator("h1")).to_contain_text("Feuille de route santé mentale et psychiatrie")
    check_page(page, "J1-02-feuille-de-route-admin")

    page.locator('main a[href="/feuille-de-route/2023/actions/6/"]').first.click()
    main = page.locator("main")
    expect(page.locator("h1")).to_contain_text("Action 6")
    expect(main.get_by_role("heading", name="Décider de la déclinaison régionale")).to_be_visible()
    check_page(page, "J1-03-action-6-admin")

    main.get_by_role("link", name=CODE, exact=True).click()
    expect(page.locator("h1")).to_contain_text(f"{CODE} — {ANCIEN}")
    check_page(page, "J1-04-indicateur")

    # The annex as the instruction publishes it, with one indicator renamed.
    lignes = lignes_annexe()
    lignes[trouver(lignes, CODE)][3] = NOUVEAU
    annexe = ecrire_tsv(tmp_path / "annexe-2023-corrigee.tsv", lignes)

    nav_link(page, "Feuille de route").click()
    page.get_by_role("link", name="Importer une annexe du référentiel").click()
    expect(page.locator("h1")).to_have_text("Importer l'annexe du référentiel")
    check_page(page, "J1-05-import-annexe")

    page.get_by_label("Fichier de l'annexe").set_input_files(annexe)
    expect(page.get_by_label("Version de la feuille de route")).to_have_value("2023")
    page.get_by_role("button", name="Comparer avec la base (simulation)").click()

    expect(page.locator("h1")).to_contain_text("annexe-2023-corrigee.tsv")
    expect(
        main.get_by_role("heading", name="Simulation : rien n'a encore été modifié")
    ).to_be_visible()
    expect(main).to_contain_text("49 actions, 110 indicateurs et 113 lignes action–indicateur")
    tableau = main.get_by_role("table", name=re.compile("Indicateurs : modifications"))
    ligne = tableau.get_by_role("row").filter(has_text=CODE)
    expect(ligne).to_have_count(1)
    expect(ligne).to_contain_text("Libellé")
    expect(ligne.get_by_role("cell").nth(1)).to_have_text(ANCIEN)
    expect(ligne.get_by_role("cell").nth(2)).to_have_text(NOUVEAU)
    check_page(page, "J1-06-import-simulation")
    simulation = urlparse(page.url).path

    # A simulation changes nothing.
    open_page(page, f"/indicateurs/{CODE}/")
    expect(page.locator("h1")).to_contain_text(ANCIEN)

    open_page(page, simulation)
    page.get_by_role("button", name="Appliquer ces modifications").click()
    expect(main.get_by_role("heading", name="Modifications appliquées")).to_be_visible()
    expect(
        page.get_by_role("status").filter(has_text="Les modifications de l'annexe sont appliquées.")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Appliquer ces modifications")).to_have_count(0)
    check_page(page, "J1-07-import-applique")

    open_page(page, f"/indicateurs/{CODE}/")
    expect(page.locator("h1")).to_contain_text(f"{CODE} — {NOUVEAU}")

    # The run is listed on the import page; the simulation points to its application.
    open_page(page, "/referentiel/import/")
    runs = main.get_by_role("listitem").filter(has_text="annexe-2023-corrigee.tsv")
    expect(runs.filter(has_text="Modifications appliquées")).to_have_count(1)
    expect(runs.filter(has_text="Simulation")).to_have_count(1)
    open_page(page, simulation)
    expect(main).to_contain_text("Cette simulation a été appliquée")
