"""Import and export of a regional roadmap as a spreadsheet, one row per action.

Import: read and validate the whole file first (any error refuses it, nothing written),
compare each row with the action of the same number, then apply the differences in one
transaction through `services.enregistrer_action`. Actions missing from the file are kept
and listed: deleting an action from a spreadsheet is too easy to do by mistake. Every run,
refused or not, dry or not, is recorded as an `imports.ExecutionImport`.
"""

import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from jalon.feuilles_regionales import queries, services
from jalon.feuilles_regionales.lecture import Contexte, charger_schema, lire_feuille
from jalon.feuilles_regionales.models import ActionRegionale
from jalon.feuilles_regionales.valeurs import COLONNES, cellules, differences, valeurs_de
from jalon.imports.erreurs import ErreurFichier, FichierRefuse
from jalon.imports.lecteurs import verifier_fichier
from jalon.imports.models import ExecutionImport
from jalon.journal.models import EntreeJournal
from jalon.referentiel.models import Plan
from jalon.territoires.models import Territoire

# Not (yet) one of ExecutionImport.Genre's choices: adding it is a migration of the imports
# app, left to its owners; the column has no database check, so the value is stored as is.
GENRE = "feuille_regionale"


@dataclass
class RapportFeuille:
    execution: ExecutionImport
    erreurs: list[ErreurFichier] = field(default_factory=list)
    creees: list[str] = field(default_factory=list)
    modifiees: dict[str, list[str]] = field(default_factory=dict)
    inchangees: int = 0
    absentes: list[str] = field(default_factory=list)

    @property
    def refuse(self) -> bool:
        return self.execution.statut == ExecutionImport.Statut.REFUSE

    def lignes_texte(self) -> list[str]:
        if self.refuse:
            return [
                f"Fichier refusé : {len(self.erreurs)} erreur(s), rien n'a été modifié.",
                *(f"  {erreur}" for erreur in self.erreurs),
            ]
        lignes = [
            f"{self.execution.nom_fichier} : {len(self.creees)} action(s) créée(s), "
            f"{len(self.modifiees)} modifiée(s), {self.inchangees} inchangée(s)."
        ]
        for numero, champs in self.modifiees.items():
            lignes.append(f"  action n°{numero} : {', '.join(champs)}")
        if self.absentes:
            lignes.append(
                "  Absentes du fichier, conservées : n°" + ", n°".join(self.absentes) + "."
            )
        if self.execution.statut == ExecutionImport.Statut.SIMULE:
            lignes.append("Simulation : rien n'a été appliqué.")
        elif self.execution.statut == ExecutionImport.Statut.INCHANGE:
            lignes.append("Aucun changement.")
        else:
            lignes.append("Modifications appliquées.")
        return lignes


def contexte(region) -> Contexte:
    return Contexte(
        region=region,
        territoires=set(Territoire.objects.of_region(region).values_list("code", flat=True)),
        actions_nationales=queries.actions_nationales_par_numero(),
        plans=set(
            Plan.objects.exclude(nature=Plan.Nature.FEUILLE_ROUTE_REGIONALE).values_list(
                "code", flat=True
            )
        ),
    )


def _octets(fichier) -> tuple[str, bytes]:
    if isinstance(fichier, str | Path):
        chemin = Path(fichier)
        verifier_fichier(chemin.name, chemin.stat().st_size)
        return chemin.name, chemin.read_bytes()
    nom = Path(getattr(fichier, "name", "") or "fichier").name
    taille = getattr(fichier, "size", None)
    if taille is not None:
        verifier_fichier(nom, taille)
    return nom, fichier.read(settings.JALON_IMPORT_MAX_BYTES + 1)


