"""Load the regional roadmaps shipped with Jalon (`jalon/data/feuilles_regionales/`).

The shipped file goes through the very import users run, so it is validated the same way.
Once loaded, a roadmap belongs to its ARS: a later run that would overwrite its changes
(statuses, météo, confirmed links…) stops and says so, unless asked to replace them.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from jalon.feuilles_regionales import queries
from jalon.feuilles_regionales.importation import importer_feuille
from jalon.feuilles_regionales.models import LienActionNationale
from jalon.imports.models import ExecutionImport
from jalon.journal.models import EntreeJournal
from jalon.journal.services import journaliser
from jalon.referentiel.numeros import normalise_numero
from jalon.territoires.models import Territoire

DOSSIER = Path(__file__).resolve().parents[1] / "data" / "feuilles_regionales"


@dataclass(frozen=True)
class FeuilleLivree:
    region: str
    fichier: str
    liens: str
    nom: str
    periode: str
    version_code: str
    libelle: str
    source: str


LIVREES = [
    FeuilleLivree(
        region="REG-32",
        fichier="hauts_de_france.csv",
        liens="liens_proposes.csv",
        nom="Feuille de route santé mentale et psychiatrie — Hauts-de-France",
        periode="2024-2028",
        version_code="2024",
        libelle="Objectif n°4 du schéma régional de santé révisé 2024-2028",
        source="ARS Hauts-de-France, « Feuille de route santé mentale Hauts-de-France », "
        "déclinaison de l'objectif n°4 du SRS 2024-2028 (seed 004).",
    )
]


class ChargementRefuse(Exception):
    pass


def _justifications(livree: FeuilleLivree) -> dict[tuple[str, str], str]:
    with (DOSSIER / livree.liens).open(encoding="utf-8", newline="") as flux:
        return {
            (row["numero_regional"], normalise_numero(row["action_nationale"])): row[
                "justification"
            ]
            for row in csv.DictReader(flux)
        }


def charger(livree: FeuilleLivree, remplacer: bool = False) -> list[str]:
    region = Territoire.objects.filter(code=livree.region).first()
    if region is None:
        raise ChargementRefuse(
            f"{livree.region} introuvable : lancez d'abord `jalon load-territoires`."
        )
    chemin = DOSSIER / livree.fichier
    with transaction.atomic():
        essai = importer_feuille(None, region, chemin, dry_run=True)
        if essai.refuse:
            raise ChargementRefuse("\n".join(essai.lignes_texte()))
        deja = queries.version_courante(region) is not None
        if deja and essai.modifiees and not remplacer:
            return [
                f"{region.nom} : la feuille de route a été modifiée depuis son chargement "
                f"({len(essai.modifiees)} action(s)) ; rien n'est écrasé "
                "(--remplacer pour revenir au fichier livré)."
            ]
        rapport = importer_feuille(
            None,
            region,
            chemin,
            canal=EntreeJournal.Canal.COMMANDE,
            nom=livree.nom,
            periode=livree.periode,
            version_code=livree.version_code,
            libelle=livree.libelle,
            source=livree.source,
        )
        justifiees = _poser_justifications(livree, region)
    lignes = [f"{region.nom} : " + rapport.lignes_texte()[0].split(" : ", 1)[1]]
    if justifiees:
        lignes.append(f"  {justifiees} justification(s) de lien mise(s) à jour.")
    if rapport.execution.statut == ExecutionImport.Statut.INCHANGE and not justifiees:
        lignes.append("  Aucun changement.")
    return lignes


def _poser_justifications(livree, region) -> int:
    textes = _justifications(livree)
    version = queries.version_courante(region)
    numeros = queries.numeros_nationaux_courants()
    n = 0
    for lien in LienActionNationale.objects.filter(
        action_regionale__version=version
    ).select_related("action_regionale"):
        cle = (lien.action_regionale.numero, numeros.get(lien.action_id, ""))
        texte = textes.get(cle)
        if texte is not None and lien.justification != texte:
            avant = {"justification": lien.justification}
            lien.justification = texte
            lien.save(update_fields=["justification"])
            journaliser(
                None,
                EntreeJournal.Canal.COMMANDE,
                "modification",
                lien,
                avant=avant,
                apres={"justification": texte},
            )
            n += 1
    return n


def charger_tout(remplacer: bool = False) -> list[str]:
    lignes = []
    for livree in LIVREES:
        lignes.extend(charger(livree, remplacer=remplacer))
    return lignes
