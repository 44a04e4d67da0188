// A file over the months: reviews fall due by the grade's cadence and are recorded; an
// account is closed with its reason, leaves the working list but is found by its archive
// number; a confidential file past retention is destroyed, leaving nothing of it in the
// browser's storage but its destruction record, which survives an offline reload.
import assert from "node:assert/strict";
import { test } from "node:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { download, expectMatch, expectText, keepPrinted, openApp, readWorkbook, useBrowserAndSite } from "./harness.mjs";

const env = useBrowserAndSite();
const PASSPHRASE = "copper lantern orchard velvet";
const MARKER = "QWV5518";

test("reviews fall due by the grade's cadence and completing one records it", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());
  // The file is made on a day of its own, not the day the tests run: the review it owes
  // two months later depends on when it was made.
  await page.clock.setFixedTime(new Date(2026, 10, 20, 10, 0, 0));
  await app.setProfile("Li Wei", "R07");
  await app.startNewCustomer();
  await app.field("Customer name").fill("江门复查五金");
  await app.save();
  await expectText(app.title(), "江门复查五金");
  await expectText(page.getByTestId("review-standing"), "Reviews are up to date.");

  // Two months later: a new customer is C, reviewed monthly; December's review is overdue.
  await page.clock.setFixedTime(new Date(2027, 0, 15, 10, 0, 0));
  await page.goto(new URL("/reviews", page.url()).href);
  const overdue = page.getByTestId("due-overdue").getByTestId("due-item");
  await expectMatch(overdue.first(), /since 2026-12-01\s*Review \(grade C\)\s*江门复查五金/);
  await overdue.first().getByTestId("review-done").click();
  await page.getByTestId("empty-state").filter({ hasText: "Nothing is due" }).waitFor();

  // The file shows the review, who did it and when.
  await app.navLink("Customers").click();
  await app.customerRows().first().click();
  await expectMatch(page.getByTestId("review-list"), /2027-01-15, Li Wei \(R07\), grade C/);
  await expectText(page.getByTestId("review-standing"), "Reviews are up to date.");
  await app.history().filter({ hasText: "Periodic review" }).first().waitFor();
  assert.deepEqual(problems, []);
});

test("a closed confidential file is destroyed for good, and only its destruction record remains", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());
  await app.waitForOfflineReady();
  await app.setProfile("Li Wei", "R07");
  await app.setPassphrase(PASSPHRASE);

  await app.startNewCustomer();
  await app.field("Customer name").fill(`佛山${MARKER}陶瓷`);
  await app.field("Key people: character, interests, hobbies, family, education, age").fill(`老板爱好${MARKER}`);
  await app.field("Secret level").selectOption({ label: "Secret" });
  await app.save();
  await expectText(app.title(), `佛山${MARKER}陶瓷`);
  const id = new URL(page.url()).pathname.split("/").at(-1);
  const archiveNo = (await page.getByTestId("archive-no").textContent()).trim();
  await page.getByTestId("record-visit").click();
  await app.visitField("Discussion summary").fill(`底价 ${MARKER}`);
  await page.waitForTimeout(300);
  await app.navLink("Customers").click();
  await app.customerRows().first().click();
  await expectText(app.title(), `佛山${MARKER}陶瓷`);

  // Not yet closed: destroying is not offered.
  assert.equal(await page.getByTestId("destroy-file").count(), 0);
  await page.getByTestId("close-account").click();
  await page.getByTestId("close-confirm").click();
  await expectText(page.getByTestId("close-form").getByRole("alert"), "Give the reason for closing the account.");
  await page.getByTestId("close-reason").fill("客户停业");
  await page.getByTestId("close-date").fill("2024-01-10");
  await page.getByTestId("close-confirm").click();
  await expectText(page.getByTestId("closure-notice"), "Account closed on 2024-01-10 by Li Wei (R07). Reason: 客户停业");

  // Out of the working list, still found by its archive number.
  await app.navLink("Customers").click();
  await page.getByTestId("empty-state").or(app.resultCount()).first().waitFor();
  assert.equal(await app.customerRows().count(), 0, "a closed file leaves the list");
  await app.searchBox().fill(archiveNo);
  await expectText(app.customerRows().first().locator(".row-name"), `佛山${MARKER}陶瓷`);
  await app.customerRows().first().click();

  // Destroying asks for an approver and the archive number typed back.
  await page.getByTestId("destroy-file").click();
  await page.getByTestId("destroy-approver").fill("Wang Fang");
  await page.getByTestId("destroy-archive-no").fill("R07-2026-9999");
  await page.getByTestId("destroy-confirm").click();
  await expectText(page.getByTestId("destroy-form").getByRole("alert"), "The archive number typed does not match; nothing was destroyed.");
  assert.match(await app.rawDatabase(), new RegExp(`customers: .*${id}`), "nothing was destroyed yet");
  await page.getByTestId("destroy-archive-no").fill(archiveNo);
  await page.getByTestId("destroy-confirm").click();
  await expectText(app.title(), `File ${archiveNo} was destroyed. Its destruction record is kept.`);
  await expectMatch(page.getByTestId("destruction-record"), new RegExp(`${archiveNo}: destroyed .* by Li Wei \\(R07\\), approved by Wang Fang \\(sealed records erased\\)`));

  // Nothing of it is left in the browser's storage but the destruction record.
  const raw = await app.rawDatabase();
  assert.ok(!raw.includes(MARKER), "the marker is nowhere");
  const holding = raw.split("\n").filter((line) => line.includes(id)).map((line) => line.split(":")[0]);
  assert.deepEqual(holding, ["destructions"], `only the destruction record names the file:\n${raw.slice(0, 3000)}`);

  // The register keeps it, offline after a reload too.
  await context.setOffline(true);
  await page.goto(new URL("/reviews", page.url()).href);
  await page.reload();
  await expectMatch(page.getByTestId("destructions").getByTestId("destruction-record"), new RegExp(`${archiveNo}: destroyed .* approved by Wang Fang`));
  // Printed for the archive's binder: the record in a table, and the lines to sign.
  await page.getByTestId("print-destructions").click();
  await expectText(page.getByTestId("print-form-title"), "Register of destroyed files");
  await expectMatch(page.getByTestId("print-register-row"), new RegExp(`${archiveNo}\\s*2024-01-10\\s*\\d{4}-\\d\\d-\\d\\d\\s*Sealed records erased\\s*Li Wei \\(R07\\)\\s*Wang Fang`, "i"));
  await expectMatch(page.getByTestId("print-register").locator(".signatures"), /Destroyed by \(signature\)：\s*Witness \(signature\)：\s*Archivist \(signature\)：\s*Date：/);
  await keepPrinted(page, "客户档案销毁登记表");
  // And as a workbook: the same columns and record, then the lines to sign.
  const dir = await mkdtemp(join(tmpdir(), "dossier-register-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const register = readWorkbook(await download(page, page.getByTestId("export-form-xlsx"), dir));
  assert.deepEqual(register.sheets, ["Register of destroyed files"]);
  const text = register.rows.map((r) => r.map(([, v]) => v ?? ""));
  assert.deepEqual(text[0].slice(0, 2), ["Archive no.", "Closed on"]);
  assert.equal(text[1][0], archiveNo);
  assert.equal(text[1][3], "sealed records erased");
  assert.deepEqual(text.slice(-4).map((r) => r[0]), ["Destroyed by (signature)", "Witness (signature)", "Archivist (signature)", "Date"]);
  // The catalogue no longer has it at all: the list is back to its empty state.
  await app.navLink("Customers").click();
  await app.emptyState().waitFor();
  assert.equal(await app.customerRows().count(), 0);
  assert.deepEqual(problems, []);
});

