"""The values workflow: one verb, one function; pages, API, imports and commands all call these.

Every function takes the acting user and the channel, checks the rules of
`jalon.territoires.perms` (PermissionDenied with a French message), runs in one transaction,
appends a `HistoriqueValeur` row and a journal entry for each change, and changes nothing when
it raises. Statuses::

    brouillon ──soumettre──▶ soumise ──valider──▶ validee
        ▲                      │  ▲                 │
        └──enregistrer── renvoyee ◀──renvoyer───────┘

- `enregistrer_valeur` creates or updates a draft; a returned value edited becomes a draft
  again. A submitted or validated value may only be changed by a national admin: it keeps its
  status and the change is kept in its history (old and new number, author, motive). The
  rule is `statut_apres_ecriture`, shared with the file import.
- Optimistic locking: a writer passes the ``version`` it read (0 for an empty cell); if the
  stored version differs, `ConflitDeVersion` carries both numbers and nothing is written.
- Writing the same number, source and comment again is a no-op, whatever the status and the
  writer (re-importing a file or retrying an API call changes nothing and is not refused).

Errors: `SaisieInvalide` (maille, period, number, workflow), `ConflitDeVersion`,
`CommentaireRequis` (a subclass of `SaisieInvalide`), `PermissionDenied`.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from jalon.agregats import maj as agregats_maj
from jalon.journal.models import EntreeJournal
from jalon.journal.services import journaliser
from jalon.referentiel.models import Indicateur
from jalon.saisies import controles
from jalon.saisies.controles import Avertissement
from jalon.saisies.models import HistoriqueValeur, Valeur
from jalon.saisies.nombres import NombreInvalide, format_nombre_fr, parse_nombre_fr
from jalon.saisies.periodes import PeriodeInvalide, parse_periode
from jalon.territoires import perms
from jalon.territoires.models import Territoire

Statut = Valeur.Statut
Canal = Valeur.Canal
Maille = Indicateur.Maille
Niveau = Territoire.Niveau

__all__ = [
    "Avertissement",
    "CommentaireRequis",
    "ConflitDeVersion",
    "SaisieInvalide",
    "enregistrer_valeur",
    "motif_figee",
    "niveaux_de_la_maille",
    "renvoyer_valeur",
    "soumettre_valeurs",
    "statut_apres_ecriture",
    "valider_valeurs",
    "verifier_valeur",
]

# The journal has its own channel names: where the change came from, not how it was typed.
CANAL_JOURNAL = {
    Canal.FORMULAIRE: EntreeJournal.Canal.WEB,
    Canal.IMPORT: EntreeJournal.Canal.IMPORT,
    Canal.API: EntreeJournal.Canal.API,
    Canal.CHARGEMENT: EntreeJournal.Canal.COMMANDE,
}

# Territory levels at each maille. FR is accepted for every maille: it is the national total
# the bilan reports (3114 calls, VigilanS inclusions…) for indicators collected by region.
_NIVEAUX = {
    Maille.NATIONALE: {Niveau.PAYS},
    Maille.REGIONALE: {Niveau.PAYS, Niveau.REGION},
    Maille.DEPARTEMENTALE: {Niveau.PAYS, Niveau.DEPARTEMENT},
    Maille.INFRA_DEPARTEMENTALE: {Niveau.PAYS, Niveau.DEPARTEMENT, Niveau.PTSM},
    # Not fixed yet by the instruction: any level, until the national team decides.
    Maille.A_FIXER: set(Niveau.values),
}
_ATTENDU = {
    Maille.NATIONALE: "FR",
    Maille.REGIONALE: "FR ou une région (REG-xx)",
    Maille.DEPARTEMENTALE: "FR ou un département (DEP-xx)",
    Maille.INFRA_DEPARTEMENTALE: "FR, un département (DEP-xx) ou un territoire de PTSM",
}


class SaisieInvalide(ValueError):
    """The request cannot be applied as asked; the French message says why and what is expected."""


class CommentaireRequis(SaisieInvalide):
    """Values with warnings were submitted without a comment; ``valeurs`` lists them."""

    def __init__(self, message, valeurs):
        super().__init__(message)
        self.valeurs = valeurs


class ConflitDeVersion(Exception):
    """Someone changed the value since the writer read it; nothing was written.

    ``actuelle`` is the stored value (refreshed), ``proposee`` the number the writer sent, so a
    page can show both and let the writer decide.
    """

    def __init__(self, message, actuelle, proposee):
        super().__init__(message)
        self.actuelle = actuelle
        self.proposee = proposee


def niveaux_de_la_maille(maille: str) -> set[str]:
    """Territory levels (`Territoire.Niveau`) accepted for an indicator's maille."""
    return _NIVEAUX.get(maille, set())


