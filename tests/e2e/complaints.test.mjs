// The complaint register: numbered on registration, saved as typed, an accepted
// complaint past its promised deadline stands out, and closing needs its result. A
// complaint goes through seed 001's stages (received, decided, investigated, handled),
// keeps its history, prints on the seed's forms, and counts in the statistics.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { expectMatch, expectText, openApp, useBrowserAndSite } from "./harness.mjs";

const env = useBrowserAndSite();
/** Where the printed forms are left, as PDF and PNG, for a person to look at. */
const ARTIFACTS = new URL("../../target/e2e-artifacts/", import.meta.url).pathname;
mkdirSync(ARTIFACTS, { recursive: true });

test("a complaint past its deadline is flagged in the register, the agenda and beside a visit, until closed", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());
  const yesterday = await page.evaluate(() => {
    const d = new Date(Date.now() - 86400000);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  });
  await app.setProfile("Li Wei", "R07");
  await app.startNewCustomer();
  await app.field("Customer name").fill("中山百佳超市");
  await app.save();
  await expectText(app.title(), "中山百佳超市");

  await page.getByTestId("register-complaint").click();
  const year = new Date().getFullYear();
  await expectText(app.title(), `Complaint R07-${year}-T0001`);
  const field = (label) => page.locator("form.complaint-form").getByLabel(label, { exact: true });
  await field("Description").fill("第三批货物包装破损");
  await field("Customer's demand").fill("补发");
  await field("Decision").selectOption({ label: "Accepted" });
  await field("Promised deadline").fill(yesterday);
  await field("Responsible department").fill("物流部");

  // The register flags it, and so does the agenda.
  await app.navLink("Complaints").click();
  await expectMatch(page.getByTestId("complaints"), new RegExp(`R07-${year}-T0001.*中山百佳超市\\s*Product\\s*Open\\s*Overdue`));
  await app.navLink("Visits").click();
  await expectMatch(page.getByTestId("agenda-overdue"), /Complaint past its deadline\s*中山百佳超市\s*R07-\d{4}-T0001/);

  // Beside a visit form, the open complaint is shown before the rep speaks.
  await app.navLink("Customers").click();
  await app.customerRows().first().click();
  await page.getByTestId("record-visit").click();
  await expectMatch(page.getByTestId("open-complaints"), /T0001[\s\S]*第三批货物包装破损/);

  // Closing without a result is refused; with one it closes and leaves the agenda.
  await page.getByTestId("open-complaints").getByTestId("complaint-link").click();
  await page.getByTestId("close-complaint").click();
  await expectMatch(page.locator("div.field").filter({ hasText: /^Result/ }), /Required\./);
  await field("Result").fill("已补发，客户签收");
  await page.getByTestId("close-complaint").click();
  await expectMatch(page.getByTestId("complaint-status"), /^Closed$/);
  await expectText(page.getByTestId("complaint-saved"), "All changes saved on this laptop.");
  await page.reload();
  await expectMatch(page.getByTestId("complaint-status"), /^Closed$/);
  await app.navLink("Complaints").click();
  await page.getByTestId("complaints").getByText("T0001").waitFor();
  assert.equal(await page.getByTestId("overdue-mark").count(), 0);

  // The customer's timeline tells the story, newest first.
  await app.navLink("Customers").click();
  await app.customerRows().first().click();
  await page.getByTestId("timeline-entry").nth(2).waitFor();
  const timeline = (await page.getByTestId("timeline-entry").allInnerTexts()).map((t) => t.replace(/^\S+ \S+ /, ""));
  assert.deepEqual(timeline, [
    "File created by Li Wei",
    `Complaint R07-${year}-T0001 closed`,
    `Complaint R07-${year}-T0001 received`,
  ]);
  assert.deepEqual(problems, []);
});

/** A date `days` from today in the page's time zone, as YYYY-MM-DD. */
function dayFromToday(page, days) {
  return page.evaluate((days) => {
    const d = new Date(Date.now() + days * 86400000);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  }, days);
}

