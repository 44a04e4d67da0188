// Excel workbooks in and out. The fixtures are written by openpyxl (Python), a different
// program from the one Dossier writes with, the way a user's spreadsheet would be: a
// title merged above the headings, real date cells, phones typed as numbers, bad rows.
// The spreadsheet code runs in a worker loaded only when needed, so the import is also
// proved offline, after a reload served by the service worker alone.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { download, expectMatch, expectText, openApp, readWorkbook, useBrowserAndSite } from "./harness.mjs";

const env = useBrowserAndSite();

const WRITE_FIXTURE = `
import sys, datetime, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "广东区"
ws["A1"] = "广东区 2026 年客户名单"
ws.merge_cells("A1:J1")
ws.append(["客户名称", "联系人", "手机", "省份", "城市", "成立日期", "注册资本（元）", "信用等级", "状态", "重要程度"])
ws.append(["佛山南海陶瓷", "李四", 13800001111, "广东", "佛山", datetime.date(2001, 5, 8), 5000000, "b", "活跃", "重要"])
ws.append([None, None, "0757-1", None, None, "明年", "很多", "D", "休息", None])
ws.append(["江门安信电器", "陈立", "13900002222", "广东", "江门", None, None, "C", "Dormant", "普通"])
ws.append(["佛山南海陶瓷", "李四", 13800001111, "广东", "佛山", None, None, None, None, None])
for row in ws.iter_rows(min_row=3, min_col=6, max_col=6):
    row[0].number_format = "yyyy/m/d"
wb.save(sys.argv[1])
`;

/** A workbook as a user's spreadsheet program writes it (see WRITE_FIXTURE). */
function fixture(dir) {
  const path = join(dir, "客户名单.xlsx");
  execFileSync("python3", ["-c", WRITE_FIXTURE, path]);
  return path;
}

/** Rows of CSV text, quoted cells unquoted (RFC 4180). */
function parseCsv(text) {
  const rows = [[]];
  let cell = "", quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { rows.at(-1).push(cell); cell = ""; }
    else if (c === "\r") continue;
    else if (c === "\n") { rows.at(-1).push(cell); cell = ""; rows.push([]); }
    else cell += c;
  }
  if (cell || rows.at(-1).length) rows.at(-1).push(cell);
  else rows.pop();
  return rows;
}

async function openImport(page, app) {
  await app.navLink("Customers").click();
  await page.getByTestId("import-link").click();
}

test("an Excel workbook is imported offline, its title row skipped and bad rows named by row", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());
  const dir = await mkdtemp(join(tmpdir(), "dossier-xlsx-"));
  const file = fixture(dir);
  await app.setProfile("Li Wei", "R07");
  await app.waitForOfflineReady();
  await context.setOffline(true);
  await page.reload();
  await expectText(app.networkStatus(), "Offline");

  await openImport(page, app);
  await page.getByTestId("import-file").setInputFiles(file);
  await expectText(page.getByTestId("import-read"), "客户名单.xlsx, sheet “广东区”: 4 rows, headings in row 2.", 15000);
  const targets = page.getByTestId("import-target");
  assert.equal(await targets.nth(0).locator("option:checked").textContent(), "Customer name");
  assert.equal(await targets.nth(7).locator("option:checked").textContent(), "Credit grade");
  assert.equal(await targets.nth(8).locator("option:checked").textContent(), "Status");

  await expectText(page.getByTestId("import-summary"), "2 rows will be imported; 1 have errors and 1 are duplicates: they are left out.");
  const listed = page.getByTestId("import-problem");
  await expectMatch(listed.nth(0), /^Row 4 /);
  const bad = await listed.nth(0).textContent();
  for (const problem of [
    "Customer name: Required.",
    "Founded: Not a date: write it as",
    "Registered capital (yuan): Not a number.",
    "Credit grade: Not one of the choices the form offers.",
    "Status: Not one of the choices the form offers.",
  ]) {
    assert.ok(bad.includes(problem), `${problem} in ${bad}`);
  }
  await expectText(listed.nth(1), "Row 6 the same as row 3");

  await page.getByTestId("import-confirm").click();
  await expectText(page.getByTestId("import-message"), "2 files imported.");
  await app.navLink("Customers").click();
  await expectText(app.resultCount(), "2 files");

  // What was read, as Dossier's own CSV export shows it: the phone typed as a number is
  // the phone, the date cell is the date, the grade and choices are taken.
  await page.getByTestId("export-why").fill("e2e check");
  const csv = (await readFile(await download(page, page.getByTestId("export-list"), dir)))
    .subarray(3).toString("utf8");
  const [columns, ...rows] = parseCsv(csv);
  const cell = (row, name) => row[columns.indexOf(name)];
  const foshan = rows.find((r) => r.includes("佛山南海陶瓷"));
  const jiangmen = rows.find((r) => r.includes("江门安信电器"));
  assert.equal(cell(foshan, "Founded"), "2001-05-08");
  assert.equal(cell(foshan, "Phones (separate with ;)"), "13800001111");
  assert.equal(cell(foshan, "Credit grade"), "B");
  assert.equal(cell(foshan, "Status"), "Active");
  assert.equal(cell(foshan, "Importance"), "Important");
  assert.equal(cell(jiangmen, "Status"), "Dormant");
  assert.equal(cell(jiangmen, "Importance"), "Ordinary");
  assert.equal(cell(foshan, "Registered capital (yuan)"), "5,000,000");
  assert.deepEqual(problems, []);
});

