// Long work off the page's thread (#32): a rep loads a spreadsheet of a few thousand
// customers and sends them all; the bundle is imported at head office in the bundle
// worker. The page shows each phase and a count
// that moves; a cancel before the commit, or the page closed while it writes, leaves the
// store as it was and the bundle can be imported again; meanwhile the search answers,
// and another tab shows the files once they are in. A backup and its restore show their
// progress too.
import assert from "node:assert/strict";
import { test } from "node:test";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AppPage, customerListCsv, download, expectMatch, expectText, headOfficeAndRep, openApp, useBrowserAndSite } from "./harness.mjs";

const env = useBrowserAndSite();

const FILES = 4000;
const HQ_PASSPHRASE = "harbour lantern copper velvet";
let watches = 0;

/**
 * Records every phase and count the progress `testid` shows, and whether a cancel
 * button was offered in it, from now on until the page reloads; returns the list it
 * fills. The page tells it on the console, whose messages arrive whole even when the
 * page reloads right after (an exposed function's arguments are fetched later, and
 * were lost).
 */
async function watchProgress(page, testid) {
  const seenHere = [];
  const name = `progress-${++watches}:`;
  page.on("console", (m) => {
    const text = m.text();
    if (text.startsWith(name)) seenHere.push(JSON.parse(text.slice(name.length)));
  });
  await page.evaluate(({ testid, name }) => {
    let last;
    const note = () => {
      const el = document.querySelector(`[data-testid="${testid}"]`);
      if (!el) return;
      const seen = {
        phase: el.dataset.phase,
        words: el.querySelector(`[data-testid="${testid}-phase"]`)?.textContent.trim(),
        count: el.querySelector(`[data-testid="${testid}-count"]`)?.textContent.trim() ?? "",
        cancel: !!el.querySelector(`[data-testid="${testid}-cancel"]`),
      };
      if (!last || last.phase !== seen.phase || last.count !== seen.count || last.cancel !== seen.cancel) {
        last = seen;
        console.debug(name + JSON.stringify(seen));
      }
    };
    new MutationObserver(note).observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
  }, { testid, name });
  return seenHere;
}

/** Resolves once the import writes, `done` files or more already written. */
function writing(page, done) {
  return page.waitForFunction((done) => {
    const el = document.querySelector('[data-testid="import-progress"]');
    if (el?.dataset.phase !== "Writing") return false;
    const count = el.querySelector('[data-testid="import-progress-count"]').textContent;
    return Number(count.split(" ")[0]) >= done;
  }, done, { polling: 10, timeout: 60000 });
}

