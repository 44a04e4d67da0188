// Putting Dossier on a laptop (#34, first part): an empty Dossier says which address its
// data lives under and leads a rep who is moving to a restore, instead of letting them
// believe their files were lost; the laptop server (src/bin/serve.rs) serves the built
// app at its one fixed address, offline reloads included, refuses another port with the
// reason, and a second start finds the first.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { test } from "node:test";
import { expectMatch, expectText, openApp, useBrowserAndSite } from "./harness.mjs";
import { laptopServerBinary } from "./servers.mjs";

const env = useBrowserAndSite();

test("an empty Dossier names the address its data lives under, and a move leads to a restore", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());
  const notice = page.getByTestId("origin-notice");
  await expectText(notice.locator("h2"), "This Dossier is empty");
  await expectMatch(notice, new RegExp(`under the address it is opened at: ${env.site.url.replace(/\./g, "\\.")}\\.`));
  assert.equal(await page.getByTestId("setup-notice").count(), 0, "one notice, not two");

  await page.getByTestId("origin-moving-button").click();
  await expectMatch(page.getByTestId("origin-moving"), /^Your files are not lost/);
  await page.getByTestId("origin-restore").click();
  await page.getByTestId("restore").waitFor();
  await expectText(
    page.getByTestId("origin-tied"),
    `This laptop's files live in this browser at ${env.site.url}. Always open Dossier at this address: at another one (another port, host or http/https) it opens empty.`,
  );

  // A new laptop: once set up, the notice has done its work.
  await app.setProfile("Li Wei", "R07");
  await app.navLink("Customers").click();
  assert.equal(await notice.count(), 0);
  assert.deepEqual(problems, []);
});

test("the empty Dossier's question reads in Chinese", async (t) => {
  const { context, page, problems } = await openApp(env.browser, env.site.url, { locale: "zh-CN" });
  t.after(() => context.close());
  await expectText(page.getByTestId("origin-notice").locator("h2"), "此处的客户档案是空的");
  await expectMatch(page.getByTestId("origin-notice"), /这是一台新电脑，还是您从其他地址或电脑迁移过来？/);
  assert.deepEqual(problems, []);
});

test("the laptop server serves Dossier at its one address, offline too, and only there", async (t) => {
  const binary = laptopServerBinary();
  const dist = env.site.dir;
  // Another port: refused, with the reason.
  const refused = spawnSync(binary, ["--dir", dist, "--no-open", "--port", "8080"], { encoding: "utf8" });
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /only at http:\/\/127\.0\.0\.1:47080.*empty store/s);

  const server = spawn(binary, ["--dir", dist, "--no-open"], { stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise((done) => server.on("exit", done));
  // Waited for: the next test to serve at 47080 must find the port free.
  t.after(async () => {
    if (server.exitCode === null) server.kill();
    await exited;
  });
  const said = await new Promise((done, fail) => {
    let out = "";
    server.stdout.on("data", (d) => {
      out += d;
      // Its two lines, English and Chinese, may arrive apart.
      if (out.split("\n").length > 2) done(out);
    });
    server.on("exit", (code) => fail(new Error(`exited ${code}`)));
  });
  assert.match(said, /^Dossier is served at http:\/\/127\.0\.0\.1:47080\//);

  // Started again: it finds the first one.
  const again = spawnSync(binary, ["--dir", dist, "--no-open"], { encoding: "utf8", timeout: 10000 });
  assert.equal(again.status, 0);
  assert.match(again.stdout, /already running at http:\/\/127\.0\.0\.1:47080\//);

  const url = "http://127.0.0.1:47080";
  const { context, page, app, problems } = await openApp(env.browser, url);
  t.after(() => context.close());
  await app.waitForOfflineReady();
  await app.setProfile("Wang Fang", "R12");
  await app.createFiles("珠海精密仪器");
  await context.setOffline(true);
  await page.reload();
  await app.navLink("Customers").click();
  await expectMatch(app.customerRows().first(), /珠海精密仪器/);
  assert.equal(await page.getByTestId("origin-notice").count(), 0);
  assert.deepEqual(problems, []);
});
