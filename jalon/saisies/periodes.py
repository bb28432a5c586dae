"""Periods as written in Jalon: `2023`, `2023-S1`, `2023-Q1`, `2023-01`."""

import datetime
import re
from dataclasses import dataclass

_FORMES = re.compile(r"^(?P<annee>\d{4})(?:-(?:S(?P<s>[12])|Q(?P<q>[1-4])|(?P<m>0[1-9]|1[0-2])))?$")


class PeriodeInvalide(ValueError):
    pass


@dataclass(frozen=True)
class Periode:
    code: str
    genre: str  # "annee", "semestre", "trimestre", "mois"
    annee: int
    debut: datetime.date
    fin: datetime.date

    def __str__(self):
        return self.code


def parse_periode(texte: str) -> Periode:
    """Parse a period code; raise PeriodeInvalide with a French message otherwise."""
    code = (texte or "").strip().upper()
    match = _FORMES.match(code)
    if not match or not 1900 <= int(match["annee"]) <= 2100:
        raise PeriodeInvalide(
            f"« {texte} » n'est pas une période (attendu : 2023, 2023-S1, 2023-Q1 ou 2023-01)."
        )
    annee = int(match["annee"])
    if match["s"]:
        premier, nb_mois, genre = (int(match["s"]) - 1) * 6 + 1, 6, "semestre"
    elif match["q"]:
        premier, nb_mois, genre = (int(match["q"]) - 1) * 3 + 1, 3, "trimestre"
    elif match["m"]:
        premier, nb_mois, genre = int(match["m"]), 1, "mois"
    else:
        premier, nb_mois, genre = 1, 12, "annee"
    debut = datetime.date(annee, premier, 1)
    dernier = premier + nb_mois - 1
    fin = datetime.date(annee + dernier // 13, (dernier - 1) % 12 + 1, 1)
    fin = (fin.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(
        days=1
    )
    return Periode(code=code, genre=genre, annee=annee, debut=debut, fin=fin)


MOIS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
MOIS_COURTS = [
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
]


MOIS_PAR_GENRE = {"mois": 1, "trimestre": 3, "semestre": 6, "annee": 12}


def rang_dans_annee(p: Periode) -> int:
    """1-based rank of a month, quarter or half-year within its year (1 for a year)."""
    return (p.debut.month - 1) // MOIS_PAR_GENRE[p.genre] + 1


def libelle_periode(code: str) -> str:
    """`2023`, `décembre 2023`, `1er trimestre 2023`, `2e semestre 2023`."""
    p = parse_periode(code)
    if p.genre == "annee":
        return str(p.annee)
    if p.genre == "mois":
        return f"{MOIS[p.debut.month - 1]} {p.annee}"
    rang = rang_dans_annee(p)
    return f"{'1er' if rang == 1 else f'{rang}e'} {p.genre} {p.annee}"


def libelle_court(code: str) -> str:
    """For a chart axis: `2023`, `déc. 2023`, `T1 2023`, `S2 2023`."""
    p = parse_periode(code)
    if p.genre == "annee":
        return str(p.annee)
    if p.genre == "mois":
        return f"{MOIS_COURTS[p.debut.month - 1]} {p.annee}"
    return f"{'T' if p.genre == 'trimestre' else 'S'}{rang_dans_annee(p)} {p.annee}"
