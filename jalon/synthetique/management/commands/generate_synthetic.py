"""`jalon generate-synthetic --scale demo|national [--seed N] [--force] [--csv FICHIER]`."""

import time

from django.core.management.base import BaseCommand, CommandError

from jalon.synthetique.generation import (
    ECHELLES,
    FIN,
    Echelle,
    GenerationRefusee,
    ecrire_csv,
    generer,
)


class Command(BaseCommand):
    help = (
        "Génère des valeurs synthétiques (fictives, déterministes) pour les 110 indicateurs, "
        "tous les territoires de leur maille et dix ans de périodes. demo : 150 territoires "
        "infra-départementaux, 3 ans (~135 000 valeurs) ; national : 1 000 territoires, "
        "10 ans (~2,8 millions). Refuse une base qui contient des valeurs réelles, sauf "
        "--force. Commande d'administration du serveur (comme migrate)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(ECHELLES), required=True)
        parser.add_argument("--seed", type=int, default=1, help="Graine (défaut : 1).")
        parser.add_argument(
            "--territoires-infra",
            type=int,
            help="Nombre de territoires infra-départementaux synthétiques (défaut selon "
            "l'échelle : 150 ou 1 000 ; ~5 400 donnent ~15 millions de valeurs).",
        )
        parser.add_argument("--annees", type=int, help="Nombre d'années (défaut : 3 ou 10).")
        parser.add_argument("--fin", type=int, default=FIN, help=f"Dernière année ({FIN}).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Ajouter aux valeurs réelles présentes (sans jamais les écraser).",
        )
        parser.add_argument(
            "--csv",
            help="Écrire les valeurs dans ce fichier (format de jalon import-valeurs) au lieu "
            "de la base ; seuls les territoires synthétiques sont créés en base.",
        )
        parser.add_argument("--limite", type=int, help="Avec --csv : nombre maximal de lignes.")

    def handle(self, *args, scale, seed, territoires_infra, annees, fin, force, csv, limite, **o):
        defaut = ECHELLES[scale]
        echelle = Echelle(
            territoires_infra=territoires_infra or defaut.territoires_infra,
            annees=annees or defaut.annees,
        )
        debut = time.perf_counter()
        try:
            if csv:
                n = ecrire_csv(csv, echelle, seed, fin=fin, limite=limite)
                self.stdout.write(f"{csv} : {n} lignes ({time.perf_counter() - debut:.0f} s).")
                return
            bilan = generer(echelle, seed, force=force, fin=fin, rapporter=self.stdout.write)
        except (GenerationRefusee, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{bilan.valeurs} valeurs synthétiques ({bilan.territoires_crees} territoires "
            f"synthétiques créés, graine {seed}) en {time.perf_counter() - debut:.0f} s."
        )
