"""Regional roadmaps: objectives and actions of one region, linked to the national roadmap.

A regional roadmap is a `referentiel.Plan` of nature ``fdr_regionale`` attached to a region,
with a `PlanVersion` (the plan as adopted, e.g. "2024"). Its structure is not the national
one: the ARS writes its own objectives (Hauts-de-France: a governance part, then six
operational objectives), so objectives get their own model rather than reusing `Axe`, whose
integer number and bilan wording belong to the national annex.

An action is entered once and linked to every national action and plan it serves (the
instruction forbids double entry); links to national actions carry a proposed/confirmed state
because the first links are proposals derived from the texts, to be confirmed by the ARS.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from jalon.referentiel.numeros import numero_sort_key


def _dans(champ: str, choix) -> Q:
    """A check constraint keeping a CharField within its choices (or empty)."""
    return Q(**{f"{champ}__in": [valeur for valeur, _ in choix.choices] + [""]})


class ObjectifRegional(models.Model):
    """A part of a regional roadmap as the ARS writes it ("Gouvernance", "Objectif 1"…)."""

    version = models.ForeignKey(
        "referentiel.PlanVersion", on_delete=models.CASCADE, related_name="objectifs_regionaux"
    )
    code = models.CharField(max_length=10, help_text="« G » pour la gouvernance, « 1 » à « 6 »…")
    libelle = models.TextField("libellé")
    ordre = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["version", "ordre", "code"]
        verbose_name = "objectif régional"
        verbose_name_plural = "objectifs régionaux"
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="objectif_regional_code"),
        ]

    def __str__(self):
        return self.intitule_court

    @property
    def intitule_court(self):
        return "Gouvernance" if self.code == "G" else f"Objectif {self.code}"

    @property
    def intitule(self) -> str:
        """« Objectif 1 — Promouvoir… »; the governance part alone when its label says it."""
        court = self.intitule_court
        return (
            court if self.libelle.strip().lower() == court.lower() else f"{court} — {self.libelle}"
        )


class Statut(models.TextChoices):
    PROGRAMMEE = "programmee", "Programmée"
    ENGAGEE = "engagee", "Engagée"
    REALISEE = "realisee", "Réalisée"
    REPORTEE = "reportee", "Reportée"
    ABANDONNEE = "abandonnee", "Abandonnée"


class Meteo(models.TextChoices):
    DANS_LES_TEMPS = "dans_les_temps", "Dans les temps"
    VIGILANCE = "vigilance", "Vigilance"
    EN_RETARD = "en_retard", "En retard"
    COMPROMISE = "compromise", "Compromise"


class Financement(models.TextChoices):
    FIR = "FIR", "Fonds d'intervention régional (FIR)"
    FIOP = "FIOP", "Fonds d'innovation organisationnelle en psychiatrie (FIOP)"
    AAP = "AAP", "Appel à projets (AAP)"
    AUTRE = "autre", "Autre source"


class ActionRegionaleQuerySet(models.QuerySet):
    def de_region(self, region):
        return self.filter(version__plan__territoire=region)

    def courantes(self):
        return self.filter(version__est_courante=True)


class ActionRegionale(models.Model):
    Statut = Statut
    Meteo = Meteo
    Financement = Financement

    version = models.ForeignKey(
        "referentiel.PlanVersion", on_delete=models.CASCADE, related_name="actions_regionales"
    )
    objectif = models.ForeignKey(ObjectifRegional, on_delete=models.PROTECT, related_name="actions")
    numero = models.CharField("numéro", max_length=20, help_text="Tel qu'écrit : « 17 bis ».")
    rang = models.PositiveIntegerField(default=0, help_text="Clé de tri dérivée du numéro.")
    titre = models.TextField("intitulé")
    description = models.TextField(blank=True)
    statut = models.CharField(max_length=12, choices=Statut, blank=True, default="")
    meteo = models.CharField("météo", max_length=16, choices=Meteo, blank=True, default="")
    date_debut = models.DateField("début", null=True, blank=True)
    date_fin = models.DateField("fin", null=True, blank=True)
    pilote = models.CharField(max_length=255, blank=True)
    partenaires = models.TextField(blank=True)
    territoires = models.ManyToManyField(
        "territoires.Territoire", related_name="actions_regionales", blank=True
    )
    budget = models.DecimalField(
        "budget (euros)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    financement = models.CharField(
        "source de financement", max_length=8, choices=Financement, blank=True, default=""
    )
    financement_precision = models.CharField(
        "précision sur le financement", max_length=255, blank=True
    )
    actions_nationales = models.ManyToManyField(
        "referentiel.Action",
        through="LienActionNationale",
        related_name="actions_regionales",
        blank=True,
    )
    plans_lies = models.ManyToManyField(
        "referentiel.Plan",
        related_name="actions_regionales_liees",
        blank=True,
        verbose_name="autres plans ou stratégies",
    )
    initiative_a_valoriser = models.BooleanField("initiative à valoriser", default=False)
    initiative_note = models.TextField("pourquoi la valoriser", blank=True)
    source = models.TextField(blank=True, help_text="Document et lignes d'où vient l'action.")
    modifie_le = models.DateTimeField("modifiée le", auto_now=True)

    objects = ActionRegionaleQuerySet.as_manager()

    class Meta:
        ordering = ["version", "objectif__ordre", "rang"]
        verbose_name = "action régionale"
        verbose_name_plural = "actions régionales"
        constraints = [
            models.UniqueConstraint(fields=["version", "numero"], name="action_regionale_numero"),
            models.CheckConstraint(condition=_dans("statut", Statut), name="action_reg_statut"),
            models.CheckConstraint(condition=_dans("meteo", Meteo), name="action_reg_meteo"),
            models.CheckConstraint(
                condition=_dans("financement", Financement), name="action_reg_financement"
            ),
            models.CheckConstraint(
                condition=Q(date_debut__isnull=True)
                | Q(date_fin__isnull=True)
                | Q(date_fin__gte=F("date_debut")),
                name="action_reg_dates_ordonnees",
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0),
                name="action_reg_budget_positif",
            ),
            # A flagged initiative says why: the catalogue is useless without the reason.
            models.CheckConstraint(
                condition=Q(initiative_a_valoriser=False) | ~Q(initiative_note=""),
                name="action_reg_initiative_motivee",
            ),
        ]

    def __str__(self):
        return f"Action n°{self.numero} — {self.titre}"

    def save(self, *args, **kwargs):
        self.rang = numero_sort_key(self.numero)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "www:action_regionale", kwargs={"region": self.region.code, "numero": self.slug}
        )

    @property
    def region(self):
        return self.version.plan.territoire

    @property
    def slug(self):
        return self.numero.replace(" ", "-")


class LienActionNationale(models.Model):
    """A regional action declines a national action: proposed, then confirmed."""

    class Etat(models.TextChoices):
        PROPOSE = "propose", "Proposé"
        CONFIRME = "confirme", "Confirmé"

    action_regionale = models.ForeignKey(
        ActionRegionale, on_delete=models.CASCADE, related_name="liens_nationaux"
    )
    action = models.ForeignKey(
        "referentiel.Action", on_delete=models.PROTECT, related_name="liens_regionaux"
    )
    etat = models.CharField("état", max_length=10, choices=Etat, default=Etat.PROPOSE)
    justification = models.TextField(blank=True, help_text="Pourquoi ce lien a été proposé.")
    confirme_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    confirme_le = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["action_regionale", "action__cle"]
        verbose_name = "lien vers une action nationale"
        verbose_name_plural = "liens vers les actions nationales"
        constraints = [
            models.UniqueConstraint(
                fields=["action_regionale", "action"], name="lien_action_nationale_unique"
            ),
            models.CheckConstraint(
                condition=Q(etat__in=["propose", "confirme"]), name="lien_action_nationale_etat"
            ),
            models.CheckConstraint(
                condition=Q(etat="confirme") | Q(confirme_le__isnull=True),
                name="lien_action_nationale_date_si_confirme",
            ),
        ]

    def __str__(self):
        return f"{self.action_regionale.numero} → {self.action.cle} ({self.get_etat_display()})"


class Jalon(models.Model):
    """A milestone of a regional action."""

    action = models.ForeignKey(ActionRegionale, on_delete=models.CASCADE, related_name="jalons")
    libelle = models.CharField("libellé", max_length=255)
    date = models.DateField("échéance", null=True, blank=True)
    fait = models.BooleanField("atteint", default=False)

    class Meta:
        ordering = ["action", F("date").asc(nulls_last=True), "pk"]
        verbose_name = "jalon"
        constraints = [
            models.UniqueConstraint(fields=["action", "libelle"], name="jalon_libelle_unique"),
        ]

    def __str__(self):
        return self.libelle


# --- Regional bilan of a campaign year ---------------------------------------------------


class BilanRegional(models.Model):
    """The bilan one ARS writes for one campaign year: its synthesis in three parts and the
    year's follow-up of each regional action (`SuiviActionRegionale`), submitted to and
    validated (or returned) by the national admin, like values. The workflow rules live in
    `jalon.feuilles_regionales.bilan`."""

    class Statut(models.TextChoices):
        BROUILLON = "brouillon", "Brouillon"
        SOUMIS = "soumis", "Soumis"
        VALIDE = "valide", "Validé"
        RENVOYE = "renvoye", "Renvoyé pour correction"

    region = models.ForeignKey(
        "territoires.Territoire", on_delete=models.PROTECT, related_name="bilans_regionaux"
    )
    campagne = models.ForeignKey(
        "campagnes.Campagne", on_delete=models.PROTECT, related_name="bilans_regionaux"
    )
    statut = models.CharField(max_length=10, choices=Statut, default=Statut.BROUILLON)
    actions_prioritaires = models.TextField(blank=True, help_text="HTML nettoyé.")
    principales_avancees = models.TextField("principales avancées", blank=True)
    limites_difficultes = models.TextField("limites et difficultés", blank=True)
    version = models.PositiveIntegerField(
        default=0, help_text="Version de la synthèse (0 : jamais enregistrée)."
    )
    soumis_le = models.DateTimeField(null=True, blank=True)
    soumis_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    valide_le = models.DateTimeField("validé le", null=True, blank=True)
    valide_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    renvoye_le = models.DateTimeField("renvoyé le", null=True, blank=True)
    commentaire_renvoi = models.TextField("motif du renvoi", blank=True)
    cree_le = models.DateTimeField(auto_now_add=True)
    modifie_le = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["campagne", "region__ordre", "region__code"]
        verbose_name = "bilan régional"
        verbose_name_plural = "bilans régionaux"
        constraints = [
            models.UniqueConstraint(fields=["region", "campagne"], name="bilan_regional_unique"),
            models.CheckConstraint(
                condition=Q(statut__in=["brouillon", "soumis", "valide", "renvoye"]),
                name="bilan_regional_statut",
            ),
            models.CheckConstraint(
                condition=~Q(statut__in=["soumis", "valide"]) | Q(soumis_le__isnull=False),
                name="bilan_regional_date_soumission",
            ),
            models.CheckConstraint(
                condition=~Q(statut="valide") | Q(valide_le__isnull=False),
                name="bilan_regional_date_validation",
            ),
            # A return without its reason leaves the ARS guessing.
            models.CheckConstraint(
                condition=~Q(statut="renvoye") | ~Q(commentaire_renvoi=""),
                name="bilan_regional_renvoi_motive",
            ),
        ]

    def __str__(self):
        return f"Bilan régional {self.campagne.annee} — {self.region.nom}"

    @property
    def annee(self) -> int:
        return self.campagne.annee


class SuiviActionRegionale(models.Model):
    """The state of one regional action for one year (one row per action × bilan): a new
    year never overwrites the previous one. The action's own statut, météo and milestones
    are the latest year's (kept in step by the bilan service)."""

    bilan = models.ForeignKey(BilanRegional, on_delete=models.PROTECT, related_name="suivis")
    action = models.ForeignKey(ActionRegionale, on_delete=models.CASCADE, related_name="suivis")
    statut = models.CharField(max_length=12, choices=Statut, blank=True, default="")
    meteo = models.CharField("météo", max_length=16, choices=Meteo, blank=True, default="")
    avancement = models.TextField(blank=True, help_text="Note d'avancement de l'année.")
    jalons_atteints = models.ManyToManyField(Jalon, blank=True, related_name="suivis")
    version = models.PositiveIntegerField(default=1)
    modifie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    modifie_le = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["bilan", "action__objectif__ordre", "action__rang"]
        verbose_name = "suivi annuel d'une action régionale"
        verbose_name_plural = "suivis annuels des actions régionales"
        constraints = [
            models.UniqueConstraint(fields=["bilan", "action"], name="suivi_action_unique"),
            models.CheckConstraint(condition=_dans("statut", Statut), name="suivi_action_statut"),
            models.CheckConstraint(condition=_dans("meteo", Meteo), name="suivi_action_meteo"),
        ]

    def __str__(self):
        return f"{self.action.numero} en {self.bilan.campagne.annee}"


