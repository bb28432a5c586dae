"""Territories from the COG (Code officiel géographique) and PTSM, with populations."""

from django.db import models


def _code_of(territoire: "Territoire | str") -> str:
    return territoire.code if isinstance(territoire, Territoire) else territoire


class TerritoireQuerySet(models.QuerySet):
    def regions(self):
        return self.filter(niveau=Territoire.Niveau.REGION)

    def departements(self):
        return self.filter(niveau=Territoire.Niveau.DEPARTEMENT)

    def ptsm(self):
        return self.filter(niveau=Territoire.Niveau.PTSM)

    def descendants_of(self, territoire: "Territoire | str"):
        """Territories below `territoire` (instance or code), at any depth, itself excluded.

        The hierarchy is at most FR > region > department > PTSM, so three joins cover every
        depth without a recursive query, on SQLite and PostgreSQL alike.
        """
        code = _code_of(territoire)
        return self.filter(
            models.Q(parent__code=code)
            | models.Q(parent__parent__code=code)
            | models.Q(parent__parent__parent__code=code)
        )

    def of_region(self, region: "Territoire | str"):
        """Departments and PTSM of a region (instance or code such as `REG-32`)."""
        return self.descendants_of(region)

    def with_latest_population(self):
        """Annotate `population_valeur` and `population_annee` (None when no figure)."""
        latest = Population.objects.filter(territoire=models.OuterRef("pk")).order_by("-annee")
        return self.annotate(
            population_valeur=models.Subquery(latest.values("valeur")[:1]),
            population_annee=models.Subquery(latest.values("annee")[:1]),
        )


class Territoire(models.Model):
    """`FR`, `REG-<COG>`, `DEP-<COG>` or `PTSM-<id>`; the code is the public identifier."""

    class Niveau(models.TextChoices):
        PAYS = "pays", "France"
        REGION = "region", "Région"
        DEPARTEMENT = "departement", "Département"
        PTSM = "ptsm", "Territoire de PTSM"

    code = models.CharField(max_length=40, unique=True)
    niveau = models.CharField(max_length=12, choices=Niveau)
    cog = models.CharField("code COG", max_length=10, blank=True)
    nom = models.CharField(max_length=200)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="enfants"
    )
    outre_mer = models.BooleanField(default=False)
    ordre = models.PositiveIntegerField(default=0)

    objects = TerritoireQuerySet.as_manager()

    class Meta:
        verbose_name = "territoire"
        ordering = ["ordre", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code="FR") | models.Q(parent__isnull=False),
                name="territoire_parent_sauf_france",
            ),
        ]

    def __str__(self):
        return self.nom

    def latest_population(self) -> "Population | None":
        """The most recent population figure, or None when the territory has none.

        Uses `prefetch_related("populations")` when the caller did it, so a page listing many
        territories does not run one query per row.
        """
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get("populations")
        if prefetched is not None:
            return max(prefetched, key=lambda population: population.annee, default=None)
        return self.populations.order_by("-annee").first()


class Population(models.Model):
    """Legal population of a territory for a year, with where the figure comes from."""

    territoire = models.ForeignKey(Territoire, on_delete=models.CASCADE, related_name="populations")
    annee = models.PositiveSmallIntegerField("année")
    valeur = models.PositiveIntegerField()
    source = models.CharField(max_length=255)

    class Meta:
        verbose_name = "population"
        ordering = ["territoire", "-annee"]
        constraints = [
            models.UniqueConstraint(fields=["territoire", "annee"], name="population_unique"),
        ]

    def __str__(self):
        return f"{self.territoire} {self.annee} : {self.valeur}"


class FichePTSM(models.Model):
    """What Jalon records of a projet territorial de santé mentale besides its territory: the
    departments it covers, whether its contract (CTSM) is signed and when, its coordinator.

    Filled only by the PTSM import (`jalon.territoires.ptsm_import`): Jalon ships no PTSM
    list, the seeds name none.
    """

    territoire = models.OneToOneField(
        Territoire, on_delete=models.CASCADE, related_name="fiche_ptsm"
    )
    departements = models.ManyToManyField(Territoire, related_name="ptsm_couvrants")
    ctsm_signe = models.BooleanField("CTSM signé", default=False)
    ctsm_signe_le = models.DateField("CTSM signé le", null=True, blank=True)
    coordinateur_nom = models.CharField("coordinateur", max_length=200, blank=True)
    coordinateur_email = models.EmailField("courriel du coordinateur", blank=True)
    coordinateur_telephone = models.CharField(
        "téléphone du coordinateur", max_length=30, blank=True
    )
    source = models.CharField(max_length=255, blank=True, help_text="Fichier importé et date.")
    modifiee_le = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "fiche PTSM"
        verbose_name_plural = "fiches PTSM"
        ordering = ["territoire__ordre", "territoire__code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ctsm_signe=True) | models.Q(ctsm_signe_le__isnull=True),
                name="ptsm_date_ctsm_si_signe",
            ),
        ]

    def __str__(self):
        return f"{self.territoire.code} — {self.territoire.nom}"