def verifier_valeur(indicateur, territoire, periode, valeur) -> list[Avertissement]:
    """Warnings for a value about to be entered or submitted; writes nothing.

    ``valeur`` may be a Decimal, an int or French text; an unreadable number raises
    `SaisieInvalide`.
    """
    nombre = lire_nombre(valeur, indicateur)
    code = _periode(periode)
    return controles.verifier(indicateur, territoire, code, nombre)


@transaction.atomic
def enregistrer_valeur(
    user,
    indicateur,
    territoire,
    periode,
    valeur,
    *,
    version_lue=None,
    source="",
    commentaire="",
    canal,
    motif="",
) -> Valeur:
    """Create or update the draft value of ``indicateur`` × ``territoire`` × ``periode``.

    ``valeur``: Decimal, int, French text ("1 333", "13,5 %") or None for "no figure" (a
    comment then says why). ``version_lue``: the version the writer read (0 for an empty
    cell); None skips the check (bulk imports, which replace values by design). Returns the
    stored value; ``valeur.modifiee`` tells whether anything changed.

    Queries: one locking read, one write, one history row, one journal entry; the permission
    check walks ``territoire.parent``, cached on the instance, so a caller writing many rows
    should pass the same Territoire instances.
    """
    nombre = lire_nombre(valeur, indicateur)
    code = _periode(periode)
    verifier_maille(indicateur, territoire)
    if not perms.can_edit_values(user, indicateur, territoire):
        raise PermissionDenied(
            f"Vous n'avez pas le droit de saisir {indicateur.code} pour {territoire.code}."
        )
    existante = (
        Valeur.objects.select_for_update()
        .filter(indicateur=indicateur, territoire=territoire, periode=code)
        .first()
    )
    _verifier_version(existante, version_lue, nombre, indicateur, territoire, code)
    if existante is None:
        return _creer(user, indicateur, territoire, code, nombre, source, commentaire, canal)
    nouveau_statut = statut_apres_ecriture(user, existante, nombre, source, commentaire)
    if nouveau_statut is None:
        existante.modifiee = False
        return existante
    avant = _etat(existante)
    ancien_statut, ancienne_valeur = existante.statut, existante.valeur
    existante.valeur, existante.source, existante.commentaire = nombre, source, commentaire
    existante.statut, existante.saisie_par, existante.canal = nouveau_statut, user, canal
    existante.version += 1
    existante.save()
    _tracer(user, canal, "modification", existante, avant, ancien_statut, ancienne_valeur, motif)
    existante.modifiee = True
    return existante


@transaction.atomic
def soumettre_valeurs(user, valeurs, *, canal=Canal.FORMULAIRE) -> list[Valeur]:
    """Submit drafts (or returned values corrected) to the national team; all or nothing.

    A value with a warning (see `controles`) needs a comment: `CommentaireRequis` lists every
    such value. A value without a number needs a comment saying why. Already submitted values
    are left as they are.
    """
    valeurs = _verrouiller(valeurs)
    sans_commentaire = []
    for valeur in valeurs:
        if not perms.can_edit_values(user, valeur.indicateur, valeur.territoire):
            raise PermissionDenied(f"Vous n'avez pas le droit de soumettre {_libelle(valeur)}.")
        if valeur.statut == Statut.VALIDEE:
            raise SaisieInvalide(f"{_libelle(valeur)} est déjà validée.")
        if valeur.commentaire.strip():
            continue
        if valeur.valeur is None:
            sans_commentaire.append((valeur, ["aucune valeur saisie : expliquez pourquoi"]))
            continue
        avertissements = controles.verifier(
            valeur.indicateur, valeur.territoire, valeur.periode, valeur.valeur
        )
        if avertissements:
            sans_commentaire.append((valeur, [a.message for a in avertissements]))
    if sans_commentaire:
        details = " ; ".join(
            f"{_libelle(v)} ({', '.join(messages)})" for v, messages in sans_commentaire
        )
        raise CommentaireRequis(
            f"Un commentaire est requis avant de soumettre : {details}.",
            [v for v, _ in sans_commentaire],
        )
    return _changer_statut(user, valeurs, Statut.SOUMISE, "soumission", "", canal)


