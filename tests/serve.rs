//! `careerguide serve`: a real server on an ephemeral port, edited while it runs.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::*;

struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(root: &std::path::Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_careerguide"))
        .args(["serve", "--port", "0", "--root", &root.to_string_lossy()])
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start serve");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(at) = line.find(" at http://") {
                let url = line[at + 4..]
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .to_string();
                let _ = tx.send(url);
            }
        }
    });
    let url = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("serve printed its address");
    Server { child, url }
}

fn get(url: &str) -> (u16, String, Option<String>) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into();
    let mut res = agent.get(url).call().expect("request");
    let status = res.status().as_u16();
    let csp = res
        .headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let body = res.body_mut().read_to_string().unwrap_or_default();
    (status, body, csp)
}

/// Reads Server-Sent Events from the server into a channel of (event, data).
fn events(url: &str) -> mpsc::Receiver<(String, String)> {
    let addr = url
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap()
        .to_string();
    let mut stream = TcpStream::connect(&addr).expect("connect for events");
    write!(
        stream,
        "GET /__careerguide/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stream);
        let mut event = String::new();
        let mut line = String::new();
        loop {
            line.clear();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let l = line.trim_end();
            if let Some(e) = l.strip_prefix("event: ") {
                event = e.to_string();
            } else if let Some(d) = l.strip_prefix("data: ")
                && tx.send((event.clone(), d.to_string())).is_err()
            {
                return;
            }
        }
    });
    rx
}

/// Waits for an event named `name` whose data contains `needle`.
fn wait_for(rx: &mpsc::Receiver<(String, String)>, name: &str, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match rx.recv_timeout(left) {
            Ok((e, d)) if e == name && d.contains(needle) => return d,
            Ok(_) => continue,
            Err(_) => break,
        }
    }
    panic!("no `{name}` event containing {needle:?}");
}

