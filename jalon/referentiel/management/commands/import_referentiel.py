"""`jalon import-referentiel FILE [--dry-run] [--version 2023] [--utilisateur USERNAME]`."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from jalon.referentiel.importation import importer_annexe, version_fdr
from jalon.territoires.perms import can_import_referentiel


class Command(BaseCommand):
    help = (
        "Importe l'annexe du référentiel national (texte tabulé de l'instruction, CSV ou "
        "xlsx) dans une version de la feuille de route ; --dry-run montre les différences "
        "sans rien appliquer."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Here --version names the roadmap version, replacing Django's --version flag.
        kwargs.setdefault("conflict_handler", "resolve")
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("fichier", help="Annexe : .tsv, .txt, .csv ou .xlsx.")
        parser.add_argument("--dry-run", action="store_true", help="Simuler sans appliquer.")
        parser.add_argument("--version", dest="version_code", default="2023")
        parser.add_argument(
            "--utilisateur", help="Identifiant de l'administrateur national qui importe."
        )

    def handle(self, *args, fichier, dry_run, version_code, utilisateur=None, **options):
        acteur = None
        if utilisateur:
            acteur = get_user_model().objects.filter(username=utilisateur).first()
            if acteur is None:
                raise CommandError(f"Utilisateur « {utilisateur} » introuvable.")
            if not can_import_referentiel(acteur):
                raise CommandError(
                    f"« {utilisateur} » n'est pas administrateur national : seul un "
                    "administrateur national peut importer le référentiel."
                )
        try:
            version = version_fdr(version_code)
            rapport = importer_annexe(acteur, fichier, version, dry_run=dry_run)
        except FileNotFoundError as exc:
            raise CommandError(f"{fichier} : fichier introuvable.") from exc
        texte = "\n".join(rapport.lignes_texte())
        if rapport.refuse:
            raise CommandError(texte)
        self.stdout.write(texte)
