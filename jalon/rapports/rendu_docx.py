"""DOCX of a `document.Document` (python-docx), editable by the ministry in Word.

Real Word styles: sections use "Heading 1" to "Heading 4" (so Word's navigation pane and table
of contents work), lists "List Bullet"/"List Number", tables are Word tables ("Table Grid")
with a repeated header row, captions use "Caption". The contents is a TOC field that Word
fills when the document is opened (settings `updateFields`), or on "Mettre à jour les
champs"; footers carry a page-number field.
"""

import io
from xml.sax.saxutils import escape

from docx import Document as Docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.shape import CT_Inline
from docx.shared import Cm, Emu, Pt, RGBColor

from jalon.rapports import document as d

BLEU = RGBColor(0x00, 0x00, 0x91)
GRIS = RGBColor(0x55, 0x55, 0x55)
POLICE = "Arial"


def _styles(docx) -> None:
    styles = docx.styles
    normal = styles["Normal"]
    normal.font.name = POLICE
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(4)
    for niveau, taille in ((1, 17), (2, 13), (3, 11), (4, 10)):
        style = styles[f"Heading {niveau}"]
        style.font.name = POLICE
        style.font.size = Pt(taille)
        style.font.color.rgb = BLEU if niveau <= 3 else RGBColor(0x16, 0x16, 0x16)
        style.font.bold = True
    for nom in ("Title", "Subtitle", "Caption"):
        styles[nom].font.name = POLICE
    styles["Title"].font.color.rgb = BLEU


def _champ(paragraphe, instruction: str, texte_provisoire: str) -> None:
    """A complex field (TOC, PAGE…): begin, instruction, separate, placeholder, end."""

    def fld(type_):
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), type_)
        if type_ == "begin":
            element.set(qn("w:dirty"), "true")
        return element

    run = paragraphe.add_run()
    run._r.append(fld("begin"))
    run = paragraphe.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = instruction
    run._r.append(instr)
    run = paragraphe.add_run()
    run._r.append(fld("separate"))
    paragraphe.add_run(texte_provisoire)
    run = paragraphe.add_run()
    run._r.append(fld("end"))


def _mettre_a_jour_champs_a_l_ouverture(docx) -> None:
    settings = docx.settings.element
    element = OxmlElement("w:updateFields")
    element.set(qn("w:val"), "true")
    settings.append(element)


def _lien(paragraphe, url: str, texte: str, gras: bool, italique: bool) -> None:
    r_id = paragraphe.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    lien = OxmlElement("w:hyperlink")
    lien.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    proprietes = OxmlElement("w:rPr")
    couleur = OxmlElement("w:color")
    couleur.set(qn("w:val"), "000091")
    proprietes.append(couleur)
    souligne = OxmlElement("w:u")
    souligne.set(qn("w:val"), "single")
    proprietes.append(souligne)
    for actif, balise in ((gras, "w:b"), (italique, "w:i")):
        if actif:
            proprietes.append(OxmlElement(balise))
    run.append(proprietes)
    texte_xml = OxmlElement("w:t")
    texte_xml.set(qn("xml:space"), "preserve")
    texte_xml.text = texte
    run.append(texte_xml)
    lien.append(run)
    paragraphe._p.append(lien)


def _texte_xml(texte: str) -> str:
    """`w:t` runs' content for `texte`, line breaks and tabs as Word elements (what
    python-docx's `Run.text` does)."""
    morceaux = []
    for i, ligne in enumerate(texte.split("\n")):
        if i:
            morceaux.append("<w:br/>")
        for j, bout in enumerate(ligne.split("\t")):
            if j:
                morceaux.append("<w:tab/>")
            if bout:
                morceaux.append(f'<w:t xml:space="preserve">{escape(bout)}</w:t>')
    return "".join(morceaux)


def _cellule_xml(texte, largeur: int, *, gras: bool, droite: bool, demi_points: int = 17) -> str:
    # 8.5 pt by default (w:sz counts half-points); 7 pt in a year-by-month grid.
    alignement = '<w:pPr><w:jc w:val="right"/></w:pPr>' if droite else ""
    proprietes = f'<w:rPr>{"<w:b/>" if gras else ""}<w:sz w:val="{demi_points}"/></w:rPr>'
    return (
        f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{largeur}"/></w:tcPr>'
        f"<w:p>{alignement}<w:r>{proprietes}{_texte_xml(str(texte))}</w:r></w:p></w:tc>"
    )


def _runs(paragraphe, runs: list[d.Run]) -> None:
    for run in runs:
        if run.texte == "\n":
            paragraphe.add_run().add_break()
        elif run.lien:
            _lien(paragraphe, run.lien, run.texte, run.gras, run.italique)
        else:
            r = paragraphe.add_run(run.texte)
            r.bold = run.gras or None
            r.italic = run.italique or None


