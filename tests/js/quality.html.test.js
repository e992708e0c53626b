// Valid HTML: every page the build writes for the bundled guide (and the later pages of its
// lists when they are split, h.addPagedPages, and the compare page of a guide of hundreds of
// roles, h.addLargeComparePage) passes the Nu HTML Checker
// (vnu, from npm `vnu-jar`) with no error, in one Java run over the whole output folder.
// A control page with known errors, two folders deep in the same output folder, goes through
// the same run, so a checker that reports nothing (wrong output stream, wrong format, folders
// not searched) fails the test.
//
// Run by tests/quality.rs (cargo test); by hand: cargo build --release && node --test
// tests/js/quality.html.test.js
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { spawnSync } = require("node:child_process");
const h = require("./harness.js");

const NEEDS = ["java", "vnu", "binary"];

test("every page of the bundled guide is valid HTML (vnu --errors-only)", { skip: h.skip(NEEDS), timeout: 300000 }, () => {
  h.requireTools(NEEDS);
  const site = h.build();
  const paged = h.addPagedPages(site);
  assert.ok(paged.length > 20, "later pages of split lists: " + paged.length);
  h.addLargeComparePage(site);
  const control = path.join(site, "zz-vnu-control", "deep");
  try {
    const pages = h.htmlFiles(site);
    assert.ok(pages.length > 300, "the build wrote " + pages.length + " pages");
    // A real page with two errors vnu must report: a duplicate id and a <div> inside <span>.
    const sample = fs.readFileSync(path.join(site, "roles/him-director/index.html"), "utf8");
    const broken = sample.replace("<main", '<span id="x"><div>x</div></span><p id="x"></p><main');
    assert.notEqual(broken, sample);
    fs.mkdirSync(control, { recursive: true });
    fs.writeFileSync(path.join(control, "broken.html"), broken);

    // One JVM for everything; the list of files is long, so vnu reads the folders itself.
    const run = spawnSync("java", ["-Xss2m", "-jar", h.VNU_JAR, "--errors-only", "--format", "json",
      "--skip-non-html", site], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    assert.equal(run.error, undefined, String(run.error));
    // vnu writes its report to stderr and exits 1 when it found errors (the control has some).
    const report = JSON.parse(run.stderr || run.stdout);
    const messages = report.messages || [];
    const errors = messages.filter((m) => m.type === "error" || m.type === "non-document-error");
    const fromControl = errors.filter((m) => (m.url || "").includes("/zz-vnu-control/deep/broken.html"));
    const fromSite = errors.filter((m) => !fromControl.includes(m));
    assert.ok(fromControl.some((m) => /Duplicate ID/i.test(m.message)), "vnu reports the control's duplicate id: " + JSON.stringify(fromControl));
    assert.ok(fromControl.some((m) => /div.*not allowed as child of element .span/i.test(m.message)), "vnu reports the control's <div> in <span>: " + JSON.stringify(fromControl));
    const describe = fromSite.slice(0, 40).map((m) =>
      `${(m.url || "").replace("file:" + site + "/", "")}:${m.lastLine || "?"}: ${m.message}${m.extract ? " [" + m.extract.trim().slice(0, 80) + "]" : ""}`);
    assert.deepEqual(describe, [], `${fromSite.length} vnu errors in ${pages.length} pages`);
    process.stderr.write(`vnu: ${pages.length} pages, ${fromSite.length} errors (control: ${fromControl.length})\n`);
  } finally {
    fs.rmSync(path.dirname(site), { recursive: true, force: true });
  }
});
