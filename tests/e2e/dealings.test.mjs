// Seed 001's customer information and increase/decrease report as a rep and head office
// use them: a change to a file says why before it is saved; direct or indirect, credit
// and discretion on the file; sales by month entered by hand or imported from a
// spreadsheet and counted by the reports; contacts' birthdays on the agenda a week ahead.
import assert from "node:assert/strict";
import { test } from "node:test";
import { expectMatch, expectText, openApp, useBrowserAndSite } from "./harness.mjs";

const env = useBrowserAndSite();

/** The browser's local date `days` from today, as YYYY-MM-DD. */
async function localDate(page, days = 0) {
  return page.evaluate((days) => {
    const d = new Date();
    d.setDate(d.getDate() + days);
    const p = (n) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
  }, days);
}

/** The month `back` months before this one, as YYYY-MM. */
async function localMonth(page, back = 0) {
  return page.evaluate((back) => {
    const d = new Date();
    d.setDate(1);
    d.setMonth(d.getMonth() - back);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
  }, back);
}

test("a change to a file is refused without its reason, said before saving, and kept with it", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());
  await app.setProfile("Li Wei", "R07");
  await app.createFiles("佛山顺德五金厂");

  await page.getByTestId("edit-customer").click();
  // The form says the reason is needed before anything is saved.
  await expectText(page.locator("label.reason .field-label"), "Reason for this change (required)");
  await expectText(page.locator("#change-reason-hint"), "Every change to a file records when, who and why.");
  await app.field("Phone").fill("0757-2222 3333");
  await page.getByTestId("save-customer").click();
  await expectText(page.getByTestId("need-reason"), "Say why the file is changed before saving it.");
  assert.match(page.url(), /\/edit$/, "still on the form");
  // Nothing was saved: the file still has no phone.
  await page.getByTestId("change-reason").fill("客户来电更正电话");
  await page.getByTestId("save-customer").click();
  await expectText(app.title(), "佛山顺德五金厂");
  await expectMatch(app.history().first(), /Reason: 客户来电更正电话/);
  await expectMatch(app.history().first(), /Phone: — → 0757-2222 3333/);
  assert.equal(await app.history().count(), 2, "created, then the one change");

  // A save that changes nothing needs no reason.
  await page.getByTestId("edit-customer").click();
  await page.getByTestId("save-customer").click();
  await expectText(app.title(), "佛山顺德五金厂");
  assert.equal(await app.history().count(), 2);
  assert.deepEqual(problems, []);
});

test("direct or indirect, credit and discretion go on the file, and hand-entered sales count in the reports", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());
  await app.setProfile("Li Wei", "R07");

  await app.startNewCustomer();
  await app.field("Customer name").fill("江门直销电器");
  await app.field("Province").fill("广东");
  await app.field("Direct or indirect customer").selectOption({ label: "Direct customer" });
  await app.field("Nature of the enterprise").fill("民营企业");
  await app.field("Main business").fill("小家电");
  await app.field("Credit limit (yuan)").fill("50万");
  await app.field("Bad debts written off (yuan)").fill("lots");
  await app.field("Asked for discretion (confidential service)").check();
  await app.field("What was agreed to keep confidential").fill("不向同行透露采购价");
  await app.save();
  // A bad amount is named at its field; nothing saved.
  await expectMatch(page.getByTestId("form-errors"), /Some fields need attention/);
  await app.field("Bad debts written off (yuan)").fill("");
  await app.save();
  await expectText(app.title(), "江门直销电器");
  const dealings = page.getByTestId("dealings");
  await expectMatch(dealings, /Direct or indirect customer\s*Direct customer/);
  await expectMatch(dealings, /Credit limit \(yuan\)\s*500,000/);
  await expectMatch(dealings, /Asked for discretion \(confidential service\)\s*Yes/);
  await expectMatch(dealings, /不向同行透露采购价/);

  // Sales entered by month on the file.
  const [now, last] = [await localMonth(page, 0), await localMonth(page, 1)];
  await page.getByTestId("sales-month").fill(last);
  await page.getByTestId("sales-amount").fill("12,000");
  await page.getByTestId("sales-save").click();
  await expectText(page.getByTestId("sales-total"), "12,000");
  await page.getByTestId("sales-month").fill(now);
  await page.getByTestId("sales-amount").fill("3万");
  await page.getByTestId("sales-save").click();
  await expectText(page.getByTestId("sales-total"), "42,000");
  await page.getByTestId("sales-amount").fill("abc");
  await page.getByTestId("sales-save").click();
  await expectMatch(page.getByTestId("sales-problem"), /^Not a number\./);
  await expectText(page.getByTestId("sales-total"), "42,000");
  await expectMatch(app.history().first(), new RegExp(`Sales of ${now} recorded`));

  // An indirect customer, new this month, with sales this month.
  await app.startNewCustomer();
  await app.field("Customer name").fill("中山代理商行");
  await app.field("Province").fill("广东");
  await app.field("Direct or indirect customer").selectOption({ label: "Indirect customer" });
  await app.save();
  await expectText(app.title(), "中山代理商行");
  await page.getByTestId("sales-month").fill(now);
  await page.getByTestId("sales-amount").fill("8000");
  await page.getByTestId("sales-save").click();
  await expectText(page.getByTestId("sales-total"), "8,000");

  await app.navLink("Reports").click();
  await page.getByTestId("report-from").fill(now);
  await page.getByTestId("report-from").dispatchEvent("change");
  await page.getByTestId("report-to").fill(now);
  await page.getByTestId("report-to").dispatchEvent("change");
  const split = page.getByTestId("report-movement-split");
  const rows = split.locator("tbody tr");
  // As seed 001's form: a row for this month, then the period (the same month), direct
  // and indirect side by side. Both files are new this month: the direct one's 30,000
  // and the indirect one's 8,000 are new customers' sales; last month's 12,000 is the
  // period before.
  await expectMatch(split.locator("thead"), /Month\s*Direct customers\s*Indirect customers\s*Direct customers' sales\s*Indirect customers' sales\s*At the start\s*New\s*Closed\s*At the end\s*Increase/);
  const counts = "0\\s*1\\s*0\\s*1\\s*\\+1";
  await expectMatch(rows.nth(0), new RegExp(`${now}\\s*${counts}\\s*${counts}\\s*0\\s*30,000\\s*30,000\\s*12,000\\s*0\\s*8,000\\s*8,000\\s*0`));
  await expectMatch(rows.nth(1), new RegExp(`Period ${now}–${now}\\s*${counts}\\s*${counts}\\s*0\\s*30,000\\s*30,000\\s*12,000\\s*0\\s*8,000\\s*8,000\\s*0`));
  assert.equal(await rows.count(), 2);
  // The region's share of sales comes from the same figures: all in 广东.
  await expectMatch(page.getByTestId("report-regions").locator("tbody tr").first(), /广东\s*2\s*100\.0%\s*38,000\s*100\.0%/);

  // In Chinese, the regulations' words.
  await app.language("zh-CN").click();
  await expectMatch(split.locator("thead"), /月份\s*直接客户数\s*间接客户数\s*直接客户销售额\s*间接客户销售额\s*原有客户\s*新增客户\s*减少（销户）\s*现有客户\s*增加[\s\S]*原客户\s*新客户\s*本期销售\s*上期销售/);
  await expectMatch(rows.nth(1), new RegExp(`本期 ${now}–${now}`));
  assert.deepEqual(problems, []);
});

