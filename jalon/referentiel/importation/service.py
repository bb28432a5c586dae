"""The import service: read, diff, apply (or simulate) and record the run."""

import datetime
import hashlib
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from jalon.imports.erreurs import ErreurFichier, FichierRefuse
from jalon.imports.models import ExecutionImport
from jalon.journal.services import journaliser
from jalon.referentiel.importation.application import appliquer_diff
from jalon.referentiel.importation.diff import Diff, calculer_diff
from jalon.referentiel.importation.lecture import lire_annexe, lire_octets, preparer_import
from jalon.referentiel.models import Plan, PlanVersion
from jalon.territoires.perms import can_import_referentiel

CODE_PLAN = "fdr-smp"
NOM_PLAN = "Feuille de route santé mentale et psychiatrie"
SOURCE_2023 = (
    "Instruction interministérielle n° DMSMP/SGMCAS/Pôle Santé-ARS/DGS/SP4/DGOS/R4/DGCS/SD3B/"
    "DSS/1A/2023/179 du 28 novembre 2023 relative au suivi du déploiement territorial et au "
    "renforcement du pilotage national de la Feuille de route santé mentale et psychiatrie, "
    "annexe « Actions de la Feuille de route Santé mentale et psychiatrie avec indicateurs de "
    "moyens et de résultats » (NOR : SPRP2329443J)."
)


@dataclass
class RapportImport:
    execution: ExecutionImport
    diff: Diff | None = None
    erreurs: list[ErreurFichier] = field(default_factory=list)

    @property
    def refuse(self) -> bool:
        return self.execution.statut == ExecutionImport.Statut.REFUSE

    def lignes_texte(self) -> list[str]:
        execution = self.execution
        if self.refuse:
            return [
                f"Fichier refusé : {len(self.erreurs)} erreur(s), rien n'a été modifié.",
                *(f"  {erreur}" for erreur in self.erreurs),
            ]
        compteurs = execution.compteurs
        lignes = [
            f"{execution.nom_fichier} (sha256 {execution.sha256[:12]}…) : "
            f"{compteurs['axes']} axes, {compteurs['actions']} actions, "
            f"{compteurs['indicateurs']} indicateurs, {compteurs['liens']} lignes "
            f"({compteurs['liens_moyens']} de moyens, {compteurs['liens_resultats']} de "
            "résultats).",
            *self.diff.lignes_texte(),
        ]
        if execution.statut == ExecutionImport.Statut.SIMULE and not self.diff.est_vide:
            lignes.append("Simulation : rien n'a été appliqué (relancer sans --dry-run).")
        elif execution.statut == ExecutionImport.Statut.APPLIQUE:
            lignes.append("Modifications appliquées.")
        return lignes


def version_fdr(code: str = "2023") -> PlanVersion:
    """The national roadmap version `code`, unsaved (with its plan) if it does not exist yet,
    so that a dry run writes nothing; applying the import saves it."""
    plan = Plan.objects.filter(code=CODE_PLAN).first() or Plan(
        code=CODE_PLAN, nom=NOM_PLAN, nature=Plan.Nature.FEUILLE_ROUTE_NATIONALE
    )
    if plan.pk is not None and (version := plan.versions.filter(code=code).first()):
        return version
    if code == "2023":
        return PlanVersion(
            plan=plan,
            code="2023",
            libelle="Annexe de l'instruction 2023/179",
            date=datetime.date(2023, 11, 28),
            source=SOURCE_2023,
            est_courante=True,
        )
    return PlanVersion(plan=plan, code=code, libelle=f"Version {code}")


def importer_annexe(utilisateur, fichier, version: PlanVersion, dry_run: bool = False):
    """Import the annex `fichier` (a path or an uploaded file) into `version`.

    The whole file is refused on any error; otherwise the diff is applied in one
    transaction unless `dry_run`. Every run is recorded as an ExecutionImport.
    """
    execution = ExecutionImport(
        genre=ExecutionImport.Genre.REFERENTIEL,
        nom_fichier=_nom(fichier),
        utilisateur=utilisateur if getattr(utilisateur, "pk", None) else None,
        cible=f"{version.plan.code} {version.code}",
        dry_run=dry_run,
    )
    try:
        nom, contenu = lire_octets(fichier)
        execution.taille = len(contenu)
        annexe = lire_annexe(nom, contenu)
    except FichierRefuse as exc:
        execution.statut = ExecutionImport.Statut.REFUSE
        execution.erreurs = [erreur.as_dict() for erreur in exc.erreurs]
        _terminer(execution)
        return RapportImport(execution, erreurs=exc.erreurs)

    execution.sha256 = annexe.sha256
    execution.compteurs = annexe.compteurs()
    with transaction.atomic():
        diff = calculer_diff(annexe, version)
        if diff.est_vide:
            execution.statut = ExecutionImport.Statut.INCHANGE
        elif dry_run:
            execution.statut = ExecutionImport.Statut.SIMULE
        else:
            appliquer_diff(diff, version)
            execution.statut = ExecutionImport.Statut.APPLIQUE
        execution.diff = diff.as_dict()
        execution.compteurs["diff"] = diff.compteurs()
        _terminer(execution)
        if execution.statut == ExecutionImport.Statut.APPLIQUE:
            # One audit entry per applied run; the run itself keeps the full diff.
            journaliser(
                utilisateur, "import", "import_referentiel", execution, apres=diff.compteurs()
            )
    return RapportImport(execution, diff=diff)


