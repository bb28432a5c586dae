"""All four benchmarks of issue 8, one after the other: `make bench` or

    .venv/bin/python bench/run.py [--rapide]

1. import of a 1 M-row CSV versus PostgreSQL COPY (`import_copie.py`, fresh database
   `jalon_bench_import`);
2. aggregates through jalon.agregats versus DuckDB over Parquet (`agregats_duckdb.py`, on
   `jalon_bench`, generated first with `jalon generate-synthetic --scale national` when empty:
   about ten minutes);
3. pages and API lists under 1 and 50 clients (`pages.py`, on `jalon_bench`);
4. national bilan DOCX and PDF build times (`bilan.py`): on `jalon_bench` as it is
   (`--base-existante`, read-only; first builds with every chart to draw, then builds
   reusing the drawings, all in temporary folders), then on a scratch SQLite demo database.

PostgreSQL at BENCH_PG (default postgres://postgres@127.0.0.1:5432). ``--rapide`` runs
smaller variants (200 000 rows, 3 repetitions, 10 s of load) to check the scripts.
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from commun import PG, RACINE, jalon, machine  # noqa: E402

PYTHON = str(RACINE / ".venv" / "bin" / "python")
BENCH = RACINE / "bench"


ECHECS: list[str] = []


def lancer(script, *args, env=None):
    """Run one benchmark; a failing one does not stop the others, but `run.py` then exits
    non-zero and names it (a benchmark that broke must not pass for a measured one)."""
    resultat = subprocess.run(
        [PYTHON, str(BENCH / script), *args], env={**os.environ, **(env or {})}, check=False
    )
    if resultat.returncode != 0:
        ECHECS.append(f"{script} {' '.join(args)} (code {resultat.returncode})")


def base_nationale() -> None:
    try:
        jalon("migrate", "-v0", base="jalon_bench")
    except subprocess.CalledProcessError:
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", "jalon_bench"], check=True)
        jalon("migrate", "-v0", base="jalon_bench")
    vide = jalon(
        "shell",
        "-c",
        "from jalon.saisies.models import Valeur; print(Valeur.objects.exists())",
        base="jalon_bench",
    ).stdout.strip()
    if vide.endswith("False"):
        print("jalon_bench vide : chargement et génération nationale (une dizaine de minutes)…")
        jalon("load-territoires", base="jalon_bench")
        jalon("load-referentiel", base="jalon_bench")
        jalon("generate-synthetic", "--scale", "national", "--seed", "1", base="jalon_bench")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rapide", action="store_true")
    args = parser.parse_args()
    print(machine())
    lancer("import_copie.py", "--lignes", "200000" if args.rapide else "1000000")
    base_nationale()
    env = {"DATABASE_URL": f"{PG}/jalon_bench", "JALON_ENV": "dev"}
    lancer("agregats_duckdb.py", "--repetitions", "3" if args.rapide else "7", env=env)
    lancer("pages.py", "--duree", "10" if args.rapide else "20", env=env)
    print("== 4. Bilan national : DOCX et PDF sur jalon_bench ==")
    lancer("bilan.py", "--base-existante", "--repetitions", "2", env=env)
    with tempfile.TemporaryDirectory() as dossier:
        env = {"DATABASE_URL": f"sqlite:///{dossier}/bilan.sqlite3", "JALON_ENV": "dev"}
        print("== 4. Bilan national : DOCX et PDF sur la démonstration ==")
        lancer("bilan.py", "--preparer", env=env)
        lancer("bilan.py", env=env)
    print(f"fin : {machine()}")
    if ECHECS:
        print("Bancs en échec :\n  " + "\n  ".join(ECHECS), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
