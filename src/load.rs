//! Load: walk `content/`, read every file, and split each page into front-matter and body.
//!
//! This stage knows nothing about kinds of pages; it only turns a folder of files into
//! [`SourceFile`]s (text plus the byte ranges of the YAML and the Markdown) and reports files
//! that cannot be read or split: unreadable files, bytes that are not UTF-8, missing or
//! unterminated front-matter. It also holds the one YAML entry point, [`parse_yaml`], so that
//! `site.yaml` and every page's front-matter get the same limits and the same error messages.

use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, display_path};

mod structure;

/// One Markdown file, read and split.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path as shown to the user: relative to the site root (`content/roles/medical-coder.md`).
    pub display: PathBuf,
    /// Path relative to `content/`, with `/` separators (`roles/medical-coder.md`).
    pub content_path: String,
    /// The whole file, a leading byte-order mark removed.
    pub text: String,
    /// Byte range of the YAML between the `---` fences.
    pub front_matter: Range<usize>,
    /// 1-based line of the file on which the YAML starts (the line after the opening `---`).
    pub front_matter_line: usize,
    /// Byte range of the Markdown body after the closing fence.
    pub body: Range<usize>,
    /// A stable hash of `text` (FNV-1a), kept when the text is released: the service worker's
    /// version changes when any page's source does.
    pub text_hash: u64,
    /// The Markdown body was left on disk to save memory (see [`Bodies`]): `text` holds the
    /// front-matter only, and [`SourceFile::read_again`] gives the whole file.
    pub body_on_disk: bool,
}

/// How many bytes of the pages' Markdown bodies a load keeps in memory. A build of a large
/// guide holds every page's front-matter at once but needs a page's body only while the page
/// renders: past the budget, bodies are left on disk and read again then (from the operating
/// system's cache, a few microseconds a page), so the memory a build needs does not grow with
/// the guide's prose. `check` and `serve` keep every body: they read them more than once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bodies {
    All,
    UpTo(usize),
}

/// The bodies a build keeps in memory: a guide of up to some 15,000 pages of the usual length
/// keeps them all, and never reads a file twice.
pub const KEPT_BODY_BYTES: usize = 64 * 1_048_576;

impl SourceFile {
    /// Frees the file's text once every page is rendered (a large build's Markdown is much of
    /// its memory): `yaml()` and `markdown()` are empty afterwards; `text_hash` stays.
    pub fn release_text(&mut self) {
        self.text = String::new();
        self.front_matter = 0..0;
        self.body = 0..0;
    }

    /// Moves the text out, leaving the file's description (see [`SourceFile::with_text`]):
    /// `yaml()` and `markdown()` are empty until it is given back.
    pub fn take_text(&mut self) -> String {
        std::mem::take(&mut self.text)
    }

    /// This file with `text` (what [`SourceFile::take_text`] took) as its text.
    pub fn with_text(&self, text: String) -> SourceFile {
        SourceFile {
            display: self.display.clone(),
            content_path: self.content_path.clone(),
            text,
            front_matter: self.front_matter.clone(),
            front_matter_line: self.front_matter_line,
            body: self.body.clone(),
            text_hash: self.text_hash,
            body_on_disk: false,
        }
    }

    pub fn yaml(&self) -> &str {
        self.text.get(self.front_matter.clone()).unwrap_or("")
    }

    /// The Markdown body (empty when it was left on disk or released).
    pub fn markdown(&self) -> &str {
        if self.body_on_disk {
            return "";
        }
        self.text.get(self.body.clone()).unwrap_or("")
    }

    /// Keeps the front-matter in memory and leaves the body on disk.
    fn leave_body_on_disk(&mut self) {
        self.text.truncate(self.body.start);
        self.text.shrink_to_fit();
        self.body_on_disk = true;
    }

    /// The whole file again, read from `content_dir`, for a page whose body was left on disk.
    /// An error if the file cannot be read or is no longer what was loaded: the page would
    /// not match its front-matter.
    pub fn read_again(&self, content_dir: &Path) -> Result<String, Diagnostic> {
        let bytes = std::fs::read(content_dir.join(&self.content_path)).map_err(|e| {
            Diagnostic::error("unreadable", format!("cannot read this file again: {e}"))
                .in_file(self.display.clone())
                .help("check that the file still exists, then build again")
        })?;
        let text = decode_utf8(bytes, &self.display)?;
        if crate::hash::stable(&[text.as_bytes()]) != self.text_hash {
            return Err(Diagnostic::error(
                "changed-during-build",
                "this file changed while the site was being built",
            )
            .in_file(self.display.clone())
            .help("save your changes, then build again"));
        }
        Ok(text)
    }
}

/// A file under `content/` that is not Markdown (an image, a PDF): copied as it is.
#[derive(Debug, Clone)]
pub struct AssetFile {
    pub source: PathBuf,
    /// Path relative to `content/`, with `/` separators.
    pub content_path: String,
}

/// What the walk found.
#[derive(Debug, Default)]
pub struct LoadedContent {
    pub pages: Vec<SourceFile>,
    pub assets: Vec<AssetFile>,
    /// Content paths of Markdown files that could not be read or split (already reported).
    pub unreadable: Vec<String>,
}

/// Editors' temporary, lock and backup files and the system's folder files, which are never
/// content and never published: `.DS_Store` and other dot files, `~$report.docx` (Word's
/// lock file), `notes.md~`, `.notes.md.swp`, `Thumbs.db`, `desktop.ini`.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.starts_with("~$")
        || name.ends_with('~')
        || name.ends_with(".tmp")
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.contains("___jb_")
        || name == "4913"
        || name.eq_ignore_ascii_case("Thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
}

/// For a file meant as a page but not named `*.md` (`coder.MD`, `coder.markdown`,
/// `coder.md.txt`), the name it should have.
pub fn misnamed_page(name: &str) -> Option<String> {
    if name.ends_with(".md") {
        return None;
    }
    let lower = name.to_ascii_lowercase();
    [
        ".md.txt",
        ".markdown.txt",
        ".markdown",
        ".mdown",
        ".mkd",
        ".md",
    ]
    .iter()
    .find(|suffix| lower.ends_with(*suffix) && lower.len() > suffix.len())
    .map(|suffix| format!("{}.md", &name[..name.len() - suffix.len()]))
}

/// Files under `content/` published beside the pages: what a page can show or link to
/// (images, PDFs, audio, video, captions, CSV data). Any other file there (a Word document, a
/// spreadsheet, notes) is a source, not part of the site, and is reported instead of copied.
pub fn is_page_asset(name: &str) -> bool {
    const PUBLISHED: &[&str] = &[
        "png", "jpg", "jpeg", "gif", "webp", "avif", "svg", "ico", "pdf", "mp3", "m4a", "ogg",
        "wav", "mp4", "webm", "vtt", "csv",
    ];
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| PUBLISHED.iter().any(|e| ext.eq_ignore_ascii_case(e)))
}

/// A Markdown file found by [`scan_content`], not yet read.
#[derive(Debug, Clone)]
pub struct FoundPage {
    pub path: PathBuf,
    pub content_path: String,
    /// Modification time and size, so `serve` can tell which files changed.
    pub stamp: Option<(std::time::SystemTime, u64)>,
}

/// What a walk of `content/` found, before reading anything.
#[derive(Debug, Default)]
pub struct Scan {
    pub pages: Vec<FoundPage>,
    pub assets: Vec<AssetFile>,
}

/// A path inside `content/` as the site names it: folders joined with `/`. Where `/` is the
/// separator already, the path's own text (this runs for every file of the guide).
fn content_path_of(rel: &Path) -> String {
    if std::path::MAIN_SEPARATOR == '/' {
        rel.to_string_lossy().into_owned()
    } else {
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/")
    }
}

