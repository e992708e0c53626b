//! `serve` runs on the build's own pipeline: the files it serves for the bundled guide are the
//! files `build` writes, and stay so through a series of edits made while it runs.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use careerguide::build::{BuildOptions, build};
use careerguide::incremental::{Project, ProjectOptions};
use common::*;

/// What `serve` holds, after its search index is brought up to date.
fn served(project: &mut Project) -> BTreeMap<String, Vec<u8>> {
    let diags = project.refresh_search();
    assert!(diags.is_empty(), "{diags:?}");
    project
        .files()
        .iter()
        .map(|(path, bytes)| (path.clone(), bytes.as_slice().to_vec()))
        .collect()
}

/// What a fresh `build` of `root` writes, less what `serve` deliberately leaves out: the
/// service worker and its list of files to keep offline (`serve` answers `sw.js` with a worker
/// that caches nothing, so edits are never hidden by an offline copy).
fn built(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let out = tempfile::tempdir().unwrap();
    let mut opts = BuildOptions::new(root);
    opts.output = Some(out.path().join("public"));
    if let Err(diags) = build(&opts) {
        panic!(
            "the build fails:\n{}",
            careerguide::diagnostics::render_all(&diags, false)
        );
    }
    snapshot(&out.path().join("public"))
        .into_iter()
        .map(|(path, bytes)| (path.to_string_lossy().replace('\\', "/"), bytes))
        .filter(|(path, _)| {
            path != "sw.js" && path != "offline.json" && !path.starts_with(".careerguide")
        })
        .collect()
}

fn assert_same(project: &mut Project, root: &Path, after: &str) {
    let ours = served(project);
    let expected = built(root);
    let ours_paths: Vec<&String> = ours.keys().collect();
    let expected_paths: Vec<&String> = expected.keys().collect();
    assert_eq!(ours_paths, expected_paths, "{after}: the same files exist");
    for (path, bytes) in &expected {
        assert!(
            &ours[path] == bytes,
            "{after}: /{path} differs between serve and build"
        );
    }
}

