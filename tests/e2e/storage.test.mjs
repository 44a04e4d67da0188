// Persistent storage: asked for at start, and a refusal is explained with what to do.
import assert from "node:assert/strict";
import { test } from "node:test";
import { expectText, openApp, useBrowserAndSite } from "./harness.mjs";

const env = useBrowserAndSite();

// Chromium decides persistence by its own heuristics; these stand in for its answer.
const browserThatRefusesUntilGranted = () => {
  let granted = false;
  window.__dossierAsked = 0;
  window.__grantPersistence = () => (granted = true);
  navigator.storage.persisted = async () => granted;
  navigator.storage.persist = async () => {
    window.__dossierAsked += 1;
    return granted;
  };
};
const browserThatKeepsStorage = () => {
  navigator.storage.persisted = async () => true;
  navigator.storage.persist = async () => true;
};

test("a refusal of persistent storage is explained, and asking again can fix it", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url, { initScript: browserThatRefusesUntilGranted });
  t.after(() => context.close());

  await app.persistenceRefused().waitFor();
  assert.equal(await page.evaluate(() => window.__dossierAsked), 1, "the app asked at start");
  await expectText(app.storageStatus(), "Storage may be cleared");
  assert.match(await app.persistenceRefused().innerText(), /Install[\s\S]*bookmark[\s\S]*export a bundle/);

  await app.persistenceAskAgain().click();
  await page.waitForFunction(() => window.__dossierAsked === 2);
  assert.equal(await app.persistenceRefused().count(), 1, "still refused, still explained");

  await page.evaluate(() => window.__grantPersistence());
  await app.persistenceAskAgain().click();
  await app.persistenceRefused().waitFor({ state: "detached" });
  await expectText(app.storageStatus(), "Storage kept");
  assert.deepEqual(problems, []);
});

test("granted persistent storage is shown without alarm", async (t) => {
  const { context, app, problems } = await openApp(env.browser, env.site.url, { initScript: browserThatKeepsStorage, locale: "zh-CN" });
  t.after(() => context.close());

  await expectText(app.storageStatus(), "存储已保留");
  assert.equal(await app.persistenceRefused().count(), 0);
  assert.deepEqual(problems, []);
});
