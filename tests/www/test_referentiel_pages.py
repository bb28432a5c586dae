import pytest
from django.urls import reverse

from tests.factories import (
    ActionVersionFactory,
    AxeFactory,
    IndicateurFactory,
    LienActionIndicateurFactory,
)

HTMX = {"HTTP_HX_REQUEST": "true"}


def _html(response):
    assert response.status_code == 200
    return response.content.decode()


def test_home_shows_key_counts_and_links(client, referentiel):
    html = _html(client.get("/"))
    assert 'lang="fr"' in html
    assert html.count("<h1") == 1
    assert "Chiffres clés" in html
    assert '<span class="fr-display--xs fr-mb-0">7</span> <span class="fr-text--md">actions' in html
    assert '>3</span> <span class="fr-text--md">indicateurs de moyens' in html
    assert '>1</span> <span class="fr-text--md">indicateurs de résultat' in html
    assert '>1</span> <span class="fr-text--md">indicateurs renseignés par les ARS' in html
    assert reverse("www:indicateurs") + "?saisie_ars=oui" in html
    assert 'aria-current="page"' in html


@pytest.mark.django_db
def test_home_without_referential_says_so(client):
    html = _html(client.get("/"))
    assert "Référentiel non chargé" in html


def test_roadmap_lists_actions_in_roadmap_order(client, referentiel):
    html = _html(client.get("/feuille-de-route/"))
    assert html.count("<h1") == 1
    assert "<title>Feuille de route — Jalon" in html
    positions = [
        html.index(f'<th scope="row">{n}</th>')
        for n in ["1", "6", "17", "17 bis", "17 ter", "17 quater", "18"]
    ]
    assert positions == sorted(positions)
    assert "Axe 1 — Bien être mental et prévention" in html
    assert "Axe 2 — Parcours de soins" in html
    assert '<p class="fr-tag fr-tag--sm" title="Caisse nationale' in html
    assert "/feuille-de-route/2023/actions/17-bis/" in html
    assert "7 actions" in html
    # Version switch only appears because two versions exist.
    assert "?version=2019" in html
    assert 'aria-label="Fil d\'Ariane"' in html or "fr-breadcrumb" in html


def test_roadmap_counts_indicators_per_type(client, referentiel):
    html = _html(client.get("/feuille-de-route/"))
    ligne = html.split('<th scope="row">6</th>')[1].split("</tr>")[0]
    cellules = [c.split("</td>")[0].strip() for c in ligne.split("<td>")[1:]]
    assert cellules[-2:] == ["1", "1"]


def test_roadmap_filters_by_pilot_full_page_and_htmx(client, referentiel):
    html = _html(client.get("/feuille-de-route/?pilote=DGCS"))
    assert "1 action" in html
    assert '<option value="DGCS" selected>' in html.replace("\n", "").replace("  ", "") or (
        'value="DGCS" selected' in html
    )
    assert "17 ter" in html and '<th scope="row">17 bis</th>' not in html
    assert "<h1" in html

    response = client.get("/feuille-de-route/?pilote=DGCS", **HTMX)
    fragment = _html(response)
    assert "<h1" not in fragment and "<html" not in fragment
    assert '<th scope="row">17 ter</th>' in fragment
    assert '<th scope="row">17</th>' not in fragment
    assert "HX-Request" in response["Vary"]


def test_roadmap_unknown_pilot_is_ignored(client, referentiel):
    html = _html(client.get("/feuille-de-route/?pilote=INCONNU"))
    assert "7 actions" in html


def test_roadmap_other_version(client, referentiel):
    html = _html(client.get("/feuille-de-route/?version=2019"))
    assert "Feuille de route 2018" in html
    assert "version antérieure" in html
    assert "/feuille-de-route/2019/actions/12/" in html


def test_roadmap_unknown_version_is_a_french_404(client, referentiel):
    response = client.get("/feuille-de-route/?version=1999")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page introuvable" in html
    assert "La version « 1999 » de la feuille de route n&#x27;existe pas." in html


