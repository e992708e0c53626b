//! Wages: the wage tables in `data/wages/<soc>.csv`, and the salaries roles take from them.
//!
//! A table holds one occupation's annual wage percentiles for the nation and each state, as
//! published in one OEWS release; `careerguide import oews` writes them. The release, data year
//! and occupation are `# key: value` comment lines above the CSV header:
//!
//! ```text
//! # source: BLS OEWS
//! # release: May 2025
//! # year: 2025
//! # soc: 29-2072
//! # occupation: Medical Records Specialists
//! area_code,area_type,area_name,employment,p10,p25,median,p75,p90
//! 0000000,national,National,194720,37000,43490,51140,64820,81150
//! 0100000,state,Alabama,2330,30250,36160,43810,52040,64730
//! ```
//!
//! A blank figure was not released; `#` means at or above the highest wage the survey
//! publishes (top-coded). During loading, a role with a `soc` and no hand-written `salary`
//! takes the national row as its salary, and its page gets the per-state table.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use crate::datafile::Figure;
use crate::diagnostics::{Diagnostic, display_path};
use crate::model::{Facts, Page, PayPeriod, Salary};

/// Where the tables live, under the guide's root.
pub const DIR: &str = "data/wages";

/// The CSV columns, in order.
pub const COLUMNS: [&str; 9] = [
    "area_code",
    "area_type",
    "area_name",
    "employment",
    "p10",
    "p25",
    "median",
    "p75",
    "p90",
];

/// Whether a row is the nation, a state (territories such as Guam and Puerto Rico count as
/// states here, as in the OEWS state files), a metropolitan or nonmetropolitan area, or an
/// industry in the nation (NAICS 3-digit, as OEWS groups them; `area_code` is then the
/// industry's OEWS code, e.g. `622000` for hospitals).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AreaType {
    National,
    State,
    Metro,
    Industry,
}

impl AreaType {
    pub fn name(self) -> &'static str {
        match self {
            AreaType::National => "national",
            AreaType::State => "state",
            AreaType::Metro => "metro",
            AreaType::Industry => "industry",
        }
    }
}

/// The industry level of the `industry` rows, as pages name it.
pub const INDUSTRY_LEVEL: &str = "NAICS 3-digit";

/// One area's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct WageRow {
    /// The OEWS area code: `0000000` for the nation, `SS00000` for a state (FIPS code SS).
    pub area_code: String,
    pub area_type: AreaType,
    pub area_name: String,
    pub employment: Option<u64>,
    pub p10: Figure,
    pub p25: Figure,
    pub median: Figure,
    pub p75: Figure,
    pub p90: Figure,
}

/// One occupation's wages in one release.
#[derive(Debug, Clone, PartialEq)]
pub struct WageTable {
    /// `NN-NNNN`.
    pub soc: String,
    pub occupation: String,
    /// Who published it: `BLS OEWS`.
    pub source: String,
    /// The release's name: `May 2025`.
    pub release: String,
    pub year: i32,
    /// National row first, then states by name.
    pub rows: Vec<WageRow>,
}

impl WageTable {
    /// Puts the national row first and the states in alphabetical order.
    pub fn sort(&mut self) {
        self.rows.sort_by(|a, b| {
            (a.area_type, &a.area_name, &a.area_code).cmp(&(
                b.area_type,
                &b.area_name,
                &b.area_code,
            ))
        });
    }

    pub fn national(&self) -> Option<&WageRow> {
        self.rows.iter().find(|r| r.area_type == AreaType::National)
    }

    pub fn states(&self) -> impl Iterator<Item = &WageRow> {
        self.rows.iter().filter(|r| r.area_type == AreaType::State)
    }

    pub fn metros(&self) -> impl Iterator<Item = &WageRow> {
        self.rows.iter().filter(|r| r.area_type == AreaType::Metro)
    }

    /// The industries, those employing the most first (unpublished employment last).
    pub fn industries(&self) -> Vec<&WageRow> {
        let mut v: Vec<&WageRow> = self
            .rows
            .iter()
            .filter(|r| r.area_type == AreaType::Industry)
            .collect();
        v.sort_by(|a, b| {
            b.employment
                .cmp(&a.employment)
                .then(a.area_name.cmp(&b.area_name))
        });
        v
    }

