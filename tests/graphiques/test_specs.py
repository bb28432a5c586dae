"""Chart specifications: valid Vega-Lite, the table behind each chart, server rendering."""

import json
import re
from decimal import Decimal as D
from functools import cache
from pathlib import Path

import jsonschema
import pytest
from django.template import Context, Template

from jalon.graphiques import (
    barres_empilees,
    barres_par_territoire,
    serie_temporelle,
    svg_to_png,
    to_png,
    to_svg,
)
from jalon.graphiques.rendu import VL_VERSION

PROJET = Path(__file__).resolve().parents[2]
SCHEMA_VL = PROJET / "node_modules" / "vega-lite" / "build" / "vega-lite-schema.json"
VENDOR = PROJET / "jalon" / "graphiques" / "static" / "jalon" / "vendor" / "vega"


@cache
def validateur():
    if not SCHEMA_VL.exists():
        pytest.fail(f"{SCHEMA_VL} absent : lancez scripts/ensure-browser-deps.sh (npm ci).")
    return jsonschema.Draft7Validator(json.loads(SCHEMA_VL.read_text()))


def valider(spec):
    erreurs = sorted(validateur().iter_errors(spec), key=lambda e: list(e.path))
    assert not erreurs, [f"{list(e.path)} : {e.message}" for e in erreurs[:5]]


def serie():
    return serie_temporelle(
        "Appels au 3114",
        [
            ("France", "2021", D("100")),
            ("France", "2022", D("1333.5")),
            ("France", "2023", None),
            ("Hauts-de-France", "2021", D("12")),
            ("Hauts-de-France", "2022", D("15")),
        ],
        libelle_valeur="Appels",
        source="Bilan national 2023",
    )


def barres():
    return barres_par_territoire(
        "Taux par région",
        [
            {"code": "REG-32", "territoire": "Hauts-de-France", "valeur": D("12.5")},
            {"code": "REG-11", "territoire": "Île-de-France", "valeur": D("1500")},
            {"code": "REG-01", "territoire": "Guadeloupe", "valeur": None},
        ],
        unite="pourcentage",
        reference=("France", D("700")),
        mis_en_avant="REG-32",
    )


def empilees():
    return barres_empilees(
        "Actions par axe et statut",
        [("Axe 1", "Réalisée", 3), ("Axe 1", "Engagée", 2), ("Axe 2", "Réalisée", 1)],
        libelle_categorie="Axe",
        libelle_groupe="Statut",
    )


@pytest.mark.parametrize("fabrique", [serie, barres, empilees])
def test_every_builder_gives_a_valid_vega_lite_spec(fabrique):
    graphique = fabrique()
    valider(graphique.spec)
    assert graphique.spec["$schema"].endswith(f"/v{VL_VERSION.split('.')[0]}.json")
    assert graphique.spec["config"]["locale"]["number"]["decimal"] == ","
    assert graphique.description


def test_the_spec_draws_the_rows_of_its_table():
    graphique = serie()
    valeurs = graphique.spec["data"]["values"]
    assert [(v["serie"], v["periode"], v["valeur"]) for v in valeurs] == [
        (ligne["serie"], ligne["periode"], float(ligne["valeur"]) if ligne["valeur"] else None)
        for ligne in graphique.tableau.lignes
    ]
    assert graphique.tableau.cellules()[1] == ["France", "2022", "1\u202f333,5"]
    assert graphique.tableau.cellules()[2] == ["France", "2023", "—"]
    # Two series: one colour (and dash) each, in the order given.
    assert graphique.spec["encoding"]["color"]["sort"] == ["France", "Hauts-de-France"]
    assert graphique.spec["encoding"]["x"]["sort"] == ["2021", "2022", "2023"]


def test_bars_are_sorted_largest_first_and_a_missing_value_stays_in_the_table():
    graphique = barres()
    assert [ligne["code"] for ligne in graphique.tableau.lignes] == ["REG-11", "REG-32", "REG-01"]
    assert graphique.tableau.cellules()[2] == ["Guadeloupe", "—"]
    assert graphique.tableau.cellules()[0] == ["Île-de-France", "1\u202f500\u202f%"]
    barres_layer, reference = graphique.spec["layer"]
    assert barres_layer["encoding"]["y"]["sort"] == ["Île-de-France", "Hauts-de-France"]
    assert reference["data"]["values"] == [{"reference": "France", "valeur": 700.0}]
    assert "France (700\u202f%)" in graphique.notes[0]
    assert "Île-de-France" in graphique.description


