// Unit tests of the explorer's browser logic (themes/default/static/assets/explorer.js) and
// the table ordering of site.js:
// `node --test tests/js/`.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const X = require(path.join(__dirname, "../../themes/default/static/assets/explorer.js"));
// site.js hands its pure table ordering to node instead of wiring a page.
const S = require(path.join(__dirname, "../../themes/default/static/assets/site.js"));

const compareData = {
  max: 4,
  rows: [
    { key: "level", label: "Career level" },
    { key: "median", label: "Median pay" },
  ],
  roles: [
    { slug: "inpatient-coder", title: "Inpatient Coder", path: "roles/inpatient-coder/", cells: [{ text: "Mid-career" }, { text: "$51,140 per year" }] },
    { slug: "cdi-specialist", title: "CDI Specialist", path: "roles/cdi-specialist/", cells: [{ text: "Advanced" }, {}] },
    { slug: "him-director", title: "HIM Director", path: "roles/him-director/", cells: [{ text: "Executive" }, { text: "$123,860 per year" }] },
    { slug: "coding-auditor", title: "Coding Auditor", path: "roles/coding-auditor/", cells: [{ text: "Advanced" }, { text: "$51,140 per year" }] },
    { slug: "privacy-officer", title: "Privacy Officer", path: "roles/privacy-officer/", cells: [{ text: "Executive" }, { text: "$141,900 per year" }] },
  ],
};

test("parseRoles keeps known roles in order, once, and reports the rest", () => {
  const r = X.parseRoles("?roles=inpatient-coder,cdi-specialist", compareData);
  assert.deepEqual(r, { slugs: ["inpatient-coder", "cdi-specialist"], unknown: [], dropped: [] });
  const messy = X.parseRoles("?roles=%20CDI-Specialist%20,,nope,cdi-specialist,him-director", compareData);
  assert.deepEqual(messy.slugs, ["cdi-specialist", "him-director"]);
  assert.deepEqual(messy.unknown, ["nope"]);
  const many = X.parseRoles("?roles=inpatient-coder,cdi-specialist,him-director,coding-auditor,privacy-officer", compareData);
  assert.equal(many.slugs.length, 4);
  assert.deepEqual(many.dropped, ["privacy-officer"]);
  assert.deepEqual(X.parseRoles("", compareData).slugs, []);
  assert.deepEqual(X.parseRoles("?other=1", compareData).slugs, []);
  // Script-looking input is just an unknown slug, never markup.
  assert.deepEqual(X.parseRoles("?roles=<img src=x onerror=alert(1)>", compareData).unknown, ["<img src=x onerror=alert(1)>"]);
});

test("compareTable lays roles across and rows down, in the data's row order", () => {
  const t = X.compareTable(compareData, ["him-director", "missing", "inpatient-coder"]);
  assert.deepEqual(t.roles.map((r) => r.slug), ["him-director", "inpatient-coder"]);
  assert.deepEqual(t.rows.map((r) => r.key), ["level", "median"]);
  assert.deepEqual(t.rows[1].cells, [{ text: "$123,860 per year" }, { text: "$51,140 per year" }]);
  const gap = X.compareTable(compareData, ["cdi-specialist", "coding-auditor"]);
  assert.deepEqual(gap.rows[1].cells[0], {}, "a missing figure stays empty (shown as a dash)");
  assert.equal(X.compareQuery(["a-b", "c"]), "?roles=a-b,c");
});

const quiz = {
  suggestions: 2,
  roles: [
    { slug: "coder", title: "Coder", path: "roles/coder/" },
    { slug: "analyst", title: "Analyst", path: "roles/analyst/" },
    { slug: "auditor", title: "Auditor", path: "roles/auditor/" },
  ],
  questions: [
    { answers: [{ reason: "You like rules", points: [[0, 3], [2, 2]] }, { reason: "You like variety", points: [[1, 2], [0, -2]] }] },
    { answers: [{ reason: "You like data", points: [[1, 3]] }, { reason: null, points: [] }] },
    { answers: [{ reason: "You like checking", points: [[2, 1], [0, 1]] }, { reason: "You like rules", points: [[0, 1]] }] },
  ],
};

test("scoreAssessment adds points, ranks, keeps reasons and limits the list", () => {
  const s = X.scoreAssessment(quiz, [0, 0, 0]);
  assert.equal(s.answered, 3);
  assert.equal(s.total, 3);
  // coder 3+1 = 4, analyst 3, auditor 2+1 = 3: ties by title, two suggestions.
  assert.deepEqual(s.results.map((r) => [r.role.slug, r.score]), [["coder", 4], ["analyst", 3]]);
  assert.deepEqual(s.results[0].reasons, ["You like rules", "You like checking"]);
  assert.deepEqual(s.results[1].reasons, ["You like data"]);
});

test("scoreAssessment counts negative points and skips unanswered questions", () => {
  const s = X.scoreAssessment(quiz, [1, null, 1]);
  assert.equal(s.answered, 2);
  // coder -2 + 1 = -1 is not suggested; analyst 2.
  assert.deepEqual(s.results.map((r) => [r.role.slug, r.score]), [["analyst", 2]]);
  assert.deepEqual(X.scoreAssessment(quiz, [null, null, null]), { answered: 0, total: 3, results: [] });
  // Repeated reasons appear once; answers out of range are ignored.
  assert.deepEqual(X.scoreAssessment(quiz, [0, 5, 1]).results[0].reasons, ["You like rules"]);
});

test("orderRows sorts numbers and text either way, missing values last, ties by row heading", () => {
  const rows = [
    { heading: "B", value: 50 },
    { heading: "a", value: 50 },
    { heading: "C", value: 90 },
    { heading: "D", value: null },
    { heading: "E", value: NaN },
    { heading: "F", value: 40 },
  ];
  const headings = (r) => r.map((x) => x.heading).join("");
  assert.equal(headings(S.orderRows(rows, "descending")), "CaBFDE");
  assert.equal(headings(S.orderRows(rows, "ascending")), "FaBCDE");
  assert.equal(headings(rows), "BaCDEF", "the input is left as it was");
  // Text ignores case; the heading breaks ties.
  const text = [
    { heading: "Ohio", value: "b" },
    { heading: "Iowa", value: "A" },
    { heading: "Utah", value: "b" },
    { heading: "Guam", value: null },
  ];
  assert.equal(headings(S.orderRows(text, "ascending")), "IowaOhioUtahGuam");
  assert.equal(headings(S.orderRows(text, "descending")), "OhioUtahIowaGuam");
});

test("trace lights every route into and out of a role", () => {
  const edges = [
    { from: "clerk", to: "tech" },
    { from: "tech", to: "lead" },
    { from: "lead", to: "director" },
    { from: "intake", to: "analyst" },
    { from: "clerk", to: "intake" },
    { from: "other", to: "analyst" },
  ];
  const t = X.trace(edges, "tech");
  assert.deepEqual(t.down, ["director", "lead"]);
  assert.deepEqual(t.up, ["clerk"]);
  assert.deepEqual(t.edges, [0, 1, 2]);
  const a = X.trace(edges, "analyst");
  assert.deepEqual(a.up, ["clerk", "intake", "other"]);
  assert.deepEqual(a.down, []);
  assert.deepEqual(a.edges, [3, 4, 5]);
});
