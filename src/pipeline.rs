//! Pipeline: the one place that puts the stages in order.
//!
//! ```text
//! site.yaml ─ config ─ theme ─ Tera              load_globals
//! content/ ── load ── model ── wages ── link     load_site (parse_pages, link_stage)
//!                         └─ on errors: every Markdown link still checked (link_errors)
//! linked site ── render pages, in search groups ─┬─ search index   render_pages_and_lists
//!             └─ render lists and explorer ──────┘                 finish
//!                anchors checked ── copied files ── service worker
//! ```
//!
//! `build` runs [`load_site`] and [`render_loaded`] (which runs [`render_pages_and_lists`] and
//! [`finish`]) into the output's staging folder, `check` the same into a sink that keeps
//! nothing, and
//! `serve`'s engine (`incremental`) calls the same stage functions for the part of the site a
//! change touches. Every stage adds its problems to one list, so a single run reports them all.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::hash;
use crate::link::Site;
use crate::load::{AssetFile, Bodies, SourceFile};
use crate::markdown::{self, RenderedMarkdown};
use crate::model::{Kind, Page};
use crate::render::offline::RecordingSink;
use crate::render::{self, Lists, PageIds, PageOutcome, RenderReport, SiteInput, check_anchors};
use crate::search::{self, SearchDoc};
use crate::sink::Sink;
use crate::theme::Theme;

/// What every page is rendered with: the site's settings, its theme and the theme's compiled
/// templates. Each is `None` when it could not be loaded; `errors` says why (and holds the
/// settings' warnings).
#[derive(Default)]
pub struct Globals {
    pub config: Option<SiteConfig>,
    pub theme: Option<Theme>,
    pub tera: Option<tera::Tera>,
    pub errors: Vec<Diagnostic>,
}

/// Loads `site.yaml`, the theme it names and the theme's templates, as far as each can be.
pub fn load_globals(root: &Path, base_url: Option<&str>) -> Globals {
    let mut errors = Vec::new();
    let config = SiteConfig::load(root, base_url)
        .map_err(|d| errors.extend(d))
        .ok();
    // Warnings about the settings (a placeholder `base_url`) go with the rest.
    errors.extend(config.iter().flat_map(|c| c.warnings.iter().cloned()));
    let theme = Theme::load(root, config.as_ref().and_then(|c| c.theme.as_deref()))
        .map_err(|d| errors.extend(d))
        .ok();
    let tera = theme
        .as_ref()
        .and_then(|t| render::setup_tera(t).map_err(|d| errors.extend(d)).ok());
    Globals {
        config,
        theme,
        tera,
        errors,
    }
}

/// One Markdown file typed: its page (with errors, the page without its wrong keys when the
/// rest types, so that its references are still checked) and its problems.
pub struct ParsedFile {
    pub content_path: String,
    pub page: Option<Page>,
    pub problems: Vec<Diagnostic>,
}

/// Types every source file by its kind, in parallel.
pub fn parse_pages(sources: Vec<SourceFile>) -> Vec<ParsedFile> {
    sources
        .into_par_iter()
        .map(|s| {
            let content_path = s.content_path.clone();
            let (page, problems) = crate::model::parse_page_or_rest(s);
            ParsedFile {
                content_path,
                page,
                problems,
            }
        })
        .collect()
}

/// Links the pages: references resolved, back-links and taxonomies made. `unparsed` names the
/// files that gave no page, so references to them are not reported as unknown too.
pub fn link_pages(
    config: SiteConfig,
    pages: Vec<Page>,
    assets: Vec<AssetFile>,
    drafts: bool,
    unparsed: &HashSet<String>,
) -> (Site, Vec<Diagnostic>) {
    let unparsed: HashSet<(Kind, String)> = unparsed
        .iter()
        .filter_map(|p| crate::model::kind_and_slug(p))
        .collect();
    crate::link::link(config, pages, assets, drafts, &unparsed)
}

/// Gives a linked site its data tables: the wage tables roles already took their pay from, and
/// `data/associations.yaml`.
pub fn attach_data(root: &Path, site: &mut Site, wages: crate::wages::Wages) -> Vec<Diagnostic> {
    site.wages = wages;
    crate::associations::attach(root, site)
}

