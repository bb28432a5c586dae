from django.core.management.base import BaseCommand, CommandError

from jalon.comptes.demo import DEMO_PASSWORD, DemoError, create_demo_accounts, demo_accounts


class Command(BaseCommand):
    help = "Crée ou met à jour les comptes de démonstration (mode démonstration uniquement)."

    def handle(self, *args, **options):
        try:
            users = create_demo_accounts()
        except DemoError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(users)} comptes de démonstration prêts (mot de passe « {DEMO_PASSWORD} »)."
            )
        )
        if options["verbosity"] > 1:
            for username, role, perimetre in demo_accounts():
                self.stdout.write(f"  {username:<10} {role} — {perimetre}")
