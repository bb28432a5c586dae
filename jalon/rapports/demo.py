"""Load the narrative texts of the 2023 national bilan (`jalon/data/rapports/`).

The file is checked whole first (columns, year, part, action number known in the bilan's
structure, axis number): one problem and nothing is written, with one French message per
problem naming the file, row and column. Loading only creates missing texts: a text already
in Jalon — edited by the piloting direction, or loaded before — is never overwritten, so a
second run changes nothing.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from jalon.journal.models import EntreeJournal
from jalon.rapports.models import PARTIES_ACTION, Narratif, Partie
from jalon.rapports.narratifs import enregistrer_narratif
from jalon.referentiel.models import ActionVersion
from jalon.referentiel.queries import PLAN_NATIONAL

DOSSIER = Path(__file__).resolve().parent.parent / "data" / "rapports"
FICHIER_NARRATIFS_2023 = DOSSIER / "narratifs_bilan_2023.csv"
FICHIER_CHIFFRES_CLES = DOSSIER / "chiffres_cles_2023.csv"
COLONNES = ["annee", "partie", "action", "axe", "lignes", "texte", "source"]
# The bilan's chapters are numbered in its own structure (annex 1 of the bilan).
VERSION_DU_BILAN = "bilan-2024"


class NarratifsRefuses(ValueError):
    def __init__(self, erreurs: list[str]):
        self.erreurs = erreurs
        super().__init__("\n".join(erreurs))


@dataclass
class Resultat:
    crees: int = 0
    gardes: int = 0  # already in Jalon: left as they are


def _actions_par_numero() -> dict:
    """Action number in the bilan's structure (current version if that one is missing)."""
    versions = ActionVersion.objects.filter(version__plan__code=PLAN_NATIONAL)
    numeros = dict(versions.filter(version__est_courante=True).values_list("numero", "action"))
    numeros |= dict(versions.filter(version__code=VERSION_DU_BILAN).values_list("numero", "action"))
    return numeros


def lire(chemin: Path) -> list[dict]:
    nom = Path(chemin).name
    with open(chemin, encoding="utf-8", newline="") as fichier:
        lecteur = csv.DictReader(fichier)
        manquantes = [c for c in COLONNES if c not in (lecteur.fieldnames or [])]
        if manquantes:
            raise NarratifsRefuses(
                [
                    f"{nom}, ligne 1 : colonne(s) manquante(s) {', '.join(manquantes)} "
                    f"(attendu : {','.join(COLONNES)})."
                ]
            )
        brutes = list(lecteur)
    actions = _actions_par_numero()
    erreurs, lignes = [], []
    for numero, brute in enumerate(brutes, start=2):

        def erreur(colonne, message, numero=numero):
            erreurs.append(f"{nom}, ligne {numero}, colonne « {colonne} » : {message}")

        annee = brute["annee"].strip()
        if not (annee.isdigit() and 1900 <= int(annee) <= 2100):
            erreur("annee", f"« {annee} » n'est pas une année (attendu : 2023).")
            continue
        partie = brute["partie"].strip()
        if partie not in Partie.values:
            erreur("partie", f"« {partie} » inconnue (attendu : {', '.join(Partie.values)}).")
            continue
        action_id = None
        if partie in PARTIES_ACTION:
            action_id = actions.get(brute["action"].strip())
            if action_id is None:
                erreur(
                    "action",
                    f"action « {brute['action']} » absente du référentiel (structure "
                    f"« {VERSION_DU_BILAN} » ou version courante).",
                )
                continue
        axe = brute["axe"].strip() or "0"
        if not axe.isdigit() or (partie == Partie.GOUVERNANCE_AXE) != (int(axe) > 0):
            erreur("axe", f"« {axe} » : un numéro d'axe pour « gouvernance_axe », 0 sinon.")
            continue
        if not brute["source"].strip():
            erreur("source", "la citation du seed est obligatoire.")
            continue
        lignes.append(
            {
                "annee": int(annee),
                "partie": partie,
                "action_id": action_id,
                "axe": int(axe),
                "texte": brute["texte"],
                "source": brute["source"].strip(),
            }
        )
    if erreurs:
        raise NarratifsRefuses(erreurs)
    return lignes


@transaction.atomic
def charger_narratifs_demo(chemin: Path = FICHIER_NARRATIFS_2023) -> Resultat:
    resultat = Resultat()
    from jalon.referentiel.models import Action

    actions = Action.objects.in_bulk()
    for ligne in lire(chemin):
        action = actions.get(ligne["action_id"]) if ligne["action_id"] else None
        existe = Narratif.objects.filter(
            annee=ligne["annee"], partie=ligne["partie"], action=action, axe=ligne["axe"]
        ).exists()
        if existe:
            resultat.gardes += 1
            continue
        enregistrer_narratif(
            None,
            annee=ligne["annee"],
            partie=ligne["partie"],
            texte=ligne["texte"],
            version_lue=0,
            canal=EntreeJournal.Canal.SYSTEME,
            action=action,
            axe=ligne["axe"],
            source=ligne["source"],
        )
        resultat.crees += 1
    return resultat


@transaction.atomic
def charger_chiffres_cles_demo(chemin: Path = FICHIER_CHIFFRES_CLES) -> int:
    """The headline indicators of the press release (seed 000), when none are chosen yet:
    a selection made by the national admin is never replaced. Returns how many were set."""
    from jalon.rapports.models import ChiffreCle
    from jalon.referentiel.models import Indicateur

    if ChiffreCle.objects.exists():
        return 0
    nom = Path(chemin).name
    with open(chemin, encoding="utf-8", newline="") as fichier:
        lignes = list(csv.DictReader(fichier))
    connus = Indicateur.objects.in_bulk([r["indicateur"] for r in lignes], field_name="code")
    erreurs = [
        f"{nom}, ligne {n}, colonne « indicateur » : « {r['indicateur']} » inconnu."
        for n, r in enumerate(lignes, start=2)
        if r["indicateur"] not in connus
    ]
    if erreurs:
        raise NarratifsRefuses(erreurs)
    for ligne in lignes:
        ChiffreCle.objects.create(
            indicateur=connus[ligne["indicateur"]],
            ordre=int(ligne["ordre"]),
            libelle=ligne["libelle"],
        )
    return len(lignes)
