//! Incremental rebuilds must give exactly the files a full build gives, while rendering only
//! the pages a change touches.

mod common;

use std::path::Path;

use careerguide::incremental::{Files, Project, ProjectOptions, RebuildKind};
use common::*;

fn options() -> ProjectOptions {
    ProjectOptions {
        base_url: Some("http://127.0.0.1:1111/".into()),
        drafts: false,
        asset_version: Some("serve".into()),
    }
}

/// A fresh full build of the same folder, for comparison.
fn full(root: &Path) -> Files {
    let (mut p, report) = Project::open(root, options());
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    p.refresh_search();
    (*p.files()).clone()
}

fn assert_same(project: &mut Project, root: &Path) {
    project.refresh_search();
    let ours = project.files();
    let expected = full(root);
    let mut ours_keys: Vec<&String> = ours.keys().collect();
    let mut expected_keys: Vec<&String> = expected.keys().collect();
    ours_keys.sort();
    expected_keys.sort();
    assert_eq!(ours_keys, expected_keys, "the same files exist");
    for (path, bytes) in expected.iter() {
        assert!(
            ours[path].as_slice() == bytes.as_slice(),
            "{path} differs from a full build"
        );
    }
}

fn edit(root: &Path, rel: &str, from: &str, to: &str) -> std::path::PathBuf {
    let path = root.join(rel);
    let text = read(&path);
    assert!(text.contains(from), "{rel} lacks {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    path
}

#[test]
fn a_body_edit_renders_only_that_page_and_the_lists() {
    let site = copy_fixture("basic");
    let root = site.path();
    let (mut project, report) = Project::open(root, options());
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    let total = report.rendered;
    let changed = edit(
        root,
        "content/roles/medical-coder.md",
        "You assign ICD-10-CM codes.",
        "You assign ICD-10-CM and CPT codes.",
    );
    let report = project.apply(&[changed]);
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    assert_eq!(report.kind, RebuildKind::Pages);
    // Only the page itself: its card (title, summary, pay) did not change.
    assert_eq!(
        report.rendered, 1,
        "rendered {} of {total} pages",
        report.rendered
    );
    assert!(
        report
            .changed
            .contains(&"roles/medical-coder/index.html".to_string()),
        "{:?}",
        report.changed
    );
    assert!(
        !report
            .changed
            .contains(&"settings/hospitals/index.html".to_string())
    );
    assert!(
        String::from_utf8_lossy(&project.files()["roles/medical-coder/index.html"])
            .contains("ICD-10-CM and CPT codes")
    );
    assert_same(&mut project, root);
}

#[test]
fn a_title_change_reaches_every_page_that_shows_it() {
    let site = copy_fixture("basic");
    let root = site.path();
    let (mut project, _) = Project::open(root, options());
    let changed = edit(
        root,
        "content/settings/hospitals.md",
        "title: Hospitals",
        "title: Hospitals and health systems",
    );
    let report = project.apply(&[changed]);
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    for page in [
        "settings/hospitals/index.html",
        "roles/medical-coder/index.html",
        "roles/cdi-specialist/index.html",
        "settings/index.html",
    ] {
        assert!(
            report.changed.contains(&page.to_string()),
            "{page} not updated: {:?}",
            report.changed
        );
    }
    assert!(
        !report
            .changed
            .contains(&"certifications/cca/index.html".to_string())
    );
    assert_same(&mut project, root);
}

#[test]
fn adding_removing_renaming_and_moving_levels_match_a_full_build() {
    let site = copy_fixture("basic");
    let root = site.path();
    let (mut project, _) = Project::open(root, options());
    // Add a role that names an existing setting and is named by the coder.
    std::fs::write(
        root.join("content/roles/coding-auditor.md"),
        "---\ntitle: Coding Auditor\nlevel: advanced\neducation: associate\nsettings: [hospitals]\nsummary: Checks coding.\n---\nAudits.\n",
    )
    .unwrap();
    let coder = edit(
        root,
        "content/roles/medical-coder.md",
        "next_roles: [cdi-specialist]",
        "next_roles: [cdi-specialist, coding-auditor]",
    );
    let report = project.apply(&[coder.clone(), root.join("content/roles/coding-auditor.md")]);
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    assert!(
        report
            .changed
            .contains(&"levels/advanced/index.html".to_string())
    );
    assert_same(&mut project, root);

    // Move the coder to another level: both level pages change.
    let report = project.apply(&[edit(
        root,
        "content/roles/medical-coder.md",
        "level: entry",
        "level: mid",
    )]);
    assert!(
        report
            .changed
            .contains(&"levels/entry/index.html".to_string()),
        "{:?}",
        report.changed
    );
    assert_same(&mut project, root);

    // Remove the pathway.
    std::fs::remove_file(root.join("content/pathways/medical-coder-to-cdi-specialist.md")).unwrap();
    let report = project.apply(&[root.join("content/pathways/medical-coder-to-cdi-specialist.md")]);
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    assert!(
        report
            .changed
            .contains(&"pathways/medical-coder-to-cdi-specialist/index.html".to_string()),
        "{report:?}"
    );
    assert!(
        !project
            .files()
            .contains_key("pathways/medical-coder-to-cdi-specialist/index.html")
    );
    assert_same(&mut project, root);

    // Rename an article (the event only names the folder).
    std::fs::rename(
        root.join("content/articles/what-is-him.md"),
        root.join("content/articles/about-him.md"),
    )
    .unwrap();
    let report = project.apply(&[root.join("content/articles")]);
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    assert!(
        project
            .files()
            .contains_key("articles/about-him/index.html")
    );
    assert_same(&mut project, root);
}

/// While a page is broken: the served files are still `before`, and another page's edit
/// rebuilds with errors, rendering nothing.
fn another_page_changes_while_broken(
    project: &mut Project,
    root: &Path,
    before: &std::sync::Arc<Files>,
) {
    assert!(
        std::sync::Arc::ptr_eq(before, &project.files()),
        "the served files did not change"
    );
    let other = edit(
        root,
        "content/settings/hospitals.md",
        "Hospitals run around the clock.",
        "Hospitals never close.",
    );
    assert!(project.apply(&[other]).has_errors());
    assert!(
        std::sync::Arc::ptr_eq(before, &project.files()),
        "the served files did not change"
    );
}

#[test]
fn errors_keep_the_last_good_files_and_fixing_recovers() {
    let site = copy_fixture("basic");
    let root = site.path();
    let (mut project, _) = Project::open(root, options());
    let before = project.files();
    let broken = edit(
        root,
        "content/roles/medical-coder.md",
        "level: entry",
        "level: [entry",
    );
    let report = project.apply(std::slice::from_ref(&broken));
    assert!(report.has_errors());
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.file.as_deref() == Some(Path::new("content/roles/medical-coder.md")))
    );
    // Meanwhile another page changes: it must appear once the error is fixed.
    another_page_changes_while_broken(&mut project, root, &before);
    let report = project.apply(&[edit(
        root,
        "content/roles/medical-coder.md",
        "level: [entry",
        "level: entry",
    )]);
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    assert!(
        String::from_utf8_lossy(&project.files()["settings/hospitals/index.html"])
            .contains("Hospitals never close.")
    );
    assert_same(&mut project, root);
}

