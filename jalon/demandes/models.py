"""Ad-hoc requests ("demandes ponctuelles") from the national team to some or all ARS.

Instruction 2023/179 wants every request for information sent to the ARS to go through one
place. Besides the yearly campaign (`jalon.campagnes`), the national admin opens a request
with a title, a context, a deadline, questions answered in free text and/or indicator values
expected from each targeted region at the indicator's maille for one period.

The values themselves are ordinary `saisies.Valeur` rows written by the values service: a
request only says which cells it expects (`jalon.demandes.suivi`), as a campaign does.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Demande(models.Model):
    class Statut(models.TextChoices):
        BROUILLON = "brouillon", "Brouillon"
        PUBLIEE = "publiee", "Publiée"
        CLOTUREE = "cloturee", "Clôturée"

    titre = models.CharField(max_length=255)
    contexte = models.TextField(
        blank=True, help_text="Pourquoi la demande est faite et ce qui sera fait des réponses."
    )
    echeance = models.DateField("réponse attendue le")
    periode = models.CharField(
        "période des valeurs demandées",
        max_length=7,
        blank=True,
        help_text="Ex. 2024, 2024-S1, 2024-T2 : requise dès qu'un indicateur est demandé.",
    )
    indicateurs = models.ManyToManyField(
        "referentiel.Indicateur", blank=True, related_name="demandes"
    )
    statut = models.CharField(max_length=10, choices=Statut, default=Statut.BROUILLON)
    # A request created by `jalon setup-demo` says so on every page: it is an example, not a
    # request the DMSMP actually sent.
    exemple_demo = models.BooleanField("exemple de démonstration", default=False)
    creee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    creee_le = models.DateTimeField(auto_now_add=True)
    publiee_le = models.DateTimeField(null=True, blank=True)
    cloturee_le = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-creee_le", "-pk"]
        verbose_name = "demande ponctuelle"
        verbose_name_plural = "demandes ponctuelles"
        constraints = [
            models.CheckConstraint(
                condition=Q(statut="brouillon") | Q(publiee_le__isnull=False),
                name="demande_publiee_datee",
            ),
        ]

    def __str__(self):
        return self.titre

    @property
    def est_brouillon(self) -> bool:
        return self.statut == self.Statut.BROUILLON

    @property
    def est_publiee(self) -> bool:
        return self.statut == self.Statut.PUBLIEE


class Cible(models.Model):
    """A region the request targets, and where its answer stands."""

    class Statut(models.TextChoices):
        A_FAIRE = "a_faire", "À faire"
        EN_COURS = "en_cours", "En cours"
        REPONDUE = "repondue", "Répondue"
        CLOSE = "close", "Close"

    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="cibles")
    region = models.ForeignKey("territoires.Territoire", on_delete=models.PROTECT, related_name="+")
    statut = models.CharField(max_length=10, choices=Statut, default=Statut.A_FAIRE)
    repondue_le = models.DateTimeField("réponse transmise le", null=True, blank=True)
    repondue_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    close_le = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["demande", "region__ordre", "region__code"]
        verbose_name = "région ciblée"
        verbose_name_plural = "régions ciblées"
        constraints = [
            models.UniqueConstraint(fields=["demande", "region"], name="cible_unique"),
            models.CheckConstraint(
                condition=~Q(statut="repondue") | Q(repondue_le__isnull=False),
                name="cible_repondue_datee",
            ),
        ]

    def __str__(self):
        return f"{self.demande} — {self.region_id}"

    @property
    def a_l_heure(self) -> bool | None:
        """Answered by the deadline (None while not answered)."""
        if self.repondue_le is None:
            return None
        return timezone.localtime(self.repondue_le).date() <= self.demande.echeance


class Question(models.Model):
    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="questions")
    rang = models.PositiveSmallIntegerField(default=0)
    texte = models.TextField()

    class Meta:
        ordering = ["demande", "rang", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["demande", "rang"], name="question_rang_unique"),
        ]

    def __str__(self):
        return self.texte[:80]


class Reponse(models.Model):
    """A region's current answer to a question; every change is kept in `HistoriqueReponse`."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="reponses")
    region = models.ForeignKey("territoires.Territoire", on_delete=models.PROTECT, related_name="+")
    texte = models.TextField()
    version = models.PositiveIntegerField(default=1)
    modifiee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    modifiee_le = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["question", "region"]
        verbose_name = "réponse"
        constraints = [
            models.UniqueConstraint(fields=["question", "region"], name="reponse_unique"),
        ]

    def __str__(self):
        return f"{self.region_id} : {self.texte[:60]}"


class HistoriqueReponse(models.Model):
    """Append-only: one row per change of an answer (old and new text, who, when, how)."""

    reponse = models.ForeignKey(Reponse, on_delete=models.CASCADE, related_name="historique")
    ancien_texte = models.TextField(blank=True)
    nouveau_texte = models.TextField()
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    canal = models.CharField(max_length=12)
    horodatage = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reponse", "horodatage", "pk"]
        verbose_name = "historique d'une réponse"

    def __str__(self):
        return f"{self.reponse_id} {self.horodatage:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("L'historique des réponses ne se modifie pas.")
        super().save(*args, **kwargs)


class ExceptionDemande(models.Model):
    """Answering reopened after the deadline for one region, until a date (audited)."""

    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="exceptions")
    region = models.ForeignKey("territoires.Territoire", on_delete=models.PROTECT, related_name="+")
    jusqu_au = models.DateField("réponse rouverte jusqu'au")
    motif = models.TextField()
    accordee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    accordee_le = models.DateTimeField(auto_now_add=True)
    revoquee_le = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["demande", "-accordee_le"]
        verbose_name = "exception de réponse"
        verbose_name_plural = "exceptions de réponse"

    def __str__(self):
        return f"{self.demande} — {self.region_id} jusqu'au {self.jusqu_au:%d/%m/%Y}"


class EnvoiRelanceDemande(models.Model):
    """One reminder sent for a request: `send-reminders` is idempotent per recipient and day."""

    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="relances")
    destinataire = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    jour = models.DateField()
    nombre_manquants = models.PositiveIntegerField()
    envoye_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-jour", "destinataire"]
        verbose_name = "relance de demande envoyée"
        verbose_name_plural = "relances de demande envoyées"
        constraints = [
            models.UniqueConstraint(
                fields=["demande", "destinataire", "jour"], name="relance_demande_unique_par_jour"
            ),
        ]

    def __str__(self):
        return f"{self.demande} → {self.destinataire_id} le {self.jour}"
