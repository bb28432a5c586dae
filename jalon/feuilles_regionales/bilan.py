"""The regional bilan of a campaign year: one verb, one function; pages, API and tests call these.

For campaign year N and one region, the ARS updates each regional action for N (statut,
météo, progress note, milestones reached: one `SuiviActionRegionale` per action and year, so
year N never overwrites N-1), writes its synthesis in three parts, and submits. The national
admin validates or returns it with a comment::

    brouillon ──submit──▶ soumis ──validate──▶ valide
                 ▲          │                    │
                 └─ renvoye ◀──────return────────┘

A validated bilan can then be published (frozen for the public portal, versions numbered):
`jalon.rapports.publication.publier`, rule `perms.can_publish_regional_bilan`; each
publication is traced in the bilan's history.

Rules, checked on the server by every function:

- rights: `perms.can_edit_regional_bilan` (the region's ARS référent, national admins) to
  write and submit, `perms.can_validate_regional_bilan` to validate or return;
- locks (`motif_verrou`): a submitted or validated bilan is closed to the ARS; so is a bilan
  past the campaign's regional-bilan deadline, unless the national admin returned it or
  granted the region an exception covering all its entry (`campagnes.ExceptionSaisie` with
  no indicator: the same reopening as for the region's values); a closed campaign closes
  everything. As for values, a national admin is never locked out, and what it changes is
  kept in the history;
- optimistic locking: a writer passes the version it read (0 for nothing saved yet); a stale
  one raises `ConflitBilan` and nothing is written;
- every changed field gets a `HistoriqueBilanRegional` row (old, new, who, when, why) and a
  journal entry; saving the same thing again writes nothing.

The action's own statut, météo and milestones stay those of its latest year: updating year N
writes them onto the action unless a later year already has a follow-up.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from jalon.campagnes.models import Campagne
from jalon.campagnes.verrous import aujourd_hui, exceptions_actives
from jalon.feuilles_regionales import queries
from jalon.feuilles_regionales.models import (
    ActionRegionale,
    BilanRegional,
    HistoriqueBilanRegional,
    Jalon,
    SuiviActionRegionale,
)
from jalon.journal.models import EntreeJournal
from jalon.journal.services import journaliser
from jalon.rapports.texte_riche import nettoyer, texte_seul
from jalon.territoires import perms

Statut = BilanRegional.Statut
Canal = EntreeJournal.Canal

PARTIES_SYNTHESE = [
    ("actions_prioritaires", "Actions prioritaires"),
    ("principales_avancees", "Principales avancées"),
    ("limites_difficultes", "Limites et difficultés"),
]
TAILLE_MAX_SYNTHESE = 100_000  # characters of HTML per part
TAILLE_MAX_AVANCEMENT = 10_000


class BilanVerrouille(Exception):
    """The bilan cannot be changed now; the French message says why and what to do."""


class ConflitBilan(Exception):
    """Someone saved since the writer read; nothing was written."""

    def __init__(self, objet: str, lue: int, stockee: int):
        self.lue, self.stockee = lue, stockee
        super().__init__(
            f"{objet} a été modifié(e) par quelqu'un d'autre pendant que vous l'éditiez "
            f"(version {stockee}, vous étiez parti de la version {lue}). Rechargez, reprenez "
            "vos modifications sur la version enregistrée puis enregistrez de nouveau."
        )


# --- Reading ---------------------------------------------------------------------------------


def campagne_de(annee) -> Campagne:
    campagne = Campagne.objects.filter(annee=annee).first()
    if campagne is None:
        raise ValidationError(f"Aucune campagne {annee} : le bilan régional {annee} n'existe pas.")
    return campagne


def bilan_de(region, campagne) -> BilanRegional | None:
    return (
        BilanRegional.objects.filter(region=region, campagne=campagne)
        .select_related("campagne", "region", "soumis_par", "valide_par")
        .first()
    )


def actions_du_bilan(region):
    """The region's current regional actions, in roadmap order."""
    version = queries.version_courante(region)
    if version is None:
        return ActionRegionale.objects.none()
    return (
        ActionRegionale.objects.filter(version=version)
        .select_related("objectif", "version__plan__territoire")
        .prefetch_related("jalons")
        .order_by("objectif__ordre", "rang")
    )


