#!/usr/bin/env node
// Screenshots of the bundled guide for reviewers: home, a role, salaries, search with results
// and the career map, at 390 px (a phone) and 1280 px wide, in light and dark mode, written
// as PNGs beside this script (docs/screenshots/NAME-WIDTH-SCHEME.png).
//
//   cargo build --release && node docs/screenshots/make.js
//
// It builds the guide with the careerguide binary (tests/js/harness.js finds it; set
// CAREERGUIDE_BIN to choose one, CAREERGUIDE_SITE to photograph another site folder), serves
// it as a static host would and drives /usr/bin/chromium through playwright-core (npm ci).
// Only the top of each page is taken (one and a half screens), and when Python's Pillow is
// installed the PNGs are cut to a 256-colour palette: a third of the size, no visible change.
"use strict";

const fs = require("node:fs");
const { execFileSync } = require("node:child_process");
const path = require("node:path");
const h = require("../../tests/js/harness.js");

const PAGES = [
  { name: "home", path: "" },
  { name: "role", path: "roles/health-information-technician/" },
  { name: "salaries", path: "salaries/" },
  { name: "search", path: "search/?q=coder" },
  { name: "map", path: "map/" },
];
const WIDTHS = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
];
const SCHEMES = ["light", "dark"];
const OUT = __dirname;

// A 256-colour palette PNG, when Pillow is there (the screenshot stays as taken otherwise).
function shrink(file) {
  try {
    execFileSync("python3", ["-c", "import sys; from PIL import Image; " +
      "Image.open(sys.argv[1]).convert('RGB').quantize(256, dither=Image.Dither.NONE).save(sys.argv[1], optimize=True)", file],
    { stdio: "ignore" });
  } catch (e) {
    // No Python or no Pillow: keep the full-colour file.
  }
}

async function main() {
  const missing = h.missing(["playwright", "chromium", "binary"]);
  if (missing) throw new Error(missing);
  const site = h.build({ root: process.env.CAREERGUIDE_SITE || h.REPO });
  const server = await h.serve(site);
  const browser = await h.launch();
  try {
    for (const size of WIDTHS) {
      for (const colorScheme of SCHEMES) {
        // No service worker: each shot is a fresh first visit.
        const context = await browser.newContext({ viewport: size, colorScheme, serviceWorkers: "block" });
        const page = await context.newPage();
        for (const p of PAGES) {
          await page.goto(server.base + p.path, { waitUntil: "networkidle" });
          if (p.name === "search") await page.waitForSelector(".search-hit", { timeout: 10000 });
          const file = path.join(OUT, `${p.name}-${size.width}-${colorScheme}.png`);
          await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y: 0, width: size.width, height: Math.round(size.height * 1.5) } });
          shrink(file);
          console.log(path.relative(h.REPO, file), fs.statSync(file).size, "bytes");
        }
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((e) => {
  console.error(e.message || e);
  process.exit(1);
});
