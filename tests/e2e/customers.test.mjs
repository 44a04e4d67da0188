// Customer files as a rep uses them: create with contacts and preferences, edit, find
// by pinyin initials, see the change history; nothing typed is ever lost; offline too.
import assert from "node:assert/strict";
import { test } from "node:test";
import { deploy, expectMatch, expectText, openApp, useBrowserAndSite } from "./harness.mjs";

const env = useBrowserAndSite();

test("a rep creates a file with contacts and preferences, edits it, and sees who changed what", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());
  await app.setProfile("Li Wei", "r07");

  await app.startNewCustomer();
  await app.field("Customer name").fill("深圳鸿达贸易有限公司");
  await app.field("Phone").fill("0755-8765 4321");
  await page.getByTestId("add-contact").click();
  await app.contactField(0, "Name").fill("张三");
  await app.contactField(0, "Title").fill("采购经理");
  await app.contactField(0, "Phones (separate with ;)").fill("138 1234 5678");
  await page.getByTestId("add-contact").click();
  await app.contactField(1, "Name").fill("李四");
  await page.getByRole("button", { name: "Allergy", exact: true }).click();
  await page.getByTestId("preference-row").last().getByLabel("Details").fill("花生过敏 peanuts");
  await page.getByRole("button", { name: "Tea or coffee", exact: true }).click();
  await page.getByTestId("preference-row").last().getByLabel("Details").fill("龙井");
  await app.field("Province").fill("广东");
  await app.field("City").fill("深圳");
  await app.save();

  await expectText(app.title(), "深圳鸿达贸易有限公司");
  await expectText(page.getByTestId("archive-no"), "R07-2026-00001");
  const before = page.getByTestId("before-visit");
  await expectMatch(before, /Allergy\s*花生过敏 peanuts[\s\S]*Tea or coffee\s*龙井/);
  await expectMatch(before, /张三 · 采购经理 · 138 1234 5678/);
  assert.equal(await page.getByTestId("contacts").locator("tbody tr").count(), 2);
  await expectText(app.history().first().locator("p").first(), await createdLine(page, "Li Wei"));

  await page.getByTestId("edit-customer").click();
  await app.field("Phone").fill("13900001111");
  await page.getByTestId("change-reason").fill("new mobile number");
  await app.save();
  await expectText(app.title(), "深圳鸿达贸易有限公司");
  const latest = app.history().first();
  await expectMatch(latest, /Changed by Li Wei · Reason: new mobile number/);
  await expectMatch(latest, /Phone: 0755-8765 4321 → 13900001111/);
  assert.equal(await app.history().count(), 2);
  assert.deepEqual(problems, []);
});

async function createdLine(page, who) {
  const stamp = await page.evaluate(() => {
    const d = new Date();
    const p = (n) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
  });
  const text = (await page.getByTestId("history-entry").first().locator("p").first().textContent()).trim();
  assert.match(text, new RegExp(`^${stamp} \\d\\d:\\d\\d Created by ${who}$`));
  return text;
}

test("typing pinyin initials finds a Chinese name, and it is still found after an offline reload", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url, { locale: "zh-CN" });
  t.after(() => context.close());
  await app.waitForOfflineReady();
  await app.language("en").click();
  await app.setProfile("Wang Fang", "R12");
  await app.createFiles("张三五金商行", "李四食品有限公司", "Acme Trading Ltd");

  await app.navLink("Customers").click();
  await app.searchBox().fill("zs");
  await expectText(app.resultCount(), "1 files");
  await expectMatch(app.customerRows().first(), /张三五金商行\s*R12-2026-0000\d/);
  await app.searchBox().fill("lisi");
  await expectMatch(app.customerRows().first(), /李四食品有限公司/);
  await app.searchBox().fill("R12 2026 00003");
  await expectMatch(app.customerRows().first(), /Acme Trading Ltd/);

  await context.setOffline(true);
  await page.reload();
  await app.searchBox().fill("zs");
  await expectMatch(app.customerRows().first(), /张三五金商行/);
  await app.customerRows().first().click();
  await expectText(app.title(), "张三五金商行");
  assert.deepEqual(problems, []);
});

