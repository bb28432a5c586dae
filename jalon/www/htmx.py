"""Helpers for pages that swap a fragment with HTMX and still work as full pages."""

from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def wants_fragment(request) -> bool:
    """True for an HTMX request that expects only the fragment (not a history restore)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def render_page_or_fragment(request, page: str, fragment: str, context: dict):
    template = fragment if wants_fragment(request) else page
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response
