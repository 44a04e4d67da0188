#!/usr/bin/env bash
# Runs every check and test Dossier has and ends with one line: "summary: N passed, N failed".
# Installs whatever is missing first (scripts/setup.sh). Exits non-zero if any layer fails
# or runs no test.
#   lint     cargo fmt --check; clippy -D warnings, natively and for wasm32
#   native   cargo test: the pure core
#   browser  wasm-bindgen-test in headless Chromium: IndexedDB, browser APIs
#   e2e      the release build served on localhost, driven by Playwright in Chromium,
#            through the test server, nginx and the release archive's laptop server;
#            and the benchmark run small, to prove it still measures every scenario
set -uo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh || { echo "summary: 0 passed, 1 failed"; exit 1; }
export PATH="$PWD/scripts/bin:$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export CHROMEDRIVER=/usr/bin/chromedriver
export WASM_BINDGEN_TEST_WEBDRIVER_JSON="$PWD/tests/webdriver.json"
export WASM_BINDGEN_TEST_TIMEOUT=120

logs=$(mktemp -d)
passed=0
failed=0
problems=()

# run NAME COMMAND…: runs one layer, keeps its output, and reports a non-zero exit.
run() {
  local name=$1
  shift
  printf '\n\033[1m=== %s\033[0m\n' "$name"
  local start=$SECONDS
  "$@" 2>&1 | tee "$logs/$name.log"
  local status=${PIPESTATUS[0]}
  printf '=== %s: exit %s in %ss\n' "$name" "$status" $((SECONDS - start))
  [ "$status" -eq 0 ] || problems+=("$name exited with $status")
  return "$status"
}

# count NAME: adds the layer's passed/failed tests to the totals; a layer with none fails.
count() {
  local name=$1 p f
  if [ "$name" = e2e ]; then
    p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$logs/$name.log" | awk '{s+=$1} END {print s+0}')
    f=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$logs/$name.log" | awk '{s+=$1} END {print s+0}')
  else
    p=$(sed -n 's/^test result: .* \([0-9]*\) passed; \([0-9]*\) failed.*/\1/p' "$logs/$name.log" | awk '{s+=$1} END {print s+0}')
    f=$(sed -n 's/^test result: .* \([0-9]*\) passed; \([0-9]*\) failed.*/\2/p' "$logs/$name.log" | awk '{s+=$1} END {print s+0}')
  fi
  passed=$((passed + p))
  failed=$((failed + f))
  [ "$p" -gt 0 ] || problems+=("$name ran no test")
  printf '=== %s: %s passed, %s failed\n' "$name" "$p" "$f"
}

run lint sh -c 'cargo fmt --all -- --check &&
  cargo clippy --all-targets -- -D warnings &&
  cargo clippy --target wasm32-unknown-unknown --all-targets --all-features -- -D warnings'

run native cargo test
count native

run browser cargo test --target wasm32-unknown-unknown --test '*'
count browser

# The shipped build; the same code with the benchmark's hooks for the benchmark's own test
# (tests/e2e/bench.test.mjs runs scripts/bench.mjs small against it); the release archive
# (tests/e2e/release.test.mjs serves it as a laptop with nothing else would); and the
# release before the newest schema step, from git (tests/e2e/update.test.mjs updates it).
if run build sh -c 'trunk build --release && trunk build --release --features bench --dist target/bench-dist &&
  scripts/release.sh && scripts/previous.sh'; then
  # A test that hangs fails after two minutes instead of stalling the run.
  run e2e node --test --test-concurrency=1 --test-timeout=120000 tests/e2e/
  count e2e
else
  problems+=("e2e not run: a build (the app, its bench variant, the release or the previous one) failed")
  failed=$((failed + 1))
fi

echo
for p in "${problems[@]}"; do echo "problem: $p"; done
echo "summary: $passed passed, $failed failed"
[ ${#problems[@]} -eq 0 ] && [ "$failed" -eq 0 ]
