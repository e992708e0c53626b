//! Incremental: `serve`'s engine, a site kept in memory between edits that rebuilds only what
//! a change touches, through the same stage functions as a build ([`crate::pipeline`]).
//!
//! A [`Project`] holds the linked site, the rendered files in memory, and what each page showed
//! the last time it was rendered (its card, the pages whose cards it displays, the hash of its
//! source). After a change, only the files that changed on disk are read and typed again, the
//! site is linked again (cheap, linear), and a page is rendered again only when its own source
//! changed, when a page it displays changed its card (title, summary, level, pay…), when the
//! set of pages it displays changed, or when a link in it starts or stops resolving. Template,
//! `site.yaml` and `data/` changes render everything. Nothing is written to disk: the served
//! files are an immutable snapshot swapped only when a rebuild has no error, so a visitor never
//! sees a half-updated site.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::link::Site;
use crate::load::{self, AssetFile, FoundPage};
use crate::markdown::AnchorLink;
use crate::model::{Kind, Page};
use crate::pipeline;
use crate::render::view::Card;
use crate::render::{self, Renderer};
use crate::search::SearchDoc;
use crate::sink::Sink;
pub use crate::sink::{Files, MemorySink};
use crate::theme::Theme;

/// How a project is opened.
#[derive(Debug, Clone)]
pub struct ProjectOptions {
    pub base_url: Option<String>,
    pub drafts: bool,
    /// A fixed asset version for every page (serve uses one, so a CSS edit does not change
    /// every page's HTML).
    pub asset_version: Option<String>,
}

/// What a rebuild had to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RebuildKind {
    /// Everything was read and rendered again (`site.yaml`, `data/` or a template changed, or
    /// the last rebuild failed).
    Full,
    /// Content changed: the files that changed were read again, and the pages they touch
    /// rendered again.
    Pages,
    /// Only the theme's or the site's static files changed: they were copied again.
    Static,
    /// Nothing the site is made of changed.
    #[default]
    Nothing,
}

impl RebuildKind {
    /// The word the terminal shows (`Rebuilt (pages): …`).
    pub fn name(self) -> &'static str {
        match self {
            RebuildKind::Full => "full",
            RebuildKind::Pages => "pages",
            RebuildKind::Static => "static",
            RebuildKind::Nothing => "none",
        }
    }
}

/// What one rebuild did.
#[derive(Debug, Clone, Default)]
pub struct RebuildReport {
    pub kind: RebuildKind,
    /// Pages whose templates were rendered.
    pub rendered: usize,
    /// Site paths whose bytes changed (added, changed or removed).
    pub changed: Vec<String>,
    /// Only stylesheets changed: the browser can swap them without a reload.
    pub css_only: bool,
    /// Errors (the served site was left as it was) and warnings.
    pub diagnostics: Vec<Diagnostic>,
    pub elapsed: Duration,
}

