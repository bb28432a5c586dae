import pytest

from tests.factories import PopulationFactory, TerritoireFactory


@pytest.fixture
def territoires(db):
    france = TerritoireFactory(france=True)
    hdf = TerritoireFactory(code="REG-32", cog="32", nom="Hauts-de-France", parent=france, ordre=32)
    bretagne = TerritoireFactory(code="REG-53", cog="53", nom="Bretagne", parent=france, ordre=53)
    reunion = TerritoireFactory(
        code="REG-04", cog="04", nom="La Réunion", parent=france, outre_mer=True, ordre=4
    )
    nord = TerritoireFactory(departement=True, cog="59", nom="Nord", parent=hdf, ordre=59)
    aisne = TerritoireFactory(departement=True, cog="02", nom="Aisne", parent=hdf, ordre=2)
    TerritoireFactory(departement=True, cog="974", nom="La Réunion (département)", parent=reunion)
    TerritoireFactory(departement=True, cog="29", nom="Finistère", parent=bretagne)
    PopulationFactory(territoire=hdf, annee=2020, valeur=5_900_000, source="Insee 2020")
    PopulationFactory(territoire=hdf, annee=2021, valeur=5_987_883, source="Insee, RP 2021")
    PopulationFactory(territoire=nord, annee=2021, valeur=2_608_346, source="Insee, RP 2021")
    return {"hdf": hdf, "nord": nord, "aisne": aisne, "reunion": reunion}


def test_territories_page_lists_regions_with_departments(client, territoires):
    response = client.get("/territoires/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Les 3 régions et leurs 4 départements" in html
    # Departments follow their region, in official order (Aisne 02 before Nord 59).
    assert html.index("Hauts-de-France") < html.index("Aisne") < html.index("Nord")
    assert "Régions d&#x27;outre-mer" in html or "Régions d'outre-mer" in html
    assert html.index('id="outre-mer"') > html.index("Finistère")
    assert html.index("La Réunion") > html.index('id="outre-mer"')
    # Latest population with year and source; a territory without one says so.
    assert "5\xa0987\xa0883" in html  # French thousands separator
    assert "Insee, RP 2021" in html
    assert "Population non chargée" in html
    assert "<caption>" in html


def test_territories_page_query_count(client, territoires, django_assert_max_num_queries):
    for i in range(10):
        PopulationFactory(
            territoire=TerritoireFactory(departement=True, cog=f"T{i}", parent=territoires["hdf"])
        )
    with django_assert_max_num_queries(6):
        assert client.get("/territoires/").status_code == 200


@pytest.mark.django_db
def test_territories_page_empty(client):
    html = client.get("/territoires/").content.decode()
    assert "Aucune région chargée." in html


def test_a_single_population_source_is_stated_once(client, db):
    france = TerritoireFactory(france=True)
    region = TerritoireFactory(code="REG-53", cog="53", nom="Bretagne", parent=france)
    departement = TerritoireFactory(departement=True, cog="29", nom="Finistère", parent=region)
    for territoire in (region, departement):
        PopulationFactory(territoire=territoire, annee=2023, source="Insee, populations 2023")
    html = client.get("/territoires/").content.decode()
    assert html.count("Insee, populations 2023") == 1
    assert "Source des populations : Insee, populations 2023" in html
    assert '<th scope="col">Source</th>' not in html
