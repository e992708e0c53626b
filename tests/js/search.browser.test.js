// Search in a real browser (headless Chromium driven by playwright-core): the bundled guide,
// built by the release binary, opened from disk (file://) and from a local server that sends
// the Content-Security-Policy the site is meant to ship with; then the server is stopped and
// search must keep working from the service worker's cache; last, `careerguide serve` on the
// same address must rid the browser of that worker and its cache.
//
// Needs /usr/bin/chromium (or CHROMIUM_PATH). Without it the test is skipped, unless
// CAREERGUIDE_REQUIRE_BROWSER is set (CI), when a missing browser is a failure.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const http = require("node:http");
const path = require("node:path");
const { pathToFileURL } = require("node:url");
const { spawn } = require("node:child_process");
const { repo, binary, build } = require("./search-helpers.js");

const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const REQUIRED = Boolean(process.env.CAREERGUIDE_REQUIRE_BROWSER);
const CSP = "script-src 'self'; style-src 'self'";
const missing = fs.existsSync(CHROMIUM) ? null : `no Chromium at ${CHROMIUM}`;
if (missing && !REQUIRED) {
  process.stderr.write(`skipped: ${missing}: install chromium (see .ci/run)\n`);
}
const skip = missing && !REQUIRED ? `${missing}: install chromium (see .ci/run)` : false;

const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml", ".xml": "application/xml",
  ".json": "application/json", ".txt": "text/plain; charset=utf-8",
};