test("an emergency report puts the file first, asks for a bundle now, and is resolved", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());
  await app.setProfile("Li Wei", "R07");
  await app.createFiles("安信电器", "珠江五金");
  await page.getByTestId("emergency-report").click();
  await page.getByTestId("emergency-kind").selectOption({ label: "Cheque postponement, likely to bounce" });
  await page.getByTestId("emergency-note").fill("支票 No.8821 要求延期两周");
  await page.getByTestId("emergency-submit").click();
  await expectMatch(page.getByTestId("emergency-open"), /Emergency report: Cheque postponement, likely to bounce, .*Li Wei \(R07\)\. 支票 No\.8821 要求延期两周/);
  await expectMatch(page.getByTestId("emergency-open"), /Export a bundle for head office now/);
  assert.equal(await page.getByTestId("emergency-export").getAttribute("href"), "/bundles");

  // First in the list, though it sorts after the other by name.
  await app.navLink("Customers").click();
  await expectText(app.customerRows().first().locator(".row-name"), "珠江五金");
  await app.customerRows().first().getByTestId("emergency-mark").waitFor();

  await app.customerRows().first().click();
  await page.getByTestId("emergency-resolve").click();
  await page.getByTestId("emergency-report").waitFor();
  await app.history().filter({ hasText: "Emergency report resolved" }).first().waitFor();
  await app.navLink("Customers").click();
  await expectText(app.customerRows().first().locator(".row-name"), "安信电器");
  assert.deepEqual(problems, []);
});