/// The content paths of the drafts left out of a linked site.
pub fn draft_paths(site: &Site) -> HashSet<String> {
    site.excluded_drafts
        .iter()
        .map(|p| p.source.content_path.clone())
        .collect()
}

/// The files the theme provides (`assets/style.css`), which pages may link to.
pub fn static_paths(theme: &Theme) -> HashSet<String> {
    theme.statics.keys().cloned().collect()
}

/// When loading or linking found errors, nothing renders, but every page's Markdown links are
/// still checked so that one run reports everything: pages whose bodies were left on disk are
/// read again first.
pub fn link_errors(
    site: &mut Site,
    content_dir: &Path,
    theme: &Theme,
    unparsed: &HashSet<String>,
) -> Vec<Diagnostic> {
    let mut diags: Vec<Diagnostic> = site
        .pages
        .par_iter_mut()
        .filter(|p| p.source.body_on_disk)
        .filter_map(|p| match p.source.read_again(content_dir) {
            Ok(text) => {
                p.source.text = text;
                p.source.body_on_disk = false;
                None
            }
            Err(d) => Some(d),
        })
        .collect();
    diags.extend(render::check_markdown(
        site,
        &draft_paths(site),
        &static_paths(theme),
        unparsed,
    ));
    diags.extend(same_page_anchors(site, theme));
    diags
}

/// What the link stage takes: the typed pages and the rest of the content, and what the
/// stages before it found.
pub struct LinkInput<'a> {
    pub root: &'a Path,
    pub config: SiteConfig,
    pub pages: Vec<Page>,
    pub assets: Vec<AssetFile>,
    pub wages: crate::wages::Wages,
    pub drafts: bool,
    /// Content paths of the files that gave no page.
    pub unparsed: &'a HashSet<String>,
    pub theme: &'a Theme,
}

/// The link stage: the pages linked into a site with its data tables attached. When it, or a
/// stage before it (whose problems are `diags`), found an error, nothing will render, and the
/// pages' Markdown links are checked here instead ([`link_errors`]).
pub fn link_stage(input: LinkInput<'_>, diags: &mut Vec<Diagnostic>) -> Site {
    let t = Instant::now();
    let (mut site, link_diags) = link_pages(
        input.config,
        input.pages,
        input.assets,
        input.drafts,
        input.unparsed,
    );
    diags.extend(attach_data(input.root, &mut site, input.wages));
    crate::timing::stage("link", t);
    diags.extend(link_diags);
    if diags.iter().any(Diagnostic::is_error) {
        let content_dir = input.root.join("content");
        diags.extend(link_errors(
            &mut site,
            &content_dir,
            input.theme,
            input.unparsed,
        ));
    }
    site
}

