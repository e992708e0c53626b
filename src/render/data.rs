//! What role pages show from the data tables beyond pay: the projection's quick facts
//! (`data/projections.csv`), pay in the industries that employ the most and the "pay near you"
//! files (`data/wages/`), and what a role's `onet` block asks for (`data/onet/`).
//!
//! "Pay near you" loads `data/pay/<soc>.json` (every state and metro area of the SOC's wage
//! table) only when the reader asks, so a role page stays within its weight budget; the state
//! table on the page is the fallback without JavaScript.

use serde::Serialize;

use super::view::Card;
use crate::datafile::Figure;
use crate::format;
use crate::link::Site;
use crate::model::PayPeriod;
use crate::wages::WageTable;

/// Everything a role page shows from the data tables (each part absent without its data).
#[derive(Debug, Clone, Serialize, Default)]
pub struct RoleDataView {
    pub facts: Option<FactsView>,
    pub industries: Option<IndustriesView>,
    /// Site path of the role's "pay near you" file, when its table has metro areas.
    pub pay_near_you: Option<String>,
    pub onet: Option<OnetView>,
}

/// The projection's figures, formatted.
#[derive(Debug, Clone, Serialize)]
pub struct FactsView {
    /// `194,800`.
    pub jobs: Option<String>,
    /// The base year, `2024`.
    pub jobs_year: String,
    pub projected_jobs: Option<String>,
    pub projected_year: String,
    /// `+13,800` or `−1,900`.
    pub change: Option<String>,
    /// `+7.1%`.
    pub change_pct: Option<String>,
    /// `2024–34`.
    pub period: String,
    pub openings: Option<String>,
    pub education: Option<String>,
    pub experience: Option<String>,
    pub training: Option<String>,
    /// `BLS Employment Projections 2024–34, SOC 29-2072 (Medical records specialists)`.
    pub source: String,
    /// The role's outlook is hand-written and differs from these figures (see `check`).
    pub outlook_hand_written: bool,
}

/// One industry's row.
#[derive(Debug, Clone, Serialize)]
pub struct IndustryView {
    pub name: String,
    pub employment: String,
    pub median: String,
}

/// The industries that employ the most of a role's occupation.
#[derive(Debug, Clone, Serialize)]
pub struct IndustriesView {
    /// `NAICS 3-digit`.
    pub level: &'static str,
    pub source: String,
    pub soc: String,
    pub rows: Vec<IndustryView>,
}

/// One O*NET technology skill.
#[derive(Debug, Clone, Serialize)]
pub struct TechnologyView {
    pub example: String,
    pub category: String,
    pub hot: bool,
}

/// A related occupation outside the guide.
#[derive(Debug, Clone, Serialize)]
pub struct RelatedView {
    pub title: String,
    pub code: String,
    pub url: String,
}

/// What the role's `onet` block asks for.
#[derive(Debug, Clone, Serialize)]
pub struct OnetView {
    pub code: String,
    pub title: String,
    pub url: String,
    pub tasks: Vec<String>,
    pub technology: Vec<TechnologyView>,
    pub has_hot: bool,
    /// Roles of the guide whose SOC code O*NET relates to this one.
    pub related_in_guide: Vec<Card>,
    pub related_outside: Vec<RelatedView>,
    pub shows_related: bool,
    /// The credit O*NET's license asks for.
    pub attribution: String,
}

/// How many industries a page lists.
const INDUSTRIES: usize = 5;

/// The other roles (not `i`) whose SOC code is `soc`.
fn roles_of_soc(site: &Site, soc: &str, i: usize) -> Vec<usize> {
    (0..site.pages.len())
        .filter(|&j| {
            j != i
                && site.pages[j]
                    .role()
                    .and_then(|r| r.soc.as_ref())
                    .is_some_and(|s| s.value == soc)
        })
        .collect()
}

