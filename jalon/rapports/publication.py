"""Publishing a bilan freezes it; two published versions can be compared.

`publier(user, genre, annee, …)` reads the data once, builds the document, renders it as DOCX,
PDF and HTML, writes each file once under MEDIA_ROOT (exclusive creation: a file is never
overwritten), stores its SHA-256, and records a `Publication` (version numero + 1) with the
document's values and texts as data. Nothing of it changes afterwards: later data changes
build later versions. `comparer(a, b)` says which values, tables and texts differ.
"""

import difflib
import hashlib
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max

from jalon.journal.services import journaliser
from jalon.rapports.document import contenu_comparable
from jalon.rapports.models import FichierPublication, Format, Genre, Publication
from jalon.rapports.rendu import nom_fichier, rendre
from jalon.rapports.services import document_pour
from jalon.territoires import perms

DOSSIER_PUBLICATIONS = "rapports/publications"
FORMATS_PUBLIES = (Format.DOCX, Format.PDF, Format.HTML)


class FichierAltere(Exception):
    """A published file no longer matches its checksum."""


def peut_publier(user, genre: str, region=None) -> bool:
    if genre == Genre.REGIONAL:
        return perms.can_publish_regional(user, region)
    return perms.can_publish_national(user)


def publier(
    user,
    genre: str,
    annee: int,
    *,
    canal: str,
    region=None,
    version=None,
    note: str = "",
    progres=None,
) -> Publication:
    if not peut_publier(user, genre, region):
        raise PermissionDenied(
            "Seule l'administration nationale publie le bilan national et la synthèse ; un "
            "bilan régional est publié par l'administration nationale ou le référent ARS de la "
            "région."
        )
    document = document_pour(user, genre, annee, region=region, version=version, progres=progres)
    contenus = {}
    for rang, format in enumerate(FORMATS_PUBLIES):
        if progres is not None:
            progres(f"Mise en forme ({Format(format).label})", 85 + 4 * rang)
        contenus[format] = rendre(document, format)
    ecrits = []
    try:
        with transaction.atomic():
            precedent = Publication.objects.filter(genre=genre, annee=annee, region=region)
            numero = (precedent.aggregate(n=Max("numero"))["n"] or 0) + 1
            publication = Publication.objects.create(
                genre=genre,
                annee=annee,
                region=region,
                numero=numero,
                titre=f"{document.titre} — {document.sous_titre}"[:255],
                version_code=version.code if version is not None else "",
                note=note.strip(),
                contenu=contenu_comparable(document),
                publie_par=user if getattr(user, "pk", None) else None,
                publie_par_nom=user.get_username() if getattr(user, "pk", None) else "",
            )
            for format, contenu in contenus.items():
                ecrits.append(_figer(publication, format, nom_fichier(document, format), contenu))
            journaliser(
                user,
                canal,
                "publication_bilan",
                publication,
                None,
                {
                    "numero": numero,
                    "fichiers": {f.format: f.sha256 for f in publication.fichiers.all()},
                },
                note,
            )
    except Exception:
        for fichier in ecrits:
            (Path(settings.MEDIA_ROOT) / fichier.chemin).unlink(missing_ok=True)
        raise
    return publication


def _figer(publication, format, nom, contenu: bytes) -> FichierPublication:
    relatif = f"{DOSSIER_PUBLICATIONS}/{publication.pk}/{nom}"
    cible = Path(settings.MEDIA_ROOT) / relatif
    cible.parent.mkdir(parents=True, exist_ok=True)
    with open(cible, "xb") as sortie:  # never overwrite a published file
        sortie.write(contenu)
    return FichierPublication.objects.create(
        publication=publication,
        format=format,
        chemin=relatif,
        nom=nom,
        taille=len(contenu),
        sha256=hashlib.sha256(contenu).hexdigest(),
    )


def lire_fichier(fichier: FichierPublication) -> bytes:
    """The published bytes, checked against the stored checksum."""
    contenu = (Path(settings.MEDIA_ROOT) / fichier.chemin).read_bytes()
    if hashlib.sha256(contenu).hexdigest() != fichier.sha256:
        raise FichierAltere(
            f"Le fichier publié « {fichier.nom} » ne correspond plus à son empreinte SHA-256 : "
            "il a été modifié sur le serveur et n'est pas servi."
        )
    return contenu


def publications_publiques():
    return Publication.objects.select_related("region", "publie_par").prefetch_related("fichiers")


def _diff_textes(avant: str, apres: str) -> dict:
    lignes = list(difflib.ndiff(avant.splitlines(), apres.splitlines()))
    return {
        "retire": [ligne[2:] for ligne in lignes if ligne.startswith("- ")],
        "ajoute": [ligne[2:] for ligne in lignes if ligne.startswith("+ ")],
    }


def comparer(ancienne: Publication, nouvelle: Publication) -> dict:
    """What changed between two published versions: values (evolution phrases), regional and
    annex tables, texts; each as {"cle", "titre", "avant", "apres"} (None when absent)."""
    resultat = {}
    for genre in ("valeurs", "tableaux", "textes"):
        a, b = ancienne.contenu.get(genre, {}), nouvelle.contenu.get(genre, {})
        changements = []
        for cle in list(a) + [k for k in b if k not in a]:
            avant, apres = a.get(cle), b.get(cle)
            if avant == apres:
                continue
            titre = (apres or avant)["titre"]
            changement = {"cle": cle, "titre": titre, "avant": avant, "apres": apres}
            if genre == "textes" and avant and apres:
                changement["diff"] = _diff_textes(avant["texte"], apres["texte"])
            changements.append(changement)
        resultat[genre] = changements
    return resultat
