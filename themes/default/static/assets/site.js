// careerguide default theme script: progressive enhancement only; every page works without it.
// Every script a page loads has the same wrapper (the first lines below, also in serve's
// live.js): a factory that runs in the page and, for the files with pure functions, under
// `node --test` (require). A file passes the name it publishes on `self`, or null. The service
// workers run in their own scope and have none. This file also holds the helpers the other
// scripts share (window.careerguide), so it is loaded first on every page.
(function (root, name, factory) {
  "use strict";
  const api = factory(root);
  if (typeof module === "object" && module.exports) module.exports = api;
  else if (name) root[name] = api;
})(typeof self !== "undefined" ? self : this, "careerguide", function () {
  "use strict";

  /** Text order ignoring case, for sorting tables and results. */
  function compareText(a, b) {
    const x = String(a).toLowerCase();
    const y = String(b).toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }

  /**
   * A new element: `attrs` is an object of attributes (or null), `text` its text content
   * (set with textContent, so data never becomes HTML).
   */
  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach((k) => node.setAttribute(k, attrs[k]));
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  /**
   * The order of a table's rows sorted one way: `rows` are { value, heading } with value a
   * number, a text or null (no figure). Numbers compare as numbers and text ignoring case;
   * rows without a value go last in both directions; ties keep the row headings A–Z. Returns
   * a new array. Shared with the unit tests (tests/js/explorer.test.js).
   */
  function orderRows(rows, direction) {
    const sign = direction === "descending" ? -1 : 1;
    const missing = (v) => v === null || v === undefined || (typeof v === "number" && isNaN(v));
    return rows.slice().sort((a, b) => {
      const x = a.value;
      const y = b.value;
      if (missing(x) !== missing(y)) return missing(x) ? 1 : -1;
      if (!missing(x)) {
        const order = typeof x === "number" && typeof y === "number" ? x - y : compareText(x, y);
        if (order !== 0) return sign * order;
      }
      return compareText(a.heading, b.heading);
    });
  }

  /**
   * The site paths the generator writes itself (`map/`, `compare/`, `search-index/`…, named
   * once in src/paths.rs), as the page's `data-paths` gives them.
   */
  function paths() {
    try {
      return JSON.parse(document.body.getAttribute("data-paths") || "{}");
    } catch (e) {
      return {};
    }
  }

  /** The site root relative to this page (`data-root`), `./` on the home page. */
  function root() {
    return (document.body && document.body.getAttribute("data-root")) || "./";
  }

  /** Whether the page was opened from disk (file://), where folder links need index.html. */
  function fromDisk() {
    return location.protocol === "file:";
  }

  /** Whether the page came over HTTP(S), where a service worker can keep the guide. */
  function overHttp() {
    return /^https?:$/.test(location.protocol);
  }

  /** Whether `href` names a place in this site (no scheme such as https: or mailto:). */
  function isLocal(href) {
    return !/^[a-z][a-z0-9+.-]*:/i.test(href);
  }

  /**
   * Loads a script once (a data file as a <script>, so that it works from disk too) and
   * resolves when it has run; `ready` (optional) says whether it gave what was wanted. On a
   * failure the next call tries again (the visitor may be back online).
   */
  const scripts = new Map();
  function loadScript(url, ready) {
    if (!scripts.has(url)) {
      scripts.set(url, new Promise((resolve, reject) => {
        const s = document.createElement("script");
        s.src = url;
        s.async = true;
        const fail = () => {
          s.remove();
          scripts.delete(url);
          reject(new Error("could not load " + url));
        };
        s.addEventListener("load", () => {
          if (ready && !ready()) return fail();
          s.remove();
          resolve();
        });
        s.addEventListener("error", fail);
        document.head.appendChild(s);
      }));
    }
    return scripts.get(url);
  }

  // Pay as the site build writes it (src/format.rs: money, period_label); pay_js.rs checks
  // that both sides give the same text for the same figures.
  const CURRENCY_SYMBOLS = { USD: "$", CAD: "CA$", AUD: "A$", EUR: "\u20ac", GBP: "\u00a3" };
  const PERIOD_LABELS = { annual: "per year", hourly: "per hour" };

  /** A whole number with its thousands grouped: `1234567` → `1,234,567`. */
  function thousands(n) {
    return String(Math.max(0, Math.round(n))).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  /**
   * An amount of money: `$51,140` (annual figures are whole), `$24.59` (hourly keep cents).
   * `currency` defaults to USD and `period` ("annual" or "hourly") to annual.
   */
  function money(amount, currency, period) {
    const code = currency || "USD";
    const prefix = Object.prototype.hasOwnProperty.call(CURRENCY_SYMBOLS, code) ? CURRENCY_SYMBOLS[code] : code + " ";
    if (period !== "hourly") return prefix + thousands(amount);
    const cents = Math.max(0, Math.round(amount * 100));
    return prefix + thousands(Math.floor(cents / 100)) + "." + String(cents % 100).padStart(2, "0");
  }

  /** The words after an amount: `per year`, `per hour`. */
  function periodLabel(period) {
    return PERIOD_LABELS[period === "hourly" ? "hourly" : "annual"];
  }

  const api = {
    compareText, el, orderRows, paths, root, fromDisk, overHttp,
    loadScript, thousands, money, periodLabel,
  };
  // Under node --test there is no page: hand over the pure functions only.
  if (typeof document === "undefined") return api;

  // Opened from disk (file://), folder links would show a directory listing: point them at
  // the folder's index.html instead.
  if (fromDisk()) {
    document.addEventListener("click", function (e) {
      const a = e.target.closest && e.target.closest("a[href]");
      if (!a) return;
      const href = a.getAttribute("href");
      if (!href || !isLocal(href) || href.charAt(0) === "#") return;
      // Keep a ?query (compare/?roles=…) and a #fragment after the index.html.
      const m = /^([^?#]*)(\?[^#]*)?(#.*)?$/.exec(href);
      const path = m[1];
      if (path === "" || path.slice(-1) === "/") {
        a.setAttribute("href", path + (path === "" ? "./" : "") + "index.html" + (m[2] || "") + (m[3] || ""));
      }
    }, true);
  }

  // Sortable tables (`table.sortable`): each column heading becomes a button that sorts the
  // rows by that column (see orderRows), by the cells' data-sort values when they have them,
  // else by their text. A heading with data-nosort stays plain; one with
  // data-first="descending" sorts high to low first (pay, growth); the column the table is
  // published sorted by carries aria-sort already. Without JavaScript the table keeps its
  // published order.
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    const body = table.tBodies[0];
    if (!table.tHead || !body) return;
    const heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
    heads.forEach(function (th, column) {
      if (th.hasAttribute("data-nosort")) return;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        const first = th.getAttribute("data-first") === "descending" ? "descending" : "ascending";
        const direction = th.getAttribute("aria-sort") === first
          ? (first === "ascending" ? "descending" : "ascending")
          : first;
        const rows = Array.prototype.map.call(body.rows, function (tr) {
          const cell = tr.cells[column];
          const raw = cell ? cell.getAttribute("data-sort") : null;
          const heading = tr.querySelector("th[scope=row]");
          return {
            tr: tr,
            value: raw === null ? (cell ? cell.textContent.trim() : null) : (raw === "" ? null : parseFloat(raw)),
            heading: heading ? heading.textContent.trim() : ""
          };
        });
        orderRows(rows, direction).forEach(function (r) { body.appendChild(r.tr); });
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", direction);
      });
    });
  });
  // Disclosure buttons (`button[data-toggle]`): the Menu on a phone and the search page's
  // Filters. Each shows or hides the element its aria-controls names (class `is-open`); a
  // button inside that element closes it, and Escape closes it, giving focus back to the
  // button that opened it.
  const openedBy = new Map();
  function setOpen(target, open, opener) {
    target.classList.toggle("is-open", open);
    document.querySelectorAll('button[data-toggle][aria-controls="' + target.id + '"]').forEach((b) => {
      if (!target.contains(b)) b.setAttribute("aria-expanded", String(open));
    });
    if (open) {
      openedBy.set(target, opener);
      const first = target.hasAttribute("data-focus-first") && target.querySelector("button, input, select, a[href]");
      if (first) first.focus();
    } else {
      const back = openedBy.get(target);
      openedBy.delete(target);
      if (back && target.contains(document.activeElement)) back.focus();
    }
  }
  document.querySelectorAll("button[data-toggle]").forEach((button) => {
    const target = document.getElementById(button.getAttribute("aria-controls") || "");
    if (!target) return;
    button.addEventListener("click", () => setOpen(target, !target.classList.contains("is-open"), button));
  });
  document.addEventListener("keydown", (e) => {
    if (e.key !== "Escape") return;
    openedBy.forEach((opener, target) => {
      if (target.contains(document.activeElement) || opener === document.activeElement) {
        setOpen(target, false, null);
        opener.focus();
      }
    });
  });
  // Printed, a link is only useful with its address: give every internal link in the page
  // its full published URL (from the canonical link), which the print stylesheet shows.
  // External links already show their href.
  const canonical = document.querySelector('link[rel="canonical"]');
  if (canonical && canonical.href) {
    Array.prototype.forEach.call(document.querySelectorAll("main a[href]"), function (a) {
      const href = a.getAttribute("href");
      if (!href || href.charAt(0) === "#" || !isLocal(href)) return;
      try {
        a.setAttribute("data-print-url", new URL(href, canonical.href).href);
      } catch (e) {
        // Leave links the browser cannot resolve as they are.
      }
    });
  }
  // Over HTTP(S), a service worker keeps the site shell, the search index and visited pages
  // for offline use (sw.js at the site root; see docs/search.md).
  if ("serviceWorker" in navigator && overHttp()) {
    window.addEventListener("load", function () {
      // Not under `careerguide serve` (its live.js says so): kept pages would hide edits.
      if (window.careerguideServe) return;
      navigator.serviceWorker.register(root() + "sw.js").catch(function () {
        // No worker (e.g. a development server without sw.js): the site works online.
      });
    });
  }
  return api;
});
