// Shared helpers for the JavaScript tests: build a site with the careerguide binary and load
// its search index the way the browser does (each file is a script calling careerguideSearch.*).
"use strict";

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const vm = require("node:vm");
const { execFileSync } = require("node:child_process");

const repo = path.resolve(__dirname, "..", "..");
const core = require(path.join(repo, "themes/default/static/assets/search-core.js"));

// The release binary: CAREERGUIDE_BIN (set by tests/search_js.rs), else the usual target dirs.
function binary() {
  const candidates = [
    process.env.CAREERGUIDE_BIN,
    process.env.CARGO_TARGET_DIR && path.join(process.env.CARGO_TARGET_DIR, "release/careerguide"),
    path.join(repo, "target/release/careerguide"),
    path.join(repo, "target/release-tests/careerguide"),
  ].filter(Boolean);
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) {
    throw new Error("careerguide binary not found: run `cargo build --release` or set CAREERGUIDE_BIN");
  }
  return found;
}

// Builds the site at `root` into a fresh temporary folder and returns that folder.
function build(root, extra) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "careerguide-js-"));
  const dest = path.join(out, "public");
  execFileSync(binary(), ["build", "--root", root, "--output", dest].concat(extra || []), {
    stdio: ["ignore", "ignore", "pipe"],
  });
  return dest;
}

// Runs one index file and returns what it handed over.
function readIndexFile(file) {
  const calls = {};
  const sandbox = {
    careerguideSearch: {
      meta: (m) => { calls.meta = m; },
      facets: (version, data) => { calls.facets = { version, data }; },
      shard: (key, version, data) => { calls.shard = { key, version, data }; },
      docs: (k, version, list) => { calls.docs = { k, version, list }; },
    },
  };
  vm.runInNewContext(fs.readFileSync(file, "utf8"), sandbox, { filename: file });
  // Plain objects of this realm (the sandbox's arrays have another prototype).
  return JSON.parse(JSON.stringify(calls));
}

// A loaded index over a built site's `search-index/`, fetching files on demand like the
// browser, and counting what it fetched.
class DiskIndex {
  constructor(publicDir) {
    this.dir = path.join(publicDir, "search-index");
    this.index = new core.Index(readIndexFile(path.join(this.dir, "meta.js")).meta);
    this.fetched = ["meta.js"];
  }

  file(name) {
    this.fetched.push(name);
    return readIndexFile(path.join(this.dir, name));
  }

  prepare(query, options) {
    for (const key of this.index.missing(query, options)) {
      const { shard } = this.file(key + ".js");
      this.index.addShard(shard.key, shard.version, shard.data);
    }
  }

  loadAll() {
    for (const g of this.index.groups) {
      g.bounds.forEach((_, i) => {
        if (this.index.loaded.has(g.name + i)) return;
        const { shard } = this.file(g.name + i + ".js");
        this.index.addShard(shard.key, shard.version, shard.data);
      });
    }
    this.loadFacets();
  }

  loadFacets() {
    if (this.index.facets) return;
    const { facets } = this.file("facets.js");
    this.index.addFacets(facets.version, facets.data);
  }

  loadDocs(ids) {
    for (const k of this.index.missingDocs(ids)) {
      const { docs } = this.file("d" + k + ".js");
      this.index.addDocs(docs.k, docs.version, docs.list);
    }
  }

  // search(query, filters) with the needed files loaded; returns the result with `docs`
  // (the shown documents of the hits, best first).
  search(query, filters, options) {
    this.prepare(query, options);
    if (filters) this.loadFacets();
    const result = this.index.search(query, filters || {}, options);
    this.loadDocs(result.ids);
    result.docs = result.ids.map((id) => this.index.shown[id]);
    return result;
  }
}

module.exports = { repo, core, binary, build, readIndexFile, DiskIndex };
