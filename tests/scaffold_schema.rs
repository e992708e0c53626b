//! `careerguide init`, `careerguide new` and the JSON Schemas: scaffolds build cleanly, the
//! schemas accept the bundled guide and refuse wrong types, and the committed copies in
//! docs/schema are current.

mod common;

use std::path::Path;

use careerguide::model::Kind;
use common::*;
use serde_json::Value;

fn validator(name: &str) -> jsonschema::Validator {
    let schema = careerguide::schema::schema(name).expect("schema exists");
    jsonschema::validator_for(&schema).expect("the schema itself is valid")
}

/// A YAML document as JSON, the way a YAML language server sees it.
fn yaml_to_json(yaml: &str) -> Value {
    if yaml.trim().is_empty() {
        return Value::Object(Default::default());
    }
    serde_saphyr::from_str::<Value>(yaml).expect("front-matter parses as YAML")
}

/// The YAML between the `---` fences of a page.
fn front_matter(text: &str) -> &str {
    let rest = text.strip_prefix("---\n").expect("page starts with ---");
    let end = rest.find("\n---").expect("front-matter is closed");
    &rest[..end + 1]
}

/// Which schema a file under content/ is validated against.
fn schema_for(content_path: &str) -> &'static str {
    let folder = content_path.split('/').next().unwrap_or("");
    match Kind::from_folder(folder) {
        Some(kind) if !content_path.ends_with("_index.md") && content_path.contains('/') => {
            careerguide::schema::name_for(kind)
        }
        _ => "article",
    }
}

fn errors(v: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn the_schemas_accept_every_page_of_the_bundled_guide() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(root.join("content")) {
        let entry = entry.expect("walk content");
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(root.join("content"))
            .expect("prefix")
            .to_string_lossy()
            .replace('\\', "/");
        let text = read(entry.path());
        let json = yaml_to_json(front_matter(&text));
        let problems = errors(&validator(schema_for(&rel)), &json);
        assert!(problems.is_empty(), "{rel}: {problems:?}");
        checked += 1;
    }
    assert!(checked > 80, "only {checked} pages checked");
    let site = yaml_to_json(&read(root.join("site.yaml")));
    assert!(errors(&validator("site"), &site).is_empty());
}

#[test]
fn the_schemas_refuse_wrong_types_unknown_keys_and_bad_values() {
    let role = validator("role");
    let ok = yaml_to_json("title: Coder\nlevel: entry\neducation: certificate\nsoc: \"29-2072\"\n");
    assert!(errors(&role, &ok).is_empty());
    for (bad, why) in [
        (
            "title: Coder\nlevel: 3\neducation: certificate\n",
            "level is a number",
        ),
        (
            "title: Coder\nlevel: senior\neducation: certificate\n",
            "level is not a level",
        ),
        ("title: Coder\nlevel: entry\n", "education is missing"),
        (
            "titel: Coder\nlevel: entry\neducation: certificate\n",
            "unknown key",
        ),
        (
            "title: Coder\nlevel: entry\neducation: certificate\nsoc: \"292072\"\n",
            "bad SOC",
        ),
        (
            "title: Coder\nlevel: entry\neducation: certificate\nsalary: {period: annual, median: lots, year: 2025, source: x}\n",
            "median is text",
        ),
        (
            "title: Coder\nlevel: entry\neducation: certificate\nsettings: hospitals\n",
            "settings is not a list",
        ),
        (
            "title: Coder\nlevel: entry\neducation: certificate\nupdated: 22/11/2026\n",
            "date format",
        ),
    ] {
        assert!(
            !errors(&role, &yaml_to_json(bad)).is_empty(),
            "accepted: {why}"
        );
    }
    let site = validator("site");
    assert!(
        !errors(
            &site,
            &yaml_to_json("title: x\nbase_url: https://e.org/\nlanguage: en\n")
        )
        .is_empty()
    );
}

#[test]
fn the_committed_schemas_are_current() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/schema");
    for (name, text) in careerguide::schema::files() {
        let committed =
            std::fs::read_to_string(dir.join(format!("{name}.json"))).unwrap_or_default();
        assert!(
            committed == text,
            "docs/schema/{name}.json is out of date: run `cargo run -- schema --out docs/schema`"
        );
    }
}

#[test]
fn every_build_publishes_the_schemas() {
    let site = copy_fixture("editors");
    build_ok(site.path(), &[]);
    for name in careerguide::schema::NAMES {
        let published = read(site.path().join(format!("public/schema/{name}.json")));
        let value: Value = serde_json::from_str(&published).expect("JSON");
        assert_eq!(Some(value), careerguide::schema::schema(name));
    }
}

