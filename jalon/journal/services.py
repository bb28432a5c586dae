"""`journaliser(...)`: the one function every service calls to record a change."""

import json

from django.core.serializers.json import DjangoJSONEncoder

from jalon.journal.models import EntreeJournal


def _json(data):
    # Decimal, dates and UUIDs become JSON-safe values that round-trip as text.
    return None if data is None else json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def journaliser(
    utilisateur,
    canal: str,
    action: str,
    objet,
    avant: dict | None = None,
    apres: dict | None = None,
    motif: str = "",
) -> EntreeJournal:
    """Append one entry. `objet` is a model instance (or a (type, id, label) tuple)."""
    if isinstance(objet, tuple):
        objet_type, objet_id, libelle = objet
    else:
        objet_type = objet._meta.label_lower
        objet_id, libelle = str(objet.pk or ""), str(objet)[:255]
    connu = utilisateur if getattr(utilisateur, "pk", None) else None
    return EntreeJournal.objects.create(
        utilisateur=connu,
        utilisateur_nom=connu.get_username() if connu else "",
        canal=canal,
        action=action,
        objet_type=objet_type,
        objet_id=str(objet_id),
        objet_libelle=libelle,
        avant=_json(avant),
        apres=_json(apres),
        motif=motif,
    )
