"""Regional roadmaps and their yearly bilans: signed-in users only (token or session), as on
the site, since both are work in progress and not yet published data. Roadmaps are read-only
here; bilans are written with the same service functions as the pages."""

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from jalon.api.pagination import Pagination
from jalon.api.schemas import Erreur
from jalon.campagnes.models import Campagne
from jalon.comptes.api_auth import token_or_session
from jalon.feuilles_regionales import bilan as bilan_svc
from jalon.feuilles_regionales import queries
from jalon.feuilles_regionales.models import ActionRegionale, BilanRegional
from jalon.journal.models import EntreeJournal
from jalon.territoires import perms
from jalon.territoires.models import Territoire

router = Router(tags=["Feuilles de route régionales"], auth=token_or_session)
Canal = EntreeJournal.Canal


class FeuilleSchema(Schema):
    region: str = Field(description="Code de la région (ex. REG-32).")
    region_nom: str
    plan: str = Field(description="Code du plan régional.")
    nom: str
    periode: str
    version: str
    nb_actions: int


class LienSchema(Schema):
    action_nationale: str = Field(description="Numéro de l'action nationale (version courante).")
    etat: str = Field(description="« propose » ou « confirme ».")


class JalonSchema(Schema):
    libelle: str
    date: date | None
    fait: bool


class ActionRegionaleSchema(Schema):
    numero: str = Field(description="Numéro tel qu'écrit par l'ARS.")
    titre: str
    objectif: str = Field(description="Code de l'objectif (« G » : gouvernance).")
    objectif_libelle: str
    description: str
    statut: str = Field(description="programmee, engagee, realisee, reportee, abandonnee ou vide.")
    meteo: str = Field(description="dans_les_temps, vigilance, en_retard, compromise ou vide.")
    date_debut: date | None
    date_fin: date | None
    pilote: str
    partenaires: str
    territoires: list[str] = Field(description="Codes des territoires ciblés.")
    jalons: list[JalonSchema]
    budget: Decimal | None
    financement: str
    financement_precision: str
    actions_nationales: list[LienSchema]
    plans_lies: list[str]
    initiative_a_valoriser: bool
    initiative_note: str
    source: str


class FiltresActions(Schema):
    statut: str | None = Field(None, description="Statut (ou « aucun » : non renseigné).")
    meteo: str | None = Field(None, description="Météo (ou « aucune » : non renseignée).")
    objectif: str | None = Field(None, description="Code de l'objectif.")
    initiative: bool = Field(False, description="Seulement les initiatives à valoriser.")


def _lecteur(request):
    perms.require(perms.can_read_drafts(request.user))


@router.get(
    "/feuilles-regionales",
    response=list[FeuilleSchema],
    summary="Lister les feuilles de route régionales",
    description="Version courante de la feuille de route de chaque région qui en a une.",
)
@paginate(Pagination)
def lister_feuilles(request: HttpRequest):
    _lecteur(request)
    return [
        {
            "region": v.plan.territoire.code,
            "region_nom": v.plan.territoire.nom,
            "plan": v.plan.code,
            "nom": v.plan.nom,
            "periode": v.plan.periode,
            "version": v.code,
            "nb_actions": v.nb_actions,
        }
        for v in queries.feuilles()
    ]


def _action(action: ActionRegionale, numeros: dict) -> dict:
    return {
        "numero": action.numero,
        "titre": action.titre,
        "objectif": action.objectif.code,
        "objectif_libelle": action.objectif.libelle,
        "description": action.description,
        "statut": action.statut,
        "meteo": action.meteo,
        "date_debut": action.date_debut,
        "date_fin": action.date_fin,
        "pilote": action.pilote,
        "partenaires": action.partenaires,
        "territoires": sorted(t.code for t in action.territoires.all()),
        "jalons": list(action.jalons.all()),
        "budget": action.budget,
        "financement": action.financement,
        "financement_precision": action.financement_precision,
        "actions_nationales": [
            {"action_nationale": numeros.get(lien.action_id, lien.action.cle), "etat": lien.etat}
            for lien in action.liens_nationaux.all()
        ],
        "plans_lies": sorted(p.code for p in action.plans_lies.all()),
        "initiative_a_valoriser": action.initiative_a_valoriser,
        "initiative_note": action.initiative_note,
        "source": action.source,
    }


