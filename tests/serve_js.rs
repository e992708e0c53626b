//! `serve` from a broken start, in a real browser (`tests/js/serve.browser.test.js`): a guide
//! that does not build shows its errors at every address, and the open page turns into the
//! guide when the fix is saved.
//!
//! Without Node the test is skipped with a message, unless `CAREERGUIDE_REQUIRE_BROWSER=1`
//! (as in CI), which makes a missing Node, playwright-core or Chromium a failure.

mod common;

use common::*;

#[test]
fn serve_from_a_broken_start_reloads_into_the_guide() {
    let site = copy_fixture("basic");
    let root = site.path();
    let file = root.join("content/roles/medical-coder.md");
    let text = read(&file);
    assert!(
        text.contains("level: entry"),
        "the fixture's role has a level"
    );
    std::fs::write(&file, text.replacen("level: entry", "level: [entry", 1)).unwrap();
    run_node_tests(
        "serve_js",
        &["tests/js/serve.browser.test.js"],
        1,
        &["playwright-core"],
        &[("CAREERGUIDE_GUIDE", root)],
        &[],
    );
}
