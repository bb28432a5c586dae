"""The DOCX writer's own XML (tables, pictures) reads back as python-docx would have written
it; the PDF's page carries the same PNG charts, the HTML download SVG ones."""

import datetime
import io
import struct
import zlib

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from jalon.rapports.document import Document, Figure, Section, Tableau
from jalon.rapports.rendu_docx import document_docx
from jalon.rapports.rendu_html import page_autonome
from jalon.rapports.rendu_pdf import document_pdf


def _png() -> bytes:
    """A valid 1×1 PNG, so the test needs no chart engine."""

    def bloc(genre: bytes, donnees: bytes) -> bytes:
        corps = genre + donnees
        return struct.pack(">I", len(donnees)) + corps + struct.pack(">I", zlib.crc32(corps))

    entete = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + bloc(b"IHDR", entete)
        + bloc(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))
        + bloc(b"IEND", b"")
    )


PNG = _png()


class _Dessin(Figure):
    def png(self) -> bytes:
        return PNG


def _document():
    tableau = Tableau(
        titre="A01 — valeurs par région",
        entetes=["Région", "2023", "2022", "Évolution"],
        lignes=[
            ["Bretagne & Normandie <test>", "1\u202f200", "1\u202f000", "+20\u202f%"],
            ["Corse", "non disponible", "3", "ligne 1\nligne 2\tfin"],
        ],
        total=["Total des régions", "1\u202f200", "1\u202f003", "non comparable"],
        note="1 région(s) sans valeur validée pour 2023.",
        colonnes_numeriques=(1, 2, 3),
    )
    serie = Tableau("A01 — série nationale", ["Période", "Valeur (France)"], [["2023", "5"]])
    section = Section("Indicateurs", 1, "indicateurs")
    section.ajouter(tableau, _Dessin("Figure 1", serie), _Dessin("Figure 2", serie))
    return Document("Titre", "Sous-titre", "DMSMP", datetime.date(2024, 3, 1), [section])


def test_tables_keep_every_cell_header_repeat_bold_total_and_alignment():
    fichier = docx.Document(io.BytesIO(document_docx(_document())))
    table = next(t for t in fichier.tables if t.rows[0].cells[0].text == "Région")
    assert [[c.text for c in r.cells] for r in table.rows] == [
        ["Région", "2023", "2022", "Évolution"],
        ["Bretagne & Normandie <test>", "1\u202f200", "1\u202f000", "+20\u202f%"],
        ["Corse", "non disponible", "3", "ligne 1\nligne 2\tfin"],
        ["Total des régions", "1\u202f200", "1\u202f003", "non comparable"],
    ]
    assert table.style.name == "Table Grid"
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    premier_run = table.rows[0].cells[0].paragraphs[0].runs[0]
    assert premier_run.bold and premier_run.font.size == Pt(8.5)
    assert not table.rows[1].cells[0].paragraphs[0].runs[0].bold
    assert all(c.paragraphs[0].runs[0].bold for c in table.rows[3].cells)
    assert table.rows[1].cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert table.rows[1].cells[0].paragraphs[0].alignment is None
    textes = [p.text for p in fichier.paragraphs]
    assert "1 région(s) sans valeur validée pour 2023." in textes


def test_pictures_get_distinct_shape_ids():
    fichier = docx.Document(io.BytesIO(document_docx(_document())))
    assert len(fichier.inline_shapes) == 2
    ids = [s._inline.docPr.id for s in fichier.inline_shapes]
    assert len(set(ids)) == 2 and min(ids) > 0


def test_pdf_page_embeds_the_png_charts_and_the_html_download_svg_ones():
    class _Vectoriel(_Dessin):
        def svg(self) -> str:
            return '<svg xmlns="http://www.w3.org/2000/svg"/>'

    document = _document()
    document.sections[0].blocs = [_Vectoriel("Figure 1", document.sections[0].blocs[1].tableau)]
    images = {}
    pour_pdf = page_autonome(document, images=images)
    assert list(images) == ["jalon-figure:1"] and images["jalon-figure:1"] == PNG
    assert 'src="jalon-figure:1"' in pour_pdf and "image/svg" not in pour_pdf
    assert "<td" in pour_pdf  # the table behind the chart, as text
    telechargement = page_autonome(document)
    assert telechargement.count('src="data:image/svg+xml;base64,') == 1
    assert "jalon-figure" not in telechargement
    contenu = document_pdf(document)
    assert contenu.startswith(b"%PDF-") and b"/Subtype /Image" in contenu
