#!/usr/bin/env bash
# Installs everything Dossier needs to build, serve and test, and nothing twice.
# Safe to run again: each step checks first. Versions and traps: shared/TOOLCHAIN.md.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
# The wasm-bindgen CLI must equal the library pinned in Cargo.toml (`wasm-bindgen = "=X"`).
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' Cargo.toml)
[ -n "$WASM_BINDGEN_VERSION" ] || { echo "setup: no pinned wasm-bindgen in Cargo.toml" >&2; exit 1; }

log() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  log "installing trunk $TRUNK_VERSION (about 10 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 4 minutes)"
  # --locked fails against this registry snapshot (TOOLCHAIN.md).
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# The splitter that moves the app's pages into modules loaded on first use
# (scripts/bin/wasm-bindgen runs it between rustc and wasm-bindgen).
WASM_SPLIT_VERSION=0.2.4
# It has no --version; cargo's list of installed packages tells.
if ! command -v wasm-split-cli >/dev/null \
   || ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  log "installing wasm-split-cli $WASM_SPLIT_VERSION (about 3 minutes)"
  cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked
fi

# Chromium and ChromeDriver for the browser tests; minisign and age, the standard tools
# the interop tests check bundles with.
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] \
   || ! command -v minisign >/dev/null || ! command -v age >/dev/null; then
  log "installing Chromium, ChromeDriver, minisign and age from Debian"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq \
    chromium chromium-driver minisign age >/dev/null
fi

# pdftotext and pdfinfo (poppler-utils), with which the end-to-end tests read the forms
# Chromium prints to PDF; and a CJK font, without which Chinese prints as empty boxes.
if ! command -v pdftotext >/dev/null || ! command -v pdfinfo >/dev/null \
   || ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  log "installing poppler-utils and fonts-noto-cjk from Debian"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq poppler-utils fonts-noto-cjk fontconfig >/dev/null
fi

# nginx, which serves a release the way docs/DEPLOY.md configures it in the end-to-end
# tests (started there on a port of its own). Its package may try to start the system's
# nginx on port 80 and fail where that is taken or not allowed: only the program counts.
if [ ! -x /usr/sbin/nginx ]; then
  log "installing nginx from Debian"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq nginx >/dev/null || true
  [ -x /usr/sbin/nginx ] || { echo "setup: nginx did not install" >&2; exit 1; }
fi

# The laptop server for Windows laptops (dossier-serve.exe in the release): Rust's Windows
# standard library and the MinGW-w64 linker; wine64 runs it in the end-to-end tests.
if ! rustup target list --installed | grep -qx x86_64-pc-windows-gnu; then
  log "adding the Windows target (the laptop server for Windows)"
  rustup target add x86_64-pc-windows-gnu
fi
if [ ! -x /usr/bin/x86_64-w64-mingw32-gcc ] || [ ! -x /usr/lib/wine/wine64 ]; then
  log "installing the MinGW-w64 linker and wine64 from Debian"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq gcc-mingw-w64-x86-64-posix wine64 >/dev/null
fi

# npm: binaryen (wasm-opt; Debian's 108 corrupts the app), playwright-core, and the
# benchmark's baselines (dexie, minisearch).
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] \
   || [ ! -d node_modules/dexie ] || [ ! -d node_modules/minisearch ] || [ ! -d node_modules/cctv-age ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi

# openpyxl writes the .xlsx fixtures the import tests read: a different writer than the
# one under test (rust_xlsxwriter), as a user's spreadsheet program would be.
if ! python3 -c "import openpyxl" 2>/dev/null; then
  log "installing openpyxl (Python) for the spreadsheet fixtures"
  python3 -m pip install --quiet openpyxl
fi

log "toolchain ready"
