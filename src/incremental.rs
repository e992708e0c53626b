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

/// What each page showed when it was last rendered, by content path.
#[derive(Debug, Default, Clone)]
struct Rendered {
    cards: HashMap<String, Card>,
    deps: HashMap<String, Vec<String>>,
    text_hash: HashMap<String, u64>,
    /// Site path of each page's file.
    paths: HashMap<String, String>,
    targets: HashMap<String, Vec<String>>,
    ids: HashMap<String, HashSet<String>>,
    anchors: HashMap<String, Vec<AnchorLink>>,
    search: HashMap<String, SearchDoc>,
    warnings: HashMap<String, Vec<Diagnostic>>,
    /// Term page path → content paths of its pages.
    terms: HashMap<String, Vec<String>>,
    /// What each page shows that its dependencies' cards do not capture (a role's routes).
    fingerprints: HashMap<String, u64>,
    /// Files the explorer wrote (map, routes, comparisons…), to remove those that go away.
    explorer_files: HashSet<String>,
    /// Every content path (pages and files) that existed.
    known: HashSet<String>,
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
            let mut report = self.content_rebuild(start);
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

    /// Rebuilds the search index from the stored search documents into the served files.
    pub fn refresh_search(&mut self) -> Vec<Diagnostic> {
        let Some(rendered) = &self.rendered else {
            return Vec::new();
        };
        let mut docs: Vec<&SearchDoc> = rendered.search.values().collect();
        docs.sort_by(|a, b| a.path.cmp(&b.path));
        let docs: Vec<SearchDoc> = docs.into_iter().cloned().collect();
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
        let (sources, failed) = load::read_pages(&self.root, found);
        for f in found {
            self.broken.remove(&f.content_path);
            self.stamps.insert(f.content_path.clone(), f.stamp);
        }
        for (content_path, d) in failed {
            self.broken.entry(content_path).or_default().push(d);
        }
        let parsed: Vec<(String, Result<Page, Vec<Diagnostic>>)> = {
            use rayon::prelude::*;
            sources
                .into_par_iter()
                .map(|s| (s.content_path.clone(), crate::model::parse_page(s)))
                .collect()
        };
        let mut pages = Vec::with_capacity(parsed.len());
        for (content_path, r) in parsed {
            match r {
                Ok(p) => pages.push(p),
                Err(d) => {
                    self.broken.entry(content_path).or_default().extend(d);
                }
            }
        }
        pages
    }

    fn full_rebuild(&mut self, start: Instant) -> RebuildReport {
        self.load_global();
        let (scan, scan_diags) = load::scan_content(&self.root, &self.root.join("content"));
        self.broken.clear();
        self.stamps.clear();
        let pages = self.read(&scan.pages);
        self.rendered = None;
        let mut report =
            self.link_and_render(pages, scan.assets, scan_diags, &HashSet::new(), start);
        report.kind = "full";
        report
    }

