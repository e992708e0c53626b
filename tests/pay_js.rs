//! Runs the "pay near you" browser test (`tests/js/pay.browser.test.js`) with Node on the
//! bundled guide built here. Without Node, playwright-core or Chromium it is skipped with a
//! message, unless `CAREERGUIDE_REQUIRE_BROWSER=1`.

mod common;

use std::path::Path;

use common::*;

#[test]
fn pay_near_you_works_in_a_browser() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().expect("temp dir");
    let site = out.path().join("site");
    build_ok(root, &["--output", &site.to_string_lossy()]);
    run_node_tests(
        "pay_js",
        &["tests/js/pay.browser.test.js"],
        1,
        &["playwright-core"],
        &[("CAREERGUIDE_SITE", &site)],
        &[],
    );
}
