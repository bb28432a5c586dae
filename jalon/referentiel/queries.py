"""Read queries on the national referential, shared by the web pages and the API.

Functions return querysets or objects with everything the callers display already fetched
(select_related / prefetch_related / annotations), so a page costs a bounded number of
queries whatever the size of the referential. Lookups that find nothing raise the model's
`DoesNotExist`; callers turn it into a 404.
"""

from dataclasses import dataclass, fields

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery

from jalon.referentiel.models import (
    ActionVersion,
    Axe,
    Correspondance,
    Indicateur,
    LienActionIndicateur,
    Organisation,
    Plan,
    PlanVersion,
    RattachementStrategie,
)
from jalon.referentiel.numeros import NumeroInvalide, normalise_numero

PLAN_NATIONAL = "fdr-smp"


# --- Plan versions ---------------------------------------------------------------------------


def versions_feuille_de_route() -> QuerySet[PlanVersion]:
    """Every version of the national roadmap, oldest first."""
    return PlanVersion.objects.filter(plan__code=PLAN_NATIONAL).select_related("plan")


def get_version(code: str | None = None) -> PlanVersion:
    """A version of the national roadmap by code; the current one when `code` is empty."""
    versions = versions_feuille_de_route()
    if code:
        return versions.get(code=code)
    return versions.get(est_courante=True)


# --- Actions ---------------------------------------------------------------------------------


def _avec_compteurs(queryset: QuerySet[ActionVersion]) -> QuerySet[ActionVersion]:
    return queryset.annotate(
        nb_moyens=Count(
            "liens_indicateurs",
            filter=Q(liens_indicateurs__indicateur__type=Indicateur.Type.MOYENS),
        ),
        nb_resultat=Count(
            "liens_indicateurs",
            filter=Q(liens_indicateurs__indicateur__type=Indicateur.Type.RESULTAT),
        ),
    )


def actions(
    version: PlanVersion | None = None,
    axe: int | None = None,
    pilote: str | None = None,
) -> QuerySet[ActionVersion]:
    """Actions of a version (all versions of the national roadmap when `version` is None),
    in roadmap order (axis, then 17, 17 bis, 17 ter…), with pilots and indicator counts.

    `pilote` is an organisation code (DGOS), matched case-insensitively on the pilot
    organisations or, for actions whose pilots were not resolved, on the written label.
    """
    queryset = ActionVersion.objects.filter(version__plan__code=PLAN_NATIONAL)
    if version is not None:
        queryset = queryset.filter(version=version)
    if axe is not None:
        queryset = queryset.filter(axe__numero=axe)
    if pilote:
        queryset = queryset.filter(
            Q(
                Exists(
                    Organisation.objects.filter(
                        actions_pilotees=OuterRef("pk"), code__iexact=pilote
                    )
                )
            )
            | Q(pilotes_libelle__iregex=rf"(^|/)\s*{_regex_escape(pilote)}\s*($|/)")
        )
    queryset = _avec_compteurs(queryset)
    return (
        queryset.select_related("version", "axe", "action")
        .prefetch_related(Prefetch("pilotes", queryset=Organisation.objects.order_by("code")))
        .order_by("version__date", "version__code", "axe__numero", "rang")
    )


def _regex_escape(text: str) -> str:
    # Portable between SQLite (Python re) and PostgreSQL: escape every non-alphanumeric char.
    return "".join(c if c.isalnum() else f"\\{c}" for c in text)


def feuille_de_route(version: PlanVersion, pilote: str | None = None) -> list[Axe]:
    """The axes of a version, each with `actions_filtrees`: its actions in roadmap order."""
    liste = list(actions(version=version, pilote=pilote))
    axes = list(version.axes.order_by("numero"))
    par_axe = {axe.pk: [] for axe in axes}
    for action_version in liste:
        par_axe.setdefault(action_version.axe_id, []).append(action_version)
    for axe in axes:
        axe.actions_filtrees = par_axe[axe.pk]
    return axes


def pilotes(version: PlanVersion) -> QuerySet[Organisation]:
    """Organisations that pilot at least one action of the version, for the pilot filter."""
    return (
        Organisation.objects.filter(actions_pilotees__version=version).distinct().order_by("code")
    )


