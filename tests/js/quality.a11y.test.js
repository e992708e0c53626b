// Accessibility of the bundled guide in headless Chromium, served over HTTP with the site's
// Content-Security-Policy (tests/js/harness.js):
//
// - axe-core on every page type (one page of each kind of address the build writes, so a new
//   kind of page fails this test until it is listed here) and on the states scripts draw
//   (search suggestions, filtered results, compared roles, a sorted table, assessment
//   results, a traced map), in light and in dark mode: no violation of the WCAG 2.0/2.1/2.2
//   A and AA rules nor of axe's best practices (landmarks, heading order, …);
// - the structure of every one of those pages and states, checked directly as well: one
//   banner (<header>), a <nav>, one <main>, one contentinfo (<footer>), one <h1> that is the
//   first heading, and no skipped heading level (an <h2> followed by an <h4>);
// - the keyboard, on every page type: the skip link is the first Tab stop, is on screen when
//   focused and moves focus to <main>; Tab from the top reaches every control once, in order
//   from the skip link through the header, the navigation and the search box to the page's
//   own controls and the footer, and every focused element shows a focus indicator (an
//   outline or box-shadow that it does not have unfocused, 3:1 against what is around it)
//   that nothing covers;
// - no script errors or CSP violations on any of these pages.
//
// Run by tests/quality.rs (cargo test); by hand: cargo build --release && node --test
// tests/js/quality.a11y.test.js
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const h = require("./harness.js");

const NEEDS = ["playwright", "chromium", "axe", "binary"];
const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

// One page of each kind of address (see pageType), and what to do once it has loaded.
const PAGES = [
  { path: "" },
  { path: "404-not-a-page/", status: 404 },
  { path: "a-z/" },
  { path: "areas/" },
  { path: "areas/coding-revenue-cycle/" },
  { path: "articles/" },
  { path: "articles/what-is-him/" },
  { path: "articles/is-him-right-for-me/", name: "self-assessment" },
  { path: "articles/is-him-right-for-me/", name: "self-assessment with results", run: assessmentResults },
  { path: "certifications/" },
  { path: "certifications/rhia/" },
  { path: "compare/" },
  { path: "compare/?roles=health-data-analyst,him-director,cdi-specialist", name: "compare, roles picked", run: compareDrawn },
  { path: "compare/cancer-registrar/data-quality-manager/" },
  { path: "education/" },
  { path: "education/associate/" },
  { path: "levels/" },
  { path: "levels/entry/" },
  { path: "map/" },
  { path: "map/", name: "map, a role traced", run: mapTraced },
  { path: "pathways/" },
  { path: "pathways/coding-auditor-to-compliance-officer/" },
  { path: "roles/" },
  { path: "roles/him-director/" },
  { path: "roles/inpatient-coder/", name: "role, pay by state sorted", run: stateTableSorted },
  { path: "routes/" },
  { path: "routes/medical-records-clerk/him-director/" },
  { path: "salaries/" },
  { path: "salaries/", name: "salaries sorted by growth", run: salariesSorted },
  { path: "search/" },
  { path: "search/?q=coder&level=entry", name: "search results with a filter", run: searchResults },
  { path: "", name: "home, search suggestions open", run: suggestionsOpen },
  { path: "settings/" },
  { path: "settings/hospitals/" },
  // Later pages of split lists (h.addPagedPages).
  { path: "a-z/page/2/" },
  { path: "areas/records-operations/page/2/" },
  { path: "certifications/rhia/page/2/" },
  { path: "education/bachelor/page/2/" },
  { path: "levels/mid/page/2/" },
  { path: "salaries/page/2/" },
  { path: "settings/government-agencies/page/3/" },
  // The compare page of a guide of 408 roles: text boxes with suggestions (h.addLargeComparePage).
  { path: "large-guide/compare/", name: "compare, a picker with suggestions open", run: typedPicker },
];

