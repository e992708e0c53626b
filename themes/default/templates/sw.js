// careerguide service worker: keeps the site shell, the search index and the pages you visit,
// so the guide and its search keep working without a network. Written by `careerguide build`;
// VERSION changes with any change of content, templates, assets or index, and a new version
// replaces the old caches.
//
// A first visit stays light (the page-weight budget in docs/quality.md counts everything a
// first visit transfers, this worker's downloads included): installing keeps only what the
// search page needs and the visitor's browser already has (the theme's stylesheet and
// scripts, the index manifest and facets) plus the search page itself. The rest of the shell
// and the whole index follow once the visitor shows they are staying: a second page, or a
// search.
"use strict";

const VERSION = "{{ version }}";
const INDEX_VERSION = "{{ index_version }}";
const CACHE = "careerguide-" + VERSION;
// Relative to the site root (this file's folder), so the site works under a sub-path.
const PRECACHE = {{ precache }};

const scope = self.registration ? self.registration.scope : new URL("./", self.location.href).href;
const precached = new Set(PRECACHE.map((p) => new URL(p, scope).href));
const FIRST = PRECACHE.filter((p) => p === "search/" ||
  /^assets\/(?!explorer)/.test(p) || /^search-index\/(meta|facets)\.js/.test(p));
const first = new Set(FIRST.map((p) => new URL(p, scope).href));
const later = Array.from(precached).filter((u) => !first.has(u));
const indexBase = new URL("search-index/", scope).href;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(Array.from(first)))
      .then(() => self.skipWaiting())
  );
});

// The rest of the precache list, once per worker: what is already cached is not fetched again.
let rest = null;
function precacheRest() {
  if (!rest) {
    rest = caches.open(CACHE).then(async (cache) => {
      const missing = [];
      for (const u of later) if (!(await cache.match(u))) missing.push(u);
      await cache.addAll(missing);
    }).catch(() => {
      rest = null; // Offline or a file changed under us: try again on the next request.
    });
  }
  return rest;
}

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys
        .filter((k) => k.startsWith("careerguide-") && k !== CACHE)
        .map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
      .then(saveOpenPages)
  );
});

// The pages open while the worker was installing were visited too: save them.
async function saveOpenPages() {
  const cache = await caches.open(CACHE);
  const windows = await self.clients.matchAll({ type: "window" });
  await Promise.all(windows.map(async (client) => {
    const url = new URL(client.url);
    if (!url.href.startsWith(scope)) return;
    const key = url.origin + url.pathname;
    if (await cache.match(key)) return;
    try {
      const response = await fetch(key);
      if (response.ok) await cache.put(key, response);
    } catch (err) {
      // Offline already: the page will be saved on a later visit.
    }
  }));
}

// Files whose address names their version never change: answer from the cache.
function isVersioned(url) {
  const v = url.searchParams.get("v");
  return v !== null && (v === INDEX_VERSION || precached.has(url.href));
}

function offlinePage() {
  const html = "<!DOCTYPE html><meta charset=\"utf-8\"><title>Offline</title>" +
    "<h1>You are offline</h1><p>This page has not been saved on this device yet. " +
    "Pages you have opened before, and search, work offline.</p>";
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

// Pages and unversioned files: the network when it answers, else the saved copy. A page is
// saved under its address without the query (`search/?q=coder` is `search/`).
async function networkFirst(request, url, navigate) {
  const cache = await caches.open(CACHE);
  const key = navigate ? url.origin + url.pathname : request;
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic") await cache.put(key, response.clone());
    return response;
  } catch (err) {
    const hit = await cache.match(key, { ignoreSearch: navigate });
    if (hit) return hit;
    if (navigate) return offlinePage();
    throw err;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (!url.href.startsWith(scope)) return;
  // A page opened under this worker (so not the first one) or a search: keep the rest.
  if (request.mode === "navigate" || url.href.startsWith(indexBase)) event.waitUntil(precacheRest());
  if (isVersioned(url)) {
    event.respondWith(cacheFirst(request));
  } else {
    event.respondWith(networkFirst(request, url, request.mode === "navigate"));
  }
});
