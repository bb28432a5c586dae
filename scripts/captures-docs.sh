#!/usr/bin/env bash
# Copy the screenshots shown in README.md from the last browser-test run (test-artifacts/,
# not versioned) to docs/captures/ (versioned). Run the journeys first:
#   JALON_ENV=test .venv/bin/pytest -m e2e && scripts/captures-docs.sh
set -euo pipefail
cd "$(dirname "$0")/.."

SOURCE=test-artifacts/screenshots
CIBLE=docs/captures
# capture of the journeys → name in docs/
CAPTURES=(
    "J1-06-import-simulation:import-annexe-simulation"
    "J2-03-grille-avertissement:grille-saisie-ars"
    "J3-06-portail-apres-validation:portail-indicateur"
    "J4-03-import-refuse:import-valeurs-rapport"
)

mkdir -p "$CIBLE"
for paire in "${CAPTURES[@]}"; do
    origine="$SOURCE/${paire%%:*}.png"
    [ -f "$origine" ] || { echo "captures-docs: $origine absent : lancez d'abord les parcours (pytest -m e2e)." >&2; exit 1; }
    cp "$origine" "$CIBLE/${paire##*:}.png"
done
echo "captures-docs: ${#CAPTURES[@]} captures copiées dans $CIBLE/"
