//! The explorer's pages: `/map/`, `/routes/…`, `/compare/…` and `/salaries/`, the compare
//! data file, and what role pages add (their neighbourhood map, routes from here, links to
//! comparisons).
//!
//! Everything here is a view model with numbers already formatted by `format` (through
//! `render::view`), rendered by the theme's templates. Which pages exist is decided once by
//! [`crate::explore::plan`].

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

use rayon::prelude::*;
use serde::Serialize;

use super::paginate::{self, Paginator};
use super::view::{self, Card, Link};
use super::{
    RenderReport, Sink, base_context, context_with_crumbs, paged_context, render_list_pages,
    render_to, write,
};
use crate::diagnostics::Diagnostic;
use crate::explore::graph::{self, Route};
use crate::explore::map;
use crate::explore::plan::{
    COMPARE_SHARD, compare_path, enabled, plan, role_page_routes, route_path, routes_anchor,
    static_routes,
};
use crate::format;
use crate::link::Site;
use crate::model::{Facts, Kind, PayPeriod, Salary};
use crate::paths;
use crate::theme::Theme;

/// Width of the salary bars' coordinate system (their `viewBox`).
const BAR_W: f64 = 300.0;

/// The pay scale shared by every role paid in one currency and period, so bars on the
/// salary and compare pages can be compared by eye.
#[derive(Debug, Clone, Default)]
pub struct SalaryScales(HashMap<(String, &'static str), (f64, f64)>);

impl SalaryScales {
    pub fn new(site: &Site) -> Self {
        let mut range: HashMap<(String, &'static str), (f64, f64, PayPeriod)> = HashMap::new();
        for p in &site.pages {
            let Some(s) = p.role().and_then(|r| r.salary.as_ref()) else {
                continue;
            };
            let pts = s.points();
            let lo = pts.first().map(|p| p.1).unwrap_or(s.median);
            let hi = pts.last().map(|p| p.1).unwrap_or(s.median);
            let e = range
                .entry((s.currency.clone(), s.period.name()))
                .or_insert((lo, hi, s.period));
            e.0 = e.0.min(lo);
            e.1 = e.1.max(hi);
        }
        SalaryScales(
            range
                .into_iter()
                .map(|(k, (lo, hi, period))| (k, view::salary_scale(lo, hi, period)))
                .collect(),
        )
    }

    pub fn of(&self, s: &Salary) -> Option<(f64, f64)> {
        self.0.get(&(s.currency.clone(), s.period.name())).copied()
    }
}

/// A salary range drawn on its group's shared scale, in a `0 0 300 h` coordinate system.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SalaryBar {
    pub x: f64,
    pub w: f64,
    pub iqr_x: Option<f64>,
    pub iqr_w: Option<f64>,
    pub median_x: f64,
    pub scale_min: String,
    pub scale_max: String,
    pub sentence: String,
}

fn scaled(v: f64) -> f64 {
    (v * BAR_W / 100.0 * 10.0).round() / 10.0
}

pub fn salary_bar(s: &Salary, scales: &SalaryScales) -> SalaryBar {
    bar_of(view::salary_view(s, scales.of(s)))
}

/// The bar of a salary already formatted on its group's scale.
fn bar_of(v: view::SalaryView) -> SalaryBar {
    SalaryBar {
        x: scaled(v.band_x),
        w: scaled(v.band_width).max(1.0),
        iqr_x: v.iqr_x.map(scaled),
        iqr_w: v.iqr_width.map(scaled),
        median_x: scaled(v.median_x),
        scale_min: v.scale_min,
        scale_max: v.scale_max,
        sentence: v.sentence,
    }
}

fn salary_of(site: &Site, i: usize) -> Option<&Salary> {
    site.pages[i].role().and_then(|r| r.salary.as_ref())
}

// ---------------------------------------------------------------------------------------
// What a role page adds.

/// A route listed on a role page.
#[derive(Debug, Clone, Serialize)]
pub struct RouteLink {
    pub to: Card,
    pub path: String,
    pub steps: usize,
    /// Titles of the roles in between.
    pub via: Vec<String>,
    /// The same titles joined with commas, ready to print (cheaper than a `join` filter per
    /// route in the role page's template).
    pub via_text: String,
}

/// The explorer's part of a role page.
#[derive(Debug, Clone, Serialize)]
pub struct RoleExplore {
    /// The role's neighbourhood map as SVG ([`super::map_svg::svg`]), when it has neighbours.
    pub map_svg: Option<String>,
    /// The same map in one column, for a phone ([`super::map_stacked`]).
    pub map_svg_stacked: Option<String>,
    /// The nearest routes, at most [`graph::ROUTES_ON_ROLE_PAGE`].
    pub routes: Vec<RouteLink>,
    /// Whether the role leads to more roles than `routes` lists (the name from when the
    /// list stopped at [`graph::MAX_ROUTES_PER_ROLE`]; themes use it).
    pub routes_capped: bool,
    /// Comparisons with each next role.
    pub compare: Vec<Link>,
    /// The `id` of this role's routes on `/routes/` ([`routes_anchor`]), to link there; none
    /// when the guide has no `/routes/` ([`static_routes`]).
    pub routes_anchor: Option<String>,
}

fn route_links(site: &Site, cards: &[Card], from: usize, routes: &[Route]) -> Vec<RouteLink> {
    let route_pages = static_routes(site);
    let mut out: Vec<RouteLink> = routes
        .iter()
        .filter_map(|r| {
            let &to = r.last()?;
            let via: Vec<String> = r[1..r.len() - 1]
                .iter()
                .map(|&j| cards[j].title.clone())
                .collect();
            Some(RouteLink {
                to: cards[to].clone(),
                path: if route_pages {
                    route_path(site, from, to)
                } else {
                    cards[to].path.clone()
                },
                steps: r.len() - 1,
                via_text: via.join(", "),
                via,
            })
        })
        .collect();
    out.sort_by_cached_key(|l| (l.steps, l.to.title.to_lowercase()));
    out
}

pub fn role_explore(site: &Site, cards: &[Card], i: usize, root: &str) -> RoleExplore {
    let (routes, routes_capped) = role_page_routes(site, i);
    let route_pages = static_routes(site);
    let map = map::neighbourhood(site, i);
    RoleExplore {
        map_svg_stacked: map
            .as_ref()
            .map(|m| super::map_svg::svg(&crate::explore::map_stacked::stacked(m), root)),
        map_svg: map.map(|m| super::map_svg::svg(&m, root)),
        routes_capped,
        routes_anchor: route_pages.then(|| routes_anchor(site, i)),
        routes: route_links(site, cards, i, &routes),
        compare: site.relations[i]
            .next_roles
            .iter()
            .map(|&j| Link {
                title: cards[j].title.clone(),
                path: if route_pages {
                    compare_path(site, i, j)
                } else {
                    paths::compare_query(&site.pages[i].slug, &site.pages[j].slug)
                },
            })
            .collect(),
    }
}

// ---------------------------------------------------------------------------------------
// Route pages.

#[derive(Debug, Clone, Serialize)]
pub struct StepView {
    pub number: usize,
    pub from: Card,
    pub to: Card,
    /// The pathway page for this move, if the guide has one.
    pub pathway: Option<Card>,
    pub typical_time: Option<String>,
    /// The education the new role asks for, when it is higher than any before it.
    pub education_up: Option<Card>,
    /// Credentials the new role values that no earlier role on the route did.
    pub certifications_added: Vec<Card>,
    pub salary_change: Option<String>,
    pub compare_path: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RouteView {
    pub from: Card,
    pub to: Card,
    pub roles: Vec<Card>,
    pub steps: Vec<StepView>,
    pub salary_change: Option<String>,
    pub education_from: Option<Card>,
    pub education_to: Option<Card>,
    pub certifications_added: Vec<Card>,
    /// The browser comparison of the two ends.
    pub compare_query: String,
}

fn education_order(site: &Site, i: usize) -> Option<i64> {
    site.relations[i]
        .education
        .and_then(|e| match &site.pages[e].facts {
            Facts::Education(f) => Some(f.order),
            _ => None,
        })
}

pub fn route_view(
    site: &Site,
    cards: &[Card],
    route: &[usize],
    pairs: &HashSet<(usize, usize)>,
) -> Option<RouteView> {
    let (&from, &to) = (route.first()?, route.last()?);
    let pathways: HashMap<(usize, usize), usize> = site
        .of_kind(Kind::Pathway)
        .into_iter()
        .filter_map(|p| Some(((site.relations[p].from?, site.relations[p].to?), p)))
        .collect();
    let mut held: HashSet<usize> = site.relations[from]
        .certifications
        .iter()
        .copied()
        .collect();
    let mut best_edu = education_order(site, from);
    let mut all_added = Vec::new();
    let steps = route
        .windows(2)
        .enumerate()
        .map(|(k, w)| {
            let (a, b) = (w[0], w[1]);
            let added: Vec<usize> = site.relations[b]
                .certifications
                .iter()
                .copied()
                .filter(|c| !held.contains(c))
                .collect();
            held.extend(added.iter().copied());
            all_added.extend(added.iter().copied());
            let edu = education_order(site, b);
            let education_up = match (edu, best_edu) {
                (Some(e), Some(best)) if e > best => site.relations[b].education,
                (Some(_), None) => site.relations[b].education,
                _ => None,
            };
            if edu > best_edu {
                best_edu = edu;
            }
            let pathway = pathways.get(&(a, b)).copied();
            StepView {
                number: k + 1,
                from: cards[a].clone(),
                to: cards[b].clone(),
                pathway: pathway.map(|p| cards[p].clone()),
                typical_time: pathway.and_then(|p| match &site.pages[p].facts {
                    Facts::Pathway(f) => f.typical_time.clone(),
                    _ => None,
                }),
                education_up: education_up.map(|e| cards[e].clone()),
                certifications_added: view::pick(cards, &added),
                salary_change: view::pay_change(site, cards, a, b),
                compare_path: (pairs.contains(&(a, b)) || pairs.contains(&(b, a)))
                    .then(|| compare_path(site, a, b)),
            }
        })
        .collect();
    let edu = |i: usize| site.relations[i].education.map(|e| cards[e].clone());
    Some(RouteView {
        from: cards[from].clone(),
        to: cards[to].clone(),
        roles: view::pick(cards, route),
        steps,
        salary_change: view::pay_change(site, cards, from, to),
        education_from: edu(from),
        education_to: edu(to),
        certifications_added: view::pick(cards, &all_added),
        compare_query: paths::compare_query(&site.pages[from].slug, &site.pages[to].slug),
    })
}

// ---------------------------------------------------------------------------------------
// Comparisons.

/// A row of the comparison table: its key and label.
#[derive(Debug, Clone, Serialize)]
pub struct RowDef {
    pub key: &'static str,
    pub label: &'static str,
}

/// The rows, in order: defined once, for the pre-rendered tables and the browser's.
pub const ROWS: [RowDef; 12] = [
    RowDef {
        key: "level",
        label: "Career level",
    },
    RowDef {
        key: "area",
        label: "Career area",
    },
    RowDef {
        key: "education",
        label: "Typical education",
    },
    RowDef {
        key: "experience",
        label: "Experience",
    },
    RowDef {
        key: "certifications",
        label: "Certifications",
    },
    RowDef {
        key: "settings",
        label: "Where they work",
    },
    RowDef {
        key: "median",
        label: "Median pay",
    },
    RowDef {
        key: "range",
        label: "Pay range (10th–90th percentile)",
    },
    RowDef {
        key: "chart",
        label: "Pay range on one scale",
    },
    RowDef {
        key: "outlook",
        label: "Job outlook",
    },
    RowDef {
        key: "openings",
        label: "Openings each year",
    },
    RowDef {
        key: "remote",
        label: "Remote work",
    },
];

/// One cell: text, links, or a salary bar (or nothing: "—").
#[derive(Debug, Clone, Serialize, Default)]
pub struct Cell {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bar: Option<SalaryBar>,
}

fn text(s: impl Into<String>) -> Cell {
    Cell {
        text: Some(s.into()),
        ..Cell::default()
    }
}

/// One role as the comparison shows it.
#[derive(Debug, Clone, Serialize)]
pub struct CompareRole {
    pub slug: String,
    pub title: String,
    pub path: String,
    /// In [`ROWS`] order.
    pub cells: Vec<Cell>,
}

pub fn compare_role(
    site: &Site,
    cards: &[Card],
    scales: &SalaryScales,
    i: usize,
) -> Option<CompareRole> {
    let page = &site.pages[i];
    let role = page.role()?;
    let r = &site.relations[i];
    // Only the few facts a comparison shows, not the whole role view (lists of cards, the
    // salary chart, wages by state): this runs for every role of the site.
    let level = view::level_view(role.level);
    let outlook = role.outlook.as_ref().map(view::outlook_view);
    let salary = role.salary.as_ref();
    let link_of = |c: &Card| Link {
        title: c.abbr.clone().unwrap_or_else(|| c.title.clone()),
        path: c.path.clone(),
    };
    let cells = ROWS
        .iter()
        .map(|row| match row.key {
            "level" => Cell {
                links: vec![Link {
                    title: level.label.to_string(),
                    path: level.path.clone(),
                }],
                ..Cell::default()
            },
            "area" => Cell {
                links: view::role_area(site, i).into_iter().collect(),
                ..Cell::default()
            },
            "education" => Cell {
                links: r
                    .education
                    .map(|e| link_of(&cards[e]))
                    .into_iter()
                    .collect(),
                ..Cell::default()
            },
            "experience" => role.experience.clone().map(text).unwrap_or_default(),
            "certifications" => Cell {
                links: r
                    .certifications
                    .iter()
                    .map(|&c| link_of(&cards[c]))
                    .collect(),
                ..Cell::default()
            },
            "settings" => Cell {
                links: r.settings.iter().map(|&c| link_of(&cards[c])).collect(),
                ..Cell::default()
            },
            "median" => salary
                .map(|s| text(format::salary_median(s)))
                .unwrap_or_default(),
            "range" => salary
                .and_then(|s| match view::salary_low_high(s) {
                    (Some(low), Some(high)) => Some(format!("{low} – {high}")),
                    _ => None,
                })
                .map(text)
                .unwrap_or_default(),
            "chart" => Cell {
                bar: salary.map(|s| salary_bar(s, scales)),
                ..Cell::default()
            },
            "outlook" => outlook
                .as_ref()
                .map(|o| text(o.summary.clone()))
                .unwrap_or_default(),
            "openings" => outlook
                .as_ref()
                .and_then(|o| o.openings.clone())
                .map(text)
                .unwrap_or_default(),
            "remote" => match role.remote {
                Some(true) => text("Often possible"),
                Some(false) => text("Mostly on site"),
                None => Cell::default(),
            },
            _ => Cell::default(),
        })
        .collect();
    Some(CompareRole {
        slug: page.slug.clone(),
        title: page.common.title.clone(),
        path: page.path.clone(),
        cells,
    })
}

/// Up to this many roles, the compare page picks roles from drop-down lists of every role;
/// beyond, from text boxes that suggest roles as the visitor types (a list of thousands of
/// options is no way to find one, and four of them make a page of tens of thousands of nodes).
pub const PICK_FROM_LIST_MAX: usize = 300;

/// How the compare page picks roles among `roles` of them: `"list"` (drop-down lists) or
/// `"type"` (text boxes with suggestions), see [`PICK_FROM_LIST_MAX`].
pub fn picker(roles: usize) -> &'static str {
    if roles > PICK_FROM_LIST_MAX {
        "type"
    } else {
        "list"
    }
}

/// The compare list file, `compare/roles.js`: it sets `window.careerguideCompare` to
/// `{"rows":…,"roles":[[slug, title],…],"shards":[n,…],"default":[…],"max":…,"version":…}`:
/// the rows, every role's slug and title in role order, how many roles each shard holds (in
/// order, so a role's shard follows from its place), the default comparison (role slugs), the
/// most roles a comparison shows, the version of the shards (for their `?v=`) and the kind
/// of picker ([`picker`]) for pages whose theme has none.
pub fn compare_list_script(
    roles: &[(String, String)],
    shards: &[usize],
    default: &[String],
    version: &str,
) -> String {
    /// Typed, not `serde_json::json!`: through a JSON value every role's slug and title was
    /// copied once more (44,000 of each at 50,000 pages).
    #[derive(Serialize)]
    struct CompareList<'a> {
        rows: &'a [RowDef],
        roles: &'a [(String, String)],
        shards: &'a [usize],
        default: &'a [String],
        max: usize,
        version: &'a str,
        picker: &'static str,
    }
    let data = CompareList {
        rows: &ROWS[..],
        roles,
        shards,
        default,
        max: MAX_COMPARED,
        version,
        picker: picker(roles.len()),
    };
    let json = serde_json::to_string(&data).unwrap_or_else(|_| "null".into());
    let mut out = String::from(
        "// careerguide: the roles /compare/ can show; their facts are in compare/roles/N.js.\nwindow.careerguideCompare = ",
    );
    super::jsonld::script_safe_into(&json, &mut out);
    out.push_str(";\n");
    out
}

/// One shard file, `compare/roles/N.js`: it adds `[{"path":…,"cells":[…]},…]` (its roles, in
/// order) as `window.careerguideCompareShards[N]`.
pub fn compare_shard_script(n: usize, roles: &[CompareRole]) -> String {
    #[derive(Serialize)]
    struct ShardRole<'a> {
        path: &'a str,
        cells: &'a [Cell],
    }
    let entries: Vec<ShardRole> = roles
        .iter()
        .map(|r| ShardRole {
            path: &r.path,
            cells: &r.cells,
        })
        .collect();
    let json = serde_json::to_string(&entries).unwrap_or_else(|_| "[]".into());
    let mut out = format!(
        "(window.careerguideCompareShards = window.careerguideCompareShards || {{}})[{n}] = "
    );
    super::jsonld::script_safe_into(&json, &mut out);
    out.push_str(";\n");
    out
}