@transaction.atomic
def valider_valeurs(user, valeurs, motif="", *, canal=Canal.FORMULAIRE) -> list[Valeur]:
    """National validation of submitted values (national admin only); all or nothing."""
    if not perms.is_admin(user):
        raise PermissionDenied("Seule l'administration nationale valide les valeurs.")
    valeurs = _verrouiller(valeurs)
    for valeur in valeurs:
        if valeur.statut not in {Statut.SOUMISE, Statut.VALIDEE}:
            raise SaisieInvalide(
                f"{_libelle(valeur)} est {valeur.get_statut_display().lower()} : seule une "
                "valeur soumise peut être validée."
            )
    return _changer_statut(user, valeurs, Statut.VALIDEE, "validation", motif, canal)


@transaction.atomic
def renvoyer_valeur(user, valeur, motif, *, canal=Canal.FORMULAIRE) -> Valeur:
    """Return a submitted or validated value to whoever entered it, with a required motive."""
    if not perms.is_admin(user):
        raise PermissionDenied("Seule l'administration nationale renvoie les valeurs.")
    if not (motif or "").strip():
        raise SaisieInvalide("Le motif du renvoi est obligatoire : dites ce qu'il faut corriger.")
    [valeur] = _verrouiller([valeur])
    if valeur.statut not in {Statut.SOUMISE, Statut.VALIDEE}:
        raise SaisieInvalide(
            f"{_libelle(valeur)} est {valeur.get_statut_display().lower()} : seule une valeur "
            "soumise ou validée peut être renvoyée."
        )
    return _changer_statut(user, [valeur], Statut.RENVOYEE, "renvoi", motif.strip(), canal)[0]


# --- The rule for writing over a stored value --------------------------------------------
# Form, file import and API all apply it through these two functions (the import without the
# per-row service call, see jalon.imports.valeurs.ecriture).

FIGES = frozenset({Statut.SOUMISE, Statut.VALIDEE})


def motif_figee(user, valeur) -> str:
    """Empty when ``user`` may change ``valeur``'s figure, else the French reason why not.

    A submitted or validated value belongs to the national team's review: only a national
    admin changes it (its history keeps the old figure); anyone else asks for its return.
    """
    if valeur is None or valeur.statut not in FIGES or perms.is_admin(user):
        return ""
    return (
        f"{_libelle(valeur)} est {valeur.get_statut_display().lower()} : seule "
        "l'administration nationale peut la modifier (demandez son renvoi)."
    )


def statut_apres_ecriture(user, existante, nombre, source, commentaire) -> str | None:
    """The status ``existante`` takes when ``user`` writes this figure, source and comment.

    - The same figure, source and comment as stored is no write at all, whatever the status
      and whoever writes: returns None (a re-imported file, a retried API call, an untouched
      grid row change nothing and are not refused).
    - Any other write to a submitted or validated value is refused (`SaisieInvalide`, see
      `motif_figee`) unless ``user`` is a national admin, in which case the value keeps its
      status.
    - A draft or returned value that changes becomes a draft.
    """
    if (
        existante.valeur == nombre
        and existante.source == source
        and existante.commentaire == commentaire
    ):
        return None
    motif = motif_figee(user, existante)
    if motif:
        raise SaisieInvalide(motif)
    return existante.statut if existante.statut in FIGES else Statut.BROUILLON


# --- Helpers ----------------------------------------------------------------------------


def lire_nombre(valeur, indicateur) -> Decimal | None:
    if valeur is None or (isinstance(valeur, str) and not valeur.strip()):
        return None
    try:
        nombre = parse_nombre_fr(valeur, unite=indicateur.unite)
    except NombreInvalide as exc:
        raise SaisieInvalide(str(exc)) from exc
    if not nombre.is_finite() or abs(nombre) >= Decimal(10) ** 14:
        raise SaisieInvalide(f"« {valeur} » : nombre hors des bornes acceptées (< 10^14).")
    if nombre != nombre.quantize(Decimal("0.000001")):
        raise SaisieInvalide(f"« {valeur} » : six décimales au plus.")
    return nombre


def _periode(periode) -> str:
    try:
        return parse_periode(str(periode)).code
    except PeriodeInvalide as exc:
        raise SaisieInvalide(str(exc)) from exc


def verifier_maille(indicateur, territoire) -> None:
    if territoire.niveau not in niveaux_de_la_maille(indicateur.maille):
        raise SaisieInvalide(
            f"{indicateur.code} est un indicateur de maille "
            f"{indicateur.get_maille_display().lower()} : {territoire.code} "
            f"({territoire.get_niveau_display().lower()}) ne convient pas (attendu : "
            f"{_ATTENDU.get(indicateur.maille, 'un territoire')})."
        )