    fn content_rebuild(&mut self, start: Instant) -> RebuildReport {
        let Some(site) = self.site.take() else {
            return self.full_rebuild(start);
        };
        let (_, mut pages, _) = site.into_pages();
        let (scan, scan_diags) = load::scan_content(&self.root, &self.root.join("content"));
        // Which Markdown files are new, changed or gone since they were last read.
        let present: HashSet<&str> = scan.pages.iter().map(|f| f.content_path.as_str()).collect();
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
        pages.extend(self.read(&to_read));
        // Files whose bytes may have changed (re-copied).
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
        let mut report =
            self.link_and_render(pages, scan.assets, scan_diags, &changed_assets, start);
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
        start: Instant,
    ) -> RebuildReport {
        let mut diags: Vec<Diagnostic> = self.global_errors.clone();
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
        let (site, link_diags) =
            crate::link::link(config, pages, assets, self.options.drafts, &unparsed);
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

        let mut renderer = Renderer::new(&site, theme, tera, &draft_paths, &static_paths);
        if let Some(v) = &self.options.asset_version {
            renderer.set_asset_version(v);
        }
        let site_hash = renderer.site_view_hash();
        let cp = |i: usize| site.pages[i].source.content_path.clone();
        let n = site.pages.len();
        let cards: HashMap<String, Card> =
            (0..n).map(|i| (cp(i), renderer.cards[i].clone())).collect();
        let deps: HashMap<String, Vec<String>> = (0..n)
            .map(|i| (cp(i), dependencies(&site, i).into_iter().map(cp).collect()))
            .collect();
        let hashes: HashMap<String, u64> = (0..n)
            .map(|i| (cp(i), hash_of(&site.pages[i].source.text)))
            .collect();
        let fingerprints: HashMap<String, u64> = (0..n)
            .map(|i| (cp(i), crate::explore::pages::fingerprint(&site, i)))
            .collect();
        let mut known: HashSet<String> = hashes.keys().cloned().collect();
        known.extend(site.assets.iter().map(|a| a.content_path.clone()));
        let old = self.rendered.take().filter(|o| o.site_hash == site_hash);
        let full = old.is_none();

        // Which pages to render.
        let dirty: Vec<usize> = match &old {
            None => (0..n).collect(),
            Some(old) => {
                let appeared_or_gone: HashSet<&String> =
                    known.symmetric_difference(&old.known).collect();
                let card_changed = |c: &String| old.cards.get(c) != cards.get(c);
                (0..n)
                    .filter(|&i| {
                        let c = cp(i);
                        if site.pages[i].kind == Kind::Home {
                            return true;
                        }
                        if old.text_hash.get(&c) != hashes.get(&c)
                            || old.fingerprints.get(&c) != fingerprints.get(&c)
                            || card_changed(&c)
                        {
                            return true;
                        }
                        let new_deps = &deps[&c];
                        if old.deps.get(&c) != Some(new_deps) {
                            return true;
                        }
                        if new_deps.iter().any(card_changed) {
                            return true;
                        }
                        old.targets
                            .get(&c)
                            .is_some_and(|t| t.iter().any(|t| appeared_or_gone.contains(t)))
                    })
                    .collect()
            }
        };

        // Term pages whose members or members' cards changed.
        let mut terms_now: HashMap<String, Vec<String>> = HashMap::new();
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
                    term.pages.iter().map(|&i| cp(i)).collect(),
                );
            }
        }
        let dirty_terms: HashSet<String> = match &old {
            None => terms_now.keys().cloned().collect(),
            Some(old) => terms_now
                .iter()
                .filter(|(path, members)| {
                    old.terms.get(*path) != Some(*members)
                        || members.iter().any(|m| old.cards.get(m) != cards.get(m))
                })
                .map(|(p, _)| p.clone())
                .collect(),
        };

        let sink = MemorySink::default();
        let outcomes = renderer.render_pages(&dirty, &sink);
        diags.extend(renderer.render_lists(&sink, Some(&dirty_terms)));
        if full {
            diags.extend(renderer.copy_files(&sink));
        } else {
            let assets_to_copy: Vec<AssetFile> = site
                .assets
                .iter()
                .filter(|a| {
                    changed_assets.contains(&a.content_path)
                        || !old
                            .as_ref()
                            .is_some_and(|o| o.known.contains(&a.content_path))
                })
                .cloned()
                .collect();
            for a in assets_to_copy {
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

        // New state: the old one updated with what was rendered.
        let mut state = old.clone().unwrap_or_default();
        state.cards = cards;
        state.deps = deps;
        state.text_hash = hashes;
        state.terms = terms_now;
        state.site_hash = site_hash;
        state.fingerprints = fingerprints;
        let explorer_files: HashSet<String> =
            crate::explore::pages::files(&site).into_iter().collect();
        let gone: Vec<String> = state
            .paths
            .keys()
            .filter(|c| !known.contains(*c))
            .cloned()
            .collect();
        let mut removed_paths = Vec::new();
        for c in &gone {
            if let Some(p) = state.paths.remove(c) {
                state.ids.remove(&p);
                removed_paths.push(format!("{p}index.html"));
            }
            state.targets.remove(c);
            state.anchors.remove(c);
            state.search.remove(c);
            state.warnings.remove(c);
        }
        state.known = known;
        let rendered_count = outcomes.len();
        for o in outcomes {
            let page = &site.pages[o.index];
            let c = page.source.content_path.clone();
            if let Some(old_path) = state.paths.insert(c.clone(), page.path.clone())
                && old_path != page.path
            {
                state.ids.remove(&old_path);
                removed_paths.push(format!("{old_path}index.html"));
            }
            state.ids.insert(page.path.clone(), o.ids);
            state.targets.insert(c.clone(), o.targets);
            state.anchors.insert(c.clone(), o.anchors);
            state.search.insert(c.clone(), o.search);
            let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
                o.diagnostics.into_iter().partition(Diagnostic::is_error);
            diags.extend(errors);
            state.warnings.insert(c, warnings);
        }
        // Anchors are checked across the whole site on every rebuild.
        let anchors: Vec<(usize, &AnchorLink)> = state
            .anchors
            .iter()
            .filter_map(|(c, links)| site.by_content_path.get(c).map(|&i| (i, links)))
            .flat_map(|(i, links)| links.iter().map(move |l| (i, l)))
            .collect();
        diags.extend(render::check_anchors(&site, &state.ids, anchors));
        diags.extend(state.warnings.values().flatten().cloned());
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

        // Term and explorer pages that no longer exist.
        if let Some(old) = &old {
            for path in old.terms.keys().filter(|p| !state.terms.contains_key(*p)) {
                removed_paths.push(format!("{path}index.html"));
            }
            removed_paths.extend(old.explorer_files.difference(&explorer_files).cloned());
        }
        state.explorer_files = explorer_files;
        let new_files = sink.into_files();
        let mut files: Files = if full {
            Files::with_capacity(new_files.len())
        } else {
            (*self.files).clone()
        };
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
        }
        if full {
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
    // A role page lists the routes from it, naming every role on them.
    deps.extend(crate::explore::pages::route_roles(site, i));
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
