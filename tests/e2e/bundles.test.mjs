// Two laptops that never meet but through a USB stick: head office enrols a rep; the
// rep works offline and exports; head office imports, grades a file and sends it back;
// a field changed on both sides comes back as a conflict that the rep settles; a
// damaged copy of a bundle is refused with its reason, and nothing changes.
import assert from "node:assert/strict";
import { test } from "node:test";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { download, expectMatch, expectText, headOfficeAndRep, useBrowserAndSite } from "./harness.mjs";

const env = useBrowserAndSite();

test("head office and a rep exchange bundles by hand, merge by field, and settle a conflict", async (t) => {
  // Head office sets up and enrols R07.
  const { usb, hq, rep, enrolment } = await headOfficeAndRep(env, t);
  await expectMatch(hq.page.getByTestId("rep-row"), /R07 Li Wei · awaiting first bundle/);
  await expectMatch(hq.page.getByTestId("enrol-message"), /^Saved .*\.dossier-enrol\. Give it to the rep/);

  // The rep's laptop is set up from the enrolment file, then works offline.
  await rep.app.waitForOfflineReady();
  await rep.app.setPassphrase("copper lantern orchard velvet");
  await rep.app.navLink("Bundles").click();
  await rep.page.getByTestId("enrolment-file").setInputFiles(enrolment);
  const repFingerprint = (await rep.page.getByTestId("my-fingerprint").textContent()).trim();
  const officeFingerprint = (await hq.page.getByTestId("my-fingerprint").textContent()).trim();
  await expectMatch(rep.page.getByTestId("office-fingerprint"), new RegExp(officeFingerprint));
  await rep.context.setOffline(true);
  for (const [name, phone] of [["江门安信电器", "0750-1000000"], ["佛山永盛食品", "0757-2000000"]]) {
    await rep.app.startNewCustomer();
    await rep.app.field("Customer name").fill(name);
    await rep.app.field("Phone").fill(phone);
    await rep.app.save();
    await expectText(rep.app.title(), name);
  }
  await rep.page.getByTestId("record-visit").click();
  await rep.app.visitField("Discussion summary").fill("客户要求下周报价");
  await rep.page.getByTestId("submit-visit").click();
  await rep.page.getByTestId("visit-link").first().waitFor();
  await rep.app.navLink("Bundles").click();
  await expectText(rep.page.getByTestId("export-bundle-preview"), "2 customers, 1 visits, 0 complaints, 2 changes, 0 viewings");
  const first = await download(rep.page, rep.page.getByTestId("export-bundle"), usb);
  assert.match(first, /R07_\d{4}-\d{2}-\d{2}_0001\.dossier$/);

  // Head office: a new laptop, named with the fingerprint the rep's screen shows.
  await hq.page.getByTestId("import-file").setInputFiles(first);
  await expectMatch(hq.page.getByTestId("new-device"), new RegExp(`R07 Li Wei.*${repFingerprint}`, "s"));
  await hq.page.getByTestId("trust-device").click();
  await expectMatch(hq.page.getByTestId("import-counts"), /^2 new files, 0 updated, 0 unchanged, 0 with a conflict to resolve, 0 closed; 1 visits/);
  await hq.page.getByTestId("apply-import").click();
  await expectMatch(hq.page.getByTestId("import-done"), /Imported: 2 new files/);
  await hq.page.getByTestId("import-file").setInputFiles(first);
  await expectText(hq.page.getByTestId("import-error"), "This bundle was already imported; nothing changed.");

  // Head office grades 江门安信电器 and names its legal representative.
  await hq.app.navLink("Customers").click();
  await hq.app.searchBox().fill("江门");
  await hq.app.customerRows().first().click();
  await hq.page.getByTestId("edit-customer").click();
  await hq.app.field("Credit grade").selectOption({ label: "A" });
  await hq.app.field("Reason for the grade").fill("回款及时");
  await hq.app.field("Legal representative").fill("陈总");
  await hq.app.save();
  await expectText(hq.app.title(), "江门安信电器");
  await hq.app.navLink("Bundles").click();
  await hq.page.getByTestId("ref-industries").fill("五金\n电子元件\n五金\n");
  await hq.page.getByTestId("ref-purposes").fill("新品推介\n回款");
  await hq.page.getByTestId("save-reference").click();
  await hq.page.getByTestId("reference-lists").getByText("Saved. Reps get them with their next bundle.").waitFor();
  await hq.page.getByTestId("rep-row").locator("summary").first().click();
  const back = await download(hq.page, hq.page.getByTestId("export-for-R07"), usb);

  // Meanwhile the rep names the legal representative too.
  await rep.app.navLink("Customers").click();
  await rep.app.searchBox().fill("江门");
  await rep.app.customerRows().first().click();
  await rep.page.getByTestId("edit-customer").click();
  await rep.app.field("Legal representative").fill("陈先生");
  await rep.app.save();
  await expectText(rep.app.title(), "江门安信电器");

  // A damaged copy is refused and changes nothing.
  const damaged = join(usb, "damaged.dossier");
  const bytes = await readFile(back);
  bytes[Math.floor(bytes.length / 2)] ^= 0x40;
  await writeFile(damaged, bytes);
  await rep.app.navLink("Bundles").click();
  await rep.page.getByTestId("import-file").setInputFiles(damaged);
  await expectMatch(rep.page.getByTestId("import-error"), /^The file is damaged \(payload\.age fails its checksum\): copy it again/);

  await rep.page.getByTestId("import-file").setInputFiles(back);
  await expectMatch(rep.page.getByTestId("import-counts"), /0 new files, 1 updated, 1 unchanged, 1 with a conflict to resolve/);
  await rep.page.getByTestId("apply-import").click();
  await rep.page.getByTestId("import-done").waitFor();
  // Head office's reference lists are now the rep's suggestions.
  const industries = await rep.page.locator("#ref-industries option").evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual(industries, ["五金", "电子元件"]);

  // The grade came through; the legal representative is a conflict shown with both,
  // newest first, and the file shows the newest until someone chooses.
  await rep.app.navLink("Customers").click();
  await rep.app.searchBox().fill("江门");
  await rep.app.customerRows().first().click();
  await expectMatch(rep.page.getByTestId("grade-explained"), /^Assigned A by Wang Jing/);
  const versions = rep.page.getByTestId("conflict-version");
  await expectMatch(rep.page.getByTestId("conflict"), /Legal representative\s*陈先生 Li Wei \(R07\), [\d-]+ [\d:]+ Keep this\s*陈总 Wang Jing \(HQ\)/);
  assert.equal(await versions.count(), 2);
  await expectMatch(rep.page.locator(".columns"), /Legal representative\s*陈先生/);
  await versions.filter({ hasText: "陈总" }).getByTestId("keep-version").click();
  await rep.page.getByTestId("conflicts").waitFor({ state: "detached" });
  await expectMatch(rep.page.locator(".columns"), /Legal representative\s*陈总/);
  await rep.page.getByTestId("edit-customer").click();
  assert.equal(await rep.app.field("Industry").getAttribute("list"), "ref-industries", "suggested while typing");
  assert.deepEqual(hq.problems, []);
  assert.deepEqual(rep.problems, []);
});

