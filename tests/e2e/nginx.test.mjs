// The company-server way of docs/DEPLOY.md, tested with the guide's own nginx
// configuration (Debian's nginx, installed by scripts/setup.sh), served over HTTP on
// 127.0.0.1 instead of HTTPS: the app starts, works offline after a reload, and a new
// release served in its place reaches the laptop as an offered update, data intact.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { deploy, expectMatch, expectText, launch, openApp } from "./harness.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const NGINX = "/usr/sbin/nginx";

/** A free port on 127.0.0.1. */
function freePort() {
  return new Promise((done) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => done(port));
    });
  });
}

/** The nginx server block of docs/DEPLOY.md, on 127.0.0.1:`port` over HTTP, serving `root`. */
async function guideConfig(port, root) {
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

test("Dossier served by nginx with the guide's configuration works offline and takes an update", async (t) => {
  const site = await deploy();
  const prefix = await mkdtemp(join(tmpdir(), "dossier-nginx-"));
  // One hook, in order: nginx stopped before its folder goes, the browser closed whatever
  // failed before it.
  const cleanup = [];
  t.after(async () => {
    for (const step of cleanup.reverse()) await Promise.resolve().then(step).catch(() => {});
    await rm(prefix, { recursive: true, force: true });
    await site.close();
  });
  const port = await freePort();
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
${await guideConfig(port, site.dir)}
}
`,
  );
  execFileSync(NGINX, ["-p", prefix, "-c", conf, "-t"], { stdio: "pipe" });
  execFileSync(NGINX, ["-p", prefix, "-c", conf]);
  cleanup.push(() => execFileSync(NGINX, ["-p", prefix, "-c", conf, "-s", "stop"]));
  const url = `http://127.0.0.1:${port}`;

  // The headers the guide promises.
  const wasm = (await readFile(join(site.dir, "index.html"), "utf8")).match(/dossier-[0-9a-f]{16}_bg\.wasm/)[0];
  const head = async (path) => (await fetch(url + path, { method: "HEAD" })).headers;
  assert.equal((await head(`/${wasm}`)).get("content-type"), "application/wasm");
  assert.match((await head(`/${wasm}`)).get("cache-control"), /immutable/);
  assert.equal((await head("/sw.js")).get("cache-control"), "no-cache");
  assert.equal((await head("/customers/01J")).get("cache-control"), "no-cache");
  assert.equal((await fetch(`${url}/missing-0123.js`)).status, 404);

  const browser = await launch();
  cleanup.push(() => browser.close());
  const { context, page, app, problems } = await openApp(browser, url);
  await app.waitForOfflineReady();
  await app.setProfile("Li Wei", "R07");
  await app.createFiles("珠海精密仪器");

  await context.setOffline(true);
  await page.reload();
  await app.navLink("Customers").click();
  await expectMatch(app.customerRows().first(), /珠海精密仪器/);

  // A new release in the same place: offered at the next online start, data intact.
  await context.setOffline(false);
  await site.publishNewVersion("e2e-nginx-next");
  await page.reload();
  await app.updateReady().waitFor({ timeout: 15000 });
  const reloaded = page.waitForEvent("load");
  await app.updateReload().click();
  await reloaded;
  await app.navLink("Customers").click();
  await expectMatch(app.customerRows().first(), /珠海精密仪器/);
  await expectText(app.resultCount(), "1 files");
  assert.deepEqual(problems, []);
});
