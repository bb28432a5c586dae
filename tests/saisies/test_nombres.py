from decimal import Decimal

import pytest

from jalon.saisies.nombres import NombreInvalide, format_nombre_fr, parse_nombre_fr


@pytest.mark.parametrize(
    ("texte", "attendu"),
    [
        ("1 333", "1333"),
        ("1\u00a0333", "1333"),
        ("1\u202f333", "1333"),
        ("268 254", "268254"),
        ("1 000 000", "1000000"),
        ("1,16", "1.16"),
        ("13 %", "13"),
        ("13%", "13"),
        ("13,5 %", "13.5"),
        ("13,5\u202f%", "13.5"),
        ("-2", "-2"),
        ("\u22122", "-2"),
        ("+4", "4"),
        ("1.5", "1.5"),
        ("0.25", "0.25"),
        ("  42 ", "42"),
    ],
)
def test_french_forms_are_read(texte, attendu):
    assert parse_nombre_fr(texte) == Decimal(attendu)


@pytest.mark.parametrize(
    ("texte", "raison"),
    [
        ("1,333,000", "virgule"),
        ("abc", "n'est pas un nombre"),
        ("1 3 3", "groupés par trois"),
        ("12 34", "groupés par trois"),
        ("1.333", "ambigu"),
        ("1 333.5", "point"),
        ("", "vide"),
        ("1e5", "n'est pas un nombre"),
        ("NaN", "n'est pas un nombre"),
    ],
)
def test_other_forms_are_refused_with_the_expected_form(texte, raison):
    with pytest.raises(NombreInvalide) as erreur:
        parse_nombre_fr(texte)
    assert raison in str(erreur.value)
    assert "attendu" in str(erreur.value)


def test_percent_sign_refused_for_a_count():
    with pytest.raises(NombreInvalide, match="signe %"):
        parse_nombre_fr("13 %", unite="nombre")
    assert parse_nombre_fr("13 %", unite="pourcentage") == 13


@pytest.mark.parametrize(
    ("valeur", "unite", "attendu"),
    [
        (Decimal("268254.000000"), "nombre", "268\u202f254"),
        (Decimal("13.500000"), "pourcentage", "13,5\u202f%"),
        (Decimal("1.16"), "", "1,16"),
        (Decimal("-1234567.25"), "euros", "-1\u202f234\u202f567,25\u202f€"),
        (Decimal("100"), "nombre", "100"),
        (None, "nombre", ""),
    ],
)
def test_display(valeur, unite, attendu):
    assert format_nombre_fr(valeur, unite) == attendu


def test_display_round_trips():
    for texte in ["1 333", "13,5 %", "268 254"]:
        nombre = parse_nombre_fr(texte)
        unite = "pourcentage" if "%" in texte else "nombre"
        assert parse_nombre_fr(format_nombre_fr(nombre, unite)) == nombre
