// The vault, checked as an attacker would: a confidential file leaves no readable trace
// in the browser's storage, disappears from the screen when locked, opens only with the
// passphrase, and every look at it is on the viewing record with its purpose.
import assert from "node:assert/strict";
import { test } from "node:test";
import { expectMatch, expectText, openApp, useBrowserAndSite } from "./harness.mjs";

const env = useBrowserAndSite();
const PASSPHRASE = "copper lantern orchard velvet";
const MARKER = "ZQX7731";

test("a confidential file is unreadable at rest, hidden when locked, and each viewing is recorded", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());
  await app.waitForOfflineReady();
  await app.setProfile("Li Wei", "R07");
  await app.setPassphrase(PASSPHRASE);

  await app.startNewCustomer();
  await app.field("Customer name").fill(`珠海${MARKER}精密`);
  await app.field("Phone").fill("0756-7731000");
  await app.field("Key people: character, interests, hobbies, family, education, age").fill(`老板喜欢${MARKER}普洱`);
  await app.field("Secret level").selectOption({ label: "Confidential" });
  await app.save();
  await expectText(app.title(), `珠海${MARKER}精密`);
  await page.getByTestId("record-visit").click();
  await app.visitField("Discussion summary").fill(`报价底线 ${MARKER}`);
  await page.waitForTimeout(300);

  const raw = await app.rawDatabase();
  assert.ok(raw.includes("R07-2026-"), "the archive number stays readable");
  assert.ok(!raw.includes(MARKER), `the marker is nowhere in IndexedDB or localStorage:\n${raw.slice(0, 2000)}`);
  assert.ok(!raw.includes("0756-7731000") && !raw.includes("珠海"), "nor the phone or name");

  // Lock: nothing confidential on screen, not even after a reload, offline.
  await page.getByTestId("lock").click();
  await page.getByTestId("unlock-form").waitFor();
  assert.ok(!(await page.content()).includes(MARKER), "locking hides the open visit form");
  await context.setOffline(true);
  await page.reload();
  await app.navLink("Customers").click();
  await expectText(app.customerRows().first().locator(".row-name"), "Confidential file — locked");
  assert.ok(!(await page.content()).includes(MARKER));
  await app.customerRows().first().click();
  await page.getByTestId("file-locked").waitFor();
  assert.ok(!(await page.content()).includes(MARKER));

  // A wrong passphrase changes nothing; the right one asks why before it shows the file.
  await app.unlock("copper lantern orchard");
  await expectText(page.getByTestId("unlock-message"), "That passphrase is not right. Nothing was changed; try again.");
  assert.ok(!(await page.content()).includes(MARKER));
  await app.unlock(PASSPHRASE);
  await page.getByTestId("purpose-form").waitFor();
  assert.ok(!(await page.content()).includes(MARKER), "not before the purpose is given");
  await page.getByTestId("open-file").click();
  await page.getByTestId("purpose-form").getByRole("alert").filter({ hasText: "Required." }).waitFor();
  await page.getByTestId("viewing-purpose").fill("续约前核对报价");
  await page.getByTestId("open-file").click();
  await expectText(app.title(), `珠海${MARKER}精密`);

  // The viewing record has it, with its purpose, and the chain is intact.
  await page.goto(new URL("/viewing-record", page.url()).href);
  await page.getByTestId("unlock-form").waitFor();
  await app.unlock(PASSPHRASE);
  await expectMatch(page.getByTestId("viewing-entry").first(), /Li Wei \(R07\)\s*R07-2026-\d+\s*续约前核对报价/);
  await expectText(page.getByTestId("chain-verdict"), "The record is complete: 1 entries, none altered or removed.");
  assert.deepEqual(problems, []);
});

