//! Render: Markdown bodies and Tera templates to the files of the site.
//!
//! A [`Renderer`] holds what every page of one linked site shares (the Tera instance with the
//! site-wide context, every page's card). Pages render in parallel (rayon): for each page the
//! body goes through `markdown`, its view model is built (`view`), the kind's template is
//! rendered and the HTML is handed straight to a [`Sink`], so memory stays flat however large
//! the site. Each page also yields the anchors and ids it defines (for the `#anchor` check)
//! and whatever the caller makes of its rendered Markdown (the pipeline makes its search
//! document). List, taxonomy, feed, sitemap and explorer pages render from the front-matter
//! alone. Which pages render when, and what happens to their results, is `pipeline`'s job.

pub mod assessment;
pub mod data;
pub mod explore;
mod header;
pub mod jsonld;
pub mod map_svg;
pub mod offline;
pub mod paginate;
pub mod view;

use std::collections::HashSet;
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::link::Site;
use crate::markdown::{self, LinkResolver};
use crate::model::{Kind, Level};
use crate::paths;
use crate::sink::Sink;
use crate::theme::{Origin, Theme};

use paginate::Paginator;
use view::{Card, Link};

/// What rendering produced besides the files.
#[derive(Debug, Default)]
pub struct RenderReport {
    pub diagnostics: Vec<Diagnostic>,
    /// Links to other sites and raw HTML, by page index, for `check`.
    pub external_links: Vec<(usize, markdown::ExternalLink)>,
    pub raw_html: Vec<(usize, markdown::RawHtml)>,
}

impl RenderReport {
    /// Reports why the file at `rel` could not be written, if it could not.
    fn check_write(&mut self, rel: &str, written: std::io::Result<()>) {
        self.diagnostics
            .extend(written.err().map(|e| write_error(rel, &e)));
    }
}

/// The problem of a file at `rel` that could not be written.
fn write_error(rel: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error("write", format!("cannot write /{rel}: {e}"))
}

/// The site-wide values every template sees as `site`.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub language: String,
    pub base_url: String,
    pub base_path: String,
    pub nav: Vec<Link>,
    /// Career areas and levels (titles and paths; counts are on the list pages).
    pub areas: Vec<Link>,
    pub levels: Vec<Link>,
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// Changes whenever the theme's assets change, for cache-busting and the service worker.
    pub asset_version: String,
    pub generator: String,
    pub has_search: bool,
    /// Whether the explorer pages (map, compare, salaries) exist: the site has roles.
    pub has_explorer: bool,
    /// Whether `/routes/` (every route, each with its own page) exists: a small guide's
    /// explorer has it, a large one's role pages list their nearest routes only.
    pub has_routes_page: bool,
    /// The site paths the generator writes itself (`site.paths.map` is `map/`).
    pub paths: crate::paths::ExplorerPaths,
    /// The paths the theme's scripts use, as JSON (`data-paths` on every page's body).
    pub paths_json: String,
    /// `base_url` is a placeholder (`https://example.org/`): templates leave out absolute
    /// addresses such as the canonical link.
    pub placeholder_url: bool,
}

/// Sets up Tera with the theme's templates. Template syntax errors come back as diagnostics.
pub fn setup_tera(theme: &Theme) -> Result<tera::Tera, Vec<Diagnostic>> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html", ".xml", ".htm"]);
    header::register_placeholder(&mut tera);
    let templates: Vec<(String, String)> = theme
        .templates
        .iter()
        .map(|(n, (t, _))| (n.clone(), t.clone()))
        .collect();
    tera.add_raw_templates(templates)
        .map_err(|e| vec![tera_diagnostic(&e, theme)])?;
    Ok(tera)
}

/// Turns a Tera error into a diagnostic pointing into the template file.
pub fn tera_diagnostic(err: &tera::Error, theme: &Theme) -> Diagnostic {
    match err.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let name = report.filename();
            let (shown, source): (PathBuf, Option<&str>) = match theme.templates.get(name) {
                Some((text, Origin::File(p))) => (p.clone(), Some(text.as_str())),
                Some((text, Origin::Embedded)) => (
                    PathBuf::from(format!("(built-in theme) templates/{name}")),
                    Some(text.as_str()),
                ),
                None => (PathBuf::from(format!("templates/{name}")), None),
            };
            let span = report.span();
            let code = if matches!(err.kind(), tera::ErrorKind::SyntaxError(_)) {
                "template-syntax"
            } else {
                "template-render"
            };
            let mut d = Diagnostic::error(code, report.message().to_string()).in_file(shown);
            if let Some(text) = source {
                let width = if span.end_line == span.start_line {
                    span.end_col.saturating_sub(span.start_col).max(1)
                } else {
                    1
                };
                d = d.at(text, span.start_line.max(1), span.start_col + 1, width);
            }
            let help = if report.message().contains("not defined")
                || report.message().contains("not found")
            {
                "check the variable's name against the view model in docs/themes.md; use `x?.y` or `{% if x %}` for values that may be missing"
            } else {
                "fix the template syntax at this point"
            };
            d.help(help)
        }
        other => {
            Diagnostic::error("template", other.to_string()).help("check the theme's templates")
        }
    }
}

/// The relative way from a page's folder back to the site root.
pub fn root_for(path: &str) -> String {
    let depth = path.matches('/').count();
    if depth == 0 {
        "./".to_string()
    } else {
        "../".repeat(depth)
    }
}

struct SiteLinks<'a> {
    site: &'a Site,
    drafts: &'a HashSet<String>,
    assets: &'a HashSet<String>,
    /// Pages that exist but failed to load (their errors are reported already): links to
    /// them are not reported again.
    unparsed: Option<&'a HashSet<String>>,
}

