// A reusable browser test harness for the quality tests (tests/js/quality.*.test.js) and for
// any later test that needs the built guide in a real browser:
//
// - tools(): playwright-core, Chromium, Java and the checkers, with the reason when one is
//   missing; skip(): the `skip` option for node:test (a missing tool is a failure when
//   CAREERGUIDE_REQUIRE_BROWSER is set, as in CI);
// - build(): the bundled guide built by the careerguide binary into a temporary folder;
//   addPagedPages(): the later pages its long lists would have with a small `paginate_by`;
//   addLargeComparePage(): the compare page of a guide of 408 roles (text-box pickers);
// - serve(): a small static server on 127.0.0.1 that answers like a static host (gzip for text,
//   ETag and 304, a 404 page, a redirect for a folder without its slash), with the same
//   security headers as `careerguide serve` (the CSP is read from src/serve/mod.rs) and a
//   count of the bytes it sent;
// - launch(): headless /usr/bin/chromium with the flags CI uses;
// - lighthouse(): Lighthouse reports (npm `lighthouse`) of some addresses, in that Chromium.
"use strict";

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const http = require("node:http");
const zlib = require("node:zlib");
const crypto = require("node:crypto");
const { execFileSync } = require("node:child_process");

const REPO = path.resolve(__dirname, "..", "..");
const REQUIRED = ["1", "true"].includes(process.env.CAREERGUIDE_REQUIRE_BROWSER || "");
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"];
const VNU_JAR = path.join(REPO, "node_modules/vnu-jar/build/dist/vnu.jar");

// The Content-Security-Policy of `careerguide serve`: CAREERGUIDE_CSP when the Rust test
// passes it, else read from the constant in src/serve/mod.rs, so the two never drift apart.
function contentSecurityPolicy() {
  if (process.env.CAREERGUIDE_CSP) return process.env.CAREERGUIDE_CSP;
  const source = fs.readFileSync(path.join(REPO, "src/serve/mod.rs"), "utf8");
  const m = /pub const CONTENT_SECURITY_POLICY: &str = "([^"]+)";/.exec(source);
  if (!m) throw new Error("CONTENT_SECURITY_POLICY not found in src/serve/mod.rs");
  return m[1];
}
const CSP = contentSecurityPolicy();

function hasModule(name) {
  try {
    require.resolve(name + "/package.json", { paths: [REPO] });
    return true;
  } catch (e) {
    return false;
  }
}

function hasJava() {
  try {
    execFileSync("java", ["-version"], { stdio: "ignore" });
    return true;
  } catch (e) {
    return false;
  }
}

// Why the tests that need `needs` cannot run (null when they can). `needs` names tools:
// "playwright", "chromium", "axe", "java", "vnu", "lighthouse", "binary".
function missing(needs) {
  for (const need of needs) {
    if (need === "playwright" && !hasModule("playwright-core")) return "playwright-core is not installed (npm ci)";
    if (need === "axe" && !hasModule("axe-core")) return "axe-core is not installed (npm ci)";
    if (need === "lighthouse" && !(hasModule("lighthouse") && hasModule("chrome-launcher"))) return "lighthouse is not installed (npm ci)";
    if (need === "vnu" && !fs.existsSync(VNU_JAR)) return "vnu-jar is not installed (npm ci)";
    if (need === "java" && !hasJava()) return "Java (`java`) is not installed";
    if (need === "chromium" && !fs.existsSync(CHROMIUM)) return "no Chromium at " + CHROMIUM;
    if (need === "binary" && !binaryPath()) return "careerguide binary not found (cargo build --release, or CAREERGUIDE_BIN)";
  }
  return null;
}

// The `skip` option for node:test: false when everything is there; the reason when something
// is missing and tools are optional (printed, so the skip is visible); a failure when
// CAREERGUIDE_REQUIRE_BROWSER is set.
function skip(needs) {
  const why = missing(needs);
  if (!why) return false;
  if (REQUIRED) {
    // node:test runs the test body; the caller's first line is `requireTools(needs)`.
    return false;
  }
  process.stderr.write(`skipped: ${why}: install them as .ci/run does\n`);
  return `${why}: install them as .ci/run does`;
}

// First line of every test body: fails when a required tool is missing.
function requireTools(needs) {
  const why = missing(needs);
  if (why) throw new Error(`${why}, and CAREERGUIDE_REQUIRE_BROWSER is set`);
}

function binaryPath() {
  const candidates = [
    process.env.CAREERGUIDE_BIN,
    process.env.CARGO_TARGET_DIR && path.join(process.env.CARGO_TARGET_DIR, "release/careerguide"),
    path.join(REPO, "target/release/careerguide"),
    path.join(REPO, "target/release-tests/careerguide"),
  ].filter(Boolean);
  return candidates.find((p) => fs.existsSync(p)) || null;
}

