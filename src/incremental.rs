//! Incremental: a site kept in memory between edits, rebuilding only what a change touches.
//!
//! `serve` (and the incremental benchmark) hold a [`Project`]: the linked site, the rendered
//! files in memory, and what each page showed the last time it was rendered (its card, the
//! pages whose cards it displays, the hash of its source). After a change, only the files that
//! changed on disk are read and parsed again, the site is linked again (cheap, linear), and a
//! page is rendered again only when its own source changed, when a page it displays changed
//! its card (title, summary, level, pay…), when the set of pages it displays changed, or when a
//! link in it starts or stops resolving. Template, `site.yaml` and `data/` changes render
//! everything. Nothing is written to disk: the served files are an immutable snapshot that is
//! swapped only when a rebuild has no error, so a visitor never sees a half-updated site.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use crate::build::sort;
use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::link::Site;
use crate::load::{self, AssetFile, FoundPage};
use crate::markdown::AnchorLink;
use crate::model::{Kind, Page};
use crate::render::view::Card;
use crate::render::{self, Renderer, Sink};
use crate::search::SearchDoc;
use crate::theme::Theme;

/// The files of a site: site path (`roles/x/index.html`) to bytes.
pub type Files = HashMap<String, Arc<Vec<u8>>>;

/// A sink that keeps files in memory.
#[derive(Debug, Default)]
pub struct MemorySink {
    files: Mutex<Files>,
}

impl MemorySink {
    pub fn into_files(self) -> Files {
        self.files
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Sink for MemorySink {
    fn put(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        if crate::output::safe_relative(rel).is_none() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("unsafe output path `{rel}`"),
            ));
        }
        let mut files = self
            .files
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        files.insert(rel.to_string(), Arc::new(bytes.to_vec()));
        Ok(())
    }
}

/// How a project is opened.
#[derive(Debug, Clone)]
pub struct ProjectOptions {
    pub base_url: Option<String>,
    pub drafts: bool,
    /// A fixed asset version for every page (serve uses one, so a CSS edit does not change
    /// every page's HTML).
    pub asset_version: Option<String>,
}

