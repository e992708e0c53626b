// "Save this guide for offline": shown when the service worker (sw.js) says the guide was too
// large to save on its own and is not saved yet; asks the worker to download the rest and
// shows its progress. Hidden without a worker (from disk, under `careerguide serve`).
(function (root, name, factory) {
  "use strict";
  const api = factory(root);
  if (typeof module === "object" && module.exports) module.exports = api;
  else if (name) root[name] = api;
})(typeof self !== "undefined" ? self : this, null, function (global) {
  "use strict";
  const shared = global.careerguide;
  const box = typeof document === "undefined" ? null : document.querySelector(".offline-save");
  if (!shared || !box || !("serviceWorker" in navigator) || !shared.overHttp()) return undefined;
  const button = box.querySelector(".offline-save-button");
  const bar = box.querySelector(".offline-save-progress");
  const status = box.querySelector(".offline-save-status");

  const megabytes = (bytes) => (bytes / 1e6).toFixed(1) + " MB";

  navigator.serviceWorker.addEventListener("message", (event) => {
    const m = event.data || {};
    if (m.type === "status") {
      if (m.whole) return; // Saved with the worker: nothing to offer.
      box.hidden = false;
      if (m.saved) {
        button.hidden = true;
        status.textContent = "This guide is saved for offline reading.";
      } else {
        button.textContent = `Save this guide for offline (${m.files} files, ${megabytes(m.bytes)})`;
      }
    } else if (m.type === "progress") {
      bar.hidden = false;
      bar.max = m.total;
      bar.value = m.done;
      status.textContent = `Saving: ${m.done} of ${m.total} files`;
    } else if (m.type === "saved") {
      bar.hidden = true;
      button.hidden = true;
      status.textContent = "This guide is saved for offline reading.";
    } else if (m.type === "save-failed") {
      button.disabled = false;
      status.textContent = "Saving stopped (the network went away?). Try again to save the rest.";
    }
  });

  button.addEventListener("click", () => {
    const worker = navigator.serviceWorker.controller;
    if (!worker) return;
    button.disabled = true;
    status.textContent = "Saving…";
    worker.postMessage({ type: "save" });
  });

  navigator.serviceWorker.ready.then(() => {
    // The worker answers for this page once it controls it (at once after the first visit).
    const ask = () => {
      if (navigator.serviceWorker.controller) navigator.serviceWorker.controller.postMessage({ type: "status" });
    };
    if (navigator.serviceWorker.controller) ask();
    else navigator.serviceWorker.addEventListener("controllerchange", ask, { once: true });
  });
  return undefined;
});
