"""Benchmark (not a test): national bilan build times, DOCX and PDF, on a database.

    DATABASE_URL=sqlite:////tmp/jalon-bench.sqlite3 .venv/bin/python bench/bilan.py --preparer
    DATABASE_URL=sqlite:////tmp/jalon-bench.sqlite3 .venv/bin/python bench/bilan.py

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jalon_bench .venv/bin/python bench/bilan.py \
        --base-existante

`--base-existante` builds against a database as it is (e.g. the national synthetic set of
`jalon generate-synthetic`), without preparing or filling it: it refuses `--preparer` and
`--synthetique` and, on PostgreSQL, opens the session read-only so that nothing can be
written. `--preparer` migrates and loads the demo data (territories, referential, the 2023 bilan's
values and texts) into the database named by DATABASE_URL (use a scratch one). Then, for each
format, builds the document (data read, `construire_bilan_national`) and renders it, timed
separately: `--repetitions` first builds, each with every chart to draw (a new empty drawings
folder), then `--repetitions` builds finding the drawings already made (as a second build of
the year does: only changed series are redrawn). The drawings go to temporary folders, never
to MEDIA_ROOT. Prints the medians and the extremes, the size, the number of pages of the PDF
and the peak resident memory. Targets (issue 5): DOCX < 10 s, PDF < 30 s.
"""

import argparse
import logging
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jalon.settings")
os.environ.setdefault("JALON_ENV", "dev")

import django  # noqa: E402

django.setup()
logging.getLogger("weasyprint").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)

from django.core.management import call_command  # noqa: E402

from jalon.rapports.national import construire_bilan_national  # noqa: E402
from jalon.rapports.rendu import rendre  # noqa: E402
from jalon.referentiel.queries import get_version  # noqa: E402
from jalon.saisies.models import Valeur  # noqa: E402


def preparer():
    call_command("migrate", verbosity=0)
    for commande in ("load_territoires", "load_referentiel", "load_demo_values"):
        call_command(commande, verbosity=0)
    call_command("load_demo_narratives", verbosity=0)