test("a complaint filled through its stages, its history kept, printed on seed 001's handling report and counted in the statistics", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());
  const [today, promised, fiveDaysAgo] = [await dayFromToday(page, 0), await dayFromToday(page, 5), await dayFromToday(page, -5)];
  const year = today.slice(0, 4);
  await app.setProfile("Li Wei", "R07");
  await app.startNewCustomer();
  await app.field("Customer name").fill("中山百佳超市");
  await app.field("Phone").fill("0760-88001234");
  await app.save();
  await expectText(app.title(), "中山百佳超市");

  // Registered: the first entry of its history names who.
  await page.getByTestId("register-complaint").click();
  await expectText(app.title(), `Complaint R07-${year}-T0001`);
  await expectMatch(page.getByTestId("complaint-change").first(), /^\d{4}-\d\d-\d\d \d\d:\d\d · Li Wei \(R07\) · Registered$/);
  const field = (label) => page.locator("form.complaint-form").getByLabel(label, { exact: true });
  // Received: how it came in, how urgent, what was bought.
  await field("Description").fill("第三批洗衣液外箱破损，三箱渗漏");
  await field("How it came in").selectOption({ label: "Phone" });
  await field("Urgency").selectOption({ label: "Urgent" });
  await field("Customer's demand").fill("补发三箱");
  await field("Product bought").fill("洗衣液 2L");
  await field("Quantity").fill("3 箱");
  await field("Order no.").fill("SO-2026-1187");
  // Decided: accepted, with the promised date.
  await field("Decision").selectOption({ label: "Accepted" });
  await field("Promised deadline").fill(promised);
  // Investigated and handled.
  await field("Cause").fill("运输途中挤压");
  await field("Findings").fill("外箱强度不足");
  await field("Measures to improve").fill("改用五层瓦楞纸箱");
  await field("Handler").fill("王静");
  await field("Settled by").selectOption({ label: "Exchange" });
  await field("Loss (yuan)").fill("about 300");
  await field("Result").fill("已换货，客户签收");
  // A loss that is no amount is refused on closing, and the form says which field.
  await page.getByTestId("close-complaint").click();
  await expectMatch(page.locator("div.field").filter({ hasText: /^Loss \(yuan\)/ }), /number/i);
  await field("Loss (yuan)").fill("1,200");
  await field("Handled on").fill(today);
  await page.getByTestId("close-complaint").click();
  await expectMatch(page.getByTestId("complaint-status"), /^Closed$/);
  await expectText(page.getByTestId("complaint-saved"), "All changes saved on this laptop.");

  // Its history, newest first, after a reload: who, when, and what or why.
  await page.reload();
  await expectMatch(page.getByTestId("complaint-change").first(), /Closed$/, 15000);
  const history = await page.getByTestId("complaint-change").allTextContents();
  const said = history.map((h) => h.replace(/^\d{4}-\d\d-\d\d \d\d:\d\d · /, ""));
  assert.equal(said[0], "Li Wei (R07) · Closed");
  assert.ok(said.includes(`Li Wei (R07) · Accepted, to be handled by ${promised}`), said.join("\n"));
  assert.equal(said.at(-1), "Li Wei (R07) · Registered");
  const edited = said.filter((s) => s.startsWith("Li Wei (R07) · Changed: "));
  for (const part of ["Description", "How it came in", "Urgency", "What was bought", "Investigation", "Handling", "Result"]) {
    assert.ok(edited.some((s) => s.includes(part)), `"${part}" is named among the changes: ${edited}`);
  }

  // Printed on seed 001's 投诉处理报告表, in Chinese.
  await page.getByTestId("print-report").click();
  await expectText(page.getByTestId("print-form-title"), "Complaint handling report");
  await app.language("zh-CN").click();
  await expectText(page.getByTestId("print-form-title"), "投诉处理报告表");
  const box = (slot) => page.getByTestId("print-form").locator(`td[data-slot="${slot}"]`);
  await expectText(box("Channel"), "□ 信件  □ 传真  ■ 电话  □ 来访  □ 其他");
  await expectText(box("Urgency"), "□ 特急  ■ 急  □ 一般");
  await expectText(box("Handler"), "王静");
  await expectText(box("HandledOn"), today);
  const pdf = join(ARTIFACTS, "投诉处理报告表.pdf");
  await page.pdf({ path: pdf, format: "A4", printBackground: true });
  await page.emulateMedia({ media: "print" });
  await page.screenshot({ path: join(ARTIFACTS, "投诉处理报告表.png"), fullPage: true });
  await page.emulateMedia({ media: null });
  const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
  assert.match(info, /^Pages:\s+1$/m, "one A4 page");
  assert.match(info, /^Page size:.* pts \(A4\)$/m);
  // The PDF's text, its runs of spaces (how pdftotext lays columns out) made one.
  const pdfText = (file) => execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).replace(/[ \t]+/g, " ");
  const text = pdfText(pdf);
  for (const seen of [
    "投诉处理报告表", `R07-${year}-T0001`, "报告人", "Li Wei", "投诉客户姓名", "中山百佳超市", "0760-88001234",
    "投诉方式", "■ 电话", "投诉日期", "投诉问题描述", "第三批洗衣液外箱破损，三箱渗漏", "处理紧急程度", "■ 急",
    "承办人", "王静", "改进对策或处理方式", "改用五层瓦楞纸箱", "处理时间", "原因调查", "运输途中挤压", "外箱强度不足",
    "承办人签字", "部门主管签字",
  ]) {
    assert.ok(text.includes(seen), `the printed form shows "${seen}":\n${text}`);
  }
  assert.ok(!text.includes("客户档案") && !text.includes("打印"), "no app header or buttons on paper");
  // The same boxes as an Excel workbook: one row per box, the value beside its heading.
  const [xlsx] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-form-xlsx").click()]);
  const saved = join(ARTIFACTS, "投诉处理报告表.xlsx");
  await xlsx.saveAs(saved);
  assert.match(xlsx.suggestedFilename(), new RegExp(`^report-R07-${year}-T0001-\\d{4}-\\d\\d-\\d\\d\\.xlsx$`));
  const cells = execFileSync("unzip", ["-p", saved, "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"], { encoding: "utf8" });
  for (const seen of ["项目", "内容", "投诉问题描述", "第三批洗衣液外箱破损，三箱渗漏", "承办人", "王静"]) {
    assert.ok(cells.includes(seen), `the workbook holds "${seen}"`);
  }

  // The other two forms print too, from the same record.
  const printBase = new URL(page.url()).pathname.replace(/\/report$/, "");
  for (const [form, title, shows] of [
    ["register", "客户投诉登记表", ["受理编号", `R07-${year}-T0001`, "■ 产品", "■ 受理", `承诺办理期限 ${promised}`, "补发三箱"]],
    ["notice", "投诉处理通知单", ["订单编号", "SO-2026-1187", "索赔事项", "■ 换货", "损失金额 1,200 元", "发生原因及调查结果"]],
  ]) {
    await page.goto(new URL(`${printBase}/${form}`, page.url()).href);
    await expectText(page.getByTestId("print-form-title"), title, 15000);
    const file = join(ARTIFACTS, `${title}.pdf`);
    await page.pdf({ path: file, format: "A4", printBackground: true });
    await page.emulateMedia({ media: "print" });
    await page.screenshot({ path: join(ARTIFACTS, `${title}.png`), fullPage: true });
    await page.emulateMedia({ media: null });
    const printed = pdfText(file);
    for (const seen of [title, ...shows]) assert.ok(printed.includes(seen), `${title} shows "${seen}":\n${printed}`);
  }
  await app.language("en").click();

  // A second complaint, five days old and still undecided, comes up on the agenda.
  await app.navLink("Customers").click();
  await app.customerRows().first().click();
  await page.getByTestId("register-complaint").click();
  await expectText(app.title(), `Complaint R07-${year}-T0002`);
  await field("Received on").fill(fiveDaysAgo);
  await field("Description").fill("送货员态度差");
  await expectText(page.getByTestId("complaint-saved"), "All changes saved on this laptop.");
  await app.navLink("Visits").click();
  await expectMatch(page.getByTestId("agenda-overdue"), new RegExp(`Complaint waiting for a decision\\s*中山百佳超市\\s*R07-${year}-T0002`));

  // The month's statistics: both complaints, the exchange ticked, the loss added up.
  await app.navLink("Reports").click();
  await page.getByTestId("report-from").fill(fiveDaysAgo.slice(0, 7));
  const stats = page.getByTestId("report-complaint-statistics");
  const rows = stats.locator("tbody tr");
  await expectMatch(rows.filter({ hasText: "T0001" }), /洗衣液 2L\s*3 箱[\s\S]*第三批洗衣液外箱破损，三箱渗漏\s*✓\s*1,200$/);
  await expectMatch(rows.last(), /^Total: 2 complaints\s*0\s*1\s*0\s*0\s*1,200$/);
  assert.deepEqual(problems, []);
});
