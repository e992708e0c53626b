//! Employment projections: `data/projections.csv`, from the BLS Employment Projections table
//! "Occupational projections and worker characteristics" (`occupation.xlsx`, Table 1.2).
//!
//! `careerguide import projections FILE…` reads the workbook as BLS publishes it, or the same
//! table saved as CSV, and keeps one row per SOC code: employment in the base and projected
//! year, the change (number and percent), openings a year, the median wage, and the typical
//! entry education, work experience and on-the-job training. The release publishes
//! employment, change and openings in thousands; the table holds them as numbers of jobs.
//!
//! ```text
//! # source: BLS Employment Projections
//! # period: 2024–34
//! # wage_year: 2024
//! # file: occupation.xlsx, sheet Table 1.2
//! soc,occupation,employment_base,employment_projected,change,change_pct,openings_per_year,median_wage,education,experience,training
//! 29-2072,Medical records specialists,194800,208600,13800,7.1,14200,50250,Postsecondary nondegree award,None,None
//! ```
//!
//! A blank figure was not available (`—` in the release); a median wage of `#` is at or above
//! the highest wage the release shows. During loading, a role with a `soc` and no hand-written
//! `outlook` takes its outlook from its row, and its page shows the row as quick facts.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::datafile::Figure;
use crate::diagnostics::{Diagnostic, display_path};
use crate::model::Outlook;

/// The table's place under the guide's root.
pub const FILE: &str = "data/projections.csv";

/// The CSV columns, in order.
pub const COLUMNS: [&str; 11] = [
    "soc",
    "occupation",
    "employment_base",
    "employment_projected",
    "change",
    "change_pct",
    "openings_per_year",
    "median_wage",
    "education",
    "experience",
    "training",
];

/// One occupation's projection.
#[derive(Debug, Clone, PartialEq)]
pub struct Projection {
    pub soc: String,
    pub occupation: String,
    /// Jobs in the base year.
    pub employment_base: Option<u64>,
    /// Jobs in the projected year.
    pub employment_projected: Option<u64>,
    /// Change in jobs over the period.
    pub change: Option<i64>,
    /// Change in percent over the period.
    pub change_pct: Option<f64>,
    /// Openings each year, on average over the period.
    pub openings_per_year: Option<u64>,
    /// Median annual wage in the base year, in US dollars.
    pub median_wage: Figure,
    /// Typical education needed for entry.
    pub education: Option<String>,
    /// Work experience in a related occupation.
    pub experience: Option<String>,
    /// Typical on-the-job training needed to attain competency.
    pub training: Option<String>,
}

/// One release's projections.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Projections {
    /// `BLS Employment Projections`.
    pub source: String,
    /// `2024–34` (with an en dash).
    pub period: String,
    /// The year of the median wage (OEWS May of that year).
    pub wage_year: Option<i32>,
    /// The file and sheet it was imported from.
    pub file: String,
    pub rows: BTreeMap<String, Projection>,
}

impl Projections {
    /// `BLS Employment Projections 2024–34, SOC 29-2072 (Medical records specialists)`.
    pub fn source_for(&self, p: &Projection) -> String {
        let mut s = format!("{} {}, SOC {}", self.source, self.period, p.soc);
        if !p.occupation.is_empty() {
            s.push_str(&format!(" ({})", p.occupation));
        }
        s
    }

    /// The outlook a role with this SOC code takes.
    pub fn outlook(&self, soc: &str) -> Option<Outlook> {
        let p = self.rows.get(soc)?;
        if p.change_pct.is_none() && p.openings_per_year.is_none() {
            return None;
        }
        Some(Outlook {
            growth_pct: p.change_pct,
            period: self.period.clone(),
            openings_per_year: p.openings_per_year,
            label: None,
            source: self.source_for(p),
        })
    }

