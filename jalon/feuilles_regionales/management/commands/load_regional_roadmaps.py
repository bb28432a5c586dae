"""`jalon load-regional-roadmaps [--remplacer]`: the regional roadmaps shipped with Jalon."""

from django.core.management.base import BaseCommand, CommandError

from jalon.feuilles_regionales.chargement import ChargementRefuse, charger_tout


class Command(BaseCommand):
    help = (
        "Charge les feuilles de route régionales livrées avec Jalon (Hauts-de-France : "
        "62 actions et leurs liens proposés vers la feuille de route nationale). "
        "Relancer ne change rien ; une feuille modifiée depuis n'est pas écrasée."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--remplacer",
            action="store_true",
            help="Revenir au fichier livré même si l'ARS a modifié sa feuille de route.",
        )

    def handle(self, *args, remplacer=False, **options):
        try:
            lignes = charger_tout(remplacer=remplacer)
        except ChargementRefuse as exc:
            raise CommandError(f"Feuille de route livrée refusée :\n{exc}") from exc
        self.stdout.write("\n".join(lignes))
