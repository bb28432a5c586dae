import json

import pytest
from django.core.management import CommandError, call_command

from jalon.referentiel.audit import Genre, auditer_referentiel
from jalon.referentiel.importation import importer_annexe, version_fdr
from jalon.referentiel.models import LienActionIndicateur
from tests.referentiel.annexe_helpers import ANNEXE

pytestmark = pytest.mark.django_db


@pytest.fixture
def version():
    importer_annexe(None, ANNEXE, version_fdr("2023"))
    return version_fdr("2023")


def objets(anomalies, genre):
    return [a.objets for a in anomalies if a.genre == genre]


def test_audit_finds_the_known_anomalies_of_the_seed(version):
    anomalies = auditer_referentiel(version)
    assert objets(anomalies, Genre.CODE_AUTRE_ACTION) == [
        ("A019bisINDR01", "action 19"),
        ("A020INDM01", "action 22"),
        ("A05INDM02", "action 23"),
    ]
    assert ("A020INDR01", "A020iINDR01") in objets(anomalies, Genre.LIBELLE_EN_DOUBLE)
    assert objets(anomalies, Genre.CODE_HORS_MOTIF) == [("A020iINDR01",)]
    provisoires = [o[0] for o in objets(anomalies, Genre.VALEUR_PROVISOIRE)]
    assert provisoires == ["A031bisINDM02", "A031bisINDR01", "A031bisINDR02", "A036bisINDM01"]
    assert objets(anomalies, Genre.ATTRIBUT_A_FIXER) == [("A036bisINDM01",)]
    (nombre,) = [a for a in anomalies if a.genre == Genre.NOMBRE_ANNONCE]
    assert nombre.message == "Le texte annonce 50 actions, le tableau en contient 49."
    # Every action of the published annex has a means and a result indicator.
    assert objets(anomalies, Genre.ACTION_SANS_MOYENS) == []
    assert objets(anomalies, Genre.ACTION_SANS_RESULTAT) == []


def test_audit_finds_actions_without_means_or_result(version):
    LienActionIndicateur.objects.filter(indicateur__code="A033INDR01").delete()
    LienActionIndicateur.objects.filter(indicateur__code="A01INDM01").delete()
    anomalies = auditer_referentiel(version)
    assert objets(anomalies, Genre.ACTION_SANS_RESULTAT) == [("action 33",)]
    assert objets(anomalies, Genre.ACTION_SANS_MOYENS) == [("action 1",)]
    assert "Le texte annonce 113 lignes action–indicateur, le tableau en contient 111." in [
        a.message for a in anomalies
    ]


def test_audit_command_texte_and_json(version, capsys):
    call_command("audit_referentiel")
    texte = capsys.readouterr().out
    assert "Codes rattachés à une action dont ils ne portent pas le numéro (3) :" in texte
    assert "A020INDM01 porte le numéro de l'action 20 mais décrit l'action 22." in texte
    call_command("audit_referentiel", "--version", "2023", "--format", "json")
    donnees = json.loads(capsys.readouterr().out)
    genres = [a["genre"] for a in donnees["anomalies"]]
    assert genres == sorted(genres, key=genres.index)  # grouped by kind
    assert {"code_autre_action", "code_hors_motif", "nombre_annonce"} <= set(genres)


def test_audit_command_without_imported_version():
    with pytest.raises(CommandError, match="n'existe pas encore"):
        call_command("audit_referentiel", "--version", "2030")
