"""`restore(path)`: load a backup archive into an empty, migrated database.

Checks first, then loads: the archive's manifest and checksums, the same applied
migrations (same schema), and an empty target. Everything is loaded in one transaction, so a
failure leaves the database as empty as it was.

The audit trail: `EntreeJournal.save()` refuses to write an entry that has a primary key,
and restoring needs exactly that. Django's deserializer saves through `Model.save_base(raw=
True)`, which bypasses `save()` and keeps `horodatage` as stored instead of stamping the
restore time. This path is safe only because the target is checked empty: it inserts
entries, it never changes one (and the PostgreSQL trigger, which refuses UPDATE and DELETE,
still applies).
"""

import hashlib
import json
import zipfile

from django.core import serializers
from django.core.management.color import no_style
from django.db import DatabaseError, connection, transaction

from jalon.sauvegarde import medias
from jalon.sauvegarde.archive import FORMAT, MANIFESTE, VERSION_FORMAT, ErreurSauvegarde
from jalon.sauvegarde.dump import migrations_appliquees
from jalon.sauvegarde.modeles import modeles_sauvegardes

TAILLE_LOT = 1000


def lire_manifeste(archive: zipfile.ZipFile, nom_archive: str) -> dict:
    try:
        manifeste = json.loads(archive.read(MANIFESTE))
    except KeyError as exc:
        raise ErreurSauvegarde(f"{nom_archive} : {MANIFESTE} manquant.") from exc
    except ValueError as exc:
        raise ErreurSauvegarde(f"{nom_archive} : {MANIFESTE} n'est pas du JSON valide.") from exc
    if manifeste.get("format") != FORMAT or manifeste.get("version_format") != VERSION_FORMAT:
        raise ErreurSauvegarde(
            f"{nom_archive} : ce n'est pas une sauvegarde Jalon au format {VERSION_FORMAT}."
        )
    return manifeste


def verifier_empreintes(archive: zipfile.ZipFile, manifeste: dict, nom_archive: str) -> None:
    attendus = {f["fichier"] for f in manifeste["fichiers"]}
    attendus |= {m["fichier"] for m in manifeste.get("medias", [])}
    presents = set(archive.namelist()) - {MANIFESTE}
    if presents != attendus:
        ecarts = sorted(presents ^ attendus)
        raise ErreurSauvegarde(
            f"{nom_archive} : fichiers absents ou en trop par rapport au manifeste : "
            f"{', '.join(ecarts)}."
        )
    for fichier in manifeste["fichiers"]:
        empreinte, lignes = hashlib.sha256(), 0
        with archive.open(fichier["fichier"]) as flux:
            for donnees in flux:
                empreinte.update(donnees)
                lignes += 1
        if empreinte.hexdigest() != fichier["sha256"] or lignes != fichier["lignes"]:
            raise ErreurSauvegarde(
                f"{nom_archive} : {fichier['fichier']} est altéré (empreinte sha256 ou nombre "
                "de lignes différents du manifeste)."
            )


def verifier_cible(manifeste: dict) -> list:
    """The models to load; refuses another schema or a database that already holds data."""
    modeles = {m._meta.label_lower: m for m in modeles_sauvegardes()}
    try:
        appliquees = migrations_appliquees()
    except DatabaseError as exc:
        raise ErreurSauvegarde(
            "La base cible n'est pas initialisée : lancez d'abord « jalon migrate »."
        ) from exc
    if appliquees != manifeste["migrations"]:
        manquantes = sorted(set(manifeste["migrations"]) - set(appliquees))
        en_trop = sorted(set(appliquees) - set(manifeste["migrations"]))
        raise ErreurSauvegarde(
            "Le schéma de la base cible diffère de celui de la sauvegarde (version "
            f"{manifeste['version_jalon']}). Migrations absentes de la cible : "
            f"{', '.join(manquantes) or 'aucune'} ; en plus dans la cible : "
            f"{', '.join(en_trop) or 'aucune'}. Restaurez avec la même version de Jalon."
        )
    inconnus = [f["modele"] for f in manifeste["fichiers"] if f["modele"] not in modeles]
    if inconnus:
        raise ErreurSauvegarde(f"Tables inconnues dans la sauvegarde : {', '.join(inconnus)}.")
    non_vides = [label for label, m in modeles.items() if m._default_manager.exists()]
    if non_vides:
        raise ErreurSauvegarde(
            "La base cible n'est pas vide ("
            + ", ".join(non_vides[:5])
            + ("…" if len(non_vides) > 5 else "")
            + ") : la restauration se fait dans une base neuve, après « jalon migrate »."
        )
    return [modeles[f["modele"]] for f in manifeste["fichiers"]]


def _objets(flux):
    lot = []
    for donnees in flux:
        lot.append(json.loads(donnees))
        if len(lot) >= TAILLE_LOT:
            yield from serializers.deserialize("python", lot, handle_forward_references=True)
            lot = []
    if lot:
        yield from serializers.deserialize("python", lot, handle_forward_references=True)


def restore(chemin) -> dict:
    """Load the archive at `chemin`; return its manifest."""
    nom_archive = str(chemin)
    try:
        archive = zipfile.ZipFile(chemin)
    except (OSError, zipfile.BadZipFile) as exc:
        raise ErreurSauvegarde(f"{nom_archive} : archive zip illisible ({exc}).") from exc
    with archive:
        manifeste = lire_manifeste(archive, nom_archive)
        verifier_empreintes(archive, manifeste, nom_archive)
        # Archives written before stored files were saved have no "medias" entry.
        entrees_medias = manifeste.get("medias", [])
        medias.verifier(archive, entrees_medias, nom_archive)
        with transaction.atomic():
            modeles = verifier_cible(manifeste)
            for fichier in manifeste["fichiers"]:
                with archive.open(fichier["fichier"]) as flux:
                    for objet in _objets(flux):
                        # force_insert: the target is empty, no UPDATE attempt per row.
                        objet.save(force_insert=True)
            if connection.vendor == "postgresql":
                # Rows came with their ids: move each sequence past the largest one.
                with connection.cursor() as cursor:
                    for sql in connection.ops.sequence_reset_sql(no_style(), modeles):
                        cursor.execute(sql)
            # Last, still inside the transaction: a failure here rolls the rows back and
            # removes the files already written.
            medias.restaurer(archive, entrees_medias, nom_archive)
    return manifeste
