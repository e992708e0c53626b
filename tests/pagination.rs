//! Long lists split over numbered pages (`paginate_by` in site.yaml): every entry shown once,
//! pager links that lead somewhere, and page 1 where the list has always been.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::*;

/// The explorer fixture (8 roles, 7 of them paid and at the one hospital setting) with lists
/// of `per_page` entries.
fn site_with(per_page: Option<u32>) -> tempfile::TempDir {
    let site = copy_fixture("explorer");
    if let Some(n) = per_page {
        let yaml = read(site.path().join("site.yaml"));
        write_file(
            site.path(),
            "site.yaml",
            &format!("{yaml}paginate_by: {n}\n"),
        );
    }
    build_ok(site.path(), &[]);
    site
}

/// The `href`s in `html` that start with `prefix`, in order.
fn hrefs<'a>(html: &'a str, prefix: &str) -> Vec<&'a str> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|h| h.starts_with(prefix))
        .collect()
}

/// The file a relative link on the page at `page_dir` (under `public`) leads to.
fn target(public: &Path, page_dir: &str, href: &str) -> PathBuf {
    let (path, _fragment) = href.split_once('#').unwrap_or((href, ""));
    let mut dir = public.join(page_dir);
    for part in path.split('/').filter(|p| !p.is_empty()) {
        if part == ".." {
            dir.pop();
        } else {
            dir.push(part);
        }
    }
    dir.join("index.html")
}

/// The pages of the list at `base` (page 1, then `page/2/`, … while they exist).
fn list_pages(public: &Path, base: &str) -> Vec<(String, String)> {
    let mut out = vec![(base.to_string(), read(public.join(base).join("index.html")))];
    let mut n = 2;
    while public.join(format!("{base}page/{n}/index.html")).is_file() {
        let dir = format!("{base}page/{n}/");
        out.push((dir.clone(), read(public.join(&dir).join("index.html"))));
        n += 1;
    }
    out
}

