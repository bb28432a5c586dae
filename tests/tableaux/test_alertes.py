"""The national dashboard's alert rules, each on a world built for it: unfavourable trend,
region far from the median, stale data by frequency."""

import datetime

import pytest

from jalon import agregats
from jalon.referentiel.models import Indicateur
from jalon.saisies.models import Valeur
from jalon.tableaux import alertes
from jalon.territoires.models import Territoire
from jalon.territoires.services import load_territoires
from tests.factories import IndicateurFactory
from tests.tableaux.conftest import valeur

M = Indicateur.Maille
S = Valeur.Statut


@pytest.fixture
def territoires(db):
    load_territoires()


def _tendances(annee):
    evolutions = [e for e in agregats.evolutions_nationales(annee) if e.valeur is not None]
    return {a.titre.split(":")[1].strip() for a in alertes.tendances_defavorables(evolutions)}


def test_trend_alert_is_a_fall_of_a_higher_is_better_figure(territoires):
    cas = {
        "A01INDM01": ("hausse", 120, 90),  # falls, higher is better: alert
        "A01INDM02": ("hausse", 90, 120),  # rises: fine
        "A01INDM03": ("baisse", 120, 90),  # falls, lower is better: fine
        "A01INDM04": ("neutre", 120, 90),  # no direction: no alert
        "A01INDM05": ("hausse", None, 90),  # no previous year: nothing to compare
    }
    for code, (sens, avant, apres) in cas.items():
        indicateur = IndicateurFactory(code=code, maille=M.NATIONALE, sens=sens)
        if avant is not None:
            valeur(indicateur, "FR", "2022", avant)
        valeur(indicateur, "FR", "2023", apres)
    assert _tendances(2023) == {"A01INDM01"}


def test_trend_of_a_monthly_count_compares_complete_years(territoires):
    mensuel = IndicateurFactory(
        code="A01INDM01", maille=M.NATIONALE, frequence="mensuelle", sens="hausse"
    )
    for mois in range(1, 13):
        valeur(mensuel, "FR", f"2022-{mois:02d}", 10)
        valeur(mensuel, "FR", f"2023-{mois:02d}", 9)  # 108 against 120: a fall
    assert _tendances(2023) == {"A01INDM01"}
    incomplet = IndicateurFactory(
        code="A01INDM02", maille=M.NATIONALE, frequence="mensuelle", sens="hausse"
    )
    for mois in range(1, 13):
        valeur(incomplet, "FR", f"2022-{mois:02d}", 10)
    valeur(incomplet, "FR", "2023-01", 1)  # one month of 2023: no yearly figure yet
    assert _tendances(2023) == {"A01INDM01"}


def _regions_avec(indicateur, chiffres):
    regions = list(Territoire.objects.regions().order_by("code"))
    for region, chiffre in zip(regions, chiffres, strict=False):
        valeur(indicateur, region.code, "2023", chiffre)
    return regions


def _ecarts(indicateur):
    return [
        a.titre.split(":")[1].split(",")[0].strip() for a in alertes.ecarts_mediane([indicateur])
    ]


def test_median_alert_compares_rates_as_they_are(territoires, settings):
    taux = IndicateurFactory(code="A01INDM01", maille=M.REGIONALE, unite="pourcentage")
    regions = _regions_avec(taux, [20, 21, 19, 20, 22, 18, 45])  # median 20
    assert _ecarts(taux) == [regions[6].nom]  # +125 %: far; 22 is +10 %: near
    (alerte,) = alertes.ecarts_mediane([taux])
    assert "+125 %" in alerte.message and "pour 100 000" not in alerte.message
    settings.JALON_ALERTE_ECART_MEDIANE = "1.5"  # 150 %: nobody is that far
    assert _ecarts(taux) == []


def test_median_alert_needs_enough_regions_and_a_median(territoires):
    peu = IndicateurFactory(code="A01INDM01", maille=M.REGIONALE, unite="pourcentage")
    _regions_avec(peu, [20, 20, 20, 90])  # four regions only: no median worth comparing
    assert _ecarts(peu) == []
    nul = IndicateurFactory(code="A01INDM02", maille=M.REGIONALE, unite="pourcentage")
    _regions_avec(nul, [0, 0, 0, 0, 0, 7])  # median 0: no relative gap
    assert _ecarts(nul) == []


def test_median_alert_reads_validated_figures_only_when_asked(territoires):
    taux = IndicateurFactory(code="A01INDM01", maille=M.REGIONALE, unite="pourcentage")
    regions = _regions_avec(taux, [20, 21, 19, 20, 22, 18])
    valeur(taux, regions[6].code, "2023", 45, S.SOUMISE)
    assert _ecarts(taux) == [regions[6].nom]
    assert alertes.ecarts_mediane([taux], validees_seulement=True) == []


def _perimees(indicateurs, jour, **options):
    return [
        a.titre.split(":")[1].strip()
        for a in alertes.donnees_perimees(indicateurs, jour, **options)
    ]


def test_stale_data_follows_each_frequency(territoires):
    annuel = IndicateurFactory(code="A01INDM01", maille=M.NATIONALE, frequence="annuelle")
    mensuel = IndicateurFactory(code="A01INDM02", maille=M.NATIONALE, frequence="mensuelle")
    semestriel = IndicateurFactory(code="A01INDM03", maille=M.NATIONALE, frequence="bisannuelle")
    sans = IndicateurFactory(code="A01INDM04", maille=M.NATIONALE, frequence="non_prevue")
    jamais = IndicateurFactory(code="A01INDM05", maille=M.NATIONALE, frequence="annuelle")
    valeur(annuel, "FR", "2023", 1)  # 2024 due by 31/12/2025
    valeur(mensuel, "FR", "2026-08", 1)
    valeur(mensuel, "FR", "2026-09", 1)  # October due by 30/11/2026
    valeur(semestriel, "FR", "2025-S2", 1)  # 2026-S1 due by 31/12/2026
    valeur(sans, "FR", "2015", 1)  # no planned update: never stale
    indicateurs = [annuel, mensuel, semestriel, sans, jamais]
    assert _perimees(indicateurs, datetime.date(2025, 12, 31)) == []
    assert _perimees(indicateurs, datetime.date(2026, 11, 30)) == ["A01INDM01"]
    assert _perimees(indicateurs, datetime.date(2026, 12, 1)) == ["A01INDM01", "A01INDM02"]
    assert _perimees(indicateurs, datetime.date(2027, 1, 1)) == [
        "A01INDM01",
        "A01INDM02",
        "A01INDM03",
    ]
    (alerte,) = alertes.donnees_perimees([mensuel], datetime.date(2026, 12, 1))
    assert "Dernière période 2026-09" in alerte.message and "30/11/2026" in alerte.message


def test_stale_data_counts_any_territory_and_the_status_asked(territoires):
    annuel = IndicateurFactory(code="A01INDM01", maille=M.DEPARTEMENTALE, frequence="annuelle")
    valeur(annuel, "DEP-59", "2022", 1)
    valeur(annuel, "DEP-62", "2024", 1, S.BROUILLON)  # a later draft in another department
    valeur(annuel, "DEP-75", "2025", None, S.VALIDEE)  # no number: no figure
    # After 2022 the next figure was due by 31/12/2024; after 2024, by 31/12/2026.
    jour = datetime.date(2026, 1, 1)
    assert _perimees([annuel], jour) == []  # signed in: the 2024 draft counts
    assert _perimees([annuel], jour, validees_seulement=True) == ["A01INDM01"]
    (alerte,) = alertes.donnees_perimees([annuel], jour, validees_seulement=True)
    assert "Dernière période 2022" in alerte.message
