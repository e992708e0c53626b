//! The role graph: `next_roles` as directed edges between roles, and the shortest routes
//! through it.
//!
//! Routes are computed by breadth-first search from each role, following `next_roles` in the
//! order the editor wrote them, so among routes of equal length the one through the
//! first-listed next role wins, and every build gives the same routes. A search stops once it
//! has found [`MAX_ROUTES_PER_ROLE`] destinations (the nearest ones): the number of route
//! pages then grows linearly with the number of roles however densely they are connected,
//! and a search never walks a whole 50,000-role graph from every role.

use std::collections::VecDeque;

use crate::link::Site;
use crate::model::Kind;

/// How many destinations each role gets routes (and route pages) to on `/routes/`, which only
/// a guide of at most [`MAX_STATIC_ROUTE_ROLES`](super::pages::MAX_STATIC_ROUTE_ROLES) roles
/// has. The bundled guide's best-connected role reaches 19 roles, well under it.
pub const MAX_ROUTES_PER_ROLE: usize = 40;

/// How many routes a role's own page lists, the nearest first. In a large guide most roles
/// reach dozens of others within a few steps, and forty lines naming up to eight roles each
/// buried the page (the list was longer than the page's own text, and a third of the page's
/// bytes at 10,000 roles); a dozen is what occupation sites show as related or next
/// occupations. A guide small enough for `/routes/` lists every route there.
pub const ROUTES_ON_ROLE_PAGE: usize = 12;

/// A route: page indices of the roles from start to destination (at least two).
pub type Route = Vec<usize>;

/// The roles of a site and the edges between them. Cheap to make: it only borrows the
/// site's resolved `next_roles`, so building one per page costs nothing.
pub struct RoleGraph<'a> {
    site: &'a Site,
}

impl<'a> RoleGraph<'a> {
    pub fn new(site: &'a Site) -> Self {
        RoleGraph { site }
    }

    /// Page indices of every role, in list order (weight, title).
    pub fn roles(&self) -> Vec<usize> {
        self.site.of_kind(Kind::Role)
    }

    fn next(&self, i: usize) -> &[usize] {
        &self.site.relations[i].next_roles
    }

    /// Every `next_roles` edge as (from, to), roles in list order, edges in written order.
    pub fn edges(&self) -> Vec<(usize, usize)> {
        self.roles()
            .iter()
            .flat_map(|&from| self.next(from).iter().map(move |&to| (from, to)))
            .collect()
    }

    /// The shortest route from `from` to `to`, or `None` when `to` cannot be reached.
    pub fn shortest_path(&self, from: usize, to: usize) -> Option<Route> {
        if from == to {
            return None;
        }
        self.search(from, usize::MAX, Some(to))
            .into_iter()
            .find(|r| r.last() == Some(&to))
    }

    /// Shortest routes from `from` to the roles it can reach, nearest first (ties in the
    /// order the search found them), at most `cap` of them.
    pub fn routes_from(&self, from: usize, cap: usize) -> Vec<Route> {
        self.search(from, cap, None)
    }

    /// Breadth-first search from `from`, stopping after `cap` destinations or at `target`.
    fn search(&self, from: usize, cap: usize, target: Option<usize>) -> Vec<Route> {
        let mut parent: crate::FastMap<usize, usize> = crate::FastMap::default();
        let mut queue = VecDeque::from([from]);
        let mut found: Vec<usize> = Vec::new();
        'outer: while let Some(v) = queue.pop_front() {
            for &w in self.next(v) {
                if w == from || parent.contains_key(&w) {
                    continue;
                }
                parent.insert(w, v);
                found.push(w);
                if found.len() >= cap || target == Some(w) {
                    break 'outer;
                }
                queue.push_back(w);
            }
        }
        found
            .into_iter()
            .filter(|w| target.is_none_or(|t| t == *w))
            .map(|w| {
                let mut route = vec![w];
                let mut at = w;
                while let Some(&p) = parent.get(&at) {
                    route.push(p);
                    at = p;
                }
                route.reverse();
                route
            })
            .collect()
    }
}
