"""Journey 5: the national admin reads the draft national bilan 2023, builds it as DOCX in the
background and downloads it, then publishes it (DOCX, PDF and HTML frozen with their SHA-256);
an anonymous visitor finds the published bilan from the public data portal and downloads the
very files that were published."""

import hashlib
import io
import re
import zipfile

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.pages import check_page, log_in, nav_link, open_page, watch

pytestmark = pytest.mark.e2e

ANNEE = 2023
CONSTRUCTION_TIMEOUT_MS = 240_000  # the PDF (WeasyPrint, charts) takes tens of seconds


def construire(page: Page) -> None:
    """Submit the national build form, check the page shows progress before the document is
    ready, and wait for it (the block polls the server; the page is not reloaded)."""
    with page.expect_response(re.compile(r"/bilans/constructions/\d+/$")) as premiere:
        page.get_by_role("button", name=f"Construire le bilan national {ANNEE}").click()
    html = premiere.value.text()
    assert "Progression de la construction" in html, "pas de progression avant la fin"
    assert 'hx-trigger="every 1s"' in html
    page.evaluate("() => { window.__memePage = true; }")
    pret = page.locator("#etat-construction").get_by_role("status").filter(has_text="Document prêt")
    expect(pret).to_be_visible(timeout=CONSTRUCTION_TIMEOUT_MS)
    assert page.evaluate("() => window.__memePage === true"), "la page a été rechargée"


def telecharger(page: Page, lien) -> bytes:
    with page.expect_download() as telechargement:
        lien.click()
    chemin = telechargement.value.path()
    assert chemin is not None, telechargement.value.failure()
    return open(chemin, "rb").read()


def texte_docx(contenu: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(contenu)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    return re.sub(r"<[^>]+>", "", xml)


def test_admin_builds_downloads_and_publishes_the_national_bilan(
    page: Page, browser: Browser, jalon_server
):
    log_in(page, "admin")
    nav_link(page, "Bilans").click()
    page.get_by_label("Année du bilan").select_option(str(ANNEE))
    page.get_by_role("button", name="Afficher").click()
    main = page.locator("main")
    expect(main.get_by_role("heading", name=f"Bilan national {ANNEE}")).to_be_visible()
    check_page(page, "J5-01-bilans")

    main.get_by_role("link", name="Lire le brouillon en ligne").click()
    expect(main).to_contain_text(f"Brouillon du bilan {ANNEE}")
    expect(main.get_by_role("heading", name="Sommaire")).to_be_visible()
    expect(main.get_by_role("heading", name=re.compile(r"^Action 1 : "))).to_be_visible()
    check_page(page, "J5-02-bilan-brouillon")

    # A draft DOCX, built in the background, then downloaded.
    page.go_back()
    expect(page.get_by_label("Word (DOCX)")).to_be_checked()
    construire(page)
    check_page(page, "J5-03-construction-docx")
    docx = telecharger(page, main.get_by_role("link", name=re.compile(r"^Télécharger .*\.docx")))
    texte = texte_docx(docx)
    assert str(ANNEE) in texte and "santé mentale" in texte.lower(), texte[:500]

    # Publication: every format built from one reading of the data, then frozen.
    page.get_by_role("link", name="Retour aux bilans").click()
    main.locator("label[for=format-pdf]").click()  # DSFR radios are operated by their label
    main.locator("label[for=publier]").click()
    page.get_by_label("Note de publication (facultative)").fill("Publication du parcours e2e.")
    construire(page)
    main.get_by_role("link", name=re.compile(r"^Voir la publication")).click()
    expect(main.locator("h1")).to_contain_text(str(ANNEE))
    expect(main).to_contain_text("Publication du parcours e2e.")
    empreintes = {
        fichier.locator("a").inner_text().split()[0]: fichier.locator("code").inner_text()
        for fichier in main.locator("ul").first.locator("li").all()
    }
    assert {nom.rsplit(".", 1)[-1] for nom in empreintes} >= {"docx", "pdf"}, empreintes
    check_page(page, "J5-04-publication")

    # The portal offers the published files to anyone.
    visiteur = browser.new_context(base_url=jalon_server.url, locale="fr-FR")
    try:
        public = visiteur.new_page()
        watch(public, jalon_server.url)
        open_page(public, "/donnees/")
        public.locator("nav.fr-sidemenu").get_by_role("link", name="Bilans publiés").click()
        expect(public.locator("h1")).to_have_text("Bilans publiés")
        ligne = public.get_by_role("row").filter(has_text=f"Bilan national {ANNEE}")
        expect(ligne).to_have_count(1)
        check_page(public, "J5-05-bilans-publies")
        for format_ in ("PDF", "Word (DOCX)"):
            contenu = telecharger(
                public, ligne.get_by_role("link", name=re.compile(re.escape(format_)))
            )
            nom = next(n for n in empreintes if n.endswith(".pdf" if format_ == "PDF" else ".docx"))
            assert hashlib.sha256(contenu).hexdigest() == empreintes[nom], nom
            if format_ == "PDF":
                assert contenu.startswith(b"%PDF-") and b"%%EOF" in contenu[-1024:]
            else:
                assert str(ANNEE) in texte_docx(contenu)
    finally:
        visiteur.close()
