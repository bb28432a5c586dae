#!/usr/bin/env bash
# Make sure the PDF reports (WeasyPrint) have the Debian libraries and fonts they need, and say
# nothing when they do: Pango (text layout), HarfBuzz subsetting (embedded fonts) and the
# Liberation and DejaVu fonts the print styles name. Idempotent: safe before every `pytest`.
set -euo pipefail

PAQUETS=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation fonts-dejavu-core)

fail() {
    echo "ensure-report-deps: $*" >&2
    exit 1
}

manquants=()
for paquet in "${PAQUETS[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$paquet" 2>/dev/null | grep -q "install ok installed"; then
        manquants+=("$paquet")
    fi
done
[ ${#manquants[@]} -eq 0 ] && exit 0

echo "ensure-report-deps: installation de ${manquants[*]} (WeasyPrint)…"
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    fail "installer ${manquants[*]} demande les droits root (apt-get install ${manquants[*]})."
fi
command -v apt-get >/dev/null 2>&1 \
    || fail "apt-get introuvable : installez Pango et les polices Liberation/DejaVu de votre distribution."
log=$(mktemp)
if ! { $SUDO apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${manquants[@]}"; } >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    rm -f "$log"
    fail "échec de « apt-get install ${manquants[*]} » (voir les lignes ci-dessus)."
fi
rm -f "$log"