def suivis_par_action(bilan) -> dict[int, SuiviActionRegionale]:
    if bilan is None:
        return {}
    suivis = bilan.suivis.prefetch_related("jalons_atteints").select_related("modifie_par")
    return {suivi.action_id: suivi for suivi in suivis}


@dataclass
class Manques:
    """What a bilan still lacks before it can be submitted."""

    actions: list  # regional actions without a follow-up for the year
    parties: list[str]  # labels of empty synthesis parts

    @property
    def bloquant(self) -> bool:
        return bool(self.parties)

    @property
    def vide(self) -> bool:
        return not self.actions and not self.parties


def manques(region, bilan, actions=None, suivis=None) -> Manques:
    actions = list(actions_du_bilan(region) if actions is None else actions)
    suivis = suivis_par_action(bilan) if suivis is None else suivis
    parties = [
        libelle
        for champ, libelle in PARTIES_SYNTHESE
        if bilan is None or not texte_seul(getattr(bilan, champ)).strip()
    ]
    sans_suivi = [a for a in actions if a.pk not in suivis or not suivis[a.pk].statut]
    return Manques(actions=sans_suivi, parties=parties)


def motif_verrou(user, region, campagne, bilan=None, jour=None) -> str:
    """Empty when `user` (allowed to edit the region's bilan) may change it now, else the
    French reason why not. Rights themselves are checked apart (`exiger_droit`)."""
    annee = campagne.annee
    statut = bilan.statut if bilan is not None else Statut.BROUILLON
    if perms.is_admin(user):
        return ""
    if statut == Statut.VALIDE:
        return (
            f"Le bilan régional {annee} a été validé par l'administration nationale : il n'est "
            "plus modifiable. Elle peut le renvoyer pour correction."
        )
    if statut == Statut.SOUMIS:
        return (
            f"Le bilan régional {annee} a été soumis le {bilan.soumis_le:%d/%m/%Y} : il n'est "
            "plus modifiable, sauf s'il vous est renvoyé pour correction."
        )
    if not campagne.est_ouverte:
        return f"La campagne {annee} est clôturée : le bilan régional n'est plus modifiable."
    if statut == Statut.RENVOYE:
        return ""  # the return is the national admin's reopening
    jour = jour or aujourd_hui()
    if jour <= campagne.echeance_bilan_regional:
        return ""
    if exception_bilan(region, campagne, jour) is not None:
        return ""
    return (
        f"L'échéance du bilan régional ({campagne.echeance_bilan_regional:%d/%m/%Y}) est "
        "passée : le bilan n'est plus modifiable. Demandez une réouverture à l'administration "
        "nationale (DMSMP)."
    )


def exception_bilan(region, campagne, jour=None):
    """The active exception reopening all the region's entry (no indicator), if any."""
    return (
        exceptions_actives(campagne, jour)
        .filter(region=region, indicateur__isnull=True)
        .order_by("-jusqu_au")
        .first()
    )


# --- Checks ------------------------------------------------------------------------------------


def exiger_droit(user, region) -> None:
    if not perms.can_edit_regional_bilan(user, region):
        raise PermissionDenied(
            f"Seuls le référent ARS de la région et l'administration nationale peuvent modifier "
            f"le bilan régional de {region.nom}."
        )


def exiger_validation(user) -> None:
    if not perms.can_validate_regional_bilan(user):
        raise PermissionDenied(
            "Seule l'administration nationale valide ou renvoie un bilan régional."
        )


def _verifier_ouvert(user, region, campagne, bilan) -> None:
    motif = motif_verrou(user, region, campagne, bilan)
    if motif:
        raise BilanVerrouille(motif)


def _bilan_verrouille(region, campagne) -> BilanRegional:
    """The bilan row locked for update, created as a draft the first time it is written."""
    BilanRegional.objects.get_or_create(region=region, campagne=campagne)
    return (
        BilanRegional.objects.select_for_update()
        .select_related("campagne", "region")
        .get(region=region, campagne=campagne)
    )


def _tracer(user, canal, bilan, objet, changements, suivi=None, motif=""):
    connu = user if getattr(user, "pk", None) else None
    HistoriqueBilanRegional.objects.bulk_create(
        HistoriqueBilanRegional(
            bilan=bilan,
            suivi=suivi,
            objet=objet,
            champ=champ,
            ancienne=ancienne,
            nouvelle=nouvelle,
            motif=motif,
            auteur=connu,
            auteur_nom=connu.get_username() if connu else "",
            canal=canal,
        )
        for champ, ancienne, nouvelle in changements
    )


