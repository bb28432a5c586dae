"""The contract of `jalon.agregats`: what each question answers, on a small known world."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from jalon import agregats
from jalon.referentiel.models import Indicateur
from jalon.territoires.models import Territoire
from tests.agregats.monde import ecrire
from tests.factories import CompteFactory, IndicateurFactory

N = Territoire.Niveau
D = Decimal


def test_validated_only_flag_follows_the_permission_module(db):
    assert agregats.validees_seulement_pour(AnonymousUser()) is True
    assert agregats.validees_seulement_pour(CompteFactory(role="lecteur")) is False


# --- serie --------------------------------------------------------------------------------


def test_serie_is_ordered_by_period_and_filters_status_and_kind(monde):
    ind = monde.ind.mensuel
    ecrire(monde, ind, monde.lille, "2023-02", "20", valider=True)
    ecrire(monde, ind, monde.lille, "2023-01", "10")
    ecrire(monde, ind, monde.lille, "2023", "300", valider=True)
    ecrire(monde, ind, monde.lille, "2022-12", None)
    ecrire(monde, ind, monde.dunkerque, "2023-01", "99")  # another territory
    points = agregats.serie(ind, monde.lille)
    assert [(p.periode, p.valeur) for p in points] == [
        ("2022-12", None),
        ("2023", D("300")),
        ("2023-01", D("10")),
        ("2023-02", D("20")),
    ]
    assert points[1] == agregats.Point("2023", 2023, datetime.date(2023, 1, 1), D(300), "validee")
    assert [p.periode for p in agregats.serie(ind.code, "PTSM-59-A", genre="mois")] == [
        "2022-12",
        "2023-01",
        "2023-02",
    ]
    publics = agregats.serie(ind, monde.lille, validees_seulement=True)
    assert [p.periode for p in publics] == ["2023", "2023-02"]


def test_series_of_many_indicators_equal_their_series_one_by_one(monde):
    ecrire(monde, monde.ind.mensuel, monde.lille, "2023-02", "20", valider=True)
    ecrire(monde, monde.ind.mensuel, monde.lille, "2023-01", "10")
    ecrire(monde, monde.ind.mensuel, monde.lille, "2023", "300", valider=True)
    ecrire(monde, monde.ind.taux, monde.lille, "2022-12", None, valider=True)
    ecrire(monde, monde.ind.taux, monde.dunkerque, "2023-01", "99")  # another territory
    indicateurs = [monde.ind.mensuel, monde.ind.taux, monde.ind.regional]
    for options in ({}, {"validees_seulement": True}, {"genre": "mois"}):
        groupees = agregats.series_par_indicateur(monde.lille, indicateurs=indicateurs, **options)
        une_a_une = {
            i.pk: points
            for i in indicateurs
            if (points := agregats.serie(i, monde.lille, **options))
        }
        assert groupees == une_a_une
    assert set(groupees) == {monde.ind.mensuel.pk, monde.ind.taux.pk}
    assert agregats.series_par_indicateur(monde.lille, indicateurs=[]) == {}


# --- valeurs_par_territoire ---------------------------------------------------------------


def test_values_of_one_period_by_territory(monde):
    ind = monde.ind.regional
    ecrire(monde, ind, monde.hdf, "2023", "5", valider=True)
    ecrire(monde, ind, monde.idf, "2023", "7")
    ecrire(monde, ind, monde.idf, "2022", "6")
    ecrire(monde, ind, monde.fr, "2023", "12")  # another level
    lignes = agregats.valeurs_par_territoire(ind, niveau=N.REGION, periode="2023")
    # Territory order (ordre field: Île-de-France first), France left out.
    assert [(v.territoire, v.nom, v.valeur, v.statut) for v in lignes] == [
        ("REG-11", "Île-de-France", D(7), "brouillon"),
        ("REG-32", "Hauts-de-France", D(5), "validee"),
    ]
    publics = agregats.valeurs_par_territoire(
        ind, niveau=N.REGION, periode="2023", validees_seulement=True
    )
    assert [v.territoire for v in publics] == ["REG-32"]


def test_values_by_territory_of_many_indicators_and_periods(monde):
    ecrire(monde, monde.ind.regional, monde.hdf, "2023", "5", valider=True)
    ecrire(monde, monde.ind.regional, monde.idf, "2023", "7")
    ecrire(monde, monde.ind.regional, monde.idf, "2022", "6", valider=True)
    ecrire(monde, monde.ind.regional, monde.fr, "2023", "12")  # another level
    autre = IndicateurFactory(code="A018INDR01", maille=Indicateur.Maille.REGIONALE)
    ecrire(monde, autre, monde.hdf, "2022", "40", valider=True)
    ecrire(monde, autre, monde.idf, "2021", "30", valider=True)  # another period
    indicateurs = [monde.ind.regional, autre]
    for validees in (False, True):
        groupees = agregats.valeurs_par_territoire_par_indicateur(
            niveau=N.REGION,
            periodes=["2023", "2022 "],
            indicateurs=indicateurs,
            validees_seulement=validees,
        )
        une_a_une = {
            (i.pk, periode): lignes
            for i in indicateurs
            for periode in ("2022", "2023")
            if (
                lignes := agregats.valeurs_par_territoire(
                    i, niveau=N.REGION, periode=periode, validees_seulement=validees
                )
            )
        }
        assert groupees == une_a_une
    assert [v.territoire for v in groupees[(monde.ind.regional.pk, "2023")]] == ["REG-32"]


def test_latest_value_per_territory(monde):
    ind = monde.ind.mensuel
    ecrire(monde, ind, monde.lille, "2023-03", "3", valider=True)
    ecrire(monde, ind, monde.lille, "2023-04", "4")  # latest, draft
    ecrire(monde, ind, monde.lille, "2023-05", None)  # no number: not a figure
    ecrire(monde, ind, monde.dunkerque, "2022-12", "12", valider=True)
    ecrire(monde, ind, monde.dunkerque, "2022", "100", valider=True)  # same start, earlier key
    ecrire(monde, ind, monde.nord, "2024-01", "1")  # a department: another level
    lignes = agregats.valeurs_par_territoire(ind, niveau=N.PTSM)
    assert [(v.territoire, v.periode, v.valeur) for v in lignes] == [
        ("PTSM-59-A", "2023-04", D(4)),
        ("PTSM-59-B", "2022-12", D(12)),
    ]
    publics = agregats.valeurs_par_territoire(ind, niveau=N.PTSM, validees_seulement=True)
    assert [(v.territoire, v.periode) for v in publics] == [
        ("PTSM-59-A", "2023-03"),
        ("PTSM-59-B", "2022-12"),
    ]
    # The yearly value and January share a start date: the code breaks the tie.
    ecrire(monde, ind, monde.ptsm_paris, "2024", "50")
    ecrire(monde, ind, monde.ptsm_paris, "2024-01", "5")
    [paris] = [
        v for v in agregats.valeurs_par_territoire(ind, niveau=N.PTSM) if "75" in v.territoire
    ]
    assert paris.periode == "2024-01"


# --- somme_moyenne_par_region_annee --------------------------------------------------------


def test_sum_and_mean_by_region_and_year(monde):
    ind = monde.ind.mensuel
    ecrire(monde, ind, monde.lille, "2023-01", "10", valider=True)
    ecrire(monde, ind, monde.lille, "2023-02", "20.5")
    ecrire(monde, ind, monde.dunkerque, "2023-01", "4", valider=True)
    ecrire(monde, ind, monde.dunkerque, "2022-06", "1")
    ecrire(monde, ind, monde.dunkerque, "2022-07", None)  # no number: not counted
    ecrire(monde, ind, monde.ptsm_paris, "2023-01", "100")
    ecrire(monde, ind, monde.nord, "2023-01", "1000")  # department level: not mixed in
    ecrire(monde, ind, monde.lille, "2023", "999")  # a yearly value: another kind
    resultat = agregats.somme_moyenne_par_region_annee(ind)
    assert [(a.region, a.annee, a.nombre, a.somme) for a in resultat] == [
        ("REG-11", 2023, 1, D(100)),
        ("REG-32", 2022, 1, D(1)),
        ("REG-32", 2023, 3, D("34.5")),
    ]
    assert resultat[2].moyenne == D("11.5")
    assert resultat[2].nom == "Hauts-de-France"
    publics = agregats.somme_moyenne_par_region_annee(ind, validees_seulement=True)
    assert [(a.region, a.annee, a.somme) for a in publics] == [("REG-32", 2023, D(14))]
    par_departement = agregats.somme_moyenne_par_region_annee(ind, niveau=N.DEPARTEMENT)
    assert [(a.region, a.somme) for a in par_departement] == [("REG-32", D(1000))]
    annuel = agregats.somme_moyenne_par_region_annee(ind, genre="annee", annees=[2023])
    assert [(a.region, a.somme) for a in annuel] == [("REG-32", D(999))]
    assert agregats.somme_moyenne_par_region_annee(ind, annees=[2021]) == []


def test_a_region_counts_its_own_values_at_region_level(monde):
    ind = monde.ind.regional
    ecrire(monde, ind, monde.hdf, "2023", "5")
    ecrire(monde, ind, monde.fr, "2023", "50")  # France is no region
    [hdf] = agregats.somme_moyenne_par_region_annee(ind.code)
    assert (hdf.region, hdf.nombre, hdf.somme, hdf.moyenne) == ("REG-32", 1, D(5), D(5))


# --- evolutions_nationales ----------------------------------------------------------------


def _par_code(evolutions):
    return {e.indicateur: e for e in evolutions}


def test_national_evolutions_for_every_indicator(monde):
    national, mensuel, taux = monde.ind.national, monde.ind.mensuel, monde.ind.taux
    ecrire(monde, national, monde.fr, "2023", "40", valider=True)
    ecrire(monde, national, monde.fr, "2022", "50", valider=True)
    for mois in range(1, 13):
        ecrire(monde, mensuel, monde.fr, f"2023-{mois:02d}", str(mois), valider=True)
        ecrire(monde, taux, monde.fr, f"2023-{mois:02d}", str(mois))
        ecrire(monde, taux, monde.fr, f"2022-{mois:02d}", "2")
    ecrire(monde, mensuel, monde.fr, "2022", "60", valider=True)  # the yearly value wins
    ecrire(monde, mensuel, monde.fr, "2022-01", "1", valider=True)
    ecrire(monde, mensuel, monde.lille, "2023-01", "1000")  # not national
    evolutions = _par_code(agregats.evolutions_nationales(2023))
    assert set(evolutions) == {i.code for i in vars(monde.ind).values()}
    e = evolutions["A033INDM01"]
    assert (e.valeur, e.precedente, e.ecart, e.evolution, e.origine) == (
        D(40),
        D(50),
        D(-10),
        D(-20),
        "annee",
    )
    assert e.favorable is True  # "baisse" is the direction of improvement
    e = evolutions["A016INDR01"]  # a count: the months add up
    assert (e.valeur, e.origine, e.precedente, e.origine_precedente) == (
        D(78),
        "mois",
        D(60),
        "annee",
    )
    assert e.favorable is True
    e = evolutions["A016INDM01"]  # a percentage: the mean of the months
    assert (e.valeur, e.precedente) == (D("6.5"), D(2))
    vide = evolutions["A01INDR01"]
    assert (vide.valeur, vide.precedente, vide.ecart, vide.evolution, vide.favorable) == (
        None,
        None,
        None,
        None,
        None,
    )
    publics = _par_code(agregats.evolutions_nationales(2023, validees_seulement=True))
    assert publics["A016INDM01"].valeur is None  # drafts only
    assert publics["A016INDR01"].valeur == D(78)


def test_an_incomplete_year_gives_no_consolidated_figure(monde):
    ind = monde.ind.semestriel
    ecrire(monde, ind, monde.fr, "2023-S1", "1.5")
    assert _par_code(agregats.evolutions_nationales(2023))["A01INDR01"].valeur is None
    ecrire(monde, ind, monde.fr, "2023-S2", "2.5")
    assert _par_code(agregats.evolutions_nationales(2023))["A01INDR01"].valeur == D(2)


@pytest.mark.parametrize(("precedente", "evolution"), [("0", None), ("-4", D(150))])
def test_evolution_from_zero_or_negative(monde, precedente, evolution):
    ind = monde.ind.national
    ecrire(monde, ind, monde.fr, "2023", "2")
    ecrire(monde, ind, monde.fr, "2022", precedente)
    assert _par_code(agregats.evolutions_nationales("2023"))["A033INDM01"].evolution == evolution
