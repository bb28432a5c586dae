"""Progress of a running import, readable by another process while the import runs.

An import writes its values in one database transaction (all or nothing), so anything it
wrote to the database, progress included, would stay invisible to the page polling it until
the end. Progress therefore goes to a small JSON file under MEDIA_ROOT, which the worker and
the web server share like the uploaded file itself; the final counts are then stored on the
`ExecutionImport`.
"""

import json
import os
import time
from pathlib import Path

from django.conf import settings

# At most one write per interval: a million rows must not mean a million file writes.
INTERVALLE = 0.5


def chemin(execution_id: int) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / "progression" / f"{execution_id}.json"


def lire(execution_id: int) -> dict | None:
    """`{"etape", "lignes", "total"}` or None when nothing was written (not started, ended)."""
    try:
        return json.loads(chemin(execution_id).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None


def effacer(execution_id: int) -> None:
    chemin(execution_id).unlink(missing_ok=True)


def pourcentage(lignes: int, total: int | None) -> int:
    if not total:
        return 0
    return max(0, min(100, lignes * 100 // total))


class Suivi:
    """Receives progress from the import; writes it to the file and/or calls `rappel`.

    `rappel(lignes, total)` draws the command line's progress bar; `execution_id` enables the
    file for the web page. Both are throttled to one update per `INTERVALLE` seconds, except
    the final one.
    """

    def __init__(self, execution_id: int | None = None, rappel=None, intervalle=INTERVALLE):
        self.execution_id = execution_id
        self.rappel = rappel
        self.intervalle = intervalle
        self._dernier = 0.0

    def signaler(self, lignes: int, total: int | None, *, final: bool = False) -> None:
        maintenant = time.monotonic()
        if not final and maintenant - self._dernier < self.intervalle:
            return
        self._dernier = maintenant
        total = max(total or 0, lignes) if final else total
        if self.rappel is not None:
            self.rappel(lignes, total)
        if self.execution_id is not None:
            self._ecrire({"lignes": lignes, "total": total, "final": final})

    def _ecrire(self, donnees: dict) -> None:
        cible = chemin(self.execution_id)
        cible.parent.mkdir(parents=True, exist_ok=True)
        temporaire = cible.with_suffix(".tmp")
        temporaire.write_text(json.dumps(donnees), encoding="utf-8")
        # Atomic on POSIX: the page never reads a half-written file.
        os.replace(temporaire, cible)
