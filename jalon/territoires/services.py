"""Load the territories and populations shipped in `jalon/data/territoires/`.

`load_territoires()` reads and validates both CSV files completely before writing anything, then
applies them in one transaction: a malformed file raises `TerritoryDataError` listing every
problem (file, line, column, expected form) and leaves the database untouched.

The expected columns come from the Table Schema files next to the data
(`territoires.schema.json`, `populations.schema.json`), so the documentation of the format and
the checks cannot drift apart. Checks that a schema cannot express (a code's prefix agrees with
its level, a parent is declared before its children) are written here.
"""

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from jalon.territoires.models import Population, Territoire

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "territoires"
TERRITOIRES_FILE = "territoires.csv"
POPULATIONS_FILE = "populations.csv"

# Which level each code prefix denotes, and which levels may be its parent.
_LEVEL_BY_PREFIX = {
    "FR": Territoire.Niveau.PAYS,
    "REG-": Territoire.Niveau.REGION,
    "DEP-": Territoire.Niveau.DEPARTEMENT,
    "PTSM-": Territoire.Niveau.PTSM,
}
_PARENT_LEVELS = {
    Territoire.Niveau.PAYS: set(),
    Territoire.Niveau.REGION: {Territoire.Niveau.PAYS},
    Territoire.Niveau.DEPARTEMENT: {Territoire.Niveau.REGION},
    Territoire.Niveau.PTSM: {Territoire.Niveau.REGION, Territoire.Niveau.DEPARTEMENT},
}
_PARENT_FORM = {
    Territoire.Niveau.PAYS: "vide (la France n'a pas de parent)",
    Territoire.Niveau.REGION: "FR",
    Territoire.Niveau.DEPARTEMENT: "le code d'une région (REG-<COG>) déclarée plus haut",
    Territoire.Niveau.PTSM: "le code d'une région ou d'un département déclaré plus haut",
}
_INTEGER = re.compile(r"[+-]?[0-9]+")


@dataclass(frozen=True)
class DataProblem:
    """One problem in a shipped file; `column` is 1-based, None when the whole line is at fault."""

    file: str
    line: int
    column: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, ligne {self.line}"
        if self.column is not None:
            where += f", colonne {self.column}"
            if self.field:
                where += f" ({self.field})"
        return f"{where} : {self.message}"


