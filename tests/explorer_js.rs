//! Runs the explorer's JavaScript tests with Node: the logic in `assets/explorer.js`
//! (`tests/js/explorer.test.js`) and the pages in a real Chromium
//! (`tests/js/explorer.browser.test.js`, on the bundled guide built here).
//!
//! Without Node the test is skipped with a message, unless `CAREERGUIDE_REQUIRE_BROWSER=1`
//! (as in CI), which makes a missing Node, playwright-core or Chromium a failure.

mod common;

use std::path::Path;

use common::*;

#[test]
fn explorer_javascript_tests_pass() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().expect("temp dir");
    let site = out.path().join("site");
    // A real address (site.yaml's is a placeholder): printed pages show where links go.
    build_ok(
        root,
        &[
            "--output",
            &site.to_string_lossy(),
            "--base-url",
            "https://careers.test/",
        ],
    );
    run_node_tests(
        "explorer_js",
        &[
            "tests/js/explorer.test.js",
            "tests/js/explorer.browser.test.js",
        ],
        1,
        &["playwright-core"],
        &[("CAREERGUIDE_SITE", &site)],
        &[],
    );
}