/// The roles of the guide that role page `i` shows as O*NET's similar occupations (when its
/// `onet` block asks for them): its page changes with theirs, so serve re-renders it then.
pub fn related_roles(site: &Site, i: usize) -> Vec<usize> {
    let Some(role) = site.pages[i].role() else {
        return Vec::new();
    };
    let (Some(choice), Some(soc)) = (&role.onet, &role.soc) else {
        return Vec::new();
    };
    if !choice.related {
        return Vec::new();
    }
    let code = choice.code_for(&soc.value);
    site.wages
        .onet
        .related
        .get(&code)
        .into_iter()
        .flatten()
        .flat_map(|r| roles_of_soc(site, r.code.get(..7).unwrap_or(""), i))
        .collect()
}

/// The data view of role page `i`.
pub fn role_data_view(site: &Site, cards: &[Card], i: usize) -> Option<RoleDataView> {
    let page = &site.pages[i];
    let role = page.role()?;
    let soc = &role.soc.as_ref()?.value;
    let wages = &site.wages;
    let mut view = RoleDataView::default();
    if let (Some(p), Some(all)) = (wages.projection_for(page), wages.projections.as_ref()) {
        let (base, projected) = years(&all.period);
        view.facts = Some(FactsView {
            jobs: p.employment_base.map(format::thousands),
            jobs_year: base,
            projected_jobs: p.employment_projected.map(format::thousands),
            projected_year: projected,
            change: p.change.map(signed),
            change_pct: p.change_pct.map(format::growth),
            period: all.period.clone(),
            openings: p.openings_per_year.map(format::thousands),
            education: p.education.clone(),
            experience: p.experience.clone(),
            training: p.training.clone(),
            source: all.source_for(p),
            outlook_hand_written: !wages.outlook_from_data.contains(&page.source.content_path),
        });
    }
    if let Some(table) = wages.for_role(page) {
        view.industries = industries_view(table);
        if table.metros().next().is_some() {
            view.pay_near_you = Some(pay_path(soc));
        }
    }
    if let Some(choice) = &role.onet {
        let code = choice.code_for(soc);
        let onet = &wages.onet;
        let limit = choice.limit.unwrap_or(12) as usize;
        let title = onet
            .occupations
            .get(&code)
            .map(|(t, _)| t.clone())
            .unwrap_or_default();
        let mut in_guide: Vec<Card> = Vec::new();
        let mut outside = Vec::new();
        if choice.related {
            for r in onet.related.get(&code).into_iter().flatten() {
                let roles = roles_of_soc(site, r.code.get(..7).unwrap_or(""), i);
                if roles.is_empty() {
                    outside.push(RelatedView {
                        title: r.title.clone(),
                        code: r.code.clone(),
                        url: onet_url(&r.code),
                    });
                } else {
                    for j in roles {
                        if !in_guide.iter().any(|c| c.path == cards[j].path) {
                            in_guide.push(cards[j].clone());
                        }
                    }
                }
            }
            outside.truncate(limit);
        }
        let technology: Vec<TechnologyView> = if choice.technology {
            onet.technology
                .get(&code)
                .into_iter()
                .flatten()
                .take(limit)
                .map(|t| TechnologyView {
                    example: t.example.clone(),
                    category: t.category.clone(),
                    hot: t.hot,
                })
                .collect()
        } else {
            Vec::new()
        };
        view.onet = Some(OnetView {
            url: onet_url(&code),
            title,
            tasks: if choice.tasks {
                onet.tasks
                    .get(&code)
                    .into_iter()
                    .flatten()
                    .take(limit)
                    .map(|t| t.text.clone())
                    .collect()
            } else {
                Vec::new()
            },
            has_hot: technology.iter().any(|t| t.hot),
            technology,
            related_in_guide: in_guide,
            related_outside: outside,
            shows_related: choice.related,
            attribution: crate::onet::attribution(&onet.release),
            code,
        });
    }
    Some(view)
}

