"""`load_territoires` / `jalon load-territoires`: counts, hierarchy, idempotence, refusals."""

import pytest
from django.core.management import CommandError, call_command

from jalon.territoires.models import Population, Territoire
from jalon.territoires.services import TerritoryDataError, load_territoires

from .conftest import replace_line

REGION_CODES = [
    "01", "02", "03", "04", "06", "11", "24", "27", "28",
    "32", "44", "52", "53", "75", "76", "84", "93", "94",
]  # fmt: skip
OVERSEAS_DEPARTEMENTS = ["971", "972", "973", "974", "976"]


def test_first_load_creates_france_regions_and_departements(loaded):
    assert loaded.territoires_crees == 120
    assert loaded.populations_creees == 120
    assert Territoire.objects.filter(niveau=Territoire.Niveau.PAYS).count() == 1
    assert Territoire.objects.regions().count() == 18
    assert Territoire.objects.departements().count() == 101
    assert list(Territoire.objects.regions().values_list("cog", flat=True)) == REGION_CODES


@pytest.mark.parametrize(
    ("child", "parent"),
    [
        ("DEP-59", "REG-32"),
        ("DEP-2A", "REG-94"),
        ("DEP-2B", "REG-94"),
        ("DEP-976", "REG-06"),
        ("DEP-75", "REG-11"),
        ("REG-32", "FR"),
    ],
)
def test_parents(loaded, child, parent):
    assert Territoire.objects.get(code=child).parent.code == parent


def test_every_territory_but_france_has_a_parent_of_the_level_above(loaded):
    assert Territoire.objects.get(code="FR").parent is None
    for region in Territoire.objects.regions():
        assert region.parent.code == "FR"
    for departement in Territoire.objects.departements().select_related("parent"):
        assert departement.parent.niveau == Territoire.Niveau.REGION
        assert departement.code == f"DEP-{departement.cog}"


def test_names_come_from_the_cog(loaded):
    assert Territoire.objects.get(code="REG-32").nom == "Hauts-de-France"
    assert Territoire.objects.get(code="REG-04").nom == "La Réunion"
    assert Territoire.objects.get(code="DEP-2A").nom == "Corse-du-Sud"
    assert Territoire.objects.get(code="DEP-59").nom == "Nord"


def test_overseas_flags(loaded):
    overseas = set(Territoire.objects.filter(outre_mer=True).values_list("code", flat=True))
    assert overseas == {f"REG-{c}" for c in ["01", "02", "03", "04", "06"]} | {
        f"DEP-{c}" for c in OVERSEAS_DEPARTEMENTS
    }


def test_order_regions_by_cog_then_departements_by_code(loaded):
    departements = list(Territoire.objects.departements().values_list("cog", flat=True))
    assert departements[:3] == ["01", "02", "03"]
    # INSEE order: Corsica's 2A/2B sit where 20 was, overseas departments come last.
    assert departements[departements.index("19") + 1 : departements.index("19") + 3] == [
        "21",
        "22",
    ]
    assert departements.index("2A") == departements.index("29") + 1
    assert departements[-5:] == OVERSEAS_DEPARTEMENTS
    region_max = max(Territoire.objects.regions().values_list("ordre", flat=True))
    assert region_max < min(Territoire.objects.departements().values_list("ordre", flat=True))


def test_second_run_changes_nothing(loaded):
    again = load_territoires()
    assert (again.territoires_crees, again.territoires_modifies) == (0, 0)
    assert (again.populations_creees, again.populations_modifiees) == (0, 0)
    assert Territoire.objects.count() == 120
    assert Population.objects.count() == 120


def test_command_reports_counts_in_french(db, capsys):
    call_command("load_territoires")
    call_command("load_territoires")
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("Territoires : 120 créé, 0 modifié")
    assert lines[1] == "Territoires : 0 créé, 0 modifié ; populations : 0 créée, 0 modifiée."


def test_changed_file_updates_only_what_changed(loaded, data_copy):
    replace_line(
        data_copy / "territoires.csv",
        "REG-32,",
        "REG-32,region,32,Hauts-de-France (renommée),FR,false,10",
    )
    report = load_territoires(data_copy)
    assert (report.territoires_crees, report.territoires_modifies) == (0, 1)
    assert Territoire.objects.get(code="REG-32").nom == "Hauts-de-France (renommée)"


def test_load_keeps_territories_absent_from_the_files(loaded):
    ptsm = Territoire.objects.create(
        code="PTSM-TEST",
        niveau=Territoire.Niveau.PTSM,
        nom="PTSM saisi à la main",
        parent=Territoire.objects.get(code="DEP-59"),
    )
    load_territoires()
    assert Territoire.objects.filter(pk=ptsm.pk).exists()


def _snapshot():
    return (
        list(Territoire.objects.values_list("code", "nom", "parent__code", "outre_mer", "ordre")),
        list(Population.objects.values_list("territoire__code", "annee", "valeur", "source")),
    )


def test_malformed_population_refused_with_file_line_column_and_nothing_applied(loaded, data_copy):
    before = _snapshot()
    # A valid change early in the file must not be applied either.
    replace_line(
        data_copy / "territoires.csv", "REG-11,", "REG-11,region,11,Île-de-France bis,FR,false,6"
    )
    line = replace_line(
        data_copy / "populations.csv",
        "DEP-59,",
        'DEP-59,2023,2 615 635,"Insee, populations de référence 2023"',
    )
    with pytest.raises(TerritoryDataError) as caught:
        load_territoires(data_copy)
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.column, problem.field) == (
        "populations.csv",
        line,
        3,
        "population",
    )
    message = str(problem)
    assert message.startswith(f"populations.csv, ligne {line}, colonne 3 (population) :")
    assert "nombre entier" in message
    assert _snapshot() == before


def test_malformed_file_on_empty_database_creates_nothing(db, data_copy):
    line = replace_line(
        data_copy / "territoires.csv", "DEP-59,", "DEP-59,departement,59,Nord,REG-99,x,1"
    )
    with pytest.raises(TerritoryDataError) as caught:
        load_territoires(data_copy)
    assert {(p.field, p.line, p.column) for p in caught.value.problems} == {
        ("parent", line, 5),
        ("outre_mer", line, 6),
    }
    assert Territoire.objects.count() == 0
    assert Population.objects.count() == 0


def test_command_refuses_malformed_file_in_french(db, data_copy):
    line = replace_line(data_copy / "territoires.csv", "FR,", "FR,pays,,France,,false")
    with pytest.raises(CommandError) as caught:
        call_command("load_territoires", dossier=data_copy)
    text = str(caught.value)
    assert "rien n'a été modifié" in text
    assert f"territoires.csv, ligne {line}, colonne 7 (ordre) : 7 colonnes attendues" in text
    assert Territoire.objects.count() == 0
