"""Benchmark 3: p50/p95 of the dashboards (national, indicator, region), the portal, the
coverage matrix and the main API lists, 1 then 50 concurrent clients on 127.0.0.1, against
`jalon serve` on an existing database (the national synthetic one, or a demo), bounded runs.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jalon_bench \\
        .venv/bin/python bench/pages.py [--duree 20] [--en-processus 20]

``--en-processus N`` first times each page N times in this process with Django's test client
(server time only: no HTTP, no queueing), with its number of SQL queries.

Signed in as a national admin (a session made for the run), so that the dashboards and the
coverage matrix answer; the load client is `bench/charge/charge.py` (standard library, one
HTTP/1.1 connection per client, 127.0.0.1 only).
"""

import argparse
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from commun import JALON, RACINE, machine  # noqa: E402

PORT = 8105
CHEMINS = [
    "/tableaux/",
    "/tableaux/indicateurs/A016INDR01/",
    "/tableaux/regions/REG-32/",
    "/donnees/",
    "/donnees/cartes/",
    "/donnees/indicateurs/A016INDR01/",
    "/feuilles-regionales/couverture/",
    "/api/v1/valeurs",
    "/api/v1/indicateurs",
    "/api/v1/territoires",
]


def session(env) -> str:
    code = (
        "from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY;"
        "from django.contrib.sessions.backends.db import SessionStore;"
        "from jalon.comptes.models import Utilisateur as U;"
        "u, _ = U.objects.get_or_create(username='bench-pages', defaults={'role': "
        "U.Role.ADMIN_NATIONAL});"
        "s = SessionStore(); s[SESSION_KEY] = str(u.pk);"
        "s[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend';"
        "s[HASH_SESSION_KEY] = u.get_session_auth_hash(); s.create(); print(s.session_key)"
    )
    sortie = subprocess.run(
        [JALON, "shell", "-c", code], env=env, check=True, capture_output=True, text=True
    ).stdout
    return sortie.strip().splitlines()[-1]


def centile(durees: list[float], p: float) -> float:
    durees = sorted(durees)
    return durees[max(0, round(p * len(durees)) - 1)]


def en_processus(repetitions: int) -> None:
    """Server time of each page, in this process (signed in as the bench admin)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jalon.settings")
    os.environ.setdefault("JALON_ENV", "dev")
    os.environ["AXES_ENABLED"] = "0"
    sys.path.insert(0, str(RACINE))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from jalon.comptes.models import Utilisateur

    settings.ALLOWED_HOSTS = ["testserver"]
    # The manifest storage needs collectstatic; timing pages does not need hashed names.
    settings.STORAGES["staticfiles"]["BACKEND"] = (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    client = Client()
    client.force_login(Utilisateur.objects.get(username="bench-pages"))
    print(f"--- en processus, {repetitions} requêtes par page après un échauffement")
    print(f"{'page':40} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'SQL':>5}")
    for chemin in CHEMINS:
        assert client.get(chemin).status_code == 200, chemin
        durees = []
        for _ in range(repetitions):
            with CaptureQueriesContext(connection) as requetes:
                debut = time.perf_counter()
                client.get(chemin)
                durees.append((time.perf_counter() - debut) * 1000)
        print(
            f"{chemin:40} {centile(durees, 0.5):8.0f} {centile(durees, 0.95):8.0f} "
            f"{max(durees):8.0f} {len(requetes):5}"
        )
    connection.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duree", type=float, default=20)
    parser.add_argument("--en-processus", type=int, default=0, metavar="N")
    args = parser.parse_args()
    print("== 3. Pages et API sous charge (127.0.0.1, PostgreSQL) ==")
    print(machine())
    env = {**os.environ, "JALON_ENV": os.environ.get("JALON_ENV", "dev")}
    cle = session(env)
    if args.en_processus:
        en_processus(args.en_processus)
    subprocess.run([JALON, "collectstatic", "--noinput", "-v0"], env=env, check=True)
    serveur = subprocess.Popen(
        [JALON, "serve", "--host", "127.0.0.1", "--port", str(PORT)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        for clients, duree in ((1, args.duree), (50, args.duree * 1.5)):
            print(f"--- {clients} client(s), {duree:.0f} s")
            commande = [
                sys.executable,
                str(RACINE / "bench/charge/charge.py"),
                "--base",
                f"http://127.0.0.1:{PORT}",
                "--clients",
                str(clients),
                "--duree",
                str(duree),
                "--cookie",
                f"sessionid={cle}",
            ]
            for chemin in CHEMINS:
                commande += ["--chemin", chemin]
            print(subprocess.run(commande, capture_output=True, text=True).stdout)
    finally:
        serveur.terminate()
        try:
            serveur.wait(timeout=30)
        except subprocess.TimeoutExpired:
            serveur.kill()  # requests still hanging past gunicorn's graceful timeout
            serveur.wait()
    print(f"fin : {machine()}")


if __name__ == "__main__":
    main()
