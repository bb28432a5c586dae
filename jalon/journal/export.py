"""CSV export of the journal, safe to open in a spreadsheet.

A cell starting with = + - @ (or a tab / carriage return, which some spreadsheets strip
before evaluating) would be run as a formula by Excel or LibreOffice: such cells are
prefixed with an apostrophe ("CSV injection", OWASP).
"""

import csv
import json

from django.http import StreamingHttpResponse
from django.utils import timezone

from jalon.imports.cellules import neutraliser

COLONNES = [
    ("horodatage", "Horodatage"),
    ("utilisateur", "Utilisateur"),
    ("canal", "Canal"),
    ("action", "Action"),
    ("objet_type", "Type d'objet"),
    ("objet_id", "Identifiant"),
    ("objet_libelle", "Objet"),
    ("avant", "Avant"),
    ("apres", "Après"),
    ("motif", "Motif"),
]


def _ligne(entree) -> list[str]:
    valeurs = {
        "horodatage": timezone.localtime(entree.horodatage).isoformat(timespec="seconds"),
        "utilisateur": entree.utilisateur_nom,
        "canal": entree.canal,
        "action": entree.action,
        "objet_type": entree.objet_type,
        "objet_id": entree.objet_id,
        "objet_libelle": entree.objet_libelle,
        "avant": _json(entree.avant),
        "apres": _json(entree.apres),
        "motif": entree.motif,
    }
    return [neutraliser(valeurs[cle]) for cle, _ in COLONNES]


def _json(data) -> str:
    return "" if data is None else json.dumps(data, ensure_ascii=False, sort_keys=True)


class _Tampon:
    """csv.writer writes into this; each row goes straight to the response stream."""

    def write(self, value):
        return value


def lignes_csv(entrees):
    writer = csv.writer(_Tampon(), delimiter=";")
    # A byte-order mark, so that Excel reads the file as UTF-8.
    yield "\ufeff" + writer.writerow([libelle for _, libelle in COLONNES])
    for entree in entrees.iterator(chunk_size=2000):
        yield writer.writerow(_ligne(entree))


def reponse_csv(entrees, nom: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(lignes_csv(entrees), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{nom}"'
    return response