class _Redacteur:
    def __init__(self):
        self.docx = Docx()
        _styles(self.docx)
        # python-docx scans every style of the document each time a paragraph gets a style
        # (by name or object): resolve the ids once and set them on the XML directly.
        self.styles = {style.name: style.style_id for style in self.docx.styles}
        section = self.docx.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        for cote in ("left_margin", "right_margin"):
            setattr(section, cote, Cm(2))
        self.docx.settings.odd_and_even_pages_header_footer = False
        # Text width in twentieths of a point, shared evenly by the columns of a table.
        self.largeur_utile = Emu(
            section.page_width - section.left_margin - section.right_margin
        ).twips
        self.prochain_id = None

    # -- cover, contents, footer --
    def couverture(self, document: d.Document) -> None:
        docx = self.docx
        docx.core_properties.title = f"{document.titre} — {document.sous_titre}"
        docx.core_properties.author = document.auteur
        docx.core_properties.language = "fr-FR"
        auteur = docx.add_paragraph()
        auteur.add_run(document.auteur.upper()).bold = True
        for _ in range(6):
            docx.add_paragraph()
        docx.add_paragraph(document.titre, style="Title")
        docx.add_paragraph(document.sous_titre, style="Subtitle")
        for _ in range(6):
            docx.add_paragraph()
        for mention in document.mentions:
            p = docx.add_paragraph()
            r = p.add_run(mention)
            r.font.size, r.font.color.rgb = Pt(9), GRIS
        self.saut_de_page()
        if document.table_des_matieres:
            docx.add_paragraph("Sommaire", style="TOC Heading")
            self.sommaire(document)
            _mettre_a_jour_champs_a_l_ouverture(docx)
            self.saut_de_page()
        pied = docx.sections[0].footer.paragraphs[0]
        pied.alignment = WD_ALIGN_PARAGRAPH.CENTER
        pied.add_run(f"{document.titre} — {document.sous_titre} — page ")
        _champ(pied, "PAGE", "1")

    def sommaire(self, document: d.Document) -> None:
        """A TOC field whose current result already lists the headings (levels 1-2), so
        the contents reads right even before Word updates the field with page numbers
        (LibreOffice and viewers show the stored result)."""
        entrees = [s for s in document.parcourir() if s.niveau <= 2]

        def fld(type_):
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), type_)
            if type_ == "begin":
                element.set(qn("w:dirty"), "true")
            return element

        premier = self.docx.add_paragraph()
        premier.add_run()._r.append(fld("begin"))
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = 'TOC \\o "1-2" \\h \\z \\u'
        premier.add_run()._r.append(instr)
        premier.add_run()._r.append(fld("separate"))
        paragraphes = [premier] + [self.docx.add_paragraph() for _ in entrees[1:]]
        for paragraphe, section in zip(paragraphes, entrees, strict=True):
            paragraphe.paragraph_format.left_indent = Cm(0.6 * (section.niveau - 1))
            paragraphe.paragraph_format.space_after = Pt(1)
            run = paragraphe.add_run(section.titre)
            run.bold = section.niveau == 1 or None
        paragraphes[-1].add_run()._r.append(fld("end"))

    def p(self, texte: str = "", style: str = ""):
        paragraphe = self.docx.add_paragraph(texte)
        if style:
            paragraphe._p.style = self.styles[style]
        return paragraphe

    def saut_de_page(self) -> None:
        self.docx.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # -- blocks --
    def paragraphe(self, bloc: d.Paragraphe) -> None:
        p = self.docx.add_paragraph()
        _runs(p, bloc.runs)
        if bloc.style in {"note", "source"}:
            for run in p.runs:
                run.italic = True
                run.font.color.rgb = GRIS
                if bloc.style == "source":
                    run.font.size = Pt(8.5)
        elif bloc.style == "chapeau":
            for run in p.runs:
                run.bold = True

    def liste(self, liste: d.Liste, profondeur: int = 1) -> None:
        base = "List Number" if liste.ordonnee else "List Bullet"
        style = base if profondeur == 1 else f"{base} {min(profondeur, 3)}"
        for element in liste.elements:
            p = self.p(style=style)
            _runs(p, element.runs)
            if element.sous_liste:
                self.liste(element.sous_liste, profondeur + 1)

    def tableau(self, tableau: d.Tableau) -> None:
        """A Word table, written as one piece of XML: through python-docx's cell objects a
        national bilan's ~12 000 cells took most of the DOCX time (every run, font size and
        alignment setter searches its parent's children)."""
        self.p(tableau.titre, "Caption")
        lignes = tableau.lignes + ([tableau.total] if tableau.total else [])
        numeriques = set(tableau.colonnes_numeriques)
        colonnes = len(tableau.entetes)
        largeur = self.largeur_utile // colonnes if colonnes else 0
        dernier = len(lignes) - 1
        demi_points = 14 if tableau.grille else 17

        def rangee(cellules, *, gras: bool, entete: bool = False) -> str:
            # The header row repeats on every page the table spans.
            proprietes = '<w:trPr><w:tblHeader w:val="true"/></w:trPr>' if entete else ""
            return (
                f"<w:tr>{proprietes}"
                + "".join(
                    _cellule_xml(
                        texte, largeur, gras=gras, droite=i in numeriques, demi_points=demi_points
                    )
                    for i, texte in enumerate(cellules)
                )
                + "</w:tr>"
            )

        for ligne in [tableau.entetes, *lignes]:
            if len(ligne) != colonnes:
                raise ValueError(
                    f"Tableau « {tableau.titre} » : {len(ligne)} cellules au lieu de {colonnes}."
                )
        xml = (
            f"<w:tbl {nsdecls('w')}><w:tblPr>"
            f'<w:tblStyle w:val="{self.styles["Table Grid"]}"/>'
            '<w:tblW w:type="auto" w:w="0"/><w:jc w:val="center"/>'
            '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" '
            'w:noHBand="0" w:noVBand="1" w:val="04A0"/></w:tblPr><w:tblGrid>'
            + f'<w:gridCol w:w="{largeur}"/>' * colonnes
            + "</w:tblGrid>"
            + rangee(tableau.entetes, gras=True, entete=True)
            + "".join(
                rangee(ligne, gras=tableau.total is not None and rang == dernier)
                for rang, ligne in enumerate(lignes)
            )
            + "</w:tbl>"
        )
        self.docx.element.body._insert_tbl(parse_xml(xml))
        if tableau.note:
            self.paragraphe(d.Paragraphe.simple(tableau.note, "note"))

    def image(self, png: bytes, largeur) -> None:
        """`add_picture` without python-docx's `next_id`, which scans the whole document
        for the greatest shape id at each picture (quadratic over a bilan's charts)."""
        part = self.docx.part
        if self.prochain_id is None:
            self.prochain_id = part.next_id
        r_id, image = part.get_or_add_image(io.BytesIO(png))
        cx, cy = image.scaled_dimensions(largeur, None)
        inline = CT_Inline.new_pic_inline(self.prochain_id, r_id, image.filename, cx, cy)
        self.prochain_id += 1
        self.docx.add_paragraph().add_run()._r.add_drawing(inline)

    def figure(self, figure: d.Figure) -> None:
        png = figure.png()
        if png:
            self.image(png, Cm(15))
            self.p(figure.titre, "Caption")
        self.tableau(figure.tableau)

    def indicateur(self, bloc: d.Indicateur) -> None:
        p = self.docx.add_paragraph()
        p.add_run(f"{bloc.type_libelle} ({bloc.code})").bold = True
        p.add_run(f" : {bloc.libelle}")
        valeur = self.docx.add_paragraph()
        valeur.add_run(bloc.phrase).bold = True
        if bloc.source:
            self.paragraphe(d.Paragraphe.simple(bloc.source, "source"))
        if bloc.tableau_regional is not None:
            self.tableau(bloc.tableau_regional)
        if bloc.figure is not None:
            self.figure(bloc.figure)

    def bloc(self, bloc) -> None:
        if isinstance(bloc, d.Paragraphe):
            self.paragraphe(bloc)
        elif isinstance(bloc, d.Liste):
            self.liste(bloc)
        elif isinstance(bloc, d.Tableau):
            self.tableau(bloc)
        elif isinstance(bloc, d.Figure):
            self.figure(bloc)
        elif isinstance(bloc, d.Indicateur):
            self.indicateur(bloc)
        else:
            raise TypeError(f"Bloc de document inconnu : {type(bloc).__name__}")

    def section(self, section: d.Section, premiere: bool) -> None:
        if section.saut_de_page and not premiere:
            self.saut_de_page()
        self.p(section.titre, f"Heading {min(section.niveau, 9)}")
        for bloc in section.blocs:
            self.bloc(bloc)
        for sous in section.sections:
            self.section(sous, premiere=False)


def document_docx(document: d.Document) -> bytes:
    redacteur = _Redacteur()
    redacteur.couverture(document)
    for rang, section in enumerate(document.sections):
        redacteur.section(section, premiere=rang == 0)
    sortie = io.BytesIO()
    redacteur.docx.save(sortie)
    return sortie.getvalue()
