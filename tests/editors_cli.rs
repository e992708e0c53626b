//! The command line as editors and their tools meet it: a closed pipe, `--quiet`, shell
//! completions, `serve --bind`, a reproducible output folder, files in content/ that are not
//! pages, drafts, and the scaffolds of `new`.

mod common;

use std::io::Read as _;
use std::path::Path;
use std::process::{Command, Stdio};

use common::{build_ok, copy_fixture, read, run};

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_careerguide")
}

/// A fresh guide as `init` writes it, in a temporary folder.
fn fresh_guide() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("guide");
    let out = run(&["init", &dir.to_string_lossy()]);
    assert!(out.status.success(), "{}", stderr(&out));
    (tmp, dir)
}

/// `careerguide check | head -1` through a real shell pipe: `head` exits after one line and
/// closes the pipe while careerguide is still writing. careerguide must end quietly with
/// success, every time (the panic this replaced came in about half of the runs).
#[test]
fn a_closed_pipe_ends_check_quietly_with_success() {
    let repo = env!("CARGO_MANIFEST_DIR");
    for round in 0..6 {
        let script = format!(
            "'{}' check --list-external --root '{repo}' | head -1 >/dev/null; echo \"status=${{PIPESTATUS[0]}}\"",
            bin()
        );
        let out = Command::new("bash")
            .arg("-c")
            .arg(&script)
            .env("NO_COLOR", "1")
            .output()
            .expect("run bash");
        let text = stdout(&out);
        assert!(
            text.contains("status=0"),
            "round {round}: {text}\n{}",
            stderr(&out)
        );
        assert!(
            !stderr(&out).contains("panicked"),
            "round {round}: {}",
            stderr(&out)
        );
    }
    // A reader that closes the pipe before anything is written.
    for round in 0..4 {
        let mut child = Command::new(bin())
            .args(["check", "--list-external", "--root", repo])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        drop(child.stdout.take());
        let mut err = String::new();
        child
            .stderr
            .take()
            .expect("stderr")
            .read_to_string(&mut err)
            .expect("read stderr");
        let status = child.wait().expect("wait");
        assert_eq!(status.code(), Some(0), "round {round}: {err}");
        assert!(!err.contains("panicked"), "round {round}: {err}");
    }
}