/// Walks `content_dir`: Markdown files and other files, editors' temporary files skipped.
///
/// With `stamps`, each Markdown file's modification time and size are noted (a `stat` per file,
/// for `serve` to tell which files changed); a build goes without, as the walk runs on one core
/// before anything else.
pub fn scan_content(root: &Path, content_dir: &Path, stamps: bool) -> (Scan, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut scan = Scan::default();
    if !content_dir.is_dir() {
        diagnostics.push(
            Diagnostic::error("missing-content", format!("no content folder at {}", content_dir.display()))
                .help("create a `content/` folder beside `site.yaml`, or run `careerguide init` to start a guide"),
        );
        return (scan, diagnostics);
    }
    // Symlinks are not followed into folders, so a symlink loop cannot trap the walk; a
    // symlink to a file is read like the file.
    let walker = walkdir::WalkDir::new(content_dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err.path().map(|p| display_path(root, p));
                let mut d = Diagnostic::error(
                    "unreadable",
                    format!("cannot read this folder entry: {err}"),
                )
                .help("check the file's permissions, or remove it");
                if let Some(p) = path {
                    d = d.in_file(p);
                }
                diagnostics.push(d);
                continue;
            }
        };
        if entry.file_type().is_dir() {
            continue;
        }
        let path = entry.path();
        let Ok(rel) = path.strip_prefix(content_dir) else {
            continue;
        };
        let content_path = content_path_of(rel);
        let name = entry.file_name().to_string_lossy();
        if let Some(renamed) = misnamed_page(&name) {
            diagnostics.push(
                Diagnostic::error(
                    "misnamed-page",
                    format!("`{name}` is not read as a page: only files ending in `.md` are"),
                )
                .in_file(display_path(root, path))
                .help(format!(
                    "rename it to `{renamed}` (the ending in lower case); until then it is neither built nor published"
                )),
            );
            continue;
        }
        if path.extension().is_some_and(|e| e == "md") {
            let stamp = if stamps {
                std::fs::metadata(path)
                    .ok()
                    .and_then(|m| Some((m.modified().ok()?, m.len())))
            } else {
                None
            };
            scan.pages.push(FoundPage {
                path: path.to_path_buf(),
                content_path,
                stamp,
            });
        } else if entry.file_type().is_symlink() && path.is_dir() {
            diagnostics.push(
                Diagnostic::warning(
                    "symlinked-folder",
                    "this symbolic link to a folder is not followed",
                )
                .in_file(display_path(root, path))
                .help("copy the folder's files into content/ instead of linking to them"),
            );
        } else if is_page_asset(&name) {
            scan.assets.push(AssetFile {
                source: path.to_path_buf(),
                content_path,
            });
        } else {
            diagnostics.push(
                Diagnostic::warning(
                    "unpublished-file",
                    format!("`{name}` is not published: content/ publishes only pages and the files they show or link to"),
                )
                .in_file(display_path(root, path))
                .help("images, PDFs, audio, video, captions and CSV files are published beside the pages; export this file as a PDF to publish it, or move it out of content/"),
            );
        }
    }
    (scan, diagnostics)
}

/// Threads that read content files when there are many. A file not in the page cache (a
/// fresh checkout in CI) is mostly a wait for the disk, and more readers than cores keep
/// several requests in flight; cached files read as fast either way.
const READERS: usize = 16;

/// From how many files [`read_pages`] starts its own pool of [`READERS`] (starting 16 threads
/// costs about a millisecond; `serve` reads one or two files after an edit).
const READ_POOL_FROM: usize = 256;

/// Reads the given pages in parallel, keeping their bodies as `bodies` says. Files that
/// cannot be read or split are reported and their content paths returned in `unreadable`.
pub fn read_pages(
    root: &Path,
    found: &[FoundPage],
    bodies: Bodies,
) -> (Vec<SourceFile>, Vec<(String, Diagnostic)>) {
    let kept = std::sync::atomic::AtomicUsize::new(0);
    let read_all = || -> Vec<(String, Result<SourceFile, Diagnostic>)> {
        found
            .par_iter()
            .map(|f| {
                let mut page = read_page(root, &f.path, f.content_path.clone());
                if let (Bodies::UpTo(budget), Ok(page)) = (bodies, &mut page) {
                    let len = page.body.len();
                    let before = kept.fetch_add(len, std::sync::atomic::Ordering::Relaxed);
                    if before + len > budget {
                        page.leave_body_on_disk();
                    }
                }
                (f.content_path.clone(), page)
            })
            .collect()
    };
    // Many files: read them on a pool of their own with more threads than cores (see
    // [`READERS`]); a few (an edit under `serve`) on the usual pool.
    let readers = READERS.max(rayon::current_num_threads());
    let pool = (found.len() >= READ_POOL_FROM)
        .then(|| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(readers)
                .build()
                .ok()
        })
        .flatten();
    let results = match pool {
        Some(pool) => pool.install(read_all),
        None => read_all(),
    };
    let mut pages = Vec::with_capacity(results.len());
    let mut failed = Vec::new();
    for (content_path, r) in results {
        match r {
            Ok(p) => pages.push(p),
            Err(d) => failed.push((content_path, d)),
        }
    }
    (pages, failed)
}

/// Walks `content_dir` and reads every Markdown file in parallel, keeping their bodies as
/// `bodies` says.
///
/// Every file that cannot be read or split gets a diagnostic; the others are returned, so
/// one run reports every problem.
pub fn load_content(
    root: &Path,
    content_dir: &Path,
    bodies: Bodies,
) -> (LoadedContent, Vec<Diagnostic>) {
    let t = std::time::Instant::now();
    let (scan, mut diagnostics) = scan_content(root, content_dir, false);
    crate::timing::stage("  scan content", t);
    let (pages, failed) = read_pages(root, &scan.pages, bodies);
    let mut unreadable = Vec::with_capacity(failed.len());
    for (content_path, d) in failed {
        diagnostics.push(d);
        unreadable.push(content_path);
    }
    (
        LoadedContent {
            pages,
            assets: scan.assets,
            unreadable,
        },
        diagnostics,
    )
}

/// The largest page we read. Real pages are a few kilobytes; anything this big is an export
/// gone wrong, and refusing it keeps memory bounded.
pub const MAX_PAGE_BYTES: u64 = 8 * 1_048_576;

/// Reads one page and splits it.
pub fn read_page(root: &Path, path: &Path, content_path: String) -> Result<SourceFile, Diagnostic> {
    use std::io::Read as _;
    let display = display_path(root, path);
    let unreadable = |e: std::io::Error| {
        Diagnostic::error("unreadable", format!("cannot read this file: {e}"))
            .in_file(display.clone())
            .help("check that the file exists and that you have permission to read it")
    };
    let too_large = |len: u64| {
        Diagnostic::error(
            "page-too-large",
            format!(
                "this page is {:.1} MB; a page may be at most {} MB",
                len as f64 / 1_048_576.0,
                MAX_PAGE_BYTES / 1_048_576
            ),
        )
        .in_file(display.clone())
        .help("split it into several pages, or move data tables into data/ files")
    };
    // One open, its size from the open file, and a read that stops past the limit even if
    // the file grows meanwhile (a size looked up by path first, then `fs::read`, cost a
    // second path lookup and a second size query on every page).
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let len = file.metadata().map_or(0, |m| m.len());
    if len > MAX_PAGE_BYTES {
        return Err(too_large(len));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0) + 1);
    file.take(MAX_PAGE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_PAGE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    let text = decode_utf8(bytes, &display)?;
    split_page(text, display, content_path)
}

/// Turns bytes into text, pointing at the first byte that is not UTF-8.
pub fn decode_utf8(bytes: Vec<u8>, display: &Path) -> Result<String, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..'\u{feff}'.len_utf8());
            }
            Ok(s)
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let line_end = bytes[valid..]
                .iter()
                .position(|&b| b == b'\n')
                .map(|p| valid + p)
                .unwrap_or(bytes.len());
            let shown = format!(
                "{}{}",
                prefix,
                String::from_utf8_lossy(&bytes[valid..line_end])
            );
            let (line, column) = crate::diagnostics::line_col(&prefix, valid);
            Err(Diagnostic::error(
                "not-utf8",
                format!("this file is not UTF-8 text (byte 0x{:02X} at byte offset {valid})", bytes[valid]),
            )
            .in_file(display)
            .at(&shown, line, column, 1)
            .label("not UTF-8")
            .help("save the file as UTF-8 (in most editors: File › Save with Encoding › UTF-8); text pasted from Word or old spreadsheets is often Windows-1252"))
        }
    }
}

