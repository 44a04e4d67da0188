// End-to-end harness: the system Chromium driven by playwright-core, against a copy of
// the release build served on a free localhost port. Selectors live in AppPage only.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before } from "node:test";
import { chromium } from "playwright-core";
import { copyBuild, rebuildInPlace, renameBuild, startTestServer } from "./servers.mjs";

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
// As root Chromium needs --no-sandbox; the rest keep it off the (closed) network.
const ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];
const DIST = process.env.DOSSIER_DIST ?? "dist";

/**
 * The browser and a served copy of the build for one test file, started before its
 * tests and closed after them: `const env = useBrowserAndSite();` then `env.browser`.
 */
export function useBrowserAndSite() {
  const env = {};
  before(async () => {
    env.browser = await launch();
    env.site = await deploy();
  });
  after(async () => {
    await env.browser?.close();
    await env.site?.close();
  });
  return env;
}

/** The browser alone, for a test file that serves its builds itself: `env.browser`. */
export function useBrowser() {
  const env = {};
  before(async () => {
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
  });
  return env;
}

export function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
}

/** A private copy of the build, served, so a test can deploy a "new version" into it. */
export async function deploy() {
  const dir = await copyBuild(DIST);
  const server = await startTestServer(dir);
  return {
    dir,
    url: server.url,
    /** Makes the served build a new version, as a real deployment would. */
    publishNewVersion: (version) => rebuildInPlace(dir, version),
    /** Makes the served files another build than a page loaded before from them. */
    nameBuild: (build) => renameBuild(dir, build),
    async close() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Opens the app in a fresh browser profile. Every console error and uncaught page error
 * is collected in `problems`; tests assert there are none.
 */
export async function openApp(browser, url, { locale = "en-US", initScript, path = "/", serviceWorkers = "allow" } = {}) {
  const context = await browser.newContext({ locale, serviceWorkers, viewport: { width: 1366, height: 768 } });
  if (initScript) await context.addInitScript(initScript);
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  await page.goto(url + path);
  const app = new AppPage(page);
  await app.title().waitFor();
  return { context, page, app, problems };
}

/** Waits until `locator`'s text (trimmed) is `expected`, and says what it was if not. */
export async function expectText(locator, expected, timeout = 5000) {
  let last;
  const deadline = Date.now() + timeout;
  do {
    last = (await locator.textContent({ timeout }).catch(() => null))?.trim();
    if (last === expected) return;
    await new Promise((r) => setTimeout(r, 50));
  } while (Date.now() < deadline);
  assert.fail(`expected ${locator} to read ${JSON.stringify(expected)}, but it read ${JSON.stringify(last)}`);
}

/** Waits until `locator`'s text (trimmed) matches `pattern`. */
export async function expectMatch(locator, pattern, timeout = 5000) {
  let last;
  const deadline = Date.now() + timeout;
  do {
    last = (await locator.textContent({ timeout }).catch(() => null))?.trim();
    if (last != null && pattern.test(last)) return;
    await new Promise((r) => setTimeout(r, 50));
  } while (Date.now() < deadline);
  assert.fail(`expected ${locator} to match ${pattern}, but it read ${JSON.stringify(last)}`);
}

/** The app as a user sees it. */
export class AppPage {
  constructor(page) {
    this.page = page;
  }
  title() { return this.page.getByTestId("page-title"); }
  emptyState() { return this.page.getByTestId("empty-state"); }
  navLinks() { return this.page.getByRole("navigation").getByRole("link"); }
  navLink(name) { return this.page.getByRole("navigation").getByRole("link", { name, exact: true }); }
  networkStatus() { return this.page.getByTestId("network-status"); }
  storageStatus() { return this.page.getByTestId("storage-status"); }
  storageUsage() { return this.page.getByTestId("storage-usage"); }
  language(code) { return this.page.getByTestId(`lang-${code}`).first(); }
  offlineReady() { return this.page.getByTestId("offline-ready"); }
  updateReady() { return this.page.getByTestId("update-ready"); }
  updateReload() { return this.page.getByTestId("update-reload"); }
  persistenceRefused() { return this.page.getByTestId("persistence-refused"); }
  persistenceAskAgain() { return this.page.getByTestId("persistence-ask-again"); }
  storeCreated() { return this.page.getByTestId("store-created"); }

  searchBox() { return this.page.getByTestId("customer-search"); }
  customerRows() { return this.page.getByTestId("customer-row"); }
  resultCount() { return this.page.getByTestId("result-count"); }
  history() { return this.page.getByTestId("history-entry"); }
  /** The reasons of a file's history entries, newest first. */
  historyReasons() { return this.page.getByTestId("history-reason"); }
  importRead() { return this.page.getByTestId("import-read"); }
  importSummary() { return this.page.getByTestId("import-summary"); }
  importTotals() { return this.page.getByTestId("import-totals"); }
  /** The rows left out of an import, each with its row number and why. */
  importProblems() { return this.page.getByTestId("import-problem"); }
  /** The rows an import will write, each with its row number and name. */
  importAccepted() { return this.page.getByTestId("import-accepted").locator("li"); }
  field(label) { return this.page.locator("form").getByLabel(label, { exact: true }); }
  visitField(label) { return this.page.locator("form.visit-form").getByLabel(label, { exact: true }); }
  contactField(n, label) { return this.page.getByTestId("contact-row").nth(n).getByLabel(label, { exact: true }); }

  /** Sets the rep's name and code on the Settings page (English labels). */
  async setProfile(name, code) {
    await this.page.goto(new URL("/settings", this.page.url()).href);
    await this.page.getByLabel("Your name").fill(name);
    await this.page.getByLabel("Rep code").fill(code);
    await this.page.getByTestId("save-profile").click();
    await this.page.getByTestId("profile-message").filter({ hasText: "Profile saved." }).waitFor();
  }

  /**
   * Sets the first passphrase on the Settings page, confirms the recovery key shown,
   * and returns it.
   */
  async setPassphrase(passphrase) {
    await this.page.goto(new URL("/settings", this.page.url()).href);
    await this.page.getByTestId("new-passphrase").fill(passphrase);
    await this.page.getByTestId("repeat-passphrase").fill(passphrase);
    await this.page.getByTestId("set-passphrase").click();
    const key = (await this.page.getByTestId("recovery-key").textContent({ timeout: 15000 })).trim();
    await this.page.getByTestId("recovery-confirm").fill(key.split("-").at(-1));
    await this.page.getByTestId("recovery-done").click();
    await this.page.getByTestId("vault-ready").waitFor();
    return key;
  }

  /** Unlocks with the form on the current page. */
  async unlock(passphrase) {
    await this.page.getByTestId("unlock-passphrase").fill(passphrase);
    await this.page.getByTestId("unlock").click();
  }

  /** Every record of every object store of the app's IndexedDB, as JSON text. */
  async rawDatabase() {
    return this.page.evaluate(async () => {
      const db = await new Promise((ok, fail) => {
        const r = indexedDB.open("dossier");
        r.onsuccess = () => ok(r.result);
        r.onerror = () => fail(r.error);
      });
      const out = [];
      for (const name of db.objectStoreNames) {
        const all = await new Promise((ok, fail) => {
          const r = db.transaction(name).objectStore(name).getAll();
          r.onsuccess = () => ok(r.result);
          r.onerror = () => fail(r.error);
        });
        // Bytes as text too, so a marker stored raw in a byte array would show.
        const text = JSON.stringify(all, (_, v) => (v instanceof Uint8Array ? new TextDecoder().decode(v) : v));
        out.push(`${name}: ${text}`);
      }
      db.close();
      return out.join("\n") + "\nlocalStorage: " + JSON.stringify({ ...localStorage });
    });
  }

  /** Opens a blank customer form from the list's button. */
  async startNewCustomer() {
    await this.navLink("Customers").click();
    await this.page.getByTestId("new-customer").click();
    await this.field("Customer name").waitFor();
  }

  /**
   * Saves the customer form. Editing a file needs a reason (seed 001): when the test
   * gave none, one is written here, so tests about other things need not each say one.
   */
  async save() {
    const reason = this.page.getByTestId("change-reason");
    if ((await reason.count()) > 0 && (await reason.inputValue()).trim() === "") {
      await reason.fill("资料更新");
    }
    await this.page.getByTestId("save-customer").click();
  }

  /** Creates files with only a name, one after another, each shown once saved. */
  async createFiles(...names) {
    for (const name of names) {
      await this.startNewCustomer();
      await this.field("Customer name").fill(name);
      await this.save();
      await expectText(this.title(), name);
    }
  }

  async navTexts() {
    return (await this.navLinks().allTextContents()).map((t) => t.trim());
  }

  // People, roles and proposals.

  /** Opens the first file the search `text` finds. */
  async openFile(text) {
    await this.navLink("Customers").click();
    await this.searchBox().fill(text);
    await this.customerRows().first().click();
    await this.page.waitForURL(/\/customers\/[^/]+$/);
    await this.title().waitFor();
  }

  /** At head office, unlocked: names the desk's one user its first person, an archivist. */
  async setUpDesk(name, passphrase) {
    await this.navLink("Settings").click();
    await this.page.getByTestId("person-name").fill(name);
    await this.page.getByTestId("person-passphrase").fill(passphrase);
    await this.page.getByTestId("person-repeat").fill(passphrase);
    await this.page.getByTestId("people-setup-button").click();
    await this.page.getByTestId("person").first().waitFor({ timeout: 15000 });
  }

  /** The archivist adds a person with roles (`Role` names) and a first passphrase. */
  async addPerson(name, roles, passphrase) {
    await this.navLink("Settings").click();
    await this.page.getByTestId("add-person-name").fill(name);
    for (const role of roles) await this.page.getByTestId(`add-role-${role}`).check();
    await this.page.getByTestId("add-person-passphrase").fill(passphrase);
    await this.page.getByTestId("add-person-repeat").fill(passphrase);
    await this.page.getByTestId("add-person").click();
    await this.page.getByTestId("add-person-message").filter({ hasText: name }).waitFor({ timeout: 15000 });
  }

  /** Unlocks as a person of the desk with the form on the current page. */
  async unlockAs(name, passphrase) {
    await this.page.getByTestId("unlock-person").selectOption({ label: name });
    await this.unlock(passphrase);
    await this.page.getByTestId("who").waitFor({ timeout: 15000 });
  }

  /**
   * With DOSSIER_SHOTS set to a folder, saves the page as `{name}-en.png` and
   * `{name}-zh.png` (switching language and back), for the notes; else nothing.
   */
  async shot(name) {
    const dir = process.env.DOSSIER_SHOTS;
    if (!dir) return;
    await this.page.screenshot({ path: `${dir}/${name}-en.png`, fullPage: true });
    await this.language("zh-CN").click();
    await this.page.waitForTimeout(300);
    await this.page.screenshot({ path: `${dir}/${name}-zh.png`, fullPage: true });
    await this.language("en").click();
    await this.page.waitForTimeout(300);
  }

  /** On a file's page, proposes `what` (the option's label) with `reason`. */
  async propose(what, reason) {
    await this.page.getByTestId("propose-what").selectOption({ label: what });
    await this.page.getByTestId("propose-reason").fill(reason);
    await this.page.getByTestId("propose").click();
    await this.page.getByTestId("propose-message").waitFor();
  }

  /** Whether a new build's worker is installed and waiting for the user's go-ahead. */
  async updateWaiting() {
    return this.page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting != null);
  }

  /** Resolves once a service worker controls the page, i.e. it will open offline. */
  /** Takes the offered update ("Reload now") and waits for the page to load onto it. */
  async takeUpdate() {
    const reloaded = this.page.waitForEvent("load");
    await this.updateReload().click();
    await reloaded;
  }

  async waitForOfflineReady() {
    // Polled on a timer, not on animation frames, which a busy or hidden page may not run.
    await this.page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 45000, polling: 250 });
  }

  // Security events and leak reports.
  lock() { return this.page.getByTestId("lock").click(); }
  failedUnlocksNotice() { return this.page.getByTestId("failed-unlocks"); }
  failedUnlocksText() { return this.page.getByTestId("failed-unlocks-text"); }
  dismissFailedUnlocks() { return this.page.getByTestId("failed-unlocks-dismiss").click(); }
  securityToSend() { return this.page.getByTestId("security-to-send"); }
  importSecurity() { return this.page.getByTestId("import-security"); }
  securityDevice(rep) { return this.page.locator(`[data-testid="security-device"][data-rep="${rep}"]`); }
  securityAlarm(rep) { return this.securityDevice(rep).getByTestId("security-alarm"); }
  securityEvents(rep) { return this.securityDevice(rep).getByTestId("security-event"); }
  leakMessage() { return this.page.getByTestId("leak-message"); }
  leaksFiledHere() { return this.page.getByTestId("leak-filed"); }
  leakReportsCard() { return this.page.getByTestId("leak-reports"); }
  leakReports() { return this.page.getByTestId("leak-report"); }
  handledLeakReports() { return this.page.getByTestId("leak-report-handled"); }
  /** The cards of the page's main column, top to bottom, by test id. */
  cardIds() {
    return this.page.locator("main section.card").evaluateAll((els) => els.map((e) => e.dataset.testid ?? ""));
  }

  /**
   * Types `passphrase` into the unlock form and presses Unlock; resolves once the
   * attempt is over (the form empties its field whatever the answer) with what the
   * form then says ("" once unlocked).
   */
  async tryUnlock(passphrase) {
    await this.unlock(passphrase);
    await this.page.waitForFunction(() => {
      const field = document.querySelector('[data-testid="unlock-passphrase"]');
      return !field || field.value === "";
    }, null, { timeout: 15000 });
    const form = this.page.getByTestId("unlock-form");
    return (await form.count()) ? (await form.getByTestId("unlock-message").textContent()).trim() : "";
  }

  /** Unlocks with `passphrase`, waiting out the back-off as a person would. */
  async unlockWaiting(passphrase, { wrongTimes = 0, wrong = "not the passphrase" } = {}) {
    for (let failed = 0; failed <= wrongTimes; ) {
      const typed = failed < wrongTimes ? wrong : passphrase;
      const said = await this.tryUnlock(typed);
      const wait = /try again in (\d+) s/.exec(said);
      if (wait) {
        await this.page.waitForTimeout(Number(wait[1]) * 1000 + 500);
      } else if (typed === wrong) {
        assert.match(said, /not right/);
        failed++;
      } else {
        assert.equal(said, "", "unlocked");
        return;
      }
    }
  }

  /** Exports a bundle to head office from the Bundles page into `dir`; returns its path. */
  async exportToOffice(dir) {
    await this.navLink("Bundles").click();
    return download(this.page, this.page.getByTestId("export-bundle"), dir);
  }

  /** Imports the bundle at `path` from the Bundles page, trusting a new device if asked. */
  async importBundle(path, { trust = false } = {}) {
    await this.navLink("Bundles").click();
    await this.page.getByTestId("import-file").setInputFiles(path);
    if (trust) await this.page.getByTestId("trust-device").click();
    await this.page.getByTestId("import-preview").waitFor();
  }

  async applyImport() {
    await this.page.getByTestId("apply-import").click();
    await this.page.getByTestId("import-done").waitFor();
  }

  /** Head office: writes the bundle for rep `code` into `dir`; returns its path. */
  async exportForRep(code, dir) {
    await this.navLink("Bundles").click();
    await this.page.getByTestId("rep-row").filter({ hasText: code }).locator("summary").first().click();
    return download(this.page, this.page.getByTestId(`export-for-${code}`), dir);
  }

  /** Settings, then "Report a leak": through the app, not a reload, which would lock the vault. */
  async openLeakReportPage() {
    await this.navLink("Settings").click();
    await this.page.getByTestId("report-leak").click();
    await this.page.getByTestId("leak-form").waitFor();
  }

  /** A rep's laptop: sets up the exchange from head office's enrolment file at `path`. */
  async setUpFromEnrolment(path) {
    await this.navLink("Bundles").click();
    await this.page.getByTestId("enrolment-file").setInputFiles(path);
    await this.page.getByTestId("send-to-office").waitFor();
  }

  /** Files a leak report from Settings, and waits for the form's answer. */
  async fileLeakReport({ what, when = "", files = "" }) {
    await this.openLeakReportPage();
    await this.page.getByTestId("leak-what").fill(what);
    if (when) await this.page.getByTestId("leak-when").fill(when);
    await this.page.getByTestId("leak-files").fill(files);
    await this.page.getByTestId("file-leak").click();
    await this.page.getByTestId("leak-message").filter({ hasText: /\S/ }).waitFor();
  }

  /** Head office marks the waiting leak report that mentions `text` handled. */
  async markLeakHandled(text) {
    await this.leakReports().filter({ hasText: text }).getByTestId("leak-handled").click();
  }

  // Oversight of the reps' viewing records.

  /** On a 秘密-or-above file's purpose form: states why the file is opened, and opens it. */
  async givePurpose(purpose) {
    await this.page.getByTestId("purpose-form").waitFor();
    await this.page.getByTestId("viewing-purpose").fill(purpose);
    await this.page.getByTestId("open-file").click();
  }

  /** At head office, unlocked: the reps' viewing records, from the Bundles page's link. */
  async openOversight() {
    await this.navLink("Bundles").click();
    await this.page.getByTestId("oversight-link").click();
    await this.page.getByTestId("oversight-filters").or(this.oversightOfficeOnly()).waitFor();
  }

  oversightOfficeOnly() { return this.page.getByTestId("oversight-office-only"); }
  oversightRep(code) { return this.page.locator(`[data-testid="oversight-rep"][data-rep="${code}"]`); }
  oversightChain(code) { return this.oversightRep(code).getByTestId("oversight-chain"); }
  oversightEntries(code) { return this.oversightRep(code).getByTestId("oversight-entry"); }
  oversightFiles(code) { return this.oversightRep(code).getByTestId("oversight-file"); }
  oversightNoneKept(code) { return this.oversightRep(code).getByTestId("oversight-none-kept"); }
  oversightNoRecord(code) { return this.oversightRep(code).getByTestId("oversight-no-record"); }

  /** Filters the records: `level` by its option's label, `from` and `to` as YYYY-MM-DD ("" clears). */
  async filterOversight({ level, from, to }) {
    if (level !== undefined) await this.page.getByTestId("oversight-level").selectOption({ label: level });
    if (from !== undefined) await this.page.getByTestId("oversight-from").fill(from);
    if (to !== undefined) await this.page.getByTestId("oversight-to").fill(to);
  }
}

