"""Campaign verbs: open, reschedule, close, reopen, grant and revoke exceptions.

Each function takes the acting user, checks `perms.can_manage_campagnes` (national admin
only), runs in one transaction and appends a journal entry.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from jalon.campagnes.models import Campagne, ExceptionSaisie
from jalon.journal.models import EntreeJournal
from jalon.journal.services import journaliser
from jalon.territoires import perms
from jalon.territoires.models import Territoire

ECHEANCES = (
    "echeance_valeurs_regionales",
    "echeance_valeurs_nationales",
    "echeance_bilan_regional",
    "echeance_bilan_national",
)


def _exiger_admin(user):
    if not perms.can_manage_campagnes(user):
        raise PermissionDenied("Seule l'administration nationale gère les campagnes.")


def _calendrier(campagne) -> dict:
    return {nom: getattr(campagne, nom) for nom in ECHEANCES} | {"statut": campagne.statut}


@transaction.atomic
def ouvrir_campagne(user, annee: int, *, canal=EntreeJournal.Canal.WEB, **echeances) -> Campagne:
    """Open the campaign of year ``annee`` with the instruction's calendar unless dates are
    given (any of `ECHEANCES`)."""
    _exiger_admin(user)
    if not 2000 <= int(annee) <= 2100:
        raise ValidationError(f"Année de campagne invalide : {annee}.")
    if Campagne.objects.filter(annee=annee).exists():
        raise ValidationError(f"La campagne {annee} existe déjà.")
    inconnues = set(echeances) - set(ECHEANCES)
    if inconnues:
        raise ValueError(f"Échéances inconnues : {', '.join(sorted(inconnues))}")
    dates = Campagne.calendrier_par_defaut(int(annee)) | {
        nom: date for nom, date in echeances.items() if date
    }
    campagne = Campagne.objects.create(annee=annee, ouverte_par=_connu(user), **dates)
    journaliser(user, canal, "ouverture", campagne, None, _calendrier(campagne))
    return campagne


@transaction.atomic
def modifier_calendrier(user, campagne, *, motif="", canal=EntreeJournal.Canal.WEB, **echeances):
    _exiger_admin(user)
    avant = _calendrier(campagne)
    for nom, date in echeances.items():
        if nom not in ECHEANCES or not isinstance(date, datetime.date):
            raise ValueError(f"Échéance invalide : {nom}")
        setattr(campagne, nom, date)
    campagne.save()
    journaliser(user, canal, "calendrier", campagne, avant, _calendrier(campagne), motif)
    return campagne


@transaction.atomic
def cloturer_campagne(user, campagne, *, motif="", canal=EntreeJournal.Canal.WEB) -> Campagne:
    """Close the campaign: entry locks for everyone but the national admin."""
    _exiger_admin(user)
    avant = _calendrier(campagne)
    campagne.statut, campagne.cloturee_le = Campagne.Statut.CLOTUREE, timezone.now()
    campagne.save(update_fields=["statut", "cloturee_le"])
    journaliser(user, canal, "cloture", campagne, avant, _calendrier(campagne), motif)
    return campagne


@transaction.atomic
def rouvrir_campagne(user, campagne, *, motif, canal=EntreeJournal.Canal.WEB) -> Campagne:
    _exiger_admin(user)
    if not (motif or "").strip():
        raise ValidationError("Le motif de la réouverture est obligatoire.")
    avant = _calendrier(campagne)
    campagne.statut, campagne.cloturee_le = Campagne.Statut.OUVERTE, None
    campagne.save(update_fields=["statut", "cloturee_le"])
    journaliser(user, canal, "reouverture", campagne, avant, _calendrier(campagne), motif)
    return campagne


@transaction.atomic
def accorder_exception(
    user,
    campagne,
    *,
    jusqu_au: datetime.date,
    motif: str,
    region=None,
    organisation=None,
    indicateur=None,
    canal=EntreeJournal.Canal.WEB,
) -> ExceptionSaisie:
    """Reopen entry after the deadline for a region (ARS cells) or a provider, for all its
    indicators or one, until ``jusqu_au``."""
    _exiger_admin(user)
    if (region is None) == (organisation is None):
        raise ValidationError("Une exception vise une région ou un fournisseur national.")
    if region is not None and region.niveau != Territoire.Niveau.REGION:
        raise ValidationError(f"{region.code} n'est pas une région.")
    if not (motif or "").strip():
        raise ValidationError("Le motif de l'exception est obligatoire.")
    if jusqu_au < timezone.localdate():
        raise ValidationError("La date de fin de l'exception est déjà passée.")
    if indicateur is not None and indicateur.saisie_ars != (region is not None):
        raise ValidationError(
            f"{indicateur.code} n'est pas renseigné par "
            f"{'les ARS' if region is not None else 'un fournisseur national'}."
        )
    if (
        indicateur is not None
        and organisation is not None
        and indicateur.fournisseur_id != organisation.pk
    ):
        raise ValidationError(f"{indicateur.code} n'est pas fourni par {organisation.code}.")
    exception = ExceptionSaisie.objects.create(
        campagne=campagne,
        region=region,
        organisation=organisation,
        indicateur=indicateur,
        jusqu_au=jusqu_au,
        motif=motif.strip(),
        accordee_par=_connu(user),
    )
    journaliser(user, canal, "exception", exception, None, _exception(exception), motif)
    return exception


@transaction.atomic
def revoquer_exception(user, exception, *, motif="", canal=EntreeJournal.Canal.WEB):
    _exiger_admin(user)
    if exception.revoquee_le is None:
        avant = _exception(exception)
        exception.revoquee_le = timezone.now()
        exception.save(update_fields=["revoquee_le"])
        journaliser(user, canal, "revocation", exception, avant, _exception(exception), motif)
    return exception


def _exception(exception) -> dict:
    return {
        "campagne": exception.campagne.annee,
        "region": exception.region_id and exception.region.code,
        "organisation": exception.organisation_id and exception.organisation.code,
        "indicateur": exception.indicateur_id and exception.indicateur.code,
        "jusqu_au": exception.jusqu_au,
        "revoquee_le": exception.revoquee_le,
    }


def _connu(user):
    return user if getattr(user, "pk", None) else None