def importer_feuille(
    user, region, fichier, dry_run=False, canal=EntreeJournal.Canal.IMPORT, **feuille
) -> RapportFeuille:
    """Import `fichier` into the current roadmap of `region` (created if missing).

    `feuille` passes the plan's name, period, version code and source on creation.
    """
    services.exiger_droit(user, region)
    execution = ExecutionImport(
        genre=GENRE,
        nom_fichier=str(getattr(fichier, "name", fichier)).replace("\\", "/").split("/")[-1],
        utilisateur=user if getattr(user, "pk", None) else None,
        cible=f"{queries.code_plan(region)}",
        dry_run=dry_run,
    )
    try:
        nom, contenu = _octets(fichier)
        execution.nom_fichier, execution.taille = nom[:255], len(contenu)
        execution.sha256 = hashlib.sha256(contenu).hexdigest()
        lue = lire_feuille(nom, contenu, contexte(region))
    except FichierRefuse as exc:
        execution.statut = ExecutionImport.Statut.REFUSE
        execution.erreurs = [erreur.as_dict() for erreur in exc.erreurs]
        _terminer(execution)
        return RapportFeuille(execution, erreurs=exc.erreurs)

    rapport = RapportFeuille(execution)
    with transaction.atomic():
        version = queries.version_courante(region)
        existantes = {}
        if version is not None:
            numeros = queries.numeros_nationaux_courants()
            existantes = {
                action.numero: valeurs_de(action, numeros)
                for action in queries.avec_relations(
                    ActionRegionale.objects.filter(version=version)
                )
            }
        ordres = {}
        for _, valeurs in lue.lignes:
            ordres.setdefault(valeurs["objectif"], len(ordres))
            avant = existantes.get(valeurs["numero"])
            if avant is None:
                rapport.creees.append(valeurs["numero"])
            elif changes := differences(avant, valeurs):
                rapport.modifiees[valeurs["numero"]] = changes
            else:
                rapport.inchangees += 1
        lus = {valeurs["numero"] for _, valeurs in lue.lignes}
        rapport.absentes = [numero for numero in existantes if numero not in lus]
        if not rapport.creees and not rapport.modifiees:
            execution.statut = ExecutionImport.Statut.INCHANGE
        elif dry_run:
            execution.statut = ExecutionImport.Statut.SIMULE
        else:
            if version is None:
                version = services.obtenir_feuille(user, region, canal=canal, **feuille)
            for _, valeurs in lue.lignes:
                if valeurs["numero"] in rapport.creees or valeurs["numero"] in rapport.modifiees:
                    services.enregistrer_action(
                        user,
                        version,
                        valeurs,
                        canal=canal,
                        ordre_objectif=ordres[valeurs["objectif"]],
                    )
            execution.statut = ExecutionImport.Statut.APPLIQUE
        execution.compteurs = {
            "lignes": len(lue.lignes),
            "creees": len(rapport.creees),
            "modifiees": len(rapport.modifiees),
            "inchangees": rapport.inchangees,
            "absentes": len(rapport.absentes),
        }
        execution.diff = {"creees": rapport.creees, "modifiees": rapport.modifiees}
        _terminer(execution)
    return rapport


def _terminer(execution):
    execution.fin = timezone.now()
    execution.save()


def exporter_feuille(version) -> bytes:
    """The roadmap as an .xlsx workbook that `importer_feuille` reads back unchanged."""
    classeur = Workbook()
    feuille = classeur.active
    feuille.title = "Actions"
    feuille.append(COLONNES)
    for cellule in feuille[1]:
        cellule.font = Font(bold=True)
    numeros = queries.numeros_nationaux_courants()
    for action in queries.actions(version):
        feuille.append(cellules(valeurs_de(action, numeros)))
    for ligne in feuille.iter_rows(min_row=2):
        for cellule in ligne:
            cellule.alignment = Alignment(wrap_text=True, vertical="top")
            cellule.number_format = "@"  # text: keep "17 bis", dates and amounts as written
    # A second sheet documents the columns, taken from the Table Schema.
    aide = classeur.create_sheet("Colonnes")
    aide.append(["colonne", "intitulé", "forme attendue"])
    for champ in charger_schema().fields:
        aide.append([champ.name, champ.title or "", champ.description or ""])
    flux = io.BytesIO()
    classeur.save(flux)
    return flux.getvalue()
