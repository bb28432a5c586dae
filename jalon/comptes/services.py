"""Changes to accounts and API tokens, each recorded in the audit trail.

Pages, the Django admin and the `token` command all call these functions, so no entry point
changes an account without a journal entry. Passwords and key hashes never enter the journal.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from jalon.comptes.models import ApiToken, Utilisateur
from jalon.journal.models import EntreeJournal
from jalon.journal.services import journaliser

# What the journal keeps of an account: identity, role, scope and state.
CHAMPS_JOURNALISES = (
    "username",
    "first_name",
    "last_name",
    "email",
    "telephone",
    "role",
    "territoire",
    "organisation",
    "is_active",
    "is_staff",
    "is_superuser",
)


def etat_compte(compte: Utilisateur) -> dict:
    """A JSON-ready snapshot of an account; territory and direction by their codes."""
    etat = {}
    for champ in CHAMPS_JOURNALISES:
        if champ == "territoire":
            etat[champ] = compte.territoire.code if compte.territoire_id else None
        elif champ == "organisation":
            etat[champ] = compte.organisation.code if compte.organisation_id else None
        else:
            etat[champ] = getattr(compte, champ, None)
    return etat


def etat_enregistre(compte: Utilisateur) -> dict | None:
    """The snapshot of what the database holds now (None for an account not yet saved)."""
    if compte.pk is None:
        return None
    ancien = Utilisateur.objects.select_related("territoire", "organisation").get(pk=compte.pk)
    return etat_compte(ancien)


def _action(avant: dict | None, apres: dict) -> str:
    if avant is None:
        return "creation"
    differences = {k for k in apres if avant.get(k) != apres[k]}
    if differences & {"role", "territoire", "organisation", "is_staff", "is_superuser"}:
        return "changement_role"
    if differences == {"is_active"}:
        return "activation" if apres["is_active"] else "desactivation"
    return "modification"


@transaction.atomic
def enregistrer_compte(acteur, compte: Utilisateur, canal: str, avant=None) -> Utilisateur:
    """Save `compte` (new or changed) and journal old → new.

    `avant` is the snapshot taken before the caller changed the instance (a bound ModelForm
    edits its instance while validating); left to None, it is read from the database.
    """
    if avant is None:
        avant = etat_enregistre(compte)
    compte.save()
    apres = etat_compte(compte)
    if avant != apres:
        # Only what changed, so an entry reads as a diff; a creation keeps everything.
        if avant is not None:
            avant, apres = _seulement_changes(avant, apres)
        journaliser(acteur, canal, _action(avant, apres), compte, avant, apres)
    return compte


def _seulement_changes(avant: dict, apres: dict) -> tuple[dict, dict]:
    changes = [k for k in apres if avant.get(k) != apres[k]]
    return {k: avant.get(k) for k in changes}, {k: apres[k] for k in changes}


def basculer_actif(acteur, compte: Utilisateur, canal: str) -> Utilisateur:
    avant = etat_compte(compte)
    compte.is_active = not compte.is_active
    return enregistrer_compte(acteur, compte, canal, avant=avant)


@transaction.atomic
def creer_jeton(acteur, user: Utilisateur, nom: str, canal: str) -> tuple[ApiToken, str]:
    token, key = ApiToken.issue(user, name=nom)
    journaliser(
        acteur,
        canal,
        "creation_jeton",
        token,
        apres={"prefixe": token.prefix, "nom": nom, "utilisateur": user.username},
    )
    return token, key


@transaction.atomic
def revoquer_jeton(acteur, token: ApiToken, canal: str) -> bool:
    """Revoke the token; False (and nothing journaled) if it already was."""
    if token.est_revoque:
        return False
    token.revoke()
    journaliser(
        acteur,
        canal,
        "revocation_jeton",
        token,
        avant={"revoque": False},
        apres={"revoque": True, "prefixe": token.prefix, "utilisateur": token.user.username},
    )
    return True


def journaliser_verrouillage(username: str, ip: str | None) -> None:
    """A login lockout (django-axes); the username may match no account.

    django-axes signals every attempt made while locked out too: one entry per username and
    address per cool-off period is enough, so a brute-force run cannot flood the journal.
    """
    libelle = (username or "")[:255]
    depuis = timezone.now() - settings.AXES_COOLOFF_TIME
    if EntreeJournal.objects.filter(
        action="verrouillage_connexion",
        objet_libelle=libelle,
        apres__ip=ip,
        horodatage__gte=depuis,
    ).exists():
        return
    compte = Utilisateur.objects.filter(username=username).first() if username else None
    objet = ("comptes.utilisateur", compte.pk if compte else "", libelle)
    journaliser(None, "systeme", "verrouillage_connexion", objet, apres={"ip": ip})
