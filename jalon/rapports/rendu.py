"""One entry point for the three formats of a document."""

from jalon.rapports.document import Document
from jalon.rapports.models import Format

TYPES_MIME = {
    Format.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Format.PDF: "application/pdf",
    Format.HTML: "text/html; charset=utf-8",
}


def rendre(document: Document, format: str) -> bytes:
    """The document as DOCX, PDF or a standalone HTML page (bytes)."""
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
