"""Reports: the narrative texts of the bilans, their builds and their frozen publications.

- `Narratif`: a text of one year, for one action (its three sections) or for a part of the
  bilan (reminder of the roadmap, governance, governance of an axis). Sanitised HTML; every
  change is appended to `HistoriqueNarratif`, never rewritten; concurrent edits are detected
  with `version` (optimistic locking), like values.
- `ChiffreCle`: the headline indicators the national admin chose for the key-figure synthesis.
- `ConstructionBilan`: one build of a document (national, regional bilan or synthesis, in one
  format) run as a background task, with its stored progress and, at the end, its file.
- `Publication` and `FichierPublication`: a published bilan, frozen: its files (write-once,
  with their SHA-256), the date, who published, and the document's content as data so two
  versions can be compared. Neither is ever updated nor deleted.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Partie(models.TextChoices):
    # Per action (action required)
    ENJEUX = "enjeux", "Enjeux et objectifs"
    RAPPEL = "rappel", "Actions déjà réalisées (rappel)"
    ANNEE = "annee", "Actions réalisées ou en cours dans l'année"
    # Per bilan (no action)
    RAPPEL_FEUILLE_DE_ROUTE = "rappel_fdr", "Rappel sur la feuille de route et son évolution"
    GOUVERNANCE = "gouvernance", "Gouvernance générale de la feuille de route"
    MOT_DELEGUE = "mot_delegue", "Le mot du délégué ministériel"
    # Per axis (axis number required)
    GOUVERNANCE_AXE = "gouvernance_axe", "Gouvernance de l'axe"


PARTIES_ACTION = (Partie.ENJEUX, Partie.RAPPEL, Partie.ANNEE)
PARTIES_BILAN = (Partie.RAPPEL_FEUILLE_DE_ROUTE, Partie.GOUVERNANCE, Partie.MOT_DELEGUE)


class Narratif(models.Model):
    Partie = Partie

    annee = models.PositiveSmallIntegerField("année")
    partie = models.CharField(max_length=20, choices=Partie)
    action = models.ForeignKey(
        "referentiel.Action",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="narratifs",
        help_text="Action (identité stable) pour les trois sections d'une action.",
    )
    axe = models.PositiveSmallIntegerField(
        "numéro d'axe", default=0, help_text="Pour la gouvernance d'un axe ; 0 sinon."
    )
    texte = models.TextField(blank=True, help_text="HTML nettoyé (listes, liens, gras, italique).")
    source = models.TextField(blank=True, help_text="D'où vient le texte (données livrées).")
    version = models.PositiveIntegerField(default=1)
    modifie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="narratifs_modifies",
    )
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        ordering = ["annee", "axe", "action", "partie"]
        verbose_name = "texte de bilan"
        verbose_name_plural = "textes de bilan"
        constraints = [
            models.UniqueConstraint(
                fields=["action", "annee", "partie"],
                condition=Q(action__isnull=False),
                name="narratif_unique_action",
            ),
            models.UniqueConstraint(
                fields=["annee", "partie", "axe"],
                condition=Q(action__isnull=True),
                name="narratif_unique_partie",
            ),
            models.CheckConstraint(
                condition=(
                    Q(partie__in=[p.value for p in PARTIES_ACTION], action__isnull=False, axe=0)
                    | Q(partie__in=[p.value for p in PARTIES_BILAN], action__isnull=True, axe=0)
                    | Q(partie=Partie.GOUVERNANCE_AXE, action__isnull=True, axe__gt=0)
                ),
                name="narratif_partie_coherente",
            ),
            models.CheckConstraint(
                condition=Q(annee__gte=1900, annee__lte=2100), name="narratif_annee_plausible"
            ),
        ]

    def __str__(self):
        return f"{self.annee} {self.objet_libelle} — {self.get_partie_display()}"

    @property
    def objet_libelle(self) -> str:
        if self.action_id:
            return f"action {self.action.cle}"
        if self.axe:
            return f"axe {self.axe}"
        return "bilan"


class HistoriqueNarratif(models.Model):
    """Append-only: one row per saved version of a text."""

    narratif = models.ForeignKey(Narratif, on_delete=models.PROTECT, related_name="historique")
    version = models.PositiveIntegerField()
    texte = models.TextField(blank=True)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    auteur_nom = models.CharField(max_length=150, blank=True)
    canal = models.CharField(max_length=12)
    horodatage = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["narratif", "-version"]
        verbose_name = "version d'un texte de bilan"
        constraints = [
            models.UniqueConstraint(
                fields=["narratif", "version"], name="historique_narratif_version"
            ),
        ]

    def __str__(self):
        return f"{self.narratif_id} v{self.version}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("L'historique des textes ne se modifie pas.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("L'historique des textes ne se supprime pas.")


class ChiffreCle(models.Model):
    """A headline indicator of the key-figure synthesis, in the admin's order."""

    indicateur = models.OneToOneField(
        "referentiel.Indicateur", on_delete=models.CASCADE, related_name="chiffre_cle"
    )
    ordre = models.PositiveSmallIntegerField(default=0)
    libelle = models.CharField(
        "intitulé dans la synthèse",
        max_length=255,
        blank=True,
        help_text="Formulation courte ; à défaut, le libellé de l'indicateur.",
    )

    class Meta:
        ordering = ["ordre", "indicateur__code"]
        verbose_name = "chiffre clé"
        verbose_name_plural = "chiffres clés"

    def __str__(self):
        return self.libelle or self.indicateur.libelle


