//! View models: what templates see. Built once per page from the resolved [`Site`]; every
//! number is already formatted (by `format`), every link is a site path the template prefixes
//! with `root` (the relative way back to the site root), so templates stay simple and a theme
//! cannot format a salary differently on two pages.

use serde::Serialize;

use crate::format;
use crate::link::{Site, Term};
use crate::markdown::{Heading, RenderedMarkdown};
use crate::model::{Facts, Kind, Level, Page, PayPeriod, Salary};

/// A page as it appears in lists, cards and links. Computed once per page and reused: views
/// hold cards by value, and cloning one only counts a reference (a role page lists a dozen).
#[derive(Debug, Clone)]
pub struct Card(std::sync::Arc<CardData>);

impl std::ops::Deref for Card {
    type Target = CardData;
    fn deref(&self) -> &CardData {
        &self.0
    }
}

/// What a [`Card`] shows.
#[derive(Debug)]
pub struct CardData {
    pub title: String,
    pub path: String,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub summary: Option<String>,
    pub level: Option<&'static str>,
    pub level_label: Option<&'static str>,
    pub area: Option<String>,
    pub median: Option<String>,
    pub median_raw: Option<f64>,
    pub abbr: Option<String>,
    pub remote: Option<bool>,
    /// The pay figure this role shares with other roles (one SOC code's figure), if any.
    pub shared_pay: Option<std::sync::Arc<crate::explore::pay::SharedPay>>,
    /// The card as a Tera value, made once by [`cards`]. A page lists many cards and a card is
    /// listed on many pages; Tera takes a value it is given inside a view as it is (a cheap
    /// clone) instead of converting the card's fields again every time.
    tera: Option<tera::Value>,
}

/// A card's fields as templates see them (and as [`Card`] serialises them).
#[derive(Serialize, PartialEq)]
struct CardFields<'a> {
    title: &'a str,
    path: &'a str,
    kind: &'static str,
    kind_label: &'static str,
    summary: &'a Option<String>,
    level: Option<&'static str>,
    level_label: Option<&'static str>,
    area: &'a Option<String>,
    median: &'a Option<String>,
    median_raw: Option<f64>,
    abbr: &'a Option<String>,
    remote: Option<bool>,
    /// `shared by 13 roles` beside the median when the figure is an occupation's.
    median_shared: Option<String>,
}

impl CardData {
    fn fields(&self) -> CardFields<'_> {
        CardFields {
            title: &self.title,
            path: &self.path,
            kind: self.kind,
            kind_label: self.kind_label,
            summary: &self.summary,
            level: self.level,
            level_label: self.level_label,
            area: &self.area,
            median: &self.median,
            median_raw: self.median_raw,
            abbr: &self.abbr,
            remote: self.remote,
            median_shared: self
                .shared_pay
                .as_ref()
                .map(|g| format!("shared by {} roles", g.roles.len())),
        }
    }
}

/// Two cards are equal when their fields are (the Tera value is made from them).
impl PartialEq for Card {
    fn eq(&self, other: &Card) -> bool {
        self.fields() == other.fields()
    }
}

impl Serialize for Card {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.tera {
            Some(value) => value.serialize(serializer),
            None => self.fields().serialize(serializer),
        }
    }
}

/// Builds every page's card.
pub fn cards(site: &Site) -> Vec<Card> {
    use rayon::prelude::*;
    let shared = crate::explore::pay::shared_pay(site);
    site.pages
        .par_iter()
        .enumerate()
        .map(|(i, p)| {
            let role = p.role();
            let salary = role.and_then(|r| r.salary.as_ref());
            let mut card = CardData {
                title: p.common.title.clone(),
                path: p.path.clone(),
                kind: p.kind.name(),
                kind_label: p.kind.label(),
                summary: p
                    .common
                    .summary
                    .clone()
                    .or_else(|| p.common.description.clone()),
                level: role.map(|r| r.level.slug()),
                level_label: role.map(|r| r.level.label()),
                area: site.relations[i]
                    .area
                    .map(|a| site.config.areas[a].title.clone())
                    .or_else(|| {
                        role.and_then(|r| r.area.as_ref())
                            .map(|a| crate::link::humanise(&a.value))
                    }),
                median: salary.map(format::salary_median),
                median_raw: salary.map(|s| s.median),
                abbr: match &p.facts {
                    Facts::Certification(c) => Some(c.abbr.clone()),
                    _ => None,
                },
                remote: role.and_then(|r| r.remote),
                shared_pay: shared[i].clone(),
                tera: None,
            };
            card.tera = tera::Value::try_from_serializable(&card.fields()).ok();
            Card(std::sync::Arc::new(card))
        })
        .collect()
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub title: String,
    pub path: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    pub iso: String,
    pub human: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    pub title: String,
    pub url: Option<String>,
    pub year: Option<i32>,
}

