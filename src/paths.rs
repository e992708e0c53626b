//! Paths: the site paths the generator writes itself, named once. Content may not take them
//! ([`is_reserved`]), the explorer writes its pages there, and templates and scripts read them
//! from `site.paths` (see `render::SiteView`).

use serde::Serialize;

/// The career map.
pub const MAP: &str = "map/";
/// Comparisons: the picker, and `compare/<a>/<b>/` pages.
pub const COMPARE: &str = "compare/";
/// Every route, and `routes/<from>/<to>/` pages.
pub const ROUTES: &str = "routes/";
/// The salary ranking.
pub const SALARIES: &str = "salaries/";
/// The search page.
pub const SEARCH: &str = "search/";
/// The search index's files.
pub const SEARCH_INDEX: &str = "search-index/";
/// The A–Z index.
pub const A_Z: &str = "a-z/";
/// The page file of a generated folder: `compare/` → `compare/index.html`.
pub fn index_file(folder: &str) -> String {
    format!("{folder}index.html")
}

/// The compare picker's list of roles.
pub const COMPARE_LIST: &str = "compare/roles.js";

/// Top-level names the generator writes: content may not take them.
const RESERVED: &[&str] = &[
    "levels",
    "areas",
    "tags",
    "assets",
    "schema",
    "404",
    "404.html",
    "sitemap.xml",
    "atom.xml",
    "robots.txt",
    "sw.js",
    "offline.json",
];

/// The folders above, as top-level names.
const RESERVED_FOLDERS: &[&str] = &[MAP, COMPARE, ROUTES, SALARIES, SEARCH, SEARCH_INDEX, A_Z];

/// Whether a top-level name (`map`, `sw.js`) is one the generator writes itself.
pub fn is_reserved(name: &str) -> bool {
    RESERVED.contains(&name)
        || RESERVED_FOLDERS
            .iter()
            .any(|folder| folder.trim_end_matches('/') == name)
}

/// The page comparing roles `a` and `b` (slugs).
pub fn compare_pair(a: &str, b: &str) -> String {
    format!("{COMPARE}{a}/{b}/")
}

/// The comparison of roles `a` and `b` made in the browser, for guides without pair pages.
pub fn compare_query(a: &str, b: &str) -> String {
    format!("{COMPARE}?roles={a},{b}")
}

/// The page of the route from role `from` to role `to` (slugs).
pub fn route(from: &str, to: &str) -> String {
    format!("{ROUTES}{from}/{to}/")
}

/// The `n`th shard of the compare data.
pub fn compare_shard(n: usize) -> String {
    format!("{COMPARE}roles/{n}.js")
}

/// The explorer's paths as templates and scripts see them (`site.paths`).
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash)]
pub struct ExplorerPaths {
    pub map: &'static str,
    pub compare: &'static str,
    pub routes: &'static str,
    pub salaries: &'static str,
    pub search: &'static str,
    pub search_index: &'static str,
    pub a_z: &'static str,
}

/// The paths [`ExplorerPaths`] names.
pub const EXPLORER_PATHS: ExplorerPaths = ExplorerPaths {
    map: MAP,
    compare: COMPARE,
    routes: ROUTES,
    salaries: SALARIES,
    search: SEARCH,
    search_index: SEARCH_INDEX,
    a_z: A_Z,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_folders_and_files_are_reserved() {
        for name in [
            "map", "compare", "routes", "salaries", "search", "a-z", "sw.js",
        ] {
            assert!(is_reserved(name), "{name}");
        }
        assert!(!is_reserved("roles"));
        assert!(!is_reserved("map-guide"));
        assert_eq!(compare_pair("a", "b"), "compare/a/b/");
        assert_eq!(route("a", "b"), "routes/a/b/");
    }
}
