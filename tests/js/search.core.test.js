// The search core against an index built from tests/fixtures/basic by the real binary:
// tokenising (the same as the Rust side), prefix and typo matching, ranking (the same scores
// as elasticlunr.js 0.9.5 on the same index), facets, snippets and the page address.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const elasticlunr = require("elasticlunr");
const { repo, core, build, readIndexFile, DiskIndex } = require("./search-helpers.js");

// A copy of the basic fixture with one page of awkward text, to compare the tokenisers.
const TRICKY = "Résumé tips: the patient’s ICD-10-CM codes; naïve CAFÉ e/m Ωmega 東京 x😀y " +
  "don't stop HIM IT us all supercalifragilisticexpialidociousandthensomemoreletters coder coder";
let site;
let dir;

test.before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "careerguide-core-"));
  fs.cpSync(path.join(repo, "tests/fixtures/basic"), dir, {
    recursive: true,
    filter: (src) => !src.includes(`${path.sep}public`),
  });
  fs.writeFileSync(path.join(dir, "content/articles/tricky.md"),
    "---\ntitle: Tricky text\n---\n" + TRICKY + "\n");
  site = build(dir);
});

test.after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(path.dirname(site), { recursive: true, force: true });
});

function open() {
  return new DiskIndex(site);
}

function titles(result, n) {
  return result.docs.slice(0, n === undefined ? result.docs.length : n).map((d) => d.title);
}

test("words fold case and accents, join apostrophes and split on everything else", () => {
  assert.deepEqual(core.words("Résumé: the patient's ICD-10-CM codes, naïve CAFÉ"),
    ["resume", "the", "patients", "icd", "10", "cm", "codes", "naive", "cafe"]);
  assert.deepEqual(core.words("Re\u0301sume\u0301"), core.words("Résumé"));
  assert.deepEqual(core.words("a+b c€d x😀y"), ["a", "b", "c", "d", "x", "y"]);
  assert.deepEqual(core.words("Ωmega Δelta 東京"), ["ωmega", "δelta", "東京"]);
  assert.deepEqual(core.tokenize("The role of a coder in IT and HIM e/m"), ["role", "coder", "it", "him"]);
});

test("the browser cuts a page into exactly the terms the build indexed", () => {
  const d = open();
  d.loadAll();
  const id = d.index.shown.length; // ids are positions; find the tricky page by its title
  d.loadDocs([...Array(d.index.count).keys()]);
  const ref = d.index.shown.findIndex((doc) => doc && doc.title === "Tricky text");
  assert.ok(ref >= 0 && ref < id, "the tricky page is indexed");
  const indexed = new Map();
  (function walk(node, term) {
    if (node.df > 0 && node.docs[ref]) indexed.set(term, node.docs[ref].tf);
    for (const k of Object.keys(node)) if (k !== "docs" && k !== "df") walk(node[k], term + k);
  })(d.index.tries.body, "");
  const expected = new Map();
  for (const t of core.tokenize(TRICKY)) expected.set(t, (expected.get(t) || 0) + 1);
  assert.deepEqual([...indexed.keys()].sort(), [...expected.keys()].sort());
  for (const [t, n] of expected) assert.equal(indexed.get(t), Math.sqrt(n), `tf of ${t}`);
  assert.equal(d.index.lengths.body[ref], core.tokenize(TRICKY).length, "field length");
});

test("query terms drop stop words except the word being typed", () => {
  assert.deepEqual(core.queryTerms("the coder th"), ["coder", "th"]);
  assert.deepEqual(core.queryTerms("coder the"), ["coder", "the"]);
  assert.deepEqual(core.queryTerms("coder the "), ["coder"]);
  assert.deepEqual(core.queryTerms("c"), []);
});

test("a partial word finds pages by prefix, best title first", () => {
  const d = open();
  const r = d.search("cod");
  assert.equal(titles(r, 1)[0], "Medical Coder");
  assert.ok(titles(r).includes("Certified Coding Associate"), "coding matches cod too");
  assert.ok(r.ids.every((id, i) => i === 0 || r.scores.get(r.ids[i - 1]) >= r.scores.get(id)), "best first");
  const cd = d.search("cd");
  assert.equal(titles(cd, 1)[0], "CDI Specialist", "two letters are enough");
  assert.equal(cd.total, 3, "CDI Specialist, the pathway and Medical Coder's mention");
});