/// How many roles one comparison shows at most.
pub const MAX_COMPARED: usize = 4;

/// A comparison table as templates render it: roles across, rows down.
#[derive(Debug, Clone, Serialize)]
pub struct CompareTable {
    pub roles: Vec<Link>,
    pub rows: Vec<TableRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TableRow {
    pub key: &'static str,
    pub label: &'static str,
    pub cells: Vec<Cell>,
}

pub fn compare_table(roles: &[CompareRole]) -> CompareTable {
    CompareTable {
        roles: roles
            .iter()
            .map(|r| Link {
                title: r.title.clone(),
                path: r.path.clone(),
            })
            .collect(),
        rows: ROWS
            .iter()
            .enumerate()
            .map(|(k, row)| TableRow {
                key: row.key,
                label: row.label,
                cells: roles
                    .iter()
                    .map(|r| r.cells.get(k).cloned().unwrap_or_default())
                    .collect(),
            })
            .collect(),
    }
}

// ---------------------------------------------------------------------------------------
// The salary ranking.

#[derive(Debug, Clone, Serialize)]
pub struct SalaryRow<'a> {
    pub rank: usize,
    /// The site's cards, borrowed: a national guide ranks tens of thousands of roles.
    pub role: &'a Card,
    pub slug: String,
    pub level_label: &'static str,
    pub level_rank: usize,
    pub education: Option<&'a Card>,
    /// The education level's `order`, for sorting (0 when unknown).
    pub education_order: i64,
    pub median: String,
    pub median_raw: f64,
    pub low: Option<String>,
    pub high: Option<String>,
    pub growth: Option<String>,
    pub growth_raw: Option<f64>,
    pub bar: SalaryBar,
    /// The other roles that show this row's figure (one SOC code's): one row for all of them.
    pub shared_with: Vec<&'a Card>,
    /// Whose figure it is and how many roles share it, when it is shared
    /// ([`crate::explore::pay::SharedPay::in_brief`]).
    pub shared_note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Tick {
    pub x: f64,
    pub label: String,
}

/// Roles paid in one currency and period, ranked by median.
#[derive(Debug, Clone, Serialize)]
pub struct SalaryGroup<'a> {
    pub caption: String,
    pub ticks: Vec<Tick>,
    pub rows: Vec<SalaryRow<'a>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SalariesView<'a> {
    pub groups: Vec<SalaryGroup<'a>>,
    /// Roles without pay figures.
    pub unpaid: Vec<&'a Card>,
    pub sources: Vec<String>,
}

/// One page of the salary ranking: each group's share of the page's rows (groups follow one
/// another, so a page may end one group and begin the next). The roles without pay figures
/// are listed on the last page; the sources on every page.
#[derive(Debug, Serialize)]
pub struct SalariesPage<'v, 'a> {
    pub groups: Vec<SalaryGroupPage<'v, 'a>>,
    pub unpaid: &'v [&'a Card],
    pub sources: &'v [String],
}

