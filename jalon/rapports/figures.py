"""Figures of the reports: the national series of an indicator when it has several periods.

The table behind the chart is always part of the figure (it is printed with it, and it is the
accessible alternative). The chart itself comes from `jalon.graphiques` (one Vega-Lite
specification, rendered to SVG for HTML and PDF and to PNG for DOCX).
"""

from jalon.rapports import format as fr
from jalon.rapports.document import Figure, Tableau


def tableau_serie(indicateur, points) -> Tableau:
    return Tableau(
        titre=f"{indicateur.code} — série nationale",
        entetes=["Période", "Valeur (France)"],
        lignes=[[fr.periode(p.periode), fr.nombre(p.valeur, indicateur.unite)] for p in points],
        colonnes_numeriques=(1,),
    )


def figure_serie(indicateur, points) -> Figure:
    tableau = tableau_serie(indicateur, points)
    premiere, derniere = points[0], points[-1]
    alternatif = (
        f"Évolution de {indicateur.code} en France de {fr.periode(premiere.periode)} à "
        f"{fr.periode(derniere.periode)} : de {fr.nombre(premiere.valeur, indicateur.unite)} "
        f"à {fr.nombre(derniere.valeur, indicateur.unite)}."
    )
    return Figure(
        titre=f"Évolution nationale — {indicateur.code}",
        tableau=tableau,
        texte_alternatif=alternatif,
    )