@router.get(
    "/feuilles-regionales/{region}/actions",
    response=list[ActionRegionaleSchema],
    summary="Actions de la feuille de route d'une région",
    description="Dans l'ordre de la feuille de route, avec leurs liens vers les actions "
    "nationales (proposés ou confirmés), jalons et territoires ciblés.",
)
@paginate(Pagination)
def lister_actions(request: HttpRequest, region: str, filtres: Query[FiltresActions]):
    _lecteur(request)
    territoire = Territoire.objects.regions().filter(code=region.upper()).first()
    if territoire is None:
        raise Http404(f"« {region} » n'est pas une région (attendu : REG-32…).")
    version = queries.version_courante(territoire)
    if version is None:
        raise Http404(f"{territoire.nom} n'a pas encore de feuille de route dans Jalon.")
    numeros = queries.numeros_nationaux_courants()
    actions = queries.actions(
        version,
        statut=filtres.statut or "",
        meteo=filtres.meteo or "",
        objectif=filtres.objectif or "",
        initiative=filtres.initiative,
    )
    return [_action(action, numeros) for action in actions]


# --- Regional bilans of a campaign year ------------------------------------------------------
# Reads: every signed-in account, as on the site. Writes: a token (or the session, with its
# CSRF check), through the same `feuilles_regionales.bilan` functions as the pages: the same
# rights, locks (423 with the reason), version checks (409) and history.


class BilanResumeSchema(Schema):
    region: str = Field(description="Code de la région (ex. REG-32).")
    region_nom: str
    annee: int = Field(description="Année de la campagne.")
    existe: bool = Field(description="Faux tant que rien n'a été saisi pour l'année.")
    statut: str = Field(description="brouillon, soumis, valide ou renvoye.")
    soumis_le: datetime | None
    valide_le: datetime | None
    nb_actions: int | None = Field(description="Actions de la feuille de route (null : aucune).")
    nb_suivis: int = Field(description="Actions ayant un suivi enregistré pour l'année.")


class BilanSchema(BilanResumeSchema):
    echeance: date = Field(description="Échéance du bilan régional de la campagne.")
    version: int = Field(description="Version de la synthèse, à renvoyer en `version_lue`.")
    actions_prioritaires: str = Field(description="HTML nettoyé.")
    principales_avancees: str = Field(description="HTML nettoyé.")
    limites_difficultes: str = Field(description="HTML nettoyé.")
    renvoye_le: datetime | None
    commentaire_renvoi: str
    verrou: str = Field(
        description="Pourquoi le compte appelant ne peut pas modifier le bilan maintenant "
        "(vide s'il le peut ou s'il n'en a pas le droit : voir `modifiable`)."
    )
    modifiable: bool = Field(description="Le compte appelant peut modifier le bilan maintenant.")


class SuiviSchema(Schema):
    numero: str
    titre: str
    objectif: str = Field(description="Code de l'objectif (« G » : gouvernance).")
    suivi: bool = Field(description="Faux tant que rien n'a été enregistré pour l'année.")
    statut: str = Field(description="Statut de l'année (programmee, engagee… ou vide).")
    meteo: str = Field(description="Météo de l'année (dans_les_temps, vigilance… ou vide).")
    avancement: str = Field(description="Note d'avancement de l'année (texte).")
    jalons_atteints: list[str] = Field(description="Libellés des jalons atteints en fin d'année.")
    jalons: list[str] = Field(description="Libellés de tous les jalons de l'action.")
    version: int = Field(description="À renvoyer en `version_lue` (0 : pas encore de suivi).")
    modifie_le: datetime | None


class SuiviEcriture(Schema):
    statut: str = Field(
        "", description="programmee, engagee, realisee, reportee, abandonnee ou vide."
    )
    meteo: str = Field("", description="dans_les_temps, vigilance, en_retard, compromise ou vide.")
    avancement: str = ""
    jalons_atteints: list[str] | None = Field(
        None, description="Libellés des jalons atteints ; absent : inchangés."
    )
    version_lue: int = Field(description="Version lue (0 si pas encore de suivi) ; écart : 409.")
    motif: str = Field("", description="Pourquoi (gardé dans l'historique).")


class SyntheseEcriture(Schema):
    actions_prioritaires: str = ""
    principales_avancees: str = ""
    limites_difficultes: str = ""
    version_lue: int = Field(description="Version lue de la synthèse ; écart : 409.")
    motif: str = Field("", description="Pourquoi (gardé dans l'historique).")


class RenvoiEcriture(Schema):
    commentaire: str = Field(description="Ce que l'ARS doit corriger (obligatoire).")


REPONSES_ECRITURE = {403: Erreur, 404: Erreur, 409: Erreur, 422: Erreur, 423: Erreur}


def _campagne_bilan(annee: int):
    campagne = Campagne.objects.filter(annee=annee).first()
    if campagne is None:
        raise Http404(f"Aucune campagne {annee}.")
    return campagne


def _region_bilan(code: str) -> Territoire:
    territoire = Territoire.objects.regions().filter(code=code.upper()).first()
    if territoire is None:
        raise Http404(f"« {code} » n'est pas une région (attendu : REG-32…).")
    return territoire


