"""Journey 4: a national direction (demo account dgos) uploads its monthly departmental
series with errors, reads the row-level report (nothing written), fixes the file and uploads
it again; the import runs in the background worker and its page shows the progress, then the
report, without being reloaded."""

import csv
import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.pages import check_page, log_in, nav_link

pytestmark = pytest.mark.e2e

INDICATEUR = "A010INDR01"  # DGOS, departmental, monthly
MOIS = [f"2024-{mois:02d}" for mois in range(1, 13)]
EN_TETE = ["indicateur", "territoire", "periode", "valeur", "source", "commentaire"]
RAPPORT_TIMEOUT_MS = 60_000


def departements(page: Page) -> list[str]:
    reponse = page.request.get("/api/v1/territoires?niveau=departement&limit=500")
    assert reponse.status == 200, reponse.text()
    codes = [t["code"] for t in reponse.json()["items"]]
    assert len(codes) == 101, codes
    return codes


def lignes_valeurs(codes: list[str]) -> list[list[str]]:
    """One value per department and month of 2024, written as a French spreadsheet would."""
    return [
        [INDICATEUR, code, mois, f"{1000 + 7 * rang + numero:_}".replace("_", " "), "PMSI", ""]
        for rang, code in enumerate(codes)
        for numero, mois in enumerate(MOIS)
    ]


def ecrire(chemin, lignes) -> None:
    with chemin.open("w", encoding="utf-8", newline="") as sortie:
        ecrivain = csv.writer(sortie, delimiter=";")
        ecrivain.writerow(EN_TETE)
        ecrivain.writerows(lignes)


def test_direction_uploads_a_file_with_errors_fixes_it_and_watches_the_import(page: Page, tmp_path):
    log_in(page, "dgos")
    nav_link(page, "Campagnes").click()
    expect(page).to_have_url(re.compile(r"/campagnes/2023/fournisseurs/DGOS/$"))
    check_page(page, "J4-01-a-faire-dgos")
    page.locator("main").get_by_role("link", name="import de fichier").click()
    expect(page.locator("h1")).to_have_text("Importer des valeurs")
    main = page.locator("main")
    expect(main.get_by_role("link", name=re.compile(f"^{INDICATEUR}"))).to_be_visible()
    check_page(page, "J4-02-import-valeurs")

    correctes = lignes_valeurs(departements(page))
    total = len(correctes)  # 101 departments × 12 months
    fautives = [ligne.copy() for ligne in correctes]
    fautives[4][3] = "1,333,000"  # row 6 of the file (after the header): English grouping
    fautives[40][1] = "REG-32"  # row 42: a region for a departmental indicator
    fautives[41][1] = "DEP-00"  # row 43: no such department
    fautives[90][2] = "2024-13"  # row 92: no such month
    fichier = tmp_path / "dgos-perinatalite-2024.csv"
    ecrire(fichier, fautives)

    page.get_by_label("Fichier de valeurs").set_input_files(fichier)
    page.get_by_role("button", name="Importer le fichier").click()
    expect(page.locator("h1")).to_have_text("Import de dgos-perinatalite-2024.csv")
    refus = main.get_by_role("alert")
    expect(refus).to_contain_text(
        "Fichier refusé : rien n'a été modifié", timeout=RAPPORT_TIMEOUT_MS
    )
    # Row-level report: each problem names its rows and the expected form.
    expect(main).to_contain_text("ligne 6")
    expect(main).to_contain_text("« 1,333,000 » : la virgule est le séparateur décimal")
    expect(main).to_contain_text("ligne 42")
    expect(main).to_contain_text("REG-32")
    expect(main).to_contain_text("ligne 43")
    expect(main).to_contain_text("DEP-00")
    expect(main).to_contain_text("ligne 92")
    expect(main).to_contain_text("2024-13")
    check_page(page, "J4-03-import-refuse")
    assert brouillons(page) == 0, "un fichier refusé ne doit rien enregistrer"

    # The fixed file, uploaded again: progress first, then the report, on the same page.
    ecrire(fichier, correctes)
    page.get_by_role("link", name="Importer un autre fichier").click()
    page.get_by_label("Fichier de valeurs").set_input_files(fichier)
    with page.expect_response(re.compile(r"/imports/valeurs/\d+/$")) as premiere:
        page.get_by_role("button", name="Importer le fichier").click()
    html = premiere.value.text()
    assert 'aria-label="Progression de l&#x27;import"' in html or (
        "Progression de l'import" in html
    ), "la page de l'import ne montre pas la progression avant la fin"
    assert 'hx-trigger="every 1s"' in html
    page.evaluate("() => { window.__memePage = true; }")
    termine = main.get_by_role("status").filter(has_text="Import terminé")
    expect(termine).to_be_visible(timeout=RAPPORT_TIMEOUT_MS)
    assert page.evaluate("() => window.__memePage === true"), "la page a été rechargée"
    expect(main.locator("progress")).to_have_count(0)
    creees = main.get_by_role("row").filter(has_text="Valeurs créées")
    expect(creees).to_contain_text(f"{total:,}".replace(",", "\u202f"))
    check_page(page, "J4-04-import-termine")
    assert brouillons(page) == total


def brouillons(page: Page) -> int:
    reponse = page.request.get(f"/api/v1/valeurs?indicateur={INDICATEUR}&statut=brouillon&limit=1")
    assert reponse.status == 200, reponse.text()
    return reponse.json()["count"]
