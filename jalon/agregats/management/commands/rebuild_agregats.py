"""`jalon rebuild-agregats [--verifier]`: recompute the rollups of jalon.agregats.

Derived data only (no value changes, nothing journaled): like `migrate`, it is run by whoever
administers the server. Needed only if values were written outside the services and the
import (a manual SQL fix, a territory moved to another region).
"""

import time

from django.core.management.base import BaseCommand, CommandError

from jalon.agregats.reconstruction import ecarts, reconstruire


class Command(BaseCommand):
    help = (
        "Recalcule les agrégats (cumuls par zone et année, dernière valeur par territoire) "
        "à partir des valeurs. --verifier compare sans rien modifier."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--verifier",
            action="store_true",
            help="Comparer les agrégats stockés avec un recalcul complet, sans rien modifier "
            "(code de sortie 1 en cas d'écart).",
        )

    def handle(self, *args, verifier, **options):
        debut = time.perf_counter()
        if verifier:
            differences = ecarts()
            if differences:
                raise CommandError(
                    "Agrégats incohérents avec les valeurs :\n"
                    + "\n".join(differences)
                    + "\nLancez « jalon rebuild-agregats » pour les recalculer."
                )
            self.stdout.write(
                f"Agrégats cohérents avec les valeurs ({time.perf_counter() - debut:.1f} s)."
            )
            return
        compteurs = reconstruire()
        self.stdout.write(
            f"Agrégats recalculés : {compteurs['cumuls']} cumuls, {compteurs['dernieres']} "
            f"dernières valeurs ({time.perf_counter() - debut:.1f} s)."
        )
