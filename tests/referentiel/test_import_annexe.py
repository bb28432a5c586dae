import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jalon.imports.models import ExecutionImport
from jalon.referentiel.importation import (
    calculer_diff,
    importer_annexe,
    preparer_import,
    version_fdr,
)
from jalon.referentiel.importation.diff import etat_annexe
from jalon.referentiel.models import (
    Action,
    ActionVersion,
    Axe,
    Indicateur,
    LienActionIndicateur,
    Organisation,
    Plan,
)
from tests.factories import UtilisateurFactory
from tests.referentiel.annexe_helpers import (
    ANNEXE,
    ecrire_csv,
    ecrire_tsv,
    ecrire_xlsx,
    lignes_annexe,
    trouver,
)

pytestmark = pytest.mark.django_db


def compter():
    return (
        Axe.objects.count(),
        ActionVersion.objects.count(),
        Indicateur.objects.count(),
        LienActionIndicateur.objects.count(),
        Organisation.objects.count(),
    )


def importer(fichier=ANNEXE, dry_run=False, utilisateur=None):
    return importer_annexe(utilisateur, fichier, version_fdr("2023"), dry_run=dry_run)


def test_seed_annex_is_parsed_with_the_expected_counts():
    annexe = preparer_import(ANNEXE)
    assert annexe.compteurs() == {
        "axes": 3,
        "actions": 49,  # the instruction's text announces 50
        "indicateurs": 110,
        "liens": 113,
        "liens_moyens": 56,
        "liens_resultats": 57,
    }
    assert annexe.actions["17 bis"].titre.startswith("Augmenter le nombre d'équipes mobiles")
    assert annexe.actions["31 quater"].titre.startswith("Créer le centre E-Care")
    assert annexe.axes[1].libelle == "Bien être mental et prévention"


def test_seed_annex_cleans_marks_and_sigles():
    annexe = preparer_import(ANNEXE)
    assert annexe.actions["37"].pilotes == ["DGCS", "DIPLP", "DIHAL"]
    assert annexe.actions["34"].pilotes == ["DGCS", "CNSA"]
    assert annexe.actions["34 bis"].pilotes == ["DMSMP"]
    assert annexe.actions["5"].pilotes == ["DGS", "DSS"]
    a08 = annexe.indicateurs["A08INDM01"]
    assert a08.libelle.endswith("pris en charge par les EMPPA")
    assert a08.fournisseur_libelle == a08.fournisseur_code == "DGOS"
    assert annexe.indicateurs["A037INDM01"].maille == "infra_departementale"
    assert annexe.indicateurs["A011INDR01"].maille == "departementale"
    assert annexe.indicateurs["A011INDR01"].frequence == "annuelle"
    assert annexe.indicateurs["A017bisINDM01"].frequence == "non_prevue"
    a_fixer = annexe.indicateurs["A036bisINDM01"]
    assert (a_fixer.maille, a_fixer.frequence, a_fixer.fournisseur_code) == (
        "a_fixer",
        "a_fixer",
        None,
    )
    assert not any("<b>" in str(v) for i in annexe.indicateurs.values() for v in vars(i).values())


def test_import_creates_the_referential_and_records_the_run():
    rapport = importer()
    assert rapport.execution.statut == ExecutionImport.Statut.APPLIQUE
    assert compter()[:4] == (3, 49, 110, 113)
    plan = Plan.objects.get(code="fdr-smp")
    version = plan.version_courante()
    assert version.code == "2023" and version.date.isoformat() == "2023-11-28"
    assert "2023/179" in version.source
    numeros = list(ActionVersion.objects.ordonnees().values_list("numero", flat=True))
    assert numeros[15:21] == ["16", "17", "17 bis", "17 ter", "17 quater", "18"]
    assert numeros[-4:] == ["36", "36 bis", "37", "38"]
    assert {"17-bis", "31-quater"} <= set(Action.objects.values_list("cle", flat=True))
    action_37 = ActionVersion.objects.get(numero="37")
    assert action_37.pilotes_libelle == "DGCS/DIPLP/DIHAL"
    assert sorted(action_37.pilotes.values_list("code", flat=True)) == ["DGCS", "DIHAL", "DIPLP"]
    assert Indicateur.objects.get(code="A036bisINDM01").fournisseur is None
    assert Indicateur.objects.get(code="A01INDM01").fournisseur.code == "DGESCO"
    lien = LienActionIndicateur.objects.get(indicateur__code="A038INDR01")
    assert lien.ligne_annexe == 57
    execution = ExecutionImport.objects.get()
    assert execution.utilisateur is None and execution.sha256 == rapport.diff.annexe.sha256
    assert execution.compteurs["diff"]["actions"]["ajouts"] == 49
    assert len(execution.diff["liens"]["ajouts"]) == 113