#[test]
fn a_new_guide_builds_and_checks_with_no_error_and_no_warning() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("guide");
    let out = run(&["init", &dir.to_string_lossy()]);
    assert!(out.status.success(), "{}", stderr(&out));
    // Its address is a placeholder until the editor sets it: the one warning.
    let out = build_ok(&dir, &[]);
    assert!(
        stderr(&out).contains("placeholder-base-url") && stderr(&out).contains("site.yaml:"),
        "{}",
        stderr(&out)
    );
    let yaml = read(dir.join("site.yaml"));
    std::fs::write(
        dir.join("site.yaml"),
        yaml.replace("https://example.org/", "https://careers.test/"),
    )
    .expect("write site.yaml");
    let out = build_ok(&dir, &[]);
    assert!(stderr(&out).is_empty(), "build warned: {}", stderr(&out));
    assert!(stdout(&out).contains("2 roles"), "{}", stdout(&out));
    let out = run(&["check", "--strict", "--root", &dir.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("0 errors, 0 warnings"),
        "{}",
        stdout(&out)
    );
    // Every file it wrote validates against its schema and names it.
    let site_yaml = read(dir.join("site.yaml"));
    assert!(site_yaml.starts_with("# yaml-language-server: $schema=schema/site.json\n"));
    assert!(errors(&validator("site"), &yaml_to_json(&site_yaml)).is_empty());
    for entry in walkdir::WalkDir::new(dir.join("content")) {
        let entry = entry.expect("walk");
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir.join("content"))
            .expect("prefix")
            .to_string_lossy()
            .to_string();
        let text = read(entry.path());
        let name = schema_for(&rel);
        let modeline = "# yaml-language-server: $schema=";
        let first = front_matter(&text).lines().next().unwrap_or("");
        assert!(first.starts_with(modeline), "{rel}: {first}");
        let target = first.trim_start_matches(modeline);
        assert!(
            entry
                .path()
                .parent()
                .expect("parent")
                .join(target)
                .is_file(),
            "{rel}: {target} does not exist"
        );
        assert!(
            target.ends_with(&format!("/{name}.json")),
            "{rel}: {target}"
        );
        let problems = errors(&validator(name), &yaml_to_json(front_matter(&text)));
        assert!(problems.is_empty(), "{rel}: {problems:?}");
    }
    // init refuses a folder that is not empty.
    let out = run(&["init", &dir.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("not empty"), "{}", stderr(&out));
}

#[test]
fn new_pages_of_every_kind_build_at_once() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("guide");
    assert!(run(&["init", &dir.to_string_lossy()]).status.success());
    let root = dir.to_string_lossy().to_string();
    for (kind, slug) in [
        ("education", "associate"),
        ("setting", "remote-work"),
        ("certification", "rhit"),
        ("role", "cancer-registrar"),
        ("pathway", "first-role-to-cancer-registrar"),
        ("article", "salary-negotiation"),
    ] {
        let out = run(&["new", kind, slug, "--root", &root]);
        assert!(out.status.success(), "new {kind}: {}", stderr(&out));
        assert!(stdout(&out).contains("Created"), "{}", stdout(&out));
    }
    let out = build_ok(&dir, &[]);
    // The pathway's roles came from its name; first-role does not list the new role yet.
    let pathway = read(dir.join("content/pathways/first-role-to-cancer-registrar.md"));
    assert!(pathway.contains("\nfrom: first-role "), "{pathway}");
    assert!(pathway.contains("\nto: cancer-registrar "), "{pathway}");
    assert!(
        stderr(&out).contains("pathway-not-in-next-roles")
            && stderr(&out).matches("warning[").count()
                == 1 + stderr(&out)
                    .matches("warning[placeholder-base-url]")
                    .count(),
        "{}",
        stderr(&out)
    );
    let education = read(dir.join("content/education/associate.md"));
    assert!(
        education.contains("\norder: 2 "),
        "the next order: {education}"
    );
    let role = read(dir.join("content/roles/cancer-registrar.md"));
    assert!(role.contains("\neducation: certificate "), "{role}");
    assert!(role.starts_with("---\n# yaml-language-server: $schema=../../schema/role.json\n"));
    // Every key of the kind is there, written or commented, with its description.
    let schema = careerguide::schema::schema("role").expect("role schema");
    for (key, prop) in schema["properties"].as_object().expect("properties") {
        let description = prop["description"].as_str().unwrap_or("");
        let line = role
            .lines()
            .find(|l| l.starts_with(&format!("{key}:")) || l.starts_with(&format!("# {key}:")))
            .unwrap_or_else(|| panic!("no line for {key}:\n{role}"));
        assert!(line.ends_with(&format!("# {description}")), "{line}");
    }
    let page = read(dir.join("public/roles/cancer-registrar/index.html"));
    assert!(page.contains("Cancer registrar"));
}