test("Export and Apply pressed twice write one bundle and import it once", async (t) => {
  const { usb, hq, rep, enrolment } = await headOfficeAndRep(env, t);

  await rep.app.setPassphrase("copper lantern orchard velvet");
  await rep.app.navLink("Bundles").click();
  await rep.page.getByTestId("enrolment-file").setInputFiles(enrolment);
  await rep.app.startNewCustomer();
  await rep.app.field("Customer name").fill("江门安信电器");
  await rep.app.save();
  await expectText(rep.app.title(), "江门安信电器");
  await rep.app.navLink("Bundles").click();
  await expectText(rep.page.getByTestId("export-bundle-preview"), "1 customers, 0 visits, 0 complaints, 1 changes, 0 viewings");

  // A double click on Export writes one bundle: one download, one line in the log. While
  // it is written the button is disabled and says so.
  const downloads = [];
  rep.page.on("download", (d) => downloads.push(d));
  await recordWhatIsShown(rep.page);
  await rep.page.getByTestId("export-bundle").dblclick();
  await expectMatch(rep.page.getByTestId("export-bundle-message"), /^Saved R07_\d{4}-\d{2}-\d{2}_0001\.dossier/);
  await expectMatch(rep.page.getByTestId("custody-entry").first(), /Exported/);
  assert.equal(await rep.page.getByTestId("custody-entry").count(), 1);
  assert.equal(downloads.length, 1);
  assert.ok((await shown(rep.page)).includes("Writing the bundle… (button disabled)"), await shown(rep.page));
  const bundle = join(usb, downloads[0].suggestedFilename());
  await downloads[0].saveAs(bundle);

  // Head office: a double click on Apply imports it once, without an error.
  await hq.page.getByTestId("import-file").setInputFiles(bundle);
  await hq.page.getByTestId("trust-device").click();
  await expectMatch(hq.page.getByTestId("import-counts"), /^1 new files/);
  await recordWhatIsShown(hq.page);
  await hq.page.getByTestId("apply-import").dblclick();
  await expectMatch(hq.page.getByTestId("import-done"), /^Imported: 1 new files/);
  assert.ok(
    (await shown(hq.page)).some((s) => s.startsWith("Importing… Keep this page open")),
    "the page says it is importing",
  );
  assert.equal(await hq.page.getByTestId("import-error").count(), 0);
  await expectMatch(hq.page.getByTestId("custody-entry").first(), /Imported/);
  assert.equal(await hq.page.getByTestId("custody-entry").count(), 1);
  assert.deepEqual(hq.problems, []);
  assert.deepEqual(rep.problems, []);
});

/** Records, from now on, every text a status line or busy notice shows. */
async function recordWhatIsShown(page) {
  await page.evaluate(() => {
    window.__shown = [];
    const note = () => {
      for (const el of document.querySelectorAll('[data-testid="import-busy"], [data-testid$="-message"]')) {
        const button = el.closest(".actions")?.querySelector("button");
        const text = el.textContent.trim() + (button?.disabled ? " (button disabled)" : "");
        if (text && window.__shown.at(-1) !== text) window.__shown.push(text);
      }
    };
    new MutationObserver(note).observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
  });
}

async function shown(page) {
  return page.evaluate(() => window.__shown);
}
