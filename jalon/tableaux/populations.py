"""Populations as denominators of per-100 000 rates (latest INSEE figure of each territory)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Subquery

from jalon.territoires.models import Population, Territoire

POUR = Decimal(100_000)
# Units for which a rate per inhabitant means something (counts and amounts).
UNITES_VOLUME = {"nombre", "euros"}


@dataclass(frozen=True)
class TerritoirePeuple:
    code: str
    nom: str
    outre_mer: bool
    population: int | None
    annee_population: int | None


def territoires(niveau: str) -> list[TerritoirePeuple]:
    """Every territory of ``niveau`` in territory order, with its latest population: one query."""
    recente = Population.objects.filter(territoire=OuterRef("pk")).order_by("-annee")
    lignes = (
        Territoire.objects.filter(niveau=niveau)
        .annotate(
            pop=Subquery(recente.values("valeur")[:1]),
            pop_annee=Subquery(recente.values("annee")[:1]),
        )
        .order_by("ordre", "code")
        .values_list("code", "nom", "outre_mer", "pop", "pop_annee")
    )
    return [TerritoirePeuple(*ligne) for ligne in lignes]


def taux(valeur: Decimal | None, population: int | None) -> Decimal | None:
    """``valeur`` per 100 000 inhabitants, two decimals; None without both."""
    if valeur is None or not population:
        return None
    return (Decimal(valeur) * POUR / Decimal(population)).quantize(Decimal("0.01"))


def a_un_denominateur(indicateur) -> bool:
    return indicateur.unite in UNITES_VOLUME
