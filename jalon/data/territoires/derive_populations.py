"""Derive the shipped territory files from the npm package @etalab/decoupage-administratif.

Run by a developer when a new COG / population vintage is adopted, never at run time:

    cd /tmp && npm pack @etalab/decoupage-administratif@6.0.0 && tar xzf etalab-*.tgz
    python jalon/data/territoires/derive_populations.py /tmp/package

It rewrites, next to this script:
- territoires.csv  : FR, the 18 regions and the 101 departments (code, parent, name, flags, order);
- populations.csv  : the legal population of each of them (code, annee, population, source).

How the populations are computed (see SOURCES.md for the reasoning and the checks):
- the package gives no population for regions or departments, only per commune (INSEE PMUN,
  "population municipale");
- only `commune-actuelle` rows are summed. `arrondissement-municipal` rows (Paris, Lyon,
  Marseille) also carry a population, but the package already sets each of those three communes
  to the sum of its arrondissements, so adding both would count 3.5 M people twice.
  `commune-deleguee` / `commune-associee` rows carry no population at all;
- collectivités d'outre-mer (zone `com`: 975, 977, 978, 984, 986-989) are not departments or
  regions of the COG and have no ARS: they are left out;
- Mayotte's communes carry the 2017 census figures (the package's README cites INSEE's Mayotte
  2017 page), not the 2023 reference populations: DEP-976 and REG-06 are given year 2017.

The script checks these assumptions and stops with a message if the package contradicts them.
Standard library only, so it runs with any Python 3.11.
"""

import csv
import json
import sys
from collections import defaultdict
from pathlib import Path

PACKAGE_NAME = "@etalab/decoupage-administratif"
PACKAGE_VERSION = "6.0.0"
# Vintage of the package's population field, per the package README's "Sources" section which
# links INSEE page 8680726 ("populations de référence 2023, en vigueur au 1er janvier 2026") and
# INSEE page 3291775 for Mayotte (census 2017).
POPULATION_YEAR = 2023
MAYOTTE_YEAR = 2017
MAYOTTE_DEPARTEMENT = "976"
PLM_COMMUNES = {"75056", "69123", "13055"}  # Paris, Lyon, Marseille

SOURCE_MAIN = (
    f"Insee, populations de référence {POPULATION_YEAR} en vigueur au 1er janvier 2026 "
    f"(population municipale), somme des communes du paquet {PACKAGE_NAME} {PACKAGE_VERSION}"
)
SOURCE_MAYOTTE = (
    f"Insee, recensement de Mayotte {MAYOTTE_YEAR} (population municipale), somme des communes "
    f"du paquet {PACKAGE_NAME} {PACKAGE_VERSION}"
)
SOURCE_FRANCE = (
    f"Somme des 101 départements : Insee, populations de référence {POPULATION_YEAR} "
    f"(population municipale), dont Mayotte au recensement {MAYOTTE_YEAR} ; "
    f"paquet {PACKAGE_NAME} {PACKAGE_VERSION}"
)

HERE = Path(__file__).resolve().parent
# Order gaps leave room for PTSM territories without renumbering.
REGION_ORDER_START = 1
DEPARTEMENT_ORDER_START = 101


class PackageMismatch(Exception):
    pass


def _read_json(package_dir: Path, name: str):
    with open(package_dir / "data" / f"{name}.json", encoding="utf-8") as handle:
        return json.load(handle)


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise PackageMismatch(message)