    /// The table as the text of its CSV file.
    pub fn to_csv(&self) -> String {
        let mut out = format!(
            "# source: {}\n# period: {}\n# wage_year: {}\n# file: {}\n# Employment, change and openings are numbers of jobs (the release publishes thousands). A blank figure was not available; a median wage of # is at or above the highest wage the release shows.\n",
            self.source,
            self.period,
            self.wage_year.map(|y| y.to_string()).unwrap_or_default(),
            self.file
        );
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        // Writing into memory cannot fail; a failure would only lose rows, never panic.
        let _ = w.write_record(COLUMNS);
        let opt = |v: Option<String>| v.unwrap_or_default();
        for p in self.rows.values() {
            let _ = w.write_record([
                p.soc.clone(),
                p.occupation.clone(),
                opt(p.employment_base.map(|v| v.to_string())),
                opt(p.employment_projected.map(|v| v.to_string())),
                opt(p.change.map(|v| v.to_string())),
                opt(p.change_pct.map(|v| format!("{v}"))),
                opt(p.openings_per_year.map(|v| v.to_string())),
                match p.median_wage {
                    Figure::Value(v) => format!("{v}"),
                    Figure::TopCoded => "#".into(),
                    Figure::Missing => String::new(),
                },
                opt(p.education.clone()),
                opt(p.experience.clone()),
                opt(p.training.clone()),
            ]);
        }
        let bytes = w.into_inner().unwrap_or_default();
        out.push_str(&String::from_utf8_lossy(&bytes));
        out
    }

    /// Reads the table's text; `display` names the file in diagnostics.
    pub fn parse(text: &str, display: &Path) -> Result<Projections, Diagnostic> {
        let bad = |line: usize, msg: String| {
            let d = Diagnostic::error("bad-projections-table", msg)
                .in_file(display)
                .help("rewrite the file with `careerguide import projections occupation.xlsx`, or fix it by hand: see docs/editors.md");
            if line > 0 { d.at(text, line, 1, 1) } else { d }
        };
        let mut meta: BTreeMap<String, String> = BTreeMap::new();
        let mut header_at = 0usize;
        let mut offset = 0usize;
        for (n, line) in text.split_inclusive('\n').enumerate() {
            let trimmed = line.trim();
            if let Some(comment) = trimmed.strip_prefix('#') {
                if let Some((k, v)) = comment.split_once(':')
                    && !k.trim().contains(' ')
                {
                    meta.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
                }
                offset += line.len();
                continue;
            }
            if trimmed.is_empty() {
                offset += line.len();
                continue;
            }
            header_at = n + 1;
            break;
        }
        let period = meta
            .get("period")
            .filter(|p| !p.is_empty())
            .cloned()
            .ok_or_else(|| {
                bad(
                    0,
                    "the table has no `# period:` line above its header".into(),
                )
            })?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(&text.as_bytes()[offset..]);
        let line_of = |pos: Option<&csv::Position>| {
            pos.map(|p| p.line() as usize + header_at - 1)
                .unwrap_or(header_at)
        };
        let headers = reader
            .headers()
            .map_err(|e| bad(header_at, format!("cannot read the header: {e}")))?
            .clone();
        let mut index = [0usize; COLUMNS.len()];
        for (slot, name) in index.iter_mut().zip(COLUMNS) {
            *slot = headers
                .iter()
                .position(|h| h.trim() == name)
                .ok_or_else(|| bad(header_at, format!("the header has no `{name}` column")))?;
        }
        let mut rows = BTreeMap::new();
        for record in reader.records() {
            let record = record.map_err(|e| bad(line_of(e.position()), format!("{e}")))?;
            let line = line_of(record.position());
            let field = |i: usize| record.get(index[i]).unwrap_or("").trim();
            let number = |i: usize| -> Result<Option<f64>, Diagnostic> {
                match field(i) {
                    "" => Ok(None),
                    v => v
                        .parse::<f64>()
                        .ok()
                        .filter(|n| n.is_finite())
                        .map(Some)
                        .ok_or_else(|| bad(line, format!("{} `{v}` is not a number", COLUMNS[i]))),
                }
            };
            let soc = field(0).to_string();
            if !crate::names::is_soc_code(&soc) {
                return Err(bad(line, format!("`{soc}` is not a SOC code (NN-NNNN)")));
            }
            let text_of = |i: usize| Some(field(i).to_string()).filter(|s| !s.is_empty());
            let median_wage = match field(7) {
                "#" => Figure::TopCoded,
                _ => number(7)?.map_or(Figure::Missing, Figure::Value),
            };
            let p = Projection {
                soc: soc.clone(),
                occupation: field(1).to_string(),
                employment_base: number(2)?.map(|v| v.max(0.0) as u64),
                employment_projected: number(3)?.map(|v| v.max(0.0) as u64),
                change: number(4)?.map(|v| v as i64),
                change_pct: number(5)?,
                openings_per_year: number(6)?.map(|v| v.max(0.0) as u64),
                median_wage,
                education: text_of(8),
                experience: text_of(9),
                training: text_of(10),
            };
            rows.insert(soc, p);
        }
        Ok(Projections {
            source: meta
                .get("source")
                .filter(|s| !s.is_empty())
                .cloned()
                .unwrap_or_else(|| "BLS Employment Projections".into()),
            period,
            wage_year: meta.get("wage_year").and_then(|y| y.parse().ok()),
            file: meta.get("file").cloned().unwrap_or_default(),
            rows,
        })
    }
}