/// On errors, the `#anchor` links from a page to itself, which are otherwise checked only
/// once every page has rendered: checked against the ids the page's Markdown gives (headings,
/// raw HTML) and those the theme's templates write (`id="salary"`). An id a template computes
/// is known by its fixed start only (`question-` of `id="question-{{ loop.index }}"`), and
/// when a page template computes a whole id, nothing is checked here. Only pages whose text
/// may link to itself are read again, and only in a run that has errors.
fn same_page_anchors(site: &Site, theme: &Theme) -> Vec<Diagnostic> {
    // Templates of list pages, which no page's Markdown is rendered into.
    const LIST_TEMPLATES: &[&str] = &[
        "a-z.html",
        "routes.html",
        "route.html",
        "compare.html",
        "map.html",
        "salaries.html",
        "search.html",
        "taxonomy.html",
        "term.html",
        "404.html",
    ];
    struct Paths<'a>(&'a Site);
    impl markdown::LinkResolver for Paths<'_> {
        fn page_path(&self, content_path: &str) -> Option<String> {
            let i = *self.0.by_content_path.get(content_path)?;
            Some(self.0.pages[i].path.clone())
        }
        fn is_draft(&self, _: &str) -> bool {
            false
        }
        fn asset_exists(&self, _: &str) -> bool {
            true
        }
    }
    // The ids the page templates write: whole, or the fixed start of a computed one.
    let (mut whole, mut starts) = (Vec::new(), Vec::new());
    for (name, (text, _)) in &theme.templates {
        if LIST_TEMPLATES.contains(&name.as_str()) {
            continue;
        }
        for id in ids_in(text) {
            match id.split_once("{{").or_else(|| id.split_once("{%")) {
                None => whole.push(id.to_string()),
                Some(("", _)) => return Vec::new(),
                Some((start, _)) => starts.push(start.to_string()),
            }
        }
    }
    let links_to_itself = |text: &str| {
        ["(#", "]: #", "\"#", ".md#"]
            .iter()
            .any(|p| text.contains(p))
    };
    site.pages
        .par_iter()
        .filter(|p| !p.generated && links_to_itself(&p.source.text))
        .flat_map_iter(|page| {
            let root = render::root_for(&page.path);
            let md = markdown::render(
                &page.source,
                &root,
                site.config.allow_raw_html,
                &Paths(site),
            );
            let mut ids = PageIds::default();
            for id in ids_in(&md.html).chain(whole.iter().map(String::as_str)) {
                ids.insert(id);
            }
            let own: Vec<markdown::AnchorLink> = md
                .anchor_links
                .into_iter()
                .filter(|l| l.target == page.path)
                .filter(|l| !starts.iter().any(|s| l.anchor.starts_with(s.as_str())))
                .collect();
            check_anchors(|path| (path == page.path).then_some(&ids), own.iter())
        })
        .collect()
}

/// The values of the `id="…"` attributes in `html` (or a template).
fn ids_in(html: &str) -> impl Iterator<Item = &str> {
    html.split(" id=\"")
        .skip(1)
        .filter_map(|rest| rest.split_once('"').map(|(id, _)| id))
}

/// A loaded and linked site with its theme, ready to render or check.
pub struct LoadedSite {
    pub site: Site,
    pub theme: Theme,
    pub tera: tera::Tera,
    /// Content paths of drafts left out of this build.
    pub draft_paths: HashSet<String>,
    /// The files the theme provides (`assets/style.css`), which pages may link to.
    pub static_paths: HashSet<String>,
    pub warnings: Vec<Diagnostic>,
}

impl LoadedSite {
    /// What rendering reads.
    pub fn input(&self) -> SiteInput<'_> {
        SiteInput {
            site: &self.site,
            theme: &self.theme,
            tera: &self.tera,
            draft_paths: &self.draft_paths,
            static_paths: &self.static_paths,
            texts: None,
        }
    }
}

/// Loads, types and links the site, keeping the pages' bodies in memory as `bodies` says.
/// Returns every diagnostic found if any is an error.
pub fn load_site(
    root: &Path,
    base_url: Option<&str>,
    drafts: bool,
    bodies: Bodies,
) -> Result<LoadedSite, Vec<Diagnostic>> {
    let globals = load_globals(root, base_url);
    let mut diags = globals.errors;
    let content_dir = root.join("content");
    let t = Instant::now();
    let (loaded, load_diags) = crate::load::load_content(root, &content_dir, bodies);
    crate::timing::stage("read content", t);
    let t = Instant::now();
    diags.extend(load_diags);
    let mut unparsed: HashSet<String> = loaded.unreadable.iter().cloned().collect();
    let mut pages = Vec::with_capacity(loaded.pages.len());
    for parsed in parse_pages(loaded.pages) {
        diags.extend(parsed.problems);
        match parsed.page {
            Some(page) => pages.push(page),
            None => {
                unparsed.insert(parsed.content_path);
            }
        }
    }
    let (wages, wage_diags) = crate::wages::apply(root, &mut pages);
    diags.extend(wage_diags);
    let (Some(config), Some(theme), Some(tera)) = (globals.config, globals.theme, globals.tera)
    else {
        crate::diagnostics::tidy(&mut diags);
        return Err(diags);
    };
    crate::timing::stage("parse front-matter", t);
    let site = link_stage(
        LinkInput {
            root,
            config,
            pages,
            assets: loaded.assets,
            wages,
            drafts,
            unparsed: &unparsed,
            theme: &theme,
        },
        &mut diags,
    );
    if diags.iter().any(Diagnostic::is_error) {
        crate::diagnostics::tidy(&mut diags);
        return Err(diags);
    }
    crate::diagnostics::tidy(&mut diags);
    Ok(LoadedSite {
        draft_paths: draft_paths(&site),
        static_paths: static_paths(&theme),
        site,
        theme,
        tera,
        warnings: diags,
    })
}

