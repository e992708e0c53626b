// Browser tests of the explorer pages: a real Chromium (driven by playwright-core) opens the
// built bundled guide, over HTTP with a strict Content-Security-Policy (no inline scripts or
// styles) and from disk (file://), and checks what a visitor gets.
//
// Needs a built site: CAREERGUIDE_SITE (a built `public/` folder), or CAREERGUIDE_BIN (the
// careerguide binary) to build one. Skips when playwright-core, Chromium or a site is
// missing, unless CAREERGUIDE_REQUIRE_BROWSER=1, which turns a skip into a failure.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const http = require("node:http");
const { execFileSync } = require("node:child_process");

const REQUIRED = process.env.CAREERGUIDE_REQUIRE_BROWSER === "1";
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const REPO = path.join(__dirname, "../..");

function unavailable() {
  let playwright = null;
  try {
    playwright = require("playwright-core");
  } catch (e) {
    return ["playwright-core is not installed (npm ci)"];
  }
  if (!fs.existsSync(CHROMIUM)) return ["no Chromium at " + CHROMIUM];
  return [null, playwright];
}

function careerguideBin() {
  const candidates = [
    process.env.CAREERGUIDE_BIN,
    process.env.CARGO_TARGET_DIR && path.join(process.env.CARGO_TARGET_DIR, "release/careerguide"),
    path.join(REPO, "target/release/careerguide"),
    path.join(REPO, "target/release-tests/careerguide"),
  ].filter(Boolean);
  return candidates.find((p) => fs.existsSync(p)) || null;
}

function builtSite() {
  if (process.env.CAREERGUIDE_SITE) return process.env.CAREERGUIDE_SITE;
  const bin = careerguideBin();
  if (!bin) return null;
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "careerguide-browser-"));
  execFileSync(bin, ["build", "--root", REPO, "--output", path.join(out, "site")], { stdio: "pipe" });
  return path.join(out, "site");
}

const [why, playwright] = unavailable();
const site = why ? null : builtSite();
const skip = why || (site ? false : "no built site (set CAREERGUIDE_SITE or CAREERGUIDE_BIN)");
if (skip && REQUIRED) {
  test("browser tests are required", () => assert.fail(skip));
}

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'";
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".svg": "image/svg+xml", ".xml": "application/xml" };

