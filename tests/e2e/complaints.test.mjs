// The complaint register: numbered on registration, saved as typed, an accepted
// complaint past its promised deadline stands out, and closing needs its result.
import assert from "node:assert/strict";
import { test } from "node:test";
import { expectMatch, expectText, openApp, useBrowserAndSite } from "./harness.mjs";

const env = useBrowserAndSite();

test("a complaint past its deadline is flagged in the register, the agenda and beside a visit, until closed", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());
  const yesterday = await page.evaluate(() => {
    const d = new Date(Date.now() - 86400000);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  });
  await app.setProfile("Li Wei", "R07");
  await app.startNewCustomer();
  await app.field("Customer name").fill("中山百佳超市");
  await app.save();
  await expectText(app.title(), "中山百佳超市");

  await page.getByTestId("register-complaint").click();
  const year = new Date().getFullYear();
  await expectText(app.title(), `Complaint R07-${year}-T0001`);
  const field = (label) => page.locator("form.complaint-form").getByLabel(label, { exact: true });
  await field("Description").fill("第三批货物包装破损");
  await field("Customer's demand").fill("补发");
  await field("Decision").selectOption({ label: "Accepted" });
  await field("Promised deadline").fill(yesterday);
  await field("Responsible department").fill("物流部");

  // The register flags it, and so does the agenda.
  await app.navLink("Complaints").click();
  await expectMatch(page.getByTestId("complaints"), new RegExp(`R07-${year}-T0001.*中山百佳超市\\s*Product\\s*Open\\s*Overdue`));
  await app.navLink("Visits").click();
  await expectMatch(page.getByTestId("agenda-overdue"), /Complaint past its deadline\s*中山百佳超市\s*R07-\d{4}-T0001/);

  // Beside a visit form, the open complaint is shown before the rep speaks.
  await app.navLink("Customers").click();
  await app.customerRows().first().click();
  await page.getByTestId("record-visit").click();
  await expectMatch(page.getByTestId("open-complaints"), /T0001[\s\S]*第三批货物包装破损/);

  // Closing without a result is refused; with one it closes and leaves the agenda.
  await page.getByTestId("open-complaints").getByTestId("complaint-link").click();
  await page.getByTestId("close-complaint").click();
  await expectMatch(page.locator("div.field").filter({ hasText: /^Result/ }), /Required\./);
  await field("Result").fill("已补发，客户签收");
  await page.getByTestId("close-complaint").click();
  await expectMatch(page.getByTestId("complaint-status"), /^Closed$/);
  await expectText(page.getByTestId("complaint-saved"), "All changes saved on this laptop.");
  await page.reload();
  await expectMatch(page.getByTestId("complaint-status"), /^Closed$/);
  await app.navLink("Complaints").click();
  await page.getByTestId("complaints").getByText("T0001").waitFor();
  assert.equal(await page.getByTestId("overdue-mark").count(), 0);

  // The customer's timeline tells the story, newest first.
  await app.navLink("Customers").click();
  await app.customerRows().first().click();
  await page.getByTestId("timeline-entry").nth(2).waitFor();
  const timeline = (await page.getByTestId("timeline-entry").allInnerTexts()).map((t) => t.replace(/^\S+ \S+ /, ""));
  assert.deepEqual(timeline, [
    "File created by Li Wei",
    `Complaint R07-${year}-T0001 closed`,
    `Complaint R07-${year}-T0001 received`,
  ]);
  assert.deepEqual(problems, []);
});
