"""Import runs: every attempt to load a file, dry or not, accepted or refused, is kept."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ExecutionImport(models.Model):
    class Genre(models.TextChoices):
        REFERENTIEL = "referentiel", "Annexe du référentiel national"
        VALEURS = "valeurs", "Valeurs d'indicateurs"
        FEUILLE_REGIONALE = "feuille_regionale", "Feuille de route régionale"

    class Statut(models.TextChoices):
        REFUSE = "refuse", "Fichier refusé"
        SIMULE = "simule", "Simulation (rien n'a été appliqué)"
        APPLIQUE = "applique", "Modifications appliquées"
        INCHANGE = "inchange", "Aucune modification à appliquer"
        EN_ATTENTE = "en_attente", "En attente de traitement"
        EN_COURS = "en_cours", "En cours"
        ECHEC = "echec", "Échec inattendu (rien n'a été appliqué)"

    genre = models.CharField(max_length=20, choices=Genre)
    nom_fichier = models.CharField("nom du fichier", max_length=255)
    sha256 = models.CharField(max_length=64, blank=True)
    taille = models.PositiveBigIntegerField("taille (octets)", null=True, blank=True)
    utilisateur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="imports",
        help_text="Vide quand l'import a été lancé en ligne de commande sans utilisateur.",
    )
    cible = models.CharField(
        max_length=120, blank=True, help_text="Ce que l'import alimente, ex. « fdr-smp 2023 »."
    )
    dry_run = models.BooleanField("simulation", default=False)
    statut = models.CharField(max_length=10, choices=Statut)
    compteurs = models.JSONField(default=dict, blank=True)
    diff = models.JSONField(default=dict, blank=True)
    erreurs = models.JSONField(default=list, blank=True)
    fichier = models.CharField(
        "fichier déposé",
        max_length=255,
        blank=True,
        help_text="Chemin sous MEDIA_ROOT du fichier déposé en attendant son traitement ; "
        "vidé une fois l'import terminé.",
    )
    lignes_traitees = models.PositiveIntegerField("lignes traitées", default=0)
    lignes_total = models.PositiveIntegerField(
        "lignes au total (estimation)", null=True, blank=True
    )
    debut = models.DateTimeField("début", default=timezone.now)
    fin = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-debut"]
        verbose_name = "exécution d'import"
        verbose_name_plural = "exécutions d'import"

    def __str__(self):
        return f"{self.nom_fichier} ({self.get_statut_display()}, {self.debut:%d/%m/%Y %H:%M})"

    @property
    def termine(self) -> bool:
        return self.statut not in {self.Statut.EN_ATTENTE, self.Statut.EN_COURS}
