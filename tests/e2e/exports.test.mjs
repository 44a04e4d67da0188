// Spreadsheets out: the list as it is filtered, visits as CSV that Excel opens with its
// Chinese intact, contacts as vCard; a confidential file never goes into a spreadsheet.
import assert from "node:assert/strict";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { download, expectMatch, expectText, openApp, readWorkbook, useBrowserAndSite } from "./harness.mjs";

const env = useBrowserAndSite();
const BOM = [0xef, 0xbb, 0xbf];

test("the filtered list, visits and contacts export; confidential files stay out", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());
  const dir = await mkdtemp(join(tmpdir(), "dossier-exports-"));
  await app.setProfile("Li Wei", "R07");
  await app.setPassphrase("copper lantern orchard velvet");
  for (const [name, level, contact] of [["江门安信电器", "None", "陈立"], ["佛山南海陶瓷", "None", ""], ["珠海机密精密", "Secret", "王五"]]) {
    await app.startNewCustomer();
    await app.field("Customer name").fill(name);
    if (contact) {
      await page.getByTestId("add-contact").click();
      await app.contactField(0, "Name").fill(contact);
      await app.contactField(0, "Phones (separate with ;)").fill("13800001111");
    }
    if (level !== "None") await app.field("Secret level").selectOption({ label: level });
    await app.save();
    await expectText(app.title(), name);
  }
  await page.getByTestId("record-visit").click();
  await app.visitField("Discussion summary").fill("机密谈话");
  await page.getByTestId("submit-visit").click();
  await expectText(app.title(), "珠海机密精密");
  await app.navLink("Customers").click();
  await app.searchBox().fill("江门");
  await app.customerRows().first().click();
  await page.getByTestId("record-visit").click();
  await app.visitField("Discussion summary").fill("确认了样品规格, 下周报价");
  await page.getByTestId("submit-visit").click();
  await expectText(app.title(), "江门安信电器");

  // The whole list: the confidential file is left out, and the user is told.
  await app.navLink("Customers").click();
  await app.searchBox().fill("");
  await expectText(app.resultCount(), "3 files");
  await page.getByTestId("export-why").fill("e2e check");
  let bytes = await readFile(await download(page, page.getByTestId("export-list"), dir));
  assert.deepEqual([...bytes.subarray(0, 3)], BOM);
  let text = bytes.subarray(3).toString("utf8");
  const [header, ...rows] = text.trim().split("\r\n");
  assert.ok(header.startsWith("Archive no.,Customer name,Phone,Status,Secret level"), header);
  assert.equal(rows.length, 2);
  assert.ok(text.includes("佛山南海陶瓷") && text.includes("江门安信电器") && !text.includes("珠海"), text);
  await expectText(page.getByTestId("export-message"), "1 confidential records were left out: a spreadsheet is not encrypted.");

  // Filtered: only what the list shows.
  await app.searchBox().fill("江门");
  await expectText(app.resultCount(), "1 files");
  await page.getByTestId("export-why").fill("e2e check");
  bytes = await readFile(await download(page, page.getByTestId("export-list"), dir));
  text = bytes.subarray(3).toString("utf8");
  assert.equal(text.trim().split("\r\n").length, 2);
  assert.match(text, /江门安信电器.*陈立,13800001111/);

  await page.getByTestId("export-why").fill("e2e check");
  const vcf = (await readFile(await download(page, page.getByTestId("export-contacts"), dir))).toString("utf8");
  assert.match(vcf, /^BEGIN:VCARD\r\nVERSION:3\.0\r\nFN:陈立\r\n/);
  assert.match(vcf, /ORG:江门安信电器\r\n/);
  assert.equal((vcf.match(/BEGIN:VCARD/g) ?? []).length, 1);
  // Each export is a copy of files, recorded with who and why; without a why, none is made.
  await page.getByTestId("export-why").fill(" ");
  await page.getByTestId("export-list").click();
  await expectText(page.getByTestId("export-message"), "Say why this copy is made first: every copy of files is recorded with who and why.");
  await app.navLink("Registers").click();
  const copies = page.getByTestId("copy");
  await copies.nth(2).waitFor();
  assert.equal(await copies.count(), 3);
  await expectMatch(copies.first(), /· vCard: 1 files \(\S+\), because: e2e check$/);
  await expectMatch(copies.last(), /· spreadsheet: \d+ files .*because: e2e check$/);

  // Visits: the confidential file's visit stays out.
  await app.navLink("Visits").click();
  bytes = await readFile(await download(page, page.getByTestId("export-visits"), dir));
  text = bytes.subarray(3).toString("utf8");
  assert.match(text, /江门安信电器.*"确认了样品规格, 下周报价"/);
  assert.ok(!text.includes("机密谈话"));
  await expectText(page.getByTestId("export-message"), "1 confidential records were left out: a spreadsheet is not encrypted.");

  // The same as an Excel workbook, read by another program (openpyxl): one sheet named
  // for what it holds, the visit time a date cell, the confidential visit still out.
  const workbook = await download(page, page.getByTestId("export-visits-xlsx"), dir);
  assert.match(workbook, /^.*visits-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const seen = readWorkbook(workbook);
  const cells = seen.rows.flat().map(([, v]) => v).join(" ");
  assert.deepEqual(seen.sheets, ["Visits"]);
  assert.equal(seen.rows.length, 2, "headings and one visit");
  assert.equal(seen.rows[1][0][0], "datetime", "the visit time is a date cell");
  assert.ok(cells.includes("确认了样品规格, 下周报价") && !cells.includes("机密谈话"), cells);
  await expectText(page.getByTestId("export-message"), "1 confidential records were left out: a spreadsheet is not encrypted.");
  assert.deepEqual(problems, []);
});
