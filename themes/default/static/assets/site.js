// careerguide default theme script: progressive enhancement only; every page works without it.
(function () {
  "use strict";
  // Opened from disk (file://), folder links would show a directory listing: point them at
  // the folder's index.html instead.
  if (location.protocol === "file:") {
    document.addEventListener("click", function (e) {
      var a = e.target.closest && e.target.closest("a[href]");
      if (!a) return;
      var href = a.getAttribute("href");
      if (!href || /^[a-z][a-z0-9+.-]*:/i.test(href) || href.charAt(0) === "#") return;
      // Keep a ?query (compare/?roles=…) and a #fragment after the index.html.
      var m = /^([^?#]*)(\?[^#]*)?(#.*)?$/.exec(href);
      var path = m[1];
      if (path === "" || path.slice(-1) === "/") {
        a.setAttribute("href", path + (path === "" ? "./" : "") + "index.html" + (m[2] || "") + (m[3] || ""));
      }
    }, true);
  }

  // Sortable tables: each column heading becomes a button that sorts the rows by that
  // column, numerically by the cells' data-sort values when they have them (empty values
  // last), else by their text. Without JavaScript the table keeps its published order.
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    var body = table.tBodies[0];
    if (!table.tHead || !body) return;
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var key = function (row) {
          var cell = row.cells[column];
          var value = cell.getAttribute("data-sort");
          if (value === null) return cell.textContent.trim().toLowerCase();
          return value === "" ? null : parseFloat(value);
        };
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          if (x === null || y === null) return x === y ? 0 : (x === null ? 1 : -1);
          var order = x < y ? -1 : (x > y ? 1 : 0);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
  // Printed, a link is only useful with its address: give every internal link in the page
  // its full published URL (from the canonical link), which the print stylesheet shows.
  // External links already show their href.
  var canonical = document.querySelector('link[rel="canonical"]');
  if (canonical && canonical.href) {
    Array.prototype.forEach.call(document.querySelectorAll("main a[href]"), function (a) {
      var href = a.getAttribute("href");
      if (!href || href.charAt(0) === "#" || /^[a-z][a-z0-9+.-]*:/i.test(href)) return;
      try {
        a.setAttribute("data-print-url", new URL(href, canonical.href).href);
      } catch (e) {
        // Leave links the browser cannot resolve as they are.
      }
    });
  }
  // Over HTTP(S), a service worker keeps the site shell, the search index and visited pages
  // for offline use (sw.js at the site root; see docs/search.md).
  if ("serviceWorker" in navigator && /^https?:$/.test(location.protocol)) {
    var root = (document.body && document.body.getAttribute("data-root")) || "./";
    window.addEventListener("load", function () {
      navigator.serviceWorker.register(root + "sw.js").catch(function () {
        // No worker (e.g. a development server without sw.js): the site works online.
      });
    });
  }
})();
