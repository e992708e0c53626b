/*
 * careerguide search core: turning text into terms, matching terms (prefixes and one typo),
 * ranking, facets, snippets and the search page's address, with no DOM and no network.
 *
 * search.js uses it in the browser (as `careerguideSearchCore`); the tests load it in Node
 * (`require`). The index it reads is written by `careerguide build` (src/search/), described in
 * docs/search.md: a manifest (meta.js), elasticlunr 0.9.5 tries cut into term-range shards,
 * documents to show, and facet columns. Text is cut into terms by the same rules as
 * src/search/text.rs; the tests check both sides agree.
 */
(function (root, name, factory) {
  "use strict";
  const api = factory(root);
  if (typeof module === "object" && module.exports) module.exports = api;
  else if (name) root[name] = api;
})(typeof self !== "undefined" ? self : this, "careerguideSearchCore", function (global) {
  "use strict";

  // ---- Terms (mirror src/search/text.rs) -------------------------------------------------

  const MAX_TERM = 40;
  const STOP_WORDS = new Set([
    "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "has", "have", "he",
    "her", "his", "how", "if", "in", "into", "is", "its", "of", "on", "or", "our", "she", "so",
    "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those",
    "to", "was", "we", "were", "what", "when", "where", "which", "who", "will", "with", "you",
    "your",
  ]);
  const WORD = 0, JOIN = 1, SEPARATOR = 2;
  const MARKS = /[\u0300-\u036f]/g;
  const WORD_CHARS = /^[\p{Alphabetic}\p{N}]+$/u;
  const charCache = new Map();

  // How one character (a code point) takes part in a word, and its normalised text.
  function classify(c) {
    const code = c.charCodeAt(0);
    if (code < 128) {
      if ((code >= 48 && code <= 57) || (code >= 97 && code <= 122)) return [WORD, c];
      if (code >= 65 && code <= 90) return [WORD, c.toLowerCase()];
      return [c === "'" ? JOIN : SEPARATOR, ""];
    }
    if (c === "\u2019") return [JOIN, ""];
    let hit = charCache.get(c);
    if (hit) return hit;
    const n = c.normalize("NFD").toLowerCase().replace(MARKS, "");
    let bmp = true;
    for (let i = 0; i < n.length; i++) {
      const u = n.charCodeAt(i);
      if (u >= 0xd800 && u <= 0xdfff) bmp = false;
    }
    if (n === "") hit = [JOIN, ""];
    else if (bmp && WORD_CHARS.test(n)) hit = [WORD, n];
    else hit = [SEPARATOR, ""];
    if (charCache.size < 4096) charCache.set(c, hit);
    return hit;
  }

  // The words of `text` with their place in it: [{word, start, end}] (UTF-16 offsets).
  function wordSpans(text) {
    const out = [];
    let word = "", start = -1, end = -1, i = 0;
    for (const c of String(text)) {
      const [cls, norm] = classify(c);
      if (cls === WORD) {
        if (start < 0) start = i;
        word += norm;
        end = i + c.length;
      } else if (cls === SEPARATOR && word) {
        out.push({ word, start, end });
        word = ""; start = -1;
      }
      i += c.length;
    }
    if (word) out.push({ word, start, end });
    return out;
  }

  // Normalised words of `text`, stop words included.
  function words(text) {
    return wordSpans(text).map((w) => w.word);
  }

  function isTerm(word) {
    const n = Array.from(word).length;
    return n >= 2 && n <= MAX_TERM && !STOP_WORDS.has(word);
  }

  // Index terms of `text`, in order, repeats kept: what the build indexes.
  function tokenize(text) {
    return words(text).filter(isTerm);
  }

  // The terms of a query. Every term matches as a prefix too; a stop word is kept only as the
  // last, unfinished word ("the" may become "therapy").
  function queryTerms(query) {
    const q = String(query || "");
    const all = words(q);
    const open = all.length > 0 && !/[\s\p{P}]$/u.test(q);
    const out = [];
    all.forEach((w, i) => {
      const n = Array.from(w).length;
      if (n < 2 || n > MAX_TERM) return;
      if (STOP_WORDS.has(w) && !(open && i === all.length - 1)) return;
      if (!out.includes(w)) out.push(w);
    });
    return out;
  }

  // ---- Matching ---------------------------------------------------------------------------

  // Weights of a matched term against the query term (elasticlunr's prefix penalty is
  // 0.15 × query length / term length; typos count for less).
  const PREFIX = 0.15, TYPO = 0.1, TYPO_PREFIX = 0.015;
  // Query terms this long or longer tolerate one typo (insertion, deletion, substitution or
  // swap of two neighbours).
  const TYPO_MIN = 5;
  // Word forms: a query term also matches the index's terms of the same stem ("coding" finds
  // "coder", "coders" and "code"), weighted below the word itself and above a bare prefix.
  const FORM = 0.5;
  const ENDINGS = ["ings", "ing", "ers", "er", "es", "ed", "s"];

  // A deliberately small English stemmer (a few endings, no dictionary): enough to join the
  // forms a careers guide's words take, without the surprises of a full Porter stemmer on
  // abbreviations (a stem keeps at least 3 letters, so "CCS" and "HIM" stay as they are).
  function stem(w) {
    if (w.length >= 5 && w.endsWith("ies")) return w.slice(0, -3) + "y";
    for (const e of ENDINGS) {
      if (w.length - e.length >= 3 && w.endsWith(e)) return w.slice(0, -e.length);
    }
    if (w.length >= 4 && w.endsWith("e")) return w.slice(0, -1);
    return w;
  }

  // The prefix every term with the same stem as `t` starts with.
  function formPrefix(t) {
    const s = stem(t);
    return s.endsWith("y") && s !== t ? s.slice(0, -1) : s;
  }
  // Raw bytes of shards one query term may fetch in a field group for prefix and typo
  // matching, when the index does not say (each group carries its own `fetch`); beyond it only
  // the exact word is looked up.
  const TERM_BYTES = 160 * 1024;

  // Optimal string alignment distance (Levenshtein plus swaps of neighbours), capped: returns
  // max + 1 as soon as the distance is known to exceed `max`.
  function distance(a, b, max) {
    if (max === undefined) max = Infinity;
    if (Math.abs(a.length - b.length) > max) return max + 1;
    let prev2 = null, prev = [];
    for (let j = 0; j <= b.length; j++) prev.push(j);
    for (let i = 1; i <= a.length; i++) {
      const row = [i];
      let best = i;
      for (let j = 1; j <= b.length; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        let v = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          v = Math.min(v, prev2[j - 2] + 1);
        }
        row.push(v);
        if (v < best) best = v;
      }
      if (best > max) return max + 1;
      prev2 = prev; prev = row;
    }
    return prev[b.length];
  }

  // Whether a word of a page matches a query term (for highlighting): the same rules as the
  // search, so every highlighted word is one that made the page match.
  function wordMatches(word, term) {
    if (word === term || word.startsWith(term)) return true;
    if (stem(word) === stem(term)) return true;
    if (term.length < TYPO_MIN) return false;
    if (distance(word, term, 1) <= 1) return true;
    for (let k = term.length - 1; k <= term.length + 1; k++) {
      if (k < word.length && distance(word.slice(0, k), term, 1) <= 1) return true;
    }
    return false;
  }

  function childKeys(node) {
    const keys = [];
    for (const k in node) if (k !== "docs" && k !== "df") keys.push(k);
    return keys;
  }

  function getNode(trie, term) {
    let node = trie;
    for (let i = 0; node && i < term.length; i++) node = node[term[i]];
    return node || null;
  }

  // Every term under `node` (whose term is `prefix`): visit(term, node).
  function eachTerm(node, prefix, visit) {
    if (node.df > 0) visit(prefix, node);
    for (const k of childKeys(node)) eachTerm(node[k], prefix + k, visit);
  }

  // Terms of one field's trie that match query term `t`: Map term → weight.
  //   expand: prefix matches allowed; typoFixed: typos allowed after that many correct first
  //   characters (-1: no typos).
  function matchField(trie, t, expand, typoFixed, forms) {
    const found = new Map();
    const offer = (term, w) => {
      if (!(found.get(term) >= w)) found.set(term, w);
    };
    if (forms) {
      const s = stem(t), p = formPrefix(t);
      const base = getNode(trie, p);
      if (base) eachTerm(base, p, (term) => { if (term !== t && stem(term) === s) offer(term, FORM); });
    }
    const exact = getNode(trie, t);
    if (exact) {
      if (exact.df > 0) offer(t, 1);
      if (expand) {
        eachTerm(exact, t, (term) => {
          if (term !== t) offer(term, PREFIX * t.length / term.length);
        });
      }
    }
    if (typoFixed < 0 || t.length < TYPO_MIN) return found;
    const n = t.length;
    const first = [];
    for (let j = 0; j <= n; j++) first.push(j);
    // Depth-first over the trie with one row of the distance table per character.
    const walk = (node, term, prev2, prev, last) => {
      const depth = term.length;
      if (depth > 0 && prev[n] <= 1) {
        if (expand) {
          eachTerm(node, term, (x) => {
            if (x === t) return;
            if (distance(x, t, 1) <= 1) offer(x, TYPO);
            else offer(x, TYPO_PREFIX * t.length / x.length);
          });
          return;
        }
        if (node.df > 0 && term !== t) offer(term, TYPO);
      }
      const keys = depth < typoFixed ? (node[t[depth]] ? [t[depth]] : []) : childKeys(node);
      for (const c of keys) {
        const row = [depth + 1];
        let best = depth + 1;
        for (let j = 1; j <= n; j++) {
          let v = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (t[j - 1] === c ? 0 : 1));
          if (prev2 && j > 1 && t[j - 1] === last && t[j - 2] === c) v = Math.min(v, prev2[j - 2] + 1);
          row.push(v);
          if (v < best) best = v;
        }
        if (best <= 1) walk(node[c], term + c, prev, row, c);
      }
    };
    walk(trie, "", null, first, "");
    return found;
  }

  // ---- The index --------------------------------------------------------------------------

  function mergeNode(into, from) {
    if (from.df > 0) {
      into.docs = from.docs;
      into.df = from.df;
    }
    for (const k of childKeys(from)) {
      if (into[k]) mergeNode(into[k], from[k]);
      else into[k] = from[k];
    }
  }

  // The last position whose bound is not after `term` (bounds are sorted, bounds[0] is "").
  function boundIndex(bounds, term) {
    let lo = 0, hi = bounds.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (bounds[mid] <= term) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  class Index {
    constructor(meta) {
      if (!meta || meta.format !== 1) throw new Error("unknown search index format");
      this.meta = meta;
      this.version = meta.version;
      this.count = meta.docs;
      this.fields = meta.elasticlunr.fields;
      this.boost = meta.boost;
      this.lengths = meta.lengths;
      this.groups = meta.groups;
      this.tries = {};
      for (const f of this.fields) this.tries[f] = { docs: {}, df: 0 };
      this.loaded = new Set();
      this.shown = new Array(this.count);
      this.chunkStarts = meta.chunks;
      this.facets = null;
      this.idfCache = new Map();
    }

    // ---- What to fetch

    // Positions of the shards of `group` holding terms that start with `prefix`.
    range(group, prefix) {
      const lo = boundIndex(group.bounds, prefix);
      const hi = boundIndex(group.bounds, prefix + "\uffff");
      const out = [];
      for (let i = lo; i <= hi; i++) out.push(i);
      return out;
    }

    bytes(group, positions) {
      return positions.reduce((sum, i) => sum + group.bytes[i], 0);
    }

    // How each query term is matched in each group, and the shards that needs:
    // {terms, steps: [{term, group, expand, typoFixed, shards}], keys, limited}.
    plan(query, options) {
      const typo = !options || options.typo !== false;
      const forms = !options || options.forms !== false;
      const terms = queryTerms(query);
      const steps = [];
      const keys = new Set();
      let limited = false;
      for (const t of terms) {
        for (const g of this.groups) {
          const budget = g.fetch || TERM_BYTES;
          const all = this.range(g, t);
          const expand = this.bytes(g, all) <= budget;
          let shards = expand ? all : [boundIndex(g.bounds, t)];
          let typoFixed = -1;
          if (typo && expand && t.length >= TYPO_MIN) {
            for (let k = 1; k <= 3; k++) {
              const r = this.range(g, t.slice(0, k));
              if (this.bytes(g, r) <= budget) {
                typoFixed = k;
                shards = Array.from(new Set(shards.concat(r))).sort((a, b) => a - b);
                break;
              }
            }
          }
          let formed = false;
          if (forms && expand && formPrefix(t) !== t) {
            const r = this.range(g, formPrefix(t));
            if (this.bytes(g, r) <= budget) {
              formed = true;
              shards = Array.from(new Set(shards.concat(r))).sort((a, b) => a - b);
            }
          }
          if (!expand) limited = true;
          for (const i of shards) keys.add(g.name + i);
          steps.push({ term: t, group: g, expand, typoFixed, forms: formed, shards });
        }
      }
      return { terms, steps, keys: Array.from(keys), limited };
    }

    // Shard keys a query needs that are not loaded yet.
    missing(query, options) {
      return this.plan(query, options).keys.filter((k) => !this.loaded.has(k));
    }

    addShard(key, version, data) {
      if (version !== this.version) throw new Error("search index changed while loading");
      if (this.loaded.has(key)) return;
      for (const f of Object.keys(data)) {
        if (!this.tries[f]) this.tries[f] = { docs: {}, df: 0 };
        mergeNode(this.tries[f], data[f]);
      }
      this.loaded.add(key);
      this.idfCache.clear();
    }

    // The document files (`d<k>.js` numbers) holding these document ids, not loaded yet.
    missingDocs(ids) {
      const out = new Set();
      for (const id of ids) {
        if (this.shown[id] === undefined) out.add(boundIndex(this.chunkStarts, id));
      }
      return Array.from(out).sort((a, b) => a - b);
    }

    addDocs(k, version, list) {
      if (version !== this.version) throw new Error("search index changed while loading");
      const start = this.chunkStarts[k];
      list.forEach((d, j) => { this.shown[start + j] = d; });
    }

    addFacets(version, data) {
      if (version !== this.version) throw new Error("search index changed while loading");
      this.facets = data;
      this.columnCache = null;
    }

    // ---- Ranking

    idf(field, term, node) {
      const key = field + "/" + term;
      let v = this.idfCache.get(key);
      if (v === undefined) {
        v = 1 + Math.log(this.count / (node.df + 1));
        this.idfCache.set(key, v);
      }
      return v;
    }

    // 1 / √(field length) per document, elasticlunr's length norm (1 for an empty field).
    norms(field) {
      if (!this.normCache) this.normCache = {};
      let norms = this.normCache[field];
      if (!norms) {
        const lengths = this.lengths[field] || [];
        norms = new Float64Array(this.count);
        for (let i = 0; i < this.count; i++) norms[i] = lengths[i] ? 1 / Math.sqrt(lengths[i]) : 1;
        this.normCache[field] = norms;
      }
      return norms;
    }

    // Adds one plan step's scores (query term `t`, number `ti`) into the accumulators.
    scoreStep(step, ti, acc, matched) {
      for (const field of step.group.fields) {
        const trie = this.tries[field];
        const boost = this.boost[field] || 0;
        if (!trie || boost === 0) continue;
        const norms = this.norms(field);
        for (const [term, weight] of matchField(trie, step.term, step.expand, step.typoFixed, step.forms)) {
          const node = getNode(trie, term);
          if (!node || !(node.df > 0)) continue;
          matched.add(term);
          const factor = this.idf(field, term, node) * weight * boost;
          const docs = node.docs;
          for (const ref in docs) {
            const id = +ref;
            acc.total[id] += docs[ref].tf * norms[id] * factor;
            if (acc.last[id] !== ti) {
              if (acc.hits[id] === 0) acc.touched.push(id);
              acc.last[id] = ti;
              acc.hits[id]++;
            }
          }
        }
      }
    }

    // Runs a query over the loaded shards. Returns {terms, ids (best first), scores (Map id →
    // score), matched (index terms that matched), every (all terms matched by each id, else
    // some), limited, browse}. Without query terms every document matches, in index order
    // (roles first, by title).
    rank(query, options) {
      const plan = this.plan(query, options);
      const matched = new Set();
      if (plan.terms.length === 0) {
        const ids = [];
        for (let i = 0; i < this.count; i++) ids.push(i);
        return { terms: [], ids, scores: new Map(), matched, every: true, limited: false, browse: true };
      }
      const acc = {
        total: new Float64Array(this.count),
        hits: new Uint16Array(this.count),
        last: new Int32Array(this.count).fill(-1),
        touched: [],
      };
      plan.steps.forEach((step) => this.scoreStep(step, plan.terms.indexOf(step.term), acc, matched));
      const n = plan.terms.length;
      let ids = acc.touched.filter((id) => acc.hits[id] === n);
      let every = true;
      if (ids.length === 0 && n > 1) {
        every = false;
        ids = acc.touched.slice();
      }
      const { total, hits } = acc;
      ids.sort((a, b) => (hits[b] - hits[a]) || (total[b] - total[a]) || (a - b));
      const scores = new Map();
      for (const id of ids) scores.set(id, total[id]);
      return { terms: plan.terms, ids, scores, matched, every, limited: plan.limited, browse: false };
    }

    // ---- Facets

    // Facet columns as typed arrays: single values (-1 for none), lists, salaries (NaN).
    columns() {
      if (this.columnCache) return this.columnCache;
      const f = this.facets;
      const cols = f.facets.map((col) => {
        if (col.multi) return col.docs;
        const a = new Int32Array(this.count);
        for (let i = 0; i < this.count; i++) a[i] = col.docs[i] === null ? -1 : col.docs[i];
        return a;
      });
      const pay = new Float64Array(this.count);
      for (let i = 0; i < this.count; i++) pay[i] = f.salary.docs[i] === null ? NaN : f.salary.docs[i];
      this.columnCache = { cols, pay, steps: salarySteps(f.salary.docs) };
      return this.columnCache;
    }

    // Filters: {kind: ["role"], level: ["entry", "mid"], …, salary: 50000}. Values are slugs.
    // Returns the ids that pass, and for every facet value (and salary step) how many of the
    // ranked ids would pass with it, keeping the other facets' choices.
    filter(ids, filters) {
      const f = this.facets;
      if (!f) return { ids, counts: null, salary: null };
      const { cols, pay, steps } = this.columns();
      const facets = f.facets;
      const k = facets.length;
      const chosen = facets.map((col) => {
        const want = (filters && filters[col.name]) || [];
        const set = new Uint8Array(col.values.length);
        let any = false;
        col.values.forEach((v, i) => { if (want.includes(v[0])) { set[i] = 1; any = true; } });
        return any ? set : null;
      });
      const minSalary = filters && filters.salary ? Number(filters.salary) : 0;
      const counts = facets.map((col) => new Int32Array(col.values.length));
      const salaryCounts = new Int32Array(steps.length);
      const out = [];
      // Monomorphic loops: single-valued columns are typed arrays, lists are arrays.
      const single = [], multi = [];
      for (let c = 0; c < k; c++) (facets[c].multi ? multi : single).push(c);
      const count = (c, id) => {
        const col = cols[c];
        if (facets[c].multi) {
          const list = col[id];
          for (let j = 0; j < list.length; j++) counts[c][list[j]]++;
        } else if (col[id] >= 0) {
          counts[c][col[id]]++;
        }
      };
      for (let n = 0; n < ids.length; n++) {
        const id = ids[n];
        // A document failing one facet still counts for that facet's values; failing two, for none.
        let failing = -1, fails = 0;
        for (let i = 0; i < single.length && fails < 2; i++) {
          const c = single[i], set = chosen[c];
          if (set === null) continue;
          const v = cols[c][id];
          if (!(v >= 0 && set[v] === 1)) { failing = c; fails++; }
        }
        for (let i = 0; i < multi.length && fails < 2; i++) {
          const c = multi[i], set = chosen[c];
          if (set === null) continue;
          const list = cols[c][id];
          let ok = false;
          for (let j = 0; j < list.length; j++) if (set[list[j]]) { ok = true; break; }
          if (!ok) { failing = c; fails++; }
        }
        if (fails > 1) continue;
        const p = pay[id];
        if (fails === 0) {
          for (let i = 0; i < steps.length && p >= steps[i]; i++) salaryCounts[i]++;
        }
        if (minSalary && !(p >= minSalary)) continue;
        if (fails === 1) {
          count(failing, id);
          continue;
        }
        out.push(id);
        for (let i = 0; i < single.length; i++) {
          const c = single[i], v = cols[c][id];
          if (v >= 0) counts[c][v]++;
        }
        for (let i = 0; i < multi.length; i++) {
          const c = multi[i], list = cols[c][id];
          for (let j = 0; j < list.length; j++) counts[c][list[j]]++;
        }
      }
      return {
        ids: out,
        counts: facets.map((col, c) => ({
          name: col.name,
          label: col.label,
          values: col.values.map((v, i) => ({ slug: v[0], label: v[1], count: counts[c][i], chosen: Boolean(chosen[c] && chosen[c][i]) })),
        })),
        salary: { label: f.salary.label, currency: f.salary.currency, steps: steps.map((s, i) => ({ min: s, count: salaryCounts[i] })) },
      };
    }

    // ---- Whole searches

    // rank + filter: {…rank, ids (filtered), total, counts, salary}.
    search(query, filters, options) {
      const r = this.rank(query, options);
      const f = this.filter(r.ids, filters);
      return Object.assign(r, { ids: f.ids, total: f.ids.length, counts: f.counts, salary: f.salary });
    }
  }

  // Round thresholds for the salary facet, from the lowest median to the highest.
  function salarySteps(values) {
    let lo = Infinity, hi = -Infinity;
    for (const v of values) {
      if (v === null || v === undefined) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (lo === Infinity) return [];
    const steps = [1000, 2000, 2500, 5000, 10000, 20000, 25000, 50000, 100000];
    let step = steps.find((s) => (hi - lo) / s <= 12) || 100000;
    while ((hi - lo) / step > 12) step *= 2;
    const out = [];
    for (let v = Math.max(step, Math.ceil(lo / step) * step); v <= hi; v += step) out.push(v);
    return out;
  }

  // ---- Snippets ---------------------------------------------------------------------------

  // `text` cut into [{text, hit}] pieces, hits being words that match a query term.
  function highlight(text, terms) {
    const pieces = [];
    let at = 0;
    for (const w of wordSpans(text)) {
      if (!terms.some((t) => wordMatches(w.word, t))) continue;
      if (w.start > at) pieces.push({ text: text.slice(at, w.start), hit: false });
      pieces.push({ text: text.slice(w.start, w.end), hit: true });
      at = w.end;
    }
    if (at < text.length) pieces.push({ text: text.slice(at), hit: false });
    return pieces;
  }

  // A window of about `size` words of a document's summary and excerpt with the most matching
  // words, highlighted: [{text, hit}], with "…" where text was cut.
  function snippet(doc, terms, size) {
    size = size || 24;
    const text = [doc.summary, doc.text].filter(Boolean).join(" ");
    const spans = wordSpans(text);
    if (spans.length === 0) return [];
    const hit = spans.map((w) => terms.some((t) => wordMatches(w.word, t)));
    let best = 0, bestCount = 0;
    for (let start = 0; start === 0 || start + size <= spans.length; start++) {
      let count = 0;
      for (let i = start; i < Math.min(spans.length, start + size); i++) if (hit[i]) count++;
      if (count > bestCount) { bestCount = count; best = start; }
    }
    // Show a few words before the first match, for context.
    if (bestCount > 0) best = Math.max(0, hit.indexOf(true, best) - 3);
    const from = best === 0 ? 0 : spans[best].start;
    const lastWord = spans[Math.min(spans.length, best + size) - 1];
    const to = lastWord.end;
    const pieces = highlight(text.slice(from, to), terms);
    if (from > 0) pieces.unshift({ text: "…", hit: false });
    if (to < text.length) pieces.push({ text: "…", hit: false });
    return pieces;
  }

  // ---- The search page's address ------------------------------------------------------------

  const FACETS = ["kind", "level", "area", "education", "setting", "certification", "tag"];

  // `?q=coder&level=entry&level=mid&salary=50000` → {q, filters}.
  function parseState(search) {
    const p = new URLSearchParams(search || "");
    const filters = {};
    for (const name of FACETS) {
      const vals = p.getAll(name).filter(Boolean);
      if (vals.length) filters[name] = Array.from(new Set(vals));
    }
    const salary = parseInt(p.get("salary") || "", 10);
    if (salary > 0) filters.salary = salary;
    return { q: p.get("q") || "", filters };
  }

  function formatState(state) {
    const p = new URLSearchParams();
    if (state.q) p.set("q", state.q);
    const f = state.filters || {};
    for (const name of FACETS) for (const v of f[name] || []) p.append(name, v);
    if (f.salary) p.set("salary", String(f.salary));
    const s = p.toString();
    return s ? "?" + s : "";
  }

  // ---- elasticlunr.js ---------------------------------------------------------------------

  // Puts the manifest and shards back together as one elasticlunr 0.9.5 index (the JSON that
  // `elasticlunr.Index.load` takes). Not used by the site; for the tests and for anyone who
  // wants to use the reference client. `shards` are the shard data objects (all of them).
  function toElasticlunr(meta, shards) {
    const e = meta.elasticlunr;
    const index = {};
    for (const f of e.fields) index[f] = { root: { docs: {}, df: 0 } };
    for (const data of shards) {
      for (const f of Object.keys(data)) mergeNode(index[f].root, JSON.parse(JSON.stringify(data[f])));
    }
    const docs = {}, docInfo = {};
    for (let i = 0; i < meta.docs; i++) {
      docs[i] = {};
      docInfo[i] = {};
      for (const f of e.fields) docInfo[i][f] = meta.lengths[f][i];
    }
    return {
      version: e.version, fields: e.fields, ref: e.ref, pipeline: e.pipeline, lang: e.lang, index,
      documentStore: { save: e.save, docs, docInfo, length: meta.docs },
    };
  }

  return {
    MAX_TERM, STOP_WORDS, TYPO_MIN, TERM_BYTES,
    words, wordSpans, tokenize, queryTerms, isTerm,
    distance, wordMatches, matchField, getNode, stem,
    Index, salarySteps, highlight, snippet,
    parseState, formatState, FACETS,
    toElasticlunr,
  };
});
