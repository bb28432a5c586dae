from django.core.management.base import BaseCommand, CommandError

from jalon.sauvegarde.archive import ErreurSauvegarde
from jalon.sauvegarde.restore import restore


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde écrite par « jalon dump » dans une base vide (créée par "
        "« jalon migrate » avec la même version de Jalon), en une seule transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichier", help="Archive écrite par « jalon dump ».")

    def handle(self, *args, fichier, **options):
        try:
            manifeste = restore(fichier)
        except ErreurSauvegarde as error:
            raise CommandError(str(error)) from error
        lignes = sum(f["lignes"] for f in manifeste["fichiers"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Sauvegarde restaurée : {lignes} lignes dans {len(manifeste['fichiers'])} "
                f"tables (sauvegarde du {manifeste['cree_le']}, Jalon "
                f"{manifeste['version_jalon']})."
            )
        )