#[test]
fn quiet_prints_only_problems() {
    let (_tmp, dir) = fresh_guide();
    let root = dir.to_string_lossy().to_string();
    // The guide's real address, so that it has no problem at all (a new guide's placeholder
    // address is one, and is printed even when quiet).
    let site = dir.join("site.yaml");
    let text = read(&site);
    let placeholder = text
        .lines()
        .find(|l| l.starts_with("base_url:"))
        .expect("a base_url line")
        .to_string();
    std::fs::write(
        &site,
        text.replacen(&placeholder, "base_url: https://careers.test/", 1),
    )
    .unwrap();
    let out = run(&["build", "--quiet", "--root", &root]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "", "nothing but problems");
    let loud = run(&["build", "--root", &root]);
    assert!(stdout(&loud).contains("Built "), "{}", stdout(&loud));
    let out = run(&["check", "--root", &root, "-q"]);
    assert!(out.status.success());
    assert_eq!(stdout(&out), "");
    // `new` prints its notes only when not quiet.
    let out = run(&["new", "role", "quiet-role", "--quiet", "--root", &root]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "", "new --quiet");
    let loud = run(&["new", "role", "loud-role", "--root", &root]);
    assert!(stdout(&loud).contains("Created "), "{}", stdout(&loud));
    std::fs::remove_file(dir.join("content/roles/quiet-role.md")).expect("remove");
    std::fs::remove_file(dir.join("content/roles/loud-role.md")).expect("remove");
    // Problems are still printed.
    std::fs::write(
        dir.join("content/articles/broken.md"),
        "---\ntitle: Broken\nweight: heavy\n---\nText.\n",
    )
    .expect("write");
    let out = run(&["check", "--quiet", "--root", &root]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("whole number"), "{}", stdout(&out));
    assert!(
        !stdout(&out).contains("The check stopped"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn completions_are_printed_for_each_shell() {
    for (shell, marker) in [
        ("bash", "_careerguide()"),
        ("zsh", "#compdef careerguide"),
        ("fish", "complete -c careerguide"),
    ] {
        let out = run(&["completions", shell]);
        assert!(out.status.success(), "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        assert!(script.contains(marker), "{shell}: {script}");
        // Subcommands and their options are offered.
        assert!(script.contains("list-external"), "{shell}");
        assert!(script.contains("serve"), "{shell}");
    }
    let out = run(&["completions", "tcsh"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
}

/// `serve --bind 0.0.0.0` listens beyond this computer, and says so.
#[test]
fn serve_bind_warns_when_not_loopback() {
    let (_tmp, dir) = fresh_guide();
    let mut child = Command::new(bin())
        .args(["serve", "--bind", "0.0.0.0", "--port", "0", "--root"])
        .arg(&dir)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn serve");
    // The warning comes before the server starts; read until the "Serving" line.
    let mut out = child.stdout.take().expect("stdout");
    let mut seen = String::new();
    let mut buf = [0u8; 256];
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    // The network address comes on the line after "Serving", when the machine has one.
    let has_network = std::net::UdpSocket::bind("0.0.0.0:0")
        .and_then(|s| s.connect("192.0.2.1:9").and_then(|()| s.local_addr()))
        .is_ok_and(|a| !a.ip().is_loopback());
    let wanted = if has_network { "On a phone" } else { "Serving" };
    while !seen.contains(wanted) && std::time::Instant::now() < deadline {
        match out.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => seen.push_str(&String::from_utf8_lossy(&buf[..n])),
        }
    }
    let _ = child.kill();
    let output = child.wait_with_output().expect("wait");
    let err = stderr(&output);
    assert!(seen.contains("Serving"), "{seen}\n{err}");
    if has_network {
        // The address a phone can open, not 127.0.0.1.
        let line = seen
            .lines()
            .find(|l| l.starts_with("On a phone"))
            .unwrap_or_default();
        assert!(
            line.contains("http://") && !line.contains("127.0.0.1"),
            "{seen}"
        );
    }
    assert!(
        err.contains("warning: serving on 0.0.0.0"),
        "the warning names the address: {err}"
    );
    let out = run(&["serve", "--bind", "not-an-address", "--root", "."]);
    assert_eq!(out.status.code(), Some(2));
}

fn files_of(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("prefix")
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect();
    files.sort();
    files
}

/// Two builds of the same sources are identical byte for byte, whether into a new folder or
/// over the previous output, and the output holds only the site.
#[test]
fn two_builds_of_the_same_tree_are_byte_identical() {
    let site = copy_fixture("mistakes/base");
    let first = site.path().join("first");
    let second = site.path().join("second");
    build_ok(site.path(), &["--output", &first.to_string_lossy()]);
    // The sources are touched in between: same bytes, newer times.
    let role = site.path().join("content/roles/first-role.md");
    let text = read(&role);
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&role, text).expect("rewrite");
    build_ok(site.path(), &["--output", &second.to_string_lossy()]);
    let a = files_of(&first);
    let b = files_of(&second);
    assert!(!a.is_empty());
    assert_eq!(
        a.iter().map(|(p, _)| p).collect::<Vec<_>>(),
        b.iter().map(|(p, _)| p).collect::<Vec<_>>()
    );
    for ((path, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{path} differs between two builds");
    }
    assert!(
        a.iter().all(|(p, _)| !p.starts_with(".careerguide")),
        "the build's own state is not published"
    );
    // Building again over the same folder (the previous output reused) gives the same bytes.
    build_ok(site.path(), &["--output", &first.to_string_lossy()]);
    build_ok(site.path(), &["--output", &first.to_string_lossy()]);
    assert!(
        files_of(&first) == a,
        "a rebuild over the output changed it"
    );
}

/// Files in content/ that are not pages: a misnamed page is an error, editors' lock and
/// system files are never copied, other files are published only when a page can show or
/// link to them, and `check` lists what will be published beside the pages.
#[test]
fn nothing_is_published_by_accident() {
    let site = copy_fixture("mistakes/base");
    let content = site.path().join("content");
    std::fs::write(content.join("roles/chart.png"), b"\x89PNG\r\n\x1a\n").expect("png");
    std::fs::write(content.join("roles/~$notes.docx"), "lock").expect("lock");
    std::fs::write(content.join("roles/.DS_Store"), "x").expect("ds");
    std::fs::write(content.join("roles/Thumbs.db"), "x").expect("thumbs");
    std::fs::write(content.join("roles/first-role.md~"), "x").expect("backup");
    std::fs::write(content.join("roles/.first-role.md.swp"), "x").expect("swap");
    std::fs::write(content.join("roles/notes.docx"), "x").expect("docx");
    let root = site.path().to_string_lossy().to_string();
    let out = run(&["check", "--root", &root]);
    assert!(out.status.success(), "{}", stdout(&out));
    let text = stdout(&out);
    assert!(
        text.contains(
            "Files published beside the pages:\n  content/roles/chart.png → /roles/chart.png\n"
        ),
        "{text}"
    );
    assert!(text.contains("warning[unpublished-file]"), "{text}");
    let out = build_ok(site.path(), &[]);
    let public = site.path().join("public");
    assert!(public.join("roles/chart.png").is_file());
    for name in [
        "~$notes.docx",
        ".DS_Store",
        "Thumbs.db",
        "first-role.md~",
        ".first-role.md.swp",
        "notes.docx",
    ] {
        assert!(
            !public.join("roles").join(name).exists(),
            "{name} was published"
        );
    }
    assert!(stderr(&out).contains("notes.docx"), "{}", stderr(&out));
    // A page with the wrong ending stops the build and says what to rename it to.
    std::fs::write(
        content.join("roles/coding-auditor.MD"),
        "---\ntitle: Auditor\nlevel: mid\neducation: certificate\n---\n",
    )
    .expect("MD");
    let out = run(&["build", "--root", &root]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("rename it to `coding-auditor.md`"),
        "{}",
        stderr(&out)
    );
    assert!(!public.join("roles/coding-auditor.MD").exists());
}

/// `check` checks drafts and marks their problems; `build` says how many it left out.
#[test]
fn drafts_are_checked_and_counted() {
    let site = copy_fixture("mistakes/base");
    std::fs::write(
        site.path().join("content/roles/coder.md"),
        "---\ntitle: Coder\nlevel: entry\neducation: certificate\ndraft: true\nsettings: [hospitalz, clinicz]\nnext_roles: [senior-role]\n---\nSee [the start](#nowhere).\n",
    )
    .expect("draft");
    let root = site.path().to_string_lossy().to_string();
    let out = run(&["check", "--root", &root]);
    let text = stdout(&out);
    assert!(
        out.status.success(),
        "draft problems do not fail check: {text}"
    );
    assert_eq!(
        text.matches("warning[unknown-reference]: in a draft: no setting called")
            .count(),
        2,
        "{text}"
    );
    assert!(text.contains("and 1 draft:"), "{text}");
    let out = run(&["check", "--strict", "--root", &root]);
    assert_eq!(out.status.code(), Some(1), "--strict fails on them");
    let out = build_ok(site.path(), &[]);
    assert!(
        stdout(&out).contains("1 draft left out (build with --drafts to include it)"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn new_pages_take_titles_and_name_only_pages_that_exist() {
    let (_tmp, dir) = fresh_guide();
    let root = dir.to_string_lossy().to_string();
    // A certification's letters are its title.
    let out = run(&["new", "certification", "rhit", "--root", &root]);
    assert!(out.status.success(), "{}", stderr(&out));
    let cert = read(dir.join("content/certifications/rhit.md"));
    assert!(cert.contains("\ntitle: RHIT "), "{cert}");
    // --title.
    let out = run(&[
        "new",
        "role",
        "him-director",
        "--title",
        "Director of Health Information",
        "--root",
        &root,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let role = read(dir.join("content/roles/him-director.md"));
    assert!(
        role.contains("\ntitle: Director of Health Information "),
        "{role}"
    );
    // Every commented example names pages of this guide: uncommented, the page checks.
    let uncommented: String = role
        .lines()
        .map(|l| {
            if l.starts_with("# ") && !l.starts_with("# yaml-language-server") {
                &l[2..]
            } else {
                l
            }
        })
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(dir.join("content/roles/him-director.md"), uncommented).expect("write");
    let out = run(&["check", "--root", &root]);
    assert!(
        !stdout(&out).contains("error["),
        "uncommented examples must check: {}",
        stdout(&out)
    );
    // A pathway between roles that do not exist is refused, naming the nearest.
    let out = run(&[
        "new",
        "pathway",
        "first-rol-to-senior-roles",
        "--root",
        &root,
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains("no role called `first-rol`"), "{err}");
    assert!(err.contains("first-role"), "the nearest is named: {err}");
    assert!(
        !dir.join("content/pathways/first-rol-to-senior-roles.md")
            .exists()
    );
    // A title that is far too long is refused with the limit.
    let long = "Word ".repeat(60);
    let out = run(&["new", "article", "long", "--title", &long, "--root", &root]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("at most 150"), "{}", stderr(&out));
    // A title with quotes, a colon and a `#` is written so that it reads back as it was given.
    let title = r#"Coder: "senior" #1"#;
    let out = run(&["new", "article", "ranks", "--title", title, "--root", &root]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(&["check", "--root", &root]);
    assert!(!stdout(&out).contains("error["), "{}", stdout(&out));
    let built = tempfile::tempdir().expect("temp dir");
    let public = built.path().join("public");
    let out = run(&[
        "build",
        "--root",
        &root,
        "--output",
        &public.to_string_lossy(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = read(public.join("articles/ranks/index.html"));
    assert!(
        page.contains("Coder: &quot;senior&quot; #1") || page.contains("Coder: \"senior\" #1"),
        "the title as given"
    );
}
