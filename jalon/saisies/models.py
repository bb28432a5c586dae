"""Indicator values and their history.

A value is the current figure of one indicator for one territory and one period. Every change
is appended to `HistoriqueValeur`, which is never rewritten; concurrent edits are detected with
`version` (optimistic locking): a writer states the version it read, and a stale one is refused.
"""

from django.conf import settings
from django.db import models

from jalon.saisies.periodes import parse_periode


class ValeurQuerySet(models.QuerySet):
    def visibles_par(self, user):
        """Validated values for everyone; work in progress for signed-in accounts only."""
        from jalon.territoires.perms import can_read_drafts

        if can_read_drafts(user):
            return self
        return self.filter(statut=Valeur.Statut.VALIDEE)


class Valeur(models.Model):
    class Statut(models.TextChoices):
        BROUILLON = "brouillon", "Brouillon"
        SOUMISE = "soumise", "Soumise"
        VALIDEE = "validee", "Validée"
        RENVOYEE = "renvoyee", "Renvoyée"

    class Canal(models.TextChoices):
        FORMULAIRE = "formulaire", "Formulaire"
        IMPORT = "import", "Import de fichier"
        API = "api", "API"
        CHARGEMENT = "chargement", "Chargement des données livrées"

    # No single-column index on the two keys: the unique triplet starts with the indicator
    # and (territoire, annee) with the territory, so both serve those lookups; two more
    # B-trees made every bulk import write four index entries per row instead of two.
    indicateur = models.ForeignKey(
        "referentiel.Indicateur", on_delete=models.PROTECT, related_name="valeurs", db_index=False
    )
    territoire = models.ForeignKey(
        "territoires.Territoire", on_delete=models.PROTECT, related_name="valeurs", db_index=False
    )
    periode = models.CharField("période", max_length=7)
    annee = models.PositiveSmallIntegerField("année", editable=False)
    debut = models.DateField("début de période", editable=False)
    valeur = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    statut = models.CharField(max_length=10, choices=Statut, default=Statut.BROUILLON)
    source = models.TextField(blank=True)
    commentaire = models.TextField(blank=True)
    saisie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="valeurs_saisies",
    )
    canal = models.CharField(max_length=12, choices=Canal, default=Canal.FORMULAIRE)
    version = models.PositiveIntegerField(default=1)
    cree_le = models.DateTimeField(auto_now_add=True)
    modifie_le = models.DateTimeField(auto_now=True)

    objects = ValeurQuerySet.as_manager()

    class Meta:
        ordering = ["indicateur", "territoire", "debut"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicateur", "territoire", "periode"], name="valeur_unique_triplet"
            ),
        ]
        indexes = [
            models.Index(fields=["territoire", "annee"]),
            models.Index(fields=["indicateur", "annee"]),
            # MAX(modifie_le) answers every API read's Last-Modified (jalon.api.conditionnel):
            # one index probe instead of a scan of millions of rows. No index on statut: four
            # values over millions of rows; it misled the planner (bench/README.md, issue 8).
            models.Index(fields=["modifie_le"], name="valeur_modifie_le"),
        ]

    def __str__(self):
        return f"{self.indicateur_id} {self.territoire_id} {self.periode} = {self.valeur}"

    def save(self, *args, **kwargs):
        # Normalise the period and derive its sort fields in one place.
        periode = parse_periode(self.periode)
        self.periode, self.annee, self.debut = periode.code, periode.annee, periode.debut
        super().save(*args, **kwargs)


class HistoriqueValeur(models.Model):
    """Append-only: one row per change of a value (number, status, comment)."""

    valeur = models.ForeignKey(Valeur, on_delete=models.PROTECT, related_name="historique")
    horodatage = models.DateTimeField(auto_now_add=True)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    canal = models.CharField(max_length=12, choices=Valeur.Canal)
    ancienne_valeur = models.DecimalField(max_digits=20, decimal_places=6, null=True)
    nouvelle_valeur = models.DecimalField(max_digits=20, decimal_places=6, null=True)
    ancien_statut = models.CharField(max_length=10, choices=Valeur.Statut, blank=True)
    nouveau_statut = models.CharField(max_length=10, choices=Valeur.Statut)
    motif = models.TextField(blank=True)

    class Meta:
        ordering = ["valeur", "horodatage", "pk"]
        verbose_name = "historique d'une valeur"

    def __str__(self):
        return f"{self.valeur_id} {self.horodatage:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("L'historique des valeurs ne se modifie pas.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("L'historique des valeurs ne se supprime pas.")