/// What every page has.
#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub title: String,
    /// For `<meta name="description">`: description, summary, or the first paragraph.
    pub description: String,
    pub summary: Option<String>,
    pub path: String,
    pub permalink: String,
    pub content: String,
    pub toc: Vec<Heading>,
    pub updated: Option<DateView>,
    pub tags: Vec<Link>,
    pub sources: Vec<SourceView>,
    pub extra: serde_json::Map<String, serde_json::Value>,
    pub breadcrumbs: Vec<Link>,
}

impl PageView {
    /// A copy without the page's HTML and table of contents (the largest parts), for a later
    /// page of its list, which shows neither.
    pub fn clone_without_content(&self) -> PageView {
        PageView {
            kind: self.kind,
            kind_label: self.kind_label,
            title: self.title.clone(),
            description: self.description.clone(),
            summary: self.summary.clone(),
            path: self.path.clone(),
            permalink: self.permalink.clone(),
            content: String::new(),
            toc: Vec::new(),
            updated: self.updated.clone(),
            tags: self.tags.clone(),
            sources: self.sources.clone(),
            extra: self.extra.clone(),
            breadcrumbs: self.breadcrumbs.clone(),
        }
    }
}

pub fn page_view(site: &Site, page: &Page, md: &RenderedMarkdown) -> PageView {
    let description = page
        .common
        .description
        .clone()
        .or_else(|| page.common.summary.clone())
        .or_else(|| md.first_paragraph.as_ref().map(|p| truncate_words(p, 30)))
        .unwrap_or_else(|| site.config.description.clone());
    PageView {
        kind: page.kind.name(),
        kind_label: page.kind.label(),
        title: page.common.title.clone(),
        description,
        summary: page.common.summary.clone(),
        path: page.path.clone(),
        permalink: site.config.absolute(&page.path),
        content: md.html.clone(),
        toc: md
            .headings
            .iter()
            .filter(|h| h.level == 2 || h.level == 3)
            .cloned()
            .collect(),
        updated: page
            .common
            .updated
            .as_ref()
            .and_then(|u| crate::model::check_date(&u.value).ok())
            .map(|d| DateView {
                iso: d.to_string(),
                human: format::human_date(d),
            }),
        tags: page
            .common
            .tags
            .iter()
            .map(|t| Link {
                title: t.value.clone(),
                path: format!("tags/{}/", slug::slugify(&t.value)),
            })
            .collect(),
        sources: page
            .common
            .sources
            .iter()
            .map(|s| SourceView {
                title: s.title.clone(),
                url: s.url.clone(),
                year: s.year,
            })
            .collect(),
        extra: page.common.extra.clone(),
        breadcrumbs: breadcrumbs(site, page),
    }
}

/// Home → sections → the page itself (the last item has the page's own path).
pub fn breadcrumbs(site: &Site, page: &Page) -> Vec<Link> {
    let mut chain = Vec::new();
    let mut current = page.parent.clone();
    while let Some(path) = current {
        match site.by_path.get(&path) {
            Some(&i) => {
                let p = &site.pages[i];
                chain.push(Link {
                    title: if p.kind == Kind::Home {
                        "Home".into()
                    } else {
                        p.common.title.clone()
                    },
                    path: p.path.clone(),
                });
                current = p.parent.clone();
            }
            None => break,
        }
    }
    chain.reverse();
    if page.kind != Kind::Home {
        chain.push(Link {
            title: page.common.title.clone(),
            path: page.path.clone(),
        });
    }
    chain
}

/// Shorten to `n` words with an ellipsis, joined with single spaces (card summaries).
pub fn truncate_words(text: &str, n: usize) -> String {
    let mut out = String::with_capacity(text.len().min(n.saturating_mul(8)));
    let mut words = text.split_whitespace();
    for (k, word) in words.by_ref().take(n).enumerate() {
        if k > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
    if words.next().is_some() {
        out.push('…');
    }
    out
}

/// One percentile on a salary chart.
#[derive(Debug, Clone, Serialize)]
pub struct SalaryPoint {
    pub key: &'static str,
    pub label: &'static str,
    pub value: String,
    pub short: String,
    pub raw: f64,
    /// Position on the chart, 0–100 (a percentage of the axis).
    pub x: f64,
    /// Whether this is the median (templates mark it without comparing strings).
    pub is_median: bool,
    /// Where its label sits: `text-anchor` and baseline `y` (see [`place_labels`]).
    pub anchor: &'static str,
    pub y: u32,
}

/// A salary, formatted, with chart positions on a scale chosen for it.
#[derive(Debug, Clone, Serialize)]
pub struct SalaryView {
    pub currency: String,
    pub period: &'static str,
    pub period_label: &'static str,
    pub year: i32,
    pub source: String,
    pub median: String,
    pub median_raw: f64,
    pub points: Vec<SalaryPoint>,
    pub low: Option<String>,
    pub high: Option<String>,
    /// The whole range in a sentence for screen readers and print.
    pub sentence: String,
    pub scale_min: String,
    pub scale_max: String,
    /// The band from the lowest to the highest percentile shown, 0–100.
    pub band_x: f64,
    pub band_width: f64,
    /// The inner band p25–p75 when both exist.
    pub iqr_x: Option<f64>,
    pub iqr_width: Option<f64>,
    pub median_x: f64,
    /// The chart's height in CSS px: more rows of labels make it taller.
    pub chart_height: u32,
}

fn point_label(key: &str) -> &'static str {
    match key {
        "p10" => "10th percentile",
        "p25" => "25th percentile",
        "median" => "Median",
        "p75" => "75th percentile",
        "p90" => "90th percentile",
        _ => "",
    }
}

