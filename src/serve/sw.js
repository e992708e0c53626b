// careerguide serve: the service worker of a site being edited. A built site's worker
// (themes/default/templates/sw.js) keeps pages for offline reading; while editing, those kept
// pages would hide the edits. This one answers for sw.js under `careerguide serve`: it takes
// the place of any worker a build left on this address, empties the caches, removes itself and
// opens the pages that worker answered again, so every page comes from the server. Never part
// of a built site.
"use strict";
self.addEventListener("install", function () {
  self.skipWaiting();
});
self.addEventListener("activate", function (event) {
  event.waitUntil(
    self.clients.claim()
      .then(function () { return caches.keys(); })
      .then(function (keys) {
        return Promise.all(keys.map(function (key) { return caches.delete(key); }));
      })
      .then(function () { return self.registration.unregister(); })
      // A built site's worker answers pages from its copy: the pages it answered are the
      // build's, not the server's. Open them again, now from the server.
      .then(function () { return self.clients.matchAll({ type: "window" }); })
      .then(function (windows) {
        return Promise.all(windows.map(function (w) {
          return w.navigate(w.url).catch(function () { /* a window that cannot be moved stays */ });
        }));
      })
  );
});
