from decimal import Decimal

import pytest

from jalon.imports.models import ExecutionImport
from jalon.imports.valeurs import importer_valeurs
from jalon.journal.models import EntreeJournal
from jalon.saisies.models import HistoriqueValeur, Valeur
from tests.imports.valeurs_monde import construire_monde, ecrire_csv, ecrire_xlsx

S = Valeur.Statut


@pytest.fixture
def monde(db):
    return construire_monde()


def importer(user, chemin, **kwargs):
    return importer_valeurs(user, chemin, **kwargs)


def test_valid_file_imports_values_history_and_one_journal_entry(monde, tmp_path):
    chemin = ecrire_csv(
        tmp_path,
        [
            ["A017quaterINDR01", "REG-32", "2023", "1 333", "SAE", ""],
            ["A017quaterINDR01", "REG-11", "2023", "1234.5", "SAE", "estimé"],
            ["A017quaterINDR01", "FR", "2023", "2 567,5", "SAE", ""],
            ["A033INDM01", "FR", "2023", "13,5 %", "", ""],
        ],
    )
    resultat = importer(monde.u.pilote, chemin)
    assert not resultat.refuse, resultat.lignes_texte()
    assert resultat.execution.statut == ExecutionImport.Statut.APPLIQUE
    assert resultat.rapport.compteurs["a_creer"] == 4
    valeurs = {
        (v.indicateur.code, v.territoire.code): v
        for v in Valeur.objects.select_related("indicateur", "territoire")
    }
    hdf = valeurs[("A017quaterINDR01", "REG-32")]
    assert (hdf.valeur, hdf.source, hdf.statut, hdf.canal) == (
        Decimal("1333"),
        "SAE",
        S.BROUILLON,
        Valeur.Canal.IMPORT,
    )
    assert (hdf.annee, hdf.debut.isoformat(), hdf.saisie_par) == (
        2023,
        "2023-01-01",
        monde.u.pilote,
    )
    assert valeurs[("A017quaterINDR01", "REG-11")].valeur == Decimal("1234.5")
    assert valeurs[("A033INDM01", "FR")].valeur == Decimal("13.5")
    assert HistoriqueValeur.objects.filter(ancien_statut="", canal="import").count() == 4
    journal = EntreeJournal.objects.get(action="import_valeurs")
    assert journal.apres["a_creer"] == 4 and journal.utilisateur == monde.u.pilote


def test_reimporting_the_same_file_writes_nothing(monde, tmp_path):
    lignes = [
        ["A017quaterINDR01", "REG-32", "2023", "12", "SAE", "note"],
        ["A017quaterINDR01", "REG-11", "2023", "14", "SAE", ""],
    ]
    chemin = ecrire_csv(tmp_path, lignes)
    importer(monde.u.pilote, chemin)
    avant = list(Valeur.objects.values_list("pk", "version", "modifie_le"))
    historique = HistoriqueValeur.objects.count()
    # The same figures written differently are the same values.
    chemin2 = ecrire_csv(
        tmp_path,
        [[*lignes[0][:3], "12,000", *lignes[0][4:]], lignes[1]],
        nom="bis.csv",
    )
    resultat = importer(monde.u.pilote, chemin2)
    assert resultat.execution.statut == ExecutionImport.Statut.INCHANGE
    assert resultat.rapport.compteurs == {
        "lignes": 2,
        "a_creer": 0,
        "a_modifier": 0,
        "inchangees": 2,
        "ignorees": 0,
    }
    assert list(Valeur.objects.values_list("pk", "version", "modifie_le")) == avant
    assert HistoriqueValeur.objects.count() == historique
    assert EntreeJournal.objects.filter(action="import_valeurs").count() == 1


def test_update_bumps_version_and_keeps_history(monde, tmp_path):
    importer(monde.u.pilote, ecrire_csv(tmp_path, [["A017quaterINDR01", "REG-32", "2023", "12"]]))
    resultat = importer(
        monde.u.pilote,
        ecrire_csv(tmp_path, [["A017quaterINDR01", "REG-32", "2023", "15", "SAE"]], nom="b.csv"),
    )
    assert resultat.rapport.compteurs["a_modifier"] == 1
    valeur = Valeur.objects.get()
    assert (valeur.valeur, valeur.version, valeur.source) == (Decimal("15"), 2, "SAE")
    dernier = HistoriqueValeur.objects.filter(valeur=valeur).last()
    assert (dernier.ancienne_valeur, dernier.nouvelle_valeur) == (Decimal("12"), Decimal("15"))


def test_dry_run_counts_and_writes_nothing(monde, tmp_path):
    importer(monde.u.pilote, ecrire_csv(tmp_path, [["A017quaterINDR01", "REG-32", "2023", "12"]]))
    chemin = ecrire_csv(
        tmp_path,
        [
            ["A017quaterINDR01", "REG-32", "2023", "12"],
            ["A017quaterINDR01", "REG-11", "2023", "7"],
            ["A017quaterINDR01", "FR", "2023", "30"],
            ["A017quaterINDR01", "REG-32", "2022", "", "", ""],
        ],
        nom="simulation.csv",
    )
    avant = list(Valeur.objects.values_list("pk", "version"))
    resultat = importer(monde.u.pilote, chemin, dry_run=True)
    assert resultat.execution.statut == ExecutionImport.Statut.SIMULE
    c = resultat.rapport.compteurs
    assert (c["a_creer"], c["a_modifier"], c["inchangees"], c["ignorees"]) == (2, 0, 1, 1)
    assert list(Valeur.objects.values_list("pk", "version")) == avant
    assert "Simulation : rien n'a été appliqué" in "\n".join(resultat.lignes_texte())


