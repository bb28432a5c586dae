"""Conditional reads of the API: one mechanism for every GET under /api/v1/.

Each 200 answer gets a strong ``ETag`` (SHA-256 of the body: equal bodies, equal tags, so it
can never serve a stale answer) and a ``Last-Modified`` (the latest change of a value or of any
journaled object: values, referential imports, roadmaps, accounts). A request whose
``If-None-Match`` matches, or — without ``If-None-Match`` — whose ``If-Modified-Since`` is not
older, gets ``304 Not Modified`` without the body (Django's `get_conditional_response`,
RFC 9110 order). Answers vary with ``Authorization`` and ``Cookie``, since a signed-in caller
also sees drafts.
"""

import datetime
import hashlib

from django.db import connection
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date

PREFIXE = "/api/v1/"


def derniere_modification():
    """The latest value change or journal entry, in one query (UNION of two MAX)."""
    from jalon.journal.models import EntreeJournal
    from jalon.saisies.models import Valeur

    sql = (
        f"SELECT MAX(modifie_le) FROM {Valeur._meta.db_table} "
        f"UNION ALL SELECT MAX(horodatage) FROM {EntreeJournal._meta.db_table}"
    )
    with connection.cursor() as curseur:
        curseur.execute(sql)
        brutes = [ligne[0] for ligne in curseur.fetchall() if ligne[0]]
    dates = []
    for brute in brutes:  # SQLite gives text, PostgreSQL a datetime
        date = parse_datetime(brute) if isinstance(brute, str) else brute
        if date is not None and timezone.is_naive(date):
            date = timezone.make_aware(date, datetime.UTC)
        if date is not None:
            dates.append(date)
    return max(dates) if dates else None


class LectureConditionnelleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method not in ("GET", "HEAD")
            or not request.path.startswith(PREFIXE)
            or response.status_code != 200
            or response.streaming
        ):
            return response
        etag = '"' + hashlib.sha256(response.content).hexdigest()[:40] + '"'
        response["ETag"] = etag
        derniere = derniere_modification()
        horodatage = int(derniere.timestamp()) if derniere else None
        if horodatage is not None:
            response["Last-Modified"] = http_date(horodatage)
        response.setdefault("Cache-Control", "private, no-cache")
        patch_vary_headers(response, ("Authorization", "Cookie"))
        return get_conditional_response(
            request, etag=etag, last_modified=horodatage, response=response
        )
