"""PTSM import: Table Schema and domain checks with row-level French errors, all or nothing,
idempotent re-import, codes kept in their case, `jalon import-ptsm`."""

import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from jalon.imports.erreurs import FichierRefuse
from jalon.journal.models import EntreeJournal
from jalon.territoires.models import FichePTSM, Territoire
from jalon.territoires.ptsm_import import importer_ptsm
from tests.campagnes.monde import construire_monde

ENTETE = "code;nom;departements;ctsm_signe;ctsm_signe_le;coordinateur_nom;coordinateur_email"


@pytest.fixture
def monde(db):
    return construire_monde()


def _csv(*lignes, entete=ENTETE) -> bytes:
    return ("\n".join([entete, *lignes]) + "\n").encode("utf-8")


def _importer(monde, contenu, nom="ptsm.csv", **options):
    return importer_ptsm(monde.u.admin, nom, contenu, **options)


FICHIER = _csv(
    "PTSM-59-lille;PTSM de la métropole lilloise;59;oui;2021-06-30;Camille Durand;"
    "c.durand@example.org",
    "PTSM-62;PTSM du Pas-de-Calais;62;non;;;",
    "PTSM-IDF-1;PTSM de Paris;DEP-75;Oui;15/03/2022;;",
)


def test_import_creates_ptsm_territories_and_their_records(monde):
    rapport = _importer(monde, FICHIER)

    assert sorted(rapport.crees) == ["PTSM-59-lille", "PTSM-62", "PTSM-IDF-1"]
    lille = Territoire.objects.get(code="PTSM-59-lille")
    assert lille.niveau == "ptsm" and lille.parent == monde.nord
    fiche = lille.fiche_ptsm
    assert fiche.ctsm_signe and fiche.ctsm_signe_le.isoformat() == "2021-06-30"
    assert fiche.coordinateur_email == "c.durand@example.org"
    assert list(fiche.departements.all()) == [monde.nord]
    assert FichePTSM.objects.get(territoire__code="PTSM-IDF-1").ctsm_signe_le.year == 2022
    assert EntreeJournal.objects.filter(action="ptsm_creation").count() == 3


def test_codes_keep_their_case(monde):
    _importer(monde, FICHIER)

    assert Territoire.objects.filter(code="PTSM-59-lille").exists()
    assert not Territoire.objects.filter(code="PTSM-59-LILLE").exists()


def test_reimport_is_idempotent_and_an_update_changes_only_what_changed(monde):
    _importer(monde, FICHIER)
    encore = _importer(monde, FICHIER)
    assert encore.crees == [] and encore.modifies == [] and len(encore.inchanges) == 3
    assert EntreeJournal.objects.filter(action="ptsm_modification").count() == 0

    modifie = _importer(monde, _csv("PTSM-62;PTSM du Pas-de-Calais;62;oui;2024-01-10;;"))
    assert modifie.modifies == ["PTSM-62"]
    assert sorted(modifie.absents) == ["PTSM-59-lille", "PTSM-IDF-1"]
    assert FichePTSM.objects.get(territoire__code="PTSM-62").ctsm_signe
    assert FichePTSM.objects.count() == 3  # missing from the file: left as they are


def test_a_ptsm_covering_two_departments_hangs_under_its_region(monde):
    _importer(monde, _csv('PTSM-HDF;PTSM interdépartemental;"59 ; 62";non;;;'))

    territoire = Territoire.objects.get(code="PTSM-HDF")
    assert territoire.parent == monde.hdf
    assert {d.code for d in territoire.fiche_ptsm.departements.all()} == {"DEP-59", "DEP-62"}