impl LinkResolver for SiteLinks<'_> {
    fn page_path(&self, content_path: &str) -> Option<String> {
        self.site
            .by_content_path
            .get(content_path)
            .map(|&i| self.site.pages[i].path.clone())
            .or_else(|| {
                // A folder's section page may be generated (no _index.md written).
                let folder = content_path.strip_suffix("_index.md")?;
                self.site
                    .by_path
                    .get(folder)
                    .map(|&i| self.site.pages[i].path.clone())
            })
            .or_else(|| {
                let unparsed = self.unparsed?;
                unparsed
                    .contains(content_path)
                    .then(|| content_path.trim_end_matches(".md").to_string() + "/")
            })
    }
    fn is_draft(&self, content_path: &str) -> bool {
        self.drafts.contains(content_path)
    }
    fn asset_exists(&self, content_path: &str) -> bool {
        self.assets.contains(content_path)
    }
    fn suggest(&self, content_path: &str) -> Option<String> {
        let prefixed: Vec<String> = self
            .site
            .by_content_path
            .keys()
            .map(|k| format!("@/{k}"))
            .collect();
        crate::diagnostics::did_you_mean(&format!("@/{content_path}"), &prefixed)
    }
}

/// Checks the links in every page's Markdown without rendering templates: used when earlier
/// stages found errors, so that link problems are reported in the same run.
pub fn check_markdown(
    site: &Site,
    draft_paths: &HashSet<String>,
    static_paths: &HashSet<String>,
    unparsed: &HashSet<String>,
) -> Vec<Diagnostic> {
    let assets = asset_paths(site, static_paths);
    let links = SiteLinks {
        site,
        drafts: draft_paths,
        assets: &assets,
        unparsed: Some(unparsed),
    };
    site.pages
        .par_iter()
        .flat_map_iter(|page| {
            markdown::render(
                &page.source,
                &root_for(&page.path),
                site.config.allow_raw_html,
                &links,
            )
            .diagnostics
        })
        .collect()
}

fn asset_paths(site: &Site, static_paths: &HashSet<String>) -> HashSet<String> {
    let mut assets: HashSet<String> = site.assets.iter().map(|a| a.content_path.clone()).collect();
    assets.extend(static_paths.iter().cloned());
    assets
}

/// Which list pages to render: everything for a build, what a change touched while serving.
#[derive(Debug, Clone, Copy)]
pub struct Lists<'a> {
    /// Term pages to render (`None`: all).
    pub terms: Option<&'a HashSet<String>>,
    /// The A–Z index (titles of every page).
    pub index: bool,
    /// The Atom feed and the sitemap (addresses and review dates).
    pub feeds: bool,
    /// The explorer's pages: map, routes, comparisons, salaries (cards and `next_roles`).
    pub explore: bool,
}

impl Lists<'_> {
    pub const ALL: Lists<'static> = Lists {
        terms: None,
        index: true,
        feeds: true,
        explore: true,
    };
}

/// What rendering one page produced besides its file; `doc` is what the caller made of the
/// page's rendered Markdown ([`Renderer::render_pages`]).
#[derive(Debug)]
pub struct PageOutcome<D> {
    pub index: usize,
    pub diagnostics: Vec<Diagnostic>,
    pub doc: D,
    /// Every `id="…"` in the page, for `#anchor` checks.
    pub ids: PageIds,
    pub anchors: Vec<markdown::AnchorLink>,
    /// Content paths the page's Markdown links to (pages and files, found or not).
    pub targets: Vec<String>,
    pub external_links: Vec<markdown::ExternalLink>,
    pub raw_html: Vec<markdown::RawHtml>,
}

/// Each page's source text, moved out of the site for a build, so that rendering frees each
/// one as soon as its page is rendered: on a large site the texts are more than anything else a
/// build holds while it renders. A page whose body was left on
/// disk ([`crate::load::Bodies`]) is read again when it renders. `check` and `serve` leave the
/// texts in the site: they read them again.
pub struct PageTexts {
    texts: Vec<std::sync::Mutex<PageText>>,
    content_dir: std::path::PathBuf,
}

enum PageText {
    InMemory(String),
    OnDisk,
    Taken,
}

impl PageTexts {
    /// Takes every page's text out of `site`, whose content folder is `content_dir`.
    pub fn take(site: &mut Site, content_dir: &std::path::Path) -> PageTexts {
        PageTexts {
            texts: site
                .pages
                .iter_mut()
                .map(|p| {
                    std::sync::Mutex::new(if p.source.body_on_disk {
                        PageText::OnDisk
                    } else {
                        PageText::InMemory(p.source.take_text())
                    })
                })
                .collect(),
            content_dir: content_dir.to_path_buf(),
        }
    }

    /// Page `i`'s text, handed over once (`None` if asked again); an error if its file had to
    /// be read again and could not be, or had changed.
    fn take_page(&self, site: &Site, i: usize) -> Option<Result<String, Diagnostic>> {
        let cell = self.texts.get(i)?;
        let taken = {
            let mut text = cell.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            std::mem::replace(&mut *text, PageText::Taken)
        };
        match taken {
            PageText::InMemory(text) => Some(Ok(text)),
            PageText::OnDisk => Some(site.pages[i].source.read_again(&self.content_dir)),
            PageText::Taken => None,
        }
    }
}

/// Renders pages and lists of one linked site. Holds what every page shares (the Tera
/// instance with the site-wide context, every page's card), computed once.
pub struct Renderer<'a> {
    pub site: &'a Site,
    theme: &'a Theme,
    tera: tera::Tera,
    view: SiteView,
    pub cards: Vec<Card>,
    assets: HashSet<String>,
    drafts: &'a HashSet<String>,
    /// Where the pages' texts are when they are not in the site (a build).
    texts: Option<&'a PageTexts>,
}

/// The names a page's template may use for its kind's values; each page sets only its own.
const PAGE_VALUE_NAMES: [&str; 10] = [
    "role",
    "setting",
    "certification",
    "education",
    "pathway",
    "section",
    "home",
    "explore",
    "assessment",
    "paginator",
];

impl<'a> Renderer<'a> {
    pub fn new(
        site: &'a Site,
        theme: &'a Theme,
        tera: &tera::Tera,
        drafts: &'a HashSet<String>,
        static_paths: &HashSet<String>,
    ) -> Self {
        let mut tera = tera.clone();
        let view = site_view(site, theme);
        tera.global_context().insert("site", &view);
        // Every template may name every page kind's value; a page holds only its own (see
        // `render_page`), the others are none here. A smaller page context is a faster one:
        // Tera searches it for every name a template prints.
        for name in PAGE_VALUE_NAMES {
            tera.global_context().insert(name, &serde_json::Value::Null);
        }
        header::install(&mut tera);
        Renderer {
            site,
            theme,
            tera,
            view,
            cards: view::cards(site),
            assets: asset_paths(site, static_paths),
            drafts,
            texts: None,
        }
    }

