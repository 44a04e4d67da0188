// #34, updates that never strand data. A laptop runs the release just before the newest
// schema step (built from git by scripts/previous.sh), the rep fills it, and IT deploys
// this build in its place, by each way of serving it: the update is offered, taken,
// the schema migration runs once, and every file is there, searchable, the confidential
// one still sealed and opened by the same passphrase. And a step to a new major release
// asks for a backup first, saying when the last one was made.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, test } from "node:test";
import { download, expectMatch, expectText, openApp, useBrowser } from "./harness.mjs";
import {
  ROOT, copyBuild, publishBuild, rebuildInPlace, releaseOf, startLaptopServer,
  startNginx, startTestServer,
} from "./servers.mjs";

const DIST = join(ROOT, process.env.DOSSIER_DIST ?? "dist");
const PREVIOUS = process.env.DOSSIER_PREVIOUS_DIST ?? join(ROOT, "target", "previous", "dist");
const VERSION = (await readFile(join(ROOT, "Cargo.toml"), "utf8")).match(/^version = "([^"]+)"/m)[1];
const RELEASED_SERVER = join(ROOT, "target", "release-archive", `dossier-${VERSION}`, "dossier-serve");
const PASSPHRASE = "harbour quince lattice ember";
const MARKER = "QVX4402";
/** The schema this build brings databases to (src/storage/migrations.rs, LATEST). */
const LATEST = Number(
  (await readFile(join(ROOT, "src", "storage", "migrations.rs"), "utf8")).match(/LATEST: SchemaVersion = SchemaVersion::V(\d+);/)[1],
);

before(() => {
  assert.ok(existsSync(join(PREVIOUS, "index.html")), `no previous release in ${PREVIOUS}: run scripts/previous.sh`);
  assert.ok(existsSync(RELEASED_SERVER), `no ${RELEASED_SERVER}: run scripts/release.sh`);
});
const env = useBrowser();

/**
 * A private copy of `build` served by `start`, opened in a fresh browser profile that has
 * taken it for offline use; all of it closed after the test `t`.
 */
async function served(t, build, start) {
  const dir = await copyBuild(build);
  const server = await start(dir);
  t.after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });
  const opened = await openApp(env.browser, server.url);
  t.after(() => opened.context.close());
  await opened.app.waitForOfflineReady();
  return { dir, server, ...opened };
}

/** The version of the app's database, as the browser has it. */
function schemaVersion(page) {
  return page.evaluate(
    () => new Promise((ok, fail) => {
      const r = indexedDB.open("dossier");
      r.onsuccess = () => { ok(r.result.version); r.result.close(); };
      r.onerror = () => fail(r.error);
    }),
  );
}

const WAYS = {
  "the test server": startTestServer,
  nginx: startNginx,
  // The release's own laptop server, as scripts/release.sh left it beside its archive.
  "the laptop server": (dir) => startLaptopServer(RELEASED_SERVER, dir),
};

for (const [way, start] of Object.entries(WAYS)) {
  test(`a laptop on the release before the newest schema step takes this one, served by ${way}, every file intact`, async (t) => {
    const { dir, server, context, page, app, problems } = await served(t, PREVIOUS, start);
    const before = await schemaVersion(page);
    assert.ok(before < LATEST, `the previous release's schema (${before}) is older than this one's (${LATEST})`);

    // The rep's files on the old release: plain ones, one in traditional characters, a
    // confidential one under the passphrase, and a visit.
    await app.setProfile("Li Wei", "R07");
    await app.setPassphrase(PASSPHRASE);
    await app.createFiles("招商银行深圳分行", "長城電器");
    await app.startNewCustomer();
    await app.field("Customer name").fill(`珠海${MARKER}精密`);
    await app.field("Phone").fill("0756-4402000");
    await app.field("Secret level").selectOption({ label: "Confidential" });
    await app.save();
    await expectText(app.title(), `珠海${MARKER}精密`);
    await app.openFile("招商银行");
    await page.getByTestId("record-visit").click();
    await app.visitField("Discussion summary").fill("续约意向明确");
    await page.getByTestId("submit-visit").click();
    await expectMatch(page.getByTestId("customer-visits"), /续约意向明确/);

    // IT puts this release where the old one was.
    await publishBuild(dir, DIST);
    await page.goto(`${server.url}/customers`);
    await app.updateReady().waitFor({ timeout: 20000 });
    await app.takeUpdate();
    await app.title().waitFor();

    // This release runs, on the migrated database, with every file.
    await app.navLink("Settings").click();
    await expectText(page.getByTestId("release"), `This is Dossier ${await releaseOf(DIST)}.`);
    assert.equal(await schemaVersion(page), LATEST);
    await app.navLink("Customers").click();
    await expectText(app.resultCount(), "3 files");
    await expectText(app.customerRows().filter({ hasText: "locked" }).locator(".row-name"), "Confidential file — locked");
    assert.ok(!(await app.rawDatabase()).includes(MARKER), "still sealed at rest after the migration");
    // Searched as this release searches: initials of a polyphonic name, and simplified
    // characters finding a traditional name.
    await app.searchBox().fill("zsyh");
    await expectMatch(app.customerRows().first(), /招商银行深圳分行/);
    await app.searchBox().fill("长城");
    await expectMatch(app.customerRows().first(), /長城電器/);
    await app.openFile("zsyh");
    await expectMatch(page.getByTestId("customer-visits"), /续约意向明确/);

    // Once migrated, a second start (offline) finds it as it was left, and the
    // confidential file opens by the same passphrase.
    await context.setOffline(true);
    await page.reload();
    await app.navLink("Customers").click();
    await expectText(app.resultCount(), "3 files");
    await app.customerRows().filter({ hasText: "locked" }).click();
    await app.unlock(PASSPHRASE);
    await page.getByTestId("viewing-purpose").fill("更新后核对");
    await page.getByTestId("open-file").click();
    await expectText(app.title(), `珠海${MARKER}精密`);
    assert.deepEqual(problems, []);
  });
}

