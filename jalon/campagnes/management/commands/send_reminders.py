"""`jalon send-reminders [--date AAAA-MM-JJ] [--dry-run]`: the day's reminders of campaigns
and of ad-hoc requests (`jalon.demandes.relances`), on the same schedule.

Meant to run once a day from cron, e.g. at 7:00:
    0 7 * * *  cd /srv/jalon && JALON_ENV=production .venv/bin/jalon send-reminders
Running it again the same day sends nothing more.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from jalon.campagnes.relances import envoyer_relances
from jalon.demandes import relances as relances_demandes


class Command(BaseCommand):
    help = (
        "Envoie les relances du jour (J-30, J-15, J-7, J-1, puis en retard) de la campagne "
        "et des demandes ponctuelles, aux seuls référents ARS et pilotes nationaux à qui il "
        "manque des valeurs ou des réponses."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help="Jour de référence (AAAA-MM-JJ), aujourd'hui par défaut."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Affiche les relances sans rien envoyer."
        )
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "JALON_URL_PUBLIQUE", "http://127.0.0.1:8000"),
            help="Adresse du site, pour les liens des messages.",
        )

    def handle(self, *args, date=None, dry_run=False, base_url="", **options):
        try:
            jour = datetime.date.fromisoformat(date) if date else None
        except ValueError as exc:
            raise CommandError(f"--date {date!r} : date attendue au format AAAA-MM-JJ.") from exc
        base_url = base_url.rstrip("/")
        relances = envoyer_relances(jour, base_url=base_url, dry_run=dry_run)
        verbe = "à envoyer" if dry_run else "envoyée(s)"
        for relance in relances:
            self.stdout.write(
                f"{relance.destinataire.email} — {relance.perimetre} : "
                f"{len(relance.manquantes)} valeur(s) manquante(s)"
            )
        self.stdout.write(self.style.SUCCESS(f"{len(relances)} relance(s) {verbe}."))
        demandes = relances_demandes.envoyer_relances(jour, base_url=base_url, dry_run=dry_run)
        for relance in demandes:
            self.stdout.write(
                f"{relance.destinataire.email} — « {relance.demande.titre} », "
                f"{relance.perimetre} : {len(relance.manquantes)} élément(s) manquant(s)"
            )
        self.stdout.write(
            self.style.SUCCESS(f"{len(demandes)} relance(s) de demande ponctuelle {verbe}.")
        )