class Genre(models.TextChoices):
    NATIONAL = "national", "Bilan national"
    REGIONAL = "regional", "Bilan régional"
    SYNTHESE = "synthese", "Synthèse des chiffres clés"


class Format(models.TextChoices):
    DOCX = "docx", "Word (DOCX)"
    PDF = "pdf", "PDF"
    HTML = "html", "HTML"


def _genre_region_coherents() -> Q:
    return Q(genre=Genre.REGIONAL, region__isnull=False) | (
        ~Q(genre=Genre.REGIONAL) & Q(region__isnull=True)
    )


class ConstructionBilan(models.Model):
    """One background build of a document; progress is stored as the task advances."""

    class Statut(models.TextChoices):
        EN_ATTENTE = "en_attente", "En attente"
        EN_COURS = "en_cours", "En cours"
        TERMINE = "termine", "Terminé"
        ECHEC = "echec", "Échec"

    Genre = Genre
    Format = Format

    genre = models.CharField(max_length=10, choices=Genre)
    annee = models.PositiveSmallIntegerField("année")
    region = models.ForeignKey(
        "territoires.Territoire", null=True, blank=True, on_delete=models.PROTECT
    )
    version_code = models.CharField("version de la feuille de route", max_length=40, blank=True)
    format = models.CharField(max_length=4, choices=Format)
    statut = models.CharField(max_length=10, choices=Statut, default=Statut.EN_ATTENTE)
    etape = models.CharField("étape", max_length=120, blank=True)
    pourcentage = models.PositiveSmallIntegerField(default=0)
    fichier = models.CharField(
        max_length=255, blank=True, help_text="Chemin sous MEDIA_ROOT du document construit."
    )
    nom_fichier = models.CharField(max_length=255, blank=True)
    taille = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    erreur = models.TextField(blank=True)
    a_publier = models.BooleanField(
        "à publier",
        default=False,
        help_text="Construit DOCX, PDF et HTML d'une seule lecture des données puis les fige.",
    )
    note_publication = models.TextField("note de publication", blank=True)
    publication = models.ForeignKey(
        "Publication", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    demande_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="constructions_bilans",
    )
    debut = models.DateTimeField("demandé le", auto_now_add=True)
    fin = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-debut", "-pk"]
        verbose_name = "construction de bilan"
        verbose_name_plural = "constructions de bilans"
        constraints = [
            models.CheckConstraint(
                condition=_genre_region_coherents(), name="construction_region_si_regional"
            ),
            models.CheckConstraint(
                condition=Q(pourcentage__lte=100), name="construction_pourcentage_max"
            ),
        ]

    def __str__(self):
        return f"{self.get_genre_display()} {self.annee} ({self.format}, {self.statut})"

    @property
    def termine(self) -> bool:
        return self.statut in {self.Statut.TERMINE, self.Statut.ECHEC}


class PublicationQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Une publication est figée : elle ne se modifie pas.")

    def delete(self):
        raise PermissionError("Une publication est figée : elle ne se supprime pas.")


class Publication(models.Model):
    """A published document, frozen. A new version is a new row (numero + 1)."""

    Genre = Genre

    genre = models.CharField(max_length=10, choices=Genre)
    annee = models.PositiveSmallIntegerField("année")
    region = models.ForeignKey(
        "territoires.Territoire", null=True, blank=True, on_delete=models.PROTECT
    )
    numero = models.PositiveSmallIntegerField("version publiée")
    titre = models.CharField(max_length=255)
    version_code = models.CharField("version de la feuille de route", max_length=40, blank=True)
    note = models.TextField("note de publication", blank=True)
    contenu = models.JSONField(
        default=dict, help_text="Valeurs et textes du document publié, pour les comparaisons."
    )
    publie_le = models.DateTimeField("publié le", auto_now_add=True)
    publie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    publie_par_nom = models.CharField(max_length=150, blank=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        ordering = ["-annee", "genre", "region", "-numero"]
        verbose_name = "publication"
        constraints = [
            models.UniqueConstraint(
                fields=["genre", "annee", "region", "numero"], name="publication_unique_numero"
            ),
            models.UniqueConstraint(
                fields=["genre", "annee", "numero"],
                condition=Q(region__isnull=True),
                name="publication_unique_numero_national",
            ),
            models.CheckConstraint(
                condition=_genre_region_coherents(), name="publication_region_si_regional"
            ),
        ]

    def __str__(self):
        return f"{self.titre} (version {self.numero})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Une publication est figée : elle ne se modifie pas.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Une publication est figée : elle ne se supprime pas.")


class FichierPublication(models.Model):
    """One file of a publication, written once under MEDIA_ROOT, with its checksum."""

    Format = Format

    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="fichiers")
    format = models.CharField(max_length=4, choices=Format)
    chemin = models.CharField(max_length=255, help_text="Chemin sous MEDIA_ROOT.")
    nom = models.CharField(max_length=255)
    taille = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["publication", "format"]
        verbose_name = "fichier publié"
        constraints = [
            models.UniqueConstraint(fields=["publication", "format"], name="fichier_pub_format"),
        ]

    def __str__(self):
        return self.nom

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Un fichier publié est figé : il ne se modifie pas.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Un fichier publié est figé : il ne se supprime pas.")