def test_second_import_changes_nothing():
    importer()
    with CaptureQueriesContext(connection) as requetes:
        rapport = importer()
    ecritures = [
        q["sql"]
        for q in requetes.captured_queries
        if "referentiel_" in q["sql"] and q["sql"].split()[0] in {"INSERT", "UPDATE", "DELETE"}
    ]
    assert ecritures == []
    assert rapport.diff.est_vide
    assert rapport.execution.statut == ExecutionImport.Statut.INCHANGE
    assert "Aucune différence" in "\n".join(rapport.lignes_texte())


def test_dry_run_shows_the_diff_and_writes_nothing():
    rapport = importer(dry_run=True)
    assert compter() == (0, 0, 0, 0, 0)
    assert not Plan.objects.exists()
    assert rapport.execution.statut == ExecutionImport.Statut.SIMULE
    assert rapport.diff.compteurs()["indicateurs"]["ajouts"] == 110
    texte = "\n".join(rapport.lignes_texte())
    assert "+ 17 bis — Augmenter" in texte and "Simulation" in texte


@pytest.mark.parametrize("format_", ["xlsx", "csv-virgule", "csv-cp1252"])
def test_xlsx_and_csv_copies_give_the_same_result(tmp_path, format_):
    lignes = lignes_annexe()
    if format_ == "xlsx":
        fichier = ecrire_xlsx(tmp_path / "annexe.xlsx", lignes)
    elif format_ == "csv-virgule":
        fichier = ecrire_csv(tmp_path / "annexe.csv", lignes, separateur=",")
    else:
        fichier = ecrire_csv(tmp_path / "annexe.csv", lignes, encodage="cp1252")
    reference, copie = preparer_import(ANNEXE), preparer_import(fichier)
    assert etat_annexe(copie) == etat_annexe(reference)
    assert {c: i.attributs() for c, i in copie.indicateurs.items()} == {
        c: i.attributs() for c, i in reference.indicateurs.items()
    }
    importer()
    assert importer(fichier).diff.est_vide


