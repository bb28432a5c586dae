"""One entry point for the three formats of a document."""

import os
from concurrent.futures import ThreadPoolExecutor

from jalon.rapports.document import Document
from jalon.rapports.models import Format

TYPES_MIME = {
    Format.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Format.PDF: "application/pdf",
    Format.HTML: "text/html; charset=utf-8",
}


def prerendre_figures(document: Document, format: str) -> None:
    """Draw the charts the format needs (PNG for DOCX and PDF, SVG for HTML) on every core
    at once: vl-convert works outside the GIL, and a national bilan has one chart per
    series."""
    figures = [f for f in document.figures() if f.graphique is not None]
    if len(figures) < 2:
        return
    bitmap = format in {Format.DOCX, Format.PDF}
    dessiner = (lambda f: f.png()) if bitmap else (lambda f: f.svg())
    with ThreadPoolExecutor(max_workers=max(1, os.cpu_count() or 1)) as executeur:
        list(executeur.map(dessiner, figures))


def rendre(document: Document, format: str) -> bytes:
    """The document as DOCX, PDF or a standalone HTML page (bytes)."""
    prerendre_figures(document, format)
    if format == Format.DOCX:
        from jalon.rapports.rendu_docx import document_docx

        return document_docx(document)
    if format == Format.PDF:
        from jalon.rapports.rendu_pdf import document_pdf

        return document_pdf(document)
    if format == Format.HTML:
        from jalon.rapports.rendu_html import page_autonome

        return page_autonome(document).encode("utf-8")
    raise ValueError(f"Format « {format} » inconnu (attendu : docx, pdf ou html).")


def nom_fichier(document: Document, format: str) -> str:
    return f"{document.nom_fichier}.{format}"
