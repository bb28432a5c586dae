"""`importer_valeurs`: the one entry point of the values import (command, web task, tests).

One pass over the file, streamed: each row is checked, then compared with the database and
written in batches inside a single transaction. The first problem stops the writes (rows are
still checked, so the report is complete) and the transaction is rolled back: a file with an
error changes nothing. A dry run never writes and never opens a write transaction.
"""

import hashlib
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from jalon.imports.erreurs import FichierRefuse
from jalon.imports.lecteurs import FluxLignes
from jalon.imports.models import ExecutionImport
from jalon.imports.valeurs import rapide
from jalon.imports.valeurs.ecriture import Ecrivain
from jalon.imports.valeurs.rapport import Rapport
from jalon.imports.valeurs.verification import Verificateur, champs
from jalon.journal.models import EntreeJournal
from jalon.journal.services import journaliser
from jalon.territoires import perms

Statut = ExecutionImport.Statut


@dataclass
class ResultatImport:
    execution: ExecutionImport
    rapport: Rapport

    @property
    def refuse(self) -> bool:
        return self.rapport.refuse

    def lignes_texte(self) -> list[str]:
        return self.rapport.lignes_texte(dry_run=self.execution.dry_run)


def exiger_droit_import(user) -> None:
    if not perms.can_import_values(user):
        raise PermissionDenied(
            "Seuls l'administration nationale, les pilotes nationaux et les référents ARS "
            "importent des valeurs."
        )


def nouvelle_execution(user, nom: str, *, dry_run: bool, **champs_) -> ExecutionImport:
    return ExecutionImport(
        genre=ExecutionImport.Genre.VALEURS,
        nom_fichier=nom[:255],
        utilisateur=user if getattr(user, "pk", None) else None,
        cible="valeurs d'indicateurs",
        dry_run=dry_run,
        **champs_,
    )


def importer_valeurs(user, chemin, nom=None, *, dry_run=False, execution=None, suivi=None):
    """Import the values file at `chemin` (displayed as `nom`) as `user`.

    Raises PermissionDenied before reading if the user may import no values at all; every
    row-level refusal (including permissions) is in the returned report. `execution` is the
    run record to complete (the web page creates it beforehand), `suivi` a
    `progression.Suivi`.
    """
    exiger_droit_import(user)
    nom = nom or str(chemin).replace("\\", "/").rsplit("/", 1)[-1]
    if execution is None:
        execution = nouvelle_execution(user, nom, dry_run=dry_run)
    execution.statut = Statut.EN_COURS
    execution.save()
    rapport = Rapport(nom)
    try:
        execution.sha256, execution.taille = _empreinte(chemin)
        if dry_run:
            _parcourir(user, chemin, nom, rapport, ecrire=False, suivi=suivi)
        else:
            with transaction.atomic():
                _parcourir(user, chemin, nom, rapport, ecrire=True, suivi=suivi)
                if rapport.refuse:
                    transaction.set_rollback(True)
                elif _a_change(rapport):
                    journaliser(
                        user,
                        EntreeJournal.Canal.IMPORT,
                        "import_valeurs",
                        execution,
                        apres=dict(rapport.compteurs, sha256=execution.sha256),
                        motif=f"Import du fichier {nom}",
                    )
    except FichierRefuse as exc:
        for erreur in exc.erreurs:
            rapport.probleme("fichier", erreur.ligne, str(erreur), colonne=erreur.colonne or "")
    _terminer(execution, rapport, dry_run)
    return ResultatImport(execution, rapport)


def _parcourir(user, chemin, nom, rapport, *, ecrire, suivi) -> None:
    if rapide.applicable(nom):
        # PostgreSQL: COPY and set-based checks and writes, same report (echelle's fast path).
        rapide.parcourir(user, chemin, nom, rapport, ecrire=ecrire, suivi=suivi)
        return
    verificateur = Verificateur(user, rapport)
    ecrivain = Ecrivain(user, rapport, admin=verificateur.admin, ecrire=ecrire)
    noms = tuple(c.nom for c in champs())
    with FluxLignes(nom, chemin, noms) as flux:
        lignes = iter(flux)
        en_tete = next((ligne for ligne in lignes if any(c.strip() for c in ligne.cellules)), None)
        if en_tete is None:
            rapport.probleme("fichier", None, f"{nom} : le fichier ne contient aucune ligne.")
            return
        if not verificateur.en_tete(en_tete.cellules, en_tete.numero):
            return
        compteurs = rapport.compteurs
        for ligne in lignes:
            resultat = verificateur.ligne(ligne.numero, ligne.cellules)
            compteurs["lignes"] += 1
            if resultat is not None:
                ecrivain.ajouter(resultat)
            if suivi is not None:
                suivi.signaler(flux.lues, flux.lignes_estimees())
        ecrivain.terminer()
        if suivi is not None:
            suivi.signaler(flux.lues, flux.lues, final=True)
    if compteurs["lignes"] == 0:
        rapport.probleme("fichier", None, f"{nom} : aucune ligne de données après l'en-tête.")


def _a_change(rapport) -> bool:
    return bool(rapport.compteurs["a_creer"] or rapport.compteurs["a_modifier"])


def _empreinte(chemin) -> tuple[str, int]:
    empreinte, taille = hashlib.sha256(), 0
    with open(chemin, "rb") as fichier:
        while bloc := fichier.read(1 << 20):
            empreinte.update(bloc)
            taille += len(bloc)
    return empreinte.hexdigest(), taille


def _terminer(execution, rapport, dry_run) -> None:
    if rapport.refuse:
        execution.statut = Statut.REFUSE
    elif not _a_change(rapport):
        execution.statut = Statut.INCHANGE
    else:
        execution.statut = Statut.SIMULE if dry_run else Statut.APPLIQUE
    execution.compteurs = dict(rapport.compteurs)
    execution.erreurs = rapport.erreurs_dict()
    execution.lignes_traitees = rapport.compteurs["lignes"]
    execution.lignes_total = rapport.compteurs["lignes"]
    execution.fin = timezone.now()
    execution.save()
