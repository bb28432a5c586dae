"""The figures a report needs, asked of `jalon.agregats` (the one aggregate query layer).

Only validated values enter a report (a bilan is meant for publication). The national series
of an indicator is its values at `FR`; the regional table uses the values of the regions.
Every read covers all the indicators of a report at once: a few queries, not a few per
indicator. Besides the aggregates, two bulk look-ups stay here: the source written on each
national value (printed under the figure) and which indicators have regional values at all
(so indicators without any cost no regional query).
"""

from decimal import Decimal

from jalon import agregats
from jalon.agregats.models import Derniere
from jalon.rapports.format import Point
from jalon.saisies.models import Valeur
from jalon.saisies.periodes import parse_periode
from jalon.territoires.models import Territoire

REGION = Territoire.Niveau.REGION


def series_nationales(indicateurs) -> dict:
    """`{"series": {indicateur_id: [Point, …]}, "sources": {(indicateur_id, periode): str}}`,
    periods oldest first; values left without a number are not figures and are skipped.
    Two queries whatever the number of indicators."""
    france = Territoire.objects.filter(code="FR").first()
    if france is None:
        return {"series": {}, "sources": {}}
    return {
        "series": series(indicateurs, france),
        "sources": {
            (indicateur_id, periode): source
            for indicateur_id, periode, source in Valeur.objects.filter(
                indicateur__in=list(indicateurs),
                territoire=france,
                statut=Valeur.Statut.VALIDEE,
            ).values_list("indicateur_id", "periode", "source")
        },
    }


def series(indicateurs, territoire) -> dict:
    """`{indicateur_id: [Point, …]}`: the validated values with a number of each indicator
    for `territoire`, oldest first, in one query; indicators without any are left out."""
    resultat = {}
    for indicateur_id, points in agregats.series_par_indicateur(
        territoire, indicateurs=indicateurs, validees_seulement=True
    ).items():
        avec_nombre = [Point(p.periode, Decimal(p.valeur)) for p in points if p.valeur is not None]
        if avec_nombre:
            resultat[indicateur_id] = avec_nombre
    return resultat


def avec_valeurs_regionales(indicateurs) -> set[int]:
    """Ids of the indicators having at least one validated regional value with a number.

    Read from the latest-value rollup (`agregats.models.Derniere`, one row per indicator
    and region) rather than the values: on the national set a DISTINCT over the values,
    with the model's default ordering in it, took 0.6 to 3 s."""
    return set(
        Derniere.objects.filter(
            indicateur__in=[i.pk for i in indicateurs], validees=True, niveau=REGION
        )
        .order_by()
        .values_list("indicateur_id", flat=True)
        .distinct()
    )


def valeurs_regionales(indicateur, annee: int) -> tuple[str, dict, str, dict] | None:
    """For the regional table of the bilan of `annee`: the period shown (the year itself, or
    the latest period up to it), its values by region code, the same period a year before
    and its values; None when no region has a value up to `annee`."""
    return valeurs_regionales_par_indicateur([indicateur], annee).get(indicateur.pk)


def _avant(periode: str) -> str:
    return str(int(periode[:4]) - 1) + periode[4:]


def valeurs_regionales_par_indicateur(indicateurs, annee: int) -> dict:
    """`valeurs_regionales` of each of `indicateurs`, `{indicateur_id: (…)}` (indicators
    without a regional value up to `annee` are left out), in two to four queries whatever
    their number: the bilan's year and the one before for all, then, for the indicators
    without a value of the year, their regional periods up to it and the latest one's values."""
    indicateurs = list(indicateurs)

    def lire(cibles, periodes):
        return {
            cle: {v.territoire: v.valeur for v in lignes}
            for cle, lignes in agregats.valeurs_par_territoire_par_indicateur(
                niveau=REGION, periodes=periodes, indicateurs=cibles, validees_seulement=True
            ).items()
        }

    annee_code = str(annee)
    lues = lire(indicateurs, {annee_code, _avant(annee_code)})
    courantes = {i.pk: annee_code for i in indicateurs if (i.pk, annee_code) in lues}
    autres = [i for i in indicateurs if i.pk not in courantes]
    if autres:
        # The latest regional period up to the year, even when a later one exists (a 2023
        # bilan built in 2025): the distinct periods, at most a few hundred per indicator.
        periodes = (
            Valeur.objects.filter(
                indicateur__in=autres,
                territoire__niveau=REGION,
                statut=Valeur.Statut.VALIDEE,
                valeur__isnull=False,
                annee__lte=annee,
            )
            .values_list("indicateur_id", "debut", "periode")
            .order_by()
            .distinct()
        )
        recentes = {}
        for indicateur_id, debut, periode in periodes:
            # Greatest start, the code breaking ties (the rule of `agregats.regles`).
            recentes[indicateur_id] = max(
                recentes.get(indicateur_id, (debut, periode)), (debut, periode)
            )
        courantes.update({pk: periode for pk, (_debut, periode) in recentes.items()})
        a_lire = [i for i in autres if i.pk in courantes]
        if a_lire:
            periodes = {courantes[i.pk] for i in a_lire}
            lues.update(lire(a_lire, periodes | {_avant(p) for p in periodes}))
    resultat = {}
    for indicateur_id, courante in courantes.items():
        avant = _avant(courante)
        resultat[indicateur_id] = (
            courante,
            lues.get((indicateur_id, courante), {}),
            avant,
            lues.get((indicateur_id, avant), {}),
        )
    return resultat


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
