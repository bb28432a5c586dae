"""Rebuild narratifs_bilan_2023.csv from seed 001, the 2023 national bilan (not run by Jalon).

    python jalon/data/rapports/extraire_narratifs_bilan_2023.py ../shared/seeds/001_*.txt

The seed is the text extraction of the bilan's PDF: lines cut at the page width, often a blank
line between two lines, bullets lost (a bulleted item starts with a single space), page numbers
and figure captions mixed in. This script

1. finds the chapters of the actions ("Action 17 bis : …") and, in each, the three sections
   ("Enjeux et objectifs", "Actions déjà réalisées (rappel)", "Actions réalisées ou en cours en
   2023"); a section ends at the next section, at the action's "Indicateur…" lines (the values
   are Jalon's own data, not narrative) or at the end of the chapter;
2. takes the bilan's own parts (reminder of the roadmap, general governance, the delegate's
   word, governance of each axis) from the line ranges below, checked against their headings;
3. rebuilds paragraphs and lists from the lines (rules in `paragraphes`) and writes them as the
   HTML Jalon stores (p, ul, li), each row citing its line range.

The words are the seed's, unchanged: only line breaks, hyphenation at line ends and spaces
are rebuilt. SOURCES.md states what could not be mapped and the choices made.
"""

import csv
import html
import re
import sys
from pathlib import Path

ICI = Path(__file__).resolve().parent
SORTIE = ICI / "narratifs_bilan_2023.csv"
ANNEE = 2023
COLONNES = ["annee", "partie", "action", "axe", "lignes", "texte", "source"]

# (partie, axe, first line, last line, heading line, heading start, excluded line ranges)
PARTIES_BILAN = [
    ("rappel_fdr", 0, 16, 133, 12, "Rappel sur la feuille de route", []),
    ("gouvernance", 0, 146, 217, 143, "Gouvernance générale", []),
    ("mot_delegue", 0, 222, 298, 218, "Le mot du Délégué", []),
    ("gouvernance_axe", 1, 302, 371, 299, "Gouvernance", []),
    ("gouvernance_axe", 2, 1962, 2304, 1960, "Gouvernance", [(2025, 2033)]),
    ("gouvernance_axe", 3, 6205, 6245, 6203, "Gouvernance", []),
]

TITRE_ACTION = re.compile(r"^\s*Action\s+(\d+)\s*(bis|ter|quater)?\s*:", re.IGNORECASE)
FIN_CHAPITRE = re.compile(r"^\s*(Actions\s*:|Gouvernance\s*$|Axe\s+\d\s*:|Annexes\s*$)")
SECTIONS = [
    ("enjeux", re.compile(r"^\s*Enjeux et objectifs\s*$")),
    ("rappel", re.compile(r"^\s*Actions déjà réalisées \((rappel|Rappel)\)\s*$")),
    ("annee", re.compile(r"^\s*Actions réalisées ou en cours en 2023\.?\s*$")),
    # Action 17 ter has "Actions réalisées ou en cours" (no year) where the others have the
    # reminder, then the 2023 heading: read as its reminder.
    ("rappel", re.compile(r"^\s*Actions réalisées ou en cours\s*$")),
]
INDICATEUR = re.compile(r"^\s*Indicateurs?\s+de\s+(r[ée]sultats?|moyens)", re.IGNORECASE)
NUMERO_PAGE = re.compile(r"^\s*\d{1,3}\s*$")
FIN_PHRASE = re.compile(r"[.!?:;»)]\s*$")


def lire(chemin: Path) -> list[str]:
    # Line n of the seed is lignes[n] (index 0 unused), as every citation counts them.
    return [""] + Path(chemin).read_text(encoding="utf-8").split("\n")


def _debut_puce(brute: str) -> str | None:
    """The kind of list item a raw line starts, or None."""
    if re.match(r"^\s*o\s+\S", brute):
        return "sous"
    if re.match(r"^\s*[-•▫]\s+\S", brute):
        return "puce"
    # The extraction dropped the bullet glyph and left its space: " Texte…" with a capital.
    if re.match(r"^ {1,2}[A-ZÀ-ÝŒ«\"“0-9]", brute):
        return "puce"
    return None


def _sans_marque(texte: str) -> str:
    return re.sub(r"^\s*(?:o|[-•▫])\s+", "", texte).strip()