# --- Action follow-up ------------------------------------------------------------------------


def _libelle_statut(valeur) -> str:
    return ActionRegionale.Statut(valeur).label if valeur else "non renseigné"


def _libelle_meteo(valeur) -> str:
    return ActionRegionale.Meteo(valeur).label if valeur else "non renseignée"


def _libelle_jalons(jalons) -> str:
    return " ; ".join(j.libelle for j in sorted(jalons, key=lambda j: j.pk)) or "aucun"


def _choix(valeur, choix, nom) -> str:
    valeur = (valeur or "").strip()
    if valeur and valeur not in choix.values:
        attendu = ", ".join(choix.values)
        raise ValidationError(f"{nom} « {valeur} » inconnu(e) (attendu : {attendu} ou vide).")
    return valeur


@transaction.atomic
def update_action_followup(
    user,
    action,
    annee: int,
    *,
    statut: str,
    meteo: str,
    avancement: str = "",
    jalons_atteints=None,
    version_lue: int,
    canal=Canal.WEB,
    motif: str = "",
) -> SuiviActionRegionale:
    """Write the year-`annee` state of a regional action. `jalons_atteints`: milestones (or
    their ids) reached by the end of the year; None keeps those already recorded (for a new
    follow-up: those the action marks as reached). Returns the follow-up; its `modifie`
    attribute tells whether anything changed."""
    region = action.version.plan.territoire
    exiger_droit(user, region)
    campagne = campagne_de(annee)
    statut = _choix(statut, ActionRegionale.Statut, "Statut")
    meteo = _choix(meteo, ActionRegionale.Meteo, "Météo")
    avancement = (avancement or "").replace("\r\n", "\n").strip()
    if len(avancement) > TAILLE_MAX_AVANCEMENT:
        raise ValidationError(
            f"Note d'avancement trop longue ({len(avancement)} caractères ; au plus "
            f"{TAILLE_MAX_AVANCEMENT})."
        )
    bilan = _bilan_verrouille(region, campagne)
    _verifier_ouvert(user, region, campagne, bilan)
    suivi = (
        SuiviActionRegionale.objects.select_for_update().filter(bilan=bilan, action=action).first()
    )
    stockee = suivi.version if suivi else 0
    if version_lue != stockee:
        raise ConflitBilan(f"Le suivi {annee} de l'action n°{action.numero}", version_lue, stockee)
    jalons_action = {j.pk: j for j in Jalon.objects.filter(action=action)}
    if jalons_atteints is None:
        voulus = (
            set(suivi.jalons_atteints.values_list("pk", flat=True))
            if suivi
            else {pk for pk, j in jalons_action.items() if j.fait}
        )
    else:
        voulus = {getattr(j, "pk", j) for j in jalons_atteints}
        inconnus = voulus - set(jalons_action)
        if inconnus:
            raise ValidationError(f"Jalon inconnu pour l'action n°{action.numero}.")
    avant_jalons = set(suivi.jalons_atteints.values_list("pk", flat=True)) if suivi else set()
    changements = []
    avant = (suivi.statut, suivi.meteo, suivi.avancement) if suivi else ("", "", "")
    if avant[0] != statut:
        changements.append(("statut", _libelle_statut(avant[0]), _libelle_statut(statut)))
    if avant[1] != meteo:
        changements.append(("meteo", _libelle_meteo(avant[1]), _libelle_meteo(meteo)))
    if avant[2] != avancement:
        changements.append(("avancement", avant[2], avancement))
    if avant_jalons != voulus:
        changements.append(
            (
                "jalons",
                _libelle_jalons(jalons_action[pk] for pk in avant_jalons if pk in jalons_action),
                _libelle_jalons(jalons_action[pk] for pk in voulus),
            )
        )
    if suivi is None and not changements:
        # An empty first save still creates the year's row: trace that it was looked at.
        changements.append(("statut", "non renseigné", "non renseigné"))
    elif not changements:
        suivi.modifie = False
        return suivi
    if suivi is None:
        suivi = SuiviActionRegionale(bilan=bilan, action=action, version=1)
    else:
        suivi.version += 1
    suivi.statut, suivi.meteo, suivi.avancement = statut, meteo, avancement
    suivi.modifie_par = user if getattr(user, "pk", None) else None
    suivi.save()
    suivi.jalons_atteints.set(voulus)
    objet = f"Action n°{action.numero}"
    _tracer(user, canal, bilan, objet, changements, suivi=suivi, motif=motif)
    journaliser(
        user,
        canal,
        "suivi_bilan_regional",
        suivi,
        {c: a for c, a, _ in changements},
        {c: n for c, _, n in changements} | {"annee": annee, "version": suivi.version},
        motif,
    )
    _reporter_sur_action(user, canal, action, campagne, statut, meteo, voulus)
    suivi.modifie = True
    return suivi


