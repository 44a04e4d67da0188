// The monthly report (顾客情报报告书, seed 002) between a rep's laptop and head office:
// written from the month's files, kept as a draft, sent in a bundle; reviewed by the
// sales manager (nobody else) and passed on to the general manager; that word comes
// back to the rep; a report not sent by its month's end is late on the agenda.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { AppPage, ARTIFACTS, expectMatch, expectText, headOfficeAndRep, keepPrinted, openApp, readWorkbook, useBrowserAndSite } from "./harness.mjs";

const env = useBrowserAndSite();

const DAY = 86_400_000;

/** This month in the browser, as YYYY-MM. */
async function thisMonth(page) {
  return page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
  });
}

/** Opens the monthly reports page from the Reports page. */
async function openMonthly(app) {
  await app.navLink("Reports").click();
  await app.page.getByTestId("monthly-link").click();
  await expectText(app.title(), "Monthly customer reports");
}

test("a monthly report goes to head office, is reviewed by the sales manager and passed on, and the rep sees it; a late one is on the agenda", async (t) => {
  const { usb, hq, rep, enrolment } = await headOfficeAndRep(env, t);
  const passphrase = "copper lantern orchard velvet";
  await rep.app.setPassphrase(passphrase);
  await rep.app.setUpFromEnrolment(enrolment);
  await rep.app.createFiles("江门安信电器");
  const month = await thisMonth(rep.page);

  // The rep starts this month's report: the new file is listed under grade C.
  await openMonthly(rep.app);
  await rep.page.getByTestId("monthly-write-this").click();
  const c = rep.page.getByTestId("monthly-c");
  assert.match(await c.inputValue(), /^R07-\d{4}-00001 江门安信电器: $/);
  await c.fill(`${await c.inputValue()}新客户，首单三万元`);
  await rep.page.getByTestId("monthly-keep").click();
  const mine = rep.page.getByTestId("monthly-report").filter({ hasText: month });
  await expectText(mine.getByTestId("monthly-state"), "Draft");
  // Taken up again, then sent.
  await rep.page.getByTestId("monthly-write-this").click();
  assert.match(await c.inputValue(), /新客户，首单三万元$/);
  await rep.page.getByTestId("monthly-other").fill("本月走访 12 家");
  await rep.page.getByTestId("monthly-send").click();
  await expectText(mine.getByTestId("monthly-state"), "Sent");

  // In the next bundle to head office.
  const bundle = await rep.app.exportToOffice(usb);
  await hq.app.importBundle(bundle, { trust: true });
  await hq.app.applyImport();

  // Head office with people: the archivist may not review it; the sales manager does.
  await hq.app.setUpDesk("Wang Jing", "wang's own harbour key");
  await hq.app.addPerson("Li Qiang", ["SalesManager"], "li qiang copper pass 7");
  await openMonthly(hq.app);
  const received = hq.page.getByTestId("monthly-report").filter({ hasText: "R07 Li Wei" });
  await expectText(received.getByTestId("monthly-state"), "Sent");
  await received.locator("details").evaluate((d) => { d.open = true; });
  await expectMatch(received, /新客户，首单三万元[\s\S]*本月走访 12 家/);
  await received.getByTestId("monthly-do-review").click();
  await expectText(hq.page.getByTestId("monthly-problem"), "This is for the sales manager to decide: unlock as them, or ask them.");
  await expectText(received.getByTestId("monthly-state"), "Sent");

  const tab = await hq.context.newPage();
  const li = new AppPage(tab);
  await tab.goto(env.site.url + "/reports/monthly");
  await li.unlockAs("Li Qiang", "li qiang copper pass 7");
  const his = tab.getByTestId("monthly-report").filter({ hasText: "R07 Li Wei" });
  await his.locator("details").evaluate((d) => { d.open = true; });
  await his.getByTestId("monthly-review-note").fill("已阅，请跟进首单回款");
  await his.getByTestId("monthly-do-review").click();
  await expectText(his.getByTestId("monthly-state"), "Reviewed");
  await his.locator("details").evaluate((d) => { d.open = true; });
  await his.getByTestId("monthly-do-pass-on").click();
  await expectText(his.getByTestId("monthly-state"), "Passed on to the general manager");

  // The report as the sales manager files it: on A4 with the three signature lines,
  // and as a workbook, box by box.
  await his.locator("details").evaluate((d) => { d.open = true; });
  await his.getByTestId("monthly-print").click();
  await expectText(tab.getByTestId("print-form-title"), "Monthly customer report", 15000);
  const pdf = await keepPrinted(tab, "顾客情报报告书");
  const printed = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" }).replace(/[ \t]+/g, " ");
  for (const seen of ["Monthly customer report", "R07 Li Wei", month, "新客户，首单三万元", "本月走访 12 家",
    "Reviewed by Li Qiang (HQ)", "已阅，请跟进首单回款", "Passed on to the general manager by Li Qiang (HQ)",
    "Rep (signature)", "Sales manager (signature)", "General manager (signature)"]) {
    assert.ok(printed.includes(seen), `the printed report shows "${seen}":\n${printed}`);
  }
  assert.ok(!printed.includes("Export Excel") && !printed.includes("Print or export"), "no buttons or links on paper");
  const [xlsx] = await Promise.all([tab.waitForEvent("download"), tab.getByTestId("export-form-xlsx").click()]);
  assert.match(xlsx.suggestedFilename(), new RegExp(`^monthly-report-R07-${month}-\\d{4}-\\d\\d-\\d\\d\\.xlsx$`));
  const saved = join(ARTIFACTS, "顾客情报报告书.xlsx");
  await xlsx.saveAs(saved);
  const book = readWorkbook(saved);
  const cells = new Map(book.rows.map(([[, k], [, v]]) => [k, v]));
  assert.equal(cells.get("Rep"), "R07 Li Wei");
  assert.equal(cells.get("Month reported"), month);
  assert.match(cells.get("Grade C customers: what changed"), /江门安信电器: 新客户，首单三万元$/);
  assert.match(cells.get("Sales manager's review"), /^Reviewed by Li Qiang \(HQ\) on \d{4}-\d\d-\d\d: 已阅，请跟进首单回款$/);

  // Head office's word goes back to the rep.
  const back = await hq.app.exportForRep("R07", usb);
  await rep.app.importBundle(back);
  await rep.app.applyImport();
  await openMonthly(rep.app);
  await expectText(mine.getByTestId("monthly-state"), "Passed on to the general manager");
  await mine.locator("details").evaluate((d) => { d.open = true; });
  await expectMatch(mine.getByTestId("monthly-review"), /^Reviewed by Li Qiang \(HQ\) on \d{4}-\d\d-\d\d: 已阅，请跟进首单回款$/);
  await expectMatch(mine.getByTestId("monthly-passed-on"), /^Passed on to the general manager by Li Qiang \(HQ\) on \d{4}-\d\d-\d\d$/);

  // Two months on, next month's report was never sent: it is late, on the agenda.
  await rep.context.clock.setFixedTime(new Date(Date.now() + 62 * DAY));
  await rep.page.reload();
  await rep.app.unlock(passphrase);
  await rep.app.navLink("Visits").click();
  const late = rep.page.getByTestId("agenda-overdue").getByTestId("agenda-item").filter({ hasText: "Monthly report" });
  await expectMatch(late.first(), /The report for \d{4}-\d\d is late: it was due on \d{4}-\d\d-\d\d\./);
  assert.ok(!(await late.allTextContents()).some((s) => s.includes(`for ${month} `)), "the sent one is not late");
  await openMonthly(rep.app);
  await expectMatch(rep.page.getByTestId("monthly-owed"), /is late/);
  assert.deepEqual(rep.problems, []);
  assert.deepEqual(hq.problems, []);
});