/// A round scale around the figures: steps of 10,000 for annual pay, 5 for hourly.
pub fn salary_scale(lowest: f64, highest: f64, period: PayPeriod) -> (f64, f64) {
    let step = match period {
        PayPeriod::Annual => 10_000.0,
        PayPeriod::Hourly => 5.0,
    };
    let min = ((lowest * 0.92) / step).floor() * step;
    let max = ((highest * 1.04) / step).ceil() * step;
    (min.max(0.0), if max <= min { min + step } else { max })
}

/// The low and high ends of the usual range (10th and 90th percentiles, or 25th and 75th),
/// formatted.
pub fn salary_low_high(s: &Salary) -> (Option<String>, Option<String>) {
    let money = |v: f64| format::money(v, &s.currency, s.period);
    (s.p10.or(s.p25).map(money), s.p90.or(s.p75).map(money))
}

/// Formats a salary on its own scale (`scale` overrides it, for charts that compare roles).
pub fn salary_view(s: &Salary, scale: Option<(f64, f64)>) -> SalaryView {
    let pts = s.points();
    let lowest = pts.first().map(|p| p.1).unwrap_or(s.median);
    let highest = pts.last().map(|p| p.1).unwrap_or(s.median);
    let (min, max) = scale.unwrap_or_else(|| salary_scale(lowest, highest, s.period));
    let x = |v: f64| (((v - min) / (max - min)) * 1000.0).round() / 10.0;
    let money = |v: f64| format::money(v, &s.currency, s.period);
    let points: Vec<SalaryPoint> = pts
        .iter()
        .map(|(k, v)| SalaryPoint {
            key: k,
            label: point_label(k),
            value: money(*v),
            short: format::money_short(*v, &s.currency, s.period),
            raw: *v,
            x: x(*v),
            is_median: *k == "median",
            anchor: "middle",
            y: 0,
        })
        .collect();
    let mut points = points;
    let chart_height = place_labels(&mut points);
    let (low, high) = salary_low_high(s);
    let period_label = format::period_label(s.period);
    let sentence = match (&low, &high) {
        (Some(l), Some(h)) => format!(
            "Median {} {period_label}; most earn between {l} ({}) and {h} ({}).",
            money(s.median),
            if s.p10.is_some() {
                "10th percentile"
            } else {
                "25th percentile"
            },
            if s.p90.is_some() {
                "90th percentile"
            } else {
                "75th percentile"
            }
        ),
        _ => format!("Median {} {period_label}.", money(s.median)),
    };
    let (iqr_x, iqr_width) = match (s.p25, s.p75) {
        (Some(a), Some(b)) => (Some(x(a)), Some(((x(b) - x(a)) * 10.0).round() / 10.0)),
        _ => (None, None),
    };
    SalaryView {
        currency: s.currency.clone(),
        period: s.period.name(),
        period_label,
        year: s.year,
        source: s.source.clone(),
        median: money(s.median),
        median_raw: s.median,
        low,
        high,
        sentence,
        scale_min: format::money_short(min, &s.currency, s.period),
        scale_max: format::money_short(max, &s.currency, s.period),
        band_x: x(lowest),
        band_width: ((x(highest) - x(lowest)) * 10.0).round() / 10.0,
        iqr_x,
        iqr_width,
        median_x: x(s.median),
        points,
        chart_height,
    }
}

/// The narrowest axis a salary chart is drawn on, in CSS px (a 320 px wide phone), and the
/// width of one character of its 14 px labels, rounded up: labels are placed so that they do
/// not touch at that width, and so at every wider one.
const NARROW_AXIS_PX: f64 = 250.0;
const LABEL_CHAR_PX: f64 = 8.6;
const LABEL_GAP_PX: f64 = 6.0;
/// Baselines of the median's label (above the bar) and of the first row below it.
const MEDIAN_LABEL_Y: u32 = 34;
const FIRST_ROW_Y: u32 = 90;
const ROW_STEP: u32 = 18;

