import pytest
from django.core.management import CommandError, call_command

from jalon.comptes.models import Utilisateur
from jalon.referentiel.models import Indicateur
from jalon.territoires.models import Territoire

pytestmark = pytest.mark.django_db


def test_setup_demo_is_refused_outside_demo_mode(settings):
    settings.JALON_DEMO = False
    with pytest.raises(CommandError, match="JALON_ENV=demo"):
        call_command("setup_demo")
    assert not Utilisateur.objects.exists()
    assert not Territoire.objects.exists()


def test_setup_demo_loads_everything_and_prints_the_accounts(settings, capsys):
    settings.JALON_DEMO = True
    call_command("setup_demo")
    out = capsys.readouterr().out

    assert Territoire.objects.count() == 120
    assert Indicateur.objects.count() == 110
    for username in ("admin", "dgos", "ars-32", "ars-11", "ptsm", "lecteur"):
        assert username in out
        assert Utilisateur.objects.get(username=username).check_password("demo")
    assert "mot de passe « demo »" in out
