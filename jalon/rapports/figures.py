"""Figures of the reports: the national series of an indicator when it has several periods.

One chart specification from `jalon.graphiques` (`serie_temporelle`), rendered on the server
with vl-convert: SVG for HTML and PDF, PNG for DOCX. The table behind the chart is part of the
figure and is always printed with it (it is also the accessible alternative).
"""

from jalon.graphiques import serie_temporelle
from jalon.rapports import format as fr
from jalon.rapports.document import Figure, Tableau

LARGEUR = 560


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