/// A page with a wrong value is still linked while it is broken, so its bad references show
/// in the same rebuild; nothing renders meanwhile, and once fixed the site is the full
/// build's, with nothing of the half-typed page left.
#[test]
fn a_wrong_value_and_a_bad_reference_show_together_and_fixing_both_recovers() {
    let site = copy_fixture("basic");
    let root = site.path();
    let (mut project, _) = Project::open(root, options());
    let before = project.files();
    let path = "content/roles/medical-coder.md";
    edit(root, path, "remote: true", "remote: maybe");
    let broken = edit(root, path, "settings: [hospitals,", "settings: [hospitls,");
    let report = project.apply(std::slice::from_ref(&broken));
    let mine: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.file.as_deref() == Some(Path::new(path)))
        .map(|d| d.message.clone())
        .collect();
    assert!(
        mine.iter().any(|m| m.contains("`true` or `false`")),
        "{mine:?}"
    );
    assert!(mine.iter().any(|m| m.contains("hospitls")), "{mine:?}");
    another_page_changes_while_broken(&mut project, root, &before);
    edit(root, path, "remote: maybe", "remote: true");
    let report = project.apply(&[edit(root, path, "[hospitls,", "[hospitals,")]);
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    assert_same(&mut project, root);
}

#[test]
fn template_and_stylesheet_changes() {
    let site = copy_fixture("basic");
    let root = site.path();
    let mut yaml = read(root.join("site.yaml"));
    yaml.push_str("theme: mine\n");
    std::fs::write(root.join("site.yaml"), yaml).unwrap();
    std::fs::create_dir_all(root.join("themes/mine/templates")).unwrap();
    std::fs::create_dir_all(root.join("themes/mine/static/assets")).unwrap();
    let (mut project, _) = Project::open(root, options());
    std::fs::write(
        root.join("themes/mine/static/assets/style.css"),
        "body { color: red; }",
    )
    .unwrap();
    let report = project.apply(&[root.join("themes/mine/static/assets/style.css")]);
    assert_eq!(report.kind, RebuildKind::Static);
    assert!(report.css_only);
    assert_eq!(report.changed, vec!["assets/style.css".to_string()]);
    std::fs::write(root.join("themes/mine/templates/setting.html"), "{% extends \"base.html\" %}{% block main %}<p class=\"mine\">{{ page.title }}</p>{% endblock main %}").unwrap();
    let report = project.apply(&[root.join("themes/mine/templates/setting.html")]);
    assert_eq!(report.kind, RebuildKind::Full);
    assert!(
        String::from_utf8_lossy(&project.files()["settings/hospitals/index.html"])
            .contains("<p class=\"mine\">Hospitals</p>")
    );
    assert_same(&mut project, root);
}

