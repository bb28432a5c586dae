"""Dump and restore: the archive format, the refusals, and a round trip across databases."""

import json
import os
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.db import connection

from jalon.comptes.models import ApiToken
from jalon.journal.services import journaliser
from jalon.saisies.models import Valeur
from jalon.sauvegarde.archive import MANIFESTE, ErreurSauvegarde
from jalon.sauvegarde.modeles import modeles_sauvegardes
from jalon.sauvegarde.restore import restore
from tests.factories import CompteFactory, TerritoireFactory, referentiel_minimal

pytestmark = pytest.mark.django_db(transaction=False)

PG_URL = os.environ.get(
    "JALON_TEST_PG_URL", "postgres://postgres@127.0.0.1:5432/jalon_audit_roundtrip"
)


@pytest.fixture
def donnees(db):
    ref = referentiel_minimal()
    region = TerritoireFactory(code="REG-32", cog="32", nom="Hauts-de-France")
    nord = TerritoireFactory(departement=True, code="DEP-59", cog="59", parent=region)
    admin = CompteFactory(username="admin", admin=True)
    ars = CompteFactory(username="ars-32", referent_ars=True, territoire=region)
    groupe = Group.objects.create(name="relecteurs")
    groupe.permissions.set(Permission.objects.filter(codename__startswith="view_")[:3])
    ars.groups.add(groupe)
    ars.user_permissions.add(Permission.objects.get(codename="view_territoire"))
    ApiToken.issue(admin, name="pipeline")
    Valeur.objects.create(
        indicateur=ref.indicateurs["A06INDM01"],
        territoire=nord,
        periode="2023",
        valeur=Decimal("12.345678"),
        saisie_par=ars,
    )
    journaliser(
        ars,
        "web",
        "modification",
        nord,
        {"z": 1, "a": [1, 2]},
        {"nom": "Nord", "é": "accentué"},
        motif="ligne 1\nligne 2",
    )
    journaliser(None, "systeme", "creation", ("test", "", ""))
    return ref


def _dump(tmp_path, nom="a.zip") -> Path:
    chemin = tmp_path / nom
    call_command("dump", str(chemin))
    return chemin


def _contenu(chemin) -> dict[str, list[str]]:
    """Per model, its rows as sorted lines (row order by primary key can differ for text
    keys between database collations)."""
    with zipfile.ZipFile(chemin) as archive:
        manifeste = json.loads(archive.read(MANIFESTE))
        return {
            f["modele"]: sorted(archive.read(f["fichier"]).decode().splitlines())
            for f in manifeste["fichiers"]
        }


def test_archive_holds_a_manifest_and_one_file_per_model_in_dependency_order(donnees, tmp_path):
    chemin = _dump(tmp_path)
    with zipfile.ZipFile(chemin) as archive:
        manifeste = json.loads(archive.read(MANIFESTE))
    modeles = [f["modele"] for f in manifeste["fichiers"]]
    assert modeles == [m._meta.label_lower for m in modeles_sauvegardes()]
    assert "sessions.session" not in modeles and "auth.permission" not in modeles
    for avant, apres in [
        ("territoires.territoire", "comptes.utilisateur"),
        ("comptes.utilisateur", "journal.entreejournal"),
        ("referentiel.indicateur", "saisies.valeur"),
        ("auth.group", "comptes.utilisateur"),
    ]:
        assert modeles.index(avant) < modeles.index(apres)
    assert manifeste["version_jalon"] and manifeste["base"] == connection.vendor
    assert "journal.0002_append_only_trigger" in manifeste["migrations"]
    lignes = {f["modele"]: f["lignes"] for f in manifeste["fichiers"]}
    assert lignes["journal.entreejournal"] == 2 and lignes["comptes.apitoken"] == 1
    contenu = _contenu(chemin)
    valeur = json.loads(contenu["saisies.valeur"][0])
    assert valeur["fields"]["valeur"] == "12.345678"
    # Permissions are named by natural key: their ids differ from one database to another.
    groupe = json.loads(contenu["auth.group"][0])
    assert all(isinstance(p, list) and len(p) == 3 for p in groupe["fields"]["permissions"])
    # Full precision: microseconds are not cut as DjangoJSONEncoder would.
    journal = json.loads(contenu["journal.entreejournal"][0])
    assert len(journal["fields"]["horodatage"].split(".")[1]) >= 6


def test_restore_refuses_a_database_that_is_not_empty(donnees, tmp_path):
    chemin = _dump(tmp_path)
    with pytest.raises(CommandError, match="La base cible n'est pas vide"):
        call_command("restore", str(chemin))


