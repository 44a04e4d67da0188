// The bundle worker (#32) as a hostile rep, a hostile page script or an unlucky user
// would meet it: its files missing from the server, a cancel pressed before it has
// started, a backup whose key-derivation settings were tampered with, damaged and cut
// bundles, the vault locked while a checked bundle waits, two tabs applying the same
// bundle, a flood of forged words on the store channel, and the progress in Chinese.
// Each case asserts what the user sees; the ones that fail are bugs (see the report).
import assert from "node:assert/strict";
import { test } from "node:test";
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AppPage, customerListCsv, deploy, download, expectMatch, expectText, headOfficeAndRep, launch, openApp } from "./harness.mjs";

const PASSPHRASE = "copper lantern orchard velvet";
const HQ_PASSPHRASE = "harbour lantern copper velvet";

const env = {};
test.before(async () => {
  env.browser = await launch();
  env.site = await deploy();
});
test.after(async () => {
  await env.browser?.close();
  await env.site?.close();
});

/** A private copy of the build, changed by `change(dir)` before anyone loads it. */
async function siteWith(t, change) {
  const site = await deploy();
  t.after(() => site.close());
  await change(site.dir);
  return site;
}

/** The worker's script busy for `ms` before it loads its wasm: a slow laptop's start. */
function slowWorkerStart(ms) {
  return async (dir) => {
    const path = join(dir, "bundles-worker.js");
    const source = await readFile(path, "utf8");
    await writeFile(path, `{ const until = Date.now() + ${ms}; while (Date.now() < until) {} }\n${source}`);
  };
}

