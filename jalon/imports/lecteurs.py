"""Read a tabular file (tab-separated text, CSV or xlsx) into numbered rows of strings.

Readers know nothing of the referential: they turn bytes into `(line number, cells)` and
refuse, in French, what they cannot read safely. Line numbers are those a user sees in a text
editor or in the spreadsheet, so that error messages can point at them.
"""

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from python_calamine import CalamineError, CalamineWorkbook

from jalon.imports.erreurs import ErreurFichier, FichierRefuse

EXTENSIONS_TEXTE = {".tsv", ".txt", ".csv"}
EXTENSIONS_TABLEUR = {".xlsx"}
EXTENSIONS_ACCEPTEES = EXTENSIONS_TEXTE | EXTENSIONS_TABLEUR
# Tried in this order: utf-8-sig also reads plain UTF-8; cp1252 is what Excel writes on
# French Windows when asked for "CSV (séparateur : point-virgule)".
ENCODAGES = ("utf-8-sig", "cp1252")
SEPARATEURS_CSV = ("\t", ";", ",")


@dataclass(frozen=True)
class Ligne:
    numero: int
    cellules: list[str]


def _refuser(nom: str, message: str):
    raise FichierRefuse([ErreurFichier(nom, message)])


def verifier_fichier(nom: str, taille: int) -> None:
    """Refuse by name and size before reading anything."""
    extension = PurePath(nom).suffix.lower()
    if extension == ".xlsm":
        _refuser(
            nom,
            "les classeurs contenant des macros (.xlsm) sont refusés ; enregistrez-le en .xlsx.",
        )
    if extension not in EXTENSIONS_ACCEPTEES:
        _refuser(
            nom,
            f"extension « {extension or '(aucune)'} » non acceptée "
            "(attendu : .tsv, .txt, .csv ou .xlsx).",
        )
    limite = settings.JALON_IMPORT_MAX_BYTES
    if taille > limite:
        _refuser(
            nom,
            f"le fichier pèse {taille} octets, au-delà de la limite de {limite} octets "
            "(JALON_IMPORT_MAX_BYTES).",
        )
    if taille == 0:
        _refuser(nom, "le fichier est vide.")


def lire_lignes(nom: str, contenu: bytes) -> list[Ligne]:
    verifier_fichier(nom, len(contenu))
    extension = PurePath(nom).suffix.lower()
    if extension in EXTENSIONS_TABLEUR:
        lignes = _lire_xlsx(nom, contenu)
    else:
        lignes = _lire_texte(nom, contenu, csv_=extension == ".csv")
    if not any(cellule.strip() for ligne in lignes for cellule in ligne.cellules):
        _refuser(nom, "le fichier ne contient aucune donnée.")
    return lignes


def _decoder(nom: str, contenu: bytes) -> str:
    for encodage in ENCODAGES:
        try:
            return contenu.decode(encodage)
        except UnicodeDecodeError:
            continue
    _refuser(nom, "encodage non reconnu (attendu : UTF-8 ou Windows-1252).")


def _lire_texte(nom: str, contenu: bytes, csv_: bool) -> list[Ligne]:
    texte = _decoder(nom, contenu)
    if not csv_:
        # The instruction's own layout: tab-separated, quotes are part of the text
        # ("Ecout'émoi", "lits à la demande"), so no CSV quoting applies.
        return [
            Ligne(numero, ligne.split("\t"))
            for numero, ligne in enumerate(texte.splitlines(), start=1)
        ]
    separateur = _deviner_separateur(texte)
    lecteur = csv.reader(io.StringIO(texte, newline=""), delimiter=separateur)
    lignes = []
    debut = 1
    try:
        for cellules in lecteur:
            lignes.append(Ligne(debut, cellules))
            debut = lecteur.line_num + 1
    except csv.Error as exc:
        raise FichierRefuse(
            [ErreurFichier(nom, f"CSV mal formé ({exc}).", ligne=lecteur.line_num)]
        ) from exc
    return lignes


def _deviner_separateur(texte: str) -> str:
    """The separator that yields the most rows of at least nine cells (the annex width)."""
    echantillon = texte[:200_000]

    def score(separateur):
        lecteur = csv.reader(io.StringIO(echantillon, newline=""), delimiter=separateur)
        try:
            return sum(1 for cellules in lecteur if len(cellules) >= 9)
        except csv.Error:
            return -1

    return max(SEPARATEURS_CSV, key=score)


def _texte_cellule(valeur) -> str:
    if valeur is None:
        return ""
    if isinstance(valeur, float) and valeur.is_integer():
        return str(int(valeur))
    if isinstance(valeur, bool):
        return "VRAI" if valeur else "FAUX"
    return str(valeur)


def _lire_xlsx(nom: str, contenu: bytes) -> list[Ligne]:
    try:
        with zipfile.ZipFile(io.BytesIO(contenu)) as archive:
            membres = set(archive.namelist())
    except zipfile.BadZipFile:
        _refuser(nom, "ce n'est pas un classeur .xlsx valide.")
    # calamine never runs macros nor follows links, but a workbook carrying them is refused
    # outright: the annex has no reason to contain either.
    if any(membre.lower().endswith("vbaproject.bin") for membre in membres):
        _refuser(nom, "le classeur contient des macros : enregistrez-le en .xlsx sans macros.")
    if any(membre.startswith("xl/externalLinks/") for membre in membres):
        _refuser(nom, "le classeur contient des liaisons vers d'autres fichiers : supprimez-les.")
    try:
        classeur = CalamineWorkbook.from_filelike(io.BytesIO(contenu))
        feuille = classeur.get_sheet_by_index(0)
        lignes = feuille.to_python(skip_empty_area=False)
    except CalamineError as exc:
        raise FichierRefuse([ErreurFichier(nom, f"classeur illisible ({exc}).")]) from exc
    return [
        Ligne(numero, [_texte_cellule(valeur) for valeur in cellules])
        for numero, cellules in enumerate(lignes, start=1)
    ]
