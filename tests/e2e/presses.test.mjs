// A button pressed twice (a double click, an impatient second press) does its work once:
// one visit draft, one complaint with one acceptance number, one submitted visit, one
// new file. Each of these writes a record of its own, so a second run would leave a
// stray draft or burn a number in the complaint register.
import assert from "node:assert/strict";
import { test } from "node:test";
import { expectMatch, expectText, openApp, useBrowserAndSite } from "./harness.mjs";

const env = useBrowserAndSite();

test("buttons that create records create one when double-clicked", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());
  await app.setProfile("Li Wei", "R07");
  await app.startNewCustomer();
  await app.field("Customer name").fill("中山百佳超市");
  await page.getByTestId("save-customer").dblclick();
  await expectText(app.title(), "中山百佳超市");

  await page.getByTestId("record-visit").dblclick();
  await expectText(app.title(), "Visit: 中山百佳超市");
  await app.visitField("Discussion summary").fill("客户要求下周报价");
  await page.getByTestId("submit-visit").dblclick();
  await expectText(app.title(), "中山百佳超市");
  await expectMatch(page.getByTestId("customer-visits"), /客户要求下周报价/);
  assert.equal(await page.getByTestId("customer-visits").getByTestId("visit-link").count(), 1, "one visit, no stray draft");

  await page.getByTestId("register-complaint").dblclick();
  const year = new Date().getFullYear();
  await expectText(app.title(), `Complaint R07-${year}-T0001`);
  await app.navLink("Complaints").click();
  await expectMatch(page.getByTestId("complaints"), new RegExp(`R07-${year}-T0001`));
  assert.doesNotMatch(await page.getByTestId("complaints").innerText(), /T0002/, "one acceptance number used");

  await app.navLink("Visits").click();
  await page.getByTestId("visits-submitted").waitFor();
  assert.equal(await page.getByTestId("visit-drafts").count(), 0, "no draft left behind");
  await app.navLink("Customers").click();
  assert.equal(await app.customerRows().count(), 1, "one file");

  // Closing the account: closed once, with no conflict reported against itself.
  await app.customerRows().first().click();
  await page.getByTestId("close-account").click();
  await page.getByTestId("close-reason").fill("客户停业");
  await page.getByTestId("close-confirm").dblclick();
  await expectMatch(page.getByTestId("closure-notice"), /^Account closed on .* Reason: 客户停业$/);
  assert.equal(await page.locator("[role=alert]").count(), 0, "no error shown");
  await expectMatch(page.getByTestId("history"), /客户停业/);
  assert.equal((await page.getByTestId("history").innerText()).match(/Changed by/g).length, 1, "one change recorded");
  assert.deepEqual(problems, []);
});
