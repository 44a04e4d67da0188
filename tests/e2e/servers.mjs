// The three ways a build is served in these tests, each a folder served at a URL:
// the test server (scripts/serve.mjs, on a free port), nginx with docs/DEPLOY.md's own
// server block (Debian's nginx, installed by scripts/setup.sh; over HTTP on 127.0.0.1
// instead of HTTPS), and the laptop server (dossier-serve, src/bin/serve.rs) at its one
// fixed address. And what a deployment does to the folder: a new build in place.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "../../scripts/serve.mjs";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const NGINX = "/usr/sbin/nginx";
/** The laptop server's one address (src/bin/serve.rs's PORT). */
export const LAPTOP_URL = "http://127.0.0.1:47080";

/** A private copy of a build, for a test to serve and deploy into. */
export async function copyBuild(from) {
  const dir = await mkdtemp(join(tmpdir(), "dossier-build-"));
  await cp(from, dir, { recursive: true });
  return dir;
}

/** Deploys the build `from` into the served folder `dir`, as IT would: old files out. */
export async function publishBuild(dir, from) {
  for (const entry of await readdir(dir)) await rm(join(dir, entry), { recursive: true, force: true });
  await cp(from, dir, { recursive: true });
}

/**
 * Names the build in `dir` `build` where the page and the workers' scripts name it, as
 * another build's files would: a page loaded before from `dir` is then older than them.
 */
export async function renameBuild(dir, build) {
  for (const file of ["index.html", "bundles-worker.js", "xlsx-worker.js"]) {
    const path = join(dir, file);
    const source = await readFile(path, "utf8");
    const next = source.replace(/(name="dossier-build" content="|build: ")[0-9a-f]{16}"/, `$1${build}"`);
    assert.notEqual(next, source, `${file} names its build`);
    await writeFile(path, next);
  }
}

/**
 * Makes the build in `dir` a new one, as a real deployment would: its worker names a new
 * build `version` and, if given, another `release` (Cargo.toml's version).
 */
export async function rebuildInPlace(dir, version, { release } = {}) {
  const path = join(dir, "sw.js");
  const source = await readFile(path, "utf8");
  let next = source.replace(/const VERSION = "[^"]*";/, `const VERSION = "${version}";`);
  assert.notEqual(next, source, "sw.js has a VERSION line to change");
  if (release !== undefined) {
    const before = next;
    next = next.replace(/const RELEASE = "[^"]*";/, `const RELEASE = "${release}";`);
    assert.notEqual(next, before, "sw.js has a RELEASE line to change");
  }
  await writeFile(path, next);
}

/** The release (Cargo.toml's version) the build in `dir` names in its worker. */
export async function releaseOf(dir) {
  return (await readFile(join(dir, "sw.js"), "utf8")).match(/const RELEASE = "([^"]*)";/)?.[1];
}

/** A free port on 127.0.0.1. */
export function freePort() {
  return new Promise((done) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => done(port));
    });
  });
}

/** The nginx server block of docs/DEPLOY.md, on 127.0.0.1:`port` over HTTP, serving `root`. */
export async function guideConfig(port, root) {
  const guide = await readFile(join(ROOT, "docs", "DEPLOY.md"), "utf8");
  const block = guide.match(/```nginx\n([\s\S]*?)```/)[1];
  const server = block
    .replace(/listen 443 ssl;/, `listen 127.0.0.1:${port};`)
    .replace(/^\s*ssl_certificate.*\n/gm, "")
    .replace(/root \/srv\/dossier\/dist;/, `root ${root};`);
  assert.match(server, new RegExp(`listen 127\\.0\\.0\\.1:${port};`), "the guide's listen line was found");
  assert.match(server, new RegExp(`root ${root};`), "the guide's root line was found");
  return server;
}

/** nginx serving `dir` with the guide's configuration, on `port` (default: a free one). */
export async function startNginx(dir, { port } = {}) {
  const prefix = await mkdtemp(join(tmpdir(), "dossier-nginx-"));
  port ??= await freePort();
  const conf = join(prefix, "nginx.conf");
  await writeFile(
    conf,
    // As root, nginx's workers would run as nobody, who cannot read the private copy.
    `${process.getuid() === 0 ? "user root;" : ""}
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log;
events {}
http {
  access_log off;
  client_body_temp_path ${prefix}; proxy_temp_path ${prefix}; fastcgi_temp_path ${prefix};
  uwsgi_temp_path ${prefix}; scgi_temp_path ${prefix};
${await guideConfig(port, dir)}
}
`,
  );
  execFileSync(NGINX, ["-p", prefix, "-c", conf, "-t"], { stdio: "pipe" });
  // In the foreground, a child of the test: ended (and waited for) by close(), and gone
  // with the test run whatever happens, never left as a daemon.
  const nginx = spawn(NGINX, ["-p", prefix, "-c", conf, "-g", "daemon off;"], { stdio: "ignore" });
  const exited = new Promise((done) => nginx.on("exit", done));
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    if (await fetch(`${url}/sw.js`, { method: "HEAD" }).then(() => true, () => false)) break;
    if (nginx.exitCode !== null || tries > 100) {
      nginx.kill();
      const log = await readFile(join(prefix, "error.log"), "utf8").catch(() => "");
      await rm(prefix, { recursive: true, force: true });
      throw new Error(`nginx did not start: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    async close() {
      if (nginx.exitCode === null) nginx.kill("SIGQUIT");
      await exited;
      await rm(prefix, { recursive: true, force: true });
    },
  };
}

/**
 * The laptop server `binary` serving `dir` (or, without one, the dist folder beside
 * it), started with `env` (default: nothing at all, as on a laptop with no tools).
 * `binary` may be a command line that runs it (`[wine64, "dossier-serve.exe"]`).
 */
export async function startLaptopServer(binary, dir, { env = {} } = {}) {
  const [program, ...before] = [binary].flat();
  const args = [...before, "--no-open", ...(dir ? ["--dir", dir] : [])];
  const server = spawn(program, args, { stdio: ["ignore", "pipe", "pipe"], env, cwd: tmpdir() });
  const exited = new Promise((done) => server.on("exit", done));
  const said = await new Promise((done, fail) => {
    let out = "";
    let err = "";
    server.stdout.on("data", (d) => {
      out += d;
      // Its two lines, English and Chinese, may arrive apart.
      if (out.split("\n").length > 2) done(out);
    });
    server.stderr.on("data", (d) => (err += d));
    server.on("exit", (code) => fail(new Error(`dossier-serve exited ${code}: ${err}`)));
    server.on("error", fail);
  });
  const close = async () => {
    if (server.exitCode === null) server.kill();
    await exited;
  };
  // "Already running" is no start: a test would be served by a stale server.
  if (!said.startsWith("Dossier is served at")) {
    await close();
    throw new Error(`dossier-serve did not start a server of its own: ${said}`);
  }
  return { url: LAPTOP_URL, said, close };
}

/** The test server serving `dir` on a free port. */
export async function startTestServer(dir) {
  const server = await serve(dir, 0);
  // A test that fails before closing its server must not keep the run from ending.
  server.unref();
  return { url: server.url, close: () => server.close() };
}

/** The laptop server as `cargo` builds it for the tests (the release's comes from its archive). */
export function laptopServerBinary() {
  execFileSync("cargo", ["build", "--quiet", "--bin", "serve"], { cwd: ROOT, stdio: "inherit" });
  return join(ROOT, "target", "debug", "serve");
}
