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
from jalon.saisies.periodes import MOIS_COURTS, parse_periode, rang_dans_annee

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


# Column titles of a sub-annual series laid out one year a row.
COLONNES_INFRA_ANNUELLES = {
    "mois": MOIS_COURTS,
    "trimestre": ["1er trim.", "2e trim.", "3e trim.", "4e trim."],
    "semestre": ["1er sem.", "2e sem."],
}
NON_DISPONIBLE = "n.d."


def tableau_serie(indicateur, points) -> Tableau:
    """The table behind the chart: one row a period, or, for a monthly, quarterly or
    half-yearly series over several years, one row a year and one column a month (quarter,
    half-year) — eight monthly years are 8 rows of 12 instead of 96 rows, two printed pages
    less per indicator, and a month compares with the same month of other years."""
    titre = f"{indicateur.code} — série nationale"
    grille = _grille_annuelle(indicateur, points)
    if grille is not None:
        entetes, lignes = grille
        manque = any(NON_DISPONIBLE in ligne for ligne in lignes)
        return Tableau(
            titre=titre,
            entetes=entetes,
            lignes=lignes,
            colonnes_numeriques=tuple(range(1, len(entetes))),
            note=f"{NON_DISPONIBLE} : donnée non disponible pour cette période." if manque else "",
            grille=True,
        )
    return Tableau(
        titre=titre,
        entetes=["Période", "Valeur (France)"],
        lignes=[[fr.periode(p.periode), fr.nombre(p.valeur, indicateur.unite)] for p in points],
        colonnes_numeriques=(1,),
    )


def _grille_annuelle(indicateur, points):
    """(column titles, rows) of a series whose periods are all months, all quarters or all
    half-years spanning at least two years; None otherwise (yearly or mixed series, or a
    single year, which read well as a list)."""
    periodes = [parse_periode(p.periode) for p in points]
    genres = {p.genre for p in periodes}
    if len(genres) != 1 or (genre := genres.pop()) not in COLONNES_INFRA_ANNUELLES:
        return None
    if len({p.annee for p in periodes}) < 2:
        return None
    colonnes = COLONNES_INFRA_ANNUELLES[genre]
    par_annee: dict[int, dict[int, str]] = {}
    for periode, point in zip(periodes, points, strict=True):
        par_annee.setdefault(periode.annee, {})[rang_dans_annee(periode)] = fr.nombre(
            point.valeur, indicateur.unite
        )
    lignes = [
        [str(annee), *(valeurs.get(rang, NON_DISPONIBLE) for rang in range(1, len(colonnes) + 1))]
        for annee, valeurs in sorted(par_annee.items())
    ]
    return ["Année", *colonnes], lignes


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
