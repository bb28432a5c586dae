"""`jalon import-feuille-regionale --region REG-32 FICHIER [--dry-run] [--utilisateur U]`."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from jalon.feuilles_regionales.importation import importer_feuille
from jalon.journal.models import EntreeJournal
from jalon.territoires.models import Territoire


class Command(BaseCommand):
    help = (
        "Importe la feuille de route d'une région (.xlsx ou .csv, une ligne par action, "
        "colonnes décrites dans imports/schemas/feuille_regionale.json) ; --dry-run montre "
        "les différences sans rien appliquer."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichier", help="Classeur .xlsx ou fichier .csv.")
        parser.add_argument("--region", required=True, help="Code de la région, ex. REG-32.")
        parser.add_argument("--dry-run", action="store_true", help="Simuler sans appliquer.")
        parser.add_argument(
            "--utilisateur",
            help="Identifiant du compte au nom duquel importer (ses droits s'appliquent).",
        )

    def handle(self, *args, fichier, region, dry_run, utilisateur=None, **options):
        territoire = Territoire.objects.regions().filter(code=region.upper()).first()
        if territoire is None:
            raise CommandError(f"« {region} » n'est pas une région (attendu : REG-32…).")
        acteur = None
        if utilisateur:
            acteur = get_user_model().objects.filter(username=utilisateur).first()
            if acteur is None:
                raise CommandError(f"Utilisateur « {utilisateur} » introuvable.")
        try:
            rapport = importer_feuille(
                acteur, territoire, fichier, dry_run=dry_run, canal=EntreeJournal.Canal.COMMANDE
            )
        except PermissionDenied as exc:
            raise CommandError(f"Refusé : {exc}") from exc
        except FileNotFoundError as exc:
            raise CommandError(f"{fichier} : fichier introuvable.") from exc
        texte = "\n".join(rapport.lignes_texte())
        if rapport.refuse:
            raise CommandError(texte)
        self.stdout.write(texte)
