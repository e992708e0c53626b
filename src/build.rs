//! Build: the whole pipeline, `load → model → link → render → search → output`, as one
//! function that `build`, `serve` and `check` all call.
//!
//! Every stage runs as far as it can and adds its diagnostics to one list, so a single run
//! reports every problem. Output goes to a staging folder and replaces the previous output only
//! when there is no error.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::link::Site;
use crate::model::{Kind, Page};
use crate::output::{OutputError, Staging};
use crate::theme::Theme;

/// What the command line asked for.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// How many bytes of the pages' bodies stay in memory between loading and rendering; the
    /// rest are read again as their pages render ([`crate::load::Bodies`]).
    pub kept_body_bytes: usize,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            base_url: None,
            drafts: false,
            kept_body_bytes: crate::load::KEPT_BODY_BYTES,
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
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
    pub fn input(&self) -> crate::render::SiteInput<'_> {
        crate::render::SiteInput {
            site: &self.site,
            theme: &self.theme,
            tera: &self.tera,
            draft_paths: &self.draft_paths,
            static_paths: &self.static_paths,
            texts: None,
        }
    }
}

/// The result of a successful build.
#[derive(Debug)]
pub struct BuildSummary {
    pub pages_by_kind: BTreeMap<Kind, usize>,
    pub files: usize,
    pub written: usize,
    pub unchanged: usize,
    pub elapsed: Duration,
    pub warnings: Vec<Diagnostic>,
    pub output_dir: PathBuf,
}

impl BuildSummary {
    /// One line: `Built 118 pages (27 roles, 13 settings, …) into public/ in 0.21 s`.
    pub fn line(&self) -> String {
        let total: usize = self.pages_by_kind.values().sum();
        let parts: Vec<String> = self
            .pages_by_kind
            .iter()
            .filter(|(k, _)| !matches!(k, Kind::Home))
            .map(|(k, n)| format!("{n} {}", plural(k.name(), *n)))
            .collect();
        let warnings = match self.warnings.len() {
            0 => String::new(),
            1 => ", 1 warning".to_string(),
            n => format!(", {n} warnings"),
        };
        format!(
            "Built {total} pages ({}) into {} in {:.2} s ({} files written, {} unchanged{warnings})",
            parts.join(", "),
            self.output_dir.display(),
            self.elapsed.as_secs_f64(),
            self.written,
            self.unchanged,
        )
    }
}

fn plural(word: &str, n: usize) -> String {
    if n == 1 {
        word.to_string()
    } else if word == "education" {
        "education levels".to_string()
    } else {
        format!("{word}s")
    }
}

/// Loads, types and links the site, keeping the pages' bodies in memory as `bodies` says.
/// Returns every diagnostic found if any is an error.
pub fn load_site(
    root: &Path,
    base_url: Option<&str>,
    drafts: bool,
    bodies: crate::load::Bodies,
) -> Result<LoadedSite, Vec<Diagnostic>> {
    let mut diags: Vec<Diagnostic> = Vec::new();
    let config = match SiteConfig::load(root, base_url) {
        Ok(c) => {
            diags.extend(c.warnings.iter().cloned());
            Some(c)
        }
        Err(d) => {
            diags.extend(d);
            None
        }
    };
    let theme = match Theme::load(root, config.as_ref().and_then(|c| c.theme.as_deref())) {
        Ok(t) => Some(t),
        Err(d) => {
            diags.extend(d);
            None
        }
    };
    let tera = match theme.as_ref().map(crate::render::setup_tera) {
        Some(Ok(t)) => Some(t),
        Some(Err(d)) => {
            diags.extend(d);
            None
        }
        None => None,
    };
    let t = Instant::now();
    let (loaded, load_diags) = crate::load::load_content(root, &root.join("content"), bodies);
    timing("read content", t);
    let t = Instant::now();
    diags.extend(load_diags);
    let mut unparsed: HashSet<(Kind, String)> = loaded
        .unreadable
        .iter()
        .filter_map(|p| crate::model::kind_and_slug(p))
        .collect();
    let mut unparsed_paths: HashSet<String> = loaded.unreadable.iter().cloned().collect();
    let parsed: Vec<_> = loaded
        .pages
        .into_par_iter()
        .map(|s| (s.content_path.clone(), crate::model::parse_page_or_rest(s)))
        .collect();
    let mut pages = Vec::with_capacity(parsed.len());
    for (content_path, (page, problems)) in parsed {
        diags.extend(problems);
        match page {
            // With errors, the page without its wrong keys: linked so that its references
            // are checked too; the build stops before rendering.
            Some(page) => pages.push(page),
            None => {
                unparsed.extend(crate::model::kind_and_slug(&content_path));
                unparsed_paths.insert(content_path);
            }
        }
    }
    let (wages, wage_diags) = crate::wages::apply(root, &mut pages);
    diags.extend(wage_diags);
    let draft_paths: HashSet<String> = if drafts {
        HashSet::new()
    } else {
        pages
            .iter()
            .filter(|p| p.common.draft)
            .map(|p| p.source.content_path.clone())
            .collect()
    };
    let (Some(config), Some(theme), Some(tera)) = (config, theme, tera) else {
        sort(&mut diags);
        return Err(diags);
    };
    timing("parse front-matter", t);
    let t = Instant::now();
    let (mut site, link_diags) = crate::link::link(config, pages, loaded.assets, drafts, &unparsed);
    site.wages = wages;
    timing("link", t);
    diags.extend(link_diags);
    if diags.iter().any(Diagnostic::is_error) {
        // Still check the links in every page's Markdown, so one run reports everything: with
        // every body, those left on disk read again.
        let content_dir = root.join("content");
        let reread: Vec<Diagnostic> = site
            .pages
            .par_iter_mut()
            .filter(|p| p.source.body_on_disk)
            .filter_map(|p| match p.source.read_again(&content_dir) {
                Ok(text) => {
                    p.source.text = text;
                    p.source.body_on_disk = false;
                    None
                }
                Err(d) => Some(d),
            })
            .collect();
        diags.extend(reread);
        let static_paths: HashSet<String> = theme.statics.keys().cloned().collect();
        diags.extend(crate::render::check_markdown(
            &site,
            &draft_paths,
            &static_paths,
            &unparsed_paths,
        ));
        dedupe(&mut diags);
        sort(&mut diags);
        return Err(diags);
    }
    sort(&mut diags);
    Ok(LoadedSite {
        site,
        static_paths: theme.statics.keys().cloned().collect(),
        theme,
        tera,
        draft_paths,
        warnings: diags,
    })
}