/// Splits `---` front-matter from the Markdown body.
pub fn split_page(
    text: String,
    display: PathBuf,
    content_path: String,
) -> Result<SourceFile, Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::error("empty-file", "this page is empty")
            .in_file(display)
            .help(
                "a page starts with front-matter, at least:\n---\ntitle: The page's title\n---",
            ));
    }
    let first_line_end = text.find('\n').unwrap_or(text.len());
    let first_line = text[..first_line_end].trim_end_matches('\r');
    if first_line.trim_end() != "---" {
        let d = Diagnostic::error("missing-front-matter", "this page does not start with front-matter")
            .in_file(display)
            .at(&text, 1, 1, first_line.chars().count().max(1))
            .label("expected `---` on the first line")
            .help("start the file with a line `---`, then the YAML keys (title: …), then another `---` line");
        return Err(d);
    }
    let yaml_start = (first_line_end + 1).min(text.len());
    // Find the closing fence: a line that is exactly `---` (or `...`), CRLF allowed.
    let mut pos = yaml_start;
    let mut close: Option<(usize, usize)> = None; // (start of fence line, start of body)
    while pos < text.len() {
        let end = text[pos..]
            .find('\n')
            .map(|i| pos + i)
            .unwrap_or(text.len());
        let line = text[pos..end].trim_end_matches('\r').trim_end();
        if line == "---" || line == "..." {
            close = Some((pos, (end + 1).min(text.len())));
            break;
        }
        pos = end + 1;
    }
    let Some((fence, body_start)) = close else {
        return Err(Diagnostic::error(
            "unterminated-front-matter",
            "the front-matter is never closed",
        )
        .in_file(display)
        .at(&text, 1, 1, 3)
        .label("opened here")
        .help("add a line `---` after the last YAML key, before the page's text"));
    };
    Ok(SourceFile {
        display,
        content_path,
        front_matter: yaml_start..fence,
        front_matter_line: 2,
        body: body_start..text.len(),
        text_hash: crate::hash::stable(&[text.as_bytes()]),
        body_on_disk: false,
        text,
    })
}

/// Limits for every YAML document we read. Front-matter never needs thousands of aliases or
/// deep nesting; these refuse alias bombs ("billion laughs") after a few microseconds.
fn yaml_options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_aliases = 256;
    budget.max_anchors = 256;
    budget.max_nodes = 100_000;
    budget.max_depth = 32;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options
}

/// What [`parse_yaml`] found wrong with a document.
#[derive(Debug)]
pub struct YamlErrors<T> {
    /// Every problem found, in the order found: the first, then those [`parse_yaml`] found
    /// by leaving out the keys of the ones before.
    pub diagnostics: Vec<Diagnostic>,
    /// The document typed without the keys that had problems, when leaving them out was
    /// enough; later checks can still look at the rest of the page.
    pub rest: Option<T>,
    /// The top-level keys left out, in the order found.
    pub left_out: Vec<String>,
}

impl<T> YamlErrors<T> {
    /// The same problems, with the rest of the document turned into something else.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> YamlErrors<U> {
        YamlErrors {
            diagnostics: self.diagnostics,
            rest: self.rest.map(f),
            left_out: self.left_out,
        }
    }
}

/// How many problems [`parse_yaml`] reports in one document at most.
const MAX_YAML_PROBLEMS: usize = 20;

/// Parses `yaml` (which starts on line `first_line` of `whole_text`, the file shown in errors)
/// into `T`. Errors are located in the whole file and rewritten for editors.
///
/// serde stops at the first problem, but an editor should not have to rebuild once per
/// mistake in a file. So after a problem with a key's value (an unknown key, a value of the
/// wrong type or not among those allowed, a key given twice), that top-level key is left out
/// (its lines emptied, so every later line keeps its number) and the rest typed again, until
/// it types or a problem is not of that sort: a syntax error (whose followers would be noise)
/// or a key missing at the top level (found only once the whole document was read). A key
/// missing inside another key's mapping leaves that key out.
pub fn parse_yaml<T: DeserializeOwned>(
    yaml: &str,
    display: &Path,
    whole_text: &str,
    first_line: usize,
) -> Result<T, YamlErrors<T>> {
    let lines: Vec<&str> = yaml.split('\n').collect();
    let mut r = Recovery {
        yaml_lines: lines.len(),
        lines,
        stand_ins: Vec::new(),
        left_out: Vec::new(),
        hidden: Vec::new(),
        diagnostics: Vec::new(),
        display,
        whole_text,
        first_line,
        // An empty document is null: typed as an empty mapping, so that missing required
        // keys are reported by name.
        empty: yaml.trim().is_empty(),
    };
    // Structure mistakes first (indentation, unclosed `[` or quotes): the parser would report
    // them later, elsewhere or not at all.
    if r.leave_out_structure_problems() == Step::Stop {
        return Err(r.stopped(None));
    }
    let mut error = match r.typed::<T>() {
        Ok(value) if r.diagnostics.is_empty() => return Ok(value),
        Ok(rest) => return Err(r.stopped(Some(rest))),
        Err(e) => e,
    };
    for _round in 0..MAX_YAML_PROBLEMS * 2 {
        if r.diagnostics.len() >= MAX_YAML_PROBLEMS {
            break;
        }
        let message = error.without_snippet().to_string();
        let step = r
            .stand_in_for_missing_key(&error, &message)
            .or_else(|| r.retype_stand_in(&error, &message))
            .or_else(|| r.indent_under_parent::<T>(&error, &message))
            .unwrap_or_else(|| r.leave_out_key(&error, &message));
        if step == Step::Stop {
            break;
        }
        error = match r.typed::<T>() {
            Ok(rest) => return Err(r.stopped(Some(rest))),
            Err(e) => e,
        };
    }
    Err(r.stopped(None))
}

/// What a step of [`parse_yaml`]'s recovery decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// The document was changed: type it again.
    Retype,
    /// Nothing more can be found.
    Stop,
}

/// [`parse_yaml`]'s document as it is being recovered: the keys left out so far, stand-ins
/// for missing required keys, and the problems found.
struct Recovery<'y> {
    lines: Vec<&'y str>,
    /// How many lines the document has; a line past them is a stand-in's.
    yaml_lines: usize,
    /// Required keys missing (or left out) get a stand-in value at the end, so the rest of
    /// the page is still typed and checked; they are in `left_out`, so nothing reads them.
    /// Stand-in `k` is on line `yaml_lines + 1 + k` (1-based) of the typed text.
    stand_ins: Vec<String>,
    /// The top-level keys left out, in the order found.
    left_out: Vec<String>,
    /// Keys inside the blocks left out for a structure problem: not reported missing.
    hidden: Vec<String>,
    diagnostics: Vec<Diagnostic>,
    display: &'y Path,
    whole_text: &'y str,
    first_line: usize,
    empty: bool,
}

