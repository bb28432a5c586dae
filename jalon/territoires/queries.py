"""Read queries on territories, shared by the web pages and the API.

Each territory comes with `populations_recentes` (its populations, latest year first) and
its parent, so listings cost a bounded number of queries.
"""

from django.db.models import Prefetch, QuerySet

from jalon.territoires.models import Population, Territoire


def _populations() -> Prefetch:
    return Prefetch(
        "populations",
        queryset=Population.objects.order_by("-annee"),
        to_attr="populations_recentes",
    )


def territoires(niveau: str = "", parent: str = "") -> QuerySet[Territoire]:
    """Territories filtered by level (`region`, `departement`…) and parent code (`REG-32`)."""
    queryset = Territoire.objects.select_related("parent").prefetch_related(_populations())
    if niveau:
        queryset = queryset.filter(niveau=niveau)
    if parent:
        queryset = queryset.filter(parent__code__iexact=parent)
    return queryset.order_by("ordre", "code")


def regions_avec_departements() -> list[Territoire]:
    """Regions in official order (mainland first, then overseas), each with `departements`."""
    departements = Territoire.objects.departements().prefetch_related(_populations())
    return list(
        Territoire.objects.regions()
        .prefetch_related(
            _populations(),
            Prefetch(
                "enfants", queryset=departements.order_by("ordre", "code"), to_attr="departements"
            ),
        )
        .order_by("outre_mer", "ordre", "code")
    )


def get_territoire(code: str) -> Territoire:
    """One territory by code (case-insensitive), with parent, children and populations."""
    return (
        Territoire.objects.select_related("parent")
        .prefetch_related(
            _populations(),
            Prefetch("enfants", queryset=Territoire.objects.order_by("ordre", "code")),
        )
        .get(code__iexact=code)
    )


def population_recente(territoire: Territoire) -> Population | None:
    """The latest population of a territory fetched through these queries."""
    populations = getattr(territoire, "populations_recentes", None)
    if populations is None:
        populations = list(territoire.populations.order_by("-annee"))
    return populations[0] if populations else None


def region_de(territoire: Territoire | None) -> Territoire | None:
    """The region a territory belongs to (itself for a region), or None for France or none:
    a department's or PTSM's account is led to its region's dashboard."""
    while territoire is not None and territoire.niveau != Territoire.Niveau.REGION:
        territoire = territoire.parent
    return territoire
