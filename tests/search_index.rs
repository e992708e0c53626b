//! The search index and service worker a build writes: file layout, one version across the
//! files, human facet labels, a worker whose version follows the content, pages that obey the
//! Content-Security-Policy the site ships with, and the size budget of the bundled guide.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use common::*;

fn index_files(public: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(public.join("search-index"))
        .expect("search-index/ exists")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    files
}

#[test]
fn index_files_share_one_version_and_label_facets_for_people() {
    let site = copy_fixture("basic");
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    let meta = &call_args(&public.join("search-index/meta.js"), "meta")[0];
    let version = meta["version"].as_str().expect("version").to_string();
    assert_eq!(meta["elasticlunr"]["version"], "0.9.5");
    assert_eq!(
        meta["elasticlunr"]["fields"],
        serde_json::json!([
            "title",
            "also_called",
            "job_titles",
            "summary",
            "headings",
            "body"
        ])
    );
    assert_eq!(meta["boost"]["title"], 10.0);
    let docs = meta["docs"].as_u64().expect("docs") as usize;
    assert_eq!(docs, 15, "every page but the home page");
    assert_eq!(meta["lengths"]["body"].as_array().map(Vec::len), Some(docs));

    // Every shard the manifest names exists, with the same version; nothing else is there.
    let mut expected = vec!["facets.js".to_string(), "meta.js".to_string()];
    for group in meta["groups"].as_array().expect("groups") {
        let name = group["name"].as_str().expect("name");
        let bounds = group["bounds"].as_array().expect("bounds");
        assert_eq!(bounds[0], "", "the first shard starts before every term");
        for i in 0..bounds.len() {
            let file = public.join(format!("search-index/{name}{i}.js"));
            let args = call_args(&file, "shard");
            assert_eq!(args[0], format!("{name}{i}"));
            assert_eq!(args[1], version.as_str());
            expected.push(format!("{name}{i}.js"));
        }
    }
    for (k, _) in meta["chunks"]
        .as_array()
        .expect("chunks")
        .iter()
        .enumerate()
    {
        let args = call_args(&public.join(format!("search-index/d{k}.js")), "docs");
        assert_eq!(args[1], version.as_str());
        expected.push(format!("d{k}.js"));
    }
    let mut found: Vec<String> = index_files(&public)
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    expected.sort();
    found.sort();
    assert_eq!(found, expected);

    // Facets carry labels, not slugs.
    let facets = &call_args(&public.join("search-index/facets.js"), "facets");
    assert_eq!(facets[0], version.as_str());
    let labels = |name: &str| -> Vec<String> {
        facets[1]["facets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .unwrap_or_else(|| panic!("facet {name}"))["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v[1].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(labels("level"), ["Entry level", "Mid-career"]);
    assert_eq!(labels("area"), ["Coding and revenue cycle"]);
    assert_eq!(labels("education"), ["Certificate", "Associate degree"]);
    assert_eq!(labels("setting"), ["Hospitals", "Remote work"]);
    assert_eq!(
        labels("certification"),
        ["Certified Coding Associate (CCA)"]
    );
    assert!(labels("kind").contains(&"Work setting".to_string()));
    let salaries = facets[1]["salary"]["docs"].as_array().unwrap();
    assert_eq!(salaries.len(), docs);
    assert!(salaries.contains(&serde_json::json!(51140)));
}

#[test]
fn drafts_stay_out_of_the_index() {
    let site = copy_fixture("basic");
    std::fs::write(
        site.path().join("content/articles/secret.md"),
        "---\ntitle: Unpublished zanzibar plans\ndraft: true\n---\nZanzibar.\n",
    )
    .unwrap();
    build_ok(site.path(), &[]);
    for file in index_files(&site.path().join("public")) {
        assert!(
            !read(&file).to_lowercase().contains("zanzibar"),
            "{} mentions the draft",
            file.display()
        );
    }
    build_ok(site.path(), &["--drafts"]);
    let all: String = index_files(&site.path().join("public"))
        .iter()
        .map(read)
        .collect();
    assert!(all.contains("Unpublished zanzibar plans"));
}

fn worker_version(public: &Path) -> String {
    let sw = read(public.join("sw.js"));
    let line = sw
        .lines()
        .find(|l| l.starts_with("const VERSION = "))
        .expect("sw.js declares its version");
    line.trim_start_matches("const VERSION = \"")
        .trim_end_matches("\";")
        .to_string()
}

#[test]
fn the_service_worker_version_follows_the_content() {
    let site = copy_fixture("basic");
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    let first = worker_version(&public);
    assert_eq!(first.len(), 16);
    let sw = read(public.join("sw.js"));
    for cached in [
        r#""./""#,
        r#""search/""#,
        r#""search-index/meta.js""#,
        "search-index/facets.js?v=",
        "assets/search-core.js?v=",
        "assets/style.css?v=",
    ] {
        assert!(sw.contains(cached), "sw.js precaches {cached}");
    }
    // The rest of the guide is in its offline list: every shard and page.
    let list: serde_json::Value =
        serde_json::from_str(&read(public.join("offline.json"))).expect("offline.json");
    let files: Vec<&str> = list["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|f| f[0].as_str())
        .collect();
    for listed in [
        "search-index/n0.js",
        "search-index/t0.js",
        "roles/medical-coder/",
        "./",
    ] {
        assert!(
            files.contains(&listed),
            "offline.json lists {listed}: {files:?}"
        );
    }
    build_ok(site.path(), &[]);
    assert_eq!(worker_version(&public), first, "same content, same version");

    // A change deep in a body, past what the index keeps, still changes the version.
    let page = site.path().join("content/settings/remote-work.md");
    let filler = "word ".repeat(2000);
    std::fs::write(&page, read(&page) + &filler + "changed\n").unwrap();
    build_ok(site.path(), &[]);
    let second = worker_version(&public);
    assert_ne!(second, first);
    std::fs::write(&page, read(&page).replace("changed", "edited")).unwrap();
    build_ok(site.path(), &[]);
    assert_ne!(worker_version(&public), second);
}

/// Checks a page against `script-src 'self'; style-src 'self'`: no inline scripts (JSON data
/// blocks are not scripts), no `on…=` handlers, no `style` attributes or elements.
fn csp_problems(html: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        let Some(first) = rest.chars().next() else {
            break;
        };
        if !first.is_ascii_alphabetic() {
            continue;
        }
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        // Attributes, honouring quotes.
        let mut attrs = Vec::new();
        let bytes = rest.as_bytes();
        let mut i = name_end;
        while i < bytes.len() && bytes[i] != b'>' {
            if bytes[i].is_ascii_whitespace() || bytes[i] == b'/' {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && !b" \t\n\r=>/".contains(&bytes[i]) {
                i += 1;
            }
            let attr = rest[start..i].to_ascii_lowercase();
            let mut value = String::new();
            if i < bytes.len() && bytes[i] == b'=' {
                i += 1;
                if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                    let quote = bytes[i];
                    let v0 = i + 1;
                    i = v0;
                    while i < bytes.len() && bytes[i] != quote {
                        i += 1;
                    }
                    value = rest[v0..i.min(bytes.len())].to_string();
                    i += 1;
                } else {
                    let v0 = i;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                        i += 1;
                    }
                    value = rest[v0..i].to_string();
                }
            }
            attrs.push((attr, value));
        }
        for (attr, _) in &attrs {
            if attr.starts_with("on") || attr == "style" {
                problems.push(format!("<{name} {attr}=…>"));
            }
        }
        if name == "style" {
            problems.push("<style> element".into());
        }
        if name == "script" {
            let external = attrs.iter().any(|(a, _)| a == "src");
            // JSON data blocks are not run, so the policy does not apply to them.
            let data = attrs.iter().any(|(a, v)| {
                a == "type" && (v == "application/ld+json" || v == "application/json")
            });
            if !external && !data {
                problems.push("inline <script>".into());
            }
        }
    }
    problems
}

#[test]
fn csp_checker_catches_what_it_should() {
    assert!(csp_problems(r#"<p>a < b, "on=" here</p><script src="x.js"></script>"#).is_empty());
    assert!(csp_problems(r#"<script type="application/ld+json">{"a":1}</script>"#).is_empty());
    assert!(csp_problems(r#"<script type="application/json" id="d">[1]</script>"#).is_empty());
    assert_eq!(csp_problems("<script>alert(1)</script>").len(), 1);
    assert_eq!(
        csp_problems(r#"<script type="module">x()</script>"#).len(),
        1
    );
    assert_eq!(
        csp_problems(r##"<a href="#" onclick="x()">x</a>"##).len(),
        1
    );
    assert_eq!(
        csp_problems(r#"<div title='a > b' style="color:red">"#).len(),
        1
    );
    assert_eq!(csp_problems("<style>p{}</style>").len(), 1);
}

fn build_bundled() -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().expect("temp dir");
    let public = out.path().join("public");
    let root = env!("CARGO_MANIFEST_DIR");
    let public_s = public.to_string_lossy().to_string();
    let built = run(&["build", "--root", root, "--output", &public_s]);
    assert!(built.status.success(), "{}", stderr(&built));
    (out, public)
}

#[test]
fn every_page_of_the_bundled_guide_obeys_the_content_security_policy() {
    let (_out, public) = build_bundled();
    let mut problems = Vec::new();
    for entry in walkdir::WalkDir::new(&public) {
        let entry = entry.expect("walk");
        if entry.path().extension().is_some_and(|e| e == "html") {
            for p in csp_problems(&read(entry.path())) {
                problems.push(format!("{}: {p}", entry.path().display()));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn gzipped(bytes: &[u8]) -> usize {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    gz.write_all(bytes).expect("gzip");
    gz.finish().expect("gzip").len()
}

/// The budget from the search issue: everything search downloads for the bundled guide (the
/// whole index and the search scripts), gzip-compressed as a static host serves it, fits in
/// 100 KB.
#[test]
fn the_bundled_guides_search_payload_fits_in_100_kb_gzipped() {
    const BUDGET: usize = 100 * 1024;
    let (_out, public) = build_bundled();
    let mut files = index_files(&public);
    files.push(public.join("assets/search-core.js"));
    files.push(public.join("assets/search.js"));
    let (mut raw, mut gz) = (0, 0);
    for f in &files {
        let bytes = std::fs::read(f).expect("read");
        raw += bytes.len();
        gz += gzipped(&bytes);
    }
    println!(
        "bundled guide search payload: {} files, {raw} bytes, {gz} bytes gzipped",
        files.len()
    );
    assert!(
        gz <= BUDGET,
        "the search payload is {gz} bytes gzipped, over the {BUDGET}-byte budget"
    );
    assert!(
        gz > 10 * 1024,
        "suspiciously small ({gz} bytes): is the index empty?"
    );
}

/// A build renders pages in groups and indexes each group as it is done, in an order it works
/// out before rendering; `serve` indexes the documents it keeps, all at once, in the order it
/// sorts them into. Both must give the same index, file for file and byte for byte.
#[test]
fn a_build_writes_the_same_index_as_serve() {
    let (_out, public) = build_bundled();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (mut project, report) = careerguide::incremental::Project::open(
        root,
        careerguide::incremental::ProjectOptions {
            base_url: None,
            drafts: false,
            asset_version: None,
        },
    );
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    assert!(project.refresh_search().is_empty());
    let served = project.files();
    let mut served_index: Vec<&String> = served
        .keys()
        .filter(|k| k.starts_with("search-index/"))
        .collect();
    served_index.sort();
    let built: Vec<String> = index_files(&public)
        .iter()
        .map(|p| {
            format!(
                "search-index/{}",
                p.file_name().unwrap_or_default().to_string_lossy()
            )
        })
        .collect();
    let mut built_sorted: Vec<&String> = built.iter().collect();
    built_sorted.sort();
    assert_eq!(served_index, built_sorted, "the same index files");
    assert!(built.len() > 3, "{built:?}");
    for path in built {
        let on_disk = std::fs::read(public.join(&path)).expect("index file");
        assert!(
            served[&path].as_slice() == on_disk.as_slice(),
            "{path} differs between build and serve"
        );
    }
}