#[derive(Debug, Serialize)]
pub struct SalaryGroupPage<'v, 'a> {
    pub caption: &'v str,
    pub ticks: &'v [Tick],
    pub rows: &'v [SalaryRow<'a>],
    /// How many roles the whole group ranks.
    pub total: usize,
}

impl<'a> SalariesView<'a> {
    /// The ranking split over pages of `per_page` rows (the groups' rows counted in a row).
    pub fn pages(&self, per_page: usize) -> Vec<(Paginator, SalariesPage<'_, 'a>)> {
        let lens: Vec<usize> = self.groups.iter().map(|g| g.rows.len()).collect();
        let pages = paginate::split_groups(paths::SALARIES, &lens, per_page);
        let last = pages.len();
        pages
            .into_iter()
            .map(|(paginator, slices)| {
                let groups = slices
                    .into_iter()
                    .map(|share| {
                        let g = &self.groups[share.group];
                        SalaryGroupPage {
                            caption: &g.caption,
                            ticks: &g.ticks,
                            rows: &g.rows[share.range],
                            total: g.rows.len(),
                        }
                    })
                    .collect();
                let unpaid: &[&Card] = if paginator.number == last {
                    &self.unpaid
                } else {
                    &[]
                };
                let page = SalariesPage {
                    groups,
                    unpaid,
                    sources: &self.sources,
                };
                (paginator, page)
            })
            .collect()
    }
}

