"""PDF of a document: WeasyPrint on the same HTML as the web view, with print styles."""

from jalon.rapports.avancement import PART_DESSINS, suivre_weasyprint
from jalon.rapports.document import Document
from jalon.rapports.rendu_html import page_autonome


def document_pdf(document: Document, avancement=None) -> bytes:
    images = {}
    html = page_autonome(document, images=images)
    # Listening from before the import: WeasyPrint parses its own style sheets, and says
    # so on its progress logger, when first imported.
    with suivre_weasyprint(avancement, PART_DESSINS, 1.0):
        # Imported here: WeasyPrint loads Pango at import time, which pages never need.
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher, URLFetcherResponse

        class Figures(URLFetcher):
            """Serves the charts of this document and nothing else: the page is built from
            escaped texts, and no other resource (file, network) has any business in it."""

            def fetch(self, url, headers=None):
                if url in images:
                    return URLFetcherResponse(url, images[url], {"Content-Type": "image/png"})
                raise ValueError(f"Ressource refusée dans un bilan : {url}")

        return HTML(string=html, base_url=None, url_fetcher=Figures()).write_pdf()