def _reporter_sur_action(user, canal, action, campagne, statut, meteo, jalons_faits) -> None:
    """Keep the action's current state that of its latest year."""
    plus_recent = SuiviActionRegionale.objects.filter(
        action=action, bilan__campagne__annee__gt=campagne.annee
    ).exists()
    if plus_recent:
        return
    avant = {
        "statut": action.statut,
        "meteo": action.meteo,
        "jalons": sorted(
            Jalon.objects.filter(action=action, fait=True).values_list("pk", flat=True)
        ),
    }
    apres = {"statut": statut, "meteo": meteo, "jalons": sorted(jalons_faits)}
    if avant == apres:
        return
    ActionRegionale.objects.filter(pk=action.pk).update(
        statut=statut, meteo=meteo, modifie_le=timezone.now()
    )
    action.statut, action.meteo = statut, meteo
    Jalon.objects.filter(action=action).exclude(pk__in=jalons_faits).update(fait=False)
    Jalon.objects.filter(action=action, pk__in=jalons_faits).update(fait=True)
    journaliser(
        user, canal, "modification", action, avant, apres, f"Bilan régional {campagne.annee}"
    )


# --- Synthesis -------------------------------------------------------------------------------


@transaction.atomic
def save_synthesis(
    user,
    region,
    annee: int,
    *,
    actions_prioritaires: str,
    principales_avancees: str,
    limites_difficultes: str,
    version_lue: int,
    canal=Canal.WEB,
    motif: str = "",
) -> BilanRegional:
    """Write the three parts of the synthesis (rich text, sanitised like the bilan texts)."""
    exiger_droit(user, region)
    campagne = campagne_de(annee)
    textes = {
        "actions_prioritaires": nettoyer(actions_prioritaires),
        "principales_avancees": nettoyer(principales_avancees),
        "limites_difficultes": nettoyer(limites_difficultes),
    }
    for champ, libelle in PARTIES_SYNTHESE:
        if len(textes[champ]) > TAILLE_MAX_SYNTHESE:
            raise ValidationError(
                f"« {libelle} » est trop long ({len(textes[champ])} caractères de HTML ; au "
                f"plus {TAILLE_MAX_SYNTHESE})."
            )
    bilan = _bilan_verrouille(region, campagne)
    _verifier_ouvert(user, region, campagne, bilan)
    if version_lue != bilan.version:
        raise ConflitBilan(f"La synthèse du bilan {annee}", version_lue, bilan.version)
    changements = [
        (champ, texte_seul(getattr(bilan, champ)), texte_seul(textes[champ]))
        for champ, _ in PARTIES_SYNTHESE
        if getattr(bilan, champ) != textes[champ]
    ]
    if not changements:
        bilan.modifie = False
        return bilan
    for champ, texte in textes.items():
        setattr(bilan, champ, texte)
    bilan.version += 1
    bilan.save()
    _tracer(user, canal, bilan, "Synthèse", changements, motif=motif)
    journaliser(
        user,
        canal,
        "synthese_bilan_regional",
        bilan,
        {c: a for c, a, _ in changements},
        {c: n for c, _, n in changements} | {"version": bilan.version},
        motif,
    )
    bilan.modifie = True
    return bilan


# --- Workflow --------------------------------------------------------------------------------


def _changer_statut(user, canal, bilan, nouveau, motif="") -> BilanRegional:
    ancien = bilan.statut
    bilan.statut = nouveau
    bilan.save()
    _tracer(
        user,
        canal,
        bilan,
        "Bilan",
        [("statut_bilan", Statut(ancien).label, Statut(nouveau).label)],
        motif=motif,
    )
    journaliser(
        user,
        canal,
        f"bilan_regional_{nouveau}",
        bilan,
        {"statut": ancien},
        {"statut": nouveau},
        motif,
    )
    return bilan


