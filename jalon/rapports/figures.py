"""Figures of the reports: the national series of an indicator when it has several periods.

One chart specification from `jalon.graphiques` (`serie_temporelle`), rendered on the server
with vl-convert: SVG for the HTML page, PNG (rasterised from that SVG) for DOCX and PDF. The
table behind the chart is part of the figure and is always printed with it (it is also the
accessible alternative).
"""

import hashlib
import json
import os
import threading
from pathlib import Path

from django.conf import settings

from jalon.graphiques import serie_temporelle, svg_to_png, to_svg
from jalon.rapports import format as fr
from jalon.rapports.document import Figure, Tableau

LARGEUR = 560
# Scale 1.5: 840 pixels for a 15 cm wide figure in the DOCX, ~140 dpi once printed.
ECHELLE_PNG = 1.5
DOSSIER_CACHE = "rapports/graphiques"


def chemin_dessin(graphique, format: str, largeur: int = LARGEUR) -> Path:
    """Where the drawing is kept: MEDIA_ROOT/rapports/graphiques, named by the SHA-256 of the
    specification, format and size (the same data draws the same chart)."""
    empreinte = hashlib.sha256(
        json.dumps(
            {"spec": graphique.spec, "format": format, "largeur": largeur, "png": ECHELLE_PNG},
            sort_keys=True,
            default=str,
        ).encode("utf-8")
    ).hexdigest()
    return Path(settings.MEDIA_ROOT) / DOSSIER_CACHE / f"{empreinte}.{format}"


def ranger(chemin: Path, contenu: bytes) -> None:
    """Write a drawing to a temporary file, then rename it: a reader never sees half a file.
    One temporary name per process and thread: two figures of the same chart (an indicator
    serving two actions) may be drawn at once."""
    chemin.parent.mkdir(parents=True, exist_ok=True)
    temporaire = chemin.with_suffix(f".{os.getpid()}-{threading.get_ident()}.tmp")
    temporaire.write_bytes(contenu)
    os.replace(temporaire, chemin)


def dessiner(graphique, format: str, largeur: int = LARGEUR) -> bytes:
    """The chart drawn by vl-convert (~0.1 to 0.2 s a chart), as SVG or PNG bytes, read from
    the drawings already made when it is there (a bilan built again, in another format or a
    new version, redraws only the series that changed)."""
    chemin = chemin_dessin(graphique, format, largeur)
    try:
        return chemin.read_bytes()
    except FileNotFoundError:
        pass
    if format == "png":
        # From the SVG (drawn or reused): a bilan built in both formats runs Vega once per
        # chart (SVG 0.14 s, rasterising 0.07 s, against 0.21 s for a direct PNG).
        svg = dessiner(graphique, "svg", largeur).decode("utf-8")
        contenu = svg_to_png(svg, echelle=ECHELLE_PNG)
    else:
        contenu = to_svg(graphique, largeur=largeur).encode("utf-8")
    ranger(chemin, contenu)
    return contenu


def tableau_serie(indicateur, points) -> Tableau:
    return Tableau(
        titre=f"{indicateur.code} — série nationale",
        entetes=["Période", "Valeur (France)"],
        lignes=[[fr.periode(p.periode), fr.nombre(p.valeur, indicateur.unite)] for p in points],
        colonnes_numeriques=(1,),
    )


def figure_serie(indicateur, points) -> Figure:
    premiere, derniere = points[0], points[-1]
    alternatif = (
        f"Évolution de {indicateur.code} en France de {fr.periode(premiere.periode)} à "
        f"{fr.periode(derniere.periode)} : de {fr.nombre(premiere.valeur, indicateur.unite)} "
        f"à {fr.nombre(derniere.valeur, indicateur.unite)}."
    )
    graphique = serie_temporelle(
        f"{indicateur.code} — France",
        [("France", p.periode, p.valeur) for p in points],
        unite=indicateur.unite,
        libelle_valeur="Valeur",
        description=alternatif,
    )
    return Figure(
        titre=f"Évolution nationale — {indicateur.code}",
        tableau=tableau_serie(indicateur, points),
        graphique=graphique,
        largeur=LARGEUR,
        texte_alternatif=alternatif,
    )