async function scratch(t) {
  const dir = await mkdtemp(join(tmpdir(), "dossier-hostile-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A laptop with a profile, a passphrase and `names` as files, on `url`. */
async function laptop(t, url, names = ["佛山永盛食品"], opts = {}) {
  const app = await openApp(env.browser, url, opts);
  t.after(() => app.context.close());
  await app.app.setProfile("Li Wei", "R07");
  await app.app.setPassphrase(PASSPHRASE);
  if (names.length) await app.app.createFiles(...names);
  return app;
}

/** The custody log's imports that were applied (not refused). */
function applied(page) {
  return page.locator('[data-testid="custody-entry"]:not(.refused)').filter({ hasText: "Imported" });
}

/** Counts the downloads `page` offers from now on. */
function countDownloads(page) {
  const seen = [];
  page.on("download", (d) => seen.push(d.suggestedFilename()));
  return seen;
}

/** Rewrites the stored ZIP at `path` into `out` with `vault.json` changed by `change`. */
function rewriteBackup(path, out, change) {
  const script = `
import sys, json, zipfile
src, dst, change = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
with zipfile.ZipFile(src) as z:
    parts = [(i.filename, z.read(i.filename)) for i in z.infolist()]
with zipfile.ZipFile(dst, "w", zipfile.ZIP_STORED) as z:
    for name, data in parts:
        if name == "vault.json":
            header = json.loads(data)
            header["kdf"].update(change)
            data = json.dumps(header).encode()
        z.writestr(name, data)
`;
  execFileSync("python3", ["-c", script, path, out, JSON.stringify(change)]);
}

test("the worker's files missing from the server: the backup says so instead of spinning", async (t) => {
  for (const missing of ["bundles-worker.js", "bundles_bg.wasm"]) {
    await t.test(`without ${missing}`, async (t) => {
      const site = await siteWith(t, (dir) => rm(join(dir, missing)));
      const { page, app } = await laptop(t, site.url, []);
      await app.navLink("Settings").click();
      const downloads = countDownloads(page);
      await page.getByTestId("make-backup").click();
      await expectMatch(page.getByTestId("backup-message"), /^A part of Dossier that does this work could not run \(.+\)\. Nothing was changed\. Reload the page/, 20000);
      t.diagnostic(`without ${missing}: ${(await page.getByTestId("backup-message").textContent()).trim()}`);
      await page.getByTestId("backup-progress").waitFor({ state: "detached", timeout: 5000 });
      assert.equal(await page.getByTestId("make-backup").isEnabled(), true, "Make a backup can be pressed again");
      await expectText(page.getByTestId("last-backup"), "No backup made yet.");
      assert.deepEqual(downloads, []);
    });
  }
});

test("a cancel pressed while the worker is still starting is honoured: no backup is offered", async (t) => {
  const site = await siteWith(t, slowWorkerStart(2500));
  const { page, app } = await laptop(t, site.url, []);
  await app.navLink("Settings").click();
  const downloads = countDownloads(page);
  await page.getByTestId("make-backup").click();
  await expectText(page.getByTestId("backup-progress-phase"), "Starting…");
  await page.getByTestId("backup-progress-cancel").click();
  await expectText(page.getByTestId("backup-progress-cancelling"), "Cancelling…");
  // Whatever the worker does, give it time to finish.
  await page.getByTestId("backup-progress").waitFor({ state: "detached", timeout: 30000 });
  await page.waitForTimeout(500);
  assert.deepEqual(downloads, [], "the cancelled backup was not offered for saving");
  await expectText(page.getByTestId("backup-message"), "Cancelled. Nothing was changed.");
  await expectText(page.getByTestId("last-backup"), "No backup made yet.");
});

test("a cancel pressed while the worker is still starting is honoured: no bundle is written", async (t) => {
  const site = await siteWith(t, slowWorkerStart(2500));
  const { usb, rep, enrolment } = await headOfficeAndRep({ browser: env.browser, site }, t);
  await rep.app.setProfile("Li Wei", "R07");
  await rep.app.setPassphrase(PASSPHRASE);
  await rep.app.createFiles("江门安信电器");
  await rep.app.setUpFromEnrolment(enrolment);
  await rep.app.navLink("Bundles").click();
  const downloads = countDownloads(rep.page);
  await rep.page.getByTestId("export-bundle").click();
  await expectText(rep.page.getByTestId("export-bundle-progress-phase"), "Starting…");
  await rep.page.getByTestId("export-bundle-progress-cancel").click();
  await rep.page.getByTestId("export-bundle-progress").waitFor({ state: "detached", timeout: 30000 });
  await rep.page.waitForTimeout(500);
  const said = (await rep.page.getByTestId("export-bundle-message").textContent()).trim();
  assert.deepEqual(downloads, [], `the cancelled export was not offered for saving (it said ${JSON.stringify(said)})`);
  assert.equal(said, "Cancelled. Nothing was changed.");
  // The next bundle is still the first.
  const first = await download(rep.page, rep.page.getByTestId("export-bundle"), usb);
  assert.match(first, /_0001\.dossier$/);
});

/** A fresh browser whose Settings restore `backup` with the passphrase: pressed, not awaited. */
async function restoreInFresh(t, backup) {
  const fresh = await openApp(env.browser, env.site.url, { path: "/settings" });
  t.after(() => fresh.context.close());
  await fresh.page.getByTestId("restore-file").setInputFiles(backup);
  await fresh.page.getByTestId("restore-secret").fill(PASSPHRASE);
  await fresh.page.getByTestId("restore-button").click();
  return fresh;
}

test("a backup with tampered key-derivation settings is refused, and its restore can be cancelled", async (t) => {
  const dir = await scratch(t);
  const { page, app } = await laptop(t, env.site.url, ["珠海精密仪器"]);
  await app.navLink("Settings").click();
  const good = await download(page, page.getByTestId("make-backup"), dir);

  await t.test("memory asked beyond what a browser can give: an error, not a spinner", async (t) => {
    const hostile = join(dir, "huge-memory.dossier-backup");
    rewriteBackup(good, hostile, { m_kib: 4000000 });
    const fresh = await restoreInFresh(t, hostile);
    await expectMatch(fresh.page.getByTestId("restore-message"), /damaged.*key derivation settings beyond what Dossier writes/, 10000);
    t.diagnostic(`huge memory: ${(await fresh.page.getByTestId("restore-message").textContent()).trim()}`);
    assert.equal(await fresh.page.getByTestId("restore-button").isEnabled(), true);
    await fresh.app.navLink("Customers").click();
    await fresh.app.emptyState().waitFor();
  });

  await t.test("endless passes: refused as damaged at once", async (t) => {
    const hostile = join(dir, "endless.dossier-backup");
    rewriteBackup(good, hostile, { t: 4000000000, m_kib: 8 });
    const fresh = await restoreInFresh(t, hostile);
    await expectMatch(fresh.page.getByTestId("restore-message"), /damaged.*key derivation settings beyond what Dossier writes/, 10000);
    assert.equal(await fresh.page.getByTestId("restore-button").isEnabled(), true);
  });

  await t.test("the slowest settings Dossier accepts: Cancel ends the key derivation within seconds", async (t) => {
    const hostile = join(dir, "slow.dossier-backup");
    rewriteBackup(good, hostile, { t: 12, m_kib: 262144 });
    const fresh = await restoreInFresh(t, hostile);
    // Decrypting (deep in the key derivation), or, should it have ended, why.
    const seen = await fresh.page.waitForFunction(() => {
      const progress = document.querySelector('[data-testid="restore-progress"]');
      if (progress?.dataset.phase === "Decrypting") return "Decrypting";
      // Ended before: what it says instead.
      const message = document.querySelector('[data-testid="restore-message"]')?.textContent.trim();
      return (!progress && message) || null;
    }, null, { polling: 50, timeout: 30000 });
    assert.equal(await seen.jsonValue(), "Decrypting", "the restore is deriving its key");
    await fresh.page.getByTestId("restore-progress-cancel").click();
    await expectText(fresh.page.getByTestId("restore-message"), "Cancelled. Nothing was changed.", 10000);
    assert.equal(await fresh.page.getByTestId("restore-button").isEnabled(), true);
  });
});

test("damaged bundles, the vault locked while one waits, two tabs applying one bundle, forged words on the store channel", async (t) => {
  const { usb, hq, rep, enrolment } = await headOfficeAndRep(env, t);
  // Head office keeps a confidential file of its own.
  await hq.app.startNewCustomer();
  await hq.app.field("Customer name").fill("珠海精密仪器");
  await hq.app.field("Secret level").selectOption({ label: "Secret" });
  await hq.app.save();
  await expectText(hq.app.title(), "珠海精密仪器");
  await rep.app.setProfile("Li Wei", "R07");
  await rep.app.setPassphrase(PASSPHRASE);
  await rep.app.createFiles("江门安信电器", "佛山永盛食品");
  await rep.app.setUpFromEnrolment(enrolment);
  const bundle = await rep.app.exportToOffice(usb);
  const bytes = await readFile(bundle);

  const refusedSays = async (name, content, pattern) => {
    const path = join(usb, name);
    await writeFile(path, content);
    await hq.app.navLink("Bundles").click();
    await hq.page.getByTestId("import-file").setInputFiles(path);
    await expectMatch(hq.page.getByTestId("import-error"), pattern, 20000);
    assert.equal(await hq.page.getByTestId("import-file").isEnabled(), true, "another file can be picked");
    t.diagnostic(`${name}: ${(await hq.page.getByTestId("import-error").textContent()).trim()}`);
  };

  await t.test("a damaged, a cut, an empty and a random file are each refused with their reason", async () => {
    await refusedSays("random.dossier", Buffer.from(Array.from({ length: 3 << 20 }, (_, i) => (i * 2654435761) >>> 24)), /^This file is not a Dossier bundle\.$/);
    await refusedSays("empty.dossier", Buffer.alloc(0), /^This file is not a Dossier bundle\.$|cut short/);
    await refusedSays("cut.dossier", bytes.subarray(0, Math.floor(bytes.length * 0.6)), /cut short|damaged|not a Dossier bundle/);
    await hq.page.getByTestId("custody-entry").first().waitFor();
    assert.equal(await applied(hq.page).count(), 0);
  });

  await t.test("locked while the checked bundle waits: the preview goes, nothing is written, and it imports after", async () => {
    await hq.app.importBundle(bundle, { trust: true });
    await hq.app.lock();
    await hq.page.getByTestId("import-preview").waitFor({ state: "detached", timeout: 5000 });
    await hq.app.navLink("Bundles").click();
    await hq.app.unlock(HQ_PASSPHRASE);
    await hq.page.getByTestId("import-file").waitFor();
    assert.equal(await hq.page.getByTestId("apply-import").count(), 0, "no Import button for a bundle checked before the lock");
    await hq.app.navLink("Customers").click();
    await expectText(hq.app.resultCount(), "1 files");
  });

  await t.test("a byte of the trusted rep's payload flipped: refused as damaged, nothing written", async () => {
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 400] ^= 0x01;
    await refusedSays("flipped.dossier", flipped, /damaged|altered/);
    assert.equal(await applied(hq.page).count(), 0);
  });

  await t.test("two tabs apply the same bundle at once: it is applied once", async (t) => {
    const other = await hq.context.newPage();
    t.after(() => other.close());
    await other.goto(new URL("/bundles", env.site.url).href);
    const otherApp = new AppPage(other);
    await otherApp.unlock(HQ_PASSPHRASE);
    await other.getByTestId("import-file").waitFor({ timeout: 15000 });
    await hq.app.importBundle(bundle);
    await otherApp.importBundle(bundle);
    await Promise.all([hq.page.getByTestId("apply-import").click(), other.getByTestId("apply-import").click()]);
    const outcome = async (page) => {
      const done = page.getByTestId("import-done").or(page.getByTestId("import-error"));
      await done.waitFor({ timeout: 30000 });
      return (await done.textContent()).trim();
    };
    const said = [await outcome(hq.page), await outcome(other)].sort();
    t.diagnostic(JSON.stringify(said));
    assert.match(said[0], /^Imported: 2 new files/);
    assert.match(said[1], /^This bundle was already imported; nothing changed\.$|older than/);
    await hq.app.navLink("Customers").click();
    await expectText(hq.app.resultCount(), "3 files", 10000);
    await hq.app.navLink("Bundles").click();
    await applied(hq.page).first().waitFor();
    await hq.page.waitForTimeout(300);
    assert.equal(await applied(hq.page).count(), 1, "one import in the custody log");
  });

  await t.test("forged words on the store channel: the tab keeps its data, shows nothing sealed once locked, and stays usable", async (t) => {
    const forger = await hq.context.newPage();
    t.after(() => forger.close());
    // Any page of the origin (here a missing asset's 404) can speak on the channel.
    await forger.goto(new URL("/no-such-asset.txt", env.site.url).href);
    await hq.app.navLink("Customers").click();
    await expectText(hq.app.resultCount(), "3 files");
    await hq.app.searchBox().fill("珠海");
    await expectMatch(hq.app.customerRows().first(), /珠海精密仪器/);
    await hq.app.searchBox().fill("");
    const flood = forger.evaluate(async () => {
      const channel = new BroadcastChannel("dossier-store");
      const shapes = [{ changed: "forged" }, { changed: 7 }, null, "changed", { changed: "" }, { changed: "x".repeat(100000) }, { changed: { toString: null } }];
      const until = Date.now() + 4000;
      let sent = 0;
      while (Date.now() < until) {
        for (const s of shapes) {
          try { channel.postMessage(s); sent++; } catch { /* not cloneable */ }
        }
        await new Promise((r) => setTimeout(r, 5));
      }
      channel.close();
      return sent;
    });
    await hq.page.waitForTimeout(1500);
    await hq.app.lock();
    const sent = await flood;
    const floodEnded = Date.now();
    t.diagnostic(`forged messages sent: ${sent}`);
    await hq.app.navLink("Customers").click();
    await expectText(hq.app.resultCount(), "3 files", 30000);
    await hq.app.searchBox().fill("江门");
    await expectText(hq.app.resultCount(), "1 files", 30000);
    const answeredAfter = Date.now() - floodEnded;
    t.diagnostic(`the list answered a search ${answeredAfter} ms after the flood ended`);
    await hq.app.searchBox().fill("");
    const text = await hq.page.locator("main").textContent();
    assert.ok(!text.includes("珠海精密仪器"), "the confidential file's name is not shown while locked");
    await expectMatch(hq.app.customerRows().filter({ hasText: "Confidential file — locked" }).first(), /locked/);
    // Still usable: a new file is saved and listed.
    await hq.app.createFiles("中山利民五金");
    await hq.app.navLink("Customers").click();
    await expectText(hq.app.resultCount(), "4 files", 10000);
  });

  assert.deepEqual(hq.problems, []);
  assert.deepEqual(rep.problems, []);
});

test("the progress and its cancel speak Chinese", async (t) => {
  const site = await siteWith(t, slowWorkerStart(1500));
  const { page, app } = await laptop(t, site.url, []);
  await app.navLink("Settings").click();
  await app.language("zh-CN").click();
  const seen = [];
  page.on("console", (m) => m.text().startsWith("phase:") && seen.push(m.text().slice(6)));
  await page.evaluate(() => {
    new MutationObserver(() => {
      const p = document.querySelector('[data-testid="backup-progress-phase"]');
      if (p) console.debug("phase:" + p.textContent.trim());
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  const dir = await scratch(t);
  const [file] = await Promise.all([
    page.waitForEvent("download", { timeout: 30000 }),
    (async () => {
      await page.getByTestId("make-backup").click();
      await expectText(page.getByTestId("backup-progress-phase"), "正在启动…");
      await expectText(page.getByTestId("backup-progress-cancel"), "取消");
    })(),
  ]);
  await file.saveAs(join(dir, file.suggestedFilename()));
  await expectMatch(page.getByTestId("backup-message"), /^已保存 Dossier-backup_R07_.*\.dossier-backup。$/, 15000);
  assert.ok(seen.includes("正在读取"), `phases shown: ${seen}`);
  assert.ok(seen.every((s) => /^[\u4e00-\u9fff：，。…]+$/.test(s)), `every phase in Chinese: ${seen}`);
});


test("the tab closed while a restore writes: the store stays empty, and the restore works after", async (t) => {
  const FILES = 3000;
  const dir = await scratch(t);
  const { page, app } = await laptop(t, env.site.url, []);
  const csv = join(dir, "客户名单.csv");
  await writeFile(csv, customerListCsv(FILES));
  await app.navLink("Customers").click();
  await page.getByTestId("import-link").click();
  await page.getByTestId("import-file").setInputFiles(csv);
  await page.getByTestId("import-confirm").click({ timeout: 30000 });
  await expectText(page.getByTestId("import-message"), `${FILES} files imported.`, 60000);
  await app.navLink("Settings").click();
  const backup = await download(page, page.getByTestId("make-backup"), dir);

  const fresh = await openApp(env.browser, env.site.url, { path: "/settings" });
  t.after(() => fresh.context.close());
  await fresh.page.getByTestId("restore-file").setInputFiles(backup);
  await fresh.page.getByTestId("restore-secret").fill(PASSPHRASE);
  await fresh.page.getByTestId("restore-button").click();
  await fresh.page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="restore-progress"]');
    if (el?.dataset.phase !== "Writing") return false;
    return Number(el.querySelector('[data-testid="restore-progress-count"]').textContent.split(" ")[0]) >= 250;
  }, null, { polling: 10, timeout: 60000 });
  await fresh.page.close();

  const again = await fresh.context.newPage();
  await again.goto(new URL("/settings", env.site.url).href);
  // Empty as before: the restore is offered again, and no file is listed.
  await again.getByTestId("restore").waitFor({ timeout: 15000 });
  const raw = await again.evaluate(async () => {
    const db = await new Promise((ok, fail) => { const r = indexedDB.open("dossier"); r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
    const counts = {};
    for (const name of db.objectStoreNames) {
      counts[name] = await new Promise((ok) => { const r = db.transaction(name).objectStore(name).count(); r.onsuccess = () => ok(r.result); });
    }
    db.close();
    return counts;
  });
  t.diagnostic(JSON.stringify(raw));
  assert.equal(raw.customers, 0, "no file was half restored");
  await again.getByTestId("restore-file").setInputFiles(backup);
  await again.getByTestId("restore-secret").fill(PASSPHRASE);
  await Promise.all([again.waitForEvent("load", { timeout: 60000 }), again.getByTestId("restore-button").click()]);
  await again.getByRole("navigation").getByRole("link", { name: "Customers", exact: true }).click();
  await expectText(again.getByTestId("result-count"), `${FILES} files`, 20000);
});
