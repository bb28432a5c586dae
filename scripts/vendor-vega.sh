#!/usr/bin/env bash
# Copy the chart libraries pinned in package-lock.json (vega, vega-lite, vega-embed) from
# node_modules/ into jalon/graphiques/static/jalon/vendor/vega/, with their licences and a
# VERSIONS.json. The copies are committed, so `make demo` and production need no npm and nothing
# is fetched at run time; run this again after changing a version in package.json
# (`npm install --save-exact vega@X` then `scripts/vendor-vega.sh`). tests/graphiques checks
# that the committed files are the ones of the pinned versions.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules/vega-embed ] || npm ci --no-audit --no-fund --loglevel=error
DEST=jalon/graphiques/static/jalon/vendor/vega
mkdir -p "$DEST"
for paquet in vega vega-lite vega-embed; do
    # Without the source-map comment: the map is not shipped, and collectstatic's manifest
    # storage refuses a reference to a missing file.
    sed '/^\/\/# sourceMappingURL=/d' "node_modules/$paquet/build/$paquet.min.js" >"$DEST/$paquet.min.js"
    cp "node_modules/$paquet/LICENSE" "$DEST/LICENSE-$paquet.txt"
done
node -e '
const fs = require("fs");
const versions = {};
for (const p of ["vega", "vega-lite", "vega-embed"]) {
  versions[p] = JSON.parse(fs.readFileSync(`node_modules/${p}/package.json`)).version;
}
fs.writeFileSync(process.argv[1], JSON.stringify(versions, null, 2) + "\n");
' "$DEST/VERSIONS.json"
echo "vendor-vega: $(tr -d '\n ' < "$DEST/VERSIONS.json")"
