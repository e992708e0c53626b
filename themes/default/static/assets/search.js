/*
 * careerguide search in the page: the search box in every page's header (a WAI-ARIA 1.2
 * combobox showing results as you type) and the search page with facets (/search/).
 *
 * Progressive enhancement: without JavaScript the header form goes to the A–Z index. The
 * index files are scripts loaded with <script> tags, so search works from disk (file://) as
 * well as from a server, where the service worker (sw.js) keeps them for offline use. Only
 * the shards a query needs are loaded. Every text from the index reaches the page through
 * textContent; nothing here uses innerHTML, inline styles or inline handlers.
 */
(function (root, name, factory) {
  "use strict";
  const api = factory(root);
  if (typeof module === "object" && module.exports) module.exports = api;
  else if (name) root[name] = api;
})(typeof self !== "undefined" ? self : this, null, function (global) {
  "use strict";
  const core = global.careerguideSearchCore;
  const shared = global.careerguide;
  const body = typeof document === "undefined" ? null : document.body;
  if (!core || !shared || !body) return undefined;
  const { el, loadScript, money } = shared;
  const paths = shared.paths();

  const root = shared.root();
  const fromDisk = shared.fromDisk();
  const indexBase = root + paths.search_index;
  const SUGGESTIONS = 8;
  const PAGE_SIZE = 20;

  // ---- Loading the index --------------------------------------------------------------

  // Index files call these as they load.
  const received = new Map();
  window.careerguideSearch = {
    meta: (m) => received.set("meta", m),
    facets: (version, data) => received.set("facets", [version, data]),
    shard: (key, version, data) => received.set("shard:" + key, [version, data]),
    docs: (k, version, list) => received.set("docs:" + k, [version, list]),
  };

  let indexPromise = null;
  function getIndex() {
    if (!indexPromise) {
      indexPromise = loadScript(indexBase + "meta.js").then(() => {
        const meta = received.get("meta");
        if (!meta) throw new Error("the search index is empty");
        return new core.Index(meta);
      });
      indexPromise.catch(() => { indexPromise = null; });
    }
    return indexPromise;
  }

  function take(key) {
    const got = received.get(key);
    received.delete(key);
    return got;
  }

  function fileUrl(index, name) {
    return indexBase + name + ".js?v=" + encodeURIComponent(index.version);
  }

  function ensureShards(index, keys) {
    return Promise.all(keys.map((k) => loadScript(fileUrl(index, k)).then(() => {
      const got = take("shard:" + k);
      if (got) index.addShard(k, got[0], got[1]);
    })));
  }

  function ensureDocs(index, ids) {
    return Promise.all(index.missingDocs(ids).map((k) => loadScript(fileUrl(index, "d" + k)).then(() => {
      const got = take("docs:" + k);
      if (got) index.addDocs(k, got[0], got[1]);
    })));
  }

  function ensureFacets(index) {
    if (index.facets) return Promise.resolve();
    return loadScript(fileUrl(index, "facets")).then(() => {
      const got = take("facets");
      if (got) index.addFacets(got[0], got[1]);
    });
  }

  // Runs a query once the files it needs are here; `limit` documents are ready to show.
  async function query(q, filters, limit, withFacets) {
    const index = await getIndex();
    const loading = [ensureShards(index, index.missing(q))];
    if (withFacets) loading.push(ensureFacets(index));
    await Promise.all(loading);
    const result = index.search(q, filters);
    const shown = result.ids.slice(0, limit);
    await ensureDocs(index, shown);
    return { index, result, shown };
  }

  // ---- Drawing ------------------------------------------------------------------------

  // Appends [{text, hit}] pieces, hits as <mark>.
  function appendPieces(parent, pieces) {
    for (const p of pieces) {
      if (p.hit) parent.appendChild(el("mark", null, p.text));
      else parent.appendChild(document.createTextNode(p.text));
    }
    return parent;
  }

  function pageHref(path) {
    const href = root + path;
    return fromDisk && (href.endsWith("/") || path === "") ? href + "index.html" : href;
  }

  function searchHref(state) {
    return root + paths.search + (fromDisk ? "index.html" : "") + core.formatState(state);
  }

  function describe(doc) {
    return [doc.kind, doc.level].filter(Boolean).join(" · ");
  }

  // The other names of a document that match the query, if any.
  function matchingNames(doc, terms) {
    return (doc.also || []).filter((name) =>
      core.words(name).some((w) => terms.some((t) => core.wordMatches(w, t))));
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  // `fn` once typing has paused for `ms`.
  function debounce(fn, ms) {
    let timer = 0;
    return () => {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    };
  }

  function quoted(q) {
    return "\u201c" + q.trim() + "\u201d";
  }

  function failure(err) {
    return /changed/.test(String(err && err.message))
      ? "The guide was updated while you searched. Reload the page to search the new version."
      : "Search could not load its index. The A\u2013Z index lists every page.";
  }

  // ---- The search box in the header -----------------------------------------------------

  function setupCombobox(form) {
    const input = form.querySelector("input[name=q]");
    if (!input) return null;
    const action = form.getAttribute("data-search-action");
    if (action) form.setAttribute("action", fromDisk ? action + "index.html" : action);

    const list = el("ul", { class: "search-results" });
    list.id = input.id + "-listbox";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggestions");
    list.hidden = true;
    const status = el("div", { class: "visually-hidden" });
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    status.setAttribute("aria-atomic", "true");
    form.appendChild(list);
    form.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-keyshortcuts", "/");

    let items = [];
    let active = -1;
    let seq = 0;

    function open(yes) {
      list.hidden = !yes;
      input.setAttribute("aria-expanded", yes ? "true" : "false");
      if (!yes) setActive(-1);
    }

    function setActive(i) {
      active = i;
      items.forEach((item, k) => item.node.setAttribute("aria-selected", k === i ? "true" : "false"));
      if (i >= 0 && items[i]) {
        input.setAttribute("aria-activedescendant", items[i].node.id);
        items[i].node.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function addItem(node, href) {
      node.id = list.id + "-" + items.length;
      node.setAttribute("role", "option");
      node.setAttribute("aria-selected", "false");
      list.appendChild(node);
      items.push({ node, href });
    }

    // A line in the list that is not a choice (a listbox holds only options).
    function notice(text) {
      const li = el("li", { class: "search-none" }, text);
      li.setAttribute("role", "option");
      li.setAttribute("aria-disabled", "true");
      return li;
    }

    function render(q, found) {
      list.textContent = "";
      items = [];
      active = -1;
      const { index, result, shown } = found;
      for (const id of shown) {
        const doc = index.shown[id];
        if (!doc) continue;
        const li = el("li", { class: "search-option" });
        appendPieces(li.appendChild(el("span", { class: "result-title" })), core.highlight(doc.title, result.terms));
        li.appendChild(el("span", { class: "result-kind" }, describe(doc)));
        const names = matchingNames(doc, result.terms);
        const snippet = names.length
          ? core.highlight("Also called " + names.join(", "), result.terms)
          : core.snippet(doc, result.terms, 14);
        appendPieces(li.appendChild(el("span", { class: "result-snippet" })), snippet);
        addItem(li, pageHref(doc.path));
      }
      if (result.total > 0) {
        const all = el("li", { class: "search-all" }, result.total > shown.length
          ? "See all " + result.total + " results"
          : "Open the search page");
        addItem(all, searchHref({ q, filters: {} }));
      } else {
        list.appendChild(notice("No pages match " + quoted(q) + "."));
      }
      status.textContent = result.total === 0
        ? "No results."
        : plural(result.total, "result", "results") + (result.total > shown.length ? ", " + shown.length + " shown." : ".");
      open(true);
    }

    async function update() {
      const q = input.value;
      const mine = ++seq;
      if (core.queryTerms(q).length === 0) {
        open(false);
        list.textContent = "";
        items = [];
        status.textContent = q.trim() ? "Type at least two letters." : "";
        return;
      }
      try {
        const found = await query(q, {}, SUGGESTIONS, false);
        if (mine === seq && input.value === q) render(q, found);
      } catch (err) {
        if (mine !== seq) return;
        list.textContent = "";
        items = [];
        list.appendChild(notice(failure(err)));
        status.textContent = failure(err);
        open(true);
      }
    }

    function go(i) {
      if (items[i]) location.href = items[i].href;
    }

    input.addEventListener("input", debounce(update, 60));
    input.addEventListener("focus", () => {
      getIndex().catch(() => {});
      if (input.value && items.length) open(true);
    });
    input.addEventListener("blur", () => setTimeout(() => open(false), 150));
    input.addEventListener("keydown", (e) => {
      const n = items.length;
      if (e.key === "ArrowDown") {
        e.preventDefault();
        if (list.hidden) { if (n) open(true); else update(); return; }
        if (n) setActive(active + 1 >= n ? 0 : active + 1);
      } else if (e.key === "ArrowUp") {
        e.preventDefault();
        if (n && !list.hidden) setActive(active <= 0 ? n - 1 : active - 1);
      } else if (e.key === "Enter") {
        if (!list.hidden && active >= 0) {
          e.preventDefault();
          go(active);
        }
      } else if (e.key === "Escape") {
        if (!list.hidden) {
          e.preventDefault();
          open(false);
        }
      }
    });
    list.addEventListener("mousedown", (e) => e.preventDefault());
    list.addEventListener("click", (e) => {
      const li = e.target.closest("[role=option]");
      if (li) go(items.findIndex((item) => item.node === li));
    });
    return input;
  }

  // ---- The search page ------------------------------------------------------------------

  function setupPage(app) {
    const form = app.querySelector("#search-form");
    const input = app.querySelector("#search-q");
    const facetsBox = app.querySelector("#search-facets");
    const status = app.querySelector("#search-status");
    const results = app.querySelector("#search-list");
    const more = app.querySelector("#search-more");
    if (!form || !input || !facetsBox || !status || !results || !more) return null;
    app.hidden = false;

    let state = core.parseState(location.search);
    let limit = PAGE_SIZE;
    let seq = 0;
    let facetInputs = null;
    input.value = state.q;

    function setUrl(push) {
      const url = core.formatState(state) || location.pathname;
      try {
        if (push) history.pushState(null, "", url);
        else history.replaceState(null, "", url);
      } catch (err) {
        // Some browsers refuse to change a file:// address; the search still works.
      }
    }

    function chosen(name) {
      return state.filters[name] || [];
    }

    // Builds the facet controls once; later runs update their counts.
    function buildFacets(result) {
      facetsBox.textContent = "";
      facetInputs = { boxes: new Map(), salary: null };
      facetsBox.appendChild(el("h2", { class: "facets-title" }, "Filter results"));
      for (const facet of result.counts) {
        if (facet.values.length === 0) continue;
        if (facet.name === "tag" && facet.values.length < 2) continue;
        const set = el("fieldset", { class: "facet" });
        set.appendChild(el("legend", null, facet.label));
        for (const v of facet.values) {
          const label = el("label", { class: "facet-value" });
          const box = el("input");
          box.type = "checkbox";
          box.name = facet.name;
          box.value = v.slug;
          const count = el("span", { class: "count" });
          label.appendChild(box);
          label.appendChild(document.createTextNode(" " + v.label + " "));
          label.appendChild(count);
          set.appendChild(label);
          facetInputs.boxes.set(facet.name + "\u0000" + v.slug, { box, count, label, name: v.label });
          box.addEventListener("change", () => {
            const list = new Set(chosen(facet.name));
            if (box.checked) list.add(v.slug);
            else list.delete(v.slug);
            if (list.size) state.filters[facet.name] = Array.from(list);
            else delete state.filters[facet.name];
            limit = PAGE_SIZE;
            setUrl(true);
            run();
          });
        }
        facetsBox.appendChild(set);
      }
      if (result.salary && result.salary.steps.length) {
        const wrap = el("div", { class: "facet facet-salary" });
        const label = el("label", null, "Minimum median salary");
        label.htmlFor = "search-salary";
        const select = el("select");
        select.id = "search-salary";
        select.name = "salary";
        wrap.appendChild(label);
        wrap.appendChild(select);
        facetsBox.appendChild(wrap);
        facetInputs.salary = select;
        select.addEventListener("change", () => {
          const v = parseInt(select.value, 10);
          if (v > 0) state.filters.salary = v;
          else delete state.filters.salary;
          limit = PAGE_SIZE;
          setUrl(true);
          run();
        });
      }
      const clear = el("button", { class: "button clear-filters" }, "Clear filters");
      clear.type = "button";
      clear.addEventListener("click", () => {
        state.filters = {};
        limit = PAGE_SIZE;
        setUrl(true);
        run();
      });
      facetInputs.clear = clear;
      facetsBox.appendChild(clear);
    }

    function updateFacets(result) {
      if (!result.counts) return;
      if (!facetInputs) buildFacets(result);
      for (const facet of result.counts) {
        for (const v of facet.values) {
          const f = facetInputs.boxes.get(facet.name + "\u0000" + v.slug);
          if (!f) continue;
          f.box.checked = chosen(facet.name).includes(v.slug);
          f.count.textContent = "(" + v.count + ")";
          f.box.disabled = v.count === 0 && !f.box.checked;
          f.label.classList.toggle("is-empty", f.box.disabled);
        }
      }
      const select = facetInputs.salary;
      if (select && result.salary) {
        select.textContent = "";
        const any = el("option", null, "Any");
        any.value = "";
        select.appendChild(any);
        for (const s of result.salary.steps) {
          const o = el("option", null, money(s.min, result.salary.currency) + " or more (" + s.count + ")");
          o.value = String(s.min);
          select.appendChild(o);
        }
        select.value = state.filters.salary ? String(state.filters.salary) : "";
        if (select.value === "" && state.filters.salary) {
          const o = el("option", null, money(state.filters.salary, result.salary.currency) + " or more");
          o.value = String(state.filters.salary);
          select.appendChild(o);
          select.value = o.value;
        }
      }
      const filtering = Object.keys(state.filters).length > 0;
      facetInputs.clear.hidden = !filtering;
    }

    function filterWords(result) {
      const names = [];
      if (facetInputs) {
        for (const f of facetInputs.boxes.values()) if (f.box.checked) names.push(f.name);
      }
      if (state.filters.salary) {
        const currency = result.salary ? result.salary.currency : "USD";
        names.push("a median salary of " + money(state.filters.salary, currency) + " or more");
      }
      return names;
    }

    function renderResults(found) {
      const { index, result, shown } = found;
      results.textContent = "";
      for (const id of shown) {
        const doc = index.shown[id];
        if (!doc) continue;
        const li = el("li", { class: "search-hit" });
        const h = li.appendChild(el("h2", { class: "search-hit-title" }));
        const a = h.appendChild(el("a"));
        a.href = pageHref(doc.path);
        appendPieces(a, core.highlight(doc.title, result.terms));
        const facts = [describe(doc)];
        if (doc.pay) facts.push("median " + doc.pay + (doc.pay_shared ? " (" + doc.pay_shared + ")" : ""));
        li.appendChild(el("p", { class: "search-hit-meta" }, facts.filter(Boolean).join(" · ")));
        const names = matchingNames(doc, result.terms);
        if (names.length) appendPieces(li.appendChild(el("p", { class: "search-hit-names" })), core.highlight("Also called " + names.join(", "), result.terms));
        const snip = core.snippet(doc, result.terms, 30);
        if (snip.length) appendPieces(li.appendChild(el("p", { class: "search-hit-snippet" })), snip);
        results.appendChild(li);
      }
      more.hidden = result.total <= shown.length;
      const filters = filterWords(result);
      let text;
      if (result.browse) {
        text = filters.length
          ? plural(result.total, "page", "pages") + " with " + filters.join(", ") + "."
          : "Type to search, or choose filters. All " + plural(result.total, "page", "pages") + " are listed.";
      } else {
        text = (result.total === 0 ? "No results" : plural(result.total, "result", "results")) + " for " + quoted(state.q);
        if (filters.length) text += " with " + filters.join(", ");
        text += ".";
        if (!result.every && result.total) text += " No page has every word; these have some of them.";
        if (result.limited) text += " Short words match titles and whole words only on a guide this large; type more letters to match word beginnings everywhere.";
      }
      status.textContent = text;
    }

    async function run() {
      const mine = ++seq;
      try {
        const found = await query(state.q, state.filters, limit, true);
        if (mine !== seq) return;
        updateFacets(found.result);
        renderResults(found);
      } catch (err) {
        if (mine !== seq) return;
        status.textContent = failure(err);
      }
    }

    form.addEventListener("submit", (e) => {
      e.preventDefault();
      state.q = input.value;
      limit = PAGE_SIZE;
      setUrl(true);
      run();
    });
    input.addEventListener("input", debounce(() => {
      state.q = input.value;
      limit = PAGE_SIZE;
      setUrl(false);
      run();
    }, 80));
    more.addEventListener("click", () => {
      limit += PAGE_SIZE;
      run();
    });
    window.addEventListener("popstate", () => {
      state = core.parseState(location.search);
      input.value = state.q;
      limit = PAGE_SIZE;
      run();
    });
    run();
    return input;
  }

  // ---- Start --------------------------------------------------------------------------

  // Every search box with suggestions: the header's, and the home page's (form.search-box).
  const boxes = Array.from(document.querySelectorAll("form.search-box")).map(setupCombobox);
  const headerInput = boxes.find(Boolean) || null;
  const app = document.getElementById("search-app");
  // The search page does not take focus on load: keyboard and screen reader users start at
  // the top (skip link, heading) like on every other page; "/" jumps to the box.
  const pageInput = app ? setupPage(app) : null;

  // "/" jumps to search from anywhere but a text field.
  document.addEventListener("keydown", (e) => {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    const t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    const target = pageInput || headerInput;
    if (!target) return;
    e.preventDefault();
    target.focus();
    target.select();
  });
  return undefined;
});
