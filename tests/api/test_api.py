import pytest

from tests.factories import (
    ActionVersionFactory,
    IndicateurFactory,
    LienActionIndicateurFactory,
    PopulationFactory,
    TerritoireFactory,
)


def _json(response, status=200):
    assert response.status_code == status, response.content
    return response.json()


def test_actions_list_current_version_in_roadmap_order(client, referentiel):
    data = _json(client.get("/api/v1/actions"))
    assert data["count"] == 7
    assert [a["numero"] for a in data["items"]] == [
        "1",
        "6",
        "17",
        "17 bis",
        "17 ter",
        "17 quater",
        "18",
    ]
    action = next(a for a in data["items"] if a["numero"] == "17 ter")
    assert set(action) >= {
        "version",
        "numero",
        "slug",
        "cle",
        "titre",
        "titre_court",
        "axe",
        "pilotes",
        "pilotes_libelle",
        "declinaison_regionale",
        "declinaison_statut",
        "nb_indicateurs_moyens",
        "nb_indicateurs_resultat",
        "url",
    }
    assert action["version"] == "2023"
    assert action["slug"] == "17-ter"
    assert action["axe"] == {
        "numero": 2,
        "libelle": "Parcours de soins",
        "libelle_bilan": "Axe 2 (bilan)",
    }
    assert [p["code"] for p in action["pilotes"]] == ["CNSA", "DGCS"]
    assert action["nb_indicateurs_moyens"] == 1
    assert action["url"] == "/feuille-de-route/2023/actions/17-ter/"


@pytest.mark.parametrize(
    ("query", "numeros"),
    [
        ("pilote=DGS", ["1", "6"]),
        ("pilote=dgcs", ["17 ter"]),
        ("axe=1", ["1", "6"]),
        ("axe=2&pilote=DGS", []),
        ("version=2019", ["12"]),
    ],
)
def test_actions_filters(client, referentiel, query, numeros):
    data = _json(client.get(f"/api/v1/actions?{query}"))
    assert [a["numero"] for a in data["items"]] == numeros
    assert data["count"] == len(numeros)


def test_actions_pilot_filter_uses_the_written_label_when_pilots_are_unresolved(
    client, referentiel
):
    ActionVersionFactory(
        version=referentiel.v2023,
        axe=referentiel.axes[1],
        numero="31 bis",
        pilotes_libelle="DMSMP/DGOS",
    )
    data = _json(client.get("/api/v1/actions?pilote=DMSMP"))
    assert [a["numero"] for a in data["items"]] == ["31 bis"]


def test_actions_unknown_version_is_a_french_404(client, referentiel):
    data = _json(client.get("/api/v1/actions?version=1999"), 404)
    assert data == {"detail": "La version « 1999 » de la feuille de route n'existe pas."}


def test_actions_pagination(client, referentiel):
    data = _json(client.get("/api/v1/actions?limit=2&offset=2"))
    assert data["count"] == 7
    assert [a["numero"] for a in data["items"]] == ["17", "17 bis"]


def test_actions_list_query_count(client, referentiel, django_assert_max_num_queries):
    for i in range(20):
        av = ActionVersionFactory(
            version=referentiel.v2023,
            axe=referentiel.axes[0],
            numero=str(60 + i),
            pilotes=[referentiel.organisations["DGS"]],
        )
        LienActionIndicateurFactory(action_version=av, indicateur=IndicateurFactory())
    with django_assert_max_num_queries(6):  # +1: Last-Modified (jalon.api.conditionnel)
        assert _json(client.get("/api/v1/actions"))["count"] == 27


def test_action_detail(client, referentiel):
    data = _json(client.get("/api/v1/actions/2023/6"))
    assert data["numero"] == "6"
    assert data["declinaison_regionale"] == "oui"
    assert data["declinaison_statut"] == "proposee"
    assert [i["code"] for i in data["indicateurs"]] == ["A06INDM01", "A06INDR01"]
    assert data["indicateurs"][1]["type"] == "resultat"
    assert data["numerotations"] == [
        {"version": "2019", "numero": "12"},
        {"version": "2023", "numero": "6"},
    ]
    assert data["correspondances"] == [
        {
            "systeme": "assises_2021",
            "systeme_libelle": "Mesures des Assises (2021)",
            "numero": "M3",
        },
    ]
    assert data["strategies"] == [
        {
            "code": "snps",
            "nom": "Stratégie nationale de prévention du suicide",
            "precision": "Volet 3114",
        },
    ]