test("one typo is forgiven on longer words, not on short ones", () => {
  const d = open();
  assert.equal(titles(d.search("hospitl"))[0], "Hospitals", "deletion");
  assert.equal(titles(d.search("hosiptals"))[0], "Hospitals", "swapped letters");
  assert.equal(titles(d.search("codre"))[0], "Medical Coder", "swap at the end");
  assert.equal(titles(d.search("medicl"))[0], "Medical Coder", "typo before the end of a prefix");
  assert.equal(d.search("hxspxtals").total, 0, "two typos are too many");
  assert.equal(d.search("cdoe").total, 0, "four letters get no typo tolerance");
  assert.equal(d.search("code", {}, { typo: false }).total > 0, true);
  const exact = d.search("coder");
  const typo = d.search("codre");
  assert.ok(exact.scores.get(exact.ids[0]) > typo.scores.get(typo.ids[0]), "typos score below exact words");
});

test("field boosts rank a title above a summary above the body", () => {
  const d = open();
  // "clinical" is in CDI Specialist's summary and body, and only in the body elsewhere.
  // "coder" is in Medical Coder's title and in the pathway's title, and in bodies.
  const r = d.search("coder");
  assert.deepEqual(titles(r, 2), ["Medical Coder", "From medical coder to CDI specialist"]);
  const hospital = d.search("hospitals");
  assert.equal(titles(hospital)[0], "Hospitals");
});

test("scores equal elasticlunr.js 0.9.5's on the same index", () => {
  const d = open();
  d.loadAll();
  const shards = [];
  for (const g of d.index.groups) {
    g.bounds.forEach((_, i) => shards.push(readIndexFile(path.join(site, "search-index", g.name + i + ".js")).shard.data));
  }
  const json = core.toElasticlunr(d.index.meta, shards);
  const warn = console.warn;
  let warnings = 0;
  console.warn = () => { warnings++; };
  let lunr;
  try {
    lunr = elasticlunr.Index.load(JSON.parse(JSON.stringify(json)));
  } finally {
    console.warn = warn;
  }
  assert.equal(warnings, 0, "elasticlunr.js loads the index without a version warning");
  assert.equal(lunr.documentStore.length, d.index.count);
  const fields = {};
  for (const f of d.index.fields) fields[f] = { boost: d.index.boost[f] };
  for (const q of ["coder", "cod", "hospitals", "chart", "clinical", "certified", "he", "work"]) {
    const theirs = lunr.search(q, { fields, bool: "OR", expand: true });
    const ours = d.index.rank(q, { typo: false, forms: false });
    assert.deepEqual(ours.ids.map(String), theirs.map((x) => x.ref), `same pages in the same order for ${q}`);
    theirs.forEach((x) => {
      const mine = ours.scores.get(Number(x.ref));
      assert.ok(Math.abs(mine - x.score) <= 1e-9 * Math.max(1, x.score), `score of ${x.ref} for ${q}: ${mine} vs ${x.score}`);
    });
    assert.ok(theirs.length > 0, `${q} finds something`);
  }
});

test("several words must all match, in any field; otherwise pages matching some are shown", () => {
  const d = open();
  const both = d.search("coder hospitals");
  assert.equal(both.every, true);
  assert.ok(titles(both).includes("Hospitals"), "coders in its summary, hospitals in its title");
  assert.ok(!titles(both).includes("Remote work"), "Remote work mentions coders but not hospitals");
  const some = d.search("coder zzzzqqq");
  assert.equal(some.every, false);
  assert.equal(titles(some)[0], "Medical Coder");
});

test("facets filter, count with the other facets' choices, and read human labels", () => {
  const d = open();
  const all = d.search("", {});
  const byName = (r, name) => r.counts.find((f) => f.name === name);
  const level = byName(all, "level");
  assert.deepEqual(level.values.map((v) => [v.label, v.count]), [["Entry level", 1], ["Mid-career", 1]]);
  assert.deepEqual(byName(all, "area").values.map((v) => v.label), ["Coding and revenue cycle"]);
  assert.deepEqual(byName(all, "certification").values.map((v) => v.label), ["Certified Coding Associate (CCA)"]);
  assert.deepEqual(byName(all, "education").values.map((v) => v.label), ["Certificate", "Associate degree"], "in education order");

  const entry = d.search("", { level: ["entry"] });
  assert.deepEqual(titles(entry), ["Medical Coder"]);
  // Counts for "level" ignore the level choice itself; the others respect it.
  assert.deepEqual(byName(entry, "level").values.map((v) => v.count), [1, 1]);
  assert.equal(byName(entry, "setting").values.find((v) => v.slug === "hospitals").count, 1);

  const either = d.search("", { level: ["entry", "mid"], setting: ["remote-work"] });
  assert.deepEqual(titles(either), ["Medical Coder"], "OR within a facet, AND across facets");

  const paid = d.search("", { salary: 55000 });
  assert.deepEqual(titles(paid), ["CDI Specialist"]);
  assert.ok(paid.salary.steps.length > 1);
  const step = paid.salary.steps.find((s) => s.min === 52000);
  assert.equal(step.count, 1, "only CDI Specialist's median is at least 52,000");

  const query = d.search("coder", { kind: ["role"] });
  assert.deepEqual(titles(query), ["Medical Coder"]);
  assert.equal(byName(query, "kind").values.find((v) => v.slug === "pathway").count, 1);
});