fn ticks(min: f64, max: f64, s: &Salary) -> Vec<Tick> {
    let steps: &[f64] = match s.period {
        PayPeriod::Annual => &[10_000.0, 20_000.0, 25_000.0, 50_000.0, 100_000.0, 250_000.0],
        PayPeriod::Hourly => &[5.0, 10.0, 20.0, 50.0],
    };
    let step = steps
        .iter()
        .copied()
        .find(|st| (max - min) / st <= 6.0)
        .unwrap_or(steps[steps.len() - 1]);
    let mut out = Vec::new();
    let mut v = (min / step).ceil() * step;
    while v <= max + 1e-9 {
        out.push(Tick {
            x: ((v - min) / (max - min) * BAR_W * 10.0).round() / 10.0,
            label: format::money_short(v, &s.currency, s.period),
        });
        v += step;
    }
    out
}

/// The ranking's rows: each role, except that roles showing one shared figure (one SOC code's)
/// make one row, under the first of them, with the others listed.
fn one_row_per_figure(cards: &[Card], members: Vec<usize>) -> Vec<(usize, Vec<usize>)> {
    let mut rows: Vec<(usize, Vec<usize>)> = Vec::with_capacity(members.len());
    let mut row_of_figure: HashMap<*const crate::explore::pay::SharedPay, usize> = HashMap::new();
    for i in members {
        let Some(g) = &cards[i].shared_pay else {
            rows.push((i, Vec::new()));
            continue;
        };
        match row_of_figure.get(&std::sync::Arc::as_ptr(g)) {
            Some(&row) => rows[row].1.push(i),
            None => {
                row_of_figure.insert(std::sync::Arc::as_ptr(g), rows.len());
                rows.push((i, Vec::new()));
            }
        }
    }
    rows
}