// A static server for `dir` with the site's CSP on every response.
function serve(dir) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    let file = path.join(dir, decodeURIComponent(url.pathname));
    if (!file.startsWith(dir)) { res.writeHead(403); res.end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    const headers = { "Content-Security-Policy": CSP, "Cache-Control": "no-cache" };
    if (!fs.existsSync(file)) {
      res.writeHead(404, Object.assign(headers, { "Content-Type": TYPES[".html"] }));
      res.end(fs.readFileSync(path.join(dir, "404.html")));
      return;
    }
    headers["Content-Type"] = TYPES[path.extname(file)] || "application/octet-stream";
    res.writeHead(200, headers);
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

// Resolves once `url` answers (a server just started), within ten seconds.
async function untilAnswering(url) {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise((resolve) => {
      http.get(url, (res) => { res.resume(); resolve(true); }).on("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} does not answer`);
}

// Console errors and CSP violations are failures.
function watch(page) {
  const problems = [];
  page.on("pageerror", (err) => problems.push("page error: " + err.message));
  page.on("console", (msg) => {
    const text = msg.text();
    if (/Content Security Policy|Refused to/i.test(text)) problems.push("CSP: " + text);
  });
  return problems;
}

async function optionTitles(page) {
  await page.waitForSelector("#site-search-listbox [role=option] .result-title");
  return page.$$eval("#site-search-listbox [role=option] .result-title", (els) => els.map((e) => e.textContent));
}

async function resultTitles(page) {
  await page.waitForSelector("#search-list .search-hit-title");
  return page.$$eval("#search-list .search-hit-title", (els) => els.map((e) => e.textContent));
}

// Types a partial word in the header box, checks the suggestions, the ARIA state and the
// highlighting, and opens the first suggestion with the keyboard.
async function suggestAndOpen(page) {
  await page.keyboard.press("/");
  assert.equal(await page.evaluate(() => document.activeElement.id), "site-search", "/ focuses search");
  await page.keyboard.type("regist", { delay: 20 });
  const titles = await optionTitles(page);
  assert.equal(titles[0], "Cancer Registrar");
  const input = page.locator("#site-search");
  assert.equal(await input.getAttribute("role"), "combobox");
  assert.equal(await input.getAttribute("aria-expanded"), "true");
  assert.equal(await page.textContent("#site-search-listbox [role=option] mark"), "Registrar");
  await page.waitForFunction(() => /result/.test(document.querySelector(".search-box [role=status]").textContent));
  await page.keyboard.press("ArrowDown");
  assert.equal(await input.getAttribute("aria-activedescendant"), "site-search-listbox-0");
  await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
  assert.match(page.url(), /roles\/cancer-registrar\/(index\.html)?$/);
  assert.equal(await page.textContent("h1"), "Cancer Registrar");
}

// From any page: search "coder" with Enter, then narrow to entry-level roles.
async function searchAndFilter(page) {
  await page.fill("#site-search", "coder");
  await Promise.all([page.waitForNavigation(), page.press("#site-search", "Enter")]);
  assert.match(page.url(), /search\/(index\.html)?\?q=coder$/);
  let titles = await resultTitles(page);
  assert.equal(titles[0], "Medical Coder (Inpatient)");
  assert.ok(titles.includes("Medical Coder (Outpatient and Professional)"));
  // A figure several roles show says so in the results too (issue 28: honest pay).
  const firstMeta = await page.textContent("#search-list .search-hit-meta");
  assert.match(firstMeta, /median \$[\d,]+ per year \(one published figure for Medical Records Specialists, shared by \d+ roles\)/);
  const entry = page.locator("#search-facets input[name=level][value=entry]");
  const label = page.locator("#search-facets label", { has: page.locator("input[name=level][value=entry]") });
  assert.match(await label.textContent(), /Entry level \(\d+\)/);
  await entry.check();
  await page.waitForFunction(() => /level=entry/.test(location.search));
  await page.waitForFunction(() => document.querySelector("#search-list .search-hit-title").textContent !== "Medical Coder (Inpatient)");
  titles = await resultTitles(page);
  assert.equal(titles[0], "Medical Coder (Outpatient and Professional)");
  const metas = await page.$$eval("#search-list .search-hit-meta", (els) => els.map((e) => e.textContent));
  assert.ok(metas.every((m) => m.includes("Entry level")), "only entry-level roles remain");
  assert.match(await page.textContent("#search-status"), /results? for “coder” with Entry level/);
}

test("search in Chromium: from disk, over HTTP with a CSP, and offline", { skip, timeout: 180000 }, async () => {
  if (missing) assert.fail(`${missing}, and CAREERGUIDE_REQUIRE_BROWSER is set`);
  const { chromium } = require("playwright-core");
  const site = build(repo);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  let server;
  try {
    // From disk: the index arrives through <script> tags.
    {
      const page = await browser.newPage();
      const problems = watch(page);
      await page.goto(pathToFileURL(path.join(site, "index.html")).href);
      await suggestAndOpen(page);
      await searchAndFilter(page);
      assert.deepEqual(problems, []);
      await page.close();
    }

    // Over HTTP, under the CSP.
    server = await serve(site);
    const base = `http://127.0.0.1:${server.address().port}/`;
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(base);
    await suggestAndOpen(page);
    await searchAndFilter(page);
    const ready = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.ready;
      return Boolean(reg.active);
    });
    assert.ok(ready, "the service worker is active");
    // A page visited once the worker runs is kept.
    await page.goto(base + "roles/him-director/");
    assert.deepEqual(problems, []);
    // Control: the policy is really enforced, and a violation would have been caught.
    {
      const probe = await context.newPage();
      const caught = watch(probe);
      await probe.goto(base + "a-z/");
      await probe.evaluate(() => {
        const s = document.createElement("script");
        s.textContent = "window.inlineRan = true;";
        document.head.appendChild(s);
      });
      await probe.waitForTimeout(200);
      assert.equal(await probe.evaluate(() => window.inlineRan), undefined, "inline scripts are refused");
      assert.ok(caught.some((p) => p.startsWith("CSP")), "the violation was reported");
      await probe.close();
    }

    // The network goes away; the search page, the index and visited pages still answer.
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    server = null;
    await page.goto(base + "search/?q=regist&level=mid");
    assert.ok(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)), "served by the worker");
    const offline = await resultTitles(page);
    assert.equal(offline[0], "Cancer Registrar");
    await page.fill("#site-search", "privac");
    assert.equal((await optionTitles(page))[0], "Privacy Officer", "a new query, shards from the cache");
    await page.goto(base + "roles/him-director/");
    assert.equal(await page.textContent("h1"), "HIM Director", "a visited page");
    await page.goto(base + "roles/systems-analyst/");
    assert.equal(await page.textContent("h1"), "Systems Analyst", "a page never visited, saved with the guide");
    await page.goto(base + "roles/no-such-role/");
    assert.equal(await page.textContent("h1"), "You are offline", "an address the guide does not have says so");

    // Then `careerguide serve` on the same address, as an editor might run next: the built
    // site's worker and the pages it kept must go, or they would hide the edits.
    const editing = spawn(binary(), ["serve", "--root", repo, "--port", new URL(base).port], { stdio: "ignore" });
    try {
      await untilAnswering(base);
      await page.goto(base + "roles/him-director/");
      let state = null;
      for (let i = 0; i < 75 && !(state && state.regs === 0 && state.keys === 0 && !state.controlled); i++) {
        await page.waitForTimeout(200);
        try {
          state = await page.evaluate(async () => ({
            regs: (await navigator.serviceWorker.getRegistrations()).length,
            keys: (await caches.keys()).length,
            controlled: Boolean(navigator.serviceWorker.controller),
            serve: Boolean(window.careerguideServe),
          }));
        } catch (e) {
          state = null; // the page is reloading
        }
      }
      assert.deepEqual(state, { regs: 0, keys: 0, controlled: false, serve: true });
      // It reloads once at most: the page then stays.
      let loads = 0;
      page.on("load", () => { loads += 1; });
      await page.waitForTimeout(1500);
      assert.equal(loads, 0, "no reload loop");
      assert.equal(await page.textContent("h1"), "HIM Director");
    } finally {
      editing.kill("SIGINT");
      await new Promise((resolve) => { if (editing.exitCode !== null) resolve(); else editing.once("exit", resolve); });
    }
    await context.close();
  } finally {
    if (server) {
      server.closeAllConnections();
      server.close();
    }
    await browser.close();
    fs.rmSync(path.dirname(site), { recursive: true, force: true });
  }
});
