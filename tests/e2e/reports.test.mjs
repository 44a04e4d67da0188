// Reports: the increase/decrease and region analyses, grades, visits and satisfaction,
// each a table and a chart, narrowed by region, and exported as CSV that Excel reads and
// as a workbook.
import assert from "node:assert/strict";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { download, expectMatch, keepPrinted, openApp, readWorkbook, useBrowserAndSite } from "./harness.mjs";

const env = useBrowserAndSite();

test("reports count this month's files by region, chart them and export CSV and Excel", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());
  await app.setProfile("Li Wei", "R07");
  for (const [name, province] of [["佛山南海陶瓷", "广东"], ["中山长青家具", "广东"], ["海淀科技", "北京"]]) {
    await app.startNewCustomer();
    await app.field("Customer name").fill(name);
    await app.field("Province").fill(province);
    await app.save();
    await page.getByTestId("page-title").filter({ hasText: name }).waitFor();
  }
  // A visit with an amount and a rating, at the last file (海淀科技).
  await page.getByTestId("record-visit").click();
  await app.visitField("Discussion summary").fill("签订年度框架协议");
  await app.visitField("Amount").fill("50万");
  await app.visitField("Satisfaction").selectOption({ label: "4 · satisfied" });
  await page.getByTestId("submit-visit").click();
  await page.getByTestId("page-title").filter({ hasText: "海淀科技" }).waitFor();
  // Its sales this month, as the accounts give them: what the region report counts (the
  // visit's amount is an order talked of, not a sale).
  await page.getByTestId("sales-amount").fill("50万");
  await page.getByTestId("sales-save").click();
  await expectMatch(page.getByTestId("sales-total"), /^500,000$/);

  await app.navLink("Reports").click();
  const month = await page.getByTestId("report-to").inputValue();
  const movement = page.getByTestId("report-movement");
  await expectMatch(movement.locator("tbody tr").last(), new RegExp(`${month}\\s*0\\s*3\\s*0\\s*3`));
  await expectMatch(page.getByTestId("report-regions").locator("tbody"), /广东\s*2\s*66\.7%\s*0\s*0\.0%\s*北京\s*1\s*33\.3%\s*500,000\s*100\.0%/);
  await expectMatch(page.getByTestId("report-grades").locator("tbody"), /A\s*0\s*B\s*0\s*C\s*3/);
  await expectMatch(page.getByTestId("report-visits").locator("tbody tr").last(), new RegExp(`${month}\\s*1`));
  await expectMatch(page.getByTestId("report-satisfaction").locator("tbody tr").last(), new RegExp(`${month}\\s*4\\.00\\s*1`));
  // Charts carry their values.
  await expectMatch(page.getByTestId("report-grades").getByTestId("chart"), /Credit grades[\s\S]*3/);

  // One region narrows every report.
  await page.getByTestId("report-region").selectOption("北京");
  await expectMatch(movement.locator("tbody tr").last(), new RegExp(`${month}\\s*0\\s*1\\s*0\\s*1`));
  await expectMatch(page.getByTestId("report-regions").locator("tbody"), /^\s*北京\s*1\s*100\.0%/);

  // CSV for Excel: a BOM, then the table as shown.
  const dir = await mkdtemp(join(tmpdir(), "dossier-reports-"));
  const path = await download(page, page.getByTestId("report-regions").getByTestId("export-csv"), dir);
  const bytes = await readFile(path);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "UTF-8 with a BOM");
  assert.equal(bytes.subarray(3).toString("utf8"), "Region,Customers,Share of customers,Sales (yuan),Share of sales\r\n北京,1,100.0%,\"500,000\",100.0%\r\n");

  // The same table as a workbook: the worker takes a moment, and says so meanwhile; the
  // amount is a number a spreadsheet can sum.
  const regions = page.getByTestId("report-regions");
  await page.evaluate(() => {
    const seen = new MutationObserver(() => {
      if (document.querySelector('[data-testid="export-preparing"]')) {
        window.sawPreparing = true;
        seen.disconnect();
      }
    });
    seen.observe(document.body, { childList: true, subtree: true });
  });
  const workbook = await download(page, regions.getByTestId("export-xlsx"), dir);
  assert.match(workbook, /\.xlsx$/);
  const seen = readWorkbook(workbook);
  assert.deepEqual(seen.sheets, ["Customers by region"]);
  assert.deepEqual(seen.rows[1].slice(0, 2), [["str", "北京"], ["int", 1]]);
  assert.deepEqual(seen.rows[1][3], ["int", 500000]);
  assert.ok(await page.evaluate(() => window.sawPreparing), "'Preparing the workbook…' was shown");
  await regions.getByTestId("export-preparing").waitFor({ state: "detached" });
  // No report's chart covers its table, the wide ones (direct and indirect, 11 columns) too,
  // on screen and as printed.
  for (const media of ["screen", "print"]) {
    await page.emulateMedia({ media });
    for (const section of await page.locator("section.report").all()) {
      const charts = section.locator(".report-body svg");
      if ((await charts.count()) === 0) continue;
      const table = await section.locator(".report-body table").boundingBox();
      const chart = await charts.first().boundingBox();
      const apart = chart.y >= table.y + table.height - 1 || chart.x >= table.x + table.width - 1;
      assert.ok(apart, `${await section.getAttribute("data-testid")} (${media}): table ${JSON.stringify(table)}, chart ${JSON.stringify(chart)}`);
    }
  }
  await page.emulateMedia({ media: null });
  // On A4 as printed, every table fits its page, no column cut off: 210 mm less the
  // stylesheet's 14 mm margins is 688 CSS pixels; the wide reports go across the page
  // (297 mm: 1,017 pixels).
  const viewport = page.viewportSize();
  await page.emulateMedia({ media: "print" });
  const landscape = await page.evaluate(() => [...document.querySelectorAll("section.report")]
    .filter((s) => getComputedStyle(s).page === "landscape").map((s) => s.dataset.testid));
  assert.ok(landscape.includes("report-movement-split"), `the 19 columns of 客户增减分析表 go across: ${landscape}`);
  for (const [width, across] of [[688, false], [1017, true]]) {
    await page.setViewportSize({ width, height: viewport.height });
    const cut = await page.evaluate(() => [...document.querySelectorAll("section.report table")]
      .filter((t) => t.getBoundingClientRect().right > t.closest("section").getBoundingClientRect().right + 1 || t.scrollWidth > t.clientWidth + 1)
      .map((t) => t.closest("section").dataset.testid));
    assert.deepEqual(cut.filter((id) => landscape.includes(id) === across), [], `every report table fits its page (${width} px)`);
  }
  await keepPrinted(page, "reports");
  await page.setViewportSize(viewport);

  // Each report prints alone on A4: its own Print leaves the rest of the page off the paper.
  await page.emulateMedia({ media: "print" });
  await page.evaluate(() => {
    window.print = () => {
      window.onPaper = [...document.querySelectorAll("main > *")]
        .filter((e) => getComputedStyle(e).display !== "none")
        .map((e) => e.dataset.testid ?? e.tagName);
    };
  });
  const split = page.getByTestId("report-movement-split");
  await split.getByTestId("print-report").evaluate((b) => b.click());
  assert.deepEqual(await page.evaluate(() => window.onPaper), ["report-movement-split"]);
  assert.equal(await page.evaluate(() => document.documentElement.hasAttribute("data-printing")), false, "the whole page again after printing");
  await page.getByTestId("report-regions").getByTestId("print-report").evaluate((b) => b.click());
  assert.deepEqual(await page.evaluate(() => window.onPaper), ["report-regions"]);
  await page.emulateMedia({ media: null });
  // The 客户增减分析表 alone, as it comes out of the printer.
  await split.evaluate((s) => { s.setAttribute("data-printing-this", ""); document.documentElement.setAttribute("data-printing", "x"); });
  await keepPrinted(page, "customer-increase-decrease");
  await split.evaluate((s) => { s.removeAttribute("data-printing-this"); document.documentElement.removeAttribute("data-printing"); });
  assert.deepEqual(problems, []);
});
