// Bilingual interface: the browser's language by default, the user's choice once made.
import assert from "node:assert/strict";
import { test } from "node:test";
import { expectText, openApp, useBrowserAndSite } from "./harness.mjs";

const env = useBrowserAndSite();

test("a Chinese browser gets the Chinese interface", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url, { locale: "zh-CN" });
  t.after(() => context.close());

  await expectText(app.title(), "客户档案");
  assert.deepEqual(await app.navTexts(), ["客户", "拜访", "复查", "报表", "投诉", "交换包", "审批", "登记簿", "设置"]);
  assert.equal(await page.evaluate(() => document.documentElement.lang), "zh-CN");
  assert.equal(await page.title(), "客户档案");
  assert.deepEqual(problems, []);
});

test("switching language changes every visible text and is remembered", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url, { locale: "en-US" });
  t.after(() => context.close());
  await expectText(app.title(), "Customer files");
  await expectText(app.networkStatus(), "Online");

  await app.language("zh-CN").click();
  await expectText(app.title(), "客户档案");
  await expectText(app.networkStatus(), "在线");
  await expectText(app.emptyState().locator("p").first(), "还没有客户档案。");
  assert.deepEqual(await app.navTexts(), ["客户", "拜访", "复查", "报表", "投诉", "交换包", "审批", "登记簿", "设置"]);
  assert.equal(await app.language("zh-CN").getAttribute("aria-pressed"), "true");
  assert.equal(await page.evaluate(() => document.documentElement.lang), "zh-CN");
  // No English left in the visible page but names that are the same in both (file formats too).
  const body = await page.locator("body").innerText();
  // The page's own address (where the empty store's data lives) is an address, not text.
  assert.doesNotMatch(body.replace(/https?:\/\/[\w.:-]+|English|Dossier|CSV|Excel|vCard|\d+(\.\d)? [KMGT]?B/g, ""), /[A-Za-z]{3,}/, body);

  await page.reload();
  await expectText(app.title(), "客户档案");

  await app.language("en").click();
  await expectText(app.title(), "Customer files");
  assert.equal(await page.evaluate(() => document.documentElement.lang), "en");
  assert.deepEqual(problems, []);
});