def test_submitted_value_only_changed_by_admin_but_same_value_is_fine(monde, tmp_path):
    from jalon.saisies.services import enregistrer_valeur, soumettre_valeurs

    v = enregistrer_valeur(
        monde.u.ars, monde.ind.ars, monde.hdf, "2023", "10", canal=Valeur.Canal.FORMULAIRE
    )
    soumettre_valeurs(monde.u.ars, [v])
    pareil = ecrire_csv(tmp_path, [["A017quaterINDM01", "REG-32", "2023", "10"]])
    assert importer(monde.u.ars, pareil).execution.statut == ExecutionImport.Statut.INCHANGE
    autre = ecrire_csv(tmp_path, [["A017quaterINDM01", "REG-32", "2023", "11"]], nom="o.csv")
    refus = importer(monde.u.ars, autre)
    assert refus.refuse
    assert "est soumise : seule l'administration nationale" in "\n".join(refus.lignes_texte())
    ok = importer(monde.u.admin, autre)
    assert not ok.refuse
    v.refresh_from_db()
    assert (v.valeur, v.statut) == (Decimal("11"), S.SOUMISE)


def test_xlsx_first_sheet_with_numbers_and_text(monde, tmp_path):
    chemin = ecrire_xlsx(
        tmp_path,
        [
            ["A017quaterINDR01", "REG-32", 2023, 1333, "SAE", None],
            ["A017quaterINDR01", "REG-11", "2023", 0.125, None, None],
            ["A017quaterINDR01", "FR", "2023", "1 500,5", None, "total"],
        ],
    )
    resultat = importer(monde.u.pilote, chemin)
    assert not resultat.refuse, resultat.lignes_texte()
    assert sorted(Valeur.objects.values_list("valeur", flat=True)) == [
        Decimal("0.125"),
        Decimal("1333"),
        Decimal("1500.5"),
    ]


@pytest.mark.parametrize(("separateur", "bom"), [(";", True), (",", True), (";", False)])
def test_csv_semicolon_and_bom(monde, tmp_path, separateur, bom):
    chemin = ecrire_csv(
        tmp_path,
        [["A017quaterINDR01", "REG-32", "2023", "1 333,5", "SAE", "ok"]],
        separateur=separateur,
        bom=bom,
    )
    resultat = importer(monde.u.pilote, chemin)
    assert not resultat.refuse, resultat.lignes_texte()
    assert Valeur.objects.get().valeur == Decimal("1333.5")


def test_windows_1252_csv_is_read(monde, tmp_path):
    chemin = tmp_path / "excel.csv"
    chemin.write_bytes(
        "indicateur;territoire;periode;valeur;source;commentaire\n"
        "A017quaterINDR01;REG-32;2023;12;SAE;donnée révisée\n".encode("cp1252")
    )
    assert not importer(monde.u.pilote, chemin).refuse
    assert Valeur.objects.get().commentaire == "donnée révisée"


def test_monthly_values_and_columns_in_any_order(monde, tmp_path):
    chemin = ecrire_csv(
        tmp_path,
        [["2023-01", "FR", "A020INDM01", "10"], ["2023-02", "FR", "A020INDM01", "11"]],
        en_tete=["periode", "territoire", "indicateur", "valeur"],
    )
    resultat = importer(monde.u.pilote, chemin)
    assert not resultat.refuse, resultat.lignes_texte()
    assert sorted(Valeur.objects.values_list("periode", flat=True)) == ["2023-01", "2023-02"]


def test_empty_value_with_comment_records_no_figure(monde, tmp_path):
    chemin = ecrire_csv(
        tmp_path, [["A017quaterINDR01", "REG-32", "2023", "", "", "donnée non disponible"]]
    )
    assert not importer(monde.u.pilote, chemin).refuse
    v = Valeur.objects.get()
    assert (v.valeur, v.commentaire) == (None, "donnée non disponible")


def test_large_file_spans_several_batches(monde, tmp_path):
    lignes = [
        ["A020INDM01", "FR", f"{annee}-{mois:02d}", str(annee * 100 + mois)]
        for annee in range(1900, 2100)
        for mois in range(1, 13)
    ]
    resultat = importer(monde.u.pilote, ecrire_csv(tmp_path, lignes))
    assert not resultat.refuse, resultat.lignes_texte()
    assert Valeur.objects.count() == HistoriqueValeur.objects.count() == len(lignes) == 2400
    encore = importer(monde.u.pilote, ecrire_csv(tmp_path, lignes, nom="encore.csv"))
    assert encore.rapport.compteurs["inchangees"] == 2400


def test_territory_codes_keep_their_case(monde, tmp_path):
    """A PTSM code written with lower case is found as written (it used to be upper-cased and
    refused as unknown)."""
    from jalon.territoires.models import Territoire
    from tests.factories import IndicateurFactory

    Territoire.objects.create(
        code="PTSM-syn-a",
        niveau=Territoire.Niveau.PTSM,
        nom="PTSM fictif",
        parent=Territoire.objects.get(code="DEP-59"),
    )
    IndicateurFactory(
        code="A016INDR01",
        fournisseur=monde.ind.dgos.fournisseur,
        maille=IndicateurFactory._meta.model.Maille.INFRA_DEPARTEMENTALE,
    )
    chemin = ecrire_csv(tmp_path, [["A016INDR01", "PTSM-syn-a", "2023", "12", "", ""]])
    resultat = importer(monde.u.pilote, chemin)
    assert not resultat.refuse, resultat.lignes_texte()
    assert Valeur.objects.get(territoire__code="PTSM-syn-a").valeur == Decimal("12")
