"""Public read endpoints on territories (regions, departments, PTSM) and populations."""

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from jalon.api.pagination import Pagination
from jalon.api.schemas import Erreur, TerritoireDetailSchema, TerritoireSchema
from jalon.territoires import queries
from jalon.territoires.models import Territoire

router = Router(tags=["Territoires"])


class FiltresTerritoires(Schema):
    niveau: Territoire.Niveau | None = Field(None, description="pays, region, departement ou ptsm.")
    parent: str | None = Field(None, description="Code du territoire parent (ex. REG-32).")


@router.get(
    "/territoires",
    response=list[TerritoireSchema],
    summary="Lister les territoires",
    description="Territoires du code officiel géographique et des PTSM, avec leur population "
    "la plus récente.",
)
@paginate(Pagination)
def lister_territoires(request: HttpRequest, filtres: Query[FiltresTerritoires]):
    return queries.territoires(niveau=filtres.niveau or "", parent=filtres.parent or "")


@router.get(
    "/territoires/{code}",
    response={200: TerritoireDetailSchema, 404: Erreur},
    summary="Détail d'un territoire",
    description="Un territoire avec ses populations (année, source) et ses subdivisions.",
)
def detail_territoire(request: HttpRequest, code: str):
    try:
        return queries.get_territoire(code)
    except Territoire.DoesNotExist as exc:
        raise Http404(f"Le territoire « {code} » n'existe pas.") from exc
