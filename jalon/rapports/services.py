"""Build a report for a user: rights, document, file. Pages, tasks and commands call these.

- `document_pour(user, genre, annee, …)` checks the rights and returns the `Document`;
- `demander_construction(user, …)` records a `ConstructionBilan` and enqueues its task;
- `executer_construction(construction)` (the task's body) builds the file, storing progress
  on the row as it goes, and keeps the file under MEDIA_ROOT for download.
"""

import hashlib
import logging
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from jalon.rapports.avancement import dans_la_bande
from jalon.rapports.models import ConstructionBilan, Format, Genre
from jalon.rapports.rendu import nom_fichier, rendre
from jalon.referentiel.models import PlanVersion
from jalon.referentiel.queries import get_version
from jalon.territoires import perms
from jalon.territoires.models import Territoire

logger = logging.getLogger(__name__)
DOSSIER_CONSTRUCTIONS = "rapports/constructions"


def verifier_annee(annee) -> int:
    try:
        annee = int(annee)
    except (TypeError, ValueError) as exc:
        raise ValidationError(
            f"Année « {annee} » invalide (attendu : 4 chiffres, ex. 2023)."
        ) from exc
    if not 2000 <= annee <= 2100:
        raise ValidationError(f"Année {annee} hors de la plage acceptée (2000 à 2100).")
    return annee


def version_par_code(code: str | None) -> PlanVersion:
    try:
        return get_version(code or None)
    except PlanVersion.DoesNotExist as exc:
        raise ValidationError(
            f"Version « {code} » de la feuille de route inconnue."
            if code
            else "Aucune version courante de la feuille de route : chargez le référentiel."
        ) from exc


def region_par_code(code: str) -> Territoire:
    region = Territoire.objects.regions().filter(code=code).first()
    if region is None:
        raise ValidationError(f"Région « {code} » inconnue (attendu : REG-32, REG-11…).")
    return region


def peut_construire(user, genre: str, region=None) -> bool:
    if genre == Genre.REGIONAL:
        return perms.can_build_regional_bilan(user, region)
    return perms.can_build_national_bilan(user)


def refus(genre: str) -> str:
    if genre == Genre.REGIONAL:
        return (
            "Seuls l'administration nationale et le référent ARS de la région peuvent produire "
            "ce bilan régional."
        )
    return (
        "Seuls l'administration nationale et les pilotes nationaux peuvent produire le bilan "
        "national et la synthèse."
    )


def document_pour(user, genre: str, annee: int, *, region=None, version=None, progres=None):
    """The document of a report for `user` (PermissionDenied otherwise)."""
    if not peut_construire(user, genre, region):
        raise PermissionDenied(refus(genre))
    annee = verifier_annee(annee)
    if genre == Genre.NATIONAL:
        from jalon.rapports.national import construire_bilan_national

        return construire_bilan_national(annee, version, progres=progres)
    if genre == Genre.SYNTHESE:
        from jalon.rapports.synthese import construire_synthese

        return construire_synthese(annee)
    if genre == Genre.REGIONAL:
        from jalon.rapports.regional import construire_bilan_regional

        if region is None:
            raise ValidationError("Le bilan régional demande une région.")
        return construire_bilan_regional(region, annee, progres=progres)
    raise ValidationError(f"Genre « {genre} » inconnu (attendu : national, regional, synthese).")


def demander_construction(
    user,
    genre: str,
    annee: int,
    format: str,
    *,
    region=None,
    version_code: str = "",
    a_publier: bool = False,
    note: str = "",
) -> ConstructionBilan:
    """Record a build (or a publication: DOCX, PDF and HTML frozen) and enqueue its task."""
    if not peut_construire(user, genre, region):
        raise PermissionDenied(refus(genre))
    if a_publier:
        from jalon.rapports.publication import verifier_publication

        # Checked here so the page answers at once; the task checks again when it runs.
        verifier_publication(user, genre, verifier_annee(annee), region)
    if format not in Format.values:
        raise ValidationError(f"Format « {format} » inconnu (attendu : docx, pdf ou html).")
    if genre == Genre.NATIONAL:
        version_par_code(version_code)
    construction = ConstructionBilan.objects.create(
        genre=genre,
        annee=verifier_annee(annee),
        region=region if genre == Genre.REGIONAL else None,
        version_code=version_code if genre == Genre.NATIONAL else "",
        format=format,
        a_publier=a_publier,
        note_publication=note.strip(),
        demande_par=user,
    )
    from jalon.rapports.tasks import construire_en_tache

    # Immediate backend (tests, demo without worker): runs here; database backend: queued.
    construire_en_tache.enqueue(construction.pk)
    return construction