    /// Renders each page from its text in `texts`, freeing the text once the page is done.
    pub fn with_texts(mut self, texts: Option<&'a PageTexts>) -> Self {
        self.texts = texts;
        self
    }

    /// Uses a fixed asset version (serve), so that editing a stylesheet does not change every
    /// page's HTML.
    pub fn set_asset_version(&mut self, version: &str) {
        self.view.asset_version = version.to_string();
        self.tera.global_context().insert("site", &self.view);
        // The header is cached with the site it was made for.
        header::install(&mut self.tera);
    }

    /// A hash of what every page shares (navigation, areas, asset version): when it changes,
    /// every page must be rendered again.
    pub fn site_view_hash(&self) -> u64 {
        crate::hash::of(&serde_json::to_string(&self.view).unwrap_or_default())
    }

    fn links(&self) -> SiteLinks<'_> {
        SiteLinks {
            site: self.site,
            drafts: self.drafts,
            assets: &self.assets,
            unparsed: None,
        }
    }

    /// Renders the given pages in parallel into `sink`; `doc` makes each page's
    /// [`PageOutcome::doc`] from its rendered Markdown while it is at hand.
    pub fn render_pages<D: Send>(
        &self,
        which: &[usize],
        sink: &dyn Sink,
        doc: &(dyn Fn(usize, &markdown::RenderedMarkdown) -> D + Sync),
    ) -> Vec<PageOutcome<D>> {
        which
            .par_iter()
            .map(|&i| self.render_page(i, sink, doc))
            .collect()
    }

    fn render_page<D>(
        &self,
        i: usize,
        sink: &dyn Sink,
        doc: &(dyn Fn(usize, &markdown::RenderedMarkdown) -> D + Sync),
    ) -> PageOutcome<D> {
        let site = self.site;
        let page = &site.pages[i];
        let taken;
        let mut reread_error = None;
        let source = match self.texts.and_then(|t| t.take_page(site, i)) {
            Some(Ok(text)) => {
                taken = page.source.with_text(text);
                &taken
            }
            Some(Err(d)) => {
                reread_error = Some(d);
                &page.source
            }
            None => &page.source,
        };
        let root = root_for(&page.path);
        let md = markdown::render(source, &root, site.config.allow_raw_html, &self.links());
        let mut diagnostics = md.diagnostics.clone();
        diagnostics.extend(reread_error);
        let mut ctx = tera::Context::new();
        ctx.insert("root", &root);
        let page_view = view::page_view(site, page, &md);
        ctx.insert("page", &page_view);
        ctx.insert_value(
            "jsonld",
            tera::Value::safe_string(&jsonld::page_jsonld(site, i)),
        );
        // Only this page's own values; the other names are none in the global context.
        // A setting's, a certification's or an education level's roles may run to thousands
        // in a national guide: the list continues on later pages (`continued`).
        let mut kind = None;
        let mut continued = None;
        if matches!(
            page.kind,
            Kind::Role | Kind::Setting | Kind::Certification | Kind::Education | Kind::Pathway
        ) {
            let mut k = view::kind_view(site, &self.cards, i);
            if let Some(roles) = k.listed_roles_mut()
                && roles.len() > site.config.paginate_by
            {
                let all = std::mem::take(roles);
                let pages = paginate::split(&page.path, all.len(), site.config.paginate_by);
                *roles = all[pages[0].1.clone()].to_vec();
                ctx.insert("paginator", &pages[0].0);
                continued = Some((all, pages));
            }
            ctx.insert(page.kind.name(), &k);
            kind = Some(k);
        }
        if page.kind == Kind::Section {
            ctx.insert("section", &view::section_view(site, &self.cards, i));
        }
        if page.kind == Kind::Home {
            ctx.insert("home", &home_view(site, &self.cards));
        }
        if page.kind == Kind::Role {
            ctx.insert(
                "explore",
                &explore::role_explore(site, &self.cards, i, &root),
            );
        }
        if let Some(a) = page.assessment() {
            ctx.insert(
                "assessment",
                &assessment::view(a, |slug| {
                    let j = *site.by_slug.get(&(Kind::Role, slug.to_string()))?;
                    Some(assessment::RoleRef {
                        slug: slug.to_string(),
                        title: self.cards[j].title.clone(),
                        path: self.cards[j].path.clone(),
                        summary: self.cards[j].summary.clone(),
                    })
                }),
            );
        }
        let mut ids = PageIds::default();
        let rendered = self.page_html(page, &ctx);
        let template_ok = rendered.is_ok();
        match rendered {
            Ok(html) => {
                collect_ids(&html, &mut ids);
                let rel = format!("{}index.html", page.path);
                diagnostics.extend(sink.put(&rel, &html).err().map(|e| write_error(&rel, &e)));
            }
            Err(d) => diagnostics.push(d),
        }
        // The later pages use the same template: after an error in it, once is enough.
        if let (true, Some((all, pages)), Some(kind)) = (template_ok, continued, kind.as_mut()) {
            for (paginator, range) in pages.iter().skip(1) {
                if let Some(roles) = kind.listed_roles_mut() {
                    *roles = all[range.clone()].to_vec();
                }
                diagnostics
                    .extend(self.render_continuation(page, &page_view, kind, paginator, sink));
            }
        }
        PageOutcome {
            index: i,
            diagnostics,
            doc: doc(i, &md),
            ids,
            anchors: md.anchor_links,
            targets: md.targets,
            external_links: md.external_links,
            raw_html: md.raw_html,
        }
    }

    /// A later page of a content page's long list of roles: the page's header and that page's
    /// share of the list (the template leaves out the rest), at its own path and depth. Not
    /// searched and without structured data: page 1 stands for the page.
    fn render_continuation(
        &self,
        page: &crate::model::Page,
        first: &view::PageView,
        kind: &view::KindView,
        paginator: &Paginator,
        sink: &dyn Sink,
    ) -> Option<Diagnostic> {
        let mut later = first.clone_without_content();
        later.title = paged_title(&first.title, paginator);
        later.path = paginator.path.clone();
        later.permalink = self.site.config.absolute(&paginator.path);
        later.breadcrumbs.push(page_crumb(paginator));
        let mut ctx = tera::Context::new();
        ctx.insert("root", &root_for(&paginator.path));
        ctx.insert("page", &later);
        ctx.insert_value("jsonld", tera::Value::safe_string(""));
        ctx.insert(page.kind.name(), kind);
        ctx.insert("paginator", paginator);
        let rel = format!("{}index.html", paginator.path);
        match self.page_html(page, &ctx) {
            Ok(html) => sink.put(&rel, &html).err().map(|e| write_error(&rel, &e)),
            Err(d) => Some(d),
        }
    }

    /// A content page's template rendered with `ctx`, as bytes (a template error names the
    /// page being rendered).
    fn page_html(
        &self,
        page: &crate::model::Page,
        ctx: &tera::Context,
    ) -> Result<Vec<u8>, Diagnostic> {
        // A buffer that holds a usual page without growing: the HTML goes to the output as
        // bytes, so it need not be checked again as a `String`.
        let mut html = Vec::with_capacity(PAGE_BUFFER);
        match self.tera.render_to(template_for(page), ctx, &mut html) {
            Ok(()) => Ok(html),
            Err(e) => Err(tera_diagnostic(&e, self.theme)
                .label(format!("while rendering {}", page.source.display.display()))),
        }
    }

    /// Renders the list pages `lists` asks for: taxonomy indexes and terms, the A–Z index, the
    /// feed and sitemap; the search page, 404 and robots.txt are always rendered (they are small).
    pub fn render_lists(&self, sink: &dyn Sink, lists: &Lists) -> Vec<Diagnostic> {
        // The groups are independent; run them side by side on the cores.
        let (site, tera, theme, cards) = (self.site, &self.tera, self.theme, &self.cards[..]);
        let run = |f: &(dyn Fn(&mut RenderReport) + Sync), name: &str| {
            let t = std::time::Instant::now();
            let mut r = RenderReport::default();
            f(&mut r);
            crate::timing::stage(name, t);
            r.diagnostics
        };
        let ((a, b), (c, d)) = rayon::join(
            || {
                rayon::join(
                    || {
                        run(
                            &|r| render_taxonomies(site, tera, theme, cards, sink, r, lists.terms),
                            "  lists: taxonomies",
                        )
                    },
                    || {
                        run(
                            &|r| {
                                if lists.index {
                                    render_az(site, tera, theme, cards, sink, r);
                                }
                                render_fixed(site, tera, theme, sink, r);
                            },
                            "  lists: a-z, fixed",
                        )
                    },
                )
            },
            || {
                rayon::join(
                    || {
                        if lists.explore {
                            self.render_explorer(sink)
                        } else {
                            Vec::new()
                        }
                    },
                    || {
                        run(
                            &|r| {
                                // Both are addresses for crawlers and feed readers: none
                                // while base_url is a placeholder.
                                if lists.feeds && !site.config.placeholder_url {
                                    render_atom(site, tera, theme, sink, r);
                                    render_sitemap(site, tera, theme, sink, r);
                                }
                            },
                            "  lists: feed, sitemap",
                        )
                    },
                )
            },
        );
        [a, b, c, d].concat()
    }

    /// Renders the explorer's pages: the career map, the salaries page, the comparisons and the
    /// routes.
    pub fn render_explorer(&self, sink: &dyn Sink) -> Vec<Diagnostic> {
        let t = std::time::Instant::now();
        let mut report = RenderReport::default();
        explore::render(
            self.site,
            &self.tera,
            self.theme,
            &self.cards,
            sink,
            &mut report,
        );
        crate::timing::stage("  lists: explorer", t);
        report.diagnostics
    }
}

