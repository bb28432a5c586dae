"""ProConnect login against a provider simulated in the test: its token, JWKS and userinfo
endpoints are answered locally (requests is patched), tokens are really signed (RS256)."""

import json
import time
from unittest import mock
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.urls import reverse

from jalon.comptes.models import Utilisateur

CLIENT_ID = "jalon-client"
FOURNISSEUR = "https://proconnect.simule.invalid"
CONNEXION = reverse("comptes:connexion")
DEBUT = reverse("comptes:proconnect")
RETOUR = reverse("comptes:proconnect_retour")

CLE = rsa.generate_private_key(public_exponent=65537, key_size=2048)
JWK = {**json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(CLE.public_key())), "kid": "k1"}
JWK["alg"] = "RS256"


@pytest.fixture
def proconnect(settings):
    settings.JALON_PROCONNECT = True
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{FOURNISSEUR}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{FOURNISSEUR}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{FOURNISSEUR}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{FOURNISSEUR}/jwks"
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "jalon.comptes.proconnect.ProConnectBackend",
    ]


def _signe(claims, aud=CLIENT_ID):
    maintenant = int(time.time())
    donnees = {"iss": FOURNISSEUR, "aud": aud, "iat": maintenant, "exp": maintenant + 60}
    return jwt.encode({**donnees, **claims}, CLE, algorithm="RS256", headers={"kid": "k1"})


class _Reponse:
    def __init__(self, corps, content_type="application/json"):
        self.corps = corps
        self.status_code = 200
        self.headers = {"content-type": content_type}
        self.text = corps if isinstance(corps, str) else json.dumps(corps)

    def raise_for_status(self):
        pass

    def json(self):
        return self.corps


def _se_connecter(client, userinfo, aud=CLIENT_ID, userinfo_jwt=True):
    """Run the whole code flow; return the final response and the requests made."""
    depart = client.get(DEBUT)
    assert depart.status_code == 302 and depart.url.startswith(f"{FOURNISSEUR}/authorize")
    params = parse_qs(urlparse(depart.url).query)
    assert params["client_id"] == [CLIENT_ID] and "email" in params["scope"][0]
    id_token = _signe({"sub": "agent-1", "nonce": params["nonce"][0]}, aud=aud)
    reponse_userinfo = (
        _Reponse(_signe({"sub": "agent-1", **userinfo}), "application/jwt")
        if userinfo_jwt
        else _Reponse({"sub": "agent-1", **userinfo})
    )

    def get(url, **kwargs):
        return {
            f"{FOURNISSEUR}/jwks": _Reponse({"keys": [JWK]}),
            f"{FOURNISSEUR}/userinfo": reponse_userinfo,
        }[url]

    def post(url, **kwargs):
        assert url == f"{FOURNISSEUR}/token" and kwargs["data"]["code"] == "code-1"
        return _Reponse({"id_token": id_token, "access_token": "at-1", "token_type": "Bearer"})

    with (
        mock.patch("mozilla_django_oidc.auth.requests.get", side_effect=get) as appels_get,
        mock.patch("mozilla_django_oidc.auth.requests.post", side_effect=post),
    ):
        retour = client.get(RETOUR, {"code": "code-1", "state": params["state"][0]})
    return retour, appels_get


def _page(client, reponse):
    return client.get(reponse.url).content.decode()


def test_disabled_without_configuration(client, db):
    assert client.get(DEBUT).status_code == 404
    assert client.get(RETOUR).status_code == 404
    assert "Se connecter avec ProConnect" not in client.get(CONNEXION).content.decode()


def test_button_shown_when_configured(client, db, proconnect):
    assert "Se connecter avec ProConnect" in client.get(CONNEXION).content.decode()


def test_known_email_logs_in_and_keeps_the_role_given_in_jalon(client, monde, proconnect):
    monde.ars.email = "Helene.Referente@ars.sante.fr"
    monde.ars.save()
    reponse, _ = _se_connecter(
        client,
        {"email": "helene.referente@ars.sante.fr", "given_name": "X", "role": "admin_national"},
    )
    assert reponse.status_code == 302 and reponse.url == "/"
    assert int(client.session["_auth_user_id"]) == monde.ars.pk
    monde.ars.refresh_from_db()
    assert (monde.ars.role, monde.ars.territoire, monde.ars.first_name) == (
        "referent_ars",
        monde.hdf,
        "Camille",
    )


def test_plain_json_userinfo_is_accepted_too(client, monde, proconnect):
    reponse, _ = _se_connecter(client, {"email": monde.lecteur.email}, userinfo_jwt=False)
    assert int(client.session["_auth_user_id"]) == monde.lecteur.pk


def test_unknown_email_gets_a_french_refusal_and_no_account(client, monde, proconnect):
    avant = Utilisateur.objects.count()
    reponse, _ = _se_connecter(client, {"email": "inconnu@sante.gouv.fr"})
    assert reponse.status_code == 302 and reponse.url == CONNEXION
    assert "_auth_user_id" not in client.session
    html = _page(client, reponse)
    assert "Aucun compte Jalon n&#x27;est associé à l&#x27;adresse inconnu@sante.gouv.fr" in html
    assert Utilisateur.objects.count() == avant


def test_deactivated_or_duplicate_accounts_are_refused(client, monde, proconnect):
    reponse, _ = _se_connecter(client, {"email": monde.inactif.email})
    assert "_auth_user_id" not in client.session
    assert "est désactivé" in _page(client, reponse)
    monde.lecteur.email = monde.pilote.email
    monde.lecteur.save()
    reponse, _ = _se_connecter(client, {"email": monde.pilote.email})
    assert "_auth_user_id" not in client.session
    assert "Plusieurs comptes Jalon" in _page(client, reponse)


def test_a_token_issued_to_another_service_is_refused(client, monde, proconnect):
    reponse, _ = _se_connecter(client, {"email": monde.lecteur.email}, aud="autre-service")
    assert "_auth_user_id" not in client.session and reponse.url == CONNEXION
    assert "n&#x27;a pas pu être vérifiée" in _page(client, reponse)


def test_a_forged_state_is_refused(client, monde, proconnect):
    client.get(DEBUT)
    with mock.patch("mozilla_django_oidc.auth.requests.post") as post:
        reponse = client.get(RETOUR, {"code": "code-1", "state": "forge"})
    assert "_auth_user_id" not in client.session
    assert reponse.status_code in {302, 400} and not post.called


def test_a_partial_configuration_stops_the_start_up():
    import os
    import subprocess
    import sys

    env = {**os.environ, "JALON_ENV": "test", "OIDC_RP_CLIENT_ID": "x"}
    resultat = subprocess.run(
        [sys.executable, "-c", "import jalon.settings"], env=env, capture_output=True, text=True
    )
    assert resultat.returncode != 0
    assert "ProConnect partiellement configuré : manquent OIDC_RP_CLIENT_SECRET" in resultat.stderr
