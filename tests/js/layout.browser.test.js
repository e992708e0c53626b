// Phone-first layout of the bundled guide in headless Chromium (issue 28), on one page of
// every type at 320, 390 and 1280 px wide, in light and dark mode:
//
// - nothing scrolls sideways: the document is no wider than the viewport;
// - every text of every chart (SVG) on screen is drawn at 12 CSS px or more, once the chart's
//   own scaling is counted;
// - no two labels of one chart overlap;
// - each chart text has a contrast of at least 4.5:1 against what is drawn behind it (the
//   shape under it, else the page's background), computed from the colours in force;
// - on a phone, controls are tap targets of at least 24 by 24 px (WCAG 2.2, 2.5.8), and the
//   header leaves most of the screen to the page.
//
// The map page is checked with its diagram opened (on a phone it waits behind a button).
// Run by tests/layout_js.rs (cargo test); by hand: cargo build --release && node --test
// tests/js/layout.browser.test.js
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const h = require("./harness.js");

const NEEDS = ["playwright", "chromium", "binary"];

const PAGES = [
  { type: "home", path: "" },
  { type: "role", path: "roles/patient-care-coordinator/" },
  { type: "role with pay by state", path: "roles/inpatient-coder/" },
  { type: "setting", path: "settings/hospitals/" },
  { type: "certification", path: "certifications/rhia/" },
  { type: "education", path: "education/associate/" },
  { type: "pathway", path: "pathways/outpatient-coder-to-cdi-specialist/" },
  { type: "article", path: "articles/is-him-right-for-me/" },
  { type: "section", path: "roles/" },
  { type: "levels", path: "levels/" },
  { type: "search", path: "search/?q=coder", ready: "#search-list .search-hit-title" },
  { type: "salaries", path: "salaries/" },
  { type: "compare", path: "compare/?roles=health-data-analyst,him-director,cdi-specialist", ready: "#compare-table" },
  { type: "compare pair", path: "compare/cancer-registrar/data-quality-manager/" },
  { type: "map", path: "map/", openMap: true },
  { type: "routes", path: "routes/" },
  { type: "route", path: "routes/medical-records-clerk/him-director/" },
  { type: "a-z", path: "a-z/" },
  { type: "404", path: "404-not-a-page/" },
];
const WIDTHS = [320, 390, 1280];
const SCHEMES = ["light", "dark"];

