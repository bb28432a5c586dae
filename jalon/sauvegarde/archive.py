"""The backup archive format (a zip file):

    manifest.json             format, Jalon version, database, applied migrations, and for
                              each model in load order: file, row count, sha256
    donnees/NNN_app.model.jsonl   one JSON object per line, as Django's "python" serializer
                              writes it ({"model", "pk", "fields"}), keys sorted, full
                              precision dates; rows ordered by primary key
    media/<path>              the stored files under MEDIA_ROOT (published bilans…), listed
                              in the manifest under "medias" with size and sha256

Plain zip + JSON lines so that the data stays readable without Jalon.
"""

import datetime
import hashlib
import json
from decimal import Decimal
from uuid import UUID

FORMAT = "jalon-sauvegarde"
VERSION_FORMAT = 1
MANIFESTE = "manifest.json"


class ErreurSauvegarde(Exception):
    """A French message explaining why a backup cannot be written or restored."""


def encoder(valeur):
    """JSON for the values Django's python serializer leaves as objects.

    Not DjangoJSONEncoder: it cuts datetimes to milliseconds, and a restore must be exact.
    """
    if isinstance(valeur, datetime.datetime | datetime.date | datetime.time):
        return valeur.isoformat()
    if isinstance(valeur, Decimal | UUID):
        return str(valeur)
    if isinstance(valeur, datetime.timedelta):
        return str(valeur.total_seconds())
    if isinstance(valeur, bytes | memoryview):
        raise TypeError("champ binaire inattendu")
    raise TypeError(f"type non sérialisable : {type(valeur).__name__}")


def ligne(objet: dict) -> bytes:
    return (json.dumps(objet, default=encoder, ensure_ascii=False, sort_keys=True) + "\n").encode()


def sha256(contenu: bytes) -> str:
    return hashlib.sha256(contenu).hexdigest()
