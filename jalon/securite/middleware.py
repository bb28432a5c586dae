"""Refuse oversized requests before Django reads their body.

Django bounds the non-file part of a request (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams files
of any size to disk before a form can refuse them; announcing more than the import limit
plus room for the other fields is refused at once with HTTP 413.
"""

from django.conf import settings
from django.shortcuts import render

MARGE_OCTETS = 1024 * 1024


class LimiteTailleRequeteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limite = settings.JALON_IMPORT_MAX_BYTES + MARGE_OCTETS
        try:
            taille = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            taille = 0
        if taille > limite:
            return render(
                request,
                "413.html",
                {"title": "Fichier trop volumineux", "limite_mo": limite // (1024 * 1024)},
                status=413,
            )
        return self.get_response(request)
