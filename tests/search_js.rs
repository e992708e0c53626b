//! Runs the JavaScript tests of search (`node --test tests/js/search.*.test.js`): the search
//! core against built indexes, parity with elasticlunr.js, the relevance set on the bundled
//! guide (`tests/search-relevance.json`, its score printed), and the headless-Chromium test of
//! the bundled guide from disk, over HTTP and offline. They use the binary cargo just built.
//! (The explorer's JavaScript tests in the same folder have their own runner.)
//!
//! Without Node.js or `node_modules` (run `npm ci`) the test prints why it is skipped and
//! passes, unless `CAREERGUIDE_REQUIRE_BROWSER` is set (as `.ci/run` does): then a missing tool
//! is a failure. The browser test applies the same rule to Chromium.

mod common;

#[test]
fn javascript_and_browser_tests_pass() {
    common::run_node_tests(
        "search_js",
        &[
            "tests/js/search.core.test.js",
            "tests/js/search.relevance.test.js",
            "tests/js/search.browser.test.js",
        ],
        1,
        &["elasticlunr", "playwright-core"],
        &[],
        &["relevance"],
    );
}