impl RebuildReport {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// The stable id of a content path, allocated on first sight.
fn intern(ids: &mut HashMap<String, u32>, content_path: &str) -> u32 {
    if let Some(&id) = ids.get(content_path) {
        return id;
    }
    let id = ids.len() as u32;
    ids.insert(content_path.to_string(), id);
    id
}

/// What one page showed when it was last rendered.
#[derive(Debug, Clone)]
struct PageRecord {
    /// Site path of the page's file.
    path: String,
    text_hash: u64,
    card: Card,
    /// Pages whose cards this page displays.
    deps: Vec<u32>,
    /// What the page shows that its dependencies' cards do not capture (a role's routes).
    fingerprint: u64,
    updated: Option<String>,
    targets: Vec<String>,
    ids: render::PageIds,
    anchors: Vec<AnchorLink>,
    search: SearchDoc,
    warnings: Vec<Diagnostic>,
}

impl PageRecord {
    /// The record of page `i` just rendered (`outcome`), with its render `warnings`.
    fn new(
        site: &Site,
        plan: &RenderPlan,
        card: &Card,
        outcome: render::PageOutcome<SearchDoc>,
        warnings: Vec<Diagnostic>,
    ) -> PageRecord {
        let i = outcome.index;
        let page = &site.pages[i];
        PageRecord {
            path: page.path.clone(),
            text_hash: page.source.text_hash,
            card: card.clone(),
            deps: plan.deps[i].clone(),
            fingerprint: plan.routes[i].1,
            updated: page.common.updated.as_ref().map(|u| u.value.clone()),
            targets: outcome.targets,
            ids: outcome.ids,
            anchors: outcome.anchors,
            search: outcome.doc,
            warnings,
        }
    }
}

/// What the site looked like when it was last rendered without errors.
#[derive(Debug, Default)]
struct Rendered {
    /// By page id (see [`intern`]).
    pages: HashMap<u32, PageRecord>,
    /// Term page path → ids of its pages.
    terms: HashMap<String, Vec<u32>>,
    /// Ids of every page and file that existed.
    known: HashSet<u32>,
    /// Files the explorer wrote (map, routes, comparisons…), to remove those that go away.
    explorer_files: HashSet<String>,
    site_hash: u64,
}

/// A site held in memory for serving.
pub struct Project {
    root: PathBuf,
    options: ProjectOptions,
    /// `site.yaml`, the theme and its templates, and why any could not be loaded.
    globals: pipeline::Globals,
    site: Option<Site>,
    /// Files that could not be read or typed, with their errors, by content path.
    broken: BTreeMap<String, Vec<Diagnostic>>,
    /// Modification stamps of the Markdown files as last read.
    stamps: HashMap<String, Option<(SystemTime, u64)>>,
    /// Warnings from the last scan of `content/` (kept for rebuilds that do not scan).
    scan_diags: Vec<Diagnostic>,
    /// Stable numbers for content paths, so the state survives linking again without
    /// string-keyed maps.
    ids: HashMap<String, u32>,
    /// Wage tables from `data/wages/` (read on full rebuilds; a change there is one).
    wages: crate::wages::Wages,
    wage_diags: Vec<Diagnostic>,
    rendered: Option<Rendered>,
    files: Arc<Files>,
    search_stale: bool,
}

impl Project {
    /// Loads and renders the whole site into memory.
    pub fn open(root: &Path, options: ProjectOptions) -> (Project, RebuildReport) {
        let mut project = Project {
            root: root.to_path_buf(),
            options,
            globals: pipeline::Globals::default(),
            site: None,
            broken: BTreeMap::new(),
            stamps: HashMap::new(),
            scan_diags: Vec::new(),
            ids: HashMap::new(),
            wages: crate::wages::Wages::default(),
            wage_diags: Vec::new(),
            rendered: None,
            files: Arc::new(Files::new()),
            search_stale: false,
        };
        let report = project.full_rebuild(Instant::now());
        (project, report)
    }

    /// The files currently served (the last version without errors).
    pub fn files(&self) -> Arc<Files> {
        Arc::clone(&self.files)
    }

    pub fn config(&self) -> Option<&SiteConfig> {
        self.globals.config.as_ref()
    }

    /// Whether the search index lags behind the pages (rebuilt by [`Project::refresh_search`]).
    pub fn search_is_stale(&self) -> bool {
        self.search_stale
    }

    /// Reacts to changed paths (absolute, or relative to the root).
    pub fn apply(&mut self, changed: &[PathBuf]) -> RebuildReport {
        let start = Instant::now();
        let mut content = false;
        let mut statics = false;
        let mut full = false;
        for path in changed {
            let rel = path.strip_prefix(&self.root).unwrap_or(path);
            let mut parts = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned());
            let first = parts.next().unwrap_or_default();
            let second = parts.next().unwrap_or_default();
            let third = parts.next().unwrap_or_default();
            match first.as_str() {
                "site.yaml" | "data" => full = true,
                "content" => content = true,
                "static" => statics = true,
                "themes" if third == "static" => statics = true,
                "themes" if !second.is_empty() => full = true,
                _ => {}
            }
        }
        if full || self.site.is_none() || self.rendered.is_none() {
            return self.full_rebuild(start);
        }
        if content {
            let mut report = self.content_rebuild(start, changed);
            if statics && !report.has_errors() {
                let more = self.static_rebuild(start);
                report.changed.extend(more.changed);
                report.diagnostics.extend(more.diagnostics);
                report.css_only = false;
            }
            return report;
        }
        if statics {
            return self.static_rebuild(start);
        }
        RebuildReport {
            kind: RebuildKind::Nothing,
            elapsed: start.elapsed(),
            ..RebuildReport::default()
        }
    }

    /// Records that the current search documents were handed to whoever builds the index.
    pub fn mark_search_sent(&mut self) {
        self.search_stale = false;
    }

    /// The current search documents, sorted by path (for building the index elsewhere).
    pub fn search_docs(&self) -> Vec<SearchDoc> {
        let Some(rendered) = &self.rendered else {
            return Vec::new();
        };
        let mut docs: Vec<SearchDoc> = rendered.pages.values().map(|r| r.search.clone()).collect();
        docs.sort_by(|a, b| a.path.cmp(&b.path));
        docs
    }

