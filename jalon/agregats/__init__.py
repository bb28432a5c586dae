"""The one query layer for aggregate questions on indicator values.

Pages, the API and reports ask their aggregate questions here and nowhere else, so that
there is one place to make them fast. Every function takes ``validees_seulement``: True
keeps only validated values (« validée »), what public pages and published reports show;
`validees_seulement_pour(user)` gives the right flag for a visitor. Indicators and
territories are passed as instances or codes (``"A016INDR01"``, ``"REG-32"``). Only values
with a number count in aggregates; the shared rules are in `jalon.agregats.regles`.

``serie(indicateur, territoire, *, validees_seulement=False, genre=None) -> list[Point]``
    The values of one indicator for one territory, ordered by period start (then code);
    ``genre`` ("annee", "semestre", "trimestre", "mois") keeps one kind of period. Values
    without a number are included (``valeur`` None): a chart shows a gap.

``valeurs_par_territoire(indicateur, *, niveau, periode=None, validees_seulement=False)``
    ``-> list[ValeurTerritoire]``: one row per territory of ``niveau`` (``Territoire.Niveau``:
    "pays", "region", "departement", "ptsm") having a figure, in territory order. With
    ``periode`` ("2023", "2023-01"…) the value of that period; without it, the latest period
    with a number of each territory (greatest start date, the code breaking ties).

``somme_moyenne_par_region_annee(indicateur, *, niveau=None, genre=None, annees=None,``
    ``validees_seulement=False) -> list[AgregatRegionAnnee]``: for each region and year, the
    number, sum and mean (``.moyenne``) of the values of the territories of ``niveau``
    within the region (default: the finest level of the indicator's maille — PTSM for
    infra-departmental, departments, regions) for periods of kind ``genre`` (default: months
    for a monthly indicator, semesters for a twice-yearly one, years otherwise). Levels and
    period kinds are never mixed, so nothing is counted twice. Ordered by region, year.

``evolutions_nationales(annee, *, validees_seulement=False, indicateurs=None)``
    ``-> list[EvolutionNationale]``: every active indicator (by code; or the given
    ``indicateurs``, from a page that already holds them) with its national (FR) yearly
    figure for ``annee`` and ``annee - 1``: the value of the year, or the complete year of
    its months (or semesters) consolidated — summed for counts and amounts, averaged
    otherwise; ``.ecart``, ``.evolution`` (percent) and ``.favorable`` (from the
    indicator's ``sens``).

Questions over every indicator at once, one query each (dashboards, portal):

``dernieres_par_indicateur(*, niveau=None, territoire=None, indicateurs=None,``
    ``validees_seulement=False) -> {indicateur_id: [ValeurTerritoire]}``: the latest value
    with a number of each territory (of ``niveau``, or only ``territoire``), as
    `valeurs_par_territoire` without ``periode`` gives for one indicator.

``series_par_indicateur(territoire, *, indicateurs, validees_seulement=False, genre=None)``
    ``-> {indicateur_id: [Point]}``: `serie` of each of ``indicateurs`` for one territory
    (indicators without any value are left out), for reports that print every series.

``valeurs_par_territoire_par_indicateur(*, niveau, periodes, indicateurs,``
    ``validees_seulement=False) -> {(indicateur_id, periode): [ValeurTerritoire]}``:
    `valeurs_par_territoire` with ``periode`` for each of ``indicateurs`` and ``periodes``
    (pairs without any value are left out).

``derniere_periode_par_indicateur(*, validees_seulement=False) -> {indicateur_id: periode}``
    The latest period with a number of each indicator, any territory.

``derniere_annee_nationale(*, validees_seulement=False) -> int | None``
    The latest year with a national (FR) value with a number.

``periodes(indicateur, *, niveau, validees_seulement=False) -> list[str]``
    The periods with a value with a number at ``niveau``, latest first (start, then code).

``comptes_par_indicateur(*, validees_seulement=False) -> {indicateur_id: (nombre, annee)}``
    How many values with a number each indicator has, and the latest year among them.

``niveaux_par_indicateur(*, validees_seulement=False) -> {indicateur_id: {niveau, …}}``
    The levels at which each indicator has a value with a number.

Behind them: series and one-period values read the values through their unique index; the
latest values, regional and national aggregates read exact rollups (`models.Cumul`,
`models.Derniere`) that the values services and the bulk import update in the transaction
of the write (`maj`), so a value counts the moment it is written or validated. `recalcul`
recomputes them from the values (the reference of the consistency tests);
`jalon rebuild-agregats [--verifier]` rebuilds or checks them.
"""

# Imported lazily: Django imports this package while loading the apps, before models exist.
_EXPORTS = {
    "AgregatRegionAnnee": "resultats",
    "EvolutionNationale": "resultats",
    "Point": "resultats",
    "ValeurTerritoire": "resultats",
    "comptes_par_indicateur": "requetes",
    "derniere_annee_nationale": "requetes",
    "derniere_periode_par_indicateur": "requetes",
    "dernieres_par_indicateur": "requetes",
    "evolutions_nationales": "requetes",
    "niveaux_par_indicateur": "requetes",
    "periodes": "requetes",
    "serie": "requetes",
    "series_par_indicateur": "requetes",
    "somme_moyenne_par_region_annee": "requetes",
    "validees_seulement_pour": "requetes",
    "valeurs_par_territoire": "requetes",
    "valeurs_par_territoire_par_indicateur": "requetes",
}
__all__ = list(_EXPORTS)


def __getattr__(nom):
    if nom not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {nom!r}")
    import importlib

    return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[nom]}"), nom)
