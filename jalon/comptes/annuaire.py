"""The network directory, built from the active accounts: who to contact, per ARS and per
direction. Contact details are those the accounts carry (e-mail, optional phone)."""

from itertools import groupby

from jalon.comptes.models import Utilisateur
from jalon.territoires.models import Territoire

Role = Utilisateur.Role


def _actifs():
    return Utilisateur.objects.filter(is_active=True).order_by("last_name", "first_name")


def annuaire_du_reseau() -> dict:
    referents = _actifs().filter(role=Role.REFERENT_ARS).select_related("territoire")
    par_region = {}
    for compte in referents:
        par_region.setdefault(compte.territoire_id, []).append(compte)
    regions = Territoire.objects.filter(niveau=Territoire.Niveau.REGION).order_by("ordre", "nom")
    pilotes = (
        _actifs()
        .filter(role=Role.PILOTE_NATIONAL)
        .select_related("organisation")
        .order_by("organisation__code", "last_name", "first_name")
    )
    directions = [
        (organisation, list(comptes))
        for organisation, comptes in groupby(pilotes, key=lambda c: c.organisation)
    ]
    return {
        "regions": [(region, par_region.get(region.pk, [])) for region in regions],
        "directions": directions,
        # Superusers count as national admins but may be technical accounts: only the role.
        "delegation": list(_actifs().filter(role=Role.ADMIN_NATIONAL)),
    }
