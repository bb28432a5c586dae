"""ProConnect login (the State's OIDC federation for public agents), via mozilla-django-oidc.

- Enabled only when the OIDC_* variables are all set (see settings): otherwise the URLs
  answer 404 and the login page shows no ProConnect button.
- An agent is matched to an existing, active account by e-mail; accounts are created by an
  admin, never from the provider. Role, territory and direction come from Jalon only: the
  provider's claims never change them.
- Every refusal explains itself in French on the login page.
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from mozilla_django_oidc import views as oidc_views
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

logger = logging.getLogger(__name__)

REFUS_INCONNU = (
    "Aucun compte Jalon n'est associé à l'adresse {email}. Les comptes sont créés par "
    "l'administration nationale (DMSMP) ou par le référent santé mentale de votre ARS : "
    "demandez-leur d'en créer un à cette adresse."
)
REFUS_DESACTIVE = (
    "Le compte Jalon associé à l'adresse {email} est désactivé. Contactez l'administration "
    "nationale."
)
REFUS_AMBIGU = (
    "Plusieurs comptes Jalon utilisent l'adresse {email} : la connexion ProConnect est "
    "impossible tant que l'administration nationale ne les a pas distingués."
)
REFUS_JETON = (
    "La réponse de ProConnect n'a pas pu être vérifiée : la connexion est refusée. "
    "Réessayez ; si le problème persiste, contactez l'administration nationale."
)
REFUS_SANS_EMAIL = "ProConnect n'a pas transmis d'adresse électronique : connexion impossible."


class ProConnectBackend(OIDCAuthenticationBackend):
    def authenticate(self, request, **kwargs):
        try:
            return super().authenticate(request, **kwargs)
        except SuspiciousOperation as exc:
            # A bad signature, nonce or audience: refused, logged, explained without detail.
            logger.warning("ProConnect : réponse refusée (%s)", exc)
            messages.error(request, REFUS_JETON)
            return None

    def _verify_jws(self, payload, key):
        # mozilla-django-oidc leaves the audience unchecked: a token the provider issued to
        # another service must not open a session here.
        donnees = super()._verify_jws(payload, key)
        audience = donnees.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if audience is not None and self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("Jeton ProConnect destiné à un autre service.")
        return donnees

    def filter_users_by_claims(self, claims):
        email = (claims.get("email") or "").strip()
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email)

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        email = (claims.get("email") or "").strip()
        if not email:
            return self._refuser(REFUS_SANS_EMAIL)
        comptes = list(self.filter_users_by_claims(claims)[:2])
        if not comptes:
            return self._refuser(REFUS_INCONNU.format(email=email))
        if len(comptes) > 1:
            return self._refuser(REFUS_AMBIGU.format(email=email))
        if not comptes[0].is_active:
            return self._refuser(REFUS_DESACTIVE.format(email=email))
        return comptes[0]

    def create_user(self, claims):
        # Never reached (get_or_create_user does not create), and must stay so.
        raise PermissionError("Les comptes ne sont pas créés depuis ProConnect.")

    def update_user(self, user, claims):
        # Roles and scopes are given in Jalon only: nothing from the provider is written.
        return user

    def _refuser(self, message):
        messages.error(self.request, message)
        return None


def _active(view):
    def wrapped(request, *args, **kwargs):
        if not settings.JALON_PROCONNECT:
            raise Http404("La connexion ProConnect n'est pas configurée sur ce serveur.")
        return view(request, *args, **kwargs)

    return wrapped


authentification = _active(oidc_views.OIDCAuthenticationRequestView.as_view())
retour = _active(oidc_views.OIDCAuthenticationCallbackView.as_view())
