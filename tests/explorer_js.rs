//! Runs the explorer's JavaScript tests with Node: the logic in `assets/explorer.js`
//! (`tests/js/explorer.test.js`) and the pages in a real Chromium
//! (`tests/js/explorer.browser.test.js`, on the bundled guide built here).
//!
//! Without Node the test is skipped with a message, unless `CAREERGUIDE_REQUIRE_BROWSER=1`
//! (as in CI), which makes a missing Node, playwright-core or Chromium a failure.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

#[test]
fn explorer_javascript_tests_pass() {
    let required = std::env::var("CAREERGUIDE_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
    if Command::new("node").arg("--version").output().is_err() {
        assert!(!required, "node is not installed");
        eprintln!("skipped: node is not installed");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().expect("temp dir");
    let site = out.path().join("site");
    build_ok(root, &["--output", &site.to_string_lossy()]);
    let result = Command::new("node")
        .args([
            "--test",
            "tests/js/explorer.test.js",
            "tests/js/explorer.browser.test.js",
        ])
        .current_dir(root)
        .env("CAREERGUIDE_SITE", &site)
        .output()
        .expect("run node");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
    assert!(result.status.success(), "node --test failed:\n{report}");
    assert!(report.contains("# fail 0"), "{report}");
    if required {
        assert!(
            report.contains("# skipped 0"),
            "browser tests were skipped:\n{report}"
        );
    }
}
