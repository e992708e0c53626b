//! Runs the phone-first layout checks of issue 28 (`tests/js/layout.browser.test.js`) in a
//! real Chromium: every page type at 320, 390 and 1280 px in light and dark mode, no sideways
//! scroll, chart text of 12 px or more that no other label covers, chart text contrast, and
//! tap targets on a phone.
//!
//! Without Node the test is skipped with a message, unless `CAREERGUIDE_REQUIRE_BROWSER=1`
//! (as in CI), which makes a missing Node, playwright-core or Chromium a failure.

mod common;

use common::*;

#[test]
fn layout_javascript_tests_pass() {
    run_node_tests(
        "layout_js",
        &["tests/js/layout.browser.test.js"],
        1,
        &["playwright-core"],
        &[],
        &[],
    );
}
