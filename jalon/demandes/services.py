"""Ad-hoc request verbs: one function per change, taking the acting user; pages, API, the
demo command and tests all call these.

Every function checks `jalon.territoires.perms` (PermissionDenied with a French message),
runs in one transaction, appends a journal entry and changes nothing when it raises. Answers
keep their own history (`HistoriqueReponse`: old and new text, who, when, channel) and carry
a version: a writer passes the version it read (0 for no answer yet) and a stale one raises
`ConflitDeReponse` with nothing written. Requested values are not written here: they go
through `jalon.saisies.services` like any value (see `jalon.www.demandes.saisie`).

Region statuses: à faire → en cours (first answer or value) → répondue (`transmettre_reponse`,
once nothing is missing); the national admin closes a region's answer (close) or reopens a
transmitted or closed one (back to en cours).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from jalon.demandes import suivi, verrous
from jalon.demandes.models import Cible, Demande, ExceptionDemande, HistoriqueReponse, Reponse
from jalon.journal.models import EntreeJournal
from jalon.journal.services import journaliser
from jalon.referentiel.models import Indicateur
from jalon.saisies.periodes import PeriodeInvalide, parse_periode
from jalon.territoires import perms
from jalon.territoires.models import Territoire

Canal = EntreeJournal.Canal
TEXTE_MAX = 20_000  # an answer is a few paragraphs; beyond, a file should be attached by mail


class ConflitDeReponse(Exception):
    """Someone changed the answer since the writer read it; nothing was written.

    ``actuelle`` is the stored answer, ``proposee`` the text the writer sent, so a page can
    show both and let the writer decide.
    """

    def __init__(self, message, actuelle, proposee):
        super().__init__(message)
        self.actuelle = actuelle
        self.proposee = proposee


def _exiger_admin(user):
    if not perms.can_manage_demandes(user):
        raise PermissionDenied("Seule l'administration nationale gère les demandes ponctuelles.")


def _connu(user):
    return user if getattr(user, "pk", None) else None


# --- Creating and publishing ----------------------------------------------------------------


def _nettoyer_questions(questions) -> list[str]:
    return [q.strip() for q in questions if q and q.strip()]


def valider(titre, echeance, periode, indicateurs, regions, questions) -> str:
    """Raise ValidationError({field: French message}) for an invalid request; return the
    normalised period. The create and edit verbs call it; the web form too, to show every
    error at once."""
    erreurs = {}
    if not (titre or "").strip():
        erreurs["titre"] = "Donnez un titre à la demande."
    elif len(titre.strip()) > 255:
        erreurs["titre"] = "Le titre est limité à 255 caractères."
    if not isinstance(echeance, datetime.date):
        erreurs["echeance"] = "Indiquez la date de réponse attendue (JJ/MM/AAAA)."
    if not regions:
        erreurs["regions"] = "Choisissez au moins une région destinataire."
    else:
        autres = [t.code for t in regions if t.niveau != Territoire.Niveau.REGION]
        if autres:
            erreurs["regions"] = f"Ne sont pas des régions : {', '.join(autres)}."
    if not indicateurs and not questions:
        erreurs["questions"] = "Posez au moins une question ou demandez au moins un indicateur."
    refuses = []
    for indicateur in indicateurs:
        if indicateur.retire:
            refuses.append(f"{indicateur.code} est retiré du référentiel")
        elif not indicateur.saisie_ars:
            refuses.append(
                f"{indicateur.code} n'est pas renseigné par les ARS (il est fourni par "
                f"{indicateur.fournisseur_libelle or 'un fournisseur national'})"
            )
        elif indicateur.maille not in suivi.MAILLES_ACCEPTEES:
            refuses.append(
                f"{indicateur.code} est de maille {indicateur.get_maille_display().lower()} : "
                "une région ne peut pas le renseigner"
            )
    if refuses:
        erreurs["indicateurs"] = "Indicateurs refusés : " + " ; ".join(refuses) + "."
    code = ""
    if (periode or "").strip():
        try:
            code = parse_periode(periode.strip()).code
        except PeriodeInvalide as exc:
            erreurs["periode"] = str(exc)
    elif indicateurs:
        erreurs["periode"] = (
            "Indiquez la période des valeurs demandées (ex. 2024, 2024-S1, 2024-T2, 2024-03)."
        )
    if erreurs:
        raise ValidationError(erreurs)
    return code


def _etat(demande) -> dict:
    return {
        "titre": demande.titre,
        "statut": demande.statut,
        "echeance": demande.echeance,
        "periode": demande.periode,
        "indicateurs": sorted(demande.indicateurs.values_list("code", flat=True)),
        "regions": sorted(demande.cibles.values_list("region__code", flat=True)),
        "questions": list(demande.questions.values_list("texte", flat=True)),
    }


@transaction.atomic
def creer_demande(
    user,
    *,
    titre,
    echeance,
    regions,
    contexte="",
    periode="",
    indicateurs=(),
    questions=(),
    exemple_demo=False,
    canal=Canal.WEB,
) -> Demande:
    """Create a draft request; it reaches the ARS once published (`publier_demande`)."""
    _exiger_admin(user)
    regions, indicateurs = list(regions), list(indicateurs)
    questions = _nettoyer_questions(questions)
    code = valider(titre, echeance, periode, indicateurs, regions, questions)
    demande = Demande.objects.create(
        titre=titre.strip(),
        contexte=(contexte or "").strip(),
        echeance=echeance,
        periode=code,
        exemple_demo=exemple_demo,
        creee_par=_connu(user),
    )
    demande.indicateurs.set(indicateurs)
    Cible.objects.bulk_create(Cible(demande=demande, region=r) for r in regions)
    for rang, texte in enumerate(questions, start=1):
        demande.questions.create(rang=rang, texte=texte)
    journaliser(user, canal, "demande_creation", demande, None, _etat(demande))
    return demande


@transaction.atomic
def modifier_demande(
    user,
    demande,
    *,
    titre,
    echeance,
    regions,
    contexte="",
    periode="",
    indicateurs=(),
    questions=(),
    motif="",
    canal=Canal.WEB,
) -> Demande:
    """Change a request. A draft changes freely; once published, the ARS have started to
    answer: questions, indicators and period stay as published and regions can only be
    added (a region is never silently dropped with its answers)."""
    _exiger_admin(user)
    demande = Demande.objects.select_for_update().get(pk=demande.pk)
    regions, indicateurs = list(regions), list(indicateurs)
    questions = _nettoyer_questions(questions)
    code = valider(titre, echeance, periode, indicateurs, regions, questions)
    avant = _etat(demande)
    if not demande.est_brouillon:
        erreurs = {}
        if questions != avant["questions"]:
            erreurs["questions"] = (
                "Les questions d'une demande publiée ne changent plus : les régions y "
                "répondent déjà. Clôturez-la et ouvrez-en une nouvelle si besoin."
            )
        if sorted(i.code for i in indicateurs) != avant["indicateurs"] or code != demande.periode:
            erreurs["indicateurs"] = (
                "Les indicateurs et la période d'une demande publiée ne changent plus."
            )
        retirees = set(avant["regions"]) - {r.code for r in regions}
        if retirees:
            erreurs["regions"] = (
                "Une région destinataire d'une demande publiée ne peut pas être retirée : "
                f"{', '.join(sorted(retirees))}."
            )
        if erreurs:
            raise ValidationError(erreurs)
    demande.titre, demande.contexte = titre.strip(), (contexte or "").strip()
    demande.echeance, demande.periode = echeance, code
    demande.save()
    demande.indicateurs.set(indicateurs)
    codes = {r.code for r in regions}
    demande.cibles.exclude(region__code__in=codes).delete()
    deja = set(avant["regions"])
    Cible.objects.bulk_create(
        Cible(demande=demande, region=r) for r in regions if r.code not in deja
    )
    if demande.est_brouillon and questions != avant["questions"]:
        demande.questions.all().delete()
        for rang, texte in enumerate(questions, start=1):
            demande.questions.create(rang=rang, texte=texte)
    journaliser(user, canal, "demande_modification", demande, avant, _etat(demande), motif)
    return demande


@transaction.atomic
def publier_demande(user, demande, *, canal=Canal.WEB) -> Demande:
    """Send a draft to its regions: it shows on their to-do page and reminders start."""
    _exiger_admin(user)
    demande = Demande.objects.select_for_update().get(pk=demande.pk)
    if not demande.est_brouillon:
        raise ValidationError("Cette demande est déjà publiée.")
    if demande.echeance < timezone.localdate():
        raise ValidationError(
            f"L'échéance du {demande.echeance:%d/%m/%Y} est déjà passée : reportez-la avant "
            "de publier."
        )
    avant = _etat(demande)
    demande.statut, demande.publiee_le = Demande.Statut.PUBLIEE, timezone.now()
    demande.save(update_fields=["statut", "publiee_le"])
    journaliser(user, canal, "demande_publication", demande, avant, _etat(demande))
    return demande


@transaction.atomic
def cloturer_demande(user, demande, *, motif="", canal=Canal.WEB) -> Demande:
    """Close the whole request: answers lock for every region (not for the national admin)."""
    _exiger_admin(user)
    if demande.statut != Demande.Statut.PUBLIEE:
        raise ValidationError("Seule une demande publiée peut être clôturée.")
    avant = _etat(demande)
    demande.statut, demande.cloturee_le = Demande.Statut.CLOTUREE, timezone.now()
    demande.save(update_fields=["statut", "cloturee_le"])
    journaliser(user, canal, "demande_cloture", demande, avant, _etat(demande), motif)
    return demande


@transaction.atomic
def rouvrir_demande(user, demande, *, motif, canal=Canal.WEB) -> Demande:
    _exiger_admin(user)
    if demande.statut != Demande.Statut.CLOTUREE:
        raise ValidationError("Seule une demande clôturée peut être rouverte.")
    if not (motif or "").strip():
        raise ValidationError("Le motif de la réouverture est obligatoire.")
    avant = _etat(demande)
    demande.statut, demande.cloturee_le = Demande.Statut.PUBLIEE, None
    demande.save(update_fields=["statut", "cloturee_le"])
    journaliser(user, canal, "demande_reouverture", demande, avant, _etat(demande), motif)
    return demande


# --- Answering ---------------------------------------------------------------------------


def cible_de(demande, region) -> Cible:
    cible = demande.cibles.select_related("region", "demande").filter(region=region).first()
    if cible is None:
        raise PermissionDenied(f"La demande « {demande.titre} » ne vise pas {region.nom}.")
    return cible


def _exiger_reponse(user, demande, region, *, verrou=True) -> Cible:
    if not perms.can_answer_demande(user, demande, region):
        raise PermissionDenied(
            f"Vous n'avez pas le droit de répondre pour {region.nom} à cette demande."
        )
    cible = (
        Cible.objects.select_for_update()
        .select_related("region")
        .get(demande=demande, region=region)
    )
    cible.demande = demande
    if verrou:
        verrous.verifier_reponse_ouverte(user, cible)
    return cible


def _etat_cible(cible) -> dict:
    return {"region": cible.region.code, "statut": cible.statut, "repondue_le": cible.repondue_le}


def _passer_en_cours(cible) -> None:
    if cible.statut == Cible.Statut.A_FAIRE:
        cible.statut = Cible.Statut.EN_COURS
        cible.save(update_fields=["statut"])


@transaction.atomic
def enregistrer_reponse(
    user, demande, region, question, texte, *, version_lue=None, canal=Canal.WEB
) -> Reponse:
    """Create or change ``region``'s answer to ``question``.

    ``version_lue``: the version the writer read (0 for no answer yet); None skips the check.
    Writing the same text again changes nothing. Returns the answer; ``reponse.modifiee``
    tells whether anything changed.
    """
    if question.demande_id != demande.pk:
        raise ValidationError("Cette question n'appartient pas à cette demande.")
    cible = _exiger_reponse(user, demande, region)
    texte = (texte or "").strip()
    if not texte:
        raise ValidationError("La réponse est vide : écrivez votre réponse (ou « sans objet »).")
    if len(texte) > TEXTE_MAX:
        raise ValidationError(
            f"La réponse est limitée à {TEXTE_MAX:,} caractères.".replace(",", " ")
        )
    existante = Reponse.objects.select_for_update().filter(question=question, region=region).first()
    stockee = existante.version if existante else 0
    if version_lue is not None and int(version_lue) != stockee:
        if existante is None:
            message = "La réponse lue n'existe pas ou plus : rechargez la page."
        else:
            auteur = existante.modifiee_par.get_username() if existante.modifiee_par else "inconnu"
            message = (
                f"La réponse de {region.nom} à la question {question.rang} a été modifiée par "
                f"{auteur} le {timezone.localtime(existante.modifiee_le):%d/%m/%Y à %H:%M} "
                f"pendant votre saisie (version {stockee}, vous aviez lu la version "
                f"{version_lue}) : votre texte n'a pas été enregistré. Comparez les deux "
                "versions ci-dessous, puis enregistrez à nouveau."
            )
        raise ConflitDeReponse(message, existante, texte)
    if existante is not None and existante.texte == texte:
        existante.modifiee = False
        return existante
    ancien = existante.texte if existante else ""
    if existante is None:
        try:
            with transaction.atomic():
                reponse = Reponse.objects.create(
                    question=question, region=region, texte=texte, modifiee_par=_connu(user)
                )
        except IntegrityError as exc:
            actuelle = Reponse.objects.get(question=question, region=region)
            raise ConflitDeReponse(
                f"Une réponse de {region.nom} à la question {question.rang} vient d'être "
                "enregistrée par une autre saisie : rechargez, comparez puis enregistrez.",
                actuelle,
                texte,
            ) from exc
    else:
        reponse = existante
        reponse.texte, reponse.modifiee_par = texte, _connu(user)
        reponse.version += 1
        reponse.save()
    HistoriqueReponse.objects.create(
        reponse=reponse, ancien_texte=ancien, nouveau_texte=texte, auteur=_connu(user), canal=canal
    )
    _passer_en_cours(cible)
    journaliser(
        user,
        canal,
        "reponse_modification" if existante else "reponse_creation",
        ("demandes.reponse", reponse.pk, f"{demande.titre} — {region.code} — Q{question.rang}"),
        {"texte": ancien, "version": stockee} if existante else None,
        {"texte": texte, "version": reponse.version},
    )
    reponse.modifiee = True
    return reponse


@transaction.atomic
def noter_saisie_valeur(user, demande, region) -> None:
    """A requested value of ``region`` was just written (through the values service): the
    region's answer is under way."""
    cible = _exiger_reponse(user, demande, region, verrou=False)
    _passer_en_cours(cible)