/// Reads `data/projections.csv` under `root`, if there is one.
pub fn load(root: &Path) -> (Option<Projections>, Vec<Diagnostic>) {
    let path = root.join(FILE);
    if !path.is_file() {
        return (None, Vec::new());
    }
    let display = display_path(root, &path);
    match crate::load::read_text(root, &path) {
        Ok(text) => match Projections::parse(&text, &display) {
            Ok(p) => (Some(p), Vec::new()),
            Err(d) => (None, vec![d]),
        },
        Err(d) => (None, vec![d]),
    }
}

// ---------------------------------------------------------------------------------------
// Import

/// What the command line asked for.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub root: PathBuf,
    pub inputs: Vec<PathBuf>,
    /// Every occupation in the release, not only those roles use.
    pub all: bool,
}

/// What the import did.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    pub path: PathBuf,
    pub projections: Projections,
    pub changed: bool,
    /// Problems that did not stop the import: a SOC code the release does not have, a figure
    /// it does not publish.
    pub warnings: Vec<Diagnostic>,
}

impl ImportReport {
    pub fn summary_line(&self) -> String {
        let n = self.projections.rows.len();
        format!(
            "Imported {} {}: {n} occupation{} in {} ({})",
            self.projections.source,
            self.projections.period,
            if n == 1 { "" } else { "s" },
            self.path.display(),
            if self.changed { "written" } else { "unchanged" }
        )
    }
}

/// Where a row of the published table comes from, for messages.
struct Origin {
    /// `occupation.xlsx, sheet `Table 1.2``, or the CSV file's path.
    shown: String,
}

impl Origin {
    fn bad(&self, row: usize, msg: impl std::fmt::Display) -> Diagnostic {
        let at = if row > 0 {
            format!("{}, row {row}", self.shown)
        } else {
            self.shown.clone()
        };
        Diagnostic::error("bad-projections-input", format!("{at}: {msg}")).help(
            "import the BLS Employment Projections workbook occupation.xlsx as published (its sheet \"Table 1.2\", \"Occupational projections and worker characteristics\"), or that table saved as CSV with its header row",
        )
    }
}

/// Runs the import.
pub fn import(opts: &ImportOptions) -> Result<ImportReport, Vec<Diagnostic>> {
    if opts.inputs.is_empty() {
        return Err(vec![Diagnostic::error(
            "no-input",
            "name the Employment Projections file to import (occupation.xlsx)",
        )]);
    }
    let roles = crate::datafile::roles_by_soc(&opts.root);
    if !opts.all && roles.is_empty() {
        return Err(vec![crate::datafile::no_soc(&opts.root)]);
    }
    let mut all: Option<(Projections, Vec<Suppressed>)> = None;
    for input in &opts.inputs {
        let (read, suppressed) = read_file(input).map_err(|d| vec![d])?;
        match &mut all {
            None => all = Some((read, suppressed)),
            Some((p, s)) => {
                if p.period != read.period {
                    return Err(vec![
                        Diagnostic::error(
                            "mixed-releases",
                            format!(
                                "{} projects {} but the files before it project {}",
                                input.display(),
                                read.period,
                                p.period
                            ),
                        )
                        .help("import the files of one release together"),
                    ]);
                }
                for (k, v) in read.rows {
                    p.rows.entry(k).or_insert(v);
                }
                s.extend(suppressed);
            }
        }
    }
    let Some((mut projections, suppressed)) = all else {
        return Err(vec![Diagnostic::error("no-input", "nothing was read")]);
    };
    let mut warnings = Vec::new();
    for (soc, users) in &roles {
        if !projections.rows.contains_key(soc) {
            warnings.push(
                Diagnostic::warning(
                    "soc-not-in-release",
                    format!(
                        "SOC {soc}, used by {}, is not in {} {}",
                        users.join(", "),
                        projections.source,
                        projections.period
                    ),
                )
                .help("check the role's `soc` against the release's occupation list (Employment Projections use the 2018 SOC as of their national matrix); the role keeps its hand-written outlook, if any"),
            );
        }
    }
    if !opts.all {
        projections.rows.retain(|soc, _| roles.contains_key(soc));
    }
    for s in suppressed {
        if let Some(users) = roles.get(&s.soc)
            && projections.rows.contains_key(&s.soc)
        {
            warnings.push(
                Diagnostic::warning(
                    "figure-not-available",
                    format!(
                        "{}: the {} of SOC {} (used by {}) is not available (`{}`); the role's page leaves it out",
                        s.at,
                        s.what,
                        s.soc,
                        users.join(", "),
                        s.text
                    ),
                ),
            );
        }
    }
    let path = opts.root.join(FILE);
    let text = projections.to_csv();
    let changed = crate::datafile::write_if_changed(&path, &text).map_err(|d| vec![d])?;
    Ok(ImportReport {
        path: display_path(&opts.root, &path),
        projections,
        changed,
        warnings,
    })
}

