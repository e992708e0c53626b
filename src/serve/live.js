// careerguide serve: live reload and the error overlay. Injected into every page by
// `careerguide serve` only; never part of a built site. It has the theme scripts' wrapper
// (themes/default/static/assets/site.js).
(function (root, name, factory) {
  "use strict";
  const api = factory(root);
  if (typeof module === "object" && module.exports) module.exports = api;
  else if (name) root[name] = api;
})(typeof self !== "undefined" ? self : this, null, function () {
  "use strict";
  const KEY = "careerguide-scroll";
  const style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = "/__careerguide/live.css";
  document.head.appendChild(style);
  // Restore the scroll position kept across a live reload.
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY) || "null");
    if (saved && saved.path === location.pathname) {
      window.addEventListener("load", function () { window.scrollTo(0, saved.y); });
    }
    sessionStorage.removeItem(KEY);
  } catch (e) { /* storage may be unavailable */ }

  function here() {
    const p = location.pathname;
    return p.replace(/index\.html$/, "");
  }

  function reload() {
    try { sessionStorage.setItem(KEY, JSON.stringify({ path: location.pathname, y: window.scrollY })); } catch (e) { /* ignore */ }
    location.reload();
  }

  function swapStylesheets() {
    const links = document.querySelectorAll('link[rel="stylesheet"]');
    for (let i = 0; i < links.length; i++) {
      const url = new URL(links[i].href);
      url.searchParams.set("live", String(Date.now()));
      const next = links[i].cloneNode();
      next.href = url.toString();
      (function (old, fresh) {
        fresh.addEventListener("load", function () { old.remove(); });
        old.after(fresh);
      })(links[i], next);
    }
  }

  function hideOverlay() {
    const old = document.getElementById("careerguide-overlay");
    if (old) old.remove();
  }

  // site.js's el, copied: the page that says nothing has built yet, and other themes' pages,
  // load no site.js. tests/js/format.test.js checks that the two stay the same.
  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach((k) => node.setAttribute(k, attrs[k]));
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  // Nothing has built yet: the page itself is the list of errors, kept current here.
  const unbuilt = document.documentElement.hasAttribute("data-careerguide-unbuilt");

  function showOverlay(errors) {
    hideOverlay();
    const box = el("div", { class: "careerguide-overlay" + (unbuilt ? " careerguide-unbuilt" : "") });
    box.id = "careerguide-overlay";
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-labelledby", "careerguide-overlay-title");
    const title = el("h2", null, errors.length === 1 ? "1 problem to fix" : errors.length + " problems to fix");
    title.id = "careerguide-overlay-title";
    box.appendChild(title);
    box.appendChild(el("p", { class: "careerguide-overlay-note" }, unbuilt
      ? "Nothing has built yet, so there is no page to show. Fix these and save: this page turns into the guide by itself."
      : "The page shows the last version that built. Save a fix and this goes away."));
    const list = el("ol");
    errors.forEach(function (e) {
      const item = el("li");
      item.appendChild(el("p", { class: "careerguide-overlay-where" }, e.location || ""));
      item.appendChild(el("p", { class: "careerguide-overlay-message" }, e.message));
      if (e.rendered) item.appendChild(el("pre", null, e.rendered));
      list.appendChild(item);
    });
    box.appendChild(list);
    if (!unbuilt) {
      const close = el("button", null, "Hide");
      close.type = "button";
      close.addEventListener("click", hideOverlay);
      box.appendChild(close);
    }
    document.body.appendChild(box);
  }

  // No service worker while editing: a built site's worker (one served earlier on this
  // address) would answer with the pages it kept. Tell site.js not to register one, remove
  // any registration and kept pages, and reload once if a worker answered for this page.
  window.careerguideServe = true;
  if ("serviceWorker" in navigator) {
    const controlled = Boolean(navigator.serviceWorker.controller);
    navigator.serviceWorker.getRegistrations()
      .then(function (regs) { return Promise.all(regs.map(function (r) { return r.unregister(); })); })
      .then(function () {
        return window.caches ? caches.keys().then(function (keys) {
          return Promise.all(keys.map(function (k) { return caches.delete(k); }));
        }) : null;
      })
      .then(function () { if (controlled) reload(); })
      .catch(function () { /* nothing to remove */ });
  }

  const source = new EventSource("/__careerguide/events");
  source.addEventListener("errors", function (e) { showOverlay(JSON.parse(e.data).errors); });
  source.addEventListener("ok", function () { if (unbuilt) reload(); else hideOverlay(); });
  source.addEventListener("reload", function (e) {
    const data = JSON.parse(e.data);
    if (data.css) { swapStylesheets(); return; }
    if (unbuilt || data.all || data.paths.indexOf(here()) !== -1) reload();
  });
  return undefined;
});