/// Whether `CAREERGUIDE_TIMINGS` asks for timings: set to anything but empty or `0` (so that
/// `CAREERGUIDE_TIMINGS=` or `=0`, as a script may leave it, turns them off).
fn timings_wanted() -> bool {
    std::env::var_os("CAREERGUIDE_TIMINGS").is_some_and(|v| !v.is_empty() && v != "0")
}

/// Prints how long a stage took when `CAREERGUIDE_TIMINGS` asks for it ([`timings_wanted`]):
/// for finding where the time goes (see docs/benchmarks.md).
/// Where the operating system says (Linux), the lines also give the memory in use and the peak
/// so far, to find which stage sets the peak.
/// Top-level stages also give the processor time the whole process used since the previous
/// top-level line (all threads): over the wall time it says how well the stage kept the cores
/// busy. Indented lines are parts of a stage (run inside it) and give none.
pub fn timing(stage: &str, since: Instant) {
    if timings_wanted() {
        let cpu = if stage.starts_with(' ') {
            String::new()
        } else {
            cpu_note()
        };
        eprintln!(
            "[timing] {stage:<22} {:>9.1} ms{}",
            since.elapsed().as_secs_f64() * 1000.0,
            memory_note(&cpu)
        );
    }
}

/// `cpu 812 ms` since the previous call: the process's processor time (every thread).
fn cpu_note() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static LAST: AtomicU64 = AtomicU64::new(0);
    let now = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
    let ns = (now.tv_sec as u64)
        .saturating_mul(1_000_000_000)
        .saturating_add(now.tv_nsec as u64);
    let before = LAST.swap(ns, Ordering::Relaxed);
    format!("cpu {:.0} ms", ns.saturating_sub(before) as f64 / 1e6)
}

/// `  (cpu 812 ms, RSS 312 MB, peak 318 MB)`: `cpu` as given, then the memory from
/// /proc/self/status where there is one.
fn memory_note(cpu: &str) -> String {
    let wrap = |inner: String| {
        if inner.is_empty() {
            inner
        } else {
            format!("  ({inner})")
        }
    };
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return wrap(cpu.to_string());
    };
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map(|kb| kb / 1024)
    };
    let sep = if cpu.is_empty() { "" } else { ", " };
    match (field("VmRSS:"), field("VmHWM:")) {
        (Some(rss), Some(peak)) => wrap(format!("{cpu}{sep}RSS {rss} MB, peak {peak} MB")),
        _ => wrap(cpu.to_string()),
    }
}

/// Every page that loads and types on its own, ignoring all problems: for tools that need to
/// know what a guide holds even while it has errors (`new` picks defaults from it, `import`
/// the SOC codes roles use). Builds and checks use [`load_site`].
pub fn load_pages_lenient(root: &Path) -> Vec<Page> {
    let (loaded, _) =
        crate::load::load_content(root, &root.join("content"), crate::load::Bodies::All);
    loaded
        .pages
        .into_par_iter()
        .filter_map(|s| crate::model::parse_page(s).ok())
        .collect()
}

