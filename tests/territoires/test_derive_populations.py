"""`derive_populations.py` on a small synthetic package shaped like @etalab/decoupage-administratif.

The real package is not in the repository (it is fetched by a developer with npm); this checks
the counting rules: arrondissements municipaux and communes déléguées are not counted twice,
overseas collectivities are left out, Mayotte keeps its own year.
"""

import csv
import importlib.util
import json

import pytest

from jalon.territoires.services import DATA_DIR


@pytest.fixture(scope="module")
def derive_module():
    spec = importlib.util.spec_from_file_location(
        "derive_populations", DATA_DIR / "derive_populations.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _commune(code, departement, region, population, kind="commune-actuelle", **extra):
    zone = "drom" if departement.startswith("97") else "metro"
    row = {"code": code, "departement": departement, "region": region, "type": kind}
    row["zone"] = extra.pop("zone", zone)
    if population is not None:
        row["population"] = population
    row.update(extra)
    return row


@pytest.fixture
def package(tmp_path, derive_module):
    """18 regions and 101 departments (names from the shipped file), one commune each (100
    inhabitants), plus Paris with two arrondissements, a commune déléguée and a COM."""
    with open(DATA_DIR / "territoires.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    regions = [
        {"code": r["cog"], "nom": r["nom"], "zone": "drom" if r["outre_mer"] == "true" else "metro"}
        for r in rows
        if r["niveau"] == "region"
    ]
    departements = [
        {
            "code": r["cog"],
            "region": r["parent"].removeprefix("REG-"),
            "nom": r["nom"],
            "zone": "drom" if r["outre_mer"] == "true" else "metro",
        }
        for r in rows
        if r["niveau"] == "departement"
    ]
    regions.append({"code": "975", "nom": "Saint-Pierre-et-Miquelon", "zone": "com"})
    departements.append(
        {"code": "975", "region": "975", "nom": "Saint-Pierre-et-Miquelon", "zone": "com"}
    )
    communes = [
        _commune(f"{d['code']}999"[:5], d["code"], d["region"], 100)
        for d in departements
        if d["zone"] != "com"
    ]
    communes += [
        _commune("75056", "75", "11", 300),
        _commune("75101", "75", "11", 120, "arrondissement-municipal", commune="75056"),
        _commune("75102", "75", "11", 180, "arrondissement-municipal", commune="75056"),
        _commune("69123", "69", "84", 50),
        _commune("69381", "69", "84", 50, "arrondissement-municipal", commune="69123"),
        _commune("13055", "13", "93", 40),
        _commune("13201", "13", "93", 40, "arrondissement-municipal", commune="13055"),
        _commune("59001", "59", "32", None, "commune-deleguee", chefLieu="59999"),
        _commune("97501", "975", "975", 5000, zone="com"),
    ]
    (tmp_path / "data").mkdir()
    for name, content in [
        ("regions", regions),
        ("departements", departements),
        ("communes", communes),
    ]:
        (tmp_path / "data" / f"{name}.json").write_text(json.dumps(content), encoding="utf-8")
    (tmp_path / "package.json").write_text(
        json.dumps({"name": derive_module.PACKAGE_NAME, "version": derive_module.PACKAGE_VERSION})
    )
    return tmp_path


def test_counting_rules(derive_module, package):
    territories, populations = derive_module.derive(package)
    by_code = {row["code"]: row for row in populations}
    assert len(territories) == len(populations) == 120
    assert by_code["DEP-75"]["population"] == 100 + 300  # not 100 + 300 + 120 + 180
    assert by_code["DEP-59"]["population"] == 100  # the commune déléguée adds nothing
    assert by_code["REG-32"]["population"] == 100 * 5  # 02, 59, 60, 62, 80
    assert by_code["FR"]["population"] == 101 * 100 + 300 + 50 + 40  # the COM is left out
    assert "DEP-975" not in by_code
    assert (by_code["DEP-976"]["annee"], by_code["REG-06"]["annee"]) == (2017, 2017)
    assert by_code["DEP-59"]["annee"] == 2023


def test_refuses_a_package_where_plm_would_be_counted_twice(derive_module, package):
    path = package / "data" / "communes.json"
    communes = json.loads(path.read_text(encoding="utf-8"))
    next(c for c in communes if c["code"] == "75056")["population"] = 0
    path.write_text(json.dumps(communes), encoding="utf-8")
    with pytest.raises(derive_module.PackageMismatch, match="75056"):
        derive_module.derive(package)


def test_refuses_another_package_version(derive_module, package):
    (package / "package.json").write_text(
        json.dumps({"name": derive_module.PACKAGE_NAME, "version": "7.0.0"})
    )
    with pytest.raises(derive_module.PackageMismatch, match="7.0.0"):
        derive_module.derive(package)
