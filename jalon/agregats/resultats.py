"""What the query layer returns: small frozen dataclasses, plain data a page, an API or a
report renders without touching the database again."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from jalon.agregats.regles import moyenne


@dataclass(frozen=True)
class Point:
    """One period of a series. ``valeur`` is None when the value was left without a number."""

    periode: str
    annee: int
    debut: datetime.date
    valeur: Decimal | None
    statut: str


@dataclass(frozen=True)
class ValeurTerritoire:
    territoire: str  # code: FR, REG-32, DEP-59, PTSM-…
    nom: str
    periode: str
    valeur: Decimal
    statut: str


@dataclass(frozen=True)
class AgregatRegionAnnee:
    """The ``nombre`` values with a number of one region and year, their sum and mean."""

    region: str  # code, REG-xx
    nom: str
    annee: int
    nombre: int
    somme: Decimal

    @property
    def moyenne(self) -> Decimal | None:
        return moyenne(self.somme, self.nombre)


@dataclass(frozen=True)
class EvolutionNationale:
    """The national (FR) yearly figure of an indicator for ``annee`` and the year before.

    ``origine`` says where each figure comes from: "annee" (the value of the year), "mois"
    or "semestre" (consolidated from the complete year, see `regles.chiffre_annuel`), or ""
    when there is no figure.
    """

    indicateur: str
    libelle: str
    unite: str
    sens: str
    annee: int
    valeur: Decimal | None
    precedente: Decimal | None
    origine: str
    origine_precedente: str

    @property
    def ecart(self) -> Decimal | None:
        if self.valeur is None or self.precedente is None:
            return None
        return self.valeur - self.precedente

    @property
    def evolution(self) -> Decimal | None:
        """Relative change in percent, None without both figures or from zero."""
        if self.ecart is None or not self.precedente:
            return None
        return self.ecart * 100 / abs(self.precedente)

    @property
    def favorable(self) -> bool | None:
        """True/False when the indicator has a direction of improvement and both figures."""
        if self.ecart is None or not self.ecart or self.sens not in ("hausse", "baisse"):
            return None
        return (self.ecart > 0) == (self.sens == "hausse")
