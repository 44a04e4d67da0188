// People at one head-office desk, each unlocking as themself: a viewing request for a
// 机密 file is approved by the customer-service manager (nobody else) and expires after
// its period; a loan from the lending register goes overdue and shows on the agenda.
import assert from "node:assert/strict";
import { test } from "node:test";
import { AppPage, expectMatch, expectText, openApp, useBrowserAndSite } from "./harness.mjs";

const env = useBrowserAndSite();
const DAY = 86_400_000;

/** Another tab of the same desk, unlocked as `name`. */
async function tabAs(context, url, name, passphrase) {
  const page = await context.newPage();
  const app = new AppPage(page);
  await page.goto(url + "/unlock");
  await app.unlockAs(name, passphrase);
  return { page, app };
}

test("a viewing request is approved by the customer-service manager and expires; a loan goes overdue on the agenda", async (t) => {
  const hq = await openApp(env.browser, env.site.url);
  t.after(() => hq.context.close());
  const { app, page } = hq;
  await app.setProfile("Wang Jing", "HQ");
  await app.setPassphrase("harbour lantern copper velvet");
  await app.navLink("Bundles").click();
  await page.getByTestId("setup-head-office").click();
  await app.setUpDesk("Wang Jing", "wang's own harbour key");
  await app.addPerson("Li Qiang", ["SalesManager"], "li qiang copper pass 7");
  await app.addPerson("Chen Hong", ["ServiceManager"], "chen hong velvet door 9");
  // The desk's old shared passphrase opens nothing any more.
  await app.navLink("Settings").click();
  const people = page.getByTestId("person");
  assert.equal(await people.count(), 3);
  await expectMatch(people.filter({ hasText: "Chen Hong" }).getByTestId("person-roles"), /^customer-service manager$/);

  // The archivist files a 机密 customer (it opens for her as she saves it).
  await app.startNewCustomer();
  await app.field("Customer name").fill("中山机密电子");
  await app.field("Secret level").selectOption({ label: "Confidential" });
  await app.save();
  await expectText(app.title(), "中山机密电子");
  const number = (await page.getByTestId("archive-no").textContent()).trim();

  // She lends it for three days.
  await app.navLink("Registers").click();
  await page.getByTestId("loan-borrower").fill("财务部 刘洋");
  await page.getByTestId("loan-files").fill(`${number} NO-SUCH-1`);
  await page.getByTestId("loan-reason").fill("核对应收账款");
  await page.getByTestId("lend").click();
  await expectText(page.getByTestId("lend-message"), "No file here has these archive numbers: NO-SUCH-1");
  await page.getByTestId("loan-files").fill(number);
  await page.getByTestId("lend").click();
  await expectText(page.getByTestId("lend-message"), "Entered in the register.");
  await expectMatch(page.getByTestId("loan"), new RegExp(`^财务部 刘洋: ${number} \\(1 copies\\) for 核对应收账款; approved by Wang Jing \\(HQ\\); lent [\\d-]+, due [\\d-]+`));
  assert.equal(await page.getByTestId("loan").getAttribute("data-state"), "out");

  // Li Qiang, below department head, asks to view it; it stays shut until approved.
  const li = await tabAs(hq.context, env.site.url, "Li Qiang", "li qiang copper pass 7");
  await li.app.openFile("中山");
  await expectText(li.app.title(), "Viewing request");
  await li.page.getByTestId("viewing-request-purpose").fill("核对合同金额");
  await li.page.getByTestId("viewing-request-send").click();
  await expectMatch(li.page.getByTestId("viewing-request-status"), /^Asked for [\d-]+ to [\d-]+ \(核对合同金额\): waiting for the customer-service manager\.$/);
  // Nor can he approve it himself.
  await li.app.navLink("Approvals").click();
  await li.page.getByTestId("viewing-waiting").waitFor();
  assert.equal(await li.page.getByTestId("viewing-approve").count(), 0);
  await expectText(li.page.getByTestId("viewing-requests").getByTestId("gate-note"), "This is for the customer-service manager to decide: unlock as them, or ask them.");

  // Chen Hong approves.
  const chen = await tabAs(hq.context, env.site.url, "Chen Hong", "chen hong velvet door 9");
  await chen.app.navLink("Approvals").click();
  await chen.page.getByTestId("viewing-approve").waitFor();
  await chen.app.shot("approvals-viewing-request");
  await chen.page.getByTestId("viewing-approve").click();
  await expectMatch(chen.page.getByTestId("viewing-decided"), /^Li Qiang \(HQ\) asks to view .* · approved by Chen Hong \(HQ\)/);

  // Now it opens for Li, purpose on the record.
  await li.app.openFile("中山");
  await li.page.getByTestId("viewing-purpose").fill("核对合同金额");
  await li.page.getByTestId("open-file").click();
  await expectText(li.app.title(), "中山机密电子");

  // Four days on: the approval has expired, and the loan is overdue.
  await hq.context.clock.setFixedTime(new Date(Date.now() + 4 * DAY));
  await li.page.reload();
  await li.app.unlockAs("Li Qiang", "li qiang copper pass 7");
  await li.app.openFile("中山");
  await expectMatch(li.page.getByTestId("viewing-request-status"), /^The approval ended on [\d-]+\. Ask again to view it\.$/);
  await page.reload();
  await app.unlockAs("Wang Jing", "wang's own harbour key");
  await app.navLink("Visits").click();
  await expectMatch(page.getByTestId("overdue-loan"), new RegExp(`^财务部 刘洋: ${number}`));
  await app.navLink("Registers").click();
  assert.equal(await page.getByTestId("loan").getAttribute("data-state"), "overdue");
  await app.shot("registers-overdue");
  await page.getByTestId("loan-return").click();
  await expectMatch(page.getByTestId("loan"), /returned [\d-]+$/);
  await app.navLink("Visits").click();
  assert.equal(await page.getByTestId("overdue-loans").count(), 0, "a returned loan leaves the agenda");
  assert.deepEqual(hq.problems, []);
});