#[test]
fn commented_examples_are_valid_when_uncommented() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("guide");
    assert!(run(&["init", &dir.to_string_lossy()]).status.success());
    for kind in careerguide::scaffold::NEW_KINDS {
        // A pathway is named after two existing roles.
        let slug = match kind {
            careerguide::model::Kind::Pathway => "senior-role-to-first-role",
            _ => "example-x",
        };
        let out = run(&["new", kind.name(), slug, "--root", &dir.to_string_lossy()]);
        assert!(out.status.success(), "{}", stderr(&out));
        let name = careerguide::schema::name_for(kind);
        let rel = careerguide::scaffold::content_path(kind, slug);
        let text = read(dir.join("content").join(rel));
        let uncommented: String = front_matter(&text)
            .lines()
            .filter(|l| !l.starts_with("# yaml-language-server"))
            .map(|l| l.strip_prefix("# ").unwrap_or(l))
            .map(|l| format!("{l}\n"))
            .collect();
        let problems = errors(&validator(name), &yaml_to_json(&uncommented));
        assert!(problems.is_empty(), "{kind}: {problems:?}\n{uncommented}");
    }
}

#[test]
fn new_refuses_to_overwrite_and_refuses_bad_slugs() {
    let site = copy_fixture("editors");
    let root = site.path().to_string_lossy().to_string();
    let before = read(site.path().join("content/roles/medical-coder.md"));
    let out = run(&["new", "role", "medical-coder", "--root", &root]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("already a role called `medical-coder`"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        read(site.path().join("content/roles/medical-coder.md")),
        before
    );
    let out = run(&["new", "role", "Medical Coder", "--root", &root]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`medical-coder`"),
        "suggests a slug: {}",
        stderr(&out)
    );
    let out = run(&["new", "widget", "x", "--root", &root]);
    assert_eq!(out.status.code(), Some(2), "unknown kinds are usage errors");
    // In a guide with docs/schema (like this repository) the comment points there.
    let out = run(&["new", "setting", "clinics", "--root", &root]);
    assert!(out.status.success());
    let text = read(site.path().join("content/settings/clinics.md"));
    assert!(
        text.contains("$schema=https://guide.test/guide/schema/setting.json"),
        "without a schema folder the published copy is used: {text}"
    );
}

#[test]
fn the_schemas_limit_titles_as_check_does() {
    let long = "x".repeat(151);
    let just_right = "x".repeat(150);
    let site = validator("site");
    let site_yaml = |title: &str, area_title: &str| {
        yaml_to_json(&format!(
            "title: \"{title}\"\nbase_url: https://e.org/\nlanguage: en\ndescription: D\nareas:\n  - slug: a\n    title: \"{area_title}\"\n"
        ))
    };
    assert!(errors(&site, &site_yaml("Guide", "Area")).is_empty());
    assert!(errors(&site, &site_yaml(&just_right, &just_right)).is_empty());
    for (title, area_title, why) in [
        ("", "Area", "an empty site title"),
        (long.as_str(), "Area", "a site title of 151 characters"),
        ("Guide", "", "an empty area title"),
        ("Guide", long.as_str(), "an area title of 151 characters"),
    ] {
        assert!(
            !errors(&site, &site_yaml(title, area_title)).is_empty(),
            "the site schema accepts {why}"
        );
    }
    // Sources: not empty, and at most 300 characters (a publication's full name is longer than a heading).
    let too_long_source = "x".repeat(301);
    for kind in ["role", "article", "certification"] {
        let v = validator(kind);
        let source = |t: &str| {
            yaml_to_json(&format!(
                "title: T\nabbr: A\nissuer: I\nlevel: entry\neducation: e\nsources: [{{title: \"{t}\"}}]\n"
            ))
        };
        for (t, why) in [
            ("", "an empty source title"),
            (too_long_source.as_str(), "a source title of 301 characters"),
        ] {
            let found = errors(&v, &source(t));
            assert!(
                found.iter().any(|e| e.contains("/sources/0/title")),
                "the {kind} schema accepts {why}: {found:?}"
            );
        }
    }
}
