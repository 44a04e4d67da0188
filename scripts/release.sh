#!/usr/bin/env bash
# Builds a Dossier release: one archive, target/release-archive/dossier-<version>.tar.gz
# (and the same files as dossier-<version>.zip, which Windows opens by itself),
# holding the app (dist/), the laptop server (src/bin/serve.rs) for Linux x86-64
# (dossier-serve) and for Windows x86-64 (dossier-serve.exe), the deployment guide, the
# version's notes and SHA256SUMS of all of it. Installs what is missing first
# (scripts/setup.sh).
#
#   scripts/release.sh           # the release of the checked-out commit
#   scripts/release.sh --twice   # builds it twice from clean and checks the hashes agree
#
# Reproducible from the commit: timestamps are the commit's, the archive's entries are
# sorted and owned by nobody. The binaries carry the paths of the crates they were built
# from (the registry's under $HOME/.cargo), so an identical archive needs the same
# toolchain (Cargo.toml's rust-version, Trunk.toml's tools) and the same $HOME.
set -euo pipefail
# `set -e` inside $(build) too: a failed step must fail the release, not be hashed.
shopt -s inherit_errexit
cd "$(dirname "$0")/.."

scripts/setup.sh
export PATH="$PWD/scripts/bin:$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
commit=$(git rev-parse HEAD)
# A tree with uncommitted changes is built as it is, and its notes say so.
[ -z "$(git status --porcelain --untracked-files=no)" ] || commit="$commit (with uncommitted changes)"
SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)
export SOURCE_DATE_EPOCH
out=target/release-archive
name="dossier-$version"

build() {
  local stage="$out/$name"
  rm -rf "$stage" && mkdir -p "$stage"
  trunk build --release --dist "$stage/dist" >&2
  # The laptop server is one file of the standard library alone: rustc builds it without
  # the app's crate and its dependencies, for each platform, with no time in the binary.
  local server=(rustc --edition 2024 --crate-name dossier_serve -C opt-level=3
    -C codegen-units=1 -C panic=abort -C strip=symbols src/bin/serve.rs)
  "${server[@]}" -o "$stage/dossier-serve" >&2
  "${server[@]}" --target x86_64-pc-windows-gnu -C linker=x86_64-w64-mingw32-gcc \
    -C link-arg=-Wl,--no-insert-timestamp -o "$stage/dossier-serve.exe" >&2
  cp docs/DEPLOY.md "$stage/DEPLOY.md"
  {
    echo "Dossier $version"
    echo "commit $commit ($(git log -1 --format=%cI))"
    echo
    echo "Serve it by one of the ways in DEPLOY.md. On a laptop: ./dossier-serve, or"
    echo "dossier-serve.exe on Windows 10 or later (Dossier at http://127.0.0.1:47080/)."
    echo "Check the files: sha256sum -c SHA256SUMS"
    echo
    echo "Changes:"
    local previous
    previous=$(git describe --tags --abbrev=0 HEAD^ 2>/dev/null || true)
    # The newest 200 (git stops there itself: a `head` cutting the pipe would fail
    # the release under pipefail once the history is longer).
    git log -n 200 --format='- %s' ${previous:+"$previous"..}HEAD | cut -c1-160
  } > "$stage/NOTES.txt"
  (cd "$stage" && find . -type f ! -name SHA256SUMS | LC_ALL=C sort | sed 's|^\./||' \
    | xargs -d '\n' sha256sum > SHA256SUMS)
  find "$stage" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
  tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner \
    --mode='u+rwX,go=rX,go-w' \
    -C "$out" -cf - "$name" | gzip -n -9 > "$out/$name.tar.gz"
  # The zip likewise: sorted entries, the commit's time, programs executable.
  python3 - "$out" "$name" "$SOURCE_DATE_EPOCH" <<'PY'
import os, sys, time, zipfile
out, name, epoch = sys.argv[1], sys.argv[2], int(sys.argv[3])
stamp = time.gmtime(max(epoch, 315532800))[:6]  # a zip's dates start in 1980
paths = sorted(
    os.path.relpath(os.path.join(root, f), out).replace(os.sep, "/")
    for root, _, files in os.walk(os.path.join(out, name))
    for f in files
)
with zipfile.ZipFile(os.path.join(out, name + ".zip"), "w") as archive:
    for rel in paths:
        info = zipfile.ZipInfo(rel, stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.create_system = 3
        mode = 0o755 if os.access(os.path.join(out, rel), os.X_OK) else 0o644
        info.external_attr = (0o100000 | mode) << 16
        with open(os.path.join(out, rel), "rb") as f:
            archive.writestr(info, f.read(), compresslevel=9)
PY
  sha256sum "$out/$name.tar.gz" "$out/$name.zip" | cut -d' ' -f1 | paste -sd' '
}

if [[ "${1:-}" == "--twice" ]]; then
  first=$(build)
  cp "$out/$name/SHA256SUMS" "$out/SHA256SUMS.first"
  cargo clean --release >&2
  rm -rf dist target/wasm32-unknown-unknown/release
  second=$(build)
  if [[ "$first" != "$second" ]]; then
    echo "the two builds differ:" >&2
    diff "$out/SHA256SUMS.first" "$out/$name/SHA256SUMS" >&2 || true
    exit 1
  fi
  echo "built twice from clean, the same archives (tar.gz, zip): $first"
else
  read -r tgz zip < <(build)
  echo "$tgz  $out/$name.tar.gz"
  echo "$zip  $out/$name.zip"
fi
