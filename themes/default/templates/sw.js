// careerguide service worker: keeps a copy of the guide on the device, so that its pages, search
// and explorer work without a network. Written by `careerguide build`; VERSION changes with any
// change of content, templates, assets or index.
//
// One cache per build ("careerguide-" + VERSION). Installing fills the new cache: when the whole
// guide fits the budget (OFFLINE_BYTES <= BUDGET_BYTES, listed in offline.json), every page and
// file of it; otherwise the site shell (home and search pages, the theme's assets, the index
// manifest and facets). Only a worker whose cache is complete activates; activating deletes every other
// build's cache, so two versions are never mixed and an old worker keeps its own copy until a
// new one is ready. A guide over the budget keeps the pages the visitor opens, and the page's
// "Save this guide for offline" control (assets/offline.js) asks this worker to download the
// rest, with progress.
"use strict";

const VERSION = "{{ version }}";
const INDEX_VERSION = "{{ index_version }}";
const ASSET_VERSION = "{{ asset_version }}";
const CACHE = "careerguide-" + VERSION;
const SITE_TITLE = {{ title_json }};
// Relative to the site root (this file's folder), so the site works under a sub-path.
const SHELL = {{ precache }};
const OFFLINE_BYTES = {{ offline_bytes }};
const OFFLINE_FILES = {{ offline_files }};
const BUDGET_BYTES = {{ budget_bytes }};
const WHOLE = OFFLINE_BYTES <= BUDGET_BYTES;
// Marks the offline copy's requests (not the page's own): a static host ignores it.
const COPY_HEADER = "X-Careerguide-Offline";

const scope = self.registration ? self.registration.scope : new URL("./", self.location.href).href;
const abs = (p) => new URL(p, scope).href;
// Stored under the address without its query: one build's files in one cache, so a file's
// `?v=` adds nothing (search/?q=coder is search/).
const keyOf = (url) => { const u = new URL(url); return u.origin + u.pathname; };

// The offline copy's list for this build: [[address, bytes], …].
async function offlineList() {
  const response = await fetch(abs("offline.json?v=" + VERSION), { cache: "no-store", headers: { [COPY_HEADER]: "1" } });
  if (!response.ok) throw new Error("offline.json: " + response.status);
  return (await response.json()).files;
}

// Saves every file of `files` not in `cache` yet, a few at a time; report(done, total) after
// each. Rejects if any fails (the caller decides what a partial copy means). `copy`: these are
// the offline copy's downloads (marked), not the shell every visit needs.
async function saveFiles(cache, files, copy, report) {
  const missing = [];
  for (const [p] of files) if (!(await cache.match(keyOf(abs(p))))) missing.push(abs(p));
  let done = files.length - missing.length;
  if (report) report(done, files.length);
  let next = 0;
  const worker = async () => {
    while (next < missing.length) {
      const url = missing[next++];
      const response = await fetch(url, copy ? { headers: { [COPY_HEADER]: "1" } } : {});
      if (!response.ok) throw new Error(url + ": " + response.status);
      await cache.put(keyOf(url), response);
      done++;
      if (report) report(done, files.length);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // A guide within the budget is saved whole (its list holds the shell's files too); a
    // larger one keeps the shell, and the rest when the visitor asks.
    if (WHOLE) await saveFiles(cache, await offlineList(), true);
    else await saveFiles(cache, SHELL.map((p) => [p, 0]), false);
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const keys = await caches.keys();
    await Promise.all(keys.filter((k) => k.startsWith("careerguide-") && k !== CACHE).map((k) => caches.delete(k)));
    await self.clients.claim();
    await saveOpenPages();
  })());
});

// The pages open while the worker was installing were visited too: keep them.
async function saveOpenPages() {
  const cache = await caches.open(CACHE);
  const windows = await self.clients.matchAll({ type: "window" });
  await Promise.all(windows.map(async (client) => {
    if (!client.url.startsWith(scope)) return;
    const key = keyOf(client.url);
    if (await cache.match(key)) return;
    try {
      const response = await fetch(key);
      if (response.ok) await cache.put(key, response);
    } catch (err) {
      // Offline already: the page will be kept on a later visit.
    }
  }));
}

// What the page's save control asks: {type: "status"} → {type: "status", whole, saved, bytes,
// files}; {type: "save"} → progress messages, then {type: "saved"} or {type: "save-failed"}.
let saving = null;
self.addEventListener("message", (event) => {
  const data = event.data || {};
  const source = event.source;
  const reply = (m) => { if (source) source.postMessage(Object.assign({ version: VERSION }, m)); };
  if (data.type === "status") {
    event.waitUntil(isSaved().then((saved) => reply({ type: "status", whole: WHOLE, saved, bytes: OFFLINE_BYTES, files: OFFLINE_FILES })));
  } else if (data.type === "save") {
    if (!saving) {
      saving = (async () => {
        const cache = await caches.open(CACHE);
        await saveFiles(cache, await offlineList(), true, (done, total) => reply({ type: "progress", done, total }));
        await cache.put(abs("offline-saved"), new Response(VERSION));
      })().finally(() => { saving = null; });
    }
    event.waitUntil(saving.then(() => reply({ type: "saved" }), (err) => reply({ type: "save-failed", message: String(err) })));
  }
});

async function isSaved() {
  if (WHOLE) return true;
  const cache = await caches.open(CACHE);
  return Boolean(await cache.match(abs("offline-saved")));
}

function escapeHtml(s) {
  return String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;" })[c]);
}

// A page not saved on this device, offline: in the site's style, with the way home and to search.
function offlinePage() {
  const title = escapeHtml(SITE_TITLE);
  const html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">" +
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
    "<title>Offline · " + title + "</title>" +
    "<link rel=\"stylesheet\" href=\"" + abs("assets/style.css?v=" + ASSET_VERSION) + "\"></head>" +
    "<body class=\"kind-offline\"><header class=\"site-header\"><div class=\"wrap header-row\">" +
    "<a class=\"site-title\" href=\"" + abs("./") + "\">" + title + "</a></div></header>" +
    "<main id=\"main\" class=\"wrap\"><h1>You are offline</h1>" +
    "<p>This page has not been saved on this device. The pages you have opened, and search, work offline.</p>" +
    "<ul><li><a href=\"" + abs("./") + "\">Home</a></li><li><a href=\"" + abs("search/") + "\">Search the guide</a></li></ul>" +
    "</main></body></html>";
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

// This build's copy first (it is one consistent version); else the network, keeping pages the
// visitor opens; offline and never saved, the offline page.
async function answer(request, navigate) {
  const cache = await caches.open(CACHE);
  const key = keyOf(request.url);
  const hit = await cache.match(key);
  if (hit) return hit;
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic" && (navigate || !WHOLE)) await cache.put(key, response.clone());
    return response;
  } catch (err) {
    if (navigate) return offlinePage();
    throw err;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  if (!request.url.startsWith(scope)) return;
  const url = new URL(request.url);
  // The worker's own files are always asked of the network.
  if (url.pathname.endsWith("/offline.json") || url.pathname.endsWith("/sw.js")) return;
  event.respondWith(answer(request, request.mode === "navigate"));
});
