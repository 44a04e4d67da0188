// Offline-first: after one visit the app opens with no network; a new deployment is
// offered to the user, never forced on them, and never leaves them on the old build.
import assert from "node:assert/strict";
import { test } from "node:test";
import { deploy, expectText, openApp, useBrowser } from "./harness.mjs";

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
