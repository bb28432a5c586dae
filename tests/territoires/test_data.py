"""The shipped populations: every territory has one, with year and source, and they add up."""

import csv
from collections import defaultdict

import pytest

from jalon.territoires.models import Territoire
from jalon.territoires.services import DATA_DIR


def _read(name):
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_territory_has_one_population_with_year_and_source():
    codes = [row["code"] for row in _read("territoires.csv")]
    populations = _read("populations.csv")
    assert sorted(row["code"] for row in populations) == sorted(codes)
    for row in populations:
        assert row["source"].startswith(("Insee", "Somme des 101 départements : Insee"))
        assert row["annee"] in {"2023", "2017"}


def test_mayotte_figure_is_the_2017_census_and_labelled_so():
    by_code = {row["code"]: row for row in _read("populations.csv")}
    for code in ("DEP-976", "REG-06"):
        assert by_code[code]["annee"] == "2017"
        assert "Mayotte 2017" in by_code[code]["source"]
    assert "Mayotte au recensement 2017" in by_code["FR"]["source"]


def test_departements_add_up_to_their_region_and_regions_to_france():
    parents = {row["code"]: row["parent"] for row in _read("territoires.csv")}
    values = {row["code"]: int(row["population"]) for row in _read("populations.csv")}
    sums = defaultdict(int)
    for code, value in values.items():
        if code.startswith("DEP-"):
            sums[parents[code]] += value
        elif code.startswith("REG-"):
            sums["FR"] += value
    for region, total in sums.items():
        assert values[region] == total, region
    assert len(sums) == 19


def test_france_total_is_of_the_expected_order_of_magnitude():
    """About 68 million including overseas; 72 million would betray the Paris/Lyon/Marseille
    arrondissements counted on top of their communes."""
    france = next(row for row in _read("populations.csv") if row["code"] == "FR")
    assert 66_000_000 < int(france["population"]) < 70_000_000


@pytest.mark.django_db
def test_loaded_populations_match_the_file(loaded):
    nord = Territoire.objects.get(code="DEP-59").latest_population()
    row = next(row for row in _read("populations.csv") if row["code"] == "DEP-59")
    assert (nord.annee, nord.valeur, nord.source) == (
        int(row["annee"]),
        int(row["population"]),
        row["source"],
    )
    region = Territoire.objects.get(code="REG-32")
    departements = Territoire.objects.of_region(region).departements()
    assert sum(t.latest_population().valeur for t in departements) == (
        region.latest_population().valeur
    )