def parse_numero_slug(slug: str) -> str:
    """Turn "17-bis", "17 bis" or "17bis" into "17 bis"; raises NumeroInvalide."""
    return normalise_numero(slug.replace("-", " "))


def get_action(version_code: str, numero: str) -> ActionVersion:
    """One action of the national roadmap as a version states it, with its pilots, axis,
    indicators (`indicateurs_moyens`, `indicateurs_resultat`), its number in every version
    (`historique`), its other numberings and its links to other strategies."""
    try:
        numero = parse_numero_slug(numero)
    except NumeroInvalide as exc:
        raise ActionVersion.DoesNotExist(str(exc)) from exc
    action_version = (
        ActionVersion.objects.filter(
            version__plan__code=PLAN_NATIONAL, version__code=version_code, numero=numero
        )
        .select_related("version__plan", "axe", "action")
        .prefetch_related(
            Prefetch("pilotes", queryset=Organisation.objects.order_by("code")),
            Prefetch(
                "liens_indicateurs",
                queryset=LienActionIndicateur.objects.select_related(
                    "indicateur__fournisseur"
                ).order_by("indicateur__code"),
            ),
            Prefetch(
                "action__versions",
                queryset=ActionVersion.objects.select_related("version", "axe").order_by(
                    "version__date", "version__code"
                ),
            ),
            # The March 2024 bilan numbering is a plan version of its own (shown above from
            # action__versions), so its correspondence rows would only repeat it.
            Prefetch(
                "action__correspondances",
                queryset=Correspondance.objects.exclude(systeme=Correspondance.Systeme.BILAN_2024),
            ),
            Prefetch(
                "action__rattachements",
                queryset=RattachementStrategie.objects.select_related("strategie").order_by(
                    "strategie__nom"
                ),
            ),
        )
        .get()
    )
    liens = list(action_version.liens_indicateurs.all())
    action_version.indicateurs_moyens = [
        lien.indicateur for lien in liens if lien.indicateur.type == Indicateur.Type.MOYENS
    ]
    action_version.indicateurs_resultat = [
        lien.indicateur for lien in liens if lien.indicateur.type == Indicateur.Type.RESULTAT
    ]
    action_version.nb_moyens = len(action_version.indicateurs_moyens)
    action_version.nb_resultat = len(action_version.indicateurs_resultat)
    action_version.historique = list(action_version.action.versions.all())
    return action_version


# --- Indicators ------------------------------------------------------------------------------


@dataclass
class FiltresIndicateurs:
    """Criteria of the indicator catalogue; empty values do not filter."""

    axe: int | None = None
    type: str = ""
    maille: str = ""
    fournisseur: str = ""
    saisie_ars: bool | None = None
    frequence: str = ""
    q: str = ""
    retires: bool = False

    def actifs(self) -> dict:
        """The criteria actually set, by name (for query strings and summaries)."""
        return {
            field.name: getattr(self, field.name)
            for field in fields(self)
            if getattr(self, field.name) != field.default
        }