def _nb_suivis(bilan) -> int:
    if bilan is None:
        return 0
    compte = getattr(bilan, "nb_suivis", None)  # annotated on the lists
    return bilan.suivis.count() if compte is None else compte


def _resume(region, annee, bilan, nb_actions) -> dict:
    return {
        "region": region.code,
        "region_nom": region.nom,
        "annee": annee,
        "existe": bilan is not None,
        "statut": bilan.statut if bilan else BilanRegional.Statut.BROUILLON,
        "soumis_le": bilan.soumis_le if bilan else None,
        "valide_le": bilan.valide_le if bilan else None,
        "nb_actions": nb_actions,
        "nb_suivis": _nb_suivis(bilan),
    }


@router.get(
    "/bilans-regionaux/{annee}",
    response={200: list[BilanResumeSchema], 404: Erreur},
    summary="État des bilans régionaux d'une campagne",
    description="Une ligne par région (18), dans l'ordre du COG, même sans bilan commencé.",
)
def lister_bilans(request: HttpRequest, annee: int):
    _lecteur(request)
    campagne = _campagne_bilan(annee)
    bilans = {
        b.region_id: b
        for b in BilanRegional.objects.filter(campagne=campagne).annotate(
            nb_suivis=Count("suivis", distinct=True)
        )
    }
    actions = {v.plan.territoire_id: v.nb_actions for v in queries.feuilles()}
    return [
        _resume(region, annee, bilans.get(region.pk), actions.get(region.pk))
        for region in Territoire.objects.regions().order_by("ordre", "code")
    ]


def _bilan_complet(user, region, campagne) -> dict:
    bilan = bilan_svc.bilan_de(region, campagne)
    version = queries.version_courante(region)
    nb_actions = version.actions_regionales.count() if version else None
    peut = perms.can_edit_regional_bilan(user, region)
    verrou = bilan_svc.motif_verrou(user, region, campagne, bilan) if peut else ""
    return _resume(region, campagne.annee, bilan, nb_actions) | {
        "echeance": campagne.echeance_bilan_regional,
        "version": bilan.version if bilan else 0,
        "actions_prioritaires": bilan.actions_prioritaires if bilan else "",
        "principales_avancees": bilan.principales_avancees if bilan else "",
        "limites_difficultes": bilan.limites_difficultes if bilan else "",
        "renvoye_le": bilan.renvoye_le if bilan else None,
        "commentaire_renvoi": bilan.commentaire_renvoi if bilan else "",
        "verrou": verrou,
        "modifiable": peut and not verrou,
    }


@router.get(
    "/bilans-regionaux/{annee}/{region}",
    response={200: BilanSchema, 404: Erreur},
    summary="Bilan régional d'une région pour une campagne",
    description="Statut, dates, synthèse (trois parties) et version à renvoyer pour la modifier.",
)
def lire_bilan(request: HttpRequest, annee: int, region: str):
    _lecteur(request)
    return _bilan_complet(request.user, _region_bilan(region), _campagne_bilan(annee))


def _suivi(action, suivi) -> dict:
    return {
        "numero": action.numero,
        "titre": action.titre,
        "objectif": action.objectif.code,
        "suivi": suivi is not None,
        "statut": suivi.statut if suivi else "",
        "meteo": suivi.meteo if suivi else "",
        "avancement": suivi.avancement if suivi else "",
        "jalons_atteints": [j.libelle for j in suivi.jalons_atteints.all()] if suivi else [],
        "jalons": [j.libelle for j in action.jalons.all()],
        "version": suivi.version if suivi else 0,
        "modifie_le": suivi.modifie_le if suivi else None,
    }


@router.get(
    "/bilans-regionaux/{annee}/{region}/actions",
    response={200: list[SuiviSchema], 404: Erreur},
    summary="Suivi de l'année des actions d'une région",
    description="Dans l'ordre de la feuille de route ; une action sans suivi pour l'année "
    "a `suivi` faux et `version` 0.",
)
@paginate(Pagination)
def lister_suivis(request: HttpRequest, annee: int, region: str):
    _lecteur(request)
    territoire, campagne = _region_bilan(region), _campagne_bilan(annee)
    suivis = bilan_svc.suivis_par_action(bilan_svc.bilan_de(territoire, campagne))
    return [_suivi(a, suivis.get(a.pk)) for a in bilan_svc.actions_du_bilan(territoire)]


def _ecrire(appel):
    """Run a bilan verb, turning its French refusals into HTTP answers."""
    try:
        return appel()
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or "Accès refusé.") from exc
    except bilan_svc.ConflitBilan as exc:
        raise HttpError(409, str(exc)) from exc
    except bilan_svc.BilanVerrouille as exc:
        raise HttpError(423, str(exc)) from exc
    except ValidationError as exc:
        raise HttpError(422, " ".join(exc.messages)) from exc


