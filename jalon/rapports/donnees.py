"""The figures a report needs, asked of `jalon.agregats` (the one aggregate query layer).

Only validated values enter a report (a bilan is meant for publication). The national series
of an indicator is its values at `FR`; the regional table uses the values of the regions.
Besides the aggregates, two bulk look-ups stay here: the source written on each national value
(printed under the figure) and which indicators have regional values at all (so indicators
without any cost no regional query).
"""

from decimal import Decimal

from jalon import agregats
from jalon.rapports.format import Point
from jalon.saisies.models import Valeur
from jalon.saisies.periodes import parse_periode
from jalon.territoires.models import Territoire

REGION = Territoire.Niveau.REGION


def series_nationales(indicateurs) -> dict:
    """`{"series": {indicateur_id: [Point, …]}, "sources": {(indicateur_id, periode): str}}`,
    periods oldest first; values left without a number are not figures and are skipped."""
    france = Territoire.objects.filter(code="FR").first()
    if france is None:
        return {"series": {}, "sources": {}}
    series = {}
    for indicateur in indicateurs:
        points = [
            Point(p.periode, Decimal(p.valeur))
            for p in agregats.serie(indicateur, france, validees_seulement=True)
            if p.valeur is not None
        ]
        if points:
            series[indicateur.pk] = points
    sources = {
        (indicateur_id, periode): source
        for indicateur_id, periode, source in Valeur.objects.filter(
            indicateur__in=list(indicateurs),
            territoire=france,
            statut=Valeur.Statut.VALIDEE,
        ).values_list("indicateur_id", "periode", "source")
    }
    return {"series": series, "sources": sources}


def avec_valeurs_regionales(indicateurs) -> set[int]:
    """Ids of the indicators having at least one validated regional value."""
    return set(
        Valeur.objects.filter(
            indicateur__in=list(indicateurs),
            territoire__niveau=REGION,
            statut=Valeur.Statut.VALIDEE,
            valeur__isnull=False,
        )
        .values_list("indicateur_id", flat=True)
        .distinct()
    )


def valeurs_regionales(indicateur, annee: int) -> tuple[str, dict, str, dict] | None:
    """For the regional table of the bilan of `annee`: the period shown (the year itself, or
    the latest period up to it), its values by region code, the same period a year before
    and its values; None when no region has a value up to `annee`."""

    def par_region(periode):
        return {
            v.territoire: v.valeur
            for v in agregats.valeurs_par_territoire(
                indicateur, niveau=REGION, periode=periode, validees_seulement=True
            )
        }

    courante = str(annee)
    valeurs = par_region(courante)
    if not valeurs:
        dernieres = agregats.valeurs_par_territoire(
            indicateur, niveau=REGION, validees_seulement=True
        )
        periodes = [v.periode for v in dernieres if parse_periode(v.periode).annee <= annee]
        if not periodes:
            return None
        courante = max(periodes, key=lambda p: parse_periode(p).debut)
        valeurs = par_region(courante)
    avant = str(int(courante[:4]) - 1) + courante[4:]
    return courante, valeurs, avant, par_region(avant)


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
    code_avant = str(int(derniere.periode[:4]) - 1) + derniere.periode[4:]
    precedente = next((p for p in points if p.periode == code_avant), None)
    return derniere, precedente