def indicateurs(filtres: FiltresIndicateurs | None = None) -> QuerySet[Indicateur]:
    """The indicator catalogue filtered, in roadmap order: by the first action each indicator
    describes in the current version (6 before 17 bis; the codes themselves do not sort:
    A010INDM01 vs A06INDM01), then means before results, then code. The axis filter uses the
    axes of the current version of the national roadmap."""
    filtres = filtres or FiltresIndicateurs()
    queryset = Indicateur.objects.all() if filtres.retires else Indicateur.objects.actifs()
    if filtres.axe is not None:
        queryset = queryset.filter(
            Exists(
                LienActionIndicateur.objects.filter(
                    indicateur=OuterRef("pk"),
                    action_version__version__plan__code=PLAN_NATIONAL,
                    action_version__version__est_courante=True,
                    action_version__axe__numero=filtres.axe,
                )
            )
        )
    if filtres.type:
        queryset = queryset.filter(type=filtres.type)
    if filtres.maille:
        queryset = queryset.filter(maille=filtres.maille)
    if filtres.frequence:
        queryset = queryset.filter(frequence=filtres.frequence)
    if filtres.saisie_ars is not None:
        queryset = queryset.filter(saisie_ars=filtres.saisie_ars)
    if filtres.fournisseur:
        queryset = queryset.filter(
            Q(fournisseur__code__iexact=filtres.fournisseur)
            | Q(fournisseur__isnull=True, fournisseur_libelle__iexact=filtres.fournisseur)
        )
    if filtres.q:
        terme = filtres.q.strip()
        queryset = queryset.filter(Q(code__icontains=terme) | Q(libelle__icontains=terme))
    premier_rang = (
        LienActionIndicateur.objects.filter(
            indicateur=OuterRef("pk"),
            action_version__version__plan__code=PLAN_NATIONAL,
            action_version__version__est_courante=True,
        )
        .order_by("action_version__rang")
        .values("action_version__rang")[:1]
    )
    return (
        queryset.select_related("fournisseur")
        .annotate(rang_action=Subquery(premier_rang))
        .order_by(F("rang_action").asc(nulls_last=True), "type", "code")
    )


def avec_actions(queryset: QuerySet[Indicateur]) -> QuerySet[Indicateur]:
    """Prefetch the action rows of each indicator (version, axis) for listings and exports."""
    return queryset.prefetch_related(
        Prefetch(
            "liens_actions",
            queryset=LienActionIndicateur.objects.select_related(
                "action_version__version", "action_version__axe"
            ).order_by(
                "action_version__version__date",
                "action_version__version__code",
                "action_version__rang",
            ),
        )
    )


def fournisseurs() -> list[str]:
    """Provider codes as shown in the catalogue filter: the organisation code when the
    provider is resolved, the annex wording otherwise."""
    valeurs = Indicateur.objects.values_list("fournisseur__code", "fournisseur_libelle").distinct()
    return sorted({code or libelle for code, libelle in valeurs if code or libelle}, key=str.lower)


def axes_courants() -> QuerySet[Axe]:
    return Axe.objects.filter(version__plan__code=PLAN_NATIONAL, version__est_courante=True)


def get_indicateur(code: str) -> Indicateur:
    """One indicator by code (case-insensitive), with the actions it serves in every
    version of the national roadmap (`liens` : rows with version, axis, pilots)."""
    indicateur = (
        Indicateur.objects.select_related("fournisseur")
        .prefetch_related(
            Prefetch(
                "liens_actions",
                queryset=LienActionIndicateur.objects.select_related(
                    "action_version__version__plan", "action_version__axe"
                )
                .prefetch_related("action_version__pilotes")
                .order_by(
                    "action_version__version__date",
                    "action_version__version__code",
                    "action_version__axe__numero",
                    "action_version__rang",
                ),
            )
        )
        .get(code__iexact=code)
    )
    indicateur.liens = list(indicateur.liens_actions.all())
    return indicateur


# --- Key figures -----------------------------------------------------------------------------


def chiffres_cles() -> dict:
    """Counts shown on the home page, for the current version of the national roadmap."""
    try:
        version = get_version()
    except PlanVersion.DoesNotExist:
        version = None
    compteurs = Indicateur.objects.actifs().aggregate(
        total=Count("pk"),
        moyens=Count("pk", filter=Q(type=Indicateur.Type.MOYENS)),
        resultat=Count("pk", filter=Q(type=Indicateur.Type.RESULTAT)),
        saisie_ars=Count("pk", filter=Q(saisie_ars=True)),
    )
    return {
        "version": version,
        "axes": version.axes.count() if version else 0,
        "actions": version.actions.count() if version else 0,
        "actions_declinees": (
            version.actions.filter(declinaison_regionale=ActionVersion.Declinaison.OUI).count()
            if version
            else 0
        ),
        "indicateurs": compteurs["total"],
        "indicateurs_moyens": compteurs["moyens"],
        "indicateurs_resultat": compteurs["resultat"],
        "indicateurs_saisie_ars": compteurs["saisie_ars"],
        "strategies": Plan.objects.filter(nature=Plan.Nature.STRATEGIE_NATIONALE).count(),
    }