/// A figure the release does not publish for an occupation.
#[derive(Debug)]
struct Suppressed {
    soc: String,
    what: &'static str,
    /// The file, sheet and row.
    at: String,
    text: String,
}

/// Reads one workbook or CSV file.
fn read_file(path: &Path) -> Result<(Projections, Vec<Suppressed>), Diagnostic> {
    let shown = path.display().to_string();
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match ext.as_str() {
        "xlsx" => read_workbook(path, &shown, &file_name),
        "csv" | "txt" => {
            let bytes = std::fs::read(path).map_err(|e| {
                Diagnostic::error("unreadable", format!("cannot read {shown}: {e}"))
            })?;
            // Spreadsheet exports may be Windows-1252; the codes and figures are ASCII either
            // way, and a title that is not UTF-8 only loses the odd character.
            let text = String::from_utf8_lossy(&bytes);
            let mut reader = csv::ReaderBuilder::new()
                .flexible(true)
                .has_headers(false)
                .from_reader(text.as_bytes());
            let mut rows = Vec::new();
            for (n, record) in reader.records().enumerate() {
                let record = record
                    .map_err(|e| Origin { shown: shown.clone() }.bad(n + 1, e.to_string()))?;
                rows.push(record.iter().map(|c| c.to_string()).collect::<Vec<_>>());
            }
            read_rows(&Origin { shown }, &rows, file_name)
        }
        "xls" => Err(Diagnostic::error(
            "unsupported-input",
            format!("{shown} is an old-style .xls spreadsheet"),
        )
        .help("import occupation.xlsx as BLS publishes it, or save the table as .xlsx or CSV")),
        _ => Err(Diagnostic::error(
            "unsupported-input",
            format!("{shown} is neither an .xlsx workbook nor a CSV file"),
        )
        .help("import the BLS Employment Projections workbook occupation.xlsx, or its Table 1.2 saved as CSV")),
    }
}

/// The sheet BLS publishes the table in.
const SHEET: &str = "Table 1.2";

/// Reads the workbook's "Occupational projections and worker characteristics" sheet: the one
/// named `Table 1.2`, or the one whose title says so.
fn read_workbook(
    path: &Path,
    shown: &str,
    file_name: &str,
) -> Result<(Projections, Vec<Suppressed>), Diagnostic> {
    use calamine::{Reader, Xlsx, open_workbook};
    let mut workbook: Xlsx<_> = open_workbook(path).map_err(|e: calamine::XlsxError| {
        Diagnostic::error(
            "bad-projections-input",
            format!("{shown} is not an .xlsx workbook that can be read: {e}"),
        )
        .help("import the BLS Employment Projections workbook occupation.xlsx as published")
    })?;
    let names = workbook.sheet_names();
    let mut chosen = names.iter().find(|n| n.trim() == SHEET).cloned();
    if chosen.is_none() {
        for name in &names {
            let Ok(range) = workbook.worksheet_range(name) else {
                continue;
            };
            let title = range
                .rows()
                .take(3)
                .flat_map(|r| r.iter().map(|c| c.to_string()))
                .collect::<Vec<_>>()
                .join(" ")
                .to_ascii_lowercase();
            if title.contains("occupational projections")
                && title.contains("worker characteristics")
            {
                chosen = Some(name.clone());
                break;
            }
        }
    }
    let Some(sheet) = chosen else {
        return Err(Diagnostic::error(
            "wrong-sheet",
            format!(
                "{shown} has no sheet \"{SHEET}\" (\"Occupational projections and worker characteristics\"); its sheets are {}",
                names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
            ),
        )
        .help("import occupation.xlsx from https://www.bls.gov/emp/ind-occ-matrix/occupation.xlsx, or save Table 1.2 as CSV and import that"));
    };
    let origin = Origin {
        shown: format!("{shown}, sheet `{sheet}`"),
    };
    let range = workbook
        .worksheet_range(&sheet)
        .map_err(|e| origin.bad(0, e))?;
    // Rows are numbered as the spreadsheet numbers them, from the range's first row.
    let first = range.start().map_or(0, |(r, _)| r as usize);
    let mut rows: Vec<Vec<String>> = vec![Vec::new(); first];
    rows.extend(range.rows().map(|r| r.iter().map(cell_text).collect()));
    read_rows(&origin, &rows, format!("{file_name}, sheet {sheet}"))
}

