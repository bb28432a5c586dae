"""French formats of every report, in one place: numbers, dates, periods and evolutions.

Numbers follow `jalon.saisies.nombres.format_nombre_fr` (narrow no-break space between
thousands, decimal comma). Evolutions are phrased the way the national bilan writes them:
"268 254 en 2023, 192 377 en 2022, soit +39 %".

Rules of the evolution phrase (`phrase_evolution`):

- a count (or amount, duration…) evolves in percent of the previous value, rounded to the unit
  from 1 % up ("+39 %"), to one decimal below ("+0,4 %");
- a percentage or a rate of change evolves in points ("45 % en 2023, 40 % en 2022, soit
  +5 points");
- equal values: "soit une évolution nulle"; a previous value of 0 (count): the percentage is
  not computable and the phrase says so;
- no previous value: the latest value alone and "donnée non disponible pour N-1";
- no value for the year of the bilan: "donnée non disponible pour N", followed by the latest
  known value when there is an older one. Nothing is ever hidden or estimated.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from jalon.saisies.nombres import format_nombre_fr
from jalon.saisies.periodes import MOIS, libelle_periode, parse_periode

UNITES_EN_POINTS = {"pourcentage", "taux_evolution"}
NBSP = "\u202f"


def nombre(valeur, unite: str = "") -> str:
    """`268 254`, `1,16`, `13,5 %`, `2 500 €` (unit suffix for percentages and euros)."""
    return format_nombre_fr(valeur, unite)


def date(valeur: datetime.date | datetime.datetime | None) -> str:
    """`1er mars 2024`, `12 mars 2024`; empty for None."""
    if valeur is None:
        return ""
    if isinstance(valeur, datetime.datetime):
        valeur = valeur.date()
    jour = "1er" if valeur.day == 1 else str(valeur.day)
    return f"{jour} {MOIS[valeur.month - 1]} {valeur.year}"


def date_heure(valeur: datetime.datetime | None) -> str:
    """`12 mars 2024 à 14 h 05` in the server's time zone."""
    if valeur is None:
        return ""
    from django.utils import timezone

    local = timezone.localtime(valeur) if timezone.is_aware(valeur) else valeur
    return f"{date(local)} à {local.hour} h {local.minute:02d}"


def periode(code: str) -> str:
    """`2023`, `décembre 2023`, `1er trimestre 2023`, `2e semestre 2023`."""
    return libelle_periode(code)


def _arrondi(valeur: Decimal, decimales: int) -> Decimal:
    return valeur.quantize(Decimal(1).scaleb(-decimales), rounding=ROUND_HALF_UP)


def _signe(valeur: Decimal) -> str:
    return "+" if valeur > 0 else ""


@dataclass(frozen=True)
class Point:
    """One value of a series: its period code and number."""

    periode: str
    valeur: Decimal


@dataclass(frozen=True)
class Evolution:
    """What the phrase says, kept as data for tables and comparisons."""

    texte: str
    derniere: Point | None
    precedente: Point | None
    variation: Decimal | None  # percent (counts) or points (percentages); None if not computable
    en_points: bool
    disponible: bool  # a value exists for the year of the bilan


def variation(derniere: Decimal, precedente: Decimal, *, en_points: bool) -> Decimal | None:
    if en_points:
        return derniere - precedente
    if precedente == 0:
        return None
    return (derniere - precedente) / abs(precedente) * 100


def texte_variation(valeur: Decimal, *, en_points: bool) -> str:
    """`+39 %`, `-12 %`, `+0,4 %`, `+5 points`, `-1 point`, `+2,5 points`."""
    if en_points:
        arrondi = _arrondi(valeur, 1)
        mot = "point" if abs(arrondi) <= 1 else "points"
        return f"{_signe(arrondi)}{nombre(arrondi)} {mot}"
    arrondi = _arrondi(valeur, 0 if abs(valeur) >= 1 else 1)
    return f"{_signe(arrondi)}{nombre(arrondi)}{NBSP}%"


def phrase_evolution(annee: int, derniere: Point | None, precedente: Point | None, unite: str):
    """The bilan's sentence for the latest value of a series and the one before it.

    `derniere` is the latest value up to the bilan's year, `precedente` the value of the
    year before `derniere` (same kind of period), either may be None.
    """
    en_points = unite in UNITES_EN_POINTS
    if derniere is None:
        return Evolution(f"donnée non disponible pour {annee}", None, None, None, en_points, False)
    disponible = parse_periode(derniere.periode).annee >= annee
    courant = f"{nombre(derniere.valeur, unite)} en {periode(derniere.periode)}"
    prefixe = "" if disponible else f"donnée non disponible pour {annee} ; dernière valeur : "
    if precedente is None:
        annee_avant = parse_periode(derniere.periode).annee - 1
        texte = f"{prefixe}{courant} ; donnée non disponible pour {annee_avant}"
        return Evolution(texte, derniere, None, None, en_points, disponible)
    avant = f"{nombre(precedente.valeur, unite)} en {periode(precedente.periode)}"
    delta = variation(derniere.valeur, precedente.valeur, en_points=en_points)
    if derniere.valeur == precedente.valeur:
        suite = "soit une évolution nulle"
        delta = Decimal(0)
    elif delta is None:
        suite = "évolution en pourcentage non calculable (valeur précédente nulle)"
    else:
        suite = f"soit {texte_variation(delta, en_points=en_points)}"
    texte = f"{prefixe}{courant}, {avant}, {suite}"
    return Evolution(texte, derniere, precedente, delta, en_points, disponible)
