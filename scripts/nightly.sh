#!/usr/bin/env bash
# `npm run nightly`: provision the boosters (once), build, then one nightly run on the embedded
# default: a DuckDB warehouse in the home, seeded from the real FRED series bundled in data/fred
# (or CBI_SOURCE_DIR), no cloud account. The home is CBI_HOME, else ./.cbi-home.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/provision-boosters.sh
[ -f dist/app/cli/main.js ] || npx tsc -p tsconfig.json
export CBI_SOURCE_DIR="${CBI_SOURCE_DIR:-$PWD/data/fred}"
exec bin/cbi run --home "${CBI_HOME:-$PWD/.cbi-home}" "$@"