    /// `BLS OEWS May 2025, national, SOC 29-2072 (Medical Records Specialists)`.
    pub fn salary_source(&self) -> String {
        let mut s = format!(
            "{} {}, national, SOC {}",
            self.source, self.release, self.soc
        );
        if !self.occupation.is_empty() {
            s.push_str(&format!(" ({})", self.occupation));
        }
        s
    }

    /// The national figures as a role's salary, if the national median was published.
    pub fn salary(&self) -> Option<Salary> {
        let n = self.national()?;
        Some(Salary {
            currency: "USD".into(),
            period: PayPeriod::Annual,
            p10: n.p10.value(),
            p25: n.p25.value(),
            median: n.median.value()?,
            p75: n.p75.value(),
            p90: n.p90.value(),
            year: self.year,
            source: self.salary_source(),
        })
    }

    /// The table as the text of its CSV file.
    pub fn to_csv(&self) -> String {
        let mut out = format!(
            "# source: {}\n# release: {}\n# year: {}\n# soc: {}\n# occupation: {}\n# Annual wages in US dollars. A blank figure was not released; # is at or above the highest wage the survey publishes.\n",
            self.source, self.release, self.year, self.soc, self.occupation
        );
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        // Writing into memory cannot fail; a failure would only lose rows, never panic.
        let _ = w.write_record(COLUMNS);
        for r in &self.rows {
            let _ = w.write_record([
                r.area_code.clone(),
                r.area_type.name().to_string(),
                r.area_name.clone(),
                r.employment.map(|e| e.to_string()).unwrap_or_default(),
                r.p10.csv(),
                r.p25.csv(),
                r.median.csv(),
                r.p75.csv(),
                r.p90.csv(),
            ]);
        }
        let bytes = w.into_inner().unwrap_or_default();
        out.push_str(&String::from_utf8_lossy(&bytes));
        out
    }

    /// Reads a table's text; `display` names the file in diagnostics.
    pub fn parse(text: &str, display: &Path) -> Result<WageTable, Diagnostic> {
        let bad = |line: usize, msg: String| {
            let d = Diagnostic::error("bad-wage-table", msg)
                .in_file(display)
                .help("rewrite the file with `careerguide import oews PATH`, or fix it by hand: see docs/editors.md");
            if line > 0 { d.at(text, line, 1, 1) } else { d }
        };
        let mut meta: BTreeMap<String, (String, usize)> = BTreeMap::new();
        let mut header_at = 0usize;
        let mut offset = 0usize;
        for (n, line) in text.split_inclusive('\n').enumerate() {
            let trimmed = line.trim();
            if let Some(comment) = trimmed.strip_prefix('#') {
                if let Some((k, v)) = comment.split_once(':') {
                    let key = k.trim().to_ascii_lowercase();
                    if !key.contains(' ') {
                        meta.insert(key, (v.trim().to_string(), n + 1));
                    }
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
        let get = |key: &str| -> Result<(String, usize), Diagnostic> {
            meta.get(key)
                .cloned()
                .filter(|(v, _)| !v.is_empty())
                .ok_or_else(|| {
                    bad(
                        0,
                        format!("the wage table has no `# {key}:` line above its header"),
                    )
                })
        };
        let (release, _) = get("release")?;
        let (year_text, year_line) = get("year")?;
        let year: i32 = year_text
            .parse()
            .ok()
            .filter(|y| (1990..=2100).contains(y))
            .ok_or_else(|| bad(year_line, format!("`{year_text}` is not a data year")))?;
        let (soc, soc_line) = get("soc")?;
        if !crate::names::is_soc_code(&soc) {
            return Err(bad(
                soc_line,
                format!("`{soc}` is not a SOC code (NN-NNNN)"),
            ));
        }
        let source = meta
            .get("source")
            .map(|(v, _)| v.clone())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| "BLS OEWS".into());
        let occupation = meta
            .get("occupation")
            .map(|(v, _)| v.clone())
            .unwrap_or_default();

        let body = &text[offset..];
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(body.as_bytes());
        let line_of = |pos: Option<&csv::Position>| {
            pos.map(|p| p.line() as usize + header_at - 1)
                .unwrap_or(header_at)
        };
        let headers = reader
            .headers()
            .map_err(|e| bad(header_at, format!("cannot read the header: {e}")))?
            .clone();
        let mut index = [0usize; 9];
        for (slot, name) in index.iter_mut().zip(COLUMNS) {
            *slot = headers
                .iter()
                .position(|h| h.trim() == name)
                .ok_or_else(|| bad(header_at, format!("the header has no `{name}` column")))?;
        }
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| bad(line_of(e.position()), format!("{e}")))?;
            let line = line_of(record.position());
            let field = |i: usize| record.get(index[i]).unwrap_or("").trim();
            let area_type = match field(1) {
                "national" => AreaType::National,
                "state" => AreaType::State,
                "metro" => AreaType::Metro,
                "industry" => AreaType::Industry,
                other => {
                    return Err(bad(
                        line,
                        format!(
                            "area_type is `{other}`; expected `national`, `state`, `metro` or `industry`"
                        ),
                    ));
                }
            };
            let employment =
                match field(3).replace(',', "") {
                    e if e.is_empty() => None,
                    e => Some(e.parse::<u64>().map_err(|_| {
                        bad(line, format!("employment `{e}` is not a whole number"))
                    })?),
                };
            let mut figures = [Figure::Missing; 5];
            for (k, figure) in figures.iter_mut().enumerate() {
                *figure = parse_figure(field(4 + k)).ok_or_else(|| {
                    bad(
                        line,
                        format!(
                            "{} `{}` is not a wage: write a number, leave it blank, or write #",
                            COLUMNS[4 + k],
                            field(4 + k)
                        ),
                    )
                })?;
            }
            rows.push(WageRow {
                area_code: field(0).to_string(),
                area_type,
                area_name: field(2).to_string(),
                employment,
                p10: figures[0],
                p25: figures[1],
                median: figures[2],
                p75: figures[3],
                p90: figures[4],
            });
        }
        let mut table = WageTable {
            soc,
            occupation,
            source,
            release,
            year,
            rows,
        };
        table.sort();
        Ok(table)
    }
}

