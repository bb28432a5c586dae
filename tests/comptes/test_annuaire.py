import pytest
from django.urls import reverse

ANNUAIRE = reverse("comptes:annuaire")


def test_anonymous_users_are_sent_to_login(client, db):
    response = client.get(ANNUAIRE)
    assert response.status_code == 302 and response.url.startswith(reverse("comptes:connexion"))


@pytest.mark.parametrize("role", ["admin", "pilote", "ars", "contributeur", "lecteur"])
def test_every_signed_in_role_reads_the_directory(client, monde, role):
    client.force_login(getattr(monde, role))
    assert client.get(ANNUAIRE).status_code == 200


def test_inactive_accounts_are_refused(client, monde):
    client.force_login(monde.inactif)
    # Django drops the session of a deactivated account: back to the login page.
    assert client.get(ANNUAIRE).status_code == 302


def test_lists_referents_per_region_and_contacts_per_direction(client, monde):
    monde.ars.telephone = "03 20 00 00 00"
    monde.ars.save()
    client.force_login(monde.lecteur)
    response = client.get(ANNUAIRE)
    regions = dict(response.context["regions"])
    assert regions[monde.hdf] == [monde.ars]
    assert regions[monde.idf] == [monde.ars_idf]
    assert dict(response.context["directions"]) == {monde.dgos: [monde.pilote]}
    assert response.context["delegation"] == [monde.admin]
    html = response.content.decode()
    assert f'href="mailto:{monde.ars.email}"' in html
    assert 'href="tel:0320000000"' in html
    # Deactivated accounts and accounts without a network role are not listed.
    assert monde.inactif.email not in html and monde.contributeur.email not in html


def test_header_links_to_the_directory_when_signed_in(client, monde):
    assert f'href="{ANNUAIRE}"' not in client.get("/").content.decode()
    client.force_login(monde.contributeur)
    assert f'href="{ANNUAIRE}"' in client.get("/").content.decode()
