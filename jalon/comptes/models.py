"""Accounts: a user has one role and, depending on the role, a territory or an organisation."""

from django.contrib.auth.models import AbstractUser
from django.db import models


class Utilisateur(AbstractUser):
    class Role(models.TextChoices):
        ADMIN_NATIONAL = "admin_national", "Administrateur national (DMSMP)"
        PILOTE_NATIONAL = "pilote_national", "Pilote national (direction)"
        REFERENT_ARS = "referent_ars", "Référent santé mentale ARS"
        CONTRIBUTEUR = "contributeur", "Contributeur territorial"
        LECTEUR = "lecteur", "Lecteur"

    role = models.CharField("rôle", max_length=20, choices=Role, default=Role.LECTEUR)
    territoire = models.ForeignKey(
        "territoires.Territoire",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text="Région d'un référent ARS, PTSM ou département d'un contributeur.",
    )
    organisation = models.ForeignKey(
        "referentiel.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text="Direction d'un pilote national.",
    )

    class Meta:
        verbose_name = "utilisateur"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="referent_ars") | models.Q(territoire__isnull=False),
                name="referent_ars_a_une_region",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="pilote_national") | models.Q(organisation__isnull=False),
                name="pilote_national_a_une_direction",
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username