/// A figure as written in a table: a positive number, blank, or `#`.
fn parse_figure(s: &str) -> Option<Figure> {
    match s {
        "" => Some(Figure::Missing),
        "#" => Some(Figure::TopCoded),
        v => v
            .replace(',', "")
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v > 0.0)
            .map(Figure::Value),
    }
}

/// `data/wages/29-2072.csv` under `root`.
pub fn path_for(root: &Path, soc: &str) -> PathBuf {
    root.join(DIR).join(format!("{soc}.csv"))
}

/// The data tables a site uses (wages, projections, O*NET), and which roles took their
/// salary or outlook from them.
#[derive(Debug, Clone, Default)]
pub struct Wages {
    /// By SOC code.
    pub tables: BTreeMap<String, WageTable>,
    /// Where each table was read from, as shown to the user.
    pub files: BTreeMap<String, PathBuf>,
    /// Content paths of roles whose salary comes from a table.
    pub from_data: HashSet<String>,
    /// `data/projections.csv`, when the guide has it.
    pub projections: Option<std::sync::Arc<crate::projections::Projections>>,
    /// Content paths of roles whose outlook comes from `data/projections.csv`.
    pub outlook_from_data: HashSet<String>,
    /// `data/onet/`, for the SOC codes roles use.
    pub onet: std::sync::Arc<crate::onet::Onet>,
}

impl Wages {
    pub fn for_role(&self, page: &Page) -> Option<&WageTable> {
        let soc = page.role()?.soc.as_ref()?;
        self.tables.get(&soc.value)
    }

    /// The projection of a role's SOC code.
    pub fn projection_for(&self, page: &Page) -> Option<&crate::projections::Projection> {
        let soc = page.role()?.soc.as_ref()?;
        self.projections.as_ref()?.rows.get(&soc.value)
    }
}

impl Wages {
    /// Gives each role with a `soc` and no hand-written `salary` the national figures of its
    /// table, and with no hand-written `outlook` the outlook of its projection; and the
    /// O*NET alternate titles its `onet` block asks search to know (used again by `serve`
    /// for pages read after a change).
    pub fn fill(&mut self, pages: &mut [Page]) {
        for page in pages.iter_mut() {
            let Facts::Role(role) = &mut page.facts else {
                continue;
            };
            let Some(soc) = role.soc.as_ref().map(|s| s.value.clone()) else {
                continue;
            };
            if role.salary.is_none()
                && let Some(salary) = self.tables.get(&soc).and_then(WageTable::salary)
            {
                role.salary = Some(salary);
                self.from_data.insert(page.source.content_path.clone());
            }
            if role.outlook.is_none()
                && let Some(outlook) = self.projections.as_ref().and_then(|p| p.outlook(&soc))
            {
                role.outlook = Some(outlook);
                self.outlook_from_data
                    .insert(page.source.content_path.clone());
            }
            if let Some(choice) = &mut role.onet
                && choice.alternate_titles
            {
                choice.search_titles = self.onet.alternate_titles(&choice.code_for(&soc));
            }
        }
    }
}