function serve(dir) {
  const server = http.createServer((req, res) => {
    let rel = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (rel.endsWith("/")) rel += "index.html";
    const file = path.join(dir, path.normalize(rel));
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404);
      res.end("not found");
      return;
    }
    res.writeHead(200, { "Content-Type": TYPES[path.extname(file)] || "application/octet-stream", "Content-Security-Policy": CSP });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

// A built site served over HTTP (with the strict CSP) and a Chromium to open its pages in;
// `problems` collects every script error and CSP violation the pages report.
async function session(dir) {
  const server = await serve(path.resolve(dir));
  const base = "http://127.0.0.1:" + server.address().port + "/";
  const browser = await playwright.chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  const problems = [];
  async function open(url) {
    const page = await browser.newPage();
    page.on("console", (m) => { if (m.type() === "error") problems.push(url + ": " + m.text()); });
    page.on("pageerror", (e) => problems.push(url + ": " + e.message));
    await page.goto(url);
    return page;
  }
  return { server, base, browser, problems, open };
}

test("explorer pages in a real browser", { skip: skip || false, timeout: 120000 }, async (t) => {
  const { server, base, browser, problems, open } = await session(site);
  try {
    await t.test("compare reads ?roles= and draws the table", async () => {
      const page = await open(base + "compare/?roles=health-data-analyst,him-director,nope,cdi-specialist");
      const caption = page.locator("#compare-table caption");
      // The roles' facts load first (their shard), then the table is drawn.
      await page.waitForFunction(() => /Health Data Analyst/.test(document.querySelector("#compare-table caption").textContent));
      assert.equal(await caption.textContent(), "Health Data Analyst, HIM Director and Clinical Documentation Improvement Specialist compared");
      const heads = await page.locator("#compare-table thead th").allTextContents();
      assert.deepEqual(heads, ["Role", "Health Data Analyst", "HIM Director", "Clinical Documentation Improvement Specialist"]);
      const median = await page.locator("#compare-table tr.row-median td").allTextContents();
      assert.deepEqual(median, ["$68,020 per year", "$123,860 per year", "$51,140 per year"]);
      assert.equal(await page.locator("#compare-table tr.row-chart svg.salary-bar").count(), 3);
      assert.match(await page.locator(".compare-message").textContent(), /Not in this guide: nope/);
      assert.equal(await page.locator('select[name="role3"]').inputValue(), "cdi-specialist");
      // Picking another role redraws the table and updates the address.
      await page.selectOption('select[name="role3"]', "");
      await page.waitForFunction(() => document.querySelectorAll("#compare-table thead th").length === 3);
      assert.match(page.url(), /\?roles=health-data-analyst,him-director$/);
      await page.close();
    });

    await t.test("compare with roles in its address never shows its own table first, and shows the page when their facts cannot load", async () => {
      // Every frame's caption, from the first paint: the page's own pair must never be seen.
      const page = await browser.newPage();
      await page.addInitScript(() => {
        window.__captions = [];
        const look = () => {
          const c = document.querySelector("#compare-table caption");
          if (c && c.getClientRects().length) window.__captions.push(c.textContent);
          requestAnimationFrame(look);
        };
        requestAnimationFrame(look);
      });
      await page.goto(base + "compare/?roles=health-data-analyst,him-director");
      await page.waitForFunction(() => /Health Data Analyst/.test(document.querySelector("#compare-table caption").textContent));
      await page.waitForTimeout(200);
      const seen = await page.evaluate(() => Array.from(new Set(window.__captions)));
      assert.deepEqual(seen, ["Health Data Analyst and HIM Director compared"]);
      assert.ok(await page.locator(".site-footer").isVisible(), "the footer shows once the table is drawn");
      await page.close();

      // The roles' facts do not load (offline, say): the page's own table, the notes and the
      // footer show with the message, not an empty page.
      const broken = await browser.newPage();
      await broken.route(/\/compare\/roles\/\d+\.js/, (route) => route.abort());
      await broken.goto(base + "compare/?roles=health-data-analyst,him-director");
      await broken.waitForFunction(() => /could not be loaded/.test(document.querySelector(".compare-message").textContent));
      assert.ok(await broken.locator("#compare-table").isVisible());
      assert.ok(await broken.locator(".site-footer").isVisible());
      await broken.close();
    });

    await t.test("compare works from disk too", async () => {
      const page = await open("file://" + path.resolve(site) + "/compare/index.html?roles=inpatient-coder,coding-auditor");
      // The default table names Coding Auditor too: wait for the one asked for.
      await page.waitForFunction(() => /Medical Coder \(Inpatient\)/.test(document.querySelector("#compare-table caption").textContent));
      const heads = await page.locator("#compare-table thead th a").allTextContents();
      assert.deepEqual(heads, ["Medical Coder (Inpatient)", "Coding Auditor"]);
      await page.close();
    });

    await t.test("the salary table sorts by growth and back by median", async () => {
      const page = await open(base + "salaries/");
      const first = () => page.locator(".salary-table tbody tr:first-child th[scope=row]").textContent();
      assert.equal(await first(), "Privacy Officer");
      await page.click('th[data-column="growth"] button');
      assert.equal(await page.getAttribute('th[data-column="growth"]', "aria-sort"), "descending");
      // The growth column is the seventh; its cells carry the figure in data-sort.
      const growth = await page.locator(".salary-table tbody tr").evaluateAll((rows) => rows.map((r) => r.cells[6].getAttribute("data-sort")));
      const numbers = growth.filter((g) => g !== "").map(Number);
      assert.deepEqual(numbers, numbers.slice().sort((a, b) => b - a));
      assert.ok(growth.indexOf("") === -1 || growth.slice(growth.indexOf("")).every((g) => g === ""), "roles without growth last");
      await page.click('th[data-column="median"] button');
      assert.equal(await first(), "Privacy Officer");
      await page.close();
    });

    await t.test("the map lights the routes of a focused role", async () => {
      const page = await open(base + "map/");
      await page.focus('a.map-node[data-role="outpatient-coder"]');
      assert.ok(await page.locator("svg.map-svg.is-tracing").count());
      const lit = await page.locator("path.map-edge.is-lit").count();
      assert.ok(lit >= 3, "outpatient coder's routes are lit: " + lit);
      assert.equal(await page.locator('a.map-node.is-lit[data-role="him-director"]').count(), 1);
      await page.keyboard.press("Tab");
      assert.equal(await page.locator("a.map-node.is-origin").count(), 1, "tabbing moves to the next role");
      await page.close();
    });

    await t.test("the self-assessment suggests roles with reasons", async () => {
      const page = await open(base + "articles/is-him-right-for-me/");
      await page.check('input[name="q0"][value="0"]');
      await page.check('input[name="q1"][value="0"]');
      await page.check('input[name="q2"][value="2"]');
      await page.click('#assessment-form button[type="submit"]');
      const items = page.locator("#assessment-results .result-list > li");
      await items.first().waitFor();
      assert.ok((await items.count()) >= 1);
      assert.match(await items.first().textContent(), /You enjoy applying detailed rules precisely\./);
      assert.equal(await page.evaluate(() => document.activeElement.id), "assessment-results");
      await page.click('#assessment-form button[type="reset"]');
      assert.equal(await page.locator("#assessment-results").textContent(), "");
      await page.close();
    });

    await t.test("every role prints as a fact sheet of one or two pages, Letter and A4", async () => {
      const roles = fs.readdirSync(path.join(site, "roles"))
        .filter((d) => fs.existsSync(path.join(site, "roles", d, "index.html")));
      assert.ok(roles.length >= 24, "the bundled guide's roles");
      const page = await open(base + "roles/" + roles[0] + "/");
      const tooLong = [];
      for (const role of roles) {
        await page.goto(base + "roles/" + role + "/");
        for (const format of ["Letter", "A4"]) {
          // page.pdf prints with the print stylesheet; the page count is in the PDF's page tree.
          const pdf = (await page.pdf({ format })).toString("latin1");
          const pages = Math.max(...(pdf.match(/\/Count (\d+)/g) || ["/Count 0"]).map((c) => Number(c.slice(7))));
          if (pages < 1 || pages > 2) tooLong.push(role + " (" + format + "): " + pages + " pages");
        }
      }
      assert.deepEqual(tooLong, []);
      // Printed, the page has no navigation and shows where its links go.
      await page.emulateMedia({ media: "print" });
      assert.equal(await page.locator(".site-nav").isVisible(), false);
      assert.ok(await page.locator("main a[data-print-url]").count() > 0);
      await page.close();
    });

    assert.deepEqual(problems, [], "no script errors and no CSP violations");
  } finally {
    await browser.close();
    server.close();
  }
});

// A guide of 408 roles (tests/js/harness.js writeLargeGuide): past 300 roles the compare page
// picks roles by typing, and its data comes in shards of 128 roles.
function builtLargeSite() {
  const bin = careerguideBin();
  if (!bin) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "careerguide-large-"));
  require("./harness.js").writeLargeGuide(dir);
  execFileSync(bin, ["build", "--root", dir, "--output", path.join(dir, "public")], { stdio: "pipe" });
  return path.join(dir, "public");
}

