"""The intermediate document model every report is built into, then rendered three ways.

A builder (national bilan, regional bilan, synthesis) produces a `Document`: nested
`Section`s holding blocks — `Paragraphe` (runs of text with bold/italic/links), `Liste`,
`Tableau`, `Figure`, `Indicateur` (one indicator with its values) — and nothing else.
`rendu_html`, `rendu_docx` and `rendu_pdf` know only these classes, so the three formats say
the same thing by construction. `contenu_comparable` flattens a document into the values and
texts a publication keeps for comparisons.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass
class Run:
    texte: str
    gras: bool = False
    italique: bool = False
    lien: str = ""


@dataclass
class Paragraphe:
    runs: list[Run]
    style: str = ""  # "", "chapeau", "note", "source"

    @classmethod
    def simple(cls, texte: str, style: str = "", **kwargs) -> Paragraphe:
        return cls([Run(texte, **kwargs)], style)

    @property
    def texte(self) -> str:
        return "".join(run.texte for run in self.runs)


@dataclass
class ElementListe:
    runs: list[Run]
    sous_liste: Liste | None = None

    @property
    def texte(self) -> str:
        return "".join(run.texte for run in self.runs)


@dataclass
class Liste:
    elements: list[ElementListe]
    ordonnee: bool = False


@dataclass
class Tableau:
    titre: str
    entetes: list[str]
    lignes: list[list[str]]
    total: list[str] | None = None
    note: str = ""
    # Columns holding numbers are right-aligned.
    colonnes_numeriques: tuple[int, ...] = ()
    # Many narrow columns (a year a row, a month a column): printed smaller, the first
    # column no wider than the others.
    grille: bool = False


@dataclass
class Figure:
    """A chart and the table behind it. The chart is rendered only by the formats that draw
    it, once: `svg()` for HTML, `png()` for DOCX and PDF (see `figures.dessiner`)."""

    titre: str
    tableau: Tableau  # the data behind the chart, always rendered with it
    graphique: object = None  # a jalon.graphiques.Graphique, or None for a table only
    texte_alternatif: str = ""
    largeur: int = 560
    _rendus: dict = field(default_factory=dict, repr=False, compare=False)

    def svg(self) -> str:
        if self.graphique is None:
            return ""
        if "svg" not in self._rendus:
            from jalon.rapports.figures import dessiner

            self._rendus["svg"] = dessiner(self.graphique, "svg", self.largeur).decode("utf-8")
        return self._rendus["svg"]

    def png(self) -> bytes:
        if self.graphique is None:
            return b""
        if "png" not in self._rendus:
            from jalon.rapports.figures import dessiner

            self._rendus["png"] = dessiner(self.graphique, "png", self.largeur)
        return self._rendus["png"]


@dataclass
class Indicateur:
    """One indicator of an action with what the bilan says of it."""

    code: str
    type_libelle: str  # "Indicateur de moyens" / "Indicateur de résultat"
    libelle: str
    phrase: str  # the evolution phrase, or "donnée non disponible pour N"
    source: str  # producer and year
    valeurs: dict  # {"derniere": {...} | None, "precedente": {...} | None, "variation": str}
    tableau_regional: Tableau | None = None
    figure: Figure | None = None


@dataclass
class Section:
    titre: str
    niveau: int  # 1 = chapter, 2 = axis or annex, 3 = action, 4 = sub-part
    ancre: str
    blocs: list = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    saut_de_page: bool = False

    def ajouter(self, *blocs) -> Section:
        self.blocs.extend(b for b in blocs if b is not None)
        return self

    def sous_section(self, titre: str, ancre: str, **kwargs) -> Section:
        section = Section(titre, self.niveau + 1, ancre, **kwargs)
        self.sections.append(section)
        return section


@dataclass
class Document:
    titre: str
    sous_titre: str
    auteur: str
    date: datetime.date
    sections: list[Section] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)  # cover notes (data status, generation)
    table_des_matieres: bool = True
    nom_fichier: str = "bilan"

    def figures(self):
        """Every figure of the document, standalone or under an indicator."""
        for section in self.parcourir():
            for bloc in section.blocs:
                if isinstance(bloc, Figure):
                    yield bloc
                elif isinstance(bloc, Indicateur) and bloc.figure is not None:
                    yield bloc.figure

    def parcourir(self):
        """Every section, depth first, in reading order."""
        pile = list(reversed(self.sections))
        while pile:
            section = pile.pop()
            yield section
            pile.extend(reversed(section.sections))


def _texte_bloc(bloc) -> str:
    if isinstance(bloc, Paragraphe):
        return bloc.texte
    if isinstance(bloc, Liste):
        return "\n".join(
            "- " + e.texte + ("\n" + _texte_bloc(e.sous_liste) if e.sous_liste else "")
            for e in bloc.elements
        )
    return ""


def contenu_comparable(document: Document) -> dict:
    """The values and texts of a document, keyed by section anchor, for version comparisons:
    `{"textes": {ancre: texte}, "valeurs": {ancre/code: phrase}, "tableaux": {...}}`."""
    textes, valeurs, tableaux = {}, {}, {}
    for section in document.parcourir():
        morceaux = [_texte_bloc(b) for b in section.blocs if isinstance(b, Paragraphe | Liste)]
        texte = "\n".join(m for m in morceaux if m)
        if texte:
            textes[section.ancre] = {"titre": section.titre, "texte": texte}
        for bloc in section.blocs:
            if isinstance(bloc, Indicateur):
                valeurs[f"{section.ancre}/{bloc.code}"] = {
                    "titre": f"{section.titre} — {bloc.code}",
                    "texte": bloc.phrase,
                }
                if bloc.tableau_regional is not None:
                    tableaux[f"{section.ancre}/{bloc.code}"] = {
                        "titre": f"{section.titre} — {bloc.code} (par région)",
                        "entetes": bloc.tableau_regional.entetes,
                        "lignes": bloc.tableau_regional.lignes
                        + ([bloc.tableau_regional.total] if bloc.tableau_regional.total else []),
                    }
            elif isinstance(bloc, Tableau):
                tableaux[f"{section.ancre}/{bloc.titre}"] = {
                    "titre": f"{section.titre} — {bloc.titre}",
                    "entetes": bloc.entetes,
                    "lignes": bloc.lignes + ([bloc.total] if bloc.total else []),
                }
    return {"textes": textes, "valeurs": valeurs, "tableaux": tableaux}