    /// Rebuilds the search index from the stored search documents into the served files.
    pub fn refresh_search(&mut self) -> Vec<Diagnostic> {
        let docs = self.search_docs();
        let sink = MemorySink::default();
        if let Err(e) = crate::search::write_index(&docs, &sink) {
            return vec![Diagnostic::error(
                "write",
                format!("cannot write the search index: {e}"),
            )];
        }
        let mut files = (*self.files).clone();
        files.extend(sink.into_files());
        self.files = Arc::new(files);
        self.search_stale = false;
        Vec::new()
    }

    /// Reads and types `found`, recording failures in `broken`.
    fn read(&mut self, found: &[FoundPage]) -> Vec<Page> {
        let (sources, failed) = load::read_pages(&self.root, found, load::Bodies::All);
        for f in found {
            self.broken.remove(&f.content_path);
            self.stamps.insert(f.content_path.clone(), f.stamp);
        }
        for (content_path, d) in failed {
            self.broken.entry(content_path).or_default().push(d);
        }
        let mut pages = Vec::with_capacity(sources.len());
        for parsed in pipeline::parse_pages(sources) {
            if parsed.problems.iter().any(Diagnostic::is_error) {
                self.broken
                    .entry(parsed.content_path)
                    .or_default()
                    .extend(parsed.problems);
            }
            // With errors, the page without its wrong keys: linked so that its references
            // are checked too; nothing renders while the file is in `broken`, and the page
            // is read again (and replaced) when the file changes.
            pages.extend(parsed.page);
        }
        pages
    }

    fn full_rebuild(&mut self, start: Instant) -> RebuildReport {
        self.globals = pipeline::load_globals(&self.root, self.options.base_url.as_deref());
        let (scan, scan_diags) = load::scan_content(&self.root, &self.root.join("content"), true);
        self.broken.clear();
        self.stamps.clear();
        let mut pages = self.read(&scan.pages);
        let (wages, wage_diags) = crate::wages::apply(&self.root, &mut pages);
        self.wages = wages;
        self.wage_diags = wage_diags;
        self.rendered = None;
        self.scan_diags = scan_diags.clone();
        let mut report =
            self.link_and_render(pages, scan.assets, scan_diags, &HashSet::new(), start);
        report.kind = RebuildKind::Full;
        report
    }

    /// Content changed. When every changed path is a file, only those files are read again;
    /// when a folder changed (created, renamed, removed), the content folder is scanned.
    fn content_rebuild(&mut self, start: Instant, changed: &[PathBuf]) -> RebuildReport {
        let Some(site) = self.site.take() else {
            return self.full_rebuild(start);
        };
        let (_, mut pages, mut assets) = site.into_pages();
        let content_dir = self.root.join("content");
        let mut files: Vec<(String, PathBuf)> = Vec::new();
        let mut targeted = true;
        for path in changed {
            let abs = if path.is_absolute() {
                path.clone()
            } else {
                self.root.join(path)
            };
            let Ok(rel) = abs.strip_prefix(&content_dir) else {
                continue;
            };
            if abs.is_dir() || rel.extension().is_none() {
                // A folder (or something that was one) changed: scan everything.
                targeted = false;
                continue;
            }
            if rel
                .components()
                .any(|c| load::is_ignored_name(&c.as_os_str().to_string_lossy()))
            {
                continue;
            }
            let content_path = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            files.push((content_path, abs));
        }
        let (to_read, scan_diags, changed_assets) = if targeted {
            let mut to_read = Vec::new();
            let mut changed_assets = HashSet::new();
            for (content_path, abs) in &files {
                let exists = abs.is_file();
                if content_path.ends_with(".md") {
                    pages.retain(|p| &p.source.content_path != content_path);
                    self.broken.remove(content_path);
                    self.stamps.remove(content_path);
                    if exists {
                        let stamp = std::fs::metadata(abs)
                            .ok()
                            .and_then(|m| Some((m.modified().ok()?, m.len())));
                        to_read.push(FoundPage {
                            path: abs.clone(),
                            content_path: content_path.clone(),
                            stamp,
                        });
                    }
                } else {
                    assets.retain(|a| &a.content_path != content_path);
                    if exists {
                        assets.push(AssetFile {
                            source: abs.clone(),
                            content_path: content_path.clone(),
                        });
                        changed_assets.insert(content_path.clone());
                    }
                }
            }
            assets.sort_by(|a, b| a.content_path.cmp(&b.content_path));
            (to_read, self.scan_diags.clone(), changed_assets)
        } else {
            let (scan, scan_diags) = load::scan_content(&self.root, &content_dir, true);
            self.scan_diags = scan_diags.clone();
            // Which Markdown files are new, changed or gone since they were last read.
            let present: HashSet<&str> =
                scan.pages.iter().map(|f| f.content_path.as_str()).collect();
            let to_read: Vec<FoundPage> = scan
                .pages
                .iter()
                .filter(|f| self.stamps.get(&f.content_path) != Some(&f.stamp) || f.stamp.is_none())
                .cloned()
                .collect();
            let reread: HashSet<&str> = to_read.iter().map(|f| f.content_path.as_str()).collect();
            pages.retain(|p| {
                present.contains(p.source.content_path.as_str())
                    && !reread.contains(p.source.content_path.as_str())
            });
            self.broken.retain(|k, _| present.contains(k.as_str()));
            self.stamps.retain(|k, _| present.contains(k.as_str()));
            // Files whose bytes may have changed (copied again).
            let changed_assets: HashSet<String> = scan
                .assets
                .iter()
                .filter(|a| {
                    let stamp = std::fs::metadata(&a.source)
                        .ok()
                        .and_then(|m| Some((m.modified().ok()?, m.len())));
                    self.stamps
                        .insert(format!("asset:{}", a.content_path), stamp)
                        != Some(stamp)
                })
                .map(|a| a.content_path.clone())
                .collect();
            assets = scan.assets;
            (to_read, scan_diags, changed_assets)
        };
        let mut fresh = self.read(&to_read);
        self.wages.fill(&mut fresh);
        pages.extend(fresh);
        self.link_and_render(pages, assets, scan_diags, &changed_assets, start)
    }

