import csv
import io

import pytest
from django.core.management import CommandError, call_command

from jalon.feuilles_regionales import chargement, queries
from jalon.feuilles_regionales.models import ActionRegionale, LienActionNationale
from jalon.journal.models import EntreeJournal


def test_hauts_de_france_has_62_actions_in_7_parts(hdf):
    version = queries.version_courante(hdf)
    assert version.plan.periode == "2024-2028"
    actions = ActionRegionale.objects.filter(version=version)
    assert actions.count() == 62
    assert sorted(int(a.numero) for a in actions) == list(range(1, 63))
    par_objectif = {o.code: o.actions.count() for o in version.objectifs_regionaux.all()}
    assert par_objectif == {"G": 2, "1": 6, "2": 14, "3": 16, "4": 11, "5": 10, "6": 3}
    action_45 = actions.get(numero="45")
    assert action_45.titre == (
        "Définir les conditions de mise en œuvre de la permanence des soins en psychiatrie "
        "en établissement de santé"
    )
    assert "l.1265-1266" in action_45.source


def test_links_are_shipped_as_proposals_with_a_justification(hdf):
    liens = LienActionNationale.objects.filter(action_regionale__version__plan__territoire=hdf)
    assert liens.count() == 56
    assert set(liens.values_list("etat", flat=True)) == {LienActionNationale.Etat.PROPOSE}
    assert not liens.filter(justification="").exists()
    suicide = ActionRegionale.objects.get(version__plan__territoire=hdf, numero="7")
    assert [lien.action.cle for lien in suicide.liens_nationaux.all()] == ["6"]


def test_initiative_58_is_flagged_with_its_reason(hdf):
    initiatives = list(queries.initiatives())
    assert [a.numero for a in initiatives] == ["58"]
    assert "La Réunion" in initiatives[0].initiative_note


def test_load_is_idempotent_and_does_not_overwrite_the_ars_changes(hdf):
    avant = EntreeJournal.objects.count()
    out = io.StringIO()
    call_command("load_regional_roadmaps", stdout=out)
    assert "62 inchangée(s)" in out.getvalue()
    assert EntreeJournal.objects.count() == avant
    ActionRegionale.objects.filter(numero="3").update(statut="engagee")
    out = io.StringIO()
    call_command("load_regional_roadmaps", stdout=out)
    assert "rien n'est écrasé" in out.getvalue()
    assert ActionRegionale.objects.get(numero="3").statut == "engagee"
    call_command("load_regional_roadmaps", remplacer=True, stdout=io.StringIO())
    assert ActionRegionale.objects.get(numero="3").statut == ""


def test_shipped_links_file_matches_the_roadmap_column():
    with (chargement.DOSSIER / "hauts_de_france.csv").open(encoding="utf-8") as flux:
        colonne = {
            (row["numero"], n.strip())
            for row in csv.DictReader(flux)
            for n in row["actions_nationales"].split(",")
            if n.strip()
        }
    assert set(chargement._justifications(chargement.LIVREES[0])) == colonne


def test_a_broken_shipped_file_is_refused_with_row_and_column(
    referentiel_reel, tmp_path, monkeypatch
):
    source = (chargement.DOSSIER / "hauts_de_france.csv").read_text(encoding="utf-8")
    (tmp_path / "hauts_de_france.csv").write_text(
        source.replace(",15,,non,", ",99 quinquies,,non,", 1), encoding="utf-8"
    )
    (tmp_path / "liens_proposes.csv").write_text(
        (chargement.DOSSIER / "liens_proposes.csv").read_text(encoding="utf-8"), encoding="utf-8"
    )
    monkeypatch.setattr(chargement, "DOSSIER", tmp_path)
    with pytest.raises(CommandError) as erreur:
        call_command("load_regional_roadmaps", stdout=io.StringIO())
    message = str(erreur.value)
    assert "hauts_de_france.csv, ligne 2, colonne « actions_nationales »" in message
    assert "99 quinquies" in message
    assert not ActionRegionale.objects.exists()
