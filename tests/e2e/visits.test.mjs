// The visit-call form, filled on site: nothing typed is lost to a closed tab or a dead
// battery, drafts wait until submitted, and a submitted visit is final.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { download, expectMatch, expectText, openApp, readWorkbook, useBrowserAndSite } from "./harness.mjs";

const env = useBrowserAndSite();

test("half a visit form survives an abrupt close, reopens offline intact, and can be submitted", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());
  await app.waitForOfflineReady();
  await app.setProfile("Li Wei", "R07");
  await app.startNewCustomer();
  await app.field("Customer name").fill("佛山永盛食品");
  await page.getByRole("button", { name: "Allergy", exact: true }).click();
  await page.getByTestId("preference-row").last().getByLabel("Details").fill("花生过敏");
  await app.save();
  await expectText(app.title(), "佛山永盛食品");

  await page.getByTestId("record-visit").click();
  await expectText(app.title(), "Visit: 佛山永盛食品");
  // The customer's preferences are beside the form.
  await expectMatch(page.locator("aside").getByTestId("before-visit"), /Allergy\s*花生过敏/);
  await app.visitField("Purpose").fill("新品推介");
  await app.visitField("Discussion summary").fill("客户对低糖系列有兴趣，要求下周报价");
  await page.getByTestId("add-follow-up").click();
  await page.getByTestId("follow-up-row").getByLabel("Action", { exact: true }).fill("发送报价单");
  const visitUrl = page.url();

  // The battery dies: no save, no goodbye.
  await page.close({ runBeforeUnload: false });
  await context.setOffline(true);
  const again = await context.newPage();
  await again.goto(visitUrl);
  const reopened = new app.constructor(again);
  await reopened.visitField("Discussion summary").waitFor();
  assert.equal(await reopened.visitField("Purpose").inputValue(), "新品推介");
  assert.equal(await reopened.visitField("Discussion summary").inputValue(), "客户对低糖系列有兴趣，要求下周报价");
  assert.equal(await again.getByTestId("follow-up-row").getByLabel("Action", { exact: true }).inputValue(), "发送报价单");

  // The draft is listed until submitted.
  await reopened.navLink("Visits").click();
  await expectMatch(again.getByTestId("visit-drafts"), /佛山永盛食品\s*Personal visit\s*Draft\s*客户对低糖系列/);
  await again.getByTestId("visit-drafts").getByTestId("visit-link").first().click();

  // A follow-up without a due date is refused, and said so beside the field.
  await again.getByTestId("submit-visit").click();
  await again.getByTestId("form-errors").waitFor();
  await expectMatch(again.getByTestId("follow-up-row").locator("div.field").filter({ hasText: "Due" }), /Required\./);
  await again.getByTestId("follow-up-row").getByLabel("Due", { exact: true }).fill("2030-01-15");
  await again.getByTestId("submit-visit").click();

  await expectText(reopened.title(), "佛山永盛食品");
  await expectMatch(again.getByTestId("customer-visits"), /Personal visit\s*客户对低糖系列/);
  assert.doesNotMatch(await again.getByTestId("customer-visits").innerText(), /Draft/);
  await again.getByTestId("customer-visits").getByTestId("visit-link").first().click();
  await expectMatch(again.getByTestId("visit-record"), /^Submitted by Li Wei on \d{4}-\d\d-\d\d \d\d:\d\d[\s\S]*新品推介[\s\S]*发送报价单 · 2030-01-15$/);
  assert.equal(await again.locator("form.visit-form").count(), 0, "a submitted visit is no longer editable");

  // A correction is added below; the original stays as submitted.
  await again.getByTestId("amendment-text").fill("报价应为含税价");
  await again.getByTestId("add-amendment").click();
  await expectMatch(again.getByTestId("amendment"), /^Li Wei, \d{4}-\d\d-\d\d \d\d:\d\d\s*报价应为含税价$/);
  await again.reload();
  await expectMatch(again.getByTestId("amendment"), /报价应为含税价/);
  await expectMatch(again.getByTestId("visit-record"), /客户对低糖系列有兴趣，要求下周报价/);
  assert.deepEqual(problems, []);
});

