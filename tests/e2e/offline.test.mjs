// Offline-first: after one visit the app opens with no network; a new deployment is
// offered to the user, never forced on them, and never leaves them on the old build.
import assert from "node:assert/strict";
import { test } from "node:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AppPage, deploy, download, expectText, openApp, useBrowser } from "./harness.mjs";

const env = useBrowser();

test("after one visit the app opens and works with the network off", async (t) => {
  const site = await deploy();
  const { context, page, app, problems } = await openApp(env.browser, site.url);
  t.after(async () => {
    await context.close();
    await site.close();
  });

  await app.offlineReady().waitFor();
  await expectText(app.offlineReady().locator("p"), "Dossier is ready to work offline on this computer.");
  await app.waitForOfflineReady();

  await context.setOffline(true);
  await page.reload();
  await expectText(app.title(), "Customer files");
  await expectText(app.networkStatus(), "Offline");

  // Moving around and opening a bookmarked address work too, and the store opens.
  await app.navLink("Settings").click();
  await expectText(app.title(), "Settings");
  await app.storeCreated().filter({ hasText: "Local store created on" }).waitFor();
  await page.goto(`${site.url}/visits`);
  await expectText(app.title(), "Visits");

  // Back online, the header says so without a reload.
  await context.setOffline(false);
  await expectText(app.networkStatus(), "Online");
  assert.deepEqual(problems, []);
});

test("the app keeps working offline even with the server gone", async (t) => {
  const site = await deploy();
  const { context, page, app, problems } = await openApp(env.browser, site.url, { locale: "zh-CN" });
  t.after(() => context.close());
  await app.waitForOfflineReady();

  await site.close();
  await context.setOffline(true);
  await page.goto(`${site.url}/bundles`);
  await expectText(app.title(), "交换包");
  await expectText(app.networkStatus(), "离线");
  assert.deepEqual(problems, []);
});

test("a new deployment is offered, and taking it reloads onto the new build", async (t) => {
  const site = await deploy();
  const { context, page, app, problems } = await openApp(env.browser, site.url);
  t.after(async () => {
    await context.close();
    await site.close();
  });
  await app.waitForOfflineReady();
  const before = await page.evaluate(() => caches.keys());
  assert.equal(before.length, 1);

  await site.publishNewVersion("e2e-next-build");
  await page.reload();
  await app.updateReady().waitFor({ timeout: 15000 });
  await expectText(app.updateReady().locator("p"), "A new version of Dossier is ready. Your data stays as it is.");
  // Still on the old build until the user agrees.
  assert.equal(await app.updateWaiting(), true);
  await page.reload();
  await app.updateReady().waitFor();
  assert.equal(await app.updateWaiting(), true, "a reload alone does not switch builds");

  await app.takeUpdate();
  await expectText(app.title(), "Customer files");
  assert.deepEqual(await page.evaluate(() => caches.keys()), ["dossier-e2e-next-build"]);
  assert.equal(await app.updateReady().count(), 0);
  assert.equal(await app.updateWaiting(), false);
  assert.deepEqual(problems, []);
});

test("a tab open since the first visit reloads onto the update another tab takes", async (t) => {
  const site = await deploy();
  const { context, page, app, problems } = await openApp(env.browser, site.url);
  t.after(async () => {
    await context.close();
    await site.close();
  });
  await app.waitForOfflineReady();
  await site.publishNewVersion("e2e-next-build");
  const other = await context.newPage();
  await other.goto(site.url);
  const otherApp = new AppPage(other);
  await otherApp.updateReady().waitFor({ timeout: 15000 });
  // The first tab goes with it: it never runs the old build beside the new one's workers.
  const firstReloads = page.waitForEvent("load", { timeout: 15000 });
  await otherApp.takeUpdate();
  await firstReloads;
  await expectText(app.title(), "Customer files");
  assert.deepEqual(problems, []);
});

const OTHER_BUILD = "Dossier was updated while this page was open. Reload the page (F5), then try again: nothing was changed.";

test("a page older than the files it is served sends their workers nothing, says to reload, and works after it", async (t) => {
  const site = await deploy();
  // No service worker (as where a browser has none): a worker is loaded from the
  // server, whose files IT replaced under the open page.
  const { context, page, app, problems } = await openApp(env.browser, site.url, { serviceWorkers: "block" });
  const dir = await mkdtemp(join(tmpdir(), "dossier-other-build-"));
  t.after(async () => {
    await context.close();
    await site.close();
    await rm(dir, { recursive: true, force: true });
  });
  await app.setProfile("Li Wei", "R07");
  await app.createFiles("佛山永盛食品");
  await app.setPassphrase("harbour quince lattice ember");
  await site.nameBuild("0123456789abcdef");

  // The spreadsheet worker: no workbook, the reason, and no copy recorded.
  await app.navLink("Customers").click();
  await page.getByTestId("export-why").fill("e2e check");
  await page.getByTestId("export-list-xlsx").click();
  await expectText(page.getByTestId("export-message"), OTHER_BUILD, 15000);
  // The bundle worker: no backup.
  await app.navLink("Settings").click();
  await page.getByTestId("make-backup").click();
  await expectText(page.getByTestId("backup-message"), OTHER_BUILD, 15000);
  await expectText(page.getByTestId("last-backup"), "No backup made yet.");

  // Reloaded, the page is the files' build, and both work.
  await page.reload();
  await app.navLink("Bundles").click();
  await app.unlock("harbour quince lattice ember");
  await app.navLink("Settings").click();
  const backup = await download(page, page.getByTestId("make-backup"), dir);
  assert.match(backup, /\.dossier-backup$/);
  await app.navLink("Customers").click();
  await page.getByTestId("export-why").fill("e2e check");
  const workbook = await download(page, page.getByTestId("export-list-xlsx"), dir);
  assert.match(workbook, /\.xlsx$/);
  assert.deepEqual(problems, []);
});