test("snippets show the words that matched, highlighted", () => {
  const d = open();
  const r = d.search("chart");
  const doc = r.docs[0];
  const pieces = core.snippet(doc, r.terms, 20);
  const marked = pieces.filter((p) => p.hit).map((p) => p.text);
  assert.deepEqual(marked, ["chart", "charts"]);
  assert.equal(pieces.map((p) => p.text).join("").replace(/…/g, "").length > 0, true);
  assert.deepEqual(core.highlight("Medical Coder", ["codre"]), [
    { text: "Medical ", hit: false }, { text: "Coder", hit: true }]);
  assert.deepEqual(core.highlight("a <b>bold</b> claim", ["bold"]).filter((p) => p.hit).map((p) => p.text), ["bold"],
    "markup in text stays text");
});

test("the search page's address round-trips", () => {
  const state = { q: "coder & more", filters: { level: ["entry", "mid"], setting: ["remote-work"], salary: 50000 } };
  const url = core.formatState(state);
  assert.equal(url, "?q=coder+%26+more&level=entry&level=mid&setting=remote-work&salary=50000");
  assert.deepEqual(core.parseState(url), state);
  assert.deepEqual(core.parseState("?level=&salary=abc&bogus=1"), { q: "", filters: {} });
});

test("on a large index, a short prefix fetches only names and exact words", () => {
  const big = 10 * core.TERM_BYTES;
  const meta = {
    format: 1, version: "v", docs: 1, lengths: {}, chunks: [0], boost: {},
    elasticlunr: { fields: ["title", "body"] },
    groups: [
      { name: "n", fields: ["title"], bounds: ["", "m"], bytes: [1000, 1000] },
      { name: "t", fields: ["body"], bounds: ["", "ca", "co", "coa", "cod", "coe", "d"], bytes: [9, 9, big, 9, 9, big, 9] },
    ],
  };
  const index = new core.Index(meta);
  const short = index.plan("co");
  assert.equal(short.limited, true);
  assert.deepEqual(short.keys.sort(), ["n0", "t2"], "names by prefix; text: only the shard holding 'co'");
  const longer = index.plan("code");
  assert.equal(longer.limited, false);
  assert.deepEqual(longer.keys.sort(), ["n0", "t4"]);
  const typo = index.plan("coder");
  assert.deepEqual(typo.keys.sort(), ["n0", "t4"], "typos within the shards of 'cod'");
  assert.equal(typo.steps.find((s) => s.group.name === "t").typoFixed, 3);
});

test("index files of another build are refused", () => {
  const d = open();
  assert.throws(() => d.index.addShard("n0", "not-this-version", {}), /changed/);
});

test("word forms: a query finds the index's words of the same stem, and highlights them", () => {
  assert.equal(core.stem("coding"), core.stem("coder"));
  assert.equal(core.stem("coders"), core.stem("code"));
  assert.equal(core.stem("billing"), core.stem("biller"));
  assert.equal(core.stem("facilities"), core.stem("facility"));
  assert.equal(core.stem("ccs"), "ccs", "abbreviations stay whole");
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "careerguide-forms-"));
  try {
    fs.cpSync(path.join(repo, "tests/fixtures/basic"), root, {
      recursive: true,
      filter: (src) => !src.includes(`${path.sep}public`),
    });
    fs.writeFileSync(path.join(root, "content/articles/billers.md"),
      "---\ntitle: Billers at work\n---\nA biller sends claims to insurers.\n");
    const out = build(root);
    try {
      const d = new DiskIndex(out);
      const found = d.search("billing", {}, { typo: false });
      assert.equal(titles(found)[0], "Billers at work");
      assert.equal(new DiskIndex(out).search("billing", {}, { typo: false, forms: false }).total, 0,
        "without word forms nothing has the word");
      assert.ok(core.wordMatches("billers", "billing"), "the form is highlighted");
    } finally {
      fs.rmSync(path.dirname(out), { recursive: true, force: true });
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
