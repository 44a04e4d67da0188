// Spreadsheets as Chinese offices keep them (#31): a title merged above the headings,
// a 合计 row merged across the first columns below the data. Only the customers are
// imported; the total row is listed as such. And the history the import writes is the
// app's own sentence, so it reads in whichever language the reader chooses later.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { expectText, openApp, useBrowserAndSite } from "./harness.mjs";

const env = useBrowserAndSite();

// Written by openpyxl, as a user's spreadsheet program would: the merged cells' value
// sits in the first cell of each range, the others are empty.
const WRITE_FIXTURE = `
import sys, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "华南区"
ws["A1"] = "2026年华南区客户名单"
ws.merge_cells("A1:F1")
ws.append(["序号", "客户名称", "联系电话", "联系人", "手机", "注册资本（元）"])
ws.append([1, "佛山南海陶瓷", "0757-86001234", "李四", 13800001111, 5000000])
ws.append([2, "总计贸易有限公司", "020-12345678", "王五", "13900002222", 3000000])
ws.append([3, "江门安信电器", "0750-1234567", "陈立", "13700003333", 500000])
ws["A6"] = "合计"
ws.merge_cells("A6:C6")
ws["F6"] = 8500000
wb.save(sys.argv[1])
`;

function fixture(dir) {
  const path = join(dir, "华南区客户名单.xlsx");
  execFileSync("python3", ["-c", WRITE_FIXTURE, path]);
  return path;
}

test("a workbook with a merged title and a merged 合计 row imports its customers only, and its history reads in the language chosen later", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());
  const dir = await mkdtemp(join(tmpdir(), "dossier-sheets-"));
  const file = fixture(dir);
  await app.setProfile("Li Wei", "R07");

  await app.navLink("Customers").click();
  await page.getByTestId("import-link").click();
  await page.getByTestId("import-file").setInputFiles(file);
  await expectText(app.importRead(), "华南区客户名单.xlsx, sheet “华南区”: 4 rows, headings in row 2.", 15000);
  await expectText(app.importSummary(), "3 rows will be imported; 0 have errors and 0 are duplicates: they are left out.");
  await expectText(app.importTotals(), "Total rows, not imported: 1.");
  assert.equal(await app.importProblems().count(), 1);
  await expectText(app.importProblems().first(), "Row 6 a total row, not imported");
  const accepted = (await app.importAccepted().allTextContents()).map((s) => s.trim());
  assert.equal(accepted.length, 3, accepted.join(" | "));
  assert.ok(accepted[1].startsWith("Row 4 总计贸易有限公司"), "a company named 总计… is a customer");

  // The preview reads in Chinese too.
  await app.language("zh-CN").click();
  await expectText(app.importProblems().first(), "第 6 行 合计行，不导入");
  await expectText(app.importTotals(), "合计行（不导入）：1 行。");
  await app.language("en").click();

  await page.getByTestId("import-confirm").click();
  await expectText(page.getByTestId("import-message"), "3 files imported.");
  await app.navLink("Customers").click();
  await expectText(app.resultCount(), "3 files");
  const names = (await app.customerRows().allTextContents()).join(" | ");
  assert.doesNotMatch(names, /合计/, names);

  // Imported while the interface was English; read in Chinese.
  await app.openFile("总计贸易");
  await expectText(app.title(), "总计贸易有限公司");
  await expectText(app.historyReasons().first(), "· Reason: Imported from 华南区客户名单.xlsx, row 4");
  await app.language("zh-CN").click();
  await expectText(app.historyReasons().first(), "· 原因：从 华南区客户名单.xlsx 第 4 行导入");
  // And still after a reload, read from storage in Chinese.
  await page.reload();
  await expectText(app.historyReasons().first(), "· 原因：从 华南区客户名单.xlsx 第 4 行导入", 15000);
  assert.deepEqual(problems, []);
});
