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


@pytest.mark.parametrize("jeu", sorted(JEUX))
def test_xlsx_headers_are_the_schema_names_and_its_colonnes_sheet_gives_the_titles(
    monde, tmp_path, jeu
):
    """One header convention for every format (the schema's field names, which the schema
    validates); the French titles a spreadsheet reader needs come in a second sheet, read
    from the same schema, and the data stays the first sheet."""
    from openpyxl import load_workbook

    fichier = tmp_path / f"{jeu}.xlsx"
    call_command("export", "--format", "xlsx", "-o", str(fichier), "--jeu", jeu)
    schema = json.loads((tmp_path / f"{jeu}.schema.json").read_text())
    classeur = load_workbook(fichier)
    assert classeur.sheetnames == [jeu, "colonnes"]
    donnees, colonnes = classeur[jeu], classeur["colonnes"]
    assert [c.value for c in donnees[1]] == [f["name"] for f in schema["fields"]]
    assert donnees.freeze_panes == "A2"
    lignes = list(colonnes.iter_rows(values_only=True))
    assert lignes[0][:2] == ("Nom de la colonne (en-tête des fichiers)", "Intitulé")
    assert [(ligne[0], ligne[1]) for ligne in lignes[1:]] == [
        (f["name"], f["title"]) for f in schema["fields"]
    ]
    csv_entete = tmp_path / f"{jeu}.csv"
    call_command("export", "--format", "csv", "-o", str(csv_entete), "--jeu", jeu)
    assert csv_entete.read_text().splitlines()[0].split(",") == [c.value for c in donnees[1]]
