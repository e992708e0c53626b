//! schema.org JSON-LD for each page: `Occupation` (with `estimatedSalary` as a
//! `MonetaryAmountDistribution`) for roles, `EducationalOccupationalCredential` for
//! certifications, `BreadcrumbList` everywhere, `WebSite` with a search action on the home page.
//! The output is safe to place inside `<script>`: `<`, `>` and `&` are escaped as `\u003c` etc.,
//! so a title containing `</script>` cannot end the element.

use serde::Serialize;
use serde_json::Value;

use crate::link::Site;
use crate::model::{Facts, Kind, PayPeriod};

// The JSON-LD is written from typed values straight to text (it used to be built as
// `serde_json::Value` maps first: a tenth of rendering a page). Fields are declared in the
// byte order of their names, the order `serde_json` writes a map in, so the output is the same.

#[derive(Serialize)]
struct Document<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@graph")]
    graph: Vec<Node<'a>>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Node<'a> {
    Occupation(Box<Occupation<'a>>),
    Credential(Credential<'a>),
    WebSite(WebSite<'a>),
    WebPage(WebPage<'a>),
    Breadcrumbs(Breadcrumbs<'a>),
}

#[derive(Serialize)]
struct Typed<T> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(flatten)]
    fields: T,
}

#[derive(Serialize)]
struct Occupation<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "alternateName", skip_serializing_if = "Option::is_none")]
    alternate_name: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(
        rename = "educationRequirements",
        skip_serializing_if = "Option::is_none"
    )]
    education_requirements: Option<EducationRequirement<'a>>,
    #[serde(rename = "estimatedSalary", skip_serializing_if = "Option::is_none")]
    estimated_salary: Option<[SalaryDistribution<'a>; 1]>,
    #[serde(
        rename = "experienceRequirements",
        skip_serializing_if = "Option::is_none"
    )]
    experience_requirements: Option<&'a str>,
    #[serde(rename = "mainEntityOfPage", skip_serializing_if = "Option::is_none")]
    main_entity_of_page: Option<MainEntity<'a>>,
    name: &'a str,
    #[serde(
        rename = "occupationalCategory",
        skip_serializing_if = "Option::is_none"
    )]
    occupational_category: Option<CategoryCode<'a>>,
    #[serde(
        rename = "occupationalOutlook",
        skip_serializing_if = "Option::is_none"
    )]
    occupational_outlook: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    qualifications: Option<String>,
    url: &'a str,
}

#[derive(Serialize)]
struct EducationRequirement<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "credentialCategory")]
    credential_category: &'a str,
}

#[derive(Serialize)]
struct SalaryDistribution<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    currency: &'a str,
    duration: &'static str,
    median: f64,
    name: &'static str,
    #[serde(rename = "percentile10", skip_serializing_if = "Option::is_none")]
    p10: Option<f64>,
    #[serde(rename = "percentile25", skip_serializing_if = "Option::is_none")]
    p25: Option<f64>,
    #[serde(rename = "percentile75", skip_serializing_if = "Option::is_none")]
    p75: Option<f64>,
    #[serde(rename = "percentile90", skip_serializing_if = "Option::is_none")]
    p90: Option<f64>,
}

#[derive(Serialize)]
struct MainEntity<'a> {
    #[serde(rename = "@id")]
    id: &'a str,
    #[serde(rename = "@type")]
    kind: &'static str,
    /// Written (as `null`) even when the page has no date.
    #[serde(rename = "dateModified")]
    date_modified: Option<&'a str>,
}

#[derive(Serialize)]
struct CategoryCode<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "codeValue")]
    code_value: &'a str,
    #[serde(rename = "inCodeSet")]
    in_code_set: Typed<NameOnly<'a>>,
}

#[derive(Serialize)]
struct NameOnly<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct Credential<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "alternateName")]
    alternate_name: &'a str,
    #[serde(rename = "credentialCategory")]
    credential_category: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    name: &'a str,
    #[serde(rename = "recognizedBy")]
    recognized_by: Organization<'a>,
    url: &'a str,
    #[serde(rename = "validFor", skip_serializing_if = "Option::is_none")]
    valid_for: Option<String>,
}

#[derive(Serialize)]
struct Organization<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct WebSite<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    description: &'a str,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    name: &'a str,
    #[serde(rename = "potentialAction")]
    potential_action: SearchAction,
    url: &'a str,
}

#[derive(Serialize)]
struct SearchAction {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "query-input")]
    query_input: &'static str,
    target: EntryPoint,
}

#[derive(Serialize)]
struct EntryPoint {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "urlTemplate")]
    url_template: String,
}

#[derive(Serialize)]
struct WebPage<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "dateModified", skip_serializing_if = "Option::is_none")]
    date_modified: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    name: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct Breadcrumbs<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "itemListElement")]
    items: Vec<Crumb<'a>>,
}

#[derive(Serialize)]
struct Crumb<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    item: String,
    name: &'a str,
    position: usize,
}

/// A page's address in the JSON-LD: absolute, or from the site's root while `base_url` is a
/// placeholder (JSON-LD resolves it against the page's own address, not the placeholder's).
fn address(site: &Site, path: &str) -> String {
    if site.config.placeholder_url {
        format!("{}{}", site.config.base_path, path.trim_start_matches('/'))
    } else {
        site.config.absolute(path)
    }
}

