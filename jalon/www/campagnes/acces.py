"""Fetching a campaign, a region or a provider for the user: 404 if missing, 403 if not theirs.

Every campaign view goes through these, so the HTMX endpoints are guarded exactly like pages.
"""

from django.shortcuts import get_object_or_404
from django.urls import reverse

from jalon.campagnes.models import Campagne
from jalon.referentiel.models import Organisation
from jalon.territoires import perms
from jalon.territoires.models import Territoire


def fil(*liens, courant):
    return {"links": [{"url": url, "title": titre} for url, titre in liens], "current": courant}


def campagne_or_404(annee) -> Campagne:
    return get_object_or_404(Campagne, annee=annee)


def region_suivie_or_403(user, code) -> Territoire:
    region = get_object_or_404(Territoire.objects.regions(), code=code)
    perms.require(perms.can_follow_region(user, region))
    return region


def fournisseur_suivi_or_403(user, code) -> Organisation:
    organisation = get_object_or_404(Organisation, code=code)
    perms.require(perms.can_follow_provider(user, organisation))
    return organisation


def exiger_admin(user) -> None:
    perms.require(perms.can_manage_campagnes(user))


def exiger_vue_nationale(user) -> None:
    """Completeness across regions and providers: the national team and the directions."""
    perms.require(peut_voir_completude(user))


def peut_voir_completude(user) -> bool:
    return perms.is_admin(user) or perms.role_of(user) == perms.Role.PILOTE_NATIONAL


def liens_campagne(user, campagne) -> list[tuple[str, str]]:
    """(url, label) of the campaign pages ``user`` may open: never a link that ends in 403."""
    liens = []
    if peut_voir_completude(user):
        liens.append((reverse("www:campagne", args=[campagne.annee]), "Complétude nationale"))
    role = perms.role_of(user)
    if role == perms.Role.REFERENT_ARS and user.territoire_id:
        region = user.territoire
        if perms.can_follow_region(user, region):
            liens.append(
                (
                    reverse("www:campagne_region", args=[campagne.annee, region.code]),
                    f"À faire — {region.nom}",
                )
            )
    if role == perms.Role.PILOTE_NATIONAL and user.organisation_id:
        organisation = user.organisation
        liens.append(
            (
                reverse("www:campagne_fournisseur", args=[campagne.annee, organisation.code]),
                f"À faire — {organisation.code}",
            )
        )
    return liens
