"""Changes to the national referential made by a user (imports live in importation/)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from jalon.journal.services import journaliser
from jalon.referentiel.models import ActionVersion
from jalon.territoires.perms import can_manage_referentiel


@transaction.atomic
def decider_declinaison(
    user, action_version: ActionVersion, declinaison: str, motif: str, *, canal: str
) -> ActionVersion:
    """Record the national admin's decision on whether an action calls for a regional
    declination; the shipped proposal becomes a validated decision that later loads of the
    referential never override."""
    if not can_manage_referentiel(user):
        raise PermissionDenied(
            "Seul un administrateur national peut décider de la déclinaison régionale."
        )
    if declinaison not in ActionVersion.Declinaison.values:
        raise ValidationError(
            f"Déclinaison « {declinaison} » inconnue : attendu « oui » ou « non »."
        )
    motif = motif.strip()
    if not motif:
        raise ValidationError("Indiquez le motif de la décision.")
    champs = ("declinaison_regionale", "declinaison_statut", "declinaison_motif")
    avant = {champ: getattr(action_version, champ) for champ in champs}
    action_version.declinaison_regionale = declinaison
    action_version.declinaison_statut = ActionVersion.StatutDeclinaison.VALIDEE
    action_version.declinaison_motif = motif
    apres = {champ: getattr(action_version, champ) for champ in champs}
    if apres != avant:
        action_version.save(update_fields=list(champs))
        journaliser(user, canal, "decision_declinaison", action_version, avant, apres, motif)
    return action_version