def lecture_seule() -> None:
    """Every transaction of this session read-only (PostgreSQL): a shared benchmark database
    is never written, whatever the code under measurement does."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as curseur:
            curseur.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")


def remplir_synthetique(annees: range) -> int:
    """Scratch databases only: a validated value for every active indicator at FR and in
    each region for every year of `annees` (deterministic pseudo-random numbers), so that
    every indicator has a chart and a regional table — the worst case for the renderers.
    Replaces nothing: existing (indicator, territory, period) triples are skipped."""
    import random

    from jalon.referentiel.models import Indicateur
    from jalon.territoires.models import Territoire

    aleatoire = random.Random(2023)
    territoires = [Territoire.objects.get(code="FR"), *Territoire.objects.regions()]
    existants = set(Valeur.objects.values_list("indicateur_id", "territoire_id", "periode"))
    nouvelles = []
    for indicateur in Indicateur.objects.actifs():
        base = aleatoire.randint(50, 5000)
        for territoire in territoires:
            echelle = 1 if territoire.code == "FR" else aleatoire.uniform(0.02, 0.15)
            for annee in annees:
                if (indicateur.pk, territoire.pk, str(annee)) in existants:
                    continue
                valeur = base * echelle * (1 + 0.06 * (annee - annees.start))
                if indicateur.unite in {"pourcentage", "taux_evolution"}:
                    valeur = aleatoire.uniform(5, 95)
                nouvelles.append(
                    Valeur(
                        indicateur=indicateur,
                        territoire=territoire,
                        periode=str(annee),
                        annee=annee,
                        debut=f"{annee}-01-01",
                        valeur=round(valeur, 1),
                        statut=Valeur.Statut.VALIDEE,
                        source="Valeur synthétique (banc de mesure)",
                    )
                )
    Valeur.objects.bulk_create(nouvelles, batch_size=2000)
    call_command("rebuild_agregats", verbosity=0)
    return len(nouvelles)


def _pages(contenu: bytes) -> str:
    """Page count from poppler's pdfinfo when installed, else from the page objects, which
    WeasyPrint writes inside compressed object streams."""
    if not shutil.which("pdfinfo"):
        page = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
        total = len(page.findall(contenu))
        for flux in re.finditer(rb"/ObjStm", contenu):
            debut = contenu.find(b"\n", contenu.find(b"stream", flux.end())) + 1
            try:
                total += len(page.findall(zlib.decompressobj().decompress(contenu[debut:])))
            except zlib.error:
                continue
        return str(total) if total else "?"
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fichier:
        fichier.write(contenu)
        fichier.flush()
        sortie = subprocess.run(["pdfinfo", fichier.name], capture_output=True, text=True).stdout
    trouve = re.search(r"^Pages:\s+(\d+)", sortie, re.M)
    return trouve.group(1) if trouve else "?"


def mesurer(annee: int, format: str, version_code: str, dessins: Path) -> dict:
    """One build, its charts read from and drawn into `dessins` (a scratch MEDIA_ROOT): an
    empty folder measures a first build, one holding the drawings a build after it."""
    from django.conf import settings

    settings.MEDIA_ROOT = str(dessins)
    version = get_version(version_code or None)
    debut = time.perf_counter()
    document = construire_bilan_national(annee, version)
    lecture = time.perf_counter() - debut
    contenu = rendre(document, format)
    total = time.perf_counter() - debut
    pages = _pages(contenu) if format == "pdf" else 0
    return {"lecture": lecture, "total": total, "taille": len(contenu), "pages": pages}


def afficher(format: str, quand: str, mesures: list[dict]) -> None:
    totaux = [m["total"] for m in mesures]
    derniere = mesures[-1]
    etat = "graphiques à dessiner" if quand == "premier" else "dessins déjà faits"
    print(
        f"{format} ({etat}) : médiane {statistics.median(totaux):.1f} s "
        f"(min {min(totaux):.1f}, max {max(totaux):.1f}) dont lecture des données et mise en "
        f"page du document {statistics.median(m['lecture'] for m in mesures):.2f} s ; "
        f"{derniere['taille']:,} octets".replace(",", "\u202f")
        + (f", {derniere['pages']} pages" if format == "pdf" else "")
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preparer", action="store_true")
    parser.add_argument("--annee", type=int, default=2023)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--version-fdr", default="", help="code de version (courante par défaut)")
    parser.add_argument("--formats", default="docx,pdf")
    parser.add_argument(
        "--synthetique",
        action="store_true",
        help="base jetable : ajoute des valeurs validées synthétiques 2015-2023 (FR et régions) "
        "pour chaque indicateur actif",
    )
    parser.add_argument(
        "--base-existante",
        action="store_true",
        help="base telle quelle, en lecture seule (PostgreSQL) : ni --preparer ni --synthetique",
    )
    args = parser.parse_args()
    if args.base_existante:
        if args.preparer or args.synthetique:
            parser.error(
                "--base-existante : la base est lue telle quelle (ni --preparer ni --synthetique)."
            )
        lecture_seule()
    if args.preparer:
        preparer()
    if args.synthetique:
        print(f"{remplir_synthetique(range(2015, 2024))} valeurs synthétiques ajoutées")
    print(
        f"{os.cpu_count()} cœurs, charge moyenne {os.getloadavg()[0]:.1f} ; "
        f"{Valeur.objects.count()} valeurs en base ; année {args.annee}"
    )
    with tempfile.TemporaryDirectory(prefix="jalon-bench-dessins-") as racine:
        for format in args.formats.split(","):
            # First builds: every chart to draw, in a new empty folder each time. Then builds
            # that find the drawings made by the first one (only changed series are redrawn).
            froids = [
                mesurer(args.annee, format, args.version_fdr, Path(tempfile.mkdtemp(dir=racine)))
                for _ in range(args.repetitions)
            ]
            gardes = Path(tempfile.mkdtemp(dir=racine))
            mesurer(args.annee, format, args.version_fdr, gardes)
            chauds = [
                mesurer(args.annee, format, args.version_fdr, gardes)
                for _ in range(args.repetitions)
            ]
            for quand, mesures in (("premier", froids), ("suivant", chauds)):
                afficher(format, quand, mesures)
    pic = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"mémoire résidente maximale : {pic:.0f} Mio")


if __name__ == "__main__":
    main()
