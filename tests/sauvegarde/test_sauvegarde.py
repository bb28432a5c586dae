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

# One database per test process: two suites running at once (CI on SQLite and a developer on
# PostgreSQL, or several worktrees) must not drop each other's database.
PG_URL = os.environ.get(
    "JALON_TEST_PG_URL",
    f"postgres://postgres@127.0.0.1:5432/jalon_audit_roundtrip_{os.getpid()}",
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


def _supprimer_base_pg() -> None:
    import psycopg

    base = PG_URL.rsplit("/", 1)
    try:
        with psycopg.connect(f"{base[0]}/postgres", autocommit=True, connect_timeout=3) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{base[1]}" WITH (FORCE)')
    except psycopg.OperationalError:
        pass


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
    try:
        _aller_retour(etapes, archive, depart, tmp_path)
    finally:
        _supprimer_base_pg()


def _aller_retour(etapes, archive, depart, tmp_path):
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


# --- Stored files (MEDIA_ROOT) ---------------------------------------------------------------


def _medias(tmp_path, nom, fichiers: dict[str, bytes]) -> Path:
    racine = tmp_path / nom
    for relatif, contenu in fichiers.items():
        (racine / relatif).parent.mkdir(parents=True, exist_ok=True)
        (racine / relatif).write_bytes(contenu)
    return racine


def test_dump_and_restore_carry_the_stored_files(db, tmp_path, settings):
    """A published bilan is a file: it travels with the rows that point to it; the chart
    cache does not."""
    source = _nouvelle_base_sqlite(tmp_path, "source")
    _jalon(source, "load-territoires")
    medias_source = _medias(
        tmp_path,
        "medias-source",
        {
            "publications/bilan-2023-v1.pdf": b"%PDF-1.7 " + bytes(range(256)) * 50,
            "publications/bilan-2023-v1.docx": b"PK docx",
            "rapports/graphiques/abc.svg": b"<svg/>",
        },
    )
    archive = tmp_path / "source.zip"
    _jalon(source, "dump", str(archive), env={"MEDIA_ROOT": str(medias_source)})
    with zipfile.ZipFile(archive) as zip_:
        manifeste = json.loads(zip_.read(MANIFESTE))
    assert [m["chemin"] for m in manifeste["medias"]] == [
        "publications/bilan-2023-v1.docx",
        "publications/bilan-2023-v1.pdf",
    ]
    settings.MEDIA_ROOT = str(tmp_path / "medias-cible")
    call_command("restore", str(archive))
    restaure = Path(settings.MEDIA_ROOT) / "publications/bilan-2023-v1.pdf"
    assert restaure.read_bytes() == (medias_source / "publications/bilan-2023-v1.pdf").read_bytes()
    assert not (Path(settings.MEDIA_ROOT) / "rapports/graphiques/abc.svg").exists()


def test_restore_refuses_an_altered_or_conflicting_file_and_changes_nothing(db, tmp_path, settings):
    from jalon.territoires.models import Territoire

    source = _nouvelle_base_sqlite(tmp_path, "source")
    _jalon(source, "load-territoires")
    medias_source = _medias(tmp_path, "medias-source", {"publications/a.pdf": b"original"})
    archive = tmp_path / "source.zip"
    _jalon(source, "dump", str(archive), env={"MEDIA_ROOT": str(medias_source)})

    altere = tmp_path / "altere.zip"
    with zipfile.ZipFile(archive) as zip_source, zipfile.ZipFile(altere, "w") as cible:
        for info in zip_source.infolist():
            data = zip_source.read(info)
            cible.writestr(info, b"falsifie" if info.filename.startswith("media/") else data)
    settings.MEDIA_ROOT = str(tmp_path / "vide")
    with pytest.raises(ErreurSauvegarde, match="media/publications/a.pdf est altéré"):
        restore(altere)
    assert not Territoire.objects.exists() and not Path(settings.MEDIA_ROOT).exists()

    settings.MEDIA_ROOT = str(_medias(tmp_path, "occupe", {"publications/a.pdf": b"autre"}))
    with pytest.raises(ErreurSauvegarde, match="existe déjà avec un autre contenu"):
        restore(archive)
    assert not Territoire.objects.exists()
    assert (Path(settings.MEDIA_ROOT) / "publications/a.pdf").read_bytes() == b"autre"
