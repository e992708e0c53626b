// "Pay near you" on role pages: the link to the state table becomes a picker. Following it
// loads the role's data/pay/<soc>.json (every state and metro area, from BLS OEWS) and shows
// the chosen area's pay; without JavaScript the link leads to the state table. Nothing on the
// page moves until the reader asks.
(function (root, name, factory) {
  "use strict";
  const api = factory(root);
  if (typeof module === "object" && module.exports) module.exports = api;
  else if (name) root[name] = api;
})(typeof self !== "undefined" ? self : this, null, function (global) {
  "use strict";
  const shared = global.careerguide;
  const box = typeof document === "undefined" ? null : document.querySelector(".pay-near-you[data-pay]");
  if (!shared || !box) return undefined;
  const select = box.querySelector("select");
  const result = box.querySelector(".pay-result");
  const link = box.querySelector(".pay-load");
  const pick = box.querySelector(".pay-pick");
  // data/pay/<soc>.json holds annual figures in US dollars; "top" marks a top-coded one.
  const money = (v) => (v === "top" ? "top-coded" : v == null ? "not released" : shared.money(v, "USD", "annual"));
  const perYear = shared.periodLabel("annual");
  let data = null;
  const load = async (event) => {
    event.preventDefault();
    if (data) return;
    try {
      const response = await fetch(box.dataset.pay);
      if (!response.ok) throw new Error(String(response.status));
      data = await response.json();
    } catch {
      result.textContent = "The figures could not be loaded here; see the table of pay by state.";
      return;
    }
    select.textContent = "";
    select.append(new Option("Choose…", ""));
    for (const [type, label] of [["state", "States"], ["metro", "Metro and nonmetro areas"]]) {
      const group = document.createElement("optgroup");
      group.label = label;
      data.areas.forEach((a, i) => { if (a.type === type) group.append(new Option(a.name, String(i))); });
      select.append(group);
    }
    link.parentElement.hidden = true;
    pick.hidden = false;
    select.focus();
  };
  select.addEventListener("change", () => {
    const a = data && data.areas[Number(select.value)];
    if (!a || select.value === "") { result.textContent = ""; return; }
    const jobs = a.employment == null ? "" : ` (${shared.thousands(a.employment)} jobs)`;
    result.textContent = `${a.name}: median ${money(a.median)} ${perYear}, 10th–90th percentile ${money(a.p10)}–${money(a.p90)}${jobs}. Source: ${data.source}.`;
  });
  // Loaded only when asked, so the page itself stays light.
  link.addEventListener("click", load);
  return undefined;
});
