//! Data files: what the tables under `data/` share (the wage tables, the projections and
//! O*NET): a published figure, writing a table so that no reader sees half of it, and which
//! roles use each SOC code, for the importers' messages.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostics::Diagnostic;

/// One published figure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Figure {
    Value(f64),
    /// At or above the highest wage the survey publishes (`#`).
    TopCoded,
    /// Not released (suppressed or not estimated).
    Missing,
}

impl Figure {
    pub fn value(self) -> Option<f64> {
        match self {
            Figure::Value(v) => Some(v),
            _ => None,
        }
    }

    /// The figure as a data table writes it (`#` when top-coded, empty when missing).
    pub fn csv(self) -> String {
        match self {
            Figure::Value(v) => format_number(v),
            Figure::TopCoded => "#".into(),
            Figure::Missing => String::new(),
        }
    }
}

/// Whole numbers without a decimal point, others with up to two decimals.
fn format_number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// The SOC codes the guide's roles use, each with the roles that use it (`Title
/// (content/roles/x.md)`), read leniently: for the importers, which run while a guide may
/// have errors.
pub fn roles_by_soc(root: &Path) -> BTreeMap<String, Vec<String>> {
    let (loaded, _) =
        crate::load::load_content(root, &root.join("content"), crate::load::Bodies::All);
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for source in loaded.pages {
        let Ok(page) = crate::model::parse_page(source) else {
            continue;
        };
        if let Some(soc) = page.role().and_then(|r| r.soc.as_ref())
            && crate::names::is_soc_code(&soc.value)
        {
            out.entry(soc.value.clone()).or_default().push(format!(
                "{} (content/{})",
                page.common.title, page.source.content_path
            ));
        }
    }
    out
}

/// The importers' error when no role of the guide at `root` names a SOC code (and `--all` was
/// not given): there is nothing to keep.
pub fn no_soc(root: &Path) -> Diagnostic {
    Diagnostic::error(
        "no-soc",
        format!(
            "no role in {} has a `soc` code",
            root.join("content/roles").display()
        ),
    )
    .help("add `soc: \"NN-NNNN\"` to the roles, or pass --all to import every occupation")
}

/// Writes `text` to `path` unless the file already holds it; whether it was written.
pub fn write_if_changed(path: &Path, text: &str) -> Result<bool, Diagnostic> {
    if std::fs::read_to_string(path).ok().as_deref() == Some(text) {
        return Ok(false);
    }
    write_atomically(path, text)
        .map_err(|e| Diagnostic::error("write", format!("cannot write {}: {e}", path.display())))?;
    Ok(true)
}

/// Writes through a temporary file and a rename, so a reader never sees half a table.
pub fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        std::process::id()
    ));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}