// Builds the bundled guide (or `root`) into `dest` (a fresh temporary folder by default) and
// returns the output folder. `baseUrl` sets --base-url.
function build({ root = REPO, dest, baseUrl } = {}) {
  const bin = binaryPath();
  if (!bin) throw new Error("careerguide binary not found: cargo build --release, or set CAREERGUIDE_BIN");
  const out = dest || path.join(fs.mkdtempSync(path.join(os.tmpdir(), "careerguide-quality-")), "public");
  const args = ["build", "--root", root, "--output", out];
  if (baseUrl) args.push("--base-url", baseUrl);
  execFileSync(bin, args, { stdio: ["ignore", "ignore", "pipe"] });
  return out;
}

// The later pages of long lists (src/render/paginate.rs), added to the built guide `site`: no
// list of the bundled guide is long enough to be split at the default of 100 entries, so the
// guide is built again with `paginate_by: perPage` and the `page/N/` pages of that build are
// copied into `site` at the same addresses (their links lead to pages both builds have).
// Returns their paths.
function addPagedPages(site, perPage = 3) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "careerguide-paged-"));
  try {
    for (const name of ["content", "data", "themes"]) {
      if (fs.existsSync(path.join(REPO, name))) fs.cpSync(path.join(REPO, name), path.join(root, name), { recursive: true });
    }
    fs.writeFileSync(path.join(root, "site.yaml"),
      fs.readFileSync(path.join(REPO, "site.yaml"), "utf8") + `\npaginate_by: ${perPage}\n`);
    const out = build({ root, dest: path.join(root, "public") });
    const added = htmlFiles(out).filter((f) => /(^|\/)page\/\d+\/index\.html$/.test(f));
    for (const f of added) {
      fs.mkdirSync(path.dirname(path.join(site, f)), { recursive: true });
      fs.copyFileSync(path.join(out, f), path.join(site, f));
    }
    return added;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".xml": "application/xml",
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
  ".png": "image/png",
  ".ico": "image/x-icon",
};
const COMPRESSIBLE = /^(text\/|application\/(json|xml|javascript))|^image\/svg\+xml/;

// Serves `dir` on 127.0.0.1 (port 0: any free port) under `prefix` ("/" or "/guide/"), as a
// static host would. `gzip: false` turns compression off. Resolves to
// { server, port, origin, base, bytes(), requests, close() }: `bytes()` is what was written
// to the sockets (status lines, headers and bodies) and `requests` lists every request.
// `unplug(true)` drops every connection, as a lost network would: the browser's offline mode
// does not reach a service worker's own requests, and this does.
function serve(dir, { prefix = "/", gzip = true } = {}) {
  const root = path.resolve(dir);
  const requests = [];
  let sent = 0;
  let unplugged = false;
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    if (unplugged) {
      req.socket.destroy();
      return;
    }
    // `offline`: a download of the service worker's offline copy (sw.js marks them).
    const record = { method: req.method, url: req.url, status: 0, bytes: 0, offline: req.headers["x-careerguide-offline"] === "1" };
    requests.push(record);
    // Browsers send one request at a time on a connection: what the socket writes now
    // belongs to this request.
    req.socket.currentRecord = record;
    const headers = {
      "Content-Security-Policy": CSP,
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
      "Cache-Control": "no-cache",
    };
    const answer = (status, body, type, extra) => {
      record.status = status;
      const h = Object.assign({}, headers, extra || {});
      if (type) h["Content-Type"] = type;
      let data = body || Buffer.alloc(0);
      if (gzip && data.length > 0 && type && COMPRESSIBLE.test(type) &&
          /\bgzip\b/.test(req.headers["accept-encoding"] || "")) {
        data = zlib.gzipSync(data, { level: 9 });
        h["Content-Encoding"] = "gzip";
        h["Vary"] = "Accept-Encoding";
      }
      h["Content-Length"] = data.length;
      res.writeHead(status, h);
      res.end(req.method === "HEAD" ? undefined : data);
    };
    const url = new URL(req.url, "http://127.0.0.1");
    let rel;
    try {
      rel = decodeURIComponent(url.pathname);
    } catch (e) {
      answer(400, Buffer.from("bad request"), TYPES[".txt"]);
      return;
    }
    if (!rel.startsWith(prefix)) {
      answer(404, Buffer.from("not found"), TYPES[".txt"]);
      return;
    }
    let file = path.join(root, path.normalize(rel.slice(prefix.length)));
    if (file !== root && !file.startsWith(root + path.sep)) {
      answer(403, Buffer.from("forbidden"), TYPES[".txt"]);
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
      if (!rel.endsWith("/")) {
        answer(301, null, null, { Location: url.pathname + "/" + url.search });
        return;
      }
      file = path.join(file, "index.html");
    }
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
      const page = path.join(root, "404.html");
      answer(404, fs.existsSync(page) ? fs.readFileSync(page) : Buffer.from("not found"), TYPES[".html"]);
      return;
    }
    const body = fs.readFileSync(file);
    const etag = '"' + crypto.createHash("sha1").update(body).digest("hex").slice(0, 16) + '"';
    if (req.headers["if-none-match"] === etag) {
      answer(304, null, null, { ETag: etag });
      return;
    }
    answer(200, body, TYPES[path.extname(file)] || "application/octet-stream", { ETag: etag });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    const write = socket.write;
    socket.write = function (chunk, ...rest) {
      const n = typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.length;
      sent += n;
      if (this.currentRecord) this.currentRecord.bytes += n;
      return write.call(this, chunk, ...rest);
    };
    socket.on("close", () => sockets.delete(socket));
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const port = server.address().port;
      const origin = `http://127.0.0.1:${port}`;
      resolve({
        server,
        port,
        origin,
        base: origin + prefix,
        requests,
        bytes: () => sent,
        reset() {
          sent = 0;
          requests.length = 0;
        },
        unplug(off) {
          unplugged = off;
          if (off) for (const s of sockets) s.destroy();
        },
        close() {
          for (const s of sockets) s.destroy();
          return new Promise((done) => server.close(() => done()));
        },
      });
    });
  });
}

