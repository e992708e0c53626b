// Lighthouse (npm `lighthouse`, in the system Chromium, its default mobile settings) on a
// role page and on the search page with results, the guide served over HTTP with gzip and the
// site's Content-Security-Policy (tests/js/harness.js): 100 in accessibility, best practices
// and SEO. A control page (a role page without its language and with `noindex`) must score
// less, so a Lighthouse that checks nothing fails the test.
//
// Performance is printed but not asserted here (a shared CI machine is too noisy for it); it
// is measured by tests/js/lighthouse.mjs and recorded in docs/quality.md.
//
// Run by tests/quality.rs (cargo test); by hand: cargo build --release && node --test
// tests/js/quality.lighthouse.test.js
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const h = require("./harness.js");

const NEEDS = ["lighthouse", "chromium", "binary"];
const GATED = ["accessibility", "best-practices", "seo"];
const PAGES = ["roles/him-director/", "search/?q=coder"];

test("Lighthouse: 100 in accessibility, best practices and SEO on a role page and on search", {
  skip: h.skip(NEEDS), timeout: 300000,
}, async () => {
  h.requireTools(NEEDS);
  const site = h.build();
  // The control: a real role page that has lost its language and asks not to be indexed.
  const role = fs.readFileSync(path.join(site, "roles/him-director/index.html"), "utf8");
  const control = role.replace(/<html lang="[^"]*"/, "<html").replace("<head>", '<head><meta name="robots" content="noindex">');
  assert.notEqual(control, role);
  fs.mkdirSync(path.join(site, "zz-lighthouse-control"));
  fs.writeFileSync(path.join(site, "zz-lighthouse-control/index.html"), control);
  const server = await h.serve(site);
  try {
    const urls = PAGES.concat(["zz-lighthouse-control/"]).map((p) => server.base + p);
    const reports = await h.lighthouse(urls, { categories: ["performance"].concat(GATED) });
    const failures = [];
    reports.forEach((lhr, i) => {
      const scores = {};
      for (const c of ["performance"].concat(GATED)) scores[c] = h.lighthouseScore(lhr, c);
      process.stderr.write(`lighthouse ${urls[i].slice(server.base.length)}: ` +
        Object.entries(scores).map(([c, s]) => `${c} ${s.score}` + (GATED.includes(c) ? "" : " (not gated)")).join(", ") + "\n");
      if (i === PAGES.length) {
        // The control.
        assert.ok(scores.accessibility.score < 100 && scores.accessibility.lost.some((l) => l.startsWith("html-has-lang")),
          "the control loses accessibility points for its missing language: " + JSON.stringify(scores.accessibility));
        assert.ok(scores.seo.score < 100 && scores.seo.lost.some((l) => l.startsWith("is-crawlable")),
          "the control loses SEO points for noindex: " + JSON.stringify(scores.seo));
        return;
      }
      assert.equal(lhr.finalDisplayedUrl, urls[i], "Lighthouse audited the page asked for");
      for (const c of GATED) {
        if (scores[c].score !== 100) failures.push(`${PAGES[i]} ${c} ${scores[c].score}: ${scores[c].lost.join("; ")}`);
      }
    });
    assert.deepEqual(failures, [], "Lighthouse scores below 100");
  } finally {
    await server.close();
    fs.rmSync(path.dirname(site), { recursive: true, force: true });
  }
});
