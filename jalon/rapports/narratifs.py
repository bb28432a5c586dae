"""The narrative texts of the bilans: write one, read them for a year, prefill the reminder.

`ecrire_narratif` is the one function every caller (page, demo loader, tests) uses to change
a text: it checks the rights (`perms.can_write_narrative` for the sections of an action,
`perms.can_write_bilan_texts` for the bilan's own parts), sanitises the HTML, refuses a stale
edit (`ConflitDeVersion`), appends the version to the history and writes a journal entry.
Saving the same text again changes nothing.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from jalon.journal.services import journaliser
from jalon.rapports.models import (
    PARTIES_ACTION,
    PARTIES_BILAN,
    HistoriqueNarratif,
    Narratif,
    Partie,
)
from jalon.rapports.texte_riche import nettoyer, texte_seul
from jalon.territoires import perms

TAILLE_MAX = 200_000  # characters of HTML per text: a long chapter of the bilan is ~40 000


class ConflitDeVersion(Exception):
    """Someone saved the text since it was read; nothing was written."""

    def __init__(self, lue: int, stockee: int):
        self.lue, self.stockee = lue, stockee
        super().__init__(
            f"Ce texte a été modifié par quelqu'un d'autre pendant que vous l'éditiez (version "
            f"{stockee}, vous étiez parti de la version {lue}). Rechargez la page, reprenez "
            "vos modifications sur la nouvelle version puis enregistrez."
        )


def _verifier_cible(partie: str, action, axe: int) -> None:
    if partie in PARTIES_ACTION and action is None:
        raise ValidationError(f"La section « {Partie(partie).label} » concerne une action.")
    if partie in PARTIES_BILAN and (action is not None or axe):
        raise ValidationError(f"La partie « {Partie(partie).label} » concerne le bilan entier.")
    if partie == Partie.GOUVERNANCE_AXE and (action is not None or axe <= 0):
        raise ValidationError("La gouvernance d'un axe demande un numéro d'axe.")
    if partie not in Partie.values:
        attendu = ", ".join(Partie.values)
        raise ValidationError(f"Partie « {partie} » inconnue (attendu : {attendu}).")


def peut_ecrire(user, partie: str, action=None) -> bool:
    if partie in PARTIES_ACTION:
        return perms.can_write_narrative(user, action)
    return perms.can_write_bilan_texts(user)


def _cible(annee: int, partie: str, action, axe: int) -> dict:
    return {"annee": annee, "partie": partie, "action": action, "axe": axe}


def ecrire_narratif(
    user,
    *,
    annee: int,
    partie: str,
    texte: str,
    version_lue: int,
    canal: str,
    action=None,
    axe: int = 0,
    source: str = "",
) -> Narratif:
    """Create or update one text. `version_lue` is the version the writer started from
    (0 for a text that did not exist). Returns the stored narrative."""
    _verifier_cible(partie, action, axe)
    if not 1900 <= annee <= 2100:
        raise ValidationError(f"Année « {annee} » hors de la plage acceptée (1900 à 2100).")
    if not peut_ecrire(user, partie, action):
        if partie in PARTIES_ACTION:
            raise PermissionDenied(
                "Seuls l'administration nationale et les pilotes nationaux de la direction qui "
                "pilote l'action peuvent écrire ses textes."
            )
        raise PermissionDenied("Seule l'administration nationale écrit les parties du bilan.")
    return enregistrer_narratif(
        user,
        annee=annee,
        partie=partie,
        texte=texte,
        version_lue=version_lue,
        canal=canal,
        action=action,
        axe=axe,
        source=source,
    )


@transaction.atomic
def enregistrer_narratif(
    user, *, annee, partie, texte, version_lue, canal, action=None, axe=0, source=""
) -> Narratif:
    """The write itself, rights already checked (by `ecrire_narratif`, or by the loader of
    the shipped texts, which runs without an account)."""
    _verifier_cible(partie, action, axe)
    propre = nettoyer(texte)
    if len(propre) > TAILLE_MAX:
        raise ValidationError(
            f"Texte trop long ({len(propre)} caractères de HTML ; au plus {TAILLE_MAX})."
        )
    narratif = (
        Narratif.objects.select_for_update().filter(**_cible(annee, partie, action, axe)).first()
    )
    stockee = narratif.version if narratif else 0
    if version_lue != stockee:
        raise ConflitDeVersion(version_lue, stockee)
    if narratif is not None and narratif.texte == propre and (not source or narratif.source):
        return narratif
    avant = {"texte": texte_seul(narratif.texte)} if narratif else None
    if narratif is None:
        narratif = Narratif(**_cible(annee, partie, action, axe), source=source)
        narratif.version = 1
    else:
        narratif.version += 1
        if source and not narratif.source:
            narratif.source = source
    narratif.texte = propre
    narratif.modifie_par = user if getattr(user, "pk", None) else None
    narratif.save()
    HistoriqueNarratif.objects.create(
        narratif=narratif,
        version=narratif.version,
        texte=propre,
        auteur=narratif.modifie_par,
        auteur_nom=narratif.modifie_par.get_username() if narratif.modifie_par else "",
        canal=canal,
    )
    journaliser(
        user,
        canal,
        "texte_bilan",
        narratif,
        avant,
        {"texte": texte_seul(propre), "version": narratif.version},
    )
    return narratif


def narratifs_annee(annee: int) -> dict:
    """Every text of a year: `{(action_id, partie): Narratif}` and `{(partie, axe): Narratif}`."""
    par_action, par_partie = {}, {}
    for narratif in Narratif.objects.filter(annee=annee):
        if narratif.action_id:
            par_action[(narratif.action_id, narratif.partie)] = narratif
        else:
            par_partie[(narratif.partie, narratif.axe)] = narratif
    return {"actions": par_action, "parties": par_partie}


def texte_prerempli_rappel(action, annee: int) -> str:
    """A starting point for "Actions déjà réalisées (rappel)" of year N: the reminder of the
    latest earlier year that has one, followed by what that year reported as done. The user
    edits it before saving; nothing is stored here."""
    precedents = Narratif.objects.filter(
        action=action, annee__lt=annee, partie__in=[Partie.RAPPEL, Partie.ANNEE]
    ).order_by("-annee")
    derniere = precedents.values_list("annee", flat=True).first()
    if derniere is None:
        return ""
    textes = {n.partie: n.texte for n in precedents.filter(annee=derniere)}
    morceaux = [textes.get(Partie.RAPPEL, "")]
    if textes.get(Partie.ANNEE):
        morceaux.append(f"<p><strong>Réalisé en {derniere} :</strong></p>" + textes[Partie.ANNEE])
    return "".join(m for m in morceaux if m)


def historique(narratif: Narratif):
    return narratif.historique.select_related("auteur").order_by("-version")