    fn static_rebuild(&mut self, start: Instant) -> RebuildReport {
        let theme_name = self.globals.config.as_ref().and_then(|c| c.theme.clone());
        let theme = match Theme::load(&self.root, theme_name.as_deref()) {
            Ok(t) => t,
            Err(d) => {
                return RebuildReport {
                    kind: RebuildKind::Static,
                    diagnostics: d,
                    elapsed: start.elapsed(),
                    ..RebuildReport::default()
                };
            }
        };
        let mut files = (*self.files).clone();
        let mut changed_paths = Vec::new();
        let mut css_only = true;
        for (name, (bytes, _)) in &theme.statics {
            let now = Arc::new(bytes.clone());
            if files.get(name).map(|b| b.as_slice()) != Some(bytes.as_slice()) {
                files.insert(name.clone(), now);
                changed_paths.push(name.clone());
                css_only &= name.ends_with(".css");
            }
        }
        // Static files that were deleted.
        if let Some(old) = &self.globals.theme {
            for name in old.statics.keys() {
                if !theme.statics.contains_key(name) && files.remove(name).is_some() {
                    changed_paths.push(name.clone());
                    css_only = false;
                }
            }
        }
        self.globals.theme = Some(theme);
        self.files = Arc::new(files);
        RebuildReport {
            kind: RebuildKind::Static,
            rendered: 0,
            css_only: css_only && !changed_paths.is_empty(),
            changed: changed_paths,
            diagnostics: Vec::new(),
            elapsed: start.elapsed(),
        }
    }

    /// Links `pages` and renders what changed since the last good render into the served
    /// files: the link stage, then [`Project::render_changes`].
    fn link_and_render(
        &mut self,
        pages: Vec<Page>,
        assets: Vec<AssetFile>,
        scan_diags: Vec<Diagnostic>,
        changed_assets: &HashSet<String>,
        start: Instant,
    ) -> RebuildReport {
        let mut diags: Vec<Diagnostic> = self.globals.errors.clone();
        diags.extend(self.wage_diags.iter().cloned());
        diags.extend(scan_diags);
        diags.extend(self.broken.values().flatten().cloned());
        let (Some(config), Some(theme)) = (self.globals.config.clone(), &self.globals.theme) else {
            return failed_rebuild(RebuildKind::Full, diags, start);
        };
        let unparsed: HashSet<String> = self.broken.keys().cloned().collect();
        crate::timing::stage("incr: before link", start);
        let site = pipeline::link_stage(
            pipeline::LinkInput {
                root: &self.root,
                config,
                pages,
                assets,
                wages: self.wages.clone(),
                drafts: self.options.drafts,
                unparsed: &unparsed,
                theme,
            },
            &mut diags,
        );
        let report = if diags.iter().any(Diagnostic::is_error) {
            failed_rebuild(RebuildKind::Pages, diags, start)
        } else {
            crate::timing::stage("incr: linked", start);
            self.render_changes(&site, changed_assets, diags, start)
        };
        self.site = Some(site);
        report
    }

