#!/usr/bin/env bash
# `npm run nightly`: provision the boosters (once), build, then one nightly run on the embedded
# default: a DuckDB warehouse in the home, seeded from the real FRED series bundled in data/fred
# (or CBI_SOURCE_DIR, of the kind CBI_SOURCE_KIND), no cloud account. The home is CBI_HOME, else
# ./.cbi-home. The data folder and its kind are recorded in the home's config, so `cbi install`'s
# jobs and the watchdog's catch-up runs use the same data as this run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/provision-boosters.sh
[ -f dist/app/cli/main.js ] || npx tsc -p tsconfig.json
home="${CBI_HOME:-$PWD/.cbi-home}"
node scripts/record-source-dir.mjs "${CBI_CONFIG:-$home/cbi.config.json}" "${CBI_SOURCE_DIR:-$PWD/data/fred}" "${CBI_SOURCE_KIND:-fred}"
exec bin/cbi run --home "$home" "$@"