test("a bundle of 4,000 files imports in the worker with its phases, a moving count and a cancel up to the commit", async (t) => {
  const { usb, hq, rep, enrolment } = await headOfficeAndRep(env, t);
  // Head office has a file of its own, to search for while the import runs.
  await hq.app.createFiles("广州天河贸易");

  // The rep brings an old list of 4,000 customers into Dossier and sends them all.
  await rep.app.setProfile("Li Wei", "R07");
  const csv = join(usb, "客户名单.csv");
  await writeFile(csv, customerListCsv(FILES));
  await rep.app.navLink("Customers").click();
  await rep.page.getByTestId("import-link").click();
  await rep.page.getByTestId("import-file").setInputFiles(csv);
  await expectText(rep.page.getByTestId("import-summary"), `${FILES} rows will be imported; 0 have errors and 0 are duplicates: they are left out.`, 30000);
  const loaded = await watchProgress(rep.page, "import-rows-progress");
  await rep.page.getByTestId("import-confirm").click();
  await expectText(rep.page.getByTestId("import-message"), `${FILES} files imported.`, 60000);
  // The bulk load too, in the worker: its count moved up to every file.
  const rowCounts = loaded.filter((p) => p.phase === "Writing").map((p) => p.count);
  assert.ok(new Set(rowCounts).size >= 3 && rowCounts.at(-1) === `${FILES} of ${FILES}`, `the rows' count: ${rowCounts}`);
  await t.test("an Excel workbook of the 4,000 files is made and read with its progress, and a cancel saves nothing", async () => {
    const page = rep.page;
    await rep.app.navLink("Customers").click();
    await expectText(rep.app.resultCount(), `${FILES} files`, 15000);
    // Cancelled: no workbook saved, and no copy recorded.
    let saved = 0;
    const onDownload = () => saved++;
    page.on("download", onDownload);
    await page.getByTestId("export-why").fill("e2e check");
    await page.getByTestId("export-list-xlsx").click();
    await page.getByTestId("sheet-progress-cancel").click();
    await expectText(page.getByTestId("export-message"), "Cancelled: no workbook was read or saved.", 15000);
    await page.getByTestId("sheet-progress").waitFor({ state: "detached" });
    page.off("download", onDownload);
    assert.equal(saved, 0, "no workbook was saved");

    // Made: its phase in words and a count that moves to every cell.
    const made = await watchProgress(page, "sheet-progress");
    await page.getByTestId("export-why").fill("e2e check");
    const workbook = await download(page, page.getByTestId("export-list-xlsx"), usb);
    assert.ok(made.some((p) => p.words === "Making the workbook" && p.cancel), JSON.stringify(made));
    const counts = made.filter((p) => p.phase === "MakingWorkbook" && p.count).map((p) => p.count);
    const [last, all] = counts.at(-1)?.split(" of ").map(Number) ?? [];
    assert.ok(new Set(counts).size >= 3 && last === all && all % FILES === 0, `the cells' count: ${counts}`);

    // Read back for an import: "Reading", then its 4,000 rows.
    const read = await watchProgress(page, "sheet-progress");
    await page.getByTestId("import-link").click();
    await page.getByTestId("import-file").setInputFiles(workbook);
    await expectMatch(page.getByTestId("import-read"), new RegExp(`: ${FILES} rows, headings in row 1\\.$`), 30000);
    assert.ok(read.some((p) => p.words === "Reading" && p.cancel), JSON.stringify(read));
    assert.equal(await page.getByTestId("sheet-progress").count(), 0, "the progress is gone once read");
  });

  // The address of one of them, which head office will have open before it has the file.
  await rep.app.navLink("Customers").click();
  await rep.app.searchBox().fill("0000号");
  await rep.app.customerRows().first().click();
  await expectText(rep.app.title(), "佛山永盛食品0000号");
  const filePath = new URL(rep.page.url()).pathname;
  await rep.app.setPassphrase("copper lantern orchard velvet");
  await rep.app.setUpFromEnrolment(enrolment);
  await rep.app.navLink("Bundles").click();
  const exported = await watchProgress(rep.page, "export-bundle-progress");
  const bundle = await download(rep.page, rep.page.getByTestId("export-bundle"), usb);
  await expectMatch(rep.page.getByTestId("export-bundle-message"), new RegExp(`^Saved R07_.*\\.dossier: ${FILES} customers`));
  const exportPhases = exported.map((p) => p.phase);
  assert.ok(exportPhases.includes("Encrypting"), `the export said it encrypts: ${exportPhases}`);

  // Head office checks it: the checks' phases, then the preview.
  await hq.app.navLink("Bundles").click();
  await hq.page.getByTestId("import-file").setInputFiles(bundle);
  await hq.page.getByTestId("trust-device").click({ timeout: 30000 });
  const checked = await watchProgress(hq.page, "import-progress");
  await expectMatch(hq.page.getByTestId("import-counts"), new RegExp(`^${FILES} new files`), 60000);
  for (const phase of ["Checking the signature and the sender", "Decrypting", "Comparing with your files"]) {
    assert.ok(checked.some((p) => p.words === phase), `"${phase}" was shown: ${JSON.stringify(checked)}`);
  }

  await t.test("a cancel while it writes leaves the store as it was", async () => {
    const seen = await watchProgress(hq.page, "import-progress");
    await hq.page.getByTestId("apply-import").click();
    await writing(hq.page, 250);
    await hq.page.getByTestId("import-progress-cancel").click();
    await expectText(hq.page.getByTestId("import-cancelled"), "Cancelled. Nothing was changed.", 30000);
    assert.ok(!seen.some((p) => p.phase === "Committing"), "it never reached the commit");
    assert.equal(await hq.page.getByTestId("custody-entry").filter({ hasText: "Imported" }).count(), 0, "no import in the custody log");
    await hq.app.navLink("Customers").click();
    await expectText(hq.app.resultCount(), "1 files");
  });

  await t.test("the page closed while it writes leaves the store as it was", async () => {
    await hq.app.importBundle(bundle);
    await hq.page.getByTestId("apply-import").click();
    await writing(hq.page, 500);
    await hq.page.close();
    const again = await hq.context.newPage();
    await again.goto(env.site.url);
    hq.page = again;
    hq.app = new AppPage(again);
    await hq.app.navLink("Customers").click();
    await expectText(hq.app.resultCount(), "1 files", 15000);
    await hq.app.navLink("Bundles").click();
    await hq.app.unlock(HQ_PASSPHRASE);
    await hq.page.getByTestId("import-file").waitFor();
    assert.equal(await hq.page.getByTestId("custody-entry").filter({ hasText: "Imported" }).count(), 0, "no import in the custody log");
  });

  await t.test("imported at last: the count moves, the search answers meanwhile, and another tab follows", async () => {
    const other = await hq.context.newPage();
    t.after(() => other.close());
    await other.goto(new URL("/customers", env.site.url).href);
    const otherCount = other.getByTestId("result-count");
    await expectText(otherCount, "1 files", 15000);
    // And a third, on the address of a file head office does not have yet.
    const open = await hq.context.newPage();
    t.after(() => open.close());
    await open.goto(new URL(filePath, env.site.url).href);
    await expectText(open.getByTestId("page-title"), "This customer file does not exist on this computer.", 15000);
    // Head office's page in front again, as a user would have it.
    await hq.page.bringToFront();

    await hq.app.importBundle(bundle);
    const seen = await watchProgress(hq.page, "import-progress");
    await hq.page.getByTestId("apply-import").click();
    // Three counts seen here (0, 250, 500) before the user goes to the list.
    await writing(hq.page, 500);
    // The list, on this same page, while the worker writes.
    await hq.app.navLink("Customers").click();
    await hq.app.searchBox().fill("天河贸易");
    await expectMatch(hq.app.customerRows().first(), /广州天河贸易/);
    const stillWriting = !seen.some((p) => p.phase === "Committing");
    await hq.app.navLink("Bundles").click();
    await expectMatch(hq.page.getByTestId("import-done"), new RegExp(`^Imported: ${FILES} new files`), 60000);

    const counts = seen.filter((p) => p.phase === "Writing").map((p) => p.count);
    assert.ok(new Set(counts).size >= 3, `the count moved: ${counts}`);
    // The user was on the list when it ended: what the page showed only ever went up,
    // to no more than the files; that it wrote them all, "Imported: 4000 new files" says.
    const done = counts.map((c) => Number(c.split(" ")[0]));
    assert.ok(done.every((d, i) => d <= FILES && (i === 0 || d >= done[i - 1])), `the count went up: ${counts}`);
    assert.ok(seen.filter((p) => p.phase === "Writing").every((p) => p.cancel), "a cancel is offered while it writes");
    if (seen.some((p) => p.phase === "Committing")) {
      const committing = seen.filter((p) => p.phase === "Committing");
      assert.ok(committing.every((p) => !p.cancel && p.words === "Saving: this can no longer be cancelled."), JSON.stringify(committing));
    }
    assert.ok(stillWriting, "the search answered before the import was done");

    await hq.app.navLink("Customers").click();
    await hq.app.searchBox().fill("");
    await expectText(hq.app.resultCount(), `${FILES + 1} files`, 15000);
    // The other tabs were told by the worker, and read afresh: the list, and the page
    // open on a file, which now shows it.
    await expectText(otherCount, `${FILES + 1} files`, 15000);
    await expectText(new AppPage(open).title(), "佛山永盛食品0000号", 15000);
  });

  assert.deepEqual(hq.problems, []);
  assert.deepEqual(rep.problems, []);
});