test("a fact learned during a visit goes into the file, with the visit as the reason in its history", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());
  await app.setProfile("Li Wei", "R07");
  await app.startNewCustomer();
  await app.field("Customer name").fill("江门安信电器");
  await app.field("Phone").fill("0750-1234567");
  await app.save();
  await page.getByTestId("record-visit").click();
  await app.visitField("Discussion summary").fill("换了新的办公电话");
  const visitUrl = page.url();

  await page.getByTestId("update-customer-file").click();
  await app.field("Phone").fill("0750-7654321");
  const today = await page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  });
  assert.equal(await page.getByTestId("change-reason").inputValue(), `Learned during the visit of ${today}`);
  await app.save();
  await expectMatch(app.history().first(), new RegExp(`Reason: Learned during the visit of ${today}[\\s\\S]*Phone: 0750-1234567 → 0750-7654321`));

  // The visit draft waited where it was.
  await page.goto(visitUrl);
  assert.equal(await app.visitField("Discussion summary").inputValue(), "换了新的办公电话");
  assert.deepEqual(problems, []);
});

test("follow-ups appear in the agenda on their due date, overdue ones stand out, done ones leave", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());
  const [today, yesterday] = await page.evaluate(() => {
    const iso = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
    const now = new Date();
    return [iso(now), iso(new Date(now.getTime() - 86400000))];
  });
  await app.setProfile("Li Wei", "R07");
  await app.startNewCustomer();
  await app.field("Customer name").fill("东莞利民五金");
  await app.save();
  await page.getByTestId("record-visit").click();
  await app.visitField("Discussion summary").fill("确认了样品规格");
  await app.visitField("Next visit").fill(today);
  for (const [action, due] of [["打电话确认交期", today], ["寄送样品", yesterday]]) {
    await page.getByTestId("add-follow-up").click();
    const row = page.getByTestId("follow-up-row").last();
    await row.getByLabel("Action", { exact: true }).fill(action);
    await row.getByLabel("Due", { exact: true }).fill(due);
  }
  await page.getByTestId("submit-visit").click();
  await expectText(app.title(), "东莞利民五金");

  await app.navLink("Visits").click();
  const todayList = page.getByTestId("agenda-today");
  await expectMatch(todayList, new RegExp(`${today}\\s*Planned visit\\s*东莞利民五金`));
  await expectMatch(todayList, new RegExp(`${today}\\s*Follow-up\\s*东莞利民五金\\s*打电话确认交期`));
  await expectMatch(page.getByTestId("agenda-overdue"), new RegExp(`${yesterday}\\s*Follow-up\\s*东莞利民五金\\s*寄送样品`));
  assert.equal(await page.locator("h3.overdue").count(), 1);

  await page.getByTestId("agenda-overdue").getByTestId("follow-up-done").click();
  await page.getByTestId("agenda-overdue").waitFor({ state: "detached" });
  assert.equal(await todayList.getByTestId("agenda-item").count(), 2);
  await page.reload();
  assert.equal(await page.getByTestId("agenda-overdue").count(), 0, "done stays done");
  assert.deepEqual(problems, []);
});

test("the agenda names the customers whose best time to visit is now, not the others", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());
  await app.setProfile("Li Wei", "R07");
  const hour = await page.evaluate(() => new Date().getHours());
  const now = `每天 ${Math.max(0, hour - 1)}:00-${Math.min(24, hour + 2)}:00`;
  const later = `每天 ${(hour + 4) % 24}:00-${(hour + 4) % 24}:30`;
  for (const [name, time] of [["肇庆华信五金", now], ["清远宏达纸业", later], ["韶关金穗米业", "月初"]]) {
    await app.startNewCustomer();
    await app.field("Customer name").fill(name);
    await app.field("Best time to visit").fill(time);
    await app.save();
    await expectText(app.title(), name);
  }
  await app.navLink("Visits").click();
  await expectMatch(page.getByTestId("visitable-now"), new RegExp(`Good time to visit now[\\s\\S]*肇庆华信五金\\s*${now}`));
  const listed = await page.getByTestId("visitable").allTextContents();
  assert.equal(listed.length, 1, `only the customer open now: ${listed}`);
  await page.getByTestId("visitable").getByRole("link").click();
  await expectText(app.title(), "肇庆华信五金");
  assert.deepEqual(problems, []);
});

