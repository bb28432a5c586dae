"""Synthetic infra-departmental territories (PTSM level), only ever created by
`jalon generate-synthetic`.

Each is marked twice: its code starts with ``PTSM-SYN-`` and its name ends with « (fictif) ».
They are spread over the departments in proportion to their population (largest
remainders, at least one each), and each gets a share of its department's population drawn
from the seed, recorded with a source saying it is fictitious.
"""

import random

from jalon.territoires.models import Population, Territoire

PREFIXE = "PTSM-SYN-"
SOURCE_POPULATION = "Population fictive (jalon generate-synthetic)"
Niveau = Territoire.Niveau


def est_synthetique(territoire) -> bool:
    return territoire.code.startswith(PREFIXE)


def repartir(populations: dict[str, int], total: int) -> dict[str, int]:
    """How many territories per department: proportional, at least one, summing to total."""
    if total < len(populations):
        raise ValueError(f"Au moins {len(populations)} territoires (un par département).")
    somme = sum(populations.values())
    restant = total - len(populations)
    parts = {code: restant * pop / somme for code, pop in populations.items()}
    nombres = {code: 1 + int(part) for code, part in parts.items()}
    manque = total - sum(nombres.values())
    for code in sorted(parts, key=lambda c: (parts[c] - int(parts[c]), c), reverse=True)[:manque]:
        nombres[code] += 1
    return nombres


def creer_territoires(total: int, graine: int) -> list[Territoire]:
    """Create the synthetic territories (none must exist) with their populations."""
    departements = list(
        Territoire.objects.departements().with_latest_population().order_by("ordre", "code")
    )
    populations = {d.code: d.population_valeur or 100_000 for d in departements}
    nombres = repartir(populations, total)
    hasard = random.Random(f"{graine}:territoires")
    crees, chiffres = [], []
    ordre = 10_000
    for departement in departements:
        n = nombres[departement.code]
        poids = [hasard.lognormvariate(0, 0.5) for _ in range(n)]
        somme = sum(poids)
        for k in range(n):
            ordre += 1
            suffixe = departement.cog or departement.code.removeprefix("DEP-")
            territoire = Territoire(
                code=f"{PREFIXE}{suffixe}-{k + 1:02d}",
                niveau=Niveau.PTSM,
                nom=f"Territoire synthétique {suffixe}-{k + 1:02d} ({departement.nom}) (fictif)",
                parent=departement,
                outre_mer=departement.outre_mer,
                ordre=ordre,
            )
            crees.append(territoire)
            chiffres.append(round(populations[departement.code] * poids[k] / somme))
    Territoire.objects.bulk_create(crees, batch_size=1000)
    annee = (
        Population.objects.filter(territoire__niveau=Niveau.DEPARTEMENT)
        .order_by("-annee")
        .values_list("annee", flat=True)
        .first()
        or 2023
    )
    Population.objects.bulk_create(
        [
            Population(territoire=t, annee=annee, valeur=max(1, v), source=SOURCE_POPULATION)
            for t, v in zip(crees, chiffres, strict=True)
        ],
        batch_size=1000,
    )
    return crees