def paragraphes(lignes: list[tuple[int, str]]) -> list[tuple[str, str]]:
    """Blocks ("p" | "puce" | "sous", text) rebuilt from raw lines.

    A line continues the block being read unless: it starts a list item; or the block ends
    a sentence (. ! ? : ; » )) and the line starts with a capital or a digit; or the previous
    line was short (a heading, the last line of a paragraph) and a blank line followed it.
    A word cut by a hyphen at a line end is joined without a space.
    """
    blocs: list[list[str]] = []
    precedente_courte = False
    blanc = False
    for _numero, brute in lignes:
        if not brute.strip():
            blanc = True
            continue
        if NUMERO_PAGE.match(brute):
            continue
        texte = brute.strip()
        puce = _debut_puce(brute)
        nouveau = not blocs
        if not nouveau:
            courant = blocs[-1][1]
            commence_capitale = bool(re.match(r"[A-ZÀ-ÝŒ«\"“0-9]", texte))
            fin_phrase = bool(FIN_PHRASE.search(courant))
            nouveau = bool(
                (puce and (fin_phrase or blanc or puce == "sous"))
                or (commence_capitale and fin_phrase)
                or (commence_capitale and precedente_courte and blanc)
            )
        if nouveau:
            genre = puce or "p"
            blocs.append([genre, _sans_marque(texte) if puce else texte])
        else:
            courant = blocs[-1][1]
            if re.search(r"\w-$", courant):
                blocs[-1][1] = courant + texte
            else:
                blocs[-1][1] = courant + " " + texte
        precedente_courte = len(brute.rstrip()) < 60
        blanc = False
    return [(genre, re.sub(r"\s+", " ", texte).strip()) for genre, texte in blocs if texte]


def en_html(blocs: list[tuple[str, str]]) -> str:
    sortie, liste_ouverte, sous_ouverte = [], False, False
    for genre, texte in blocs:
        t = html.escape(texte, quote=False)
        if genre == "p":
            if sous_ouverte:
                sortie.append("</ul></li>")
                sous_ouverte = False
            elif liste_ouverte:
                sortie.append("</li>")
            if liste_ouverte:
                sortie.append("</ul>")
                liste_ouverte = False
            sortie.append(f"<p>{t}</p>")
        elif genre == "puce":
            if sous_ouverte:
                sortie.append("</ul></li>")
                sous_ouverte = False
            elif liste_ouverte:
                sortie.append("</li>")
            if not liste_ouverte:
                sortie.append("<ul>")
                liste_ouverte = True
            sortie.append(f"<li>{t}")
        else:  # sous
            if not liste_ouverte:
                sortie.append("<ul><li>")
                liste_ouverte = True
            if not sous_ouverte:
                sortie.append("<ul>")
                sous_ouverte = True
            sortie.append(f"<li>{t}</li>")
    if sous_ouverte:
        sortie.append("</ul></li>")
    elif liste_ouverte:
        sortie.append("</li>")
    if liste_ouverte:
        sortie.append("</ul>")
    return "".join(sortie)


def _plage(lignes, debut, fin, exclues=()):
    return [
        (n, lignes[n]) for n in range(debut, fin + 1) if not any(a <= n <= b for a, b in exclues)
    ]


def _titre(lignes, debut, fin) -> str:
    return " ".join(lignes[n].strip() for n in range(debut, fin + 1) if lignes[n].strip())


def mesures_des_assises(titre: str) -> set[str]:
    """Assises measures a chapter heading names: "(Mesures 24, 25 et 26 des Assises)"."""
    numeros = set()
    for groupe in re.findall(r"[Mm]esures?\s+((?:\d+(?:\s*,\s*|\s+et\s+)?)+)", titre):
        numeros.update(re.findall(r"\d+", groupe))
    return numeros


