"""`jalon setup-demo`: everything `make demo` needs in the database, then the accounts."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from jalon.comptes.demo import DEMO_PASSWORD, demo_accounts


class Command(BaseCommand):
    help = (
        "Prépare la démonstration : territoires, référentiel national, feuilles de route "
        "régionales, comptes de "
        "démonstration (JALON_ENV=demo uniquement)."
    )

    def handle(self, *args, **options):
        if not settings.JALON_DEMO:
            raise CommandError(
                "setup-demo crée des comptes au mot de passe connu : il n'est permis qu'avec "
                "JALON_ENV=demo (utilisez `make demo`)."
            )
        for commande in (
            "load_territoires",
            "load_referentiel",
            "load_demo_values",
            "load_demo_narratives",
            "load_regional_roadmaps",
            "create_demo_accounts",
            "open_demo_campaign",
            "create_demo_request",
        ):
            self.stdout.write(self.style.MIGRATE_HEADING(f"→ jalon {commande.replace('_', '-')}"))
            call_command(commande, stdout=self.stdout, stderr=self.stderr)
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"Comptes de démonstration (mot de passe « {DEMO_PASSWORD} ») :")
        )
        for username, role, scope in demo_accounts():
            self.stdout.write(f"  {username:<8} {role} — {scope}")