def test_to_svg_renders_the_chart_with_french_numbers():
    svg = to_svg(serie())
    assert svg.lstrip().startswith("<svg")
    assert "Appels au 3114" in svg
    assert re.search("1\u202f[0-9]00<", svg)  # axis labels grouped the French way
    assert 'width="container"' not in svg


def test_a_long_monthly_series_is_labelled_once_a_year():
    mois = [f"{annee}-{m:02d}" for annee in range(2016, 2024) for m in range(1, 13)][2:]
    graphique = serie_temporelle("Mensuel", [("France", p, D(100)) for p in mois])
    axe = graphique.spec["encoding"]["x"]["axis"]
    # The series starts in March 2016: that year's first tick is its first month.
    assert axe["values"] == ["2016-03", *(f"{a}-01" for a in range(2017, 2024))]
    valider(graphique.spec)
    etiquettes = re.findall(r">(\d{4}(?:-\d\d)?)</text>", to_svg(graphique))
    assert etiquettes == [str(a) for a in range(2016, 2024)]
    # A short series keeps a label per period, in French; yearly codes are their own name.
    court = serie_temporelle("Court", [("France", p, D(1)) for p in mois[:4]])
    svg = to_svg(court)
    for libelle in ("mars 2016", "avr. 2016", "mai 2016", "juin 2016"):
        assert f">{libelle}</text>" in svg
    annuel = serie_temporelle("Annuel", [("France", "2022", D(1)), ("France", "2023", D(2))])
    assert annuel.spec["encoding"]["x"]["axis"] == {"labelAngle": 0}


def test_periods_are_named_in_french_in_the_table_and_the_tooltip():
    points = [("France", "2023-Q1", D(1)), ("France", "2023-Q2", D(2)), ("France", "X", D(3))]
    graphique = serie_temporelle("Trimestres", points, description="d")
    assert [c[1] for c in graphique.tableau.cellules()] == [
        "1er trimestre 2023",
        "2e trimestre 2023",
        "X",  # not a Jalon period code: shown as given
    ]
    infobulle = graphique.spec["encoding"]["tooltip"][1]
    assert infobulle == {"field": "libelle_periode", "title": "Période"}
    assert graphique.spec["encoding"]["x"]["field"] == "periode"  # the code orders the axis


def test_to_png_gives_a_png_image():
    png = to_png(barres(), largeur=400)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(png) > 2000


def test_svg_rasterised_gives_the_same_image_size_as_a_direct_png():
    direct = to_png(barres(), largeur=400, echelle=1.5)
    depuis_svg = svg_to_png(to_svg(barres(), largeur=400), echelle=1.5)
    assert depuis_svg[:8] == b"\x89PNG\r\n\x1a\n"
    # Width and height from the IHDR chunk: the same pixels' frame.
    assert depuis_svg[16:24] == direct[16:24]


def test_template_tag_prints_the_chart_container_its_spec_and_its_table():
    graphique = serie()
    html = Template("{% load graphiques_tags %}{% graphique g %}").render(Context({"g": graphique}))
    assert f'data-graphique="{graphique.identifiant}-spec"' in html
    assert f'<script id="{graphique.identifiant}-spec" type="application/json">' in html
    assert "<caption>Données du graphique : Appels au 3114</caption>" in html
    assert '<th scope="row">Hauts-de-France</th>' in html
    assert "<details" in html and "Tableau des données" in html
    assert "Source : Bilan national 2023" in html
    assert 'role="img"' in html


def test_vendored_libraries_are_those_pinned_in_package_json():
    paquets = json.loads((PROJET / "package.json").read_text())["dependencies"]
    vendues = json.loads((VENDOR / "VERSIONS.json").read_text())
    assert vendues == {nom: paquets[nom] for nom in ("vega", "vega-lite", "vega-embed")}
    for nom in vendues:
        fichier = VENDOR / f"{nom}.min.js"
        assert (VENDOR / f"LICENSE-{nom}.txt").read_text().startswith("Copyright")
        module = PROJET / "node_modules" / nom / "build" / f"{nom}.min.js"
        if module.exists():  # node_modules/ is there after scripts/ensure-browser-deps.sh
            attendu = "".join(
                ligne
                for ligne in module.read_text().splitlines(keepends=True)
                if not ligne.startswith("//# sourceMappingURL=")
            )
            assert fichier.read_text() == attendu, f"{fichier} : relancez scripts/vendor-vega.sh"
    # The version that vl-convert draws with matches the browser's vega-lite (major.minor).
    assert vendues["vega-lite"].startswith(VL_VERSION + ".")