// Everything measured in one page (run with page.evaluate): the problems found.
function measure(width) {
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth) {
    const wide = Array.from(document.querySelectorAll("body *")).filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
      .slice(-3).map((e) => e.tagName.toLowerCase() + (e.className && typeof e.className === "string" ? "." + e.className.split(" ")[0] : ""));
    problems.push(`the page is ${doc.scrollWidth} px wide in a ${window.innerWidth} px window (${wide.join(", ")})`);
  }
  const shown = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden";
  const rgb = (c) => {
    const m = /rgba?\(([\d.]+),?\s*([\d.]+),?\s*([\d.]+)(?:,?\s*\/?\s*([\d.]+))?\)/.exec(c || "");
    return m ? { r: +m[1], g: +m[2], b: +m[3], a: m[4] === undefined ? 1 : +m[4] } : null;
  };
  const luminance = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const contrast = (a, b) => {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  // The page's background behind an element: the first ancestor that paints one.
  const pageBackground = (e) => {
    for (let n = e; n && n.nodeType === 1; n = n.parentElement) {
      const c = rgb(getComputedStyle(n).backgroundColor);
      if (c && c.a > 0.5) return c;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  const name = (t) => JSON.stringify(t.textContent.trim().slice(0, 30));
  for (const svg of document.querySelectorAll("svg")) {
    if (svg.parentElement.closest("svg") || !shown(svg)) continue;
    const texts = Array.from(svg.querySelectorAll("text")).filter((t) => shown(t) && t.textContent.trim());
    // Shapes that paint a fill, in paint order: what a text may sit on.
    const shapes = Array.from(svg.querySelectorAll("rect, path, circle, ellipse, polygon")).filter((s) =>
      !s.closest("defs, marker") && shown(s) && getComputedStyle(s).fill !== "none");
    const boxes = [];
    // A label of several lines may be one <text> per line: a text right after a text of the
    // same class at the same x continues its label.
    const ownerOf = new Map();
    for (const t of texts) {
      const prev = t.previousElementSibling;
      const continues = prev && prev.tagName === "text" && prev.getAttribute("class") === t.getAttribute("class") &&
        prev.getAttribute("x") === t.getAttribute("x") && ownerOf.has(prev);
      ownerOf.set(t, continues ? ownerOf.get(prev) : t);
    }
    for (const t of texts) {
      const parts = t.querySelectorAll("tspan").length ? Array.from(t.querySelectorAll("tspan")) : [t];
      const scale = t.getScreenCTM() ? Math.hypot(t.getScreenCTM().a, t.getScreenCTM().b) : 1;
      for (const p of parts) {
        if (!p.textContent.trim()) continue;
        const size = parseFloat(getComputedStyle(p).fontSize) * scale;
        if (size < 11.95) problems.push(`chart text ${name(p)} is ${size.toFixed(1)} px`);
        const box = p.getBoundingClientRect();
        boxes.push({ box, text: p.textContent.trim(), owner: ownerOf.get(t) });
        const cx = box.left + box.width / 2;
        const cy = box.top + box.height / 2;
        let under = null;
        for (const s of shapes) {
          const b = s.getBoundingClientRect();
          if (s.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING && cx >= b.left && cx <= b.right && cy >= b.top && cy <= b.bottom) {
            under = s;
          }
        }
        const bg = under ? rgb(getComputedStyle(under).fill) : pageBackground(svg);
        const fg = rgb(getComputedStyle(p).fill);
        if (fg && bg) {
          const ratio = contrast(fg, bg);
          if (ratio < 4.5) problems.push(`chart text ${name(p)}: contrast ${ratio.toFixed(2)}:1 (${getComputedStyle(p).fill} on ${under ? getComputedStyle(under).fill : "the page"})`);
        }
      }
    }
    // Labels of one chart must not overlap (lines of one label are one text).
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        if (boxes[i].owner === boxes[j].owner) continue;
        const a = boxes[i].box;
        const b = boxes[j].box;
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const hgt = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 0.5 && hgt > 0.5) problems.push(`chart labels overlap: "${boxes[i].text}" and "${boxes[j].text}"`);
      }
    }
  }
  if (width < 600) {
    // Tap targets: controls, and the links that stand alone (navigation, lists of pages).
    const targets = document.querySelectorAll("button, select, input:not([type=hidden]), .site-nav a, .pager a, .letters a, .counts a, .link-list a, a.button");
    for (const e of targets) {
      if (!shown(e) || e.closest(".visually-hidden")) continue;
      const area = (e.type === "radio" || e.type === "checkbox") && e.closest("label") ? e.closest("label") : e;
      const r = area.getBoundingClientRect();
      if (r.width < 23.95 || r.height < 23.95) {
        problems.push(`tap target ${e.tagName.toLowerCase()} ${JSON.stringify((e.textContent || e.name || "").trim().slice(0, 25))} is ${r.width.toFixed(0)}×${r.height.toFixed(0)} px`);
      }
    }
    const header = document.querySelector(".site-header");
    if (header && header.getBoundingClientRect().height > window.innerHeight * 0.2) {
      problems.push(`the header takes ${header.getBoundingClientRect().height.toFixed(0)} of ${window.innerHeight} px`);
    }
  }
  return problems;
}