test("comparing roles in a guide of hundreds of roles", { skip: skip || false, timeout: 120000 }, async (t) => {
  const large = builtLargeSite();
  if (!large) {
    if (REQUIRED) assert.fail("no careerguide binary to build the large guide");
    t.skip("no careerguide binary to build the large guide");
    return;
  }
  const { server, base, browser, problems, open } = await session(large);
  const shardsLoaded = (page) => page.evaluate(() => performance.getEntriesByType("resource")
    .map((e) => (/compare\/roles\/(\d+)\.js/.exec(e.name) || [])[1]).filter(Boolean).sort());
  const caption = (page) => page.locator("#compare-table caption").textContent();
  const listLoaded = (page) => page.evaluate(() => performance.getEntriesByType("resource")
    .some((e) => /compare\/roles\.js/.test(e.name)));
  try {
    await t.test("type a role's name, get its facts from its shard only", async () => {
      const page = await open(base + "compare/");
      // The default comparison is in the page already: neither the list of roles nor any
      // shard loads until the visitor reaches for a picker.
      assert.equal(await page.locator('input[name="role1"]').inputValue(), "Records Clerk");
      assert.equal(await page.locator('input[name="role2"]').inputValue(), "Records Technician");
      assert.equal(await page.locator('input[name="role3"]').inputValue(), "");
      await page.waitForLoadState("load");
      assert.equal(await listLoaded(page), false);
      assert.deepEqual(await shardsLoaded(page), []);
      // Then suggestions for every role, shared by the four boxes.
      const box = page.locator('input[name="role2"]');
      await box.focus();
      await page.waitForFunction(() => document.querySelectorAll("#compare-role-names option").length === 408);
      assert.equal(await listLoaded(page), true);
      assert.equal(await box.inputValue(), "Records Technician");
      await box.fill("extra role 005");
      await box.press("Tab");
      await page.waitForFunction(() => /Extra Role 005/.test(document.querySelector("#compare-table caption").textContent));
      assert.equal(await caption(page), "Records Clerk and Extra Role 005 compared");
      const median = await page.locator("#compare-table tr.row-median td").allTextContents();
      assert.deepEqual(median, ["$35,000 per year", "$30,500 per year"]);
      assert.equal(await box.inputValue(), "Extra Role 005", "the box shows the role's name as written");
      assert.match(page.url(), /\?roles=records-clerk,extra-005$/);
      // Extra roles come first by title: role 5 is in shard 0, Records Clerk in the last.
      assert.deepEqual(await shardsLoaded(page), ["0", "3"]);
      // A name that is no role says so and keeps the table.
      const third = page.locator('input[name="role3"]');
      await third.fill("Chief Nope Officer");
      await third.press("Tab");
      await page.waitForFunction(() => /No role called/.test(document.querySelector(".compare-message").textContent));
      assert.match(await page.locator(".compare-message").textContent(), /\u201cChief Nope Officer\u201d/);
      assert.equal(await caption(page), "Records Clerk and Extra Role 005 compared");
      await page.close();
    });

    await t.test("a shared link and a page opened from disk load the shards they need", async () => {
      for (const url of [base + "compare/?roles=extra-390,extra-001", "file://" + path.resolve(large) + "/compare/index.html?roles=extra-390,extra-001"]) {
        const page = await open(url);
        await page.waitForFunction(() => /Extra Role 390/.test(document.querySelector("#compare-table caption").textContent));
        assert.equal(await caption(page), "Extra Role 390 and Extra Role 001 compared");
        assert.equal(await page.locator('input[name="role1"]').inputValue(), "Extra Role 390");
        const heads = await page.locator("#compare-table thead th a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
        assert.deepEqual(heads, ["../roles/extra-390/", "../roles/extra-001/"]);
        await page.close();
      }
    });

    assert.deepEqual(problems, [], "no script errors and no CSP violations");
  } finally {
    await browser.close();
    server.close();
  }
});
