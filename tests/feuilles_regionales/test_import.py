import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from jalon.feuilles_regionales import queries
from jalon.feuilles_regionales.importation import exporter_feuille, importer_feuille
from jalon.feuilles_regionales.models import ActionRegionale, LienActionNationale
from jalon.imports.models import ExecutionImport
from jalon.territoires.models import Territoire
from tests.factories import CompteFactory


def _classeur(version):
    return load_workbook(io.BytesIO(exporter_feuille(version)))


def _fichier(classeur, nom="feuille.xlsx"):
    flux = io.BytesIO()
    classeur.save(flux)
    return SimpleUploadedFile(nom, flux.getvalue())


def _cellule(feuille, numero, colonne):
    entete = [c.value for c in feuille[1]]
    for ligne in feuille.iter_rows(min_row=2):
        if ligne[entete.index("numero")].value == numero:
            return ligne[entete.index(colonne)]
    raise KeyError(numero)


@pytest.fixture
def ars(hdf):
    return CompteFactory(referent_ars=True, territoire=hdf)


def test_export_then_import_changes_nothing(hdf, ars):
    version = queries.version_courante(hdf)
    classeur = _classeur(version)
    assert classeur.active.max_row == 63
    rapport = importer_feuille(ars, hdf, _fichier(classeur))
    assert rapport.execution.statut == ExecutionImport.Statut.INCHANGE
    assert rapport.inchangees == 62


def test_import_applies_changes_once_then_is_idempotent(hdf, ars):
    version = queries.version_courante(hdf)
    classeur = _classeur(version)
    feuille = classeur.active
    _cellule(feuille, "7", "statut").value = "Engagée"
    _cellule(feuille, "7", "meteo").value = "en retard"
    _cellule(feuille, "7", "actions_nationales").value = "6 (confirmé), 26"
    _cellule(feuille, "7", "territoires").value = "DEP-59; DEP-62"
    _cellule(feuille, "7", "budget").value = "150 000,50"
    _cellule(feuille, "7", "jalons").value = "2025-03-31 | Plan de formation publié | fait"
    simulation = importer_feuille(ars, hdf, _fichier(classeur), dry_run=True)
    assert simulation.execution.statut == ExecutionImport.Statut.SIMULE
    assert queries.get_action(hdf, "7").statut == ""
    rapport = importer_feuille(ars, hdf, _fichier(classeur))
    assert rapport.execution.statut == ExecutionImport.Statut.APPLIQUE
    assert list(rapport.modifiees) == ["7"]
    action = queries.get_action(hdf, "7")
    assert (action.statut, action.meteo, str(action.budget)) == (
        "engagee",
        "en_retard",
        "150000.50",
    )
    etats = {lien.action.cle: lien.etat for lien in action.liens_nationaux.all()}
    assert etats == {"6": LienActionNationale.Etat.CONFIRME, "26": "propose"}
    assert sorted(t.code for t in action.territoires.all()) == ["DEP-59", "DEP-62"]
    again = importer_feuille(ars, hdf, _fichier(classeur))
    assert again.execution.statut == ExecutionImport.Statut.INCHANGE
    # The re-export carries the confirmed link and reads back unchanged.
    rexport = _classeur(queries.version_courante(hdf))
    assert _cellule(rexport.active, "7", "actions_nationales").value == "6 (confirmé), 26"
    assert importer_feuille(ars, hdf, _fichier(rexport)).inchangees == 62


@pytest.mark.parametrize(
    ("colonne", "valeur", "attendu", "colonne_erreur"),
    [
        ("statut", "en cours", "« en cours » inconnu", "statut"),
        ("date_fin", "31/02/2025", "n'est pas une date", "date_fin"),
        ("territoires", "DEP-31", "ni un département ni un PTSM de Hauts-de-France", "territoires"),
        ("actions_nationales", "99", "« 99 » n'est pas une action", "actions_nationales"),
        ("budget", "-5", "n'est pas un montant positif", "budget"),
        ("initiative_a_valoriser", "oui", "dites pourquoi", "initiative_note"),
        ("numero", "3", "figure déjà ligne", "numero"),
        ("jalons", "2025-01-01", "attendu « AAAA-MM-JJ | libellé »", "jalons"),
    ],
)
def test_bad_cell_refuses_the_whole_file(hdf, ars, colonne, valeur, attendu, colonne_erreur):
    classeur = _classeur(queries.version_courante(hdf))
    feuille = classeur.active
    _cellule(feuille, "4", "statut").value = "Réalisée"  # a valid change, not applied either
    cellule = _cellule(feuille, "5", colonne)
    cellule.value = valeur
    rapport = importer_feuille(ars, hdf, _fichier(classeur, "hdf.xlsx"))
    assert rapport.refuse
    erreur = rapport.erreurs[0]
    assert (erreur.fichier, erreur.ligne, erreur.colonne) == (
        "hdf.xlsx",
        cellule.row,
        colonne_erreur,
    )
    assert attendu in str(erreur)
    assert queries.get_action(hdf, "4").statut == ""
    assert rapport.execution.statut == ExecutionImport.Statut.REFUSE


def test_unknown_or_missing_columns_are_refused(hdf, ars):
    entete = "objectif;numero;statut;meteo;pilote;partenaires;budget;source;couleur"
    contenu = f"{entete}\nG;1;;;;;;;bleu\n".encode()
    rapport = importer_feuille(ars, hdf, SimpleUploadedFile("f.csv", contenu))
    textes = [str(e) for e in rapport.erreurs]
    assert any("colonne « couleur » : colonne inconnue" in t for t in textes)
    assert any("colonne « titre » : colonne obligatoire absente" in t for t in textes)


def test_import_of_another_region_is_refused(hdf):
    autre = CompteFactory(referent_ars=True, territoire=Territoire.objects.get(code="REG-76"))
    classeur = _classeur(queries.version_courante(hdf))
    with pytest.raises(PermissionDenied):
        importer_feuille(autre, hdf, _fichier(classeur))


def test_command_imports_for_a_region_and_checks_the_user(hdf, tmp_path):
    chemin = tmp_path / "occitanie.xlsx"
    classeur = _classeur(queries.version_courante(hdf))
    for numero in ("31", "47", "59"):  # Hauts-de-France departments mean nothing in Occitanie
        _cellule(classeur.active, numero, "territoires").value = ""
    classeur.save(chemin)
    autre = CompteFactory(referent_ars=True, territoire=Territoire.objects.get(code="REG-76"))
    with pytest.raises(CommandError, match="Refusé"):
        call_command(
            "import_feuille_regionale", str(chemin), region="REG-32", utilisateur=autre.username
        )
    out = io.StringIO()
    call_command(
        "import_feuille_regionale",
        str(chemin),
        region="REG-76",
        utilisateur=autre.username,
        dry_run=True,
        stdout=out,
    )
    assert "62 action(s) créée(s)" in out.getvalue() and "Simulation" in out.getvalue()
    assert not ActionRegionale.objects.filter(version__plan__territoire__code="REG-76").exists()
    call_command("import_feuille_regionale", str(chemin), region="REG-76", stdout=out)
    assert ActionRegionale.objects.filter(version__plan__territoire__code="REG-76").count() == 62
