import datetime
from decimal import Decimal

import pytest

from jalon.rapports import format as fr
from jalon.rapports.donnees import derniere_et_precedente
from jalon.rapports.format import Point, phrase_evolution

NN = "\u202f"


def p(periode, valeur):
    return Point(periode, Decimal(valeur))


def test_increase_of_a_count_as_the_bilan_writes_it():
    evolution = phrase_evolution(2023, p("2023", 268254), p("2022", 192377), "nombre")
    assert evolution.texte == f"268{NN}254 en 2023, 192{NN}377 en 2022, soit +39{NN}%"
    assert evolution.disponible and not evolution.en_points
    assert round(evolution.variation, 1) == Decimal("39.4")


def test_decrease_of_a_count():
    evolution = phrase_evolution(2023, p("2023", 88), p("2022", 100), "nombre")
    assert evolution.texte == f"88 en 2023, 100 en 2022, soit -12{NN}%"


def test_small_change_keeps_one_decimal():
    evolution = phrase_evolution(2023, p("2023", 1004), p("2022", 1000), "nombre")
    assert evolution.texte.endswith(f"soit +0,4{NN}%")


def test_equal_values_are_a_zero_evolution():
    evolution = phrase_evolution(2023, p("2023", 24), p("2022", 24), "nombre")
    assert evolution.texte == "24 en 2023, 24 en 2022, soit une évolution nulle"
    assert evolution.variation == 0


def test_previous_zero_makes_the_percentage_not_computable():
    evolution = phrase_evolution(2023, p("2023", 5), p("2022", 0), "nombre")
    assert "non calculable" in evolution.texte and evolution.variation is None


def test_missing_previous_value_is_said():
    evolution = phrase_evolution(2023, p("2023", 81), None, "nombre")
    assert evolution.texte == "81 en 2023 ; donnée non disponible pour 2022"


def test_missing_value_is_said_never_hidden():
    evolution = phrase_evolution(2023, None, None, "nombre")
    assert evolution.texte == "donnée non disponible pour 2023"
    assert not evolution.disponible


def test_older_value_is_given_as_latest_known():
    evolution = phrase_evolution(2023, p("2022", 89251), p("2021", 80000), "nombre")
    assert evolution.texte.startswith("donnée non disponible pour 2023 ; dernière valeur : ")
    assert f"89{NN}251 en 2022, 80{NN}000 en 2021, soit +12{NN}%" in evolution.texte
    assert not evolution.disponible


def test_percentages_evolve_in_points():
    evolution = phrase_evolution(2023, p("2023", 45), p("2022", 40), "pourcentage")
    assert evolution.texte == f"45{NN}% en 2023, 40{NN}% en 2022, soit +5 points"
    assert evolution.en_points and evolution.variation == 5


def test_percentage_points_decrease_and_singular():
    assert phrase_evolution(2023, p("2023", 39), p("2022", 40), "pourcentage").texte.endswith(
        "soit -1 point"
    )
    assert phrase_evolution(
        2023, p("2023", "12.5"), p("2022", 10), "taux_evolution"
    ).texte.endswith("soit +2,5 points")


def test_percentage_from_zero_is_computable_in_points():
    evolution = phrase_evolution(2023, p("2023", 3), p("2022", 0), "pourcentage")
    assert evolution.texte.endswith("soit +3 points")


def test_dates_and_periods_in_french():
    assert fr.date(datetime.date(2024, 3, 1)) == "1er mars 2024"
    assert fr.date(datetime.date(2024, 12, 12)) == "12 décembre 2024"
    assert fr.periode("2023") == "2023"
    assert fr.periode("2023-12") == "décembre 2023"
    assert fr.periode("2023-Q1") == "1er trimestre 2023"
    assert fr.periode("2023-S2") == "2e semestre 2023"
    assert fr.nombre(Decimal("1.16")) == "1,16"
    assert fr.nombre(Decimal("2500"), "euros") == f"2{NN}500{NN}€"


@pytest.mark.parametrize(
    "points,attendu",
    [
        ([p("2022", 1), p("2023", 2)], ("2023", "2022")),
        ([p("2021", 1), p("2023", 2)], ("2023", None)),
        ([p("2022", 1), p("2024", 2)], ("2022", None)),  # 2024 is after the bilan's year
        ([p("2022-12", 1), p("2023-12", 2)], ("2023-12", "2022-12")),
        ([p("2023", 5), p("2023-12", 2), p("2022", 4)], ("2023", "2022")),
        ([], (None, None)),
    ],
)
def test_latest_and_previous_values_for_the_bilan_year(points, attendu):
    derniere, precedente = derniere_et_precedente(points, 2023)
    assert (derniere and derniere.periode, precedente and precedente.periode) == attendu