def verifier_correspondances(lignes, dossier_referentiel: Path) -> list[str]:
    """Compare each chapter with the referential shipped in jalon/data/referentiel: the number
    must exist in the March 2024 structure, and the Assises measures of the heading must be
    those of annex 1 (correspondances.csv). Returns the differences, in French."""
    with (dossier_referentiel / "bilan_2024_actions.csv").open(encoding="utf-8") as f:
        structure = {r["numero"]: r for r in csv.DictReader(f)}
    with (dossier_referentiel / "actions_2023.csv").open(encoding="utf-8") as f:
        annexe = {r["numero"] for r in csv.DictReader(f)}
    assises = {}
    with (dossier_referentiel / "correspondances.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["systeme"] == "assises_2021":
                assises.setdefault(r["action"], set()).add(r["numero"])
    ecarts = []
    for chapitre in chapitres(lignes):
        numero = chapitre["numero"]
        titre = _titre(lignes, chapitre["debut"], chapitre["titre_fin"])
        ligne = f"action {numero} (l.{chapitre['debut']})"
        if numero not in structure:
            ecarts.append(f"{ligne} : absente de la structure de mars 2024")
        if numero not in annexe:
            ecarts.append(f"{ligne} : absente de l'annexe 2023 (version courante)")
        lues, attendues = mesures_des_assises(titre), assises.get(numero, set())
        if lues != attendues:
            ecarts.append(
                f"{ligne} : mesures des Assises du titre {sorted(lues, key=int) or 'aucune'}, "
                f"annexe 1 {sorted(attendues, key=int) or 'aucune'}"
            )
    return ecarts


def chapitres(lignes: list[str]) -> list[dict]:
    """Action chapters: number, first line, heading end, last line."""
    debuts = []
    for n in range(1, len(lignes)):
        match = TITRE_ACTION.match(lignes[n])
        if match:
            numero = match.group(1) + (f" {match.group(2).lower()}" if match.group(2) else "")
            debuts.append((n, numero))
    resultat = []
    for rang, (debut, numero) in enumerate(debuts):
        suivant = debuts[rang + 1][0] if rang + 1 < len(debuts) else len(lignes)
        fin = suivant - 1
        for n in range(debut + 1, suivant):
            if FIN_CHAPITRE.match(lignes[n]):
                fin = n - 1
                break
        titre_fin = debut
        while titre_fin + 1 <= fin and lignes[titre_fin + 1].strip():
            titre_fin += 1
        # A heading goes on after a blank line when its parenthesis is still open or when
        # the next line opens one (action 4: "(Mesure 12 des Assises… )" two lines below).
        while True:
            suite = next((n for n in range(titre_fin + 1, fin + 1) if lignes[n].strip()), None)
            titre = _titre(lignes, debut, titre_fin)
            ouverte = titre.count("(") > titre.count(")")
            if suite is None or not (ouverte or lignes[suite].strip().startswith("(")):
                break
            titre_fin = suite
            while titre_fin + 1 <= fin and lignes[titre_fin + 1].strip():
                titre_fin += 1
        resultat.append({"numero": numero, "debut": debut, "titre_fin": titre_fin, "fin": fin})
    return resultat


def sections_du_chapitre(lignes, chapitre) -> list[tuple[str, int, int]]:
    """(partie, first line, last line) of each section; text before any section heading (two
    chapters have none) is read as the year's section."""
    reperes = []
    fin_narratif = chapitre["fin"]
    for n in range(chapitre["titre_fin"] + 1, chapitre["fin"] + 1):
        if INDICATEUR.match(lignes[n]):
            fin_narratif = n - 1
            break
        for partie, motif in SECTIONS:
            if motif.match(lignes[n]):
                reperes.append((partie, n))
                break
    if not reperes:
        return [("annee", chapitre["titre_fin"] + 1, fin_narratif)]
    sections = []
    for rang, (partie, n) in enumerate(reperes):
        fin = reperes[rang + 1][1] - 1 if rang + 1 < len(reperes) else fin_narratif
        sections.append((partie, n + 1, fin))
    return sections


def _ligne_csv(partie, action, axe, debut, fin, blocs):
    return {
        "annee": ANNEE,
        "partie": partie,
        "action": action,
        "axe": axe,
        "lignes": f"{debut}-{fin}",
        "texte": en_html(blocs),
        "source": f"seed 001 (bilan 2023, mars 2024) l.{debut}-{fin}",
    }


def extraire(chemin: Path) -> list[dict]:
    lignes = lire(chemin)
    rangees = []
    for partie, axe, debut, fin, titre, attendu, exclues in PARTIES_BILAN:
        if not lignes[titre].strip().startswith(attendu):
            raise SystemExit(f"l.{titre} : « {attendu} » attendu, lu « {lignes[titre].strip()} »")
        blocs = paragraphes(_plage(lignes, debut, fin, exclues))
        rangees.append(_ligne_csv(partie, "", axe, debut, fin, blocs))
    for chapitre in chapitres(lignes):
        for partie, debut, fin in sections_du_chapitre(lignes, chapitre):
            blocs = paragraphes(_plage(lignes, debut, fin))
            if blocs:
                rangees.append(_ligne_csv(partie, chapitre["numero"], 0, debut, fin, blocs))
    return rangees


def main(argv):
    if len(argv) != 2:
        raise SystemExit(__doc__)
    rangees = extraire(Path(argv[1]))
    with SORTIE.open("w", encoding="utf-8", newline="") as sortie:
        ecrivain = csv.DictWriter(sortie, fieldnames=COLONNES, lineterminator="\n")
        ecrivain.writeheader()
        ecrivain.writerows(rangees)
    actions = {r["action"] for r in rangees if r["action"]}
    print(f"{len(rangees)} textes, {len(actions)} actions -> {SORTIE}")
    for ecart in verifier_correspondances(lire(Path(argv[1])), ICI.parent / "referentiel"):
        print(f"  écart : {ecart}")


if __name__ == "__main__":
    main(sys.argv)