@transaction.atomic
def submit_regional_bilan(user, region, annee: int, *, canal=Canal.WEB) -> BilanRegional:
    """Send the bilan to the national admin. Refused while a synthesis part is empty; actions
    without a follow-up for the year do not block it (the document says so plainly)."""
    exiger_droit(user, region)
    campagne = campagne_de(annee)
    bilan = _bilan_verrouille(region, campagne)
    if bilan.statut in (Statut.SOUMIS, Statut.VALIDE):
        raise BilanVerrouille(
            f"Le bilan régional {annee} est déjà {Statut(bilan.statut).label.lower()}."
        )
    _verifier_ouvert(user, region, campagne, bilan)
    manque = manques(region, bilan)
    if manque.bloquant:
        raise ValidationError(
            "Synthèse incomplète : renseignez "
            + ", ".join(f"« {p} »" for p in manque.parties)
            + " avant de soumettre le bilan."
        )
    bilan.soumis_le = timezone.now()
    bilan.soumis_par = user if getattr(user, "pk", None) else None
    return _changer_statut(user, canal, bilan, Statut.SOUMIS)


@transaction.atomic
def validate_regional_bilan(user, region, annee: int, *, canal=Canal.WEB) -> BilanRegional:
    exiger_validation(user)
    campagne = campagne_de(annee)
    bilan = _bilan_verrouille(region, campagne)
    if bilan.statut != Statut.SOUMIS:
        raise ValidationError(
            f"Seul un bilan soumis se valide (le bilan régional {annee} de {region.nom} est "
            f"« {Statut(bilan.statut).label.lower()} »)."
        )
    bilan.valide_le = timezone.now()
    bilan.valide_par = user if getattr(user, "pk", None) else None
    return _changer_statut(user, canal, bilan, Statut.VALIDE)


@transaction.atomic
def return_regional_bilan(
    user, region, annee: int, comment: str, *, canal=Canal.WEB
) -> BilanRegional:
    """Send a submitted (or validated) bilan back to the ARS with a comment: it reopens."""
    exiger_validation(user)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError("Le motif du renvoi est obligatoire : dites à l'ARS quoi corriger.")
    campagne = campagne_de(annee)
    bilan = _bilan_verrouille(region, campagne)
    if bilan.statut not in (Statut.SOUMIS, Statut.VALIDE):
        raise ValidationError(
            f"Seul un bilan soumis ou validé se renvoie (le bilan régional {annee} de "
            f"{region.nom} est « {Statut(bilan.statut).label.lower()} »)."
        )
    bilan.renvoye_le = timezone.now()
    bilan.commentaire_renvoi = comment
    bilan.valide_le, bilan.valide_par = None, None
    return _changer_statut(user, canal, bilan, Statut.RENVOYE, motif=comment)


def tracer_publication(user, canal, bilan, publication, note="") -> None:
    """Record in the bilan's history that a version was published (`jalon.rapports.
    publication.publier` calls it in its transaction; the journal entry is its own)."""
    _tracer(
        user,
        canal,
        bilan,
        "Bilan",
        [("publication", "", f"Version {publication.numero} publiée")],
        motif=note,
    )


def historique(bilan, limite=None):
    if bilan is None:
        return HistoriqueBilanRegional.objects.none()
    lignes = bilan.historique.all()
    return lignes[:limite] if limite else lignes


def resume(user, region, campagne) -> dict:
    """The bilan's state in a few words, for the region's campaign to-do page."""
    from django.urls import reverse

    bilan = bilan_de(region, campagne)
    version = queries.version_courante(region)
    actions = list(
        ActionRegionale.objects.filter(version=version).values_list("pk", flat=True)
        if version
        else []
    )
    suivies = (
        set(bilan.suivis.exclude(statut="").values_list("action_id", flat=True)) if bilan else set()
    )
    return {
        "annee": campagne.annee,
        "statut": Statut(bilan.statut).label if bilan else "Non commencé",
        "echeance": campagne.echeance_bilan_regional,
        "nb_actions": len(actions),
        "nb_suivies": sum(1 for pk in actions if pk in suivies),
        "verrou": motif_verrou(user, region, campagne, bilan)
        if perms.can_edit_regional_bilan(user, region)
        else "",
        "url": reverse("www:bilan_regional", args=[region.code, campagne.annee]),
    }
