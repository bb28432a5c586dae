"""Read a tabular file (tab-separated text, CSV or xlsx) into numbered rows of strings.

Readers know nothing of the referential: they turn bytes into `(line number, cells)` and
refuse, in French, what they cannot read safely. Line numbers are those a user sees in a text
editor or in the spreadsheet, so that error messages can point at them.
"""

import codecs
import csv
import datetime
import io
import os
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath

import openpyxl
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


# An xlsx holds XML compressed about 5 to 10 times; far beyond that it is built to exhaust
# memory when read.
XLSX_FACTEUR_DECOMPRESSION = 20


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
    _verifier_archive(nom, io.BytesIO(contenu))
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


# --- Streaming ---------------------------------------------------------------------------
# Large files (a million values) are read row by row from disk: memory stays bounded by one
# row, whatever the size of the file.

ECHANTILLON = 64 * 1024


class _CompteurOctets(io.RawIOBase):
    """Counts the bytes read from the file, to estimate progress through a text stream."""

    def __init__(self, brut):
        self.brut = brut
        self.lus = 0

    def readable(self):
        return True

    def readinto(self, tampon):
        n = self.brut.readinto(tampon)
        self.lus += n or 0
        return n


class FluxLignes:
    """The rows of a CSV or xlsx file on disk, read lazily: `for ligne in flux`.

    `lignes_estimees()` estimates the total number of rows while reading (from the bytes read
    for CSV, from the sheet dimension for xlsx), for progress bars. Use as a context manager so
    the file is closed.
    """

    def __init__(self, nom: str, chemin, noms_colonnes: tuple[str, ...] = ()):
        self.nom = nom
        self.chemin = chemin
        self.taille = os.path.getsize(chemin)
        verifier_fichier(nom, self.taille)
        self.extension = PurePath(nom).suffix.lower()
        self.noms_colonnes = {nom_.lower() for nom_ in noms_colonnes}
        self.lues = 0
        self._total_xlsx = None
        self._fermer = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        for fermer in self._fermer:
            fermer()
        self._fermer = []

    def lignes_estimees(self) -> int | None:
        if self.extension in EXTENSIONS_TABLEUR:
            return self._total_xlsx
        compteur = getattr(self, "_compteur", None)
        if compteur is None or not compteur.lus or not self.lues:
            return None
        if compteur.lus >= self.taille:
            return self.lues
        return max(self.lues, round(self.lues * self.taille / compteur.lus))

    def __iter__(self):
        if self.extension in EXTENSIONS_TABLEUR:
            source = self._xlsx()
        elif self.extension == ".csv":
            source = self._csv()
        else:
            _refuser(self.nom, f"extension « {self.extension} » non acceptée ici (.csv ou .xlsx).")
        for ligne in source:
            self.lues += 1
            yield ligne

    def _csv(self):
        with open(self.chemin, "rb") as brut:
            echantillon = brut.read(ECHANTILLON)
        encodage = _encodage_echantillon(echantillon)
        premiere = echantillon.decode(encodage, errors="replace").lstrip("\ufeff")
        separateur = self._separateur(premiere.splitlines()[0] if premiere else "")
        self._compteur = _CompteurOctets(open(self.chemin, "rb"))  # noqa: SIM115 - closed below
        texte = io.TextIOWrapper(io.BufferedReader(self._compteur), encoding=encodage, newline="")
        self._fermer.append(texte.close)
        # strict: an unclosed quote is an error, not a cell swallowing the rest of the file.
        lecteur = csv.reader(texte, delimiter=separateur, strict=True)
        debut = 1
        try:
            for cellules in lecteur:
                yield Ligne(debut, cellules)
                debut = lecteur.line_num + 1
        except csv.Error as exc:
            raise FichierRefuse(
                [ErreurFichier(self.nom, f"CSV mal formé ({exc}).", ligne=lecteur.line_num)]
            ) from exc
        except UnicodeDecodeError as exc:
            raise FichierRefuse(
                [
                    ErreurFichier(
                        self.nom,
                        "caractère illisible en UTF-8 : enregistrez le fichier en UTF-8 "
                        "(« CSV UTF-8 » dans Excel).",
                        ligne=debut,
                    )
                ]
            ) from exc

    def _separateur(self, en_tete: str) -> str:
        """`;` or `,` (or tab): the one that splits the header into the most known names."""

        def score(separateur):
            cellules = next(csv.reader([en_tete], delimiter=separateur), [])
            connus = sum(1 for c in cellules if c.strip().lower() in self.noms_colonnes)
            return (connus, len(cellules))

        return max((";", ",", "\t"), key=score)

    def _xlsx(self):
        with open(self.chemin, "rb") as brut:
            _verifier_archive(self.nom, brut)
        try:
            classeur = openpyxl.load_workbook(self.chemin, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
            raise FichierRefuse([ErreurFichier(self.nom, f"classeur illisible ({exc}).")]) from exc
        self._fermer.append(classeur.close)
        feuille = classeur.worksheets[0]
        self._total_xlsx = feuille.max_row
        for numero, valeurs in enumerate(feuille.iter_rows(min_row=1, values_only=True), 1):
            yield Ligne(numero, [_texte_cellule_flux(v) for v in valeurs])


def _encodage_echantillon(echantillon: bytes) -> str:
    """UTF-8 (with or without BOM) unless the sample is not UTF-8, then Windows-1252."""
    try:
        # final=False: the sample may end in the middle of a multi-byte character.
        codecs.getincrementaldecoder("utf-8-sig")().decode(echantillon, final=False)
        return "utf-8-sig"
    except UnicodeDecodeError:
        return "cp1252"


def _verifier_archive(nom: str, fichier) -> None:
    """Refuse a workbook before any reader opens it: not a zip, macros, external links, or
    an archive that would inflate beyond the limit (a "zip bomb")."""
    try:
        with zipfile.ZipFile(fichier) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile:
        _refuser(nom, "ce n'est pas un classeur .xlsx valide.")
    membres = {info.filename for info in infos}
    limite = settings.JALON_IMPORT_MAX_BYTES * XLSX_FACTEUR_DECOMPRESSION
    if sum(info.file_size for info in infos) > limite:
        _refuser(
            nom,
            f"le classeur décompressé dépasserait {limite // (1024 * 1024)} Mio : "
            "découpez-le ou fournissez un CSV.",
        )
    # Neither reader runs macros nor follows links, but a workbook carrying them is refused
    # outright: none of the accepted files has a reason to contain either.
    if any(membre.lower().endswith("vbaproject.bin") for membre in membres):
        _refuser(nom, "le classeur contient des macros : enregistrez-le en .xlsx sans macros.")
    if any(membre.startswith("xl/externalLinks/") for membre in membres):
        _refuser(nom, "le classeur contient des liaisons vers d'autres fichiers : supprimez-les.")


def _texte_cellule_flux(valeur) -> str:
    """Spreadsheet cells as text; numbers in the plain form statistical tools write (1234.5),
    never in exponent notation, so the value reader sees exactly the stored figure."""
    if isinstance(valeur, float) and not isinstance(valeur, bool):
        if valeur.is_integer():
            return str(int(valeur))
        return format(Decimal(repr(valeur)), "f")
    if isinstance(valeur, datetime.datetime | datetime.date):
        return valeur.isoformat()[:10]
    return _texte_cellule(valeur)