test("the monthly report is kept as it is typed: a reload, even offline, loses nothing", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());
  await app.waitForOfflineReady();
  await app.setProfile("Li Wei", "R07");
  const passphrase = "copper lantern orchard velvet";
  await app.setPassphrase(passphrase);
  await app.createFiles("江门安信电器");
  const month = await thisMonth(page);
  await openMonthly(app);
  await page.getByTestId("monthly-write-this").click();
  await page.getByTestId("monthly-emergencies").fill("客户拒付一张支票，已电话报告");
  await page.getByTestId("monthly-other").fill("本月走访 12 家");
  // No button pressed: the draft is written as it is typed.
  const written = page.locator('[data-testid="monthly-autosaved"][data-writing="false"]');
  await written.waitFor();
  await expectMatch(written, /^Draft saved as you type, \d\d:\d\d:\d\d\.$/);
  const mine = page.getByTestId("monthly-report").filter({ hasText: month });
  await expectText(mine.getByTestId("monthly-state"), "Draft");

  // The battery dies; the laptop comes back with no network.
  await context.setOffline(true);
  await page.reload();
  await app.unlock(passphrase);
  await openMonthly(app);
  await expectText(mine.getByTestId("monthly-state"), "Draft");
  assert.equal(await page.getByTestId("monthly-report").count(), 1, "one report for the month");
  await mine.locator("details").evaluate((d) => { d.open = true; });
  await expectMatch(mine, /客户拒付一张支票，已电话报告[\s\S]*本月走访 12 家/);
  await mine.getByTestId("monthly-continue").click();
  assert.equal(await page.getByTestId("monthly-other").inputValue(), "本月走访 12 家");
  assert.match(await page.getByTestId("monthly-c").inputValue(), /江门安信电器/);
  // Written again from the top: still the one report.
  await page.getByTestId("monthly-write-this").click();
  await page.getByTestId("monthly-other").fill("本月走访 13 家");
  assert.equal(await page.getByTestId("monthly-other").inputValue(), "本月走访 13 家", "the form open on the month stays as typed");
  await written.waitFor();
  await page.getByTestId("monthly-send").click();
  await expectText(mine.getByTestId("monthly-state"), "Sent");
  assert.equal(await page.getByTestId("monthly-report").count(), 1);
  await mine.locator("details").evaluate((d) => { d.open = true; });
  await expectMatch(mine, /本月走访 13 家/);
  assert.deepEqual(problems, []);
});
