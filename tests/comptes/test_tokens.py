from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from jalon.comptes.api_auth import api_token_auth, authenticate_key, token_or_session
from jalon.comptes.models import ApiToken
from tests.factories import CompteFactory

pytestmark = pytest.mark.django_db


def _create(capsys, username, *extra):
    call_command("token", "create", username, *extra)
    return capsys.readouterr().out.strip()


def test_create_prints_the_key_once_and_stores_only_its_hash(capsys):
    CompteFactory(username="dgos", pilote=True)
    key = _create(capsys, "dgos", "--nom", "import SAE")
    token = ApiToken.objects.get()
    assert key.startswith(f"jalon_{token.prefix}_")
    assert token.name == "import SAE" and token.user.username == "dgos"
    assert token.key_hash == ApiToken.hash_key(key) and key not in token.key_hash


def test_bearer_auth_accepts_the_key_and_sets_the_user(capsys, rf):
    user = CompteFactory(username="dgos", pilote=True)
    key = _create(capsys, "dgos")
    request = rf.get("/api/v1/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api_token_auth(request) == user
    assert request.user == user
    assert api_token_auth(rf.get("/", HTTP_AUTHORIZATION=f"Bearer {key}x")) is None
    assert api_token_auth(rf.get("/", HTTP_AUTHORIZATION="Bearer nimporte")) is None
    assert api_token_auth(rf.get("/")) is None


def test_last_used_is_written_at_most_once_a_minute():
    token, key = ApiToken.issue(CompteFactory())
    assert authenticate_key(key) is not None
    first = ApiToken.objects.get().last_used_at
    assert first is not None
    authenticate_key(key)
    assert ApiToken.objects.get().last_used_at == first
    ApiToken.objects.update(last_used_at=timezone.now() - timedelta(seconds=61))
    authenticate_key(key)
    assert ApiToken.objects.get().last_used_at > first


def test_revoked_tokens_and_inactive_users_are_refused(capsys):
    user = CompteFactory(username="dgos", pilote=True)
    key = _create(capsys, "dgos")
    other_token, other_key = ApiToken.issue(user)
    prefix = ApiToken.objects.get(key_hash=ApiToken.hash_key(key)).prefix
    call_command("token", "revoke", prefix)
    assert "révoqué" in capsys.readouterr().out
    assert authenticate_key(key) is None
    assert authenticate_key(other_key) == user
    with pytest.raises(CommandError, match="déjà révoqué"):
        call_command("token", "revoke", prefix)
    user.is_active = False
    user.save()
    assert authenticate_key(other_key) is None


def test_list_and_errors(capsys):
    CompteFactory(username="dgos", pilote=True)
    call_command("token", "list", "dgos")
    assert "Aucun jeton pour dgos." in capsys.readouterr().out
    _create(capsys, "dgos", "--nom", "robot")
    token = ApiToken.objects.get()
    call_command("token", "list", "dgos")
    out = capsys.readouterr().out
    assert token.prefix in out and "robot" in out and "actif" in out
    with pytest.raises(CommandError, match="Utilisateur introuvable : personne"):
        call_command("token", "create", "personne")
    with pytest.raises(CommandError, match="Aucun jeton avec le préfixe zzz"):
        call_command("token", "revoke", "zzz")


def test_combined_auth_falls_back_to_the_session_user(rf):
    user = CompteFactory()
    request = rf.get("/api/v1/")
    request.user = user
    token_auth, session_auth = token_or_session
    assert token_auth(request) is None
    assert session_auth(request) == user