@transaction.atomic
def transmettre_reponse(user, demande, region, *, canal=Canal.WEB) -> Cible:
    """The region says its answer is complete: every question answered, every requested value
    submitted. Its answer then locks until the national admin reopens it."""
    cible = _exiger_reponse(user, demande, region)
    etat = suivi.etat_region(cible)
    manques = []
    if etat.questions_sans_reponse:
        rangs = ", ".join(str(q.rang) for q in etat.questions_sans_reponse)
        manques.append(f"question(s) sans réponse : {rangs}")
    if etat.cellules_manquantes:
        cellules = ", ".join(
            f"{c.indicateur.code} {c.territoire.nom} ({c.libelle_etat.lower()})"
            for c in etat.cellules_manquantes[:10]
        )
        manques.append(f"valeur(s) non soumise(s) : {cellules}")
    if manques:
        raise ValidationError(
            "La réponse ne peut pas être transmise, il manque : " + " ; ".join(manques) + "."
        )
    avant = _etat_cible(cible)
    cible.statut, cible.repondue_le = Cible.Statut.REPONDUE, timezone.now()
    cible.repondue_par = _connu(user)
    cible.save(update_fields=["statut", "repondue_le", "repondue_par"])
    journaliser(user, canal, "reponse_transmission", cible, avant, _etat_cible(cible))
    return cible