    /// Renders the pages and lists a change touched ([`RenderPlan`]), checks the whole site's
    /// `#anchor`s, and swaps the files in ([`Project::publish`]) when nothing is wrong.
    fn render_changes(
        &mut self,
        site: &Site,
        changed_assets: &HashSet<String>,
        mut diags: Vec<Diagnostic>,
        start: Instant,
    ) -> RebuildReport {
        let (Some(theme), Some(tera)) = (&self.globals.theme, &self.globals.tera) else {
            return failed_rebuild(RebuildKind::Full, diags, start);
        };
        let draft_paths = pipeline::draft_paths(site);
        let static_paths = pipeline::static_paths(theme);
        let mut renderer = Renderer::new(site, theme, tera, &draft_paths, &static_paths);
        if let Some(v) = &self.options.asset_version {
            renderer.set_asset_version(v);
        }
        let site_hash = renderer.site_view_hash();
        let old = self.rendered.take().filter(|o| o.site_hash == site_hash);
        let plan = RenderPlan::new(site, &renderer.cards, &mut self.ids, old.as_ref());
        let kind = if plan.full {
            RebuildKind::Full
        } else {
            RebuildKind::Pages
        };
        crate::timing::stage("incr: dirty found", start);

        let sink = MemorySink::default();
        let outcomes = renderer.render_pages(
            &plan.dirty,
            &sink,
            &pipeline::search_document(site, &renderer),
        );
        diags.extend(renderer.render_lists(&sink, &plan.lists(site, old.as_ref())));
        diags.extend(if plan.full {
            pipeline::copy_files(site, theme, &sink)
        } else {
            copy_changed_assets(site, &self.ids, &plan, changed_assets, &sink)
        });
        let rendered_count = outcomes.len();
        let fresh = page_records(site, &plan, &renderer.cards, outcomes, &mut diags);
        crate::timing::stage("incr: rendered", start);
        diags.extend(site_anchors(site, &plan, &fresh, old.as_ref()));
        if diags.iter().any(Diagnostic::is_error) {
            // Keep serving the last good files; render this state again next time.
            self.rendered = old;
            return failed_rebuild(kind, diags, start);
        }
        crate::diagnostics::tidy(&mut diags);

        crate::timing::stage("incr: checked", start);
        let (state, removed_paths) = next_state(site, plan, fresh, old, site_hash);
        let changed = self.publish(sink.into_files(), removed_paths, kind == RebuildKind::Full);
        self.rendered = Some(state);
        self.search_stale = true;
        RebuildReport {
            kind,
            rendered: rendered_count,
            changed,
            css_only: false,
            diagnostics: diags,
            elapsed: start.elapsed(),
        }
    }

    /// Swaps in the files just rendered, less `removed` (pages and lists that are gone) and the
    /// later pages of lists that got shorter; after a full render, every file not rendered
    /// again is gone too, but the last search index stays until the new one is written.
    /// Returns the site paths whose bytes changed.
    fn publish(&mut self, new_files: Files, mut removed: Vec<String>, full: bool) -> Vec<String> {
        let mut files: Files = if full {
            Files::with_capacity(new_files.len())
        } else {
            (*self.files).clone()
        };
        // A list rendered again may have fewer pages than before, and a list that is gone
        // takes its later pages with it: later pages not written this time are gone.
        let gone: HashSet<&String> = removed.iter().collect();
        let later_pages_gone: Vec<String> = files
            .keys()
            .filter(|path| {
                !new_files.contains_key(*path)
                    && render::paginate::first_page_file(path).is_some_and(|first| {
                        new_files.contains_key(&first) || gone.contains(&first)
                    })
            })
            .cloned()
            .collect();
        removed.extend(later_pages_gone);
        let mut changed = Vec::new();
        for path in removed {
            if !new_files.contains_key(&path) && files.remove(&path).is_some() {
                changed.push(path);
            }
        }
        for (path, bytes) in new_files {
            if self.files.get(&path).map(|b| b.as_slice()) != Some(bytes.as_slice()) {
                changed.push(path.clone());
            }
            files.insert(path, bytes);
        }
        if full {
            for (path, bytes) in self
                .files
                .iter()
                .filter(|(p, _)| p.starts_with(crate::paths::SEARCH_INDEX))
            {
                files
                    .entry(path.clone())
                    .or_insert_with(|| Arc::clone(bytes));
            }
            changed.extend(
                self.files
                    .keys()
                    .filter(|p| !files.contains_key(*p))
                    .cloned(),
            );
        }
        changed.sort();
        changed.dedup();
        self.files = Arc::new(files);
        changed
    }
}

