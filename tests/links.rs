//! Every link a built site holds leads somewhere: each relative `href` and `src` in every
//! generated page names a file the build wrote (and its `#fragment`, if any, an `id` on that
//! page), and every address in the sitemap is a page of the site. Checked on the bundled guide,
//! on the explorer's fixture (small enough for a page per route) and on a guide too large for
//! route pages, whose explorer is built differently. Links within a page (`href="#…"`) are left
//! to the build's own anchor check (tests/check.rs).

mod common;

use std::path::{Component, Path, PathBuf};

use common::*;

/// The values of every `attr="…"` in `html`, with `&amp;` decoded.
fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(&needle) {
        rest = &rest[at + needle.len()..];
        let end = rest.find('"').unwrap_or(rest.len());
        out.push(rest[..end].replace("&amp;", "&"));
        rest = &rest[end..];
    }
    out
}

/// `path` with `.` and `..` folded away, without touching the disk (a `..` through a missing
/// folder must not make a link look valid or invalid by accident).
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Whether the site address `target` (a path inside `public`, maybe a folder) is served by a
/// file the build wrote.
fn served(public: &Path, target: &Path) -> bool {
    if !target.starts_with(public) {
        return false;
    }
    if target.is_dir() {
        target.join("index.html").is_file()
    } else {
        target.is_file()
    }
}

/// Whether the page that serves `target` has an element with `id="fragment"`.
fn has_anchor(
    pages: &mut std::collections::HashMap<PathBuf, String>,
    target: &Path,
    fragment: &str,
) -> bool {
    let file = if target.is_dir() {
        target.join("index.html")
    } else {
        target.to_path_buf()
    };
    let html = pages.entry(file.clone()).or_insert_with(|| read(&file));
    html.contains(&format!(" id=\"{fragment}\""))
}

/// Every link in the HTML pages under `public` that leads to no file, or to a page without the
/// `#fragment` it names, as `page -> link`.
fn dangling_links(public: &Path) -> (usize, Vec<String>) {
    let mut checked = 0;
    let mut dangling = Vec::new();
    let mut targets = std::collections::HashMap::new();
    for entry in walkdir::WalkDir::new(public) {
        let entry = entry.expect("walk public");
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("html") {
            continue;
        }
        let html = read(path);
        let dir = path.parent().expect("a page is in a folder");
        for link in attr_values(&html, "href")
            .into_iter()
            .chain(attr_values(&html, "src"))
        {
            let external = link.contains("://")
                || link.starts_with("//")
                || ["#", "mailto:", "tel:", "data:", "javascript:"]
                    .iter()
                    .any(|p| link.starts_with(p));
            if external {
                continue;
            }
            let address = link.split(['?', '#']).next().unwrap_or("");
            let fragment = link.split_once('#').map_or("", |(_, f)| f);
            let target = normalise(&if let Some(abs) = address.strip_prefix('/') {
                public.join(abs)
            } else {
                dir.join(address)
            });
            checked += 1;
            let html_page = target.is_dir() || target.extension().is_some_and(|e| e == "html");
            if !served(public, &target)
                || (!fragment.is_empty()
                    && html_page
                    && !has_anchor(&mut targets, &target, fragment))
            {
                dangling.push(format!(
                    "{} -> {link}",
                    path.strip_prefix(public).unwrap_or(path).display()
                ));
            }
        }
    }
    (checked, dangling)
}

/// Every `<loc>` of `sitemap.xml` that is not a page of the site.
fn missing_sitemap_pages(public: &Path, base_url: &str) -> (usize, Vec<String>) {
    let sitemap = read(public.join("sitemap.xml"));
    let mut missing = Vec::new();
    let mut count = 0;
    for part in sitemap.split("<loc>").skip(1) {
        let loc = &part[..part.find("</loc>").expect("closed <loc>")];
        count += 1;
        let rel = loc
            .strip_prefix(base_url)
            .unwrap_or_else(|| panic!("{loc} is outside {base_url}"));
        if !served(public, &normalise(&public.join(rel))) {
            missing.push(loc.to_string());
        }
    }
    (count, missing)
}

fn assert_links_resolve(public: &Path, base_url: &str, at_least: usize) {
    let (checked, dangling) = dangling_links(public);
    assert!(
        dangling.is_empty(),
        "{} of {checked} links lead nowhere, first ones:\n{}",
        dangling.len(),
        dangling[..dangling.len().min(20)].join("\n")
    );
    assert!(checked >= at_least, "only {checked} links checked");
    let (locs, missing) = missing_sitemap_pages(public, base_url);
    assert!(
        missing.is_empty(),
        "sitemap addresses without a page: {missing:?}"
    );
    assert!(locs > 0, "the sitemap lists pages");
}

