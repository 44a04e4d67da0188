// Spreadsheets in: a CSV saved by Chinese Excel (GBK) is read, its columns recognised,
// every bad row named by its row number, duplicates left out, and the good rows written
// in one go once confirmed; what Dossier exports comes back in a fresh store unchanged.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { download, expectMatch, expectText, openApp, useBrowserAndSite } from "./harness.mjs";

const env = useBrowserAndSite();

const ROWS = [
  "客户名称,联系人,手机,省份,城市,成立日期,注册资本（元）,备注",
  "佛山南海陶瓷,李四,13800001111,广东,佛山,2001/5/8,500万,老客户",
  ",,0757-1,,,明年,很多,",
  "江门安信电器,陈立,13900002222,广东,江门,,,",
  "佛山南海陶瓷,李四,13800001111,广东,佛山,,,重复",
];

/** Writes `lines` as Chinese Excel does (GBK, CRLF), with Python's codec, not the browser's. */
function gbkFile(dir, name, lines) {
  const path = join(dir, name);
  execFileSync("python3", ["-c", "import sys; open(sys.argv[1], 'wb').write(sys.argv[2].encode('gbk'))", path, lines.join("\r\n") + "\r\n"]);
  return path;
}

test("a GBK CSV from Excel is imported with row-numbered problems and duplicates left out", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());
  const dir = await mkdtemp(join(tmpdir(), "dossier-import-"));
  const file = gbkFile(dir, "客户名单.csv", ROWS);
  assert.notEqual((await readFile(file)).toString("utf8").includes("佛山"), true, "the fixture really is GBK");

  await app.setProfile("Li Wei", "R07");
  await app.startNewCustomer();
  await app.field("Customer name").fill("江门安信电器");
  await page.getByTestId("add-contact").click();
  await app.contactField(0, "Name").fill("陈立");
  await app.contactField(0, "Phones (separate with ;)").fill("139 0000 2222");
  await app.save();
  await expectText(app.title(), "江门安信电器");
  const existing = (await page.getByTestId("archive-no").textContent()).trim();

  await app.navLink("Customers").click();
  await page.getByTestId("import-link").click();
  await page.getByTestId("import-file").setInputFiles(file);
  await expectText(page.getByTestId("import-read"), "客户名单.csv: 4 rows, read as GBK.");
  // Recognised columns; the remark column is not imported.
  const targets = page.getByTestId("import-target");
  assert.equal(await targets.nth(0).locator("option:checked").textContent(), "Customer name");
  assert.equal(await targets.nth(2).locator("option:checked").textContent(), "Phones (separate with ;)");
  assert.equal(await targets.nth(7).locator("option:checked").textContent(), "(not imported)");

  await expectText(page.getByTestId("import-summary"), "1 rows will be imported; 1 have errors and 2 are duplicates: they are left out.");
  const listed = page.getByTestId("import-problem");
  await expectMatch(listed.nth(0), /^Row 3 /);
  for (const problem of ["Customer name: Required.", "Founded: Not a date: write it as 2026-11-22.", "Registered capital (yuan): Not a number.", "Contact name: Required."]) {
    assert.ok((await listed.nth(0).textContent()).includes(problem), problem);
  }
  await expectText(listed.nth(1), `Row 4 the name and phone of ${existing}, already here`);
  await expectText(listed.nth(2), "Row 5 the same as row 2");

  await page.getByTestId("import-confirm").click();
  await expectText(page.getByTestId("import-message"), "1 files imported.");
  await app.navLink("Customers").click();
  await expectText(app.resultCount(), "2 files");
  await app.searchBox().fill("nhtc");
  await app.customerRows().first().click();
  await expectText(app.title(), "佛山南海陶瓷");
  await expectMatch(page.locator("main"), /5,000,000/);
  await app.history().filter({ hasText: "Imported from 客户名单.csv, row 2" }).first().waitFor();
  assert.deepEqual(problems, []);
});

test("what Dossier exports imports into a fresh store unchanged", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "dossier-roundtrip-"));
  const first = await openApp(env.browser, env.site.url);
  t.after(() => first.context.close());
  const { page, app } = first;
  await app.setProfile("Li Wei", "R07");
  for (const [name, city, phone] of [["中山长青家具", "中山", "0760-88001234"], ["东莞利民五金", "东莞", ""]]) {
    await app.startNewCustomer();
    await app.field("Customer name").fill(name);
    if (phone) await app.field("Phone").fill(phone);
    await app.field("Province").fill("广东");
    await app.field("City").fill(city);
    await app.field("Founded").fill("1999-12-31");
    await app.save();
    await expectText(app.title(), name);
  }
  await app.navLink("Customers").click();
  await page.getByTestId("export-why").fill("e2e check");
  const exported = await readFile(await download(page, page.getByTestId("export-list"), dir));

  const second = await openApp(env.browser, env.site.url);
  t.after(() => second.context.close());
  await second.app.setProfile("Wang Fang", "R09");
  await second.page.goto(new URL("/customers/import", second.page.url()).href);
  const path = join(dir, "again.csv");
  await (await import("node:fs/promises")).writeFile(path, exported);
  await second.page.getByTestId("import-file").setInputFiles(path);
  await expectText(second.page.getByTestId("import-summary"), "2 rows will be imported; 0 have errors and 0 are duplicates: they are left out.");
  await second.page.getByTestId("import-confirm").click();
  await expectText(second.page.getByTestId("import-message"), "2 files imported.");
  await second.app.navLink("Customers").click();
  await second.page.getByTestId("export-why").fill("e2e check");
  const again = await readFile(await download(second.page, second.page.getByTestId("export-list"), dir));
  assert.equal(again.toString("utf8"), exported.toString("utf8"), "the same table, archive numbers included");
  assert.deepEqual(second.problems, []);
});
