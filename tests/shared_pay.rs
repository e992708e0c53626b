//! Honest pay on the bundled guide (issue 28): BLS publishes one figure per SOC occupation, so
//! roles mapped to one code show one figure. Every place that shows it says so: the role page
//! names the occupation, source and the other roles; `/salaries/` ranks them as one row; a
//! pathway between two of them says the data does not separate them instead of "+$0 (0%)".
//! The groups are read from the guide's own front-matter here (the roles' SOC codes, whose
//! one wage table each role takes its pay from), not from the program.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;

/// Role slug → its SOC code, read from `content/roles/*.md` (roles without a hand-written
/// salary take their pay from the SOC's table in `data/wages/`).
fn role_figures(root: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(root.join("content/roles")).expect("roles folder") {
        let path = entry.expect("entry").path();
        let slug = path.file_stem().unwrap().to_string_lossy().to_string();
        if slug.starts_with('_') {
            continue;
        }
        let text = read(&path);
        let front = text.split("\n---").next().unwrap_or("");
        if front.lines().any(|l| l.trim_start().starts_with("median:")) {
            continue;
        }
        if let Some(soc) = front
            .lines()
            .find_map(|l| l.strip_prefix("soc: "))
            .map(|v| v.trim().trim_matches('"').to_string())
        {
            out.insert(slug, soc);
        }
    }
    out
}

/// The figures two or more roles show, with their roles.
fn shared_groups(root: &Path) -> Vec<(String, Vec<String>)> {
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (slug, figure) in role_figures(root) {
        groups.entry(figure).or_default().push(slug);
    }
    groups
        .into_iter()
        .filter(|(_, roles)| roles.len() > 1)
        .map(|(soc, roles)| (format!("SOC {soc}"), roles))
        .collect()
}

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().expect("temp dir");
    let public = out.path().join("public");
    build_ok(root, &["--output", &public.to_string_lossy()]);
    (out, public)
}

#[test]
fn pages_say_when_a_pay_figure_is_shared_and_never_show_a_zero_difference() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let groups = shared_groups(root);
    let (biggest_source, biggest) = groups
        .iter()
        .max_by_key(|g| g.1.len())
        .expect("the bundled guide has roles sharing a figure");
    assert!(biggest.len() >= 10, "{biggest_source}: {biggest:?}");
    let (_out, public) = built();

    // Each role page of a shared figure says so, with the source and the other roles.
    for slug in biggest {
        let html = read(public.join(format!("roles/{slug}/index.html")));
        let note = format!("{biggest_source} (");
        assert!(html.contains(&note), "roles/{slug}/ lacks: {note}");
        let note = format!("; {} roles in this guide share this figure", biggest.len());
        assert!(html.contains(&note), "roles/{slug}/ lacks: {note}");
        for other in biggest.iter().filter(|o| *o != slug) {
            assert!(
                html.contains(&format!("roles/{other}/\"")),
                "roles/{slug}/ links {other}"
            );
        }
    }
    // A role whose figure is its own says nothing of the kind.
    let own: Vec<String> = role_figures(root)
        .into_keys()
        .filter(|s| !groups.iter().any(|g| g.1.contains(s)))
        .collect();
    let html = read(public.join(format!("roles/{}/index.html", own[0])));
    assert!(!html.contains("share this figure"), "roles/{}/", own[0]);

    // The ranking: one row per figure, listing every role that shows it.
    let salaries = read(public.join("salaries/index.html"));
    let rows: Vec<&str> = salaries
        .split("<tr>")
        .skip(1)
        .filter(|r| r.contains("<th scope=\"row\">"))
        .collect();
    let figures = role_figures(root)
        .into_values()
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    assert_eq!(rows.len(), figures, "one row per published figure");
    let row = rows
        .iter()
        .find(|r| r.contains(&format!("roles/{}/\"", biggest[0])))
        .expect("the shared figure's row");
    for slug in biggest {
        assert!(
            row.contains(&format!("roles/{slug}/\"")),
            "the row lists {slug}"
        );
    }

    // Pathways and routes between roles of one figure: no "+$0 (0%)".
    for dir in ["pathways", "routes"] {
        for entry in walk(&public.join(dir)) {
            let html = read(&entry);
            assert!(
                !html.contains("$0 (0%)"),
                "{} shows a zero difference",
                entry.display()
            );
        }
    }
    let clerk_to_tech = read(
        public.join("pathways/medical-records-clerk-to-medical-records-technician/index.html"),
    );
    assert!(
        biggest.contains(&"medical-records-clerk".to_string())
            && biggest.contains(&"medical-records-technician".to_string())
    );
    assert!(clerk_to_tech.contains("The data does not separate these roles"));
}

/// Every `index.html` under `dir`.
fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if path.file_name().is_some_and(|n| n == "index.html") {
            out.push(path);
        }
    }
    out
}
