"""Aggregates recomputed from the raw values, in Python with exact decimals.

The reference the rollups are checked against (`jalon rebuild-agregats --verifier`, the
consistency tests) and what rebuilds them. It reads every concerned value once, streamed.
"""

from collections import defaultdict
from decimal import Decimal

from jalon.agregats import regles
from jalon.saisies.models import Valeur

VALIDEE = Valeur.Statut.VALIDEE


def _valeurs(indicateur_ids, validees: bool):
    requete = Valeur.objects.filter(valeur__isnull=False).order_by()
    if indicateur_ids is not None:
        requete = requete.filter(indicateur_id__in=list(indicateur_ids))
    if validees:
        requete = requete.filter(statut=VALIDEE)
    return requete.values_list(
        "indicateur_id", "territoire_id", "periode", "annee", "debut", "valeur", "statut"
    ).iterator(chunk_size=10_000)


def cumuls(indicateur_ids=None, *, validees: bool, territoires=None) -> dict:
    """``{(indicateur_id, zone_id, niveau, annee, genre): (nombre, somme)}``.

    A zone is France (every value of the level) or a region (the values of the level within
    it); a value of France itself counts in the France zone at level "pays".
    """
    territoires = territoires or regles.carte_territoires()
    zones_par_territoire = {}
    nombres, sommes = defaultdict(int), defaultdict(list)
    for indicateur_id, territoire_id, periode, annee, _, valeur, _ in _valeurs(
        indicateur_ids, validees
    ):
        if territoire_id not in zones_par_territoire:
            zones_par_territoire[territoire_id] = regles.zones_de(territoire_id, territoires)
        niveau, zones = zones_par_territoire[territoire_id]
        genre = regles.genre_de(periode)
        for zone in zones:
            cle = (indicateur_id, zone, niveau, annee, genre)
            nombres[cle] += 1
            sommes[cle].append(valeur)
    return {cle: (nombres[cle], regles.somme(sommes[cle])) for cle in nombres}


def dernieres(indicateur_ids=None, *, validees: bool) -> dict:
    """``{(indicateur_id, territoire_id): (periode, debut, valeur, statut)}``: the latest
    period with a number of each territory (`regles.cle_recente`)."""
    resultat = {}
    for indicateur_id, territoire_id, periode, _, debut, valeur, statut in _valeurs(
        indicateur_ids, validees
    ):
        cle = (indicateur_id, territoire_id)
        actuelle = resultat.get(cle)
        if actuelle is None or regles.cle_recente(debut, periode) > regles.cle_recente(
            actuelle[1], actuelle[0]
        ):
            resultat[cle] = (periode, debut, Decimal(valeur), statut)
    return resultat
