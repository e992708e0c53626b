// The guide offline, in headless Chromium (issue 28), served over HTTP as a static host would
// (tests/js/harness.js):
//
// - the bundled guide: one visit to the home page, the service worker installs, the network
//   goes away; 20 pages never opened, a search and a comparison all render with the site's
//   stylesheet, and an address the guide does not have gets the offline page, styled, with
//   links home and to search;
// - a guide larger than the worker's budget keeps only what was opened, offers "Save this
//   guide for offline", and after the visitor saves it (with progress shown) pages never
//   opened work offline too;
// - a new build's worker replaces the old cache whole: one cache, of the new version.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const h = require("./harness.js");

const NEEDS = ["playwright", "chromium", "binary"];

// Waits until the page is controlled by an active service worker.
async function controlled(page) {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await page.waitForFunction(() => Boolean(navigator.serviceWorker.controller), null, { timeout: 60000 });
}

// Facts showing the page rendered with style.css: the visually hidden label of the header's
// search box is taken out of the flow only by the stylesheet.
async function styled(page) {
  return page.evaluate(() => {
    const label = document.querySelector(".visually-hidden");
    const sheet = Array.from(document.styleSheets).some((s) => /assets\/style\.css/.test(s.href || ""));
    return { sheet, hidden: label ? getComputedStyle(label).position : "no label" };
  });
}

// `n` page addresses of offline.json spread over the list, none of them in `skip`.
function spread(site, n, skip) {
  const list = JSON.parse(fs.readFileSync(path.join(site, "offline.json"), "utf8")).files
    .map((f) => f[0]).filter((p) => p.endsWith("/") && !skip.includes(p));
  const step = list.length / n;
  return Array.from({ length: n }, (_, i) => list[Math.floor(i * step)]);
}

test("offline: the whole bundled guide after one visit", { skip: h.skip(NEEDS), timeout: 240000 }, async (t) => {
  h.requireTools(NEEDS);
  const site = h.build();
  const server = await h.serve(site);
  const browser = await h.launch();
  const problems = [];
  try {
    const offline = JSON.parse(fs.readFileSync(path.join(site, "offline.json"), "utf8"));
    const sw = fs.readFileSync(path.join(site, "sw.js"), "utf8");
    const budget = Number(/const BUDGET_BYTES = (\d+);/.exec(sw)[1]);
    process.stderr.write(`offline copy: ${offline.files.length} files, ${offline.bytes} bytes (budget ${budget})\n`);
    assert.ok(offline.bytes <= budget, "the bundled guide fits the precache budget");
    assert.ok(offline.files.some((f) => f[0] === "search-index/meta.js"), "the search index is listed");
    assert.ok(offline.files.some((f) => /^compare\/roles\.js$/.test(f[0])), "the explorer's data is listed");

    const context = await browser.newContext();
    const page = await context.newPage();
    h.watch(page, problems);
    await page.goto(server.base);
    await controlled(page);
    const copies = server.requests.filter((r) => r.offline).length;
    assert.ok(copies > 20, `the worker downloaded the guide (${copies} files)`);

    await context.setOffline(true);
    server.unplug(true);
    const pages = spread(site, 20, ["./", "search/"]);
    assert.ok(pages.includes("map/") || pages.some((p) => p.startsWith("roles/")), pages.join(" "));
    await t.test("20 pages never opened render with their styles", async () => {
      for (const p of pages) {
        const response = await page.goto(server.base + p);
        assert.equal(response.status(), 200, p);
        const h1 = await page.textContent("h1");
        assert.notEqual(h1.trim(), "You are offline", p);
        assert.deepEqual(await styled(page), { sheet: true, hidden: "absolute" }, p);
      }
    });
    await t.test("a search finds pages offline", async () => {
      await page.goto(server.base + "search/?q=privacy");
      await page.waitForSelector("#search-list .search-hit-title");
      const titles = await page.$$eval("#search-list .search-hit-title", (els) => els.map((e) => e.textContent));
      assert.ok(titles.includes("Privacy Officer"), titles.join(", "));
      assert.deepEqual(await styled(page), { sheet: true, hidden: "absolute" });
    });
    await t.test("a comparison draws offline", async () => {
      await page.goto(server.base + "compare/?roles=privacy-officer,systems-analyst");
      await page.waitForFunction(() => /Privacy Officer/.test((document.querySelector("#compare-table caption") || {}).textContent || ""));
      assert.equal(await page.locator("#compare-table thead th").count() >= 2, true);
      assert.deepEqual(await styled(page), { sheet: true, hidden: "absolute" });
    });
    await t.test("an address the guide does not have gets the offline page, styled", async () => {
      await page.goto(server.base + "roles/no-such-role/");
      assert.equal((await page.textContent("h1")).trim(), "You are offline");
      const links = await page.$$eval("main a", (as) => as.map((a) => new URL(a.href).pathname));
      assert.ok(links.includes(new URL(server.base).pathname), "a link home");
      assert.ok(links.some((l) => l.endsWith("/search/")), "a link to search");
      const sheet = await page.evaluate(() => Array.from(document.styleSheets).some((s) => /assets\/style\.css/.test(s.href || "") && s.cssRules.length > 0));
      assert.ok(sheet, "the site's stylesheet, from the cache");
      assert.equal(await page.evaluate(() => document.querySelector(".offline-save")), null);
    });
    assert.equal(await page.locator(".offline-save:not([hidden])").count(), 0, "no save control: already saved");
    await context.close();
    assert.deepEqual(problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(p)), []);
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(path.dirname(site), { recursive: true, force: true });
  }
});

