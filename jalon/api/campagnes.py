"""Campaigns: calendar, expected cells with their state, completeness, regional submission.

Token or session only (work in progress is not public); every endpoint checks the same rules
as the pages (`jalon.territoires.perms`) and submission runs the values service behind the
campaign's deadline lock.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from jalon.api.pagination import Pagination
from jalon.api.schemas import Erreur
from jalon.campagnes import attendus, suivi, verrous
from jalon.campagnes.models import Campagne
from jalon.comptes.api_auth import token_or_session
from jalon.referentiel.models import Organisation
from jalon.saisies import services as saisies
from jalon.saisies.models import Valeur
from jalon.territoires import perms
from jalon.territoires.models import Territoire

router = Router(tags=["Campagnes"], auth=token_or_session)


class CampagneSchema(Schema):
    annee: int
    statut: str
    echeance_valeurs_regionales: str
    echeance_valeurs_nationales: str
    echeance_bilan_regional: str
    echeance_bilan_national: str

    @staticmethod
    def resolve_echeance_valeurs_regionales(obj):
        return obj.echeance_valeurs_regionales.isoformat()

    @staticmethod
    def resolve_echeance_valeurs_nationales(obj):
        return obj.echeance_valeurs_nationales.isoformat()

    @staticmethod
    def resolve_echeance_bilan_regional(obj):
        return obj.echeance_bilan_regional.isoformat()

    @staticmethod
    def resolve_echeance_bilan_national(obj):
        return obj.echeance_bilan_national.isoformat()


class CelluleSchema(Schema):
    indicateur: str
    territoire: str
    periode: str
    etat: str = Field(description="vide, brouillon, soumise, validee ou renvoyee.")
    valeur: str | None
    version: int = Field(description="À renvoyer en `version_lue` à POST /valeurs.")
    echeance: str

    @staticmethod
    def resolve_indicateur(obj):
        return obj.indicateur.code

    @staticmethod
    def resolve_territoire(obj):
        return obj.territoire.code

    @staticmethod
    def resolve_valeur(obj):
        if obj.valeur is None or obj.valeur.valeur is None:
            return None
        return format(obj.valeur.valeur.normalize(), "f")

    @staticmethod
    def resolve_version(obj):
        return obj.valeur.version if obj.valeur else 0

    @staticmethod
    def resolve_echeance(obj):
        return obj.echeance.isoformat()


class LigneCompletude(Schema):
    code: str
    attendues: int
    recues: int
    a_l_heure: int
    taux_recues: int
    taux_a_l_heure: int


class CompletudeSchema(Schema):
    regions: list[LigneCompletude]
    fournisseurs: list[LigneCompletude]


class SoumissionSchema(Schema):
    soumises: int


def _campagne(annee) -> Campagne:
    return get_object_or_404(Campagne, annee=annee)


def _exiger(allowed: bool):
    if not allowed:
        raise HttpError(403, "Vous n'avez pas accès à ce périmètre de la campagne.")


def _region(request, code) -> Territoire:
    region = get_object_or_404(Territoire.objects.regions(), code=code)
    _exiger(perms.can_follow_region(request.user, region))
    return region


@router.get("/campagnes", response=list[CampagneSchema], summary="Lister les campagnes")
def lister_campagnes(request: HttpRequest):
    _exiger(perms.role_of(request.user) is not None)
    return Campagne.objects.all()


@router.get(
    "/campagnes/{annee}/regions/{code}/attendus",
    response={200: list[CelluleSchema], 403: Erreur, 404: Erreur},
    summary="Valeurs attendues d'une région",
    description="Les cellules (indicateur × territoire × période) que l'ARS renseigne, avec "
    "leur état. Réservé à l'ARS de la région et à l'administration nationale.",
)
def attendus_region(request: HttpRequest, annee: int, code: str):
    campagne = _campagne(annee)
    return attendus.cellules_region(campagne, _region(request, code))


@router.get(
    "/campagnes/{annee}/fournisseurs/{code}/attendus",
    response={200: list[CelluleSchema], 403: Erreur, 404: Erreur},
    summary="Valeurs attendues d'un fournisseur national",
)
@paginate(Pagination)
def attendus_fournisseur(request: HttpRequest, annee: int, code: str):
    campagne = _campagne(annee)
    organisation = get_object_or_404(Organisation, code=code)
    _exiger(perms.can_follow_provider(request.user, organisation))
    return attendus.cellules_fournisseur(campagne, organisation)


@router.get(
    "/campagnes/{annee}/completude",
    response={200: CompletudeSchema, 403: Erreur, 404: Erreur},
    summary="Complétude nationale par région et par fournisseur",
)
def completude(request: HttpRequest, annee: int):
    user = request.user
    _exiger(perms.is_admin(user) or perms.role_of(user) == perms.Role.PILOTE_NATIONAL)
    donnees = suivi.completude(_campagne(annee))

    def lignes(paires):
        return [
            {
                "code": objet.code,
                "attendues": b.attendues,
                "recues": b.recues,
                "a_l_heure": b.a_l_heure,
                "taux_recues": b.taux_recues,
                "taux_a_l_heure": b.taux_a_l_heure,
            }
            for objet, b in paires
        ]

    return {
        "regions": lignes(donnees["par_region"]),
        "fournisseurs": lignes(donnees["par_fournisseur"]),
    }


@router.post(
    "/campagnes/{annee}/regions/{code}/soumettre",
    response={200: SoumissionSchema, 403: Erreur, 404: Erreur, 409: Erreur, 422: Erreur},
    summary="Soumettre les valeurs d'une région",
    description="Soumet toutes les valeurs en brouillon ou renvoyées de la région ; tout ou "
    "rien. 422 si des valeurs atypiques n'ont pas de commentaire, 409 après l'échéance.",
)
def soumettre(request: HttpRequest, annee: int, code: str):
    campagne = _campagne(annee)
    region = _region(request, code)
    cellules = [
        c
        for c in attendus.cellules_region(campagne, region)
        if c.etat in {Valeur.Statut.BROUILLON, Valeur.Statut.RENVOYEE}
    ]
    for cellule in cellules:
        motif = verrous.motif_verrou(request.user, campagne, cellule.indicateur, cellule.territoire)
        if motif:
            raise HttpError(409, motif)
    if not cellules:
        return {"soumises": 0}
    try:
        saisies.soumettre_valeurs(
            request.user, [c.valeur for c in cellules], canal=Valeur.Canal.API
        )
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or "Accès refusé.") from exc
    except saisies.SaisieInvalide as exc:
        raise HttpError(422, str(exc)) from exc
    return {"soumises": len(cellules)}