def _verifier_version(existante, version_lue, nombre, indicateur, territoire, code) -> None:
    if version_lue is None:
        return
    stockee = existante.version if existante else 0
    if int(version_lue) == stockee:
        return
    if existante is None:
        message = (
            f"{indicateur.code} {territoire.code} {code} : la version lue ({version_lue}) "
            "n'existe pas ; rechargez la page."
        )
    else:
        auteur = existante.saisie_par.get_username() if existante.saisie_par else "inconnu"
        message = (
            f"{_libelle(existante)} a été modifiée par {auteur} pendant votre saisie : valeur "
            f"enregistrée {_texte(existante.valeur, indicateur)} (version {stockee}), votre "
            f"valeur {_texte(nombre, indicateur)} (lue en version {version_lue}) n'a pas été "
            "enregistrée. Rechargez, comparez puis ressaisissez."
        )
    raise ConflitDeVersion(message, existante, nombre)


def _creer(user, indicateur, territoire, code, nombre, source, commentaire, canal) -> Valeur:
    try:
        # A savepoint, so that a concurrent creation surfaces as a conflict, not a crash.
        with transaction.atomic():
            valeur = Valeur.objects.create(
                indicateur=indicateur,
                territoire=territoire,
                periode=code,
                valeur=nombre,
                source=source,
                commentaire=commentaire,
                saisie_par=user if getattr(user, "pk", None) else None,
                canal=canal,
            )
    except IntegrityError as exc:
        actuelle = Valeur.objects.get(indicateur=indicateur, territoire=territoire, periode=code)
        raise ConflitDeVersion(
            f"{_libelle(actuelle)} vient d'être créée par une autre saisie (valeur "
            f"{_texte(actuelle.valeur, indicateur)}) ; votre valeur {_texte(nombre, indicateur)} "
            "n'a pas été enregistrée. Rechargez, comparez puis ressaisissez.",
            actuelle,
            nombre,
        ) from exc
    _tracer(user, canal, "creation", valeur, None, "", None, "")
    valeur.modifiee = True
    return valeur


def _verrouiller(valeurs) -> list[Valeur]:
    """Re-read the values under lock, with what the checks need, in the caller's order."""
    ids = [v.pk if isinstance(v, Valeur) else int(v) for v in valeurs]
    lues = (
        Valeur.objects.select_for_update(of=("self",))
        .select_related("indicateur", "territoire__parent__parent", "saisie_par")
        .in_bulk(ids)
    )
    manquantes = [str(i) for i in ids if i not in lues]
    if manquantes:
        raise SaisieInvalide(f"Valeurs introuvables : {', '.join(manquantes)}.")
    return [lues[i] for i in dict.fromkeys(ids)]


def _changer_statut(user, valeurs, statut, action, motif, canal) -> list[Valeur]:
    changees = []
    for valeur in valeurs:
        if valeur.statut == statut:
            continue
        avant, ancien = _etat(valeur), valeur.statut
        valeur.statut = statut
        valeur.version += 1
        valeur.save(update_fields=["statut", "version", "modifie_le"])
        _tracer(user, canal, action, valeur, avant, ancien, valeur.valeur, motif)
        changees.append(valeur)
    return changees


def _etat(valeur) -> dict:
    return {
        "valeur": valeur.valeur,
        "statut": valeur.statut,
        "source": valeur.source,
        "commentaire": valeur.commentaire,
        "version": valeur.version,
    }


def _tracer(user, canal, action, valeur, avant, ancien_statut, ancienne_valeur, motif) -> None:
    auteur = user if getattr(user, "pk", None) else None
    historique = HistoriqueValeur.objects.create(
        valeur=valeur,
        auteur=auteur,
        canal=canal,
        ancienne_valeur=ancienne_valeur,
        nouvelle_valeur=valeur.valeur,
        ancien_statut=ancien_statut,
        nouveau_statut=valeur.statut,
        motif=motif,
    )
    # Rollups of jalon.agregats, in the same transaction: the value counts at once.
    agregats_maj.appliquer_historiques([historique], [valeur])
    journaliser(
        auteur,
        CANAL_JOURNAL.get(canal, EntreeJournal.Canal.SYSTEME),
        f"valeur_{action}",
        ("saisies.valeur", valeur.pk, _libelle(valeur)),
        avant,
        _etat(valeur),
        motif,
    )


def _libelle(valeur) -> str:
    return f"La valeur {valeur.indicateur.code} {valeur.territoire.code} {valeur.periode}"


def _texte(nombre, indicateur) -> str:
    return format_nombre_fr(nombre, indicateur.unite) if nombre is not None else "(vide)"
