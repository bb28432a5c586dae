"""Background builds of the reports (django-tasks), like the values imports.

The page records a `ConstructionBilan` (waiting) and enqueues `construire_en_tache(id)`; the
worker (`jalon db_worker`) runs it and stores its progress on the row, which the page polls.
"""

from django_tasks import task

from jalon.rapports.models import ConstructionBilan
from jalon.rapports.services import executer_construction


@task()
def construire_en_tache(construction_id: int) -> str:
    construction = ConstructionBilan.objects.select_related("demande_par", "region").get(
        pk=construction_id
    )
    if construction.termine:
        return construction.statut  # already run (a task may be retried)
    return executer_construction(construction).statut
