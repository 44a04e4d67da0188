#!/usr/bin/env bash
# Builds Dossier for release and serves it on http://127.0.0.1:8080 (or the port given).
# Installs whatever is missing first (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
port=${1:-8080}

scripts/setup.sh
export PATH="$PWD/scripts/bin:$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
trunk build --release
exec node scripts/serve.mjs dist "$port"
