//! Sources a guide may cite (`disallowed_link_hosts` in site.yaml, rejected by `check` at the
//! link) and the professional associations role pages list (`data/associations.yaml`).

mod common;

use std::path::Path;

use common::*;

fn check_json(root: &Path) -> (Option<i32>, Vec<serde_json::Value>) {
    let root = root.to_string_lossy().to_string();
    let out = run(&["check", "--root", &root, "--format", "json"]);
    let parsed: serde_json::Value = serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("invalid JSON ({e}):\n{}", stdout(&out)));
    (
        out.status.code(),
        parsed.as_array().cloned().unwrap_or_default(),
    )
}

fn place(d: &serde_json::Value) -> String {
    format!(
        "{}:{}:{}",
        d["file"].as_str().unwrap_or(""),
        d["line"],
        d["column"]
    )
}

fn with_code<'a>(list: &'a [serde_json::Value], code: &str) -> Vec<&'a serde_json::Value> {
    list.iter().filter(|d| d["code"] == code).collect()
}

const CITING_PAGE: &str = "---\ntitle: Exam notes\nsummary: Notes.\nsources:\n  - {title: CHPS, url: \"https://cms-test.ahima.example/chps/\", year: 2021}\n---\nSee the [study guide](https://www.exam-prep.example/cca) and [AHIMA](https://www.ahima.example/).\n";

fn append_hosts(root: &Path, lines: &str) {
    let path = root.join("site.yaml");
    let mut text = read(&path);
    text.push_str(lines);
    std::fs::write(path, text).unwrap();
}

#[test]
fn a_link_to_a_disallowed_host_is_an_error_at_the_link() {
    let site = copy_fixture("editors");
    write_file(site.path(), "content/articles/exam-notes.md", CITING_PAGE);
    // Without the rule, the same links pass.
    let (code, list) = check_json(site.path());
    assert_eq!(code, Some(0), "{list:#?}");

    append_hosts(
        site.path(),
        "disallowed_link_hosts:\n  - cms-test.ahima.example\n  - exam-prep.example\n",
    );
    let (code, list) = check_json(site.path());
    assert_eq!(code, Some(1), "a disallowed host fails the check");
    let found = with_code(&list, "disallowed-link-host");
    let places: Vec<String> = found.iter().map(|d| place(d)).collect();
    assert_eq!(
        places,
        [
            // The source's url in front-matter, then the link in the body (a subdomain).
            "content/articles/exam-notes.md:5:25",
            "content/articles/exam-notes.md:7:23",
        ]
    );
    for d in &found {
        assert_eq!(d["severity"], "error");
        let help = d["help"].as_str().unwrap_or("");
        assert!(help.contains("primary source"), "{help}");
    }
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("cms-test.ahima.example"),
        "{found:#?}"
    );
    // The production host next to them is not touched.
    assert!(
        !list.iter().any(|d| d["message"]
            .as_str()
            .unwrap_or("")
            .contains("www.ahima.example")),
        "{list:#?}"
    );
}

#[test]
fn an_entry_that_is_not_a_host_name_is_named_at_its_line() {
    let site = copy_fixture("editors");
    append_hosts(
        site.path(),
        "disallowed_link_hosts:\n  - ok.example\n  - https://bad.example/path\n",
    );
    let (code, list) = check_json(site.path());
    assert_eq!(code, Some(1));
    let bad = with_code(&list, "bad-link-host");
    assert_eq!(bad.len(), 1, "{list:#?}");
    assert_eq!(place(bad[0]), "site.yaml:9:5");
    assert!(
        bad[0]["help"]
            .as_str()
            .unwrap_or("")
            .contains("one host per entry")
    );
}

#[test]
fn the_bundled_guide_lists_hosts_and_cites_none_of_them() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = careerguide::config::SiteConfig::load(root, None).expect("site.yaml loads");
    for host in [
        "cms-test.ahima.org",
        "open-exam-prep.com",
        "collegegrad.com",
    ] {
        assert!(
            config.disallowed_link_hosts.iter().any(|h| h == host),
            "{host} is not in disallowed_link_hosts"
        );
    }
    let report = careerguide::check::check(&careerguide::check::CheckOptions::new(root));
    let bad: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "disallowed-link-host")
        .map(|d| format!("{}: {}", d.location(), d.message))
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
    assert!(report.pages > 0);
}

const ASSOCIATIONS: &str = "associations:\n  - name: Coders Guild\n    url: https://coders.example/\n    about: For coders.\n    roles: [medical-coder]\n  - name: Documentation Society\n    abbr: DS\n    url: https://docs.example/\n    about: For everyone in coding.\n    areas: [coding]\n";

#[test]
fn role_pages_list_the_associations_of_their_role_and_area() {
    let site = copy_fixture("editors");
    write_file(site.path(), "data/associations.yaml", ASSOCIATIONS);
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    build_ok(site.path(), &["--output", &public.to_string_lossy()]);
    let coder = read(public.join("roles/medical-coder/index.html"));
    assert!(coder.contains("More information"), "{coder}");
    assert!(coder.contains(r#"<a href="https://coders.example/">Coders Guild</a>"#));
    assert!(coder.contains("Documentation Society (DS)"));
    // The CDI specialist is in the area but is not named: only the area's body.
    let cdi = read(public.join("roles/cdi-specialist/index.html"));
    assert!(cdi.contains("Documentation Society (DS)"));
    assert!(!cdi.contains("Coders Guild"));
}

#[test]
fn an_association_naming_an_unknown_role_is_an_error_at_the_slug() {
    let site = copy_fixture("editors");
    write_file(
        site.path(),
        "data/associations.yaml",
        &ASSOCIATIONS.replace("roles: [medical-coder]", "roles: [medical-coderr]"),
    );
    let (code, list) = check_json(site.path());
    assert_eq!(code, Some(1));
    let unknown = with_code(&list, "unknown-reference");
    assert_eq!(unknown.len(), 1, "{list:#?}");
    assert_eq!(place(unknown[0]), "data/associations.yaml:5:13");
    assert!(
        unknown[0]["help"]
            .as_str()
            .unwrap_or("")
            .contains("`medical-coder`"),
        "{:?}",
        unknown[0]
    );
}

#[test]
fn an_association_on_a_disallowed_host_is_an_error_in_the_data_file() {
    let site = copy_fixture("editors");
    write_file(
        site.path(),
        "data/associations.yaml",
        &ASSOCIATIONS.replace("https://docs.example/", "https://cms-test.docs.example/"),
    );
    let (code, _) = check_json(site.path());
    assert_eq!(code, Some(0), "allowed until site.yaml lists the host");
    append_hosts(
        site.path(),
        "disallowed_link_hosts: [cms-test.docs.example]\n",
    );
    let (code, list) = check_json(site.path());
    assert_eq!(code, Some(1));
    let found = with_code(&list, "disallowed-link-host");
    assert_eq!(found.len(), 1, "{list:#?}");
    assert_eq!(place(found[0]), "data/associations.yaml:8:10");
}
