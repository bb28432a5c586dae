"""Response time of the dashboard, indicator and portal pages on the demo data (not a test).

Builds a fresh demo database in a temporary SQLite file (migrate + `jalon setup-demo`), then
requests each page REPETITIONS times in-process with Django's test client (signed in as the
demo admin for the dashboards, anonymous for the portal) after one warm-up request, and
prints p50/p95/max per page. Server time only: no network, no static files.

    JALON_ENV=demo .venv/bin/python bench/tableaux.py [--repetitions 50] [--base FICHIER]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

PAGES = [
    ("tableau national", "/tableaux/", True),
    ("indicateur national (tableau)", "/tableaux/indicateurs/A06INDM01/", True),
    ("indicateur régional (tableau)", "/tableaux/indicateurs/A010INDM01/?region=REG-32", True),
    ("indicateur départemental (tableau)", "/tableaux/indicateurs/A015INDM01/", True),
    ("région (tableau)", "/tableaux/regions/REG-32/", True),
    ("portail : accueil", "/donnees/", False),
    ("portail : indicateur", "/donnees/indicateurs/A06INDM01/", False),
    ("portail : cartes", "/donnees/cartes/", False),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repetitions", type=int, default=50)
    parser.add_argument("--base", default="", help="Base SQLite existante (sinon neuve).")
    args = parser.parse_args()
    base = args.base or str(Path(tempfile.mkdtemp(prefix="bench-tableaux-")) / "jalon.sqlite3")
    os.environ["DATABASE_URL"] = f"sqlite:///{base}"
    os.environ.setdefault("JALON_ENV", "demo")
    os.environ["AXES_ENABLED"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jalon.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    settings.ALLOWED_HOSTS = ["testserver"]
    # The manifest storage needs collectstatic; timing pages does not need hashed names.
    settings.STORAGES["staticfiles"]["BACKEND"] = (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    if not args.base:
        call_command("migrate", verbosity=0)
        call_command("setup_demo", verbosity=0)
    from jalon.comptes.models import Utilisateur

    connecte, anonyme = Client(), Client()
    connecte.force_login(Utilisateur.objects.get(username="admin"))
    print(f"base : {base} ; {args.repetitions} requêtes par page après un échauffement")
    print(f"{'page':38} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for nom, url, signe in PAGES:
        client = connecte if signe else anonyme
        reponse = client.get(url)
        assert reponse.status_code == 200, (url, reponse.status_code)
        durees = []
        for _ in range(args.repetitions):
            debut = time.perf_counter()
            client.get(url)
            durees.append((time.perf_counter() - debut) * 1000)
        durees.sort()
        p95 = durees[max(0, int(round(0.95 * len(durees))) - 1)]
        print(f"{nom:38} {statistics.median(durees):8.1f} {p95:8.1f} {durees[-1]:8.1f}")


if __name__ == "__main__":
    main()