test("a list exported as Excel is a real workbook and imports into a fresh store unchanged", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "dossier-xlsx-roundtrip-"));
  const first = await openApp(env.browser, env.site.url);
  t.after(() => first.context.close());
  await first.app.setProfile("Li Wei", "R07");
  await openImport(first.page, first.app);
  await first.page.getByTestId("import-file").setInputFiles(fixture(dir));
  await expectText(first.page.getByTestId("import-summary"), "2 rows will be imported; 1 have errors and 1 are duplicates: they are left out.", 15000);
  await first.page.getByTestId("import-confirm").click();
  await expectText(first.page.getByTestId("import-message"), "2 files imported.");
  await first.app.startNewCustomer();
  await first.app.field("Customer name").fill("中山长青家具");
  await first.app.field("Phone").fill("0760-88001234");
  await first.app.field("Founded").fill("1999-12-31");
  await first.app.save();
  await expectText(first.app.title(), "中山长青家具");
  await first.app.navLink("Customers").click();
  await expectText(first.app.resultCount(), "3 files");
  await first.page.getByTestId("export-why").fill("e2e check");
  const csvBefore = await readFile(await download(first.page, first.page.getByTestId("export-list"), dir));
  await first.page.getByTestId("export-why").fill("e2e check");
  const workbook = await download(first.page, first.page.getByTestId("export-list-xlsx"), dir);
  assert.match(workbook, /\.xlsx$/);

  // Another program reads it: headings in bold row 1 frozen, dates as dates, phones as
  // text (a leading zero or 11 digits would be lost as a number), amounts as numbers.
  const seen = readWorkbook(workbook);
  assert.deepEqual(seen.sheets, ["Customers"]);
  assert.equal(seen.frozen, "A2");
  const headings = seen.rows[0].map(([, v]) => v);
  const at = (row, name) => seen.rows[row][headings.indexOf(name)];
  assert.equal(at(0, "Archive no.")[0], "str");
  for (const row of [1, 2]) {
    const [kind, value] = at(row, "Founded");
    if (value !== null) assert.equal(kind, "datetime", `Founded is a date cell: ${value}`);
    const phone = at(row, "Phone");
    if (phone[1] !== null) assert.equal(phone[0], "str");
    const capital = at(row, "Registered capital (yuan)");
    if (capital[1] !== null) assert.ok(["int", "float"].includes(capital[0]), `capital is a number: ${capital}`);
  }
  assert.ok(seen.rows.slice(1).some((r) => r[headings.indexOf("Founded")][1]?.startsWith("1999-12-31")));

  const second = await openApp(env.browser, env.site.url);
  t.after(() => second.context.close());
  await second.app.setProfile("Wang Fang", "R09");
  await openImport(second.page, second.app);
  await second.page.getByTestId("import-file").setInputFiles(workbook);
  await expectText(second.page.getByTestId("import-summary"), "3 rows will be imported; 0 have errors and 0 are duplicates: they are left out.", 15000);
  await second.page.getByTestId("import-confirm").click();
  await expectText(second.page.getByTestId("import-message"), "3 files imported.");
  await second.app.navLink("Customers").click();
  await second.page.getByTestId("export-why").fill("e2e check");
  const csvAfter = await readFile(await download(second.page, second.page.getByTestId("export-list"), dir));
  assert.equal(csvAfter.toString("utf8"), csvBefore.toString("utf8"), "the same table, archive numbers included");
  assert.deepEqual(first.problems, []);
  assert.deepEqual(second.problems, []);
});

test("a file that is no workbook is refused with a clear message and nothing imported", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());
  const dir = await mkdtemp(join(tmpdir(), "dossier-xlsx-bad-"));
  const path = join(dir, "名单.xlsx");
  // The first bytes of a zip, then garbage: what a USB stick pulled out too soon leaves.
  await writeFile(path, Buffer.concat([Buffer.from("PK\x03\x04"), Buffer.alloc(300, 7)]));
  await app.setProfile("Li Wei", "R07");
  await openImport(page, app);
  await page.getByTestId("import-file").setInputFiles(path);
  await expectMatch(page.getByTestId("import-message"), /Nothing was imported\.$/, 15000);
  assert.equal(await page.getByTestId("import-mapping").count(), 0);
  await app.navLink("Customers").click();
  assert.equal(await app.customerRows().count(), 0);
  assert.deepEqual(problems, []);
});