class TerritoryDataError(Exception):
    def __init__(self, problems: list[DataProblem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


@dataclass
class LoadReport:
    territoires_crees: int = 0
    territoires_modifies: int = 0
    populations_creees: int = 0
    populations_modifiees: int = 0

    def __str__(self) -> str:
        return (
            f"Territoires : {self.territoires_crees} créé, {self.territoires_modifies} modifié ; "
            f"populations : {self.populations_creees} créée, "
            f"{self.populations_modifiees} modifiée."
        )


@dataclass
class _Row:
    line: int
    values: dict


class _TableReader:
    """Reads one CSV file against its Table Schema, collecting problems instead of stopping."""

    def __init__(self, path: Path, schema_path: Path, problems: list[DataProblem]):
        self.path = path
        self.name = path.name
        self.problems = problems
        with open(schema_path, encoding="utf-8") as handle:
            self.fields = json.load(handle)["fields"]
        self.names = [field["name"] for field in self.fields]
        # False when the file could not be read at all (missing, not UTF-8, wrong header):
        # checks that refer to it would then only repeat the same problem on every line.
        self.readable = False

    def problem(self, line, column, message):
        field = self.names[column - 1] if column and column <= len(self.names) else None
        self.problems.append(DataProblem(self.name, line, column, field, message))

    def rows(self) -> list[_Row]:
        text = self._text()
        if text is None:
            return []
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        rows = []
        try:
            header = next(reader, None)
            if not self._header_ok(header):
                return []
            self.readable = True
            for cells in reader:
                line = reader.line_num
                if not any(cell.strip() for cell in cells):
                    continue  # a blank line (often the last one) carries nothing to load
                if len(cells) != len(self.names):
                    # The first missing column, or the first one too many.
                    self.problem(
                        line,
                        min(len(cells), len(self.names)) + 1,
                        f"{len(self.names)} colonnes attendues ({','.join(self.names)}), "
                        f"{len(cells)} trouvées",
                    )
                    continue
                values = {}
                for column, (field, cell) in enumerate(zip(self.fields, cells, strict=True), 1):
                    values[field["name"]] = self._convert(line, column, field, cell.strip())
                rows.append(_Row(line, values))
        except csv.Error as exc:
            self.problem(reader.line_num, None, f"CSV illisible ({exc}) ; attendu : CSV UTF-8")
        return rows

    def _text(self) -> str | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            self.problems.append(DataProblem(self.name, 1, None, None, "fichier introuvable"))
            return None
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
            self.problems.append(
                DataProblem(self.name, line, column, None, "octet invalide ; attendu : UTF-8")
            )
            return None

    def _header_ok(self, header: list[str] | None) -> bool:
        found = [cell.strip() for cell in header or []]
        if found == self.names:
            return True
        column = next(
            (i for i, name in enumerate(self.names, 1) if i > len(found) or found[i - 1] != name),
            len(self.names) + 1,
        )
        self.problem(1, column, f"en-tête attendu : {','.join(self.names)}")
        return False

    def _convert(self, line: int, column: int, field: dict, cell: str):
        constraints = field.get("constraints", {})
        expected = f"attendu : {field['description']}"
        if cell == "":
            if constraints.get("required"):
                self.problem(line, column, f"valeur manquante ; {expected}")
            return None
        kind = field.get("type", "string")
        if kind == "integer":
            if not _INTEGER.fullmatch(cell):
                self.problem(line, column, f"« {cell} » n'est pas un nombre entier ; {expected}")
                return None
            value = int(cell)
            low, high = constraints.get("minimum"), constraints.get("maximum")
            if (low is not None and value < low) or (high is not None and value > high):
                self.problem(line, column, f"{value} hors des bornes ; {expected}")
                return None
            return value
        if kind == "boolean":
            if cell in field.get("trueValues", ["true"]):
                return True
            if cell in field.get("falseValues", ["false"]):
                return False
            self.problem(line, column, f"« {cell} » n'est pas un booléen ; {expected}")
            return None
        pattern, enum = constraints.get("pattern"), constraints.get("enum")
        max_length = constraints.get("maxLength")
        if (
            (pattern and not re.fullmatch(pattern, cell))
            or (enum and cell not in enum)
            or (max_length and len(cell) > max_length)
        ):
            self.problem(line, column, f"« {cell} » ne convient pas ; {expected}")
            return None
        return cell


def _level_of(code: str) -> str | None:
    for prefix, level in _LEVEL_BY_PREFIX.items():
        if code == prefix or (prefix.endswith("-") and code.startswith(prefix)):
            return level
    return None


def _check_territories(reader: _TableReader, rows: list[_Row]) -> dict[str, _Row]:
    """Cross-row checks; returns the well-formed rows by code, in file order."""
    column = {name: i for i, name in enumerate(reader.names, 1)}
    by_code: dict[str, _Row] = {}
    for row in rows:
        code, niveau = row.values["code"], row.values["niveau"]
        if code is None:
            continue
        if code in by_code:
            reader.problem(
                row.line, column["code"], f"{code} déjà déclaré ligne {by_code[code].line}"
            )
            continue
        by_code[code] = row
        if niveau is None:
            continue
        if _level_of(code) != niveau:
            reader.problem(
                row.line,
                column["niveau"],
                f"« {niveau} » ne correspond pas au code {code} ; attendu : {_level_of(code)}",
            )
            continue
        cog = row.values["cog"]
        expected_cog = code.split("-", 1)[1] if niveau in {"region", "departement"} else None
        if cog != expected_cog:
            reader.problem(
                row.line,
                column["cog"],
                f"« {cog or ''} » ne correspond pas au code {code} ; attendu : "
                + (f"{expected_cog}" if expected_cog else "vide"),
            )
        parent = row.values["parent"]
        parent_row = by_code.get(parent) if parent else None
        allowed = _PARENT_LEVELS[niveau]
        if (
            (parent is None) != (not allowed)
            or (parent is not None and parent_row is None)
            or (parent_row is not None and parent_row.values["niveau"] not in allowed)
        ):
            reader.problem(
                row.line,
                column["parent"],
                f"parent « {parent or ''} » invalide pour {code} ; "
                f"attendu : {_PARENT_FORM[niveau]}",
            )
    return by_code


def _check_populations(reader: _TableReader, rows: list[_Row], codes: set[str] | None) -> None:
    """Duplicates, and codes unknown to territoires.csv (`codes` None: that file was unreadable)."""
    column = {name: i for i, name in enumerate(reader.names, 1)}
    seen: dict[tuple, int] = {}
    for row in rows:
        code, annee = row.values["code"], row.values["annee"]
        if code is not None and codes is not None and code not in codes:
            reader.problem(
                row.line,
                column["code"],
                f"{code} absent de {TERRITOIRES_FILE} ; attendu : un code déclaré dans ce fichier",
            )
        if code is not None and annee is not None:
            if (code, annee) in seen:
                reader.problem(
                    row.line,
                    column["annee"],
                    f"population {code} {annee} déjà donnée ligne {seen[(code, annee)]}",
                )
            seen[(code, annee)] = row.line


def read_territory_files(data_dir: Path | None = None) -> tuple[list[_Row], list[_Row]]:
    """Validate both files; return their rows or raise `TerritoryDataError` with every problem."""
    data_dir = Path(data_dir) if data_dir else DATA_DIR
    problems: list[DataProblem] = []
    territories = _TableReader(
        data_dir / TERRITOIRES_FILE, DATA_DIR / "territoires.schema.json", problems
    )
    territory_rows = territories.rows()
    by_code = _check_territories(territories, territory_rows)
    populations = _TableReader(
        data_dir / POPULATIONS_FILE, DATA_DIR / "populations.schema.json", problems
    )
    population_rows = populations.rows()
    _check_populations(populations, population_rows, set(by_code) if territories.readable else None)
    if problems:
        raise TerritoryDataError(problems)
    return territory_rows, population_rows


@transaction.atomic
def load_territoires(data_dir: Path | None = None) -> LoadReport:
    """Create or update the shipped territories and populations; idempotent.

    Nothing is deleted: territories or figures absent from the files (a PTSM entered later, a
    population from another source) may be referenced by accounts or values and stay as they are.
    No acting user: this loads reference data shipped with the code, as a deployment step.
    """
    territory_rows, population_rows = read_territory_files(data_dir)
    report = LoadReport()
    existing = {territoire.code: territoire for territoire in Territoire.objects.all()}
    # Parents are declared before their children (checked above), so one pass suffices.
    for row in territory_rows:
        values = dict(row.values)
        code = values.pop("code")
        parent_code = values.pop("parent")
        values["cog"] = values["cog"] or ""
        values["parent"] = existing[parent_code] if parent_code else None
        territoire = existing.get(code)
        if territoire is None:
            existing[code] = Territoire.objects.create(code=code, **values)
            report.territoires_crees += 1
            continue
        changed = [name for name, value in values.items() if getattr(territoire, name) != value]
        if changed:
            for name in changed:
                setattr(territoire, name, values[name])
            territoire.save(update_fields=changed)
            report.territoires_modifies += 1

    figures = {
        (population.territoire.code, population.annee): population
        for population in Population.objects.select_related("territoire")
    }
    for row in population_rows:
        code, annee = row.values["code"], row.values["annee"]
        valeur, source = row.values["population"], row.values["source"]
        population = figures.get((code, annee))
        if population is None:
            Population.objects.create(
                territoire=existing[code], annee=annee, valeur=valeur, source=source
            )
            report.populations_creees += 1
        elif (population.valeur, population.source) != (valeur, source):
            population.valeur, population.source = valeur, source
            population.save(update_fields=["valeur", "source"])
            report.populations_modifiees += 1
    return report
