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
      var parts = href.split("#");
      if (parts[0] === "" || parts[0].slice(-1) === "/") {
        a.setAttribute("href", parts[0] + (parts[0] === "" ? "./" : "") + "index.html" + (parts[1] ? "#" + parts[1] : ""));
      }
    }, true);
  }
})();
