"""The demo lets ars-32 write its regional bilan for the campaign `jalon setup-demo` opens:
the 2023 campaign's deadline is past, and its exception for the region reopens the bilan."""

import io

from django.core.management import call_command

from jalon.campagnes.models import Campagne
from jalon.feuilles_regionales import bilan as svc
from tests.factories import CompteFactory


def test_demo_campaign_leaves_the_regional_bilan_open(mb, settings):
    settings.JALON_DEMO = True
    CompteFactory(admin=True, username="admin")
    call_command("open_demo_campaign", stdout=io.StringIO())
    campagne = Campagne.objects.get(annee=2023)
    assert svc.motif_verrou(mb.ars32, mb.hdf, campagne) == ""
    # Another region, without the exception, is past the deadline.
    assert "échéance" in svc.motif_verrou(mb.ars76, mb.occitanie, campagne)
    suivi = svc.update_action_followup(
        mb.ars32, mb.actions["2"], 2023, statut="engagee", meteo="", version_lue=0
    )
    assert suivi.bilan.campagne == campagne and suivi.bilan.statut == "brouillon"
