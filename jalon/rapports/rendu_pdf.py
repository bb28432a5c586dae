"""PDF of a document: WeasyPrint on the same HTML as the web view, with print styles."""

from jalon.rapports.document import Document
from jalon.rapports.rendu_html import page_autonome


def document_pdf(document: Document) -> bytes:
    # Imported here: WeasyPrint loads Pango at import time, which pages never need.
    from weasyprint import HTML

    return HTML(string=page_autonome(document, bitmaps=True), base_url=None).write_pdf()
