#!/usr/bin/env bash
# What the start-up wasm is made of, by crate (and by module of Dossier's own code): the
# measured breakdown docs/PERFORMANCE.md's size section reads from. Installs twiggy if
# missing, builds the release app, and reads the first screen's wasm
# as the splitter left it (before wasm-bindgen and wasm-opt, which drop the function
# names): shares of that are shares of what ships, give or take what wasm-opt removes
# evenly.
#
#   scripts/wasm-size.sh          # the 40 largest groups
#   scripts/wasm-size.sh 100      # more
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/scripts/bin:$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
command -v twiggy >/dev/null || cargo install twiggy --version 0.8.0 --locked
# The first screen's module as the splitter left it (scripts/bin/wasm-bindgen keeps it,
# names and all); the pages' modules are not in it.
# Built first every time: another build (scripts/previous.sh's older release) may have
# written the folder since.
wasm=target/wasm-bindgen/release/split-dossier/dossier.wasm
trunk build --release
# twiggy's table goes through a file: the script below comes in on node's stdin.
csv=$(mktemp)
trap 'rm -f "$csv"' EXIT
twiggy top -n 10000000 --format csv "$wasm" > "$csv"
node - "${1:-40}" "$csv" <<'JS'
// Groups twiggy's rows: `crate` for a dependency, `dossier::core::customer` for our own,
// generic shims (`<T as …>`) by the crate of the trait they implement.
const rows = require("fs").readFileSync(process.argv[3], "utf8").trim().split("\n").slice(1);
const groups = new Map();
let total = 0;
for (const line of rows) {
  const m = line.match(/^"?(.*?)"?,(\d+),/);
  if (!m) continue;
  const [, name, size] = m;
  // Names, wasm-bindgen's metadata and its descriptor exports: gone from what ships.
  if (/subsection|^custom section|^"|^export "|^__wbindgen_describe/.test(name)) continue;
  let key;
  if (name.startsWith("data segment")) key = "(data: strings, tables)";
  else {
    const path = name.replace(/^<(impl |&mut |&|dyn )*/, "").replace(/^[A-Z]\w* as /, "");
    const parts = path.split(/::|<| /).filter(Boolean);
    key = parts[0] === "dossier" && ["core", "storage", "ui", "platform"].includes(parts[1])
      ? parts.slice(0, 3).join("::") : (parts[0] ?? name).replace(/\[[0-9a-f]+\]$/, "");
  }
  groups.set(key, (groups.get(key) ?? 0) + Number(size));
  total += Number(size);
}
const top = [...groups].sort((a, b) => b[1] - a[1]).slice(0, Number(process.argv[2]));
console.log(`| group | KB | share |\n| --- | ---: | ---: |`);
for (const [k, v] of top) console.log(`| ${k} | ${(v / 1024).toFixed(0)} | ${((100 * v) / total).toFixed(1)} % |`);
console.log(`| all code and data | ${(total / 1024).toFixed(0)} | 100 % |`);
JS
