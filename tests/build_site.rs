//! Whole builds of small fixture sites, asserting on the HTML a visitor gets.

mod common;

use common::*;

#[test]
fn role_page_shows_facts_links_and_salary() {
    let site = copy_fixture("basic");
    build_ok(site.path(), &[]);
    let html = read(site.path().join("public/roles/medical-coder/index.html"));
    // Forward links, relative so the site works under a sub-path and from disk.
    for href in [
        "../../settings/hospitals/",
        "../../settings/remote-work/",
        "../../certifications/cca/",
        "../../education/certificate/",
        "../../roles/cdi-specialist/",
        "../../pathways/medical-coder-to-cdi-specialist/",
        "../../levels/entry/",
        "../../areas/coding/",
    ] {
        assert!(
            html.contains(&format!(r#"href="{href}""#)),
            "role page lacks a link to {href}"
        );
    }
    // The full percentile range, formatted for people, with source and year.
    for figure in ["$37,000", "$43,490", "$51,140", "$64,820", "$81,150"] {
        assert!(html.contains(figure), "missing {figure}");
    }
    assert!(html.contains("BLS OEWS May 2025, national, SOC 29-2072"));
    assert!(html.contains("(2025)"));
    assert!(html.contains("+7% over 2024–34 (Faster than average)"));
    assert!(html.contains("BLS Employment Projections 2024–34"));
    // Markdown features and the internal link rewritten with its anchor.
    assert!(html.contains(r#"<h2 id="a-typical-day">A typical day</h2>"#));
    assert!(html.contains(r#"href="../../roles/cdi-specialist/#what-the-work-is-like""#));
    // The salary range drawn as SVG with a data table behind it.
    assert!(html.contains("<svg") && html.contains(r#"class="median-mark""#));
    // The median is marked once in the chart's labels and once in the table.
    assert_eq!(html.matches(r#"class="label-median""#).count(), 1);
    assert_eq!(html.matches(r#"<tr class="median-row">"#).count(), 1);
    assert!(html.contains(r#"<th scope="row">90th percentile</th><td>$81,150</td>"#));
}

#[test]
fn back_links_are_computed_both_ways() {
    let site = copy_fixture("basic");
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    let hospital = read(public.join("settings/hospitals/index.html"));
    assert!(hospital.contains(r#"href="../../roles/medical-coder/""#));
    assert!(hospital.contains(r#"href="../../roles/cdi-specialist/""#));
    let cca = read(public.join("certifications/cca/index.html"));
    assert!(cca.contains(r#"href="../../roles/medical-coder/""#));
    let certificate = read(public.join("education/certificate/index.html"));
    assert!(
        certificate.contains(r#"href="../../roles/medical-coder/""#),
        "education lists its roles"
    );
    assert!(
        certificate.contains(r#"href="../../certifications/cca/""#),
        "education lists credentials needing it"
    );
    // next_roles appears on both roles: the target says where people come from.
    let cdi = read(public.join("roles/cdi-specialist/index.html"));
    let comes_from = cdi.find("Comes from").expect("comes-from list");
    let leads_to = cdi.find("Leads to").expect("leads-to list");
    let coder_link = cdi
        .find(r#"href="../../roles/medical-coder/""#)
        .expect("link back to the coder");
    assert!(comes_from < coder_link && coder_link < leads_to);
    // A pathway links its two roles and shows the change in pay.
    let pathway = read(public.join("pathways/medical-coder-to-cdi-specialist/index.html"));
    assert!(
        pathway.contains(r#"href="../../roles/medical-coder/""#)
            && pathway.contains(r#"href="../../roles/cdi-specialist/""#)
    );
    assert!(
        pathway.contains("+$10,228 (+20%)"),
        "salary change along the pathway"
    );
    assert!(
        pathway.contains("Associate degree"),
        "education the new role needs"
    );
}

#[test]
fn lists_for_kinds_levels_areas_and_tags() {
    let site = copy_fixture("basic");
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    let roles = read(public.join("roles/index.html"));
    assert!(roles.contains("Medical Coder") && roles.contains("CDI Specialist"));
    let entry = read(public.join("levels/entry/index.html"));
    assert!(entry.contains("Medical Coder") && !entry.contains("CDI Specialist"));
    let area = read(public.join("areas/coding/index.html"));
    assert!(area.contains("Coding and revenue cycle") && area.contains("CDI Specialist"));
    let tag = read(public.join("tags/basics/index.html"));
    assert!(tag.contains("What is HIM?"));
    for list in [
        "settings/index.html",
        "certifications/index.html",
        "education/index.html",
        "pathways/index.html",
        "articles/index.html",
        "levels/index.html",
        "areas/index.html",
        "tags/index.html",
        "a-z/index.html",
    ] {
        assert!(public.join(list).is_file(), "missing list page {list}");
    }
    let article = read(public.join("articles/what-is-him/index.html"));
    assert!(article.contains("<table>") && article.contains("<del>strike</del>"));
    assert!(
        article.contains("\u{201c}smart quotes\u{201d}"),
        "smart punctuation"
    );
    assert!(article.contains(r#"type="checkbox""#) && article.contains("footnote-definition"));
}

#[test]
fn json_ld_describes_occupations_and_credentials() {
    let site = copy_fixture("basic");
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    let doc = jsonld(&read(public.join("roles/medical-coder/index.html")));
    let graph = doc["@graph"].as_array().expect("graph");
    let occ = graph
        .iter()
        .find(|n| n["@type"] == "Occupation")
        .expect("Occupation");
    assert_eq!(occ["occupationalCategory"]["codeValue"], "29-2072");
    let salary = &occ["estimatedSalary"][0];
    assert_eq!(salary["@type"], "MonetaryAmountDistribution");
    assert_eq!(salary["median"], 51140.0);
    assert_eq!(salary["percentile10"], 37000.0);
    assert_eq!(salary["duration"], "P1Y");
    assert_eq!(salary["currency"], "USD");
    let crumbs = graph
        .iter()
        .find(|n| n["@type"] == "BreadcrumbList")
        .expect("breadcrumbs");
    assert_eq!(
        crumbs["itemListElement"][2]["item"],
        "https://guide.test/guide/roles/medical-coder/"
    );
    let cert = jsonld(&read(public.join("certifications/cca/index.html")));
    let cred = &cert["@graph"][0];
    assert_eq!(cred["@type"], "EducationalOccupationalCredential");
    assert_eq!(cred["recognizedBy"]["name"], "AHIMA");
    assert_eq!(cred["validFor"], "P2Y");
}

#[test]
fn feeds_sitemap_robots_and_404() {
    let site = copy_fixture("basic");
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    let sitemap = read(public.join("sitemap.xml"));
    assert!(sitemap.contains(
        "<loc>https://guide.test/guide/roles/medical-coder/</loc><lastmod>2026-11-01</lastmod>"
    ));
    assert!(sitemap.contains("<loc>https://guide.test/guide/levels/entry/</loc>"));
    let robots = read(public.join("robots.txt"));
    assert!(robots.contains("Sitemap: https://guide.test/guide/sitemap.xml"));
    let atom = read(public.join("atom.xml"));
    assert!(atom.contains("<id>https://guide.test/guide/roles/medical-coder/</id>"));
    assert!(atom.contains("<updated>2026-11-01T00:00:00Z</updated>"));
    // The 404 page is served at any address, so its links start from the base path.
    let not_found = read(public.join("404.html"));
    assert!(not_found.contains(r#"href="/guide/assets/style.css"#));
    let home = read(public.join("index.html"));
    assert!(home.contains(r#"<link rel="canonical" href="https://guide.test/guide/">"#));
}

#[test]
fn base_url_flag_moves_the_site_to_a_sub_path() {
    let site = copy_fixture("basic");
    build_ok(site.path(), &["--base-url", "https://host.test/careers"]);
    let html = read(site.path().join("public/roles/medical-coder/index.html"));
    assert!(html.contains(r#"href="https://host.test/careers/roles/medical-coder/""#));
    assert!(read(site.path().join("public/404.html")).contains(r#"href="/careers/""#));
}

#[test]
fn output_is_deterministic_and_unchanged_files_are_not_rewritten() {
    let site = copy_fixture("basic");
    build_ok(site.path(), &[]);
    let first = snapshot(&site.path().join("public"));
    let out = build_ok(site.path(), &[]);
    let second = snapshot(&site.path().join("public"));
    assert_eq!(first, second, "two builds give identical bytes");
    let line = String::from_utf8_lossy(&out.stdout);
    assert!(
        line.contains("(0 files written"),
        "second build rewrote files: {line}"
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = copy_fixture("basic");
    std::fs::write(
        site.path().join("content/articles/upcoming.md"),
        "---\ntitle: Upcoming\ndraft: true\n---\nSoon.\n",
    )
    .unwrap();
    build_ok(site.path(), &[]);
    assert!(
        !site
            .path()
            .join("public/articles/upcoming/index.html")
            .exists()
    );
    build_ok(site.path(), &["--drafts"]);
    assert!(
        site.path()
            .join("public/articles/upcoming/index.html")
            .exists()
    );
}

#[test]
fn stage_timings_are_printed_only_when_asked_for() {
    let site = copy_fixture("basic");
    let build = |value: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_careerguide"))
            .args(["build", "--root"])
            .arg(site.path())
            .env("NO_COLOR", "1")
            .env("CAREERGUIDE_TIMINGS", value)
            .output()
            .expect("run careerguide");
        assert!(out.status.success(), "{}", stderr(&out));
        stderr(&out)
    };
    let on = build("1");
    for stage in ["read content", "render pages and lists", "search index"] {
        assert!(
            on.lines()
                .any(|l| l.starts_with("[timing] ") && l.contains(stage) && l.contains(" ms")),
            "no timing for {stage}:\n{on}"
        );
    }
    // Empty or 0, as a script may leave the variable, is off.
    for off in ["", "0"] {
        let err = build(off);
        assert!(
            !err.contains("[timing]"),
            "CAREERGUIDE_TIMINGS={off:?}:\n{err}"
        );
    }
}

#[test]
fn summary_line_counts_pages_per_kind() {
    let site = copy_fixture("basic");
    let out = build_ok(site.path(), &[]);
    let line = String::from_utf8_lossy(&out.stdout);
    assert!(line.starts_with("Built 16 pages"), "{line}");
    assert!(
        line.contains("2 roles")
            && line.contains("1 pathway")
            && line.contains("2 education levels"),
        "{line}"
    );
}

#[test]
fn a_roles_section_with_many_roles_shows_the_first_of_each_level_and_links_to_all() {
    let site = copy_fixture("basic");
    // 70 more entry-level roles: more than a section shows per level.
    for n in 0..70 {
        write_file(
            site.path(),
            &format!("content/roles/extra-{n:02}.md"),
            &format!(
                "---\ntitle: Extra role {n:02}\nlevel: entry\neducation: certificate\n---\nText.\n"
            ),
        );
    }
    build_ok(site.path(), &[]);
    let section = read(site.path().join("public/roles/index.html"));
    let level = read(site.path().join("public/levels/entry/index.html"));
    let shown = |html: &str| {
        (0..70)
            .filter(|n| html.contains(&format!(">Extra role {n:02}<")))
            .count()
    };
    // The entry level has 71 roles (the fixture's medical coder and the 70 above).
    // Sorted by title, the first 60 are all extras (E before M).
    assert_eq!(shown(&section), 60, "the section shows 60 roles of a level");
    assert!(
        section.contains(
            r#"<p class="more"><a href="../levels/entry/">All 71 entry level roles</a></p>"#
        ),
        "the section links to the whole level"
    );
    assert_eq!(shown(&level), 70, "the level's page lists every role");
    // Other levels, with fewer roles, are shown whole and get no such link.
    assert!(section.contains(">CDI Specialist<"));
    assert_eq!(section.matches(">All ").count(), 1);
}

/// Every file of a built site but the output manifest (which records the time each file was
/// written).
fn site_files(public: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    snapshot(public)
        .into_iter()
        .filter(|(path, _)| !path.starts_with(".careerguide-output"))
        .collect()
}

/// A large guide's build leaves page bodies on disk and reads each again as its page renders
/// (`kept_body_bytes`); the site it writes is the same, byte for byte, as when every body
/// stays in memory.
#[test]
fn a_build_reading_bodies_again_writes_the_same_site() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().expect("temp dir");
    let mut kept = careerguide::build::BuildOptions::new(root);
    kept.output = Some(out.path().join("kept"));
    let mut reread = kept.clone();
    reread.output = Some(out.path().join("reread"));
    reread.kept_body_bytes = 0;
    careerguide::build::build(&kept).expect("build with bodies kept");
    careerguide::build::build(&reread).expect("build with bodies read again");
    let (a, b) = (
        site_files(&out.path().join("kept")),
        site_files(&out.path().join("reread")),
    );
    assert!(a.len() > 100, "{} files", a.len());
    assert_eq!(
        a.iter().map(|f| &f.0).collect::<Vec<_>>(),
        b.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    for ((path, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{} differs", path.display());
    }
}

/// With bodies left on disk, a build that stops at a front-matter error still checks the links
/// in every page's Markdown (reading the bodies again), so one run reports both.
#[test]
fn bodies_left_on_disk_are_still_checked_when_the_front_matter_has_errors() {
    let site = copy_fixture("basic");
    let root = site.path();
    std::fs::write(
        root.join("content/roles/medical-coder.md"),
        "---\ntitle: Medical Coder\nlevel: entry\neducation: certificate\nsettings: [hospitls]\n---\nBody\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/settings/hospitals.md"),
        "---\ntitle: Hospitals\n---\nSee [the coder](@/roles/medical-codr.md).\n",
    )
    .unwrap();
    let mut opts = careerguide::build::BuildOptions::new(root);
    opts.kept_body_bytes = 0;
    let diags = careerguide::build::build(&opts).expect_err("the build fails");
    let at = |file: &str| {
        diags
            .iter()
            .filter(|d| d.file.as_deref() == Some(std::path::Path::new(file)))
            .map(|d| format!("{}:{}:{} {}", file, d.line, d.column, d.message))
            .collect::<Vec<_>>()
    };
    let coder = at("content/roles/medical-coder.md");
    assert!(
        coder.iter().any(|d| d.contains("hospitls")),
        "{coder:?} in {diags:?}"
    );
    let hospitals = at("content/settings/hospitals.md");
    assert!(
        hospitals
            .iter()
            .any(|d| d.starts_with("content/settings/hospitals.md:4:17")
                && d.contains("medical-codr")),
        "{hospitals:?} in {diags:?}"
    );
    assert!(!root.join("public").exists(), "nothing written");
}

/// The site header is made once per folder depth (src/render/header.rs); each page must still
/// get links relative to its own folder and mark only its own navigation entry as current.
#[test]
fn every_page_gets_the_header_for_its_depth_and_its_own_current_link() {
    let site = copy_fixture("basic");
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    let nav = |rel: &str| {
        let html = read(public.join(rel));
        let start = html.find(r#"<nav class="site-nav""#).expect("navigation");
        let end = start + html[start..].find("</nav>").expect("end of navigation");
        html[start..end].to_string()
    };
    let roles = nav("roles/index.html");
    assert!(
        roles.contains(r#"<a href="../roles/" aria-current="page">"#),
        "{roles}"
    );
    assert_eq!(roles.matches("aria-current").count(), 1);
    let levels = nav("levels/index.html");
    assert!(
        levels.contains(r#"<a href="../levels/" aria-current="page">"#),
        "{levels}"
    );
    assert!(levels.contains(r#"<a href="../roles/">"#));
    assert_eq!(levels.matches("aria-current").count(), 1);
    // Pages below a section: links two folders up, nothing current.
    for rel in ["roles/medical-coder/index.html", "levels/entry/index.html"] {
        let deep = nav(rel);
        assert!(deep.contains(r#"<a href="../../roles/">"#), "{rel}: {deep}");
        assert!(!deep.contains("aria-current"), "{rel}: {deep}");
    }
    let home = nav("index.html");
    assert!(home.contains(r#"<a href="./roles/">"#) && !home.contains("aria-current"));
    // The 404 page links from the site's path (base_url is https://guide.test/guide/), as it
    // is served at any depth.
    assert!(nav("404.html").contains(r#"<a href="/guide/roles/">"#));
}