/// Every page that loads and types on its own, ignoring all problems: for tools that need to
/// know what a guide holds even while it has errors (`new` picks defaults from it, `import`
/// the SOC codes roles use). Builds and checks use [`load_site`].
pub fn load_pages_lenient(root: &Path) -> Vec<Page> {
    let (loaded, _) = crate::load::load_content(root, &root.join("content"), Bodies::All);
    loaded
        .pages
        .into_par_iter()
        .filter_map(|s| crate::model::parse_page(s).ok())
        .collect()
}

/// What a whole build keeps of its rendered pages once their search documents are indexed:
/// each page's ids and the few pages' anchors, links and problems, without a [`PageOutcome`]
/// (a few hundred bytes even when empty) per page.
#[derive(Default)]
struct Rendered {
    /// (page index, its ids), one entry a page, with no unused capacity.
    ids: Vec<(usize, PageIds)>,
    anchors: Vec<markdown::AnchorLink>,
    external_links: Vec<(usize, markdown::ExternalLink)>,
    raw_html: Vec<(usize, markdown::RawHtml)>,
    diagnostics: Vec<Diagnostic>,
}

impl Rendered {
    fn of<D>(outcomes: Vec<PageOutcome<D>>) -> Rendered {
        let mut kept = Rendered {
            ids: Vec::with_capacity(outcomes.len()),
            ..Rendered::default()
        };
        for o in outcomes {
            let mut ids = o.ids;
            ids.shrink_to_fit();
            kept.ids.push((o.index, ids));
            kept.anchors.extend(o.anchors);
            kept.external_links
                .extend(o.external_links.into_iter().map(|l| (o.index, l)));
            kept.raw_html
                .extend(o.raw_html.into_iter().map(|h| (o.index, h)));
            kept.diagnostics.extend(o.diagnostics);
        }
        kept
    }

    /// `self` followed by `later`.
    fn join(mut self, later: Rendered) -> Rendered {
        if self.ids.is_empty() {
            return later;
        }
        self.ids.extend(later.ids);
        self.anchors.extend(later.anchors);
        self.external_links.extend(later.external_links);
        self.raw_html.extend(later.raw_html);
        self.diagnostics.extend(later.diagnostics);
        self
    }
}

/// A page's search document from its rendered Markdown, with the shared-pay note its card
/// shows.
pub fn search_document<'a>(
    site: &'a Site,
    renderer: &'a render::Renderer<'_>,
) -> impl Fn(usize, &RenderedMarkdown) -> SearchDoc + Sync + 'a {
    move |i, md| search::document(site, i, md, renderer.cards[i].shared_pay.as_deref())
}

/// The pages' search documents, indexed group by group as the pages render.
pub type Indexed = std::io::Result<search::IndexedDocs>;

