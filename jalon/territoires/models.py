"""Territories from the COG (Code officiel géographique) and PTSM, with populations."""

from django.db import models


class TerritoireQuerySet(models.QuerySet):
    def regions(self):
        return self.filter(niveau=Territoire.Niveau.REGION)

    def departements(self):
        return self.filter(niveau=Territoire.Niveau.DEPARTEMENT)


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
        ordering = ["ordre", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code="FR") | models.Q(parent__isnull=False),
                name="territoire_parent_sauf_france",
            ),
        ]

    def __str__(self):
        return self.nom


class Population(models.Model):
    """Legal population of a territory for a year, with where the figure comes from."""

    territoire = models.ForeignKey(Territoire, on_delete=models.CASCADE, related_name="populations")
    annee = models.PositiveSmallIntegerField("année")
    valeur = models.PositiveIntegerField()
    source = models.CharField(max_length=255)

    class Meta:
        ordering = ["territoire", "-annee"]
        constraints = [
            models.UniqueConstraint(fields=["territoire", "annee"], name="population_unique"),
        ]