/// Checks `#anchor` links against the ids each page defines.
pub fn check_anchors<'a, 'b>(
    ids: impl Fn(&str) -> Option<&'b PageIds>,
    anchors: impl IntoIterator<Item = &'a markdown::AnchorLink>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for link in anchors {
        let known = ids(&link.target).is_some_and(|page_ids| page_ids.contains(&link.anchor));
        if known {
            continue;
        }
        let mut candidates: Vec<&str> = ids(&link.target)
            .map(|page_ids| page_ids.iter().collect())
            .unwrap_or_default();
        candidates.sort_unstable();
        // A page may repeat an id; name each once.
        candidates.dedup();
        let help =
            crate::diagnostics::did_you_mean(&link.anchor, &candidates).unwrap_or_else(|| {
                format!(
                    "the anchors on /{} are: {}",
                    link.target,
                    candidates.join(", ")
                )
            });
        let mut diagnostic = link.place.clone();
        diagnostic.message = format!("no `#{}` on /{}", link.anchor, link.target);
        out.push(diagnostic.help(help));
    }
    out
}

/// What rendering a whole site reads: the linked site, its theme and compiled templates, the
/// content paths of drafts left out, and the files the theme provides.
#[derive(Clone, Copy)]
pub struct SiteInput<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    pub tera: &'a tera::Tera,
    pub draft_paths: &'a HashSet<String>,
    pub static_paths: &'a HashSet<String>,
    /// The pages' texts, when they are not in the site (see [`PageTexts`]).
    pub texts: Option<&'a PageTexts>,
}

impl<'a> SiteInput<'a> {
    /// The renderer of this site.
    pub fn renderer(&self) -> Renderer<'a> {
        Renderer::new(
            self.site,
            self.theme,
            self.tera,
            self.draft_paths,
            self.static_paths,
        )
        .with_texts(self.texts)
    }
}

/// The version of the theme's assets (`?v=` on their links, and part of the service worker's
/// version): a hash of every static file's name and bytes.
pub fn asset_version(theme: &Theme) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = crate::hash::hasher();
    for (name, (bytes, _)) in &theme.statics {
        name.hash(&mut h);
        bytes.hash(&mut h);
    }
    format!("{:08x}", h.finish() as u32)
}

