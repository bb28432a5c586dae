"""Load test: N clients (threads) for D seconds over Jalon's main public pages and API lists.

Standard library only. Each client keeps one HTTP/1.1 connection and requests the URLs in a
random order (fixed seed per client). Only 127.0.0.1 / localhost is accepted: this tool must
never be pointed at a server one does not run. Bounded: at most 200 clients, 300 seconds.

    python bench/charge/charge.py --base http://127.0.0.1:8765 --clients 50 --duree 60

Prints the number of requests, errors (status >= 400 or network error), throughput and the
p50/p95/p99 latencies, overall and per URL; exits 1 if any request failed.
"""

import argparse
import http.client
import json
import random
import statistics
import threading
import time
from collections import defaultdict
from urllib.parse import urlparse

CHEMINS = [
    "/",
    "/feuille-de-route/",
    "/feuille-de-route/2023/actions/6/",
    "/indicateurs/",
    "/indicateurs/?axe=2",
    "/indicateurs/A06INDM01/",
    "/territoires/",
    "/api/v1/actions",
    "/api/v1/indicateurs",
    "/api/v1/territoires",
    "/api/v1/valeurs",
]
HOTES_AUTORISES = {"127.0.0.1", "localhost"}
MAX_CLIENTS, MAX_DUREE = 200, 300


def percentile(valeurs: list[float], p: float) -> float:
    if not valeurs:
        return float("nan")
    ordonnees = sorted(valeurs)
    rang = min(len(ordonnees) - 1, max(0, round(p / 100 * len(ordonnees)) - 1))
    return ordonnees[rang]


def client(hote, port, fin, graine, resultats, verrou, chemins=None, entetes=None):
    aleatoire = random.Random(graine)
    connexion = http.client.HTTPConnection(hote, port, timeout=30)
    locales = []
    while time.monotonic() < fin:
        chemin = aleatoire.choice(chemins or CHEMINS)
        debut = time.perf_counter()
        try:
            connexion.request("GET", chemin, headers={"Accept-Encoding": "gzip", **(entetes or {})})
            reponse = connexion.getresponse()
            reponse.read()
            statut = reponse.status
        except (OSError, http.client.HTTPException):
            statut = 0
            connexion.close()
            connexion = http.client.HTTPConnection(hote, port, timeout=30)
        locales.append((chemin, statut, time.perf_counter() - debut))
    connexion.close()
    with verrou:
        resultats.extend(locales)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8765")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duree", type=float, default=60, help="secondes")
    parser.add_argument("--json", help="écrit aussi les résultats dans ce fichier")
    parser.add_argument("--chemin", action="append", help="adresse à demander (répétable)")
    parser.add_argument("--cookie", help="en-tête Cookie (session d'un compte de test)")
    args = parser.parse_args(argv)
    adresse = urlparse(args.base)
    if adresse.hostname not in HOTES_AUTORISES or adresse.scheme != "http":
        parser.error("seul un serveur local (http://127.0.0.1:PORT) peut être testé.")
    if not (0 < args.clients <= MAX_CLIENTS and 0 < args.duree <= MAX_DUREE):
        parser.error(f"au plus {MAX_CLIENTS} clients et {MAX_DUREE} secondes.")

    resultats, verrou = [], threading.Lock()
    debut = time.monotonic()
    fin = debut + args.duree
    chemins = args.chemin or None
    entetes = {"Cookie": args.cookie} if args.cookie else None
    fils = [
        threading.Thread(
            target=client,
            args=(
                adresse.hostname,
                adresse.port or 80,
                fin,
                n,
                resultats,
                verrou,
                chemins,
                entetes,
            ),
        )
        for n in range(args.clients)
    ]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join()
    ecoule = time.monotonic() - debut

    erreurs = [r for r in resultats if not 200 <= r[1] < 400]
    durees = [r[2] * 1000 for r in resultats]
    par_chemin = defaultdict(list)
    for chemin, _, duree in resultats:
        par_chemin[chemin].append(duree * 1000)
    bilan = {
        "clients": args.clients,
        "duree_s": round(ecoule, 1),
        "requetes": len(resultats),
        "erreurs": len(erreurs),
        "statuts_en_erreur": sorted({r[1] for r in erreurs}),
        "debit_req_s": round(len(resultats) / ecoule, 1),
        "p50_ms": round(percentile(durees, 50), 1),
        "p95_ms": round(percentile(durees, 95), 1),
        "p99_ms": round(percentile(durees, 99), 1),
        "moyenne_ms": round(statistics.fmean(durees), 1) if durees else None,
        "par_url": {
            chemin: {
                "n": len(valeurs),
                "p50_ms": round(percentile(valeurs, 50), 1),
                "p95_ms": round(percentile(valeurs, 95), 1),
            }
            for chemin, valeurs in sorted(par_chemin.items())
        },
    }
    texte = json.dumps(bilan, ensure_ascii=False, indent=2)
    print(texte)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fichier:
            fichier.write(texte + "\n")
    return 1 if erreurs else 0


if __name__ == "__main__":
    raise SystemExit(main())
