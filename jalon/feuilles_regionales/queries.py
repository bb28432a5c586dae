"""Read queries for the regional roadmap pages, the API and the export."""

from collections import Counter, defaultdict

from django.db.models import Count, Prefetch

from jalon.feuilles_regionales.models import (
    ActionRegionale,
    Jalon,
    LienActionNationale,
    ObjectifRegional,
)
from jalon.referentiel.models import ActionVersion, Plan, PlanVersion
from jalon.territoires.models import Territoire

CODE_PLAN_NATIONAL = "fdr-smp"


def code_plan(region) -> str:
    return f"fdr-{region.code.lower()}"


def numeros_nationaux_courants() -> dict[int, str]:
    """referentiel.Action id -> its number in the current national version."""
    return dict(
        ActionVersion.objects.courantes()
        .filter(version__plan__code=CODE_PLAN_NATIONAL)
        .values_list("action_id", "numero")
    )


def actions_nationales_par_numero() -> dict[str, int]:
    return {numero: pk for pk, numero in numeros_nationaux_courants().items()}


def version_courante(region) -> PlanVersion | None:
    return (
        PlanVersion.objects.filter(
            plan__nature=Plan.Nature.FEUILLE_ROUTE_REGIONALE,
            plan__territoire=region,
            est_courante=True,
        )
        .select_related("plan", "plan__territoire")
        .first()
    )


def feuilles():
    """Current versions of every regional roadmap, with their number of actions."""
    return (
        PlanVersion.objects.filter(
            plan__nature=Plan.Nature.FEUILLE_ROUTE_REGIONALE, est_courante=True
        )
        .select_related("plan", "plan__territoire")
        .annotate(nb_actions=Count("actions_regionales"))
        .order_by("plan__territoire__ordre", "plan__territoire__code")
    )


def avec_relations(queryset):
    return queryset.select_related("objectif", "version__plan__territoire").prefetch_related(
        "territoires",
        "plans_lies",
        Prefetch("jalons", queryset=Jalon.objects.all()),
        Prefetch(
            "liens_nationaux",
            queryset=LienActionNationale.objects.select_related("action"),
        ),
    )


def actions(version, statut="", meteo="", objectif="", initiative=False):
    queryset = ActionRegionale.objects.filter(version=version)
    if statut:
        queryset = queryset.filter(statut="" if statut == "aucun" else statut)
    if meteo:
        queryset = queryset.filter(meteo="" if meteo == "aucune" else meteo)
    if objectif:
        queryset = queryset.filter(objectif__code=objectif)
    if initiative:
        queryset = queryset.filter(initiative_a_valoriser=True)
    return avec_relations(queryset).order_by("objectif__ordre", "rang")


def objectifs_avec_actions(version, **filtres):
    """Objectives in order, each with `actions_filtrees` (possibly empty)."""
    par_objectif = defaultdict(list)
    for action in actions(version, **filtres):
        par_objectif[action.objectif_id].append(action)
    liste = list(ObjectifRegional.objects.filter(version=version))
    for objectif in liste:
        objectif.actions_filtrees = par_objectif.get(objectif.pk, [])
    return liste


def get_action(region, numero: str) -> ActionRegionale:
    version = version_courante(region)
    if version is None:
        raise ActionRegionale.DoesNotExist
    return avec_relations(ActionRegionale.objects.filter(version=version)).get(
        numero=numero.replace("-", " ")
    )


def declinaisons(action_nationale):
    """Every regional action (current roadmaps) linked to one referentiel.Action."""
    return (
        avec_relations(
            ActionRegionale.objects.courantes().filter(liens_nationaux__action=action_nationale)
        )
        .order_by("version__plan__territoire__ordre", "version__plan__territoire__code", "rang")
        .distinct()
    )


def initiatives():
    return avec_relations(
        ActionRegionale.objects.courantes().filter(initiative_a_valoriser=True)
    ).order_by("version__plan__territoire__ordre", "version__plan__territoire__code", "rang")


def matrice_couverture():
    """National actions (rows) x 18 regions (columns): linked regional actions per cell.

    Returns (regions, rows); each row has `action` (ActionVersion), `cellules` (one per
    region, with `nombre`, `statuts` [(label, count)], `detail` « 2 engagée, 1 réalisée »,
    `region`) and `nb_regions` covered. Four queries whatever the size.
    """
    regions = list(Territoire.objects.regions().order_by("ordre", "code"))
    lignes_nationales = list(
        ActionVersion.objects.courantes()
        .filter(version__plan__code=CODE_PLAN_NATIONAL)
        # The page links each row by the action's key: without `action`, one query per row.
        .select_related("axe", "action")
        .order_by("axe__numero", "rang")
    )
    comptes = defaultdict(Counter)  # (action_id, region_id) -> Counter of statuses
    liens = LienActionNationale.objects.filter(
        action_regionale__version__est_courante=True
    ).values_list(
        "action_id", "action_regionale__version__plan__territoire_id", "action_regionale__statut"
    )
    for action_id, region_id, statut in liens:
        comptes[(action_id, region_id)][statut] += 1
    libelles = dict(ActionRegionale.Statut.choices) | {"": "Non renseigné"}
    lignes = []
    for action_version in lignes_nationales:
        cellules = []
        for region in regions:
            statuts = comptes.get((action_version.action_id, region.pk), Counter())
            par_statut = [(libelles[s], n) for s, n in sorted(statuts.items())]
            cellules.append(
                {
                    "region": region,
                    "nombre": sum(statuts.values()),
                    "statuts": par_statut,
                    # Written once here: the page shows it twice in each of ≈ 900 cells.
                    "detail": ", ".join(f"{n} {libelle.lower()}" for libelle, n in par_statut),
                }
            )
        lignes.append(
            {
                "action": action_version,
                "cellules": cellules,
                "nb_regions": sum(1 for c in cellules if c["nombre"]),
            }
        )
    return regions, lignes
