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
})();