def test_modified_copy_gives_exactly_the_expected_diff(tmp_path):
    importer()
    ActionVersion.objects.filter(numero="1").update(titre_court="CPS")
    Indicateur.objects.filter(code="A01INDM01").update(unite="programmes")
    lignes = lignes_annexe()
    lignes[trouver(lignes, "A01INDM01")][3] = "Nombre de programmes CPS"
    del lignes[trouver(lignes, "A033INDR01")]
    nouvelle = ["57", "39 - Nouvelle action", "DGCS", "Nombre de X", "A039INDM01", "DGCS"]
    nouvelle += ["DGCS", "Régionale", "Annuelle"]
    lignes.insert(trouver(lignes, "A038INDM01") + 1, nouvelle)
    fichier = ecrire_tsv(tmp_path / "annexe.tsv", lignes)

    diff = calculer_diff(preparer_import(fichier), version_fdr("2023"))
    cles = {
        nom: {sorte: [e["cle"] for e in getattr(s, sorte)] for sorte in vars(s)}
        for nom, s in diff.sections.items()
    }
    assert cles == {
        "organisations": {"ajouts": [], "modifications": [], "suppressions": []},
        "axes": {"ajouts": [], "modifications": [], "suppressions": []},
        "actions": {"ajouts": ["39"], "modifications": [], "suppressions": []},
        "indicateurs": {
            "ajouts": ["A039INDM01"],
            "modifications": ["A01INDM01"],
            "suppressions": ["A033INDR01"],
        },
        "liens": {"ajouts": ["39 / A039INDM01"], "modifications": [], "suppressions": []}
        | {"suppressions": ["33 / A033INDR01"]},
    }
    assert diff.sections["indicateurs"].modifications[0]["champs"] == {
        "libelle": [
            "Nombre de programmes traitant des compétences psychosociales (CPS) menés dans "
            "l'enseignement scolaire",
            "Nombre de programmes CPS",
        ]
    }

    rapport = importer(fichier)
    assert rapport.execution.statut == ExecutionImport.Statut.APPLIQUE
    assert ActionVersion.objects.get(numero="39").axe.numero == 3
    assert LienActionIndicateur.objects.get(indicateur__code="A039INDM01").ligne_annexe == 57
    a033 = Indicateur.objects.get(code="A033INDR01")
    assert a033.retire and not a033.liens_actions.exists()
    a01 = Indicateur.objects.get(code="A01INDM01")
    assert (a01.libelle, a01.unite) == ("Nombre de programmes CPS", "programmes")
    assert ActionVersion.objects.get(numero="1").titre_court == "CPS"
    assert importer(fichier).diff.est_vide

    # Back to the published annex: the action leaves the version, its identity stays, and the
    # retired indicator comes back.
    retour = importer()
    assert [s["cle"] for s in retour.diff.sections["actions"].suppressions] == ["39"]
    assert not ActionVersion.objects.filter(numero="39").exists()
    assert Action.objects.filter(cle="39").exists()
    assert Indicateur.objects.get(code="A039INDM01").retire
    assert not Indicateur.objects.get(code="A033INDR01").retire
    assert compter()[1:4] == (49, 111, 113)


def _refus(fichier):
    avant = compter()
    rapport = importer(fichier)
    assert rapport.refuse
    assert compter() == avant
    assert ExecutionImport.objects.filter(statut="refuse").count() == 1
    return [str(erreur) for erreur in rapport.erreurs]


def _cas(tmp_path, modifier, nom="annexe.tsv"):
    importer()
    lignes = lignes_annexe()
    modifier(lignes)
    return ecrire_tsv(tmp_path / nom, lignes)


def test_bad_maille_is_refused_naming_line_and_column(tmp_path):
    def modifier(lignes):
        lignes[trouver(lignes, "A02INDM01")][7] = "Régionnale"

    numero = trouver(lignes_annexe(), "A02INDM01") + 1
    erreurs = _refus(_cas(tmp_path, modifier))
    assert erreurs == [
        f"annexe.tsv, ligne {numero}, colonne « Maille » : « Régionnale » n'est pas une maille "
        "reconnue (attendu : Nationale, Régionale, Départementale, Infra-départementale, "
        "A fixer ultérieurement)"
    ]


def test_all_errors_are_collected(tmp_path):
    def modifier(lignes):
        lignes[trouver(lignes, "A02INDM01")][8] = "Trimestrielle"
        lignes[trouver(lignes, "A03INDM01")][4] = "B03"
        lignes[trouver(lignes, "A04INDM01")][1] = "4 quindecies - Former"
        lignes[trouver(lignes, "A05INDM01")][3] = ""

    erreurs = _refus(_cas(tmp_path, modifier))
    assert len(erreurs) == 4
    assert "colonne « MAJ » : « Trimestrielle » n'est pas une fréquence reconnue" in erreurs[0]
    assert "colonne « Code » : « B03 » n'a pas la forme attendue" in erreurs[1]
    assert "colonne « Actions FDR » : « 4 quindecies » n'est pas un numéro d'action" in erreurs[2]
    assert "colonne « Indicateurs » : valeur manquante" in erreurs[3]


