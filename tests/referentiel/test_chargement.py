import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jalon.referentiel.chargement import charger_referentiel_national
from jalon.referentiel.models import ActionVersion, Indicateur, LienActionIndicateur, PlanVersion

pytestmark = pytest.mark.django_db


def _write_queries(contexte):
    return [
        q["sql"]
        for q in contexte.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "imports_executionimport" not in q["sql"]
    ]


def test_load_gives_the_whole_shipped_referential():
    charger_referentiel_national()

    courante = PlanVersion.objects.get(plan__code="fdr-smp", est_courante=True)
    assert courante.code == "2023"
    assert courante.axes.count() == 3
    assert courante.actions.count() == 49
    assert Indicateur.objects.actifs().count() == 110
    assert LienActionIndicateur.objects.filter(action_version__version=courante).count() == 113
    action = ActionVersion.objects.get(version=courante, numero="17 bis")
    assert action.titre_court, "the bilan short title comes from the complements"
    assert action.action.correspondances.exists()
    assert PlanVersion.objects.filter(plan__code="fdr-smp", code="bilan-2024").exists()


def test_second_load_writes_nothing_to_the_referential():
    charger_referentiel_national()

    with CaptureQueriesContext(connection) as contexte:
        resultat = charger_referentiel_national()

    assert resultat["import"].diff.est_vide
    assert not any(resultat["complements"].values())
    assert not any(resultat["versions"].values())
    assert _write_queries(contexte) == []


def test_command_prints_a_summary_and_no_change_the_second_time(capsys):
    call_command("load_referentiel")
    premier = capsys.readouterr().out
    assert "110 indicateurs" in premier
    assert "actions : 49 ajout(s)" in premier

    call_command("load_referentiel")
    second = capsys.readouterr().out
    assert "Annexe : aucun changement." in second
    assert "Compléments : aucun changement." in second
