"""`dump(path)`: write every saved table to a backup archive, from one consistent snapshot."""

import datetime
import hashlib
import importlib.metadata
import json
import zipfile

from django.core import serializers
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

from jalon.sauvegarde import medias
from jalon.sauvegarde.archive import FORMAT, MANIFESTE, VERSION_FORMAT, ligne
from jalon.sauvegarde.modeles import avec_cles_naturelles, modeles_sauvegardes

TAILLE_LOT = 2000


def migrations_appliquees() -> list[str]:
    return sorted(
        f"{app}.{name}"
        for app, name in MigrationRecorder(connection).migration_qs.values_list("app", "name")
    )


def _lignes(modele):
    queryset = modele._default_manager.order_by("pk")
    naturelles = avec_cles_naturelles(modele)
    debut = 0
    while lot := list(queryset[debut : debut + TAILLE_LOT]):
        for objet in serializers.serialize("python", lot, use_natural_foreign_keys=naturelles):
            for nom, valeur in objet["fields"].items():
                if isinstance(valeur, list) and modele._meta.get_field(nom).many_to_many:
                    # Many-to-many order is not stored: sort it so that dumps compare equal.
                    objet["fields"][nom] = sorted(valeur, key=json.dumps)
            yield ligne(objet)
        debut += TAILLE_LOT


def dump(chemin) -> dict:
    """Write the archive at `chemin` and return its manifest."""
    fichiers = []
    # Inside a caller's transaction (tests) that transaction's snapshot already applies.
    instantane = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic():
        if instantane:
            # One snapshot for every table: rows written during the dump are either all in
            # or all out. (On SQLite the atomic block already holds the database lock.)
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        with zipfile.ZipFile(chemin, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for rang, modele in enumerate(modeles_sauvegardes(), start=1):
                nom = f"donnees/{rang:03d}_{modele._meta.label_lower}.jsonl"
                empreinte, lignes = hashlib.sha256(), 0
                # Streamed row by row: a large journal never sits whole in memory.
                with archive.open(nom, "w") as fichier:
                    for donnees in _lignes(modele):
                        fichier.write(donnees)
                        empreinte.update(donnees)
                        lignes += 1
                fichiers.append(
                    {
                        "modele": modele._meta.label_lower,
                        "fichier": nom,
                        "lignes": lignes,
                        "sha256": empreinte.hexdigest(),
                    }
                )
            manifeste = {
                "format": FORMAT,
                "version_format": VERSION_FORMAT,
                "version_jalon": importlib.metadata.version("jalon"),
                "cree_le": datetime.datetime.now(datetime.UTC).isoformat(),
                "base": connection.vendor,
                "migrations": migrations_appliquees(),
                "fichiers": fichiers,
                "medias": medias.ecrire(archive),
            }
            archive.writestr(
                MANIFESTE, json.dumps(manifeste, ensure_ascii=False, indent=2).encode()
            )
    return manifeste
