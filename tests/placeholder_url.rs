//! A guide whose `base_url` is still a documentation placeholder (`https://example.org/`):
//! `build` and `check` warn at its place in site.yaml with the fix, and no page shows the
//! placeholder address (no canonical link or og:url pointing there).

mod common;

use std::path::Path;

use common::*;

/// The basic fixture with `base_url` set to `url`.
fn guide_at(url: &str) -> tempfile::TempDir {
    let site = copy_fixture("basic");
    let yaml = read(site.path().join("site.yaml"));
    let line = yaml
        .lines()
        .find(|l| l.starts_with("base_url:"))
        .expect("the fixture has a base_url")
        .to_string();
    std::fs::write(
        site.path().join("site.yaml"),
        yaml.replace(&line, &format!("base_url: {url}")),
    )
    .expect("write site.yaml");
    site
}

fn line_of_base_url(root: &Path) -> usize {
    read(root.join("site.yaml"))
        .lines()
        .position(|l| l.starts_with("base_url:"))
        .expect("base_url line")
        + 1
}

#[test]
fn build_warns_about_a_placeholder_address_and_pages_do_not_show_it() {
    for url in ["https://example.org/", "https://www.example.com/guide/"] {
        let site = guide_at(url);
        let out = build_ok(site.path(), &[]);
        let err = stderr(&out);
        let at = format!("site.yaml:{}:11", line_of_base_url(site.path()));
        assert!(err.contains("placeholder-base-url"), "{url}: {err}");
        assert!(err.contains(&at), "{url}: expected {at} in {err}");
        assert!(
            err.contains("set base_url"),
            "{url}: the fix is given: {err}"
        );
        let host = url.split('/').nth(2).unwrap_or_default();
        for page in ["index.html", "roles/medical-coder/index.html"] {
            let html = read(site.path().join("public").join(page));
            assert!(
                !html.contains(host),
                "{url}: {page} shows the placeholder address"
            );
            assert!(!html.contains("rel=\"canonical\""), "{page}");
            assert!(!html.contains("og:url"), "{page}");
            assert!(
                !html.contains("atom.xml"),
                "{page} links to a feed of placeholder addresses"
            );
        }
        // No sitemap or feed of placeholder addresses, and robots.txt names none.
        let public = site.path().join("public");
        assert!(!public.join("sitemap.xml").exists(), "{url}");
        assert!(!public.join("atom.xml").exists(), "{url}");
        let robots = read(public.join("robots.txt"));
        assert!(
            robots.contains("User-agent: *") && !robots.contains("Sitemap:"),
            "{robots}"
        );
    }
}

#[test]
fn check_warns_and_strict_fails_until_the_address_is_set() {
    let site = guide_at("https://example.org/");
    let root = site.path().to_string_lossy().to_string();
    let out = run(&["check", "--root", &root]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let text = stdout(&out) + &stderr(&out);
    assert!(text.contains("placeholder-base-url"), "{text}");
    let out = run(&["check", "--strict", "--root", &root]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
}

#[test]
fn a_real_address_gives_no_warning_and_pages_keep_their_canonical_link() {
    let site = guide_at("https://careers.test/guide/");
    let out = build_ok(site.path(), &[]);
    assert!(
        !stderr(&out).contains("placeholder-base-url"),
        "{}",
        stderr(&out)
    );
    let html = read(site.path().join("public/roles/medical-coder/index.html"));
    assert!(html.contains(
        r#"<link rel="canonical" href="https://careers.test/guide/roles/medical-coder/">"#
    ));
    assert!(html.contains("atom.xml"));
    let public = site.path().join("public");
    assert!(read(public.join("sitemap.xml")).contains("https://careers.test/guide/roles/"));
    assert!(read(public.join("atom.xml")).contains("https://careers.test/guide/"));
    assert!(
        read(public.join("robots.txt")).contains("Sitemap: https://careers.test/guide/sitemap.xml")
    );
    // --base-url replaces a placeholder in site.yaml.
    let placeholder = guide_at("https://example.org/");
    let out = build_ok(placeholder.path(), &["--base-url", "https://careers.test/"]);
    assert!(
        !stderr(&out).contains("placeholder-base-url"),
        "{}",
        stderr(&out)
    );
}