/// The first half of a build: every page and, side by side with them, the list pages
/// (taxonomies, A–Z, feed, sitemap, explorer), then the `#anchor` check. Returns what rendering
/// found and the pages' search documents, indexed; after it no page's Markdown is needed.
///
/// Pages render in groups of [`search::INDEX_GROUP`] in the index's order, each group indexed
/// as soon as it is done, so every page's search text is never held at once. The lists need
/// only the front-matter, so they run beside the pages and fill the pages' serial stretches.
pub fn render_pages_and_lists(
    input: SiteInput<'_>,
    sink: &dyn Sink,
) -> (RenderReport, std::io::Result<search::IndexedDocs>) {
    let site = input.site;
    let t = std::time::Instant::now();
    let renderer = input.renderer();
    let search_doc = search_document(site, &renderer);
    let order = search::page_order(site);
    let unindexed: Vec<usize> = (0..site.pages.len())
        .filter(|&i| site.pages[i].kind == Kind::Home)
        .collect();
    crate::timing::stage("prepare render", t);
    let t = std::time::Instant::now();
    type Group = (Rendered, std::io::Result<search::IndexedDocs>);
    let pages = || {
        rayon::join(
            || {
                order
                    .par_chunks(search::INDEX_GROUP)
                    .enumerate()
                    .map(|(g, group)| {
                        let mut outcomes = renderer.render_pages(group, sink, &search_doc);
                        let docs: Vec<SearchDoc> = outcomes
                            .iter_mut()
                            .map(|o| std::mem::take(&mut o.doc))
                            .collect();
                        let refs: Vec<&SearchDoc> = docs.iter().collect();
                        let indexed = search::IndexedDocs::of(&refs, g * search::INDEX_GROUP);
                        (Rendered::of(outcomes), indexed)
                    })
                    .reduce(
                        || (Rendered::default(), Ok(search::IndexedDocs::empty())),
                        |(rendered, indexed), (later, later_indexed)| {
                            (
                                rendered.join(later),
                                search::IndexedDocs::join_results(indexed, later_indexed),
                            )
                        },
                    )
            },
            || Rendered::of(renderer.render_pages(&unindexed, sink, &|_, _| ())),
        )
    };
    let lists = || {
        let t = std::time::Instant::now();
        let diagnostics = renderer.render_lists(sink, &Lists::ALL);
        crate::timing::stage("  lists", t);
        diagnostics
    };
    let (((mut rendered, indexed), home), lists): ((Group, Rendered), _) =
        rayon::join(pages, lists);
    rendered = rendered.join(home);
    rendered.diagnostics.extend(lists);
    crate::timing::stage("render pages and lists", t);
    let t = std::time::Instant::now();
    let ids: HashMap<&str, &PageIds> = rendered
        .ids
        .iter()
        .map(|(i, ids)| (site.pages[*i].path.as_str(), ids))
        .collect();
    let mut report = RenderReport {
        diagnostics: check_anchors(|path| ids.get(path).copied(), rendered.anchors.iter()),
        external_links: rendered.external_links,
        raw_html: rendered.raw_html,
    };
    drop(ids);
    report.diagnostics.extend(rendered.diagnostics);
    crate::timing::stage("check anchors", t);
    (report, indexed)
}

/// The second half of a build, after [`render_pages_and_lists`]: the search index of
/// `indexed`, the copied files and the service worker, which lists every file `sink` recorded
/// for the offline copy. Needs no page's Markdown.
pub fn finish(
    site: &Site,
    theme: &Theme,
    tera: &tera::Tera,
    sink: &RecordingSink,
    indexed: Indexed,
) -> Vec<Diagnostic> {
    let t = Instant::now();
    let index = indexed.and_then(|docs| search::write_indexed(docs, sink));
    crate::timing::stage("search index", t);
    let t = Instant::now();
    let mut diags = copy_files(site, theme, sink);
    crate::timing::stage("copy files", t);
    match index {
        Ok(index) => diags.extend(service_worker(
            site,
            theme,
            tera,
            sink,
            &index,
            sink.files(),
        )),
        Err(e) => diags.push(Diagnostic::error(
            "write",
            format!("cannot write the search index: {e}"),
        )),
    }
    diags
}

/// What [`render_loaded`] does with the pages' source texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Texts<'a> {
    /// Kept in the site, to be read again (`check`).
    Keep,
    /// Taken out of the site and freed as each page renders (a build, which needs them only
    /// until then); bodies left on disk are read again from `content_dir`.
    Free { content_dir: &'a Path },
}

/// Renders a loaded site whole into `sink` (a build's staging folder; for `check`, a sink that
/// keeps nothing): [`render_pages_and_lists`], then [`finish`]. Returns what rendering found.
pub fn render_loaded(loaded: &mut LoadedSite, sink: &dyn Sink, texts: Texts<'_>) -> RenderReport {
    // Every file written is listed for the service worker's offline copy.
    let recording = RecordingSink::new(sink);
    let taken = match texts {
        Texts::Keep => None,
        Texts::Free { content_dir } => Some(render::PageTexts::take(&mut loaded.site, content_dir)),
    };
    let (mut report, indexed) = render_pages_and_lists(
        SiteInput {
            texts: taken.as_ref(),
            ..loaded.input()
        },
        &recording,
    );
    if taken.is_some() {
        drop(taken);
        loaded
            .site
            .pages
            .iter_mut()
            .for_each(|p| p.source.release_text());
    }
    report.diagnostics.extend(finish(
        &loaded.site,
        &loaded.theme,
        &loaded.tera,
        &recording,
        indexed,
    ));
    report
}

