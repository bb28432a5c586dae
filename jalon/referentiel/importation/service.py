"""The import service: read, diff, apply (or simulate) and record the run."""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from jalon.imports.erreurs import ErreurFichier, FichierRefuse
from jalon.imports.models import ExecutionImport
from jalon.journal.services import journaliser
from jalon.referentiel.importation.application import appliquer_diff
from jalon.referentiel.importation.diff import Diff, calculer_diff
from jalon.referentiel.importation.lecture import lire_annexe, lire_octets
from jalon.referentiel.models import Plan, PlanVersion

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


def _nom(fichier) -> str:
    nom = str(getattr(fichier, "name", fichier) or "fichier")
    return nom.replace("\\", "/").rsplit("/", 1)[-1][:255]


def _terminer(execution: ExecutionImport) -> None:
    execution.fin = timezone.now()
    execution.save()
