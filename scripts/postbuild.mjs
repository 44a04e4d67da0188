// Trunk post_build hook (see Trunk.toml). Runs on the staging directory of every build:
// 1. allows Trunk's inline loader script in the Content-Security-Policy by its SHA-256,
//    so no other inline script can run;
// 2. writes into sw.js the list of files to precache and a version derived from their
//    contents, so each new build is a new worker and an offered update, and the release
//    (Cargo.toml's version), which the running app asks a waiting worker for.
// Fails the build if either placeholder is missing: a silent miss would ship an app that
// does not start, or one that is not offline.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error("postbuild: TRUNK_STAGING_DIR is not set; run me from Trunk");
  process.exit(1);
}

function replaceOnce(file, placeholder, value) {
  const path = join(staging, file);
  const text = readFileSync(path, "utf8");
  if (!text.includes(placeholder)) {
    console.error(`postbuild: ${file} has no ${placeholder}`);
    process.exit(1);
  }
  writeFileSync(path, text.replace(placeholder, value));
}

// 0. takes in the app's pages split off by scripts/bin/wasm-bindgen: a module per group
//    of pages or of code they share, already named by content, and the loader the app's
//    JavaScript imports (__wasm_split.js), told the app's hashed name here and then
//    named by content itself (the app's JavaScript and its integrity hash in index.html
//    follow), so a release is whole or does not install. Before the lists below, so the
//    service worker precaches them. The modules are taken only from the folder written
//    for this very JavaScript.
const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");
// Where Trunk ran wasm-bindgen: cargo's target directory, as cargo itself tells it.
const targetDir = JSON.parse(
  execFileSync("cargo", ["metadata", "--no-deps", "--format-version", "1"], {
    cwd: process.env.TRUNK_SOURCE_DIR ?? ".",
    encoding: "utf8",
    maxBuffer: 64 << 20,
  }),
).target_directory;
const bindgenOut = join(targetDir, "wasm-bindgen", process.env.TRUNK_PROFILE ?? "release");
let splitModules = 0;
for (const js of readdirSync(staging).filter((f) => f.endsWith(".js"))) {
  const text = readFileSync(join(staging, js), "utf8");
  if (text.includes("__wasm_split_placeholder__")) {
    console.error(
      `postbuild: ${js} was not split into its pages, so it could not start: build with ` +
        "scripts/bin first on PATH (scripts/start.sh, scripts/test.sh and scripts/release.sh do)",
    );
    process.exit(1);
  }
  if (!text.includes('from "./__wasm_split.js"')) continue;
  const name = js.match(/^(.+)-[0-9a-f]{8,16}\.js$/)?.[1];
  const split = name && join(bindgenOut, `split-${name}`);
  const written = split && existsSync(join(split, "for.sha256")) && readFileSync(join(split, "for.sha256"), "utf8").trim();
  if (!written || !existsSync(join(split, "__wasm_split.js"))) {
    console.error(`postbuild: ${js} imports __wasm_split.js but no split modules were written for it in ${bindgenOut}`);
    process.exit(1);
  }
  if (written !== sha256(text)) {
    console.error(`postbuild: the split modules in ${split} were written for another build than ${js}`);
    process.exit(1);
  }
  for (const file of readdirSync(split)) {
    if (!/-[0-9a-f]{16}\.wasm$/.test(file)) continue;
    copyFileSync(join(split, file), join(staging, file));
    splitModules += 1;
  }
  const loader = readFileSync(join(split, "__wasm_split.js"), "utf8");
  if (!loader.includes(`"./${name}.js"`)) {
    console.error(`postbuild: __wasm_split.js does not import ./${name}.js`);
    process.exit(1);
  }
  const ours = loader.replaceAll(`"./${name}.js"`, `"./${js}"`);
  const loaderName = `__wasm_split-${sha256(ours).slice(0, 16)}.js`;
  writeFileSync(join(staging, loaderName), ours);
  // Only the imports: the wasm still names its import module "./__wasm_split.js", the
  // key under which the JavaScript hands the loader to it.
  const app = text.replaceAll('from "./__wasm_split.js"', `from "./${loaderName}"`);
  writeFileSync(join(staging, js), app);
  const integrity = (bytes) => `sha384-${createHash("sha384").update(bytes).digest("base64")}`;
  replaceOnce("index.html", `integrity="${integrity(text)}"`, `integrity="${integrity(app)}"`);
}

const html = readFileSync(join(staging, "index.html"), "utf8");
const inline = [...html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)];
const hashes = inline.map((m) => `'sha256-${createHash("sha256").update(m[1]).digest("base64")}'`);
replaceOnce("index.html", "__INLINE_SCRIPT_HASHES__", hashes.join(" "));

// 3. names the build in index.html and in the workers' scripts, from the contents of
//    every other file, so a page never sends work to a worker of another build.
const NAMES_BUILD = ["index.html", "bundles-worker.js", "xlsx-worker.js"];

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path) : [path];
  });
}
const code = walk(staging)
  .map((path) => relative(staging, path).split(sep).join("/"))
  .filter((path) => path !== "sw.js" && !NAMES_BUILD.includes(path))
  .sort();
const codeDigest = createHash("sha256");
for (const file of code) codeDigest.update(file).update("\0").update(readFileSync(join(staging, file)));
const build = codeDigest.digest("hex").slice(0, 16);
for (const file of NAMES_BUILD) replaceOnce(file, "__DOSSIER_BUILD__", build);

const files = walk(staging)
  .map((path) => relative(staging, path).split(sep).join("/"))
  .filter((path) => path !== "sw.js")
  .sort();
const digest = createHash("sha256");
for (const file of files) digest.update(file).update("\0").update(readFileSync(join(staging, file)));
const version = digest.digest("hex").slice(0, 16);

replaceOnce("sw.js", "__DOSSIER_VERSION__", version);
replaceOnce("sw.js", "__DOSSIER_ASSETS__", JSON.stringify(files));
const manifest = readFileSync(join(process.env.TRUNK_SOURCE_DIR ?? ".", "Cargo.toml"), "utf8");
const release = manifest.match(/^version = "(\d+\.\d+\.\d+[^"]*)"/m)?.[1];
if (!release) {
  console.error("postbuild: Cargo.toml names no version");
  process.exit(1);
}
replaceOnce("sw.js", "__DOSSIER_RELEASE__", release);
console.log(`postbuild: release ${release}, build ${version}, ${files.length} files precached (${splitModules} split modules), ${hashes.length} inline script(s) allowed by hash`);