/// The pager of a page: the `<nav class="pager">` element.
fn pager(html: &str) -> &str {
    let start = html.find(r#"<nav class="pager""#).expect("a pager");
    let end = start + html[start..].find("</nav>").expect("the pager ends");
    &html[start..end]
}

/// Checks a split list: the expected number of pages, each entry (a role link in a card) on
/// exactly one page, and every pager link leading to a page of the list.
fn assert_split(public: &Path, base: &str, roles: &[&str], per_page: usize) {
    let pages = list_pages(public, base);
    assert_eq!(
        pages.len(),
        roles.len().div_ceil(per_page),
        "{base}: pages {:?}",
        pages.iter().map(|p| &p.0).collect::<Vec<_>>()
    );
    let mut seen = Vec::new();
    for (dir, html) in &pages {
        let cards: Vec<&str> = html
            .split(r#"<a class="card-link" href=""#)
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect();
        assert!(cards.len() <= per_page, "{dir}: {cards:?}");
        for href in cards {
            let file = target(public, dir, href);
            assert!(file.is_file(), "{dir}: {href} leads nowhere");
            seen.push(file);
        }
        let nav = pager(html);
        for href in hrefs(nav, "") {
            let file = target(public, dir, href);
            assert!(
                pages
                    .iter()
                    .any(|(d, _)| public.join(d).join("index.html") == file),
                "{dir}: pager link {href} is not a page of {base}"
            );
        }
        assert_eq!(nav.matches(r#"aria-current="page""#).count(), 1, "{dir}");
    }
    let unique: BTreeSet<&PathBuf> = seen.iter().collect();
    assert_eq!(unique.len(), seen.len(), "{base}: a role is listed twice");
    let expected: BTreeSet<PathBuf> = roles
        .iter()
        .map(|slug| public.join(format!("roles/{slug}/index.html")))
        .collect();
    assert_eq!(
        unique.into_iter().cloned().collect::<BTreeSet<_>>(),
        expected,
        "{base}"
    );
}

#[test]
fn long_lists_continue_on_numbered_pages_with_every_entry_once() {
    let site = site_with(Some(2));
    let public = site.path().join("public");
    assert_split(
        &public,
        "levels/mid/",
        &["data-analyst", "island-role", "records-technician"],
        2,
    );
    assert_split(
        &public,
        "education/bachelor/",
        &["data-analyst", "data-manager", "records-director"],
        2,
    );
    let hospital_roles = [
        "data-analyst",
        "data-manager",
        "intake-assistant",
        "records-clerk",
        "records-director",
        "records-technician",
        "team-lead",
    ];
    assert_split(&public, "settings/hospitals/", &hospital_roles, 2);

    // Page 1 stays where the list always was; a later page names its number in its title,
    // has its own canonical address and a breadcrumb back to the list.
    let second = read(public.join("levels/mid/page/2/index.html"));
    assert!(second.contains("<title>Mid-career, page 2 · "), "{second}");
    assert!(
        second.contains(r#"<link rel="canonical" href="https://guide.test/levels/mid/page/2/">"#)
    );
    assert!(second.contains(r#"<a href="../../../../levels/mid/">Mid-career</a>"#));
    assert!(second.contains("Page 2 of 2: 3–3 of 3"));
    // The page's own text and structured data stay on page 1.
    let first = read(public.join("settings/hospitals/index.html"));
    let later = read(public.join("settings/hospitals/page/4/index.html"));
    assert!(first.contains("<p>Hospitals.</p>"));
    assert!(!later.contains("<p>Hospitals.</p>"), "{later}");
    assert!(!later.contains("application/ld+json"));
    assert!(!public.join("settings/hospitals/page/5").exists());
    // Continuation pages are not in the sitemap (page 1 is).
    let sitemap = read(public.join("sitemap.xml"));
    assert!(sitemap.contains("https://guide.test/levels/mid/</loc>"));
    assert!(!sitemap.contains("/page/"), "{sitemap}");
}

#[test]
fn the_salary_ranking_continues_across_pages_in_rank_order() {
    let site = site_with(Some(3));
    let public = site.path().join("public");
    let pages = list_pages(&public, "salaries/");
    // Seven paid roles, two of them showing one figure (one row, issue 28): six rows, three a
    // page.
    assert_eq!(pages.len(), 2, "six rows, three a page");
    let mut ranks = Vec::new();
    for (dir, html) in &pages {
        for rest in html
            .split(
                r#"<tr>
        <td class="num">"#,
            )
            .skip(1)
        {
            let rank: usize = rest.split('<').next().unwrap().parse().unwrap();
            ranks.push(rank);
        }
        let unpaid = html.contains("Roles without pay figures");
        assert_eq!(
            unpaid,
            dir == "salaries/page/2/",
            "{dir}: unpaid roles on the last page only"
        );
        assert!(html.contains("Sources: Test."), "{dir}");
    }
    assert_eq!(ranks, [1, 2, 3, 4, 5, 6]);
    assert!(pages[1].1.contains("this one shows ranks 4 to 6 of 6"));
    // The highest median leads the first page.
    let top = pages[0].1.find("Records Director").unwrap();
    let second = pages[0].1.find("Data Manager").unwrap();
    assert!(top < second);
}

#[test]
fn a_to_z_letters_lead_to_the_page_where_each_letter_starts() {
    let site = site_with(Some(4));
    let public = site.path().join("public");
    let pages = list_pages(&public, "a-z/");
    assert!(pages.len() > 2, "{}", pages.len());
    let mut titles = Vec::new();
    for (dir, html) in &pages {
        let nav_start = html.find(r#"<nav class="letters""#).unwrap();
        let nav = &html[nav_start..nav_start + html[nav_start..].find("</nav>").unwrap()];
        for href in hrefs(nav, "") {
            let (_, anchor) = href.split_once('#').unwrap();
            let file = target(&public, dir, href);
            let there = if href.starts_with('#') {
                html.clone()
            } else {
                read(&file)
            };
            let heading = format!(r#"<h2 id="{anchor}">"#);
            let at = there
                .find(&heading)
                .unwrap_or_else(|| panic!("{dir}: {href} has no heading {anchor}"));
            let text = there[at..].split("</h2>").next().unwrap();
            assert!(
                !text.contains("(continued)"),
                "{dir}: {href} leads to {text}"
            );
        }
        for list in html.split(r#"<ul class="compact-list">"#).skip(1) {
            let list = list.split("</ul>").next().unwrap();
            for item in list.split("<li><a href=\"").skip(1) {
                let title = item.split('>').nth(1).unwrap().split('<').next().unwrap();
                titles.push(title.to_string());
            }
        }
    }
    // Every page once, in order.
    let mut sorted = titles.clone();
    sorted.sort_by_key(|t| t.to_lowercase());
    assert_eq!(titles, sorted);
    let unique: BTreeSet<&String> = titles.iter().collect();
    assert_eq!(unique.len(), titles.len());
    assert!(titles.contains(&"Records Technician".to_string()));
    // "R" has more entries than a page holds: it continues on the next page, marked so.
    assert!(
        pages
            .iter()
            .any(|(_, h)| h.contains(r#"R <span class="small">(continued)</span>"#))
    );
}

#[test]
fn lists_stay_on_one_page_by_default_and_with_zero() {
    for per_page in [None, Some(0)] {
        let site = site_with(per_page);
        let public = site.path().join("public");
        let split: Vec<PathBuf> = walkdir::WalkDir::new(&public)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_name() == "page" && e.file_type().is_dir())
            .map(|e| e.into_path())
            .collect();
        assert!(split.is_empty(), "{per_page:?}: {split:?}");
        let hospitals = read(public.join("settings/hospitals/index.html"));
        assert!(!hospitals.contains(r#"class="pager""#));
        assert_eq!(hospitals.matches(r#"class="card-link""#).count(), 7);
    }
}

#[test]
fn a_map_too_large_to_draw_lists_its_roles_over_pages() {
    // Past the map's drawing limit (400 roles) its page lists every role by level instead;
    // that list is split like any other. A drawn map keeps its list whole (see the tests
    // above: the fixture's eight roles are drawn and listed on one page).
    let site = copy_fixture("explorer");
    let root = site.path();
    for n in 0..400 {
        let level = ["entry", "mid", "advanced"][n % 3];
        write_file(
            root,
            &format!("content/roles/extra-{n:03}.md"),
            &format!(
                "---\ntitle: Extra Role {n:03}\nlevel: {level}\neducation: associate\n---\nMore.\n"
            ),
        );
    }
    let yaml = read(root.join("site.yaml"));
    write_file(root, "site.yaml", &format!("{yaml}paginate_by: 150\n"));
    build_ok(root, &[]);
    let public = root.join("public");
    let pages = list_pages(&public, "map/");
    assert_eq!(pages.len(), 3, "408 roles, 150 a page");
    assert!(pages[0].1.contains("too many to draw on one map"));
    assert!(!pages[1].1.contains("too many to draw on one map"));
    assert!(!pages[0].1.contains(r#"<svg class="map-svg""#));
    let mut listed = Vec::new();
    for (dir, html) in &pages {
        let list = html.split(r#"<section id="map-text""#).nth(1).unwrap();
        for entry in list.split(r#"<ul class="map-list">"#).skip(1) {
            let entry = entry.split("</ul>").next().unwrap();
            for item in entry.split("<li><a href=\"").skip(1) {
                let href = item.split('"').next().unwrap();
                assert!(target(&public, dir, href).is_file(), "{dir}: {href}");
                listed.push(href.rsplit('/').nth(1).unwrap().to_string());
            }
        }
        assert_eq!(pager(html).matches(r#"aria-current="page""#).count(), 1);
    }
    assert_eq!(listed.len(), 408);
    let unique: BTreeSet<&String> = listed.iter().collect();
    assert_eq!(unique.len(), 408, "every role once");
    // The level that spans two pages says so on the second.
    assert!(
        pages[1].1.contains(r#"(continued)</span></h3>"#)
            || pages[2].1.contains(r#"(continued)</span></h3>"#)
    );
}
