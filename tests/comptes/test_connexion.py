import pytest
from django.urls import reverse

from tests.factories import MOT_DE_PASSE_TEST, CompteFactory

URL = reverse("comptes:connexion")
PASSWORD = MOT_DE_PASSE_TEST
pytestmark = pytest.mark.django_db


def _login(client, username, password, ip="10.0.0.1"):
    return client.post(URL, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_login_page_is_a_dsfr_form_in_french(client):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Identifiant" in html and "Mot de passe" in html and "fr-input" in html
    assert "Comptes de démonstration" not in html


def test_wrong_password_shows_a_french_error(client):
    CompteFactory(username="camille")
    response = _login(client, "camille", "mauvais")
    assert response.status_code == 200
    assert "Identifiant ou mot de passe incorrect" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_then_header_shows_name_role_and_post_logout(client):
    CompteFactory(username="camille", first_name="Camille", last_name="Martin")
    response = _login(client, "camille", PASSWORD)
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert "Camille Martin" in html and "(Lecteur)" in html
    assert f'<form method="post" action="{reverse("comptes:deconnexion")}">' in html
    assert client.post(reverse("comptes:deconnexion")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_demo_mode_lists_the_demo_accounts(client, settings):
    settings.JALON_DEMO = True
    html = client.get(URL).content.decode()
    assert "Comptes de démonstration" in html
    for username in ("admin", "dgos", "ars-32", "ars-11", "ptsm", "lecteur"):
        assert f"<code>{username}</code>" in html
    assert "Référent santé mentale ARS" in html and "<code>demo</code>" in html


class TestLockout:
    @pytest.fixture(autouse=True)
    def _axes_on(self, settings):
        settings.AXES_ENABLED = True

    def test_five_failures_lock_the_username_even_from_another_address(self, client):
        CompteFactory(username="camille")
        for i in range(4):
            assert _login(client, "camille", "mauvais", ip=f"10.0.0.{i}").status_code == 200
        locked = _login(client, "camille", "mauvais", ip="10.0.0.9")
        assert locked.status_code == 429
        # The right password from a fresh address is refused too, for 15 minutes.
        response = _login(client, "camille", PASSWORD, ip="10.9.9.9")
        html = response.content.decode()
        assert response.status_code == 429
        assert "Connexion temporairement bloquée" in html and "15 minutes" in html
        assert "_auth_user_id" not in client.session

    def test_five_failures_from_one_address_lock_that_address(self, client):
        CompteFactory(username="camille")
        for i in range(5):
            _login(client, f"inconnu{i}", "mauvais", ip="10.1.1.1")
        assert _login(client, "camille", PASSWORD, ip="10.1.1.1").status_code == 429
        assert _login(client, "camille", PASSWORD, ip="10.2.2.2").status_code == 302

    def test_four_failures_then_success_logs_in(self, client):
        CompteFactory(username="camille")
        for _ in range(4):
            _login(client, "camille", "mauvais")
        assert _login(client, "camille", PASSWORD).status_code == 302
        assert "_auth_user_id" in client.session

    def test_lockout_expires_after_15_minutes(self, client):
        from datetime import timedelta

        from axes.models import AccessAttempt

        CompteFactory(username="camille")
        for _ in range(5):
            _login(client, "camille", "mauvais")
        AccessAttempt.objects.update(
            attempt_time=AccessAttempt.objects.first().attempt_time - timedelta(minutes=16)
        )
        assert _login(client, "camille", PASSWORD).status_code == 302


def test_behind_the_proxy_the_forwarded_address_is_used(rf, settings):
    from jalon.comptes.lockout import client_ip

    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.7")
    assert client_ip(request) == "127.0.0.1"
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client_ip(request) == "192.0.2.7"
