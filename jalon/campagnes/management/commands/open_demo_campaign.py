"""`jalon open-demo-campaign`: the 2023 campaign of the demo, with the bilan's values in place.

The 2023 campaign is opened with the calendar of instruction 2023/179 (its deadlines are long
past), so the values loaded by `load-demo-values` show as received; entry is then reopened for
the two demo ARS (Hauts-de-France, Île-de-France) by an exception, so that the demo accounts
ars-32 and ars-11 can try the grid and submit. Demo mode only; running it again changes nothing.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from jalon.campagnes import services
from jalon.campagnes.models import Campagne
from jalon.campagnes.verrous import exceptions_actives
from jalon.comptes.models import Utilisateur
from jalon.journal.models import EntreeJournal
from jalon.territoires.models import Territoire

ANNEE = 2023
REGIONS_DEMO = ("REG-32", "REG-11")
DUREE_EXCEPTION = datetime.timedelta(days=90)


class Command(BaseCommand):
    help = "Ouvre la campagne 2023 de démonstration et rouvre la saisie des ARS de démonstration."

    def handle(self, *args, **options):
        if not settings.JALON_DEMO:
            raise CommandError("open-demo-campaign n'est permis qu'avec JALON_ENV=demo.")
        admin = Utilisateur.objects.filter(username="admin").first()
        if admin is None:
            raise CommandError("Compte « admin » introuvable : lancez create-demo-accounts.")
        canal = EntreeJournal.Canal.COMMANDE
        campagne = Campagne.objects.filter(annee=ANNEE).first()
        if campagne is None:
            campagne = services.ouvrir_campagne(admin, ANNEE, canal=canal)
            self.stdout.write(f"Campagne {ANNEE} ouverte (calendrier de l'instruction 2023/179).")
        jusqu_au = timezone.localdate() + DUREE_EXCEPTION
        for region in Territoire.objects.regions().filter(code__in=REGIONS_DEMO):
            if exceptions_actives(campagne).filter(region=region).exists():
                continue
            services.accorder_exception(
                admin,
                campagne,
                region=region,
                jusqu_au=jusqu_au,
                motif="Démonstration : saisie rouverte pour essayer la grille.",
                canal=canal,
            )
            self.stdout.write(f"Saisie rouverte pour {region.nom} jusqu'au {jusqu_au:%d/%m/%Y}.")