LIBELLES_CHAMPS_BILAN = {
    "statut": "statut",
    "meteo": "météo",
    "avancement": "avancement",
    "jalons": "jalons atteints",
    "statut_bilan": "statut du bilan",
    "publication": "publication",
    "actions_prioritaires": "actions prioritaires",
    "principales_avancees": "principales avancées",
    "limites_difficultes": "limites et difficultés",
}


class HistoriqueBilanQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("L'historique des bilans régionaux ne se modifie pas.")

    def delete(self):
        raise PermissionError("L'historique des bilans régionaux ne se supprime pas.")


class HistoriqueBilanRegional(models.Model):
    """Append-only: one row per changed field of a bilan (synthesis part, action follow-up,
    status), readable by everyone who reads the bilan (the audit journal is admin-only)."""

    bilan = models.ForeignKey(BilanRegional, on_delete=models.PROTECT, related_name="historique")
    suivi = models.ForeignKey(
        SuiviActionRegionale,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="historique",
    )
    objet = models.CharField(max_length=120, help_text="« Synthèse », « Action n°7 », « Bilan ».")
    champ = models.CharField(max_length=60)
    ancienne = models.TextField("ancienne valeur", blank=True)
    nouvelle = models.TextField("nouvelle valeur", blank=True)
    motif = models.TextField(blank=True)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    auteur_nom = models.CharField(max_length=150, blank=True)
    canal = models.CharField(max_length=10)
    horodatage = models.DateTimeField(auto_now_add=True)

    objects = HistoriqueBilanQuerySet.as_manager()

    class Meta:
        ordering = ["bilan", "-horodatage", "-pk"]
        verbose_name = "historique d'un bilan régional"

    def __str__(self):
        return f"{self.bilan_id} {self.objet} {self.champ}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("L'historique des bilans régionaux ne se modifie pas.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("L'historique des bilans régionaux ne se supprime pas.")

    @property
    def champ_libelle(self) -> str:
        return LIBELLES_CHAMPS_BILAN.get(self.champ, self.champ)