test("the passphrase is set with honest feedback, and a forgotten one is replaced with the recovery key", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());
  await app.setProfile("Li Wei", "R07");
  await page.getByTestId("new-passphrase").fill("password123");
  await expectMatch(page.getByTestId("passphrase-strength"), /^Too easy to guess.*one of the passwords attackers try first/s);
  await page.getByTestId("repeat-passphrase").fill("password123");
  assert.equal(await page.getByTestId("set-passphrase").isDisabled(), true, "a common password is refused");
  const recovery = await app.setPassphrase(PASSPHRASE);
  assert.match(recovery, /^([A-Z2-7]{5}-){10}[A-Z2-7]{5}$/);

  await app.startNewCustomer();
  await app.field("Customer name").fill(`中山${MARKER}`);
  await app.field("Secret level").selectOption({ label: "Secret" });
  await app.save();
  await expectText(app.title(), `中山${MARKER}`);
  const fileUrl = page.url();
  await page.getByTestId("lock").click();

  await page.goto(new URL("/unlock?recover=1", page.url()).href);
  await page.getByTestId("recovery-key-input").fill(recovery.replace(/-/g, " ").toLowerCase().slice(0, 40));
  await page.getByTestId("new-passphrase").fill("brand new harbour words");
  await page.getByTestId("repeat-passphrase").fill("brand new harbour words");
  await page.getByTestId("recover").click();
  await expectText(page.getByTestId("recover-message"), "This is not a complete recovery key: a character is missing or mistyped.");
  await page.getByTestId("recovery-key-input").fill(recovery.toLowerCase());
  await page.getByTestId("recover").click();
  await page.getByTestId("unlocked").waitFor({ timeout: 15000 });

  await page.goto(fileUrl);
  await page.getByTestId("unlock-form").waitFor();
  await app.unlock(PASSPHRASE);
  await expectText(page.getByTestId("unlock-message"), "That passphrase is not right. Nothing was changed; try again.");
  await app.unlock("brand new harbour words");
  // A 秘密 file asks the purpose too, for the viewing record.
  await page.getByTestId("viewing-purpose").fill("核对地址");
  await page.getByTestId("open-file").click();
  await expectText(app.title(), `中山${MARKER}`);
  assert.deepEqual(problems, []);
});

test("if the confidential files cannot be read after unlocking, the user is told and can try again", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());
  await app.setProfile("Li Wei", "R07");
  await app.setPassphrase(PASSPHRASE);
  await app.startNewCustomer();
  await app.field("Customer name").fill(`江门${MARKER}五金`);
  await app.field("Phone").fill("0750-3300100");
  await app.field("Secret level").selectOption({ label: "Secret" });
  await app.save();
  await page.getByTestId("lock").click();
  await app.navLink("Customers").click();
  await expectText(app.customerRows().first().locator(".row-name"), "Confidential file — locked");

  // The read of the confidential entries (the catalogue's pages, read again at the
  // unlock) fails once, as a damaged or full disk would make it.
  await page.evaluate(() => {
    const original = IDBObjectStore.prototype.getAll;
    window.__restoreGetAll = () => (IDBObjectStore.prototype.getAll = original);
    window.__failGetAll = () => {
      IDBObjectStore.prototype.getAll = function (...args) {
        if (this.name === "catalogue_pages") {
          throw new DOMException("The disk could not be read.", "UnknownError");
        }
        return original.apply(this, args);
      };
    };
    window.__failGetAll();
  });
  await page.getByTestId("unlock-link").click();
  await app.unlock(PASSPHRASE);
  const notice = page.getByTestId("confidential-read-failed");
  await expectText(notice.locator("h2"), "Unlocked, but the confidential files could not be read");
  await expectMatch(notice, /The browser reported: .*The disk could not be read/);
  await page.getByTestId("lock").waitFor();
  await app.navLink("Customers").click();
  await expectText(app.customerRows().first().locator(".row-name"), "Confidential file — locked");

  // The disk is back: one press and the file shows by name, and the notice goes.
  await page.evaluate(() => window.__restoreGetAll());
  await page.getByTestId("confidential-read-retry").click();
  await expectText(app.customerRows().first().locator(".row-name"), `江门${MARKER}五金`);
  assert.equal(await notice.count(), 0, "the notice is gone");

  // Locking clears it too: a failure after one unlock is not shown after the next lock.
  await page.evaluate(() => window.__failGetAll());
  await page.getByTestId("lock").click();
  await page.getByTestId("unlock-link").click();
  await app.unlock(PASSPHRASE);
  await notice.waitFor();
  await page.getByTestId("lock").click();
  assert.equal(await notice.count(), 0, "locking takes the notice away");
  await page.evaluate(() => window.__restoreGetAll());
  assert.deepEqual(problems, []);
});

test("left alone past the auto-lock delay, Dossier locks itself", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());
  await page.clock.install();
  await app.setProfile("Li Wei", "R07");
  await app.setPassphrase(PASSPHRASE);
  await page.getByTestId("auto-lock-minutes").fill("1");
  await page.getByTestId("auto-lock-minutes").press("Tab");
  await page.getByTestId("lock").waitFor();
  await page.clock.runFor(30_000);
  assert.equal(await page.getByTestId("lock").count(), 1, "still open after 30 s");
  await page.clock.runFor(40_000);
  await page.getByTestId("unlock-link").waitFor();
  assert.deepEqual(problems, []);
});
