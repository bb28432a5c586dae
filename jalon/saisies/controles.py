"""Checks that warn before a value is submitted; none of them blocks.

A warning asks the person entering the value to explain it in the comment: `soumettre_valeurs`
refuses a value with a warning and no comment. The checks are:

- ``hors_plage``: outside what the unit allows (a percentage below 0 or above 100, a negative
  count, amount or duration, a rate of change below -100 %);
- ``saut``: more than ``JALON_CONTROLE_SAUT`` times (default 2) or less than its inverse the
  previous period's value of the same territory;
- ``atypique``: robust z-score (median and MAD, Iglewicz and Hoaglin's 0.6745 factor) above
  ``JALON_CONTROLE_Z`` (default 3.5) against the other territories of the same level for the
  same period, with at least ``MIN_COMPARABLES`` of them. Counts and amounts are compared per
  inhabitant when every territory has a population, so that Île-de-France is not an outlier
  for being large.
"""

from dataclasses import dataclass
from decimal import Decimal
from statistics import median

from django.conf import settings

from jalon.saisies.models import Valeur
from jalon.saisies.nombres import format_nombre_fr
from jalon.saisies.periodes import parse_periode
from jalon.territoires.models import Population

MIN_COMPARABLES = 5
_UNITES_POSITIVES = {"", "nombre", "euros", "duree"}
# Units where a ratio between two periods, or a per-inhabitant rate, means something.
_UNITES_VOLUME = {"", "nombre", "euros"}


@dataclass(frozen=True)
class Avertissement:
    code: str  # "hors_plage", "saut", "atypique"
    message: str

    def __str__(self):
        return self.message


def seuil_saut() -> Decimal:
    return Decimal(str(getattr(settings, "JALON_CONTROLE_SAUT", 2)))


def seuil_z() -> Decimal:
    return Decimal(str(getattr(settings, "JALON_CONTROLE_Z", "3.5")))


def controle_plage(indicateur, valeur: Decimal) -> Avertissement | None:
    unite = indicateur.unite
    texte = format_nombre_fr(valeur, unite)
    if unite == "pourcentage" and not Decimal(0) <= valeur <= Decimal(100):
        return Avertissement("hors_plage", f"{texte} : un pourcentage est compris entre 0 et 100.")
    if unite == "taux_evolution" and valeur < Decimal(-100):
        return Avertissement("hors_plage", f"{texte} : une baisse ne peut dépasser -100 %.")
    if unite in _UNITES_POSITIVES and valeur < 0:
        return Avertissement("hors_plage", f"{texte} : une valeur négative n'est pas plausible.")
    return None


def controle_saut(indicateur, territoire, periode, valeur: Decimal, *, facteur=None):
    """Compare with the latest earlier period of the same kind (year with year…)."""
    if indicateur.unite not in _UNITES_VOLUME | {"pourcentage", "duree"} or valeur <= 0:
        return None
    courante = parse_periode(periode)
    precedente = (
        Valeur.objects.filter(
            indicateur=indicateur,
            territoire=territoire,
            debut__lt=courante.debut,
            periode__regex=_regex_meme_genre(courante.genre),
            valeur__isnull=False,
        )
        .exclude(statut=Valeur.Statut.RENVOYEE)
        .order_by("-debut")
        .values_list("periode", "valeur")
        .first()
    )
    if precedente is None or precedente[1] <= 0:
        return None
    facteur = Decimal(str(facteur)) if facteur is not None else seuil_saut()
    ancienne = precedente[1]
    if valeur > ancienne * facteur or valeur < ancienne / facteur:
        unite = indicateur.unite
        return Avertissement(
            "saut",
            f"{format_nombre_fr(valeur, unite)} contre {format_nombre_fr(ancienne, unite)} en "
            f"{precedente[0]} : écart de plus d'un facteur {format_nombre_fr(facteur)}.",
        )
    return None


def _regex_meme_genre(genre: str) -> str:
    return {
        "annee": r"^\d{4}$",
        "semestre": r"^\d{4}-S\d$",
        "trimestre": r"^\d{4}-Q\d$",
        "mois": r"^\d{4}-\d{2}$",
    }[genre]


def controle_atypique(indicateur, territoire, periode, valeur: Decimal, *, seuil=None):
    """Robust z-score against the other territories of the same level for the same period."""
    autres = dict(
        Valeur.objects.filter(
            indicateur=indicateur,
            periode=parse_periode(periode).code,
            territoire__niveau=territoire.niveau,
            valeur__isnull=False,
        )
        .exclude(territoire=territoire)
        .exclude(statut=Valeur.Statut.RENVOYEE)
        .values_list("territoire_id", "valeur")
    )
    if len(autres) < MIN_COMPARABLES:
        return None
    serie = {**autres, territoire.pk: valeur}
    par_habitant = indicateur.unite in _UNITES_VOLUME and _par_habitant(
        serie, parse_periode(periode)
    )
    if par_habitant:
        serie = par_habitant
    x = serie.pop(territoire.pk)
    centre = median(serie.values())
    mad = median(abs(v - centre) for v in serie.values())
    if mad == 0:
        return None
    z = Decimal("0.6745") * (x - centre) / mad
    seuil = Decimal(str(seuil)) if seuil is not None else seuil_z()
    if abs(z) <= seuil:
        return None
    base = "rapportée à la population, " if par_habitant else ""
    return Avertissement(
        "atypique",
        f"{format_nombre_fr(valeur, indicateur.unite)} : valeur atypique {base}par rapport aux "
        f"{len(serie)} autres territoires pour {periode} (score z robuste "
        f"{format_nombre_fr(z.quantize(Decimal('0.1')))}, seuil {format_nombre_fr(seuil)}).",
    )


def _par_habitant(serie: dict, periode) -> dict | None:
    """Values per inhabitant, with each territory's latest population up to the period's year."""
    populations = {}
    for territoire_id, valeur in (
        Population.objects.filter(territoire_id__in=serie, annee__lte=periode.annee)
        .order_by("territoire_id", "annee")
        .values_list("territoire_id", "valeur")
    ):
        populations[territoire_id] = valeur  # ordered by year: the latest one wins
    if set(populations) != set(serie) or not all(populations.values()):
        return None
    return {t: v / Decimal(populations[t]) for t, v in serie.items()}


def verifier(indicateur, territoire, periode, valeur: Decimal | None) -> list[Avertissement]:
    """All warnings for one value (empty list when none or when there is no number)."""
    if valeur is None:
        return []
    resultats = [
        controle_plage(indicateur, valeur),
        controle_saut(indicateur, territoire, periode, valeur),
        controle_atypique(indicateur, territoire, periode, valeur),
    ]
    return [avertissement for avertissement in resultats if avertissement is not None]
