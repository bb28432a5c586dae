"""Signed-in dashboards: national, indicator, region; every status shown and marked; bounded
query counts (no N+1)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from jalon.agregats.reconstruction import reconstruire
from jalon.campagnes.models import Campagne
from jalon.saisies.models import Valeur
from jalon.tableaux import alertes
from jalon.tableaux.national import tableau_national
from jalon.territoires.models import Territoire
from tests.factories import CompteFactory
from tests.tableaux.conftest import SECRETS, valeur

S = Valeur.Statut


@pytest.mark.parametrize(
    "url",
    ["/tableaux/", "/tableaux/indicateurs/A06INDM01/", "/tableaux/regions/REG-32/"],
)
def test_dashboards_need_a_signed_in_account(client, monde, url):
    reponse = client.get(url)
    assert reponse.status_code == 302
    assert reponse["Location"].startswith(reverse("comptes:connexion"))


def test_indicator_dashboard_shows_every_status_marked(client, monde, admin):
    client.force_login(admin)
    texte = client.get("/tableaux/indicateurs/A06INDM01/").content.decode()
    assert "9\u202f876,5" in texte  # the 2024 draft, on the signed-in page only
    assert "Le portail public n'affiche que les valeurs validées" in texte
    texte = client.get("/tableaux/indicateurs/A010INDM01/?periode=2024").content.decode()
    assert "Soumise" in texte  # status column of the comparison table


def test_region_page_compares_with_regions_and_france(client, monde, admin):
    client.force_login(admin)
    reponse = client.get("/tableaux/regions/REG-32/")
    page = reponse.context["page"]
    (ligne,) = page.lignes
    assert ligne.indicateur.code == "A010INDM01"
    assert ligne.periode == "2024" and ligne.valeur == SECRETS[S.SOUMISE]
    assert ligne.sur == 1  # only Hauts-de-France has a 2024 figure
    assert client.get("/tableaux/regions/REG-99/").status_code == 404


def test_region_campaign_todo_only_for_who_follows_the_region(client, monde):
    Campagne.objects.create(annee=2023, **Campagne.calendrier_par_defaut(2023))
    hdf = Territoire.objects.get(code="REG-32")
    ars = CompteFactory(referent_ars=True, territoire=hdf)
    autre = CompteFactory(referent_ars=True, territoire=Territoire.objects.get(code="REG-11"))
    client.force_login(ars)
    assert client.get("/tableaux/regions/REG-32/").context["page"].bilan is not None
    client.force_login(autre)
    texte = client.get("/tableaux/regions/REG-32/").content.decode()
    assert "réservé à son ARS" in texte


def test_national_dashboard_lists_headlines_and_alerts(client, monde, admin):
    Campagne.objects.create(annee=2023, **Campagne.calendrier_par_defaut(2023))
    client.force_login(admin)
    reponse = client.get("/tableaux/")
    assert reponse.status_code == 200
    tableau = reponse.context["tableau"]
    assert tableau.annee == 2024  # signed-in: the 2024 draft counts
    genres = {a.genre for a in tableau.alertes}
    assert "perimee" in genres  # 2023 figures are overdue in December 2026? see next test
    assert "ecart_mediane" in genres  # regions 10..27 against a median of 18.5 per 100 000


def test_unfavourable_trend_alert_on_a_higher_is_better_indicator(monde):
    tableau = tableau_national()
    # Signed-in view: 2024 (draft 9 876,5) against 2023 (90) is a rise: no alert.
    assert not [a for a in tableau.alertes if a.genre == "tendance"]
    Valeur.objects.filter(periode="2024").delete()
    reconstruire()
    tableau = tableau_national()
    (alerte,) = [a for a in tableau.alertes if a.genre == "tendance"]
    assert "A06INDM01" in alerte.titre and "120" in alerte.message and "90" in alerte.message


def test_stale_data_rule_follows_the_frequency(monde):
    annuel = monde.national
    assert alertes.echeance_mise_a_jour(annuel, "2023") == datetime.date(2025, 12, 31)
    annuel.frequence = "mensuelle"
    assert alertes.echeance_mise_a_jour(annuel, "2023-03") == datetime.date(2023, 5, 31)
    annuel.frequence = "bisannuelle"
    assert alertes.echeance_mise_a_jour(annuel, "2023-S1") == datetime.date(2024, 6, 30)
    annuel.frequence = "non_prevue"
    assert alertes.echeance_mise_a_jour(annuel, "2023") is None
    avant = alertes.donnees_perimees([monde.regional], datetime.date(2025, 12, 31))
    apres = alertes.donnees_perimees([monde.regional], datetime.date(2026, 1, 1))
    assert avant == [] and len(apres) == 0  # its latest period is 2024 (submitted)
    apres = alertes.donnees_perimees([monde.regional], datetime.date(2027, 1, 1))
    assert [a.genre for a in apres] == ["perimee"]


def test_region_far_from_median_is_flagged_per_inhabitant(monde):
    Valeur.objects.filter(periode="2024").delete()
    reconstruire()
    trouvees = alertes.ecarts_mediane([monde.regional])
    noms = {a.titre.split(":")[1].split(",")[0].strip() for a in trouvees}
    # Counts are compared per 100 000 inhabitants: small overseas regions stand out.
    assert "Mayotte" in noms or "Guyane" in noms
    assert all("pour 100 000 habitants" in a.message for a in trouvees)


def _plus_de_valeurs(monde):
    """Same shape, three times the values: query counts must not grow."""
    for annee in (2018, 2019, 2020):
        valeur(monde.national, "FR", str(annee), 50 + annee % 10)
        for region in Territoire.objects.regions():
            valeur(monde.regional, region.code, str(annee), Decimal(annee % 7 + 1))
        for dep in Territoire.objects.departements()[:40]:
            valeur(monde.taux, dep.code, str(annee), Decimal("10.5"))
    reconstruire()


# The counts of today, session and user included: a new query on one
# of these pages must be a deliberate change of this table.
@pytest.mark.parametrize(
    "url,maximum",
    [
        ("/tableaux/", 13),
        ("/tableaux/indicateurs/A010INDM01/?region=REG-32", 12),
        ("/tableaux/indicateurs/A031INDR01/", 10),
        ("/tableaux/regions/REG-32/", 12),
        ("/donnees/indicateurs/A010INDM01/", 10),
        ("/donnees/", 7),
        ("/donnees/cartes/", 9),
    ],
)
def test_pages_run_a_bounded_number_of_queries(
    client, monde, admin, django_assert_max_num_queries, url, maximum
):
    Campagne.objects.create(annee=2023, **Campagne.calendrier_par_defaut(2023))
    client.force_login(admin)
    with django_assert_max_num_queries(maximum):
        assert client.get(url).status_code == 200
    _plus_de_valeurs(monde)
    with django_assert_max_num_queries(maximum):
        assert client.get(url).status_code == 200


def test_dashboard_and_campaign_page_count_a_validation_at_once(client, monde, admin):
    """No cache in front of the dashboards: the validation's own transaction updates what
    they read, so the next page shows it (issue 8)."""
    from jalon.campagnes import suivi
    from jalon.saisies.services import valider_valeurs

    campagne = Campagne.objects.create(annee=2024, **Campagne.calendrier_par_defaut(2024))
    soumise = Valeur.objects.get(indicateur=monde.regional, periode="2024")

    def etats():
        tableau = tableau_national()
        ((_, fournisseur),) = tableau.completude["par_fournisseur"]
        ((_, page),) = suivi.completude(campagne)["par_fournisseur"]
        assert page == fournisseur
        return fournisseur.par_etat[Valeur.Statut.SOUMISE], fournisseur.par_etat["validee"]

    assert etats() == (1, 0)
    client.force_login(admin)
    assert client.get(reverse("www:campagne", args=[2024])).status_code == 200
    valider_valeurs(admin, [soumise])
    assert etats() == (0, 1)
    page = client.get(reverse("www:tableau_national")).content.decode()
    assert "Campagne 2024" in page