/// Errors first, then by file, line and column, so output is stable and readable.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (a.severity, &a.file, a.line, a.column, &a.message)
            .cmp(&(b.severity, &b.file, b.line, b.column, &b.message))
    });
}

/// Renders a loaded site into a staging folder (pages, search index, schemas); returns what
/// rendering found.
pub fn render_loaded(
    loaded: &LoadedSite,
    sink: &dyn crate::render::Sink,
) -> crate::render::RenderReport {
    // Every file written is listed for the service worker's offline copy.
    let recording = crate::render::offline::RecordingSink::new(sink);
    let (mut report, search_docs) = crate::render::render_site_pages(loaded.input(), &recording);
    render_loaded_index(loaded, &recording, &mut report, search_docs);
    report
}

/// The second half of [`render_loaded`] (after [`crate::render::render_site_pages`], which
/// renders the list pages too): search index, copied files and the service worker. Needs no
/// page's Markdown.
fn render_loaded_index(
    loaded: &LoadedSite,
    sink: &crate::render::offline::RecordingSink,
    report: &mut crate::render::RenderReport,
    search_docs: std::io::Result<crate::search::IndexedDocs>,
) {
    match crate::render::render_site_index(loaded.input(), sink, report, search_docs) {
        Ok(index) => report
            .diagnostics
            .extend(crate::render::render_service_worker(
                &loaded.site,
                &loaded.theme,
                &loaded.tera,
                sink,
                &index,
                sink.files(),
            )),
        Err(e) => report.diagnostics.push(Diagnostic::error(
            "write",
            format!("cannot write the search index: {e}"),
        )),
    }
}

/// Builds the site into its output folder. On any error, the previous output is untouched.
pub fn build(opts: &BuildOptions) -> Result<BuildSummary, Vec<Diagnostic>> {
    let start = Instant::now();
    let mut loaded = load_site(
        &opts.root,
        opts.base_url.as_deref(),
        opts.drafts,
        crate::load::Bodies::UpTo(opts.kept_body_bytes),
    )?;
    let output = opts.output_dir();
    let protected = [
        opts.root.join("content"),
        opts.root.join("themes"),
        opts.root.join("static"),
        opts.root.join("data"),
    ];
    let staging =
        Staging::new(&output, &opts.root, &protected).map_err(|e| vec![output_diagnostic(e)])?;
    let mut diags = loaded.warnings.clone();
    // A build needs each page's text only until the page is rendered: rendering takes it out
    // of the site and frees it then. (`check` and `serve` keep it: they read it again.)
    let texts = crate::render::PageTexts::take(&mut loaded.site, &opts.root.join("content"));
    // Every file written is listed for the service worker's offline copy.
    let recording = crate::render::offline::RecordingSink::new(&staging);
    let (mut report, search_docs) = crate::render::render_site_pages(
        crate::render::SiteInput {
            texts: Some(&texts),
            ..loaded.input()
        },
        &recording,
    );
    drop(texts);
    loaded
        .site
        .pages
        .iter_mut()
        .for_each(|p| p.source.release_text());
    render_loaded_index(&loaded, &recording, &mut report, search_docs);
    diags.extend(report.diagnostics);
    dedupe(&mut diags);
    sort(&mut diags);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    let written = staging.written.load(std::sync::atomic::Ordering::Relaxed);
    let unchanged = staging.unchanged.load(std::sync::atomic::Ordering::Relaxed);
    let t = Instant::now();
    let output_dir = staging.commit().map_err(|e| vec![output_diagnostic(e)])?;
    timing("swap output", t);
    let mut pages_by_kind = BTreeMap::new();
    for p in &loaded.site.pages {
        *pages_by_kind.entry(p.kind).or_insert(0) += 1;
    }
    Ok(BuildSummary {
        pages_by_kind,
        files: written + unchanged,
        written,
        unchanged,
        elapsed: start.elapsed(),
        warnings: diags,
        output_dir: display_output(&opts.root, &output_dir),
    })
}

fn display_output(root: &Path, out: &Path) -> PathBuf {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    out.strip_prefix(&root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| out.to_path_buf())
}

/// The same template error repeats on every page that uses the template: keep one.
pub fn dedupe(diags: &mut Vec<Diagnostic>) {
    let mut seen = HashSet::new();
    diags.retain(|d| seen.insert((d.code, d.file.clone(), d.line, d.column, d.message.clone())));
}

pub fn output_diagnostic(e: OutputError) -> Diagnostic {
    let help = match &e {
        OutputError::Overlaps(_) => {
            "choose an output folder outside content/, themes/, static/ and data/, e.g. --output public"
        }
        OutputError::Foreign(_) => "remove the folder, or choose another one with --output",
        OutputError::Io { .. } => "check that the output folder's parent exists and is writable",
    };
    Diagnostic::error("output", e.to_string()).help(help)
}