@transaction.atomic
def clore_reponse(user, demande, region, *, motif="", canal=Canal.WEB) -> Cible:
    """The national admin considers the region's answer final (or no longer expected)."""
    _exiger_admin(user)
    cible = (
        Cible.objects.select_for_update()
        .select_related("region")
        .get(pk=cible_de(demande, region).pk)
    )
    if cible.statut == Cible.Statut.CLOSE:
        return cible
    avant = _etat_cible(cible)
    cible.statut, cible.close_le = Cible.Statut.CLOSE, timezone.now()
    cible.save(update_fields=["statut", "close_le"])
    journaliser(user, canal, "reponse_cloture", cible, avant, _etat_cible(cible), motif)
    return cible


@transaction.atomic
def rouvrir_reponse(user, demande, region, *, motif, canal=Canal.WEB) -> Cible:
    """Reopen a transmitted or closed answer: the region can amend it and transmit again (its
    first transmission date is dropped, the journal keeps it)."""
    _exiger_admin(user)
    if not (motif or "").strip():
        raise ValidationError("Le motif de la réouverture est obligatoire.")
    cible = (
        Cible.objects.select_for_update()
        .select_related("region")
        .get(pk=cible_de(demande, region).pk)
    )
    if cible.statut not in {Cible.Statut.REPONDUE, Cible.Statut.CLOSE}:
        raise ValidationError("Seule une réponse transmise ou close peut être rouverte.")
    avant = _etat_cible(cible)
    cible.statut, cible.close_le = Cible.Statut.EN_COURS, None
    cible.repondue_le = cible.repondue_par = None
    cible.save(update_fields=["statut", "close_le", "repondue_le", "repondue_par"])
    journaliser(user, canal, "reponse_reouverture", cible, avant, _etat_cible(cible), motif)
    return cible