def _avancer(construction_id: int):
    def progres(etape: str, pourcentage: int) -> None:
        ConstructionBilan.objects.filter(pk=construction_id).update(
            statut=ConstructionBilan.Statut.EN_COURS,
            etape=etape[:120],
            pourcentage=max(0, min(100, pourcentage)),
        )

    return progres


def executer_construction(construction: ConstructionBilan) -> ConstructionBilan:
    """Build the file of a queued construction (rights checked again: a queued task is an
    entry point like any other). Failures are stored on the row with a French message."""
    progres = _avancer(construction.pk)
    progres("Démarrage", 1)
    try:
        version = (
            version_par_code(construction.version_code)
            if construction.genre == Genre.NATIONAL
            else None
        )
        if construction.a_publier:
            return _publier(construction, version, progres)
        document = document_pour(
            construction.demande_par,
            construction.genre,
            construction.annee,
            region=construction.region,
            version=version,
            progres=progres,
        )
        progres(f"Mise en forme ({construction.get_format_display()})", 85)
        contenu = rendre(document, construction.format, dans_la_bande(progres, 85, 99))
    except (PermissionDenied, ValidationError) as exc:
        return _echouer(construction, _message(exc))
    except Exception:
        logger.exception("Construction de bilan %s en échec", construction.pk)
        return _echouer(
            construction,
            "Erreur inattendue pendant la construction du document ; l'équipe technique "
            "dispose du détail dans les journaux du serveur.",
        )
    nom = nom_fichier(document, construction.format)
    relatif = f"{DOSSIER_CONSTRUCTIONS}/{construction.pk}/{nom}"
    cible = Path(settings.MEDIA_ROOT) / relatif
    cible.parent.mkdir(parents=True, exist_ok=True)
    cible.write_bytes(contenu)
    construction.refresh_from_db()
    construction.statut = ConstructionBilan.Statut.TERMINE
    construction.etape = "Document prêt"
    construction.pourcentage = 100
    construction.fichier = relatif
    construction.nom_fichier = nom
    construction.taille = len(contenu)
    construction.sha256 = hashlib.sha256(contenu).hexdigest()
    construction.fin = timezone.now()
    construction.save()
    return construction


def _publier(construction, version, progres) -> ConstructionBilan:
    from jalon.journal.models import EntreeJournal
    from jalon.rapports.publication import publier

    publication = publier(
        construction.demande_par,
        construction.genre,
        construction.annee,
        canal=EntreeJournal.Canal.WEB,
        region=construction.region,
        version=version,
        note=construction.note_publication,
        progres=progres,
    )
    fichier = publication.fichiers.get(format=construction.format)
    construction.refresh_from_db()
    construction.statut = ConstructionBilan.Statut.TERMINE
    construction.etape = f"Publié (version {publication.numero})"
    construction.pourcentage = 100
    construction.publication = publication
    construction.fichier = fichier.chemin
    construction.nom_fichier = fichier.nom
    construction.taille = fichier.taille
    construction.sha256 = fichier.sha256
    construction.fin = timezone.now()
    construction.save()
    return construction


def _message(exc) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or "Accès refusé."


def _echouer(construction, message: str) -> ConstructionBilan:
    construction.refresh_from_db()
    construction.statut = ConstructionBilan.Statut.ECHEC
    construction.erreur = message
    construction.fin = timezone.now()
    construction.save()
    return construction


def chemin_fichier(construction: ConstructionBilan) -> Path:
    return Path(settings.MEDIA_ROOT) / construction.fichier
