//! Self-assessment: the "Is this career for me?" questionnaire an article may carry in its
//! front-matter (`assessment:`), so editors can change questions and scoring without code.
//!
//! Each question has answers; each answer gives points to roles (`roles: {slug: points}`)
//! and says why (`reason`). This module holds the types and the checks a page can make on its
//! own ([`check`], called by `model`); `link` checks the role slugs, and `render::assessment`
//! makes the view the template and the browser's scoring read. Scoring happens in the browser
//! (`assets/explorer.js`): answers never leave it.

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::diagnostics::Diagnostic;
use crate::load::SourceFile;
use crate::model::{Located, at_value};

/// Most questions one assessment may have: a short questionnaire, not a survey.
pub const MAX_QUESTIONS: usize = 40;
/// Fewest and most answers a question may offer.
pub const ANSWERS: std::ops::RangeInclusive<usize> = 2..=8;
/// Points one answer may give one role (negative points count against it; zero is refused).
pub const POINTS: std::ops::RangeInclusive<i64> = -10..=10;
/// How many roles the results suggest when `suggestions` is not given.
pub const DEFAULT_SUGGESTIONS: u32 = 3;

/// `assessment:` in an article's front-matter.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    /// Heading above the questions (default "Quick self-assessment").
    #[serde(default)]
    pub title: Option<String>,
    /// A sentence or two before the first question.
    #[serde(default)]
    pub intro: Option<String>,
    /// How many roles to suggest (1–10, default 3).
    #[serde(default)]
    pub suggestions: Option<Located<u32>>,
    pub questions: Vec<Located<Question>>,
}

/// One question and its answers.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub text: String,
    /// A hint shown under the question.
    #[serde(default)]
    pub help: Option<String>,
    pub answers: Vec<Located<Answer>>,
}

/// One answer: the roles it points to, with points, and why.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub text: String,
    /// Shown beside each role this answer gives points to, e.g. "You like precise rules".
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub roles: RoleWeights,
}

/// `{inpatient-coder: 3, coding-auditor: 1}`, in the order written, each key located.
/// Its schema: a map from role slugs to points (see the `JsonSchema` impl below).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RoleWeights(pub Vec<(Located<String>, Located<i64>)>);

impl<'de> Deserialize<'de> for RoleWeights {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct WeightsVisitor;
        impl<'de> Visitor<'de> for WeightsVisitor {
            type Value = RoleWeights;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map of role slugs to points, e.g. {inpatient-coder: 2}")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RoleWeights, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<Located<String>>()? {
                    let value = map.next_value::<Located<i64>>()?;
                    out.push((key, value));
                }
                Ok(RoleWeights(out))
            }
        }
        deserializer.deserialize_map(WeightsVisitor)
    }
}

