// Head office reads the reps' viewing records: a rep opens a 机密 file giving a purpose,
// the bundle carries the entry, and head office sees the rep's record complete with the
// entry, its file's level and its purpose, filtered by level and by period. The rep's
// own laptop says the page is head office's.
import assert from "node:assert/strict";
import { test } from "node:test";
import { download, expectMatch, expectText, headOfficeAndRep, useBrowserAndSite } from "./harness.mjs";

const env = useBrowserAndSite();
const REP_PASSPHRASE = "copper lantern orchard velvet";
/** Head office's, as `headOfficeAndRep` sets it. */
const OFFICE_PASSPHRASE = "harbour lantern copper velvet";

/** The browser's local date, `days` from today, as YYYY-MM-DD. */
function localDay(page, days) {
  return page.evaluate((days) => {
    const d = new Date();
    d.setDate(d.getDate() + days);
    const pad = (n) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  }, days);
}

/**
 * What a console user at head office does to the viewing entries it holds: "alter" flips
 * a byte of each sealed entry, "remove" deletes them all. Then the page is opened anew.
 */
async function changeHeldEntries({ page, app }, how) {
  await page.evaluate(async (how) => {
    const db = await new Promise((ok, fail) => {
      const r = indexedDB.open("dossier");
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    const done = (r) => new Promise((ok, fail) => { r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
    const store = () => db.transaction("remote_viewings", "readwrite").objectStore("remote_viewings");
    for (const record of await done(store().getAll())) {
      if (how === "remove") {
        await done(store().delete(record.id));
      } else {
        record.sealed.b[40] ^= 1;
        await done(store().put(record));
      }
    }
    db.close();
  }, how);
  await page.reload();
  await app.unlock(OFFICE_PASSPHRASE);
}

test("head office reads a rep's viewing record, complete with the entry and its purpose, by level and period", async (t) => {
  const { usb, hq, rep, enrolment } = await headOfficeAndRep(env, t);
  // A second rep, enrolled, whose laptop has sent nothing yet.
  await hq.page.getByTestId("enrol-code").fill("R08");
  await hq.page.getByTestId("enrol-name").fill("Wang Fang");
  await download(hq.page, hq.page.getByTestId("enrol-rep"), usb);

  // The rep makes a 机密 file and, after a lock, opens it again giving a purpose.
  await rep.app.setPassphrase(REP_PASSPHRASE);
  await rep.app.navLink("Bundles").click();
  await rep.page.getByTestId("enrolment-file").setInputFiles(enrolment);
  await rep.app.startNewCustomer();
  await rep.app.field("Customer name").fill("珠海精密模具");
  await rep.app.field("Secret level").selectOption({ label: "Confidential" });
  await rep.app.save();
  await expectText(rep.app.title(), "珠海精密模具");
  const archiveNo = (await rep.page.getByTestId("archive-no").textContent()).trim();
  await rep.page.getByTestId("lock").click();
  await rep.page.getByTestId("unlock-form").waitFor();
  await rep.app.navLink("Customers").click();
  await rep.app.customerRows().first().click();
  await rep.page.getByTestId("file-locked").waitFor();
  await rep.app.unlock(REP_PASSPHRASE);
  await rep.app.givePurpose("续约前核对报价");
  await expectText(rep.app.title(), "珠海精密模具");

  // Its bundle, imported at head office.
  await rep.app.navLink("Bundles").click();
  const bundle = await download(rep.page, rep.page.getByTestId("export-bundle"), usb);
  await hq.page.getByTestId("import-file").setInputFiles(bundle);
  await hq.page.getByTestId("trust-device").click();
  await hq.page.getByTestId("apply-import").click();
  await hq.page.getByTestId("import-done").waitFor();

  // Head office: R07's record complete, with the entry, its level and its purpose.
  await hq.app.openOversight();
  await expectText(hq.app.title(), "Reps' viewing records");
  await expectText(hq.app.oversightChain("R07"), "Complete: 1 entries");
  assert.equal(await hq.app.oversightChain("R07").getAttribute("data-state"), "complete");
  const entry = hq.app.oversightEntries("R07");
  await expectMatch(
    entry.first(),
    new RegExp(`^1\\s*\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\s*${archiveNo}\\s*Confidential\\s*Li Wei \\(R07\\)\\s*续约前核对报价$`),
  );
  assert.equal(await entry.count(), 1);
  await expectMatch(hq.app.oversightFiles("R07").first(), new RegExp(`^${archiveNo}\\s*Confidential\\s*1\\s*\\d{4}-`));
  await expectText(hq.app.oversightNoRecord("R08"), "No viewing record has come from this rep yet.");
  // The archive number leads to the file.
  assert.equal(await entry.first().getByRole("link", { name: archiveNo }).count(), 1);

  // By level: 机密 and above keeps it, 绝密 only does not.
  await hq.app.filterOversight({ level: "Top secret only" });
  await hq.app.oversightNoneKept("R07").waitFor();
  assert.equal(await hq.app.oversightEntries("R07").count(), 0);
  assert.equal(await hq.app.oversightFiles("R07").count(), 0, "the per-file count follows the filter");
  await hq.app.filterOversight({ level: "Confidential and above" });
  await entry.first().waitFor();

  // By period, both days included: from tomorrow, nothing; today alone, the entry.
  const today = await localDay(hq.page, 0);
  await hq.app.filterOversight({ from: await localDay(hq.page, 1) });
  await hq.app.oversightNoneKept("R07").waitFor();
  assert.equal(await hq.app.oversightEntries("R07").count(), 0);
  await expectText(hq.app.oversightChain("R07"), "Complete: 1 entries", 1000);
  await hq.app.filterOversight({ from: today, to: today });
  await entry.first().waitFor();
  assert.equal(await entry.count(), 1);
  await hq.app.filterOversight({ to: await localDay(hq.page, -1) });
  await hq.app.oversightNoneKept("R07").waitFor();

  // The same page in Chinese.
  await hq.app.language("zh-CN").click();
  await expectText(hq.app.title(), "业务员调阅记录");
  await expectText(hq.app.oversightChain("R07"), "完整：共 1 条");
  await hq.app.language("en").click();

  // Head office's own copy altered, then removed, from the console: the page says where
  // the chain broke and how.
  await changeHeldEntries(hq, "alter");
  await expectText(hq.app.oversightChain("R07"), "Broken at entry 1: altered");
  assert.equal(await hq.app.oversightChain("R07").getAttribute("data-state"), "broken");
  await changeHeldEntries(hq, "remove");
  await expectText(
    hq.app.oversightChain("R07"),
    "Broken at entry 1: it and the entries after it, which head office received, are missing",
  );

  // On the rep's laptop the page says it is head office's.
  await rep.page.goto(new URL("/oversight", rep.page.url()).href);
  await rep.page.getByTestId("unlock-form").waitFor();
  await rep.app.unlock(REP_PASSPHRASE);
  await expectMatch(rep.app.oversightOfficeOnly(), /^This page is head office's/);
  assert.equal(await rep.app.oversightRep("R07").count(), 0);

  assert.deepEqual(hq.problems, []);
  assert.deepEqual(rep.problems, []);
});
