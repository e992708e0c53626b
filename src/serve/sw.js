// careerguide serve: the service worker of a site being edited. A built site's worker
// (themes/default/templates/sw.js) keeps pages for offline reading; while editing, those kept
// pages would hide the edits. This one answers for sw.js under `careerguide serve`: it takes
// the place of any worker a build left on this address, empties the caches and removes itself,
// so every page comes from the server. Never part of a built site.
"use strict";
self.addEventListener("install", function () {
  self.skipWaiting();
});
self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys()
      .then(function (keys) {
        return Promise.all(keys.map(function (key) { return caches.delete(key); }));
      })
      .then(function () { return self.registration.unregister(); })
  );
});