/// Every role with pay figures, ranked by median pay (highest first; ties by title), grouped
/// by currency and period.
pub fn salaries_view<'a>(
    site: &Site,
    cards: &'a [Card],
    scales: &SalaryScales,
) -> SalariesView<'a> {
    let mut groups: Vec<(String, &'static str, Vec<usize>)> = Vec::new();
    let mut unpaid = Vec::new();
    let mut sources: Vec<String> = Vec::new();
    // A national guide names a source per occupation: look them up, not along the list.
    let mut seen_sources = std::collections::HashSet::new();
    for i in site.of_kind(Kind::Role) {
        match salary_of(site, i) {
            Some(s) => {
                if seen_sources.insert(s.source.as_str()) {
                    sources.push(s.source.clone());
                }
                let key = s.period.name();
                match groups.iter_mut().find(|g| g.0 == s.currency && g.1 == key) {
                    Some(g) => g.2.push(i),
                    None => groups.push((s.currency.clone(), key, vec![i])),
                }
            }
            None => unpaid.push(&cards[i]),
        }
    }
    // The largest group first.
    groups.sort_by_key(|g| std::cmp::Reverse(g.2.len()));
    let groups = groups
        .into_iter()
        .filter_map(|(currency, period, mut members)| {
            // By title first (each lower-cased once, not once per comparison), then by median:
            // the second sort is stable, so equal medians stay in title order.
            members.sort_by_cached_key(|&i| cards[i].title.to_lowercase());
            let median = |i: usize| salary_of(site, i).map(|s| s.median).unwrap_or(0.0);
            members.sort_by(|&a, &b| median(b).total_cmp(&median(a)));
            let first = salary_of(site, *members.first()?)?;
            let (min, max) = scales.of(first)?;
            let rows = one_row_per_figure(cards, members)
                .into_iter()
                .enumerate()
                .filter_map(|(k, (i, shared_with))| {
                    let s = salary_of(site, i)?;
                    let role = site.pages[i].role()?;
                    // The group's scale is every member's scale (same currency and period).
                    let sv = view::salary_view(s, Some((min, max)));
                    let outlook = role.outlook.as_ref();
                    Some(SalaryRow {
                        rank: k + 1,
                        role: &cards[i],
                        slug: site.pages[i].slug.clone(),
                        level_label: role.level.label(),
                        level_rank: role.level.rank(),
                        education: site.relations[i].education.map(|e| &cards[e]),
                        education_order: education_order(site, i).unwrap_or(0),
                        median: sv.median.clone(),
                        median_raw: s.median,
                        low: sv.low.clone(),
                        high: sv.high.clone(),
                        growth: outlook.and_then(|o| o.growth_pct).map(format::growth),
                        growth_raw: outlook.and_then(|o| o.growth_pct),
                        bar: bar_of(sv),
                        shared_with: shared_with.iter().map(|&j| &cards[j]).collect(),
                        shared_note: cards[i].shared_pay.as_ref().map(|g| g.in_brief()),
                    })
                })
                .collect();
            Some(SalaryGroup {
                caption: format!(
                    "Pay {} in {currency}, roles ranked by median",
                    format::period_label(if period == "hourly" {
                        PayPeriod::Hourly
                    } else {
                        PayPeriod::Annual
                    })
                ),
                ticks: ticks(min, max, first),
                rows,
            })
        })
        .collect();
    SalariesView {
        groups,
        unpaid,
        sources,
    }
}

// ---------------------------------------------------------------------------------------
// The map page.

/// One role in the map's text version.
#[derive(Debug, Clone, Serialize)]
pub struct MapEntry {
    pub role: Card,
    pub next: Vec<Card>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MapLevel {
    pub title: String,
    pub path: String,
    pub roles: Vec<MapEntry>,
}

/// One level's share of a page of the map's list.
#[derive(Debug, Serialize)]
pub struct MapLevelPage<'v> {
    pub title: &'v str,
    pub path: &'v str,
    pub roles: &'v [MapEntry],
    /// Whether the level began on an earlier page.
    pub continued: bool,
}