impl Recovery<'_> {
    /// The document with its stand-ins.
    fn text(&self) -> String {
        let mut text = self.lines.join("\n");
        for s in &self.stand_ins {
            text.push('\n');
            text.push_str(s);
        }
        text
    }

    /// The document with its stand-ins, typed.
    fn typed<T: DeserializeOwned>(&self) -> Result<T, serde_saphyr::Error> {
        typed_text(&self.text())
    }

    /// The problems found, and the rest of the document if it typed.
    fn stopped<T>(self, rest: Option<T>) -> YamlErrors<T> {
        YamlErrors {
            diagnostics: self.diagnostics,
            rest,
            left_out: self.left_out,
        }
    }

    /// Reports the structure problems, leaving out each one's top-level key.
    fn leave_out_structure_problems(&mut self) -> Step {
        for p in structure::problems(&self.lines, self.first_line) {
            self.diagnostics.push(structure_diagnostic(
                &p,
                self.display,
                self.whole_text,
                self.first_line,
            ));
            let Some((key, block)) = top_level_key(&self.lines, p.line + 1) else {
                return Step::Stop;
            };
            hide(&mut self.lines, block, &mut self.hidden);
            self.left_out.push(key);
        }
        Step::Retype
    }

    /// A required key missing at the top level: reported (unless it was left out for a problem
    /// already reported), and given a stand-in value.
    fn stand_in_for_missing_key(
        &mut self,
        error: &serde_saphyr::Error,
        message: &str,
    ) -> Option<Step> {
        if !message.starts_with("missing field")
            || error
                .location()
                .is_some_and(|l| l.column() > 1 && !self.empty)
        {
            return None;
        }
        let key = message.split('`').nth(1).unwrap_or("").to_string();
        if !self.left_out.contains(&key) && !self.hidden.contains(&key) {
            self.diagnostics.push(yaml_error_to_diagnostic(
                error,
                self.display,
                self.whole_text,
                self.first_line,
                true,
            ));
        }
        if key.is_empty()
            || self
                .stand_ins
                .iter()
                .any(|s| s.starts_with(&format!("{key}:")))
        {
            return Some(Step::Stop);
        }
        if !self.left_out.contains(&key) {
            self.left_out.push(key.clone());
        }
        self.stand_ins.push(format!("{key}: x"));
        Some(Step::Retype)
    }

    /// A stand-in of the wrong type: given the type the parser asks for.
    fn retype_stand_in(&mut self, error: &serde_saphyr::Error, message: &str) -> Option<Step> {
        let line = error_line(error).filter(|&l| l > self.yaml_lines)?;
        let stand_in = self.stand_ins.get_mut(line - self.yaml_lines - 1)?;
        let key = stand_in.split(':').next().unwrap_or("").to_string();
        let Some(value) = stand_in_value(message) else {
            return Some(Step::Stop);
        };
        let retyped = format!("{key}: {value}");
        if *stand_in == retyped {
            return Some(Step::Stop);
        }
        *stand_in = retyped;
        Some(Step::Retype)
    }

    /// Keys of a mapping written without their indentation (`salary:` then `median: …` at the
    /// start of the line): one problem saying so, instead of one per key, and that mapping
    /// left out.
    fn indent_under_parent<T: DeserializeOwned>(
        &mut self,
        error: &serde_saphyr::Error,
        message: &str,
    ) -> Option<Step> {
        if !message.starts_with("unknown field") || error.location().is_none_or(|l| l.column() != 1)
        {
            return None;
        }
        let line = error_line(error)?;
        let (parent, run) =
            belongs_under(&self.lines, line - 1, |t| typed_text::<T>(&t.join("\n")))?;
        let parent_key = key_of(self.lines[parent]).unwrap_or("").to_string();
        let keys: Vec<String> = self.lines[run.clone()]
            .iter()
            .filter_map(|l| key_of(l).map(|k| format!("`{k}`")))
            .collect();
        let names = match keys.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
            None => String::new(),
        };
        let first_line = self.first_line;
        let lines_named = if run.len() == 1 {
            format!("line {}", first_line + run.start)
        } else {
            format!(
                "lines {}–{}",
                first_line + run.start,
                first_line + run.end - 1
            )
        };
        let first_key = key_of(self.lines[run.start]).unwrap_or("").chars().count();
        let belong = if keys.len() == 1 { "belongs" } else { "belong" };
        self.diagnostics.push(
            Diagnostic::error(
                "yaml-indentation",
                format!("{names} {belong} under `{parent_key}:`"),
            )
            .in_file(self.display)
            .at(self.whole_text, first_line + run.start, 1, first_key.max(1))
            .label("indent this")
            .help(format!(
                "indent these under `{parent_key}:`: put two spaces in front of {lines_named}"
            )),
        );
        hide(&mut self.lines, parent..run.end, &mut self.hidden);
        self.left_out.push(parent_key);
        Some(Step::Retype)
    }

    /// Any other problem: reported, and when it is about one key's value (or a key missing
    /// inside a key's mapping), that top-level key is left out.
    fn leave_out_key(&mut self, error: &serde_saphyr::Error, message: &str) -> Step {
        let d = yaml_error_to_diagnostic(
            error,
            self.display,
            self.whole_text,
            self.first_line,
            self.empty,
        );
        if message.starts_with("missing field")
            && (self.left_out.iter().chain(&self.hidden))
                .any(|k| message.contains(&format!("`{k}`")))
        {
            // Missing because we left it out: already reported.
            return Step::Stop;
        }
        let recoverable = matches!(
            d.code,
            "unknown-key" | "bad-value" | "duplicate-key" | "missing-value"
        )
            // Missing inside a key's mapping (not at the top level): leave that key out.
            || d.code == "missing-key"
            || (d.code == "yaml" && is_well_formed(&self.text()));
        self.diagnostics.push(d);
        let block = match error_line(error) {
            Some(line) if recoverable && !self.empty && line <= self.yaml_lines => {
                top_level_key(&self.lines, line)
            }
            _ => None,
        };
        let Some((key, block)) = block else {
            return Step::Stop;
        };
        // Leaving out the first of a key given twice hides the second from the parser's
        // check for duplicates: say so here.
        for (i, later) in self.lines.iter().enumerate().skip(block.end) {
            if key_of(later) == Some(key.as_str()) {
                self.diagnostics.push(located_yaml_diagnostic(
                    &format!("duplicate mapping key: {key}"),
                    self.first_line + i,
                    1,
                    self.display,
                    self.whole_text,
                    self.first_line,
                ));
            }
        }
        self.left_out.push(key);
        for line in &mut self.lines[block] {
            *line = "";
        }
        Step::Retype
    }
}

/// `text` typed as `T`; an empty text as an empty mapping.
fn typed_text<T: DeserializeOwned>(text: &str) -> Result<T, serde_saphyr::Error> {
    let source = if text.trim().is_empty() { "{}" } else { text };
    serde_saphyr::from_str_with_options::<T>(source, yaml_options())
}

/// The line (1-based, of the typed text) the parser's error is on, when it says.
fn error_line(error: &serde_saphyr::Error) -> Option<usize> {
    error
        .location()
        .map(|l| l.line() as usize)
        .filter(|&l| l > 0)
}

/// Empties `lines[block]`, noting the keys on them in `hidden`.
fn hide(lines: &mut [&str], block: Range<usize>, hidden: &mut Vec<String>) {
    for line in &mut lines[block] {
        let t = line.trim_start().trim_start_matches("- ");
        if let Some(k) = key_of(t) {
            hidden.push(k.to_string());
        }
        *line = "";
    }
}

/// A value of the type the parser's `message` asks for, for a stand-in of a missing key.
fn stand_in_value(message: &str) -> Option<String> {
    if message.starts_with("unknown variant") {
        let list = message.split("expected one of ").nth(1)?;
        let first = list.split([',', ' ']).next()?.trim_matches('`');
        return Some(first.to_string());
    }
    if whole_number_type(message).is_some()
        || message.contains("invalid floating point")
        || message.contains("invalid integer")
        || message.contains("expected number")
    {
        return Some("1".into());
    }
    if message.contains("expected sequence") {
        return Some("[]".into());
    }
    if message.contains("expected mapping") {
        return Some("{}".into());
    }
    if message.contains("boolean") || message.contains("bool") {
        return Some("true".into());
    }
    None
}

/// When line `at` (0-based) is a top-level key that belongs under the empty `key:` above it
/// (its indentation forgotten): that key's line and the lines to indent, as far as indenting
/// them makes them known keys of that mapping (`typed` types a trial document).
fn belongs_under<T>(
    lines: &[&str],
    at: usize,
    typed: impl Fn(&[String]) -> Result<T, serde_saphyr::Error>,
) -> Option<(usize, Range<usize>)> {
    let blank = |l: &str| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#')
    };
    let parent = (0..at).rev().find(|&i| !blank(lines[i]))?;
    let parent_line = lines[parent].trim_end_matches('\r');
    key_of(parent_line)?;
    let after = parent_line[parent_line.find(':')? + 1..].trim();
    if !(after.is_empty() || after.starts_with('#')) || key_of(lines[at]).is_none() {
        return None;
    }
    let mut end = (at..lines.len())
        .find(|&i| !blank(lines[i]) && key_of(lines[i]).is_none())
        .unwrap_or(lines.len());
    while end > at && blank(lines[end - 1]) {
        end -= 1;
    }
    while end > at {
        let trial: Vec<String> = lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                if (at..end).contains(&i) && !l.is_empty() {
                    format!("  {l}")
                } else {
                    (*l).to_string()
                }
            })
            .collect();
        match typed(&trial) {
            Ok(_) => return Some((parent, at..end)),
            Err(e) => {
                let message = e.without_snippet().to_string();
                let line = e.location().map_or(0, |l| l.line() as usize);
                let inside = line > at && line <= end;
                if message.starts_with("unknown field") && inside {
                    // This key is not one of the mapping's: stop before it.
                    end = line - 1;
                    while end > at && blank(lines[end - 1]) {
                        end -= 1;
                    }
                } else if message.starts_with("unknown field") && line == at + 1 {
                    return None;
                } else {
                    return Some((parent, at..end));
                }
            }
        }
    }
    None
}

