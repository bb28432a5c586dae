"""Fetching a request and a targeted region for the user: 404 when the user may not read the
request (its existence is not revealed), 403 when it may read but not act.

Every request view goes through these, so the HTMX endpoints are guarded like the pages.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from jalon.demandes.models import Demande
from jalon.territoires import perms
from jalon.territoires.models import Territoire


def demande_lisible_or_404(user, pk) -> Demande:
    return perms.get_object_for_user_or_404(
        user, lambda u: perms.demandes_visibles(u, Demande.objects.all()), pk=pk
    )


def demande_geree_or_403(user, pk) -> Demande:
    perms.require(perms.can_manage_demandes(user))
    return get_object_or_404(Demande, pk=pk)


def region_lisible_or_404(user, demande, code) -> Territoire:
    """A targeted region whose answer ``user`` may read."""
    region = perms.regions_lisibles_demande(user, demande).filter(code=code).first()
    if region is None:
        raise Http404("Cette région n'est pas destinataire de la demande.")
    return region


def exiger_admin(user) -> None:
    perms.require(perms.can_manage_demandes(user))
