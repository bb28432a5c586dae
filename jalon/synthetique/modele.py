"""Deterministic, plausible synthetic values: one model per indicator, one draw per series.

Everything derives from the seed and the codes (``random.Random("<seed>:<code>…")``, whose
string seeding is stable across runs and platforms), so the same seed gives the same
values, whatever the order of generation.

- Counts and amounts (units « nombre », « euros », or none yet): a yearly rate per 100 000
  inhabitants drawn per indicator (log-uniform), times the territory's population, a
  territory factor (log-normal), a yearly growth (about +3 % ± 4 %), a monthly seasonality
  (3 to 15 % around a peak month) for monthly series, and noise; whole numbers, never
  negative.
- Percentages: a level between 10 and 85 %, a territory offset, a trend of a few tenths of a
  point a year, a seasonal swing, noise; one decimal, within 0–100.
- Rates of change (-3 to +8 %), indices (85–115), durations (2–12): the same shape around
  their own levels, one decimal.
"""

import math
import random
from dataclasses import dataclass
from decimal import Decimal

from jalon.agregats.regles import UNITES_ADDITIVES

COMPTAGES = UNITES_ADDITIVES | {""}
UN_DIXIEME = Decimal("0.1")


@dataclass(frozen=True)
class Profil:
    comptage: bool
    base: float
    croissance: float
    amplitude: float
    pic: int
    bruit: float
    borne: tuple[float, float] | None


def profil(indicateur, graine: int) -> Profil:
    h = random.Random(f"{graine}:{indicateur.code}")
    unite = indicateur.unite
    if unite in COMPTAGES:
        bas, haut = (5_000, 500_000) if unite == "euros" else (2, 3_000)
        return Profil(
            comptage=True,
            base=math.exp(h.uniform(math.log(bas), math.log(haut))),
            croissance=h.gauss(0.03, 0.04),
            amplitude=h.uniform(0.03, 0.15),
            pic=h.randrange(12),
            bruit=h.uniform(0.02, 0.08),
            borne=None,
        )
    niveaux = {
        "pourcentage": ((10, 85), (0, 100)),
        "taux_evolution": ((-3, 8), None),
        "indice": ((85, 115), None),
        "duree": ((2, 12), (0, None)),
    }
    (bas, haut), borne = niveaux.get(unite, ((10, 85), (0, 100)))
    base = h.uniform(bas, haut)
    return Profil(
        comptage=False,
        base=base,
        croissance=h.gauss(0.3, 0.6) * (abs(base) / 50 + 0.1),
        amplitude=h.uniform(0.5, 3.0),
        pic=h.randrange(12),
        bruit=h.uniform(0.3, 1.5),
        borne=borne,
    )


class Serie:
    """The values of one indicator for one territory, period after period."""

    def __init__(self, profil: Profil, graine: int, code: str, territoire: str, population):
        self.p = profil
        self.h = random.Random(f"{graine}:{code}:{territoire}")
        self.population = population or 100_000
        if profil.comptage:
            self.facteur = self.h.lognormvariate(0, 0.25)
        else:
            self.facteur = self.h.gauss(0, max(1.0, abs(profil.base) * 0.08))

    def valeur(self, annees_ecoulees: float, mois: int | None, par_an: int) -> Decimal:
        p, h = self.p, self.h
        saison = math.cos(2 * math.pi * ((mois or 1) - 1 - p.pic) / 12) if mois else 0.0
        if p.comptage:
            attendu = (
                p.base
                * self.population
                / 100_000
                * self.facteur
                * (1 + p.croissance) ** annees_ecoulees
                * (1 + p.amplitude * saison)
                / par_an
            )
            return Decimal(max(0, round(attendu * (1 + h.gauss(0, p.bruit)))))
        niveau = p.base + self.facteur + p.croissance * annees_ecoulees + p.amplitude * saison
        niveau += h.gauss(0, p.bruit)
        if p.borne is not None:
            bas, haut = p.borne
            niveau = max(bas, niveau) if haut is None else min(haut, max(bas, niveau))
        return Decimal(str(round(niveau, 1))).quantize(UN_DIXIEME)


def agreger(profil: Profil, valeurs: list[Decimal], populations: list[int]) -> Decimal:
    """The national figure of one period: the sum of the territories' counts, the
    population-weighted mean of their rates (one decimal)."""
    if profil.comptage:
        return sum(valeurs, Decimal(0))
    total = sum(populations) or 1
    moyenne = sum(float(v) * p for v, p in zip(valeurs, populations, strict=True)) / total
    return Decimal(str(round(moyenne, 1))).quantize(UN_DIXIEME)
