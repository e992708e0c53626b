//! The bundled guide lives on its data tables: every figure a role page shows equals its
//! data file (data/wages/, data/projections.csv), and replacing data/wages with another
//! release changes every role page that uses it.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled guide (site settings, content and data) in a temporary folder.
fn bundled_copy() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    for dir in ["content", "data"] {
        copy_dir(&repo().join(dir), &tmp.path().join(dir));
    }
    std::fs::copy(repo().join("site.yaml"), tmp.path().join("site.yaml")).expect("site.yaml");
    tmp
}

/// Each role with a `soc`: its slug and code, from the front-matter.
fn roles_with_soc(root: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(root.join("content/roles")).expect("roles") {
        let path = entry.expect("entry").path();
        let slug = path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        if slug == "_index" {
            continue;
        }
        let text = read(&path);
        if let Some(soc) = text
            .lines()
            .take_while(|l| *l != "---" || text.starts_with(l))
            .find_map(|l| l.strip_prefix("soc:"))
        {
            out.push((slug, soc.trim().trim_matches('"').to_string()));
        }
    }
    out.sort();
    out
}

/// A data CSV's rows (after its `#` lines) as header → value maps.
fn csv_rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let text = read(path);
    let body: String = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let headers = reader.headers().expect("header").clone();
    reader
        .records()
        .map(|r| {
            let r = r.expect("row");
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// `51140` → `51,140`.
fn grouped(v: &str) -> String {
    let n: f64 = v.parse().expect("number");
    let digits = format!("{}", n.abs().round() as u64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The text of the page's element with `id`, tags and the chart's SVG left out.
fn section_text(html: &str, id: &str) -> String {
    let Some(start) = html.find(&format!("id=\"{id}\"")) else {
        return String::new();
    };
    let rest = &html[start..];
    let end = rest.find("</section>").unwrap_or(rest.len());
    let mut s = rest[..end].to_string();
    // The chart (an SVG with an SVG inside) draws the same figures rounded, on a scale.
    if let (Some(a), Some(b)) = (s.find("<svg"), s.rfind("</svg>"))
        && a < b
    {
        s.replace_range(a..b + 6, " ");
    }
    let mut text = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

/// Every figure in `text`: dollar amounts, grouped numbers (194,800) and percentages.
fn figures(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_alphanumeric()) {
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_digit() || chars[i] == ',' || chars[i] == '.')
            {
                i += 1;
            }
            let mut token: String = chars[start..i].iter().collect();
            while token.ends_with(['.', ',']) {
                token.pop();
            }
            let dollar = start > 0 && chars[start - 1] == '$';
            let percent = i < chars.len() && chars[i] == '%';
            if dollar || percent || token.contains(',') {
                out.push(format!(
                    "{}{token}{}",
                    if dollar { "$" } else { "" },
                    if percent { "%" } else { "" }
                ));
            }
        } else {
            i += 1;
        }
    }
    out
}

#[test]
fn every_figure_a_role_page_shows_equals_its_data_file() {
    let root = repo();
    let out = tempfile::tempdir().expect("temp dir");
    build_ok(&root, &["--output", &out.path().to_string_lossy()]);
    let projections: BTreeMap<String, BTreeMap<String, String>> =
        csv_rows(&root.join("data/projections.csv"))
            .into_iter()
            .map(|r| (r["soc"].clone(), r))
            .collect();
    let roles = roles_with_soc(&root);
    assert!(roles.len() >= 20, "the bundled roles have SOC codes");
    for (slug, soc) in roles {
        let html = read(out.path().join(format!("roles/{slug}/index.html")));
        let wages = csv_rows(&root.join(format!("data/wages/{soc}.csv")));
        let national = wages
            .iter()
            .find(|r| r["area_type"] == "national")
            .expect("national row");
        let projection = projections.get(&soc).expect("projection row");
        // What the data files allow the page to say.
        let mut allowed: Vec<String> = Vec::new();
        for row in &wages {
            for key in ["p10", "p25", "median", "p75", "p90"] {
                if !row[key].is_empty() && row[key] != "#" {
                    allowed.push(format!("${}", grouped(&row[key])));
                }
            }
            if !row["employment"].is_empty() {
                allowed.push(grouped(&row["employment"]));
            }
        }
        for key in [
            "employment_base",
            "employment_projected",
            "change",
            "openings_per_year",
        ] {
            if !projection[key].is_empty() {
                allowed.push(grouped(&projection[key]));
            }
        }
        let pct: f64 = projection["change_pct"].parse().expect("percent");
        let pct_text = if pct.fract() == 0.0 {
            format!("{}%", pct.abs())
        } else {
            format!("{:.1}%", pct.abs())
        };
        allowed.push(pct_text.clone());

        // The key figures are there, each from its file.
        let facts = section_text(&html, "facts");
        assert!(
            facts.contains(&format!("${}", grouped(&national["median"]))),
            "{slug}: median pay from data/wages/{soc}.csv"
        );
        assert!(
            facts.contains(&grouped(&projection["employment_base"])),
            "{slug}: jobs"
        );
        assert!(
            facts.contains(&grouped(&projection["openings_per_year"])),
            "{slug}: openings"
        );
        assert!(
            facts.contains(&projection["education"].replace('\'', "&#39;")),
            "{slug}: entry education"
        );
        assert!(
            facts.contains(&format!("{pct_text} over 2024–34")),
            "{slug}: outlook with its period"
        );
        assert!(
            html.contains("Source: BLS OEWS May 2025"),
            "{slug}: pay source"
        );
        assert!(
            html.contains(&format!("BLS Employment Projections 2024–34, SOC {soc}")),
            "{slug}: outlook source"
        );
        // And nothing else: every figure in the data sections is one of the file's.
        for id in [
            "facts",
            "salary",
            "outlook",
            "employment",
            "salary-by-state",
        ] {
            for figure in figures(&section_text(&html, id)) {
                assert!(
                    allowed.contains(&figure),
                    "{slug}: `{figure}` in #{id} is in neither data/wages/{soc}.csv nor data/projections.csv"
                );
            }
        }
    }
}

#[test]
fn replacing_data_wages_with_another_release_changes_every_role_page_that_uses_it() {
    let site = bundled_copy();
    let root = site.path();
    build_ok(root, &["--output", &root.join("before").to_string_lossy()]);
    // Another release: every figure 10 % higher, named May 2026.
    for entry in std::fs::read_dir(root.join("data/wages")).expect("data/wages") {
        let path = entry.expect("entry").path();
        let text = read(&path);
        let mut out = String::new();
        for line in text.lines() {
            if line.starts_with("# release:") {
                out.push_str("# release: May 2026\n");
            } else if line.starts_with("# year:") {
                out.push_str("# year: 2026\n");
            } else if line.starts_with('#') || line.starts_with("area_code") {
                out.push_str(line);
                out.push('\n');
            } else {
                let mut reader = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .from_reader(line.as_bytes());
                let record = reader.records().next().expect("row").expect("csv");
                let mut cells: Vec<String> = record.iter().map(str::to_string).collect();
                for cell in cells.iter_mut().skip(4) {
                    if let Ok(v) = cell.parse::<f64>() {
                        *cell = format!("{}", (v * 1.1).round());
                    }
                }
                let mut w = csv::WriterBuilder::new()
                    .terminator(csv::Terminator::Any(b'\n'))
                    .from_writer(Vec::new());
                w.write_record(&cells).expect("write");
                out.push_str(&String::from_utf8(w.into_inner().expect("csv")).expect("utf-8"));
            }
        }
        std::fs::write(&path, out).expect("write");
    }
    build_ok(root, &["--output", &root.join("after").to_string_lossy()]);
    let roles = roles_with_soc(root);
    assert!(!roles.is_empty());
    for (slug, soc) in roles {
        let page = format!("roles/{slug}/index.html");
        let before = read(root.join("before").join(&page));
        let after = read(root.join("after").join(&page));
        assert_ne!(before, after, "{slug} did not change");
        let national = csv_rows(&root.join(format!("data/wages/{soc}.csv")))
            .into_iter()
            .find(|r| r["area_type"] == "national")
            .expect("national");
        let median = format!("${}", grouped(&national["median"]));
        assert!(
            section_text(&after, "facts").contains(&median),
            "{slug}: the new median {median}"
        );
        // The figures' sections name the new release (the prose may still cite the old one).
        for id in ["salary", "salary-by-state"] {
            let section = section_text(&after, id);
            assert!(
                section.contains("May 2026") && !section.contains("May 2025"),
                "{slug}: #{id}"
            );
        }
    }
}