/// A workbook cell as the CSV export writes it.
fn cell_text(c: &calamine::Data) -> String {
    use calamine::Data;
    match c {
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// A header as columns are looked up: lower case, one space between words, footnote marks
/// (`[1]`) left out.
fn header_key(cell: &str) -> String {
    let mut s = String::new();
    let mut depth = 0;
    for c in cell.trim_start_matches('\u{feff}').chars() {
        match c {
            '[' => depth += 1,
            ']' if depth > 0 => depth -= 1,
            _ if depth > 0 => {}
            c if c.is_whitespace() => {
                if !s.ends_with(' ') {
                    s.push(' ');
                }
            }
            c => s.extend(c.to_lowercase()),
        }
    }
    s.trim().to_string()
}

/// The years in a header: `Employment change, numeric, 2024–34` → [2024, 34].
fn numbers_in(text: &str) -> Vec<i32> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|w| !w.is_empty())
        .filter_map(|w| w.parse().ok())
        .collect()
}

/// The columns of the table, found by their published headers.
struct Columns {
    code: usize,
    title: Option<usize>,
    kind: Option<usize>,
    base: usize,
    projected: usize,
    change: usize,
    change_pct: usize,
    openings: usize,
    wage: usize,
    education: usize,
    experience: usize,
    training: usize,
    base_year: i32,
    projected_year: i32,
    wage_year: Option<i32>,
}