fn site_view(site: &Site, theme: &Theme) -> SiteView {
    let order = |p: &crate::model::Page| -> (usize, i64, String) {
        let kind_rank = match p.lists {
            Some(Kind::Role) => 0,
            Some(Kind::Pathway) => 1,
            Some(Kind::Certification) => 2,
            Some(Kind::Education) => 3,
            Some(Kind::Setting) => 4,
            _ => 5,
        };
        (
            kind_rank,
            p.common.weight.unwrap_or(0),
            p.common.title.to_lowercase(),
        )
    };
    let mut top: Vec<&crate::model::Page> = site
        .pages
        .iter()
        .filter(|p| p.kind == Kind::Section && p.parent.as_deref() == Some(""))
        .collect();
    top.sort_by_key(|p| order(p));
    SiteView {
        title: site.config.title.clone(),
        description: site.config.description.clone(),
        language: site.config.language.clone(),
        base_url: site.config.base_url.clone(),
        base_path: site.config.base_path.clone(),
        nav: top
            .iter()
            .map(|p| Link {
                title: p.common.title.clone(),
                path: p.path.clone(),
            })
            .collect(),
        areas: site
            .taxonomies
            .areas
            .iter()
            .map(|t| Link {
                title: t.title.clone(),
                path: t.path.clone(),
            })
            .collect(),
        levels: site
            .taxonomies
            .levels
            .iter()
            .map(|t| Link {
                title: t.title.clone(),
                path: t.path.clone(),
            })
            .collect(),
        extra: site.config.extra.clone(),
        asset_version: asset_version(theme),
        generator: format!("careerguide {}", env!("CARGO_PKG_VERSION")),
        has_search: true,
        has_explorer: crate::explore::plan::enabled(site),
        has_routes_page: crate::explore::plan::enabled(site)
            && crate::explore::plan::static_routes(site),
        paths: crate::paths::EXPLORER_PATHS,
        paths_json: serde_json::json!({
            "map": crate::paths::MAP,
            "compare": crate::paths::COMPARE,
            "search": crate::paths::SEARCH,
            "search_index": crate::paths::SEARCH_INDEX,
        })
        .to_string(),
        placeholder_url: site.config.placeholder_url,
    }
}

fn template_for(page: &crate::model::Page) -> &'static str {
    match page.kind {
        Kind::Home => "home.html",
        Kind::Section => "section.html",
        Kind::Article => "article.html",
        Kind::Role => "role.html",
        Kind::Setting => "setting.html",
        Kind::Certification => "certification.html",
        Kind::Education => "education.html",
        Kind::Pathway => "pathway.html",
    }
}

/// Collects `id="…"` values from rendered HTML.
fn collect_ids(html: &[u8], ids: &mut PageIds) {
    const ATTR: &[u8] = b" id=\"";
    for pos in memchr::memmem::find_iter(html, ATTR) {
        let rest = &html[pos + ATTR.len()..];
        if let Some(end) = memchr::memchr(b'"', rest) {
            // Cut at ASCII quotes, so whole characters of the (UTF-8) page.
            ids.insert(&String::from_utf8_lossy(&rest[..end]));
        }
    }
}

/// The `id`s a page's HTML defines, for the `#anchor` check: one string, each id followed by
/// a newline. A page has a dozen or two and a large site tens of thousands of pages; a set of
/// strings per page took about 1.7 KB a page, more than anything else kept per page but its
/// search document, and the check looks up only the few anchors editors link to.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PageIds(String);

impl PageIds {
    /// Adds `id` (an id with a line break cannot be linked to, and is left out).
    pub fn insert(&mut self, id: &str) {
        if !id.contains('\n') {
            self.0.push_str(id);
            self.0.push('\n');
        }
    }

    pub fn contains(&self, id: &str) -> bool {
        self.iter().any(|known| known == id)
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.split_terminator('\n')
    }

    /// Gives back the room the ids do not use (a build keeps every page's ids until the
    /// `#anchor` check).
    pub fn shrink_to_fit(&mut self) {
        self.0.shrink_to_fit();
    }
}

/// Room for a usual page's HTML, so rendering rarely grows its buffer.
const PAGE_BUFFER: usize = 32 * 1024;

#[derive(Serialize)]
struct HomeView {
    levels: Vec<view::Group>,
    areas: Vec<view::Group>,
    sections: Vec<Card>,
    counts: Vec<(String, usize, String)>,
    /// The guide's self-assessment and a few pathways, for the front page.
    assessment: Option<view::AssessmentLink>,
    pathways: Vec<Card>,
}

/// How many roles of each level the home page lists; the level's page lists them all.
const HOME_ROLES_PER_LEVEL: usize = 12;
/// How many pathways the home page features.
const HOME_PATHWAYS: usize = 6;

fn home_view(site: &Site, cards: &[Card]) -> HomeView {
    let levels = site
        .taxonomies
        .levels
        .iter()
        .filter(|t| !t.pages.is_empty())
        .map(|t| view::Group {
            title: t.title.clone(),
            path: Some(t.path.clone()),
            summary: None,
            total: t.pages.len(),
            cards: view::pick(cards, &t.pages[..t.pages.len().min(HOME_ROLES_PER_LEVEL)]),
        })
        .collect();
    let areas = site
        .taxonomies
        .areas
        .iter()
        .filter(|t| !t.pages.is_empty())
        .map(|t| view::Group {
            title: t.title.clone(),
            path: Some(t.path.clone()),
            summary: t.summary.clone(),
            total: t.pages.len(),
            cards: Vec::new(),
        })
        .collect();
    let sections: Vec<Card> = site.relations[site.by_path.get("").copied().unwrap_or(0)]
        .subsections
        .iter()
        .map(|&i| cards[i].clone())
        .collect();
    let mut counts = Vec::new();
    for kind in [
        Kind::Role,
        Kind::Setting,
        Kind::Certification,
        Kind::Education,
        Kind::Pathway,
    ] {
        let n = site.pages.iter().filter(|p| p.kind == kind).count();
        if n > 0 {
            counts.push((
                kind.plural_label().to_string(),
                n,
                format!("{}/", kind.folder().unwrap_or("")),
            ));
        }
    }
    HomeView {
        levels,
        areas,
        sections,
        counts,
        assessment: view::assessment_link(site),
        pathways: view::featured_pathways(site, cards, HOME_PATHWAYS),
    }
}