/// The JSON-LD for page `i`, ready to embed.
pub fn page_jsonld(site: &Site, i: usize) -> String {
    let page = &site.pages[i];
    let url = address(site, &page.path);
    let home = address(site, "");
    let description = page
        .common
        .description
        .as_deref()
        .or(page.common.summary.as_deref());
    let updated = page.common.updated.as_ref().map(|u| u.value.as_str());
    let mut graph: Vec<Node> = Vec::with_capacity(2);
    match &page.facts {
        Facts::Role(role) => {
            let certs: Vec<&str> = site.relations[i]
                .certifications
                .iter()
                .map(|&c| site.pages[c].common.title.as_str())
                .collect();
            graph.push(Node::Occupation(Box::new(Occupation {
                kind: "Occupation",
                alternate_name: (!role.also_called.is_empty()).then_some(&role.also_called[..]),
                description,
                education_requirements: site.relations[i].education.map(|e| EducationRequirement {
                    kind: "EducationalOccupationalCredential",
                    credential_category: &site.pages[e].common.title,
                }),
                estimated_salary: role.salary.as_ref().map(|s| {
                    [SalaryDistribution {
                        kind: "MonetaryAmountDistribution",
                        currency: &s.currency,
                        duration: match s.period {
                            PayPeriod::Annual => "P1Y",
                            PayPeriod::Hourly => "PT1H",
                        },
                        median: s.median,
                        name: "base",
                        p10: s.p10,
                        p25: s.p25,
                        p75: s.p75,
                        p90: s.p90,
                    }]
                }),
                experience_requirements: role.experience.as_deref(),
                main_entity_of_page: role.salary.as_ref().map(|_| MainEntity {
                    id: &url,
                    kind: "WebPage",
                    date_modified: updated,
                }),
                name: &page.common.title,
                occupational_category: role.soc.as_ref().map(|soc| CategoryCode {
                    kind: "CategoryCode",
                    code_value: &soc.value,
                    in_code_set: Typed {
                        kind: "CategoryCodeSet",
                        fields: NameOnly {
                            name: "2018 Standard Occupational Classification",
                        },
                    },
                }),
                occupational_outlook: role
                    .outlook
                    .as_ref()
                    .and_then(|o| Some(format!("{} ({})", o.label.as_ref()?, o.period))),
                qualifications: (!certs.is_empty()).then(|| certs.join("; ")),
                url: &url,
            })));
        }
        Facts::Certification(cert) => {
            graph.push(Node::Credential(Credential {
                kind: "EducationalOccupationalCredential",
                alternate_name: &cert.abbr,
                credential_category: "certification",
                description,
                name: &page.common.title,
                recognized_by: Organization {
                    kind: "Organization",
                    name: &cert.issuer,
                    url: cert.issuer_url.as_ref().map(|u| u.value.as_str()),
                },
                url: &url,
                valid_for: cert
                    .renewal
                    .as_ref()
                    .and_then(|r| r.years)
                    .map(|years| format!("P{years}Y")),
            }));
        }
        _ if page.kind == Kind::Home => {
            graph.push(Node::WebSite(WebSite {
                kind: "WebSite",
                description: &site.config.description,
                in_language: &site.config.language,
                name: &site.config.title,
                potential_action: SearchAction {
                    kind: "SearchAction",
                    query_input: "required name=search_term_string",
                    target: EntryPoint {
                        kind: "EntryPoint",
                        url_template: format!("{}search/?q={{search_term_string}}", home),
                    },
                },
                url: &home,
            }));
        }
        _ => {
            graph.push(Node::WebPage(WebPage {
                kind: "WebPage",
                date_modified: updated,
                description,
                name: &page.common.title,
                url: &url,
            }));
        }
    }
    let crumbs = super::view::breadcrumbs(site, page);
    if crumbs.len() > 1 {
        graph.push(Node::Breadcrumbs(Breadcrumbs {
            kind: "BreadcrumbList",
            items: crumbs
                .iter()
                .enumerate()
                .map(|(n, c)| Crumb {
                    kind: "ListItem",
                    item: address(site, &c.path),
                    name: &c.title,
                    position: n + 1,
                })
                .collect(),
        }));
    }
    let doc = Document {
        context: "https://schema.org",
        graph,
    };
    script_safe(&serde_json::to_string(&doc).unwrap_or_else(|_| "{}".to_string()))
}

/// JSON that can sit inside `<script>` without ending it.
pub fn script_safe_json(value: &Value) -> String {
    script_safe(&serde_json::to_string(value).unwrap_or_else(|_| "{}".to_string()))
}

/// Escapes `<`, `>`, `&` and the JavaScript line separators in serialised JSON. They can only
/// occur inside JSON strings, where the `\uXXXX` form means the same.
pub fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 64);
    script_safe_into(json, &mut out);
    out
}

/// [`script_safe`], onto the end of `out`.
pub fn script_safe_into(json: &str, out: &mut String) {
    crate::escape::escape_into(
        json,
        out,
        [b'<', b'>', b'&', 0xE2, 0xE2, 0xE2],
        |bytes, i| match bytes[i] {
            b'<' => Some(("\\u003c", 1)),
            b'>' => Some(("\\u003e", 1)),
            b'&' => Some(("\\u0026", 1)),
            _ => crate::escape::line_separator(bytes, i),
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn script_breakout_is_escaped_and_stays_valid_json() {
        let v = json!({"name": "</script><script>alert(1)</script> & more"});
        let s = script_safe_json(&v);
        assert!(!s.contains("</script>"));
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn line_separators_are_escaped_and_their_neighbours_kept() {
        // U+2028 and U+2029 end a line in older JavaScript; `…` and `€` share their first byte.
        let v = json!({"t": "a\u{2028}b\u{2029}c … € > <"});
        let s = script_safe_json(&v);
        assert_eq!(s, r#"{"t":"a\u2028b\u2029c … € \u003e \u003c"}"#);
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }
}
