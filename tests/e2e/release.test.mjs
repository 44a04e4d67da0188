// #34: a machine with only the release archive (no Rust, no Node on the laptop server's
// path) serves Dossier both ways of docs/DEPLOY.md, from the laptop itself
// (dossier-serve, at its fixed address; dossier-serve.exe too, run by wine) and from a
// company's nginx with the guide's own configuration; each way, the app works offline
// (server gone too) and takes the next release as an offered update, the rep's files
// intact. The archive is the one
// scripts/release.sh made of this commit (scripts/test.sh runs it before these tests).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { get } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { expectMatch, expectText, openApp, useBrowser } from "./harness.mjs";
import { ROOT, rebuildInPlace, startLaptopServer, startNginx } from "./servers.mjs";

const VERSION = (await readFile(join(ROOT, "Cargo.toml"), "utf8")).match(/^version = "([^"]+)"/m)[1];
const ARCHIVE = join(ROOT, "target", "release-archive", `dossier-${VERSION}.tar.gz`);
const ZIP = ARCHIVE.replace(/\.tar\.gz$/, ".zip");

/** The archive unpacked into a folder of its own, checked against its SHA256SUMS. */
async function unpack() {
  await stat(ARCHIVE).catch(() => assert.fail(`no ${ARCHIVE}: run scripts/release.sh first`));
  const into = await mkdtemp(join(tmpdir(), "dossier-release-"));
  execFileSync("tar", ["-xzf", ARCHIVE, "-C", into]);
  const home = join(into, `dossier-${VERSION}`);
  execFileSync("sha256sum", ["--check", "--quiet", "--strict", "SHA256SUMS"], { cwd: home });
  return {
    home,
    dist: join(home, "dist"),
    binary: join(home, "dossier-serve"),
    close: () => rm(into, { recursive: true, force: true }),
  };
}

const env = useBrowser();