/// Which pages and lists a content rebuild renders, from what each page shows now and what it
/// showed when it was last rendered (`old`; none after a change that renders everything).
struct RenderPlan {
    /// Every page's stable id, by page index.
    page_id: Vec<u32>,
    /// Ids of every page and file that exists now.
    known: HashSet<u32>,
    /// Each role's routes: the roles on them, and a number that changes when they do.
    routes: Vec<(Vec<usize>, u64)>,
    /// Ids of the pages whose cards each page displays.
    deps: Vec<Vec<u32>>,
    /// Whether everything renders (no usable last state).
    full: bool,
    /// The pages to render again.
    dirty: Vec<usize>,
    appeared_or_gone: HashSet<u32>,
    card_changed: HashSet<u32>,
    /// Term page path → ids of its pages, now.
    terms_now: HashMap<String, Vec<u32>>,
    /// Term pages whose members or members' cards changed.
    dirty_terms: HashSet<String>,
}

impl RenderPlan {
    fn new(
        site: &Site,
        cards: &[Card],
        ids: &mut HashMap<String, u32>,
        old: Option<&Rendered>,
    ) -> RenderPlan {
        let n = site.pages.len();
        let page_id: Vec<u32> = (0..n)
            .map(|i| intern(ids, &site.pages[i].source.content_path))
            .collect();
        let mut known: HashSet<u32> = page_id.iter().copied().collect();
        for a in &site.assets {
            known.insert(intern(ids, &a.content_path));
        }
        // Roles also show their routes: the roles on them are dependencies too, and a number
        // tells when the routes themselves change.
        let routes: Vec<(Vec<usize>, u64)> = {
            use rayon::prelude::*;
            (0..n)
                .into_par_iter()
                .map(|i| crate::explore::plan::route_summary(site, i))
                .collect()
        };
        let deps: Vec<Vec<u32>> = (0..n)
            .map(|i| {
                let mut d = dependencies(site, i);
                d.extend(&routes[i].0);
                d.sort_unstable();
                d.dedup();
                d.into_iter().map(|j| page_id[j]).collect()
            })
            .collect();
        let terms_now = terms_of(site, &page_id);
        let mut plan = RenderPlan {
            page_id,
            known,
            routes,
            deps,
            full: old.is_none(),
            dirty: Vec::new(),
            appeared_or_gone: HashSet::new(),
            card_changed: HashSet::new(),
            terms_now,
            dirty_terms: HashSet::new(),
        };
        match old {
            None => {
                plan.dirty = (0..n).collect();
                plan.dirty_terms = plan.terms_now.keys().cloned().collect();
            }
            Some(old) => plan.compare(site, cards, ids, old),
        }
        plan
    }

    /// Finds what changed since `old`: pages whose text, card, dependencies, routes, path or
    /// link targets changed, and term pages whose members did.
    fn compare(&mut self, site: &Site, cards: &[Card], ids: &HashMap<String, u32>, old: &Rendered) {
        let page_id = &self.page_id;
        self.appeared_or_gone = self
            .known
            .symmetric_difference(&old.known)
            .copied()
            .collect();
        self.card_changed = self.appeared_or_gone.clone();
        for (id, card) in page_id.iter().zip(cards) {
            if old.pages.get(id).is_none_or(|r| &r.card != card) {
                self.card_changed.insert(*id);
            }
        }
        let gone_paths: HashSet<&str> = ids
            .iter()
            .filter(|(_, id)| self.appeared_or_gone.contains(id))
            .map(|(p, _)| p.as_str())
            .collect();
        let (appeared_or_gone, card_changed) = (&self.appeared_or_gone, &self.card_changed);
        self.dirty = (0..site.pages.len())
            .filter(|&i| {
                let id = page_id[i];
                let Some(r) = old.pages.get(&id) else {
                    return true;
                };
                let page = &site.pages[i];
                // The home page counts pages of every kind.
                (page.kind == Kind::Home && !appeared_or_gone.is_empty())
                    || r.text_hash != page.source.text_hash
                    || card_changed.contains(&id)
                    || r.deps != self.deps[i]
                    || r.fingerprint != self.routes[i].1
                    || self.deps[i].iter().any(|d| card_changed.contains(d))
                    || r.targets.iter().any(|t| gone_paths.contains(t.as_str()))
                    || r.path != page.path
            })
            .collect();
        self.dirty_terms = self
            .terms_now
            .iter()
            .filter(|(path, members)| {
                old.terms.get(*path) != Some(*members)
                    || members.iter().any(|m| card_changed.contains(m))
            })
            .map(|(p, _)| p.clone())
            .collect();
    }

