"""Permissions of the values import: per row, the whole file refused; the command's user."""

import pytest
from django.core.management import CommandError, call_command

from jalon.imports.valeurs import importer_valeurs
from jalon.imports.valeurs.verification import champs, charger_schema
from jalon.saisies.models import Valeur
from tests.imports.valeurs_monde import construire_monde, ecrire_csv


@pytest.fixture
def monde(db):
    return construire_monde()


def test_an_ars_file_touching_another_region_is_refused_whole(monde, tmp_path):
    chemin = ecrire_csv(
        tmp_path,
        [
            ["A017quaterINDM01", "REG-32", "2023", "4"],
            ["A015INDR01", "DEP-59", "2023", "5"],
            ["A015INDR01", "DEP-75", "2023", "6"],  # Paris: Île-de-France
            ["A017quaterINDM01", "REG-11", "2023", "7"],
        ],
    )
    resultat = importer_valeurs(monde.u.ars, chemin)
    assert resultat.refuse
    [groupe] = resultat.rapport.erreurs
    assert (groupe.code, groupe.lignes_texte()) == ("permission", "lignes 4-5")
    assert "pas le droit de saisir A015INDR01 pour DEP-75" in "\n".join(resultat.lignes_texte())
    assert not Valeur.objects.exists()
    # Its own region alone goes through.
    seul = ecrire_csv(tmp_path, [["A017quaterINDM01", "REG-32", "2023", "4"]], nom="hdf.csv")
    assert not importer_valeurs(monde.u.ars, seul).refuse


def test_a_dgos_pilot_imports_dgos_indicators_only(monde, tmp_path):
    dgos = ecrire_csv(tmp_path, [["A017quaterINDR01", "REG-32", "2023", "4"]])
    assert not importer_valeurs(monde.u.pilote, dgos).refuse
    autres = ecrire_csv(
        tmp_path,
        [
            ["A017quaterINDR01", "REG-11", "2023", "4"],
            ["A06INDR01", "DEP-59", "2023", "5"],  # DREES
            ["A017quaterINDM01", "REG-32", "2023", "6"],  # filled by the ARS
        ],
        nom="autres.csv",
    )
    resultat = importer_valeurs(monde.u.pilote, autres)
    assert [(g.code, g.lignes_texte()) for g in resultat.rapport.erreurs] == [
        ("permission", "lignes 3-4")
    ]
    assert Valeur.objects.count() == 1


@pytest.mark.parametrize("compte", ["contributeur", "lecteur"])
def test_roles_without_import_right_are_refused_before_reading(monde, tmp_path, compte):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied, match="importent des valeurs"):
        importer_valeurs(getattr(monde.u, compte), tmp_path / "absent.csv")


# --- Command ---------------------------------------------------------------------------------


def test_command_imports_and_prints_counts(monde, tmp_path, capsys):
    chemin = ecrire_csv(tmp_path, [["A017quaterINDR01", "REG-32", "2023", "4"]])
    call_command("import_valeurs", str(chemin), "--utilisateur", "dgos", "--dry-run")
    assert "1 valeur(s) à créer" in capsys.readouterr().out
    assert not Valeur.objects.exists()
    call_command("import_valeurs", str(chemin), "--utilisateur", "dgos", "--progression")
    sortie = capsys.readouterr()
    assert "1 valeur(s) créées" in sortie.out
    assert "] 100 % 2 / ~2 lignes" in sortie.err
    assert Valeur.objects.count() == 1


@pytest.mark.parametrize(
    ("utilisateur", "attendu"),
    [("inconnu", "introuvable"), ("lecteur", "ne peut pas importer"), ("ptsm", "ne peut pas")],
)
def test_command_refuses_unknown_or_unauthorised_users(monde, tmp_path, utilisateur, attendu):
    chemin = ecrire_csv(tmp_path, [["A017quaterINDR01", "REG-32", "2023", "4"]])
    with pytest.raises(CommandError, match=attendu):
        call_command("import_valeurs", str(chemin), "--utilisateur", utilisateur)
    assert not Valeur.objects.exists()


def test_command_fails_with_the_report_on_a_bad_file(monde, tmp_path):
    chemin = ecrire_csv(tmp_path, [["A017quaterINDR01", "REG-99", "2023", "4"]])
    with pytest.raises(CommandError, match=r"(?s)fichier refusé.*Territoire inconnu.*ligne 2"):
        call_command("import_valeurs", str(chemin), "--utilisateur", "admin")
    with pytest.raises(CommandError, match="fichier introuvable"):
        call_command("import_valeurs", str(tmp_path / "non.csv"), "--utilisateur", "admin")


# --- The compiled checks agree with frictionless -----------------------------------------------


@pytest.mark.parametrize(
    "echantillon",
    [
        "A017quaterINDM01",
        "A1INDX01",
        "FR",
        "REG-32",
        "REG-3",
        "DEP-2A",
        "DEP-971",
        "PTSM-59-1",
        "Nord",
        "2023",
        "2023-S1",
        "2023-Q4",
        "2023-13",
        "23",
        "",
        " 2023 ",
    ],
)
def test_compiled_patterns_agree_with_frictionless(echantillon):
    for champ, compile_ in zip(charger_schema().fields, champs(), strict=True):
        _, notes = champ.read_cell(echantillon)
        frictionless_ok = not notes
        if not echantillon:
            compile_ok = not compile_.obligatoire
        else:
            compile_ok = compile_.motif is None or bool(compile_.motif.match(echantillon))
        assert frictionless_ok == compile_ok, (champ.name, echantillon)
