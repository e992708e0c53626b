//! `careerguide check`: each check on a fixture made for it, the JSON output, exit codes with
//! and without --strict, and polite visits of external links to a local server.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;

fn check(root: &std::path::Path, extra: &[&str]) -> std::process::Output {
    let root = root.to_string_lossy().to_string();
    let mut args = vec!["check", "--root", root.as_str()];
    args.extend_from_slice(extra);
    run(&args)
}

/// `check --format json`, parsed.
fn check_json(root: &std::path::Path, extra: &[&str]) -> (Option<i32>, Vec<serde_json::Value>) {
    let mut args = vec!["--format", "json"];
    args.extend_from_slice(extra);
    let out = check(root, &args);
    let parsed: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| {
        panic!(
            "check --format json printed invalid JSON ({e}):\n{}",
            stdout(&out)
        )
    });
    let list = parsed.as_array().expect("a JSON array").clone();
    (out.status.code(), list)
}

/// (code, file:line:col) of every diagnostic.
fn located(list: &[serde_json::Value]) -> Vec<(String, String)> {
    list.iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_string(),
                format!(
                    "{}:{}:{}",
                    d["file"].as_str().unwrap_or(""),
                    d["line"],
                    d["column"]
                ),
            )
        })
        .collect()
}

#[test]
fn a_clean_guide_passes_even_with_strict_and_nothing_is_written() {
    let site = copy_fixture("editors");
    let out = check(site.path(), &["--strict"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let text = stdout(&out);
    assert!(
        text.contains("Checked 10 pages: 0 errors, 0 warnings"),
        "{text}"
    );
    // External links are counted, not listed or visited; --list-external lists them with
    // where they are used.
    assert!(text.contains("not visited"), "{text}");
    assert!(
        !text.contains("https://www.bls.gov/oes/tables.htm"),
        "{text}"
    );
    let text = stdout(&check(site.path(), &["--strict", "--list-external"]));
    assert!(
        text.contains("https://www.bls.gov/oes/tables.htm"),
        "{text}"
    );
    assert!(text.contains("content/articles/about.md:7:33"), "{text}");
    assert!(
        !site.path().join("public").exists(),
        "check must not write the site"
    );
}

#[test]
fn every_check_reports_its_problem_at_its_place() {
    let site = copy_fixture_with("editors", "editors-problems");
    let (code, list) = check_json(site.path(), &[]);
    assert_eq!(code, Some(1), "errors fail the check");
    let found = located(&list);
    let expected = [
        // Errors, as build reports them.
        ("broken-anchor", "content/articles/broken-anchor.md:5:24"),
        ("missing-image", "content/articles/missing-image.md:5:19"),
        // Warnings.
        ("missing-alt", "content/articles/missing-image.md:7:1"),
        ("missing-summary", "content/articles/no-summary.md:2:1"),
        ("raw-script", "content/articles/raw-html.md:7:1"),
        ("raw-event-handler", "content/articles/raw-html.md:9:34"),
        (
            "unused-certification",
            "content/certifications/unused-cert.md:2:1",
        ),
        ("stale-salary", "content/roles/cdi-specialist.md:8:9"),
        (
            "salary-differs-from-data",
            "content/roles/coding-auditor.md:8:9",
        ),
        ("orphan-role", "content/roles/lonely.md:2:1"),
        ("unused-setting", "content/settings/unused.md:2:1"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(c, l)| (c.to_string(), l.to_string()))
        .collect();
    assert_eq!(found, expected);
    let message = |code: &str| {
        list.iter()
            .find(|d| d["code"] == code)
            .and_then(|d| d["message"].as_str())
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(
        message("broken-anchor"),
        "no `#wages` on /roles/medical-coder/"
    );
    assert!(
        message("stale-salary")
            .contains("from 2021, 4 years behind the newest in the guide (2025)")
    );
    assert!(
        message("salary-differs-from-data").contains("median $60,000 here, $51,140 in the data"),
        "{}",
        message("salary-differs-from-data")
    );
    assert!(message("raw-event-handler").contains("`onerror=`"));
}

#[test]
fn json_output_has_the_documented_shape() {
    let site = copy_fixture_with("editors", "editors-problems");
    let (_, list) = check_json(site.path(), &[]);
    assert!(!list.is_empty());
    for d in &list {
        let keys: Vec<&str> = d
            .as_object()
            .expect("each diagnostic is an object")
            .keys()
            .map(String::as_str)
            .collect();
        for key in [
            "severity", "code", "file", "line", "column", "message", "help",
        ] {
            assert!(keys.contains(&key), "{key} missing from {d}");
        }
        assert!(matches!(d["severity"].as_str(), Some("error" | "warning")));
        assert!(d["line"].as_u64().is_some() && d["column"].as_u64().is_some());
    }
    assert_eq!(list[0]["severity"], "error", "errors come first");
}

#[test]
fn warnings_fail_only_with_strict() {
    let site = copy_fixture("editors");
    write_file(
        site.path(),
        "content/articles/draft-notes.md",
        "---\ntitle: Notes\n---\nNo summary here.\n",
    );
    let out = check(site.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("0 errors, 1 warning"),
        "{}",
        stdout(&out)
    );
    let out = check(site.path(), &["--strict"]);
    assert_eq!(out.status.code(), Some(1));
    // And an error fails without --strict.
    write_file(
        site.path(),
        "content/articles/draft-notes.md",
        "---\ntitle: Notes\nsummary: x\n---\n[a](@/roles/nobody.md)\n",
    );
    let out = check(site.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("error[broken-link]"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn max_age_sets_how_old_salary_figures_may_be() {
    let site = copy_fixture_with("editors", "editors-problems");
    let codes = |extra: &[&str]| -> Vec<String> {
        located(&check_json(site.path(), extra).1)
            .into_iter()
            .map(|(c, _)| c)
            .collect()
    };
    assert!(codes(&[]).contains(&"stale-salary".to_string()));
    assert!(codes(&["--max-age", "3"]).contains(&"stale-salary".to_string()));
    assert!(!codes(&["--max-age", "4"]).contains(&"stale-salary".to_string()));
}

#[test]
fn content_errors_stop_the_check_like_the_build() {
    let site = copy_fixture("editors");
    write_file(
        site.path(),
        "content/roles/medical-coder.md",
        "---\ntitle: Medical Coder\nlevel: entry\neducation: certifcate\n---\n",
    );
    let (code, list) = check_json(site.path(), &[]);
    assert_eq!(code, Some(1));
    assert_eq!(
        located(&list)[0],
        (
            "unknown-reference".to_string(),
            "content/roles/medical-coder.md:4:12".to_string()
        )
    );
}

/// A tiny HTTP server on 127.0.0.1: `/ok…` answers 200 and anything else 404, each after a
/// short delay so that overlapping requests would be seen. Accepts a bounded number of
/// connections, then stops.
struct TestServer {
    port: u16,
    max_in_flight: Arc<AtomicUsize>,
    requests: Arc<Mutex<Vec<String>>>,
}

fn serve(connections: usize) -> TestServer {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
    let port = listener.local_addr().expect("address").port();
    let in_flight = Arc::new(AtomicUsize::new(0));
    let max_in_flight = Arc::new(AtomicUsize::new(0));
    let requests = Arc::new(Mutex::new(Vec::new()));
    let (max, log) = (max_in_flight.clone(), requests.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming().take(connections) {
            let Ok(mut stream) = stream else { continue };
            let (in_flight, max, log) = (in_flight.clone(), max.clone(), log.clone());
            std::thread::spawn(move || {
                let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                max.fetch_max(now, Ordering::SeqCst);
                let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
                let mut reader = BufReader::new(match stream.try_clone() {
                    Ok(s) => s,
                    Err(_) => return,
                });
                let mut request_line = String::new();
                let _ = reader.read_line(&mut request_line);
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                std::thread::sleep(Duration::from_millis(150));
                let path = request_line.split(' ').nth(1).unwrap_or("");
                let status = if path.starts_with("/ok") {
                    "200 OK"
                } else {
                    "404 Not Found"
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
                if let Ok(mut l) = log.lock() {
                    l.push(request_line.trim().to_string());
                }
                in_flight.fetch_sub(1, Ordering::SeqCst);
            });
        }
    });
    TestServer {
        port,
        max_in_flight,
        requests,
    }
}

#[test]
fn external_links_are_visited_one_at_a_time_per_host() {
    let server = serve(10);
    let site = copy_fixture("editors");
    let base = format!("http://127.0.0.1:{}", server.port);
    // Replace the real external links with local ones, so nothing leaves this machine.
    write_file(
        site.path(),
        "content/articles/about.md",
        &format!(
            "---\ntitle: About\nsummary: Links.\nsources:\n  - {{title: Local, url: \"{base}/ok-source\"}}\n---\nSee [one]({base}/ok) and [two]({base}/gone).\n\nAgain: [one]({base}/ok).\n"
        ),
    );
    write_file(
        site.path(),
        "content/certifications/cca.md",
        "---\ntitle: Certified Coding Associate\nsummary: An entry-level coding credential.\nabbr: CCA\nissuer: AHIMA\neducation: certificate\n---\nAn entry-level coding credential.\n",
    );
    let (code, list) = check_json(site.path(), &["--external"]);
    assert_eq!(
        code,
        Some(0),
        "a broken external link is a warning: {list:?}"
    );
    let line7 = format!("See [one]({base}/ok) and [two]({base}/gone).");
    let column = line7
        .find("http")
        .map(|_| line7.rfind(&base).unwrap_or(0) + 1);
    assert_eq!(
        located(&list),
        [(
            "external-link-broken".to_string(),
            format!("content/articles/about.md:7:{}", column.unwrap_or(0))
        )]
    );
    assert!(
        list[0]["message"]
            .as_str()
            .unwrap_or("")
            .ends_with("/gone answered 404 Not Found"),
        "{}",
        list[0]
    );
    let requests = server.requests.lock().expect("log").clone();
    assert_eq!(requests.len(), 3, "each URL once: {requests:?}");
    assert!(
        requests.iter().all(|r| r.starts_with("HEAD ")),
        "{requests:?}"
    );
    assert_eq!(
        server.max_in_flight.load(Ordering::SeqCst),
        1,
        "requests to one host overlapped"
    );
    let (code, _) = check_json(site.path(), &["--external", "--strict"]);
    assert_eq!(code, Some(1));
}

#[test]
fn every_draft_a_build_leaves_out_is_checked_and_counted_however_the_flag_is_written() {
    for flag in [
        "draft: True",
        "draft:  true",
        "draft: \"true\"",
        "draft: true # later",
    ] {
        let site = copy_fixture("editors");
        write_file(
            site.path(),
            "content/articles/draft-notes.md",
            &format!("---\ntitle: Notes\nsummary: x\n{flag}\n---\n[a](@/roles/nobody.md)\n"),
        );
        let out = check(site.path(), &[]);
        let text = stdout(&out);
        // A draft's problem is a warning: a build without --drafts leaves the page out.
        assert_eq!(out.status.code(), Some(0), "{flag}: {text}");
        assert!(
            text.contains("and 1 draft:"),
            "{flag}: not counted:\n{text}"
        );
        assert!(
            text.contains("warning[broken-link]") && text.contains("in a draft"),
            "{flag}: the draft's broken link is not reported:\n{text}"
        );
    }
}
