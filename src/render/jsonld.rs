//! schema.org JSON-LD for each page: `Occupation` (with `estimatedSalary` as a
//! `MonetaryAmountDistribution`) for roles, `EducationalOccupationalCredential` for
//! certifications, `BreadcrumbList` everywhere, `WebSite` with a search action on the home page.
//! The output is safe to place inside `<script>`: `<`, `>` and `&` are escaped as `\u003c` etc.,
//! so a title containing `</script>` cannot end the element.

use serde_json::{Value, json};

use crate::link::Site;
use crate::model::{Facts, Kind, PayPeriod};

/// The JSON-LD for page `i`, ready to embed.
pub fn page_jsonld(site: &Site, i: usize) -> String {
    let page = &site.pages[i];
    let url = site.config.absolute(&page.path);
    let description = page
        .common
        .description
        .clone()
        .or_else(|| page.common.summary.clone());
    let mut graph: Vec<Value> = Vec::new();
    match &page.facts {
        Facts::Role(role) => {
            let mut occ = json!({
                "@type": "Occupation",
                "name": page.common.title,
                "url": url,
            });
            if let Some(d) = &description {
                occ["description"] = json!(d);
            }
            if !role.also_called.is_empty() {
                occ["alternateName"] = json!(role.also_called);
            }
            if let Some(soc) = &role.soc {
                occ["occupationalCategory"] = json!({
                    "@type": "CategoryCode",
                    "codeValue": soc.value,
                    "inCodeSet": {"@type": "CategoryCodeSet", "name": "2018 Standard Occupational Classification"}
                });
            }
            if let Some(exp) = &role.experience {
                occ["experienceRequirements"] = json!(exp);
            }
            if let Some(e) = site.relations[i].education {
                occ["educationRequirements"] = json!({
                    "@type": "EducationalOccupationalCredential",
                    "credentialCategory": site.pages[e].common.title,
                });
            }
            let certs: Vec<String> = site.relations[i]
                .certifications
                .iter()
                .map(|&c| site.pages[c].common.title.clone())
                .collect();
            if !certs.is_empty() {
                occ["qualifications"] = json!(certs.join("; "));
            }
            if let Some(s) = &role.salary {
                let mut dist = json!({
                    "@type": "MonetaryAmountDistribution",
                    "name": "base",
                    "currency": s.currency,
                    "duration": match s.period { PayPeriod::Annual => "P1Y", PayPeriod::Hourly => "PT1H" },
                    "median": s.median,
                });
                for (key, value) in [
                    ("percentile10", s.p10),
                    ("percentile25", s.p25),
                    ("percentile75", s.p75),
                    ("percentile90", s.p90),
                ] {
                    if let Some(v) = value {
                        dist[key] = json!(v);
                    }
                }
                occ["estimatedSalary"] = json!([dist]);
                occ["mainEntityOfPage"] = json!({"@type": "WebPage", "@id": url, "dateModified": page.common.updated.as_ref().map(|u| u.value.clone())});
            }
            if let Some(o) = &role.outlook
                && let Some(label) = &o.label
            {
                occ["occupationalOutlook"] = json!(format!("{label} ({})", o.period));
            }
            graph.push(occ);
        }
        Facts::Certification(cert) => {
            let mut cred = json!({
                "@type": "EducationalOccupationalCredential",
                "name": page.common.title,
                "alternateName": cert.abbr,
                "credentialCategory": "certification",
                "url": url,
                "recognizedBy": {"@type": "Organization", "name": cert.issuer},
            });
            if let Some(u) = &cert.issuer_url {
                cred["recognizedBy"]["url"] = json!(u.value);
            }
            if let Some(d) = &description {
                cred["description"] = json!(d);
            }
            if let Some(r) = &cert.renewal
                && let Some(years) = r.years
            {
                cred["validFor"] = json!(format!("P{years}Y"));
            }
            graph.push(cred);
        }
        _ if page.kind == Kind::Home => {
            graph.push(json!({
                "@type": "WebSite",
                "name": site.config.title,
                "url": site.config.base_url,
                "description": site.config.description,
                "inLanguage": site.config.language,
                "potentialAction": {
                    "@type": "SearchAction",
                    "target": {"@type": "EntryPoint", "urlTemplate": format!("{}search/?q={{search_term_string}}", site.config.base_url)},
                    "query-input": "required name=search_term_string"
                }
            }));
        }
        _ => {
            let mut web = json!({"@type": "WebPage", "name": page.common.title, "url": url});
            if let Some(d) = &description {
                web["description"] = json!(d);
            }
            if let Some(u) = &page.common.updated {
                web["dateModified"] = json!(u.value);
            }
            graph.push(web);
        }
    }
    let crumbs = super::view::breadcrumbs(site, page);
    if crumbs.len() > 1 {
        let items: Vec<Value> = crumbs
            .iter()
            .enumerate()
            .map(|(n, c)| json!({"@type": "ListItem", "position": n + 1, "name": c.title, "item": site.config.absolute(&c.path)}))
            .collect();
        graph.push(json!({"@type": "BreadcrumbList", "itemListElement": items}));
    }
    let doc = json!({"@context": "https://schema.org", "@graph": graph});
    script_safe_json(&doc)
}

/// JSON that can sit inside `<script>` without ending it.
pub fn script_safe_json(value: &Value) -> String {
    script_safe(&serde_json::to_string(value).unwrap_or_else(|_| "{}".to_string()))
}

/// Escapes `<`, `>`, `&` and the JavaScript line separators in serialised JSON. They can only
/// occur inside JSON strings, where the `\uXXXX` form means the same.
pub fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 64);
    // Scanned as bytes, copying runs of plain text whole: each character to escape starts with
    // a byte no other character has (ASCII, or 0xE2 for U+2028 and U+2029, checked with the
    // two bytes after it).
    let bytes = json.as_bytes();
    let mut plain = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let (escaped, len) = match b {
            b'<' => ("\\u003c", 1),
            b'>' => ("\\u003e", 1),
            b'&' => ("\\u0026", 1),
            0xE2 => match bytes.get(i + 1..i + 3) {
                Some([0x80, 0xA8]) => ("\\u2028", 3),
                Some([0x80, 0xA9]) => ("\\u2029", 3),
                _ => continue,
            },
            _ => continue,
        };
        out.push_str(&json[plain..i]);
        out.push_str(escaped);
        plain = i + len;
    }
    out.push_str(&json[plain..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