/// Keeps the occupations of the published table: the header row is the first with a
/// `… National Employment Matrix code` column.
fn read_rows(
    origin: &Origin,
    rows: &[Vec<String>],
    file: String,
) -> Result<(Projections, Vec<Suppressed>), Diagnostic> {
    let Some(header_index) = rows.iter().take(20).position(|r| {
        r.iter()
            .any(|c| header_key(c).ends_with("national employment matrix code"))
    }) else {
        return Err(origin.bad(
            0,
            "no header row with a \"National Employment Matrix code\" column in its first 20 rows: this is not the table \"Occupational projections and worker characteristics\"",
        ));
    };
    let header_row = header_index + 1;
    let headers: Vec<String> = rows[header_index].iter().map(|h| header_key(h)).collect();
    let find = |pred: &dyn Fn(&str) -> bool| headers.iter().position(|h| pred(h));
    let need = |name: &str, pred: &dyn Fn(&str) -> bool| {
        find(pred).ok_or_else(|| {
            origin.bad(
                header_row,
                format!("the header has no \"{name}\" column; is this Table 1.2, \"Occupational projections and worker characteristics\"?"),
            )
        })
    };
    let employment: Vec<(usize, i32)> = headers
        .iter()
        .enumerate()
        .filter(|(_, h)| h.starts_with("employment, "))
        .filter_map(|(i, h)| numbers_in(h).last().map(|y| (i, *y)))
        .collect();
    let (base, base_year, projected, projected_year) = match employment.as_slice() {
        [(b, by), (p, py), ..] if by < py => (*b, *by, *p, *py),
        [(p, py), (b, by), ..] if by < py => (*b, *by, *p, *py),
        _ => {
            return Err(origin.bad(
                header_row,
                "the header needs two columns \"Employment, YEAR\" (the base and the projected year)",
            ));
        }
    };
    let wage = need("Median annual wage, dollars", &|h| {
        h.starts_with("median annual wage")
    })?;
    let cols = Columns {
        code: need("National Employment Matrix code", &|h| {
            h.ends_with("national employment matrix code")
        })?,
        title: find(&|h| h.ends_with("national employment matrix title")),
        kind: find(&|h| h == "occupation type"),
        base,
        projected,
        change: need("Employment change, numeric", &|h| {
            h.starts_with("employment change, numeric")
        })?,
        change_pct: need("Employment change, percent", &|h| {
            h.starts_with("employment change, percent")
        })?,
        openings: need("Occupational openings, annual average", &|h| {
            h.starts_with("occupational openings")
        })?,
        wage,
        education: need("Typical education needed for entry", &|h| {
            h.starts_with("typical education needed for entry")
        })?,
        experience: need("Work experience in a related occupation", &|h| {
            h.starts_with("work experience in a related occupation")
        })?,
        training: need("Typical on-the-job training", &|h| {
            h.starts_with("typical on-the-job training")
        })?,
        base_year,
        projected_year,
        wage_year: numbers_in(&headers[wage]).into_iter().find(|y| *y > 1900),
    };
    let period = format!(
        "{}–{:02}",
        cols.base_year,
        cols.projected_year.rem_euclid(100)
    );
    let mut out = BTreeMap::new();
    let mut suppressed = Vec::new();
    for (i, row) in rows.iter().enumerate().skip(header_index + 1) {
        let number = i + 1;
        let get = |c: usize| row.get(c).map(|s| s.trim()).unwrap_or("");
        let soc = get(cols.code);
        if !crate::names::is_soc_code(soc) {
            // Footnotes, notes and blank rows below the table.
            continue;
        }
        if cols
            .kind
            .is_some_and(|k| get(k).eq_ignore_ascii_case("summary"))
        {
            continue;
        }
        let at = format!("{}, row {number}", origin.shown);
        let mut missing = |what: &'static str, text: &str| {
            suppressed.push(Suppressed {
                soc: soc.to_string(),
                what,
                at: at.clone(),
                text: text.to_string(),
            })
        };
        let mut value = |c: usize, what: &'static str| -> Result<Option<f64>, Diagnostic> {
            let text = get(c);
            if is_not_available(text) {
                missing(what, if text.is_empty() { "blank" } else { text });
                return Ok(None);
            }
            text.replace(',', "")
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .map(Some)
                .ok_or_else(|| {
                    origin.bad(
                        number,
                        format!(
                            "the {what} of {soc} is `{text}`, not a number (write — where the figure is not available)"
                        ),
                    )
                })
        };
        let jobs = |v: Option<f64>| v.map(|t| (t * 1000.0).round());
        let employment_base = jobs(value(cols.base, "base-year employment")?);
        let employment_projected = jobs(value(cols.projected, "projected employment")?);
        let change = jobs(value(cols.change, "employment change")?);
        let change_pct = value(cols.change_pct, "percent change")?;
        let openings = jobs(value(cols.openings, "annual openings")?);
        let wage_text = get(cols.wage);
        let median_wage = if wage_text.starts_with(">=") || wage_text.starts_with('≥') {
            Figure::TopCoded
        } else {
            value(cols.wage, "median wage")?.map_or(Figure::Missing, Figure::Value)
        };
        let text_of = |c: usize| {
            let t = get(c);
            (!is_not_available(t)).then(|| t.to_string())
        };
        out.insert(
            soc.to_string(),
            Projection {
                soc: soc.to_string(),
                occupation: cols.title.map(|t| get(t).to_string()).unwrap_or_default(),
                employment_base: employment_base.map(|v| v.max(0.0) as u64),
                employment_projected: employment_projected.map(|v| v.max(0.0) as u64),
                change: change.map(|v| v as i64),
                change_pct,
                openings_per_year: openings.map(|v| v.max(0.0) as u64),
                median_wage,
                education: text_of(cols.education),
                experience: text_of(cols.experience),
                training: text_of(cols.training),
            },
        );
    }
    if out.is_empty() {
        return Err(origin.bad(
            header_row,
            "no occupation rows (a SOC code such as 29-2072 in the code column) below the header",
        ));
    }
    Ok((
        Projections {
            source: "BLS Employment Projections".into(),
            period,
            wage_year: cols.wage_year,
            file,
            rows: out,
        },
        suppressed,
    ))
}

/// The release's marks for a figure it does not publish.
fn is_not_available(text: &str) -> bool {
    matches!(
        text,
        "" | "—" | "–" | "-" | "n/a" | "N/A" | "(NA)" | "NA" | "*"
    )
}

