#!/usr/bin/env bash
# The benchmark: builds the shipped app and the same code with benchmark hooks, serves
# the latter on localhost and drives headless Chromium through the scenarios of
# docs/PERFORMANCE.md at 10,000 and 100,000 customers, beside raw IndexedDB, Dexie,
# MiniSearch and WebCrypto in the same page. Prints a table; JSON goes to
# target/bench/results.json. Installs what is missing first (scripts/setup.sh).
#
#   scripts/bench.sh                      # both scales, 5 repetitions
#   scripts/bench.sh --sizes 10000 --reps 3
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
export PATH="$PWD/scripts/bin:$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
trunk build --release
trunk build --release --features bench --dist target/bench-dist
exec node scripts/bench.mjs --app dist --bench target/bench-dist "$@"
