//! Runs the offline tests in headless Chromium (`tests/js/offline.browser.test.js`): the
//! bundled guide after one visit with the network off, a guide over the service worker's
//! budget saved on request, and a new build's worker replacing the old cache.
//!
//! Without Node, playwright-core or Chromium the test says it is skipped and passes, unless
//! `CAREERGUIDE_REQUIRE_BROWSER` is set (as `.ci/run` does).

mod common;

#[test]
fn offline_browser_tests_pass() {
    common::run_node_tests(
        "offline_js",
        &["tests/js/offline.browser.test.js"],
        1,
        &["playwright-core"],
        &[],
        &["offline copy"],
    );
}
