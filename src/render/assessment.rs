//! The self-assessment's view: what the template renders and what the browser scores, from
//! an article's `assessment:` ([`crate::model::assessment`]).

use serde::Serialize;

use crate::model::assessment::Assessment;

/// One role a questionnaire can suggest, as the browser needs it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RoleRef {
    pub slug: String,
    pub title: String,
    pub path: String,
    pub summary: Option<String>,
}

/// One answer in the view: its text and `[role index, points]` pairs.
#[derive(Debug, Clone, Serialize)]
pub struct AnswerView {
    pub text: String,
    pub reason: Option<String>,
    /// `(index into roles, points)`.
    pub points: Vec<(usize, i64)>,
    /// The roles it gives points to, for the no-JavaScript summary.
    pub role_titles: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuestionView {
    pub text: String,
    pub help: Option<String>,
    pub answers: Vec<AnswerView>,
}

/// What the template renders and what the browser scores.
#[derive(Debug, Clone, Serialize)]
pub struct AssessmentView {
    pub title: String,
    pub intro: Option<String>,
    pub suggestions: u32,
    pub roles: Vec<RoleRef>,
    pub questions: Vec<QuestionView>,
    /// The view as JSON, escaped for a `<script type="application/json">` element.
    pub json: String,
}

/// Builds the view; `lookup` gives a role's reference by slug (unknown slugs were reported by
/// `link` and are skipped here).
pub fn view(a: &Assessment, lookup: impl Fn(&str) -> Option<RoleRef>) -> AssessmentView {
    let mut roles: Vec<RoleRef> = Vec::new();
    let mut questions = Vec::with_capacity(a.questions.len());
    for q in &a.questions {
        let mut answers = Vec::with_capacity(q.answers.len());
        for ans in &q.answers {
            let mut points = Vec::new();
            let mut role_titles = Vec::new();
            for (slug, p) in &ans.roles.0 {
                let Some(r) = lookup(&slug.value) else {
                    continue;
                };
                let idx = match roles.iter().position(|x| x.slug == r.slug) {
                    Some(i) => i,
                    None => {
                        roles.push(r);
                        roles.len() - 1
                    }
                };
                if p.value > 0 {
                    role_titles.push(roles[idx].title.clone());
                }
                points.push((idx, p.value));
            }
            answers.push(AnswerView {
                text: ans.text.clone(),
                reason: ans.reason.clone(),
                points,
                role_titles,
            });
        }
        questions.push(QuestionView {
            text: q.text.clone(),
            help: q.help.clone(),
            answers,
        });
    }
    let mut v = AssessmentView {
        title: a
            .title
            .clone()
            .unwrap_or_else(|| "Quick self-assessment".to_string()),
        intro: a.intro.clone(),
        suggestions: a.suggestions(),
        roles,
        questions,
        json: String::new(),
    };
    let data = serde_json::json!({
        "suggestions": v.suggestions,
        "roles": v.roles,
        "questions": v.questions.iter().map(|q| serde_json::json!({
            "answers": q.answers.iter().map(|a| serde_json::json!({
                "reason": a.reason,
                "points": a.points,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    });
    v.json = super::jsonld::script_safe_json(&data);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_view_indexes_roles_and_escapes_its_json() {
        let page = crate::model::assessment::tests::parse(
            &crate::model::assessment::tests::GOOD
                .replace("You like rules", "You like </script> rules"),
        )
        .unwrap();
        let a = page.assessment().unwrap();
        let v = view(a, |slug| {
            (slug != "auditor").then(|| RoleRef {
                slug: slug.into(),
                title: format!("The {slug}"),
                path: format!("roles/{slug}/"),
                summary: None,
            })
        });
        assert_eq!(v.roles.len(), 1, "unknown roles are skipped");
        assert_eq!(v.questions[0].answers[0].points, vec![(0, 3)]);
        assert_eq!(v.questions[0].answers[1].points, vec![(0, -2)]);
        assert!(!v.json.contains('<') && v.json.contains("\\u003c/script"));
        assert_eq!(v.suggestions, 3);
    }
}
