"""`jalon load-demo-narratives [--fichier F]`: the texts of the 2023 national bilan."""

from django.core.management.base import BaseCommand, CommandError

from jalon.rapports.demo import (
    FICHIER_NARRATIFS_2023,
    NarratifsRefuses,
    charger_chiffres_cles_demo,
    charger_narratifs_demo,
)


class Command(BaseCommand):
    help = (
        "Charge les textes du bilan national 2023 (sections des actions, rappel de la feuille "
        "de route, gouvernance), cités ligne à ligne. Ne remplace jamais un texte déjà présent : "
        "relancer ne change rien."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fichier", default=str(FICHIER_NARRATIFS_2023), help="CSV à charger.")

    def handle(self, *args, fichier, **options):
        try:
            resultat = charger_narratifs_demo(fichier)
            chiffres = charger_chiffres_cles_demo()
        except FileNotFoundError as exc:
            raise CommandError(f"{fichier} : fichier introuvable.") from exc
        except NarratifsRefuses as exc:
            raise CommandError(f"Fichier refusé, rien n'a été chargé :\n{exc}") from exc
        self.stdout.write(
            f"Textes du bilan : {resultat.crees} créé(s), {resultat.gardes} déjà présent(s) "
            "(laissés tels quels)."
        )
        self.stdout.write(
            f"Chiffres clés : {chiffres} choisi(s) d'après le communiqué de presse."
            if chiffres
            else "Chiffres clés : sélection déjà faite, laissée telle quelle."
        )
