#!/bin/sh
# Fresh demo database, `jalon serve` on 127.0.0.1:8765, then the load test; the server is
# stopped at the end. Usage: bench/charge/lancer.sh [CLIENTS] [DURÉE_S]
set -eu
cd "$(dirname "$0")/../.."
CLIENTS=${1:-50}
DUREE=${2:-60}
TRAVAIL=$(mktemp -d)
export JALON_ENV=demo
export DATABASE_URL="sqlite:///$TRAVAIL/charge.sqlite3"
.venv/bin/jalon migrate -v0
.venv/bin/jalon setup-demo > "$TRAVAIL/setup.log"
.venv/bin/jalon collectstatic --noinput -v0
.venv/bin/jalon serve --host 127.0.0.1 --port 8765 > "$TRAVAIL/serveur.log" 2>&1 &
SERVEUR=$!
trap 'kill $SERVEUR 2>/dev/null || true; rm -rf "$TRAVAIL"' EXIT
for _ in $(seq 1 50); do
  curl -fsS -o /dev/null http://127.0.0.1:8765/ 2>/dev/null && break
  sleep 0.2
done
.venv/bin/python bench/charge/charge.py --base http://127.0.0.1:8765 \
  --clients "$CLIENTS" --duree "$DUREE" --json bench/charge/resultats.json
