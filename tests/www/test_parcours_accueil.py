"""A newcomer finds the figures from the landing page and the main menu: the public the portal
(validated values, maps, files), a signed-in account the dashboards, an ARS or territorial
account its own region's dashboard, and the catalogue page of an indicator leads to its values."""

import pytest
from django.urls import reverse

from tests.factories import CompteFactory, IndicateurFactory, TerritoireFactory


def _menu(page: str) -> str:
    debut = page.index('id="navigation-principale"')
    return page[debut : page.index("</nav>", debut)]


def test_the_public_finds_the_portal_from_home_and_menu(client, db):
    page = client.get(reverse("www:accueil")).content.decode()
    for nom in ("www:portail", "www:portail_cartes", "www:portail_telechargements"):
        assert f'href="{reverse(nom)}"' in page
    assert f'href="{reverse("www:portail")}"' in _menu(page)
    assert reverse("www:tableau_national") not in page


@pytest.mark.parametrize("trait", ["admin", "pilote", "lecteur"])
def test_a_national_account_finds_the_national_dashboard(client, db, trait):
    client.force_login(CompteFactory(**({trait: True} if trait != "lecteur" else {})))
    page = client.get(reverse("www:accueil")).content.decode()
    assert f'href="{reverse("www:tableau_national")}"' in _menu(page)
    assert "Tableau de bord national" in page
    assert "Tableau de bord — " not in page


def test_an_ars_referent_is_led_to_its_region_dashboard(client, db):
    region = TerritoireFactory(nom="Région d'essai")
    client.force_login(CompteFactory(referent_ars=True, territoire=region))
    page = client.get(reverse("www:accueil")).content.decode()
    assert f'href="{reverse("www:tableau_region", args=[region.code])}"' in page
    assert "Tableau de bord — Région d&#x27;essai" in page
    assert client.get(reverse("www:tableau_region", args=[region.code])).status_code == 200


def test_a_department_contributor_is_led_to_the_region_of_its_department(client, db):
    region = TerritoireFactory()
    departement = TerritoireFactory(departement=True, parent=region)
    client.force_login(CompteFactory(contributeur=True, territoire=departement))
    page = client.get(reverse("www:accueil")).content.decode()
    assert f'href="{reverse("www:tableau_region", args=[region.code])}"' in page


def test_the_menu_marks_the_portal_and_dashboard_sections(client, db):
    client.force_login(CompteFactory(admin=True))
    menu = _menu(client.get(reverse("www:portail_cartes")).content.decode())
    lien = menu[menu.index(f'href="{reverse("www:portail")}"') :].split(">")[0]
    assert 'aria-current="page"' in lien
    menu = _menu(client.get(reverse("www:tableau_national")).content.decode())
    lien = menu[menu.index(f'href="{reverse("www:tableau_national")}"') :].split(">")[0]
    assert 'aria-current="page"' in lien


def test_the_catalogue_page_of_an_indicator_links_to_its_values(client, referentiel):
    TerritoireFactory(france=True)
    indicateur = IndicateurFactory()
    url = reverse("www:indicateur", args=[indicateur.code])
    page = client.get(url).content.decode()
    assert f'href="{reverse("www:portail_indicateur", args=[indicateur.code])}"' in page
    assert reverse("www:tableau_indicateur", args=[indicateur.code]) not in page
    client.force_login(CompteFactory())
    page = client.get(url).content.decode()
    assert f'href="{reverse("www:tableau_indicateur", args=[indicateur.code])}"' in page
    assert client.get(reverse("www:portail_indicateur", args=[indicateur.code])).status_code == 200