@router.put(
    "/bilans-regionaux/{annee}/{region}/actions/{numero}",
    auth=token_or_session,
    response={200: SuiviSchema, **REPONSES_ECRITURE},
    summary="Enregistrer le suivi de l'année d'une action",
    description="Mêmes droits et règles que la page : référent ARS de la région ou "
    "administration nationale ; 423 si le bilan est soumis, validé ou son échéance passée "
    "(sauf renvoi ou réouverture), 409 si le suivi a changé depuis sa lecture.",
)
def ecrire_suivi(request: HttpRequest, annee: int, region: str, numero: str, corps: SuiviEcriture):
    territoire = _region_bilan(region)
    _campagne_bilan(annee)
    try:
        action = queries.get_action(territoire, numero)
    except ActionRegionale.DoesNotExist as exc:
        raise Http404(f"L'action n°{numero} n'existe pas dans la feuille de route.") from exc
    jalons = None
    if corps.jalons_atteints is not None:
        par_libelle = {j.libelle: j for j in action.jalons.all()}
        inconnus = [x for x in corps.jalons_atteints if x not in par_libelle]
        if inconnus:
            raise HttpError(422, f"Jalon inconnu pour l'action n°{action.numero} : {inconnus[0]}.")
        jalons = [par_libelle[x] for x in corps.jalons_atteints]
    suivi = _ecrire(
        lambda: bilan_svc.update_action_followup(
            request.auth,
            action,
            annee,
            statut=corps.statut,
            meteo=corps.meteo,
            avancement=corps.avancement,
            jalons_atteints=jalons,
            version_lue=corps.version_lue,
            canal=Canal.API,
            motif=corps.motif,
        )
    )
    return _suivi(action, suivi)


@router.put(
    "/bilans-regionaux/{annee}/{region}/synthese",
    auth=token_or_session,
    response={200: BilanSchema, **REPONSES_ECRITURE},
    summary="Enregistrer la synthèse du bilan régional",
    description="Trois parties en HTML limité (ou texte), nettoyées comme les textes du bilan "
    "national.",
)
def ecrire_synthese(request: HttpRequest, annee: int, region: str, corps: SyntheseEcriture):
    territoire, campagne = _region_bilan(region), _campagne_bilan(annee)
    _ecrire(
        lambda: bilan_svc.save_synthesis(
            request.auth,
            territoire,
            annee,
            actions_prioritaires=corps.actions_prioritaires,
            principales_avancees=corps.principales_avancees,
            limites_difficultes=corps.limites_difficultes,
            version_lue=corps.version_lue,
            canal=Canal.API,
            motif=corps.motif,
        )
    )
    return _bilan_complet(request.auth, territoire, campagne)


@router.post(
    "/bilans-regionaux/{annee}/{region}/soumettre",
    auth=token_or_session,
    response={200: BilanSchema, **REPONSES_ECRITURE},
    summary="Soumettre le bilan régional",
    description="422 tant qu'une partie de la synthèse est vide.",
)
def soumettre_bilan(request: HttpRequest, annee: int, region: str):
    territoire, campagne = _region_bilan(region), _campagne_bilan(annee)
    _ecrire(
        lambda: bilan_svc.submit_regional_bilan(request.auth, territoire, annee, canal=Canal.API)
    )
    return _bilan_complet(request.auth, territoire, campagne)


@router.post(
    "/bilans-regionaux/{annee}/{region}/valider",
    auth=token_or_session,
    response={200: BilanSchema, **REPONSES_ECRITURE},
    summary="Valider un bilan régional soumis (administration nationale)",
)
def valider_bilan(request: HttpRequest, annee: int, region: str):
    territoire, campagne = _region_bilan(region), _campagne_bilan(annee)
    _ecrire(
        lambda: bilan_svc.validate_regional_bilan(request.auth, territoire, annee, canal=Canal.API)
    )
    return _bilan_complet(request.auth, territoire, campagne)


@router.post(
    "/bilans-regionaux/{annee}/{region}/renvoyer",
    auth=token_or_session,
    response={200: BilanSchema, **REPONSES_ECRITURE},
    summary="Renvoyer un bilan régional à l'ARS avec un commentaire (administration nationale)",
)
def renvoyer_bilan(request: HttpRequest, annee: int, region: str, corps: RenvoiEcriture):
    territoire, campagne = _region_bilan(region), _campagne_bilan(annee)
    _ecrire(
        lambda: bilan_svc.return_regional_bilan(
            request.auth, territoire, annee, corps.commentaire, canal=Canal.API
        )
    )
    return _bilan_complet(request.auth, territoire, campagne)