def test_roadmap_query_count_is_bounded(client, referentiel, django_assert_max_num_queries):
    axe = referentiel.axes[1]
    for i in range(20):
        av = ActionVersionFactory(
            version=referentiel.v2023,
            axe=axe,
            numero=str(40 + i),
            pilotes=[referentiel.organisations["DGOS"]],
        )
        LienActionIndicateurFactory(action_version=av, indicateur=IndicateurFactory())
    with django_assert_max_num_queries(10):
        _html(client.get("/feuille-de-route/"))


def test_action_page(client, referentiel):
    html = _html(client.get("/feuille-de-route/2023/actions/6/"))
    assert html.count("<h1") == 1
    assert "Action 6 — Intitulé de l&#x27;action 6" in html
    assert "Axe 1 — Bien être mental et prévention" in html
    assert "Proposition à valider" in html
    assert "A06INDM01" in html and "Indicateurs de moyens de l'action" in html
    assert "A06INDR01" in html and "Indicateurs de résultat de l'action" in html
    # Numbering history: number 12 in 2019, measure M3 of the Assises.
    assert "/feuille-de-route/2019/actions/12/" in html
    assert "Mesures des Assises (2021)" in html and "M3" in html
    assert "Stratégie nationale de prévention du suicide" in html
    assert "Volet 3114" in html
    assert 'href="/feuille-de-route/"' in html  # breadcrumb back to the roadmap


def test_action_page_bis_slug_and_validated_declination(client, referentiel):
    html = _html(client.get("/feuille-de-route/2023/actions/17-bis/"))
    assert "Action 17 bis" in html
    assert "Validée par l&#x27;administration nationale" in html
    assert "DGOS" in html


def test_action_url_comes_from_the_model(referentiel):
    assert referentiel.actions["17 quater"].get_absolute_url() == (
        "/feuille-de-route/2023/actions/17-quater/"
    )


