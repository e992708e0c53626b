//! The explorer (career map, routes, comparisons, salary ranking, self-assessment), checked
//! on a small fixture whose graph is known by heart and on the bundled guide against its own
//! front-matter.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use careerguide::incremental::{Project, ProjectOptions};
use common::*;

/// Every value of `attr="…"` on elements whose class list starts with `class`.
fn attrs(html: &str, class: &str, attr: &str) -> Vec<String> {
    let mut out = Vec::new();
    let needle = format!("class=\"{class}");
    let mut rest = html;
    while let Some(pos) = rest.find(&needle) {
        let tag_start = rest[..pos].rfind('<').unwrap_or(0);
        let tag_end = pos + rest[pos..].find('>').unwrap_or(rest.len() - pos);
        let tag = &rest[tag_start..tag_end];
        let key = format!(" {attr}=\"");
        if let Some(k) = tag.find(&key) {
            let v = &tag[k + key.len()..];
            out.push(v[..v.find('"').unwrap_or(v.len())].to_string());
        }
        rest = &rest[tag_end..];
    }
    out
}

fn edges_in(html: &str) -> BTreeSet<(String, String)> {
    attrs(html, "map-edge", "data-from")
        .into_iter()
        .zip(attrs(html, "map-edge", "data-to"))
        .collect()
}

fn pair(a: &str, b: &str) -> (String, String) {
    (a.to_string(), b.to_string())
}

