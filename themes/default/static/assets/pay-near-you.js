// "Pay near you" on role pages: the link to the state table becomes a picker. Following it
// loads the role's data/pay/<soc>.json (every state and metro area, from BLS OEWS) and shows
// the chosen area's pay; without JavaScript the link leads to the state table. Nothing on the
// page moves until the reader asks.
(() => {
  const box = document.querySelector(".pay-near-you[data-pay]");
  if (!box) return;
  const select = box.querySelector("select");
  const result = box.querySelector(".pay-result");
  const link = box.querySelector(".pay-load");
  const pick = box.querySelector(".pay-pick");
  const money = (v) => (v === "top" ? "top-coded" : v == null ? "not released" : "$" + Math.round(v).toLocaleString("en-US"));
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
    const jobs = a.employment == null ? "" : ` (${a.employment.toLocaleString("en-US")} jobs)`;
    result.textContent = `${a.name}: median ${money(a.median)} a year, 10th–90th percentile ${money(a.p10)}–${money(a.p90)}${jobs}. Source: ${data.source}.`;
  });
  // Loaded only when asked, so the page itself stays light.
  link.addEventListener("click", load);
})();
