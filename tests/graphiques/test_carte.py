"""Maps: every region and department (overseas included) has its own tile; a GeoJSON of
official boundaries replaces the tiles when configured."""

import json
from decimal import Decimal as D

import pytest
from django.core.exceptions import ImproperlyConfigured

from jalon.graphiques.carte import _geojson, carte_choroplethe, tuiles
from jalon.territoires.models import Territoire
from jalon.territoires.services import load_territoires
from tests.graphiques.test_specs import valider


@pytest.mark.django_db
def test_every_region_and_department_has_one_tile_of_its_own():
    load_territoires()
    positions = tuiles()
    for niveau, prefixe in (("region", "REG-"), ("departement", "DEP-")):
        codes = set(Territoire.objects.filter(niveau=niveau).values_list("code", flat=True))
        assert {c for c in positions if c.startswith(prefixe)} == codes
        cases = [(x, y) for c, (x, y, _) in positions.items() if c.startswith(prefixe)]
        assert len(cases) == len(set(cases)), f"deux {niveau}s sur la même case"
    assert positions["DEP-976"][2] == "976" and positions["REG-06"][2] == "YT"


def _lignes():
    return [
        {"code": "REG-32", "territoire": "Hauts-de-France", "valeur": D("12")},
        {"code": "REG-06", "territoire": "Mayotte", "valeur": D("3.5")},
        {"code": "REG-11", "territoire": "Île-de-France", "valeur": None},
    ]


def test_tile_map_spec_is_valid_and_keeps_territories_without_value_in_the_table():
    carte = carte_choroplethe("Test", _lignes(), niveau="region")
    valider(carte.spec)
    assert [v["sigle"] for v in carte.spec["data"]["values"]] == ["HDF", "YT", "IDF"]
    assert carte.tableau.cellules()[2] == ["Île-de-France", "—"]
    assert "1 territoire(s) sans valeur" in carte.notes[0]
    assert "Hauts-de-France (12)" in carte.description


def test_a_geojson_setting_replaces_the_tiles(settings, tmp_path):
    fichier = tmp_path / "regions.geojson"
    carre = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}
    fichier.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {"type": "Feature", "properties": {"code": "32"}, "geometry": carre},
                    {"type": "Feature", "properties": {"code": "REG-06"}, "geometry": carre},
                ],
            }
        )
    )
    settings.JALON_CARTE_GEOJSON_REGIONS = str(fichier)
    carte = carte_choroplethe("Test", _lignes(), niveau="region")
    valider(carte.spec)
    assert carte.spec["mark"]["type"] == "geoshape"
    codes = [f["properties"]["code"] for f in carte.spec["data"]["values"]]
    assert codes == ["REG-32", "REG-06"]


def test_a_geojson_without_codes_is_refused_with_a_french_message(tmp_path):
    fichier = tmp_path / "faux.geojson"
    fichier.write_text('{"type": "FeatureCollection", "features": [{"properties": {}}]}')
    with pytest.raises(ImproperlyConfigured, match="sans propriété « code »"):
        _geojson(str(fichier), "REG-")