    /// The lists to render again: all of them after a full change; otherwise the changed term
    /// pages, and the index, feeds and explorer when what they show changed.
    fn lists<'a>(&'a self, site: &Site, old: Option<&Rendered>) -> render::Lists<'a> {
        let Some(old) = old else {
            return render::Lists::ALL;
        };
        let cards_or_pages = !self.card_changed.is_empty() || !self.appeared_or_gone.is_empty();
        let dates = self.dirty.iter().any(|&i| {
            old.pages.get(&self.page_id[i]).is_none_or(|r| {
                r.updated.as_deref()
                    != site.pages[i]
                        .common
                        .updated
                        .as_ref()
                        .map(|u| u.value.as_str())
            })
        });
        // The explorer shows every role's card and the moves between roles.
        let graph = self.dirty.iter().any(|&i| {
            site.pages[i].kind == Kind::Role
                && old
                    .pages
                    .get(&self.page_id[i])
                    .is_none_or(|r| r.deps != self.deps[i] || r.fingerprint != self.routes[i].1)
        });
        render::Lists {
            terms: Some(&self.dirty_terms),
            index: cards_or_pages,
            feeds: cards_or_pages || dates || graph,
            explore: cards_or_pages || graph,
        }
    }
}

/// Term page path → ids of its pages (by `page_id`).
fn terms_of(site: &Site, page_id: &[u32]) -> HashMap<String, Vec<u32>> {
    let mut terms = HashMap::new();
    for term in site
        .taxonomies
        .levels
        .iter()
        .chain(&site.taxonomies.areas)
        .chain(&site.taxonomies.tags)
    {
        if !term.pages.is_empty() {
            terms.insert(
                term.path.clone(),
                term.pages.iter().map(|&i| page_id[i]).collect(),
            );
        }
    }
    terms
}

/// A rebuild that found errors: the problems, in order; nothing rendered is served.
fn failed_rebuild(
    kind: RebuildKind,
    mut diagnostics: Vec<Diagnostic>,
    start: Instant,
) -> RebuildReport {
    crate::diagnostics::tidy(&mut diagnostics);
    RebuildReport {
        kind,
        diagnostics,
        elapsed: start.elapsed(),
        ..RebuildReport::default()
    }
}

/// The records of the pages just rendered, by page id; their errors go to `diags` (their
/// warnings stay in the records, shown again with every rebuild).
fn page_records(
    site: &Site,
    plan: &RenderPlan,
    cards: &[Card],
    outcomes: Vec<render::PageOutcome<SearchDoc>>,
    diags: &mut Vec<Diagnostic>,
) -> HashMap<u32, PageRecord> {
    let mut fresh: HashMap<u32, PageRecord> = HashMap::with_capacity(outcomes.len());
    for mut outcome in outcomes {
        let i = outcome.index;
        let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
            std::mem::take(&mut outcome.diagnostics)
                .into_iter()
                .partition(Diagnostic::is_error);
        diags.extend(errors);
        let record = PageRecord::new(site, plan, &cards[i], outcome, warnings);
        fresh.insert(plan.page_id[i], record);
    }
    fresh
}

/// Copies the content files that changed, appeared, or whose page came back.
fn copy_changed_assets(
    site: &Site,
    ids: &HashMap<String, u32>,
    plan: &RenderPlan,
    changed: &HashSet<String>,
    sink: &dyn Sink,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for a in site.assets.iter().filter(|a| {
        changed.contains(&a.content_path)
            || ids
                .get(&a.content_path)
                .is_none_or(|id| plan.appeared_or_gone.contains(id))
    }) {
        match std::fs::read(&a.source) {
            Ok(bytes) => {
                let _ = sink.put(&a.content_path, &bytes);
            }
            Err(e) => diags.push(
                Diagnostic::error("unreadable", format!("cannot read this file: {e}"))
                    .in_file(PathBuf::from("content").join(&a.content_path)),
            ),
        }
    }
    diags
}

