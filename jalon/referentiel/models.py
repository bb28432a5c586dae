"""The national referential: plans and their versions, axes, actions, indicators.

An action keeps a stable identity (`Action`) across the versions of its plan; what a version
says of it — its number as written, title, axis, pilots — lives in `ActionVersion`, so the
2019 numbering, the 2023 annex and the 2025 structure can coexist without rewriting history.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse

from jalon.referentiel.numeros import numero_sort_key


class Organisation(models.Model):
    """A direction, agency or operator: pilots actions (DAC) or provides indicators."""

    class Categorie(models.TextChoices):
        DIRECTION = "direction", "Direction d'administration centrale"
        DELEGATION = "delegation", "Délégation ou mission interministérielle"
        AGENCE = "agence", "Agence, caisse ou opérateur national"
        REGIONAL = "regional", "Échelon régional (ARS)"
        AUTRE = "autre", "Autre"

    code = models.CharField("sigle", max_length=40, unique=True)
    libelle = models.CharField("nom", max_length=255, blank=True)
    categorie = models.CharField(max_length=20, choices=Categorie, default=Categorie.AUTRE)

    class Meta:
        ordering = ["code"]
        verbose_name = "organisation"

    def __str__(self):
        return self.code


class Plan(models.Model):
    """A roadmap or strategy: the national roadmap, a regional roadmap, another national plan."""

    class Nature(models.TextChoices):
        FEUILLE_ROUTE_NATIONALE = "fdr_nationale", "Feuille de route nationale"
        FEUILLE_ROUTE_REGIONALE = "fdr_regionale", "Feuille de route régionale"
        STRATEGIE_NATIONALE = "strategie", "Autre stratégie ou plan national"

    code = models.SlugField(max_length=80, unique=True)
    nom = models.CharField(max_length=400)
    nature = models.CharField(max_length=20, choices=Nature)
    territoire = models.ForeignKey(
        "territoires.Territoire", null=True, blank=True, on_delete=models.PROTECT
    )
    periode = models.CharField("période", max_length=40, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["nature", "nom"]

    def __str__(self):
        return self.nom

    def version_courante(self):
        return self.versions.filter(est_courante=True).first()


class PlanVersion(models.Model):
    """One structure of a plan at a date (e.g. the 2023 annex of instruction 2023/179)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    code = models.CharField(max_length=40)
    libelle = models.CharField("libellé", max_length=255)
    date = models.DateField(null=True, blank=True)
    source = models.TextField(blank=True, help_text="Document d'où provient cette structure.")
    est_courante = models.BooleanField("version courante", default=False)

    class Meta:
        ordering = ["plan", "date", "code"]
        verbose_name = "version de plan"
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="planversion_unique_code"),
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(est_courante=True),
                name="planversion_une_seule_courante",
            ),
        ]

    def __str__(self):
        return f"{self.plan} — {self.libelle}"


class Axe(models.Model):
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="axes")
    numero = models.PositiveSmallIntegerField("numéro")
    libelle = models.CharField("libellé (annexe)", max_length=255)
    libelle_bilan = models.CharField("libellé (bilan)", max_length=255, blank=True)
    pilote = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["version", "numero"]
        constraints = [
            models.UniqueConstraint(fields=["version", "numero"], name="axe_unique_numero"),
        ]

    def __str__(self):
        return f"Axe {self.numero} — {self.libelle}"


