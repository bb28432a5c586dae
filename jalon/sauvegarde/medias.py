"""Stored files (MEDIA_ROOT) in the backup archive: published bilans are files whose
checksum the database keeps, so a backup without them would restore publications that
cannot be downloaded.

Each file goes to ``media/<path under MEDIA_ROOT>`` in the zip, listed in the manifest with
its size and sha256. The cache of chart drawings is left out: it is rebuilt on demand.
"""

import hashlib
import os
import shutil
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from django.conf import settings

from jalon.sauvegarde.archive import ErreurSauvegarde

PREFIXE = "media/"
# Regenerated from the data when missing (see jalon.rapports.figures).
EXCLUS = ("rapports/graphiques/",)
BLOC = 1 << 20


def racine() -> Path:
    return Path(settings.MEDIA_ROOT)


def _empreinte(flux) -> str:
    empreinte = hashlib.sha256()
    while bloc := flux.read(BLOC):
        empreinte.update(bloc)
    return empreinte.hexdigest()


def fichiers_a_sauvegarder() -> list[tuple[str, Path]]:
    """(relative POSIX path, absolute path) of every stored file, sorted."""
    base = racine()
    if not base.is_dir():
        return []
    trouves = []
    for dossier, _, noms in os.walk(base):
        for nom in noms:
            chemin = Path(dossier) / nom
            relatif = chemin.relative_to(base).as_posix()
            if not relatif.startswith(EXCLUS) and chemin.is_file():
                trouves.append((relatif, chemin))
    return sorted(trouves)


def ecrire(archive: zipfile.ZipFile) -> list[dict]:
    """Copy the stored files into the archive; return their manifest entries."""
    entrees = []
    for relatif, chemin in fichiers_a_sauvegarder():
        nom = PREFIXE + relatif
        with open(chemin, "rb") as source, archive.open(nom, "w") as cible:
            empreinte, taille = hashlib.sha256(), 0
            while bloc := source.read(BLOC):
                cible.write(bloc)
                empreinte.update(bloc)
                taille += len(bloc)
        entrees.append(
            {"fichier": nom, "chemin": relatif, "taille": taille, "sha256": empreinte.hexdigest()}
        )
    return entrees


def _cible(relatif: str, nom_archive: str) -> Path:
    chemin = PurePosixPath(relatif)
    if chemin.is_absolute() or ".." in chemin.parts or not chemin.parts:
        raise ErreurSauvegarde(f"{nom_archive} : chemin de fichier refusé : « {relatif} ».")
    return racine().joinpath(*chemin.parts)


def verifier(archive: zipfile.ZipFile, entrees: list[dict], nom_archive: str) -> None:
    """Checksums match, paths stay under MEDIA_ROOT, and no different file is in the way."""
    for entree in entrees:
        with archive.open(entree["fichier"]) as flux:
            if _empreinte(flux) != entree["sha256"]:
                raise ErreurSauvegarde(
                    f"{nom_archive} : {entree['fichier']} est altéré (empreinte sha256 "
                    "différente du manifeste)."
                )
        cible = _cible(entree["chemin"], nom_archive)
        if cible.exists():
            with open(cible, "rb") as present:
                if _empreinte(present) != entree["sha256"]:
                    raise ErreurSauvegarde(
                        f"{cible} existe déjà avec un autre contenu : la restauration "
                        "n'écrase aucun fichier ; déplacez-le ou videz MEDIA_ROOT."
                    )


def restaurer(archive: zipfile.ZipFile, entrees: list[dict], nom_archive: str) -> list[Path]:
    """Write the files (each through a temporary file, then renamed); on failure remove
    those already written and re-raise, so the caller's rollback leaves nothing behind."""
    ecrits: list[Path] = []
    try:
        for entree in entrees:
            cible = _cible(entree["chemin"], nom_archive)
            if cible.exists():
                continue  # same content, checked by verifier()
            cible.parent.mkdir(parents=True, exist_ok=True)
            with (
                tempfile.NamedTemporaryFile(dir=cible.parent, delete=False) as temporaire,
                archive.open(entree["fichier"]) as flux,
            ):
                ecrits.append(Path(temporaire.name))  # removed on failure too
                shutil.copyfileobj(flux, temporaire, BLOC)
            os.replace(temporaire.name, cible)
            ecrits[-1] = cible
            ecrits.append(cible)
    except BaseException:
        for chemin in ecrits:
            chemin.unlink(missing_ok=True)
        raise
    return ecrits
