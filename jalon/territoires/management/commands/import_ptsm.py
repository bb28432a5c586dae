"""`jalon import-ptsm FICHIER [--dry-run] [--utilisateur USERNAME]`: import the PTSM list.

The file's format is `jalon/data/territoires/ptsm.schema.json`. A file with one error changes
nothing; --dry-run says what would be created, updated or left unchanged.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from jalon.imports.erreurs import FichierRefuse
from jalon.journal.models import EntreeJournal
from jalon.territoires import perms
from jalon.territoires.ptsm_import import importer_ptsm

MAX_ERREURS = 50


class Command(BaseCommand):
    help = (
        "Importe la liste des PTSM (CSV ou .xlsx, schéma jalon/data/territoires/"
        "ptsm.schema.json) : crée ou met à jour chaque PTSM, tout ou rien."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichier", help="Fichier .csv (séparateur ; ou ,) ou .xlsx.")
        parser.add_argument("--dry-run", action="store_true", help="Vérifier sans appliquer.")
        parser.add_argument(
            "--utilisateur",
            help="Compte au nom duquel importer (administration nationale) ; sans lui, "
            "l'import est inscrit au journal comme fait par l'exploitant du serveur.",
        )

    def handle(self, *args, fichier, dry_run, utilisateur=None, **options):
        acteur = None
        if utilisateur:
            acteur = get_user_model().objects.filter(username=utilisateur).first()
            if acteur is None:
                raise CommandError(f"Utilisateur « {utilisateur} » introuvable.")
            if not perms.can_import_ptsm(acteur):
                raise CommandError(
                    f"« {utilisateur} » ne peut pas importer les PTSM : seule "
                    "l'administration nationale le peut."
                )
        chemin = Path(fichier)
        try:
            contenu = chemin.read_bytes()
        except OSError as exc:
            raise CommandError(f"{fichier} : fichier illisible ou introuvable.") from exc
        try:
            rapport = importer_ptsm(
                acteur, chemin.name, contenu, dry_run=dry_run, canal=EntreeJournal.Canal.COMMANDE
            )
        except FichierRefuse as exc:
            lignes = [str(e) for e in exc.erreurs[:MAX_ERREURS]]
            if len(exc.erreurs) > MAX_ERREURS:
                lignes.append(f"… et {len(exc.erreurs) - MAX_ERREURS} autre(s) erreur(s).")
            raise CommandError(
                f"{len(exc.erreurs)} erreur(s), rien n'a été importé :\n" + "\n".join(lignes)
            ) from exc
        prefixe = "Simulation — " if dry_run else ""
        self.stdout.write(self.style.SUCCESS(prefixe + rapport.resume()))