pub(crate) fn write(sink: &dyn Sink, rel: &str, bytes: &[u8], report: &mut RenderReport) {
    report.check_write(rel, sink.put(rel, bytes));
}

/// Renders a template outside the page loop (lists, feeds) and writes it. The output goes
/// straight to the sink ([`Sink::put_with`]): list pages of a large guide run to tens of
/// megabytes.
#[allow(clippy::too_many_arguments)]
pub(crate) fn render_to(
    tera: &tera::Tera,
    theme: &Theme,
    template: &str,
    ctx: &tera::Context,
    sink: &dyn Sink,
    rel: &str,
    report: &mut RenderReport,
) {
    let mut template_error = None;
    let written = sink.put_with(rel, &mut |out| {
        tera.render_to(template, ctx, out).map_err(|e| {
            let io = std::io::Error::other(e.to_string());
            template_error = Some(e);
            io
        })
    });
    match template_error {
        Some(e) => report.diagnostics.push(tera_diagnostic(&e, theme)),
        None => report.check_write(rel, written),
    }
}

/// Renders the pages of a split list side by side: `template` with the context `context`
/// makes for each page (from [`paged_context`] and the page's share of the list), to its
/// `index.html`.
pub(crate) fn render_list_pages<P: Sync>(
    tera: &tera::Tera,
    theme: &Theme,
    sink: &dyn Sink,
    template: &str,
    pages: &[(Paginator, P)],
    context: impl Fn(&Paginator, &P) -> tera::Context + Sync,
) -> Vec<Diagnostic> {
    pages
        .par_iter()
        .flat_map_iter(|(paginator, share)| {
            let mut local = RenderReport::default();
            let rel = format!("{}index.html", paginator.path);
            let ctx = context(paginator, share);
            render_to(tera, theme, template, &ctx, sink, &rel, &mut local);
            local.diagnostics
        })
        .collect()
}

/// The context of a generated page (lists, explorer pages): `root`, `page` and no JSON-LD.
/// Breadcrumbs follow the path, naming the taxonomy folders.
pub(crate) fn base_context(
    site: &Site,
    path: &str,
    title: &str,
    description: &str,
) -> tera::Context {
    context_with_crumbs(site, path, title, description, list_crumbs(path, title))
}

/// Home, then one crumb per folder of `path` (named by [`taxonomy_label`]), the last one
/// `title`.
fn list_crumbs(path: &str, title: &str) -> Vec<Link> {
    let mut crumbs = vec![Link {
        title: "Home".into(),
        path: String::new(),
    }];
    let mut acc = String::new();
    let parts: Vec<&str> = path
        .trim_end_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    for (n, part) in parts.iter().enumerate() {
        acc.push_str(part);
        acc.push('/');
        let t = if n + 1 == parts.len() {
            title.to_string()
        } else {
            taxonomy_label(part).to_string()
        };
        crumbs.push(Link {
            title: t,
            path: acc.clone(),
        });
    }
    crumbs
}

/// [`base_context`] for one page of a list at `base` split by `paginator`: page 1 is the list
/// itself; a later page has its own path (and so its own root), a title that names its number
/// and a last breadcrumb "Page N" after the list's own.
pub(crate) fn paged_context(
    site: &Site,
    base: &str,
    title: &str,
    description: &str,
    paginator: &Paginator,
) -> tera::Context {
    let mut ctx = if paginator.number == 1 {
        base_context(site, base, title, description)
    } else {
        let mut crumbs = list_crumbs(base, title);
        crumbs.push(page_crumb(paginator));
        context_with_crumbs(
            site,
            &paginator.path,
            &paged_title(title, paginator),
            description,
            crumbs,
        )
    };
    ctx.insert("paginator", paginator);
    ctx
}

/// The last breadcrumb of a later page of a list, after the list's own: "Page N".
fn page_crumb(paginator: &Paginator) -> Link {
    Link {
        title: format!("Page {}", paginator.number),
        path: paginator.path.clone(),
    }
}

/// A list's title on one of its pages: `Entry level, page 2` (page 1 keeps the plain title).
pub(crate) fn paged_title(title: &str, paginator: &Paginator) -> String {
    if paginator.number == 1 {
        title.to_string()
    } else {
        format!("{title}, page {}", paginator.number)
    }
}

/// [`base_context`] with the breadcrumbs given (Home first, the page itself last).
pub(crate) fn context_with_crumbs(
    site: &Site,
    path: &str,
    title: &str,
    description: &str,
    crumbs: Vec<Link>,
) -> tera::Context {
    let mut ctx = tera::Context::new();
    ctx.insert("root", &root_for(path));
    let page = view::PageView {
        kind: "list",
        kind_label: "List",
        title: title.to_string(),
        description: description.to_string(),
        summary: None,
        path: path.to_string(),
        permalink: site.config.absolute(path),
        content: String::new(),
        toc: Vec::new(),
        updated: None,
        tags: Vec::new(),
        sources: Vec::new(),
        extra: serde_json::Map::new(),
        breadcrumbs: crumbs,
    };
    ctx.insert("page", &page);
    ctx.insert_value("jsonld", tera::Value::safe_string(""));
    ctx
}

fn taxonomy_label(slug: &str) -> &'static str {
    match slug {
        "levels" => "Career levels",
        "areas" => "Career areas",
        "tags" => "Topics",
        "routes" => "Career routes",
        "compare" => "Compare roles",
        _ => "",
    }
}

