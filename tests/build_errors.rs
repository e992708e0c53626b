//! Broken sites: every problem reported in one run with file:line:col, exit code 1, and the
//! previous output left alone.

mod common;

use common::*;

fn write(root: &std::path::Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn every_problem_is_reported_in_one_run_with_locations() {
    let site = copy_fixture("basic");
    let root = site.path();
    write(
        root,
        "content/roles/medical-coder.md",
        "---\ntitle: Medical Coder\nlevel: entry\neducation: certificate\nsettings: [hospitls]\n---\nBody\n",
    );
    write(
        root,
        "content/roles/cdi-specialist.md",
        "---\ntitle: CDI Specialist\nlevel: mid\neducation: associate\ntitel: typo\n---\nBody\n",
    );
    write(
        root,
        "content/settings/hospitals.md",
        "---\ntitle: Hospitals\n---\nSee [the coder](@/roles/medical-codr.md).\n",
    );
    write(
        root,
        "content/roles/registrar.md",
        "---\ntitle: Registrar\nlevel: mid\neducation: associate\nsoc: \"29-90211\"\n---\n",
    );
    let out = run(&["build", "--root", &root.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    // Unknown reference: names the slug and the closest existing one.
    assert!(err.contains("no setting called `hospitls`"), "{err}");
    assert!(err.contains("content/roles/medical-coder.md:5:12"), "{err}");
    assert!(err.contains("did you mean `hospitals`?"), "{err}");
    // Unknown key with a suggestion.
    assert!(err.contains("unknown key `titel`"), "{err}");
    assert!(err.contains("content/roles/cdi-specialist.md:5:1"), "{err}");
    assert!(err.contains("did you mean `title`?"), "{err}");
    // Broken internal link in Markdown.
    assert!(err.contains("content/settings/hospitals.md:4:17"), "{err}");
    assert!(
        err.contains("did you mean `@/roles/medical-coder.md`"),
        "{err}"
    );
    assert!(err.contains("links to a page that does not exist"), "{err}");
    // Bad SOC code.
    assert!(err.contains("`29-90211` is not a SOC code"), "{err}");
    assert!(err.contains("content/roles/registrar.md:5:6"), "{err}");
    assert!(err.contains("4 errors"), "{err}");
}

/// One file with several mistakes shows all of them in one run: wrong values, an unknown key
/// and, since the rest of the page still types, a reference to a page that does not exist;
/// each underlined without the comment after it.
#[test]
fn every_mistake_in_one_file_is_reported_in_one_run() {
    let site = copy_fixture("basic");
    let root = site.path();
    write(
        root,
        "content/roles/medical-coder.md",
        "---\ntitle: Medical Coder\nlevel: entry\neducation: certificate\nremote: maybe   # true or false\nweight: ten\ncolour: blue\nsettings: [hospitls]\n---\nBody\n",
    );
    let out = run(&["build", "--root", &root.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    for (at, what) in [
        (
            "content/roles/medical-coder.md:5:9",
            "expected `true` or `false`",
        ),
        (
            "content/roles/medical-coder.md:6:9",
            "expected a whole number",
        ),
        ("content/roles/medical-coder.md:7:1", "unknown key `colour`"),
        (
            "content/roles/medical-coder.md:8:12",
            "no setting called `hospitls`",
        ),
    ] {
        assert!(
            err.contains(at) && err.contains(what),
            "{at} {what} in {err}"
        );
    }
    assert!(err.contains("4 errors"), "{err}");
    assert!(
        err.contains("remote: maybe   # true or false\n  |         ^^^^^\n"),
        "{err}"
    );
    assert!(!root.join("public").exists(), "nothing written");
}

/// A role's next_roles left out for a wrong value does not also raise the pathway's warning
/// that the role does not list its destination: one mistake, one message.
#[test]
fn a_next_roles_left_out_does_not_warn_about_the_pathway_too() {
    let site = copy_fixture("basic");
    let root = site.path();
    let coder = read(root.join("content/roles/medical-coder.md"));
    write(
        root,
        "content/roles/medical-coder.md",
        &coder.replace(
            "next_roles: [cdi-specialist]",
            "next_roles: {cdi-specialist}",
        ),
    );
    let out = run(&["build", "--root", &root.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("content/roles/medical-coder.md:"), "{err}");
    assert!(err.contains("1 error, 0 warnings"), "{err}");
    assert!(!err.contains("pathway-not-in-next-roles"), "{err}");
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = copy_fixture("basic");
    let root = site.path();
    build_ok(root, &[]);
    let before = snapshot(&root.join("public"));
    write(
        root,
        "content/roles/medical-coder.md",
        "---\ntitle: Medical Coder\nlevel: entry\n---\n",
    );
    let out = run(&["build", "--root", &root.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("missing required key `education`"));
    assert_eq!(
        before,
        snapshot(&root.join("public")),
        "public/ changed after a failed build"
    );
    let leftovers: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folders left behind: {leftovers:?}"
    );
}

/// A value that fails its check (a month 13) does not hide the same page's reference and
/// link problems, nor a same-page `#anchor` elsewhere; the failed build writes nothing.
#[test]
fn a_wrong_value_does_not_hide_the_pages_references_and_links_and_nothing_is_published() {
    let site = copy_fixture("basic");
    let root = site.path();
    build_ok(root, &[]);
    let before = snapshot(&root.join("public"));
    let coder = read(root.join("content/roles/medical-coder.md"));
    write(
        root,
        "content/roles/medical-coder.md",
        &coder
            .replace("updated: 2026-11-01", "updated: 2026-13-01")
            .replace(
                "settings: [hospitals, remote-work]",
                "settings: [hospitls, remote-work]",
            )
            .replace(
                "You assign",
                "See [the nurse](@/roles/nurse.md) and [below](#a-typcal-day). You assign",
            ),
    );
    let out = run(&["build", "--root", &root.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    for what in [
        "`2026-13-01` is not a date",
        "no setting called `hospitls`",
        "links to a page that does not exist",
        "did you mean `a-typical-day`?",
    ] {
        assert!(err.contains(what), "{what} missing from:\n{err}");
    }
    assert!(err.contains("4 errors"), "{err}");
    assert_eq!(
        before,
        snapshot(&root.join("public")),
        "public/ changed after a failed build"
    );
}

#[test]
fn template_errors_point_into_the_theme() {
    let site = copy_fixture("basic");
    let root = site.path();
    let mut yaml = read(root.join("site.yaml"));
    yaml.push_str("theme: mine\n");
    write(root, "site.yaml", &yaml);
    write(
        root,
        "themes/mine/templates/setting.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.titel }}</h1>\n{% endblock main %}\n",
    );
    let out = run(&["build", "--root", &root.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("themes/mine/templates/setting.html:3:"),
        "{err}"
    );
    write(
        root,
        "themes/mine/templates/setting.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.title }</h1>\n{% endblock main %}\n",
    );
    let out = run(&["build", "--root", &root.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("themes/mine/templates/setting.html:3:"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_theme_overrides_templates_file_by_file() {
    let site = copy_fixture("basic");
    let root = site.path();
    let mut yaml = read(root.join("site.yaml"));
    yaml.push_str("theme: mine\n");
    write(root, "site.yaml", &yaml);
    write(
        root,
        "themes/mine/templates/setting.html",
        "{% extends \"base.html\" %}\n{% block main %}<h1 class=\"custom\">{{ page.title }}</h1>{% endblock main %}\n",
    );
    build_ok(root, &[]);
    assert!(
        read(root.join("public/settings/hospitals/index.html"))
            .contains(r#"<h1 class="custom">Hospitals</h1>"#)
    );
    assert!(
        read(root.join("public/roles/medical-coder/index.html")).contains("Quick facts"),
        "other templates still come from the built-in theme"
    );
}

#[test]
fn usage_errors_exit_with_2_and_missing_site_yaml_with_1() {
    let out = run(&["build", "--no-such-flag"]);
    assert_eq!(out.status.code(), Some(2));
    let empty = tempfile::tempdir().unwrap();
    let out = run(&["build", "--root", &empty.path().to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no site.yaml"));
}

#[test]
fn cycles_across_levels_and_duplicate_slugs_are_errors() {
    let site = copy_fixture("basic");
    let root = site.path();
    let coder = read(root.join("content/roles/cdi-specialist.md")).replace(
        "settings: [hospitals]",
        "settings: [hospitals]\nnext_roles: [medical-coder]",
    );
    write(root, "content/roles/cdi-specialist.md", &coder);
    write(
        root,
        "content/roles/sub/hospitals.md",
        "---\ntitle: Dup\nlevel: entry\neducation: certificate\n---\n",
    );
    write(
        root,
        "content/roles/other/hospitals.md",
        "---\ntitle: Dup 2\nlevel: entry\neducation: certificate\n---\n",
    );
    let out = run(&["build", "--root", &root.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("next_roles go round in a circle across levels: cdi-specialist (mid) → medical-coder (entry)"), "{err}");
    assert!(err.contains("two roles are called `hospitals`"), "{err}");
}