# --- Exceptions after the deadline ---------------------------------------------------------


def _exception(exception) -> dict:
    return {
        "demande": exception.demande_id,
        "region": exception.region.code,
        "jusqu_au": exception.jusqu_au,
        "revoquee_le": exception.revoquee_le,
    }


@transaction.atomic
def accorder_exception(
    user, demande, region, *, jusqu_au, motif, canal=Canal.WEB
) -> ExceptionDemande:
    """Reopen answering for ``region`` after the deadline, until ``jusqu_au``."""
    _exiger_admin(user)
    cible_de(demande, region)
    if not (motif or "").strip():
        raise ValidationError("Le motif de l'exception est obligatoire.")
    if not isinstance(jusqu_au, datetime.date):
        raise ValidationError("Date de fin attendue au format JJ/MM/AAAA.")
    if jusqu_au < timezone.localdate():
        raise ValidationError("La date de fin de l'exception est déjà passée.")
    exception = ExceptionDemande.objects.create(
        demande=demande,
        region=region,
        jusqu_au=jusqu_au,
        motif=motif.strip(),
        accordee_par=_connu(user),
    )
    journaliser(user, canal, "demande_exception", exception, None, _exception(exception), motif)
    return exception


@transaction.atomic
def revoquer_exception(user, exception, *, motif="", canal=Canal.WEB) -> ExceptionDemande:
    _exiger_admin(user)
    if exception.revoquee_le is None:
        avant = _exception(exception)
        exception.revoquee_le = timezone.now()
        exception.save(update_fields=["revoquee_le"])
        journaliser(
            user, canal, "demande_revocation", exception, avant, _exception(exception), motif
        )
    return exception


def regions_par_codes(codes) -> list[Territoire]:
    """Regions for a list of codes (``"toutes"`` = every region); LookupError names the
    unknown ones."""
    codes = [c.strip() for c in codes if c and c.strip()]
    if "toutes" in codes:
        return list(Territoire.objects.regions())
    trouvees = {t.code: t for t in Territoire.objects.regions().filter(code__in=codes)}
    inconnues = [c for c in codes if c not in trouvees]
    if inconnues:
        raise LookupError(f"Régions inconnues : {', '.join(inconnues)}.")
    return [trouvees[c] for c in codes]


def indicateurs_demandables():
    """Indicators a request may ask the ARS for (see `valider`)."""
    return (
        Indicateur.objects.actifs()
        .filter(saisie_ars=True, maille__in=suivi.MAILLES_ACCEPTEES)
        .order_by("code")
    )