test("sales imported from a spreadsheet: each row checked by number, then written to its file", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());
  await app.setProfile("Li Wei", "R07");
  await app.createFiles("肇庆甲商行", "肇庆乙商行");
  const month = await localMonth(page, 0);
  const csv = [
    "客户名称,月份,销售额",
    `肇庆甲商行,${month.replace("-", "年")}月,"1,500"`,
    `R07-2026-00002,${month},2万`,
    `不存在的公司,${month},100`,
    `肇庆甲商行,十一月,100`,
    `肇庆乙商行,${month},很多`,
    `合计,,"21,500"`,
  ].join("\r\n");
  await app.navLink("Customers").click();
  await page.goto(new URL("/customers/import", page.url()).href);
  await page.getByTestId("sales-import-file").setInputFiles({
    name: "销售额.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(csv, "utf8"),
  });
  await expectText(
    page.getByTestId("sales-import-summary"),
    "2 rows for 2 files can be imported; 4 rows have problems and will be left out.",
  );
  const listed = await page.getByTestId("sales-import-problem").allTextContents();
  assert.deepEqual(listed.map((s) => s.replace(/\s+/g, " ").trim()), [
    "Row 4 No file has this archive number or name.",
    "Row 5 Choose a month.",
    "Row 6 The amount is missing or is not an amount.",
    "Row 7 a total row, not imported",
  ]);
  await page.getByTestId("sales-import-confirm").click();
  await expectText(page.getByTestId("sales-import-message"), "Sales recorded on 2 files.");

  await app.openFile("肇庆乙商行");
  await expectText(page.getByTestId("sales-total"), "20,000");
  await expectMatch(app.history().first(), /Sales imported from 销售额\.csv/);
  await app.openFile("肇庆甲商行");
  await expectMatch(page.getByTestId("sales-row").first(), new RegExp(`${month}\\s*1,500`));
  assert.deepEqual(problems, []);
});

test("a contact's birthday and anniversary come up on the agenda a week ahead", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());
  await app.waitForOfflineReady();
  await app.setProfile("Li Wei", "R07");
  const soon = await localDate(page, 3);
  const later = await localDate(page, 9);
  await app.startNewCustomer();
  await app.field("Customer name").fill("东莞关怀电子");
  await page.getByTestId("add-contact").click();
  await app.contactField(0, "Name").fill("陈立");
  await app.contactField(0, "Birthday").fill(`1980-${soon.slice(5)}`);
  await page.getByTestId("add-contact").click();
  await app.contactField(1, "Name").fill("王芳");
  await app.contactField(1, "Birthday").fill(`1990-${later.slice(5)}`);
  await app.contactField(1, "Anniversary").fill(`2016-${soon.slice(5)}`);
  await app.save();
  await expectText(app.title(), "东莞关怀电子");

  await app.navLink("Visits").click();
  const items = page.getByTestId("agenda-occasions").getByTestId("agenda-item");
  const years = Number(soon.slice(0, 4));
  await expectMatch(items.first(), new RegExp(`${soon}\\s*(Birthday\\s*东莞关怀电子\\s*陈立, ${years - 1980} years old|Anniversary\\s*东莞关怀电子\\s*王芳, ${years - 2016} years)`));
  assert.equal(await items.count(), 2, "王芳's birthday is nine days ahead: not yet");
  await expectMatch(page.getByTestId("agenda-occasions"), new RegExp(`王芳, ${years - 2016} years`));

  // Still there after an offline reload.
  await context.setOffline(true);
  await page.reload();
  await expectMatch(page.getByTestId("agenda-occasions"), /陈立/);
  assert.deepEqual(problems, []);
});
