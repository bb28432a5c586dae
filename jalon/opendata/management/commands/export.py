"""``jalon export --format csv|xlsx|json -o FICHIER [--validees-seulement] [--jeu valeurs]``.

Writes one open-data file and its Table Schema next to it (``FICHIER`` without its extension
+ ``.schema.json``).
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jalon.opendata.ecriture import FORMATS, ecrire
from jalon.opendata.jeux import JEUX


class Command(BaseCommand):
    help = (
        "Exporte les valeurs (format long) ou le référentiel (actions, indicateurs, "
        "territoires) en CSV, xlsx ou JSON, avec le schéma Table Schema à côté."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=sorted(FORMATS), dest="format_")
        parser.add_argument("-o", "--output", required=True, help="Fichier à écrire.")
        parser.add_argument(
            "--validees-seulement",
            action="store_true",
            help="Seulement les valeurs validées (ce que publie le portail).",
        )
        parser.add_argument("--jeu", default="valeurs", choices=sorted(JEUX))
        parser.add_argument("--indicateur", default="", help="Code d'un indicateur (valeurs).")

    def handle(self, *args, format_, output, validees_seulement, jeu, indicateur, **options):
        destination = Path(output)
        if not destination.parent.is_dir():
            raise CommandError(f"Le dossier {destination.parent} n'existe pas.")
        if destination.suffix.lower() != f".{format_}":
            raise CommandError(
                f"{destination.name} : l'extension doit correspondre au format (.{format_})."
            )
        donnees = JEUX[jeu]
        filtres = {"indicateur": indicateur.strip()} if indicateur.strip() else {}
        ecrire(
            donnees, format_, destination, validees_seulement=validees_seulement, filtres=filtres
        )
        schema = destination.with_name(destination.stem + ".schema.json")
        schema.write_text(
            json.dumps(donnees.schema(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        portee = "valeurs validées seulement" if validees_seulement else "tous statuts"
        if jeu != "valeurs":
            portee = "référentiel"
        self.stdout.write(
            self.style.SUCCESS(f"{destination} écrit ({jeu}, {portee}) ; schéma : {schema}")
        )
