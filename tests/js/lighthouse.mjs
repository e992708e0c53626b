#!/usr/bin/env node
// Measures Lighthouse scores of the bundled guide (not a test: the figures in
// docs/quality.md come from here). Builds the guide with the release binary, serves it as a
// static host would (gzip, the site's CSP; tests/js/harness.js) and runs Lighthouse with its
// default mobile settings (simulated slow 4G, 4x CPU slowdown) in the system Chromium, RUNS
// times per page; prints the median of each category and of the main timings as Markdown,
// and exits 1 when a median performance score is under 95.
//
//   cargo build --release && node tests/js/lighthouse.mjs [RUNS] [PAGE…]
//
// PAGE defaults to a role page and the search page with results. CAREERGUIDE_BIN picks the
// binary (default target/release/careerguide, or $CARGO_TARGET_DIR/release/careerguide).
import { createRequire } from "node:module";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const require = createRequire(import.meta.url);
const h = require("./harness.js");

const args = process.argv.slice(2);
const runs = /^\d+$/.test(args[0] || "") ? Number(args.shift()) : 5;
const pages = args.length ? args : ["roles/him-director/", "search/?q=coder"];
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];
const METRICS = [
  ["first-contentful-paint", "FCP", "ms"],
  ["largest-contentful-paint", "LCP", "ms"],
  ["total-blocking-time", "TBT", "ms"],
  ["cumulative-layout-shift", "CLS", ""],
  ["speed-index", "SI", "ms"],
];

const why = h.missing(["lighthouse", "chromium", "binary"]);
if (why) {
  console.error(why);
  process.exit(2);
}

const median = (xs) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const site = h.build();
const server = await h.serve(site);
let low = false;
try {
  const rows = [];
  for (const p of pages) {
    const reports = await h.lighthouse(Array(runs).fill(server.base + p));
    const scores = CATEGORIES.map((c) => median(reports.map((r) => h.lighthouseScore(r, c).score)));
    const perf = reports.map((r) => h.lighthouseScore(r, "performance").score);
    const metrics = METRICS.map(([id, , unit]) => {
      const v = median(reports.map((r) => r.audits[id].numericValue));
      return unit === "ms" ? `${Math.round(v)} ms` : v.toFixed(3);
    });
    if (scores[0] < 95) low = true;
    rows.push(`| \`${p}\` | ${scores.join(" | ")} | ${Math.min(...perf)}–${Math.max(...perf)} | ${metrics.join(" | ")} |`);
  }
  console.log(`Lighthouse ${require("lighthouse/package.json").version}, ${(await import("node:child_process")).execFileSync(h.CHROMIUM, ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim()}, ` +
    `mobile defaults, median of ${runs} runs (${os.cpus().length} CPUs, ${os.cpus()[0].model.trim()}):\n`);
  console.log(`| page | performance | accessibility | best practices | SEO | performance range | ${METRICS.map((m) => m[1]).join(" | ")} |`);
  console.log(`|---|${"---:|".repeat(CATEGORIES.length + 1 + METRICS.length)}`);
  for (const r of rows) console.log(r);
} finally {
  await server.close();
  fs.rmSync(path.dirname(site), { recursive: true, force: true });
}
process.exit(low ? 1 : 0);
