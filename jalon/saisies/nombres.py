"""Numbers written the French way, as ARS and national directions type them.

Accepted (`parse_nombre_fr`):

- digits with an optional sign: ``-2``, ``+4``, ``−2`` (U+2212 minus, as word processors write);
- thousands grouped by three and separated by a space, a no-break space (U+00A0) or a narrow
  no-break space (U+202F): ``1 333``, ``268 254``, ``1 000 000``;
- a decimal comma: ``1,16``, ``13,5``;
- an optional percent sign, with or without a space before it: ``13 %``, ``13,5%``. The number
  is kept as written (``13 %`` gives ``13``, not ``0.13``): percentage indicators are stored in
  points, as the bilan prints them;
- a decimal point only when it cannot be read as a thousands separator: ``1.5`` or ``0.25``
  are read as decimals, but ``1.333`` (English 1.333 or 1 333 written with a dot?) is refused,
  as is any number mixing a dot with a comma or with spaces.

Refused, with a French message giving the expected form: ``1,333,000`` (English grouping),
``1 3 3`` (groups that are not of three digits), ``abc``, an empty cell, exponents, ``NaN``.
"""

import re
from decimal import Decimal, InvalidOperation

# Spaces a spreadsheet or a word processor may put between groups of digits.
_ESPACES = " \u00a0\u202f\u2009"
_MOINS = "-\u2212"

_ENTIER_GROUPE = r"\d{1,3}(?:[" + _ESPACES + r"]\d{3})+"
_NOMBRE = re.compile(
    r"^(?P<signe>[+\-\u2212])?"
    r"(?P<entier>" + _ENTIER_GROUPE + r"|\d+)"
    r"(?:,(?P<decimales>\d+))?"
    r"(?P<pourcent>[" + _ESPACES + r"]?%)?$"
)
# A dot as decimal separator: digits, a dot, then anything but exactly three digits.
_NOMBRE_POINT = re.compile(
    r"^(?P<signe>[+\-\u2212])?(?P<entier>\d+)\.(?P<decimales>\d{1,2}|\d{4,})"
    r"(?P<pourcent>[" + _ESPACES + r"]?%)?$"
)

FORME_ATTENDUE = "attendu : un nombre comme 1 333 ; 1,16 ; 13 % ; 13,5 % ou -2"

UNITES_POURCENT = {"pourcentage", "taux_evolution"}
_SUFFIXES = {"pourcentage": "\u202f%", "taux_evolution": "\u202f%", "euros": "\u202f€"}


class NombreInvalide(ValueError):
    """The text is not a number written the French way; the message says the expected form."""


def parse_nombre_fr(texte, *, unite: str | None = None) -> Decimal:
    """Read a number written the French way (see the module docstring for the forms).

    With ``unite``, a percent sign is refused on an indicator that is not a percentage or a
    rate of change, since ``13 %`` for a count is a slip worth catching.
    """
    if isinstance(texte, Decimal):
        return texte
    if isinstance(texte, int) and not isinstance(texte, bool):
        return Decimal(texte)
    brut = "" if texte is None else str(texte)
    propre = brut.strip(_ESPACES + "\t\r\n")
    if not propre:
        raise NombreInvalide(f"Valeur vide ({FORME_ATTENDUE}).")
    match = _NOMBRE.match(propre) or _NOMBRE_POINT.match(propre)
    if match is None:
        raise NombreInvalide(_message_refus(brut, propre))
    if match["pourcent"] and unite is not None and unite not in UNITES_POURCENT:
        raise NombreInvalide(
            f"« {brut} » : le signe % n'est pas attendu pour un indicateur exprimé en "
            f"« {unite or 'nombre'} » (attendu : un nombre sans %)."
        )
    entier = re.sub(f"[{_ESPACES}]", "", match["entier"])
    chiffres = entier + ("." + match["decimales"] if match["decimales"] else "")
    signe = "-" if match["signe"] and match["signe"] in _MOINS else ""
    try:
        return Decimal(signe + chiffres)
    except InvalidOperation as exc:  # pragma: no cover - the patterns only let digits through
        raise NombreInvalide(f"« {brut} » n'est pas un nombre ({FORME_ATTENDUE}).") from exc


def _message_refus(brut: str, propre: str) -> str:
    """Say why, for the mistakes people actually make."""
    if propre.count(",") > 1:
        return (
            f"« {brut} » : la virgule est le séparateur décimal, elle ne peut figurer qu'une "
            f"fois ; séparez les milliers par une espace ({FORME_ATTENDUE})."
        )
    if re.fullmatch(r"[+\-\u2212]?\d+\.\d{3}", propre):
        return (
            f"« {brut} » est ambigu : le point peut séparer les milliers ou les décimales ; "
            f"écrivez 1 333 ou 1,333 ({FORME_ATTENDUE})."
        )
    if "." in propre:
        return (
            f"« {brut} » : le point n'est accepté que seul comme séparateur décimal ; "
            f"utilisez la virgule ({FORME_ATTENDUE})."
        )
    if re.fullmatch(r"[+\-\u2212]?[\d" + _ESPACES + r"]+(,\d+)?[" + _ESPACES + "]?%?", propre):
        return (
            f"« {brut} » : les chiffres doivent être groupés par trois (milliers) "
            f"({FORME_ATTENDUE})."
        )
    return f"« {brut} » n'est pas un nombre ({FORME_ATTENDUE})."


def format_nombre_fr(valeur: Decimal | int | None, unite: str = "") -> str:
    """Display a value: ``268 254``, ``1,16``, ``13,5 %``, ``2 500 €``; empty for None.

    Thousands and the space before a unit are narrow no-break spaces (U+202F), as French
    typography and browsers' ``Intl.NumberFormat('fr-FR')`` write them, so a figure never breaks
    across lines. Trailing zeros of the stored decimal places are dropped.
    """
    if valeur is None:
        return ""
    nombre = Decimal(valeur)
    texte = format(nombre.normalize() if nombre == nombre.to_integral() else nombre, "f")
    if "." in texte:
        texte = texte.rstrip("0").rstrip(".")
    signe = "-" if texte.startswith("-") else ""
    entier, _, decimales = texte.lstrip("-").partition(".")
    groupes = []
    while len(entier) > 3:
        groupes.insert(0, entier[-3:])
        entier = entier[:-3]
    groupes.insert(0, entier)
    resultat = signe + "\u202f".join(groupes) + ("," + decimales if decimales else "")
    return resultat + _SUFFIXES.get(unite, "")