// The kind of an address: its first folder, and a star for each folder below it
// (roles/him-director/ is roles/*/; routes/a/b/ is routes/*/*/).
function pageType(rel) {
  const parts = rel.split("/").filter(Boolean);
  if (parts.length === 0) return "/";
  return [parts[0]].concat(parts.slice(1).map(() => "*")).join("/") + "/";
}

async function suggestionsOpen(page) {
  await page.fill("#site-search", "regist");
  await page.waitForSelector("#site-search-listbox [role=option] .result-title");
  await page.keyboard.press("ArrowDown");
}
async function searchResults(page) {
  await page.waitForSelector("#search-list .search-hit-title");
  await page.waitForSelector("#search-facets input[name=level]");
}
// The table has a column per role in ?roles= (and one for the row headings).
async function compareDrawn(page) {
  await page.waitForFunction(() => document.querySelectorAll("#compare-table thead th").length ===
    new URLSearchParams(location.search).get("roles").split(",").length + 1);
}
// Focusing a text-box picker loads the list of roles and fills the suggestions; then a
// comparison typed in is drawn from its shards.
async function typedPicker(page) {
  await page.focus('input[name="role3"]');
  await page.waitForFunction(() => document.querySelectorAll("#compare-role-names option").length === 408);
  await page.fill('input[name="role3"]', "Extra Role 123");
  await page.press('input[name="role3"]', "Tab");
  await page.waitForFunction(() => document.querySelectorAll("#compare-table thead th").length === 4);
}
async function stateTableSorted(page) {
  await page.click("table.sortable th:nth-child(3) .sort-button");
  await page.waitForSelector("table.sortable th[aria-sort]");
}
async function salariesSorted(page) {
  await page.click('th[data-column="growth"] button');
  await page.waitForSelector('th[data-column="growth"][aria-sort]');
}
async function mapTraced(page) {
  await page.focus('a.map-node[data-role="outpatient-coder"]');
  await page.waitForSelector("svg.map-svg.is-tracing");
}
async function assessmentResults(page) {
  await page.check('input[name="q0"][value="0"]');
  await page.check('input[name="q1"][value="0"]');
  await page.check('input[name="q2"][value="2"]');
  await page.click('#assessment-form button[type="submit"]');
  await page.waitForSelector("#assessment-results .result-list > li");
}

// Landmarks and headings of the page in the browser (run with page.evaluate): a list of
// what is wrong, empty when nothing is. Headings hidden from everyone (display: none, hidden)
// do not count; visually hidden ones do, as screen readers read them.
function structureProblems() {
  const problems = [];
  const shown = (el) => el.getClientRects().length > 0 || el.classList.contains("visually-hidden");
  const count = (selector) => Array.from(document.querySelectorAll(selector)).filter(shown).length;
  // Top-level header and footer (not inside an article, aside, main, nav or section) are the
  // banner and contentinfo landmarks.
  const top = (tag) => Array.from(document.querySelectorAll(tag)).filter((el) => shown(el) &&
    !el.parentElement.closest("article, aside, main, nav, section")).length;
  if (top("header") !== 1) problems.push(`${top("header")} page headers (banner), not 1`);
  if (count("nav") < 1) problems.push("no <nav>");
  if (count("main") !== 1) problems.push(`${count("main")} <main>, not 1`);
  if (top("footer") !== 1) problems.push(`${top("footer")} page footers (contentinfo), not 1`);
  const headings = Array.from(document.querySelectorAll("h1, h2, h3, h4, h5, h6"))
    .filter((el) => shown(el) && !el.closest("[hidden], [aria-hidden=true]"));
  const levels = headings.map((el) => Number(el.tagName[1]));
  if (levels.filter((l) => l === 1).length !== 1) problems.push(`${levels.filter((l) => l === 1).length} <h1>, not 1`);
  if (levels[0] !== 1) problems.push(`the first heading is <h${levels[0]}>`);
  levels.forEach((l, i) => {
    if (i > 0 && l > levels[i - 1] + 1) {
      problems.push(`<h${levels[i - 1]}> then <h${l}> ("${headings[i].textContent.trim().slice(0, 40)}")`);
    }
  });
  return problems;
}

