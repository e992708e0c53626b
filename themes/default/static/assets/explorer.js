// careerguide explorer logic: comparing roles, scoring the self-assessment and tracing
// routes on the career map (tables sort with site.js). Pure functions over plain data, no
// DOM, so the same file runs in the browser (as window.CareerExplorer) and under `node
// --test` (require), with site.js's shared helpers. The page wiring is in explorer-ui.js.
// Every figure arrives already formatted by the site build; nothing here formats money.
(function (root, name, factory) {
  "use strict";
  const api = factory(root);
  if (typeof module === "object" && module.exports) module.exports = api;
  else if (name) root[name] = api;
})(typeof self !== "undefined" ? self : this, "CareerExplorer", function (global) {
  "use strict";
  // In the page site.js has run first; under node there is no page, so load it here.
  const shared = global.careerguide || require("./site.js");
  const compareText = shared.compareText;

  /**
   * The roles named in a query string (`?roles=a,b`), known ones only, without repeats, at
   * most `data.max`. Returns { slugs, unknown, dropped } so the page can say what it ignored.
   */
  function parseRoles(search, data) {
    const known = {};
    (data.roles || []).forEach(function (r) { known[r.slug] = true; });
    let raw = "";
    try {
      raw = new URLSearchParams(search || "").get("roles") || "";
    } catch (e) {
      raw = "";
    }
    const slugs = [];
    const unknown = [];
    const dropped = [];
    const max = data.max || 4;
    raw.split(",").forEach(function (part) {
      const slug = part.trim().toLowerCase();
      if (!slug) return;
      if (!Object.prototype.hasOwnProperty.call(known, slug)) {
        if (unknown.indexOf(slug) < 0) unknown.push(slug);
      } else if (slugs.indexOf(slug) < 0) {
        if (slugs.length < max) slugs.push(slug);
        else dropped.push(slug);
      }
    });
    return { slugs: slugs, unknown: unknown, dropped: dropped };
  }

  /** `?roles=a,b` for a list of slugs. */
  function compareQuery(slugs) {
    return "?roles=" + slugs.map(encodeURIComponent).join(",");
  }

  /**
   * The comparison table for `slugs`: roles across, the data file's rows down, the same
   * shape the site build renders ({ roles: [{title, path}], rows: [{key, label, cells}] }).
   * Unknown slugs are skipped.
   */
  function compareTable(data, slugs) {
    const bySlug = {};
    (data.roles || []).forEach(function (r) { bySlug[r.slug] = r; });
    const picked = slugs.filter(function (s) { return bySlug[s]; }).map(function (s) { return bySlug[s]; });
    return {
      roles: picked.map(function (r) { return { slug: r.slug, title: r.title, path: r.path }; }),
      rows: (data.rows || []).map(function (row, k) {
        return {
          key: row.key,
          label: row.label,
          cells: picked.map(function (r) { return (r.cells && r.cells[k]) || {}; })
        };
      })
    };
  }

  /**
   * Scores the self-assessment. `answers[q]` is the index of the answer chosen for question
   * `q`, or null. Each chosen answer adds its points to its roles; roles with more than zero
   * points are suggested, highest first (ties by title), at most `data.suggestions`, each
   * with the reasons of the answers that gave it points.
   */
  function scoreAssessment(data, answers) {
    const scores = (data.roles || []).map(function () { return 0; });
    const reasons = (data.roles || []).map(function () { return []; });
    let answered = 0;
    (data.questions || []).forEach(function (q, qi) {
      const choice = answers[qi];
      if (choice === null || choice === undefined) return;
      const answer = q.answers && q.answers[choice];
      if (!answer) return;
      answered += 1;
      (answer.points || []).forEach(function (pair) {
        const role = pair[0];
        const points = pair[1];
        if (role < 0 || role >= scores.length) return;
        scores[role] += points;
        if (points > 0 && answer.reason && reasons[role].indexOf(answer.reason) < 0) {
          reasons[role].push(answer.reason);
        }
      });
    });
    const results = (data.roles || [])
      .map(function (role, i) { return { role: role, score: scores[i], reasons: reasons[i] }; })
      .filter(function (r) { return r.score > 0; })
      .sort(function (a, b) {
        return b.score - a.score || compareText(a.role.title, b.role.title);
      })
      .slice(0, data.suggestions || 3);
    return { answered: answered, total: (data.questions || []).length, results: results };
  }

  /**
   * Everything connected to `start` along the arrows: the roles it can lead to (`down`), the
   * roles that lead to it (`up`), and the indices of the edges on those routes.
   */
  function trace(edges, start) {
    function walk(forward) {
      const seen = {};
      const queue = [start];
      while (queue.length) {
        const at = queue.shift();
        edges.forEach(function (e) {
          const from = forward ? e.from : e.to;
          const to = forward ? e.to : e.from;
          if (from === at && to !== start && !seen[to]) {
            seen[to] = true;
            queue.push(to);
          }
        });
      }
      return seen;
    }
    const down = walk(true);
    const up = walk(false);
    const lit = [];
    edges.forEach(function (e, i) {
      const forward = (e.from === start || down[e.from]) && down[e.to];
      const backward = up[e.from] && (e.to === start || up[e.to]);
      if (forward || backward) lit.push(i);
    });
    return { down: Object.keys(down).sort(), up: Object.keys(up).sort(), edges: lit };
  }

  return {
    parseRoles: parseRoles,
    compareQuery: compareQuery,
    compareTable: compareTable,
    scoreAssessment: scoreAssessment,
    trace: trace
  };
});
