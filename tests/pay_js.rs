//! Runs the "pay near you" browser test (`tests/js/pay.browser.test.js`) with Node on the
//! bundled guide built here, and checks that site.js writes pay as src/format.rs does
//! (`tests/js/format.test.js`). Without Node, playwright-core or Chromium they are skipped
//! with a message, unless `CAREERGUIDE_REQUIRE_BROWSER=1`.

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

/// site.js formats pay for the scripts (pay near you, the search page's salary filter): it
/// must write what `format::money`, `format::period_label` and `format::thousands` write for
/// the same figures (`tests/js/format.test.js` compares).
#[test]
fn scripts_write_pay_as_the_build_does() {
    use careerguide::format;
    use careerguide::model::PayPeriod;
    let amounts = [
        -3.2,
        0.0,
        0.004,
        0.005,
        0.4,
        0.5,
        1.0,
        24.5,
        24.585,
        99.999,
        999.0,
        999.5,
        1000.0,
        51_139.5,
        51_140.0,
        123_456.49,
        1_234_567.5,
        1e9,
    ];
    let currencies = ["USD", "CAD", "AUD", "EUR", "GBP", "NZD"];
    let periods = [PayPeriod::Annual, PayPeriod::Hourly];
    let mut money = Vec::new();
    for amount in amounts {
        for currency in currencies {
            for period in periods {
                money.push(serde_json::json!({
                    "amount": amount,
                    "currency": currency,
                    "period": period.name(),
                    "text": format::money(amount, currency, period),
                }));
            }
        }
    }
    let labels: Vec<_> = periods
        .iter()
        .map(|p| serde_json::json!({ "period": p.name(), "text": format::period_label(*p) }))
        .collect();
    let thousands: Vec<_> = [0u64, 7, 999, 1000, 12_345, 999_999, 1_000_000, 123_456_789]
        .iter()
        .map(|n| serde_json::json!({ "n": n, "text": format::thousands(*n) }))
        .collect();
    let dir = tempfile::tempdir().expect("temp dir");
    let cases = dir.path().join("format-cases.json");
    let all = serde_json::json!({ "money": money, "periods": labels, "thousands": thousands });
    std::fs::write(&cases, all.to_string()).expect("write the cases");
    run_node_tests(
        "pay_js",
        &["tests/js/format.test.js"],
        1,
        &[],
        &[("CAREERGUIDE_FORMAT_CASES", &cases)],
        &[],
    );
}
