"""Limit/offset pagination with French parameter descriptions; answers `{count, items}`."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

LIMITE_MAX = 500


class Pagination(PaginationBase):
    class Input(Schema):
        limit: int = Field(
            100, ge=1, le=LIMITE_MAX, description=f"Nombre d'éléments par page (1 à {LIMITE_MAX})."
        )
        offset: int = Field(0, ge=0, description="Nombre d'éléments à sauter.")

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