# Uploaded annexes wait here between their simulation and its application (web page).
DOSSIER_SIMULATIONS = "imports/referentiel"


class SimulationInapplicable(Exception):
    """The simulated run cannot be applied; the message says why and what to do, in French."""


def simuler_annexe(utilisateur, fichier, version: PlanVersion) -> RapportImport:
    """Dry-run an uploaded annex and keep a copy of it, so that `appliquer_simulation` later
    applies exactly the file whose differences were shown (web import, in two steps).

    Only the latest simulation of a version can be applied: a new one withdraws the others.
    """
    if not can_import_referentiel(utilisateur):
        raise PermissionDenied("Seul un administrateur national peut importer le référentiel.")
    nom = PurePath(getattr(fichier, "name", "") or "annexe").name
    relatif = f"{DOSSIER_SIMULATIONS}/{uuid.uuid4().hex}/{nom}"
    chemin = Path(settings.MEDIA_ROOT) / relatif
    chemin.parent.mkdir(parents=True, exist_ok=True)
    with chemin.open("wb") as sortie:
        for morceau in fichier.chunks() if hasattr(fichier, "chunks") else [fichier.read()]:
            sortie.write(morceau)
    rapport = importer_annexe(utilisateur, chemin, version, dry_run=True)
    execution = rapport.execution
    if execution.statut != ExecutionImport.Statut.SIMULE:
        _effacer(relatif)  # refused or unchanged: nothing to apply, nothing to keep
        return rapport
    for ancienne in _simulations_en_attente(execution.cible).exclude(pk=execution.pk):
        _retirer(ancienne)
    execution.fichier = relatif
    execution.save(update_fields=["fichier"])
    return rapport


def appliquer_simulation(utilisateur, simulation: ExecutionImport) -> RapportImport:
    """Apply the annex of a simulated run, provided nothing changed since the simulation
    (same file, same differences); the simulation can then not be applied again."""
    if not can_import_referentiel(utilisateur):
        raise PermissionDenied("Seul un administrateur national peut importer le référentiel.")
    if (
        simulation.genre != ExecutionImport.Genre.REFERENTIEL
        or simulation.statut != ExecutionImport.Statut.SIMULE
        or not simulation.fichier
    ):
        raise SimulationInapplicable(
            "Cette simulation n'est plus applicable (déjà appliquée ou remplacée par une "
            "simulation plus récente) : déposez à nouveau le fichier."
        )
    chemin = Path(settings.MEDIA_ROOT) / simulation.fichier
    if not chemin.is_file() or hashlib.sha256(chemin.read_bytes()).hexdigest() != simulation.sha256:
        _retirer(simulation)
        raise SimulationInapplicable(
            "Le fichier de cette simulation est introuvable ou a changé : déposez-le à nouveau."
        )
    version = version_fdr(simulation.cible.split(" ", 1)[-1])
    if calculer_diff(preparer_import(chemin), version).as_dict() != simulation.diff:
        _retirer(simulation)
        raise SimulationInapplicable(
            "La feuille de route a changé depuis cette simulation : les différences affichées "
            "ne sont plus exactes. Déposez à nouveau le fichier pour une nouvelle simulation."
        )
    rapport = importer_annexe(utilisateur, chemin, version, dry_run=False)
    _retirer(simulation)
    return rapport


def _simulations_en_attente(cible: str):
    return ExecutionImport.objects.filter(
        genre=ExecutionImport.Genre.REFERENTIEL,
        statut=ExecutionImport.Statut.SIMULE,
        cible=cible,
    ).exclude(fichier="")


def _retirer(simulation: ExecutionImport) -> None:
    _effacer(simulation.fichier)
    ExecutionImport.objects.filter(pk=simulation.pk).update(fichier="")
    simulation.fichier = ""


def _effacer(relatif: str) -> None:
    if relatif:
        shutil.rmtree((Path(settings.MEDIA_ROOT) / relatif).parent, ignore_errors=True)


def _nom(fichier) -> str:
    nom = str(getattr(fichier, "name", fichier) or "fichier")
    return nom.replace("\\", "/").rsplit("/", 1)[-1][:255]


def _terminer(execution: ExecutionImport) -> None:
    execution.fin = timezone.now()
    execution.save()
