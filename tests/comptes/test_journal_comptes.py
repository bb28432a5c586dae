"""Every change to an account or a token leaves an audit entry, whatever the entry point."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from jalon.comptes.models import ApiToken, Utilisateur
from jalon.journal.models import EntreeJournal

MOT_DE_PASSE = "Printemps-des-ARS-2024"


def _entrees(**filtre):
    return list(EntreeJournal.objects.filter(**filtre).order_by("pk"))


def test_account_creation_edit_role_change_and_deactivation_are_journaled(client, monde):
    client.force_login(monde.admin)
    donnees = {
        "username": "nina",
        "first_name": "Nina",
        "last_name": "Nouvelle",
        "email": "nina@example.org",
        "telephone": "",
        "role": "contributeur",
        "territoire": monde.nord.pk,
        "organisation": "",
        "password1": MOT_DE_PASSE,
        "password2": MOT_DE_PASSE,
    }
    assert client.post(reverse("comptes:creer"), donnees).status_code == 302
    compte = Utilisateur.objects.get(username="nina")
    url = reverse("comptes:modifier", args=[compte.pk])
    donnees.update(last_name="Nouvelle-Nom")
    assert client.post(url, donnees).status_code == 302
    donnees.update(role="referent_ars", territoire=monde.idf.pk)
    assert client.post(url, donnees).status_code == 302
    client.post(reverse("comptes:basculer_actif", args=[compte.pk]))

    creation, edition, role, desactivation = _entrees(objet_id=str(compte.pk))
    assert creation.action == "creation" and creation.canal == "web"
    assert creation.utilisateur == monde.admin and creation.avant is None
    assert creation.apres["territoire"] == "DEP-59" and "password" not in creation.apres
    assert (edition.action, edition.avant, edition.apres) == (
        "modification",
        {"last_name": "Nouvelle"},
        {"last_name": "Nouvelle-Nom"},
    )
    assert role.action == "changement_role"
    assert role.avant == {"role": "contributeur", "territoire": "DEP-59"}
    assert role.apres == {"role": "referent_ars", "territoire": "REG-11"}
    assert desactivation.action == "desactivation"
    assert desactivation.apres == {"is_active": False}


def test_an_unchanged_save_writes_no_entry(client, monde):
    client.force_login(monde.admin)
    compte = monde.lecteur
    donnees = {
        "username": compte.username,
        "first_name": compte.first_name,
        "last_name": compte.last_name,
        "email": compte.email,
        "telephone": "",
        "role": "lecteur",
        "territoire": "",
        "organisation": "",
    }
    client.post(reverse("comptes:modifier", args=[compte.pk]), donnees)
    assert _entrees() == []


def test_refused_changes_write_no_entry(client, monde):
    client.force_login(monde.lecteur)
    client.post(reverse("comptes:basculer_actif", args=[monde.contributeur.pk]))
    assert _entrees() == []


def test_token_create_and_revoke_are_journaled(capsys, monde):
    call_command("token", "create", "dgos", "--nom", "pipeline")
    prefix = ApiToken.objects.get().prefix
    call_command("token", "revoke", prefix)
    creation, revocation = _entrees()
    assert (creation.action, creation.canal) == ("creation_jeton", "commande")
    assert creation.apres == {"prefixe": prefix, "nom": "pipeline", "utilisateur": "dgos"}
    assert revocation.action == "revocation_jeton"
    assert "key_hash" not in str(creation.apres) and capsys.readouterr().out.strip() not in str(
        creation.apres
    )


def test_admin_site_changes_are_journaled(client, monde):
    monde.admin.is_staff = monde.admin.is_superuser = True
    monde.admin.save()
    client.force_login(monde.admin)
    token, _ = ApiToken.issue(monde.pilote)
    client.post(
        reverse("admin:comptes_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    assert [e.action for e in _entrees()] == ["revocation_jeton"]
    assert _entrees()[0].utilisateur == monde.admin


@pytest.mark.django_db
def test_a_lockout_is_journaled_once_per_cooloff(client, settings, monde):
    settings.AXES_ENABLED = True
    url = reverse("comptes:connexion")
    for _ in range(7):
        client.post(url, {"username": "ars-32", "password": "faux"}, REMOTE_ADDR="10.0.0.9")
    entrees = _entrees(action="verrouillage_connexion")
    assert len(entrees) == 1
    assert entrees[0].objet_libelle == "ars-32" and entrees[0].apres == {"ip": "10.0.0.9"}
    assert entrees[0].objet_id == str(monde.ars.pk)
