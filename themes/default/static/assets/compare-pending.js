/*
 * careerguide compare page opened with roles in its address (compare/?roles=a,b): the page's
 * own table shows other roles until explorer-ui.js draws the ones asked for. This runs before
 * the page is drawn and hides that table and what follows it, so the wrong comparison never
 * shows and nothing moves when the right one appears. explorer-ui.js shows them again once it
 * has drawn the table or found it cannot; a script that fails to load, or ten seconds, show
 * them anyway. Without scripts nothing is hidden.
 */
(function (root, name, factory) {
  "use strict";
  const api = factory(root);
  if (typeof module === "object" && module.exports) module.exports = api;
  else if (name) root[name] = api;
})(typeof self !== "undefined" ? self : this, null, function () {
  "use strict";
  if (typeof document === "undefined" || !/[?&]roles=/.test(location.search)) return undefined;
  const html = document.documentElement;
  const show = function () { html.classList.remove("compare-pending"); };
  html.classList.add("compare-pending");
  setTimeout(show, 10000);
  window.addEventListener("error", function (event) {
    if (event.target && event.target.tagName === "SCRIPT") show();
  }, true);
  return undefined;
});
