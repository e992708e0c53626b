//! Diagnostics: every problem the pipeline finds, as a value.
//!
//! A [`Diagnostic`] names the file, line and column, says what is wrong, shows the offending
//! line with a caret, and says how to fix it. Every stage collects diagnostics instead of
//! stopping at the first one, so an editor sees every problem in one run. Rendering uses
//! annotate-snippets, the same rustc-style look as Tera's own template errors.

use std::fmt;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

/// How bad a problem is: errors stop the build, warnings do not (unless `check --strict`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, located in a source file when it has a location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A short, stable name for the kind of problem (`unknown-key`, `unknown-reference`, …),
    /// for tools and `--format json`.
    pub code: &'static str,
    /// The file, relative to the site root when it is inside it.
    pub file: Option<PathBuf>,
    /// 1-based line; 0 when unknown.
    pub line: usize,
    /// 1-based column in characters; 0 when unknown.
    pub column: usize,
    pub message: String,
    /// The text of the offending line, shown under the header with a caret.
    #[serde(skip)]
    pub source_line: Option<String>,
    /// How many characters the caret covers.
    #[serde(skip)]
    pub span_chars: usize,
    /// A short label under the caret ("expected a number").
    pub label: Option<String>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: None,
            line: 0,
            column: 0,
            message: message.into(),
            source_line: None,
            span_chars: 1,
            label: None,
            help: None,
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// Locates the problem at `line:column` (1-based) of `source`, the whole file's text,
    /// underlining `span_chars` characters.
    pub fn at(mut self, source: &str, line: usize, column: usize, span_chars: usize) -> Self {
        self.line = line;
        self.column = column.max(1);
        self.span_chars = span_chars.max(1);
        self.source_line = source
            .split('\n')
            .nth(line.saturating_sub(1))
            .map(|l| l.trim_end_matches('\r').to_string());
        self
    }

    /// Locates the problem at a byte offset of `source`.
    pub fn at_offset(self, source: &str, offset: usize, span_bytes: usize) -> Self {
        let (line, column) = line_col(source, offset);
        let end = (offset + span_bytes).min(source.len());
        let span_chars = source
            .get(offset.min(end)..end)
            .map(|s| s.split('\n').next().unwrap_or("").chars().count())
            .unwrap_or(1);
        self.at(source, line, column, span_chars)
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col` (or as much of it as is known).
    pub fn location(&self) -> String {
        match (&self.file, self.line) {
            (Some(f), 0) => f.display().to_string(),
            (Some(f), l) => format!("{}:{}:{}", f.display(), l, self.column.max(1)),
            (None, _) => String::new(),
        }
    }

    /// Renders the diagnostic rustc-style, with or without colour.
    pub fn render(&self, colour: bool) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let path = self
            .file
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let mut title = level.primary_title(self.message.as_str());
        let mut groups: Vec<Group> = Vec::new();
        match (&self.source_line, self.line) {
            (Some(text), line) if line > 0 => {
                let start = byte_of_char(text, self.column.saturating_sub(1));
                let end =
                    byte_of_char(text, self.column.saturating_sub(1) + self.span_chars).max(start);
                let mut annotation = AnnotationKind::Primary.span(start..end);
                if let Some(label) = &self.label {
                    annotation = annotation.label(label.as_str());
                }
                let snippet = Snippet::source(text.as_str())
                    .line_start(line)
                    .path(path.as_str())
                    .annotation(annotation);
                title = title.id(self.code);
                let mut group = title.element(snippet);
                if let Some(help) = &self.help {
                    group = group.element(Level::HELP.message(help.as_str()));
                }
                groups.push(group);
            }
            _ => {
                // No line to show: a header, the file, and the notes, in the same layout.
                let renderer = if colour {
                    Renderer::styled()
                } else {
                    Renderer::plain()
                };
                let mut out = renderer.render(&[Group::with_title(title.id(self.code))]);
                if !path.is_empty() {
                    out.push_str(&format!("\n --> {path}"));
                }
                if let Some(label) = &self.label {
                    out.push_str(&format!("\n  = note: {label}"));
                }
                if let Some(help) = &self.help {
                    out.push_str(&format!("\n  = help: {help}"));
                }
                return out;
            }
        }
        let renderer = if colour {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        renderer.render(&groups)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// The byte offset of the `n`th character of `s` (or its length).
fn byte_of_char(s: &str, n: usize) -> usize {
    s.char_indices().nth(n).map(|(i, _)| i).unwrap_or(s.len())
}

/// Puts a list of problems in the order they are shown, errors first, then by file, line and
/// column, so output is stable and readable; a problem found twice (the same template error on
/// every page that uses the template) is kept once.
pub fn tidy(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| {
        (a.severity, &a.file, a.line, a.column, &a.message, a.code)
            .cmp(&(b.severity, &b.file, b.line, b.column, &b.message, b.code))
    });
    diags.dedup_by(|a, b| {
        (a.code, &a.file, a.line, a.column, &a.message)
            == (b.code, &b.file, b.line, b.column, &b.message)
    });
}

/// 1-based line and character column of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let mut safe = offset;
    while !source.is_char_boundary(safe) {
        safe -= 1;
    }
    let before = &source[..safe];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// The closest names to `wanted` among `candidates`, best first, for "did you mean" hints.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|c| {
            let mut score = strsim::jaro_winkler(wanted, c);
            if c.contains(wanted) || wanted.contains(c) {
                score = score.max(0.85);
            }
            (score, c)
        })
        .filter(|(s, _)| *s >= 0.75)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|(_, c)| c).collect()
}

/// "did you mean `a`, `b` or `c`?" or None.
pub fn did_you_mean(
    wanted: &str,
    candidates: impl IntoIterator<Item = impl AsRef<str>>,
) -> Option<String> {
    let owned: Vec<String> = candidates
        .into_iter()
        .map(|c| c.as_ref().to_string())
        .collect();
    let found = closest(wanted, owned.iter().map(String::as_str));
    match found.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean `{one}`?")),
        many => {
            let quoted: Vec<String> = many.iter().map(|m| format!("`{m}`")).collect();
            let (last, rest) = quoted.split_last()?;
            Some(format!("did you mean {} or {last}?", rest.join(", ")))
        }
    }
}

/// A path shown to the user: relative to the site root when inside it.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// Renders a list of diagnostics and a closing count line.
pub fn render_all(diagnostics: &[Diagnostic], colour: bool) -> String {
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&d.render(colour));
        out.push_str("\n\n");
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    if errors + warnings > 0 {
        out.push_str(&format!(
            "{} error{}, {} warning{}\n",
            errors,
            if errors == 1 { "" } else { "s" },
            warnings,
            if warnings == 1 { "" } else { "s" }
        ));
    }
    out
}

/// The 1-based column and the length in characters of the value that follows a key ending at
/// byte `after_colon` of `line` (a trailing `# comment` is not part of it); for a line with
/// nothing after the colon, the column just after it.
pub fn value_place(line: &str, after_colon: usize) -> (usize, usize) {
    let rest = line.get(after_colon..).unwrap_or("");
    let value = rest.split(" #").next().unwrap_or("");
    let start = after_colon + (value.len() - value.trim_start_matches([' ', '\t']).len());
    let len = value.trim().chars().count();
    let column = |byte: usize| line.get(..byte).map_or(1, |s| s.chars().count() + 1);
    if len == 0 {
        (column(after_colon), 1)
    } else {
        (column(start), len)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn tidy_orders_errors_first_and_keeps_a_repeated_problem_once() {
        use super::{Diagnostic, tidy};
        let warning = Diagnostic::warning("stale", "old").in_file("content/a.md");
        let error = Diagnostic::error("template", "bad").in_file("content/b.md");
        let mut diags = vec![
            warning.clone(),
            error.clone(),
            error.clone(),
            warning.clone(),
        ];
        tidy(&mut diags);
        assert_eq!(diags, vec![error, warning]);
    }

    use super::*;

    #[test]
    fn renders_file_line_column_caret_and_help() {
        let src = "---\ntitel: Coder\n---\n";
        let d = Diagnostic::error("unknown-key", "unknown key `titel`")
            .in_file("content/roles/coder.md")
            .at(src, 2, 1, 5)
            .label("not a role key")
            .help("did you mean `title`?");
        let text = d.render(false);
        assert!(text.contains("content/roles/coder.md:2:1"), "{text}");
        assert!(text.contains("titel: Coder"), "{text}");
        assert!(text.contains("^^^^^"), "{text}");
        assert!(text.contains("did you mean `title`?"), "{text}");
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let src = "a\nçé x";
        assert_eq!(line_col(src, 2), (2, 1));
        // 'x' is after two 2-byte characters and a space
        assert_eq!(line_col(src, 7), (2, 4));
    }

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(
            did_you_mean("medical-codr", ["medical-coder", "cancer-registrar"]).as_deref(),
            Some("did you mean `medical-coder`?")
        );
        assert_eq!(did_you_mean("zzz", ["medical-coder"]), None);
    }
}
