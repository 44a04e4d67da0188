// The first screen downloads only its own code; every other page's code comes the first
// time the page is opened (src/ui/lazy.rs, scripts/bin/wasm-bindgen), from the service
// worker's cache once the app is installed, so it opens offline too. A page whose code
// cannot be fetched says so and leaves the rest of the app working.
import assert from "node:assert/strict";
import { test } from "node:test";
import { readdirSync } from "node:fs";
import { expectText, openApp, useBrowserAndSite } from "./harness.mjs";

const env = useBrowserAndSite();
const DIST = new URL("../../dist/", import.meta.url).pathname;

/** The app's wasm modules loaded by the page (not its workers), by file name. */
function wasmRequests(page) {
  const seen = [];
  page.on("request", (request) => {
    const name = new URL(request.url()).pathname.slice(1);
    if (name.endsWith(".wasm") && !name.startsWith("bundles") && !name.startsWith("xlsx")) seen.push(name);
  });
  return seen;
}

test("the list starts from the app's own wasm; a page's module comes when it is opened, and offline", async (t) => {
  const modules = readdirSync(DIST).filter(
    (f) => f.endsWith(".wasm") && !/^dossier-[0-9a-f]+_bg\.wasm$/.test(f) && !f.startsWith("bundles") && !f.startsWith("xlsx"),
  );
  assert.ok(modules.length >= 5, `the build splits pages into modules of their own: ${modules.join(", ")}`);
  for (const module of modules) assert.match(module, /-[0-9a-f]{16}\.wasm$/, "named by content");
  const loaders = readdirSync(DIST).filter((f) => f.startsWith("__wasm_split"));
  assert.equal(loaders.length, 1, loaders.join(", "));
  assert.match(loaders[0], /^__wasm_split-[0-9a-f]{16}\.js$/, "the loader is named by content too");

  const { context, page, app, problems } = await openApp(env.browser, env.site.url, { serviceWorkers: "block" });
  t.after(() => context.close());
  const loaded = wasmRequests(page);
  await page.reload();
  await expectText(app.title(), "Customer files");
  assert.deepEqual(
    loaded.filter((f) => !/^dossier-[0-9a-f]+_bg\.wasm$/.test(f)),
    [],
    "the first screen fetches no page module",
  );

  await app.navLink("Reports").click();
  await expectText(app.title(), "Reports");
  const forReports = loaded.filter((f) => modules.includes(f));
  assert.ok(forReports.length >= 1, `opening Reports fetched its module: ${loaded.join(", ")}`);

  // Back to the list and to Reports again: the module is not fetched twice.
  await app.navLink("Customers").click();
  await expectText(app.title(), "Customer files");
  await app.navLink("Reports").click();
  await expectText(app.title(), "Reports");
  assert.deepEqual(loaded.filter((f) => modules.includes(f)), forReports);
  assert.deepEqual(problems, []);
});

test("an installed app opens a page it never opened online, offline", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());
  await app.waitForOfflineReady();
  await context.setOffline(true);
  await page.reload();
  await expectText(app.title(), "Customer files");
  for (const [link, title] of [
    ["Settings", "Settings"],
    ["Bundles", "Bundles"],
    ["Visits", "Visits"],
    ["Reports", "Reports"],
  ]) {
    await app.navLink(link).click();
    await expectText(app.title(), title);
  }
  assert.deepEqual(problems, []);
});

test("a page whose module cannot be fetched says so; the list still works and the page opens once it can", async (t) => {
  const { context, page, app } = await openApp(env.browser, env.site.url, { serviceWorkers: "block" });
  t.after(() => context.close());
  let failing = true;
  await page.route(/\.wasm$/, (route) => {
    const name = new URL(route.request().url()).pathname.slice(1);
    const pageModule = !/^dossier-[0-9a-f]+_bg\.wasm$/.test(name) && !name.startsWith("bundles") && !name.startsWith("xlsx");
    return failing && pageModule ? route.abort("internetdisconnected") : route.continue();
  });
  await page.reload();
  await expectText(app.title(), "Customer files");

  await app.navLink("Settings").click();
  await expectText(
    page.getByTestId("page-not-loaded"),
    "This page could not be loaded: part of the app is missing or did not download. Your files are safe. Reload the page; if this persists, install the app again.",
  );
  // The rest of the app goes on.
  await app.navLink("Customers").click();
  await expectText(app.title(), "Customer files");

  // The failure is not kept: with the network back, the page opens.
  failing = false;
  await app.navLink("Settings").click();
  await expectText(app.title(), "Settings");
});

test("在中文界面中，无法加载的页面用中文说明", async (t) => {
  const { context, page, app } = await openApp(env.browser, env.site.url, { locale: "zh-CN", serviceWorkers: "block" });
  t.after(() => context.close());
  await page.route(/(split|chunk)[^/]*\.wasm$/, (route) => route.abort("internetdisconnected"));
  await page.reload();
  await app.navLink("设置").click();
  await expectText(
    page.getByTestId("page-not-loaded"),
    "无法打开此页面：应用的一部分缺失或未能下载。您的档案不受影响。请重新加载页面；如仍如此，请重新安装本应用。",
  );
});

test("leaving a page for another whose module is slow to come takes the first page away at once", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url, { serviceWorkers: "block" });
  t.after(() => context.close());
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route(/split_bundles-[0-9a-f]+\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  await app.navLink("Settings").click();
  await expectText(app.title(), "Settings");
  await app.navLink("Bundles").click();
  // Settings is gone while Bundles' module is held back: no page's controls stay on
  // screen with their state already dropped.
  await page.getByTestId("page-title").filter({ hasText: "Settings" }).waitFor({ state: "detached", timeout: 2000 });
  assert.equal(new URL(page.url()).pathname, "/bundles");
  release();
  await expectText(app.title(), "Bundles");
  // And back: Settings' module is there already, and the page works.
  await app.navLink("Settings").click();
  await expectText(app.title(), "Settings");
  assert.deepEqual(problems, []);
});

test("a page's module served with the wrong type still opens", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url, { serviceWorkers: "block" });
  t.after(() => context.close());
  await page.route(/(split|chunk)_[^/]*\.wasm$/, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), "content-type": "application/octet-stream" } });
  });
  await app.navLink("Reports").click();
  await expectText(app.title(), "Reports");
  assert.deepEqual(problems, []);
});

test("the pointer coming to the list fetches a file's pages before the click", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());
  await app.setProfile("Wang Fang", "R12");
  await app.createFiles("华润百货");
  await page.mouse.move(0, 0);
  await page.goto(`${env.site.url}/customers`);
  await expectText(app.title(), "Customer files");
  const loaded = wasmRequests(page);
  await app.customerRows().first().waitFor();
  assert.deepEqual(loaded.filter((f) => f.startsWith("split_")), [], "nothing before the pointer comes");
  await app.customerRows().first().hover();
  const deadline = Date.now() + 5000;
  while (!loaded.some((f) => f.startsWith("split_file-")) && Date.now() < deadline) await page.waitForTimeout(50);
  assert.ok(loaded.some((f) => f.startsWith("split_file-")), `hovering the list fetched a file's pages: ${loaded.join(", ")}`);
  await app.customerRows().first().click();
  await expectText(app.title(), "华润百货");
  assert.equal(loaded.filter((f) => f.startsWith("split_file-")).length, 1, "fetched once");
  assert.deepEqual(problems, []);
});