fn render_taxonomies(
    site: &Site,
    tera: &tera::Tera,
    theme: &Theme,
    cards: &[Card],
    sink: &dyn Sink,
    report: &mut RenderReport,
    only: Option<&HashSet<String>>,
) {
    let taxonomies: [(&'static str, &Vec<crate::link::Term>, &str); 3] = [
        (
            "levels",
            &site.taxonomies.levels,
            "Roles grouped by how far into a career they usually come.",
        ),
        (
            "areas",
            &site.taxonomies.areas,
            "Roles grouped by the kind of work they do.",
        ),
        ("tags", &site.taxonomies.tags, "Pages grouped by topic."),
    ];
    for (name, terms, description) in taxonomies {
        if terms.iter().all(|t| t.pages.is_empty()) {
            continue;
        }
        let label = taxonomy_label(name);
        let path = format!("{name}/");
        let mut ctx = base_context(site, &path, label, description);
        ctx.insert("taxonomy", &serde_json::json!({"name": name, "label": label, "terms": view::term_summaries(terms)}));
        render_to(
            tera,
            theme,
            "taxonomy.html",
            &ctx,
            sink,
            &format!("{path}index.html"),
            report,
        );
        let selected: Vec<&crate::link::Term> = terms
            .iter()
            .filter(|t| !t.pages.is_empty() && only.is_none_or(|o| o.contains(&t.path)))
            .collect();
        // Every page of every term: a level of a national guide spans many pages.
        let per_page = site.config.paginate_by;
        let pages: Vec<(Paginator, (&crate::link::Term, std::ops::Range<usize>))> = selected
            .iter()
            .flat_map(|term| {
                paginate::split(&term.path, term.pages.len(), per_page)
                    .into_iter()
                    .map(move |(p, range)| (p, (*term, range)))
            })
            .collect();
        let diags = render_list_pages(
            tera,
            theme,
            sink,
            "term.html",
            &pages,
            |paginator, (term, range)| {
                let tv = view::term_view(name, label, term, &term.pages[range.clone()], cards);
                let desc = term
                    .summary
                    .clone()
                    .unwrap_or_else(|| format!("{}: {}", label, term.title));
                let mut ctx = paged_context(site, &term.path, &term.title, &desc, paginator);
                ctx.insert("term", &tv);
                if name == "levels" {
                    ctx.insert(
                        "level_rank",
                        &Level::ALL
                            .iter()
                            .position(|l| l.slug() == term.slug)
                            .unwrap_or(0),
                    );
                }
                ctx
            },
        );
        report.diagnostics.extend(diags);
    }
}

/// A–Z index of every page: the no-JavaScript fallback of the search box. A long index is
/// split over pages like any list; its letter links lead to the page where each letter starts.
fn render_az(
    site: &Site,
    tera: &tera::Tera,
    theme: &Theme,
    cards: &[Card],
    sink: &dyn Sink,
    report: &mut RenderReport,
) {
    let mut all: Vec<&Card> = cards.iter().filter(|c| c.kind != "home").collect();
    all.sort_by_cached_key(|c| (c.title.to_lowercase(), c.path.clone()));
    let letter_of = |c: &Card| {
        let first = c
            .title
            .chars()
            .next()
            .map(|ch| ch.to_uppercase().to_string())
            .unwrap_or_default();
        if first.chars().all(char::is_alphabetic) {
            first
        } else {
            "#".to_string()
        }
    };
    // The letters in order, each with its run of entries (the letter's number makes its anchor).
    let mut letters: Vec<(String, Vec<&Card>)> = Vec::new();
    for c in all {
        let letter = letter_of(c);
        match letters.last_mut() {
            Some((l, v)) if *l == letter => v.push(c),
            _ => letters.push((letter, vec![c])),
        }
    }
    let lens: Vec<usize> = letters.iter().map(|(_, v)| v.len()).collect();
    let pages = paginate::split_groups(paths::A_Z, &lens, site.config.paginate_by);
    /// A letter of the index and where it starts.
    #[derive(Serialize)]
    struct LetterLink<'a> {
        letter: &'a str,
        path: &'a str,
        anchor: String,
    }
    let mut letter_links: Vec<LetterLink> = Vec::with_capacity(letters.len());
    for (paginator, slices) in &pages {
        for share in slices.iter().filter(|g| !g.continued) {
            letter_links.push(LetterLink {
                letter: &letters[share.group].0,
                path: &paginator.path,
                anchor: format!("letter-{}", share.group + 1),
            });
        }
    }
    /// One letter's pages on one page of the index. Typed, not `serde_json::json!`: through a
    /// JSON value every card would be copied twice, raising a large build's peak memory; as a
    /// view, Tera takes each card's ready value.
    #[derive(Serialize)]
    struct Letter<'a> {
        letter: &'a str,
        anchor: &'a str,
        /// Whether the letter began on an earlier page.
        continued: bool,
        pages: &'a [&'a Card],
    }
    let diags = render_list_pages(
        tera,
        theme,
        sink,
        "a-z.html",
        &pages,
        |paginator, slices| {
            let sections: Vec<Letter> = slices
                .iter()
                .map(|share| Letter {
                    letter: &letters[share.group].0,
                    anchor: &letter_links[share.group].anchor,
                    continued: share.continued,
                    pages: &letters[share.group].1[share.range.clone()],
                })
                .collect();
            let mut ctx = paged_context(
                site,
                paths::A_Z,
                "A–Z index",
                "Every page of the guide, in alphabetical order.",
                paginator,
            );
            ctx.insert("letters", &sections);
            ctx.insert("letter_links", &letter_links);
            ctx
        },
    );
    report.diagnostics.extend(diags);
}

/// The search page, the 404 page and robots.txt.
fn render_fixed(
    site: &Site,
    tera: &tera::Tera,
    theme: &Theme,
    sink: &dyn Sink,
    report: &mut RenderReport,
) {
    let ctx = base_context(
        site,
        paths::SEARCH,
        "Search",
        "Search every role, credential, setting and article in the guide.",
    );
    render_to(
        tera,
        theme,
        "search.html",
        &ctx,
        sink,
        &paths::index_file(paths::SEARCH),
        report,
    );

    // 404 is served at any address, so it links from the site's base path, not relatively.
    let mut ctx = base_context(site, "", "Page not found", "This page does not exist.");
    ctx.insert("root", &site.config.base_path);
    render_to(tera, theme, "404.html", &ctx, sink, "404.html", report);

    let mut ctx = tera::Context::new();
    let sitemap_url = (!site.config.placeholder_url).then(|| site.config.absolute("sitemap.xml"));
    ctx.insert("sitemap_url", &sitemap_url);
    render_to(tera, theme, "robots.txt", &ctx, sink, "robots.txt", report);
}

