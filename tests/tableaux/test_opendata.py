"""Open data files: they validate against their Table Schema (frictionless), formulas are
neutralised, `jalon export` writes the file and its schema."""

import json

import pytest
from django.core.management import CommandError, call_command
from frictionless import Resource, Schema

from jalon.opendata.jeux import JEUX
from jalon.referentiel.models import Indicateur
from tests.factories import LienActionIndicateurFactory


def valider(chemin, schema_chemin):
    rapport = Resource(
        path=chemin.name,
        basepath=str(chemin.parent),
        schema=Schema.from_descriptor(json.loads(schema_chemin.read_text())),
    ).validate()
    erreurs = [e.message for tache in rapport.tasks for e in tache.errors][:5]
    assert rapport.valid, erreurs
    return rapport


@pytest.mark.parametrize("jeu", sorted(JEUX))
def test_every_csv_export_validates_against_its_schema(monde, tmp_path, jeu):
    LienActionIndicateurFactory(indicateur=monde.national)
    fichier = tmp_path / f"{jeu}.csv"
    call_command("export", "--format", "csv", "-o", str(fichier), "--jeu", jeu)
    rapport = valider(fichier, tmp_path / f"{jeu}.schema.json")
    assert rapport.tasks[0].stats["rows"] > 0


def valider_json(chemin, schema_chemin):
    """A JSON export is a document whose ``valeurs`` are the records of the table."""
    document = json.loads(chemin.read_text())
    rapport = Resource(
        data=document["valeurs"],
        schema=Schema.from_descriptor(json.loads(schema_chemin.read_text())),
    ).validate()
    erreurs = [e.message for tache in rapport.tasks for e in tache.errors][:5]
    assert rapport.valid, erreurs
    return rapport


@pytest.mark.parametrize("jeu", sorted(JEUX))
@pytest.mark.parametrize("format_", ["xlsx", "json"])
def test_every_xlsx_and_json_export_validates_against_its_schema(monde, tmp_path, jeu, format_):
    LienActionIndicateurFactory(indicateur=monde.national)
    fichier = tmp_path / f"{jeu}.{format_}"
    call_command("export", "--format", format_, "-o", str(fichier), "--jeu", jeu)
    schema = tmp_path / f"{jeu}.schema.json"
    rapport = valider(fichier, schema) if format_ == "xlsx" else valider_json(fichier, schema)
    assert rapport.tasks[0].stats["rows"] > 0


def test_a_tampered_xlsx_fails_its_schema(monde, tmp_path):
    """The validation above can fail: a number column holding text is caught."""
    from openpyxl import load_workbook

    fichier = tmp_path / "valeurs.xlsx"
    call_command("export", "--format", "xlsx", "-o", str(fichier), "--validees-seulement")
    classeur = load_workbook(fichier)
    feuille = classeur.active
    colonne = [c.value for c in feuille[1]].index("valeur") + 1
    feuille.cell(row=2, column=colonne, value="beaucoup")
    classeur.save(fichier)
    with pytest.raises(AssertionError, match="valeur"):
        valider(fichier, tmp_path / "valeurs.schema.json")


def test_values_export_with_and_without_unvalidated(monde, tmp_path):
    toutes, validees = tmp_path / "toutes.csv", tmp_path / "validees.csv"
    call_command("export", "--format", "csv", "-o", str(toutes))
    call_command("export", "--format", "csv", "-o", str(validees), "--validees-seulement")
    valider(validees, tmp_path / "validees.schema.json")
    texte_toutes, texte_validees = toutes.read_text(), validees.read_text()
    assert "9876.5" in texte_toutes and "9876.5" not in texte_validees
    assert ",brouillon," in texte_toutes and ",brouillon," not in texte_validees
    assert texte_validees.splitlines()[0].startswith("indicateur,indicateur_libelle,unite")


def test_formula_like_cells_are_neutralised(monde, tmp_path):
    Indicateur.objects.filter(code="A06INDM01").update(libelle='=HYPERLINK("http://x","clic")')
    fichier = tmp_path / "valeurs.csv"
    call_command("export", "--format", "csv", "-o", str(fichier), "--validees-seulement")
    assert "'=HYPERLINK" in fichier.read_text()
    assert ',"=HYPERLINK' not in fichier.read_text()
    valider(fichier, tmp_path / "valeurs.schema.json")
    xlsx = tmp_path / "valeurs.xlsx"
    call_command("export", "--format", "xlsx", "-o", str(xlsx), "--validees-seulement")
    from openpyxl import load_workbook

    cellules = [c.value for ligne in load_workbook(xlsx).active.iter_rows() for c in ligne]
    assert '\'=HYPERLINK("http://x","clic")' in cellules
    assert not any(isinstance(c, str) and c.startswith("=") for c in cellules)


def test_json_export_lists_records_with_numbers(monde, tmp_path):
    fichier = tmp_path / "valeurs.json"
    call_command("export", "--format", "json", "-o", str(fichier), "--validees-seulement")
    document = json.loads(fichier.read_text())
    assert document["licence"].startswith("Licence Ouverte")
    nationales = [v for v in document["valeurs"] if v["indicateur"] == "A06INDM01"]
    assert [(v["periode"], v["valeur"]) for v in nationales] == [
        ("2021", 100.0),
        ("2022", 120.0),
        ("2023", 90.0),
    ]


def test_export_refuses_a_wrong_extension_or_folder(monde, tmp_path):
    with pytest.raises(CommandError, match="extension"):
        call_command("export", "--format", "csv", "-o", str(tmp_path / "valeurs.xlsx"))
    with pytest.raises(CommandError, match="n'existe pas"):
        call_command("export", "--format", "csv", "-o", str(tmp_path / "absent" / "v.csv"))
