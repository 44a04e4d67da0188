// Trunk post_build hook (see Trunk.toml). Runs on the staging directory of every build:
// 1. allows Trunk's inline loader script in the Content-Security-Policy by its SHA-256,
//    so no other inline script can run;
// 2. writes into sw.js the list of files to precache and a version derived from their
//    contents, so each new build is a new worker and an offered update, and the release
//    (Cargo.toml's version), which the running app asks a waiting worker for.
// Fails the build if either placeholder is missing: a silent miss would ship an app that
// does not start, or one that is not offline.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
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
console.log(`postbuild: release ${release}, build ${version}, ${files.length} files precached, ${hashes.length} inline script(s) allowed by hash`);
