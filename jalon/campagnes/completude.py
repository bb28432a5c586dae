"""The campaign's completeness, counted in SQL: the campaign page and API
(`jalon.campagnes.suivi.completude`), the national dashboard and the region page.

Same answer as building every expected cell of `jalon.campagnes.attendus` and summing their
`Bilan.de` (same cells, rules and `Bilan`s; the cell-by-cell count is kept in the tests as
the reference, compared on random worlds), without building each cell in Python: the national
providers alone owe ≈ 23 000 cells (departmental indicators × 101 departments), which made
the dashboard slow. Expected cells are counted from the referential (indicators × territories
of their maille); the values of the campaign's period are counted by status in one grouped
query (a UNION ALL of one branch per maille, for the regions and for the providers).

A value counts as on time when it is received (submitted or validated) and its first
submission was recorded on or before the deadline, the date being read in UTC as
`attendus.Cellule.a_l_heure` does.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Sum, Value, When

from jalon.campagnes import attendus
from jalon.campagnes.attendus import RECUES, VIDE, Bilan
from jalon.referentiel.models import Indicateur
from jalon.saisies.models import HistoriqueValeur, Valeur
from jalon.territoires.models import Territoire

Maille = Indicateur.Maille
Niveau = Territoire.Niveau
DEPARTEMENTALES = {Maille.DEPARTEMENTALE, Maille.INFRA_DEPARTEMENTALE}


def _a_l_heure(echeance):
    """(the number of received values first submitted by ``echeance``, the first submission
    of a value): SQL expressions, the second annotated on each value before grouping."""
    if echeance is None:
        return Sum(Value(0), output_field=IntegerField()), Value(None)
    limite = datetime.datetime.combine(
        echeance + datetime.timedelta(days=1), datetime.time.min, tzinfo=datetime.UTC
    )
    # The first submission of the value, read per value through the history's value index
    # (a LIMIT, so PostgreSQL does not hash the whole history instead).
    premiere = Subquery(
        HistoriqueValeur.objects.filter(valeur=OuterRef("pk"), nouveau_statut__in=RECUES)
        .order_by("horodatage")
        .values("horodatage")[:1]
    )
    return Sum(
        Case(
            When(Q(statut__in=RECUES) & Q(premiere_soumission__lt=limite), then=1),
            default=0,
            output_field=IntegerField(),
        )
    ), premiere


def _maille(indicateur) -> str:
    return Maille.DEPARTEMENTALE if indicateur.maille in DEPARTEMENTALES else indicateur.maille


@dataclass
class Cellules:
    """The expected cells of one group of owers, as id lists per maille: {maille: (indicator
    ids, territory ids)}; ``champ`` ("indicateur_id" or "territoire_id") is what the values
    are grouped by, ``cle`` maps it to the ower."""

    par_maille: dict
    echeance: object
    champ: str
    cle: object


def _comptes(campagne, *groupes: Cellules) -> list[dict]:
    """For each group, {ower: {statut: (values, on time)}} of the values of the campaign's
    period, counted in SQL per ``champ`` and status, in one query (UNION ALL).

    The indicators and territories are given as id lists, not joins, one branch per group and
    maille (not an OR of them), so that PostgreSQL probes the values' unique index for these
    cells only."""
    branches = []
    for rang, groupe in enumerate(groupes):
        somme_a_l_heure, premiere = _a_l_heure(groupe.echeance)
        for indicateurs, territoires in groupe.par_maille.values():
            if not indicateurs or not territoires:
                continue
            branches.append(
                Valeur.objects.filter(
                    indicateur__in=indicateurs,
                    territoire__in=territoires,
                    periode=campagne.periode,
                )
                .order_by()
                .annotate(premiere_soumission=premiere)
                .values(groupe.champ, "statut")
                .annotate(n=Count("pk"), heure=somme_a_l_heure, groupe=Value(rang))
                .values_list("groupe", groupe.champ, "statut", "n", "heure")
            )
    comptes: list[dict] = [{} for _ in groupes]
    if not branches:
        return comptes
    requete = branches[0].union(*branches[1:], all=True) if len(branches) > 1 else branches[0]
    for rang, identifiant, statut, nombre, heure in requete:
        groupe = comptes[rang].setdefault(groupes[rang].cle(identifiant), {})
        avant = groupe.get(statut, (0, 0))
        groupe[statut] = (avant[0] + nombre, avant[1] + (heure or 0))
    return comptes


def _bilan(attendues: int, comptes: dict) -> Bilan:
    """``comptes``: {statut: (number of values, number on time)}."""
    bilan = Bilan(attendues=attendues)
    for statut, (nombre, a_l_heure) in comptes.items():
        bilan.par_etat[statut] += nombre
        if statut in RECUES:
            bilan.recues += nombre
        bilan.a_l_heure += a_l_heure
    vides = attendues - sum(nombre for nombre, _ in comptes.values())
    if vides:
        bilan.par_etat[VIDE] += vides
    return bilan


@dataclass
class Referentiel:
    """What the counts need from the referential and the territories, read once: the active
    indicators (with their provider) and France, the regions and the departments."""

    indicateurs: list
    france: list
    regions: list
    departements: dict  # {pk: parent pk}

    @classmethod
    def lire(cls, indicateurs=None, regions=None) -> "Referentiel":
        if indicateurs is None:
            indicateurs = list(
                Indicateur.objects.actifs().select_related("fournisseur").order_by("code")
            )
        france, toutes_regions, departements = [], [], {}
        for territoire in Territoire.objects.filter(
            Q(code="FR") | Q(niveau__in=[Niveau.REGION, Niveau.DEPARTEMENT])
        ):
            if territoire.code == "FR":
                france.append(territoire)
            elif territoire.niveau == Niveau.REGION:
                toutes_regions.append(territoire)
            else:
                departements[territoire.pk] = territoire.parent_id
        return cls(
            indicateurs, france, toutes_regions if regions is None else regions, departements
        )


def _cellules_regions(referentiel, campagne):
    """(the regions' cells, the number of expected values of each region)."""
    region_de = {region.pk: region.pk for region in referentiel.regions}
    # A department whose parent is not a region is nobody's cell (as in `attendus`).
    departements = [pk for pk, parent in referentiel.departements.items() if parent in region_de]
    region_de |= {pk: referentiel.departements[pk] for pk in departements}
    par_maille = {Maille.REGIONALE: [], Maille.DEPARTEMENTALE: []}
    for indicateur in referentiel.indicateurs:
        if attendus.est_attendu_des_ars(indicateur):
            par_maille[_maille(indicateur)].append(indicateur.pk)
    nombre_departements = Counter(region_de[pk] for pk in departements)
    attendues = {
        region.pk: len(par_maille[Maille.REGIONALE])
        + len(par_maille[Maille.DEPARTEMENTALE]) * nombre_departements[region.pk]
        for region in referentiel.regions
    }
    cellules = Cellules(
        {
            Maille.REGIONALE: (par_maille[Maille.REGIONALE], [r.pk for r in referentiel.regions]),
            Maille.DEPARTEMENTALE: (par_maille[Maille.DEPARTEMENTALE], departements),
        },
        campagne.echeance_valeurs_regionales,
        "territoire_id",
        region_de.__getitem__,
    )
    return cellules, attendues


def _cellules_fournisseurs(referentiel, campagne):
    """(the providers' cells, the number of expected values of each provider, the providers)."""
    territoires = {
        Maille.NATIONALE: [t.pk for t in referentiel.france],
        Maille.REGIONALE: [t.pk for t in referentiel.regions],
        Maille.DEPARTEMENTALE: list(referentiel.departements),
    }
    par_maille = {maille: [] for maille in territoires}
    attendues: Counter = Counter()
    organisations, organisation_de = {}, {}
    for indicateur in referentiel.indicateurs:
        if not attendus.est_attendu_d_un_fournisseur(indicateur):
            continue
        maille = _maille(indicateur)
        par_maille[maille].append(indicateur.pk)
        organisations[indicateur.fournisseur_id] = indicateur.fournisseur
        organisation_de[indicateur.pk] = indicateur.fournisseur_id
        attendues[indicateur.fournisseur_id] += len(territoires[maille])
    cellules = Cellules(
        {maille: (par_maille[maille], territoires[maille]) for maille in territoires},
        campagne.echeance_valeurs_nationales,
        "indicateur_id",
        organisation_de.__getitem__,
    )
    return cellules, attendues, organisations


def bilan_region(campagne, region) -> Bilan:
    """What the ARS of ``region`` owes to the campaign: ``Bilan.de(cellules_region(...))``,
    counted in SQL (the region page)."""
    referentiel = Referentiel.lire(regions=[region])
    cellules, attendues = _cellules_regions(referentiel, campagne)
    (comptes,) = _comptes(campagne, cellules)
    return _bilan(attendues[region.pk], comptes.get(region.pk, {}))


def _somme(bilans) -> Bilan:
    total = Bilan()
    for bilan in bilans:
        total.attendues += bilan.attendues
        total.recues += bilan.recues
        total.a_l_heure += bilan.a_l_heure
        total.par_etat.update(bilan.par_etat)
    return total


def completude(campagne, *, indicateurs=None) -> dict:
    """Expected vs received vs on time, by region and by provider, with the totals
    (``par_region``, ``total_regions``, ``par_fournisseur``, ``total_fournisseurs``).
    Three queries: the active indicators (unless the caller passes them, with their
    ``fournisseur``), the territories, the counts."""
    referentiel = Referentiel.lire(indicateurs)
    cellules_r, attendues_r = _cellules_regions(referentiel, campagne)
    cellules_f, attendues_f, organisations = _cellules_fournisseurs(referentiel, campagne)
    comptes_r, comptes_f = _comptes(campagne, cellules_r, cellules_f)
    regions = [
        (region, _bilan(attendues_r[region.pk], comptes_r.get(region.pk, {})))
        for region in referentiel.regions
    ]
    fournisseurs = sorted(
        (
            (organisation, _bilan(attendues_f[pk], comptes_f.get(pk, {})))
            for pk, organisation in organisations.items()
        ),
        key=lambda paire: paire[0].code,
    )
    return {
        "par_region": regions,
        "total_regions": _somme(b for _, b in regions),
        "par_fournisseur": fournisseurs,
        "total_fournisseurs": _somme(b for _, b in fournisseurs),
    }