// Headless Chromium, as CI runs it.
async function launch(extraArgs) {
  const { chromium } = require("playwright-core");
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS.concat(extraArgs || []) });
}

// Lighthouse reports (LHR objects) of `urls`, one after the other in one headless Chromium
// started by chrome-launcher (Lighthouse's own launcher) with the flags above. Lighthouse's
// defaults otherwise: a mobile device, simulated slow 4G and a 4x slower CPU.
async function lighthouse(urls, { categories = ["performance", "accessibility", "best-practices", "seo"] } = {}) {
  const { default: run } = await import("lighthouse");
  const launcher = await import("chrome-launcher");
  const chrome = await launcher.launch({
    chromePath: CHROMIUM,
    chromeFlags: ["--headless=new"].concat(CHROMIUM_ARGS),
  });
  try {
    const reports = [];
    for (const url of urls) {
      const result = await run(url, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: categories });
      if (!result || !result.lhr) throw new Error("Lighthouse returned no report for " + url);
      if (result.lhr.runtimeError) throw new Error(`Lighthouse failed on ${url}: ${JSON.stringify(result.lhr.runtimeError)}`);
      reports.push(result.lhr);
    }
    return reports;
  } finally {
    await chrome.kill();
  }
}

// A category's score (0–100) and, when below 100, the audits that cost points.
function lighthouseScore(lhr, category) {
  const c = lhr.categories[category];
  const lost = c.auditRefs
    .filter((ref) => ref.weight > 0 && lhr.audits[ref.id].score !== null && lhr.audits[ref.id].score < 1)
    .map((ref) => {
      const a = lhr.audits[ref.id];
      return `${a.id} (${a.score}${a.displayValue ? ", " + a.displayValue : ""}): ${a.title}`;
    });
  return { score: Math.round(c.score * 100), lost };
}

// Collects script errors and CSP violations of a page (console errors included).
function watch(page, into) {
  const problems = into || [];
  page.on("pageerror", (err) => problems.push(page.url() + ": page error: " + err.message));
  page.on("console", (msg) => {
    const text = msg.text();
    if (msg.type() === "error" || /Content Security Policy|Refused to/i.test(text)) {
      problems.push(page.url() + ": console " + msg.type() + ": " + text);
    }
  });
  return problems;
}

/** The `.html` files under `dir`, as paths relative to it with `/` separators. */
// A guide of 408 roles: the explorer fixture and 400 more, written into `root`. Past 300
// roles the compare page picks roles with text boxes and suggestions instead of drop-downs,
// and its data comes in shards of 128 roles.
function writeLargeGuide(root) {
  fs.cpSync(path.join(REPO, "tests/fixtures/explorer"), root, { recursive: true });
  for (let n = 0; n < 400; n++) {
    const k = String(n).padStart(3, "0");
    fs.writeFileSync(path.join(root, "content/roles/extra-" + k + ".md"),
      "---\ntitle: Extra Role " + k + "\nlevel: entry\neducation: associate\n" +
      "salary: {period: annual, median: " + (30000 + n * 100) + ", year: 2025, source: Test}\n---\nMore.\n");
  }
}

// The large guide (writeLargeGuide), built and added to the built guide `site` under
// `large-guide/`, so that the quality gates check its compare page's text-box pickers too.
// Returns the HTML files added.
function addLargeComparePage(site) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "careerguide-large-"));
  try {
    writeLargeGuide(root);
    const out = build({ root, dest: path.join(root, "public") });
    // The whole site (its service worker precaches its own files), not only the page.
    fs.cpSync(out, path.join(site, "large-guide"), { recursive: true });
    return htmlFiles(site, "large-guide");
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

function htmlFiles(dir, rel = "") {
  const out = [];
  for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const sub = rel ? rel + "/" + entry.name : entry.name;
    if (entry.isDirectory()) out.push(...htmlFiles(dir, sub));
    else if (entry.name.endsWith(".html")) out.push(sub);
  }
  return out;
}

module.exports = {
  REPO, REQUIRED, CHROMIUM, CHROMIUM_ARGS, CSP, VNU_JAR,
  missing, skip, requireTools, binaryPath, build, serve, launch, watch, lighthouse, lighthouseScore,
  htmlFiles, addPagedPages, writeLargeGuide, addLargeComparePage,
};
