"""The figures a report needs, fetched in bulk: a bilan asks for ~110 indicators at once.

Only validated values enter a bilan (it is meant for publication). The national series is the
indicator's values at `FR`; the regional table uses the values of the 18 regions.
"""

from collections import defaultdict
from decimal import Decimal

from jalon.rapports.format import Point
from jalon.saisies.models import Valeur
from jalon.saisies.periodes import parse_periode
from jalon.territoires.models import Territoire


def _valeurs(indicateur_ids, validees_seulement: bool):
    queryset = Valeur.objects.filter(indicateur_id__in=list(indicateur_ids), valeur__isnull=False)
    if validees_seulement:
        queryset = queryset.filter(statut=Valeur.Statut.VALIDEE)
    return queryset


def series_nationales(indicateur_ids, *, validees_seulement: bool = True) -> dict:
    """`{indicateur_id: [Point, …]}` at FR, oldest period first, with each value's source."""
    series = defaultdict(list)
    sources = {}
    lignes = (
        _valeurs(indicateur_ids, validees_seulement)
        .filter(territoire__code="FR")
        .order_by("indicateur_id", "debut", "periode")
        .values_list("indicateur_id", "periode", "valeur", "source")
    )
    for indicateur_id, periode, valeur, source in lignes:
        series[indicateur_id].append(Point(periode, Decimal(valeur)))
        sources[(indicateur_id, periode)] = source
    return {"series": dict(series), "sources": sources}


def valeurs_regionales(indicateur_ids, *, validees_seulement: bool = True) -> dict:
    """`{indicateur_id: {periode: {region_code: Decimal}}}` for the regions."""
    resultat = defaultdict(lambda: defaultdict(dict))
    lignes = (
        _valeurs(indicateur_ids, validees_seulement)
        .filter(territoire__niveau=Territoire.Niveau.REGION)
        .values_list("indicateur_id", "periode", "territoire__code", "valeur")
    )
    for indicateur_id, periode, region, valeur in lignes:
        resultat[indicateur_id][periode][region] = Decimal(valeur)
    return {k: dict(v) for k, v in resultat.items()}


def regions():
    """The regions in the COG order, as rows of the regional tables."""
    return list(Territoire.objects.regions().order_by("ordre", "code"))


def derniere_et_precedente(points: list[Point], annee: int) -> tuple[Point | None, Point | None]:
    """The latest value up to the bilan's year and the value of the year before it, for the
    same kind of period (2022 for 2023, 2022-12 for 2023-12); None when missing."""
    candidats = [p for p in points if parse_periode(p.periode).annee <= annee]
    if not candidats:
        return None, None
    derniere_annee = max(parse_periode(p.periode).annee for p in candidats)
    de_l_annee = [p for p in candidats if parse_periode(p.periode).annee == derniere_annee]
    annuels = [p for p in de_l_annee if parse_periode(p.periode).genre == "annee"]
    # Within the latest year, an annual figure describes it better than one of its months.
    derniere = (
        annuels[0] if annuels else max(de_l_annee, key=lambda p: parse_periode(p.periode).debut)
    )
    code = derniere.periode
    code_avant = str(int(code[:4]) - 1) + code[4:]
    precedente = next((p for p in points if p.periode == code_avant), None)
    return derniere, precedente
