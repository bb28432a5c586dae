"""The audit trail: an append-only log of every change made through Jalon.

No code path updates or deletes an entry: the model refuses it, the QuerySet refuses bulk
update/delete, and on PostgreSQL a trigger refuses it too (added by the accounts/audit work).
"""

from django.conf import settings
from django.db import models


class EntreeJournalQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Le journal d'audit ne se modifie pas.")

    def delete(self):
        raise PermissionError("Le journal d'audit ne se supprime pas.")


class EntreeJournal(models.Model):
    class Canal(models.TextChoices):
        WEB = "web", "Page web"
        API = "api", "API"
        COMMANDE = "commande", "Ligne de commande"
        IMPORT = "import", "Import de fichier"
        SYSTEME = "systeme", "Système"

    horodatage = models.DateTimeField(auto_now_add=True, db_index=True)
    utilisateur = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    utilisateur_nom = models.CharField(
        max_length=150, blank=True, help_text="Conservé si le compte disparaît."
    )
    canal = models.CharField(max_length=10, choices=Canal)
    action = models.CharField(max_length=40, help_text="Verbe : création, modification…")
    objet_type = models.CharField(max_length=80, db_index=True)
    objet_id = models.CharField(max_length=80, blank=True, db_index=True)
    objet_libelle = models.CharField(max_length=255, blank=True)
    avant = models.JSONField(null=True, blank=True)
    apres = models.JSONField(null=True, blank=True)
    motif = models.TextField(blank=True)

    objects = EntreeJournalQuerySet.as_manager()

    class Meta:
        ordering = ["-horodatage", "-pk"]
        verbose_name = "entrée du journal d'audit"
        verbose_name_plural = "journal d'audit"

    def __str__(self):
        return f"{self.horodatage:%Y-%m-%d %H:%M} {self.utilisateur_nom} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Le journal d'audit ne se modifie pas.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Le journal d'audit ne se supprime pas.")