test("the list keeps its search while files are opened, and shows a renamed file as renamed", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());
  await app.setProfile("Wang Fang", "R12");
  await app.createFiles("张三五金商行", "张伟电器", "李四食品有限公司");

  await app.navLink("Customers").click();
  await app.searchBox().fill("zhang");
  await expectText(app.resultCount(), "2 files");
  await app.customerRows().filter({ hasText: "张伟电器" }).click();
  await expectText(app.title(), "张伟电器");
  await app.navLink("Customers").click();
  assert.equal(await app.searchBox().inputValue(), "zhang");
  await expectText(app.resultCount(), "2 files");

  // Renamed so that it no longer matches: gone from the kept search, found by its new name.
  await app.customerRows().filter({ hasText: "张三五金商行" }).click();
  await page.getByTestId("edit-customer").click();
  await app.field("Customer name").fill("王五五金商行");
  await page.getByTestId("change-reason").fill("new owner");
  await app.save();
  await expectText(app.title(), "王五五金商行");
  await app.navLink("Customers").click();
  await expectText(app.resultCount(), "1 files");
  await expectMatch(app.customerRows().first(), /张伟电器/);
  await app.searchBox().fill("wangwu");
  await expectText(app.resultCount(), "1 files");
  await expectMatch(app.customerRows().first(), /王五五金商行\s*R12-2026-00001/);
  assert.deepEqual(problems, []);
});

test("a file opened from the list is the one clicked, with its latest visit, after a press on another row", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());
  await app.setProfile("Wang Fang", "R12");
  await app.createFiles("甲方五金商行", "乙方食品有限公司");
  await app.navLink("Customers").click();

  // A press on one row let go elsewhere (a scroll on a touch screen) opens nothing…
  await app.customerRows().filter({ hasText: "甲方五金商行" }).hover();
  await page.mouse.down();
  const heading = await app.title().boundingBox();
  await page.mouse.move(heading.x + 5, heading.y + 5, { steps: 5 });
  await page.mouse.up();
  assert.match(new URL(page.url()).pathname, /^\/customers\/?$/);
  // …and the next click opens its own file, not the one pressed.
  await app.customerRows().filter({ hasText: "乙方食品有限公司" }).click();
  await expectText(app.title(), "乙方食品有限公司");

  // The visit just saved is on the file it returns to, and on the file opened again.
  await page.getByTestId("record-visit").click();
  await app.visitField("Discussion summary").fill("试用装反馈良好");
  await page.getByTestId("submit-visit").click();
  await expectText(app.title(), "乙方食品有限公司");
  await expectMatch(page.getByTestId("customer-visits"), /试用装反馈良好/);
  await app.navLink("Customers").click();
  await app.customerRows().filter({ hasText: "乙方食品有限公司" }).click();
  await expectText(app.title(), "乙方食品有限公司");
  await expectMatch(page.getByTestId("customer-visits"), /试用装反馈良好/);
  await app.navLink("Customers").click();
  await app.customerRows().filter({ hasText: "甲方五金商行" }).click();
  await expectText(app.title(), "甲方五金商行");
  assert.equal(await page.getByText("试用装反馈良好").count(), 0);
  assert.deepEqual(problems, []);
});

test("a half-typed form survives the page being closed, and can then be saved", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());
  await app.setProfile("Li Wei", "R07");
  await app.startNewCustomer();
  await app.field("Customer name").fill("广州恒通电器");
  await app.field("Registered capital (yuan)").fill("50万");
  await app.field("Best time to visit").fill("周二上午");

  // The tab closes with no save: a crash, or a dead battery.
  await page.close({ runBeforeUnload: false });
  const again = await context.newPage();
  const reopened = new (app.constructor)(again);
  await again.goto(`${env.site.url}/customers/new`);
  await reopened.field("Customer name").waitFor();
  assert.equal(await reopened.field("Customer name").inputValue(), "广州恒通电器");
  assert.equal(await reopened.field("Registered capital (yuan)").inputValue(), "50万");
  assert.equal(await reopened.field("Best time to visit").inputValue(), "周二上午");
  await expectMatch(again.getByTestId("draft-status"), /^Your unsaved changes from .* were restored\.$/);

  await reopened.save();
  await expectText(reopened.title(), "广州恒通电器");
  await expectMatch(again.locator(".card").filter({ hasText: "Basic data" }), /Registered capital \(yuan\)\s*500,000/);
  assert.deepEqual(problems, []);
});

test("invalid input is explained beside its field and nothing is saved", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());
  await app.setProfile("Li Wei", "R07");
  await app.startNewCustomer();
  await app.field("Phone").fill("12345");
  await app.field("Employees").fill("-3");
  await app.save();

  await page.getByTestId("form-errors").waitFor();
  await expectMatch(page.locator("div.field").filter({ hasText: "Customer name" }), /Required\./);
  await expectMatch(page.locator("div.field").filter({ hasText: /^Phone/ }), /Not a phone number/);
  const phone = app.field("Phone");
  assert.equal(await phone.getAttribute("aria-invalid"), "true");
  await expectMatch(page.locator(`#${await phone.getAttribute("aria-describedby")}`), /Not a phone number/);
  await expectMatch(page.locator("div.field").filter({ hasText: "Employees" }), /Cannot be negative\./);
  assert.equal(new URL(page.url()).pathname, "/customers/new", "still on the form");

  // Fixing a field clears its message at once.
  await app.field("Customer name").fill("修好了");
  await page.locator("div.field").filter({ hasText: "Customer name" }).locator(".field-error").waitFor({ state: "detached" });
  await app.navLink("Customers").click();
  await app.page.getByTestId("empty-state").waitFor();
  assert.deepEqual(problems, []);
});

