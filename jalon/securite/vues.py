"""French error views that Django would otherwise render in English."""

from django.shortcuts import render


def echec_csrf(request, reason=""):
    """CSRF_FAILURE_VIEW: the reason stays in the logs, the page explains what to do."""
    return render(request, "403_csrf.html", {"title": "Formulaire expiré"}, status=403)
