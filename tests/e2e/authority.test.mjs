// A hostile rep (or a thief holding the rep's laptop and passphrase) edits the laptop's
// own IndexedDB from the page, as a console user would, then presses Export as usual.
// Head office refuses each change its sender may not make, lists it with its reason,
// applies the rest, and refuses every bundle of the laptop once the rep is enrolled again.
import assert from "node:assert/strict";
import { test } from "node:test";
import { AppPage, download, expectMatch, expectText, headOfficeAndRep, useBrowserAndSite } from "./harness.mjs";

const env = useBrowserAndSite();

/** What a console user does to the laptop's database: `edit(db, helpers)` in the page. */
async function tamper(page, edit) {
  await page.evaluate(`(async () => {
    const db = await new Promise((ok, fail) => {
      const r = indexedDB.open("dossier");
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    const done = (r) => new Promise((ok, fail) => { r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
    const all = (store) => done(db.transaction(store).objectStore(store).getAll());
    const put = (store, value) => done(db.transaction(store, "readwrite").objectStore(store).put(value));
    await (${typeof edit === "string" ? edit : edit.toString()})({ all, put });
    db.close();
  })()`);
}

test("head office refuses what a tampered laptop's bundle may not do, applies the rest, and stops trusting a replaced laptop", async (t) => {
  const { usb, hq, rep, enrolment } = await headOfficeAndRep(env, t);

  // An honest start: two files, one bundle, imported.
  await rep.app.setPassphrase("copper lantern orchard velvet");
  await rep.app.navLink("Bundles").click();
  await rep.page.getByTestId("enrolment-file").setInputFiles(enrolment);
  for (const name of ["江门安信电器", "佛山永盛食品"]) {
    await rep.app.startNewCustomer();
    await rep.app.field("Customer name").fill(name);
    await rep.app.field("Phone").fill("0750-1000000");
    await rep.app.save();
    await expectText(rep.app.title(), name);
  }
  await rep.app.navLink("Bundles").click();
  const first = await download(rep.page, rep.page.getByTestId("export-bundle"), usb);
  await hq.page.getByTestId("import-file").setInputFiles(first);
  await hq.page.getByTestId("trust-device").click();
  await hq.page.getByTestId("apply-import").click();
  await expectMatch(hq.page.getByTestId("import-done"), /Imported: 2 new files/);

  // Head office gives 佛山永盛食品 to another rep, R08, and tells R07.
  await hq.app.navLink("Customers").click();
  await hq.app.searchBox().fill("佛山");
  await hq.app.customerRows().first().click();
  await hq.page.getByTestId("edit-customer").click();
  await hq.app.field("Responsible rep (code; empty: whoever created the file)").fill("R08");
  await hq.app.save();
  await expectText(hq.app.title(), "佛山永盛食品");
  await hq.app.navLink("Bundles").click();
  await hq.page.getByTestId("rep-row").locator("summary").first().click();
  const back = await download(hq.page, hq.page.getByTestId("export-for-R07"), usb);
  await rep.page.getByTestId("import-file").setInputFiles(back);
  await rep.page.getByTestId("apply-import").click();
  await rep.page.getByTestId("import-done").waitFor();

  // The console: five forgeries in the rep's own database.
  await tamper(rep.page, async ({ all, put }) => {
    const files = await all("customers");
    const a = files.find((c) => c.basic.name === "江门安信电器");
    const b = files.find((c) => c.basic.name === "佛山永盛食品");
    const now = new Date().toISOString();
    const ms = Date.now();
    a.sync ??= {};
    b.sync ??= {};
    // 1. Grade A, as a version "by head office" with counters nobody reached.
    a.credit = { grade: "A", by: "王经理 (HQ)", at: now, reason: "伪造" };
    a.sync.credit = [{ value: a.credit, vv: { HQ: 1e15, R07: 1e15 }, at: { ms, counter: 4294967295, node: "HQ" }, by: "王经理 (HQ)" }];
    // 2. A phone stamped in the year 2999.
    const y2999 = Date.parse("2999-01-01T00:00:00Z");
    a.basic.phone = "2999-0000";
    a.sync["basic.phone"] = [{ value: "2999-0000", vv: { R07: 1 }, at: { ms: y2999, counter: 0, node: "R07" }, by: "Li Wei (R07)" }];
    a.updated_at = "2999-01-01T00:00:00Z";
    await put("customers", a);
    // 3. The file head office gave to R08 taken back.
    b.assigned_to = "R07";
    b.sync.assigned_to = [{ value: "R07", vv: { R07: 1 }, at: { ms, counter: 0, node: "R07" }, by: "Li Wei (R07)" }];
    b.updated_at = now;
    await put("customers", b);
    // 4. A change-history entry in head office's name on that file.
    await put("history", { id: "forged-history", customer_id: b.id, at: now, by: "王经理 (HQ)", reason: "", kind: "Edited", revision: 9, changes: [{ path: "basic.phone", old: "", new: "1" }] });
    // 5. A destruction of the open file.
    await put("destructions", { customer_id: a.id, archive_no: a.archive_no, at: now, method: "Erased", by: "王经理 (HQ)", approver: "张总", closed_on: null });
  });
  await rep.app.navLink("Customers").click();
  await rep.app.navLink("Bundles").click();
  const hostile = await download(rep.page, rep.page.getByTestId("export-bundle"), usb);

  // Head office: each forgery refused and listed with its reason; nothing else lost.
  await hq.page.getByTestId("import-file").setInputFiles(hostile);
  const refused = hq.page.getByTestId("refused-change");
  await hq.page.getByTestId("import-refused").waitFor();
  const lines = await refused.allTextContents();
  const whats = await refused.evaluateAll((els) => els.map((e) => e.dataset.what));
  assert.deepEqual(
    [...whats].sort(),
    ["basic.phone", "credit", "destruction", "file", "history", "updated_at"].sort(),
    lines.join("\n"),
  );
  assert.ok(lines.some((l) => /Credit grade: made in someone else's name \(王经理 \(HQ\)\)/.test(l)), lines.join("\n"));
  assert.ok(lines.some((l) => /later than this computer's clock allows/.test(l)), lines.join("\n"));
  assert.ok(lines.some((l) => /the whole file: not this rep's file \(it is R08's\)/.test(l)), lines.join("\n"));
  assert.ok(lines.some((l) => /a destruction: only head office decides this/.test(l)), lines.join("\n"));
  await expectMatch(hq.page.getByTestId("import-refused"), /^6 changes refused/);
  await hq.page.getByTestId("apply-import").click();
  await hq.page.getByTestId("import-done").waitFor();
  await expectMatch(hq.page.getByTestId("custody-entry").first(), /6 changes refused/);

  const raw = await hq.app.rawDatabase();
  assert.doesNotMatch(raw, /2999-0000/, "the 2999 phone is not written");
  assert.doesNotMatch(raw, /forged-history/, "the forged history entry is not written");
  assert.doesNotMatch(raw, /伪造/, "the forged grade is not written");
  assert.match(raw, /destructions: \[\]/, "nothing destroyed");
  assert.doesNotMatch(raw, /"2999-01-01/, "no 2999 clock adopted");
  await hq.app.navLink("Customers").click();
  await hq.app.searchBox().fill("");
  await hq.app.customerRows().nth(1).waitFor();
  assert.equal(await hq.app.customerRows().count(), 2, "both files kept");
  await hq.app.searchBox().fill("佛山");
  await hq.app.customerRows().first().click();
  await hq.page.getByTestId("edit-customer").click();
  assert.equal(await hq.app.field("Responsible rep (code; empty: whoever created the file)").inputValue(), "R08");

  // 6. The laptop calls itself head office for one export, carrying reference lists
  //    dated 2999; then goes back to being a rep's laptop.
  await rep.app.navLink("Bundles").click();
  await rep.page.getByTestId("export-bundle").waitFor();
  const setRole = (role) =>
    tamper(rep.page, `async ({ all, put }) => {
      const exchange = (await all("meta")).find((m) => m.key === "exchange");
      exchange.value.role = "${role}";
      await put("meta", exchange);
      await put("meta", { key: "reference_lists", value: { industries: ["伪造行业"], purposes: [], updated_at: "2999-01-01T00:00:00Z", by: "王经理" } });
    }`);
  await setRole("HeadOffice");
  const lists = await download(rep.page, rep.page.getByTestId("export-bundle"), usb);
  await setRole("Field");
  await hq.app.navLink("Bundles").click();
  await hq.page.getByTestId("import-file").setInputFiles(lists);
  await expectMatch(hq.page.getByTestId("import-refused"), /\(no file\) · the reference lists: only head office decides this/);
  await hq.page.getByTestId("apply-import").click();
  await hq.page.getByTestId("import-done").waitFor();
  assert.doesNotMatch(await hq.app.rawDatabase(), /伪造行业/, "head office keeps its own lists");

  // Head office enrols R07 again (a new laptop): the old one's next bundle is refused,
  // naming the revoked device.
  await hq.app.navLink("Bundles").click();
  await hq.page.getByTestId("enrol-code").fill("R07");
  await hq.page.getByTestId("enrol-name").fill("Li Wei");
  await download(hq.page, hq.page.getByTestId("enrol-rep"), usb);
  await expectMatch(hq.page.getByTestId("revoked-row"), /R07 Li Wei · fingerprint .* revoked [\d-]+: replaced by a new enrolment/);
  await rep.app.startNewCustomer();
  await rep.app.field("Customer name").fill("中山新客户");
  await rep.app.save();
  await rep.app.navLink("Bundles").click();
  const stale = await download(rep.page, rep.page.getByTestId("export-bundle"), usb);
  await hq.page.getByTestId("import-file").setInputFiles(stale);
  await expectMatch(hq.page.getByTestId("import-error"), /signed by the laptop of R07 Li Wei \(fingerprint .*\), revoked on [\d-]+ \(replaced by a new enrolment\)/);
  assert.deepEqual(hq.problems, []);
});

test("a rep proposes grade A with a reason; at head office the archivist cannot approve it, the sales manager can, and the rep's cadence follows", async (t) => {
  const { usb, hq, rep, enrolment } = await headOfficeAndRep(env, t);
  // Head office's desk gets its people: Wang Jing, archivist, and Li Qiang, sales manager.
  await hq.app.setUpDesk("Wang Jing", "wang's own harbour key");
  await hq.app.addPerson("Li Qiang", ["SalesManager"], "li qiang copper pass 7");
  await expectMatch(hq.page.getByTestId("who"), /^Wang Jing · archivist$/);
  await hq.app.navLink("Bundles").click();

  await rep.app.setPassphrase("copper lantern orchard velvet");
  await rep.app.navLink("Bundles").click();
  await rep.page.getByTestId("enrolment-file").setInputFiles(enrolment);
  for (const name of ["江门安信电器", "佛山永盛食品"]) {
    await rep.app.startNewCustomer();
    await rep.app.field("Customer name").fill(name);
    await rep.app.save();
    await expectText(rep.app.title(), name);
  }
  await rep.app.navLink("Bundles").click();
  const first = await download(rep.page, rep.page.getByTestId("export-bundle"), usb);
  await hq.page.getByTestId("import-file").setInputFiles(first);
  await hq.page.getByTestId("trust-device").click();
  await hq.page.getByTestId("apply-import").click();
  await hq.page.getByTestId("import-done").waitFor();

  // The rep cannot grade A itself: the form says why, and the save refuses.
  await rep.app.openFile("江门");
  await rep.page.getByTestId("edit-customer").click();
  await rep.app.field("Credit grade").selectOption({ label: "A" });
  await expectText(rep.page.getByTestId("gate-note"), "Only the sales manager at head office decides this; you can propose it.");
  await rep.app.save();
  await expectText(rep.page.getByTestId("save-gated"), "Only the sales manager at head office decides this; you can propose it.");
  await rep.page.getByTestId("discard-draft").click();
  await expectText(rep.app.title(), "江门安信电器");
  // It proposes instead, with its reason; the file keeps its grade and monthly reviews.
  await rep.app.propose("grade A", "年采购额超过五百万，回款及时");
  await expectMatch(rep.page.getByTestId("proposal"), /^Proposed Credit grade: A on [\d-]+, awaiting the sales manager at head office/);
  await expectText(rep.page.getByTestId("review-cadence"), "Grade C: reviewed every month.");
  await expectMatch(rep.page.getByTestId("timeline"), /Li Wei \(R07\) proposed Credit grade: A: 年采购额超过五百万/);
  // A second proposal of the same waits behind the first.
  await rep.app.propose("grade B", "改主意了");
  await expectText(rep.page.getByTestId("propose-message"), "A proposal of this is already waiting for head office.");
  await rep.app.openFile("佛山");
  await rep.app.propose("grade B", "回款及时");
  await rep.app.navLink("Approvals").click();
  await rep.page.getByTestId("proposal").nth(1).waitFor();
  assert.equal(await rep.page.getByTestId("proposal").count(), 2);
  await rep.app.shot("approvals-rep");

  await rep.app.navLink("Bundles").click();
  const proposals = await download(rep.page, rep.page.getByTestId("export-bundle"), usb);
  await hq.page.getByTestId("import-file").setInputFiles(proposals);
  await expectText(hq.page.getByTestId("import-proposals"), "2 proposals for head office to decide: they will wait on the Approvals page.");
  await hq.page.getByTestId("apply-import").click();
  await hq.page.getByTestId("import-done").waitFor();

  // The archivist sees both, with the rep's reasons, and may decide neither.
  await hq.app.navLink("Approvals").click();
  const requests = hq.page.getByTestId("request");
  await requests.nth(1).waitFor();
  const a = requests.filter({ hasText: "Credit grade: A" });
  await expectMatch(a, /Li Wei \(R07\) proposes for R07-\d{4}-\d+: Credit grade: A/);
  await expectMatch(a, /年采购额超过五百万/);
  await expectText(a.getByTestId("request-waits-for"), "Decided by the sales manager.");
  await expectText(a.getByTestId("gate-note"), "This is for the sales manager to decide: unlock as them, or ask them.");
  assert.equal(await hq.page.getByTestId("request-approve").count(), 0, "no approve button for the archivist");
  await hq.app.shot("approvals-archivist");

  // At the same desk, in another tab, Li Qiang unlocks as himself and decides.
  const tab = await hq.context.newPage();
  const li = new AppPage(tab);
  await tab.goto(env.site.url + "/approvals");
  await li.unlockAs("Li Qiang", "li qiang copper pass 7");
  await expectMatch(tab.getByTestId("who"), /^Li Qiang · sales manager$/);
  const la = tab.getByTestId("request").filter({ hasText: "Credit grade: A" });
  const lb = tab.getByTestId("request").filter({ hasText: "Credit grade: B" });
  await lb.getByTestId("request-reason").fill("资料不足");
  await lb.getByTestId("request-decline").click();
  await expectMatch(tab.getByTestId("request-decided").first(), /Credit grade: B · declined by Li Qiang \(HQ\) on [\d-]+: 资料不足/);
  await li.shot("approvals-sales-manager");
  await la.getByTestId("request-approve").click();
  await expectMatch(tab.getByTestId("request-decided").filter({ hasText: "Credit grade: A" }), /approved by Li Qiang \(HQ\)/);
  await li.openFile("江门");
  await expectMatch(tab.getByTestId("grade-explained"), /^Assigned A by Li Qiang/);
  await tab.close();

  // Back at the rep: the approval and the decline, each on its file and timeline.
  await hq.app.navLink("Bundles").click();
  await hq.page.getByTestId("rep-row").locator("summary").first().click();
  const back = await download(hq.page, hq.page.getByTestId("export-for-R07"), usb);
  await rep.page.getByTestId("import-file").setInputFiles(back);
  await expectText(rep.page.getByTestId("import-decisions"), "Head office's decisions on 2 of your proposals.");
  await rep.page.getByTestId("apply-import").click();
  await rep.page.getByTestId("import-done").waitFor();
  await rep.app.openFile("江门");
  await expectMatch(rep.page.getByTestId("grade-explained"), /^Assigned A by Li Qiang/);
  // In its first year a new customer is reviewed monthly whatever its grade (seed 002);
  // once past it, grade A's cadence holds.
  await expectText(rep.page.getByTestId("review-cadence"), "Grade C: reviewed every month.");
  await rep.context.clock.setFixedTime(new Date(Date.now() + 400 * 86_400_000));
  await rep.page.goto(env.site.url + "/unlock");
  await rep.app.unlock("copper lantern orchard velvet");
  await rep.page.getByTestId("lock").waitFor({ timeout: 15000 });
  await rep.app.openFile("江门");
  await expectText(rep.page.getByTestId("review-cadence"), "Grade A: reviewed in March and September.");
  await expectMatch(rep.page.getByTestId("proposal"), /^Head office approved Credit grade: A \(Li Qiang \(HQ\), [\d-]+\)/);
  await expectMatch(rep.page.getByTestId("timeline"), /Head office approved Credit grade: A \(Li Qiang \(HQ\)\)/);
  await rep.app.openFile("佛山");
  await expectText(rep.page.getByTestId("review-cadence"), "Grade C: reviewed every month.");
  await expectMatch(rep.page.getByTestId("proposal"), /^Head office declined Credit grade: B \(Li Qiang \(HQ\), [\d-]+\): 资料不足/);
  assert.equal(await rep.page.getByTestId("conflict").count(), 0, "no conflict left behind");
  assert.deepEqual(hq.problems, []);
  assert.deepEqual(rep.problems, []);
});
