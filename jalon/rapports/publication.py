"""Publishing a bilan freezes it; two published versions can be compared.

`publier(user, genre, annee, …)` reads the data once, builds the document, renders it as DOCX,
PDF and HTML, writes each file once under MEDIA_ROOT (exclusive creation: a file is never
overwritten), stores its SHA-256, and records a `Publication` (version numero + 1) with the
document's values and texts as data. Nothing of it changes afterwards: later data changes
build later versions. `comparer(a, b)` says which values, tables and texts differ.

Who publishes (`verifier_publication`): national admins the national bilan and the synthesis;
a regional bilan once validated by the national admin, by the region's référent ARS or a
national admin (`perms.can_publish_regional_bilan`), traced in the bilan's history too.
"""

import difflib
import hashlib
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from jalon.journal.services import journaliser
from jalon.rapports.avancement import dans_la_bande
from jalon.rapports.document import contenu_comparable
from jalon.rapports.models import FichierPublication, Format, Genre, Publication
from jalon.rapports.rendu import nom_fichier, rendre
from jalon.rapports.services import document_pour
from jalon.territoires import perms

DOSSIER_PUBLICATIONS = "rapports/publications"
FORMATS_PUBLIES = (Format.DOCX, Format.PDF, Format.HTML)


class FichierAltere(Exception):
    """A published file no longer matches its checksum."""


REFUS_NATIONAL = "Seule l'administration nationale publie le bilan national et la synthèse."
REFUS_REGIONAL = (
    "Un bilan régional est publié par le référent ARS de la région ou par l'administration "
    "nationale, une fois validé par l'administration nationale."
)


def bilan_regional(region, annee):
    """The regional bilan (workflow row) of `region` for campaign year `annee`, if any."""
    from jalon.feuilles_regionales.models import BilanRegional

    return (
        BilanRegional.objects.filter(region=region, campagne__annee=annee)
        .select_related("region", "campagne")
        .first()
    )


def verifier_publication(user, genre: str, annee, region=None):
    """Raise unless `user` may publish this bilan now: PermissionDenied for the role rule,
    ValidationError (French, says what to do) for a regional bilan not validated yet.
    Returns the regional bilan row for a regional bilan, None otherwise.

    The rule (perms.can_publish_regional_bilan, from instruction 2023/179): a regional bilan
    is published once validated by the national admin, by the region's référent ARS or a
    national admin; the national bilan and the synthesis by national admins only."""
    if genre != Genre.REGIONAL:
        if not perms.can_publish_national(user):
            raise PermissionDenied(REFUS_NATIONAL)
        return None
    if region is None:
        raise ValidationError("Le bilan régional demande une région.")
    if not perms.can_publish_regional(user, region):
        raise PermissionDenied(REFUS_REGIONAL)
    bilan = bilan_regional(region, annee)
    if not perms.can_publish_regional_bilan(user, bilan):
        etat = bilan.get_statut_display().lower() if bilan else "non commencé"
        raise ValidationError(
            f"Le bilan régional {annee} de {region.nom} est « {etat} » : seul un bilan validé "
            "par l'administration nationale se publie. Soumettez-le puis faites-le valider."
        )
    return bilan


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
    bilan = verifier_publication(user, genre, annee, region)
    document = document_pour(user, genre, annee, region=region, version=version, progres=progres)
    contenus = {}
    for rang, format in enumerate(FORMATS_PUBLIES):
        if progres is not None:
            progres(f"Mise en forme ({Format(format).label})", 85 + 4 * rang)
        # Each format in its band of 4 points: 85-89, 89-93, 93-97, then the files.
        bande = dans_la_bande(progres, 85 + 4 * rang, 89 + 4 * rang)
        contenus[format] = rendre(document, format, bande)
    ecrits = []
    try:
        with transaction.atomic():
            if bilan is not None:
                _bilan_toujours_valide(bilan)
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
            if bilan is not None:
                from jalon.feuilles_regionales.bilan import tracer_publication

                tracer_publication(user, canal, bilan, publication, note)
    except Exception:
        for fichier in ecrits:
            (Path(settings.MEDIA_ROOT) / fichier.chemin).unlink(missing_ok=True)
        raise
    return publication


