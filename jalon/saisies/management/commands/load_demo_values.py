"""`jalon load-demo-values [--fichier F] [--utilisateur U]`: the figures of the 2023 bilan."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from jalon.saisies.demo import FICHIER_BILAN_2023, ValeursRefusees, charger_valeurs_publiees
from jalon.territoires.perms import is_admin


class Command(BaseCommand):
    help = (
        "Charge les valeurs d'indicateurs publiées dans le bilan national 2023 (validées). "
        "Fichier vérifié en entier d'abord : une erreur et rien n'est chargé. Relancer ne "
        "change rien."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fichier", default=str(FICHIER_BILAN_2023), help="CSV à charger.")
        parser.add_argument(
            "--utilisateur", help="Identifiant de l'administrateur national qui charge."
        )

    def handle(self, *args, fichier, utilisateur=None, **options):
        acteur = None
        if utilisateur:
            acteur = get_user_model().objects.filter(username=utilisateur).first()
            if acteur is None:
                raise CommandError(f"Utilisateur « {utilisateur} » introuvable.")
            # Published figures are validated values: only a national admin may load them.
            if not is_admin(acteur):
                raise CommandError(
                    f"« {utilisateur} » n'est pas administrateur national : seul un "
                    "administrateur national peut charger des valeurs validées."
                )
        try:
            resultat = charger_valeurs_publiees(fichier, acteur=acteur)
        except FileNotFoundError as exc:
            raise CommandError(f"{fichier} : fichier introuvable.") from exc
        except ValeursRefusees as exc:
            raise CommandError(f"Fichier refusé, rien n'a été chargé :\n{exc}") from exc
        self.stdout.write(
            f"Valeurs du bilan : {resultat.total} valeur(s) de {len(resultat.indicateurs)} "
            f"indicateur(s) — {resultat.creees} créée(s), {resultat.modifiees} modifiée(s), "
            f"{resultat.inchangees} inchangée(s)."
        )