def test_missing_column_is_refused(tmp_path):
    def modifier(lignes):
        for cellules in lignes:
            if len(cellules) == 9:
                del cellules[7]

    erreurs = _refus(_cas(tmp_path, modifier))
    assert erreurs[0] == (
        "annexe.tsv, ligne 5, colonne « Maille » : colonne absente de l'en-tête (attendu : ID, "
        "Actions FDR, DAC, Indicateurs, Code, Fournisseurs, Source, Maille, MAJ)."
    )
    assert len(erreurs) == 2  # one per table header


def test_same_code_with_conflicting_attributes_is_refused(tmp_path):
    def modifier(lignes):
        lignes[trouver(lignes, "A02INDM01")][4] = "A01INDM01"

    erreurs = _refus(_cas(tmp_path, modifier))
    # Label, provider and source differ; maille and frequency happen to be the same.
    assert [e.split(" : ")[0] for e in erreurs] == [
        "annexe.tsv, ligne 8, colonne « Indicateurs »",
        "annexe.tsv, ligne 8, colonne « Fournisseurs »",
        "annexe.tsv, ligne 8, colonne « Source »",
    ]
    assert "le code A01INDM01 figure déjà ligne 7 avec « DGESCO » au lieu de « DGT »" in erreurs[1]


def test_same_action_number_with_two_titles_is_refused(tmp_path):
    def modifier(lignes):
        lignes[trouver(lignes, "A05INDM02")][1] = "5 - Autre intitulé"

    erreurs = _refus(_cas(tmp_path, modifier))
    assert len(erreurs) == 1
    assert "colonne « Actions FDR » : l'action 5 a un autre intitulé ligne" in erreurs[0]


def test_data_row_before_any_axis_is_refused(tmp_path):
    def modifier(lignes):
        del lignes[5]  # the "AXE 1" row under the first header

    erreurs = _refus(_cas(tmp_path, modifier))
    assert erreurs[0].startswith("annexe.tsv, ligne 6 : ligne de données avant toute ligne")


def test_file_without_header_is_refused(tmp_path):
    def modifier(lignes):
        lignes[:] = [c for c in lignes if c[0] != "ID"]

    assert "aucune ligne d'en-tête trouvée" in _refus(_cas(tmp_path, modifier))[0]


@pytest.mark.parametrize(
    ("nom", "contenu", "attendu"),
    [
        ("vide.tsv", b"", "vide.tsv : le fichier est vide."),
        ("annexe.pdf", b"%PDF-1.4", "annexe.pdf : extension « .pdf » non acceptée"),
    ],
)
def test_empty_file_and_wrong_extension_are_refused(tmp_path, nom, contenu, attendu):
    importer()
    fichier = tmp_path / nom
    fichier.write_bytes(contenu)
    assert _refus(fichier)[0].startswith(attendu)


def test_too_big_file_is_refused_before_reading(settings):
    importer()
    settings.JALON_IMPORT_MAX_BYTES = 1000
    assert "au-delà de la limite de 1000 octets" in _refus(ANNEXE)[0]


def test_command_dry_run_then_import(capsys):
    admin = UtilisateurFactory(username="dmsmp", role="admin_national")
    call_command("import_referentiel", str(ANNEXE), "--dry-run", "--version", "2023")
    assert "+ 31 quater — Créer le centre E-Care" in capsys.readouterr().out
    assert not ActionVersion.objects.exists()
    call_command("import_referentiel", str(ANNEXE), "--utilisateur", "dmsmp")
    assert ActionVersion.objects.count() == 49
    assert ExecutionImport.objects.filter(utilisateur=admin, dry_run=False).exists()


def test_command_refuses_a_user_who_is_not_national_admin():
    UtilisateurFactory(username="lecteur", role="lecteur")
    with pytest.raises(CommandError, match="n'est pas administrateur national"):
        call_command("import_referentiel", str(ANNEXE), "--utilisateur", "lecteur")
    assert not ExecutionImport.objects.exists()


def test_command_reports_a_refused_file(tmp_path):
    fichier = tmp_path / "annexe.txt"
    fichier.write_text("ID\tActions FDR\tDAC\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Fichier refusé"):
        call_command("import_referentiel", str(fichier))