fn map_list(site: &Site, cards: &[Card]) -> Vec<MapLevel> {
    site.taxonomies
        .levels
        .iter()
        .filter(|t| !t.pages.is_empty())
        .map(|t| MapLevel {
            title: t.title.clone(),
            path: t.path.clone(),
            roles: t
                .pages
                .iter()
                .map(|&i| MapEntry {
                    role: cards[i].clone(),
                    next: view::pick(cards, &site.relations[i].next_roles),
                })
                .collect(),
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Rendering.

/// Writes the comparison data: every role's facts in shards of [`COMPARE_SHARD`] roles
/// (`compare/roles/N.js`, made and written side by side, never all held at once), then the
/// list of roles (`compare/roles.js`). Both are scripts, so that a page opened from disk can
/// load them too. Returns the data's version (of every shard and of the list), which the list
/// gives the shards' addresses and the compare pages the list's, so that changed data is
/// never taken from a cache.
fn write_compare_data(
    site: &Site,
    cards: &[Card],
    scales: &SalaryScales,
    role_order: &[usize],
    default: &[String],
    sink: &dyn Sink,
    report: &mut RenderReport,
) -> String {
    let shards: Vec<_> = role_order
        .par_chunks(COMPARE_SHARD)
        .enumerate()
        .map(|(n, chunk)| {
            let roles: Vec<CompareRole> = chunk
                .iter()
                .filter_map(|&i| compare_role(site, cards, scales, i))
                .collect();
            let script = compare_shard_script(n, &roles);
            let mut hasher = crate::hash::hasher();
            script.hash(&mut hasher);
            let mut local = RenderReport::default();
            write(
                sink,
                &paths::compare_shard(n),
                script.as_bytes(),
                &mut local,
            );
            let names: Vec<(String, String)> =
                roles.into_iter().map(|r| (r.slug, r.title)).collect();
            (names, hasher.finish(), local)
        })
        .collect();
    let mut hasher = crate::hash::hasher();
    let mut names = Vec::with_capacity(role_order.len());
    let mut counts = Vec::with_capacity(shards.len());
    for (shard_names, hash, local) in shards {
        hash.hash(&mut hasher);
        counts.push(shard_names.len());
        names.extend(shard_names);
        report.diagnostics.extend(local.diagnostics);
    }
    // The list's own contents too: a role renamed changes the list, not its shard.
    names.hash(&mut hasher);
    default.hash(&mut hasher);
    let version = format!("{:08x}", hasher.finish() as u32);
    let list = compare_list_script(&names, &counts, default, &version);
    write(sink, paths::COMPARE_LIST, list.as_bytes(), report);
    version
}

/// Renders every explorer page and the compare data file.
pub fn render(
    site: &Site,
    tera: &tera::Tera,
    theme: &Theme,
    cards: &[Card],
    sink: &dyn Sink,
    report: &mut RenderReport,
) {
    if !enabled(site) {
        return;
    }
    let pages = ExplorerPages {
        site,
        tera,
        theme,
        cards,
        sink,
        plan: plan(site),
        scales: SalaryScales::new(site),
    };
    // The map and the salaries page are each one long piece of work; the comparisons and the
    // routes are many short ones: all side by side.
    let ((map, salaries), (comparisons, routes)) = rayon::join(
        || rayon::join(|| pages.map(), || pages.salaries()),
        || rayon::join(|| pages.comparisons(), || pages.routes()),
    );
    for diagnostics in [map, salaries, comparisons, routes] {
        report.diagnostics.extend(diagnostics);
    }
}

/// What every explorer page is rendered from.
struct ExplorerPages<'a> {
    site: &'a Site,
    tera: &'a tera::Tera,
    theme: &'a Theme,
    cards: &'a [Card],
    sink: &'a dyn Sink,
    plan: crate::explore::plan::Plan,
    scales: SalaryScales,
}

/// Home, then `items` (title, path).
fn crumbs(items: &[(&str, &str)]) -> Vec<Link> {
    std::iter::once(Link {
        title: "Home".into(),
        path: String::new(),
    })
    .chain(items.iter().map(|(t, p)| Link {
        title: t.to_string(),
        path: p.to_string(),
    }))
    .collect()
}

impl ExplorerPages<'_> {
    /// `/map/`: the drawn map with its list, or the list alone split over pages.
    fn map(&self) -> Vec<Diagnostic> {
        let (site, tera, theme, cards, sink) =
            (self.site, self.tera, self.theme, self.cards, self.sink);
        let drawn = map::career_map(site);
        let list = map_list(site, cards);
        // A drawn map keeps its list (the drawing's text alternative) on its page; a guide too
        // large to draw lists every role, split over pages like any long list.
        let per_page = if drawn.is_some() {
            usize::MAX
        } else {
            site.config.paginate_by
        };
        let lens: Vec<usize> = list.iter().map(|l| l.roles.len()).collect();
        let pages = paginate::split_groups(paths::MAP, &lens, per_page);
        render_list_pages(
            tera,
            theme,
            sink,
            "map.html",
            &pages,
            |paginator, slices| {
                let mut ctx = paged_context(
                    site,
                    paths::MAP,
                    "Career map",
                    "Every role in the guide by career level and area, with the moves people usually make between them.",
                    paginator,
                );
                let levels: Vec<MapLevelPage> = slices
                    .iter()
                    .map(|share| {
                        let level = &list[share.group];
                        MapLevelPage {
                            title: &level.title,
                            path: &level.path,
                            roles: &level.roles[share.range.clone()],
                            continued: share.continued,
                        }
                    })
                    .collect();
                let svg = drawn
                    .as_ref()
                    .map(|m| super::map_svg::svg(m, &super::root_for(&paginator.path)));
                ctx.insert("map_svg", &svg);
                ctx.insert("map_list", &levels);
                ctx.insert("max_map_roles", &map::MAX_MAP_ROLES);
                ctx
            },
        )
    }

    /// `/salaries/`: every role ranked by median pay.
    fn salaries(&self) -> Vec<Diagnostic> {
        let (site, tera, theme, cards, sink) =
            (self.site, self.tera, self.theme, self.cards, self.sink);
        let view = salaries_view(site, cards, &self.scales);
        // A national guide ranks tens of thousands of roles: its pages render side by side.
        let pages = view.pages(site.config.paginate_by);
        render_list_pages(
            tera,
            theme,
            sink,
            "salaries.html",
            &pages,
            |paginator, page| {
                let mut ctx = paged_context(
                    site,
                    paths::SALARIES,
                    "Salaries compared",
                    "Every role's pay, ranked by median, with the range most people earn on one shared scale.",
                    paginator,
                );
                ctx.insert("salaries", page);
                ctx
            },
        )
    }

    /// `/compare/`: the data files, the picker page with a default table, and the pair pages.
    fn comparisons(&self) -> Vec<Diagnostic> {
        let (site, tera, theme, cards, sink) =
            (self.site, self.tera, self.theme, self.cards, self.sink);
        let mut local = RenderReport::default();
        let report = &mut local;
        let role_order = site.of_kind(Kind::Role);
        let default_roles: Vec<usize> = match self.plan.pairs.first() {
            Some(&(a, b)) => vec![a, b],
            None => role_order.iter().take(2).copied().collect(),
        };
        let default: Vec<String> = default_roles
            .iter()
            .map(|&i| site.pages[i].slug.clone())
            .collect();
        let data_version = write_compare_data(
            site,
            cards,
            &self.scales,
            &role_order,
            &default,
            sink,
            report,
        );
        let pair_links: Vec<serde_json::Value> = self
            .plan
            .pairs
            .iter()
            .map(|&(a, b)| {
                serde_json::json!({
                    "path": compare_path(site, a, b),
                    "a": cards[a].title,
                    "b": cards[b].title,
                })
            })
            .collect();
        let table_of = |roles: &[usize]| -> CompareTable {
            let picked: Vec<CompareRole> = roles
                .iter()
                .filter_map(|&i| compare_role(site, cards, &self.scales, i))
                .collect();
            compare_table(&picked)
        };
        let ctx = base_context(
            site,
            paths::COMPARE,
            "Compare roles",
            "Two to four roles side by side: level, education, credentials, settings, pay, outlook and remote work.",
        );
        // The picker page and every pair page: one template, told which roles it shows.
        let compare_index = paths::index_file(paths::COMPARE);
        let render_compare = |mut ctx: tera::Context,
                              roles: &[usize],
                              pairs: &[&serde_json::Value],
                              out: &str,
                              report: &mut RenderReport| {
            let selected: Vec<&str> = roles.iter().map(|&i| site.pages[i].slug.as_str()).collect();
            ctx.insert("table", &table_of(roles));
            ctx.insert("selected", &selected.join(","));
            ctx.insert("pairs", pairs);
            ctx.insert("max_compared", &MAX_COMPARED);
            ctx.insert("data_version", &data_version);
            ctx.insert("picker", picker(role_order.len()));
            ctx.insert("is_index", &(out == compare_index));
            render_to(tera, theme, "compare.html", &ctx, sink, out, report);
        };
        let every_pair: Vec<&serde_json::Value> = pair_links.iter().collect();
        render_compare(ctx, &default_roles, &every_pair, &compare_index, report);
        // Each pair page links only to the other comparisons of its two roles: the full list
        // is on /compare/ (repeating it would make every page as long as the guide).
        let pair_diags: Vec<Diagnostic> = self
            .plan
            .pairs
            .par_iter()
            .flat_map_iter(|&(a, b)| {
                let mut local = RenderReport::default();
                let path = compare_path(site, a, b);
                let title = format!("{} and {} compared", cards[a].title, cards[b].title);
                let ctx = context_with_crumbs(
                    site,
                    &path,
                    &title,
                    &format!(
                        "{} and {} side by side: level, education, credentials, pay and outlook.",
                        cards[a].title, cards[b].title
                    ),
                    crumbs(&[("Compare roles", paths::COMPARE), (&title, &path)]),
                );
                let related: Vec<&serde_json::Value> = self
                    .plan
                    .pairs
                    .iter()
                    .zip(&pair_links)
                    .filter(|((x, y), _)| {
                        (*x, *y) != (a, b) && [a, b].iter().any(|r| r == x || r == y)
                    })
                    .map(|(_, link)| link)
                    .collect();
                render_compare(
                    ctx,
                    &[a, b],
                    &related,
                    &format!("{path}index.html"),
                    &mut local,
                );
                local.diagnostics
            })
            .collect();
        report.diagnostics.extend(pair_diags);

        local.diagnostics
    }

    /// `/routes/` and a page per route, when the guide is small enough to have them.
    fn routes(&self) -> Vec<Diagnostic> {
        let (site, tera, theme, cards, sink) =
            (self.site, self.tera, self.theme, self.cards, self.sink);
        let mut local = RenderReport::default();
        let report = &mut local;
        if static_routes(site) {
            let pairs: HashSet<(usize, usize)> = self.plan.pairs.iter().copied().collect();
            /// One role's routes (typed, so that Tera takes the card's ready value).
            #[derive(Serialize)]
            struct RoleRoutes<'a> {
                role: &'a Card,
                /// The group's `id` ([`routes_anchor`]).
                anchor: String,
                routes: Vec<RouteLink>,
            }
            let index: Vec<RoleRoutes> = self
                .plan
                .routes
                .iter()
                .filter(|(_, r)| !r.is_empty())
                .map(|(from, routes)| RoleRoutes {
                    role: &cards[*from],
                    anchor: routes_anchor(site, *from),
                    routes: route_links(site, cards, *from, routes),
                })
                .collect();
            let mut ctx = base_context(
                site,
                paths::ROUTES,
                "Career routes",
                "From every role, the shortest way to each role it can lead to, step by step.",
            );
            ctx.insert("index", &index);
            ctx.insert("max_routes", &graph::MAX_ROUTES_PER_ROLE);
            render_to(
                tera,
                theme,
                "routes.html",
                &ctx,
                sink,
                &paths::index_file(paths::ROUTES),
                report,
            );
            let all: Vec<(usize, &Route)> = self
                .plan
                .routes
                .iter()
                .flat_map(|(from, routes)| routes.iter().map(move |r| (*from, r)))
                .collect();
            let route_diags: Vec<Diagnostic> = all
                .par_iter()
                .flat_map_iter(|&(from, route)| {
                    let mut local = RenderReport::default();
                    if let (Some(rv), Some(&to)) = (route_view(site, cards, route, &pairs), route.last()) {
                        let path = route_path(site, from, to);
                        let title = format!("From {} to {}", rv.from.title, rv.to.title);
                        let steps = route.len() - 1;
                        let mut ctx = context_with_crumbs(
                            site,
                            &path,
                            &title,
                            &format!(
                                "The shortest route from {} to {}: {steps} step{}, with the credentials, education and pay change along the way.",
                                rv.from.title,
                                rv.to.title,
                                if steps == 1 { "" } else { "s" }
                            ),
                            crumbs(&[("Career routes", paths::ROUTES), (&title, &path)]),
                        );
                        ctx.insert("route", &rv);
                        render_to(tera, theme, "route.html", &ctx, sink, &format!("{path}index.html"), &mut local);
                    }
                    local.diagnostics
                })
                .collect();
            report.diagnostics.extend(route_diags);
        }

        local.diagnostics
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The value a data script assigns, after its comment line.
    fn assigned(script: &str, prefix: &str) -> serde_json::Value {
        let line = script
            .lines()
            .find_map(|l| l.strip_prefix(prefix))
            .expect(prefix);
        serde_json::from_str(line.strip_suffix(';').expect(";")).expect("JSON")
    }

    /// The list script assigns one JSON value holding the rows, every role as [slug, title]
    /// in order, the shard sizes, the default, the most roles shown, the version and the
    /// picker; text that would end a script or a string stays inside it.
    #[test]
    fn the_compare_list_script_assigns_the_whole_list() {
        let roles = vec![
            ("a".to_string(), "A</script><b>".to_string()),
            ("b".to_string(), "B \"q\"\u{2028}".to_string()),
        ];
        let default = vec!["a".to_string(), "quote\"d</script>".to_string()];
        let script = compare_list_script(&roles, &[2], &default, "v1");
        assert!(!script.contains("</script"));
        let json = assigned(&script, "window.careerguideCompare = ");
        assert_eq!(json["rows"], serde_json::to_value(&ROWS[..]).unwrap());
        assert_eq!(
            json["roles"],
            serde_json::json!([["a", "A</script><b>"], ["b", "B \"q\"\u{2028}"]])
        );
        assert_eq!(json["shards"], serde_json::json!([2]));
        assert_eq!(json["default"], serde_json::json!(default));
        assert_eq!(json["max"], MAX_COMPARED);
        assert_eq!(json["version"], "v1");
        assert_eq!(json["picker"], "list");
        assert_eq!(picker(PICK_FROM_LIST_MAX), "list");
        assert_eq!(picker(PICK_FROM_LIST_MAX + 1), "type");
        let shard = compare_shard_script(
            7,
            &[CompareRole {
                slug: "a".into(),
                title: "A".into(),
                path: "roles/a/".into(),
                cells: vec![Cell::default()],
            }],
        );
        let json = assigned(
            &shard,
            "(window.careerguideCompareShards = window.careerguideCompareShards || {})[7] = ",
        );
        assert_eq!(json[0]["path"], "roles/a/");
        assert_eq!(json[0]["cells"].as_array().map(Vec::len), Some(1));
    }

    /// A sink that keeps what it is given, and fails for one path: when the file is opened
    /// (`at_open`) or after its bytes are made.
    struct FailingSink {
        failing: &'static str,
        at_open: bool,
        kept: std::sync::Mutex<HashMap<String, Vec<u8>>>,
    }

    impl Sink for FailingSink {
        fn put(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
            if rel == self.failing {
                return Err(std::io::Error::other("disk full"));
            }
            let mut kept = self
                .kept
                .lock()
                .map_err(|_| std::io::Error::other("poisoned"))?;
            kept.insert(rel.to_string(), bytes.to_vec());
            Ok(())
        }

        fn put_with(
            &self,
            rel: &str,
            fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
        ) -> std::io::Result<()> {
            if rel == self.failing && self.at_open {
                return Err(std::io::Error::other("cannot open"));
            }
            let mut bytes = Vec::new();
            fill(&mut bytes)?;
            self.put(rel, &bytes)
        }
    }

    /// A shard or the list that cannot be written is reported under its own name, and the
    /// other files are still written whole.
    #[test]
    fn each_compare_data_file_reports_its_own_failure() {
        // The stages below rendering, by hand (the pipeline sits above this module).
        let root = std::path::Path::new("tests/fixtures/explorer");
        let config = crate::config::SiteConfig::load(root, None).expect("site.yaml");
        let (loaded, _) =
            crate::load::load_content(root, &root.join("content"), crate::load::Bodies::All);
        let mut pages: Vec<crate::model::Page> = loaded
            .pages
            .into_iter()
            .map(|s| crate::model::parse_page(s).expect("a fixture page"))
            .collect();
        let _ = crate::wages::apply(root, &mut pages);
        let (linked, diags) =
            crate::link::link(config, pages, loaded.assets, false, &Default::default());
        assert!(diags.is_empty(), "fixture does not link: {diags:?}");
        let site = &linked;
        let cards = super::view::cards(site);
        let scales = SalaryScales::new(site);
        let roles = site.of_kind(Kind::Role);
        assert!(roles.len() > 2, "the fixture has roles to compare");
        let default = vec![site.pages[roles[0]].slug.clone()];
        let run = |failing: &'static str, at_open: bool| {
            let sink = FailingSink {
                failing,
                at_open,
                kept: Default::default(),
            };
            let mut report = RenderReport::default();
            let version =
                write_compare_data(site, &cards, &scales, &roles, &default, &sink, &mut report);
            let kept = sink.kept.into_inner().unwrap();
            let failed: Vec<String> = report
                .diagnostics
                .iter()
                .map(|d| d.message.clone())
                .collect();
            (kept, failed, version)
        };
        let (whole, failed, version) = run("nothing", false);
        assert!(failed.is_empty(), "{failed:?}");
        let list = std::str::from_utf8(&whole["compare/roles.js"]).unwrap();
        let list = assigned(list, "window.careerguideCompare = ");
        assert_eq!(list["roles"].as_array().map(Vec::len), Some(roles.len()));
        assert_eq!(list["version"], version.as_str());
        assert!(whole["compare/roles/0.js"].ends_with(b";\n"));

        for (failing, at_open) in [
            ("compare/roles.js", false),
            ("compare/roles/0.js", false),
            ("compare/roles/0.js", true),
        ] {
            let (kept, failed, _) = run(failing, at_open);
            assert_eq!(failed.len(), 1, "{failed:?}");
            assert!(failed[0].contains(failing), "{failed:?}");
            assert!(!kept.contains_key(failing));
            for (rel, bytes) in &whole {
                if rel != failing {
                    assert_eq!(&kept[rel], bytes, "{rel} is whole when {failing} fails");
                }
            }
        }
    }
}