/// Replaces the first `from` in the file at `rel` and tells the project.
fn edit(project: &mut Project, root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = read(&path);
    assert!(text.contains(from), "{rel} lacks {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    let report = project.apply(&[path]);
    assert!(!report.has_errors(), "{rel}: {:?}", report.diagnostics);
}

#[test]
fn serve_serves_what_build_writes_through_a_series_of_edits() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for part in ["content", "data"] {
        copy_dir(&repo.join(part), &root.join(part));
    }
    std::fs::copy(repo.join("site.yaml"), root.join("site.yaml")).unwrap();
    let options = ProjectOptions {
        base_url: None,
        drafts: false,
        asset_version: None,
    };
    let (mut project, report) = Project::open(root, options);
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    assert_same(&mut project, root, "at the start");

    // Rename a setting.
    edit(
        &mut project,
        root,
        "content/settings/remote-work.md",
        "title: ",
        "title: Working from home, or ",
    );
    assert_same(&mut project, root, "after renaming a setting");

    // Rename a setting's file, which moves its page: every page naming it follows.
    let old_slug = "remote-work";
    let new_slug = "working-from-home";
    let old_file = root.join(format!("content/settings/{old_slug}.md"));
    let new_file = root.join(format!("content/settings/{new_slug}.md"));
    std::fs::rename(&old_file, &new_file).unwrap();
    let mut changed = vec![old_file, new_file];
    for (path, text) in pages_naming(root, old_slug) {
        std::fs::write(&path, text.replace(old_slug, new_slug)).unwrap();
        changed.push(path);
    }
    let report = project.apply(&changed);
    assert!(
        !report.has_errors(),
        "{}",
        careerguide::diagnostics::render_all(&report.diagnostics, false)
    );
    assert_same(&mut project, root, "after renaming a setting's file");

    // Change a salary in the wage table roles take theirs from.
    let table = "data/wages/29-2072.csv";
    let text = read(root.join(table));
    let national = text
        .lines()
        .find(|l| l.contains("national"))
        .expect("a national row")
        .to_string();
    let mut cells: Vec<String> = national.split(',').map(str::to_string).collect();
    let median = cells.len() - 3;
    cells[median] = "61234".into();
    std::fs::write(
        root.join(table),
        text.replacen(&national, &cells.join(","), 1),
    )
    .unwrap();
    let report = project.apply(&[root.join(table)]);
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    assert_same(&mut project, root, "after changing a wage table");

    // A role's own salary, written in its front-matter, then changed.
    let own = "content/roles/systems-analyst.md";
    edit(
        &mut project,
        root,
        own,
        "\nsoc: ",
        "\nsalary: {period: annual, median: 60000, year: 2025, source: \"An employers' survey, 2025\"}\nsoc: ",
    );
    assert_same(&mut project, root, "after writing a role's own salary");
    edit(&mut project, root, own, "median: 60000", "median: 61234");
    assert_same(&mut project, root, "after changing a salary");

    // Add a role, leading to an existing one.
    let model = read(root.join("content/roles/systems-analyst.md"));
    let added = root.join("content/roles/records-integrity-analyst.md");
    std::fs::write(
        &added,
        model.replacen(
            "title: Systems Analyst",
            "title: Records Integrity Analyst",
            1,
        ),
    )
    .unwrap();
    let report = project.apply(std::slice::from_ref(&added));
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    assert_same(&mut project, root, "after adding a role");

    // Delete another role, with what named it: a pathway from it, links and answer points.
    let gone = "health-information-clerk";
    let mut changed = vec![root.join(format!("content/roles/{gone}.md"))];
    std::fs::remove_file(&changed[0]).unwrap();
    for (path, text) in pages_naming(root, gone) {
        if text.contains(&format!("from: {gone}\n")) || text.contains(&format!("to: {gone}\n")) {
            std::fs::remove_file(&path).unwrap();
        } else {
            std::fs::write(&path, without_role(&text, gone)).unwrap();
        }
        changed.push(path);
    }
    let report = project.apply(&changed);
    assert!(
        !report.has_errors(),
        "{}",
        careerguide::diagnostics::render_all(&report.diagnostics, false)
    );
    assert_same(&mut project, root, "after deleting a role");

    // Edit a heading.
    edit(
        &mut project,
        root,
        "content/roles/systems-analyst.md",
        "## A typical day",
        "## A typical working day",
    );
    assert_same(&mut project, root, "after editing a heading");
}

/// The Markdown files of the guide whose text holds `slug`, with their text.
fn pages_naming(root: &Path, slug: &str) -> Vec<(std::path::PathBuf, String)> {
    walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .map(|entry| entry.unwrap().into_path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .map(|path| {
            let text = read(&path);
            (path, text)
        })
        .filter(|(_, text)| text.contains(slug))
        .collect()
}

/// `text` without references to the role `slug`: Markdown links to it become plain text, and
/// it leaves lists (`[a, slug, b]`) and maps of points (`{a: 1, slug: 2}`).
fn without_role(text: &str, slug: &str) -> String {
    let link = format!("](@/roles/{slug}.md)");
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(end) = rest.find(&link) {
        let start = rest[..end].rfind('[').expect("a link's text");
        out.push_str(&rest[..start]);
        out.push_str(&rest[start + 1..end]);
        rest = &rest[end + link.len()..];
    }
    out.push_str(rest);
    let mut cleaned = out;
    for pattern in [
        format!(", {slug}: 1"),
        format!(", {slug}: 2"),
        format!("{slug}: 1, "),
        format!("{slug}: 2, "),
        format!(", {slug}]"),
        format!("{slug}, "),
    ] {
        let replacement = if pattern.ends_with(']') { "]" } else { "" };
        cleaned = cleaned.replace(&pattern, replacement);
    }
    cleaned
}

#[test]
fn removing_a_role_from_text_keeps_the_rest() {
    let text =
        "roles: {a: 1, gone: 2, b: 1}\nnext: [a, gone]\nSee [the gone](@/roles/gone.md) too.\n";
    assert_eq!(
        without_role(text, "gone"),
        "roles: {a: 1, b: 1}\nnext: [a]\nSee the gone too.\n"
    );
}
