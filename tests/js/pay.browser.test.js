// "Pay near you" on a role page, in a real Chromium over HTTP with the strict
// Content-Security-Policy: nothing is fetched until the reader follows the link, then every
// state and metro area of data/pay/<soc>.json can be picked and its figures are shown.
//
// Run by tests/pay_js.rs (cargo test), on the bundled guide built there (CAREERGUIDE_SITE).
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const h = require("./harness.js");

const NEEDS = ["playwright", "chromium"];

test("pay near you loads on demand and shows the chosen area", { skip: h.skip(NEEDS), timeout: 120000 }, async () => {
  h.requireTools(NEEDS);
  const site = process.env.CAREERGUIDE_SITE || h.build();
  const pay = JSON.parse(fs.readFileSync(path.join(site, "data/pay/29-2072.json"), "utf8"));
  const metro = pay.areas.find((a) => a.type === "metro" && typeof a.median === "number");
  assert.ok(metro, "the file has a metro area with a median");
  const server = await h.serve(site);
  const browser = await h.launch();
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
    await page.goto(`${server.base}roles/medical-records-technician/`, { waitUntil: "networkidle" });
    // The page's own requests: the service worker saving the offline copy (marked `offline`)
    // may fetch the pay file too, at a time of its own.
    const byPage = () => server.requests.filter((r) => !r.offline);
    assert.ok(!byPage().some((r) => r.url.includes("data/pay/")), "nothing loaded before the reader asks");
    await page.click(".pay-load");
    await page.waitForSelector("#pay-area optgroup", { state: "attached" });
    assert.ok(byPage().some((r) => r.url.includes("data/pay/29-2072.json")));
    const options = await page.$$eval("#pay-area option", (os) => os.length);
    assert.equal(options, pay.areas.length + 1, "every state and metro area, and the prompt");
    const index = pay.areas.indexOf(metro);
    await page.selectOption("#pay-area", String(index));
    const text = await page.textContent(".pay-result");
    const median = "$" + Math.round(metro.median).toLocaleString("en-US");
    assert.ok(text.startsWith(`${metro.name}: median ${median} per year`), text);
    assert.ok(text.includes(pay.source), text);
    // On a phone the picker, holding the longest metro name, stays within the page.
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px at 390px`);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});
