"""The rules every aggregate follows, shared by the query layer, the rollups and the
recomputation from raw values (so that all three agree by construction).

- Only values with a number count (a value left empty with a comment is no figure).
- ``validees_seulement``: only values whose status is « validée » (public pages).
- A period's kind (``genre``) is read from its code: ``2023`` année, ``2023-S1`` semestre,
  ``2023-Q1`` trimestre, ``2023-01`` mois.
- The latest period of a territory is the one with the greatest (start date, code): at the
  same start date the code breaks the tie (``2024-S1`` > ``2024-Q1`` > ``2024-01`` > ``2024``).
- A territory's region is the region it is in (a region is its own region); France has none.
"""

from decimal import Decimal, localcontext

from jalon.referentiel.models import Indicateur
from jalon.territoires.models import Territoire

Niveau = Territoire.Niveau
Maille = Indicateur.Maille
Frequence = Indicateur.Frequence

GENRES = ("annee", "semestre", "trimestre", "mois")
# Units whose yearly figure is the sum of the months; any other unit (rates, shares, indices,
# durations) takes the mean of the months.
UNITES_ADDITIVES = frozenset({"nombre", "euros"})
# Finest level of each maille: the default level of regional aggregates.
_NIVEAU_FIN = {
    Maille.NATIONALE: Niveau.PAYS,
    Maille.REGIONALE: Niveau.REGION,
    Maille.DEPARTEMENTALE: Niveau.DEPARTEMENT,
    Maille.INFRA_DEPARTEMENTALE: Niveau.PTSM,
    Maille.A_FIXER: Niveau.REGION,
}
# Periods of each kind in a year, for the yearly figure built from sub-annual values.
PAR_AN = {"annee": 1, "semestre": 2, "trimestre": 4, "mois": 12}
# Decimal precision for sums: 10^14 × millions of values, six decimals, with room to spare.
PRECISION = 50


def genre_de(code: str) -> str:
    if len(code) == 4:
        return "annee"
    return {"S": "semestre", "Q": "trimestre"}.get(code[5], "mois")


def genre_par_defaut(indicateur) -> str:
    """The period kind an indicator is naturally given for."""
    if indicateur.frequence == Frequence.MENSUELLE:
        return "mois"
    if indicateur.frequence == Frequence.BISANNUELLE:
        return "semestre"
    return "annee"


def niveau_par_defaut(indicateur) -> str:
    return _NIVEAU_FIN.get(indicateur.maille, Niveau.REGION)


def cle_recente(debut, periode: str) -> tuple:
    """Sort key of the latest-period rule: greatest wins."""
    return (debut, periode)


def zones_de(territoire_id: int, carte: dict) -> tuple[str, list[int]]:
    """(level, zones) of a territory from ``{id: (niveau, parent_id)}`` (with its ancestors).

    The zones a value counts in: France (the ancestor of level "pays") and, below France,
    its region (a region is its own region).
    """
    niveau = carte[territoire_id][0]
    zones, courant = [], territoire_id
    for _ in range(5):
        if courant is None or courant not in carte:
            break
        niveau_, parent_id = carte[courant]
        if niveau_ in (Niveau.REGION, Niveau.PAYS):
            zones.append(courant)
        courant = parent_id
    return niveau, zones


def carte_territoires(ids=None) -> dict:
    """``{id: (niveau, parent_id)}`` for every territory (or ``ids`` and their ancestors)."""
    if ids is None:
        return {
            pk: (niveau, parent_id)
            for pk, niveau, parent_id in Territoire.objects.values_list("pk", "niveau", "parent_id")
        }
    champs = ["pk", "niveau"]
    for profondeur in range(1, 4):
        prefixe = "__".join(["parent"] * profondeur)
        champs += [f"{prefixe}_id", f"{prefixe}__niveau"]
    carte = {}
    for ligne in Territoire.objects.filter(pk__in=list(ids)).values_list(*champs):
        noeuds = [(ligne[i], ligne[i + 1]) for i in range(0, len(ligne), 2)]
        for (pk, niveau), (parent_id, _) in zip(noeuds, [*noeuds[1:], (None, None)], strict=True):
            if pk is not None:
                carte.setdefault(pk, (niveau, parent_id))
    return carte


def somme(nombres) -> Decimal:
    with localcontext() as contexte:
        contexte.prec = PRECISION
        return sum(nombres, Decimal(0))


def moyenne(total: Decimal, nombre: int) -> Decimal | None:
    if not nombre:
        return None
    with localcontext() as contexte:
        contexte.prec = PRECISION
        return total / nombre


def chiffre_annuel(indicateur, par_genre: dict) -> tuple[Decimal | None, str]:
    """The yearly figure of one territory from ``{genre: (nombre, somme)}`` of that year.

    The value of the year itself when there is one; otherwise, for an indicator given by
    month (or semester, quarter), the complete set of that year's periods of its natural
    kind: their sum for a count or an amount, their mean for any other unit. Incomplete
    years give no figure. Returns (figure or None, the kind it was taken from or "").
    """
    nombre, total = par_genre.get("annee", (0, Decimal(0)))
    if nombre:
        return total, "annee"
    genre = genre_par_defaut(indicateur)
    if genre == "annee":
        return None, ""
    nombre, total = par_genre.get(genre, (0, Decimal(0)))
    if nombre != PAR_AN[genre]:
        return None, ""
    if indicateur.unite in UNITES_ADDITIVES:
        return total, genre
    return moyenne(total, nombre), genre