test("the archivist adds, re-keys and disables people; a disabled person cannot unlock", async (t) => {
  const hq = await openApp(env.browser, env.site.url);
  t.after(() => hq.context.close());
  const { app, page } = hq;
  await app.setProfile("Wang Jing", "HQ");
  await app.setPassphrase("harbour lantern copper velvet");
  await app.navLink("Bundles").click();
  await page.getByTestId("setup-head-office").click();
  await app.setUpDesk("Wang Jing", "wang's own harbour key");
  // Two people of one name are refused.
  await app.navLink("Settings").click();
  await page.getByTestId("add-person-name").fill(" wang  jing ");
  await page.getByTestId("add-role-SalesManager").check();
  await page.getByTestId("add-person-passphrase").fill("another long pass 42");
  await page.getByTestId("add-person-repeat").fill("another long pass 42");
  await page.getByTestId("add-person").click();
  await expectText(page.getByTestId("add-person-message"), "Someone at this desk already has that name; add a distinguishing word.");
  await app.addPerson("Li Qiang", ["SalesManager"], "li qiang copper pass 7");

  // Li cannot manage people; the page says who does.
  const li = await tabAs(hq.context, env.site.url, "Li Qiang", "li qiang copper pass 7");
  await li.app.navLink("Settings").click();
  await expectText(li.page.getByTestId("people").getByTestId("gate-note"), "This is for the archivist to decide: unlock as them, or ask them.");
  assert.equal(await li.page.getByTestId("person-add").count(), 0);
  await li.page.close();

  // The archivist disables Li; the old shared passphrase and Li's both fail.
  const row = page.getByTestId("person").filter({ hasText: "Li Qiang" });
  await row.getByTestId("person-disabled").check();
  await row.getByTestId("person-save").click();
  await expectMatch(page.getByTestId("person").filter({ hasText: "Li Qiang" }), /· disabled/);
  await page.getByTestId("lock").click();
  await page.goto(env.site.url + "/unlock");
  await page.getByTestId("unlock-person").locator("option").nth(1).waitFor({ state: "attached" });
  const names = await page.getByTestId("unlock-person").locator("option").allTextContents();
  assert.deepEqual(names.slice(1), ["Wang Jing"], "a disabled person is not offered");
  await page.getByTestId("unlock-person").selectOption({ label: "Wang Jing" });
  await app.unlock("harbour lantern copper velvet");
  await expectText(page.getByTestId("unlock-message"), "That passphrase is not right. Nothing was changed; try again.");
  await app.unlockAs("Wang Jing", "wang's own harbour key");
  await expectMatch(page.getByTestId("who"), /^Wang Jing · archivist$/);
  assert.deepEqual(hq.problems, []);
});
