"""HTML of a `document.Document`: the web view (a fragment inside a DSFR page) and the whole
page WeasyPrint turns into the PDF (`page_autonome`). Every text is escaped here; the only
markup that passes through is the SVG of the charts, which Jalon itself produced."""

import base64
from contextvars import ContextVar
from html import escape
from pathlib import Path

from jalon.rapports import document as d

CSS_IMPRESSION = Path(__file__).resolve().parent / "static" / "rapports" / "impression.css"


def _e(texte) -> str:
    return escape(str(texte), quote=True)


def _runs(runs: list[d.Run]) -> str:
    morceaux = []
    for run in runs:
        if run.texte == "\n":
            morceaux.append("<br>")
            continue
        texte = _e(run.texte)
        if run.gras:
            texte = f"<strong>{texte}</strong>"
        if run.italique:
            texte = f"<em>{texte}</em>"
        if run.lien:
            texte = f'<a href="{_e(run.lien)}" rel="noopener noreferrer">{texte}</a>'
        morceaux.append(texte)
    return "".join(morceaux)


def _liste(liste: d.Liste) -> str:
    balise = "ol" if liste.ordonnee else "ul"
    items = []
    for element in liste.elements:
        sous = _liste(element.sous_liste) if element.sous_liste else ""
        items.append(f"<li>{_runs(element.runs)}{sous}</li>")
    return f"<{balise}>{''.join(items)}</{balise}>"


def _tableau(tableau: d.Tableau) -> str:
    numeriques = set(tableau.colonnes_numeriques)

    def cellule(balise, i, texte, scope=""):
        classe = ' class="nombre"' if i in numeriques else ""
        return f"<{balise}{scope}{classe}>{_e(texte)}</{balise}>"

    entetes = "".join(cellule("th", i, t, ' scope="col"') for i, t in enumerate(tableau.entetes))
    lignes = []
    for ligne in tableau.lignes:
        cellules = [cellule("th", 0, ligne[0], ' scope="row"')] + [
            cellule("td", i, t) for i, t in enumerate(ligne) if i
        ]
        lignes.append(f"<tr>{''.join(cellules)}</tr>")
    pied = ""
    if tableau.total:
        cellules = [cellule("th", 0, tableau.total[0], ' scope="row"')] + [
            cellule("td", i, t) for i, t in enumerate(tableau.total) if i
        ]
        pied = f"<tfoot><tr>{''.join(cellules)}</tr></tfoot>"
    note = f'<p class="bilan-note">{_e(tableau.note)}</p>' if tableau.note else ""
    classe = ' class="bilan-grille"' if tableau.grille else ""
    return (
        f'<div class="fr-table bilan-tableau"><table{classe}>'
        f"<caption>{_e(tableau.titre)}</caption><thead><tr>{entetes}</tr></thead>"
        f"<tbody>{''.join(lignes)}</tbody>{pied}</table></div>{note}"
    )


class _Navigateur:
    """Web view: charts drawn in the browser by vega-embed (`jalon.graphiques` template),
    each with a unique id even when an indicator serves two actions."""

    def __init__(self):
        self.rang = 0

    def figure(self, figure: d.Figure) -> str:
        import dataclasses

        from django.template.loader import render_to_string

        from jalon.graphiques.templatetags.graphiques_tags import graphique

        self.rang += 1
        g = dataclasses.replace(
            figure.graphique, identifiant=f"{figure.graphique.identifiant}-{self.rang}"
        )
        return render_to_string("graphiques/graphique.html", graphique(g, titre_niveau=5))


# Set by corps_html(navigateur=True) for one rendering; a ContextVar is per thread.
_NAVIGATEUR: ContextVar["_Navigateur | None"] = ContextVar("rapports_navigateur", default=None)
# Set by page_autonome(images={}), for the PDF: charts as the DOCX's PNG, by reference.
_IMAGES: ContextVar["dict | None"] = ContextVar("rapports_images", default=None)
SCHEMA_IMAGE = "jalon-figure"


def _figure(figure: d.Figure) -> str:
    navigateur = _NAVIGATEUR.get()
    if navigateur is not None and figure.graphique is not None:
        return navigateur.figure(figure)
    image = ""
    images = _IMAGES.get()
    if images is not None:
        png = figure.png()
        if png:
            adresse = f"{SCHEMA_IMAGE}:{len(images) + 1}"
            images[adresse] = png
            image = (
                f'<img class="bilan-graphique" src="{adresse}" alt="{_e(figure.texte_alternatif)}">'
            )
    else:
        svg = figure.svg()
        if svg:
            donnees = base64.b64encode(svg.encode("utf-8")).decode("ascii")
            image = (
                f'<img class="bilan-graphique" src="data:image/svg+xml;base64,{donnees}" '
                f'alt="{_e(figure.texte_alternatif)}">'
            )
    return (
        f'<figure class="bilan-figure">{image}<figcaption>{_e(figure.titre)}</figcaption>'
        f"{_tableau(figure.tableau)}</figure>"
    )


