"""Benchmark 2: the dashboard's aggregate questions through `jalon.agregats` versus DuckDB
over the same data exported to Parquet, in the same run, results compared.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jalon_bench \\
        .venv/bin/python bench/agregats_duckdb.py [--repetitions 7]

Needs the bench extra (`pip install -e ".[bench]"`: duckdb, pinned) and a database filled by
`jalon generate-synthetic --scale national`. The values, territories and indicators are
exported to Parquet (the export is not timed); each question is then asked of both, warm,
``--repetitions`` times: medians are printed with their ratio (target Jalon ≤ 1× DuckDB).
Every answer is compared: counts, sums and values exactly (DECIMAL on both sides), means
within 1e-9 relative (DuckDB divides in floating point).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jalon.settings")
os.environ.setdefault("JALON_ENV", "dev")

import django  # noqa: E402

django.setup()

import duckdb  # noqa: E402
from commun import machine  # noqa: E402
from django.db import connection  # noqa: E402

from jalon import agregats  # noqa: E402
from jalon.saisies.models import Valeur  # noqa: E402

GENRE = (
    "CASE WHEN length(periode) = 4 THEN 'annee' WHEN substr(periode, 6, 1) = 'S' THEN "
    "'semestre' WHEN substr(periode, 6, 1) = 'Q' THEN 'trimestre' ELSE 'mois' END"
)
EXPORTS = {
    "valeurs": "SELECT i.code AS indicateur, t.code AS territoire, v.periode, v.annee, v.debut, "
    "v.valeur, v.statut FROM saisies_valeur v JOIN referentiel_indicateur i ON "
    "i.id = v.indicateur_id JOIN territoires_territoire t ON t.id = v.territoire_id",
    "territoires": "SELECT t.code, t.niveau, p.code AS parent, t.ordre, t.nom FROM "
    "territoires_territoire t LEFT JOIN territoires_territoire p ON p.id = t.parent_id",
    "indicateurs": "SELECT code, unite, frequence, maille FROM referentiel_indicateur "
    "WHERE NOT retire",
}
TYPES = {"valeur": "DECIMAL(20,6)", "debut": "DATE", "annee": "INTEGER", "ordre": "INTEGER"}


def exporter(dossier: Path) -> duckdb.DuckDBPyConnection:
    db = duckdb.connect()
    for nom, requete in EXPORTS.items():
        csv = dossier / f"{nom}.csv"
        with (
            connection.cursor() as curseur,
            open(csv, "wb") as sortie,
            curseur.cursor.copy(f"COPY ({requete}) TO STDOUT (FORMAT csv, HEADER)") as copie,
        ):
            for bloc in copie:
                sortie.write(bloc)
        colonnes = duckdb.sql(f"SELECT * FROM read_csv('{csv}', all_varchar=true) LIMIT 0").columns
        types = {c: TYPES.get(c, "VARCHAR") for c in colonnes}
        db.execute(
            f"COPY (SELECT * FROM read_csv('{csv}', header=true, columns={types!r})) "
            f"TO '{dossier / nom}.parquet' (FORMAT parquet)"
        )
        csv.unlink()
        db.execute(f"CREATE VIEW {nom} AS SELECT * FROM '{dossier / nom}.parquet'")
    db.execute(
        "CREATE VIEW regions AS SELECT t.code, t.niveau, CASE WHEN t.niveau = 'region' "
        "THEN t.code WHEN p.niveau = 'region' THEN p.code WHEN g.niveau = 'region' THEN g.code "
        "END AS region FROM territoires t LEFT JOIN territoires p ON p.code = t.parent "
        "LEFT JOIN territoires g ON g.code = p.parent"
    )
    return db


def filtre(validees):
    return "AND v.statut = 'validee'" if validees else ""


def duck_region(db, code, niveau, genre, validees):
    return db.execute(
        f"SELECT r.region, v.annee, count(*), sum(v.valeur) FROM valeurs v JOIN regions r "
        f"ON r.code = v.territoire WHERE v.indicateur = ? AND r.niveau = ? AND {GENRE} = ? "
        f"AND v.valeur IS NOT NULL AND r.region IS NOT NULL {filtre(validees)} GROUP BY 1, 2",
        [code, niveau, genre],
    ).fetchall()


def duck_dernieres(db, code, niveau, validees):
    return db.execute(
        "SELECT territoire, periode, valeur FROM (SELECT v.*, row_number() OVER (PARTITION BY "
        "v.territoire ORDER BY v.debut DESC, v.periode DESC) AS rang FROM valeurs v JOIN "
        f"territoires t ON t.code = v.territoire WHERE v.indicateur = ? AND t.niveau = ? AND "
        f"v.valeur IS NOT NULL {filtre(validees)}) WHERE rang = 1",
        [code, niveau],
    ).fetchall()


def duck_evolutions(db, annee, validees):
    return db.execute(
        f"""
        WITH g AS (
            SELECT v.indicateur, v.annee, {GENRE} AS genre, count(*) AS n, sum(v.valeur) AS s
            FROM valeurs v WHERE v.territoire = 'FR' AND v.annee IN (?, ?)
            AND v.valeur IS NOT NULL {filtre(validees)} GROUP BY ALL
        ), a AS (SELECT i.code, i.unite, y.annee,
            CASE i.frequence WHEN 'mensuelle' THEN 'mois' WHEN 'bisannuelle' THEN 'semestre'
                 ELSE 'annee' END AS genre_naturel
            FROM indicateurs i, (VALUES (?), (?)) y(annee))
        SELECT a.code, a.annee,
               coalesce(ya.s, CASE WHEN a.genre_naturel <> 'annee' AND sub.n =
                   CASE a.genre_naturel WHEN 'mois' THEN 12 ELSE 2 END
                   THEN CASE WHEN a.unite IN ('nombre', 'euros') THEN sub.s
                        ELSE sub.s / sub.n END END) AS chiffre
        FROM a LEFT JOIN g ya ON ya.indicateur = a.code AND ya.annee = a.annee
             AND ya.genre = 'annee'
        LEFT JOIN g sub ON sub.indicateur = a.code AND sub.annee = a.annee
             AND sub.genre = a.genre_naturel
        """,
        [annee, annee - 1, annee, annee - 1],
    ).fetchall()


def duck_serie(db, code, territoire, validees):
    return db.execute(
        f"SELECT periode, valeur FROM valeurs v WHERE indicateur = ? AND territoire = ? "
        f"{filtre(validees)} ORDER BY debut, periode",
        [code, territoire],
    ).fetchall()


def egal(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    a, b = Decimal(str(a)), Decimal(str(b))
    return abs(a - b) <= abs(b) * Decimal("1e-9") + Decimal("1e-12")


def questions(annee):
    """(name, Jalon call, DuckDB call, normaliser of each answer to comparable dicts)."""
    mensuel, regional = "A016INDR01", "A012INDM01"
    resultat = []
    for validees in (False, True):
        nom_filtre = "validées" if validees else "toutes"
        resultat += [
            (
                f"somme/moyenne par région et année, {mensuel} (PTSM, mois), {nom_filtre}",
                lambda v=validees: agregats.somme_moyenne_par_region_annee(
                    mensuel, validees_seulement=v
                ),
                lambda db, v=validees: duck_region(db, mensuel, "ptsm", "mois", v),
                lambda r: {(a.region, a.annee): (a.nombre, a.somme) for a in r},
                lambda r: {(x[0], x[1]): (x[2], x[3]) for x in r},
            ),
            (
                f"dernière valeur par territoire, {mensuel} (1 000 PTSM), {nom_filtre}",
                lambda v=validees: agregats.valeurs_par_territoire(
                    mensuel, niveau="ptsm", validees_seulement=v
                ),
                lambda db, v=validees: duck_dernieres(db, mensuel, "ptsm", v),
                lambda r: {x.territoire: (x.periode, x.valeur) for x in r},
                lambda r: {x[0]: (x[1], x[2]) for x in r},
            ),
            (
                f"dernière valeur par région, {regional}, {nom_filtre}",
                lambda v=validees: agregats.valeurs_par_territoire(
                    regional, niveau="region", validees_seulement=v
                ),
                lambda db, v=validees: duck_dernieres(db, regional, "region", v),
                lambda r: {x.territoire: (x.periode, x.valeur) for x in r},
                lambda r: {x[0]: (x[1], x[2]) for x in r},
            ),
            (
                f"évolutions nationales {annee} / {annee - 1}, 110 indicateurs, {nom_filtre}",
                lambda v=validees: agregats.evolutions_nationales(annee, validees_seulement=v),
                lambda db, v=validees: duck_evolutions(db, annee, v),
                lambda r: {
                    **{(e.indicateur, annee): e.valeur for e in r},
                    **{(e.indicateur, annee - 1): e.precedente for e in r},
                },
                lambda r: {(x[0], x[1]): x[2] for x in r},
            ),
            (
                f"série {mensuel} France (120 mois), {nom_filtre}",
                lambda v=validees: agregats.serie(mensuel, "FR", validees_seulement=v),
                lambda db, v=validees: duck_serie(db, mensuel, "FR", v),
                lambda r: [(p.periode, p.valeur) for p in r],
                lambda r: [(x[0], x[1]) for x in r],
            ),
        ]
    return resultat


def identiques(a, b) -> bool:
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(identiques(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(identiques(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    return egal(a, b)


def chronometrer(appel, repetitions) -> tuple[float, object]:
    resultat = appel()  # warm-up
    durees = []
    for _ in range(repetitions):
        debut = time.perf_counter()
        resultat = appel()
        durees.append(time.perf_counter() - debut)
    return statistics.median(durees), resultat


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repetitions", type=int, default=7)
    parser.add_argument("--annee", type=int, default=2025)
    args = parser.parse_args()
    print("== 2. Agrégats : jalon.agregats (PostgreSQL) contre DuckDB sur Parquet ==")
    print(machine())
    total = Valeur.objects.count()
    print(f"données : {total:,} valeurs".replace(",", "\u202f"))
    with tempfile.TemporaryDirectory() as dossier:
        debut = time.perf_counter()
        db = exporter(Path(dossier))
        taille = sum(f.stat().st_size for f in Path(dossier).glob("*.parquet")) / 1e6
        fils = db.execute("SELECT current_setting('threads')").fetchone()[0]
        print(
            f"export Parquet : {time.perf_counter() - debut:.0f} s, {taille:.0f} Mo "
            f"(duckdb {duckdb.__version__}, {fils} fils)"
        )
        tous_identiques, rapports = True, []
        for nom, jalon, duck, norme_j, norme_d in questions(args.annee):
            t_j, r_j = chronometrer(jalon, args.repetitions)
            t_d, r_d = chronometrer(lambda duck=duck: duck(db), args.repetitions)
            ok = identiques(norme_j(r_j), norme_d(r_d))
            tous_identiques &= ok
            rapports.append(t_j / t_d)
            print(
                f"- {nom} : Jalon {t_j * 1000:.1f} ms, DuckDB {t_d * 1000:.1f} ms, "
                f"rapport {t_j / t_d:.2f}× (cible ≤ 1×) ; résultats "
                f"{'identiques' if ok else 'DIFFÉRENTS'}"
            )
    print(
        f"rapport le plus défavorable : {max(rapports):.2f}× ; résultats "
        f"{'tous identiques' if tous_identiques else 'NON identiques'}"
    )
    print(f"fin : {machine()}")
    if not tous_identiques:
        sys.exit(1)


if __name__ == "__main__":
    main()