test("a backup and its restore show their progress", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());
  await app.setProfile("Li Wei", "R07");
  await app.createFiles("佛山永盛食品", "江门安信电器");
  await app.setPassphrase(HQ_PASSPHRASE);
  const shown = await watchProgress(page, "backup-progress");
  const dir = await mkdtemp(join(tmpdir(), "dossier-backup-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const backup = await download(page, page.getByTestId("make-backup"), dir);
  const made = shown.map((p) => p.phase);
  assert.ok(made.includes("Reading") && made.includes("Encrypting"), `the backup's phases: ${made}`);

  const fresh = await openApp(env.browser, env.site.url);
  t.after(() => fresh.context.close());
  await fresh.page.goto(new URL("/settings", fresh.page.url()).href);
  await fresh.page.getByTestId("restore-file").setInputFiles(backup);
  await fresh.page.getByTestId("restore-secret").fill(HQ_PASSPHRASE);
  const restoring = await watchProgress(fresh.page, "restore-progress");
  // Restored, the page reloads and reads everything afresh.
  const reloaded = fresh.page.waitForEvent("load", { timeout: 30000 });
  await fresh.page.getByTestId("restore-button").click();
  await reloaded;
  await fresh.app.navLink("Customers").click();
  await expectText(fresh.app.resultCount(), "2 files", 15000);
  const phases = restoring.map((p) => p.phase);
  assert.ok(phases.includes("Decrypting") && phases.includes("Writing"), `the restore's phases: ${phases}`);
  assert.deepEqual(problems, []);
  assert.deepEqual(fresh.problems, []);
});