impl Assessment {
    pub fn suggestions(&self) -> u32 {
        self.suggestions
            .as_ref()
            .map(|s| s.value)
            .unwrap_or(DEFAULT_SUGGESTIONS)
    }
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// Checks what a page can check alone: counts, empty texts, points in range, reasons given.
/// Role slugs are checked by `link`, which knows the roles.
pub fn check(src: &SourceFile, a: &Located<Assessment>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let width = |s: &str| s.chars().count().max(1);
    if a.questions.is_empty() {
        out.push(at_value(
            src,
            a,
            Diagnostic::error(
                "bad-assessment",
                "an assessment needs at least one question",
            )
            .help("add `questions:` with a list of `{text, answers}` items"),
            10,
        ));
    }
    if a.questions.len() > MAX_QUESTIONS {
        out.push(at_value(
            src,
            a,
            Diagnostic::error(
                "bad-assessment",
                format!(
                    "an assessment may have at most {MAX_QUESTIONS} questions; this one has {}",
                    a.questions.len()
                ),
            )
            .help("keep the questionnaire short: 8 to 12 questions is plenty"),
            10,
        ));
    }
    if let Some(s) = &a.suggestions
        && !(1..=10).contains(&s.value)
    {
        out.push(at_value(
            src,
            s,
            Diagnostic::error(
                "bad-assessment",
                format!("`suggestions` must be 1 to 10, not {}", s.value),
            )
            .help("say how many roles the results suggest, e.g. `suggestions: 3`"),
            s.value.to_string().len(),
        ));
    }
    let mut any_points = false;
    for q in &a.questions {
        if blank(&q.text) {
            out.push(at_value(
                src,
                q,
                Diagnostic::error("bad-assessment", "this question has no text")
                    .help("write the question after `text:`"),
                4,
            ));
        }
        if !ANSWERS.contains(&q.answers.len()) {
            out.push(at_value(
                src,
                q,
                Diagnostic::error(
                    "bad-assessment",
                    format!(
                        "a question needs {} to {} answers; this one has {}",
                        ANSWERS.start(),
                        ANSWERS.end(),
                        q.answers.len()
                    ),
                )
                .help("list the answers under `answers:`, each with `text:`"),
                width(&q.text).min(4),
            ));
        }
        for ans in &q.answers {
            if blank(&ans.text) {
                out.push(at_value(
                    src,
                    ans,
                    Diagnostic::error("bad-assessment", "this answer has no text")
                        .help("write the answer after `text:`"),
                    4,
                ));
            }
            let mut seen = std::collections::HashSet::new();
            for (role, points) in &ans.roles.0 {
                if !seen.insert(role.value.as_str()) {
                    out.push(at_value(
                        src,
                        role,
                        Diagnostic::error(
                            "duplicate-entry",
                            format!("`{}` is given points twice in this answer", role.value),
                        )
                        .help("keep one of the two"),
                        width(&role.value),
                    ));
                }
                if points.value == 0 || !POINTS.contains(&points.value) {
                    out.push(at_value(
                        src,
                        points,
                        Diagnostic::error(
                            "bad-assessment",
                            format!(
                                "points must be between {} and {} and not 0; this is {}",
                                POINTS.start(),
                                POINTS.end(),
                                points.value
                            ),
                        )
                        .help("give 1 for a small nudge, 3 for a strong sign; negative points count against a role; remove the role to give nothing"),
                        points.value.to_string().len(),
                    ));
                }
                any_points |= points.value > 0;
            }
            if ans.roles.0.iter().any(|(_, p)| p.value > 0)
                && ans.reason.as_deref().is_none_or(blank)
            {
                out.push(at_value(
                    src,
                    ans,
                    Diagnostic::error(
                        "bad-assessment",
                        "this answer gives roles points but no reason",
                    )
                    .help("add `reason:`, a short phrase shown with the suggested roles, e.g. \"You enjoy precise, rule-based work\""),
                    4,
                ));
            }
        }
    }
    if !a.questions.is_empty() && !any_points {
        out.push(at_value(
            src,
            a,
            Diagnostic::error("bad-assessment", "no answer gives any role points")
                .help("add `roles: {role-slug: points}` to the answers that point to a role"),
            10,
        ));
    }
    out
}

impl schemars::JsonSchema for RoleWeights {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "RoleWeights".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "description": "Role slugs and the points this answer gives each (-10 to 10, not 0).",
            "additionalProperties": {"type": "integer", "minimum": -10, "maximum": 10}
        })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::load::split_page;
    use crate::model::parse_page;
    use std::path::PathBuf;

    pub(crate) fn parse(yaml: &str) -> Result<crate::model::Page, Vec<Diagnostic>> {
        let text = format!("---\ntitle: Quiz\n{yaml}---\nBody.\n");
        let src = split_page(
            text,
            PathBuf::from("content/articles/quiz.md"),
            "articles/quiz.md".into(),
        )
        .map_err(|d| vec![d])?;
        parse_page(src)
    }

    pub(crate) const GOOD: &str = "assessment:\n  questions:\n    - text: Detail?\n      answers:\n        - text: Love it\n          reason: You like rules\n          roles: {coder: 3, auditor: 1}\n        - text: No\n          roles: {coder: -2}\n";

    #[test]
    fn a_valid_assessment_keeps_order_points_and_locations() {
        let page = parse(GOOD).expect("valid");
        let a = page.assessment().expect("has an assessment");
        let ans = &a.questions[0].answers[0];
        let keys: Vec<(&str, i64)> = ans
            .roles
            .0
            .iter()
            .map(|(k, v)| (k.value.as_str(), v.value))
            .collect();
        assert_eq!(keys, [("coder", 3), ("auditor", 1)]);
        // `roles: {coder: 3, …}` is on line 9 of the file; `coder` starts at column 19.
        let (line, col) = (ans.roles.0[0].0.line + 1, ans.roles.0[0].0.column);
        assert_eq!((line, col), (9, 19));
    }

    #[test]
    fn bad_counts_points_and_missing_reasons_are_errors() {
        let yaml = "assessment:\n  suggestions: 20\n  questions:\n    - text: Only one answer\n      answers:\n        - text: Yes\n          roles: {coder: 0, auditor: 2}\n";
        let err = parse(yaml).unwrap_err();
        let msgs: Vec<String> = err.iter().map(|d| d.message.clone()).collect();
        assert!(
            msgs.iter()
                .any(|m| m.contains("`suggestions` must be 1 to 10")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.contains("2 to 8 answers; this one has 1")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter().any(|m| m.contains("not 0; this is 0")),
            "{msgs:?}"
        );
        assert!(msgs.iter().any(|m| m.contains("no reason")), "{msgs:?}");
        let zero = err
            .iter()
            .find(|d| d.message.contains("this is 0"))
            .unwrap();
        assert_eq!((zero.line, zero.column), (9, 26));
    }

    #[test]
    fn unknown_keys_in_an_assessment_are_refused() {
        let yaml = GOOD.replace("reason:", "reasons:");
        let err = parse(&yaml).unwrap_err();
        assert_eq!(err[0].code, "unknown-key");
        assert_eq!(err[0].line, 8);
    }
}