@pytest.mark.parametrize(
    ("ligne", "colonne", "extrait"),
    [
        ("ptsm-1;Nom;59;oui;;;", "code", "forme inattendue"),
        ("PTSM-1;;59;oui;;;", "nom", "valeur obligatoire"),
        ("PTSM-1;Nom;Nord;oui;;;", "departements", "forme inattendue"),
        ("PTSM-1;Nom;99;oui;;;", "departements", "département « 99 » inconnu"),
        ("PTSM-1;Nom;59,75;oui;;;", "departements", "d'une seule région"),
        ("PTSM-1;Nom;59;peut-être;;;", "ctsm_signe", "forme inattendue"),
        ("PTSM-1;Nom;59;non;2021-01-01;;", "ctsm_signe_le", "vaut « non »"),
        ("PTSM-1;Nom;59;oui;31/02/2021;;", "ctsm_signe_le", "AAAA-MM-JJ"),
        ("PTSM-1;Nom;59;oui;2999-01-01;;", "ctsm_signe_le", "dans le futur"),
        ("PTSM-1;Nom;59;oui;;X;pas-une-adresse", "coordinateur_email", "adresse électronique"),
        ("PTSM-SYN-59-01;Nom;59;oui;;;", "code", "réservé aux territoires synthétiques"),
    ],
)
def test_row_errors_name_row_and_column_and_nothing_is_applied(monde, ligne, colonne, extrait):
    contenu = _csv("PTSM-OK;Valide;62;non;;;", ligne)

    with pytest.raises(FichierRefuse) as exc:
        _importer(monde, contenu)

    erreurs = exc.value.erreurs
    assert any(e.ligne == 3 for e in erreurs)
    erreur = next(e for e in erreurs if e.colonne == colonne)
    assert extrait in erreur.message and str(erreur).startswith("ptsm.csv, ligne 3")
    assert not Territoire.objects.filter(code__startswith="PTSM").exists()


def test_duplicate_codes_in_any_case_are_refused(monde):
    with pytest.raises(FichierRefuse) as exc:
        _importer(monde, _csv("PTSM-a;A;59;non;;;", "PTSM-A;B;62;non;;;"))

    assert "figure déjà ligne 2" in str(exc.value)


def test_an_existing_code_in_another_case_is_refused(monde):
    _importer(monde, _csv("PTSM-a;A;59;non;;;"))

    with pytest.raises(FichierRefuse) as exc:
        _importer(monde, _csv("PTSM-A;A;59;non;;;"))

    assert "existe déjà sous la forme « PTSM-a »" in str(exc.value)


def test_unknown_and_missing_columns_are_reported(monde):
    with pytest.raises(FichierRefuse) as exc:
        _importer(monde, _csv("PTSM-1;Nom;59", entete="code;nom;departements;couleur"))

    messages = {(e.colonne, e.message) for e in exc.value.erreurs}
    assert ("couleur", next(m for c, m in messages if c == "couleur")) in messages
    assert any(c == "ctsm_signe" and "colonne obligatoire absente" in m for c, m in messages)


def test_dry_run_applies_nothing(monde):
    rapport = _importer(monde, FICHIER, dry_run=True)

    assert len(rapport.crees) == 3 and "seraient créés" in rapport.resume()
    assert not Territoire.objects.filter(niveau="ptsm").exists()


def test_xlsx_with_titles_as_headers_and_real_dates(monde):
    import datetime

    classeur = openpyxl.Workbook()
    feuille = classeur.active
    feuille.append(
        [
            "Code du PTSM",
            "Nom du PTSM",
            "Départements couverts",
            "CTSM signé",
            "Date de signature du CTSM",
        ]
    )
    feuille.append(["PTSM-x1", "PTSM du Nord", "59", "oui", datetime.datetime(2022, 5, 4)])
    tampon = io.BytesIO()
    classeur.save(tampon)

    _importer(monde, tampon.getvalue(), nom="ptsm.xlsx")

    assert FichePTSM.objects.get().ctsm_signe_le == datetime.date(2022, 5, 4)


def test_only_the_national_admin_imports(monde):
    for compte in ("ars", "pilote", "lecteur"):
        with pytest.raises(PermissionDenied):
            importer_ptsm(getattr(monde.u, compte), "ptsm.csv", FICHIER)
    with pytest.raises(PermissionDenied):
        importer_ptsm(None, "ptsm.csv", FICHIER)  # no operator outside the command
    assert not FichePTSM.objects.exists()


def test_command(monde, tmp_path, capsys):
    fichier = tmp_path / "ptsm.csv"
    fichier.write_bytes(FICHIER)

    call_command("import_ptsm", str(fichier), "--dry-run")
    assert "Simulation" in capsys.readouterr().out and not FichePTSM.objects.exists()
    call_command("import_ptsm", str(fichier), "--utilisateur", "admin")
    assert FichePTSM.objects.count() == 3
    with pytest.raises(CommandError, match="seule l'administration nationale"):
        call_command("import_ptsm", str(fichier), "--utilisateur", "ars-32")
    fichier.write_bytes(_csv("PTSM-9;Nom;999;oui;;;"))
    with pytest.raises(CommandError, match="rien n'a été importé"):
        call_command("import_ptsm", str(fichier))