/** The next major release after `release`: the minor while the major is 0. */
function nextMajor(release) {
  const [major, minor] = release.split(".").map(Number);
  return major === 0 ? `0.${minor + 1}.0` : `${major + 1}.0.0`;
}

test("a new major release asks for a backup before the switch, and says when the last one was made", async (t) => {
  const { dir, page, app, problems } = await served(t, DIST, startTestServer);
  const usb = await mkdtemp(join(tmpdir(), "dossier-usb-"));
  t.after(() => rm(usb, { recursive: true, force: true }));
  await app.setProfile("Li Wei", "R07");
  await app.setPassphrase(PASSPHRASE);
  await app.createFiles("珠海精密仪器");

  const next = nextMajor(await releaseOf(DIST));
  await rebuildInPlace(dir, "e2e-major-next", { release: next });
  await page.reload();
  const notice = app.updateReady();
  await notice.waitFor({ timeout: 15000 });
  await expectText(
    notice.locator("p").first(),
    `Dossier ${next} is ready. It is a new major version, which may change how your files are stored: make a backup before you switch.`,
  );
  await expectText(page.getByTestId("update-last-backup"), "This laptop has no backup yet.");
  assert.equal(await page.getByTestId("backup-reminder").count(), 0, "one notice about backups, not two");
  await app.shot("update-major");

  // The backup, made from the notice's button, on the release that wrote the data.
  await page.getByTestId("update-backup").click();
  await page.getByTestId("backup").waitFor();
  // The reload that found the update locked the vault: a backup needs it unlocked.
  await page.getByTestId("unlock-link").click();
  await app.unlock(PASSPHRASE);
  await page.getByTestId("lock").waitFor();
  await app.navLink("Settings").click();
  await download(page, page.getByTestId("make-backup"), usb);
  await expectMatch(page.getByTestId("update-last-backup"), /^Last backup of this laptop: \d{4}-\d{2}-\d{2} \d{2}:\d{2}\.$/);

  // In Chinese too.
  await app.language("zh-CN").click();
  await expectText(
    notice.locator("p").first(),
    `客户档案 ${next} 版已就绪。这是一次大版本更新，可能改变档案的存储方式：请先备份，再切换。`,
  );
  await app.language("en").click();

  await app.takeUpdate();
  assert.deepEqual(await page.evaluate(() => caches.keys()), ["dossier-e2e-major-next"]);
  await app.navLink("Customers").click();
  await expectText(app.resultCount(), "1 files");
  assert.deepEqual(problems, []);
});

test("a server rolled back to an older release is not taken without a warning", async (t) => {
  const { dir, page, app, problems } = await served(t, DIST, startTestServer);
  await rebuildInPlace(dir, "e2e-older", { release: "0.0.1" });
  await page.reload();
  await app.updateReady().waitFor({ timeout: 15000 });
  await expectText(
    app.updateReady().locator("p").first(),
    "The server offers an older version of Dossier (0.0.1), which may not open your files as this version left them. Make a backup and ask your IT contact before you switch.",
  );
  assert.equal(await app.updateWaiting(), true, "nothing switched by itself");
  assert.deepEqual(problems, []);
});
