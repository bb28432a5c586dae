"""Limit/offset pagination with French parameter descriptions.

`Pagination` answers ``{count, items}`` with an exact count (lists of the referential, of
roadmaps, of campaigns: thousands of rows at most). `PaginationBornee` is for lists that reach
millions of rows (indicator values: 2.77 M at national scale, where an exact ``COUNT`` took
0.7 s per page while the page itself took 5 ms). It answers ``{count, next, previous, items}``:

- ``next``/``previous`` are the links to the neighbouring pages (same filters), null at the
  ends; ``next`` is known by reading one item more than the page;
- ``count`` is exact when it costs no more than a page: on the last page (offset + items) and
  whenever at most ``BORNE_COMPTE`` items match (counted with a ``LIMIT``); beyond that it is
  null, and a client walks ``next`` to the end.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.http import urlencode
from ninja import Field, Schema
from ninja.pagination import PaginationBase

LIMITE_MAX = 500
# Bounded so that offset + limit fits any database's integer: beyond SQLite's 64 bits the
# query failed with a 500 ("datatype mismatch"); no list comes near two billion items.
DECALAGE_MAX = 2**31 - 1
BORNE_COMPTE = 10_000


class Entree(Schema):
    limit: int = Field(
        100, ge=1, le=LIMITE_MAX, description=f"Nombre d'éléments par page (1 à {LIMITE_MAX})."
    )
    offset: int = Field(
        0, ge=0, le=DECALAGE_MAX, description="Nombre d'éléments à sauter (0 à 2 147 483 647)."
    )


class Pagination(PaginationBase):
    Input = Entree

    class Output(Schema):
        count: int = Field(description="Nombre total d'éléments répondant aux filtres.")
        items: list[Any]

    items_attribute = "items"

    def paginate_queryset(
        self, queryset: QuerySet, pagination: Entree, request: HttpRequest, **params: Any
    ) -> Any:
        offset, limit = pagination.offset, pagination.limit
        return {
            "count": self._items_count(queryset),
            "items": queryset[offset : offset + limit],
        }


def _lien(request: HttpRequest, offset: int, limit: int) -> str:
    parametres = [(k, v) for k, v in request.GET.lists() if k not in ("offset", "limit")]
    parametres = [(k, v) for k, valeurs in parametres for v in valeurs]
    parametres += [("limit", limit), ("offset", offset)]
    return request.build_absolute_uri(f"{request.path}?{urlencode(parametres)}")


class PaginationBornee(PaginationBase):
    Input = Entree

    class Output(Schema):
        count: int | None = Field(
            description="Nombre total d'éléments répondant aux filtres ; null au-delà de "
            f"{BORNE_COMPTE:,} éléments (hors dernière page) : suivre `next` jusqu'au "
            "bout.".replace(",", "\u202f")
        )
        next: str | None = Field(description="Adresse de la page suivante ; null à la fin.")
        previous: str | None = Field(
            description="Adresse de la page précédente ; null sur la première."
        )
        items: list[Any]

    items_attribute = "items"

    def paginate_queryset(
        self, queryset: QuerySet, pagination: Entree, request: HttpRequest, **params: Any
    ) -> Any:
        offset, limit = pagination.offset, pagination.limit
        page = list(queryset[offset : offset + limit + 1])
        suite, items = len(page) > limit, page[:limit]
        if not suite and (items or offset == 0):
            count = offset + len(items)  # the last page: the count costs nothing
        else:
            # At most BORNE_COMPTE + 1 rows read, whatever the size of the table.
            bornee = queryset.order_by().values("pk")[: BORNE_COMPTE + 1].count()
            count = bornee if bornee <= BORNE_COMPTE else None
        return {
            "count": count,
            "next": _lien(request, offset + limit, limit) if suite else None,
            "previous": _lien(request, max(0, offset - limit), limit) if offset else None,
            "items": items,
        }
