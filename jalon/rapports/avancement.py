"""Progress of a document's rendering, for the build page and the `jalon bilan` command.

A national bilan's PDF spends about 20 s after its data are read: drawing its charts, then
WeasyPrint laying out its ~200 pages. `rendre` reports both through an ``avancement(etape,
part)`` callable (``part`` from 0 to 1 of the rendering); callers place that part in their
own percentage band. WeasyPrint advertises its steps and each page on the
``weasyprint.progress`` logger: `suivre_weasyprint` listens to it for the calling thread.
"""

import logging
import re
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager

Avancement = Callable[[str, float], None]

# Part of the rendering the charts take, before the layout (measured on the national set:
# drawing 5 to 6 s, the PDF's layout and writing 16 to 17 s).
PART_DESSINS = 0.25
# At most one report every INTERVALLE seconds (see `limite`).
INTERVALLE = 0.5
_PAGE = re.compile(r"Creating layout - Page (\d+)$")


def limite(avancement: Avancement | None, intervalle: float | None = None) -> Avancement | None:
    """``avancement`` called at most every ``intervalle`` seconds (INTERVALLE by default),
    and always for the first report and for the end (part 1), with a part that never goes
    back: one database write per page of a 200-page PDF would be as many queries for a bar
    that moves by half a percent."""
    if avancement is None:
        return None
    intervalle = INTERVALLE if intervalle is None else intervalle
    dernier = [float("-inf")]
    plus_loin = [0.0]

    def limite_(etape: str, part: float) -> None:
        # Never backwards: the charts drawn in worker processes are read again by the
        # threads, which count them from 1, and WeasyPrint's repagination goes back to
        # page 1 (`suivre_weasyprint`).
        plus_loin[0] = max(plus_loin[0], min(1.0, part))
        maintenant = time.monotonic()
        if part >= 1 or maintenant - dernier[0] >= intervalle:
            dernier[0] = maintenant
            avancement(etape, plus_loin[0])

    return limite_


def dans_la_bande(progres, debut: int, fin: int) -> Avancement | None:
    """An ``avancement`` feeding a ``progres(etape, pourcentage)`` between two percentages."""
    if progres is None:
        return None
    return lambda etape, part: progres(etape, debut + round((fin - debut) * part))


class _Ecoute(logging.Handler):
    """One handler for the whole process: it hands each WeasyPrint record to the listener of
    the thread that rendered it (two builds in two threads do not mix their pages)."""

    def __init__(self):
        super().__init__(level=logging.INFO)
        self.ecouteurs: dict[int, Callable[[str], None]] = {}

    def emit(self, record: logging.LogRecord) -> None:
        ecouteur = self.ecouteurs.get(record.thread)
        if ecouteur is not None:
            ecouteur(record.getMessage())


_ecoute = _Ecoute()
_installation = threading.Lock()


def _installer() -> None:
    with _installation:
        journal = logging.getLogger("weasyprint.progress")
        if _ecoute not in journal.handlers:
            # Its records are created only at INFO; they are progress notes, not events worth
            # a log line each (the root logger is at INFO: 230 lines per national PDF): kept
            # for the listeners, not propagated.
            journal.setLevel(logging.INFO)
            journal.propagate = False
            journal.addHandler(_ecoute)


@contextmanager
def suivre_weasyprint(avancement: Avancement | None, debut: float, fin: float):
    """While WeasyPrint renders in this thread, report its steps to ``avancement``, from
    part ``debut`` to ``fin``. The page count is not known before the layout ends: the part
    moves towards ``fin`` as pages are laid out (half the band at 100 pages), and the label
    gives the page being laid out. When WeasyPrint lays pages out again once the table of
    contents' page numbers are known ("Repagination"), the part follows those lower page
    numbers: `limite`, which `rendre` puts around ``avancement``, keeps it from going back."""
    _installer()
    if avancement is None:
        yield
        return
    largeur = fin - debut
    repagination = False

    def ecouter(message: str) -> None:
        nonlocal repagination
        page = _PAGE.search(message)
        if page and "up-to-date" not in message:
            numero = int(page.group(1))
            etape = "numéros de page, page" if repagination else "page"
            part = debut + 0.85 * largeur * numero / (numero + 100)
            avancement(f"Mise en page du PDF : {etape} {numero}", part)
        elif "Repagination" in message:
            repagination = True
        elif message.startswith("Step 6"):
            avancement("Écriture du PDF", debut + 0.9 * largeur)
        elif message.startswith("Step 3"):
            avancement("Mise en page du PDF : styles", debut)

    fil = threading.get_ident()
    _ecoute.ecouteurs[fil] = ecouter
    try:
        yield
    finally:
        _ecoute.ecouteurs.pop(fil, None)
