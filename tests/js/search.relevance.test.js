// Search relevance on the bundled guide (issue 28): every query of tests/search-relevance.json
// run through the real search core over the index the build wrote, as the search box does;
// each expected page must be among the first 3 results. The score (queries passing) is
// printed; `node tests/js/search.relevance.test.js` prints each miss with what ranked instead.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { repo, build, DiskIndex } = require("./search-helpers.js");

const TOP = 3;
const set = JSON.parse(fs.readFileSync(path.join(repo, "tests/search-relevance.json"), "utf8"));

// Runs the set over a built site: [{q, expect, top, ok}].
function evaluate(publicDir) {
  return set.queries.map(({ q, expect, any }) => {
    const d = new DiskIndex(publicDir);
    const result = d.search(q);
    const top = result.docs.slice(0, TOP).map((doc) => doc.path);
    const found = (p) => top.includes(p);
    return { q, expect, any, top, ok: any ? expect.some(found) : expect.every(found) };
  });
}

test("the relevance set has at least 40 queries, each naming pages of the bundled guide", () => {
  assert.ok(set.queries.length >= 40, `${set.queries.length} queries`);
  for (const { q, expect } of set.queries) {
    assert.ok(q && expect.length > 0 && expect.length <= TOP, q);
    for (const p of expect) {
      const file = path.join(repo, "content", p.replace(/\/$/, "") + ".md");
      assert.ok(fs.existsSync(file), `${q}: ${p} is not a page of the bundled guide`);
    }
  }
});

test("each query of the relevance set finds its expected pages in the top 3", (t) => {
  const site = build(repo);
  try {
    const results = evaluate(site);
    const passed = results.filter((r) => r.ok).length;
    const misses = results.filter((r) => !r.ok)
      .map((r) => `  "${r.q}": expected ${r.expect.join(r.any ? " or " : ", ")}; top ${TOP}: ${r.top.join(", ") || "nothing"}`);
    t.diagnostic(`relevance: ${passed}/${results.length} queries pass`);
    assert.equal(passed, results.length, `relevance ${passed}/${results.length}; misses:\n${misses.join("\n")}`);
  } finally {
    fs.rmSync(path.dirname(site), { recursive: true, force: true });
  }
});

module.exports = { evaluate };