#[test]
fn edit_break_and_fix_while_serving() {
    let site = copy_fixture("basic");
    let root = site.path();
    let files_before = listing(root);
    let server = start(root);
    let page = format!("{}roles/medical-coder/", server.url);
    let (status, body, csp) = get(&page);
    assert_eq!(status, 200);
    assert!(body.contains("You assign ICD-10-CM codes."));
    assert!(
        body.contains("/__careerguide/live.js"),
        "live reload script injected"
    );
    assert!(csp.unwrap_or_default().contains("script-src 'self'"));
    // Absolute URLs point at the local server, under the configured sub-path.
    assert!(server.url.ends_with("/guide/"), "{}", server.url);
    assert!(body.contains(&format!(r#"<link rel="canonical" href="{page}">"#)));

    let rx = events(&server.url);
    wait_for(&rx, "ok", "{}");
    let file = root.join("content/roles/medical-coder.md");
    let text = read(&file);
    std::fs::write(
        &file,
        text.replace(
            "You assign ICD-10-CM codes.",
            "You assign ICD-10-CM and CPT codes.",
        ),
    )
    .unwrap();
    wait_for(&rx, "reload", "/guide/roles/medical-coder/");
    assert!(get(&page).1.contains("ICD-10-CM and CPT codes"));

    // Broken front-matter: the overlay gets the error, the last good page stays served.
    std::fs::write(&file, read(&file).replace("level: entry", "level: [entry")).unwrap();
    let data = wait_for(&rx, "errors", "content/roles/medical-coder.md:3:");
    assert!(data.contains("\"message\""), "{data}");
    let (status, body, _) = get(&page);
    assert_eq!(status, 200);
    assert!(
        body.contains("ICD-10-CM and CPT codes"),
        "the last good version is still served"
    );

    // Fixing it clears the overlay and reloads.
    std::fs::write(&file, read(&file).replace("level: [entry", "level: mid")).unwrap();
    wait_for(&rx, "ok", "{}");
    wait_for(&rx, "reload", "/guide/roles/medical-coder/");
    assert!(get(&page).1.contains("Mid-career"));

    // A renamed file and a deleted folder do not stop the server.
    std::fs::rename(
        root.join("content/articles/what-is-him.md"),
        root.join("content/articles/about.md"),
    )
    .unwrap();
    wait_for(&rx, "reload", "/guide/articles/about/");
    std::fs::remove_dir_all(root.join("content/articles")).unwrap();
    wait_for(&rx, "reload", "/guide/articles/");
    assert_eq!(get(&page).0, 200);
    assert_eq!(get(&format!("{}articles/about/", server.url)).0, 404);

    // Serving wrote nothing into the site's folder: every file there is one the test made
    // (the original files, the renamed article gone with its folder), and no public/.
    let expected: Vec<String> = files_before
        .into_iter()
        .filter(|p| !p.starts_with("content/articles"))
        .collect();
    assert_eq!(listing(root), expected);
}

/// Every file under `root`, relative, sorted.
fn listing(root: &std::path::Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .filter_map(|e| {
            e.path()
                .strip_prefix(root)
                .ok()
                .map(|p| p.to_string_lossy().replace('\\', "/"))
        })
        .collect();
    out.sort();
    out
}

#[test]
fn serves_only_the_site_with_the_theme_404() {
    let site = copy_fixture("basic");
    let server = start(site.path());
    let (status, body, _) = get(&format!("{}no-such-page/", server.url));
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"));
    let origin = server.url.trim_end_matches("guide/");
    for attempt in [
        "guide/%2e%2e/%2e%2e/etc/passwd",
        "guide/..%2f..%2fCargo.toml",
        "guide/%2E%2E/site.yaml",
    ] {
        let (status, body, _) = get(&format!("{origin}{attempt}"));
        assert!(status == 400 || status == 404, "{attempt}: {status}");
        assert!(!body.contains("base_url"), "{attempt} leaked a source file");
    }
    // A folder without its slash redirects; the root redirects to the base path.
    let (status, _, _) = get(&format!("{}roles", server.url));
    assert_eq!(status, 308);
    let (status, _, _) = get(origin);
    assert_eq!(status, 308);
    let (status, css, _) = get(&format!("{}assets/style.css", server.url));
    assert_eq!(status, 200);
    assert!(css.contains("prefers-color-scheme"));
    // The site's service worker is a stand-in that keeps nothing and removes itself: a built
    // site's offline cache on this address would otherwise show pages from before the edits.
    let (status, worker, _) = get(&format!("{}sw.js", server.url));
    assert_eq!(status, 200);
    assert!(
        worker.contains("self.registration.unregister()"),
        "{worker}"
    );
    assert!(worker.contains("caches.delete"));
    assert!(
        !worker.contains("addEventListener(\"fetch\""),
        "it answers no request"
    );
}

#[test]
fn a_busy_port_gives_a_clear_message() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let site = copy_fixture("basic");
    let out = Command::new(env!("CARGO_BIN_EXE_careerguide"))
        .args([
            "serve",
            "--port",
            &port,
            "--root",
            &site.path().to_string_lossy(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("already in use") && err.contains("--port"),
        "{err}"
    );
}

#[test]
fn ctrl_c_stops_cleanly() {
    let site = copy_fixture("basic");
    let mut server = start(site.path());
    // With a page open: its event stream never ends by itself, and the server used to wait
    // for it forever.
    let page = events(&server.url);
    wait_for(&page, "ok", "");
    let status = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(code) = server.child.try_wait().unwrap() {
            assert!(code.success(), "exit status {code:?}");
            break;
        }
        assert!(Instant::now() < deadline, "serve did not stop on Ctrl-C");
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = server.child.stdout.take().map(|mut s| {
        let mut buf = String::new();
        let _ = s.read_to_string(&mut buf);
    });
}

/// mimalloc asks for transparent huge pages, which made the kernel clear 2 MB at every first
/// touch and builds about a third slower (docs/benchmarks.md, 2026-12-01 evening): the
/// command turns them off for itself. Linux kernels that report the setting only.
#[cfg(target_os = "linux")]
#[test]
fn the_command_runs_without_transparent_huge_pages() {
    let site = copy_fixture("basic");
    let server = start(site.path());
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id())).unwrap();
    let Some(line) = status.lines().find(|l| l.starts_with("THP_enabled:")) else {
        eprintln!("this kernel does not report THP_enabled; nothing to check");
        return;
    };
    assert_eq!(line.split_whitespace().nth(1), Some("0"), "{line}");
}

/// A guide folder replaced while `serve` runs (a restore from backup, an unzip over it): the
/// server notices, shows the new folder's pages, and goes on watching the new folder.
#[test]
fn keeps_watching_when_the_guide_folder_is_replaced() {
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join("guide");
    copy_dir(&fixtures().join("basic"), &root);
    let server = start(&root);
    let page = format!("{}roles/medical-coder/", server.url);
    let rx = events(&server.url);
    wait_for(&rx, "ok", "{}");

    // The folder moved away and a changed copy put in its place.
    let backup = outer.path().join("backup");
    copy_dir(&root, &backup);
    let file = backup.join("content/roles/medical-coder.md");
    std::fs::write(
        &file,
        read(&file).replace("You assign ICD-10-CM codes.", "Restored from the backup."),
    )
    .unwrap();
    std::fs::rename(&root, outer.path().join("old")).unwrap();
    std::fs::rename(&backup, &root).unwrap();
    wait_for(&rx, "reload", "\"all\":true");
    assert!(get(&page).1.contains("Restored from the backup."));

    // Edits in the new folder are seen too.
    let file = root.join("content/roles/medical-coder.md");
    std::fs::write(
        &file,
        read(&file).replace("Restored from the backup.", "Edited after the restore."),
    )
    .unwrap();
    wait_for(&rx, "reload", "/guide/roles/medical-coder/");
    assert!(get(&page).1.contains("Edited after the restore."));
}

/// A guide that does not build yet: every address answers with the errors (not a bare 404),
/// and once a fix is saved the guide is served.
#[test]
fn a_broken_start_shows_the_errors_everywhere_until_fixed() {
    let site = copy_fixture("basic");
    let root = site.path();
    let file = root.join("content/roles/medical-coder.md");
    std::fs::write(&file, read(&file).replace("level: entry", "level: [entry")).unwrap();
    let server = start(root);
    for address in [
        "",
        "roles/medical-coder/",
        "no/such/page/",
        "assets/style.css",
    ] {
        let (status, body, _) = get(&format!("{}{address}", server.url));
        assert_eq!(status, 503, "/{address}");
        assert!(body.contains("medical-coder.md:3:"), "/{address}: {body}");
        assert!(body.contains("/__careerguide/live.js"), "/{address}");
    }
    let rx = events(&server.url);
    wait_for(&rx, "errors", "medical-coder.md:3:");
    std::fs::write(&file, read(&file).replace("level: [entry", "level: entry")).unwrap();
    wait_for(&rx, "reload", "\"all\":true");
    let (status, body, _) = get(&format!("{}roles/medical-coder/", server.url));
    assert_eq!(status, 200);
    assert!(body.contains("You assign ICD-10-CM codes."));
}
