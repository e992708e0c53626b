//! Build: the `build` command. It runs the [`crate::pipeline`] into the output's staging folder,
//! which replaces the previous output only when there is no error, and sums up what it made.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostics::Diagnostic;
use crate::model::Kind;
use crate::output::{OutputError, Staging};
use crate::pipeline;

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
    /// Pages marked `draft: true` left out (0 with `--drafts`).
    pub drafts_left_out: usize,
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
        let drafts = match self.drafts_left_out {
            0 => String::new(),
            1 => ", 1 draft left out (build with --drafts to include it)".to_string(),
            n => format!(", {n} drafts left out (build with --drafts to include them)"),
        };
        format!(
            "Built {total} pages ({}) into {} in {:.2} s ({} files written, {} unchanged{warnings}{drafts})",
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

/// Builds the site into its output folder. On any error, the previous output is untouched.
pub fn build(opts: &BuildOptions) -> Result<BuildSummary, Vec<Diagnostic>> {
    let start = Instant::now();
    let mut loaded = pipeline::load_site(
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
    // A build needs each page's text only until the page is rendered.
    let content_dir = opts.root.join("content");
    let report = pipeline::render_loaded(
        &mut loaded,
        &staging,
        pipeline::Texts::Free {
            content_dir: &content_dir,
        },
    );
    diags.extend(report.diagnostics);
    crate::diagnostics::tidy(&mut diags);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    let written = staging.written.load(std::sync::atomic::Ordering::Relaxed);
    let unchanged = staging.unchanged.load(std::sync::atomic::Ordering::Relaxed);
    let t = Instant::now();
    let output_dir = staging.commit().map_err(|e| vec![output_diagnostic(e)])?;
    crate::timing::stage("swap output", t);
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
        drafts_left_out: loaded.draft_paths.len(),
    })
}

fn display_output(root: &Path, out: &Path) -> PathBuf {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    out.strip_prefix(&root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| out.to_path_buf())
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
