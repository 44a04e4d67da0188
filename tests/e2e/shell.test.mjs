// The app shell: what a first-time user sees, reaches by keyboard, and cannot subvert.
import assert from "node:assert/strict";
import { test } from "node:test";
import { expectMatch, expectText, openApp, useBrowserAndSite } from "./harness.mjs";

const env = useBrowserAndSite();

test("an empty store opens on the customer list, with status in the header", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());

  await expectText(app.title(), "Customer files");
  assert.equal(new URL(page.url()).pathname, "/customers");
  await expectText(app.emptyState().locator("p").first(), "No customer files yet.");
  assert.deepEqual(await app.navTexts(), ["Customers", "Visits", "Reviews", "Reports", "Complaints", "Bundles", "Approvals", "Registers", "Settings"]);
  assert.equal(await app.navLink("Customers").getAttribute("aria-current"), "page");

  await expectText(app.networkStatus(), "Online");
  await page.waitForFunction(() => document.querySelector("[data-testid=storage-status]")?.dataset.state !== "checking");
  await expectMatch(app.storageUsage(), /^\d+(\.\d)? [KMGT]?B used · \d+(\.\d)? [KMGT]?B free$/);

  // The store really opened: settings shows when it was created (today).
  await app.navLink("Settings").click();
  await expectText(app.title(), "Settings");
  const today = await page.evaluate(() => new Date().toISOString().slice(0, 10));
  await expectText(app.storeCreated(), `Local store created on ${today}.`);
  assert.deepEqual(problems, []);
});

test("every area is reachable by keyboard alone", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());

  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), "Skip to content");
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement.id), "main");

  for (const [link, title] of [["Visits", "Visits"], ["Bundles", "Bundles"], ["Settings", "Settings"]]) {
    await app.navLink(link).focus();
    await page.keyboard.press("Enter");
    await expectText(app.title(), title);
  }
  assert.deepEqual(problems, []);
});

test("an unknown address says so and offers the way back", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url, { path: "/no-such-page" });
  t.after(() => context.close());

  await expectText(app.title(), "Page not found");
  await page.getByRole("main").getByRole("link", { name: "Go to customer files" }).click();
  await expectText(app.title(), "Customer files");
  assert.deepEqual(problems, []);
});

test("the content security policy lets the app run and stops injected script", async (t) => {
  const { context, page, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());

  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'/);
  assert.doesNotMatch(csp, /unsafe-inline|__INLINE/);

  // What a pasted <script> in a customer field would amount to if it ever reached the DOM.
  await page.evaluate(() => {
    const script = document.createElement("script");
    script.textContent = "window.__injected = true";
    document.body.append(script);
  });
  assert.equal(await page.evaluate(() => window.__injected), undefined);
  assert.ok(problems.length > 0 && problems.every((p) => p.includes("Content Security Policy")), problems.join("\n"));
});
