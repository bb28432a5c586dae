"""Charts: one Vega-Lite specification per chart, with the table of data behind it.

A `Graphique` (jalon.graphiques.specs) holds a Vega-Lite spec built in Python and the
`Tableau` it draws, in the same object: the table is the accessible alternative of the chart
and is printed next to it, one click away. The same object is rendered

- in the browser by vega-embed (template tag ``{% graphique g %}`` from
  ``graphiques_tags``; the libraries are vendored static files, see
  ``scripts/vendor-vega.sh``), with Vega's expression interpreter so that the CSP needs no
  ``unsafe-eval``;
- on the server by vl-convert-python (`jalon.graphiques.rendu`): ``to_svg`` for HTML and PDF
  reports, ``to_png`` for DOCX.

Builders (`jalon.graphiques.specs`): ``serie_temporelle`` (values over periods, one line per
territory), ``barres_par_territoire`` (one bar per territory, optional reference line),
``barres_empilees`` (counts by category and group) and, in `jalon.graphiques.carte`,
``carte_choroplethe`` (tile map of regions or departments, or a user-supplied GeoJSON).
"""

from jalon.graphiques.rendu import svg_to_png, to_png, to_svg
from jalon.graphiques.specs import (
    Colonne,
    Graphique,
    Tableau,
    barres_empilees,
    barres_par_territoire,
    serie_temporelle,
)

__all__ = [
    "Colonne",
    "Graphique",
    "Tableau",
    "barres_empilees",
    "barres_par_territoire",
    "serie_temporelle",
    "svg_to_png",
    "to_png",
    "to_svg",
]
