//! No input makes careerguide panic: arbitrary bytes as a content file and arbitrary YAML values
//! as front-matter go through the whole pipeline (load, model, link, render, search) with a
//! fixed seed and a bounded number of cases, so CI is repeatable. A panic fails the test.

mod common;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

use careerguide::incremental::{Project, ProjectOptions};
use common::*;

fn options() -> ProjectOptions {
    ProjectOptions {
        base_url: None,
        drafts: false,
        asset_version: Some("fuzz".into()),
    }
}

/// JSON-style values, which are valid YAML flow syntax.
fn value() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_string()),
        any::<bool>().prop_map(|b| b.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|f| if f.is_finite() {
            f.to_string()
        } else {
            "1.5".into()
        }),
        "[a-z@/.: #*&!%-]{0,12}".prop_map(|s| format!("{s:?}")),
        prop::sample::select(vec![
            "entry",
            "mid",
            "annual",
            "hospitals",
            "medical-coder",
            "certificate",
            "29-2072",
            "2026-01-01",
            "\"\"",
            "~",
            "*x",
            "&x y"
        ])
        .prop_map(str::to_string),
    ];
    leaf.prop_recursive(4, 24, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(|v| format!("[{}]", v.join(", "))),
            prop::collection::vec((key(), inner), 0..5).prop_map(|kv| format!(
                "{{{}}}",
                kv.into_iter()
                    .map(|(k, v)| format!("{k}: {v}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        ]
    })
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "title",
            "level",
            "education",
            "summary",
            "settings",
            "certifications",
            "next_roles",
            "salary",
            "outlook",
            "soc",
            "area",
            "median",
            "p10",
            "p90",
            "year",
            "source",
            "period",
            "currency",
            "tags",
            "sources",
            "updated",
            "draft",
            "weight",
            "extra",
            "from",
            "to",
            "steps",
            "abbr",
            "issuer",
            "order",
            "remote",
            "also_called",
            "exam",
            "renewal",
        ])
        .prop_map(str::to_string),
        "[a-z_]{1,8}",
    ]
}

fn front_matter() -> impl Strategy<Value = String> {
    prop::collection::vec((key(), value()), 0..10)
        .prop_map(|kv| kv.into_iter().map(|(k, v)| format!("{k}: {v}\n")).collect())
}

fn markdown() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            "[ -~]{0,40}".prop_map(|s| s),
            Just("[x](@/roles/medical-coder.md#pay)".to_string()),
            Just("![](img.png)".to_string()),
            Just("<script>x</script>".to_string()),
            Just("| a | b |\n|---|---|\n| 1 | 2 |".to_string()),
            Just("> > > nested\n".to_string()),
            Just("[^1]\n\n[^1]: note".to_string()),
            Just("## Heading {#id}".to_string()),
        ],
        0..8,
    )
    .prop_map(|parts| parts.join("\n\n"))
}

#[test]
fn arbitrary_front_matter_and_bytes_never_panic() {
    let site = copy_fixture("basic");
    let root = site.path().to_path_buf();
    // CAREERGUIDE_FUZZ_CASES raises the count for long local runs (docs/reliability.md).
    let cases = std::env::var("CAREERGUIDE_FUZZ_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(300);
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]));
    let strategy = (
        front_matter(),
        markdown(),
        prop::collection::vec(any::<u8>(), 0..600),
        prop::sample::select(vec![
            "roles",
            "settings",
            "certifications",
            "education",
            "pathways",
            "articles",
        ]),
    );
    runner
        .run(&strategy, |(fm, md, bytes, folder)| {
            std::fs::write(
                root.join(format!("content/{folder}/fuzz.md")),
                format!("---\n{fm}---\n{md}\n"),
            )
            .unwrap();
            std::fs::write(root.join("content/articles/bytes.md"), &bytes).unwrap();
            let (_project, _report) = Project::open(&root, options());
            std::fs::remove_file(root.join(format!("content/{folder}/fuzz.md"))).unwrap();
            Ok(())
        })
        .unwrap();
}
