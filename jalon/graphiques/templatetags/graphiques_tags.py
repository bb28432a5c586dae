"""``{% graphique g %}``: a chart (drawn by vega-embed) and, one click away, its data table.

``{% graphiques_scripts %}`` once per page (in ``{% block extra_js %}``) loads the vendored
libraries and ``jalon/graphiques.js``. Without JavaScript, the description and the table stay.
"""

from django import template

register = template.Library()


@register.inclusion_tag("graphiques/graphique.html")
def graphique(g, titre_niveau=3, tableau_ouvert=False):
    return {
        "g": g,
        "spec_id": f"{g.identifiant}-spec",
        "niveau": titre_niveau,
        "cellules": g.tableau.cellules(),
        "tableau_ouvert": tableau_ouvert,
    }


@register.inclusion_tag("graphiques/scripts.html")
def graphiques_scripts():
    return {}