/** What another program (openpyxl, installed by scripts/setup.sh) reads in a workbook
 * Dossier wrote: the sheet names, the first sheet's frozen pane, and each of its cells
 * as [Python type, value] (dates as ISO text). */
export function readWorkbook(path) {
  const script = `
import sys, json, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
rows = [[[type(c).__name__, c if isinstance(c, (str, int, float)) or c is None else c.isoformat()] for c in r] for r in ws.iter_rows(values_only=True)]
print(json.dumps({"sheets": wb.sheetnames, "rows": rows, "frozen": ws.freeze_panes}))
`;
  return JSON.parse(execFileSync("python3", ["-c", script, path]).toString("utf8"));
}

/** Where the tests leave each printed form as PDF and PNG, to look at. */
export const ARTIFACTS = new URL("../../target/e2e-artifacts/", import.meta.url).pathname;

/** Leaves the page as printed on A4 in ARTIFACTS: `${name}.pdf`, and `${name}.png` as the
 * print stylesheet shows it. Returns the PDF's path. */
export async function keepPrinted(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const pdf = `${ARTIFACTS}${name}.pdf`;
  // The stylesheet's page sizes: A4, across for the wide reports.
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
  await page.emulateMedia({ media: "print" });
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
  await page.emulateMedia({ media: null });
  return pdf;
}

