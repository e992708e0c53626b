#!/usr/bin/env node
// What a first query costs on a built site: bytes transferred from a cold start (every file
// gzip-compressed as a static host would serve it) and the time to answer once the files
// have arrived, for the header box (8 suggestions) and the search page (facets, 20 results).
//
//   node bench/search-cost.js PUBLIC_DIR [PUBLIC_DIR…] [--budget-total-kb 100] [--budget-kb 300] [--budget-ms 50]
//
// Prints one table per site and exits 1 if a budget is exceeded (when budgets are given):
// --budget-total-kb for the whole payload (index and search scripts, gzipped), --budget-kb for
// what a first query on the search page transfers (with the scripts), --budget-ms for the
// median time to answer it once its files are here (7 runs; the fastest is shown too). Times
// are CPU times of this process
// (user + system), which a busy machine disturbs less than wall-clock time.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");
const { core } = require("../tests/js/search-helpers.js");

// Runs an index file the way a <script> tag does (same realm, no copying) and returns what it
// handed over.
function readIndexFile(file) {
  const calls = {};
  const api = {
    meta: (m) => { calls.meta = m; },
    facets: (version, data) => { calls.facets = { version, data }; },
    shard: (key, version, data) => { calls.shard = { key, version, data }; },
    docs: (k, version, list) => { calls.docs = { k, version, list }; },
  };
  new Function("careerguideSearch", fs.readFileSync(file, "utf8"))(api);
  return calls;
}

const QUERIES = [
  "co", "cod", "coder", "health", "informat", "medical records", "clinical data analyst",
  "analist", "privacy officer", "registr", "zzqx",
];

function args() {
  const out = { dirs: [], budgetKb: null, budgetMs: null, budgetTotalKb: null };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--budget-kb") out.budgetKb = Number(argv[++i]);
    else if (argv[i] === "--budget-total-kb") out.budgetTotalKb = Number(argv[++i]);
    else if (argv[i] === "--budget-ms") out.budgetMs = Number(argv[++i]);
    else out.dirs.push(argv[i]);
  }
  return out;
}

const gzCache = new Map();
function gz(file) {
  if (!gzCache.has(file)) {
    const bytes = fs.readFileSync(file);
    gzCache.set(file, { raw: bytes.length, gz: zlib.gzipSync(bytes, { level: 6 }).length });
  }
  return gzCache.get(file);
}

function total(dir) {
  let raw = 0, zipped = 0, files = 0;
  for (const f of fs.readdirSync(dir)) {
    const s = gz(path.join(dir, f));
    raw += s.raw; zipped += s.gz; files++;
  }
  return { raw, gz: zipped, files };
}

// One cold query: returns bytes fetched and the time spent after the files arrived
// (running their scripts, merging shards, ranking, filtering and making snippets).
function coldQuery(dir, q, page) {
  const fetched = [];
  const texts = new Map();
  const arrive = (name) => {
    const file = path.join(dir, name);
    fetched.push(file);
    texts.set(name, file);
  };
  arrive("meta.js");
  const index = new core.Index(readIndexFile(path.join(dir, "meta.js")).meta);
  const keys = index.missing(q);
  keys.forEach((k) => arrive(k + ".js"));
  if (page) arrive("facets.js");
  // Time from here: the files are here; the browser runs them and searches.
  const t0 = cpu();
  for (const k of keys) {
    const { shard } = readIndexFile(texts.get(k + ".js"));
    index.addShard(shard.key, shard.version, shard.data);
  }
  if (page) {
    const { facets } = readIndexFile(texts.get("facets.js"));
    index.addFacets(facets.version, facets.data);
  }
  const result = index.search(q, {});
  const shown = result.ids.slice(0, page ? 20 : 8);
  const t1 = cpu();
  // Documents to show are a second, small round of files.
  const chunks = index.missingDocs(shown);
  chunks.forEach((k) => arrive("d" + k + ".js"));
  const t2 = cpu();
  for (const k of chunks) {
    const { docs } = readIndexFile(texts.get("d" + k + ".js"));
    index.addDocs(docs.k, docs.version, docs.list);
  }
  for (const id of shown) {
    core.snippet(index.shown[id], result.terms, page ? 30 : 14);
    core.highlight(index.shown[id].title, result.terms);
  }
  const t3 = cpu();
  const bytes = fetched.reduce((s, f) => s + gz(f).gz, 0);
  const raw = fetched.reduce((s, f) => s + gz(f).raw, 0);
  return {
    files: fetched.length, raw, gz: bytes, total: result.total, limited: result.limited,
    ms: (t1 - t0 + (t3 - t2)) / 1000,
    first: shown.length ? index.shown[shown[0]].title : "",
  };
}