def derive(package_dir: Path):
    """Return (territory rows, population rows) computed from the unpacked package."""
    with open(package_dir / "package.json", encoding="utf-8") as handle:
        meta = json.load(handle)
    _check(
        meta.get("name") == PACKAGE_NAME and meta.get("version") == PACKAGE_VERSION,
        f"paquet attendu {PACKAGE_NAME} {PACKAGE_VERSION}, trouvé "
        f"{meta.get('name')} {meta.get('version')} : revoir les millésimes avant de changer",
    )
    regions = [r for r in _read_json(package_dir, "regions") if r["zone"] in {"metro", "drom"}]
    departements = [
        d for d in _read_json(package_dir, "departements") if d["zone"] in {"metro", "drom"}
    ]
    communes = _read_json(package_dir, "communes")
    _check(len(regions) == 18, f"18 régions attendues, {len(regions)} trouvées")
    _check(len(departements) == 101, f"101 départements attendus, {len(departements)} trouvés")
    region_codes = {r["code"] for r in regions}
    departement_codes = {d["code"] for d in departements}

    for commune in communes:
        if commune["type"] in {"commune-deleguee", "commune-associee"}:
            _check("population" not in commune, f"{commune['code']} : population inattendue")
    for plm in PLM_COMMUNES:
        parent = next(c for c in communes if c["code"] == plm)
        arrondissements = sum(c["population"] for c in communes if c.get("commune") == plm)
        _check(
            parent["population"] == arrondissements,
            f"{plm} : la population de la commune ne vaut pas la somme de ses arrondissements",
        )

    by_departement: dict[str, int] = defaultdict(int)
    for commune in communes:
        if commune["type"] != "commune-actuelle" or commune["zone"] == "com":
            continue
        _check(
            commune["departement"] in departement_codes,
            f"{commune['code']} : département inconnu {commune['departement']}",
        )
        _check("population" in commune, f"{commune['code']} : commune sans population")
        by_departement[commune["departement"]] += commune["population"]

    territory_rows = [
        {
            "code": "FR",
            "niveau": "pays",
            "cog": "",
            "nom": "France",
            "parent": "",
            "outre_mer": "false",
            "ordre": 0,
        }
    ]
    for index, region in enumerate(regions):
        territory_rows.append(
            {
                "code": f"REG-{region['code']}",
                "niveau": "region",
                "cog": region["code"],
                "nom": region["nom"],
                "parent": "FR",
                "outre_mer": "true" if region["zone"] == "drom" else "false",
                "ordre": REGION_ORDER_START + index,
            }
        )
    for index, departement in enumerate(departements):
        _check(departement["region"] in region_codes, f"{departement['code']} : région inconnue")
        territory_rows.append(
            {
                "code": f"DEP-{departement['code']}",
                "niveau": "departement",
                "cog": departement["code"],
                "nom": departement["nom"],
                "parent": f"REG-{departement['region']}",
                "outre_mer": "true" if departement["zone"] == "drom" else "false",
                "ordre": DEPARTEMENT_ORDER_START + index,
            }
        )

    departement_rows = []
    by_region: dict[str, int] = defaultdict(int)
    region_years: dict[str, set[int]] = defaultdict(set)
    for departement in departements:
        code = departement["code"]
        year = MAYOTTE_YEAR if code == MAYOTTE_DEPARTEMENT else POPULATION_YEAR
        departement_rows.append(
            {
                "code": f"DEP-{code}",
                "annee": year,
                "population": by_departement[code],
                "source": SOURCE_MAYOTTE if year == MAYOTTE_YEAR else SOURCE_MAIN,
            }
        )
        by_region[departement["region"]] += by_departement[code]
        region_years[departement["region"]].add(year)
    region_rows = []
    for region in regions:
        years = region_years[region["code"]]
        _check(len(years) == 1, f"région {region['code']} : millésimes mêlés {sorted(years)}")
        year = years.pop()
        region_rows.append(
            {
                "code": f"REG-{region['code']}",
                "annee": year,
                "population": by_region[region["code"]],
                "source": SOURCE_MAYOTTE if year == MAYOTTE_YEAR else SOURCE_MAIN,
            }
        )
    france_row = {
        "code": "FR",
        "annee": POPULATION_YEAR,
        "population": sum(by_departement.values()),
        "source": SOURCE_FRANCE,
    }
    population_rows = [france_row, *region_rows, *departement_rows]
    return territory_rows, population_rows


def _write(path: Path, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(f"usage : python {Path(argv[0]).name} CHEMIN/DU/PAQUET/DÉCOMPRESSÉ", file=sys.stderr)
        return 2
    try:
        territory_rows, population_rows = derive(Path(argv[1]))
    except PackageMismatch as exc:
        print(f"Paquet non conforme : {exc}", file=sys.stderr)
        return 1
    _write(HERE / "territoires.csv", territory_rows)
    _write(HERE / "populations.csv", population_rows)
    france = population_rows[0]["population"]
    metro = sum(
        row["population"]
        for row in population_rows
        if row["code"].startswith("DEP-") and not row["code"].startswith("DEP-97")
    )
    print(f"{len(territory_rows)} territoires, {len(population_rows)} populations écrites.")
    print(f"France (101 départements) : {france} ; métropole : {metro}.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
