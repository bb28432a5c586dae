"""When a region may still answer a request: the one server-side rule for pages, API and
reminders.

A targeted region answers (questions and requested values) while the request is published,
its answer is neither transmitted nor closed by the national admin, and the deadline has not
passed, or, after it, while an exception granted by the national admin covers the region. The
national admin is never locked out (the history of answers and values keeps what it changes),
as for campaigns (`jalon.campagnes.verrous`), whose rule this one mirrors.
"""

from jalon.campagnes.verrous import aujourd_hui
from jalon.demandes.models import Cible, Demande, ExceptionDemande
from jalon.territoires import perms


class ReponseVerrouillee(Exception):
    """Answering is closed for this region; the French message says why and what to do."""


def exception_active(demande, region, jour=None) -> ExceptionDemande | None:
    jour = jour or aujourd_hui()
    return (
        demande.exceptions.filter(region=region, revoquee_le__isnull=True, jusqu_au__gte=jour)
        .order_by("-jusqu_au")
        .first()
    )


def motif_verrou(user, cible: Cible, jour=None) -> str:
    """Empty when ``user`` may write ``cible``'s answers now, else the French reason why not."""
    if perms.is_admin(user):
        return ""
    demande = cible.demande
    if demande.statut == Demande.Statut.BROUILLON:
        return "Cette demande n'est pas encore publiée."
    if demande.statut == Demande.Statut.CLOTUREE:
        return f"La demande « {demande.titre} » est clôturée : les réponses sont fermées."
    if cible.statut == Cible.Statut.CLOSE:
        return (
            "L'administration nationale a clos la réponse de votre région : demandez-lui de la "
            "rouvrir pour la modifier."
        )
    if cible.statut == Cible.Statut.REPONDUE:
        return (
            f"Votre réponse a été transmise le {cible.repondue_le:%d/%m/%Y} : demandez à "
            "l'administration nationale (DMSMP) de la rouvrir pour la modifier."
        )
    jour = jour or aujourd_hui()
    if jour <= demande.echeance:
        return ""
    if exception_active(demande, cible.region, jour) is not None:
        return ""
    return (
        f"L'échéance du {demande.echeance:%d/%m/%Y} est passée : la réponse est verrouillée. "
        "Demandez une réouverture à l'administration nationale (DMSMP)."
    )


def verifier_reponse_ouverte(user, cible, jour=None) -> None:
    motif = motif_verrou(user, cible, jour)
    if motif:
        raise ReponseVerrouillee(motif)