/// The SOC codes of `wanted` a release has no row for (for `check`).
pub fn missing_socs<'a>(
    p: &Projections,
    wanted: impl Iterator<Item = &'a String>,
) -> BTreeSet<String> {
    wanted
        .filter(|s| !p.rows.contains_key(*s))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Vec<Vec<String>> {
        let rows: &[&[&str]] = &[
            &["Table 1.2 Occupational projections, 2024–34, and worker characteristics, 2024"],
            &[
                "2024 National Employment Matrix title",
                "2024 National Employment Matrix code",
                "Occupation type",
                "Employment, 2024",
                "Employment, 2034",
                "Employment distribution, percent, 2024",
                "Employment distribution, percent, 2034",
                "Employment change, numeric, 2024–34",
                "Employment change, percent, 2024–34",
                "Percent self employed, 2024",
                "Occupational openings, 2024–34 annual average",
                "Median annual wage, dollars, 2024[1]",
                "Typical education needed for entry",
                "Work experience in a related occupation",
                "Typical on-the-job training needed to attain competency in the occupation",
            ],
            &[
                "  Healthcare practitioners",
                "29-0000",
                "Summary",
                "10.0",
                "11.0",
                "",
                "",
                "1.0",
                "10.0",
                "",
                "0.5",
                "1",
                "—",
                "—",
                "—",
            ],
            &[
                "      Medical records",
                "29-2072",
                "Line item",
                "194.8",
                "208.6",
                "",
                "",
                "13.8",
                "7.1",
                "",
                "14.2",
                "50250",
                "Postsecondary nondegree award",
                "None",
                "None",
            ],
            &[
                "      Chiefs",
                "11-1011",
                "Line item",
                "1.5",
                "1.4",
                "",
                "",
                "-0.1",
                "-6.7",
                "",
                "—",
                ">=$239,200",
                "Bachelor's degree",
                "5 years or more",
                "None",
            ],
            &["Footnotes:"],
        ];
        rows.iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    #[test]
    fn the_published_layout_reads_into_jobs_and_round_trips() {
        let origin = Origin {
            shown: "t.csv".into(),
        };
        let (p, suppressed) = read_rows(&origin, &table(), "t.csv".into()).unwrap();
        assert_eq!(p.period, "2024–34");
        assert_eq!(p.wage_year, Some(2024));
        assert!(!p.rows.contains_key("29-0000"), "summary rows are left out");
        let r = &p.rows["29-2072"];
        assert_eq!(r.employment_base, Some(194_800));
        assert_eq!(r.employment_projected, Some(208_600));
        assert_eq!(r.change, Some(13_800));
        assert_eq!(r.change_pct, Some(7.1));
        assert_eq!(r.openings_per_year, Some(14_200));
        assert_eq!(r.median_wage, Figure::Value(50250.0));
        assert_eq!(
            r.education.as_deref(),
            Some("Postsecondary nondegree award")
        );
        let c = &p.rows["11-1011"];
        assert_eq!(c.change, Some(-100));
        assert_eq!(c.median_wage, Figure::TopCoded);
        assert_eq!(c.openings_per_year, None);
        assert_eq!(suppressed.len(), 1);
        assert!(suppressed[0].at.ends_with("row 5"), "{}", suppressed[0].at);
        let again = Projections::parse(&p.to_csv(), Path::new("data/projections.csv")).unwrap();
        assert_eq!(again, p);
        let o = p.outlook("29-2072").unwrap();
        assert_eq!(crate::format::outlook_summary(&o), "+7.1% over 2024–34");
    }

    #[test]
    fn a_bad_figure_names_the_row_and_a_missing_column_the_header() {
        let origin = Origin {
            shown: "occupation.xlsx, sheet `Table 1.2`".into(),
        };
        let mut rows = table();
        rows[3][3] = "lots".into();
        let d = read_rows(&origin, &rows, String::new()).unwrap_err();
        assert!(
            d.message
                .starts_with("occupation.xlsx, sheet `Table 1.2`, row 4:"),
            "{d}"
        );
        assert!(d.message.contains("`lots`"), "{d}");
        let mut rows = table();
        rows[1].truncate(12);
        let d = read_rows(&origin, &rows, String::new()).unwrap_err();
        assert!(d.message.contains("row 2:"), "{d}");
        assert!(
            d.message.contains("Typical education needed for entry"),
            "{d}"
        );
    }
}