/** Clicks `trigger` and saves the file it downloads into `dir`; returns its path. */
export async function download(page, trigger, dir) {
  const [file] = await Promise.all([page.waitForEvent("download"), trigger.click()]);
  const path = `${dir}/${file.suggestedFilename()}`;
  await file.saveAs(path);
  return path;
}

/**
 * Two laptops and a USB stick, for one test `t`: head office set up by Wang Jing (HQ),
 * R07 Li Wei enrolled, its enrolment file on the stick, and the rep's laptop beside it.
 */
export async function headOfficeAndRep(env, t) {
  const usb = await mkdtemp(join(tmpdir(), "dossier-usb-"));
  t.after(() => rm(usb, { recursive: true, force: true }));
  const hq = await openApp(env.browser, env.site.url);
  const rep = await openApp(env.browser, env.site.url);
  t.after(() => hq.context.close());
  t.after(() => rep.context.close());
  await hq.app.setProfile("Wang Jing", "HQ");
  await hq.app.setPassphrase("harbour lantern copper velvet");
  await hq.app.navLink("Bundles").click();
  await hq.page.getByTestId("setup-head-office").click();
  await hq.page.getByTestId("enrol-code").fill("R07");
  await hq.page.getByTestId("enrol-name").fill("Li Wei");
  const enrolment = await download(hq.page, hq.page.getByTestId("enrol-rep"), usb);
  return { usb, hq, rep, enrolment };
}

const CITIES = ["佛山", "江门", "中山", "东莞", "珠海", "肇庆"];
const SURNAMES = ["李", "王", "陈", "张", "黄", "欧阳"];
const TRADES = ["永盛食品", "安信电器", "长青家具", "利民五金", "南海陶瓷", "天河电子"];

/**
 * A CSV of `n` distinct customers (UTF-8 with its mark, CRLF), as a rep's old customer
 * list would be: file i is named after a city and a trade with its number, 佛山永盛食品0000号
 * first, with a contact and a mobile of its own.
 */
export function customerListCsv(n) {
  const lines = ["客户名称,联系人,手机,省份,城市"];
  for (let i = 0; i < n; i++) {
    const city = CITIES[i % CITIES.length];
    const name = `${city}${TRADES[Math.floor(i / CITIES.length) % TRADES.length]}${String(i).padStart(4, "0")}号`;
    lines.push(`${name},${SURNAMES[i % SURNAMES.length]}经理,139${String(i).padStart(8, "0")},广东,${city}`);
  }
  return "\ufeff" + lines.join("\r\n") + "\r\n";
}
