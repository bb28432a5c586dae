#!/usr/bin/env bash
# Make sure the browser tests (tests/e2e) have what they need, and say nothing when they do:
#   - Debian's chromium at /usr/bin/chromium (never a browser downloaded by Playwright);
#   - axe-core in node_modules/, installed from the pinned package-lock.json with `npm ci`;
#   - vega-lite's JSON schema there too (tests/graphiques validate chart specs against it).
# Idempotent: safe to call before every `pytest`. Exits non-zero with a clear message when a
# dependency cannot be installed.
set -euo pipefail
cd "$(dirname "$0")/.."

CHROMIUM=/usr/bin/chromium
AXE=node_modules/axe-core/axe.min.js
VEGA_LITE_SCHEMA=node_modules/vega-lite/build/vega-lite-schema.json

fail() {
    echo "ensure-browser-deps: $*" >&2
    exit 1
}

if [ ! -x "$CHROMIUM" ]; then
    echo "ensure-browser-deps: $CHROMIUM absent, installation du paquet Debian chromium…"
    if [ "$(id -u)" -eq 0 ]; then
        SUDO=""
    elif command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        fail "installer chromium demande les droits root (apt-get install chromium)."
    fi
    command -v apt-get >/dev/null 2>&1 \
        || fail "apt-get introuvable : installez le paquet chromium de votre distribution."
    log=$(mktemp)
    if ! { $SUDO apt-get update -qq \
        && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium; } >"$log" 2>&1; then
        tail -n 20 "$log" >&2
        rm -f "$log"
        fail "échec de « apt-get install chromium » (voir les lignes ci-dessus)."
    fi
    rm -f "$log"
    [ -x "$CHROMIUM" ] || fail "chromium est installé mais $CHROMIUM n'existe pas."
fi

if [ ! -f "$AXE" ] || [ ! -f "$VEGA_LITE_SCHEMA" ]; then
    echo "ensure-browser-deps: axe-core absent, npm ci…"
    command -v npm >/dev/null 2>&1 || fail "npm introuvable : installez Node.js et npm (apt-get install npm)."
    log=$(mktemp)
    if ! npm ci --no-audit --no-fund --loglevel=error >"$log" 2>&1; then
        tail -n 20 "$log" >&2
        rm -f "$log"
        fail "échec de « npm ci » (axe-core depuis package-lock.json)."
    fi
    rm -f "$log"
    [ -f "$AXE" ] || fail "npm ci a réussi mais $AXE est absent."
    [ -f "$VEGA_LITE_SCHEMA" ] || fail "npm ci a réussi mais $VEGA_LITE_SCHEMA est absent."
fi
