// Security events and leak reports travel from a rep's laptop to head office: wrong
// passphrases typed on the laptop are told to the rep at the next unlock and arrive at
// head office as an alarm for that laptop; a leak report filed on the laptop is listed
// first at head office until someone marks it handled, and the rep sees that head
// office has it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { expectMatch, expectText, headOfficeAndRep, useBrowserAndSite } from "./harness.mjs";

const env = useBrowserAndSite();
const REP_PASSPHRASE = "copper lantern orchard velvet";

/** The rep's laptop set up with its passphrase and head office's enrolment file. */
async function enrolledRep(t) {
  const laptops = await headOfficeAndRep(env, t);
  const { rep, enrolment } = laptops;
  await rep.app.setPassphrase(REP_PASSPHRASE);
  await rep.app.setUpFromEnrolment(enrolment);
  return laptops;
}

test("a failed-unlock alarm made on the rep's laptop shows at head office", async (t) => {
  const { usb, hq, rep } = await enrolledRep(t);

  // Someone types five wrong passphrases on the locked laptop; the rep then unlocks.
  await rep.app.lock();
  await rep.app.unlockWaiting(REP_PASSPHRASE, { wrongTimes: 5 });
  await expectMatch(
    rep.app.failedUnlocksText(),
    /^5 failed attempts since your last unlock, the last at \d\d:\d\d\.$/,
  );
  // Read and dismissed, it does not come back at the next unlock.
  await rep.app.dismissFailedUnlocks();
  await rep.app.failedUnlocksNotice().waitFor({ state: "detached" });
  await rep.app.lock();
  await rep.app.unlockWaiting(REP_PASSPHRASE);
  await rep.app.navLink("Bundles").click();
  await expectMatch(rep.app.securityToSend(), /security events 1, leak reports 0/);
  assert.equal(await rep.app.failedUnlocksNotice().count(), 0);

  // The next bundle carries it; head office sees the alarm for that laptop.
  const bundle = await rep.app.exportToOffice(usb);
  await hq.app.importBundle(bundle, { trust: true });
  await expectText(hq.app.importSecurity(), "Security events: 1 (alarms: 1) · leak reports: 0");
  await hq.app.applyImport();
  await expectText(hq.app.securityAlarm("R07"), "Alarm: 1");
  await expectMatch(hq.app.securityDevice("R07"), /^R07 Li Wei · laptop /);
  await expectMatch(
    hq.app.securityEvents("R07").first(),
    /5 failed unlock attempts, the last at \d{4}-\d\d-\d\d \d\d:\d\d Alarm$/,
  );

  // Sent once: the next bundle after head office acknowledged it carries no event again.
  const back = await hq.app.exportForRep("R07", usb);
  await rep.app.importBundle(back);
  await rep.app.applyImport();
  await expectMatch(rep.app.securityToSend(), /^Report a leak$/);
  const again = await rep.app.exportToOffice(usb);
  await hq.app.importBundle(again);
  assert.equal(await hq.app.importSecurity().count(), 0);
  // The laptops' card stays on the page while it is read again after the import.
  await hq.page.evaluate(() => {
    window.devicesGone = 0;
    new MutationObserver(() => {
      if (!document.querySelector('[data-testid="security-devices"]')) window.devicesGone++;
    }).observe(document.body, { childList: true, subtree: true });
  });
  await hq.app.applyImport();
  await expectText(hq.app.securityAlarm("R07"), "Alarm: 1");
  assert.equal(await hq.page.evaluate(() => window.devicesGone), 0, "the card did not vanish and come back");
  // Read afresh from the store (away and back), one event, one alarm.
  await hq.app.navLink("Customers").click();
  await hq.app.navLink("Bundles").click();
  await expectText(hq.app.securityAlarm("R07"), "Alarm: 1");
  assert.equal(await hq.app.securityEvents("R07").count(), 1, "the alarm is not counted twice");
  for (const side of [hq, rep]) assert.deepEqual(side.problems, []);
});

test("a leak report filed on the rep's laptop is listed first at head office until it is handled", async (t) => {
  const { usb, hq, rep } = await enrolledRep(t);

  await rep.app.fileLeakReport({
    what: "报价单在展会上被竞争对手拍照",
    when: "2026-11-20",
    files: "R07-2026-00001, R07-2026-00002",
  });
  await expectText(rep.app.leakMessage(), "Report filed. It goes to head office with your next bundle.");
  await expectMatch(
    rep.app.leaksFiledHere().first(),
    /by Li Wei \(R07\): 报价单在展会上被竞争对手拍照 · happened 2026-11-20 · files: R07-2026-00001, R07-2026-00002 · waiting for the next bundle to head office$/,
  );

  const bundle = await rep.app.exportToOffice(usb);
  await hq.app.importBundle(bundle, { trust: true });
  await expectText(hq.app.importSecurity(), "Security events: 0 (alarms: 0) · leak reports: 1");
  await hq.app.applyImport();
  // At the very top of head office's Bundles page, naming the enrolled rep.
  await expectMatch(hq.app.leakReports().first(), /by Li Wei \(R07\): 报价单在展会上被竞争对手拍照/);
  assert.equal((await hq.app.cardIds())[0], "leak-reports");
  await expectMatch(hq.app.leakReportsCard(), /1 waiting to be handled/);

  await hq.app.markLeakHandled("报价单");
  await expectMatch(hq.app.leakReportsCard(), /0 waiting to be handled/);
  assert.equal(await hq.app.leakReports().count(), 0);
  await expectMatch(hq.app.handledLeakReports().first(), /handled by Wang Jing \(HQ\) on \d{4}-\d\d-\d\d$/);

  // The rep learns from head office's next bundle that head office has it.
  const back = await hq.app.exportForRep("R07", usb);
  await rep.app.importBundle(back);
  await rep.app.applyImport();
  await rep.app.openLeakReportPage();
  await expectMatch(rep.app.leaksFiledHere().first(), /· head office has it$/);
  for (const side of [hq, rep]) assert.deepEqual(side.problems, []);
});
