"""Background tasks of the imports (django-tasks): a values file uploaded from the web.

The page stores the file and an `ExecutionImport` (waiting), then enqueues
`importer_valeurs_en_tache(execution_id)`; the worker (`jalon db_worker`) runs it. The task
re-checks the acting user's rights: a queued task is an entry point like any other.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django_tasks import task

from jalon.imports import progression
from jalon.imports.models import ExecutionImport
from jalon.imports.valeurs import importer_valeurs

logger = logging.getLogger(__name__)


@task()
def importer_valeurs_en_tache(execution_id: int) -> str:
    execution = ExecutionImport.objects.select_related("utilisateur").get(pk=execution_id)
    if execution.termine:
        return execution.statut  # already run (a task may be retried)
    chemin = Path(settings.MEDIA_ROOT) / execution.fichier
    try:
        importer_valeurs(
            execution.utilisateur,
            chemin,
            execution.nom_fichier,
            dry_run=execution.dry_run,
            execution=execution,
            suivi=progression.Suivi(execution_id=execution.pk),
        )
    except PermissionDenied as exc:
        _echouer(execution, ExecutionImport.Statut.REFUSE, str(exc))
    except Exception:
        logger.exception("Import de valeurs %s en échec", execution_id)
        _echouer(
            execution,
            ExecutionImport.Statut.ECHEC,
            "Erreur inattendue pendant l'import : rien n'a été appliqué. L'équipe technique "
            "dispose du détail dans les journaux du serveur.",
        )
    finally:
        chemin.unlink(missing_ok=True)
        progression.effacer(execution.pk)
        ExecutionImport.objects.filter(pk=execution.pk).update(fichier="")
    return execution.statut


def _echouer(execution, statut, message) -> None:
    execution.statut = statut
    execution.erreurs = [
        {
            "code": "fichier",
            "colonne": "",
            "titre": "Import interrompu",
            "bloquant": True,
            "nombre": 1,
            "lignes": "",
            "exemples": [message],
        }
    ]
    execution.fin = timezone.now()
    execution.save()