// CPU time used by this process so far, in microseconds.
function cpu() {
  const u = process.cpuUsage();
  return u.user + u.system;
}

function median(xs) {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function kb(n) {
  return (n / 1024).toFixed(1);
}

function main() {
  const { dirs, budgetKb, budgetMs, budgetTotalKb } = args();
  if (dirs.length === 0) {
    process.stderr.write("usage: node bench/search-cost.js PUBLIC_DIR [PUBLIC_DIR…] [--budget-kb N] [--budget-ms N]\n");
    process.exit(2);
  }
  let over = 0;
  for (const pub of dirs) {
    const dir = path.join(pub, "search-index");
    const t = total(dir);
    const scripts = ["search-core.js", "search.js"].map((f) => gz(path.join(pub, "assets", f)));
    const sgz = scripts.reduce((s, x) => s + x.gz, 0);
    const meta = readIndexFile(path.join(dir, "meta.js")).meta;
    console.log(`\n${pub}: ${meta.docs} documents`);
    console.log(`  index: ${t.files} files, ${kb(t.raw)} KB raw, ${kb(t.gz)} KB gzipped; ` +
      `search scripts ${kb(sgz)} KB gzipped; whole payload ${kb(t.gz + sgz)} KB gzipped`);
    if (budgetTotalKb !== null && (t.gz + sgz) / 1024 > budgetTotalKb) {
      console.log(`    over budget: ${kb(t.gz + sgz)} KB > ${budgetTotalKb} KB`);
      over++;
    }
    console.log("  first query (cold)        |   box: files  KB gz    ms | page: files  KB gz    ms   min | results  first result");
    for (const q of QUERIES) {
      const runs = [0, 1, 2, 3, 4, 5, 6].map(() => [coldQuery(dir, q, false), coldQuery(dir, q, true)]);
      const box = runs[0][0], page = runs[0][1];
      const boxMs = median(runs.map((r) => r[0].ms)), pageMs = median(runs.map((r) => r[1].ms));
      const pageMin = Math.min(...runs.map((r) => r[1].ms));
      console.log(`  ${JSON.stringify(q).padEnd(25)} | ${String(box.files).padStart(10)} ${kb(box.gz).padStart(6)} ${boxMs.toFixed(1).padStart(5)}` +
        ` | ${String(page.files).padStart(11)} ${kb(page.gz).padStart(6)} ${pageMs.toFixed(1).padStart(5)} ${pageMin.toFixed(1).padStart(5)}` +
        ` | ${String(page.total).padStart(7)}  ${page.first}${page.limited ? "  (limited)" : ""}`);
      // The budget counts the page's first query plus the search scripts.
      if (budgetKb !== null && (page.gz + sgz) / 1024 > budgetKb) {
        console.log(`    over budget: ${kb(page.gz + sgz)} KB > ${budgetKb} KB`);
        over++;
      }
      if (budgetMs !== null && pageMs > budgetMs) {
        console.log(`    over budget: ${pageMs.toFixed(1)} ms > ${budgetMs} ms`);
        over++;
      }
    }
  }
  if (over) process.exit(1);
}

main();
