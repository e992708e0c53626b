// careerguide explorer, page wiring: lights up routes on the career map, draws comparisons
// picked in the browser and scores the self-assessment (tables sort with site.js). Progressive
// enhancement only: every page is complete without it. All text goes in with textContent or
// createElement; data never becomes HTML. The logic lives in explorer.js (CareerExplorer).
(function (root, name, factory) {
  "use strict";
  const api = factory(root);
  if (typeof module === "object" && module.exports) module.exports = api;
  else if (name) root[name] = api;
})(typeof self !== "undefined" ? self : this, null, function (global) {
  "use strict";
  const X = global.CareerExplorer;
  const shared = global.careerguide;
  if (!X || !shared || typeof document === "undefined") return undefined;
  const { el, loadScript } = shared;
  const paths = shared.paths();
  const SVG = "http://www.w3.org/2000/svg";
  const root = shared.root();

  function svgEl(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    return node;
  }

  // --- Career map: hover or focus a role to light up every route into and out of it.
  Array.prototype.forEach.call(document.querySelectorAll("svg[data-career-map]"), function (svg) {
    const paths = Array.prototype.slice.call(svg.querySelectorAll(".map-edge"));
    const edges = paths.map(function (p) {
      return { from: p.getAttribute("data-from"), to: p.getAttribute("data-to") };
    });
    const nodes = Array.prototype.slice.call(svg.querySelectorAll(".map-node"));
    function clear() {
      svg.classList.remove("is-tracing");
      nodes.concat(paths).forEach(function (n) { n.classList.remove("is-lit", "is-origin"); });
    }
    function light(slug) {
      clear();
      const t = X.trace(edges, slug);
      const on = {};
      on[slug] = true;
      t.up.concat(t.down).forEach(function (s) { on[s] = true; });
      svg.classList.add("is-tracing");
      nodes.forEach(function (n) {
        const s = n.getAttribute("data-role");
        if (on[s]) n.classList.add("is-lit");
        if (s === slug) n.classList.add("is-origin");
      });
      t.edges.forEach(function (i) { paths[i].classList.add("is-lit"); });
    }
    nodes.forEach(function (n) {
      const slug = n.getAttribute("data-role");
      n.addEventListener("mouseenter", function () { light(slug); });
      n.addEventListener("focus", function () { light(slug); });
      n.addEventListener("mouseleave", clear);
      n.addEventListener("blur", clear);
    });
  });

  // --- Compare: pick two to four roles. compare/roles.js names every role; their facts are
  // in shards (compare/roles/N.js, COMPARE_SHARD roles each) loaded, as scripts so that a page
  // opened from disk works too, only for the roles a comparison shows.
  // In a guide of hundreds of roles (text-box pickers) the list itself is large, so the page
  // loads it only when needed: a link that names roles (`?roles=`), or the visitor reaching
  // for a picker. Smaller guides' pages load it with the page (drop-down lists need it whole
  // before they open).
  const app = document.getElementById("compare-app");
  // compare-pending.js hid the page's own table while the address asks for other roles; it
  // shows again once they are drawn, or when they cannot be.
  const comparePending = function () { document.documentElement.classList.remove("compare-pending"); };
  if (app && window.careerguideCompare) {
    startCompare(window.careerguideCompare);
  } else if (app && app.getAttribute("data-list")) {
    let listRequested = false;
    const loadList = function () {
      if (listRequested) return;
      listRequested = true;
      loadScript(app.getAttribute("data-list")).then(function () {
        if (window.careerguideCompare) startCompare(window.careerguideCompare);
      }, function () {
        comparePending();
        listRequested = false; // Try again when the visitor comes back to a picker.
      });
    };
    if (/[?&]roles=/.test(location.search)) loadList();
    app.addEventListener("focusin", loadList);
    app.addEventListener("pointerenter", loadList);
  }

  function startCompare(data) {
    if (!data.roles || !data.rows) { comparePending(); return; }
    const result = document.getElementById("compare-result");
    const max = data.max || 4;
    // The roles as explorer.js takes them: {slug, title}, then path and cells once loaded.
    const roles = data.roles.map(function (r) { return { slug: r[0], title: r[1] }; });
    const model = { rows: data.rows, roles: roles, max: max };
    // Maps without a prototype: a role may be called "constructor".
    const place = Object.create(null);
    roles.forEach(function (r, i) { place[r.slug] = i; });
    const shardOf = [];
    const shardStart = [];
    (data.shards || []).forEach(function (count, n) {
      shardStart.push(shardOf.length);
      for (let k = 0; k < count; k++) shardOf.push(n);
    });
    // A shard that fails loads again on the next pick (loadScript forgets failures).
    function loadShard(n) {
      const shard = function () { return (window.careerguideCompareShards || {})[n]; };
      const url = root + paths.compare + "roles/" + n + ".js?v=" + encodeURIComponent(data.version || "");
      return loadScript(url, shard).then(function () {
        shard().forEach(function (r, k) {
          const role = roles[shardStart[n] + k];
          if (role) { role.path = r.path; role.cells = r.cells; }
        });
      });
    }
    function loadRoles(slugs) {
      return Promise.all(slugs.map(function (s) { return loadShard(shardOf[place[s]]); }));
    }

    const fromUrl = X.parseRoles(location.search, model);
    const initial = (app.getAttribute("data-selected") || "").split(",").filter(Boolean);
    const selected = fromUrl.slugs.length >= 2 ? fromUrl.slugs : initial;
    // The theme's page has the pickers already (so nothing moves when this runs), each with
    // its role only: drop-down lists (<select>) to fill with every role, or, in a guide of
    // hundreds of roles, text boxes that suggest roles from one shared <datalist>. A page
    // without them gets them built here.
    let fieldset = app.querySelector("fieldset.compare-pickers");
    let message = app.querySelector(".compare-message");
    let controls = fieldset ? Array.prototype.slice.call(fieldset.querySelectorAll("select, input")) : [];
    if (!fieldset || !message || controls.length !== max) {
      app.textContent = "";
      message = el("p", { "class": "compare-message", role: "status" });
      fieldset = el("fieldset", { "class": "compare-pickers" });
      fieldset.appendChild(el("legend", {}, "Choose 2 to " + max + " roles"));
      controls = [];
      const typed = data.picker === "type";
      for (let k = 0; k < max; k++) {
        const label = el("label", {}, "Role " + (k + 1) + (k >= 2 ? " (optional)" : ""));
        const control = typed
          ? el("input", { type: "text", name: "role" + (k + 1), list: "compare-role-names", autocomplete: "off", spellcheck: "false", placeholder: "Type a role's name" })
          : el("select", { name: "role" + (k + 1) });
        label.appendChild(control);
        fieldset.appendChild(label);
        controls.push(control);
      }
      if (typed) fieldset.appendChild(el("datalist", { id: "compare-role-names" }));
      app.appendChild(fieldset);
      app.appendChild(message);
    }
    // A text box shows a role's name; a name two roles share carries the slug too.
    const names = Object.create(null);
    const nameOf = Object.create(null);
    const bySlugOfName = Object.create(null);
    roles.forEach(function (r) {
      const key = r.title.toLowerCase();
      names[key] = (names[key] || 0) + 1;
    });
    roles.forEach(function (r) {
      const name = names[r.title.toLowerCase()] > 1 ? r.title + " (" + r.slug + ")" : r.title;
      nameOf[r.slug] = name;
      bySlugOfName[name.toLowerCase()] = r.slug;
    });
    let datalist = null;
    controls.forEach(function (control, k) {
      if (control.tagName === "SELECT") {
        while (control.options.length) control.remove(0);
        if (k >= 2) control.appendChild(el("option", { value: "" }, "None"));
        roles.forEach(function (r) { control.appendChild(el("option", { value: r.slug }, r.title)); });
      } else if (!datalist) {
        datalist = document.getElementById(control.getAttribute("list") || "");
        if (datalist) {
          const options = document.createDocumentFragment();
          roles.forEach(function (r) { options.appendChild(el("option", { value: nameOf[r.slug] })); });
          datalist.textContent = "";
          datalist.appendChild(options);
        }
      }
      // A text box the visitor has typed in while the list loaded keeps what they typed.
      if (control.tagName === "SELECT" || control.value === control.defaultValue) {
        setPicked(control, selected[k] || (k < 2 && roles[k] ? roles[k].slug : ""));
      }
      control.addEventListener("change", update);
    });

    function setPicked(control, slug) {
      control.value = control.tagName === "SELECT" ? slug || "" : (slug && nameOf[slug]) || "";
    }
    // The slug a picker names: "" when empty, null when a text box names no role.
    function picked(control) {
      if (control.tagName === "SELECT") return control.value;
      const text = control.value.trim().toLowerCase();
      if (!text) return "";
      return text in bySlugOfName ? bySlugOfName[text] : null;
    }

    const notes = [];
    if (fromUrl.unknown.length) notes.push("Not in this guide: " + fromUrl.unknown.join(", ") + ".");
    if (fromUrl.dropped.length) notes.push("At most " + max + " roles at once; left out: " + fromUrl.dropped.join(", ") + ".");
    message.textContent = notes.join(" ");

    function update() {
      const slugs = [];
      const unknown = [];
      controls.forEach(function (c) {
        const slug = picked(c);
        if (slug === null) unknown.push(c.value.trim());
        else if (slug && slugs.indexOf(slug) < 0) slugs.push(slug);
      });
      if (unknown.length) {
        message.textContent = "No role called \u201c" + unknown[0] + "\u201d in this guide: pick one of the suggestions.";
        return;
      }
      if (slugs.length < 2) {
        message.textContent = "Choose at least two different roles.";
        return;
      }
      message.textContent = "";
      show(slugs);
      if (app.getAttribute("data-update-url") === "true" && window.history && history.replaceState) {
        history.replaceState(null, "", location.pathname + X.compareQuery(slugs));
      }
    }

    // Draws the table once the roles' facts are in; only the latest request draws.
    let latest = 0;
    if (fromUrl.slugs.length >= 2) show(fromUrl.slugs);
    else comparePending();
    function show(slugs) {
      const ticket = ++latest;
      app.setAttribute("aria-busy", "true");
      loadRoles(slugs).then(function () {
        if (ticket !== latest) return;
        app.removeAttribute("aria-busy");
        draw(slugs);
      }, function () {
        if (ticket !== latest) return;
        app.removeAttribute("aria-busy");
        comparePending();
        message.textContent = "The facts for these roles could not be loaded. Check the connection and try again.";
      });
    }

    function draw(slugs) {
      const table = X.compareTable(model, slugs);
      const t = el("table", { "class": "data compare-table", id: "compare-table" });
      const titles = table.roles.map(function (r) { return r.title; });
      const caption = titles.length > 1
        ? titles.slice(0, -1).join(", ") + " and " + titles[titles.length - 1] + " compared"
        : titles.join("") + " compared";
      t.appendChild(el("caption", {}, caption));
      const head = el("tr");
      head.appendChild(el("th", { scope: "col" }, "Role"));
      table.roles.forEach(function (r) {
        const th = el("th", { scope: "col" });
        th.appendChild(el("a", { href: root + r.path }, r.title));
        head.appendChild(th);
      });
      const thead = el("thead");
      thead.appendChild(head);
      t.appendChild(thead);
      const tbody = el("tbody");
      table.rows.forEach(function (row) {
        const tr = el("tr", { "class": "row-" + row.key });
        tr.appendChild(el("th", { scope: "row" }, row.label));
        row.cells.forEach(function (c) {
          const td = el("td");
          if (c.bar) {
            td.appendChild(bar(c.bar));
            const scale = el("span", { "class": "bar-scale" });
            scale.appendChild(el("span", {}, c.bar.scale_min));
            scale.appendChild(el("span", {}, c.bar.scale_max));
            td.appendChild(scale);
          } else if (c.links && c.links.length) {
            const ul = el("ul", { "class": "cell-list" });
            c.links.forEach(function (l) {
              const li = el("li");
              li.appendChild(el("a", { href: root + l.path }, l.title));
              ul.appendChild(li);
            });
            td.appendChild(ul);
          } else if (c.text) {
            td.textContent = c.text;
          } else {
            td.appendChild(el("span", { "class": "none", title: "Not stated" }, "—"));
          }
          tr.appendChild(td);
        });
        tbody.appendChild(tr);
      });
      t.appendChild(tbody);
      const old = document.getElementById("compare-table");
      if (old && old.parentNode) old.parentNode.replaceChild(t, old);
      else result.appendChild(t);
      comparePending();
      controls.forEach(function (c, i) { setPicked(c, slugs[i]); });
    }

    function bar(b) {
      const svg = svgEl("svg", { "class": "salary-bar", viewBox: "0 0 300 22", preserveAspectRatio: "none", "aria-hidden": "true", focusable: "false" });
      svg.appendChild(svgEl("line", { "class": "axis", x1: 0, y1: 11, x2: 300, y2: 11 }));
      svg.appendChild(svgEl("rect", { "class": "band", x: b.x, y: 4, width: b.w, height: 14, rx: 3 }));
      if (b.iqr_x !== null && b.iqr_x !== undefined) {
        svg.appendChild(svgEl("rect", { "class": "iqr", x: b.iqr_x, y: 4, width: b.iqr_w, height: 14 }));
      }
      svg.appendChild(svgEl("line", { "class": "median-mark", x1: b.median_x, y1: 1, x2: b.median_x, y2: 21, "vector-effect": "non-scaling-stroke" }));
      return svg;
    }
  }

  // --- Self-assessment: score the answers in the browser; nothing is sent or stored.
  const form = document.getElementById("assessment-form");
  const source = form && document.getElementById(form.getAttribute("data-source"));
  const out = document.getElementById("assessment-results");
  if (form && source && out) {
    let quiz;
    try {
      quiz = JSON.parse(source.textContent);
    } catch (e) {
      quiz = null;
    }
    if (!quiz) return undefined;
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      const answers = quiz.questions.map(function (q, qi) {
        const checked = form.querySelector('input[name="q' + qi + '"]:checked');
        return checked ? Number(checked.value) : null;
      });
      show(X.scoreAssessment(quiz, answers));
    });
    form.addEventListener("reset", function () {
      out.textContent = "";
    });

    function show(score) {
      out.textContent = "";
      if (score.answered === 0) {
        out.appendChild(el("p", {}, "Answer at least one question to see suggestions."));
      } else if (!score.results.length) {
        out.appendChild(el("p", {}, "Your answers do not point clearly to any one role. Browse the career map to see every role, or change a few answers."));
      } else {
        out.appendChild(el("h3", {}, "Roles that fit your answers"));
        out.appendChild(el("p", { "class": "small" }, "Based on " + score.answered + " of " + score.total + " questions."));
        const list = el("ol", { "class": "result-list" });
        score.results.forEach(function (r) {
          const li = el("li");
          const strong = el("strong");
          strong.appendChild(el("a", { href: root + r.role.path }, r.role.title));
          li.appendChild(strong);
          if (r.role.summary) li.appendChild(el("p", { "class": "card-summary" }, r.role.summary));
          if (r.reasons.length) {
            const why = el("ul", { "class": "reasons" });
            r.reasons.forEach(function (reason) { why.appendChild(el("li", {}, reason)); });
            li.appendChild(why);
          }
          list.appendChild(li);
        });
        out.appendChild(list);
        const more = el("p");
        more.appendChild(document.createTextNode("Next: see where these roles lead on the "));
        more.appendChild(el("a", { href: root + paths.map }, "career map"));
        more.appendChild(document.createTextNode(", or "));
        more.appendChild(el("a", { href: root + paths.compare + X.compareQuery(score.results.map(function (r) { return r.role.slug; }).slice(0, 4)) }, "compare them side by side"));
        more.appendChild(document.createTextNode("."));
        if (score.results.length >= 2) out.appendChild(more);
      }
      out.focus();
    }
  }
  return undefined;
});
