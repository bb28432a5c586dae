"""The shipped annex and modified copies of it, built in the test's tmp_path."""

import csv
from pathlib import Path

import openpyxl

import jalon

ANNEXE = Path(jalon.__file__).parent / "data" / "referentiel" / "annexe_instruction_2023_179.tsv"


def lignes_annexe() -> list[list[str]]:
    return [ligne.split("\t") for ligne in ANNEXE.read_text(encoding="utf-8").split("\n")]


def ecrire_tsv(chemin: Path, lignes: list[list[str]]) -> Path:
    chemin.write_text("\n".join("\t".join(cellules) for cellules in lignes), encoding="utf-8")
    return chemin


def ecrire_csv(chemin: Path, lignes, separateur=";", encodage="utf-8") -> Path:
    with chemin.open("w", encoding=encodage, newline="") as sortie:
        csv.writer(sortie, delimiter=separateur).writerows(lignes)
    return chemin


def ecrire_xlsx(chemin: Path, lignes) -> Path:
    classeur = openpyxl.Workbook()
    feuille = classeur.active
    for cellules in lignes:
        # IDs as numbers, as a spreadsheet would hold them.
        feuille.append([int(c) if c.isdigit() else c for c in cellules])
    classeur.save(chemin)
    return chemin


def trouver(lignes, code: str) -> int:
    """Index of the data row carrying `code` (the first one)."""
    return next(i for i, cellules in enumerate(lignes) if len(cellules) > 4 and cellules[4] == code)
