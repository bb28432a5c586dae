"""One chart specification: the indicator page (drawn by vega-embed in the browser) and the
national bilan (drawn by vl-convert into HTML, DOCX and PDF) get the same Vega-Lite spec from
the same builder, with the same data; only the titles and the alternative text differ."""

from jalon import agregats
from jalon.rapports.figures import figure_serie
from jalon.tableaux.indicateurs import fiche
from jalon.territoires.services import load_territoires
from tests.factories import IndicateurFactory
from tests.tableaux.conftest import valeur

TEXTES = {"title", "description"}


def _sans_textes(spec):
    if isinstance(spec, dict):
        return {k: _sans_textes(v) for k, v in spec.items() if k not in TEXTES}
    if isinstance(spec, list):
        return [_sans_textes(v) for v in spec]
    return spec


def test_the_bilan_draws_the_indicator_page_s_chart_spec(db):
    load_territoires()
    indicateur = IndicateurFactory(code="A06INDM01", unite="nombre")
    for annee, nombre in ((2021, 100), (2022, 120), (2023, "90.5")):
        valeur(indicateur, "FR", str(annee), nombre)

    page = fiche(indicateur, validees_seulement=True).serie
    points = list(agregats.serie(indicateur, "FR", validees_seulement=True))
    bilan = figure_serie(indicateur, points).graphique

    assert page.spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    assert _sans_textes(bilan.spec) == _sans_textes(page.spec)
    assert {"mark", "encoding", "data"} <= set(page.spec)
    assert bilan.tableau.lignes == page.tableau.lignes
    assert [(ligne["periode"], ligne["valeur"]) for ligne in page.tableau.lignes] == [
        ("2021", 100),
        ("2022", 120),
        ("2023", 90.5),
    ]
