//! Runs the JavaScript tests of search (`node --test tests/js/search.*.test.js`): the search
//! core against built indexes, parity with elasticlunr.js, and the headless-Chromium test of
//! the bundled guide from disk, over HTTP and offline. They use the binary cargo just built.
//! (The explorer's JavaScript tests in the same folder have their own runner.)
//!
//! Without Node.js or `node_modules` (run `npm ci`) the test prints why it is skipped and
//! passes, unless `CAREERGUIDE_REQUIRE_BROWSER` is set (as `.ci/run` does): then a missing tool
//! is a failure. The browser test applies the same rule to Chromium.

use std::io::Write;
use std::path::Path;
use std::process::Command;

fn required() -> bool {
    std::env::var_os("CAREERGUIDE_REQUIRE_BROWSER").is_some_and(|v| !v.is_empty())
}

/// Says why the tests cannot run: fails when tools are required, else prints and passes.
fn unavailable(why: &str) {
    let message = format!("skipped: {why}: run `npm ci` / install chromium (see .ci/run)");
    assert!(
        !required(),
        "{message}, but CAREERGUIDE_REQUIRE_BROWSER is set"
    );
    // Written to the real stderr, not captured, so the skip is visible in `cargo test`.
    let _ = writeln!(std::io::stderr(), "search_js: {message}");
}

#[test]
fn javascript_and_browser_tests_pass() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let node_ok = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !node_ok {
        unavailable("Node.js (`node`) is not installed");
        return;
    }
    for package in ["elasticlunr", "playwright-core"] {
        if !repo
            .join("node_modules")
            .join(package)
            .join("package.json")
            .exists()
        {
            unavailable(&format!("node_modules/{package} is missing"));
            return;
        }
    }
    let out = Command::new("node")
        .args([
            "--test",
            "tests/js/search.core.test.js",
            "tests/js/search.browser.test.js",
        ])
        .current_dir(repo)
        .env("CAREERGUIDE_BIN", env!("CARGO_BIN_EXE_careerguide"))
        .env("NO_COLOR", "1")
        .output()
        .expect("run node --test");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The browser test skips itself when Chromium is missing; node's runner reports what it
    // wrote as a `# skipped: …` line.
    for line in stdout.lines().chain(stderr.lines()) {
        if let Some(why) = line.trim_start_matches("# ").strip_prefix("skipped: ") {
            let _ = writeln!(std::io::stderr(), "search_js: skipped: {why}");
        }
    }
    assert!(
        out.status.success(),
        "node --test (search tests) failed:\n{stdout}\n{stderr}"
    );
    let summary: Vec<&str> = stdout.lines().filter(|l| l.starts_with("# ")).collect();
    assert!(
        summary
            .iter()
            .any(|l| l.starts_with("# pass ") && l != &"# pass 0"),
        "no JavaScript test ran:\n{stdout}"
    );
}