// The explorer fixture with pages of long text: an offline copy over the budget.
function writeLargeGuide(root, budget) {
  fs.cpSync(path.join(h.REPO, "tests/fixtures/explorer"), root, { recursive: true });
  const paragraph = "Records move between departments, and each step is written down for the next reader. ".repeat(40) + "\n\n";
  const perPage = 400 * 1000;
  const n = Math.ceil(budget / perPage) + 2;
  for (let k = 0; k < n; k++) {
    fs.writeFileSync(path.join(root, "content/articles", `long-read-${k}.md`),
      `---\ntitle: Long read ${k}\nsummary: A long article.\n---\n` + paragraph.repeat(Math.ceil(perPage / paragraph.length)));
  }
}

test("offline: a guide over the budget offers to save itself, with progress", { skip: h.skip(NEEDS), timeout: 240000 }, async () => {
  h.requireTools(NEEDS);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "careerguide-big-"));
  const browser = await h.launch();
  let server;
  try {
    writeLargeGuide(root, 10 * 1000 * 1000);
    const site = h.build({ root, dest: path.join(root, "public") });
    const offline = JSON.parse(fs.readFileSync(path.join(site, "offline.json"), "utf8"));
    const budget = Number(/const BUDGET_BYTES = (\d+);/.exec(fs.readFileSync(path.join(site, "sw.js"), "utf8"))[1]);
    assert.ok(offline.bytes > budget, `over the budget: ${offline.bytes} > ${budget}`);
    server = await h.serve(site);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.base);
    await controlled(page);
    assert.equal(server.requests.filter((r) => r.offline).length, 0, "nothing downloaded unasked");
    const button = page.locator(".offline-save-button");
    await button.waitFor({ state: "visible" });
    assert.match(await button.textContent(), /Save this guide for offline/);

    // Not saved yet: a page never opened is not there offline.
    await context.setOffline(true);
    server.unplug(true);
    await page.goto(server.base + "articles/long-read-1/");
    assert.equal((await page.textContent("h1")).trim(), "You are offline");
    await context.setOffline(false);
    server.unplug(false);

    await page.goto(server.base);
    await button.waitFor({ state: "visible" });
    const progress = [];
    await page.exposeFunction("noteProgress", (v) => progress.push(v));
    await page.evaluate(() => navigator.serviceWorker.addEventListener("message", (e) => {
      if (e.data && e.data.type === "progress") window.noteProgress(e.data.done + "/" + e.data.total);
    }));
    await button.click();
    await page.waitForFunction(() => /saved for offline/.test(document.querySelector(".offline-save-status").textContent), null, { timeout: 120000 });
    assert.ok(progress.length > 3, `progress was reported: ${progress.join(" ")}`);
    assert.equal(progress[progress.length - 1], `${offline.files.length}/${offline.files.length}`);
    assert.ok(server.requests.filter((r) => r.offline).length > 10, "the rest was downloaded");
    assert.equal(await button.isVisible(), false, "the control says it is done");

    await context.setOffline(true);
    server.unplug(true);
    for (const p of ["articles/long-read-1/", "articles/long-read-3/", "roles/records-director/", "map/"]) {
      const response = await page.goto(server.base + p);
      assert.equal(response.status(), 200, p);
      assert.deepEqual(await styled(page), { sheet: true, hidden: "absolute" }, p);
    }
    // Saved stays saved: the control says so on a page opened offline.
    await page.waitForFunction(() => /saved for offline/.test(document.querySelector(".offline-save-status").textContent));
    await context.close();
  } finally {
    await browser.close();
    if (server) await server.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test("offline: a new build's worker replaces the old cache whole", { skip: h.skip(NEEDS), timeout: 240000 }, async () => {
  h.requireTools(NEEDS);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "careerguide-update-"));
  const browser = await h.launch();
  let server;
  try {
    fs.cpSync(path.join(h.REPO, "tests/fixtures/explorer"), root, { recursive: true });
    const site = h.build({ root, dest: path.join(root, "public") });
    server = await h.serve(site);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.base);
    await controlled(page);
    const version = (dir) => /const VERSION = "([0-9a-f]+)";/.exec(fs.readFileSync(path.join(dir, "sw.js"), "utf8"))[1];
    const first = version(site);
    assert.deepEqual(await page.evaluate(() => caches.keys()), ["careerguide-" + first]);

    // A new build in place, with a changed page.
    const file = path.join(root, "content/roles/records-director.md");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8") + "\nA sentence added in the new build.\n");
    h.build({ root, dest: site });
    const second = version(site);
    assert.notEqual(second, first);
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
    // The new worker takes over once its copy is complete; then the old copy is gone.
    let keys = [];
    for (let i = 0; i < 240 && !(keys.length === 1 && keys[0] === "careerguide-" + second); i++) {
      await page.waitForTimeout(250);
      keys = await page.evaluate(() => caches.keys());
    }
    assert.deepEqual(keys, ["careerguide-" + second]);
    await page.waitForFunction(() => navigator.serviceWorker.controller && navigator.serviceWorker.controller.state === "activated");
    await context.setOffline(true);
    server.unplug(true);
    await page.goto(server.base + "roles/records-director/");
    assert.match(await page.textContent("main"), /A sentence added in the new build/);
    await context.close();
  } finally {
    await browser.close();
    if (server) await server.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
