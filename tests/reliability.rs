//! Nothing is ever lost: a build killed mid-write leaves the previous `public/` complete, and
//! `serve` answers many concurrent requests while rebuilding, never with a half-written page.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// Adds `n` roles to a copy of the basic fixture so a build takes long enough to interrupt.
fn grow(root: &Path, n: usize, marker: &str) {
    let words = "chart code claim audit record review quality data report privacy ".repeat(60);
    for i in 0..n {
        std::fs::write(
            root.join(format!("content/roles/extra-{i}.md")),
            format!("---\ntitle: Extra role {i}\nlevel: mid\neducation: associate\nsettings: [hospitals]\n---\n## {marker}\n\n{words}\n"),
        )
        .unwrap();
    }
}

#[test]
fn a_build_killed_mid_write_leaves_the_previous_output_complete() {
    let site = copy_fixture("basic");
    let root = site.path();
    grow(root, 1500, "First");
    build_ok(root, &[]);
    let before = snapshot(&root.join("public"));
    grow(root, 1500, "Second");
    let mut child = Command::new(env!("CARGO_BIN_EXE_careerguide"))
        .args(["build", "--root", &root.to_string_lossy()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let staging = root.join(format!(".public.staging-{}", child.id()));
    // Wait until the build is writing pages, then kill it without warning.
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut killed_mid_write = false;
    while Instant::now() < deadline {
        let written = walkdir::WalkDir::new(&staging)
            .into_iter()
            .flatten()
            .filter(|e| e.file_name() == "index.html")
            .count();
        if written > 50 {
            child.kill().unwrap();
            killed_mid_write = true;
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let _ = child.wait();
    assert!(
        killed_mid_write,
        "the build finished before it could be interrupted"
    );
    assert_eq!(
        before,
        snapshot(&root.join("public")),
        "public/ changed after the build was killed"
    );
    // The next build recovers and completes.
    build_ok(root, &[]);
    assert!(read(root.join("public/roles/extra-7/index.html")).contains("Second"));
    let leftovers: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn serve_answers_a_thousand_concurrent_requests_during_rebuilds() {
    let site = copy_fixture("basic");
    let root = site.path().to_path_buf();
    grow(&root, 300, "Version 0");
    let mut child = Command::new(env!("CARGO_BIN_EXE_careerguide"))
        .args(["serve", "--port", "0", "--root", &root.to_string_lossy()])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let url = {
        use std::io::BufRead;
        let mut url = String::new();
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            if let Some(at) = line.find(" at http://") {
                url = line[at + 4..]
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .to_string();
                break;
            }
        }
        url
    };
    assert!(!url.is_empty(), "serve did not start");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    // Keep rebuilding while the requests run.
    let editor = {
        let root = root.clone();
        let stop = stop.clone();
        std::thread::spawn(move || {
            let mut v = 1;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                grow(&root, 300, &format!("Version {v}"));
                v += 1;
                std::thread::sleep(Duration::from_millis(40));
            }
        })
    };
    let threads: Vec<_> = (0..50)
        .map(|t| {
            let url = url.clone();
            std::thread::spawn(move || {
                let agent: ureq::Agent = ureq::Agent::config_builder()
                    .http_status_as_error(false)
                    .build()
                    .into();
                let mut problems = Vec::new();
                for r in 0..20 {
                    let page = format!("{url}roles/extra-{}/", (t * 20 + r) % 300);
                    match agent.get(&page).call() {
                        Ok(mut res) => {
                            let status = res.status().as_u16();
                            let body = res.body_mut().read_to_string().unwrap_or_default();
                            if status != 200
                                || !body.trim_end().ends_with("</html>")
                                || !body.contains("<h2 id=\"version-")
                            {
                                problems.push(format!("{page}: {status}, {} bytes", body.len()));
                            }
                        }
                        Err(e) => problems.push(format!("{page}: {e}")),
                    }
                }
                problems
            })
        })
        .collect();
    let problems: Vec<String> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    editor.join().unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        problems.is_empty(),
        "{} of 1000 requests failed: {:?}",
        problems.len(),
        &problems[..problems.len().min(5)]
    );
}