/// Atom feed of the most recently updated pages.
fn render_atom(
    site: &Site,
    tera: &tera::Tera,
    theme: &Theme,
    sink: &dyn Sink,
    report: &mut RenderReport,
) {
    let mut updated: Vec<(String, usize)> = site
        .pages
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.common.updated.as_ref().map(|u| (u.value.clone(), i)))
        .collect();
    updated.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| site.pages[a.1].path.cmp(&site.pages[b.1].path))
    });
    let entries: Vec<serde_json::Value> = updated
        .iter()
        .take(30)
        .map(|(date, i)| {
            let p = &site.pages[*i];
            serde_json::json!({
                "title": p.common.title,
                "url": site.config.absolute(&p.path),
                "updated": format!("{date}T00:00:00Z"),
                "summary": p.common.summary.clone().or_else(|| p.common.description.clone()).unwrap_or_default(),
                "kind": p.kind.label(),
            })
        })
        .collect();
    let mut ctx = tera::Context::new();
    ctx.insert("entries", &entries);
    ctx.insert(
        "feed_updated",
        &updated
            .first()
            .map(|(d, _)| format!("{d}T00:00:00Z"))
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".into()),
    );
    render_to(tera, theme, "atom.xml", &ctx, sink, "atom.xml", report);
}

/// The sitemap, split into files of 30,000 URLs with an index when the site is larger.
/// Site paths of the generated list pages (taxonomies, terms, A–Z, search).
pub fn list_paths(site: &Site) -> Vec<String> {
    let mut out = Vec::new();
    for (name, terms) in [
        ("levels", &site.taxonomies.levels),
        ("areas", &site.taxonomies.areas),
        ("tags", &site.taxonomies.tags),
    ] {
        if terms.iter().all(|t| t.pages.is_empty()) {
            continue;
        }
        out.push(format!("{name}/"));
        out.extend(
            terms
                .iter()
                .filter(|t| !t.pages.is_empty())
                .map(|t| t.path.clone()),
        );
    }
    out.push(paths::A_Z.into());
    out.push(paths::SEARCH.into());
    out.extend(crate::explore::plan::page_paths(site));
    out
}

fn render_sitemap(
    site: &Site,
    tera: &tera::Tera,
    theme: &Theme,
    sink: &dyn Sink,
    report: &mut RenderReport,
) {
    const PER_FILE: usize = 30_000;
    let extra = list_paths(site);
    #[derive(Serialize)]
    struct Url {
        loc: String,
        lastmod: Option<String>,
    }
    let mut urls: Vec<Url> = site
        .pages
        .iter()
        .map(|p| Url {
            loc: site.config.absolute(&p.path),
            lastmod: p.common.updated.as_ref().map(|u| u.value.clone()),
        })
        .collect();
    urls.extend(extra.iter().map(|path| Url {
        loc: site.config.absolute(path),
        lastmod: None,
    }));
    if urls.len() <= PER_FILE {
        let mut ctx = tera::Context::new();
        ctx.insert("urls", &urls);
        render_to(
            tera,
            theme,
            "sitemap.xml",
            &ctx,
            sink,
            "sitemap.xml",
            report,
        );
        return;
    }
    let mut maps = Vec::new();
    for (n, chunk) in urls.chunks(PER_FILE).enumerate() {
        let name = format!("sitemap{}.xml", n + 1);
        let mut ctx = tera::Context::new();
        ctx.insert("urls", &chunk);
        render_to(tera, theme, "sitemap.xml", &ctx, sink, &name, report);
        maps.push(site.config.absolute(&name));
    }
    let mut ctx = tera::Context::new();
    ctx.insert("sitemaps", &maps);
    render_to(
        tera,
        theme,
        "sitemap_index.xml",
        &ctx,
        sink,
        "sitemap.xml",
        report,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A broken `#anchor` names the page and its anchors, each once however often the page
    /// repeats it, or the close ones; it keeps the place the link was found.
    #[test]
    fn a_broken_anchor_lists_each_anchor_once_and_keeps_its_place() {
        let mut target = PageIds::default();
        for id in ["pay", "outlook", "pay", "skills", "outlook"] {
            target.insert(id);
        }
        let ids = std::collections::HashMap::from([("roles/coder/".to_string(), target)]);
        let link = |anchor: &str| markdown::AnchorLink {
            target: "roles/coder/".into(),
            anchor: anchor.into(),
            place: Diagnostic::error("broken-anchor", "")
                .in_file("content/articles/a.md")
                .at("x\nSee [pay](@/roles/coder.md#wages).", 2, 5, 28),
        };
        let (far, near, fine) = (link("zzz"), link("skils"), link("skills"));
        let out = check_anchors(|path| ids.get(path), [&far, &near, &fine]);
        assert_eq!(out.len(), 2, "{out:?}");
        assert_eq!(out[0].message, "no `#zzz` on /roles/coder/");
        assert_eq!(
            out[0].help.as_deref(),
            Some("the anchors on /roles/coder/ are: outlook, pay, skills")
        );
        assert_eq!(
            (out[0].file.as_deref(), out[0].line, out[0].column),
            (Some(std::path::Path::new("content/articles/a.md")), 2, 5)
        );
        assert_eq!(out[1].help.as_deref(), Some("did you mean `skills`?"));
    }

    #[test]
    fn root_climbs_one_level_per_folder() {
        assert_eq!(root_for(""), "./");
        assert_eq!(root_for("roles/"), "../");
        assert_eq!(root_for("roles/medical-coder/"), "../../");
    }

    #[test]
    fn ids_are_collected_from_html() {
        let mut ids = PageIds::default();
        collect_ids(
            r#"<h2 id="salary">Pay</h2><section id="next-roles" class="x"><p id="résumé-tips">"#
                .as_bytes(),
            &mut ids,
        );
        assert!(ids.contains("salary") && ids.contains("next-roles"));
        assert!(ids.contains("résumé-tips"));
        assert!(!ids.contains("") && !ids.contains("salar") && !ids.contains("salary\nnext-roles"));
        assert_eq!(ids.iter().count(), 3);
    }
}
