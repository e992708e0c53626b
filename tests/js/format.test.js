// site.js's pay text against the site build's (src/format.rs): tests/pay_js.rs writes what
// Rust gives for a set of figures to CAREERGUIDE_FORMAT_CASES and this checks that site.js's
// money, periodLabel and thousands give the same. Also checks that serve's live.js keeps the
// same el() as site.js (it cannot load site.js on every page it serves).
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");

const repo = path.join(__dirname, "../..");
const site = require(path.join(repo, "themes/default/static/assets/site.js"));
const cases = process.env.CAREERGUIDE_FORMAT_CASES;

test("money, periodLabel and thousands write what src/format.rs writes", { skip: cases ? false : "run by tests/pay_js.rs" }, () => {
  const rust = JSON.parse(fs.readFileSync(cases, "utf8"));
  assert.ok(rust.money.length > 0 && rust.thousands.length > 0);
  for (const c of rust.money) {
    assert.equal(site.money(c.amount, c.currency, c.period), c.text, JSON.stringify(c));
  }
  for (const c of rust.periods) assert.equal(site.periodLabel(c.period), c.text, c.period);
  for (const c of rust.thousands) assert.equal(site.thousands(c.n), c.text, String(c.n));
});

test("money defaults to US dollars per year", () => {
  assert.equal(site.money(51140), "$51,140");
  assert.equal(site.money(51140, "USD", "annual") + " " + site.periodLabel("annual"), "$51,140 per year");
});

test("live.js's el() is site.js's", () => {
  const body = (file) => {
    const text = fs.readFileSync(path.join(repo, file), "utf8");
    const m = /\n( *)function el\(tag, attrs, text\) \{\n[\s\S]*?\n\1\}\n/.exec(text);
    assert.ok(m, `${file} has el(tag, attrs, text)`);
    return m[0].replace(/^ +/gm, "");
  };
  assert.equal(body("src/serve/live.js"), body("themes/default/static/assets/site.js"));
});