test("the release archive holds the app, the laptop server, the guide and notes, each checked by SHA256SUMS", async (t) => {
  const release = await unpack();
  t.after(release.close);
  const files = execFileSync("find", [".", "-type", "f"], { cwd: release.home, encoding: "utf8" })
    .split("\n").filter(Boolean).map((f) => f.slice(2)).sort();
  for (const expected of ["DEPLOY.md", "NOTES.txt", "SHA256SUMS", "dist/index.html", "dist/sw.js", "dossier-serve", "dossier-serve.exe"]) {
    assert.ok(files.includes(expected), `${expected} is in the archive: ${files.join(", ")}`);
  }
  const sums = (await readFile(join(release.home, "SHA256SUMS"), "utf8")).trim().split("\n").map((l) => l.slice(66)).sort();
  assert.deepEqual(sums, files.filter((f) => f !== "SHA256SUMS"), "every file is summed, and nothing else");

  // The zip (for Windows, which opens one by itself) holds the same files, byte for byte,
  // its programs executable where that is kept.
  const zipped = await mkdtemp(join(tmpdir(), "dossier-zip-"));
  t.after(() => rm(zipped, { recursive: true, force: true }));
  const entries = JSON.parse(execFileSync("python3", ["-c", `
import json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1]); z.extractall(sys.argv[2])
print(json.dumps({i.filename: (i.external_attr >> 16) & 0o777 for i in z.infolist()}))`, ZIP, zipped], { encoding: "utf8" }));
  const prefix = `dossier-${VERSION}/`;
  assert.deepEqual(Object.keys(entries).sort(), files.map((f) => prefix + f));
  assert.equal(entries[`${prefix}dossier-serve`], 0o755);
  assert.equal(entries[`${prefix}dist/index.html`], 0o644);
  execFileSync("sha256sum", ["--check", "--quiet", "--strict", "SHA256SUMS"], { cwd: join(zipped, prefix) });

  // This commit's release, named in its notes and in the worker the laptops will ask.
  const notes = await readFile(join(release.home, "NOTES.txt"), "utf8");
  const head = execFileSync("git", ["rev-parse", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
  assert.match(notes, new RegExp(`^Dossier ${VERSION.replace(/\./g, "\\.")}\ncommit ${head} `), "the archive is of this commit: run scripts/release.sh");
  assert.match(await readFile(join(release.dist, "sw.js"), "utf8"), new RegExp(`const RELEASE = "${VERSION}";`));

  // The laptop server needs no more than the system's C library.
  const libraries = execFileSync("ldd", [release.binary], { encoding: "utf8" });
  for (const line of libraries.trim().split("\n")) {
    assert.match(line.trim(), /^(linux-vdso|\/lib64\/ld-linux|lib(c|m|gcc_s|pthread|dl|rt)\.so)/, `only system libraries: ${line}`);
  }
  // The Windows one is a console program for x86-64 (PE32+, machine 0x8664).
  const exe = await readFile(join(release.home, "dossier-serve.exe"));
  const pe = exe.readUInt32LE(0x3c);
  assert.equal(exe.toString("latin1", pe, pe + 4), "PE\0\0");
  assert.equal(exe.readUInt16LE(pe + 4), 0x8664);
  assert.equal(exe.readUInt16LE(pe + 24), 0x20b, "PE32+");
  assert.equal(exe.readUInt16LE(pe + 24 + 68), 3, "the console subsystem: its window says where Dossier is");
});

/**
 * The rep's day with a served release, then the next release deployed in its place.
 * `start()` serves the archive's dist (and may be called again after the server is
 * closed); `check(server)` asserts what this way of serving promises.
 */
async function offlineAndUpdate(t, release, start, check = async () => {}) {
  let server = await start();
  t.after(() => server?.close());
  await check(server);
  const { context, page, app, problems } = await openApp(env.browser, server.url);
  t.after(() => context.close());
  await app.waitForOfflineReady();
  await app.setProfile("Li Wei", "R07");
  await app.createFiles("珠海精密仪器", "長城電器");

  // Offline, at a bookmarked address too.
  await context.setOffline(true);
  await page.reload();
  await expectText(app.networkStatus(), "Offline");
  await app.navLink("Customers").click();
  await expectText(app.resultCount(), "2 files");
  await page.goto(`${server.url}/visits`);
  await expectText(app.title(), "Visits");

  // The laptop restarted and nothing serves Dossier: it still opens, with the files.
  await server.close();
  server = null;
  await page.goto(`${new URL(page.url()).origin}/customers`);
  await app.searchBox().fill("changcheng");
  await expectMatch(app.customerRows().first(), /長城電器/);

  // The next release, deployed in the same place: offered at the next online start,
  // not forced, and taken with the files intact.
  await context.setOffline(false);
  await rebuildInPlace(release.dist, "e2e-release-next");
  server = await start();
  await page.reload();
  await app.updateReady().waitFor({ timeout: 15000 });
  await expectText(app.updateReady().locator("p").first(), "A new version of Dossier is ready. Your data stays as it is.");
  assert.equal(await page.getByTestId("update-backup").count(), 0, "the same release: no backup asked");
  await page.reload();
  await app.updateReady().waitFor();
  assert.equal(await app.updateWaiting(), true, "a reload alone does not switch builds");
  await app.takeUpdate();
  assert.deepEqual(await page.evaluate(() => caches.keys()), ["dossier-e2e-release-next"]);
  await app.navLink("Customers").click();
  await expectText(app.resultCount(), "2 files");
  await app.searchBox().fill("zhuhai");
  await expectMatch(app.customerRows().first(), /珠海精密仪器/);
  assert.deepEqual(problems, []);
}

test("from the archive alone, the laptop server serves Dossier offline and takes the next release", async (t) => {
  const release = await unpack();
  t.after(release.close);
  // No --dir (the dist beside it) and no environment at all: no PATH, no Rust, no Node.
  await offlineAndUpdate(t, release, () => startLaptopServer(release.binary, null, { env: {} }), async (server) => {
    assert.match(server.said, /^Dossier is served at http:\/\/127\.0\.0\.1:47080\/ \(close this window to stop it\)\.\n客户档案已在 http:\/\/127\.0\.0\.1:47080\/ 提供/);
    // Typed as localhost, another origin with an empty store: sent to the one address.
    const typed = await new Promise((done, fail) =>
      get("http://127.0.0.1:47080/customers", { headers: { host: "localhost:47080" } }, (r) => {
        r.resume();
        done(r);
      }).on("error", fail),
    );
    assert.equal(typed.statusCode, 308);
    assert.equal(typed.headers.location, "http://127.0.0.1:47080/customers");
  });
});

test("from the archive alone, nginx with the guide's configuration serves Dossier offline and takes the next release", async (t) => {
  const release = await unpack();
  t.after(release.close);
  // Restarted at the same address: another port would be another, empty, store.
  let port;
  const start = async () => {
    const server = await startNginx(release.dist, { port });
    port = new URL(server.url).port;
    return server;
  };
  await offlineAndUpdate(t, release, start, async (server) => {
    // The headers the guide promises.
    const html = await readFile(join(release.dist, "index.html"), "utf8");
    const wasm = html.match(/dossier-[0-9a-f]{8,16}_bg\.wasm/)[0];
    const head = async (path) => (await fetch(server.url + path, { method: "HEAD" })).headers;
    assert.equal((await head(`/${wasm}`)).get("content-type"), "application/wasm");
    assert.match((await head(`/${wasm}`)).get("cache-control"), /immutable/);
    assert.equal((await head("/sw.js")).get("cache-control"), "no-cache");
    assert.equal((await head("/customers/01J")).get("cache-control"), "no-cache");
    assert.equal((await head("/")).get("x-content-type-options"), "nosniff");
    assert.equal((await fetch(`${server.url}/missing-0123.js`)).status, 404);
  });
});

const WINE = "/usr/lib/wine/wine64";
const WINE_PREFIX = join(ROOT, "target", "wine");

test("from the archive alone, the Windows laptop server (run by wine) serves Dossier offline and takes the next release", { timeout: 300000 }, async (t) => {
  const release = await unpack();
  t.after(release.close);
  const env = { WINEPREFIX: WINE_PREFIX, WINEDEBUG: "-all" };
  // A Windows of wine's own, made once (about a minute) and kept in target/.
  execFileSync(WINE, ["wineboot", "--init"], { env, stdio: "ignore", timeout: 240000 });
  // Wine 8 lacks a DLL that Windows 10 has and Rust's standard library imports: a
  // stand-in beside this unpacked copy's program (tests/e2e/wine/), never in the archive.
  const stub = join(ROOT, "tests", "e2e", "wine", "bcryptprimitives");
  execFileSync("x86_64-w64-mingw32-gcc", ["-shared", "-O2", "-o", join(release.home, "bcryptprimitives.dll"), `${stub}.c`, `${stub}.def`, "-ladvapi32"]);
  // Wine's own processes, started for the program, ended with the test.
  t.after(() => execFileSync("/usr/lib/wine/wineserver", ["-k"], { env, stdio: "ignore" }));
  await offlineAndUpdate(t, release, () => startLaptopServer([WINE, join(release.home, "dossier-serve.exe")], null, { env }), async (server) => {
    assert.match(server.said, /^Dossier is served at http:\/\/127\.0\.0\.1:47080\/ \(close this window to stop it\)/);
  });
});
