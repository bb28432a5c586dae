"""One canonical form of a regional action, shared by export, import, forms and the journal.

`valeurs_de(action)` gives comparable Python values (codes, dates, sorted tuples); the import
parses a row into the same form, so "nothing changed" is a plain dict comparison and an
exported file re-imports without a single difference. `cellules(valeurs)` writes that form
as spreadsheet cells, with French labels a person can read.
"""

import json
from decimal import Decimal
from pathlib import Path

from django.core.serializers.json import DjangoJSONEncoder

from jalon.feuilles_regionales.models import ActionRegionale, LienActionNationale
from jalon.referentiel.numeros import numero_sort_key

SCHEMA = Path(__file__).resolve().parents[1] / "imports" / "schemas" / "feuille_regionale.json"
# The file's columns, in order: the Table Schema is their one definition.
COLONNES = [champ["name"] for champ in json.loads(SCHEMA.read_text(encoding="utf-8"))["fields"]]
# Fields written on the action row itself (the others are relations or the objective).
CHAMPS_SIMPLES = [
    "titre",
    "description",
    "statut",
    "meteo",
    "date_debut",
    "date_fin",
    "pilote",
    "partenaires",
    "budget",
    "financement",
    "financement_precision",
    "initiative_a_valoriser",
    "initiative_note",
    "source",
]
CONFIRME = "(confirmé)"


def trier_liens(liens):
    return tuple(sorted(liens, key=lambda lien: (numero_sort_key(lien[0]), lien[0])))


def trier_jalons(jalons):
    return tuple(sorted(jalons, key=lambda j: (j[0] is None, j[0] or "", j[1])))


def valeurs_de(action: ActionRegionale, numeros_nationaux: dict | None = None) -> dict:
    """The action in canonical form. `numeros_nationaux` maps referentiel.Action ids to
    their number in the current national version (computed once per page or export)."""
    if numeros_nationaux is None:
        from jalon.feuilles_regionales.queries import numeros_nationaux_courants

        numeros_nationaux = numeros_nationaux_courants()
    liens = []
    for lien in action.liens_nationaux.all():
        numero = numeros_nationaux.get(lien.action_id, lien.action.cle)
        liens.append((numero, lien.etat))
    return {
        "objectif": action.objectif.code,
        "objectif_intitule": action.objectif.libelle,
        "numero": action.numero,
        "titre": action.titre,
        "description": action.description,
        "statut": action.statut,
        "meteo": action.meteo,
        "date_debut": action.date_debut,
        "date_fin": action.date_fin,
        "pilote": action.pilote,
        "partenaires": action.partenaires,
        "territoires": tuple(sorted(t.code for t in action.territoires.all())),
        "jalons": trier_jalons((j.date, j.libelle, j.fait) for j in action.jalons.all()),
        "budget": action.budget.normalize() if action.budget is not None else None,
        "financement": action.financement,
        "financement_precision": action.financement_precision,
        "actions_nationales": trier_liens(liens),
        "plans_lies": tuple(sorted(p.code for p in action.plans_lies.all())),
        "initiative_a_valoriser": action.initiative_a_valoriser,
        "initiative_note": action.initiative_note,
        "source": action.source,
    }


def _montant(valeur: Decimal | None) -> str:
    if valeur is None:
        return ""
    texte = format(valeur.normalize(), "f")
    return texte


def cellules(valeurs: dict) -> list[str]:
    """The canonical form as one spreadsheet row, in COLONNES order."""
    statut = ActionRegionale.Statut
    meteo = ActionRegionale.Meteo
    jalons = "\n".join(
        " | ".join([date.isoformat() if date else "", libelle] + (["fait"] if fait else [])).strip()
        for date, libelle, fait in valeurs["jalons"]
    )
    liens = ", ".join(
        f"{numero} {CONFIRME}" if etat == LienActionNationale.Etat.CONFIRME else numero
        for numero, etat in valeurs["actions_nationales"]
    )
    texte = {
        **valeurs,
        "statut": statut(valeurs["statut"]).label if valeurs["statut"] else "",
        "meteo": meteo(valeurs["meteo"]).label if valeurs["meteo"] else "",
        "date_debut": valeurs["date_debut"].isoformat() if valeurs["date_debut"] else "",
        "date_fin": valeurs["date_fin"].isoformat() if valeurs["date_fin"] else "",
        "territoires": ", ".join(valeurs["territoires"]),
        "jalons": jalons,
        "budget": _montant(valeurs["budget"]),
        "actions_nationales": liens,
        "plans_lies": ", ".join(valeurs["plans_lies"]),
        "initiative_a_valoriser": "oui" if valeurs["initiative_a_valoriser"] else "non",
    }
    return [str(texte[colonne] or "") for colonne in COLONNES]


def pour_journal(valeurs: dict | None) -> dict | None:
    """JSON-safe copy for the audit trail (dates and amounts as text, tuples as lists)."""
    if valeurs is None:
        return None
    return json.loads(json.dumps(valeurs, cls=DjangoJSONEncoder))


def differences(avant: dict, apres: dict) -> list[str]:
    return [cle for cle in COLONNES if avant.get(cle) != apres.get(cle)]
