"""Rollups of the values, kept exact and updated in the transaction that writes a value
(`jalon.agregats.maj`), so that a value counts the moment it is written or validated.

Both tables are derived data: `jalon rebuild-agregats` recomputes them from the values, and
`jalon rebuild-agregats --verifier` compares them with a recomputation (`recalcul`). Each
row exists twice: ``validees=False`` counts every value, ``validees=True`` only validated
ones (public pages).
"""

from django.db import models

from jalon.agregats.champs import SommeExacte


class Cumul(models.Model):
    """Number and sum of the values with a number of one indicator, for the territories of
    one level inside one zone (France, or a region), for the periods of one kind of a year.

    A value counts in the France zone and, below France, in its region's zone: a PTSM
    value of 2023-05 counts in (FR, ptsm, 2023, mois) and (REG-xx, ptsm, 2023, mois); a
    value of France itself in (FR, pays, …).
    """

    indicateur = models.ForeignKey(
        "referentiel.Indicateur", on_delete=models.CASCADE, related_name="+"
    )
    validees = models.BooleanField()
    niveau = models.CharField(max_length=12)
    genre = models.CharField(max_length=10)
    zone = models.ForeignKey("territoires.Territoire", on_delete=models.CASCADE, related_name="+")
    annee = models.PositiveSmallIntegerField("année")
    nombre = models.IntegerField(default=0)
    somme = SommeExacte(default=0)

    class Meta:
        verbose_name = "cumul de valeurs"
        constraints = [
            models.UniqueConstraint(
                fields=["indicateur", "validees", "niveau", "genre", "zone", "annee"],
                name="cumul_unique",
            ),
        ]
        indexes = [models.Index(fields=["zone", "annee"], name="cumul_zone_annee")]

    def __str__(self):
        return f"{self.indicateur_id} {self.zone_id} {self.niveau} {self.genre} {self.annee}"


class Derniere(models.Model):
    """The latest period with a number of one indicator for one territory (`regles`)."""

    indicateur = models.ForeignKey(
        "referentiel.Indicateur", on_delete=models.CASCADE, related_name="+"
    )
    validees = models.BooleanField()
    territoire = models.ForeignKey(
        "territoires.Territoire", on_delete=models.CASCADE, related_name="+"
    )
    niveau = models.CharField(max_length=12)
    periode = models.CharField("période", max_length=7)
    debut = models.DateField()
    valeur = models.DecimalField(max_digits=20, decimal_places=6)
    statut = models.CharField(max_length=10)

    class Meta:
        verbose_name = "dernière valeur"
        verbose_name_plural = "dernières valeurs"
        constraints = [
            models.UniqueConstraint(
                fields=["indicateur", "validees", "territoire"], name="derniere_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["indicateur", "validees", "niveau"], name="derniere_niveau"),
            # The latest period of an indicator, any territory (stale data alerts): one probe
            # per indicator instead of a scan of every territory's latest value.
            models.Index(
                fields=["indicateur", "validees", "-debut", "-periode"], name="derniere_recente"
            ),
        ]

    def __str__(self):
        return f"{self.indicateur_id} {self.territoire_id} {self.periode}"