class Action(models.Model):
    """Stable identity of an action across the versions of its plan."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="actions")
    cle = models.SlugField(
        "clé stable",
        max_length=60,
        help_text="Identifiant qui ne change pas quand l'action est renumérotée.",
    )
    strategies = models.ManyToManyField(
        Plan,
        through="RattachementStrategie",
        related_name="actions_rattachees",
        blank=True,
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "cle"], name="action_unique_cle"),
        ]

    def __str__(self):
        return self.cle


class ActionVersionQuerySet(models.QuerySet):
    def courantes(self):
        return self.filter(version__est_courante=True)

    def ordonnees(self):
        return self.order_by("axe__numero", "rang")


class ActionVersion(models.Model):
    """What one version of a plan says of an action."""

    class Declinaison(models.TextChoices):
        OUI = "oui", "Appelle une déclinaison régionale"
        NON = "non", "Pilotage national uniquement"

    class StatutDeclinaison(models.TextChoices):
        PROPOSEE = "proposee", "Proposition à valider"
        VALIDEE = "validee", "Validée par l'administration nationale"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="versions")
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="actions")
    axe = models.ForeignKey(Axe, on_delete=models.PROTECT, related_name="actions")
    numero = models.CharField("numéro", max_length=20, help_text="Tel qu'écrit : « 17 bis ».")
    rang = models.PositiveIntegerField(help_text="Clé de tri dérivée du numéro.")
    titre = models.TextField()
    titre_court = models.CharField(max_length=255, blank=True)
    pilotes_libelle = models.CharField(
        "pilotes (tel qu'écrit)", max_length=120, blank=True, help_text="Ex. « DGCS/CNSA »."
    )
    pilotes = models.ManyToManyField(Organisation, related_name="actions_pilotees", blank=True)
    declinaison_regionale = models.CharField(
        max_length=3, choices=Declinaison, blank=True, default=""
    )
    declinaison_statut = models.CharField(
        max_length=10, choices=StatutDeclinaison, blank=True, default=""
    )
    declinaison_motif = models.TextField(blank=True)

    objects = ActionVersionQuerySet.as_manager()

    class Meta:
        ordering = ["version", "axe__numero", "rang"]
        verbose_name = "action (dans une version)"
        constraints = [
            models.UniqueConstraint(fields=["version", "numero"], name="actionversion_numero"),
            models.UniqueConstraint(fields=["version", "action"], name="actionversion_action"),
        ]

    def __str__(self):
        return f"{self.numero} — {self.titre}"

    def save(self, *args, **kwargs):
        self.rang = numero_sort_key(self.numero)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("www:action", kwargs={"version": self.version.code, "numero": self.slug})

    @property
    def slug(self):
        return self.numero.replace(" ", "-")


class Correspondance(models.Model):
    """Number of the action in another numbering (2019 roadmap, Assises 2021 measures)."""

    class Systeme(models.TextChoices):
        FDR_2019 = "fdr_2019", "Feuille de route initiale (2018-2019)"
        ASSISES_2021 = "assises_2021", "Mesures des Assises (2021)"
        BILAN_2024 = "bilan_2024", "Structuration du bilan de mars 2024"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="correspondances")
    systeme = models.CharField("numérotation", max_length=20, choices=Systeme)
    numero = models.CharField("numéro", max_length=20)
    source = models.TextField(blank=True)

    class Meta:
        ordering = ["systeme", "numero"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "systeme", "numero"], name="correspondance_unique"
            ),
        ]

    def __str__(self):
        return f"{self.get_systeme_display()} : {self.numero}"


class RattachementStrategie(models.Model):
    """Link from a roadmap action to another national strategy or plan (bilan annex 1bis)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="rattachements")
    strategie = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="rattachements")
    precision = models.TextField(blank=True)
    source = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["action", "strategie"], name="rattachement_unique"),
        ]

    def __str__(self):
        return f"{self.action} → {self.strategie}"


class IndicateurQuerySet(models.QuerySet):
    def actifs(self):
        return self.filter(retire=False)


class Indicateur(models.Model):
    class Type(models.TextChoices):
        MOYENS = "moyens", "Indicateur de moyens"
        RESULTAT = "resultat", "Indicateur de résultat"

    class Maille(models.TextChoices):
        NATIONALE = "nationale", "Nationale"
        REGIONALE = "regionale", "Régionale"
        DEPARTEMENTALE = "departementale", "Départementale"
        INFRA_DEPARTEMENTALE = "infra_departementale", "Infra-départementale"
        A_FIXER = "a_fixer", "À fixer"

    class Frequence(models.TextChoices):
        ANNUELLE = "annuelle", "Annuelle"
        MENSUELLE = "mensuelle", "Mensuelle"
        BISANNUELLE = "bisannuelle", "Bisannuelle"
        NON_PREVUE = "non_prevue", "Non prévue"
        A_FIXER = "a_fixer", "À fixer"

    class Sens(models.TextChoices):
        HAUSSE = "hausse", "Une hausse est favorable"
        BAISSE = "baisse", "Une baisse est favorable"
        NEUTRE = "neutre", "Neutre"

    code = models.CharField(max_length=40, unique=True)
    type = models.CharField(max_length=10, choices=Type)
    libelle = models.TextField("libellé")
    fournisseur = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicateurs_fournis",
    )
    fournisseur_libelle = models.CharField("fournisseur (tel qu'écrit)", max_length=120)
    source = models.CharField(max_length=255, blank=True)
    maille = models.CharField(max_length=20, choices=Maille)
    frequence = models.CharField("fréquence", max_length=12, choices=Frequence)
    saisie_ars = models.BooleanField("renseigné par les ARS", default=False)
    unite = models.CharField("unité", max_length=40, blank=True)
    sens = models.CharField("sens d'amélioration", max_length=10, choices=Sens, default=Sens.NEUTRE)
    methodologie = models.TextField("méthodologie", blank=True)
    retire = models.BooleanField(
        "retiré", default=False, help_text="N'apparaît plus dans la version courante."
    )
    actions = models.ManyToManyField(
        ActionVersion, through="LienActionIndicateur", related_name="indicateurs"
    )

    objects = IndicateurQuerySet.as_manager()

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} — {self.libelle}"

    def get_absolute_url(self):
        return reverse("www:indicateur", kwargs={"code": self.code})


class LienActionIndicateur(models.Model):
    """One row of the annex: an indicator describing an action in a version."""

    action_version = models.ForeignKey(
        ActionVersion, on_delete=models.CASCADE, related_name="liens_indicateurs"
    )
    indicateur = models.ForeignKey(
        Indicateur, on_delete=models.CASCADE, related_name="liens_actions"
    )
    ligne_annexe = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["action_version", "indicateur__type", "indicateur__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["action_version", "indicateur"], name="lien_action_indicateur_unique"
            ),
        ]

    def __str__(self):
        return f"{self.action_version.numero} / {self.indicateur.code}"