let axeSource = null;
async function runAxe(page, options) {
  if (!axeSource) {
    axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js", { paths: [h.REPO] }), "utf8");
  }
  // Evaluated through the DevTools protocol, which the page's CSP does not apply to: the
  // page itself still runs only its own scripts.
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.evaluate(axeSource);
  return page.evaluate((opts) => window.axe.run(document, opts), options);
}

const AXE_OPTIONS = {
  runOnly: { type: "tag", values: WCAG.concat(["best-practice"]) },
  resultTypes: ["violations"],
};

function describeViolations(violations) {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n` + v.nodes.slice(0, 5).map((n) =>
    `    ${n.target.join(" ")}: ${(n.failureSummary || "").replace(/\s+/g, " ")}`).join("\n")).join("\n  ");
}

test("accessibility in Chromium: axe on every page type in light and dark mode, and the keyboard", {
  skip: h.skip(NEEDS), timeout: 600000,
}, async (t) => {
  h.requireTools(NEEDS);
  const site = h.build();
  h.addPagedPages(site);
  h.addLargeComparePage(site);
  const server = await h.serve(site);
  const browser = await h.launch();
  const problems = [];
  try {
    await t.test("the list covers every kind of page the build writes", () => {
      // The large guide's pages are there for its compare page only.
      const types = new Set(h.htmlFiles(site).filter((f) => !f.startsWith("large-guide/")).map((f) =>
        pageType(f === "404.html" ? "404-not-a-page/" : f.replace(/(^|\/)index\.html$/, "/"))));
      const covered = new Set(PAGES.map((p) => pageType(p.path.split("?")[0])));
      const missing = [...types].filter((x) => !covered.has(x)).sort();
      assert.deepEqual(missing, [], "page types without an accessibility check");
      assert.ok(types.size >= 20, "found only " + types.size + " page types");
    });

    await t.test("axe catches a real violation (control)", async () => {
      const page = await browser.newPage();
      await page.goto(server.base + "roles/him-director/");
      await page.evaluate(() => {
        const img = document.createElement("img");
        img.src = "data:image/gif;base64,R0lGODlhAQABAAAAACw=";
        document.querySelector("main").appendChild(img);
        document.querySelector(".lead").style.color = "#bbbbbb";
      });
      const result = await runAxe(page, AXE_OPTIONS);
      const ids = result.violations.map((v) => v.id);
      assert.ok(ids.includes("image-alt"), "an image without alt is reported: " + ids.join(", "));
      assert.ok(ids.includes("color-contrast"), "grey text on white is reported: " + ids.join(", "));
      await page.close();
    });

    await t.test("the structure check catches a skipped heading level and a missing landmark (control)", async () => {
      const page = await browser.newPage();
      await page.goto(server.base + "roles/him-director/");
      assert.deepEqual(await page.evaluate(structureProblems), []);
      await page.evaluate(() => {
        const h4 = document.createElement("h4");
        h4.textContent = "Skipped";
        document.querySelector("main h2").after(h4);
        document.querySelector("footer").remove();
      });
      const found = await page.evaluate(structureProblems);
      assert.ok(found.some((p) => p.startsWith("<h2> then <h4>")), found.join("; "));
      assert.ok(found.some((p) => p.startsWith("0 page footers")), found.join("; "));
      await page.close();
    });

    for (const scheme of ["light", "dark"]) {
      await t.test(`axe, ${scheme} mode`, async () => {
        const failures = [];
        let background = null;
        for (const p of PAGES) {
          const page = await browser.newPage();
          h.watch(page, problems);
          await page.emulateMedia({ colorScheme: scheme });
          const response = await page.goto(server.base + p.path);
          assert.equal(response.status(), p.status || 200, p.path);
          if (p.run) await p.run(page);
          const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
          background = background || bg;
          assert.equal(bg, background, "one background per scheme");
          const result = await runAxe(page, AXE_OPTIONS);
          if (result.violations.length) {
            failures.push(`${p.name || p.path || "home"} (${scheme}):\n  ${describeViolations(result.violations)}`);
          }
          const wrong = await page.evaluate(structureProblems);
          if (wrong.length) failures.push(`${p.name || p.path || "home"} (${scheme}): ${wrong.join("; ")}`);
          await page.close();
        }
        const expected = scheme === "dark" ? "rgb(17, 22, 28)" : "rgb(255, 255, 255)";
        assert.equal(background, expected, `the ${scheme} colours are in force`);
        assert.deepEqual(failures, [], "axe violations:\n" + failures.join("\n"));
      });
    }

    // The keyboard on every page type: each address of PAGES (a page drawn by clicking is
    // the same page type as the one it starts from), with what must have loaded first and the
    // page's own controls that Tab must reach.
    const special = {
      "roles/him-director/": { controls: ["table.sortable .sort-button", "a.map-node"] },
      "search/": { rel: "search/?q=coder", ready: searchResults, controls: ["#search-q", "#search-facets input", "#search-list a"] },
      "map/": { controls: ["a.map-node"] },
      "compare/": { rel: "compare/?roles=health-data-analyst,him-director", ready: compareDrawn, controls: ["select"] },
      "salaries/": { controls: ["table.sortable .sort-button"] },
      "articles/is-him-right-for-me/": { controls: ["input[type=radio]", "#assessment-form button"] },
    };
    const keyboardPages = [];
    for (const p of PAGES) {
      if (p.run || keyboardPages.some((k) => k.path === p.path)) continue;
      keyboardPages.push(Object.assign({ path: p.path, rel: p.path, controls: [] }, special[p.path] || {}));
    }
    assert.ok(Object.keys(special).every((path) => keyboardPages.some((k) => k.path === path)));

    await t.test("on every page type, the skip link is the first Tab stop and moves focus to the main content", async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      h.watch(page, problems);
      const bad = [];
      for (const k of keyboardPages) {
        await page.goto(server.base + k.rel);
        if (k.ready) await k.ready(page);
        await page.keyboard.press("Tab");
        const skip = await page.evaluate(() => {
          const el = document.activeElement;
          const r = el.getBoundingClientRect();
          return { cls: el.className, href: el.getAttribute("href"), top: r.top, bottom: r.bottom, height: r.height };
        });
        const where = k.rel || "home";
        if (skip.cls !== "skip-link" || skip.href !== "#main") {
          bad.push(`${where}: the first Tab stop is ${JSON.stringify(skip)}, not the skip link`);
          continue;
        }
        if (!(skip.top >= 0 && skip.height > 10 && skip.bottom <= 200)) bad.push(`${where}: the focused skip link is off screen: ${JSON.stringify(skip)}`);
        await page.keyboard.press("Enter");
        if (await page.evaluate(() => document.activeElement.id) !== "main") bad.push(`${where}: Enter on the skip link does not focus <main>`);
        await page.keyboard.press("Tab");
        if (!(await page.evaluate(() => document.activeElement !== document.querySelector("main") &&
          document.querySelector("main").contains(document.activeElement)))) bad.push(`${where}: the Tab stop after the skip link is not inside <main>`);
      }
      await page.close();
      assert.deepEqual(bad, []);
    });

    // Tabs through `page` from the top: the controls it should reach in document order
    // (`expected`), where each Tab stopped (`stops`) and what was wrong with the focus (`bad`).
    async function tabWalk(page) {
      // Every control a keyboard user should reach, in document order (one stop per group
      // of radio buttons), tagged so the Tab walk can name them.
      // Each control's outline and box-shadow unfocused are kept, to compare with focused.
      const expected = await page.evaluate(() => {
        const ring = (el) => {
          const cs = getComputedStyle(el);
          return [cs.outlineStyle, cs.outlineStyle === "none" ? "" : cs.outlineWidth + " " + cs.outlineColor, cs.boxShadow].join(" | ");
        };
        // Radio buttons: every one of the group, as Tab may stop on any of them.
        document.querySelectorAll("input[type=radio]").forEach((el) => el.setAttribute("data-qa-rest", ring(el)));
        const selector = "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]";
        const radios = new Set();
        const list = [];
        document.querySelectorAll(selector).forEach((el, i) => {
          if (el.disabled || el.getAttribute("tabindex") === "-1") return;
          if (el.closest("[hidden], [inert]") || el.getClientRects().length === 0) return;
          if (getComputedStyle(el).visibility === "hidden") return;
          if (el.type === "radio") {
            if (radios.has(el.name)) return;
            radios.add(el.name);
          }
          const id = el.type === "radio" ? "radio:" + el.name : String(i);
          el.setAttribute("data-qa-stop", id);
          el.setAttribute("data-qa-rest", ring(el));
          list.push(id);
        });
        return list;
      });
      const stops = [];
      const bad = [];
      for (let n = 0; n < expected.length + 5; n++) {
        await page.keyboard.press("Tab");
        const info = await page.evaluate(() => {
          const el = document.activeElement;
          if (!el || el === document.body || el === document.documentElement) return null;
          // The nearest opaque background behind the element.
          const backdrop = (node) => {
            for (let e = node; e && e.nodeType === 1; e = e.parentElement || e.parentNode) {
              const c = getComputedStyle(e).backgroundColor;
              if (c && c !== "transparent" && !/rgba\(.*,\s*0\)$/.test(c)) return c;
            }
            return getComputedStyle(document.body).backgroundColor;
          };
          const rgb = (c) => (c.match(/[\d.]+/g) || []).slice(0, 3).map(Number);
          const lum = ([r, g, b]) => {
            const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
            return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
          };
          const contrast = (a, b) => {
            const [x, y] = [lum(rgb(a)), lum(rgb(b))].sort((p, q) => q - p);
            return (x + 0.05) / (y + 0.05);
          };
          const cs = getComputedStyle(el);
          const outline = cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2;
          const rest = el.getAttribute("data-qa-rest");
          const now = [cs.outlineStyle, cs.outlineStyle === "none" ? "" : cs.outlineWidth + " " + cs.outlineColor, cs.boxShadow].join(" | ");
          const shadow = cs.boxShadow && cs.boxShadow !== "none";
          const around = backdrop(el.parentElement || el.parentNode);
          const ring = outline ? cs.outlineColor : shadow ? (cs.boxShadow.match(/rgba?\([^)]*\)/) || ["rgb(0,0,0)"])[0] : null;
          const r = el.getBoundingClientRect();
          // Uncovered when the middle of one of its boxes (a link may wrap) shows it.
          const shows = Array.from(el.getClientRects()).some((b) => {
            const x = Math.min(Math.max(b.left + b.width / 2, 0), innerWidth - 1);
            const y = Math.min(Math.max(b.top + b.height / 2, 0), innerHeight - 1);
            const hit = document.elementFromPoint(x, y);
            return hit && (hit === el || el.contains(hit));
          });
          const tag = el.getAttribute("data-qa-stop");
          const region = el.classList.contains("skip-link") ? "skip link"
            : el.closest(".site-nav") ? "navigation"
            : el.closest(".site-header") ? "header"
            : el.closest(".breadcrumbs") ? "breadcrumbs"
            : el.closest("main") ? "main"
            : el.closest("footer") ? "footer" : "elsewhere";
          return {
            region,
            id: el.type === "radio" ? "radio:" + el.name : tag,
            what: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "") + " " + (el.textContent || el.value || "").trim().slice(0, 40),
            indicator: Boolean(outline || shadow),
            changed: rest !== null && rest !== now,
            rest,
            now,
            ringContrast: ring ? contrast(ring, around) : 0,
            onScreen: r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth,
            covered: !shows,
          };
        });
        if (!info) break;
        if (stops.length && info.id === stops[0].id) break;
        stops.push(info);
        if (!info.indicator) bad.push(`${info.what}: no outline or box-shadow when focused`);
        else if (!info.changed) bad.push(`${info.what}: looks the same focused and unfocused (${info.rest} / ${info.now})`);
        else if (info.ringContrast < 3) bad.push(`${info.what}: focus indicator contrast ${info.ringContrast.toFixed(2)} < 3`);
        if (!info.onScreen) bad.push(`${info.what}: focused but off screen`);
        else if (info.covered) bad.push(`${info.what}: focused but covered by another element`);
      }
      return { expected, stops, bad };
    }

    await t.test("the focus check catches a control that looks the same focused (control)", async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(server.base + "roles/him-director/");
      // The site title always has the focus ring, so focusing it changes nothing.
      // (Set through the CSSOM: the site's CSP refuses a <style> element.)
      await page.evaluate(() => {
        const title = document.querySelector(".site-title");
        title.style.setProperty("outline", "3px solid var(--focus)", "important");
        title.style.setProperty("outline-offset", "2px", "important");
      });
      const { bad } = await tabWalk(page);
      assert.ok(bad.some((b) => /^a\.site-title .*looks the same focused and unfocused/.test(b)), bad.join("\n"));
      await page.close();
    });

    for (const k of keyboardPages) {
      await t.test(`Tab reaches every control of ${k.rel || "home"} with a visible focus`, async () => {
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        h.watch(page, problems);
        await page.goto(server.base + k.rel);
        if (k.ready) await k.ready(page);
        const { expected, stops, bad } = await tabWalk(page);
        assert.deepEqual(bad, [], "focus problems on " + (k.rel || "home"));
        const order = stops.map((s) => s.id);
        assert.deepEqual(order, expected, "Tab visits every control once, in document order");
        // The walk goes through the page in the order a visitor expects: the skip link, the
        // header (site title, search box), the navigation, the breadcrumbs, the page, the footer.
        const regions = ["skip link", "header", "navigation", "breadcrumbs", "main", "footer"];
        const seen = stops.map((s) => s.region);
        assert.equal(seen[0], "skip link", "the skip link comes first");
        assert.ok(seen.every((r, i) => regions.includes(r) && (i === 0 || regions.indexOf(r) >= regions.indexOf(seen[i - 1]))),
          "Tab goes skip link → header → navigation → breadcrumbs → main → footer: " + seen.join(", "));
        for (const r of ["header", "navigation", "main", "footer"]) assert.ok(seen.includes(r), "Tab reaches the " + r);
        assert.ok(stops.some((s) => /^input#site-search /.test(s.what)), "Tab reaches the search box");
        for (const selector of k.controls) {
          const wanted = await page.$$eval(selector, (els) => els.map((e) =>
            e.type === "radio" ? "radio:" + e.name : e.getAttribute("data-qa-stop") || "").filter(Boolean));
          assert.ok(wanted.length > 0, `${k.rel} has ${selector}`);
          for (const id of wanted) assert.ok(order.includes(id), `Tab reaches ${selector} (${id})`);
        }
        await page.close();
      });
    }

    await t.test("no script errors or CSP violations", () => {
      const real = problems.filter((p) => !/404-not-a-page\/: console error: Failed to load resource: the server responded with a status of 404/.test(p));
      assert.deepEqual(real, []);
    });
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(path.dirname(site), { recursive: true, force: true });
  }
});
