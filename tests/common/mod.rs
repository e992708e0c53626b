//! Helpers shared by the integration tests: copy a fixture site to a temporary folder, run the
//! real binary on it, and read what it wrote.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Copies `tests/fixtures/<name>` into a fresh temporary folder and returns it.
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    copy_dir(&fixtures().join(name), tmp.path());
    tmp
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let rel = entry.path().strip_prefix(from).expect("prefix");
        if rel.starts_with("public") {
            continue;
        }
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Runs `careerguide <args>` and returns its output.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_careerguide"))
        .args(args)
        .env("NO_COLOR", "1")
        // A developer's own setting must not add lines the tests compare.
        .env_remove("CAREERGUIDE_TIMINGS")
        .output()
        .expect("run careerguide")
}

/// Builds the site at `root`; panics with the diagnostics if it fails.
pub fn build_ok(root: &Path, extra: &[&str]) -> Output {
    let root_s = root.to_string_lossy().to_string();
    let mut args = vec!["build", "--root", root_s.as_str()];
    args.extend_from_slice(extra);
    let out = run(&args);
    assert!(
        out.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

pub fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path.as_ref())
        .unwrap_or_else(|e| panic!("read {}: {e}", path.as_ref().display()))
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The JSON-LD document embedded in a page.
pub fn jsonld(html: &str) -> serde_json::Value {
    let start = html
        .find(r#"<script type="application/ld+json">"#)
        .expect("page has JSON-LD")
        + r#"<script type="application/ld+json">"#.len();
    let end = start + html[start..].find("</script>").expect("JSON-LD is closed");
    serde_json::from_str(&html[start..end]).expect("JSON-LD parses as JSON")
}

/// Every file under `dir` with its bytes, sorted by path.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).expect("prefix").to_path_buf(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect();
    files.sort();
    files
}

/// Copies fixture `base`, then the files of fixture `overlay` over it.
pub fn copy_fixture_with(base: &str, overlay: &str) -> tempfile::TempDir {
    let tmp = copy_fixture(base);
    copy_dir(&fixtures().join(overlay), tmp.path());
    tmp
}

/// Writes `text` to `root/rel`, creating folders.
pub fn write_file(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Whether the JavaScript and browser tests must run (`.ci/run` sets
/// `CAREERGUIDE_REQUIRE_BROWSER=1`): then a missing tool fails instead of skipping.
pub fn tools_required() -> bool {
    std::env::var("CAREERGUIDE_REQUIRE_BROWSER").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// Runs `node --test` on `files` (`at_once` of them at a time, taken in the order given) from
/// the repository, with the binary cargo just built as `CAREERGUIDE_BIN` and `env` added.
/// Lines of the runner's output that start with one of `shown` (after `# `), and every
/// `skipped: …` line, are printed to the real stderr so they appear in `cargo test`. Without
/// Node.js or one of `packages` in `node_modules` the test prints why and passes, unless tools
/// are required. Fails when a test fails, when none ran, or, with tools required, when any was
/// skipped.
pub fn run_node_tests(
    label: &str,
    files: &[&str],
    at_once: usize,
    packages: &[&str],
    env: &[(&str, &Path)],
    shown: &[&str],
) {
    use std::io::Write;
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let skip = |why: String| {
        let message = format!("skipped: {why}: run `npm ci` / install chromium (see .ci/run)");
        assert!(
            !tools_required(),
            "{label}: {message}, but CAREERGUIDE_REQUIRE_BROWSER is set"
        );
        // Written to the real stderr, not captured, so the skip is visible in `cargo test`.
        let _ = writeln!(std::io::stderr(), "{label}: {message}");
    };
    let node_ok = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !node_ok {
        return skip("Node.js (`node`) is not installed".into());
    }
    if let Some(package) = packages.iter().find(|p| {
        !repo
            .join("node_modules")
            .join(p)
            .join("package.json")
            .exists()
    }) {
        return skip(format!("node_modules/{package} is missing"));
    }
    let mut command = Command::new("node");
    command
        .arg("--test")
        .arg(format!("--test-concurrency={}", at_once.max(1)))
        .args(files)
        .current_dir(repo)
        .env("CAREERGUIDE_BIN", env!("CARGO_BIN_EXE_careerguide"))
        .env("NO_COLOR", "1");
    for (key, value) in env {
        command.env(key, value);
    }
    let out = command.output().expect("run node --test");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    for line in stdout.lines().chain(stderr.lines()) {
        let line = line.trim_start_matches("# ");
        if line.starts_with("skipped: ") || shown.iter().any(|p| line.starts_with(p)) {
            let _ = writeln!(std::io::stderr(), "{label}: {line}");
        }
    }
    assert!(
        out.status.success(),
        "node --test ({label}) failed:\n{stdout}\n{stderr}"
    );
    let summary: Vec<&str> = stdout.lines().filter(|l| l.starts_with("# ")).collect();
    assert!(summary.contains(&"# fail 0"), "{stdout}");
    assert!(
        summary
            .iter()
            .any(|l| l.starts_with("# pass ") && *l != "# pass 0"),
        "no JavaScript test ran ({label}):\n{stdout}"
    );
    if tools_required() {
        assert!(
            summary.contains(&"# skipped 0"),
            "{label}: tests were skipped:\n{stdout}"
        );
    }
}

/// Undoes the escaping of a single-quoted JavaScript string.
pub fn js_unquote(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).unwrap()).unwrap());
            }
            Some(other) => out.push(other),
            None => panic!("dangling backslash"),
        }
    }
    out
}

/// The arguments of an index file, `careerguideSearch.<call>(arg, …, JSON.parse('data'));`,
/// as JSON values.
pub fn call_args(path: &Path, call: &str) -> Vec<serde_json::Value> {
    let text = read(path);
    let prefix = format!("careerguideSearch.{call}(");
    let inner = text
        .trim_end()
        .strip_prefix(&prefix)
        .and_then(|t| t.strip_suffix("'));"))
        .unwrap_or_else(|| panic!("{} is not a {call} call", path.display()));
    let (head, data) = inner
        .split_once("JSON.parse('")
        .unwrap_or_else(|| panic!("{} hands no JSON.parse data", path.display()));
    let mut args: Vec<serde_json::Value> = if head.is_empty() {
        Vec::new()
    } else {
        serde_json::from_str(&format!("[{}]", head.trim_end_matches(',')))
            .expect("the leading arguments are JSON")
    };
    args.push(serde_json::from_str(&js_unquote(data)).expect("the data is JSON"));
    args
}
