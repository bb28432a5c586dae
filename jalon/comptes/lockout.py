"""Hooks for django-axes: which IP address a login attempt comes from, and the lockout page."""

from django.conf import settings
from django.shortcuts import render

from jalon.comptes.demo import demo_accounts_for_login_page
from jalon.comptes.forms import ConnexionForm

LOCKOUT_MESSAGE = (
    "Trop de tentatives de connexion infructueuses : la connexion est bloquée pendant "
    "{minutes} minutes pour cet identifiant ou depuis cette adresse. Réessayez plus tard ou "
    "contactez l'administration nationale si vous pensez que votre compte est visé."
)


def client_ip(request) -> str | None:
    """The client address; behind the TLS proxy, the one that proxy appended.

    Without this, every attempt would come from the proxy's address and five mistakes by
    anyone would lock everybody out. Only the right-most forwarded address is trusted: the
    ones before it are written by the client and could be forged to dodge the lockout.
    """
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
        if addresses:
            return addresses[-1]
    return request.META.get("REMOTE_ADDR")


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return LOCKOUT_MESSAGE.format(minutes=minutes)


def lockout_response(request, original_response=None, credentials=None):
    """The login page again, with the lockout explained, as HTTP 429."""
    form = ConnexionForm(request)
    return render(
        request,
        "comptes/connexion.html",
        {
            "form": form,
            "title": "Connexion",
            "verrouillage": lockout_message(),
            "comptes_demo": demo_accounts_for_login_page(),
        },
        status=429,
    )
