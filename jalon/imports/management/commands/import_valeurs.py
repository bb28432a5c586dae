"""`jalon import-valeurs FILE --utilisateur USERNAME [--dry-run] [--progression]`."""

import sys

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from jalon.imports.progression import Suivi, pourcentage
from jalon.imports.valeurs import importer_valeurs
from jalon.territoires.perms import can_import_values

LARGEUR = 30


class Command(BaseCommand):
    help = (
        "Importe des valeurs d'indicateurs (format long : indicateur, territoire, periode, "
        "valeur, source, commentaire) depuis un CSV ou un classeur .xlsx. Tout ou rien : un "
        "fichier avec une erreur ne modifie rien ; --dry-run compte ce qui serait créé, "
        "modifié ou inchangé."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichier", help="Fichier .csv (séparateur , ou ;) ou .xlsx.")
        parser.add_argument("--dry-run", action="store_true", help="Simuler sans appliquer.")
        parser.add_argument(
            "--utilisateur",
            required=True,
            help="Identifiant du compte au nom duquel importer ; ses droits s'appliquent à "
            "chaque ligne.",
        )
        parser.add_argument(
            "--progression",
            action="store_true",
            help="Afficher la barre de progression même hors d'un terminal.",
        )

    def handle(self, *args, fichier, dry_run, utilisateur, progression, **options):
        acteur = get_user_model().objects.filter(username=utilisateur).first()
        if acteur is None:
            raise CommandError(f"Utilisateur « {utilisateur} » introuvable.")
        if not acteur.is_active or not can_import_values(acteur):
            raise CommandError(
                f"« {utilisateur} » ne peut pas importer de valeurs : seuls l'administration "
                "nationale, les pilotes nationaux et les référents ARS le peuvent."
            )
        afficher = progression or sys.stderr.isatty()
        suivi = Suivi(rappel=self._barre if afficher else None)
        try:
            resultat = importer_valeurs(acteur, fichier, dry_run=dry_run, suivi=suivi)
        except FileNotFoundError as exc:
            raise CommandError(f"{fichier} : fichier introuvable.") from exc
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        if afficher:
            self.stderr.write("")
        texte = "\n".join(resultat.lignes_texte())
        if resultat.refuse:
            raise CommandError(texte)
        self.stdout.write(texte)

    def _barre(self, lignes, total):
        part = pourcentage(lignes, total)
        plein = LARGEUR * part // 100
        estimation = f"~{_milliers(total)}" if total else "?"
        self.stderr.write(
            f"\r[{'#' * plein}{'.' * (LARGEUR - plein)}] {part:3d} % "
            f"{_milliers(lignes)} / {estimation} lignes",
            ending="",
        )
        self.stderr.flush()


def _milliers(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")
