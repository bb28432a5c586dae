"""Accounts: a user has one role and, depending on the role, a territory or an organisation.

API tokens belong to a user; only a hash of the key is stored, so a leaked database does not
leak usable keys. The clear key is shown once, when the token is created.
"""

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


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
    telephone = models.CharField(
        "téléphone",
        max_length=30,
        blank=True,
        help_text="Facultatif ; affiché dans l'annuaire du réseau aux personnes connectées.",
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
            models.CheckConstraint(
                condition=~models.Q(role="contributeur") | models.Q(territoire__isnull=False),
                name="contributeur_a_un_territoire",
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    def clean(self):
        super().clean()
        # The level of the territory cannot be a check constraint (it sits on another table).
        from jalon.territoires.models import Territoire

        niveau = self.territoire.niveau if self.territoire_id else None
        if self.role == self.Role.REFERENT_ARS and niveau != Territoire.Niveau.REGION:
            raise ValidationError({"territoire": "Un référent ARS est rattaché à une région."})
        if self.role == self.Role.CONTRIBUTEUR and niveau not in {
            Territoire.Niveau.DEPARTEMENT,
            Territoire.Niveau.PTSM,
        }:
            raise ValidationError(
                {"territoire": "Un contributeur est rattaché à un département ou à un PTSM."}
            )
        if self.role == self.Role.PILOTE_NATIONAL and not self.organisation_id:
            raise ValidationError(
                {"organisation": "Un pilote national est rattaché à une direction."}
            )

    @property
    def role_effectif(self):
        """Superusers act as national admins whatever their stored role."""
        return self.Role.ADMIN_NATIONAL if self.is_superuser else self.role

    @property
    def libelle_role(self):
        return self.Role(self.role_effectif).label

    @property
    def perimetre(self):
        """Human-readable scope: what this account acts on."""
        role = self.role_effectif
        if role == self.Role.ADMIN_NATIONAL:
            return "National"
        if role == self.Role.PILOTE_NATIONAL:
            return str(self.organisation) if self.organisation_id else "—"
        if self.territoire_id:
            return f"{self.territoire.nom} ({self.territoire.code})"
        return "National" if role == self.Role.LECTEUR else "—"


class ApiTokenQuerySet(models.QuerySet):
    def actifs(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    """A bearer key for the API, acting as its user with that user's permissions."""

    KEY_PREFIX = "jalon"
    # A key is used at most once a minute before its last use is written again, so a
    # busy client does not cost one UPDATE per request.
    LAST_USED_PRECISION_SECONDS = 60

    user = models.ForeignKey(
        Utilisateur,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name="utilisateur",
    )
    name = models.CharField("nom", max_length=100, blank=True)
    prefix = models.CharField(
        "préfixe",
        max_length=16,
        unique=True,
        help_text="Début public de la clé, pour la reconnaître et la révoquer.",
    )
    key_hash = models.CharField("empreinte de la clé", max_length=64, unique=True)
    created_at = models.DateTimeField("créé le", default=timezone.now)
    last_used_at = models.DateTimeField("dernière utilisation", null=True, blank=True)
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "jeton d'API"
        verbose_name_plural = "jetons d'API"

    def __str__(self):
        return f"{self.prefix} ({self.user.username})"

    @staticmethod
    def hash_key(key: str) -> str:
        # The key carries 256 random bits, so a plain SHA-256 suffices (no slow hash needed).
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name: str = "") -> tuple["ApiToken", str]:
        """Create a token and return it with its clear key, which is not stored anywhere."""
        prefix = secrets.token_hex(4)
        key = f"{cls.KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
        token = cls.objects.create(user=user, name=name, prefix=prefix, key_hash=cls.hash_key(key))
        return token, key

    @property
    def est_revoque(self):
        return self.revoked_at is not None

    def revoke(self):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    def mark_used(self, now=None):
        now = now or timezone.now()
        last = self.last_used_at
        if last is None or (now - last).total_seconds() >= self.LAST_USED_PRECISION_SECONDS:
            type(self).objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now
