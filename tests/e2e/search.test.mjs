// Search as Chinese users type it (#31): initials and pinyin across polyphonic
// characters (银行 as yinhang), mixtures, ü typed as v, full-width input from an IME, and
// traditional and simplified characters finding each other; typed key by key, as the
// list narrows its results, and again after an offline reload.
import assert from "node:assert/strict";
import { test } from "node:test";
import { expectMatch, expectText, openApp, useBrowserAndSite } from "./harness.mjs";

const env = useBrowserAndSite();

test("a rep finds files by the pinyin, initials, full width and script they type", async (t) => {
  const { context, page, app, problems } = await openApp(env.browser, env.site.url);
  t.after(() => context.close());
  await app.waitForOfflineReady();
  await app.setProfile("Wang Fang", "R12");
  await app.createFiles("招商银行深圳分行", "長城電器有限公司", "绿地集团", "ＴＣＬ集团", "张三五金商行");
  await app.navLink("Customers").click();

  /** Types `query` key by key into an empty search box; the names listed. */
  const search = async (query, expected) => {
    await app.searchBox().fill("");
    await expectText(app.resultCount(), "5 files");
    await app.searchBox().pressSequentially(query, { delay: 20 });
    if (expected.length === 0) {
      await expectText(app.resultCount(), "0 files");
      return;
    }
    await expectText(app.resultCount(), `${expected.length} files`);
    for (const name of expected) await expectMatch(app.customerRows().filter({ hasText: name }), new RegExp(name));
  };

  await search("zsyh", ["招商银行深圳分行"]); // 行 read hang, not only xing
  await search("yinhang", ["招商银行深圳分行"]);
  await search("zhaosyinh", ["招商银行深圳分行"]); // full and initials mixed
  await search("szfh", ["招商银行深圳分行"]);
  await search("zsyy", []);
  await search("lvdi", ["绿地集团"]); // ü as every pinyin keyboard types it
  await search("长城", ["長城電器有限公司"]); // simplified finds traditional
  await search("ccdq", ["長城電器有限公司"]);
  await search("ｔｃｌ", ["ＴＣＬ集团"]); // full width, as an IME in full-width mode types
  await search("Ｒ１２", ["招商银行深圳分行", "長城電器有限公司", "绿地集团", "ＴＣＬ集团", "张三五金商行"]);

  await context.setOffline(true);
  await page.reload();
  await search("zsyh", ["招商银行深圳分行"]);
  await search("zs", ["招商银行深圳分行", "张三五金商行"]);
  await search("changcheng", ["長城電器有限公司"]);
  assert.deepEqual(problems, []);
});

test("a name written in traditional characters is found by simplified ones, in Chinese too", async (t) => {
  const { context, app, problems } = await openApp(env.browser, env.site.url, { locale: "zh-CN" });
  t.after(() => context.close());
  await app.language("en").click();
  await app.setProfile("Chan Tai Man", "R21");
  await app.createFiles("香港滙豐銀行", "长城汽车");
  await app.navLink("Customers").click();
  await app.searchBox().fill("汇丰");
  await expectText(app.resultCount(), "1 files");
  await expectMatch(app.customerRows().first(), /香港滙豐銀行/);
  await app.searchBox().fill("長城");
  await expectText(app.resultCount(), "1 files");
  await expectMatch(app.customerRows().first(), /长城汽车/);
  await app.searchBox().fill("zhangcheng"); // 长 read zhang counts too
  await expectText(app.resultCount(), "1 files");
  assert.deepEqual(problems, []);
});