#[test]
fn every_link_of_the_bundled_guide_leads_to_a_page() {
    let out = tempfile::tempdir().expect("temp dir");
    let root = env!("CARGO_MANIFEST_DIR");
    let public = out.path().join("public");
    // Published at a real address (site.yaml's is a placeholder): the sitemap is written.
    let base_url = "https://careers.college.test/";
    build_ok(
        Path::new(root),
        &[
            "--output",
            public.to_str().expect("utf-8 path"),
            "--base-url",
            base_url,
        ],
    );
    assert_links_resolve(&public, base_url, 5_000);
    // The guide is small enough for a page per route, and its pages link there.
    assert!(public.join("routes/index.html").is_file());
    assert!(read(public.join("map/index.html")).contains(r#"href="../routes/""#));
}

#[test]
fn every_link_of_the_explorer_fixture_leads_to_a_page() {
    let site = copy_fixture("explorer");
    build_ok(site.path(), &[]);
    assert_links_resolve(&site.path().join("public"), "https://guide.test/", 200);
}

/// A guide of 420 roles in a chain where each role leads to the next three: more roles than
/// get route pages, and every role reaches more roles than its page lists.
fn large_chained_guide() -> tempfile::TempDir {
    let site = copy_fixture("explorer");
    let root = site.path();
    const N: usize = 420;
    for n in 0..N {
        let next: Vec<String> = (n + 1..(n + 4).min(N))
            .map(|m| format!("chain-{m:03}"))
            .collect();
        write_file(
            root,
            &format!("content/roles/chain-{n:03}.md"),
            &format!(
                "---\ntitle: Chain Role {n:03}\nlevel: entry\neducation: associate\nnext_roles: [{}]\nsalary: {{period: annual, median: {}, year: 2025, source: Test}}\n---\nA step along the chain.\n",
                next.join(", "),
                30_000 + n * 100
            ),
        );
    }
    site
}

#[test]
fn a_large_guide_has_no_links_to_the_route_pages_it_does_not_build() {
    let site = large_chained_guide();
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    assert_links_resolve(&public, "https://guide.test/", 5_000);
    assert!(
        !public.join("routes").exists(),
        "no route pages at 428 roles"
    );
    assert!(!read(public.join("sitemap.xml")).contains("/routes/"));
    assert!(!read(public.join("map/index.html")).contains("routes/"));
    // A role near the start of the chain reaches hundreds of roles: its page lists the 12
    // nearest, each linking to the role itself, and says the list stops there.
    let page = read(public.join("roles/chain-000/index.html"));
    let routes = &page[page.find(r#"id="routes""#).expect("routes from here")..];
    let routes = &routes[..routes.find("</ul>").expect("a list")];
    assert_eq!(routes.matches("<li>").count(), 12, "{routes}");
    assert!(routes.contains(r#"<a href="../../roles/chain-001/">to Chain Role 001</a> <span class="small">1 step</span>"#));
    // Three roles a step, so four steps reach roles 10 to 12 (via the farthest each time).
    assert!(routes.contains(r#"<a href="../../roles/chain-012/">to Chain Role 012</a> <span class="small">4 steps, via Chain Role 003, Chain Role 006, Chain Role 009</span>"#));
    assert!(!routes.contains("chain-013/"));
    assert!(page.contains(
        "The nearest 12 destinations only; each of their pages lists where they lead in turn."
    ));
    // Near the end of the chain the list is whole and says nothing more.
    let last = read(public.join("roles/chain-410/index.html"));
    assert!(last.contains(r#"href="../../roles/chain-419/">to Chain Role 419</a>"#));
    assert!(!last.contains("The nearest"));
}

#[test]
fn a_small_guides_role_page_lists_its_nearest_routes_and_links_to_every_route() {
    // 30 chained roles: route pages for all, and the first role reaches 29 of them.
    let site = copy_fixture("explorer");
    let root = site.path();
    for n in 0..30 {
        let next = if n + 1 < 30 {
            format!("[chain-{:02}]", n + 1)
        } else {
            "[]".into()
        };
        write_file(
            root,
            &format!("content/roles/chain-{n:02}.md"),
            &format!(
                "---\ntitle: Chain Role {n:02}\nlevel: entry\neducation: associate\nnext_roles: {next}\n---\nA step along the chain.\n"
            ),
        );
    }
    build_ok(root, &[]);
    let public = root.join("public");
    let page = read(public.join("roles/chain-00/index.html"));
    let routes = &page[page.find(r#"id="routes""#).expect("routes from here")..];
    let list = &routes[..routes.find("</ul>").expect("a list")];
    assert_eq!(list.matches("<li>").count(), 12);
    assert!(list.contains(r#"href="../../routes/chain-00/chain-12/""#));
    assert!(!list.contains("chain-13/"));
    assert!(routes.contains(
        r#"The nearest 12 destinations only; see <a href="../../routes/#from-chain-00">every route</a>."#
    ));
    // `/routes/` has every one of the 29, each with its page, under the role's own heading
    // (the anchor the role page links to).
    let index = read(public.join("routes/index.html"));
    assert_eq!(index.matches(r#"<h2 id="from-chain-00">"#).count(), 1);
    assert!(index.contains(r#"href="../routes/chain-00/chain-29/""#));
    assert!(public.join("routes/chain-00/chain-29/index.html").is_file());
}