/// `https://www.onetonline.org/link/summary/29-2072.00`.
fn onet_url(code: &str) -> String {
    format!("https://www.onetonline.org/link/summary/{code}")
}

/// `2024–34` → (`2024`, `2034`).
fn years(period: &str) -> (String, String) {
    let mut parts = period.split(['–', '-']);
    let base = parts.next().unwrap_or("").trim().to_string();
    let end = parts.next().unwrap_or("").trim();
    let projected = if end.len() == 2 && base.len() == 4 {
        format!("{}{end}", &base[..2])
    } else {
        end.to_string()
    };
    (base, projected)
}

/// `+13,800`, `−1,900` (a minus sign, as `format::growth` writes).
fn signed(n: i64) -> String {
    let digits = format::thousands(n.unsigned_abs());
    match n.signum() {
        1 => format!("+{digits}"),
        -1 => format!("−{digits}"),
        _ => digits,
    }
}

fn money(f: Figure) -> String {
    match f {
        Figure::Value(v) => format::money(v, "USD", PayPeriod::Annual),
        Figure::TopCoded => "Top-coded".into(),
        Figure::Missing => "—".into(),
    }
}

fn industries_view(t: &WageTable) -> Option<IndustriesView> {
    let rows: Vec<IndustryView> = t
        .industries()
        .into_iter()
        .filter(|r| r.employment.is_some())
        .take(INDUSTRIES)
        .map(|r| IndustryView {
            name: r.area_name.clone(),
            employment: r.employment.map(format::thousands).unwrap_or_default(),
            median: money(r.median),
        })
        .collect();
    (!rows.is_empty()).then(|| IndustriesView {
        level: crate::wages::INDUSTRY_LEVEL,
        source: format!("{} {}", t.source, t.release),
        soc: t.soc.clone(),
        rows,
    })
}

/// Where a SOC's "pay near you" file is published.
pub fn pay_path(soc: &str) -> String {
    format!("data/pay/{soc}.json")
}

/// The "pay near you" file of one SOC: its source, and every state and metro area with its
/// employment and annual median, 10th and 90th percentile (null when not released; a
/// top-coded figure is the string "top").
pub fn pay_json(t: &WageTable) -> String {
    let fig = |f: Figure| match f {
        Figure::Value(v) => serde_json::json!(v),
        Figure::TopCoded => serde_json::json!("top"),
        Figure::Missing => serde_json::Value::Null,
    };
    let area = |r: &crate::wages::WageRow| {
        serde_json::json!({
            "name": r.area_name,
            "type": r.area_type.name(),
            "employment": r.employment,
            "median": fig(r.median),
            "p10": fig(r.p10),
            "p90": fig(r.p90),
        })
    };
    serde_json::json!({
        "soc": t.soc,
        "occupation": t.occupation,
        "source": format!("{} {}", t.source, t.release),
        "areas": t.states().chain(t.metros()).map(area).collect::<Vec<_>>(),
    })
    .to_string()
}

/// Publishes the "pay near you" file of every wage table a role uses.
pub fn write_pay_files(site: &Site, sink: &dyn super::Sink) -> Vec<crate::diagnostics::Diagnostic> {
    let mut diags = Vec::new();
    for (soc, table) in &site.wages.tables {
        if table.metros().next().is_none() {
            continue;
        }
        let path = pay_path(soc);
        if let Err(e) = sink.put(&path, pay_json(table).as_bytes()) {
            diags.push(crate::diagnostics::Diagnostic::error(
                "write",
                format!("cannot write /{path}: {e}"),
            ));
        }
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_and_signed_numbers() {
        assert_eq!(years("2024–34"), ("2024".into(), "2034".into()));
        assert_eq!(signed(13_800), "+13,800");
        assert_eq!(signed(-1_900), "−1,900");
        assert_eq!(signed(0), "0");
    }
}
