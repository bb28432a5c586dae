"""Write a dataset as CSV, xlsx or JSON, in chunks (a national file may hold millions of rows).

Cells follow the dataset's Table Schema: numbers with a decimal point and no grouping,
booleans ``true``/``false``, dates and times in ISO 8601, an empty cell for a missing value.
Every text cell goes through `neutraliser`, so a label starting with = + - @ cannot run as a
formula in a spreadsheet; numbers, booleans and dates are written by Jalon itself and are never
text a user typed.
"""

import csv
import datetime
import io
import json
from decimal import Decimal

from jalon.imports.cellules import neutraliser
from jalon.opendata.jeux import Jeu

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def _nombre(valeur: Decimal) -> str:
    texte = format(valeur, "f")
    return texte.rstrip("0").rstrip(".") if "." in texte else texte


def cellule(champ: dict, valeur) -> str:
    """The text of one cell, as the field's Table Schema type reads it."""
    if valeur is None or valeur == "":
        return ""
    genre = champ["type"]
    if genre == "number":
        return _nombre(Decimal(valeur))
    if genre == "integer":
        return str(int(valeur))
    if genre == "boolean":
        return "true" if valeur else "false"
    if genre == "datetime":
        return valeur.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return neutraliser(valeur)


def _valeur_json(champ: dict, valeur):
    if valeur is None or (valeur == "" and champ["type"] != "string"):
        return None
    genre = champ["type"]
    if genre == "number":
        return float(valeur)
    if genre == "datetime":
        return cellule(champ, valeur)
    return valeur


def lignes_csv(jeu: Jeu, lignes):
    """The CSV text chunk by chunk (header first): for a file or a streamed response."""
    tampon = io.StringIO()
    ecrivain = csv.writer(tampon, lineterminator="\r\n")
    ecrivain.writerow(jeu.noms)
    for numero, ligne in enumerate(lignes, start=1):
        ecrivain.writerow([cellule(c, ligne[c["name"]]) for c in jeu.champs])
        if numero % 1000 == 0:
            yield tampon.getvalue()
            tampon.seek(0)
            tampon.truncate()
    yield tampon.getvalue()


def lignes_json(jeu: Jeu, lignes, *, schema_url: str = ""):
    """A JSON document ``{"schema", "licence", "valeurs": [...]}``, chunk by chunk."""
    entete = {"titre": jeu.schema()["title"], "licence": jeu.schema()["licenses"][0]["title"]}
    if schema_url:
        entete["schema"] = schema_url
    debut = json.dumps(entete, ensure_ascii=False)[:-1]
    yield debut + ', "valeurs": ['
    premier = True
    morceaux = []
    for ligne in lignes:
        objet = {c["name"]: _valeur_json(c, ligne[c["name"]]) for c in jeu.champs}
        morceaux.append(("" if premier else ",") + json.dumps(objet, ensure_ascii=False))
        premier = False
        if len(morceaux) >= 1000:
            yield "\n".join(morceaux)
            morceaux = []
    yield "\n".join(morceaux) + "]}\n"


def ecrire_xlsx(jeu: Jeu, lignes, destination) -> None:
    """An xlsx workbook (one sheet, write-only mode: constant memory) into ``destination``."""
    from openpyxl import Workbook

    classeur = Workbook(write_only=True)
    feuille = classeur.create_sheet(jeu.nom)
    # The header holds the field names, as in the CSV and the JSON keys: one Table Schema then
    # validates the three formats and a column keeps its name whichever file is read. The
    # French titles and descriptions a spreadsheet reader needs are in the "colonnes" sheet,
    # written after the data so that the data stays the first sheet (the one tools read).
    feuille.freeze_panes = "A2"
    feuille.append([c["name"] for c in jeu.champs])
    for ligne in lignes:
        rangee = []
        for champ in jeu.champs:
            valeur = ligne[champ["name"]]
            if valeur is None or valeur == "":
                rangee.append(None)
            elif champ["type"] in {"number", "integer", "boolean"}:
                rangee.append(valeur if champ["type"] != "number" else Decimal(valeur))
            else:
                rangee.append(cellule(champ, valeur))
        feuille.append(rangee)
    dictionnaire = classeur.create_sheet("colonnes")
    dictionnaire.append(list(EN_TETES_DICTIONNAIRE.values()))
    for ligne in dictionnaire_colonnes(jeu):
        dictionnaire.append([neutraliser(ligne[cle]) for cle in EN_TETES_DICTIONNAIRE])
    classeur.save(destination)


EN_TETES_DICTIONNAIRE = {
    "colonne": "Nom de la colonne (en-tête des fichiers)",
    "titre": "Intitulé",
    "type": "Type",
    "description": "Description et valeurs admises",
}
TYPES_EN_FRANCAIS = {
    "string": "texte",
    "number": "nombre (point décimal)",
    "integer": "nombre entier",
    "boolean": "booléen (true ou false)",
    "datetime": "date et heure (ISO 8601, UTC)",
}


def dictionnaire_colonnes(jeu: Jeu) -> list[dict]:
    """One row per column, in French, from the Table Schema: the xlsx "colonnes" sheet and
    the downloads page read the same list, so neither can drift from the schema."""
    lignes = []
    for champ in jeu.champs:
        contraintes = champ.get("constraints", {})
        precisions = [champ.get("description", "")]
        if contraintes.get("enum"):
            precisions.append("Valeurs : " + ", ".join(contraintes["enum"]) + ".")
        if contraintes.get("required"):
            precisions.append("Toujours renseignée.")
        lignes.append(
            {
                "colonne": champ["name"],
                "titre": champ["title"],
                "type": TYPES_EN_FRANCAIS.get(champ["type"], champ["type"]),
                "description": " ".join(p for p in precisions if p),
            }
        )
    return lignes


def ecrire(jeu: Jeu, format_: str, destination, *, validees_seulement: bool, filtres=None):
    """Write the whole dataset into ``destination`` (a path or a binary file object)."""
    lignes = jeu.lignes(validees_seulement, filtres or {})
    if format_ == "xlsx":
        ecrire_xlsx(jeu, lignes, destination)
        return
    morceaux = lignes_csv(jeu, lignes) if format_ == "csv" else lignes_json(jeu, lignes)
    if hasattr(destination, "write"):
        for morceau in morceaux:
            destination.write(morceau.encode("utf-8"))
        return
    with open(destination, "w", encoding="utf-8", newline="") as fichier:
        for morceau in morceaux:
            fichier.write(morceau)
