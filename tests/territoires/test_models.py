"""QuerySet helpers and `latest_population()` that the other packages rely on."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jalon.territoires.models import Population, Territoire
from tests.factories import PopulationFactory, TerritoireFactory


@pytest.fixture
def tree(db):
    """FR > region 32 > departments 59 and 62 > a PTSM under 59; region 11 > department 75."""
    hdf = TerritoireFactory(cog="32", nom="Hauts-de-France")
    idf = TerritoireFactory(cog="11", nom="Île-de-France")
    nord = TerritoireFactory(departement=True, cog="59", parent=hdf)
    pdc = TerritoireFactory(departement=True, cog="62", parent=hdf)
    paris = TerritoireFactory(departement=True, cog="75", parent=idf)
    ptsm = Territoire.objects.create(
        code="PTSM-TEST", niveau=Territoire.Niveau.PTSM, nom="PTSM d'essai", parent=nord
    )
    return {"hdf": hdf, "idf": idf, "nord": nord, "pdc": pdc, "paris": paris, "ptsm": ptsm}


def _codes(queryset):
    return set(queryset.values_list("code", flat=True))


def test_levels(tree):
    assert _codes(Territoire.objects.regions()) == {"REG-32", "REG-11"}
    assert _codes(Territoire.objects.departements()) == {"DEP-59", "DEP-62", "DEP-75"}
    assert _codes(Territoire.objects.ptsm()) == {"PTSM-TEST"}


def test_of_region_gives_departements_and_ptsm_of_that_region_only(tree):
    expected = {"DEP-59", "DEP-62", "PTSM-TEST"}
    assert _codes(Territoire.objects.of_region(tree["hdf"])) == expected
    assert _codes(Territoire.objects.of_region("REG-32")) == expected
    assert _codes(Territoire.objects.of_region("REG-32").departements()) == {"DEP-59", "DEP-62"}


def test_descendants_of_france_is_everything_else(tree):
    assert _codes(Territoire.objects.descendants_of("FR")) == _codes(
        Territoire.objects.exclude(code="FR")
    )
    assert _codes(Territoire.objects.descendants_of(tree["nord"])) == {"PTSM-TEST"}
    assert not Territoire.objects.descendants_of(tree["ptsm"]).exists()


def test_latest_population_is_the_most_recent_year_or_none(tree):
    PopulationFactory(territoire=tree["nord"], annee=2021, valeur=2_600_000)
    PopulationFactory(territoire=tree["nord"], annee=2023, valeur=2_615_635)
    latest = tree["nord"].latest_population()
    assert (latest.annee, latest.valeur) == (2023, 2_615_635)
    assert tree["pdc"].latest_population() is None


def test_latest_population_uses_prefetch_without_extra_queries(tree):
    PopulationFactory(territoire=tree["nord"], annee=2021, valeur=2_600_000)
    PopulationFactory(territoire=tree["nord"], annee=2023, valeur=2_615_635)
    departements = list(Territoire.objects.departements().prefetch_related("populations"))
    with CaptureQueriesContext(connection) as queries:
        found = {t.code: t.latest_population() for t in departements}
    assert len(queries) == 0
    assert found["DEP-59"].annee == 2023
    assert found["DEP-62"] is None


def test_with_latest_population_annotation(tree):
    PopulationFactory(territoire=tree["nord"], annee=2021, valeur=2_600_000)
    PopulationFactory(territoire=tree["nord"], annee=2023, valeur=2_615_635)
    rows = {
        t.code: (t.population_annee, t.population_valeur)
        for t in Territoire.objects.departements().with_latest_population()
    }
    assert rows["DEP-59"] == (2023, 2_615_635)
    assert rows["DEP-62"] == (None, None)


def test_population_is_unique_per_territory_and_year(tree):
    from django.db import IntegrityError, transaction

    PopulationFactory(territoire=tree["nord"], annee=2023)
    with pytest.raises(IntegrityError), transaction.atomic():
        Population.objects.create(territoire=tree["nord"], annee=2023, valeur=1, source="x")