#[test]
fn a_list_that_shrinks_loses_its_later_pages() {
    let site = copy_fixture("explorer");
    let root = site.path();
    let yaml = read(root.join("site.yaml"));
    write_file(root, "site.yaml", &format!("{yaml}paginate_by: 2\n"));
    let (mut project, report) = Project::open(root, options());
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    // Three mid-career roles: two pages.
    assert!(project.files().contains_key("levels/mid/page/2/index.html"));
    let changed = edit(
        root,
        "content/roles/island-role.md",
        "level: mid",
        "level: entry",
    );
    let report = project.apply(&[changed]);
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    assert!(
        !project.files().contains_key("levels/mid/page/2/index.html"),
        "the mid-career list fits on one page now"
    );
    assert!(
        report
            .changed
            .contains(&"levels/mid/page/2/index.html".to_string()),
        "{:?}",
        report.changed
    );
    // Entry level grew from two roles to three: its second page appears.
    assert!(
        project
            .files()
            .contains_key("levels/entry/page/2/index.html")
    );
    assert_same(&mut project, root);

    // A list that is gone takes its later pages with it: the three entry-level roles move
    // to the executive level, and the entry level's two pages both go.
    let moved: Vec<_> = ["intake-assistant", "records-clerk", "island-role"]
        .iter()
        .map(|slug| {
            edit(
                root,
                &format!("content/roles/{slug}.md"),
                "level: entry",
                "level: executive",
            )
        })
        .collect();
    let report = project.apply(&moved);
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    for gone in ["levels/entry/index.html", "levels/entry/page/2/index.html"] {
        assert!(
            !project.files().contains_key(gone),
            "{gone} is still served"
        );
    }
    assert!(
        project
            .files()
            .contains_key("levels/executive/page/2/index.html")
    );
    assert_same(&mut project, root);
}
