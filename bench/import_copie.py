"""Benchmark 1: a 1 M-row values CSV through `jalon import-valeurs` versus PostgreSQL COPY of
the same file into an unindexed table, in the same run.

    .venv/bin/python bench/import_copie.py [--lignes 1000000] [--lent]

A fresh database (`jalon_bench_import`): migrations, territories, referential; the file is
the first N rows of the national synthetic set (`jalon generate-synthetic --scale national
--csv`, which also creates the synthetic territories it names). Measured: COPY (client-side,
like psql's \\copy) into a table without index or constraint, before and after; the import
creating every value (history rows, rollups, journal: a real import as the command runs
it), then the same file again (nothing changes), each in its own process whose peak
resident memory is read. ``--lent`` adds the row-by-row path (JALON_IMPORT_RAPIDE=0) on a
second fresh database.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
from commun import JALON, PG, base_neuve, jalon, machine  # noqa: E402

BASE = "jalon_bench_import"


def preparer(base: str, fichier: Path | None, lignes: int) -> None:
    base_neuve(base)
    jalon("migrate", "-v0", base=base)
    jalon("load-territoires", base=base)
    jalon("load-referentiel", base=base)
    if fichier is not None:
        jalon(
            "generate-synthetic",
            "--scale",
            "national",
            "--csv",
            str(fichier),
            "--limite",
            str(lignes),
            base=base,
        )
    else:  # the same synthetic territories, for the second database
        jalon(
            "generate-synthetic",
            "--scale",
            "national",
            "--csv",
            os.devnull,
            "--limite",
            "1",
            base=base,
        )
    jalon(
        "shell",
        "-c",
        "from jalon.comptes.models import Utilisateur as U; "
        "U.objects.get_or_create(username='bench-admin', defaults={'role': U.Role.ADMIN_NATIONAL})",
        base=base,
    )


def copier(base: str, fichier: Path) -> float:
    with psycopg.connect(f"{PG}/{base}", autocommit=True) as connexion:
        connexion.execute("DROP TABLE IF EXISTS copie_brute")
        connexion.execute(
            "CREATE TABLE copie_brute (indicateur text, territoire text, periode text, "
            "valeur numeric, source text, commentaire text)"
        )
        debut = time.perf_counter()
        with (
            connexion.cursor() as curseur,
            curseur.copy("COPY copie_brute FROM STDIN (FORMAT csv, HEADER true)") as copie,
            open(fichier, "rb") as source,
        ):
            while bloc := source.read(1 << 20):
                copie.write(bloc)
        duree = time.perf_counter() - debut
        connexion.execute("DROP TABLE copie_brute")
    return duree


def importer(base: str, fichier: Path, rapide=True) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB of the import process, its summary line)."""
    mesure = (
        "import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True,"
        " text=True); print(r.stdout.splitlines()[0] if r.returncode == 0 else r.stderr[-2000:]);"
        " print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(r.returncode)"
    )
    env = {
        **os.environ,
        "DATABASE_URL": f"{PG}/{base}",
        "JALON_ENV": "dev",
        "JALON_IMPORT_MAX_BYTES": str(2 * 1024**3),
        "JALON_IMPORT_RAPIDE": "1" if rapide else "0",
    }
    debut = time.perf_counter()
    fait = subprocess.run(
        [
            sys.executable,
            "-c",
            mesure,
            JALON,
            "import-valeurs",
            str(fichier),
            "--utilisateur",
            "bench-admin",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    duree = time.perf_counter() - debut
    resume, rss = fait.stdout.strip().rsplit("\n", 1)
    return duree, int(rss) / 1024, resume


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lignes", type=int, default=1_000_000)
    parser.add_argument("--lent", action="store_true")
    args = parser.parse_args()
    print("== 1. Import de valeurs contre COPY (PostgreSQL) ==")
    print(machine())
    with tempfile.TemporaryDirectory() as dossier:
        fichier = Path(dossier) / "valeurs.csv"
        preparer(BASE, fichier, args.lignes)
        taille = fichier.stat().st_size / 1e6
        print(f"fichier : {args.lignes} lignes, {taille:.1f} Mo")
        copie_avant = copier(BASE, fichier)
        creation, rss1, resume1 = importer(BASE, fichier)
        inchange, rss2, resume2 = importer(BASE, fichier)
        copie_apres = copier(BASE, fichier)
        copie = (copie_avant + copie_apres) / 2
        print(
            f"COPY dans une table sans index : {copie_avant:.1f} s puis {copie_apres:.1f} s "
            f"(moyenne {copie:.1f} s, {args.lignes / copie:,.0f} lignes/s)"
        )
        for nom, duree, rss, resume in (
            ("import (création)", creation, rss1, resume1),
            ("réimport (inchangé)", inchange, rss2, resume2),
        ):
            print(
                f"{nom} : {duree:.1f} s, {args.lignes / duree:,.0f} lignes/s, "
                f"rapport {duree / copie:.1f}× COPY (cible ≤ 3×), mémoire max {rss:.0f} Mo"
            )
            print(f"    {resume}")
        if args.lent:
            preparer(BASE + "_lent", None, 0)
            lent, rss3, resume3 = importer(BASE + "_lent", fichier, rapide=False)
            print(
                f"chemin ligne à ligne (création) : {lent:.1f} s, {lent / copie:.1f}× COPY, "
                f"mémoire max {rss3:.0f} Mo"
            )
    print(f"fin : {machine()}")


if __name__ == "__main__":
    main()
