"""Limit/offset pagination with French parameter descriptions; answers `{count, items}`."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

LIMITE_MAX = 500
# Bounded so that offset + limit fits any database's integer: beyond SQLite's 64 bits the
# query failed with a 500 ("datatype mismatch"); no list comes near two billion items.
DECALAGE_MAX = 2**31 - 1


class Pagination(PaginationBase):
    class Input(Schema):
        limit: int = Field(
            100, ge=1, le=LIMITE_MAX, description=f"Nombre d'éléments par page (1 à {LIMITE_MAX})."
        )
        offset: int = Field(
            0, ge=0, le=DECALAGE_MAX, description="Nombre d'éléments à sauter (0 à 2 147 483 647)."
        )

    class Output(Schema):
        count: int = Field(description="Nombre total d'éléments répondant aux filtres.")
        items: list[Any]

    items_attribute = "items"

    def paginate_queryset(
        self, queryset: QuerySet, pagination: Input, request: HttpRequest, **params: Any
    ) -> Any:
        offset, limit = pagination.offset, pagination.limit
        return {
            "count": self._items_count(queryset),
            "items": queryset[offset : offset + limit],
        }