def _bilan_toujours_valide(bilan) -> None:
    """The document was read while the bilan was validated; refuse if it was returned (or
    validated again, with other content) meanwhile, so a publication always shows the state
    of one validation. The row is locked until the publication is recorded."""
    from jalon.feuilles_regionales.models import BilanRegional

    actuel = BilanRegional.objects.select_for_update().get(pk=bilan.pk)
    if actuel.statut != bilan.statut or actuel.valide_le != bilan.valide_le:
        raise ValidationError(
            f"Le bilan régional {bilan.campagne.annee} de {bilan.region.nom} a changé d'état "
            "pendant la construction : rien n'a été publié. Relancez la publication."
        )


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


def publications_du_bilan(region, annee):
    """The published versions of a region's bilan for a year, the latest first."""
    return publications_publiques().filter(genre=Genre.REGIONAL, region=region, annee=annee)


def dernieres_publications_regionales(annee) -> dict:
    """{region id: latest published version} of the regional bilans of `annee`."""
    dernieres = {}
    for publication in Publication.objects.filter(genre=Genre.REGIONAL, annee=annee).order_by(
        "region", "-numero"
    ):
        dernieres.setdefault(publication.region_id, publication)
    return dernieres


def _diff_textes(avant: str, apres: str) -> dict:
    lignes = list(difflib.ndiff(avant.splitlines(), apres.splitlines()))
    return {
        "retire": [ligne[2:] for ligne in lignes if ligne.startswith("- ")],
        "ajoute": [ligne[2:] for ligne in lignes if ligne.startswith("+ ")],
    }


def _lignes_par_cle(lignes: list[list[str]]) -> dict:
    """Rows of a table by their first cell (a region, a year, "Total"); a label seen twice
    gets its rank, so that no row hides another."""
    par_cle, vues = {}, {}
    for ligne in lignes:
        libelle = ligne[0] if ligne else ""
        vues[libelle] = vues.get(libelle, 0) + 1
        par_cle[libelle if vues[libelle] == 1 else f"{libelle} ({vues[libelle]})"] = ligne
    return par_cle


def _diff_tableaux(avant: dict, apres: dict) -> dict:
    """Cell by cell: which rows appeared or went, and in the rows kept, each cell whose
    figure changed, named by its row and column. Publications older than the column titles
    in the stored content name columns by their rank."""
    entetes = apres.get("entetes") or avant.get("entetes") or []
    a, b = _lignes_par_cle(avant["lignes"]), _lignes_par_cle(apres["lignes"])
    cellules = []
    for cle in (k for k in b if k in a):
        ancienne, nouvelle = a[cle], b[cle]
        for rang in range(1, max(len(ancienne), len(nouvelle))):
            de = ancienne[rang] if rang < len(ancienne) else ""
            vers = nouvelle[rang] if rang < len(nouvelle) else ""
            if de != vers:
                colonne = entetes[rang] if rang < len(entetes) else f"colonne {rang + 1}"
                cellules.append({"ligne": cle, "colonne": colonne, "avant": de, "apres": vers})
    return {
        "cellules": cellules,
        "lignes_ajoutees": [cle for cle in b if cle not in a],
        "lignes_retirees": [cle for cle in a if cle not in b],
    }


def comparer(ancienne: Publication, nouvelle: Publication) -> dict:
    """What changed between two published versions: values (evolution phrases), regional and
    annex tables, texts; each as {"cle", "titre", "avant", "apres"} (None when absent), with
    the changed lines of a text ("diff") and the changed cells of a table ("cellules")."""
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
            elif genre == "tableaux" and avant and apres:
                changement.update(_diff_tableaux(avant, apres))
            changements.append(changement)
        resultat[genre] = changements
    return resultat