/// Every page's render warnings again, and the `#anchor` check across the whole site, from
/// the pages just rendered (`fresh`) and the records of the others.
fn site_anchors(
    site: &Site,
    plan: &RenderPlan,
    fresh: &HashMap<u32, PageRecord>,
    old: Option<&Rendered>,
) -> Vec<Diagnostic> {
    let record = |i: usize| {
        fresh
            .get(&plan.page_id[i])
            .or_else(|| old.and_then(|o| o.pages.get(&plan.page_id[i])))
    };
    let mut diags = Vec::new();
    let mut anchors: Vec<&AnchorLink> = Vec::new();
    for i in 0..site.pages.len() {
        if let Some(r) = record(i) {
            anchors.extend(r.anchors.iter());
            diags.extend(r.warnings.iter().cloned());
        }
    }
    // Only the pages something links to with an anchor need their ids looked up.
    let wanted: HashSet<&str> = anchors.iter().map(|a| a.target.as_str()).collect();
    let mut ids_by_path: HashMap<String, render::PageIds> = HashMap::new();
    for i in 0..site.pages.len() {
        if wanted.contains(site.pages[i].path.as_str())
            && let Some(r) = record(i)
        {
            ids_by_path.insert(site.pages[i].path.clone(), r.ids.clone());
        }
    }
    diags.extend(render::check_anchors(|path| ids_by_path.get(path), anchors));
    diags
}

/// The state after a successful rebuild, and the files of pages, terms and explorer pages that
/// are gone or moved.
fn next_state(
    site: &Site,
    plan: RenderPlan,
    fresh: HashMap<u32, PageRecord>,
    old: Option<Rendered>,
    site_hash: u64,
) -> (Rendered, Vec<String>) {
    let mut state = old.unwrap_or_default();
    let mut removed = Vec::new();
    for (id, r) in &state.pages {
        let moved = fresh.get(id).is_some_and(|f| f.path != r.path);
        if !plan.known.contains(id) || moved {
            removed.push(format!("{}index.html", r.path));
        }
    }
    for path in state
        .terms
        .keys()
        .filter(|p| !plan.terms_now.contains_key(*p))
    {
        removed.push(format!("{path}index.html"));
    }
    let explorer_files: HashSet<String> = crate::explore::plan::files(site).into_iter().collect();
    removed.extend(state.explorer_files.difference(&explorer_files).cloned());
    state.explorer_files = explorer_files;
    state.pages.retain(|id, _| plan.known.contains(id));
    state.pages.extend(fresh);
    state.terms = plan.terms_now;
    state.known = plan.known;
    state.site_hash = site_hash;
    (state, removed)
}

/// The pages whose cards or titles page `i` displays.
fn dependencies(site: &Site, i: usize) -> Vec<usize> {
    let r = &site.relations[i];
    let page = &site.pages[i];
    let mut deps: Vec<usize> = Vec::new();
    deps.extend(r.education);
    deps.extend(&r.settings);
    deps.extend(&r.certifications);
    deps.extend(&r.next_roles);
    deps.extend(&r.comes_from);
    deps.extend(&r.pathways_out);
    deps.extend(&r.pathways_in);
    deps.extend(&r.roles);
    deps.extend(&r.certifications_needing);
    deps.extend(r.from);
    deps.extend(r.to);
    deps.extend(&r.children);
    deps.extend(&r.subsections);
    deps.extend(&r.assessment_roles);
    // O*NET's similar occupations that are roles of the guide, as cards.
    deps.extend(crate::render::data::related_roles(site, i));
    // Breadcrumbs show every ancestor's title.
    let mut parent = page.parent.clone();
    while let Some(p) = parent {
        match site.by_path.get(&p) {
            Some(&j) if j != i => {
                deps.push(j);
                parent = site.pages[j].parent.clone();
            }
            _ => break,
        }
    }
    match page.kind {
        // A pathway shows the education and credentials of both its roles.
        Kind::Pathway => {
            for end in [r.from, r.to].into_iter().flatten() {
                deps.extend(site.relations[end].education);
                deps.extend(&site.relations[end].certifications);
            }
        }
        // The home page lists every role by level and by area.
        Kind::Home => deps.extend(
            site.taxonomies
                .levels
                .iter()
                .flat_map(|t| t.pages.iter().copied()),
        ),
        // An education page links to the levels before and after it.
        Kind::Education => deps.extend(
            (0..site.pages.len()).filter(|&j| site.pages[j].kind == Kind::Education && j != i),
        ),
        // A roles section groups every role by level.
        Kind::Section if page.lists == Some(Kind::Role) => deps.extend(
            site.taxonomies
                .levels
                .iter()
                .flat_map(|t| t.pages.iter().copied()),
        ),
        _ => {}
    }
    deps.sort_unstable();
    deps.dedup();
    deps
}