test("saving before the profile is set says what to do and keeps the typing", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());
  await app.startNewCustomer();
  await app.field("Customer name").fill("没有资料的客户");
  await app.save();
  await expectMatch(page.getByTestId("need-profile"), /enter your name and rep code in Settings/);
  await page.getByTestId("need-profile").getByRole("link").click();
  await expectText(app.title(), "Settings");
  await app.setProfile("Li Wei", "R07");
  await page.goto(`${env.site.url}/customers/new`);
  assert.equal(await app.field("Customer name").inputValue(), "没有资料的客户");
  await app.save();
  await expectText(app.title(), "没有资料的客户");
  assert.deepEqual(problems, []);
});

test("a first visit straight to a customer address still makes the app work offline", async (t) => {
  const fresh = await deploy();
  t.after(() => fresh.close());
  const { context, page, app, problems } = await openApp(env.browser, fresh.url, { path: "/customers/new" });
  t.after(() => context.close());
  await app.waitForOfflineReady();
  await context.setOffline(true);
  await page.goto(`${fresh.url}/customers`);
  await expectText(app.title(), "Customer files");
  assert.deepEqual(problems, []);
});

test("100,000 files list smoothly: only visible rows exist, and search narrows them", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());
  await seedCatalogue(page, 100_000);
  await page.reload();
  await expectText(app.resultCount(), "100000 files", 20000);
  const rendered = await app.customerRows().count();
  assert.ok(rendered > 5 && rendered < 80, `${rendered} rows in the DOM`);

  await page.getByTestId("customer-list").evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expectMatch(app.customerRows().last(), /Seeded customer 99999/);
  assert.ok((await app.customerRows().count()) < 80);

  await app.searchBox().fill("R99-2026-04242");
  await expectText(app.resultCount(), "1 files");
  await expectMatch(app.customerRows().first(), /Seeded customer 04241/);
  assert.deepEqual(problems, []);
});

/** Writes `n` catalogue entries straight into IndexedDB, as the app stores them: in
 * pages of a hundred, each with its entries' ids and archive numbers. */
async function seedCatalogue(page, n) {
  await page.evaluate(async (n) => {
    const db = await new Promise((ok, fail) => {
      const r = indexedDB.open("dossier");
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    const tx = db.transaction("catalogue_pages", "readwrite");
    const store = tx.objectStore("catalogue_pages");
    let current = null;
    const now = new Date().toISOString();
    for (let i = 0; i < n; i++) {
      const no = `R99-2026-${String(i + 1).padStart(5, "0")}`;
      const name = `Seeded customer ${String(i).padStart(5, "0")}`;
      if (i % 100 === 0) {
        if (current) store.put(current);
        current = { page: i / 100, ids: [], archive_nos: [], entries: [] };
      }
      current.ids.push(`seed-${i}`);
      current.archive_nos.push(no);
      current.entries.push({
        id: `seed-${i}`, archive_no: no, status: "Active", name, region: "广东 广州",
        industry: "零售", importance: "Ordinary", grade_established: "B", new_until: now, contact: "", phone: "",
        updated_at: now, search: `${name.toLowerCase().replaceAll(" ", "")}\n${no.toLowerCase().replaceAll("-", "")}`,
      });
    }
    if (current) store.put(current);
    await new Promise((ok, fail) => {
      tx.oncomplete = ok;
      tx.onerror = () => fail(tx.error);
    });
    db.close();
  }, n);
}

test("hostile text pasted into a customer file is shown as text and never runs", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());
  let dialogs = 0;
  page.on("dialog", async (d) => {
    dialogs += 1;
    await d.dismiss();
  });
  await app.setProfile("Li Wei", "R07");
  await app.startNewCustomer();
  const hostile = `<img src=x onerror="alert(1)"><script>alert(2)</script>`;
  await app.field("Customer name").fill(hostile);
  await app.field("Detailed address").fill(`"><svg onload=alert(3)>`);
  await app.save();
  await expectText(app.title(), hostile);
  await app.navLink("Customers").click();
  await expectMatch(app.customerRows().first(), /<img src=x onerror="alert\(1\)"><script>alert\(2\)<\/script>/);
  assert.equal(await page.locator("main img, main script, main svg").count(), 0);
  assert.equal(dialogs, 0);
  assert.deepEqual(problems, []);
});