def test_action_detail_accepts_bis_slug_or_spaces(client, referentiel):
    assert _json(client.get("/api/v1/actions/2023/17-bis"))["numero"] == "17 bis"
    assert _json(client.get("/api/v1/actions/2023/17%20bis"))["numero"] == "17 bis"


@pytest.mark.parametrize(
    "url", ["/api/v1/actions/2023/99", "/api/v1/actions/2023/xx", "/api/v1/actions/1999/6"]
)
def test_action_detail_404(client, referentiel, url):
    data = _json(client.get(url), 404)
    assert "n'existe pas dans la version" in data["detail"]


def test_indicators_list_and_fields(client, referentiel):
    data = _json(client.get("/api/v1/indicateurs"))
    assert data["count"] == 4
    assert [i["code"] for i in data["items"]] == [
        "A06INDM01",
        "A06INDR01",
        "A017bisINDM01",
        "A017terINDM01",
    ]
    indicateur = data["items"][0]
    assert indicateur == {
        "code": "A06INDM01",
        "type": "moyens",
        "libelle": "Nombre annuel d'appels au 3114",
        "fournisseur": "DGS",
        "source": "équipe nationale 3114",
        "maille": "regionale",
        "frequence": "annuelle",
        "saisie_ars": False,
        "unite": "nombre",
        "sens": "hausse",
        "retire": False,
        "url": "/indicateurs/A06INDM01/",
    }
    assert data["items"][2]["fournisseur"] == "ARS"


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("type=resultat", ["A06INDR01"]),
        ("saisie_ars=true", ["A017bisINDM01"]),
        ("axe=1", ["A06INDM01", "A06INDR01"]),
        ("maille=departementale", ["A06INDR01"]),
        ("fournisseur=cnsa", ["A017terINDM01"]),
        ("frequence=non_prevue", ["A017bisINDM01"]),
        ("q=suicide", ["A06INDR01"]),
        ("type=moyens&axe=2", ["A017bisINDM01", "A017terINDM01"]),
    ],
)
def test_indicators_filters(client, referentiel, query, codes):
    data = _json(client.get(f"/api/v1/indicateurs?{query}"))
    assert [i["code"] for i in data["items"]] == codes


def test_indicators_invalid_filter_is_422_in_french(client, referentiel):
    data = _json(client.get("/api/v1/indicateurs?type=inconnu"), 422)
    assert data["detail"] == "Paramètres invalides."


def test_indicators_retired_only_on_request(client, referentiel):
    IndicateurFactory(code="A99INDM01", retire=True)
    assert _json(client.get("/api/v1/indicateurs"))["count"] == 4
    assert _json(client.get("/api/v1/indicateurs?retires=true"))["count"] == 5


def test_indicators_query_count(client, referentiel, django_assert_max_num_queries):
    IndicateurFactory.create_batch(30)
    with django_assert_max_num_queries(4):  # +1: Last-Modified (jalon.api.conditionnel)
        assert _json(client.get("/api/v1/indicateurs"))["count"] == 34


def test_indicator_detail(client, referentiel):
    data = _json(client.get("/api/v1/indicateurs/A06INDM01"))
    assert data["methodologie"] == "Somme des appels reçus."
    assert data["actions"] == [
        {
            "version": "2019",
            "numero": "12",
            "titre": "Prévenir le suicide (2018)",
            "axe": 1,
            "url": "/feuille-de-route/2019/actions/12/",
        },
        {
            "version": "2023",
            "numero": "6",
            "titre": "Intitulé de l'action 6",
            "axe": 1,
            "url": "/feuille-de-route/2023/actions/6/",
        },
    ]


def test_indicator_detail_404(client, referentiel):
    data = _json(client.get("/api/v1/indicateurs/ZZZ"), 404)
    assert data == {"detail": "L'indicateur « ZZZ » n'existe pas."}


@pytest.fixture
def territoires(db):
    france = TerritoireFactory(france=True)
    hdf = TerritoireFactory(code="REG-32", cog="32", nom="Hauts-de-France", parent=france)
    TerritoireFactory(code="REG-04", cog="04", nom="La Réunion", parent=france, outre_mer=True)
    nord = TerritoireFactory(departement=True, cog="59", nom="Nord", parent=hdf, ordre=59)
    TerritoireFactory(departement=True, cog="02", nom="Aisne", parent=hdf, ordre=2)
    PopulationFactory(territoire=hdf, annee=2020, valeur=5_990_000, source="Insee 2020")
    PopulationFactory(territoire=hdf, annee=2021, valeur=5_987_883, source="Insee, RP 2021")
    PopulationFactory(territoire=nord, annee=2021, valeur=2_608_346, source="Insee, RP 2021")
    return hdf


