"""Rich text of the narratives: sanitised on the server (nh3), then read into document blocks.

Accepted markup: paragraphs, line breaks, bulleted and numbered lists (nested), bold, italic
and links (http, https, mailto). Everything else is removed by `nettoyer` before storage —
scripts, styles, event attributes, images, tables — whatever the editor or the API sent.
Plain text is accepted too: blank lines separate paragraphs and lines starting with "- " or
"• " become a bulleted list.
"""

import html
import re
from html.parser import HTMLParser

import nh3

from jalon.rapports.document import ElementListe, Liste, Paragraphe, Run

BALISES = {"p", "br", "ul", "ol", "li", "strong", "b", "em", "i", "a"}
ATTRIBUTS = {"a": {"href"}}
SCHEMAS = {"http", "https", "mailto"}
_BALISE = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
_PUCE = re.compile(r"^\s*(?:[-•–]|\d+[.)])\s+")


def nettoyer(texte: str) -> str:
    """Sanitised HTML for storage; plain text is first turned into paragraphs and lists."""
    texte = (texte or "").replace("\r\n", "\n").strip()
    if not texte:
        return ""
    if not _BALISE.search(texte):
        texte = texte_brut_en_html(texte)
    propre = nh3.clean(
        texte,
        tags=BALISES,
        attributes=ATTRIBUTS,
        url_schemes=SCHEMAS,
        link_rel="noopener noreferrer",
    )
    propre = propre.strip()
    if propre and not re.search(r"<(p|ul|ol)[\s>]", propre):
        propre = f"<p>{propre}</p>"  # inline markup only: one paragraph
    return propre


def texte_brut_en_html(texte: str) -> str:
    """Blank-line separated paragraphs; consecutive "- " lines form a list."""
    morceaux = []
    for bloc in re.split(r"\n\s*\n", texte.strip()):
        lignes = [ligne for ligne in bloc.split("\n") if ligne.strip()]
        if lignes and all(_PUCE.match(ligne) for ligne in lignes):
            ordonnee = all(re.match(r"^\s*\d+[.)]", ligne) for ligne in lignes)
            balise = "ol" if ordonnee else "ul"
            items = "".join(
                f"<li>{html.escape(_PUCE.sub('', ligne).strip())}</li>" for ligne in lignes
            )
            morceaux.append(f"<{balise}>{items}</{balise}>")
        elif lignes:
            morceaux.append("<p>" + "<br>".join(html.escape(ligne.strip()) for ligne in lignes))
            morceaux[-1] += "</p>"
    return "".join(morceaux)


def texte_seul(texte_html: str) -> str:
    """The words without markup (for comparisons, search and word counts)."""
    blocs = en_blocs(texte_html)
    lignes = []
    for bloc in blocs:
        if isinstance(bloc, Paragraphe):
            lignes.append(bloc.texte)
        else:
            lignes.extend(_lignes_liste(bloc))
    return "\n".join(lignes)


def _lignes_liste(liste: Liste, profondeur: int = 0) -> list[str]:
    lignes = []
    for element in liste.elements:
        lignes.append("  " * profondeur + "- " + element.texte)
        if element.sous_liste:
            lignes.extend(_lignes_liste(element.sous_liste, profondeur + 1))
    return lignes


class _Lecteur(HTMLParser):
    """Reads sanitised HTML into Paragraphe / Liste blocks (the markup is already trusted)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocs: list = []
        self.runs: list[Run] | None = None  # runs of the paragraph or list item being read
        self.listes: list[Liste] = []  # open lists, innermost last
        self.gras = self.italique = 0
        self.lien = ""

    # -- helpers --
    def _fermer_paragraphe(self):
        if self.runs is not None and not self.listes:
            runs = _compacter(self.runs)
            if runs:
                self.blocs.append(Paragraphe(runs))
            self.runs = None

    def _runs_courants(self) -> list[Run]:
        if self.listes:
            liste = self.listes[-1]
            if not liste.elements:
                liste.elements.append(ElementListe([]))
            return liste.elements[-1].runs
        if self.runs is None:
            self.runs = []
        return self.runs

    # -- parser callbacks --
    def handle_starttag(self, tag, attrs):
        if tag == "p":
            self._fermer_paragraphe()
            if not self.listes:
                self.runs = []
        elif tag in {"ul", "ol"}:
            self._fermer_paragraphe()
            liste = Liste([], ordonnee=tag == "ol")
            if self.listes:
                parent = self.listes[-1]
                if not parent.elements:
                    parent.elements.append(ElementListe([]))
                parent.elements[-1].sous_liste = liste
            else:
                self.blocs.append(liste)
            self.listes.append(liste)
        elif tag == "li" and self.listes:
            self.listes[-1].elements.append(ElementListe([]))
        elif tag in {"strong", "b"}:
            self.gras += 1
        elif tag in {"em", "i"}:
            self.italique += 1
        elif tag == "a":
            self.lien = dict(attrs).get("href") or ""
        elif tag == "br":
            self._runs_courants().append(Run("\n"))

    def handle_endtag(self, tag):
        if tag == "p":
            self._fermer_paragraphe()
        elif tag in {"ul", "ol"} and self.listes:
            self.listes.pop()
        elif tag in {"strong", "b"}:
            self.gras = max(0, self.gras - 1)
        elif tag in {"em", "i"}:
            self.italique = max(0, self.italique - 1)
        elif tag == "a":
            self.lien = ""

    def handle_data(self, data):
        if not data.strip() and (self.runs is None and not self.listes):
            return
        texte = re.sub(r"\s+", " ", data)
        self._runs_courants().append(
            Run(texte, gras=bool(self.gras), italique=bool(self.italique), lien=self.lien)
        )

    def close(self):
        super().close()
        self.listes = []
        self._fermer_paragraphe()


def _compacter(runs: list[Run]) -> list[Run]:
    """Trim the paragraph's outer spaces and merge neighbouring runs of the same style."""
    sortie: list[Run] = []
    for run in runs:
        if (
            sortie
            and (sortie[-1].gras, sortie[-1].italique, sortie[-1].lien)
            == (run.gras, run.italique, run.lien)
            and "\n" not in (run.texte, sortie[-1].texte)
        ):
            sortie[-1] = Run(sortie[-1].texte + run.texte, run.gras, run.italique, run.lien)
        else:
            sortie.append(run)
    if sortie:
        sortie[0] = Run(
            sortie[0].texte.lstrip(), sortie[0].gras, sortie[0].italique, sortie[0].lien
        )
        sortie[-1] = Run(
            sortie[-1].texte.rstrip(), sortie[-1].gras, sortie[-1].italique, sortie[-1].lien
        )
    return [run for run in sortie if run.texte]


def en_blocs(texte_html: str) -> list:
    """Document blocks (Paragraphe, Liste) of a stored narrative."""
    if not texte_html:
        return []
    lecteur = _Lecteur()
    lecteur.feed(texte_html)
    lecteur.close()
    for bloc in lecteur.blocs:
        if isinstance(bloc, Liste):
            _compacter_liste(bloc)
    return [b for b in lecteur.blocs if not isinstance(b, Liste) or b.elements]


def _compacter_liste(liste: Liste) -> None:
    for element in liste.elements:
        element.runs = _compacter(element.runs)
        if element.sous_liste:
            _compacter_liste(element.sous_liste)
    liste.elements = [e for e in liste.elements if e.runs or e.sous_liste]
