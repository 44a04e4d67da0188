#!/usr/bin/env bash
# Builds the release of Dossier just before its newest schema step, for the update test
# (tests/e2e/update.test.mjs): a laptop that ran that build, then takes this one, must
# keep every file through the migration. The commit is found in git, not named here, so
# the next schema step moves it along. The build lands in target/previous/dist (kept
# while the commit is the same) and is made from `git archive`, with this tree's target
# folder shared, so the dependencies both builds have in common compile once.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
scripts/setup.sh
export PATH="$ROOT/scripts/bin:$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

step=$(git log -1 --format=%H -G'pub const LATEST: SchemaVersion' -- src/storage/migrations.rs)
if [ -z "$step" ] || ! base=$(git rev-parse --verify --quiet "$step^"); then
  echo "previous.sh: the commit before the newest schema step is not in this clone (a shallow clone?)" >&2
  exit 1
fi
out=$ROOT/target/previous
if [ "$(cat "$out/commit" 2>/dev/null)" = "$base" ] && [ -f "$out/dist/index.html" ]; then
  echo "previous.sh: ${base:0:12} already built in target/previous/dist"
  exit 0
fi
rm -rf "$out"
mkdir -p "$out/src"
git archive "$base" | tar -x -C "$out/src"
(cd "$out/src" && CARGO_TARGET_DIR=$ROOT/target trunk build --release --dist "$out/dist")
rm -rf "$out/src"
echo "$base" >"$out/commit"
echo "previous.sh: built ${base:0:12} (schema before ${step:0:12}) into target/previous/dist"
