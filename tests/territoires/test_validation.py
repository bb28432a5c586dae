"""Each kind of malformed shipped file is refused with a French message naming the place."""

import pytest

from jalon.territoires.services import TerritoryDataError, read_territory_files

from .conftest import replace_line


def _problems(data_dir):
    with pytest.raises(TerritoryDataError) as caught:
        read_territory_files(data_dir)
    return caught.value.problems


def test_shipped_files_are_valid():
    territories, populations = read_territory_files()
    assert len(territories) == 120
    assert len(populations) == 120


def test_wrong_header(data_copy):
    path = data_copy / "populations.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] = "code,annee,valeur,source"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    [problem] = _problems(data_copy)
    assert (problem.file, problem.line, problem.column) == ("populations.csv", 1, 3)
    assert "en-tête attendu : code,annee,population,source" in str(problem)


@pytest.mark.parametrize(
    ("prefix", "new_line", "field", "expected"),
    [
        ("DEP-59,", "DEP-59,region,59,Nord,REG-32,false,160", "niveau", "attendu : departement"),
        ("DEP-59,", "DEP-59,departement,62,Nord,REG-32,false,160", "cog", "attendu : 59"),
        ("DEP-59,", "DEP-59,departement,59,Nord,FR,false,160", "parent", "REG-<COG>"),
        ("DEP-59,", "DEP-59,departement,59,,REG-32,false,160", "nom", "valeur manquante"),
        ("DEP-59,", "DEP-59,departement,59,Nord,REG-32,false,-1", "ordre", "hors des bornes"),
        ("DEP-59,", "DEP-5,departement,5,Nord,REG-32,false,160", "code", "DEP-<code COG>"),
        ("REG-32,", "REG-32,region,32,Hauts-de-France,,false,10", "parent", "attendu : FR"),
    ],
)
def test_territory_row_problems(data_copy, prefix, new_line, field, expected):
    line = replace_line(data_copy / "territoires.csv", prefix, new_line)
    problems = [p for p in _problems(data_copy) if (p.file, p.line) == ("territoires.csv", line)]
    assert problems, "la ligne fautive doit être signalée"
    assert problems[0].field == field
    assert expected in str(problems[0])
    assert str(problems[0]).startswith(f"territoires.csv, ligne {line}, colonne ")


def test_duplicate_territory(data_copy):
    path = data_copy / "territoires.csv"
    first = replace_line(path, "DEP-59,", "DEP-59,departement,59,Nord,REG-32,false,160")
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.append("DEP-59,departement,59,Nord,REG-32,false,160")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    [problem] = _problems(data_copy)
    assert problem.line == len(lines)
    assert f"déjà déclaré ligne {first}" in str(problem)


def test_child_declared_before_its_parent(data_copy):
    path = data_copy / "territoires.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    region = next(line for line in lines if line.startswith("REG-94,"))
    lines.remove(region)
    lines.append(region)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = _problems(data_copy)
    assert {p.field for p in problems} == {"parent"}
    assert {p.message.split(" invalide pour ")[1][:6] for p in problems} == {"DEP-2A", "DEP-2B"}


def test_duplicate_population_year(data_copy):
    path = data_copy / "populations.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines, 1) if line.startswith("DEP-59,"))
    lines.append(lines[first - 1])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    [problem] = _problems(data_copy)
    assert (problem.line, problem.field) == (len(lines), "annee")
    assert f"déjà donnée ligne {first}" in str(problem)


def test_wrong_number_of_columns(data_copy):
    line = replace_line(data_copy / "populations.csv", "DEP-59,", "DEP-59,2023")
    [problem] = _problems(data_copy)
    assert (problem.line, problem.column) == (line, 3)
    assert "4 colonnes attendues" in str(problem)


def test_invalid_utf8(data_copy):
    path = data_copy / "territoires.csv"
    raw = path.read_bytes().replace(b"Hauts-de-France", b"Hauts-de-Fran\xe7e", 1)
    path.write_bytes(raw)
    [problem] = _problems(data_copy)
    assert problem.file == "territoires.csv"
    assert problem.line == raw[: raw.index(b"\xe7")].count(b"\n") + 1
    assert "attendu : UTF-8" in str(problem)


def test_missing_file(data_copy):
    (data_copy / "populations.csv").unlink()
    [problem] = _problems(data_copy)
    assert str(problem) == "populations.csv, ligne 1 : fichier introuvable"
