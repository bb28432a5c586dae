"""When entry is open for a cell of a campaign: the one server-side rule for pages and API.

Entry for a campaign's cell is open while the campaign is open and the cell's deadline (ARS:
regional values; national providers: national values) has not passed, or, after it, while an
exception granted by the national admin covers the cell. A national admin is never locked out
(the values service keeps the history of what it changes). Validated or submitted values are
locked by the values service itself (`jalon.saisies.services`).
"""

from django.db.models import Q
from django.utils import timezone

from jalon.campagnes.models import Campagne, ExceptionSaisie
from jalon.territoires import perms
from jalon.territoires.models import Territoire


class SaisieVerrouillee(Exception):
    """Entry is closed for this cell; the French message says why and what to do."""


def aujourd_hui():
    return timezone.localdate()


def region_de(territoire) -> Territoire | None:
    """The region a territory lies in (itself for a region), None for FR."""
    courant = territoire
    while courant is not None and courant.niveau != Territoire.Niveau.REGION:
        courant = courant.parent
    return courant


def echeance_de(campagne, indicateur):
    if indicateur.saisie_ars:
        return campagne.echeance_valeurs_regionales
    return campagne.echeance_valeurs_nationales


def exceptions_actives(campagne, jour=None):
    jour = jour or aujourd_hui()
    return campagne.exceptions.filter(revoquee_le__isnull=True, jusqu_au__gte=jour)


def exception_pour(campagne, indicateur, territoire, jour=None) -> ExceptionSaisie | None:
    """The active exception covering a cell, if any."""
    if indicateur.saisie_ars:
        region = region_de(territoire)
        if region is None:
            return None
        portee = Q(region=region)
    elif indicateur.fournisseur_id:
        portee = Q(organisation_id=indicateur.fournisseur_id)
    else:
        return None
    return (
        exceptions_actives(campagne, jour)
        .filter(portee)
        .filter(Q(indicateur__isnull=True) | Q(indicateur=indicateur))
        .order_by("-jusqu_au")
        .first()
    )


def motif_verrou(user, campagne, indicateur, territoire, jour=None) -> str:
    """Empty when ``user`` may enter this cell now, else the French reason why not."""
    if perms.is_admin(user):
        return ""
    if not campagne.est_ouverte:
        return f"La campagne {campagne.annee} est clôturée : la saisie est fermée."
    jour = jour or aujourd_hui()
    echeance = echeance_de(campagne, indicateur)
    if jour <= echeance:
        return ""
    if exception_pour(campagne, indicateur, territoire, jour) is not None:
        return ""
    return (
        f"L'échéance du {echeance:%d/%m/%Y} est passée : la saisie est fermée. "
        "Demandez une réouverture à l'administration nationale (DMSMP)."
    )


def verifier_saisie_ouverte(user, campagne, indicateur, territoire, jour=None) -> None:
    motif = motif_verrou(user, campagne, indicateur, territoire, jour)
    if motif:
        raise SaisieVerrouillee(motif)


def campagne_de_periode(periode: str) -> Campagne | None:
    """The campaign a period's values belong to (annual periods only), for other callers
    such as the values API or imports that want the same lock."""
    if len(periode) != 4 or not periode.isdigit():
        return None
    return Campagne.objects.filter(annee=int(periode)).first()
