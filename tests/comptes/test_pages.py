import pytest
from django.urls import reverse

from jalon.comptes.models import Utilisateur

LISTE = reverse("comptes:liste")
CREER = reverse("comptes:creer")
MOT_DE_PASSE = "Printemps-des-ARS-2024"


def _donnees(**overrides):
    data = {
        "username": "nouveau",
        "first_name": "Nina",
        "last_name": "Nouvelle",
        "email": "nina@example.org",
        "role": "contributeur",
        "territoire": "",
        "organisation": "",
        "password1": MOT_DE_PASSE,
        "password2": MOT_DE_PASSE,
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "url",
    [LISTE, CREER, reverse("comptes:modifier", args=[1])],
)
def test_anonymous_users_are_sent_to_the_login_page(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("comptes:connexion"))


@pytest.mark.parametrize("role", ["pilote", "contributeur", "lecteur"])
def test_other_roles_get_403_everywhere(client, monde, role):
    client.force_login(getattr(monde, role))
    cible = monde.contributeur.pk
    assert client.get(LISTE).status_code == 403
    assert client.get(CREER).status_code == 403
    assert client.post(CREER, _donnees(territoire=monde.nord.pk)).status_code == 403
    assert client.get(reverse("comptes:modifier", args=[cible])).status_code == 403
    assert client.post(reverse("comptes:basculer_actif", args=[cible])).status_code == 403
    assert not Utilisateur.objects.filter(username="nouveau").exists()
    assert Utilisateur.objects.get(pk=cible).is_active


def test_admin_lists_every_account_with_role_and_scope(client, monde):
    client.force_login(monde.admin)
    html = client.get(LISTE).content.decode()
    for username in ("admin", "dgos", "ars-32", "ars-11", "ptsm", "lecteur", "ancien"):
        assert f"<td>{username}</td>" in html
    assert "Hauts-de-France (REG-32)" in html and "Nord (DEP-59)" in html and "DGOS" in html
    assert "Désactivé" in html


def test_admin_creates_a_referent_ars_then_edits_and_deactivates_it(client, monde):
    client.force_login(monde.admin)
    response = client.post(
        CREER, _donnees(role="referent_ars", territoire=monde.idf.pk, organisation=monde.dgos.pk)
    )
    assert response.status_code == 302
    compte = Utilisateur.objects.get(username="nouveau")
    assert (compte.role, compte.territoire, compte.organisation) == (
        "referent_ars",
        monde.idf,
        None,
    )
    assert compte.check_password(MOT_DE_PASSE)

    modifier = reverse("comptes:modifier", args=[compte.pk])
    data = _donnees(role="pilote_national", territoire=monde.idf.pk, organisation=monde.dgos.pk)
    assert client.post(modifier, data).status_code == 302
    compte.refresh_from_db()
    assert (compte.role, compte.territoire, compte.organisation) == (
        "pilote_national",
        None,
        monde.dgos,
    )

    assert client.post(reverse("comptes:basculer_actif", args=[compte.pk])).status_code == 302
    compte.refresh_from_db()
    assert not compte.is_active


def test_role_and_territory_level_must_match(client, monde):
    client.force_login(monde.admin)
    response = client.post(CREER, _donnees(role="referent_ars", territoire=monde.nord.pk))
    assert "Un référent ARS est rattaché à une région." in response.content.decode()
    response = client.post(CREER, _donnees(role="pilote_national"))
    assert "Un pilote national est rattaché à une direction." in response.content.decode()
    assert not Utilisateur.objects.filter(username="nouveau").exists()


def test_weak_passwords_are_refused_in_french(client, monde):
    client.force_login(monde.admin)
    response = client.post(
        CREER, _donnees(territoire=monde.nord.pk, password1="abc", password2="abc")
    )
    html = response.content.decode()
    assert "trop court" in html
    assert not Utilisateur.objects.filter(username="nouveau").exists()


def test_an_admin_cannot_deactivate_itself(client, monde):
    client.force_login(monde.admin)
    client.post(reverse("comptes:basculer_actif", args=[monde.admin.pk]))
    monde.admin.refresh_from_db()
    assert monde.admin.is_active


class TestReferentArs:
    def test_sees_only_the_contributors_and_readers_of_its_region(self, client, monde):
        client.force_login(monde.ars)
        html = client.get(LISTE).content.decode()
        assert "<td>ptsm</td>" in html
        for username in ("admin", "dgos", "ars-11", "lecteur", "ancien"):
            assert f"<td>{username}</td>" not in html

    def test_invites_a_contributor_in_one_of_its_departments(self, client, monde):
        client.force_login(monde.ars)
        assert client.post(CREER, _donnees(territoire=monde.pas_de_calais.pk)).status_code == 302
        compte = Utilisateur.objects.get(username="nouveau")
        assert (compte.role, compte.territoire) == ("contributeur", monde.pas_de_calais)
        assert compte.check_password(MOT_DE_PASSE)

    def test_cannot_create_a_user_for_another_region(self, client, monde):
        client.force_login(monde.ars)
        for territoire in (monde.paris, monde.idf):
            response = client.post(CREER, _donnees(territoire=territoire.pk))
            assert response.status_code == 200
            assert "fr-input-group--error" in response.content.decode()
        response = client.post(CREER, _donnees(role="lecteur", territoire=""))
        assert "rattachés à votre région" in response.content.decode()
        assert not Utilisateur.objects.filter(username="nouveau").exists()

    def test_cannot_grant_a_national_or_ars_role(self, client, monde):
        client.force_login(monde.ars)
        for role in ("admin_national", "pilote_national", "referent_ars"):
            client.post(CREER, _donnees(role=role, territoire=monde.hdf.pk))
        assert not Utilisateur.objects.filter(username="nouveau").exists()

    def test_cannot_touch_accounts_outside_its_scope(self, client, monde):
        client.force_login(monde.ars)
        for autre in (monde.admin, monde.ars_idf, monde.lecteur):
            assert client.get(reverse("comptes:modifier", args=[autre.pk])).status_code == 404
            client.post(reverse("comptes:basculer_actif", args=[autre.pk]))
            autre.refresh_from_db()
            assert autre.is_active

    def test_cannot_move_its_contributor_to_another_region(self, client, monde):
        client.force_login(monde.ars)
        url = reverse("comptes:modifier", args=[monde.contributeur.pk])
        data = _donnees(username="ptsm", territoire=monde.paris.pk)
        assert client.post(url, data).status_code == 200
        monde.contributeur.refresh_from_db()
        assert monde.contributeur.territoire == monde.nord


def test_header_links_to_accounts_only_for_account_managers(client, monde):
    client.force_login(monde.ars)
    assert f'href="{LISTE}"' in client.get("/").content.decode()
    client.force_login(monde.contributeur)
    assert f'href="{LISTE}"' not in client.get("/").content.decode()
