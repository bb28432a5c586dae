from django.core.management.base import BaseCommand, CommandError

from jalon.sauvegarde.archive import ErreurSauvegarde
from jalon.sauvegarde.dump import dump


class Command(BaseCommand):
    help = (
        "Écrit une sauvegarde portable de la base (zip : un fichier JSON lines par table et "
        "un manifeste avec version, migrations, nombres de lignes et empreintes sha256)."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichier", help="Chemin de l'archive à écrire (ex. jalon.zip).")

    def handle(self, *args, fichier, **options):
        try:
            manifeste = dump(fichier)
        except (ErreurSauvegarde, OSError) as error:
            raise CommandError(str(error)) from error
        lignes = sum(f["lignes"] for f in manifeste["fichiers"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Sauvegarde écrite : {fichier} ({len(manifeste['fichiers'])} tables, "
                f"{lignes} lignes, {len(manifeste['medias'])} fichiers stockés)."
            )
        )