/// Gives each point's label a row and an anchor so that no two labels overlap on the
/// narrowest chart: the median above the bar, the others below it, each in the first row
/// where it clears the label before it; a label that would cross an end of the axis is
/// anchored at its point instead of centred on it. Returns the chart's height.
fn place_labels(points: &mut [SalaryPoint]) -> u32 {
    let mut row_ends: Vec<f64> = Vec::new();
    for p in points.iter_mut() {
        let at = p.x / 100.0 * NARROW_AXIS_PX;
        let width = p.short.chars().count() as f64 * LABEL_CHAR_PX;
        let (anchor, left) = if at - width / 2.0 < 0.0 {
            ("start", at)
        } else if at + width / 2.0 > NARROW_AXIS_PX {
            ("end", at - width)
        } else {
            ("middle", at - width / 2.0)
        };
        p.anchor = anchor;
        if p.is_median {
            p.y = MEDIAN_LABEL_Y;
            continue;
        }
        let row = match row_ends.iter().position(|&end| end + LABEL_GAP_PX <= left) {
            Some(r) => r,
            None => {
                row_ends.push(f64::NEG_INFINITY);
                row_ends.len() - 1
            }
        };
        row_ends[row] = left + width;
        p.y = FIRST_ROW_Y + ROW_STEP * row as u32;
    }
    FIRST_ROW_Y + ROW_STEP * row_ends.len().saturating_sub(1) as u32 + 8
}

#[derive(Debug, Clone, Serialize)]
pub struct OutlookView {
    pub growth: Option<String>,
    pub growth_raw: Option<f64>,
    pub period: String,
    pub openings: Option<String>,
    pub label: Option<String>,
    pub source: String,
    pub summary: String,
}

