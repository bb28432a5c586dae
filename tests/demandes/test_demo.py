import pytest
from django.core.management import CommandError, call_command

from jalon.demandes.models import Demande


def test_demo_request_is_flagged_published_to_every_region_and_idempotent(db, settings):
    from jalon.referentiel.chargement import charger_referentiel_national
    from jalon.territoires.services import load_territoires

    settings.JALON_DEMO = True
    load_territoires()
    charger_referentiel_national()
    call_command("create_demo_accounts")

    call_command("create_demo_request")
    call_command("create_demo_request")

    demande = Demande.objects.get()
    assert demande.exemple_demo and demande.est_publiee
    assert demande.titre.startswith("Exemple de démonstration")
    assert demande.cibles.count() == 18
    assert sorted(demande.indicateurs.values_list("code", flat=True)) == [
        "A015INDM01",
        "A015INDR01",
    ]
    assert not demande.questions.filter(reponses__isnull=False).exists()


def test_demo_request_is_refused_outside_demo_mode(db, settings):
    settings.JALON_DEMO = False

    with pytest.raises(CommandError, match="JALON_ENV=demo"):
        call_command("create_demo_request")
