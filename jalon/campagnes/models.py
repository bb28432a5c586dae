"""Yearly campaigns (instruction 2023/179), their exceptions and reminders (ad-hoc requests:
`jalon.demandes`).

What a campaign expects (which indicator × territory × period, from whom) is computed from the
referential by `jalon.campagnes.attendus`, never stored: a change of the referential or of the
territories is reflected at once, with nothing to invalidate.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q


def _defaut_calendrier(annee: int) -> dict:
    return {
        # Instruction 2023/179: ARS values by 1 December N, regional bilan on 31 December N,
        # national bilan presented in the first quarter of N+1.
        "echeance_valeurs_regionales": datetime.date(annee, 12, 1),
        "echeance_bilan_regional": datetime.date(annee, 12, 31),
        "echeance_bilan_national": datetime.date(annee + 1, 3, 31),
        # Not in the instruction: a Jalon default leaving the DMSMP two months of the first
        # quarter to consolidate what national directions provide. Editable per campaign.
        "echeance_valeurs_nationales": datetime.date(annee + 1, 1, 31),
    }


class Campagne(models.Model):
    class Statut(models.TextChoices):
        OUVERTE = "ouverte", "Ouverte"
        CLOTUREE = "cloturee", "Clôturée"

    annee = models.PositiveSmallIntegerField("année", unique=True)
    statut = models.CharField(max_length=10, choices=Statut, default=Statut.OUVERTE)
    echeance_valeurs_regionales = models.DateField("valeurs régionales (ARS) attendues le")
    echeance_valeurs_nationales = models.DateField("valeurs nationales (directions) attendues le")
    echeance_bilan_regional = models.DateField("bilan régional attendu le")
    echeance_bilan_national = models.DateField("bilan national attendu le")
    ouverte_le = models.DateTimeField(auto_now_add=True)
    ouverte_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cloturee_le = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-annee"]
        verbose_name = "campagne"

    def __str__(self):
        return f"Campagne {self.annee}"

    @classmethod
    def calendrier_par_defaut(cls, annee: int) -> dict:
        return _defaut_calendrier(annee)

    @property
    def periode(self) -> str:
        """The period every expected cell carries (see `attendus`)."""
        return str(self.annee)

    @property
    def est_ouverte(self) -> bool:
        return self.statut == self.Statut.OUVERTE


class ExceptionSaisie(models.Model):
    """Entry reopened after a deadline for a region or a provider, all or one indicator."""

    campagne = models.ForeignKey(Campagne, on_delete=models.CASCADE, related_name="exceptions")
    region = models.ForeignKey(
        "territoires.Territoire", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "referentiel.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    indicateur = models.ForeignKey(
        "referentiel.Indicateur",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Vide : tous les indicateurs attendus de cette région ou de ce fournisseur.",
    )
    jusqu_au = models.DateField("saisie rouverte jusqu'au")
    motif = models.TextField()
    accordee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    accordee_le = models.DateTimeField(auto_now_add=True)
    revoquee_le = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["campagne", "-accordee_le"]
        verbose_name = "exception de saisie"
        verbose_name_plural = "exceptions de saisie"
        constraints = [
            # Exactly one scope: a region (ARS cells) or a provider (national cells).
            models.CheckConstraint(
                condition=Q(region__isnull=False, organisation__isnull=True)
                | Q(region__isnull=True, organisation__isnull=False),
                name="exception_une_seule_portee",
            ),
        ]

    def __str__(self):
        portee = self.region_id or self.organisation
        cible = self.indicateur_id or "tous les indicateurs"
        return f"{self.campagne} — {portee} — {cible} jusqu'au {self.jusqu_au:%d/%m/%Y}"


class EnvoiRelance(models.Model):
    """One reminder sent: makes `send-reminders` idempotent per user, deadline and day."""

    campagne = models.ForeignKey(Campagne, on_delete=models.CASCADE, related_name="relances")
    destinataire = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    echeance = models.CharField(max_length=40, help_text="Nom du champ d'échéance concerné.")
    jour = models.DateField()
    nombre_manquantes = models.PositiveIntegerField()
    envoye_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-jour", "destinataire"]
        verbose_name = "relance envoyée"
        verbose_name_plural = "relances envoyées"
        constraints = [
            models.UniqueConstraint(
                fields=["campagne", "destinataire", "echeance", "jour"],
                name="relance_unique_par_jour",
            ),
        ]

    def __str__(self):
        return f"{self.campagne} → {self.destinataire_id} le {self.jour}"