pub fn outlook_view(o: &crate::model::Outlook) -> OutlookView {
    OutlookView {
        growth: o.growth_pct.map(format::growth),
        growth_raw: o.growth_pct,
        period: o.period.clone(),
        openings: o.openings_per_year.map(format::thousands),
        label: o.label.clone(),
        source: o.source.clone(),
        summary: format::outlook_summary(o),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct LevelView {
    pub slug: &'static str,
    pub label: &'static str,
    pub path: String,
}

pub fn level_view(l: Level) -> LevelView {
    LevelView {
        slug: l.slug(),
        label: l.label(),
        path: format!("levels/{}/", l.slug()),
    }
}

/// Everything a role page shows beyond the common fields.
#[derive(Debug, Clone, Serialize)]
pub struct RoleView {
    pub level: LevelView,
    pub area: Option<Link>,
    pub education: Option<Card>,
    pub soc: Option<String>,
    pub onet_url: Option<String>,
    pub experience: Option<String>,
    pub also_called: Vec<String>,
    pub remote: Option<bool>,
    pub settings: Vec<Card>,
    pub certifications: Vec<Card>,
    pub next_roles: Vec<Card>,
    pub comes_from: Vec<Card>,
    pub pathways_out: Vec<Card>,
    pub pathways_in: Vec<Card>,
    pub salary: Option<SalaryView>,
    /// Pay by state, when `data/wages/` has a table for the role's SOC code.
    pub wages: Option<WagesView>,
    pub outlook: Option<OutlookView>,
    /// Professional bodies for this role, from `data/associations.yaml`.
    pub more_information: Vec<AssociationView>,
    /// Quick facts, industries, "pay near you" and O*NET, from `data/` (see `render::data`).
    pub data: Option<super::data::RoleDataView>,
    /// Set when the pay figure is an occupation's that other roles show too.
    pub shared_pay: Option<SharedPayView>,
}

/// A professional association, as a role page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct AssociationView {
    pub name: String,
    pub abbr: Option<String>,
    pub url: String,
    pub about: String,
}

/// A role's pay figure that other roles of the guide share (see [`crate::explore::pay`]).
#[derive(Debug, Clone, Serialize)]
pub struct SharedPayView {
    /// `BLS OEWS May 2025, national, SOC 29-2072 (Medical Records Specialists); 13 roles in
    /// this guide share this figure`.
    pub note: String,
    /// `one published figure for Medical Records Specialists, shared by 13 roles`.
    pub brief: String,
    /// The other roles, by title.
    pub others: Vec<Card>,
}

fn shared_pay_view(cards: &[Card], i: usize) -> Option<SharedPayView> {
    let g = cards[i].shared_pay.as_ref()?;
    Some(SharedPayView {
        note: g.note(),
        brief: g.in_brief(),
        others: g
            .roles
            .iter()
            .filter(|&&j| j != i)
            .map(|&j| cards[j].clone())
            .collect(),
    })
}

/// The change in median pay from role `a` to role `b`: "+$12,340 (+24%)", or, when both show
/// one occupation's figure, that the data does not separate them (never "+$0 (0%)").
pub fn pay_change(site: &Site, cards: &[Card], a: usize, b: usize) -> Option<String> {
    if let (Some(x), Some(y)) = (&cards[a].shared_pay, &cards[b].shared_pay)
        && std::sync::Arc::ptr_eq(x, y)
    {
        return Some(x.no_difference());
    }
    let salary = |i: usize| site.pages[i].role().and_then(|r| r.salary.as_ref());
    salary_change(salary(a)?, salary(b)?)
}

/// One area of a wage table, formatted, with raw values for sorting (`""` when missing).
#[derive(Debug, Clone, Serialize)]
pub struct WageRowView {
    pub area: String,
    pub employment: String,
    pub employment_sort: String,
    pub median: String,
    pub median_sort: String,
    /// `$30,250–$64,730` (10th to 90th percentile), or `—`.
    pub range: String,
    pub range_sort: String,
}

/// A role's pay by state.
#[derive(Debug, Clone, Serialize)]
pub struct WagesView {
    pub soc: String,
    pub occupation: String,
    /// `BLS OEWS May 2025`.
    pub source: String,
    pub national: Option<WageRowView>,
    pub states: Vec<WageRowView>,
    pub has_top_coded: bool,
}

pub fn wages_view(t: &crate::wages::WageTable) -> WagesView {
    use crate::datafile::Figure;
    let money = |f: Figure| match f {
        Figure::Value(v) => format::money(v, "USD", PayPeriod::Annual),
        Figure::TopCoded => "Top-coded".to_string(),
        Figure::Missing => "—".to_string(),
    };
    // Top-coded figures sort above every published one.
    let sort = |f: Figure| match f {
        Figure::Value(v) => format!("{v}"),
        Figure::TopCoded => "1e12".to_string(),
        Figure::Missing => String::new(),
    };
    let row = |r: &crate::wages::WageRow| WageRowView {
        area: r.area_name.clone(),
        employment: r
            .employment
            .map(format::thousands)
            .unwrap_or_else(|| "—".into()),
        employment_sort: r.employment.map(|e| e.to_string()).unwrap_or_default(),
        median: money(r.median),
        median_sort: sort(r.median),
        range: match (r.p10, r.p90) {
            (Figure::Missing, Figure::Missing) => "—".into(),
            (a, b) => format!("{}–{}", money(a), money(b)),
        },
        range_sort: sort(r.p10),
    };
    WagesView {
        soc: t.soc.clone(),
        occupation: t.occupation.clone(),
        source: format!("{} {}", t.source, t.release),
        national: t.national().map(row),
        states: t.states().map(row).collect(),
        has_top_coded: t
            .rows
            .iter()
            .any(|r| [r.p10, r.median, r.p90].contains(&crate::datafile::Figure::TopCoded)),
    }
}

pub fn pick(cards: &[Card], idx: &[usize]) -> Vec<Card> {
    idx.iter().map(|&i| cards[i].clone()).collect()
}

/// The career area of role page `i`, as a link to the area's page.
pub fn role_area(site: &Site, i: usize) -> Option<Link> {
    let role = site.pages[i].role()?;
    site.relations[i]
        .area
        .map(|a| {
            let area = &site.config.areas[a];
            Link {
                title: area.title.clone(),
                path: format!("areas/{}/", area.slug),
            }
        })
        .or_else(|| {
            role.area.as_ref().map(|a| Link {
                title: crate::link::humanise(&a.value),
                path: format!("areas/{}/", a.value),
            })
        })
}

pub fn role_view(site: &Site, cards: &[Card], i: usize) -> Option<RoleView> {
    let page = &site.pages[i];
    let role = page.role()?;
    let r = &site.relations[i];
    Some(RoleView {
        level: level_view(role.level),
        area: role_area(site, i),
        education: r.education.map(|e| cards[e].clone()),
        soc: role.soc.as_ref().map(|s| s.value.clone()),
        onet_url: role
            .soc
            .as_ref()
            .map(|s| format!("https://www.onetonline.org/link/summary/{}.00", s.value)),
        experience: role.experience.clone(),
        also_called: role.also_called.clone(),
        remote: role.remote,
        settings: pick(cards, &r.settings),
        certifications: pick(cards, &r.certifications),
        next_roles: pick(cards, &r.next_roles),
        comes_from: pick(cards, &r.comes_from),
        pathways_out: pick(cards, &r.pathways_out),
        pathways_in: pick(cards, &r.pathways_in),
        salary: role.salary.as_ref().map(|s| salary_view(s, None)),
        wages: site.wages.for_role(page).map(wages_view),
        outlook: role.outlook.as_ref().map(outlook_view),
        more_information: crate::associations::for_role(
            site,
            &page.slug,
            role.area.as_ref().map(|a| a.value.as_str()),
        )
        .into_iter()
        .map(|a| AssociationView {
            name: a.name.clone(),
            abbr: a.abbr.clone(),
            url: a.url.clone(),
            about: a.about.clone(),
        })
        .collect(),
        data: super::data::role_data_view(site, cards, i),
        shared_pay: shared_pay_view(cards, i),
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct SettingView {
    pub naics: Vec<String>,
    pub roles: Vec<Card>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExamView {
    pub questions: Option<u32>,
    pub minutes: Option<u32>,
    pub fee: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CertificationView {
    pub abbr: String,
    pub issuer: String,
    pub issuer_url: Option<String>,
    pub eligibility: Vec<String>,
    pub exam: Option<ExamView>,
    pub renewal_hours: Option<u32>,
    pub renewal_years: Option<u32>,
    pub education: Option<Card>,
    pub roles: Vec<Card>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EducationView {
    pub order: i64,
    pub duration: Option<String>,
    pub roles: Vec<Card>,
    pub certifications: Vec<Card>,
    pub previous: Option<Card>,
    pub next: Option<Card>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PathwayView {
    pub from: Option<Card>,
    pub to: Option<Card>,
    pub typical_time: Option<String>,
    pub steps: Vec<String>,
    /// "+$12,340 (+24%)" from the first role's median to the second's.
    pub salary_change: Option<String>,
    pub education_from: Option<Card>,
    pub education_to: Option<Card>,
    pub certifications_added: Vec<Card>,
}

/// The change between two medians, when they are comparable.
pub fn salary_change(a: &Salary, b: &Salary) -> Option<String> {
    if a.currency != b.currency || a.period != b.period || a.median <= 0.0 {
        return None;
    }
    let diff = b.median - a.median;
    let pct = diff / a.median * 100.0;
    let amount = format::money(diff.abs(), &a.currency, a.period);
    let sign = if diff >= 0.0 { "+" } else { "−" };
    Some(format!(
        "{sign}{amount} ({})",
        format::growth((pct * 10.0).round() / 10.0)
    ))
}

/// The facts of a page of one kind, as its template sees them (`null` for other pages).
/// One is made per page rendered and dropped at once, so the variants' sizes do not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum KindView {
    Role(RoleView),
    Setting(SettingView),
    Certification(CertificationView),
    Education(EducationView),
    Pathway(PathwayView),
    None,
}

impl KindView {
    /// The roles a setting, certification or education level lists (the list that grows with
    /// a guide, and is split over pages when long).
    pub fn listed_roles_mut(&mut self) -> Option<&mut Vec<Card>> {
        match self {
            KindView::Setting(v) => Some(&mut v.roles),
            KindView::Certification(v) => Some(&mut v.roles),
            KindView::Education(v) => Some(&mut v.roles),
            KindView::Role(_) | KindView::Pathway(_) | KindView::None => None,
        }
    }
}

pub fn kind_view(site: &Site, cards: &[Card], i: usize) -> KindView {
    let page = &site.pages[i];
    let r = &site.relations[i];
    match &page.facts {
        Facts::Role(_) => match role_view(site, cards, i) {
            Some(v) => KindView::Role(v),
            None => KindView::None,
        },
        Facts::Setting(s) => KindView::Setting(SettingView {
            naics: s.naics.clone(),
            roles: pick(cards, &r.roles),
        }),
        Facts::Certification(c) => KindView::Certification(CertificationView {
            abbr: c.abbr.clone(),
            issuer: c.issuer.clone(),
            issuer_url: c.issuer_url.as_ref().map(|u| u.value.clone()),
            eligibility: c.eligibility.clone(),
            exam: c.exam.as_ref().map(|e| ExamView {
                questions: e.questions,
                minutes: e.minutes,
                fee: e
                    .fee_usd
                    .map(|f| format::money(f as f64, "USD", PayPeriod::Annual)),
            }),
            renewal_hours: c.renewal.as_ref().and_then(|r| r.ce_hours),
            renewal_years: c.renewal.as_ref().and_then(|r| r.years),
            education: r.education.map(|e| cards[e].clone()),
            roles: pick(cards, &r.roles),
        }),
        Facts::Education(e) => {
            let mut levels: Vec<(i64, usize)> = site
                .pages
                .iter()
                .enumerate()
                .filter_map(|(j, p)| match &p.facts {
                    Facts::Education(f) => Some((f.order, j)),
                    _ => None,
                })
                .collect();
            levels.sort();
            let pos = levels.iter().position(|&(_, j)| j == i);
            KindView::Education(EducationView {
                order: e.order,
                duration: e.duration.clone(),
                roles: pick(cards, &r.roles),
                certifications: pick(cards, &r.certifications_needing),
                previous: pos
                    .and_then(|p| p.checked_sub(1))
                    .map(|p| cards[levels[p].1].clone()),
                next: pos
                    .and_then(|p| levels.get(p + 1))
                    .map(|&(_, j)| cards[j].clone()),
            })
        }
        Facts::Pathway(p) => {
            let from_certs: Vec<usize> = r
                .from
                .map(|f| site.relations[f].certifications.clone())
                .unwrap_or_default();
            let added: Vec<usize> =
                r.to.map(|t| {
                    site.relations[t]
                        .certifications
                        .iter()
                        .copied()
                        .filter(|c| !from_certs.contains(c))
                        .collect()
                })
                .unwrap_or_default();
            let edu = |x: Option<usize>| {
                x.and_then(|j| site.relations[j].education)
                    .map(|e| cards[e].clone())
            };
            KindView::Pathway(PathwayView {
                from: r.from.map(|f| cards[f].clone()),
                to: r.to.map(|t| cards[t].clone()),
                typical_time: p.typical_time.clone(),
                steps: p.steps.clone(),
                salary_change: match (r.from, r.to) {
                    (Some(a), Some(b)) => pay_change(site, cards, a, b),
                    _ => None,
                },
                education_from: edu(r.from),
                education_to: edu(r.to),
                certifications_added: pick(cards, &added),
            })
        }
        Facts::Article(_) | Facts::Plain => KindView::None,
    }
}

/// A section's lists.
#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    pub lists: &'static str,
    pub children: Vec<Card>,
    pub subsections: Vec<Card>,
    /// Roles sections: the children grouped by level.
    pub groups: Vec<Group>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub title: String,
    pub path: Option<String>,
    pub summary: Option<String>,
    pub cards: Vec<Card>,
    /// How many pages the group has (`cards` may show only the first few).
    pub total: usize,
}

/// Where the guide's self-assessment is: the first article that has one.
#[derive(Serialize)]
pub struct AssessmentLink {
    pub title: String,
    pub intro: Option<String>,
    /// The article's path and the assessment's anchor (`articles/fit/#assessment`).
    pub path: String,
    pub article: String,
    pub questions: usize,
}

pub fn assessment_link(site: &Site) -> Option<AssessmentLink> {
    site.pages.iter().find_map(|p| {
        let a = &p.assessment()?.value;
        Some(AssessmentLink {
            title: a
                .title
                .clone()
                .unwrap_or_else(|| "Quick self-assessment".to_string()),
            intro: a.intro.clone(),
            path: format!("{}#assessment", p.path),
            article: p.common.title.clone(),
            questions: a.questions.len(),
        })
    })
}

/// Up to `n` pathways for a front page, those that start lowest on the career ladder first
/// (a first move is what most visitors look for), in list order within a level.
pub fn featured_pathways(site: &Site, cards: &[Card], n: usize) -> Vec<Card> {
    let level_of = |role: usize| {
        site.taxonomies
            .levels
            .iter()
            .position(|t| t.pages.contains(&role))
            .unwrap_or(usize::MAX)
    };
    let mut pathways: Vec<(usize, (i64, String, String), usize)> = site
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind == Kind::Pathway)
        .map(|(i, p)| {
            let from = site.relations[i].from.map_or(usize::MAX, level_of);
            (from, p.sort_key(), i)
        })
        .collect();
    pathways.sort();
    pathways
        .into_iter()
        .take(n)
        .map(|(_, _, i)| cards[i].clone())
        .collect()
}

/// How many roles of each level a roles section shows; the level's page lists them all. A guide
/// of 10,000 roles would otherwise put every role's card on one page of many megabytes.
pub const SECTION_ROLES_PER_LEVEL: usize = 60;

pub fn section_view(site: &Site, cards: &[Card], i: usize) -> SectionView {
    let r = &site.relations[i];
    let page = &site.pages[i];
    let lists = page.lists.unwrap_or(Kind::Article);
    let groups = if lists == Kind::Role {
        site.taxonomies
            .levels
            .iter()
            .filter(|t| !t.pages.is_empty())
            .map(|t| Group {
                title: t.title.clone(),
                path: Some(t.path.clone()),
                summary: None,
                total: t.pages.len(),
                cards: pick(
                    cards,
                    &t.pages[..t.pages.len().min(SECTION_ROLES_PER_LEVEL)],
                ),
            })
            .collect()
    } else {
        Vec::new()
    };
    SectionView {
        lists: lists.name(),
        children: pick(cards, &r.children),
        subsections: pick(cards, &r.subsections),
        groups,
    }
}

/// A taxonomy term's page.
#[derive(Debug, Clone, Serialize)]
pub struct TermView {
    pub taxonomy: &'static str,
    pub taxonomy_label: &'static str,
    pub taxonomy_path: String,
    pub slug: String,
    pub title: String,
    pub summary: Option<String>,
    pub pages: Vec<Card>,
}

/// The view of one page of `term`'s page, which lists `shown` (all of the term's pages, or
/// one page's share of them).
pub fn term_view(
    taxonomy: &'static str,
    label: &'static str,
    term: &Term,
    shown: &[usize],
    cards: &[Card],
) -> TermView {
    TermView {
        taxonomy,
        taxonomy_label: label,
        taxonomy_path: format!("{taxonomy}/"),
        slug: term.slug.clone(),
        title: term.title.clone(),
        summary: term.summary.clone(),
        pages: pick(cards, shown),
    }
}

/// A taxonomy index entry.
#[derive(Debug, Clone, Serialize)]
pub struct TermSummary {
    pub title: String,
    pub path: String,
    pub summary: Option<String>,
    pub count: usize,
}

pub fn term_summaries(terms: &[Term]) -> Vec<TermSummary> {
    terms
        .iter()
        .filter(|t| !t.pages.is_empty())
        .map(|t| TermSummary {
            title: t.title.clone(),
            path: t.path.clone(),
            summary: t.summary.clone(),
            count: t.pages.len(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncated_text_keeps_the_first_words_and_marks_the_cut() {
        assert_eq!(truncate_words("one two  three\nfour", 3), "one two three…");
        assert_eq!(truncate_words("  one two ", 2), "one two");
        assert_eq!(truncate_words("one two", 0), "…");
        assert_eq!(truncate_words("", 3), "");
        assert_eq!(
            truncate_words("coders\u{a0}and\u{2003}auditors review", 3),
            "coders and auditors…"
        );
    }

    fn salary() -> Salary {
        Salary {
            currency: "USD".into(),
            period: PayPeriod::Annual,
            p10: Some(37_000.0),
            p25: Some(43_490.0),
            median: 51_140.0,
            p75: Some(64_820.0),
            p90: Some(81_150.0),
            year: 2025,
            source: "BLS".into(),
        }
    }

    #[test]
    fn salary_view_formats_and_places_every_percentile() {
        let v = salary_view(&salary(), None);
        assert_eq!(v.median, "$51,140");
        assert_eq!(v.points.len(), 5);
        assert_eq!(v.scale_min, "$30k");
        assert_eq!(v.scale_max, "$90k");
        assert!(v.points.windows(2).all(|w| w[0].x < w[1].x));
        assert!(v.points.iter().all(|p| (0.0..=100.0).contains(&p.x)));
        assert!(v.sentence.contains("$37,000") && v.sentence.contains("$81,150"));
    }

    #[test]
    fn salary_labels_close_together_go_to_separate_rows() {
        // 10th and 25th percentiles 7 % of the axis apart: too close for one row on a phone.
        let mut close = salary();
        close.p10 = Some(35_930.0);
        close.p25 = Some(38_570.0);
        let v = salary_view(&close, Some((30_000.0, 70_000.0)));
        let (p10, p25) = (&v.points[0], &v.points[1]);
        assert_ne!(p10.y, p25.y, "overlapping labels share a row");
        assert!(v.chart_height > p10.y.max(p25.y));
        // Far apart, the labels below the bar share one row; the median has its own.
        let mut spread = salary();
        (spread.p10, spread.p25, spread.median) = (Some(20_000.0), Some(60_000.0), 100_000.0);
        (spread.p75, spread.p90) = (Some(140_000.0), Some(180_000.0));
        let wide = salary_view(&spread, Some((0.0, 200_000.0)));
        let below: Vec<u32> = wide
            .points
            .iter()
            .filter(|p| !p.is_median)
            .map(|p| p.y)
            .collect();
        assert!(below.iter().all(|&y| y == below[0]));
        assert!(wide.points.iter().any(|p| p.is_median && p.y < below[0]));
    }

    #[test]
    fn salary_labels_at_the_ends_of_the_axis_stay_inside_it() {
        let v = salary_view(&salary(), Some((37_000.0, 81_150.0)));
        assert_eq!(v.points[0].anchor, "start");
        assert_eq!(v.points[4].anchor, "end");
        assert_eq!(v.points[2].anchor, "middle");
    }

    #[test]
    fn salary_change_has_sign_amount_and_percent() {
        let a = salary();
        let mut b = salary();
        b.median = 61_368.0;
        assert_eq!(salary_change(&a, &b).unwrap(), "+$10,228 (+20%)");
        assert_eq!(salary_change(&b, &a).unwrap(), "−$10,228 (−16.7%)");
    }
}