/// Copies the theme's static files, the JSON Schemas and the content folder's files.
pub fn copy_files(site: &Site, theme: &Theme, sink: &dyn Sink) -> Vec<Diagnostic> {
    let mut report = RenderReport::default();
    for (name, (bytes, _)) in &theme.statics {
        render::write(sink, name, bytes, &mut report);
    }
    report.diagnostics.extend(crate::schema::write_site(sink));
    report
        .diagnostics
        .extend(render::data::write_pay_files(site, sink));
    for asset in &site.assets {
        match std::fs::read(&asset.source) {
            Ok(bytes) => render::write(sink, &asset.content_path, &bytes, &mut report),
            Err(e) => report.diagnostics.push(
                Diagnostic::error("unreadable", format!("cannot read this file: {e}"))
                    .in_file(PathBuf::from("content").join(&asset.content_path)),
            ),
        }
    }
    report.diagnostics
}

/// Renders `sw.js`, the service worker, once the search index is written, and `offline.json`,
/// the list of files it saves (`written`: every file the build wrote). Its version hashes the
/// theme's assets, every page's source, the templates and the index, so any change of content
/// or theme gives visitors a new worker that replaces the old cache. It installs with the whole
/// list when that fits [`render::offline::PRECACHE_BUDGET_BYTES`], and otherwise with the site
/// shell (home and search pages, the theme's assets, the index manifest and facets).
pub fn service_worker(
    site: &Site,
    theme: &Theme,
    tera: &tera::Tera,
    sink: &dyn Sink,
    index: &search::IndexSummary,
    written: Vec<(String, u64)>,
) -> Vec<Diagnostic> {
    use render::offline;
    let asset_version = render::asset_version(theme);
    let text_hashes: Vec<[u8; 8]> = site
        .pages
        .iter()
        .map(|p| p.source.text_hash.to_le_bytes())
        .collect();
    let mut parts: Vec<&[u8]> = vec![asset_version.as_bytes(), index.version.as_bytes()];
    for (page, hash) in site.pages.iter().zip(&text_hashes) {
        parts.push(page.source.content_path.as_bytes());
        parts.push(hash);
    }
    for (name, (text, _)) in &theme.templates {
        parts.push(name.as_bytes());
        parts.push(text.as_bytes());
    }
    let version = format!("{:016x}", hash::stable(&parts));
    let shell = offline::shell(
        theme,
        &asset_version,
        index.files.iter().map(|f| f.path.as_str()),
        &index.version,
    );
    let list = offline::offline_list(written);
    let mut report = RenderReport::default();
    match serde_json::to_vec(&list) {
        Ok(json) => render::write(sink, "offline.json", &json, &mut report),
        Err(e) => report.diagnostics.push(Diagnostic::error(
            "write",
            format!("cannot write /offline.json: {e}"),
        )),
    }
    let mut ctx = tera::Context::new();
    ctx.insert("version", &version);
    ctx.insert("asset_version", &asset_version);
    ctx.insert("index_version", &index.version);
    ctx.insert("site_title", &site.config.title);
    ctx.insert("offline_bytes", &list.bytes);
    ctx.insert("offline_files", &list.files.len());
    ctx.insert("budget_bytes", &offline::PRECACHE_BUDGET_BYTES);
    ctx.insert_value(
        "precache",
        tera::Value::safe_string(&serde_json::to_string(&shell).unwrap_or_else(|_| "[]".into())),
    );
    ctx.insert_value(
        "title_json",
        tera::Value::safe_string(
            &serde_json::to_string(&site.config.title).unwrap_or_else(|_| "\"\"".into()),
        ),
    );
    render::render_to(tera, theme, "sw.js", &ctx, sink, "sw.js", &mut report);
    report.diagnostics
}
