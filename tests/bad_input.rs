//! The bad-input suite: broken sites and files from many hands and tools, each with the exact
//! error it must produce (code, message, file, line, column) and exit code — or, for input
//! that is merely unusual (a byte-order mark, CRLF line endings), a clean build.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::*;

/// One parsed diagnostic from the command's output.
#[derive(Debug, Clone, PartialEq)]
struct Reported {
    code: String,
    message: String,
    location: String,
}

/// Parses `error[code]: message` headers and their ` --> file:line:col` lines.
fn parse(stderr: &str) -> Vec<Reported> {
    let mut out: Vec<Reported> = Vec::new();
    for line in stderr.lines() {
        if let Some(rest) = line.strip_prefix("error[") {
            if let Some((code, message)) = rest.split_once("]: ") {
                out.push(Reported {
                    code: code.into(),
                    message: message.into(),
                    location: String::new(),
                });
            }
        } else if let Some(loc) = line.trim_start().strip_prefix("--> ")
            && let Some(last) = out.last_mut()
            && last.location.is_empty()
        {
            last.location = loc.trim().to_string();
        }
    }
    out
}

fn write(root: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

const ROLE: &str = "---\ntitle: Registrar\nlevel: mid\neducation: associate\n";

/// A broken input and what it must produce.
struct Case {
    name: &'static str,
    setup: fn(&Path),
    /// `None`: the site must build.
    expect: Option<(&'static str, &'static str, &'static str)>,
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "unterminated front-matter",
            setup: |r| {
                write(
                    r,
                    "content/roles/x.md",
                    "---\ntitle: X\nlevel: mid\n\nBody text\n",
                )
            },
            expect: Some((
                "unterminated-front-matter",
                "the front-matter is never closed",
                "content/roles/x.md:1:1",
            )),
        },
        Case {
            name: "no front-matter",
            setup: |r| write(r, "content/articles/x.md", "# Just a heading\n"),
            expect: Some((
                "missing-front-matter",
                "this page does not start with front-matter",
                "content/articles/x.md:1:1",
            )),
        },
        Case {
            name: "empty file",
            setup: |r| write(r, "content/articles/x.md", ""),
            expect: Some(("empty-file", "this page is empty", "content/articles/x.md")),
        },
        Case {
            name: "tab indentation",
            setup: |r| {
                write(
                    r,
                    "content/roles/x.md",
                    format!("{ROLE}salary:\n\tmedian: 5\n---\n"),
                )
            },
            expect: Some((
                "yaml-tab",
                "a tab character is used for indentation",
                "content/roles/x.md:6:1",
            )),
        },
        Case {
            name: "string for a number",
            setup: |r| {
                write(
                    r,
                    "content/roles/x.md",
                    format!(
                        "{ROLE}salary: {{period: annual, median: fifty thousand, year: 2025, source: BLS}}\n---\n"
                    ),
                )
            },
            expect: Some(("yaml", "expected a number", "content/roles/x.md:5:34")),
        },
        Case {
            name: "words for a whole number",
            setup: |r| {
                write(
                    r,
                    "content/roles/x.md",
                    format!(
                        "{ROLE}salary: {{period: annual, median: 51140, year: last year, source: BLS}}\n---\n"
                    ),
                )
            },
            expect: Some(("yaml", "expected a whole number", "content/roles/x.md:5:47")),
        },
        Case {
            name: "a negative count in site.yaml",
            setup: |r| {
                let yaml = std::fs::read_to_string(r.join("site.yaml")).unwrap();
                write(r, "site.yaml", format!("{yaml}paginate_by: -5\n"));
            },
            expect: Some((
                "yaml",
                "expected a whole number, 0 or more",
                "site.yaml:8:14",
            )),
        },
        Case {
            name: "list for a map",
            setup: |r| {
                write(
                    r,
                    "content/roles/x.md",
                    format!("{ROLE}salary: [51140, 2025]\n---\n"),
                )
            },
            expect: Some((
                "yaml",
                "expected a map of keys and values",
                "content/roles/x.md:5:9",
            )),
        },
        Case {
            name: "map for a list",
            setup: |r| {
                write(
                    r,
                    "content/roles/x.md",
                    format!("{ROLE}settings: {{hospitals: yes}}\n---\n"),
                )
            },
            expect: Some(("yaml", "expected a list", "content/roles/x.md:5:11")),
        },
        Case {
            name: "word for a bool",
            setup: |r| {
                write(
                    r,
                    "content/roles/x.md",
                    format!("{ROLE}remote: sometimes\n---\n"),
                )
            },
            expect: Some(("yaml", "", "content/roles/x.md:5:9")),
        },
        Case {
            name: "null title",
            setup: |r| write(r, "content/articles/x.md", "---\ntitle:\n---\n"),
            // Shown where the value goes, after the colon.
            expect: Some((
                "missing-value",
                "`title` has no value",
                "content/articles/x.md:2:7",
            )),
        },
        Case {
            name: "missing required key",
            setup: |r| write(r, "content/roles/x.md", "---\ntitle: X\nlevel: mid\n---\n"),
            expect: Some((
                "missing-key",
                "missing required key `education`",
                "content/roles/x.md:2:1",
            )),
        },
        Case {
            name: "unknown key",
            setup: |r| {
                write(
                    r,
                    "content/roles/x.md",
                    format!("{ROLE}sumary: typo\n---\n"),
                )
            },
            expect: Some((
                "unknown-key",
                "unknown key `sumary`",
                "content/roles/x.md:5:1",
            )),
        },
        Case {
            name: "duplicate key",
            setup: |r| {
                write(
                    r,
                    "content/roles/x.md",
                    format!("{ROLE}title: Again\n---\n"),
                )
            },
            expect: Some((
                "duplicate-key",
                "the key `title` appears twice",
                "content/roles/x.md:5:1",
            )),
        },
        Case {
            name: "bad enum value",
            setup: |r| {
                write(
                    r,
                    "content/roles/x.md",
                    "---\ntitle: X\nlevel: senior\neducation: associate\n---\n",
                )
            },
            expect: Some((
                "bad-value",
                "`senior` is not an allowed value here",
                "content/roles/x.md:3:8",
            )),
        },
        Case {
            name: "billion laughs",
            setup: |r| {
                let mut y = String::from(
                    "---\ntitle: Bomb\nextra:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
                );
                let mut prev = 'a';
                for n in ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'] {
                    y.push_str(&format!("  {n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
                    prev = n;
                }
                y.push_str("---\n");
                write(r, "content/articles/x.md", y);
            },
            expect: Some((
                "yaml-too-large",
                "this YAML expands to too much data",
                "content/articles/x.md:",
            )),
        },
        Case {
            name: "deep YAML nesting",
            setup: |r| {
                write(
                    r,
                    "content/articles/x.md",
                    format!(
                        "---\ntitle: X\nextra: {{a: {}1{}}}\n---\n",
                        "[".repeat(200),
                        "]".repeat(200)
                    ),
                )
            },
            expect: Some((
                "yaml-too-large",
                "this YAML expands to too much data",
                "content/articles/x.md:3:",
            )),
        },
        Case {
            name: "byte-order mark",
            setup: |r| {
                write(
                    r,
                    "content/articles/x.md",
                    b"\xEF\xBB\xBF---\ntitle: BOM\n---\nFrom Word.\n",
                )
            },
            expect: None,
        },
        Case {
            name: "CRLF line endings",
            setup: |r| {
                write(
                    r,
                    "content/articles/x.md",
                    "---\r\ntitle: CRLF\r\n---\r\nLine one\r\n\r\nLine two\r\n",
                )
            },
            expect: None,
        },
        Case {
            name: "mixed line endings",
            setup: |r| {
                write(
                    r,
                    "content/articles/x.md",
                    "---\r\ntitle: Mixed\n---\nLine one\r\nLine two\n",
                )
            },
            expect: None,
        },
        Case {
            name: "non-UTF-8 bytes",
            setup: |r| write(r, "content/articles/x.md", b"---\ntitle: Caf\xE9\n---\n"),
            expect: Some((
                "not-utf8",
                "this file is not UTF-8 text (byte 0xE9 at byte offset 14)",
                "content/articles/x.md:2:11",
            )),
        },
        Case {
            name: "a 50 MB page",
            setup: |r| {
                write(
                    r,
                    "content/articles/x.md",
                    format!("---\ntitle: Huge\n---\n{}", "word ".repeat(10_500_000)),
                )
            },
            expect: Some((
                "page-too-large",
                "this page is 50.1 MB; a page may be at most 8 MB",
                "content/articles/x.md",
            )),
        },
        Case {
            name: "10,000 levels of Markdown nesting",
            setup: |r| {
                write(
                    r,
                    "content/articles/x.md",
                    format!(
                        "---\ntitle: Deep\n---\n{} deep\n\n{}x\n",
                        ">".repeat(10_000),
                        "- ".repeat(10_000)
                    ),
                )
            },
            expect: None,
        },
        Case {
            name: "dangling reference",
            setup: |r| {
                write(
                    r,
                    "content/roles/x.md",
                    format!("{ROLE}settings: [hospitals, clinics]\n---\n"),
                )
            },
            expect: Some((
                "unknown-reference",
                "no setting called `clinics`",
                "content/roles/x.md:5:23",
            )),
        },
        Case {
            name: "self-reference in next_roles",
            setup: |r| {
                write(
                    r,
                    "content/roles/x.md",
                    format!("{ROLE}next_roles: [x]\n---\n"),
                )
            },
            expect: Some((
                "self-reference",
                "a role cannot be its own next role",
                "content/roles/x.md:5:14",
            )),
        },
        Case {
            name: "cycle in next_roles across levels",
            setup: |r| {
                write(
                    r,
                    "content/roles/a.md",
                    "---\ntitle: A\nlevel: entry\neducation: associate\nnext_roles: [b]\n---\n",
                );
                write(
                    r,
                    "content/roles/b.md",
                    "---\ntitle: B\nlevel: mid\neducation: associate\nnext_roles: [a]\n---\n",
                );
            },
            expect: Some((
                "next-roles-cycle",
                "next_roles go round in a circle across levels: a (entry) → b (mid)",
                "content/roles/a.md:5:1",
            )),
        },
        Case {
            name: "lateral cycle at one level is allowed",
            setup: |r| {
                write(
                    r,
                    "content/roles/a.md",
                    "---\ntitle: A\nlevel: mid\neducation: associate\nnext_roles: [b]\n---\n",
                );
                write(
                    r,
                    "content/roles/b.md",
                    "---\ntitle: B\nlevel: mid\neducation: associate\nnext_roles: [a]\n---\n",
                );
            },
            expect: None,
        },
        Case {
            name: "duplicate slugs across folders",
            setup: |r| {
                write(r, "content/roles/coding/x.md", format!("{ROLE}---\n"));
                write(r, "content/roles/records/x.md", format!("{ROLE}---\n"));
            },
            expect: Some((
                "duplicate-slug",
                "two roles are called `x`",
                "content/roles/records/x.md",
            )),
        },
        Case {
            name: "two files for one address",
            setup: |r| {
                write(r, "content/articles/guide.md", "---\ntitle: A\n---\n");
                write(
                    r,
                    "content/articles/guide/_index.md",
                    "---\ntitle: B\n---\n",
                );
            },
            expect: Some((
                "duplicate-path",
                "two pages would be written to /articles/guide/",
                "content/articles/guide/_index.md",
            )),
        },
        Case {
            name: "link climbing out with ../",
            setup: |r| {
                write(
                    r,
                    "content/articles/x.md",
                    "---\ntitle: X\n---\nSee [secret](../../../../etc/passwd).\n",
                )
            },
            expect: Some((
                "link-escapes-content",
                "`../../../../etc/passwd` points outside the content folder",
                "content/articles/x.md:4:14",
            )),
        },
        Case {
            name: "URL-encoded ../",
            setup: |r| {
                write(
                    r,
                    "content/articles/x.md",
                    "---\ntitle: X\n---\n![x](%2e%2e/%2e%2e/%2e%2e/site.yaml)\n",
                )
            },
            expect: Some((
                "link-escapes-content",
                "`%2e%2e/%2e%2e/%2e%2e/site.yaml` points outside the content folder",
                "content/articles/x.md:4:6",
            )),
        },
        Case {
            name: "a file name that is a path trick",
            setup: |r| write(r, "content/articles/%2e%2e.md", "---\ntitle: X\n---\n"),
            expect: Some((
                "bad-slug",
                "the file name `%2e%2e.md` cannot be used as a page address",
                "content/articles/%2e%2e.md",
            )),
        },
        Case {
            name: "file name with spaces",
            setup: |r| write(r, "content/roles/Medical Coder.md", format!("{ROLE}---\n")),
            expect: Some((
                "bad-slug",
                "the file name `Medical Coder.md` cannot be used as a page address",
                "content/roles/Medical Coder.md",
            )),
        },
        Case {
            name: "Unicode file name",
            setup: |r| write(r, "content/articles/café.md", "---\ntitle: Café\n---\n"),
            expect: Some((
                "bad-slug",
                "the file name `café.md` cannot be used as a page address",
                "content/articles/café.md",
            )),
        },
        Case {
            name: "symlink loop in content",
            setup: |r| {
                std::os::unix::fs::symlink(r.join("content"), r.join("content/articles/loop"))
                    .unwrap();
                std::os::unix::fs::symlink("self.md", r.join("content/articles/self.md")).unwrap();
            },
            expect: Some((
                "unreadable",
                "cannot read this file",
                "content/articles/self.md",
            )),
        },
        Case {
            name: "unreadable file (dangling link)",
            setup: |r| {
                std::os::unix::fs::symlink("gone.md", r.join("content/articles/x.md")).unwrap()
            },
            expect: Some((
                "unreadable",
                "cannot read this file",
                "content/articles/x.md",
            )),
        },
        Case {
            name: "missing site.yaml",
            setup: |r| std::fs::remove_file(r.join("site.yaml")).unwrap(),
            expect: Some(("missing-site-yaml", "no site.yaml in", "")),
        },
        Case {
            name: "unknown key in site.yaml",
            setup: |r| write(r, "site.yaml", read(r.join("site.yaml")) + "titel: typo\n"),
            expect: Some(("unknown-key", "unknown key `titel`", "site.yaml:8:1")),
        },
        Case {
            name: "bad base_url",
            setup: |r| {
                write(
                    r,
                    "site.yaml",
                    read(r.join("site.yaml")).replace("https://guide.test/guide/", "example.org"),
                )
            },
            expect: Some((
                "bad-base-url",
                "`example.org` is not a usable base_url",
                "site.yaml:2:11",
            )),
        },
        Case {
            name: "missing theme folder",
            setup: |r| write(r, "site.yaml", read(r.join("site.yaml")) + "theme: fancy\n"),
            expect: Some((
                "unknown-theme",
                "no theme folder themes/fancy/",
                "site.yaml:8:1",
            )),
        },
        Case {
            name: "template syntax error",
            setup: |r| {
                write(r, "site.yaml", read(r.join("site.yaml")) + "theme: mine\n");
                write(
                    r,
                    "themes/mine/templates/article.html",
                    "{% extends \"base.html\" %}\n{% block main %}\n{% if page.title %}\n{% endblock main %}\n",
                );
            },
            expect: Some((
                "template-syntax",
                "",
                "themes/mine/templates/article.html:4:",
            )),
        },
        Case {
            name: "template with a missing variable",
            setup: |r| {
                write(r, "site.yaml", read(r.join("site.yaml")) + "theme: mine\n");
                write(
                    r,
                    "themes/mine/templates/article.html",
                    "{% extends \"base.html\" %}\n{% block main %}\n{{ page.no_such_field }}\n{% endblock main %}\n",
                );
            },
            expect: Some((
                "template-render",
                "",
                "themes/mine/templates/article.html:3:",
            )),
        },
        Case {
            name: "impossible date",
            setup: |r| {
                write(
                    r,
                    "content/articles/x.md",
                    "---\ntitle: X\nupdated: 2026-02-30\n---\n",
                )
            },
            expect: Some((
                "bad-date",
                "`2026-02-30` is not a date: that day does not exist in that month",
                "content/articles/x.md:3:10",
            )),
        },
        Case {
            name: "bad SOC code",
            setup: |r| {
                write(
                    r,
                    "content/roles/x.md",
                    format!("{ROLE}soc: \"29-20721\"\n---\n"),
                )
            },
            expect: Some((
                "bad-soc",
                "`29-20721` is not a SOC code",
                "content/roles/x.md:5:6",
            )),
        },
        Case {
            name: "salary percentiles out of order",
            setup: |r| {
                write(
                    r,
                    "content/roles/x.md",
                    format!(
                        "{ROLE}salary: {{period: annual, p10: 60000, median: 50000, year: 2025, source: BLS}}\n---\n"
                    ),
                )
            },
            expect: Some((
                "bad-salary",
                "salary percentiles go down: p10 is 60000 but median is 50000",
                // The median, the figure out of order, is underlined.
                "content/roles/x.md:5:46",
            )),
        },
        Case {
            name: "javascript: link in Markdown",
            setup: |r| {
                write(
                    r,
                    "content/articles/x.md",
                    "---\ntitle: X\n---\n[click](javascript:alert(1))\n",
                )
            },
            expect: Some((
                "unsafe-link",
                "`javascript:` links are not allowed",
                "content/articles/x.md:4:9",
            )),
        },
        Case {
            name: "javascript: URL in sources",
            setup: |r| {
                write(
                    r,
                    "content/articles/x.md",
                    "---\ntitle: X\nsources:\n  - {title: Evil, url: \"javascript:alert(1)\"}\n---\n",
                )
            },
            expect: Some((
                "bad-url",
                "the source `Evil` has an unusable url `javascript:alert(1)`",
                "content/articles/x.md:3:1",
            )),
        },
        Case {
            name: "unknown area",
            setup: |r| write(r, "content/roles/x.md", format!("{ROLE}area: codin\n---\n")),
            expect: Some((
                "unknown-area",
                "no career area called `codin`",
                "content/roles/x.md:5:7",
            )),
        },
        Case {
            name: "reference to a draft",
            setup: |r| {
                write(
                    r,
                    "content/settings/clinic.md",
                    "---\ntitle: Clinic\ndraft: true\n---\n",
                );
                write(
                    r,
                    "content/roles/x.md",
                    format!("{ROLE}settings: [clinic]\n---\n"),
                );
            },
            expect: Some((
                "draft-reference",
                "`clinic` is a draft, left out of this build",
                "content/roles/x.md:5:12",
            )),
        },
        Case {
            name: "broken anchor",
            setup: |r| {
                write(
                    r,
                    "content/articles/x.md",
                    "---\ntitle: X\n---\nSee [pay](@/roles/medical-coder.md#wages).\n",
                )
            },
            expect: Some((
                "broken-anchor",
                "no `#wages` on /roles/medical-coder/",
                "content/articles/x.md:4:11",
            )),
        },
        Case {
            name: "missing image",
            setup: |r| {
                write(
                    r,
                    "content/articles/x.md",
                    "---\ntitle: X\n---\n![A chart](chart.png)\n",
                )
            },
            expect: Some((
                "missing-image",
                "the image `chart.png` does not exist",
                "content/articles/x.md:4:12",
            )),
        },
        Case {
            name: "reserved address",
            setup: |r| write(r, "content/search.md", "---\ntitle: Search\n---\n"),
            expect: Some((
                "reserved-path",
                "`/search/` is a page the generator writes itself",
                "content/search.md",
            )),
        },
        Case {
            name: "section page inside a kind folder",
            setup: |r| {
                write(
                    r,
                    "content/roles/coding/_index.md",
                    "---\ntitle: Coding\n---\n",
                )
            },
            expect: Some((
                "nested-section",
                "a section page inside content/roles/ is not supported",
                "content/roles/coding/_index.md",
            )),
        },
        Case {
            name: "pathway to itself",
            setup: |r| {
                write(
                    r,
                    "content/pathways/x.md",
                    "---\ntitle: X\nfrom: medical-coder\nto: medical-coder\n---\n",
                )
            },
            expect: Some((
                "self-reference",
                "a pathway must lead to a different role",
                "content/pathways/x.md:4:5",
            )),
        },
    ]
}

#[test]
fn every_bad_input_gets_its_exact_error() {
    let mut failures = Vec::new();
    let all = cases();
    assert!(all.len() >= 40, "the suite has {} cases", all.len());
    for case in all {
        let site = copy_fixture("basic");
        (case.setup)(site.path());
        let out_dir = tempfile::tempdir().unwrap();
        let start = Instant::now();
        let out = run(&[
            "build",
            "--root",
            &site.path().to_string_lossy(),
            "--output",
            &out_dir.path().join("public").to_string_lossy(),
        ]);
        let elapsed = start.elapsed();
        let err = stderr(&out);
        let reported = parse(&err);
        if elapsed > Duration::from_secs(20) {
            failures.push(format!("{}: took {elapsed:?}", case.name));
        }
        if err.contains("panicked") {
            failures.push(format!("{}: panicked\n{err}", case.name));
            continue;
        }
        match case.expect {
            None => {
                if out.status.code() != Some(0) {
                    failures.push(format!(
                        "{}: should build, exit {:?}\n{err}",
                        case.name,
                        out.status.code()
                    ));
                }
            }
            Some((code, message, location)) => {
                if out.status.code() != Some(1) {
                    failures.push(format!(
                        "{}: exit {:?}, expected 1",
                        case.name,
                        out.status.code()
                    ));
                }
                let found = reported.iter().any(|r| {
                    r.code == code
                        && r.message.contains(message)
                        && r.location.starts_with(location)
                });
                if !found {
                    failures.push(format!(
                        "{}: expected [{code}] {message:?} at {location:?}, got {reported:#?}",
                        case.name
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing cases:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn refuses_an_alias_bomb_quickly() {
    let site = copy_fixture("basic");
    let mut y = String::from(
        "---\ntitle: Bomb\nextra:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let mut prev = 'a';
    for n in ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'] {
        y.push_str(&format!("  {n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
        prev = n;
    }
    y.push_str("---\n");
    let src = careerguide::load::split_page(
        y,
        "content/articles/bomb.md".into(),
        "articles/bomb.md".into(),
    )
    .unwrap();
    let start = Instant::now();
    let result = careerguide::model::parse_page(src);
    assert!(
        start.elapsed() < Duration::from_millis(500),
        "took {:?}",
        start.elapsed()
    );
    assert_eq!(result.unwrap_err()[0].code, "yaml-too-large");
    drop(site);
}

#[test]
fn hostile_strings_are_escaped_everywhere() {
    let site = copy_fixture("basic");
    let evil = r#"</script><script>alert(1)</script>"><img src=x onerror=alert(2)>"#;
    write(
        site.path(),
        "content/roles/evil.md",
        format!(
            "---\ntitle: '{evil}'\nlevel: mid\neducation: associate\nsummary: '{evil}'\nalso_called: ['{evil}']\nsettings: [hospitals]\n---\nBody.\n"
        ),
    );
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    let html = read(public.join("roles/evil/index.html"));
    assert!(!html.contains("<script>alert(1)"), "raw script in the page");
    assert!(!html.contains("<img src=x"), "raw tag in the page");
    assert!(
        html.contains("&lt;&#x2F;script&gt;") || html.contains("&lt;/script&gt;"),
        "escaped title present"
    );
    let doc = jsonld(&html);
    assert_eq!(
        doc["@graph"][0]["name"], evil,
        "JSON-LD keeps the exact text, safely"
    );
    let setting = read(public.join("settings/hospitals/index.html"));
    assert!(
        !setting.contains("<img src=x"),
        "card text escaped on other pages"
    );
    // Files loaded with a <script> tag must not be able to end it.
    for entry in walkdir::WalkDir::new(&public)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "js"))
    {
        let text = read(entry.path());
        assert!(
            !text.contains("</script>"),
            "{} can end a script element",
            entry.path().display()
        );
    }
}