test("the customer data card and address card print on A4 in the chosen language", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());
  await app.setProfile("Li Wei", "R07");
  await app.startNewCustomer();
  await app.field("Customer name").fill("中山长青家具有限公司");
  await app.field("Phone").fill("0760-88001234");
  await app.field("Province").fill("广东");
  await app.field("City").fill("中山");
  await app.field("Detailed address").fill("东区中山四路 88 号");
  await app.save();
  await expectText(app.title(), "中山长青家具有限公司");
  const archiveNo = (await page.getByTestId("archive-no").textContent()).trim();

  await page.getByTestId("card-link").click();
  await expectText(app.title(), "Customer data card");
  const card = page.getByTestId("data-card");
  await expectMatch(card, new RegExp(`Customer name\\s*中山长青家具有限公司\\s*Archive no\\.\\s*${archiveNo}`));
  await expectMatch(card, /Phone\s*0760-88001234/);
  await expectMatch(page.getByTestId("address-card"), /Province\s*广东\s*City\s*中山[\s\S]*东区中山四路 88 号/);
  // Seed 004's grade card, and the data card's last twelve months of sales.
  await expectMatch(page.getByTestId("grade-card"), new RegExp(`Grade card[\\s\\S]*Archive no\\.\\s*${archiveNo}[\\s\\S]*Importance\\s*Ordinary\\s*Credit grade\\s*C`));
  assert.equal(await page.getByTestId("card-sales").locator("th").count(), 12);
  // The cards as a workbook: a copy like a print, so its reason comes first.
  await page.getByTestId("export-card-xlsx").click();
  await expectText(page.getByTestId("print-problem"), "Say why this copy is made first: every copy of files is recorded with who and why.");
  await page.getByTestId("print-why").fill("交接给新业务员");
  const dir = await mkdtemp(join(tmpdir(), "dossier-card-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const saved = await download(page, page.getByTestId("export-card-xlsx"), dir);
  assert.match(saved, new RegExp(`card-${archiveNo}-\\d{4}-\\d\\d-\\d\\d\\.xlsx$`));
  const book = readWorkbook(saved);
  assert.deepEqual(book.sheets, ["Customer data card", "Contacts", "Sales by month", "Customer information survey", "Grade card", "Address card"]);
  const boxes = new Map(book.rows.map(([[, k], [, v]]) => [k, v]));
  assert.equal(boxes.get("Customer name"), "中山长青家具有限公司");
  assert.equal(boxes.get("Archive no."), archiveNo);
  assert.equal(boxes.get("Phone"), "0760-88001234");
  // Seed 001's customer information survey, from the same file.
  await expectMatch(page.getByTestId("info-survey-card"), /Customer information survey[\s\S]*Customer name\s*中山长青家具有限公司\s*Address\s*广东 中山 东区中山四路 88 号\s*Postcode\s*Phone\s*0760-88001234/);

  // Printed: no app chrome, and the two cards fit on A4 pages.
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.locator(".app-header").isVisible(), false, "the header is not printed");
  assert.equal(await page.getByTestId("print-card").isVisible(), false, "nor the print button");
  assert.ok(await card.isVisible());
  const pdf = await page.pdf({ preferCSSPageSize: true });
  const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  assert.ok(pages >= 1 && pages <= 4, `one to four A4 pages, got ${pages}`);
  const size = pdf.toString("latin1").match(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\]/);
  assert.deepEqual([Math.round(size[1]), Math.round(size[2])], [595, 842], "A4 in points");
  await page.emulateMedia({ media: "screen" });

  // In Chinese, the card speaks the regulations' words.
  await app.language("zh-CN").click();
  await expectText(app.title(), "客户资料卡");
  await expectMatch(page.getByTestId("address-card"), /地址分类卡[\s\S]*省份\s*广东/);
  // The values the app chooses switch too, not only the headings.
  await expectMatch(page.getByTestId("grade-card"), /等级分类卡[\s\S]*重要程度\s*普通\s*信用等级\s*C/);
  await keepPrinted(page, "客户资料卡");
  assert.deepEqual(problems, []);
});

test("the semiannual archive check lists what is wanting and is recorded once done", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());
  await app.setProfile("Li Wei", "R07");
  await app.startNewCustomer();
  await app.field("Customer name").fill("肇庆只有名称");
  await app.save();
  await expectText(app.title(), "肇庆只有名称");

  await app.navLink("Reviews").click();
  await expectMatch(page.getByTestId("check-status"), /The check for \d{4}-H[12] is due/);
  await page.getByTestId("run-check").click();
  await expectMatch(page.getByTestId("check-report"), /1 open files checked\./);
  await expectMatch(page.getByTestId("check-missing"), /肇庆只有名称\s*R07-\d{4}-\d+\s*Phone、Region、Industry、Contacts/);
  await page.getByTestId("check-note").fill("已通知补录电话");
  await page.getByTestId("record-check").click();
  await expectMatch(page.getByTestId("check-status"), /\d{4}-H[12] was checked on \d{4}-\d\d-\d\d by Li Wei \(R07\)\./);
  await expectMatch(page.getByTestId("check-record").first(), /1 files, 1 with missing data, 0 stale, 0 reviews overdue, 0 to regrade\. 已通知补录电话/);

  // Kept after a reload.
  await page.reload();
  await expectMatch(page.getByTestId("check-status"), /was checked on/);
  // The record printed, signed by the checker and the department head.
  await page.getByTestId("print-checks").click();
  await app.language("zh-CN").click();
  await expectText(page.getByTestId("print-form-title"), "客户档案检查记录表");
  await expectMatch(page.getByTestId("print-register-row"), /\d{4}-H[12]\s*\d{4}-\d\d-\d\d\s*Li Wei \(R07\)\s*1\s*1\s*0\s*0\s*0\s*已通知补录电话/);
  await expectMatch(page.getByTestId("print-register").locator(".signatures"), /检查人签字：\s*部门负责人签字：\s*日期：/);
  await keepPrinted(page, "客户档案检查记录表");
  assert.deepEqual(problems, []);
});
