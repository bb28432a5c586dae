import datetime

import pytest

from jalon.saisies.periodes import PeriodeInvalide, parse_periode


@pytest.mark.parametrize(
    ("texte", "genre", "debut", "fin"),
    [
        ("2023", "annee", (2023, 1, 1), (2023, 12, 31)),
        ("2023-S2", "semestre", (2023, 7, 1), (2023, 12, 31)),
        ("2024-Q1", "trimestre", (2024, 1, 1), (2024, 3, 31)),
        ("2024-02", "mois", (2024, 2, 1), (2024, 2, 29)),
        ("2023-12", "mois", (2023, 12, 1), (2023, 12, 31)),
        (" 2023-q4 ", "trimestre", (2023, 10, 1), (2023, 12, 31)),
    ],
)
def test_period_forms(texte, genre, debut, fin):
    periode = parse_periode(texte)
    assert periode.genre == genre
    assert periode.debut == datetime.date(*debut)
    assert periode.fin == datetime.date(*fin)
    assert periode.code == texte.strip().upper()


@pytest.mark.parametrize("texte", ["", "23", "2023-13", "2023-S3", "2023-Q5", "2023/01", "an 2023"])
def test_invalid_periods_are_refused_in_french(texte):
    with pytest.raises(PeriodeInvalide, match="attendu : 2023, 2023-S1, 2023-Q1 ou 2023-01"):
        parse_periode(texte)