#[test]
fn the_map_draws_every_role_and_every_move_of_the_fixture() {
    let site = copy_fixture("explorer");
    build_ok(site.path(), &[]);
    let html = read(site.path().join("public/map/index.html"));
    let nodes: BTreeSet<String> = attrs(&html, "map-node", "data-role").into_iter().collect();
    let expected: BTreeSet<String> = [
        "data-analyst",
        "data-manager",
        "intake-assistant",
        "island-role",
        "records-clerk",
        "records-director",
        "records-technician",
        "team-lead",
    ]
    .map(String::from)
    .into();
    assert_eq!(nodes, expected);
    let edges = edges_in(&html);
    let expected_edges: BTreeSet<(String, String)> = [
        pair("records-clerk", "records-technician"),
        pair("records-clerk", "intake-assistant"),
        pair("records-technician", "team-lead"),
        pair("team-lead", "records-director"),
        pair("intake-assistant", "data-analyst"),
        pair("data-analyst", "data-manager"),
        pair("data-manager", "records-director"),
    ]
    .into();
    assert_eq!(edges, expected_edges);
    // Accessible: a title and description, nodes are links, and the same edges as text.
    assert!(html.contains(
        r#"<title id="career-map-title">Career map: 8 roles and 7 moves between them</title>"#
    ));
    assert!(html.contains(r#"<desc id="career-map-desc">"#));
    assert!(html.contains(r#"<a class="map-node " href="../roles/records-clerk/" data-role="records-clerk" aria-label="Records Clerk">"#));
    let list = &html[html.find(r#"id="map-text""#).expect("text version")..];
    assert!(list.contains(r#"<a href="../roles/data-manager/">Data Manager</a> <span class="small">(Data)</span> → leads to <a href="../roles/records-director/">Records Director</a>"#));
    // Columns run entry → executive; a role with no area gets its own row.
    let entry = html.find(">Entry level</text>").expect("entry column");
    let executive = html.find(">Executive</text>").expect("executive column");
    assert!(entry < executive);
    assert!(html.contains(">Other roles</text>"));
}

#[test]
fn a_role_page_maps_where_the_role_comes_from_and_leads() {
    let site = copy_fixture("explorer");
    build_ok(site.path(), &[]);
    let html = read(
        site.path()
            .join("public/roles/records-technician/index.html"),
    );
    let map = &html[html.find(r#"<figure class="role-map">"#).expect("role map")..];
    let figure = &map[..map.find("</figure>").expect("end of map")];
    // The map drawn twice: side by side, and stacked in one column for a phone.
    let (map, stacked) = figure
        .split_once(r#"<div class="map-stacked">"#)
        .expect("the stacked map");
    let nodes: BTreeSet<String> = attrs(map, "map-node", "data-role").into_iter().collect();
    assert_eq!(
        nodes,
        ["records-clerk", "records-technician", "team-lead"]
            .map(String::from)
            .into()
    );
    // The role itself is marked current; each node's name is its title and its level.
    assert!(map.contains(r#"<a class="map-node is-current" href="../../roles/records-technician/" data-role="records-technician" aria-label="Records Technician, Mid-career" aria-current="page">"#));
    assert!(map.contains(r#"data-role="records-clerk" aria-label="Records Clerk, Entry level">"#));
    assert_eq!(map.matches("aria-current").count(), 1);
    assert_eq!(
        edges_in(map),
        [
            pair("records-clerk", "records-technician"),
            pair("records-technician", "team-lead"),
        ]
        .into()
    );
    // The stacked drawing has the same boxes and arrows, its own ids, one current role.
    let stacked_nodes: BTreeSet<String> = attrs(stacked, "map-node", "data-role")
        .into_iter()
        .collect();
    assert_eq!(stacked_nodes, nodes);
    assert_eq!(edges_in(stacked), edges_in(map));
    assert_eq!(stacked.matches("aria-current").count(), 1);
    assert!(stacked.contains(r#"id="role-map-stacked""#));
}

/// `next_roles: [a, b]` of every role file, read straight from the Markdown.
fn front_matter_edges(content: &Path) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for entry in std::fs::read_dir(content.join("roles")).expect("roles folder") {
        let path = entry.expect("entry").path();
        let slug = path.file_stem().unwrap().to_string_lossy().to_string();
        if slug == "_index" {
            continue;
        }
        let text = read(&path);
        let front = text.split("\n---").next().unwrap_or("");
        if let Some(line) = front.lines().find(|l| l.starts_with("next_roles:")) {
            let list = line["next_roles:".len()..].trim().trim_matches(['[', ']']);
            for next in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                out.insert((slug.clone(), next.to_string()));
            }
        }
    }
    out
}

#[test]
fn the_bundled_guides_map_matches_its_front_matter() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let out_s = out.path().join("site");
    build_ok(root, &["--output", &out_s.to_string_lossy()]);
    let html = read(out_s.join("map/index.html"));
    let roles: BTreeSet<String> = std::fs::read_dir(root.join("content/roles"))
        .unwrap()
        .map(|e| {
            e.unwrap()
                .path()
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .to_string()
        })
        .filter(|s| s != "_index")
        .collect();
    let nodes: BTreeSet<String> = attrs(&html, "map-node", "data-role").into_iter().collect();
    assert_eq!(nodes, roles);
    let expected = front_matter_edges(&root.join("content"));
    assert!(
        expected.len() > 40,
        "the guide has its moves: {}",
        expected.len()
    );
    assert_eq!(edges_in(&html), expected);
    // Each role page's small map shows exactly its moves in and out.
    let coder = read(out_s.join("roles/inpatient-coder/index.html"));
    let local = edges_in(&coder);
    let mine: BTreeSet<(String, String)> = expected
        .iter()
        .filter(|(a, b)| a == "inpatient-coder" || b == "inpatient-coder")
        .cloned()
        .collect();
    assert_eq!(local, mine);
}

#[test]
fn routes_take_the_fewest_steps_and_say_what_each_step_adds() {
    let site = copy_fixture("explorer");
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    // Two ways from the clerk to the director: 3 steps via the technician and the team lead,
    // or 4 via intake, data analyst and data manager. The route page shows the short one.
    let html = read(public.join("routes/records-clerk/records-director/index.html"));
    let chain_start = html
        .find(r#"class="route-steps route-chain""#)
        .expect("chain");
    let chain = &html[chain_start..chain_start + html[chain_start..].find("</ol>").unwrap()];
    let order: Vec<usize> = [
        "Records Clerk",
        "Records Technician",
        "Team Lead",
        "Records Director",
    ]
    .iter()
    .map(|t| {
        chain
            .find(&format!(">{t}</a>"))
            .unwrap_or_else(|| panic!("{t} on the route"))
    })
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "in route order");
    assert!(!chain.contains("Data Manager"), "not the longer route");
    assert!(html.contains("3 steps"));
    assert!(
        html.contains("+$115,000 (+328.6%)"),
        "salary change over the whole route"
    );
    // Step 1 has a pathway page and adds the RHIT; the last step needs a bachelor's degree.
    assert!(html.contains(r#"href="../../../pathways/records-clerk-to-records-technician/""#));
    assert!(html.contains("1–2 years"));
    assert!(html.contains(r#"<a href="../../../certifications/rhit/">RHIT</a>"#));
    assert!(html.contains(
        r#"<a href="../../../education/bachelor/">Bachelor&#39;s degree</a> usually needed"#
    ));
    // A longer multi-step route, where no shortcut exists.
    let long = read(public.join("routes/records-clerk/data-manager/index.html"));
    assert!(long.contains("3 steps"));
    assert!(long.contains(">Intake Assistant</a>") && long.contains(">Data Analyst</a>"));
    // No route: nothing leads back down, and the island connects to nothing.
    assert!(
        !public
            .join("routes/records-director/records-clerk")
            .exists()
    );
    assert!(!public.join("routes/island-role").exists());
    assert!(!public.join("routes/data-analyst/records-clerk").exists());
    // The role page lists its routes, nearest first, each with its route page.
    let clerk = read(public.join("roles/records-clerk/index.html"));
    let routes = &clerk[clerk.find(r#"id="routes""#).expect("routes from here")..];
    let first = routes.find("to Intake Assistant").unwrap();
    let last = routes.find("to Records Director").unwrap();
    assert!(first < last);
    assert!(routes.contains(r#"href="../../routes/records-clerk/records-director/""#));
    assert!(routes.contains("3 steps, via Records Technician, Team Lead"));
    let director = read(public.join("roles/records-director/index.html"));
    assert!(
        !director.contains(r#"id="routes""#),
        "a top role has no routes out"
    );
    // The index and the sitemap know every route page.
    let sitemap = read(public.join("sitemap.xml"));
    assert!(
        sitemap.contains("<loc>https://guide.test/routes/records-clerk/records-director/</loc>")
    );
    assert!(sitemap.contains("<loc>https://guide.test/map/</loc>"));
    assert!(sitemap.contains("<loc>https://guide.test/salaries/</loc>"));
    assert!(
        sitemap.contains("<loc>https://guide.test/compare/records-clerk/records-technician/</loc>")
    );
    let count = walkdir::WalkDir::new(public.join("routes"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "index.html")
        .count();
    // clerk: 6 destinations; technician: 2; team lead: 1; intake: 3; analyst: 2; manager: 1;
    // plus the index.
    assert_eq!(count, 6 + 2 + 1 + 3 + 2 + 1 + 1);
}

#[test]
fn salaries_are_ranked_by_median_with_ties_by_title() {
    let site = copy_fixture("explorer");
    build_ok(site.path(), &[]);
    let html = read(site.path().join("public/salaries/index.html"));
    // Each row's heading: the role's title, linked.
    let rows: Vec<&str> = html
        .split("<th scope=\"row\"><a href=\"")
        .skip(1)
        .map(|s| {
            let title = &s[s.find("\">").unwrap() + 2..];
            &title[..title.find('<').unwrap()]
        })
        .collect();
    assert_eq!(
        rows,
        [
            "Records Director",
            "Data Manager",
            "Data Analyst",
            "Records Technician",
            "Intake Assistant",
            "Records Clerk"
        ]
    );
    // Team Lead shows Data Manager's figure (the same source, year and median): one row for
    // both, under the first by title, naming the other (issue 28).
    let row = html
        .split("<tr>")
        .find(|r| r.contains(">Data Manager</a>"))
        .expect("the Data Manager row");
    assert!(
        row.contains(">Team Lead</a>") && row.contains("shared by 2 roles"),
        "{row}"
    );
    // The figures the sorting script reads (data-sort, empty where there is none), and the
    // figures a reader sees.
    assert!(html.contains(r#"<td class="num" data-sort="150000.0"><strong>$150,000</strong>"#));
    assert!(html.contains(r#"<td class="num" data-sort="29.0">+29%</td>"#));
    assert!(html.contains(r#"<td class="num" data-sort="">—</td>"#));
    assert!(html.contains(r#"<td data-sort="2"><a href="../education/"#));
    assert!(html.contains("$100,000 – $210,000"));
    // Every role names the same source: it is listed once.
    assert!(html.contains("Sources: Test. Growth"));
    // One sorting script for every table: the salary tables use the site's sortable tables,
    // published sorted by median, high to low, with growth sorting high to low first.
    assert!(html.contains(r#"<table class="data salary-table sortable">"#));
    assert!(html.contains(
        r#"data-column="median" data-first="descending" aria-sort="descending">Median</th>"#
    ));
    assert!(html.contains(r#"data-column="growth" data-first="descending">Growth</th>"#));
    // The island has no pay figures and is listed apart.
    let unpaid = &html[html.find("Roles without pay figures").expect("unpaid list")..];
    assert!(unpaid.contains("Island Role"));
}

/// The value a data script (`compare/roles.js`, a shard) assigns after `prefix`.
fn script_value(public: &Path, rel: &str, prefix: &str) -> serde_json::Value {
    let text = read(public.join(rel));
    let body = text
        .lines()
        .find_map(|l| l.strip_prefix(prefix))
        .unwrap_or_else(|| panic!("{rel} assigns with {prefix}"));
    let body = body.strip_suffix(';').expect("statement ends with ;");
    serde_json::from_str(body).expect("JSON")
}

#[test]
fn comparisons_are_pre_rendered_for_moves_and_written_as_data() {
    let site = copy_fixture("explorer");
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    let pair = read(public.join("compare/records-clerk/records-technician/index.html"));
    assert!(pair.contains("<caption>Records Clerk and Records Technician compared</caption>"));
    assert!(pair.contains(
        r#"<th scope="row">Median pay</th><td>$35,000 per year</td><td>$50,000 per year</td>"#
    ));
    assert!(pair.contains(r#"<a href="../../../education/associate/">Associate degree</a>"#));
    assert!(pair.contains(r#"data-selected="records-clerk,records-technician""#));
    // The pathway pair comes first, so it is the default comparison.
    let index = read(public.join("compare/index.html"));
    assert!(index.contains("<caption>Records Clerk and Records Technician compared</caption>"));
    assert!(index.contains(r#"href="../compare/data-manager/records-director/""#));
    // Role pages link to comparisons with their next roles.
    let clerk = read(public.join("roles/records-clerk/index.html"));
    assert!(clerk.contains(
        r#"href="../../compare/records-clerk/intake-assistant/">with Intake Assistant</a>"#
    ));
    // The data: a list of every role, and their facts in a shard (scripts, so that pages
    // opened from disk can load them).
    let list = script_value(&public, "compare/roles.js", "window.careerguideCompare = ");
    assert_eq!(list["roles"].as_array().unwrap().len(), 8);
    assert_eq!(list["shards"], serde_json::json!([8]));
    assert_eq!(list["picker"], "list");
    assert_eq!(
        list["default"],
        serde_json::json!(["records-clerk", "records-technician"])
    );
    let shard = script_value(
        &public,
        "compare/roles/0.js",
        "(window.careerguideCompareShards = window.careerguideCompareShards || {})[0] = ",
    );
    assert_eq!(shard.as_array().unwrap().len(), 8);
    let rows = list["rows"].as_array().unwrap();
    let clerk = list["roles"]
        .as_array()
        .unwrap()
        .iter()
        .position(|r| r[0] == "records-clerk")
        .unwrap();
    assert_eq!(list["roles"][clerk][1], "Records Clerk");
    assert_eq!(shard[clerk]["path"], "roles/records-clerk/");
    let cells = shard[clerk]["cells"].as_array().unwrap();
    assert_eq!(rows.len(), cells.len());
    let median = rows.iter().position(|r| r["key"] == "median").unwrap();
    assert_eq!(cells[median]["text"], "$35,000 per year");
    // The compare page loads the list at an address that changes with the data.
    assert!(index.contains(&format!(
        r#"src="../compare/roles.js?v={}""#,
        list["version"].as_str().unwrap()
    )));
    assert!(index.contains(r#"<select name="role1">"#));
    // No pair page for roles that are not a move.
    assert!(
        !public
            .join("compare/records-clerk/records-director")
            .exists()
    );
}

#[test]
fn the_assessment_is_rendered_with_its_scoring_data() {
    let site = copy_fixture("explorer");
    build_ok(site.path(), &[]);
    let html = read(site.path().join("public/articles/quiz/index.html"));
    assert!(html.contains(r#"<input type="radio" name="q1" value="0">"#));
    let start = html
        .find(r#"<script type="application/json" id="assessment-data">"#)
        .unwrap();
    let body = &html[start..];
    let json = &body[body.find('>').unwrap() + 1..body.find("</script>").unwrap()];
    let data: serde_json::Value = serde_json::from_str(json).expect("valid JSON");
    let roles: Vec<&str> = data["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["slug"].as_str().unwrap())
        .collect();
    assert_eq!(
        roles,
        [
            "data-analyst",
            "data-manager",
            "records-clerk",
            "team-lead",
            "records-director"
        ]
    );
    assert_eq!(
        data["questions"][0]["answers"][1]["points"],
        serde_json::json!([[2, 2], [0, -1]])
    );
    assert_eq!(data["roles"][0]["path"], "roles/data-analyst/");
}

#[test]
fn unknown_roles_in_an_assessment_are_errors_with_their_place() {
    let site = copy_fixture("explorer");
    let quiz = site.path().join("content/articles/quiz.md");
    let text = read(&quiz).replace("data-manager: 1", "data-manager: 1, data-wizard: 2");
    std::fs::write(&quiz, text).unwrap();
    let out = run(&["build", "--root", &site.path().to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("no role called `data-wizard`"), "{err}");
    assert!(err.contains("content/articles/quiz.md:9:53"), "{err}");
    assert!(err.contains("did you mean `data-manager`"), "{err}");
}

#[test]
fn an_assessment_outside_an_article_or_with_bad_points_is_refused() {
    let site = copy_fixture("explorer");
    let quiz = site.path().join("content/articles/quiz.md");
    let text = read(&quiz).replace("team-lead: 2,", "team-lead: 0,");
    std::fs::write(&quiz, text).unwrap();
    std::fs::write(
        site.path().join("content/roles/_index.md"),
        "---\ntitle: Roles\nassessment: {questions: []}\n---\n",
    )
    .unwrap();
    let out = run(&["build", "--root", &site.path().to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("content/articles/quiz.md:17:30"), "{err}");
    assert!(err.contains("not 0; this is 0"), "{err}");
    assert!(err.contains("content/roles/_index.md:3:1"), "{err}");
    assert!(err.contains("unknown key `assessment`"), "{err}");
}

fn options() -> ProjectOptions {
    ProjectOptions {
        base_url: Some("http://127.0.0.1:1111/".into()),
        drafts: false,
        asset_version: Some("serve".into()),
    }
}

#[test]
fn serve_adds_and_removes_explorer_pages_like_a_full_build() {
    let site = copy_fixture("explorer");
    let root = site.path();
    let (mut project, report) = Project::open(root, options());
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    assert!(
        project
            .files()
            .contains_key("routes/records-clerk/data-manager/index.html")
    );
    // Cut the data analyst's move: the routes through it disappear, and the clerk's page,
    // which lists them, is rendered again although nothing it links to directly changed.
    let analyst = root.join("content/roles/data-analyst.md");
    std::fs::write(
        &analyst,
        read(&analyst).replace("next_roles: [data-manager]", "next_roles: []"),
    )
    .unwrap();
    let report = project.apply(std::slice::from_ref(&analyst));
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    let files = project.files();
    assert!(!files.contains_key("routes/records-clerk/data-manager/index.html"));
    assert!(!files.contains_key("compare/data-analyst/data-manager/index.html"));
    assert!(
        report
            .changed
            .contains(&"roles/records-clerk/index.html".to_string()),
        "{:?}",
        report.changed
    );
    let clerk = String::from_utf8_lossy(&files["roles/records-clerk/index.html"]).into_owned();
    assert!(!clerk.contains("to Data Manager"));
    project.refresh_search();
    let (mut fresh, _) = Project::open(root, options());
    fresh.refresh_search();
    let (ours, theirs) = (project.files(), fresh.files());
    let mut a: Vec<&String> = ours.keys().collect();
    let mut b: Vec<&String> = theirs.keys().collect();
    a.sort();
    b.sort();
    assert_eq!(a, b, "the same files as a full build");
    for (path, bytes) in theirs.iter() {
        assert!(
            ours[path].as_slice() == bytes.as_slice(),
            "{path} differs from a full build"
        );
    }
}

#[test]
fn a_large_guide_compares_from_shards_and_picks_roles_by_typing() {
    // 408 roles: more than a drop-down list should hold (300), and four shards of 128.
    let site = copy_fixture("explorer");
    let root = site.path();
    for n in 0..400 {
        write_file(
            root,
            &format!("content/roles/extra-{n:03}.md"),
            &format!(
                "---\ntitle: Extra Role {n:03}\nlevel: entry\neducation: associate\nsalary: {{period: annual, median: {}, year: 2025, source: Test}}\n---\nMore.\n",
                30_000 + n * 100
            ),
        );
    }
    build_ok(root, &[]);
    let public = root.join("public");
    let list = script_value(&public, "compare/roles.js", "window.careerguideCompare = ");
    let roles = list["roles"].as_array().unwrap();
    assert_eq!(roles.len(), 408);
    assert_eq!(list["shards"], serde_json::json!([128, 128, 128, 24]));
    assert_eq!(list["picker"], "type");
    let median = list["rows"]
        .as_array()
        .unwrap()
        .iter()
        .position(|r| r["key"] == "median")
        .unwrap();
    // Every role's facts are in the shard its place in the list says, at its place there.
    let shards: Vec<serde_json::Value> = (0..4)
        .map(|n| {
            script_value(
                &public,
                &format!("compare/roles/{n}.js"),
                &format!("(window.careerguideCompareShards = window.careerguideCompareShards || {{}})[{n}] = "),
            )
        })
        .collect();
    assert!(!public.join("compare/roles/4.js").exists());
    for (k, role) in roles.iter().enumerate() {
        let slug = role[0].as_str().unwrap();
        let facts = &shards[k / 128][k % 128];
        assert_eq!(facts["path"], format!("roles/{slug}/"));
        if let Some(n) = slug.strip_prefix("extra-") {
            let n: u32 = n.parse().unwrap();
            assert_eq!(
                facts["cells"][median]["text"],
                format!(
                    "${},{:03} per year",
                    (30_000 + n * 100) / 1000,
                    (30_000 + n * 100) % 1000
                )
            );
        }
    }
    // No shard holds more than its share: the page loads little for any comparison.
    for n in 0..4 {
        let bytes = std::fs::metadata(public.join(format!("compare/roles/{n}.js")))
            .unwrap()
            .len();
        assert!(bytes < 200_000, "shard {n} is {bytes} bytes");
    }
    // The page's pickers are text boxes sharing one suggestion list, showing the default roles.
    let index = read(public.join("compare/index.html"));
    assert!(!index.contains("<select"));
    assert_eq!(index.matches(r#" list="compare-role-names""#).count(), 4);
    assert!(index.contains(r#"<datalist id="compare-role-names"></datalist>"#));
    // The list of 408 roles loads when needed, not with the page.
    assert!(index.contains(r#"data-list="../compare/roles.js?v="#));
    assert!(!index.contains(r#"<script src="../compare/roles.js"#));
    assert!(index.contains(r#"name="role1" list="compare-role-names" autocomplete="off" spellcheck="false" placeholder="Type a role's name" value="Records Clerk">"#));
    assert!(!index.contains(r#"name="role3" list="compare-role-names" autocomplete="off" spellcheck="false" placeholder="Type a role's name" value="#));
}

#[test]
fn the_compare_data_version_changes_with_the_data_only() {
    // The list's address (`compare/roles.js?v=…`) and the shards' (`?v=` from the list) carry
    // the data's version: the same content gives the same version, a renamed role (which
    // changes the list, not the facts in its shard) a new one.
    let site = copy_fixture("explorer");
    let root = site.path();
    let version = || {
        build_ok(root, &[]);
        let list = script_value(
            &root.join("public"),
            "compare/roles.js",
            "window.careerguideCompare = ",
        );
        let version = list["version"].as_str().unwrap().to_string();
        let index = read(root.join("public/compare/index.html"));
        assert!(index.contains(&format!("compare/roles.js?v={version}")));
        version
    };
    let first = version();
    assert_eq!(version(), first, "the same content, the same version");
    let clerk = read(root.join("content/roles/island-role.md"));
    write_file(
        root,
        "content/roles/island-role.md",
        &clerk.replace("title: Island Role", "title: Island Role Renamed"),
    );
    assert_ne!(version(), first, "a renamed role changes the version");
}