@pytest.mark.parametrize(
    "url",
    [
        "/feuille-de-route/2023/actions/99/",
        "/feuille-de-route/2023/actions/pas-un-numero/",
        "/feuille-de-route/1999/actions/6/",
    ],
)
def test_unknown_action_is_a_french_404(client, referentiel, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_action_page_query_count(client, referentiel, django_assert_max_num_queries):
    for _ in range(10):
        LienActionIndicateurFactory(
            action_version=referentiel.actions["6"], indicateur=IndicateurFactory()
        )
    with django_assert_max_num_queries(12):
        _html(client.get("/feuille-de-route/2023/actions/6/"))


def test_indicator_catalogue(client, referentiel):
    html = _html(client.get("/indicateurs/"))
    assert html.count("<h1") == 1
    assert "<strong>4</strong> indicateurs" in html
    assert "<caption>Indicateurs du catalogue</caption>" in html
    for label in [
        "Axe",
        "Type",
        "Maille",
        "Fournisseur",
        "Renseigné par les ARS",
        "Fréquence",
        "Rechercher un code ou un libellé",
    ]:
        assert f">{label}" in html or f"{label}\n" in html
    # Roadmap order (action 6 before 17 bis), not code order.
    assert html.index(">A06INDM01</a>") < html.index(">A06INDR01</a>")
    assert html.index(">A06INDR01</a>") < html.index(">A017bisINDM01</a>")


@pytest.mark.parametrize(
    ("query", "attendus", "absents"),
    [
        ("type=resultat", ["A06INDR01"], ["A06INDM01"]),
        ("saisie_ars=oui", ["A017bisINDM01"], ["A06INDM01", "A017terINDM01"]),
        ("saisie_ars=non", ["A06INDM01"], ["A017bisINDM01"]),
        ("axe=1", ["A06INDM01", "A06INDR01"], ["A017bisINDM01"]),
        ("maille=departementale", ["A06INDR01"], ["A06INDM01"]),
        ("fournisseur=CNSA", ["A017terINDM01"], ["A06INDM01"]),
        ("fournisseur=ARS", ["A017bisINDM01"], ["A017terINDM01"]),
        ("frequence=non_prevue", ["A017bisINDM01"], ["A06INDM01"]),
        ("q=3114", ["A06INDM01"], ["A06INDR01"]),
        ("q=a06indr", ["A06INDR01"], ["A06INDM01"]),
        ("type=moyens&axe=2", ["A017bisINDM01", "A017terINDM01"], ["A06INDM01"]),
    ],
)
def test_indicator_catalogue_filters(client, referentiel, query, attendus, absents):
    for headers in ({}, HTMX):
        html = _html(client.get(f"/indicateurs/?{query}", **headers))
        for code in attendus:
            assert f">{code}</a>" in html
        for code in absents:
            assert f">{code}</a>" not in html
        assert "correspondant" in html


def test_indicator_catalogue_htmx_returns_the_fragment(client, referentiel):
    response = client.get("/indicateurs/?type=moyens", **HTMX)
    html = _html(response)
    assert "<html" not in html and "<h1" not in html
    assert "<strong>3</strong> indicateurs" in html
    assert "/indicateurs/export.csv?type=moyens" in html


def test_indicator_catalogue_ignores_invalid_values(client, referentiel):
    html = _html(client.get("/indicateurs/?type=inconnu&axe=abc"))
    assert "<strong>4</strong> indicateurs" in html


def test_indicator_catalogue_paginates(client, referentiel, django_assert_max_num_queries):
    IndicateurFactory.create_batch(30)
    with django_assert_max_num_queries(8):
        html = _html(client.get("/indicateurs/"))
    assert "<strong>34</strong> indicateurs" in html
    assert "page 1 sur 2" in html
    assert "fr-pagination" in html
    html = _html(client.get("/indicateurs/?page=2"))
    assert "page 2 sur 2" in html


def test_indicator_catalogue_csv(client, referentiel):
    response = client.get("/indicateurs/export.csv?axe=1")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lignes = response.content.decode("utf-8-sig").splitlines()
    assert lignes[0].startswith("Code;Type;Libellé;Fournisseur")
    assert len(lignes) == 3
    assert lignes[1].startswith("A06INDM01;Indicateur de moyens;")
    assert lignes[1].endswith("2019 : 12, 2023 : 6")


def test_indicator_page(client, referentiel):
    html = _html(client.get("/indicateurs/A06INDR01/"))
    assert html.count("<h1") == 1
    assert "A06INDR01 — Taux de décès par suicide" in html
    assert "Indicateur de résultat" in html
    assert "Une baisse est favorable" in html
    assert "Départementale" in html
    assert "DREES" in html
    assert "/feuille-de-route/2023/actions/6/" in html
    assert "<title>Indicateur A06INDR01 — Jalon" in html


def test_indicator_page_lists_actions_of_every_version(client, referentiel):
    html = _html(client.get("/indicateurs/a06indm01/"))
    assert "Somme des appels reçus." in html
    assert html.index("/feuille-de-route/2019/actions/12/") < html.index(
        "/feuille-de-route/2023/actions/6/"
    )


def test_unknown_indicator_is_a_french_404(client, referentiel):
    response = client.get("/indicateurs/ZZZ/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "L&#x27;indicateur « ZZZ » n&#x27;existe pas." in html
    assert 'lang="fr"' in html


def test_navigation_marks_the_current_section(client, referentiel):
    html = _html(client.get("/indicateurs/A06INDM01/"))
    nav = html.split('id="navigation-principale"')[1].split("</nav>")[0]
    assert nav.count('aria-current="page"') == 1
    assert 'href="/indicateurs/"\n               aria-current="page"' in nav


def test_roadmap_axis_without_actions_still_shown(client, referentiel):
    AxeFactory(version=referentiel.v2023, numero=3, libelle="Droits et citoyenneté")
    html = _html(client.get("/feuille-de-route/"))
    assert "Axe 3 — Droits et citoyenneté" in html
    assert "Aucune action dans cet axe." in html


def test_indicator_catalogue_csv_neutralises_formulas(client, referentiel):
    indicateur = referentiel.indicateurs["A06INDM01"]
    indicateur.source = '=HYPERLINK("http://exemple.invalid")'
    indicateur.save(update_fields=["source"])

    import csv

    texte = client.get("/indicateurs/export.csv?axe=1").content.decode("utf-8-sig")
    ligne = list(csv.reader(texte.splitlines(), delimiter=";"))[1]

    assert ligne[4] == '\'=HYPERLINK("http://exemple.invalid")'