/// The diagnostic for a structure problem found by [`structure::problems`].
fn structure_diagnostic(
    p: &structure::Problem,
    display: &Path,
    whole_text: &str,
    first_line: usize,
) -> Diagnostic {
    let code = if p.message.contains("missing its closing") {
        "yaml-unclosed"
    } else if p.message.contains("quotes") {
        "yaml-quotes"
    } else if p.message.contains("space after") {
        "yaml-space"
    } else {
        "yaml-indentation"
    };
    let mut d = Diagnostic::error(code, p.message.clone())
        .in_file(display)
        .at(whole_text, first_line + p.line, p.column, p.span)
        .help(p.help.clone());
    if let Some(l) = &p.label {
        d = d.label(l.clone());
    }
    d
}

/// Whether `yaml` is well-formed YAML within our limits, whatever its keys and values (a key
/// given twice included: that is a problem with the document's values, not its syntax).
fn is_well_formed(yaml: &str) -> bool {
    let mut options = yaml_options();
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::LastWins;
    serde_saphyr::from_str_with_options::<serde::de::IgnoredAny>(yaml, options).is_ok()
}

/// The top-level key whose value holds line `line`, column `column` of `whole_text` (whose
/// YAML starts on line `first_line`), when that place is inside it (indented or in `{…}`):
/// the key and its line.
fn parent_key(
    whole_text: &str,
    first_line: usize,
    line: usize,
    column: usize,
) -> Option<(usize, String)> {
    if column <= 1 {
        return None;
    }
    let from = first_line.saturating_sub(1);
    let lines: Vec<&str> = whole_text.split('\n').skip(from).collect();
    let (key, block) = top_level_key(&lines, line.checked_sub(from)?)?;
    Some((from + block.start + 1, key))
}

/// The top-level key of a block mapping whose lines (0-based, end exclusive) hold line
/// `line` (1-based) of `lines`, and its name; `None` when the line is outside every key or
/// the document is not a block mapping of plain keys.
fn top_level_key(lines: &[&str], line: usize) -> Option<(String, Range<usize>)> {
    let at = line.checked_sub(1).filter(|&i| i < lines.len())?;
    // A key starts in the first column; indented lines, comments and the items of a list
    // written without indentation (`- a`) belong to the key above them.
    let starts_key = |l: &str| {
        let item = l == "-" || l.starts_with("- ") || l.starts_with("-\t");
        l.chars()
            .next()
            .is_some_and(|c| !c.is_whitespace() && c != '#')
            && !item
    };
    let start = (0..=at).rev().find(|&i| starts_key(lines[i]))?;
    let end = (at + 1..lines.len())
        .find(|&i| starts_key(lines[i]))
        .unwrap_or(lines.len());
    Some((key_of(lines[start])?.to_string(), start..end))
}

/// The plain key a top-level line of a block mapping starts with (`level` of `level: mid`);
/// `None` for indented lines, comments, list items, flow collections, quoted or complex keys
/// and anything else.
fn key_of(line: &str) -> Option<&str> {
    let item = line == "-" || line.starts_with("- ") || line.starts_with("-\t");
    if item
        || line.starts_with([
            '{', '[', '"', '\'', '?', '&', '*', '!', '|', '>', ' ', '\t', '#',
        ])
    {
        return None;
    }
    Some(line.split_once(':')?.0.trim_end())
}

fn yaml_error_to_diagnostic(
    e: &serde_saphyr::Error,
    display: &Path,
    whole_text: &str,
    first_line: usize,
    empty: bool,
) -> Diagnostic {
    let raw = e.without_snippet().to_string();
    let message = raw
        .find(" at line ")
        .map(|i| raw[..i].to_string())
        .unwrap_or_else(|| raw.clone());
    let (line, column) = match e.location() {
        Some(loc) if loc.line() > 0 && !empty => {
            (loc.line() as usize + first_line - 1, loc.column() as usize)
        }
        _ => (first_line.saturating_sub(1).max(1), 1),
    };
    located_yaml_diagnostic(&message, line, column, display, whole_text, first_line)
}

/// The diagnostic for the YAML parser's `message` about line `line`, column `column` of
/// `whole_text` (whose YAML starts on `first_line`), rewritten for editors.
fn located_yaml_diagnostic(
    message: &str,
    line: usize,
    column: usize,
    display: &Path,
    whole_text: &str,
    first_line: usize,
) -> Diagnostic {
    let context = whole_text
        .split('\n')
        .nth(line.saturating_sub(1))
        .unwrap_or("")
        .trim_end_matches('\r');
    let (code, message, label, mut help) = match explain_with_key(message, context, column) {
        Some(explained) => explained,
        None => explain_yaml_error(message),
    };
    // A tab is shown where the tab is. A key missing from a mapping inside a key (a salary's
    // `median`; serde-saphyr gives the place of that mapping's last key) is shown at that key;
    // one missing at the top level, at the start of the YAML.
    let (line, column) = match code {
        "missing-key" => {
            let key = message.split('`').nth(1).unwrap_or("");
            match parent_key(whole_text, first_line, line, column) {
                Some((parent_line, parent)) => {
                    help = Some(format!("add `{key}: …` to `{parent}`"));
                    (parent_line, 1)
                }
                None => {
                    // A whole file of YAML (site.yaml); a page's starts after its `---`.
                    if first_line == 1 {
                        help = Some(format!("add a line `{key}: …` to {}", display.display()));
                    }
                    (first_line, 1)
                }
            }
        }
        "yaml-tab" => {
            let text = whole_text
                .split('\n')
                .nth(line.saturating_sub(1))
                .unwrap_or("");
            match text.find('\t') {
                Some(b) => (line, text[..b].chars().count() + 1),
                None => (line, column),
            }
        }
        // A key without its value: where the value goes, after `key: `.
        "missing-value" => {
            let text = whole_text
                .split('\n')
                .nth(line.saturating_sub(1))
                .unwrap_or("")
                .trim_end_matches('\r');
            let value_at = text
                .find(':')
                .map(|c| text[..=c].chars().count() + 1)
                .unwrap_or(column);
            (line, value_at)
        }
        _ => (line, column),
    };
    let source_line = whole_text.split('\n').nth(line - 1).unwrap_or("");
    let rest: String = source_line.chars().skip(column.saturating_sub(1)).collect();
    let span = underline_chars(&rest);
    let mut d = Diagnostic::error(code, message)
        .in_file(display)
        .at(whole_text, line, column, span);
    if let Some(l) = label {
        d = d.label(l);
    }
    if let Some(h) = help {
        d = d.help(h);
    }
    d
}

/// How many characters to underline of `rest`, a line from a problem's column on: the key
/// or value there, up to the `: ` after a key, a comment or the end of the line, without
/// trailing spaces; a quoted value to its closing quote.
fn underline_chars(rest: &str) -> usize {
    let rest = rest.trim_end_matches('\r');
    let quoted = rest
        .chars()
        .next()
        .filter(|&q| q == '"' || q == '\'')
        .and_then(|q| rest[1..].find(q).map(|b| b + 2));
    let end = quoted.unwrap_or_else(|| {
        let key_end = rest
            .find(": ")
            .or_else(|| rest.strip_suffix(':').map(str::len));
        // A comment starts with `#` after white space.
        let comment = rest.find(" #").or_else(|| rest.find("\t#"));
        [key_end, comment]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(rest.len())
    });
    rest[..end].trim_end().chars().count().max(1)
}

