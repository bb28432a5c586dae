"""One entry point for the three formats of a document."""

import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool

from jalon.graphiques.rendu import dessins
from jalon.rapports.avancement import PART_DESSINS, Avancement, limite
from jalon.rapports.document import Document, Figure
from jalon.rapports.figures import ECHELLE_PNG, chemin_dessin, ranger
from jalon.rapports.models import Format

logger = logging.getLogger(__name__)

# From this many charts left to draw, worker processes draw them; below, threads. vl-convert
# draws one chart at a time in a process (two threads gain about 20 %: 140 -> 112 ms a chart),
# and a worker process costs about a second to start (Python, then vl-convert's engine).
SEUIL_PROCESSUS = 24

TYPES_MIME = {
    Format.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Format.PDF: "application/pdf",
    Format.HTML: "text/html; charset=utf-8",
}


def _compteur(avancement: Avancement | None, total: int):
    """Report "n charts out of total" within the drawing part of the rendering."""
    if avancement is None:
        return lambda faits: None
    return lambda faits: avancement(
        f"Dessin des graphiques : {faits} sur {total}", PART_DESSINS * faits / total
    )


def prerendre_figures(document: Document, format: str, avancement=None) -> None:
    """Draw the charts the format needs (PNG for DOCX and PDF, SVG for HTML) on every core
    at once: vl-convert works outside the GIL, and a national bilan has one chart per
    series."""
    figures = [f for f in document.figures() if f.graphique is not None]
    if len(figures) < 2:
        return
    bitmap = format in {Format.DOCX, Format.PDF}
    coeurs = max(1, os.cpu_count() or 1)
    if coeurs > 1:
        dessiner_en_processus(figures, bitmap, coeurs, avancement)
    # Then every figure reads its drawing (from the drawings just made, or draws it here).
    dessiner = (lambda f: f.png()) if bitmap else (lambda f: f.svg())
    signaler = _compteur(avancement, len(figures))
    with ThreadPoolExecutor(max_workers=coeurs) as executeur:
        for faits, _ in enumerate(executeur.map(dessiner, figures), start=1):
            signaler(faits)


def dessiner_en_processus(figures: list[Figure], bitmap: bool, coeurs: int, avancement=None) -> int:
    """Draw in `coeurs` worker processes the charts not drawn yet, when there are at least
    SEUIL_PROCESSUS of them (a national bilan's first build: 113 charts), and keep them with
    the other drawings. Returns how many were drawn this way. A pool that cannot start or
    breaks leaves the drawing to the threads of `prerendre_figures`: slower, never lost."""
    format_final = "png" if bitmap else "svg"
    a_dessiner: dict = {}
    for figure in figures:
        chemin = chemin_dessin(figure.graphique, format_final, figure.largeur)
        if not chemin.exists():
            a_dessiner.setdefault(chemin, figure)  # two figures of one chart: drawn once
    if len(a_dessiner) < SEUIL_PROCESSUS:
        return 0
    echelle = ECHELLE_PNG if bitmap else None
    # "spawn": a fresh interpreter, never a fork of a process whose threads (the task worker,
    # vl-convert's own engine) would be copied in an unknown state.
    contexte = multiprocessing.get_context("spawn")
    faits = 0
    signaler = _compteur(avancement, len(a_dessiner))
    try:
        with ProcessPoolExecutor(max_workers=coeurs, mp_context=contexte) as executeur:
            travaux = {
                executeur.submit(dessins, f.graphique.spec, f.largeur, echelle): f
                for f in a_dessiner.values()
            }
            for travail in as_completed(travaux):
                figure = travaux[travail]
                svg, png = travail.result()
                ranger(chemin_dessin(figure.graphique, "svg", figure.largeur), svg.encode())
                if png is not None:
                    ranger(chemin_dessin(figure.graphique, "png", figure.largeur), png)
                faits += 1
                signaler(faits)
    except (BrokenProcessPool, OSError) as erreur:
        logger.warning("Dessin des graphiques en processus impossible (%s) : fils seuls.", erreur)
    return faits


def rendre(document: Document, format: str, avancement: Avancement | None = None) -> bytes:
    """The document as DOCX, PDF or a standalone HTML page (bytes). ``avancement(etape,
    part)``, when given, hears the charts drawn and, for the PDF, the pages laid out
    (`jalon.rapports.avancement`)."""
    if format not in Format.values:
        raise ValueError(f"Format « {format} » inconnu (attendu : docx, pdf ou html).")
    avancement = limite(avancement)
    prerendre_figures(document, format, avancement)
    if format == Format.DOCX:
        from jalon.rapports.rendu_docx import document_docx

        if avancement is not None:
            avancement("Écriture du DOCX", PART_DESSINS)
        contenu = document_docx(document)
    elif format == Format.PDF:
        from jalon.rapports.rendu_pdf import document_pdf

        contenu = document_pdf(document, avancement)
    else:
        from jalon.rapports.rendu_html import page_autonome

        contenu = page_autonome(document).encode("utf-8")
    if avancement is not None:
        avancement(f"Document {Format(format).label} prêt", 1)
    return contenu


def nom_fichier(document: Document, format: str) -> str:
    return f"{document.nom_fichier}.{format}"
