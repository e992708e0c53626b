// `careerguide serve` started on a guide that does not build: every address shows the errors
// to fix, and once a fix is saved the open page turns into the guide by itself, in a real
// Chromium (playwright-core) following the server's live-reload events.
//
// Needs CAREERGUIDE_BIN (the binary) and CAREERGUIDE_GUIDE (a guide whose role
// `medical-coder` has `level: [entry` on a line of its own, as tests/serve_js.rs makes it).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { spawn } = require("node:child_process");
const h = require("./harness.js");

const NEEDS = ["playwright", "chromium", "binary"];

// Starts `careerguide serve` on `root` at a free port; resolves with the server's address.
function startServe(root) {
  const child = spawn(h.binaryPath(), ["serve", "--port", "0", "--root", root], {
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error("serve printed no address:\n" + out)), 30000);
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const m = / at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    });
    child.on("exit", (code) => reject(new Error(`serve exited with ${code}:\n${out}`)));
  });
}

test("serve from a broken start shows the errors, then the guide once fixed", { skip: h.skip(NEEDS), timeout: 90000 }, async () => {
  h.requireTools(NEEDS);
  const root = process.env.CAREERGUIDE_GUIDE;
  assert.ok(root, "CAREERGUIDE_GUIDE names the broken guide");
  const file = path.join(root, "content/roles/medical-coder.md");
  assert.match(fs.readFileSync(file, "utf8"), /level: \[entry/);
  const { child, url } = await startServe(root);
  const browser = await h.launch();
  try {
    const page = await browser.newPage();
    const response = await page.goto(url + "roles/medical-coder/");
    assert.equal(response.status(), 503, "nothing built: the page is the error page");
    const title = page.locator("#careerguide-overlay h1, #careerguide-overlay h2");
    await title.waitFor();
    assert.match(await title.textContent(), /problems? to fix/);
    const where = await page.locator(".careerguide-overlay-where").first().textContent();
    assert.match(where, /content\/roles\/medical-coder\.md:3:/);
    // Any other address shows the same list.
    const other = await browser.newPage();
    await other.goto(url + "no/such/page/");
    assert.match(await other.locator("#careerguide-overlay").textContent(), /medical-coder\.md/);
    await other.close();

    // The fix, saved: the open page reloads into the guide's page by itself.
    const reloaded = page.waitForEvent("load", { timeout: 30000 });
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("level: [entry", "level: entry"));
    await reloaded;
    await page.waitForSelector("main h1", { timeout: 30000 });
    assert.equal(await page.locator("#careerguide-overlay").count(), 0, "no error list once it builds");
    assert.match(await page.locator("main h1").first().textContent(), /Medical Coder/i);
  } finally {
    await browser.close();
    child.kill();
  }
});
