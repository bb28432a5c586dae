import pytest
from django.core.management import CommandError, call_command

from jalon.campagnes import verrous
from jalon.campagnes.models import Campagne

pytestmark = pytest.mark.django_db


def test_demo_campaign_reopens_entry_for_the_demo_ars_only(monde, settings):
    settings.JALON_DEMO = True
    Campagne.objects.all().delete()

    call_command("open_demo_campaign")
    call_command("open_demo_campaign")  # again: nothing more

    campagne = Campagne.objects.get(annee=2023)
    assert campagne.exceptions.count() == 2
    ind = monde.ind.ars_reg
    assert verrous.motif_verrou(monde.u.ars, campagne, ind, monde.hdf) == ""
    assert verrous.motif_verrou(monde.u.ars_idf, campagne, ind, monde.idf) == ""


def test_demo_campaign_is_refused_outside_demo_mode(monde, settings):
    settings.JALON_DEMO = False
    with pytest.raises(CommandError, match="JALON_ENV=demo"):
        call_command("open_demo_campaign")
