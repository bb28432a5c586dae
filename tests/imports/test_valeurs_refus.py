"""Each kind of problem refuses the whole file, with its French message and rows."""

import pytest

from jalon.campagnes.models import Campagne
from jalon.imports.models import ExecutionImport
from jalon.imports.valeurs import importer_valeurs
from jalon.journal.models import EntreeJournal
from jalon.saisies.models import HistoriqueValeur, Valeur
from tests.imports.valeurs_monde import construire_monde, ecrire_csv

BON = ["A017quaterINDR01", "REG-32", "2023", "12", "SAE", ""]


@pytest.fixture
def monde(db):
    return construire_monde()


def refuser(user, chemin):
    resultat = importer_valeurs(user, chemin)
    assert resultat.refuse
    assert resultat.execution.statut == ExecutionImport.Statut.REFUSE
    assert not Valeur.objects.exists()
    assert not HistoriqueValeur.objects.exists()
    assert not EntreeJournal.objects.filter(action="import_valeurs").exists()
    return resultat, "\n".join(resultat.lignes_texte())


@pytest.mark.parametrize(
    ("ligne", "code", "attendu"),
    [
        (["A017quaterINDR99", "REG-32", "2023", "1"], "indicateur_inconnu", "n'est pas un indic"),
        (["XX", "REG-32", "2023", "1"], "forme", "« XX » n'a pas la forme attendue"),
        (["A017quaterINDR01", "REG-99", "2023", "1"], "territoire_inconnu", "« REG-99 » n'est"),
        (["A017quaterINDR01", "Nord", "2023", "1"], "forme", "FR, REG-32, DEP-59"),
        (["A017quaterINDR01", "DEP-59", "2023", "1"], "maille", "DEP-59 (département) ne con"),
        (["A017quaterINDR01", "REG-32", "23", "1"], "forme", "2023, 2023-S1, 2023-Q1 ou"),
        (["A017quaterINDR01", "REG-32", "2023-03", "1"], "frequence", "période 2023-03 est trop"),
        (["A017quaterINDR01", "REG-32", "2023", "1 3 3"], "nombre", "groupés par trois"),
        (["A017quaterINDR01", "REG-32", "2023", "1,333,000"], "nombre", "qu'une fois"),
        (["A017quaterINDR01", "REG-32", "2023", "1e5"], "nombre", "n'est pas un nombre"),
        (["A017quaterINDR01", "REG-32", "2023", "13 %"], "nombre", "le signe % n'est pas"),
        (["A017quaterINDR01", "", "2023", "1"], "obligatoire", "cellule vide"),
    ],
)
def test_each_error_kind_refuses_the_whole_file(monde, tmp_path, ligne, code, attendu):
    chemin = ecrire_csv(tmp_path, [BON, ligne, BON[:1] + ["REG-11"] + BON[2:]])
    resultat, texte = refuser(monde.u.pilote, chemin)
    [groupe] = resultat.rapport.erreurs
    assert groupe.code == code
    assert groupe.lignes_texte() == "ligne 3"
    assert attendu in texte, texte
    assert "rien n'a été modifié" in texte
    assert resultat.execution.erreurs[0]["code"] == code


def test_rows_are_grouped_by_kind_with_compressed_ranges(monde, tmp_path):
    lignes = [BON] + [["A017quaterINDR01", "REG-99", "2023", "1"]] * 29  # rows 3-31
    lignes += [BON[:1] + ["REG-11"] + BON[2:], ["A017quaterINDR01", "REG-98", "2023", "1"]]
    lignes += [["A017quaterINDR01", "REG-11", "2023", "x"]]
    resultat, texte = refuser(monde.u.pilote, ecrire_csv(tmp_path, lignes))
    groupes = {g.code: g for g in resultat.rapport.erreurs}
    assert groupes["territoire_inconnu"].lignes_texte() == "lignes 3-31, 33"
    assert groupes["territoire_inconnu"].nombre == 30
    assert "… et 25 autre(s)." in texte
    assert groupes["nombre"].lignes_texte() == "ligne 34"
    assert "31 problème(s) de 2 sorte(s)" in texte


