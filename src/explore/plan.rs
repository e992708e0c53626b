//! Which explorer pages a guide has: the routes and comparisons that get their own pages
//! ([`plan`]), their paths, and what a role page shows of the graph (for `serve`'s dependency
//! tracking). Analysis only: `render::explore` draws the pages.
//!
//! Which pages exist, and why they stay few:
//! - one route page per (role, reachable role), at most [`graph::MAX_ROUTES_PER_ROLE`] per
//!   role (the nearest), so their number grows linearly with the roles;
//! - one pre-rendered comparison per `next_roles` move and per pathway (both directions
//!   count once): the comparisons people ask for, linear in the moves; any other set of two
//!   to four roles is compared in the browser from `compare/roles.js`.

use std::collections::HashSet;
use std::hash::{Hash, Hasher};

use super::graph::{self, RoleGraph, Route};
use crate::link::Site;
use crate::model::Kind;
use crate::paths;

/// How many roles' comparison facts go into one shard file (`compare/roles/N.js`). A visitor's
/// comparison loads only the shards of the roles it shows, about 100 KB each; the whole data
/// is 34 MB at 50,000 roles, which no visitor should download to compare two.
pub const COMPARE_SHARD: usize = 128;

/// The explorer pages of a site.
pub struct Plan {
    /// Every role's routes, by role page index, in [`RoleGraph`] order.
    pub routes: Vec<(usize, Vec<Route>)>,
    /// Pre-rendered comparisons: (first, second) role.
    pub pairs: Vec<(usize, usize)>,
}

/// Up to this many roles, every route and every move between two roles gets its own static
/// page (the bundled guide has 28 roles, 210 routes). Above it, role pages list their routes
/// with links to the destination roles, and only pathways get a pre-rendered comparison: a page
/// per route would be dozens of pages per role (hundreds of thousands on a national guide),
/// while the compare picker and its data file cover every other pair.
pub const MAX_STATIC_ROUTE_ROLES: usize = 400;

/// Whether routes and moves get static pages (see [`MAX_STATIC_ROUTE_ROLES`]).
pub fn static_routes(site: &Site) -> bool {
    site.taxonomies
        .levels
        .iter()
        .map(|t| t.pages.len())
        .sum::<usize>()
        <= MAX_STATIC_ROUTE_ROLES
}

pub fn plan(site: &Site) -> Plan {
    let graph = RoleGraph::new(site);
    let per_page = static_routes(site);
    let routes = if per_page {
        graph
            .roles()
            .iter()
            .map(|&r| (r, graph.routes_from(r, graph::MAX_ROUTES_PER_ROLE)))
            .collect()
    } else {
        Vec::new()
    };
    let mut pairs = Vec::new();
    let mut seen: HashSet<(usize, usize)> = HashSet::new();
    let mut add = |a: usize, b: usize, pairs: &mut Vec<(usize, usize)>| {
        if a != b && seen.insert((a.min(b), a.max(b))) {
            pairs.push((a, b));
        }
    };
    for p in site.of_kind(Kind::Pathway) {
        let r = &site.relations[p];
        if let (Some(a), Some(b)) = (r.from, r.to) {
            add(a, b, &mut pairs);
        }
    }
    if per_page {
        for (a, b) in graph.edges() {
            add(a, b, &mut pairs);
        }
    }
    Plan { routes, pairs }
}

pub fn route_path(site: &Site, from: usize, to: usize) -> String {
    paths::route(&site.pages[from].slug, &site.pages[to].slug)
}

pub fn compare_path(site: &Site, a: usize, b: usize) -> String {
    paths::compare_pair(&site.pages[a].slug, &site.pages[b].slug)
}

/// Whether the site has roles, and so explorer pages.
pub fn enabled(site: &Site) -> bool {
    site.pages.iter().any(|p| p.kind == Kind::Role)
}

/// Site paths of every explorer page, for the sitemap.
pub fn page_paths(site: &Site) -> Vec<String> {
    if !enabled(site) {
        return Vec::new();
    }
    let plan = plan(site);
    let mut out = vec![
        paths::MAP.to_string(),
        paths::SALARIES.to_string(),
        paths::COMPARE.to_string(),
    ];
    if static_routes(site) {
        out.push(paths::ROUTES.to_string());
    }
    out.extend(plan.pairs.iter().map(|&(a, b)| compare_path(site, a, b)));
    for (from, routes) in &plan.routes {
        out.extend(
            routes
                .iter()
                .filter_map(|r| r.last().map(|&to| route_path(site, *from, to))),
        );
    }
    out
}

/// Every file the explorer writes (pages and data files).
pub fn files(site: &Site) -> Vec<String> {
    let mut out: Vec<String> = page_paths(site)
        .into_iter()
        .map(|p| format!("{p}index.html"))
        .collect();
    if enabled(site) {
        out.push(paths::COMPARE_LIST.into());
        // Counted, not listed: `of_kind` sorts, and only the number matters here.
        let roles = site.pages.iter().filter(|p| p.kind == Kind::Role).count();
        let shards = roles.div_ceil(COMPARE_SHARD);
        out.extend((0..shards).map(paths::compare_shard));
    }
    out
}

/// The `id` of role `i`'s group of routes on `/routes/`: `from-<slug>`.
pub fn routes_anchor(site: &Site, i: usize) -> String {
    format!("from-{}", site.pages[i].slug)
}

/// The routes a role's page lists (the nearest [`graph::ROUTES_ON_ROLE_PAGE`]), and whether
/// the role leads to more roles than that.
pub fn role_page_routes(site: &Site, i: usize) -> (Vec<Route>, bool) {
    let mut routes = RoleGraph::new(site).routes_from(i, graph::ROUTES_ON_ROLE_PAGE + 1);
    let more = routes.len() > graph::ROUTES_ON_ROLE_PAGE;
    routes.truncate(graph::ROUTES_ON_ROLE_PAGE);
    (routes, more)
}

/// What a role page shows of the graph beyond its direct neighbours, for `serve`'s
/// dependency tracking: the roles on its routes, and a number that changes when the routes do.
pub fn route_summary(site: &Site, i: usize) -> (Vec<usize>, u64) {
    if site.pages[i].kind != Kind::Role {
        return (Vec::new(), 0);
    }
    let mut h = crate::hash::hasher();
    let mut roles = Vec::new();
    let (routes, more) = role_page_routes(site, i);
    more.hash(&mut h);
    for route in routes {
        for &j in &route {
            site.pages[j].slug.hash(&mut h);
        }
        0u8.hash(&mut h);
        roles.extend(route);
    }
    roles.sort_unstable();
    roles.dedup();
    (roles, h.finish())
}
