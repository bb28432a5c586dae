"""`jalon create-demo-request`: one ad-hoc request for the demo, flagged as an example.

It asks the 18 ARS about their PTSM and CTSM (indicators A015INDM01 and A015INDR01 of the
instruction's annex, departmental maille, period 2024), with the questions a delegation could
ask. It carries no answer and no figure: every page and the API label it as a demo example
(`Demande.exemple_demo`), not a request the DMSMP sent. Demo mode only; running it again
changes nothing.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from jalon.comptes.models import Utilisateur
from jalon.demandes import services
from jalon.demandes.models import Demande
from jalon.journal.models import EntreeJournal
from jalon.referentiel.models import Indicateur
from jalon.territoires.models import Territoire

TITRE = "Exemple de démonstration — point d'étape PTSM et CTSM"
INDICATEURS = ("A015INDM01", "A015INDR01")
QUESTIONS = (
    "Exemple : quels PTSM de votre région sont en cours d'actualisation, et à quelle échéance ?",
    "Exemple : quelles difficultés freinent la signature des contrats territoriaux de santé "
    "mentale (CTSM) ?",
)


class Command(BaseCommand):
    help = "Crée la demande ponctuelle d'exemple de la démonstration (JALON_ENV=demo)."

    def handle(self, *args, **options):
        if not settings.JALON_DEMO:
            raise CommandError("create-demo-request n'est permis qu'avec JALON_ENV=demo.")
        if Demande.objects.filter(exemple_demo=True).exists():
            self.stdout.write("Demande d'exemple déjà présente.")
            return
        admin = Utilisateur.objects.filter(username="admin").first()
        if admin is None:
            raise CommandError("Compte « admin » introuvable : lancez create-demo-accounts.")
        canal = EntreeJournal.Canal.COMMANDE
        demande = services.creer_demande(
            admin,
            titre=TITRE,
            contexte=(
                "Demande d'exemple créée pour la démonstration de Jalon : elle montre comment "
                "l'administration nationale interroge les ARS en dehors de la campagne annuelle. "
                "Elle n'a pas été envoyée par la DMSMP."
            ),
            echeance=timezone.localdate() + datetime.timedelta(days=30),
            regions=list(Territoire.objects.regions()),
            questions=QUESTIONS,
            indicateurs=list(Indicateur.objects.filter(code__in=INDICATEURS)),
            periode="2024",
            exemple_demo=True,
            canal=canal,
        )
        services.publier_demande(admin, demande, canal=canal)
        self.stdout.write(f"Demande d'exemple publiée aux {demande.cibles.count()} ARS.")
