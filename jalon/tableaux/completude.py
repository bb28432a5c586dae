"""The campaign's completeness on the national dashboard, counted in SQL.

Same answer as `jalon.campagnes.suivi.completude` (same cells, rules and `Bilan`s, see
`jalon.campagnes.attendus`), without building each expected cell in Python: the national
providers alone owe ≈ 23 000 cells (departmental indicators × 101 departments), which made
the dashboard slow. Expected cells are counted from the referential (indicators × territories
of their maille); the values of the campaign's period are counted by status in two grouped
queries, one for the regions and one for the providers.

A value counts as on time when it is received (submitted or validated) and its first
submission was recorded on or before the deadline, the date being read in UTC as
`attendus.Cellule.a_l_heure` does.
"""

import datetime
from collections import Counter

from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Sum, Value, When

from jalon.campagnes import attendus
from jalon.campagnes.attendus import RECUES, VIDE, Bilan
from jalon.referentiel.models import Indicateur, Organisation
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


def _comptes(campagne, cellules, echeance, champ, cle) -> dict:
    """{cle(id): {statut: (values, on time)}} of the values of the campaign's period for
    ``cellules`` ({maille: (indicator ids, territory ids)}), counted in SQL per ``champ``
    ("indicateur_id" or "territoire_id") and status.

    The indicators and territories are given as id lists, not joins, one query per maille
    (not an OR of them), so that PostgreSQL probes the values' unique index for these cells
    only."""
    somme_a_l_heure, premiere = _a_l_heure(echeance)
    comptes: dict = {}
    for indicateurs, territoires in cellules.values():
        if not indicateurs or not territoires:
            continue
        for identifiant, statut, nombre, heure in (
            Valeur.objects.filter(
                indicateur__in=indicateurs, territoire__in=territoires, periode=campagne.periode
            )
            .order_by()
            .annotate(premiere_soumission=premiere)
            .values(champ, "statut")
            .annotate(n=Count("pk"), heure=somme_a_l_heure)
            .values_list(champ, "statut", "n", "heure")
        ):
            groupe = comptes.setdefault(cle(identifiant), {})
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


def _regions(campagne, regions=None) -> list[tuple[Territoire, Bilan]]:
    """Every region's bilan, or only those of ``regions``."""
    departements = Territoire.objects.departements()
    if regions is None:
        regions = list(Territoire.objects.regions())
    else:
        departements = departements.filter(parent__in=regions)
    region_de = {region.pk: region.pk for region in regions}
    departements = dict(departements.values_list("pk", "parent_id"))
    # A department whose parent is not a region is nobody's cell (as in `attendus`).
    region_de |= {pk: parent for pk, parent in departements.items() if parent in region_de}
    par_maille = {Maille.REGIONALE: [], Maille.DEPARTEMENTALE: []}
    for indicateur in attendus.indicateurs_ars():
        par_maille[_maille(indicateur)].append(indicateur.pk)
    cellules = {
        Maille.REGIONALE: (par_maille[Maille.REGIONALE], [r.pk for r in regions]),
        Maille.DEPARTEMENTALE: (
            par_maille[Maille.DEPARTEMENTALE],
            [pk for pk in departements if pk in region_de],
        ),
    }
    comptes = _comptes(
        campagne,
        cellules,
        campagne.echeance_valeurs_regionales,
        "territoire_id",
        region_de.__getitem__,
    )
    nombre_departements = Counter(region_de[pk] for pk in cellules[Maille.DEPARTEMENTALE][1])
    return [
        (
            region,
            _bilan(
                len(par_maille[Maille.REGIONALE])
                + len(par_maille[Maille.DEPARTEMENTALE]) * nombre_departements[region.pk],
                comptes.get(region.pk, {}),
            ),
        )
        for region in regions
    ]


def bilan_region(campagne, region) -> Bilan:
    """What the ARS of ``region`` owes to the campaign: ``Bilan.de(cellules_region(...))``,
    counted in SQL (the region page)."""
    ((_, bilan),) = _regions(campagne, [region])
    return bilan


def _fournisseurs(campagne) -> list[tuple[Organisation, Bilan]]:
    indicateurs = list(attendus.indicateurs_fournis())
    territoires = {Maille.NATIONALE: [], Maille.REGIONALE: [], Maille.DEPARTEMENTALE: []}
    for pk, code, niveau in Territoire.objects.filter(
        Q(code="FR") | Q(niveau__in=[Niveau.REGION, Niveau.DEPARTEMENT])
    ).values_list("pk", "code", "niveau"):
        if code == "FR":
            territoires[Maille.NATIONALE].append(pk)
        elif niveau == Niveau.REGION:
            territoires[Maille.REGIONALE].append(pk)
        else:
            territoires[Maille.DEPARTEMENTALE].append(pk)
    par_maille = {maille: [] for maille in territoires}
    attendues: Counter = Counter()
    organisations, organisation_de = {}, {}
    for indicateur in indicateurs:
        maille = _maille(indicateur)
        par_maille[maille].append(indicateur.pk)
        organisations[indicateur.fournisseur_id] = indicateur.fournisseur
        organisation_de[indicateur.pk] = indicateur.fournisseur_id
        attendues[indicateur.fournisseur_id] += len(territoires[maille])
    comptes = _comptes(
        campagne,
        {maille: (par_maille[maille], territoires[maille]) for maille in territoires},
        campagne.echeance_valeurs_nationales,
        "indicateur_id",
        organisation_de.__getitem__,
    )
    return sorted(
        (
            (organisation, _bilan(attendues[pk], comptes.get(pk, {})))
            for pk, organisation in organisations.items()
        ),
        key=lambda paire: paire[0].code,
    )


def _somme(bilans) -> Bilan:
    total = Bilan()
    for bilan in bilans:
        total.attendues += bilan.attendues
        total.recues += bilan.recues
        total.a_l_heure += bilan.a_l_heure
        total.par_etat.update(bilan.par_etat)
    return total


def completude(campagne) -> dict:
    """Expected vs received vs on time, by region and by provider, with the totals: the
    dict `jalon.campagnes.suivi.completude` returns."""
    regions = _regions(campagne)
    fournisseurs = _fournisseurs(campagne)
    return {
        "par_region": regions,
        "total_regions": _somme(b for _, b in regions),
        "par_fournisseur": fournisseurs,
        "total_fournisseurs": _somme(b for _, b in fournisseurs),
    }