def test_territories_list_and_filters(client, territoires):
    data = _json(client.get("/api/v1/territoires"))
    assert data["count"] == 5
    data = _json(client.get("/api/v1/territoires?niveau=departement&parent=REG-32"))
    assert [t["code"] for t in data["items"]] == ["DEP-02", "DEP-59"]
    nord = data["items"][1]
    assert nord == {
        "code": "DEP-59",
        "niveau": "departement",
        "nom": "Nord",
        "cog": "59",
        "parent": "REG-32",
        "outre_mer": False,
        "population": {"annee": 2021, "valeur": 2608346, "source": "Insee, RP 2021"},
    }
    regions = _json(client.get("/api/v1/territoires?niveau=region"))
    assert {t["code"] for t in regions["items"]} == {"REG-32", "REG-04"}


def test_territories_list_query_count(client, territoires, django_assert_max_num_queries):
    for i in range(10):
        PopulationFactory(
            territoire=TerritoireFactory(departement=True, cog=f"T{i}", parent=territoires)
        )
    with django_assert_max_num_queries(4):  # +1: Last-Modified (jalon.api.conditionnel)
        assert _json(client.get("/api/v1/territoires"))["count"] == 15


def test_territory_detail(client, territoires):
    data = _json(client.get("/api/v1/territoires/reg-32"))
    assert data["code"] == "REG-32"
    assert data["parent"] == "FR"
    assert data["population"]["annee"] == 2021
    assert [p["annee"] for p in data["populations"]] == [2021, 2020]
    assert [e["code"] for e in data["enfants"]] == ["DEP-02", "DEP-59"]


def test_territory_detail_404(client, territoires):
    data = _json(client.get("/api/v1/territoires/REG-99"), 404)
    assert data == {"detail": "Le territoire « REG-99 » n'existe pas."}


@pytest.mark.django_db
def test_openapi_lists_the_endpoints_with_french_descriptions(client):
    schema = _json(client.get("/api/v1/openapi.json"))
    assert set(schema["paths"]) >= {
        "/api/v1/actions",
        "/api/v1/actions/{version}/{numero}",
        "/api/v1/indicateurs",
        "/api/v1/indicateurs/{code}",
        "/api/v1/territoires",
        "/api/v1/territoires/{code}",
    }
    assert "feuille de route" in schema["info"]["description"]
    operation = schema["paths"]["/api/v1/indicateurs"]["get"]
    assert operation["summary"] == "Lister les indicateurs"
    parametres = {p["name"]: p for p in operation["parameters"]}
    assert {
        "axe",
        "type",
        "maille",
        "fournisseur",
        "saisie_ars",
        "frequence",
        "q",
        "limit",
        "offset",
    } <= set(parametres)
    assert parametres["q"]["description"] == "Recherche dans le code et le libellé."


@pytest.mark.django_db
def test_api_docs_served(client):
    assert client.get("/api/v1/docs").status_code == 200


def test_action_detail_query_count(client, referentiel, django_assert_max_num_queries):
    for _ in range(10):
        LienActionIndicateurFactory(
            action_version=referentiel.actions["6"], indicateur=IndicateurFactory()
        )
    with django_assert_max_num_queries(9):  # +1: Last-Modified (jalon.api.conditionnel)
        assert len(_json(client.get("/api/v1/actions/2023/6"))["indicateurs"]) == 12


def test_actions_list_is_empty_before_any_roadmap_is_loaded(client, db):
    data = _json(client.get("/api/v1/actions"))
    assert data["count"] == 0 and data["items"] == []
    erreur = _json(client.get("/api/v1/actions?version=2023"), status=404)
    assert "La version « 2023 » de la feuille de route n'existe pas." in erreur["detail"]


@pytest.mark.parametrize("decalage", [2**31, 2**63, 2**64])
@pytest.mark.parametrize(
    "chemin", ["/api/v1/indicateurs", "/api/v1/territoires", "/api/v1/valeurs"]
)
def test_an_offset_beyond_the_bound_is_a_clear_422_not_a_500(client, db, chemin, decalage):
    reponse = client.get(f"{chemin}?offset={decalage}")
    assert reponse.status_code == 422
    assert "offset" in reponse.content.decode()
    assert client.get(f"{chemin}?offset={2**31 - 1}").status_code == 200
