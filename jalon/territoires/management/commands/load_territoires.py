"""`jalon load-territoires`: load the shipped COG territories and populations (idempotent)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jalon.territoires.services import TerritoryDataError, load_territoires

# Enough to see the pattern of a broken file without flooding the terminal.
MAX_PROBLEMS_SHOWN = 30


class Command(BaseCommand):
    help = (
        "Charge la France, les 18 régions, les 101 départements et leurs populations légales "
        "livrés dans jalon/data/territoires/ (sans effet si tout est déjà à jour)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dossier",
            type=Path,
            default=None,
            help="Dossier contenant territoires.csv et populations.csv "
            "(par défaut : les fichiers livrés avec Jalon).",
        )

    def handle(self, *args, dossier, **options):
        try:
            report = load_territoires(dossier)
        except TerritoryDataError as exc:
            shown = [str(problem) for problem in exc.problems[:MAX_PROBLEMS_SHOWN]]
            hidden = len(exc.problems) - len(shown)
            if hidden:
                shown.append(f"… et {hidden} autre(s) problème(s).")
            raise CommandError(
                "Fichiers de territoires invalides, rien n'a été modifié :\n" + "\n".join(shown)
            ) from exc
        self.stdout.write(self.style.SUCCESS(str(report)))