/// Reads the tables for the SOC codes roles name, and gives each role with a `soc` and no
/// hand-written `salary` the national figures of its table (and, from
/// `data/projections.csv`, its outlook: see [`Wages::fill`]).
pub fn apply(root: &Path, pages: &mut [Page]) -> (Wages, Vec<Diagnostic>) {
    let mut wages = Wages::default();
    let mut diags = Vec::new();
    let socs: std::collections::BTreeSet<String> = pages
        .iter()
        .filter_map(|p| p.role()?.soc.as_ref().map(|s| s.value.clone()))
        .filter(|s| crate::names::is_soc_code(s))
        .collect();
    for soc in &socs {
        let soc = soc.clone();
        let path = path_for(root, &soc);
        if !path.is_file() {
            continue;
        }
        let display = display_path(root, &path);
        let text = match crate::load::read_text(root, &path) {
            Ok(t) => t,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        match WageTable::parse(&text, &display) {
            Ok(table) if table.soc != soc => diags.push(
                Diagnostic::error(
                    "bad-wage-table",
                    format!("this file holds SOC {} but is named for {soc}", table.soc),
                )
                .in_file(display)
                .help(format!("rename it to {}.csv", table.soc)),
            ),
            Ok(table) => {
                wages.files.insert(soc.clone(), display);
                wages.tables.insert(soc, table);
            }
            Err(d) => diags.push(d),
        }
    }
    let (projections, problems) = crate::projections::load(root);
    diags.extend(problems);
    wages.projections = projections.map(std::sync::Arc::new);
    let (onet, problems) = crate::onet::load(root, &socs);
    diags.extend(problems);
    wages.onet = std::sync::Arc::new(onet);
    wages.fill(pages);
    (wages, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "# source: BLS OEWS\n# release: May 2025\n# year: 2025\n# soc: 29-2072\n# occupation: Medical Records Specialists\narea_code,area_type,area_name,employment,p10,p25,median,p75,p90\n0100000,state,Alabama,2330,30250,36160,43810,52040,#\n0000000,national,National,194720,37000,43490,51140,64820,81150\n0200000,state,Alaska,,,,,,\n";

    #[test]
    fn a_table_reads_back_what_it_writes() {
        let t = WageTable::parse(TABLE, Path::new("data/wages/29-2072.csv")).unwrap();
        assert_eq!(t.release, "May 2025");
        assert_eq!(t.rows[0].area_type, AreaType::National, "national first");
        assert_eq!(t.rows[1].area_name, "Alabama");
        assert_eq!(t.rows[1].p90, Figure::TopCoded);
        assert_eq!(t.rows[2].median, Figure::Missing);
        assert_eq!(t.rows[2].employment, None);
        let s = t.salary().unwrap();
        assert_eq!((s.median, s.p10, s.year), (51140.0, Some(37000.0), 2025));
        assert_eq!(
            s.source,
            "BLS OEWS May 2025, national, SOC 29-2072 (Medical Records Specialists)"
        );
        let again = WageTable::parse(&t.to_csv(), Path::new("x.csv")).unwrap();
        assert_eq!(again, t);
    }

    #[test]
    fn bad_figures_are_located() {
        let text = TABLE.replace("43810", "lots");
        let d = WageTable::parse(&text, Path::new("data/wages/29-2072.csv")).unwrap_err();
        assert_eq!(d.code, "bad-wage-table");
        assert_eq!(d.line, 7, "{d}");
        assert!(d.message.contains("`lots` is not a wage"), "{d}");
        let d = WageTable::parse(&TABLE.replace("# year: 2025\n", ""), Path::new("x")).unwrap_err();
        assert!(d.message.contains("`# year:`"), "{d}");
    }
}
