// A laptop is lost: its backup, opened with the passphrase or the recovery key in an
// empty browser, brings everything back. Until a backup exists, Dossier says so.
import assert from "node:assert/strict";
import { test } from "node:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { download, expectMatch, expectText, openApp, useBrowserAndSite } from "./harness.mjs";

const env = useBrowserAndSite();

test("a backup restores every file into an empty browser, and the reminder stops once one exists", async (t) => {
  const usb = await mkdtemp(join(tmpdir(), "dossier-usb-"));
  t.after(() => rm(usb, { recursive: true, force: true }));
  const old = await openApp(env.browser, env.site.url);
  t.after(() => old.context.close());
  await old.app.setProfile("Li Wei", "R07");
  const recovery = await old.app.setPassphrase("copper lantern orchard velvet");
  await old.app.startNewCustomer();
  await old.app.field("Customer name").fill("珠海精密仪器");
  await old.app.field("Secret level").selectOption({ label: "Secret" });
  await old.app.save();
  await expectText(old.app.title(), "珠海精密仪器");
  await expectText(old.page.getByTestId("backup-reminder").locator("p"), "Nothing on this laptop has been backed up or sent to head office yet.");
  await old.page.getByTestId("backup-reminder").getByRole("link").click();
  const file = await download(old.page, old.page.getByTestId("make-backup"), usb);
  assert.match(file, /Dossier-backup_R07_\d{4}-\d{2}-\d{2}\.dossier-backup$/);
  await expectMatch(old.page.getByTestId("last-backup"), /^Last backup: \d{4}-\d{2}-\d{2}/);
  await old.app.navLink("Customers").click();
  await old.app.customerRows().first().waitFor();
  assert.equal(await old.page.getByTestId("backup-reminder").count(), 0);

  const fresh = await openApp(env.browser, env.site.url, { path: "/settings" });
  t.after(() => fresh.context.close());
  await fresh.page.getByTestId("restore-file").setInputFiles(file);
  await fresh.page.getByTestId("restore-secret").fill("copper lantern orchard");
  await fresh.page.getByTestId("restore-button").click();
  await expectText(fresh.page.getByTestId("restore-message"), "That is not the passphrase this backup was made with. Nothing was changed.", 15000);
  await fresh.page.getByTestId("restore-with-recovery").check();
  await fresh.page.getByTestId("restore-secret").fill(recovery.toLowerCase());
  await Promise.all([fresh.page.waitForEvent("load"), fresh.page.getByTestId("restore-button").click()]);
  await fresh.app.navLink("Customers").click();
  await expectText(fresh.app.customerRows().first().locator(".row-name"), "Confidential file — locked");
  await fresh.app.customerRows().first().click();
  await fresh.app.unlock("copper lantern orchard velvet");
  // A 秘密 file asks the purpose, for the viewing record.
  await fresh.page.getByTestId("viewing-purpose").fill("恢复后核对");
  await fresh.page.getByTestId("open-file").click();
  await expectText(fresh.app.title(), "珠海精密仪器");
  assert.deepEqual(old.problems, []);
  assert.deepEqual(fresh.problems, []);
});