/// The parser's messages that read better with the key they are about (the key on the
/// problem's line, `context`): a list where one value belongs, an empty value, a scalar
/// where a list or a mapping belongs.
#[allow(clippy::type_complexity)]
fn explain_with_key(
    message: &str,
    context: &str,
    column: usize,
) -> Option<(&'static str, String, Option<String>, Option<String>)> {
    if message.contains("expected mapping") && column <= 1 {
        return Some((
            "yaml",
            "the front-matter must be `key: value` lines".into(),
            None,
            Some(
                "start each line with a key, a colon and a space, e.g. `title: Medical Coder`"
                    .into(),
            ),
        ));
    }
    let trimmed = context.trim_start();
    let trimmed = trimmed.strip_prefix("- ").unwrap_or(trimmed);
    let (key, value) = trimmed.split_once(':')?;
    let key = key.trim();
    if key.is_empty() || key.contains(['[', '{', '"', '\'', ' ']) {
        return None;
    }
    let value = value.split(" #").next().unwrap_or("").trim();
    let allowed = |m: &str| -> Vec<String> {
        m.split("expected one of ")
            .nth(1)
            .map(|l| {
                l.split(", ")
                    .map(|s| s.trim_matches(|c| c == '`' || c == ' ').to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    if message.contains("externally tagged enum") {
        let inner = value
            .trim_start_matches(['[', '{'])
            .trim_end_matches([']', '}'])
            .split([',', ':'])
            .next()
            .unwrap_or("")
            .trim();
        let fix = if inner.is_empty() {
            format!("write one value after `{key}:`")
        } else {
            format!("write it without brackets: `{key}: {inner}`")
        };
        return Some((
            "yaml",
            format!("`{key}` takes a single value, not a list or a mapping"),
            Some("one value".into()),
            Some(fix),
        ));
    }
    if message.starts_with("unknown variant `~`") || message.starts_with("unknown variant ``") {
        return Some((
            "missing-value",
            format!("`{key}` has no value"),
            None,
            Some(format!(
                "write one of {} after `{key}:`",
                allowed(message).join(", ")
            )),
        ));
    }
    if message.contains("null into string") {
        return Some((
            "missing-value",
            format!("`{key}` has no value"),
            None,
            Some(format!(
                "write the value after `{key}:`, or remove the line if the key is not required"
            )),
        ));
    }
    if message.contains("expected sequence") && !value.is_empty() {
        let item = value.trim_matches('"');
        return Some((
            "yaml",
            format!("expected a list for `{key}`"),
            Some("expected a list".into()),
            Some(if value.starts_with(['{', '[']) {
                format!(
                    "write the items as `{key}: [a, b]`, or one `- item` per line below `{key}:`"
                )
            } else {
                format!("write `{key}: [{item}]`, or one `- item` per line below `{key}:`")
            }),
        ));
    }
    if message.contains("expected mapping") && !value.is_empty() {
        return Some((
            "yaml",
            format!("expected a map of keys and values for `{key}`"),
            Some("expected keys and values".into()),
            Some(format!(
                "write its keys on the lines below `{key}:`, each indented by two spaces (`  key: value`), or as `{{key: value, …}}`"
            )),
        ));
    }
    if message.contains("expected string") && value.starts_with(['[', '{']) {
        return Some((
            "yaml",
            format!("`{key}` takes a single value, not a list or a mapping"),
            Some("one value".into()),
            Some(format!(
                "write one value after `{key}:`; to keep the brackets as text, put the value in double quotes"
            )),
        ));
    }
    None
}

/// Rewrites serde and parser messages into an editor's terms: what was expected, how to fix.
fn explain_yaml_error(message: &str) -> (&'static str, String, Option<String>, Option<String>) {
    if let Some(explained) = explain_key_problem(message) {
        return explained;
    }
    let (friendly, help) = SYNTAX_PHRASES
        .iter()
        .find(|(matches, _, _)| matches(message))
        .map_or((
            "the front-matter cannot be read from this point",
            "check this line and the one above it: indentation (keys of one mapping and the `-` of one list line up), quotes and brackets that close, and a space after each `:` and `-`",
        ), |&(_, friendly, help)| (friendly, help));
    ("yaml", friendly.into(), None, Some(help.into()))
}

/// The parser's messages about one key: unknown, missing or given twice, a value not among
/// those allowed, and the whole document too large or indented with tabs.
#[allow(clippy::type_complexity)]
fn explain_key_problem(
    message: &str,
) -> Option<(&'static str, String, Option<String>, Option<String>)> {
    let backticked = |m: &str| -> Option<String> {
        let start = m.find('`')? + 1;
        let end = start + m[start..].find('`')?;
        Some(m[start..end].to_string())
    };
    let expected_list = |m: &str| -> Vec<String> {
        m.split("expected one of ")
            .nth(1)
            .map(|l| {
                l.split(", ")
                    .map(|s| s.trim_matches(|c| c == '`' || c == ' ').to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    if message.starts_with("unknown field") {
        let key = backticked(message).unwrap_or_default();
        let allowed = expected_list(message);
        let help = match crate::diagnostics::did_you_mean(&key, &allowed) {
            Some(h) => format!("{h} Custom data goes under `extra:`."),
            None => format!(
                "the keys allowed here are: {}. Custom data goes under `extra:`.",
                allowed.join(", ")
            ),
        };
        return Some((
            "unknown-key",
            format!("unknown key `{key}`"),
            Some("not a key of this kind of page".into()),
            Some(help),
        ));
    }
    if message.starts_with("unknown variant") {
        let value = backticked(message).unwrap_or_default();
        let allowed = expected_list(message);
        let mut help = format!("use one of: {}", allowed.join(", "));
        if let Some(h) = crate::diagnostics::did_you_mean(&value, &allowed) {
            help = format!("{h} ({help})");
        }
        return Some((
            "bad-value",
            format!("`{value}` is not an allowed value here"),
            None,
            Some(help),
        ));
    }
    if message.starts_with("missing field") {
        let key = backticked(message).unwrap_or_default();
        return Some((
            "missing-key",
            format!("missing required key `{key}`"),
            None,
            Some(format!("add a line `{key}: …` to the front-matter")),
        ));
    }
    if message.starts_with("duplicate mapping key") {
        let key = message
            .trim_start_matches("duplicate mapping key: ")
            .split(',')
            .next()
            .unwrap_or("")
            .to_string();
        return Some((
            "duplicate-key",
            format!("the key `{key}` appears twice"),
            Some("second time here".into()),
            Some("keep one of the two lines".into()),
        ));
    }
    if message.contains("budget breached") {
        return Some((
            "yaml-too-large",
            "this YAML expands to too much data (too many aliases, anchors or nested values)"
                .into(),
            None,
            Some("write the values out instead of using `&anchor`/`*alias` references".into()),
        ));
    }
    if message.contains("found a tab") || message.contains("tabs") {
        return Some((
            "yaml-tab",
            "a tab character is used for indentation".into(),
            Some("tab".into()),
            Some("YAML indents with spaces only: replace the tab with spaces".into()),
        ));
    }
    None
}

/// The parser's other messages, recognised by their phrases, with what they mean for an
/// editor and how to fix it; the first that matches is used.
type SyntaxPhrase = (fn(&str) -> bool, &'static str, &'static str);
const SYNTAX_PHRASES: &[SyntaxPhrase] = &[
    (
        |m| m.contains("expected sequence"),
        "expected a list",
        "write a list as `[a, b]` or as lines starting with `- `",
    ),
    (
        |m| m.contains("expected mapping"),
        "expected a map of keys and values",
        "write it as `key: value` lines indented under this key, or `{key: value}`",
    ),
    (
        |m| {
            [
                "invalid floating point",
                "invalid integer",
                "invalid number",
                "expected number",
            ]
            .iter()
            .any(|p| m.contains(p))
        },
        "expected a number",
        "write the number without quotes, units or thousands separators, e.g. `51140`",
    ),
    // serde-saphyr says `invalid u32` (or i64, …) for a word, a fraction or, for an unsigned
    // key, a negative number where a whole number belongs.
    (
        |m| whole_number_type(m) == Some(true),
        "expected a whole number",
        "write the number without quotes, units or decimals, e.g. `2025`",
    ),
    (
        |m| whole_number_type(m) == Some(false),
        "expected a whole number, 0 or more",
        "write the number without quotes, units, decimals or a minus sign, e.g. `100`",
    ),
    (
        |m| m.contains("null into string"),
        "this key has no value",
        "write the value after the colon, or remove the line",
    ),
    (
        |m| {
            m.contains("invalid boolean")
                || m.contains("expected bool")
                || m.contains("invalid type: string") && m.contains("boolean")
        },
        "expected `true` or `false`",
        "write `true` or `false`",
    ),
    (
        |m| m.contains("mapping values are not allowed"),
        "a colon inside a value",
        "put the value in double quotes: `title: \"Coding: the basics\"`",
    ),
    (
        |m| m.contains("expected string") || m.contains("invalid type"),
        "expected a single value here, not a list or a mapping",
        "write one plain value after the colon; put text with brackets or braces in double quotes",
    ),
    (
        |m| m.contains("unknown escape"),
        "a backslash inside double quotes starts an escape, and this one is unknown",
        "write `\\\\` for a backslash, or put the value in single quotes instead",
    ),
    (
        |m| m.contains("misplaced bracket"),
        "a closing bracket without its opening one",
        "remove the extra `]` or `}`, or add the `[` or `{` it closes",
    ),
    (
        |m| m.contains("unclosed quote"),
        "this quoted text is never closed",
        "end the value with the same quote it starts with",
    ),
    (
        |m| m.contains("unknown anchor"),
        "a value cannot start with `*`: it has a special meaning in YAML",
        "put the value in double quotes: `\"*…\"`",
    ),
    (
        |m| m.contains("unexpected character"),
        "a value cannot start with this character",
        "put the value in double quotes, e.g. `title: \"@home\"`",
    ),
    (
        |m| m.contains("tagged"),
        "a value cannot start with `!`: it has a special meaning in YAML",
        "put the value in double quotes",
    ),
    (
        |m| m.contains("simple key"),
        "this line should be `key: value`",
        "write the key, a colon and a space, then the value; or remove the line",
    ),
];

/// Whether serde-saphyr's `message` is its "invalid u32" (or another integer type) error, and
/// if so whether the type is signed.
fn whole_number_type(message: &str) -> Option<bool> {
    let rest = message.strip_prefix("invalid ")?;
    let ty = rest.split(|c: char| !c.is_ascii_alphanumeric()).next()?;
    let signed = match ty.as_bytes().first()? {
        b'i' => true,
        b'u' => false,
        _ => return None,
    };
    let bits = &ty[1..];
    (matches!(bits, "8" | "16" | "32" | "64" | "128" | "size")).then_some(signed)
}

/// Reads a whole file as UTF-8 text with the same errors as pages (used for `site.yaml`).
pub fn read_text(root: &Path, path: &Path) -> Result<String, Diagnostic> {
    let display = display_path(root, path);
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error("unreadable", format!("cannot read this file: {e}"))
            .in_file(display.clone())
    })?;
    decode_utf8(bytes, &display)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page in a subfolder is named with `/` between folders, whatever the platform's
    /// separator.
    #[test]
    fn content_paths_join_folders_with_slashes() {
        let rel: PathBuf = ["roles", "coding", "inpatient-coder.md"].iter().collect();
        assert_eq!(content_path_of(&rel), "roles/coding/inpatient-coder.md");
        assert_eq!(content_path_of(Path::new("_index.md")), "_index.md");
    }

    #[test]
    fn integer_errors_are_told_apart_from_other_invalid_values() {
        assert_eq!(whole_number_type("invalid u32"), Some(false));
        assert_eq!(whole_number_type("invalid i64 at line 3"), Some(true));
        assert_eq!(whole_number_type("invalid usize"), Some(false));
        assert_eq!(whole_number_type("invalid utf-8 sequence"), None);
        assert_eq!(whole_number_type("invalid type: string"), None);
        assert_eq!(whole_number_type("invalid integer"), None);
    }

    /// Many files are read on a pool of their own (`READERS`): the same pages, in the same
    /// order, as one by one, errors included.
    #[test]
    fn many_files_read_on_the_reader_pool_come_back_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(&content).unwrap();
        let n = READ_POOL_FROM + 44;
        for k in 0..n {
            let text = if k == 7 {
                "no front-matter\n".to_string()
            } else {
                format!("---\ntitle: Page {k}\n---\nBody {k}.\n")
            };
            std::fs::write(content.join(format!("p{k:04}.md")), text).unwrap();
        }
        let (loaded, diags) = load_content(dir.path(), &content, Bodies::All);
        assert_eq!(loaded.unreadable, ["p0007.md"]);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(loaded.pages.len(), n - 1);
        for (page, k) in loaded.pages.iter().zip((0..n).filter(|&k| k != 7)) {
            assert_eq!(page.content_path, format!("p{k:04}.md"));
            assert_eq!(page.yaml(), format!("title: Page {k}\n"));
            assert_eq!(page.markdown(), format!("Body {k}.\n"));
        }
    }

    fn split(s: &str) -> Result<SourceFile, Diagnostic> {
        split_page(s.to_string(), PathBuf::from("content/x.md"), "x.md".into())
    }

    /// Past the budget, bodies stay on disk: the front-matter is kept, the body is read again
    /// whole, and a file changed since it was loaded is refused rather than rendered.
    #[test]
    fn bodies_past_the_budget_are_left_on_disk_and_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(&content).unwrap();
        let text = "---\ntitle: A\n---\nBody *here*, long enough.\n";
        for name in ["a.md", "b.md"] {
            std::fs::write(content.join(name), format!("\u{feff}{text}")).unwrap();
        }
        let (all, _) = load_content(dir.path(), &content, Bodies::All);
        assert!(all.pages.iter().all(|p| !p.body_on_disk));
        let (loaded, diags) = load_content(dir.path(), &content, Bodies::UpTo(10));
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(loaded.pages.len(), 2);
        // Each body is longer than the budget of 10 bytes: both are left on disk.
        for page in &loaded.pages {
            assert!(page.body_on_disk);
            assert_eq!(page.yaml(), "title: A\n");
            assert_eq!(page.markdown(), "");
            assert_eq!(page.read_again(&content).unwrap(), text);
        }
        std::fs::write(content.join("a.md"), text.replace("long", "short")).unwrap();
        let a = loaded
            .pages
            .iter()
            .find(|p| p.content_path == "a.md")
            .unwrap();
        let err = a.read_again(&content).unwrap_err();
        assert_eq!(err.code, "changed-during-build");
        assert_eq!(err.file.as_deref(), Some(Path::new("content/a.md")));
        std::fs::remove_file(content.join("b.md")).unwrap();
        let b = loaded
            .pages
            .iter()
            .find(|p| p.content_path == "b.md")
            .unwrap();
        assert_eq!(b.read_again(&content).unwrap_err().code, "unreadable");
    }

    #[test]
    fn splits_front_matter_and_body() {
        let f = split("---\ntitle: A\n---\nBody *here*\n").unwrap();
        assert_eq!(f.yaml(), "title: A\n");
        assert_eq!(f.markdown(), "Body *here*\n");
    }

    #[test]
    fn accepts_crlf_and_bom() {
        let f = decode_utf8(
            b"\xEF\xBB\xBF---\r\ntitle: A\r\n---\r\nBody\r\n".to_vec(),
            Path::new("x"),
        )
        .unwrap();
        let f = split(&f).unwrap();
        assert_eq!(f.yaml(), "title: A\r\n");
        assert_eq!(f.markdown(), "Body\r\n");
    }

    #[test]
    fn unterminated_front_matter_points_at_the_opening_fence() {
        let d = split("---\ntitle: A\nBody\n").unwrap_err();
        assert_eq!(d.code, "unterminated-front-matter");
        assert_eq!((d.line, d.column), (1, 1));
    }

    #[test]
    fn missing_front_matter_is_an_error() {
        let d = split("# Just markdown\n").unwrap_err();
        assert_eq!(d.code, "missing-front-matter");
    }

    #[test]
    fn non_utf8_bytes_are_located() {
        let d = decode_utf8(b"---\ntitle: caf\xE9\n---\n".to_vec(), Path::new("x.md")).unwrap_err();
        assert_eq!(d.code, "not-utf8");
        assert_eq!((d.line, d.column), (2, 11));
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        title: String,
        #[serde(default)]
        count: Option<u32>,
        #[serde(default)]
        tags: Option<Vec<String>>,
    }

    fn problems(yaml: &str) -> YamlErrors<Doc> {
        let text = format!("---\n{yaml}---\n");
        let f = split(&text).unwrap();
        parse_yaml::<Doc>(f.yaml(), &f.display, &f.text, f.front_matter_line).unwrap_err()
    }

    fn codes_and_lines(e: &YamlErrors<Doc>) -> Vec<(&'static str, usize)> {
        e.diagnostics.iter().map(|d| (d.code, d.line)).collect()
    }

    /// An editor sees every wrong key and value of a file in one run, each on its own line
    /// of the file, and the rest of the document is still typed for later checks.
    #[test]
    fn every_problem_with_a_key_is_reported_not_only_the_first() {
        let e = problems("title: A\ncolour: red\ncount: many\ntags: [x]\n");
        assert_eq!(codes_and_lines(&e), [("unknown-key", 3), ("yaml", 4)]);
        assert!(e.diagnostics[1].message.contains("whole number"), "{e:?}");
        assert_eq!(e.left_out, ["colour", "count"]);
        let rest = e.rest.expect("the rest types");
        assert_eq!((rest.title.as_str(), rest.count), ("A", None));
        assert_eq!(rest.tags, Some(vec!["x".to_string()]));
    }

    /// A list written without indentation belongs to its key: a bad item leaves out the
    /// whole list, and the lines after it keep their numbers.
    #[test]
    fn a_list_without_indentation_is_left_out_whole() {
        let e = problems("title: A\ntags:\n- a\n- [b]\n# a comment\ncount: -1\n");
        assert_eq!(codes_and_lines(&e), [("yaml", 5), ("yaml", 7)]);
        assert!(e.rest.is_some());
    }

    /// A key left out because its value was wrong is not reported again as missing; a key
    /// that is really missing is.
    #[test]
    fn a_key_left_out_is_not_reported_missing_again() {
        let e = problems("title: [a, b]\ncount: 2\n");
        assert_eq!(codes_and_lines(&e), [("yaml", 2)]);
        // The required key left out has a stand-in, so the rest is still typed.
        let rest = e.rest.expect("the rest types with a stand-in title");
        assert_eq!(rest.count, Some(2));
        assert_eq!(e.left_out, ["title"]);
        let e = problems("titel: A\ncount: x\n");
        let codes: Vec<_> = e.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["unknown-key", "yaml", "missing-key"]);
    }

    /// A key given twice whose first value is wrong: both problems are reported, though
    /// leaving out the first hides the second from the parser.
    #[test]
    fn a_key_given_twice_after_a_wrong_value_is_still_reported() {
        let e = problems("title: A\ncount: many\ntags: [x]\ncount: 2\n");
        assert_eq!(codes_and_lines(&e), [("yaml", 3), ("duplicate-key", 5)]);
        assert!(
            e.diagnostics[1].message.contains("`count` appears twice"),
            "{e:?}"
        );
        // Given twice with good values, the parser itself reports it, once.
        let e = problems("title: A\ncount: 1\ncount: 2\n");
        assert_eq!(codes_and_lines(&e), [("duplicate-key", 4)]);
    }

    /// A key missing inside another key's mapping is shown at that key and names it, and the
    /// rest of the document is still checked; one missing at the top level is shown at the
    /// start.
    #[test]
    fn a_key_missing_inside_a_mapping_is_shown_at_its_key() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Pay {
            median: u32,
            year: Option<u32>,
        }
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Role {
            title: String,
            salary: Option<Pay>,
            count: Option<u32>,
        }
        let parse = |yaml: &str| {
            let text = format!("---\n{yaml}---\n");
            let f = split(&text).unwrap();
            parse_yaml::<Role>(f.yaml(), &f.display, &f.text, f.front_matter_line).unwrap_err()
        };
        for yaml in [
            "title: A\nsalary: {year: 2025}\ncount: x\n",
            "title: A\nsalary:\n  year: 2025\ncount: x\n",
        ] {
            let e = parse(yaml);
            let d = &e.diagnostics[0];
            assert_eq!((d.code, d.line, d.column), ("missing-key", 3, 1), "{e:?}");
            assert_eq!(d.span_chars, "salary".len());
            assert_eq!(d.help.as_deref(), Some("add `median: …` to `salary`"));
            assert_eq!(e.diagnostics.len(), 2, "{e:?}");
            assert_eq!(e.left_out, ["salary", "count"]);
        }
        let e = parse("count: 2\n");
        let d = &e.diagnostics[0];
        assert_eq!((d.code, d.line, d.column), ("missing-key", 2, 1), "{e:?}");
        assert_eq!(
            d.help.as_deref(),
            Some("add a line `title: …` to the front-matter")
        );
    }

    #[test]
    fn only_plain_top_level_keys_are_keys() {
        assert_eq!(key_of("level: mid   # a comment"), Some("level"));
        assert_eq!(key_of("salary:"), Some("salary"));
        for not_a_key in [
            "  period: annual",
            "- title: S",
            "-",
            "# level: mid",
            "{title: A}",
            "\"quoted\": x",
            "",
            "plain text",
        ] {
            assert_eq!(key_of(not_a_key), None, "{not_a_key:?}");
        }
    }

    /// After a syntax error the parser's later complaints would be noise: one is reported.
    #[test]
    fn a_syntax_error_is_reported_alone() {
        let e = problems("title: A\ncount: @x\ntags: x: y\ncolour: red\n");
        assert_eq!(e.diagnostics.len(), 1, "{e:?}");
        assert!(e.rest.is_none());
        // A structure mistake (a list never closed) is found before the parser, its key
        // left out, and the rest still read: the colon inside a value is reported too.
        let e = problems("title: A\ncount: [1,\ntags: x: y\ncolour: red\n");
        let codes: Vec<_> = e.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["yaml-unclosed", "yaml"], "{e:?}");
        assert_eq!(e.diagnostics[0].line, 3);
    }

    /// Every required key missing is reported in one run, and the rest is typed.
    #[test]
    fn every_missing_required_key_is_reported_at_once() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(rename_all = "lowercase")]
        #[allow(dead_code)]
        enum Level {
            Entry,
        }
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Page {
            title: String,
            order: i64,
            level: Level,
            #[serde(default)]
            tags: Vec<String>,
        }
        let text = "---\ntags: [a]\n---\n";
        let f = split(text).unwrap();
        let e = parse_yaml::<Page>(f.yaml(), &f.display, &f.text, f.front_matter_line).unwrap_err();
        let mut missing: Vec<_> = e
            .diagnostics
            .iter()
            .map(|d| (d.code, d.message.clone()))
            .collect();
        missing.sort();
        assert_eq!(
            missing,
            [
                ("missing-key", "missing required key `level`".to_string()),
                ("missing-key", "missing required key `order`".to_string()),
                ("missing-key", "missing required key `title`".to_string()),
            ]
        );
        let rest = e.rest.expect("typed with stand-ins");
        assert_eq!(rest.tags, ["a"]);
    }

    /// A mapping's keys written without their indentation are one problem at the first of
    /// them, naming the key they belong under; the keys after them are still checked.
    #[test]
    fn keys_left_unindented_under_their_mapping_are_one_problem() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Pay {
            median: u32,
            year: u32,
        }
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Role {
            title: String,
            salary: Option<Pay>,
            count: Option<u32>,
        }
        let text = "---\ntitle: A\nsalary:\nmedian: 5\nyear: 2025\ncount: x\n---\n";
        let f = split(text).unwrap();
        let e = parse_yaml::<Role>(f.yaml(), &f.display, &f.text, f.front_matter_line).unwrap_err();
        let found: Vec<_> = e.diagnostics.iter().map(|d| (d.code, d.line)).collect();
        assert_eq!(found, [("yaml-indentation", 4), ("yaml", 6)], "{e:?}");
        assert!(
            e.diagnostics[0]
                .message
                .contains("`median` and `year` belong under `salary:`")
        );
        assert_eq!(
            e.diagnostics[0].help.as_deref(),
            Some("indent these under `salary:`: put two spaces in front of lines 4–5")
        );
    }

    /// The underline covers the key or value, not the comment after it.
    #[test]
    fn the_underline_stops_before_a_comment() {
        assert_eq!(underline_chars("entyr     # Career level: entry, mid"), 5);
        assert_eq!(underline_chars("titel: A   # The title"), 5);
        assert_eq!(underline_chars("\"a: b # c\"   # quoted"), 10);
        assert_eq!(underline_chars("a#b"), 3);
        assert_eq!(underline_chars("x\r"), 1);
        assert_eq!(underline_chars(""), 1);
    }

    #[test]
    fn yaml_errors_are_located_in_the_whole_file_with_a_suggestion() {
        let text = "---\ntitle: A\ntitel: B\n---\n";
        let f = split(text).unwrap();
        let e = parse_yaml::<Doc>(f.yaml(), &f.display, &f.text, f.front_matter_line).unwrap_err();
        let d = &e.diagnostics[0];
        assert_eq!(d.code, "unknown-key");
        assert_eq!((d.line, d.column), (3, 1));
        assert!(
            d.help
                .as_deref()
                .unwrap_or("")
                .contains("did you mean `title`?"),
            "{d}"
        );
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut yaml = String::from(
            "title: x\nextra_a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        let mut prev = 'a';
        for name in ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'] {
            yaml.push_str(&format!("extra_{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
            prev = name;
        }
        let r = parse_yaml::<std::collections::BTreeMap<String, serde_json::Value>>(
            &yaml,
            Path::new("x"),
            &yaml,
            1,
        );
        let codes: Vec<_> = r.unwrap_err().diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["yaml-too-large"]);
    }
}