test("every page type fits a phone: no sideways scroll, readable charts, tap targets", {
  skip: h.skip(NEEDS), timeout: 600000,
}, async () => {
  h.requireTools(NEEDS);
  const site = h.build();
  const server = await h.serve(site);
  const browser = await h.launch();
  const problems = [];
  try {
    for (const colorScheme of SCHEMES) {
      for (const width of WIDTHS) {
        const context = await browser.newContext({ viewport: { width, height: 800 }, colorScheme, serviceWorkers: "block" });
        const page = await context.newPage();
        for (const p of PAGES) {
          await page.goto(server.base + p.path, { waitUntil: "load" });
          if (p.ready) await page.waitForSelector(p.ready);
          if (p.openMap && (await page.isVisible(".map-toggle"))) {
            await page.click(".map-toggle");
            await page.waitForSelector("#career-map-figure.is-open");
          }
          // The dark colours are really in force when dark is asked for.
          const dark = await page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches);
          assert.equal(dark, colorScheme === "dark");
          for (const problem of await page.evaluate(measure, width)) {
            problems.push(`${p.type} (${p.path || "/"}) at ${width} px, ${colorScheme}: ${problem}`);
          }
        }
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  assert.deepEqual(problems, [], problems.length + " problems");
});

// On a touch phone: the navigation, the search filters and the map's drawing each wait
// behind a button, open with a tap, and close again; the map never asks to be pointed at.
test("on a phone the menu, the search filters and the map drawing open from buttons", {
  skip: h.skip(NEEDS), timeout: 120000,
}, async () => {
  h.requireTools(NEEDS);
  const site = h.build();
  const server = await h.serve(site);
  const browser = await h.launch();
  try {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, serviceWorkers: "block" });
    const page = await context.newPage();
    await page.goto(server.base + "roles/");
    assert.equal(await page.isVisible(".site-nav"), false, "the navigation starts folded");
    await page.tap(".menu-button");
    assert.equal(await page.isVisible('.site-nav a[href$="salaries/"]'), true, "Menu opens the navigation");
    assert.equal(await page.getAttribute(".menu-button", "aria-expanded"), "true");
    await page.tap(".menu-button");
    assert.equal(await page.isVisible(".site-nav"), false, "Menu closes it again");

    await page.goto(server.base + "search/?q=coder");
    await page.waitForSelector("#search-facets input[name=level]", { state: "attached" });
    const button = await page.$(".filters-button");
    const list = await page.$("#search-list");
    assert.ok((await button.boundingBox()).y < (await list.boundingBox()).y, "the Filters button is above the results");
    assert.equal(await page.isVisible("#search-facets"), false, "the filters start hidden");
    await page.tap(".filters-button");
    assert.equal(await page.isVisible("#search-facets input[name=level]"), true, "Filters shows them");
    assert.ok(await page.evaluate(() => document.getElementById("search-filters").contains(document.activeElement)), "focus moves into the filters");
    await page.tap('#search-facets input[name=level][value="entry"]');
    await page.waitForFunction(() => /level=entry/.test(location.search));
    await page.tap(".filters-done");
    assert.equal(await page.isVisible("#search-facets"), false, "Show results closes them");
    await page.tap(".filters-button");
    await page.keyboard.press("Escape");
    assert.equal(await page.isVisible("#search-facets"), false, "Escape closes them");
    assert.equal(await page.evaluate(() => document.activeElement.className), "filters-button button button-secondary");

    await page.goto(server.base + "map/");
    assert.equal(await page.isVisible(".map-list"), true, "the map's list is shown first");
    assert.equal(await page.isVisible("#career-map-figure"), false, "the drawing waits behind a button");
    assert.doesNotMatch(await page.innerText("main"), /Point at a role/, "a touch screen is not told to point");
    await page.tap(".map-toggle");
    assert.equal(await page.isVisible("#career-map-figure svg"), true, "one tap shows the drawing");
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }
});

// The checks themselves: a page built to break each rule must be caught, so a check that
// measured nothing could not pass unnoticed.
test("the layout checks catch a wide page, small and overlapping chart text, low contrast and small targets", {
  skip: h.skip(["playwright", "chromium"]), timeout: 60000,
}, async () => {
  h.requireTools(["playwright", "chromium"]);
  const browser = await h.launch();
  try {
    const page = await browser.newPage({ viewport: { width: 320, height: 800 } });
    await page.setContent(`<!DOCTYPE html><html><body style="margin:0;background:#fff">
      <div style="width:500px;height:10px"></div>
      <svg viewBox="0 0 600 100" width="300" height="50">
        <rect x="0" y="0" width="600" height="100" fill="#0b5d6b"/>
        <text x="10" y="50" font-size="14" fill="#777">Grey on teal</text>
        <text x="20" y="52" font-size="14" fill="#fff">Over it</text>
      </svg>
      <button style="width:20px;height:20px;padding:0">x</button></body></html>`);
    const found = (await page.evaluate(measure, 320)).join("\n");
    assert.match(found, /the page is 500 px wide/);
    assert.match(found, /chart text "Grey on teal" is 7\.0 px/);
    assert.match(found, /chart labels overlap: "Grey on teal" and "Over it"/);
    assert.match(found, /"Grey on teal": contrast/);
    assert.doesNotMatch(found, /"Over it": contrast/);
    assert.match(found, /tap target button "x" is 20×20 px/);
  } finally {
    await browser.close();
  }
});
