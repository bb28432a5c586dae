"""Which tables a backup holds, in which order, and how each row is written.

Every concrete model is saved except three kinds of rows that `jalon migrate` recreates or
that must not outlive the server they were made on:
- content types and permissions: created by `migrate` on the target, possibly with other
  primary keys; the rows that point to them (admin log, groups, user permissions) are written
  with natural keys instead, so they point to the target's own rows;
- sessions: restoring them would restore people's logins on another server.

Many-to-many fields with an automatic through table travel inside their owner's rows
(Django's serializer); explicit through models are models of their own.
"""

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

EXCLUS = {"contenttypes.contenttype", "auth.permission", "sessions.session"}


def modeles_sauvegardes() -> list:
    """Saved models in dependency order: a model comes after those it points to."""
    modeles = [
        m
        for m in apps.get_models()
        if m._meta.managed and not m._meta.proxy and m._meta.label_lower not in EXCLUS
    ]
    return _ordre_dependances(modeles)


def _cibles(modele) -> set:
    champs = [*modele._meta.fields, *modele._meta.many_to_many]
    return {
        champ.remote_field.model._meta.concrete_model
        for champ in champs
        if champ.remote_field is not None and champ.remote_field.model is not modele
    }


def _ordre_dependances(modeles: list) -> list:
    """Topological order (Kahn), stable by label; a cycle is broken in label order.

    The order makes the archive readable and loadable by other tools; Jalon's own restore
    does not depend on it because foreign keys are checked at commit on both databases.
    """
    restants = sorted(modeles, key=lambda m: m._meta.label_lower)
    connus = set(restants)
    ordre: list = []
    places: set = set()
    while restants:
        prets = [m for m in restants if (_cibles(m) & connus) <= places]
        suivant = prets[0] if prets else restants[0]
        ordre.append(suivant)
        places.add(suivant)
        restants.remove(suivant)
    return ordre


def avec_cles_naturelles(modele) -> bool:
    """Rows pointing to content types or permissions name them by natural key."""
    return bool(_cibles(modele) & {ContentType, Permission})