/// What one rebuild did.
#[derive(Debug, Clone, Default)]
pub struct RebuildReport {
    /// `full`, `pages`, `static` or `none`.
    pub kind: &'static str,
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
    config: Option<SiteConfig>,
    theme: Option<Theme>,
    tera: Option<tera::Tera>,
    site: Option<Site>,
    /// Files that could not be read or typed, with their errors, by content path.
    broken: BTreeMap<String, Vec<Diagnostic>>,
    /// Modification stamps of the Markdown files as last read.
    stamps: HashMap<String, Option<(SystemTime, u64)>>,
    global_errors: Vec<Diagnostic>,
    /// Warnings from the last scan of `content/` (kept for rebuilds that do not scan).
    scan_diags: Vec<Diagnostic>,
    /// Files read again since the last rebuild without errors: their pages must be compared
    /// with what was last rendered.
    pending_reread: HashSet<String>,
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

fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

impl Project {
    /// Loads and renders the whole site into memory.
    pub fn open(root: &Path, options: ProjectOptions) -> (Project, RebuildReport) {
        let mut project = Project {
            root: root.to_path_buf(),
            options,
            config: None,
            theme: None,
            tera: None,
            site: None,
            broken: BTreeMap::new(),
            stamps: HashMap::new(),
            global_errors: Vec::new(),
            scan_diags: Vec::new(),
            pending_reread: HashSet::new(),
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
        self.config.as_ref()
    }

    /// Whether the search index lags behind the pages (rebuilt by [`Project::refresh_search`]).
    pub fn search_is_stale(&self) -> bool {
        self.search_stale
    }

    /// Reacts to changed paths (absolute, or relative to the root).
    pub fn apply(&mut self, changed: &[PathBuf]) -> RebuildReport {
        let start = Instant::now();
        let mut content = false;
        let mut statics = Vec::new();
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
                "static" => statics.push(rel.to_path_buf()),
                "themes" if third == "static" => statics.push(rel.to_path_buf()),
                "themes" if !second.is_empty() => full = true,
                _ => {}
            }
        }
        if full || self.site.is_none() || self.rendered.is_none() {
            return self.full_rebuild(start);
        }
        if content {
            let mut report = self.content_rebuild(start, changed);
            if !statics.is_empty() && !report.has_errors() {
                let more = self.static_rebuild(start, &statics);
                report.changed.extend(more.changed);
                report.diagnostics.extend(more.diagnostics);
                report.css_only = false;
            }
            return report;
        }
        if !statics.is_empty() {
            return self.static_rebuild(start, &statics);
        }
        RebuildReport {
            kind: "none",
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

    fn load_global(&mut self) {
        self.global_errors.clear();
        self.config = match SiteConfig::load(&self.root, self.options.base_url.as_deref()) {
            Ok(c) => Some(c),
            Err(d) => {
                self.global_errors.extend(d);
                None
            }
        };
        self.theme = match Theme::load(
            &self.root,
            self.config.as_ref().and_then(|c| c.theme.as_deref()),
        ) {
            Ok(t) => Some(t),
            Err(d) => {
                self.global_errors.extend(d);
                None
            }
        };
        self.tera = match self.theme.as_ref().map(render::setup_tera) {
            Some(Ok(t)) => Some(t),
            Some(Err(d)) => {
                self.global_errors.extend(d);
                None
            }
            None => None,
        };
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
        let parsed: Vec<_> = {
            use rayon::prelude::*;
            sources
                .into_par_iter()
                .map(|s| (s.content_path.clone(), crate::model::parse_page_or_rest(s)))
                .collect()
        };
        let mut pages = Vec::with_capacity(parsed.len());
        for (content_path, (page, problems)) in parsed {
            if problems.iter().any(Diagnostic::is_error) {
                self.broken
                    .entry(content_path)
                    .or_default()
                    .extend(problems);
            }
            // With errors, the page without its wrong keys: linked so that its references
            // are checked too; nothing renders while the file is in `broken`, and the page
            // is read again (and replaced) when the file changes.
            pages.extend(page);
        }
        pages
    }

    fn full_rebuild(&mut self, start: Instant) -> RebuildReport {
        self.load_global();
        let (scan, scan_diags) = load::scan_content(&self.root, &self.root.join("content"), true);
        self.broken.clear();
        self.stamps.clear();
        let mut pages = self.read(&scan.pages);
        let (wages, wage_diags) = crate::wages::apply(&self.root, &mut pages);
        self.wages = wages;
        self.wage_diags = wage_diags;
        self.rendered = None;
        let reread: HashSet<String> = scan.pages.iter().map(|f| f.content_path.clone()).collect();
        self.scan_diags = scan_diags.clone();
        let mut report = self.link_and_render(
            pages,
            scan.assets,
            scan_diags,
            &HashSet::new(),
            &reread,
            start,
        );
        report.kind = "full";
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
        let reread: HashSet<String> = to_read.iter().map(|f| f.content_path.clone()).collect();
        let mut fresh = self.read(&to_read);
        self.wages.fill(&mut fresh);
        pages.extend(fresh);
        let mut report =
            self.link_and_render(pages, assets, scan_diags, &changed_assets, &reread, start);
        if report.kind.is_empty() {
            report.kind = "pages";
        }
        report
    }

    fn static_rebuild(&mut self, start: Instant, changed: &[PathBuf]) -> RebuildReport {
        let theme_name = self.config.as_ref().and_then(|c| c.theme.clone());
        let theme = match Theme::load(&self.root, theme_name.as_deref()) {
            Ok(t) => t,
            Err(d) => {
                return RebuildReport {
                    kind: "static",
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
        if let Some(old) = &self.theme {
            for name in old.statics.keys() {
                if !theme.statics.contains_key(name) && files.remove(name).is_some() {
                    changed_paths.push(name.clone());
                    css_only = false;
                }
            }
        }
        let _ = changed;
        self.theme = Some(theme);
        self.files = Arc::new(files);
        RebuildReport {
            kind: "static",
            rendered: 0,
            css_only: css_only && !changed_paths.is_empty(),
            changed: changed_paths,
            diagnostics: Vec::new(),
            elapsed: start.elapsed(),
        }
    }

    /// Links `pages` and renders what changed since the last good render into the served files.
    fn link_and_render(
        &mut self,
        pages: Vec<Page>,
        assets: Vec<AssetFile>,
        scan_diags: Vec<Diagnostic>,
        changed_assets: &HashSet<String>,
        reread: &HashSet<String>,
        start: Instant,
    ) -> RebuildReport {
        self.pending_reread.extend(reread.iter().cloned());
        // Cleared only when this rebuild succeeds.
        let reread = self.pending_reread.clone();
        let mut diags: Vec<Diagnostic> = self.global_errors.clone();
        diags.extend(self.wage_diags.iter().cloned());
        diags.extend(scan_diags);
        diags.extend(self.broken.values().flatten().cloned());
        let (Some(config), Some(theme), Some(tera)) =
            (self.config.clone(), self.theme.as_ref(), self.tera.as_ref())
        else {
            sort(&mut diags);
            return RebuildReport {
                kind: "full",
                diagnostics: diags,
                elapsed: start.elapsed(),
                ..RebuildReport::default()
            };
        };
        let unparsed: HashSet<(Kind, String)> = self
            .broken
            .keys()
            .filter_map(|p| crate::model::kind_and_slug(p))
            .collect();
        crate::build::timing("incr: before link", start);
        let (mut site, link_diags) =
            crate::link::link(config, pages, assets, self.options.drafts, &unparsed);
        site.wages = self.wages.clone();
        diags.extend(crate::associations::attach(&self.root, &mut site));
        diags.extend(link_diags);
        let draft_paths: HashSet<String> = site
            .excluded_drafts
            .iter()
            .map(|p| p.source.content_path.clone())
            .collect();
        let static_paths: HashSet<String> = theme.statics.keys().cloned().collect();
        if diags.iter().any(Diagnostic::is_error) {
            let unparsed_paths: HashSet<String> = self.broken.keys().cloned().collect();
            diags.extend(render::check_markdown(
                &site,
                &draft_paths,
                &static_paths,
                &unparsed_paths,
            ));
            self.site = Some(site);
            sort(&mut diags);
            diags.dedup_by(|a, b| a == b);
            return RebuildReport {
                kind: "",
                diagnostics: diags,
                elapsed: start.elapsed(),
                ..RebuildReport::default()
            };
        }

        crate::build::timing("incr: linked", start);
        let mut renderer = Renderer::new(&site, theme, tera, &draft_paths, &static_paths);
        if let Some(v) = &self.options.asset_version {
            renderer.set_asset_version(v);
        }
        let site_hash = renderer.site_view_hash();
        let n = site.pages.len();
        let page_id: Vec<u32> = (0..n)
            .map(|i| intern(&mut self.ids, &site.pages[i].source.content_path))
            .collect();
        let mut known: HashSet<u32> = page_id.iter().copied().collect();
        for a in &site.assets {
            known.insert(intern(&mut self.ids, &a.content_path));
        }
        // Roles also show their routes: the roles on them are dependencies too, and a number
        // tells when the routes themselves change.
        let routes: Vec<(Vec<usize>, u64)> = {
            use rayon::prelude::*;
            (0..n)
                .into_par_iter()
                .map(|i| crate::explore::pages::route_summary(&site, i))
                .collect()
        };
        let deps: Vec<Vec<u32>> = (0..n)
            .map(|i| {
                let mut d = dependencies(&site, i);
                d.extend(&routes[i].0);
                d.sort_unstable();
                d.dedup();
                d.into_iter().map(|j| page_id[j]).collect()
            })
            .collect();
        let old = self.rendered.take().filter(|o| o.site_hash == site_hash);
        let full = old.is_none();
        // Only files read again can have new text; the others keep their hash.
        let hashes: Vec<u64> = (0..n)
            .map(|i| {
                let kept = old
                    .as_ref()
                    .filter(|_| !reread.contains(&site.pages[i].source.content_path))
                    .and_then(|o| o.pages.get(&page_id[i]))
                    .map(|r| r.text_hash);
                kept.unwrap_or_else(|| hash_of(&site.pages[i].source.text))
            })
            .collect();

        // Which pages to render.
        crate::build::timing("incr: cards, deps", start);
        let (dirty, appeared_or_gone, card_changed): (Vec<usize>, HashSet<u32>, HashSet<u32>) =
            match &old {
                None => ((0..n).collect(), HashSet::new(), HashSet::new()),
                Some(old) => {
                    let appeared_or_gone: HashSet<u32> =
                        known.symmetric_difference(&old.known).copied().collect();
                    let mut card_changed: HashSet<u32> = appeared_or_gone.clone();
                    for (id, card) in page_id.iter().zip(&renderer.cards) {
                        if old.pages.get(id).is_none_or(|r| &r.card != card) {
                            card_changed.insert(*id);
                        }
                    }
                    let gone_paths: HashSet<&str> = self
                        .ids
                        .iter()
                        .filter(|(_, id)| appeared_or_gone.contains(id))
                        .map(|(p, _)| p.as_str())
                        .collect();
                    let dirty = (0..n)
                        .filter(|&i| {
                            let id = page_id[i];
                            let Some(r) = old.pages.get(&id) else {
                                return true;
                            };
                            // The home page counts pages of every kind.
                            (site.pages[i].kind == Kind::Home && !appeared_or_gone.is_empty())
                                || r.text_hash != hashes[i]
                                || card_changed.contains(&id)
                                || r.deps != deps[i]
                                || r.fingerprint != routes[i].1
                                || deps[i].iter().any(|d| card_changed.contains(d))
                                || r.targets.iter().any(|t| gone_paths.contains(t.as_str()))
                                || r.path != site.pages[i].path
                        })
                        .collect();
                    (dirty, appeared_or_gone, card_changed)
                }
            };

        // Term pages whose members or members' cards changed.
        let mut terms_now: HashMap<String, Vec<u32>> = HashMap::new();
        for term in site
            .taxonomies
            .levels
            .iter()
            .chain(&site.taxonomies.areas)
            .chain(&site.taxonomies.tags)
        {
            if !term.pages.is_empty() {
                terms_now.insert(
                    term.path.clone(),
                    term.pages.iter().map(|&i| page_id[i]).collect(),
                );
            }
        }
        let dirty_terms: HashSet<String> = match &old {
            None => terms_now.keys().cloned().collect(),
            Some(old) => terms_now
                .iter()
                .filter(|(path, members)| {
                    old.terms.get(*path) != Some(*members)
                        || members.iter().any(|m| card_changed.contains(m))
                })
                .map(|(p, _)| p.clone())
                .collect(),
        };

        let sink = MemorySink::default();
        crate::build::timing("incr: dirty found", start);
        let outcomes = renderer.render_pages(&dirty, &sink);
        let lists = match &old {
            None => render::Lists::ALL,
            Some(o) => {
                let cards_or_pages = !card_changed.is_empty() || !appeared_or_gone.is_empty();
                let dates = dirty.iter().any(|&i| {
                    o.pages.get(&page_id[i]).is_none_or(|r| {
                        r.updated.as_deref()
                            != site.pages[i]
                                .common
                                .updated
                                .as_ref()
                                .map(|u| u.value.as_str())
                    })
                });
                // The explorer shows every role's card and the moves between roles.
                let graph = dirty.iter().any(|&i| {
                    site.pages[i].kind == Kind::Role
                        && o.pages
                            .get(&page_id[i])
                            .is_none_or(|r| r.deps != deps[i] || r.fingerprint != routes[i].1)
                });
                render::Lists {
                    terms: Some(&dirty_terms),
                    index: cards_or_pages,
                    feeds: cards_or_pages || dates || graph,
                    explore: cards_or_pages || graph,
                }
            }
        };
        diags.extend(renderer.render_lists(&sink, &lists));
        if full {
            diags.extend(renderer.copy_files(&sink));
        } else {
            for a in site.assets.iter().filter(|a| {
                changed_assets.contains(&a.content_path)
                    || self
                        .ids
                        .get(&a.content_path)
                        .is_none_or(|id| appeared_or_gone.contains(id))
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
        }

        // Records of the pages just rendered; the old state is changed only on success.
        let rendered_count = outcomes.len();
        let mut fresh: HashMap<u32, PageRecord> = HashMap::with_capacity(outcomes.len());
        for o in outcomes {
            let i = o.index;
            let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
                o.diagnostics.into_iter().partition(Diagnostic::is_error);
            diags.extend(errors);
            fresh.insert(
                page_id[i],
                PageRecord {
                    path: site.pages[i].path.clone(),
                    text_hash: hashes[i],
                    card: renderer.cards[i].clone(),
                    deps: deps[i].clone(),
                    fingerprint: routes[i].1,
                    updated: site.pages[i]
                        .common
                        .updated
                        .as_ref()
                        .map(|u| u.value.clone()),
                    targets: o.targets,
                    ids: o.ids,
                    anchors: o.anchors,
                    search: o.search,
                    warnings,
                },
            );
        }
        let record = |i: usize| {
            fresh
                .get(&page_id[i])
                .or_else(|| old.as_ref().and_then(|o| o.pages.get(&page_id[i])))
        };
        // Anchors are checked across the whole site on every rebuild.
        crate::build::timing("incr: rendered", start);
        let mut ids_by_path: HashMap<String, render::PageIds> = HashMap::new();
        let mut anchors: Vec<&AnchorLink> = Vec::new();
        for i in 0..n {
            if let Some(r) = record(i) {
                anchors.extend(r.anchors.iter());
                diags.extend(r.warnings.iter().cloned());
            }
        }
        // Only the pages something links to with an anchor need their ids looked up.
        let wanted: HashSet<&str> = anchors.iter().map(|a| a.target.as_str()).collect();
        for i in 0..n {
            if wanted.contains(site.pages[i].path.as_str())
                && let Some(r) = record(i)
            {
                ids_by_path.insert(site.pages[i].path.clone(), r.ids.clone());
            }
        }
        diags.extend(render::check_anchors(|path| ids_by_path.get(path), anchors));
        sort(&mut diags);
        diags.dedup_by(|a, b| a == b);

        if diags.iter().any(Diagnostic::is_error) {
            // Keep serving the last good files; render this state again next time.
            self.rendered = old;
            self.site = Some(site);
            return RebuildReport {
                kind: if full { "full" } else { "" },
                diagnostics: diags,
                elapsed: start.elapsed(),
                ..RebuildReport::default()
            };
        }

        // Output files of pages and terms that are gone or moved.
        crate::build::timing("incr: checked", start);
        let mut state = old.unwrap_or_default();
        let mut removed_paths = Vec::new();
        for (id, r) in &state.pages {
            if !known.contains(id) {
                removed_paths.push(format!("{}index.html", r.path));
            } else if let Some(f) = fresh.get(id)
                && f.path != r.path
            {
                removed_paths.push(format!("{}index.html", r.path));
            }
        }
        for path in state.terms.keys().filter(|p| !terms_now.contains_key(*p)) {
            removed_paths.push(format!("{path}index.html"));
        }
        let explorer_files: HashSet<String> =
            crate::explore::pages::files(&site).into_iter().collect();
        removed_paths.extend(state.explorer_files.difference(&explorer_files).cloned());
        state.explorer_files = explorer_files;
        state.pages.retain(|id, _| known.contains(id));
        state.pages.extend(fresh);
        state.terms = terms_now;
        state.known = known;
        state.site_hash = site_hash;

        let new_files = sink.into_files();
        let mut files: Files = if full {
            Files::with_capacity(new_files.len())
        } else {
            (*self.files).clone()
        };
        // A list rendered again may have fewer pages than before, and a list that is gone
        // takes its later pages with it: later pages not written this time are gone.
        let gone: HashSet<&String> = removed_paths.iter().collect();
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
        removed_paths.extend(later_pages_gone);
        let mut changed = Vec::new();
        for path in removed_paths {
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
            // Keep the last search index until the new one is written.
            for (path, bytes) in self
                .files
                .iter()
                .filter(|(p, _)| p.starts_with("search-index/"))
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
        self.pending_reread.clear();
        self.rendered = Some(state);
        self.site = Some(site);
        self.search_stale = true;
        RebuildReport {
            kind: if full { "full" } else { "pages" },
            rendered: rendered_count,
            changed,
            css_only: false,
            diagnostics: diags,
            elapsed: start.elapsed(),
        }
    }
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