def test_restore_refuses_a_tampered_archive(donnees, tmp_path):
    chemin = _dump(tmp_path)
    altere = tmp_path / "altere.zip"
    with zipfile.ZipFile(chemin) as source, zipfile.ZipFile(altere, "w") as cible:
        for info in source.infolist():
            data = source.read(info)
            if "journal" in info.filename:
                data = data.replace(b"Nord", b"Sud")
            cible.writestr(info, data)
    with pytest.raises(ErreurSauvegarde, match="entreejournal.jsonl est altéré"):
        restore(altere)


def test_restore_refuses_another_schema_and_a_non_archive(db, tmp_path):
    chemin = _dump(tmp_path)
    with zipfile.ZipFile(chemin) as archive:
        manifeste = json.loads(archive.read(MANIFESTE))
        fichiers = {n: archive.read(n) for n in archive.namelist()}
    manifeste["migrations"].append("journal.9999_future")
    fichiers[MANIFESTE] = json.dumps(manifeste).encode()
    autre = tmp_path / "autre.zip"
    with zipfile.ZipFile(autre, "w") as archive:
        for nom, data in fichiers.items():
            archive.writestr(nom, data)
    with pytest.raises(ErreurSauvegarde, match="journal.9999_future"):
        restore(autre)
    texte = tmp_path / "texte.zip"
    texte.write_text("pas une archive")
    with pytest.raises(ErreurSauvegarde, match="archive zip illisible"):
        restore(texte)


def test_restore_into_an_empty_database_loads_everything_including_the_journal(db, tmp_path):
    """The test database starts empty: restore an archive written by another database
    (demo accounts, a token and their journal entries) and dump it back identically."""
    source = _nouvelle_base_sqlite(tmp_path, "source")
    _jalon(source, "load-territoires")
    _jalon(source, "create-demo-accounts", env={"JALON_ENV": "demo"})
    _jalon(source, "token", "create", "admin")
    archive = tmp_path / "source.zip"
    _jalon(source, "dump", str(archive))
    call_command("restore", str(archive))
    ici = _dump(tmp_path, "ici.zip")
    assert _contenu(ici) == _contenu(archive)
    assert len(_contenu(ici)["journal.entreejournal"]) == 1
    assert ApiToken.objects.get().user.username == "admin"


# --- Round trip across databases through the `jalon` command ------------------------------


def _jalon(url, *args, env=None, check=True):
    environnement = {**os.environ, "DATABASE_URL": url, "JALON_ENV": "test", **(env or {})}
    resultat = subprocess.run(
        [sys.executable, "-m", "jalon.cli", *args],
        env=environnement,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if check and resultat.returncode != 0:
        raise AssertionError(f"jalon {' '.join(args)} : {resultat.stderr[-2000:]}")
    return resultat


def _nouvelle_base_sqlite(tmp_path, nom) -> str:
    url = f"sqlite:///{tmp_path / f'{nom}.sqlite3'}"
    _jalon(url, "migrate", "-v0")
    return url


def _nouvelle_base_pg() -> str:
    psycopg = pytest.importorskip("psycopg")
    base = PG_URL.rsplit("/", 1)
    try:
        with psycopg.connect(f"{base[0]}/postgres", autocommit=True, connect_timeout=3) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{base[1]}"')
            c.execute(f'CREATE DATABASE "{base[1]}"')
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL injoignable ({PG_URL}) : {exc}")
    _jalon(PG_URL, "migrate", "-v0")
    return PG_URL


def test_round_trip_sqlite_postgresql_sqlite_gives_identical_content(donnees, tmp_path):
    """From the test database through the other engine and back to the first one's engine:
    SQLite → PostgreSQL → SQLite (or PostgreSQL → SQLite → PostgreSQL when the tests run on
    PostgreSQL)."""
    depart = _dump(tmp_path, "0.zip")
    if connection.vendor == "sqlite":
        etapes = [_nouvelle_base_pg, lambda: _nouvelle_base_sqlite(tmp_path, "retour")]
    else:
        etapes = [lambda: _nouvelle_base_sqlite(tmp_path, "aller"), _nouvelle_base_pg]
    archive = depart
    for rang, etape in enumerate(etapes, start=1):
        url = etape()
        _jalon(url, "restore", str(archive))
        archive = tmp_path / f"{rang}.zip"
        _jalon(url, "dump", str(archive))
        assert _contenu(archive) == _contenu(depart), f"étape {rang} ({url.split(':')[0]})"
        # Sequences follow the restored ids: a new token and its journal entry insert fine.
        _jalon(url, "token", "create", "admin")
        refus = _jalon(url, "restore", str(archive), check=False)
        assert refus.returncode != 0 and "n'est pas vide" in refus.stderr
