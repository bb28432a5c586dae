import pytest
from django.core.management import CommandError, call_command

from jalon.comptes.demo import DEMO_ACCOUNTS, demo_accounts
from jalon.comptes.models import Utilisateur
from jalon.referentiel.models import Organisation
from jalon.territoires.models import Territoire

N = Territoire.Niveau
pytestmark = pytest.mark.django_db


@pytest.fixture
def territoires():
    fr = Territoire.objects.create(code="FR", niveau=N.PAYS, nom="France")
    hdf = Territoire.objects.create(
        code="REG-32", niveau=N.REGION, nom="Hauts-de-France", parent=fr
    )
    Territoire.objects.create(code="REG-11", niveau=N.REGION, nom="Île-de-France", parent=fr)
    Territoire.objects.create(code="DEP-59", niveau=N.DEPARTEMENT, nom="Nord", parent=hdf)


def test_refused_outside_demo_mode(territoires, settings):
    settings.JALON_DEMO = False
    with pytest.raises(CommandError, match="qu'en mode démonstration"):
        call_command("create_demo_accounts")
    assert not Utilisateur.objects.exists()


def test_refused_without_territories(settings):
    settings.JALON_DEMO = True
    with pytest.raises(
        CommandError, match="Chargez d'abord les territoires : jalon load-territoires"
    ):
        call_command("create_demo_accounts")
    assert not Utilisateur.objects.exists()


def test_creates_each_account_with_its_scope_and_is_idempotent(territoires, settings):
    settings.JALON_DEMO = True
    call_command("create_demo_accounts", verbosity=0)
    Utilisateur.objects.filter(username="ars-32").update(first_name="Modifié", is_active=False)
    call_command("create_demo_accounts", verbosity=0)

    assert Utilisateur.objects.count() == len(DEMO_ACCOUNTS) == 6
    assert Organisation.objects.filter(code="DGOS").count() == 1
    users = {u.username: u for u in Utilisateur.objects.select_related("territoire")}
    assert all(u.check_password("demo") and u.is_active for u in users.values())
    admin = users["admin"]
    assert admin.role == Utilisateur.Role.ADMIN_NATIONAL and admin.is_staff and admin.is_superuser
    assert users["dgos"].role == "pilote_national" and users["dgos"].organisation.code == "DGOS"
    assert (users["ars-32"].role, users["ars-32"].territoire.code) == ("referent_ars", "REG-32")
    assert users["ars-32"].first_name == "Hélène"  # updated back on the second run
    assert (users["ars-11"].role, users["ars-11"].territoire.code) == ("referent_ars", "REG-11")
    assert (users["ptsm"].role, users["ptsm"].territoire.code) == ("contributeur", "DEP-59")
    assert users["lecteur"].role == "lecteur" and not users["lecteur"].is_staff
    for user in users.values():
        user.full_clean(exclude=["password"])


def test_demo_accounts_rows_for_setup_demo(territoires, settings):
    settings.JALON_DEMO = True
    call_command("create_demo_accounts", verbosity=0)
    rows = dict((username, (role, scope)) for username, role, scope in demo_accounts())
    assert rows["ars-32"] == ("Référent santé mentale ARS", "Hauts-de-France (REG-32)")
    assert rows["dgos"] == ("Pilote national (direction)", "DGOS")
    assert rows["admin"][1] == "National"
    assert list(rows) == [a.username for a in DEMO_ACCOUNTS]


def test_demo_login_works_with_password_demo(territoires, settings, client):
    settings.JALON_DEMO = True
    call_command("create_demo_accounts", verbosity=0)
    response = client.post("/comptes/connexion/", {"username": "ars-32", "password": "demo"})
    assert response.status_code == 302
