//! The site header, rendered once per folder depth instead of once per page.
//!
//! Every page shows the same header (title, search box, navigation) but for two things: the
//! relative `root` of its links, which depends only on how deep the page's folder is, and
//! which navigation link is the current page. Rendered per page, it was the largest single part
//! of `base.html`; here the theme's `header.html` is rendered once per root, and once more for each page the header
//! links to (with `current` set to that page's path). `base.html` prints it with
//! `{{ site_header() }}`.
//!
//! Whether a page is linked from the header is read from the header itself (its `href`s), so
//! the theme alone decides which links the header has. A theme's `header.html` therefore sees
//! `root`, `site` and `current` (the page's path when the header links to it, else empty) and
//! nothing of the page.
//!
//! Written here rather than taken from a crate: Tera has no cached partials (Hugo's
//! `partialCached`); this is the small piece of one that the header needs.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};

/// The name templates call.
pub const FUNCTION: &str = "site_header";
/// The theme template that holds the header.
pub const TEMPLATE: &str = "header.html";

/// Registers [`FUNCTION`] on `tera` as a stand-in, so that templates calling it are valid
/// before a renderer exists ([`install`] replaces it).
pub fn register_placeholder(tera: &mut tera::Tera) {
    tera.register_function(FUNCTION, |_: tera::Kwargs, _: &tera::State| {
        Err::<tera::Value, _>(tera::Error::message(format!(
            "{FUNCTION}() is only available while pages are built"
        )))
    });
}

/// Makes [`FUNCTION`] render the header with `tera` as it is now (templates and global
/// context), caching each rendering.
pub fn install(tera: &mut tera::Tera) {
    let cache = HeaderCache {
        tera: tera.clone(),
        rendered: Mutex::default(),
    };
    tera.register_function(FUNCTION, move |_: tera::Kwargs, state: &tera::State| {
        let root: String = state.get("root")?.unwrap_or_default();
        let page: Option<tera::Value> = state.get("page")?;
        let path = page
            .as_ref()
            .and_then(|p| p.get_from_path("path"))
            .and_then(|p| p.as_str())
            .unwrap_or("");
        cache.header(&root, path)
    });
}

/// One root's header without a current page, and the pages it links to (the `href`s that
/// start with the root, without it: site paths like `roles/`).
struct Plain {
    html: tera::Value,
    paths: HashSet<String>,
}

struct HeaderCache {
    tera: tera::Tera,
    rendered: Mutex<Rendered>,
}

#[derive(Default)]
struct Rendered {
    plain: HashMap<String, Arc<Plain>>,
    /// By (root, current page's path).
    current: HashMap<(String, String), tera::Value>,
}

impl HeaderCache {
    fn header(&self, root: &str, path: &str) -> tera::TeraResult<tera::Value> {
        let plain = self.plain(root)?;
        if path.is_empty() || !plain.paths.contains(path) {
            return Ok(plain.html.clone());
        }
        let key = (root.to_string(), path.to_string());
        if let Some(html) = self.lock().current.get(&key) {
            return Ok(html.clone());
        }
        let html = self.render(root, path)?;
        self.lock().current.insert(key, html.clone());
        Ok(html)
    }

    fn plain(&self, root: &str) -> tera::TeraResult<Arc<Plain>> {
        if let Some(plain) = self.lock().plain.get(root) {
            return Ok(plain.clone());
        }
        // Rendered outside the lock: two threads may both render a new root once, and the
        // second simply replaces the first's equal result.
        let html = self.render(root, "")?;
        let paths = hrefs(html.as_str().unwrap_or(""))
            .into_iter()
            .filter_map(|href| href.strip_prefix(root).map(str::to_string))
            .collect();
        let plain = Arc::new(Plain { html, paths });
        self.lock().plain.insert(root.to_string(), plain.clone());
        Ok(plain)
    }

    fn render(&self, root: &str, current: &str) -> tera::TeraResult<tera::Value> {
        let mut ctx = tera::Context::new();
        ctx.insert("root", root);
        ctx.insert("current", current);
        let html = self.tera.render(TEMPLATE, &ctx)?;
        Ok(tera::Value::safe_string(&html))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Rendered> {
        // The maps hold finished renderings only, so a panic elsewhere cannot leave them
        // half-updated.
        self.rendered.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Every `href="…"` value in `html`, as written (the header's links are relative to `root`).
fn hrefs(html: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut rest = html;
    while let Some(at) = rest.find("href=\"") {
        rest = &rest[at + "href=\"".len()..];
        let end = rest.find('"').unwrap_or(rest.len());
        out.insert(rest[..end].to_string());
        rest = &rest[end..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tera_with(header: &str) -> tera::Tera {
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html"]);
        register_placeholder(&mut tera);
        tera.add_raw_templates(vec![
            (TEMPLATE, header),
            ("page.html", "[{{ site_header() }}]"),
        ])
        .expect("templates");
        tera
    }

    fn page(tera: &tera::Tera, root: &str, path: &str) -> String {
        let mut ctx = tera::Context::new();
        ctx.insert("root", root);
        ctx.insert("page", &serde_json::json!({ "path": path }));
        tera.render("page.html", &ctx).expect("page renders")
    }

    #[test]
    fn each_page_gets_its_roots_header_and_its_own_current_link() {
        let mut tera = tera_with(
            r#"<a href="{{ root }}">Home</a><a href="{{ root }}roles/"{% if current == "roles/" %} aria-current="page"{% endif %}>Roles & more</a>"#,
        );
        install(&mut tera);
        assert_eq!(
            page(&tera, "../../", "roles/coder/"),
            r#"[<a href="../../">Home</a><a href="../../roles/">Roles & more</a>]"#
        );
        assert_eq!(
            page(&tera, "../", "roles/"),
            r#"[<a href="../">Home</a><a href="../roles/" aria-current="page">Roles & more</a>]"#
        );
        // The same root again comes from the cache, still without a current link.
        assert_eq!(
            page(&tera, "../../", "settings/clinic/"),
            r#"[<a href="../../">Home</a><a href="../../roles/">Roles & more</a>]"#
        );
        assert_eq!(
            page(&tera, "", ""),
            r#"[<a href="">Home</a><a href="roles/">Roles & more</a>]"#
        );
    }

    #[test]
    fn without_a_renderer_the_function_is_an_error_not_a_blank() {
        let tera = tera_with("<header></header>");
        let mut ctx = tera::Context::new();
        ctx.insert("root", "");
        let err = tera.render("page.html", &ctx).expect_err("placeholder");
        assert!(format!("{err:?}").contains("site_header() is only available"));
    }

    #[test]
    fn a_header_that_fails_to_render_fails_the_page() {
        let mut tera = tera_with("{{ missing.value }}");
        install(&mut tera);
        let mut ctx = tera::Context::new();
        ctx.insert("root", "");
        ctx.insert("page", &serde_json::json!({ "path": "" }));
        assert!(tera.render("page.html", &ctx).is_err());
    }

    #[test]
    fn hrefs_are_read_as_written() {
        let found = hrefs(r#"<a href="../">x</a> <link href="../a/b/"> <a class="x" href="">"#);
        assert_eq!(
            found,
            ["../", "../a/b/", ""]
                .map(String::from)
                .into_iter()
                .collect()
        );
    }
}
