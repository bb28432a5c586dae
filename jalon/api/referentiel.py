"""Public read endpoints of the national referential: actions and indicators."""

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from jalon.api.pagination import Pagination
from jalon.api.schemas import (
    ActionDetailSchema,
    ActionSchema,
    Erreur,
    IndicateurDetailSchema,
    IndicateurSchema,
)
from jalon.referentiel import queries
from jalon.referentiel.models import ActionVersion, Indicateur, PlanVersion

router = Router(tags=["Référentiel"])


class FiltresActions(Schema):
    version: str | None = Field(
        None, description="Code de la version (ex. 2023) ; par défaut la version courante."
    )
    axe: int | None = Field(None, description="Numéro de l'axe.")
    pilote: str | None = Field(None, description="Sigle d'une direction pilote (ex. DGOS).")


class FiltresIndicateursSchema(Schema):
    axe: int | None = Field(None, description="Numéro d'axe de la version courante.")
    type: Indicateur.Type | None = Field(None, description="moyens ou resultat.")
    maille: Indicateur.Maille | None = Field(None, description="Maille de la donnée.")
    fournisseur: str | None = Field(None, description="Sigle du fournisseur (ex. DREES).")
    saisie_ars: bool | None = Field(None, description="Renseigné par les ARS (true/false).")
    frequence: Indicateur.Frequence | None = Field(None, description="Fréquence de mise à jour.")
    q: str | None = Field(None, description="Recherche dans le code et le libellé.")
    retires: bool = Field(False, description="Inclure les indicateurs retirés.")


def _version(code: str | None) -> PlanVersion:
    try:
        return queries.get_version(code)
    except PlanVersion.DoesNotExist as exc:
        if code:
            raise Http404(f"La version « {code} » de la feuille de route n'existe pas.") from exc
        raise Http404("Aucune version courante de la feuille de route n'est chargée.") from exc


@router.get(
    "/actions",
    response={200: list[ActionSchema], 404: Erreur},
    summary="Lister les actions",
    description="Actions d'une version de la feuille de route nationale, dans l'ordre de la "
    "feuille de route (17, 17 bis, 17 ter…), avec leurs pilotes et le nombre d'indicateurs. "
    "Sans `version`, la version courante ; tant qu'aucune feuille de route n'est chargée, la "
    "liste est vide (200, `count` 0). Une `version` inconnue répond 404.",
)
@paginate(Pagination)
def lister_actions(request: HttpRequest, filtres: Query[FiltresActions]):
    if (
        not filtres.version
        and not queries.versions_feuille_de_route().filter(est_courante=True).exists()
    ):
        # An empty catalogue is an empty list, as for the indicators, not a missing page.
        return ActionVersion.objects.none()
    version = _version(filtres.version)
    return queries.actions(version=version, axe=filtres.axe, pilote=filtres.pilote)


@router.get(
    "/actions/{version}/{numero}",
    response={200: ActionDetailSchema, 404: Erreur},
    summary="Détail d'une action",
    description="Une action telle que la décrit une version : pilotes, indicateurs, numéro "
    "dans chaque version et dans les autres numérotations, stratégies rattachées. Le numéro "
    "s'écrit « 17-bis » ou « 17 bis ».",
)
def detail_action(request: HttpRequest, version: str, numero: str):
    try:
        return queries.get_action(version, numero)
    except ActionVersion.DoesNotExist as exc:
        raise Http404(f"L'action « {numero} » n'existe pas dans la version « {version} ».") from exc


@router.get(
    "/indicateurs",
    response=list[IndicateurSchema],
    summary="Lister les indicateurs",
    description="Catalogue des indicateurs, filtrable comme sur le site ; trié par code.",
)
@paginate(Pagination)
def lister_indicateurs(request: HttpRequest, filtres: Query[FiltresIndicateursSchema]):
    return queries.indicateurs(
        queries.FiltresIndicateurs(
            axe=filtres.axe,
            type=filtres.type or "",
            maille=filtres.maille or "",
            fournisseur=filtres.fournisseur or "",
            saisie_ars=filtres.saisie_ars,
            frequence=filtres.frequence or "",
            q=filtres.q or "",
            retires=filtres.retires,
        )
    )


@router.get(
    "/indicateurs/{code}",
    response={200: IndicateurDetailSchema, 404: Erreur},
    summary="Détail d'un indicateur",
    description="Un indicateur avec sa méthodologie et les actions qu'il décrit dans chaque "
    "version de la feuille de route.",
)
def detail_indicateur(request: HttpRequest, code: str):
    try:
        return queries.get_indicateur(code)
    except Indicateur.DoesNotExist as exc:
        raise Http404(f"L'indicateur « {code} » n'existe pas.") from exc
