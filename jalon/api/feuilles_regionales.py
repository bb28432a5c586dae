"""Regional roadmaps, read-only: signed-in users only (token or session), as on the site,
since regional roadmaps are work in progress and not yet published data."""

from datetime import date
from decimal import Decimal

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from jalon.api.pagination import Pagination
from jalon.comptes.api_auth import token_or_session
from jalon.feuilles_regionales import queries
from jalon.feuilles_regionales.models import ActionRegionale
from jalon.territoires import perms
from jalon.territoires.models import Territoire

router = Router(tags=["Feuilles de route régionales"], auth=token_or_session)


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