def test_duplicates_in_the_file(monde, tmp_path):
    lignes = [BON, ["A017quaterINDR01", "REG-11", "2023", "3"], [*BON[:3], "13"]]
    resultat, texte = refuser(monde.u.pilote, ecrire_csv(tmp_path, lignes))
    [groupe] = resultat.rapport.erreurs
    assert (groupe.code, groupe.lignes_texte()) == ("doublon", "ligne 4")
    assert "A017quaterINDR01 × REG-32 × 2023 figure déjà plus haut" in texte


def test_missing_column_and_unknown_column(monde, tmp_path):
    chemin = ecrire_csv(
        tmp_path,
        [["A017quaterINDR01", "2023", "1", "x"]],
        en_tete=["indicateur", "periode", "valeur", "libelle"],
    )
    resultat, texte = refuser(monde.u.pilote, chemin)
    assert {g.code for g in resultat.rapport.erreurs} == {"en_tete"}
    assert "colonne « territoire » absente" in texte
    assert "colonne « libelle » inconnue, ignorée" in texte


def test_an_unknown_column_alone_is_only_a_warning(monde, tmp_path):
    chemin = ecrire_csv(
        tmp_path,
        [[*BON[:4], "Hauts-de-France"]],
        en_tete=["indicateur", "territoire", "periode", "valeur", "nom"],
    )
    resultat = importer_valeurs(monde.u.pilote, chemin)
    assert not resultat.refuse
    assert [g.code for g in resultat.rapport.avertissements] == ["colonne_ignoree"]


@pytest.mark.parametrize(
    ("contenu", "attendu"),
    [
        (b"", "le fichier est vide"),
        (b"indicateur,territoire,periode,valeur\n", "aucune ligne de données"),
        (b'indicateur,territoire,periode,valeur\n"A017,REG-32\n', "CSV mal formé"),
    ],
)
def test_unreadable_files(monde, tmp_path, contenu, attendu):
    chemin = tmp_path / "f.csv"
    chemin.write_bytes(contenu)
    _, texte = refuser(monde.u.pilote, chemin)
    assert attendu in texte


def test_xlsm_and_fake_xlsx_are_refused(monde, tmp_path):
    macro = tmp_path / "f.xlsm"
    macro.write_bytes(b"PK")
    _, texte = refuser(monde.u.pilote, macro)
    assert "macros" in texte
    faux = tmp_path / "f.xlsx"
    faux.write_bytes(b"indicateur,territoire\n")
    _, texte = refuser(monde.u.pilote, faux)
    assert "n'est pas un classeur .xlsx valide" in texte


def test_an_error_after_written_batches_rolls_everything_back(monde, tmp_path):
    lignes = [
        ["A020INDM01", "FR", f"{a}-{m:02d}", "1"] for a in range(1900, 2100) for m in range(1, 13)
    ]
    lignes.append(["A020INDM01", "FR", "2101", "1"])
    resultat, texte = refuser(monde.u.pilote, ecrire_csv(tmp_path, lignes))
    assert "ligne 2402" in texte


def test_campaign_deadline_locks_rows_for_non_admins(monde, tmp_path):
    import datetime

    Campagne.objects.create(
        annee=2023,
        echeance_valeurs_regionales=datetime.date(2023, 12, 1),
        echeance_valeurs_nationales=datetime.date(2023, 12, 1),
        echeance_bilan_regional=datetime.date(2023, 12, 31),
        echeance_bilan_national=datetime.date(2024, 3, 31),
    )
    chemin = ecrire_csv(tmp_path, [["A017quaterINDM01", "REG-32", "2023", "4"]])
    _, texte = refuser(monde.u.ars, chemin)
    assert "Saisie fermée" in texte and "L'échéance du 01/12/2023 est passée" in texte
    assert not importer_valeurs(monde.u.admin, chemin).refuse