test("the key customer survey is taken on a visit, averaged by item in the reports, and printed blank and filled", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());
  const artifacts = new URL("../../target/e2e-artifacts/", import.meta.url).pathname;
  mkdirSync(artifacts, { recursive: true });
  await app.setProfile("Li Wei", "R07");
  await app.startNewCustomer();
  await app.field("Customer name").fill("东莞利民五金");
  await app.save();
  // Two surveys: (service quality, attitude, packaging) = (5, 4, 2) taken on a visit,
  // and (4, 2, not rated) filled in by the customer and sent back by mail on its own.
  for (const [summary, ratings, how] of [
    ["季度回访", { "Quality of service": "Very satisfied", Attitude: "Satisfied", "Packaging design": "Dissatisfied" }, "record-visit"],
    ["客户寄回的调查表", { "Quality of service": "Satisfied", Attitude: "Dissatisfied" }, "record-survey"],
  ]) {
    await app.navLink("Customers").click();
    await app.customerRows().first().click();
    await page.getByTestId(how).click();
    const method = await app.visitField("Method").locator("option:checked").textContent();
    assert.equal(method, how === "record-survey" ? "Mail" : "Personal visit");
    await app.visitField("Discussion summary").fill(summary);
    for (const [item, level] of Object.entries(ratings)) await app.visitField(item).selectOption({ label: level });
    await page.getByTestId("submit-visit").click();
    await expectText(app.title(), "东莞利民五金");
  }

  // The reports average each item over the surveys that rated it: service quality
  // (5 + 4) / 2 = 4.50 over 2; attitude (4 + 2) / 2 = 3.00 over 2; packaging 2.00 over 1.
  await app.navLink("Reports").click();
  const rows = page.getByTestId("report-survey").locator("tbody tr");
  await expectMatch(rows.filter({ hasText: "Quality of service" }), /^Quality of service\s*4\.50\s*2$/);
  await expectMatch(rows.filter({ hasText: "Attitude" }), /^Attitude\s*3\.00\s*2$/);
  await expectMatch(rows.filter({ hasText: "Packaging design" }), /^Packaging design\s*2\.00\s*1$/);
  await expectMatch(rows.filter({ hasText: "Efficiency" }), /^Efficiency\s*0$/);

  // The first visit's survey, printed in Chinese: ■ at each level chosen.
  await app.navLink("Visits").click();
  await page.getByTestId("visits-submitted").getByTestId("visit-link").filter({ hasText: "季度回访" }).click();
  await expectMatch(page.getByTestId("visit-survey-record"), /Quality of service\s*Very satisfied/);
  await page.getByTestId("print-survey").click();
  await app.language("zh-CN").click();
  await expectText(page.getByTestId("print-form-title"), "大客户意见调查表");
  const tick = (item, level) => page.locator(`td.tick[data-item="${item}"][data-level="${level}"]`);
  await expectText(tick("ServiceQuality", 5), "■");
  await expectText(tick("ServiceQuality", 4), "□");
  await expectText(tick("Packaging", 2), "■");
  await expectText(page.locator('td[data-slot="Customer"]'), "东莞利民五金");
  const filled = join(artifacts, "大客户意见调查表.pdf");
  await page.pdf({ path: filled, format: "A4", printBackground: true });
  await page.emulateMedia({ media: "print" });
  await page.screenshot({ path: join(artifacts, "大客户意见调查表.png"), fullPage: true });
  await page.emulateMedia({ media: null });
  const text = execFileSync("pdftotext", ["-layout", filled, "-"], { encoding: "utf8" }).replace(/[ \t]+/g, " ");
  for (const seen of ["大客户意见调查表", "客户名称", "东莞利民五金", "填表人", "Li Wei", "调查内容", "非常满意", "非常不满意",
    "服务质量", "服务态度", "办事效率", "服务人员的专业水平", "公司产品", "产品质量", "包装设计"]) {
    assert.ok(text.includes(seen), `the survey shows "${seen}":\n${text}`);
  }
  assert.equal((text.match(/■/g) ?? []).length, 3, "three answers ticked");
  // The same answers as a workbook: the grid, then the customer's boxes.
  const book = readWorkbook(await download(page, page.getByTestId("export-form-xlsx"), artifacts));
  assert.deepEqual(book.sheets, ["大客户意见调查表", "客户名称"]);
  const grid = book.rows.map((r) => r.map(([, v]) => v));
  assert.deepEqual(grid[0], ["调查内容", "项目", "非常满意", "满意", "一般", "不满意", "非常不满意"]);
  assert.deepEqual(grid.find((r) => r[1] === "服务质量"), ["服务", "服务质量", "■", "□", "□", "□", "□"]);
  assert.equal(grid.flat().filter((v) => v === "■").length, 3);

  // Blank, to fill by hand: every box empty.
  await page.goto(new URL("/survey/print", page.url()).href);
  await expectText(page.getByTestId("print-form-title"), "大客户意见调查表", 15000);
  assert.equal(await page.locator("td.tick").count(), 30, "six items by five levels");
  assert.equal(await page.locator("td.tick", { hasText: "■" }).count(), 0);
  await app.language("en").click();
  assert.deepEqual(problems, []);
});