def _indicateur(bloc: d.Indicateur) -> str:
    morceaux = [
        '<div class="bilan-indicateur">',
        f"<p><strong>{_e(bloc.type_libelle)} ({_e(bloc.code)})</strong> : {_e(bloc.libelle)}</p>",
        f'<p class="bilan-valeur">{_e(bloc.phrase)}</p>',
    ]
    if bloc.source:
        morceaux.append(f'<p class="bilan-source">{_e(bloc.source)}</p>')
    if bloc.tableau_regional is not None:
        morceaux.append(_tableau(bloc.tableau_regional))
    if bloc.figure is not None:
        morceaux.append(_figure(bloc.figure))
    morceaux.append("</div>")
    return "".join(morceaux)


def bloc_html(bloc) -> str:
    if isinstance(bloc, d.Paragraphe):
        classe = f' class="bilan-{bloc.style}"' if bloc.style else ""
        return f"<p{classe}>{_runs(bloc.runs)}</p>"
    if isinstance(bloc, d.Liste):
        return _liste(bloc)
    if isinstance(bloc, d.Tableau):
        return _tableau(bloc)
    if isinstance(bloc, d.Figure):
        return _figure(bloc)
    if isinstance(bloc, d.Indicateur):
        return _indicateur(bloc)
    raise TypeError(f"Bloc de document inconnu : {type(bloc).__name__}")


def _section(section: d.Section, decalage: int) -> str:
    niveau = min(6, section.niveau + decalage)
    classes = [f"bilan-niveau-{section.niveau}"] + (["bilan-saut"] if section.saut_de_page else [])
    contenu = "".join(bloc_html(b) for b in section.blocs)
    enfants = "".join(_section(s, decalage) for s in section.sections)
    return (
        f'<section id="{_e(section.ancre)}" class="{" ".join(classes)}">'
        f"<h{niveau}>{_e(section.titre)}</h{niveau}>{contenu}{enfants}</section>"
    )


def sommaire(document: d.Document, profondeur: int = 2) -> str:
    def liste(sections):
        items = []
        for s in sections:
            enfants = liste(s.sections) if s.niveau < profondeur and s.sections else ""
            items.append(f'<li><a href="#{_e(s.ancre)}">{_e(s.titre)}</a>{enfants}</li>')
        return f"<ol>{''.join(items)}</ol>"

    return (
        '<nav class="bilan-sommaire" aria-labelledby="sommaire-titre">'
        f'<h2 id="sommaire-titre">Sommaire</h2>{liste(document.sections)}</nav>'
    )


def couverture(document: d.Document) -> str:
    mentions = "".join(f"<li>{_e(m)}</li>" for m in document.mentions)
    return (
        '<header class="bilan-couverture">'
        f'<p class="bilan-auteur">{_e(document.auteur)}</p>'
        f"<h1>{_e(document.titre)}</h1>"
        f'<p class="bilan-sous-titre">{_e(document.sous_titre)}</p>'
        f'<ul class="bilan-mentions">{mentions}</ul></header>'
    )


def corps_html(document: d.Document, *, decalage: int = 1, navigateur: bool = False) -> str:
    """Cover, contents and sections: headings start at h2 (the page has its own h1).
    `navigateur`: charts drawn by the browser (web view) instead of server-side SVG."""
    jeton = _NAVIGATEUR.set(_Navigateur() if navigateur else None)
    try:
        toc = sommaire(document) if document.table_des_matieres else ""
        sections = "".join(_section(s, decalage) for s in document.sections)
    finally:
        _NAVIGATEUR.reset(jeton)
    return f'<article class="bilan">{couverture(document)}{toc}{sections}</article>'


def page_autonome(document: d.Document, *, images: dict | None = None) -> str:
    """A whole HTML page (for the PDF and the HTML download), print styles included.

    `images` (the PDF): charts as PNG images, referenced as `jalon-figure:N` and put in
    `images` for WeasyPrint's fetcher, rather than SVG in the page (the HTML download).
    WeasyPrint draws an SVG chart in Python, text by text (≈ 0.15 s a chart, a quarter of a
    national bilan's PDF), and parses a data URI character by character (≈ 3 MB of base64
    for a national bilan); the PNG, rasterised from the same SVG and shared with the DOCX,
    costs it neither. The table behind each chart stays printed as text under it."""
    css = CSS_IMPRESSION.read_text(encoding="utf-8")
    jeton = _IMAGES.set(images)
    try:
        corps = corps_html(document)
    finally:
        _IMAGES.reset(jeton)
    return (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
        f"<title>{_e(document.titre)} — {_e(document.sous_titre)}</title>"
        f'<meta name="author" content="{_e(document.auteur)}">'
        f"<style>{css}</style></head><body>{corps}</body></html>"
    )
