//! O*NET: occupation descriptions, tasks, technology skills, related occupations and
//! alternate titles from the O*NET database's text release, kept in `data/onet/`.
//!
//! `careerguide import onet DIR|ZIP` reads the release as O*NET publishes it (a folder or the
//! `db_29_3_text.zip` it comes in: tab-separated files with a header row, codes such as
//! `29-2072.00` whose first seven characters are the SOC code; `Alternate Titles` also in
//! O*NET's Excel layout, `.xlsx`) and writes the rows of the SOC codes roles use (every row
//! with `--all`) into `data/onet/`, in the same layout and under the same names, with the
//! release's `Read Me.txt`. A role shows what its front-matter's `onet` block asks for.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, display_path};

/// The folder under the guide's root.
pub const DIR: &str = "data/onet";

/// The files the import reads, with the columns it needs.
const FILES: [(&str, &[&str]); 5] = [
    (
        "Occupation Data",
        &["O*NET-SOC Code", "Title", "Description"],
    ),
    ("Alternate Titles", &["O*NET-SOC Code", "Alternate Title"]),
    (
        "Task Statements",
        &["O*NET-SOC Code", "Task ID", "Task", "Task Type"],
    ),
    (
        "Technology Skills",
        &[
            "O*NET-SOC Code",
            "Example",
            "Commodity Title",
            "Hot Technology",
        ],
    ),
    (
        "Related Occupations",
        &[
            "O*NET-SOC Code",
            "Related O*NET-SOC Code",
            "Related Title",
            "Relatedness Tier",
            "Index",
        ],
    ),
];

/// The attribution O*NET's license asks pages to carry, for the release `release`.
pub fn attribution(release: &str) -> String {
    format!(
        "This page includes information from the {release} by the U.S. Department of Labor, Employment and Training Administration (USDOL/ETA), used under the CC BY 4.0 license. O*NET® is a trademark of USDOL/ETA."
    )
}

/// One O*NET task statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    pub text: String,
    /// Core (rather than supplemental) to the occupation.
    pub core: bool,
}

/// One technology skill.
#[derive(Debug, Clone, PartialEq)]
pub struct Technology {
    pub example: String,
    /// The commodity title, e.g. "Medical software".
    pub category: String,
    /// O*NET marks it a "hot technology" (frequently in employers' job postings).
    pub hot: bool,
}

/// One related occupation.
#[derive(Debug, Clone, PartialEq)]
pub struct Related {
    pub code: String,
    pub title: String,
    /// `Primary-Short`, `Primary-Long`, `Supplemental`.
    pub tier: String,
}

/// One tab-separated file: its header and rows, as text.
#[derive(Debug, Clone, Default)]
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    fn to_tsv(&self) -> String {
        let mut out = self.header.join("\t");
        out.push('\n');
        for r in &self.rows {
            out.push_str(&r.join("\t"));
            out.push('\n');
        }
        out
    }
}

/// What `data/onet/` holds for the guide's SOC codes.
#[derive(Debug, Clone, Default)]
pub struct Onet {
    /// `O*NET 29.3 Database` (from `Read Me.txt`).
    pub release: String,
    /// By O*NET-SOC code: title and description.
    pub occupations: BTreeMap<String, (String, String)>,
    pub alternate_titles: BTreeMap<String, Vec<String>>,
    pub tasks: BTreeMap<String, Vec<Task>>,
    pub technology: BTreeMap<String, Vec<Technology>>,
    pub related: BTreeMap<String, Vec<Related>>,
}

impl Onet {
    pub fn alternate_titles(&self, code: &str) -> Vec<String> {
        self.alternate_titles.get(code).cloned().unwrap_or_default()
    }

    pub fn is_empty(&self) -> bool {
        self.occupations.is_empty()
            && self.tasks.is_empty()
            && self.technology.is_empty()
            && self.related.is_empty()
    }
}

/// Reads one tab-separated O*NET file. O*NET's text files are not quoted (a task may hold a
/// `"`), some releases end lines with CRLF, and older ones are Windows-1252.
fn parse_tsv(bytes: &[u8], shown: &str) -> Result<Table, Diagnostic> {
    let text = String::from_utf8_lossy(bytes);
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((_, header)) = lines.next() else {
        return Err(bad(
            shown,
            0,
            "the file is empty; it needs O*NET's header row",
        ));
    };
    let header: Vec<String> = header
        .trim_start_matches('\u{feff}')
        .split('\t')
        .map(|h| h.trim().to_string())
        .collect();
    if header.len() < 2 {
        return Err(bad(
            shown,
            1,
            "the header row is not tab-separated: this is not an O*NET text file",
        ));
    }
    let rows = lines
        .map(|(_, l)| l.split('\t').map(|c| c.trim().to_string()).collect())
        .collect();
    Ok(Table { header, rows })
}

fn bad(shown: &str, line: usize, msg: impl std::fmt::Display) -> Diagnostic {
    let at = if line > 0 {
        format!("{shown}:{line}")
    } else {
        shown.to_string()
    };
    Diagnostic::error("bad-onet-file", format!("{at}: {msg}")).help(
        "import the O*NET database text release as published (https://www.onetcenter.org/database.html: the folder or the db_NN_N_text.zip)",
    )
}

/// Reads `Alternate Titles.xlsx` (O*NET's Excel layout: the first worksheet, header row
/// first) into the text layout.
fn parse_xlsx(bytes: Vec<u8>, shown: &str) -> Result<Table, Diagnostic> {
    use calamine::{Reader, Xlsx};
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| {
        bad(
            shown,
            0,
            format!("not an .xlsx workbook that can be read: {e}"),
        )
    })?;
    let Some(Ok(range)) = wb.worksheet_range_at(0) else {
        return Err(bad(shown, 0, "the workbook has no worksheet"));
    };
    let mut rows = range.rows().map(|r| {
        r.iter()
            .map(|c| c.to_string().trim().to_string())
            .collect::<Vec<_>>()
    });
    let header = rows
        .next()
        .ok_or_else(|| bad(shown, 0, "the worksheet is empty"))?;
    Ok(Table {
        header,
        rows: rows.filter(|r| r.iter().any(|c| !c.is_empty())).collect(),
    })
}

/// Where the release's files are: a folder or a zip.
enum Source {
    Dir(PathBuf),
    Zip(zip::ZipArchive<std::io::BufReader<std::fs::File>>),
}

impl Source {
    fn open(path: &Path) -> Result<Source, Diagnostic> {
        let shown = path.display().to_string();
        if path.is_dir() {
            return Ok(Source::Dir(path.to_path_buf()));
        }
        let file = std::fs::File::open(path).map_err(|e| {
            Diagnostic::error("unreadable", format!("cannot read {shown}: {e}"))
                .help("name the O*NET release's folder or its .zip")
        })?;
        zip::ZipArchive::new(std::io::BufReader::new(file))
            .map(Source::Zip)
            .map_err(|e| {
                Diagnostic::error(
                    "unsupported-input",
                    format!("{shown} is neither a folder nor a zip archive that can be read: {e}"),
                )
                .help("name the O*NET text release's folder, or the db_NN_N_text.zip it comes in")
            })
    }

    /// The bytes of the file named `name` (base name, any folder inside a zip), and how to
    /// name it in messages.
    fn read(&mut self, name: &str) -> Result<Option<(Vec<u8>, String)>, Diagnostic> {
        match self {
            Source::Dir(dir) => {
                let path = dir.join(name);
                if !path.is_file() {
                    return Ok(None);
                }
                let shown = path.display().to_string();
                std::fs::read(&path)
                    .map(|b| Some((b, shown.clone())))
                    .map_err(|e| {
                        Diagnostic::error("unreadable", format!("cannot read {shown}: {e}"))
                    })
            }
            Source::Zip(zip) => {
                use std::io::Read;
                let Some(full) = zip
                    .file_names()
                    // A name that is not valid text cannot be one of the release's files.
                    .filter_map(Result::ok)
                    .find(|n| n.rsplit('/').next() == Some(name) && !n.starts_with("__MACOSX/"))
                    .map(|n| n.into_owned())
                else {
                    return Ok(None);
                };
                let mut bytes = Vec::new();
                zip.by_name(&full)
                    .map_err(|e| bad(&full, 0, e))?
                    .take(1 << 30)
                    .read_to_end(&mut bytes)
                    .map_err(|e| bad(&full, 0, e))?;
                Ok(Some((bytes, full)))
            }
        }
    }

    /// A release file by its name without extension: the `.txt`, else (Alternate Titles) the
    /// `.xlsx`.
    fn table(&mut self, stem: &str) -> Result<Option<(Table, String)>, Diagnostic> {
        if let Some((bytes, shown)) = self.read(&format!("{stem}.txt"))? {
            return parse_tsv(&bytes, &shown).map(|t| Some((t, shown)));
        }
        if let Some((bytes, shown)) = self.read(&format!("{stem}.xlsx"))? {
            return parse_xlsx(bytes, &shown).map(|t| Some((t, shown)));
        }
        Ok(None)
    }
}

/// The release's name from `Read Me.txt`'s first line (`O*NET 29.3 Database`).
fn release_name(readme: &[u8]) -> Option<String> {
    String::from_utf8_lossy(readme)
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .filter(|l| l.contains("O*NET"))
        .map(str::to_string)
}

/// The SOC code of an O*NET-SOC code: `29-2072.00` → `29-2072`.
fn soc_of(code: &str) -> Option<&str> {
    code.get(..7).filter(|s| crate::names::is_soc_code(s))
}

/// One file read: its name without extension, its rows, and how messages name it.
type ReadTable = (&'static str, Table, String);

/// Reads the release's files, keeping the rows of `wanted` SOC codes (all with `None`).
/// Files the release lacks are left out; a file without a column the guide needs is an error.
fn read_release(
    source: &mut Source,
    keep: &dyn Fn(&str) -> bool,
) -> Result<(Option<String>, Vec<ReadTable>), Diagnostic> {
    let readme = source.read("Read Me.txt")?.map(|(b, _)| b);
    let mut tables = Vec::new();
    for (stem, needed) in FILES {
        let Some((mut table, shown)) = source.table(stem)? else {
            continue;
        };
        for col in needed {
            if table.column(col).is_none() {
                return Err(bad(
                    &shown,
                    1,
                    format!(
                        "the header has no `{col}` column (it has {}); is this O*NET's {stem} file?",
                        table.header.join(", ")
                    ),
                ));
            }
        }
        let code = table.column("O*NET-SOC Code").unwrap_or(0);
        for (i, row) in table.rows.iter().enumerate() {
            let c = row.get(code).map(String::as_str).unwrap_or("");
            if soc_of(c).is_none() {
                return Err(bad(
                    &shown,
                    i + 2,
                    format!("`{c}` is not an O*NET-SOC code (NN-NNNN.NN)"),
                ));
            }
        }
        table.rows.retain(|r| r.get(code).is_some_and(|c| keep(c)));
        tables.push((stem, table, shown));
    }
    if tables.is_empty() {
        return Err(Diagnostic::error(
            "bad-onet-file",
            "no O*NET file found (Occupation Data.txt, Task Statements.txt, Technology Skills.txt, Related Occupations.txt, Alternate Titles.txt or .xlsx)",
        )
        .help("name the folder of the O*NET text release, or its .zip"));
    }
    Ok((readme.as_deref().and_then(release_name), tables))
}

/// Builds the guide's view of the tables.
fn from_tables(release: String, tables: &[ReadTable]) -> Onet {
    let mut onet = Onet {
        release,
        ..Onet::default()
    };
    for (stem, t, _) in tables {
        let col = |n: &str| t.column(n).unwrap_or(usize::MAX);
        let get = |r: &Vec<String>, i: usize| r.get(i).cloned().unwrap_or_default();
        let code = col("O*NET-SOC Code");
        match *stem {
            "Occupation Data" => {
                for r in &t.rows {
                    onet.occupations.insert(
                        get(r, code),
                        (get(r, col("Title")), get(r, col("Description"))),
                    );
                }
            }
            "Alternate Titles" => {
                for r in &t.rows {
                    let v = onet.alternate_titles.entry(get(r, code)).or_default();
                    let title = get(r, col("Alternate Title"));
                    if !title.is_empty() && !v.contains(&title) {
                        v.push(title);
                    }
                }
            }
            "Task Statements" => {
                for r in &t.rows {
                    onet.tasks.entry(get(r, code)).or_default().push(Task {
                        text: get(r, col("Task")),
                        core: get(r, col("Task Type")).eq_ignore_ascii_case("core"),
                    });
                }
                // Core tasks first, each group in the release's order.
                for v in onet.tasks.values_mut() {
                    v.sort_by_key(|t| !t.core);
                }
            }
            "Technology Skills" => {
                for r in &t.rows {
                    onet.technology
                        .entry(get(r, code))
                        .or_default()
                        .push(Technology {
                            example: get(r, col("Example")),
                            category: get(r, col("Commodity Title")),
                            hot: get(r, col("Hot Technology")).eq_ignore_ascii_case("y"),
                        });
                }
                // Hot technologies first.
                for v in onet.technology.values_mut() {
                    v.sort_by_key(|t| !t.hot);
                }
            }
            "Related Occupations" => {
                let index = col("Index");
                let mut rows: Vec<&Vec<String>> = t.rows.iter().collect();
                rows.sort_by_key(|r| get(r, index).parse::<u32>().unwrap_or(u32::MAX));
                for r in rows {
                    onet.related.entry(get(r, code)).or_default().push(Related {
                        code: get(r, col("Related O*NET-SOC Code")),
                        title: get(r, col("Related Title")),
                        tier: get(r, col("Relatedness Tier")),
                    });
                }
            }
            _ => {}
        }
    }
    onet
}

/// Reads `data/onet/` for the SOC codes `socs`; nothing when the folder is absent.
pub fn load(root: &Path, socs: &BTreeSet<String>) -> (Onet, Vec<Diagnostic>) {
    let dir = root.join(DIR);
    if !dir.is_dir() || socs.is_empty() {
        return (Onet::default(), Vec::new());
    }
    let mut source = Source::Dir(dir.clone());
    let keep = |code: &str| soc_of(code).is_some_and(|s| socs.contains(s));
    match read_release(&mut source, &keep) {
        Ok((release, tables)) => (
            from_tables(release.unwrap_or_else(|| "O*NET Database".into()), &tables),
            Vec::new(),
        ),
        Err(d) => (
            Onet::default(),
            vec![d.in_file(display_path(root, &dir)).help(
                "rewrite data/onet/ with `careerguide import onet PATH` (see docs/editors.md)",
            )],
        ),
    }
}

/// What the command line asked for.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub root: PathBuf,
    pub input: PathBuf,
    pub all: bool,
}

/// What the import did.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    pub release: String,
    /// The files written or found unchanged, with their row counts.
    pub files: Vec<(PathBuf, usize, bool)>,
    pub warnings: Vec<Diagnostic>,
    /// For each SOC code: its O*NET-SOC codes and titles.
    pub occupations: BTreeMap<String, String>,
}

/// The O*NET-SOC codes roles name in their `onet` block.
fn role_codes(root: &Path) -> BTreeSet<String> {
    let (loaded, _) =
        crate::load::load_content(root, &root.join("content"), crate::load::Bodies::All);
    loaded
        .pages
        .into_iter()
        .filter_map(|s| crate::model::parse_page(s).ok())
        .filter_map(|p| p.role()?.onet.as_ref()?.code.clone())
        .collect()
}

/// Runs the import.
pub fn import(opts: &ImportOptions) -> Result<ImportReport, Vec<Diagnostic>> {
    let roles = crate::datafile::roles_by_soc(&opts.root);
    if !opts.all && roles.is_empty() {
        return Err(vec![crate::datafile::no_soc(&opts.root)]);
    }
    let wanted: BTreeSet<String> = roles.keys().cloned().collect();
    // Each SOC code's own O*NET occupation (`.00`) and those roles name in `onet: {code}`.
    let codes = role_codes(&opts.root);
    let keep = |code: &str| {
        opts.all
            || codes.contains(code)
            || (code.ends_with(".00") && soc_of(code).is_some_and(|s| wanted.contains(s)))
    };
    let mut source = Source::open(&opts.input).map_err(|d| vec![d])?;
    let (release, tables) = read_release(&mut source, &keep).map_err(|d| vec![d])?;
    let release = release.unwrap_or_else(|| "O*NET Database".into());
    let onet = from_tables(release.clone(), &tables);
    let mut report = ImportReport {
        release: release.clone(),
        ..ImportReport::default()
    };
    for (code, (title, _)) in &onet.occupations {
        report.occupations.insert(code.clone(), title.clone());
    }
    for (soc, users) in &roles {
        if !tables.iter().any(|(_, t, _)| {
            t.rows
                .iter()
                .any(|r| r.first().and_then(|c| soc_of(c)) == Some(soc))
        }) {
            report.warnings.push(
                Diagnostic::warning(
                    "soc-not-in-release",
                    format!("SOC {soc}, used by {}, is not in {release}", users.join(", ")),
                )
                .help("check the role's `soc` against O*NET's occupation list; the role shows nothing from O*NET"),
            );
        }
    }
    let dir = opts.root.join(DIR);
    let mut outputs: Vec<(String, String)> = vec![(
        "Read Me.txt".into(),
        format!(
            "{release}\nImported by careerguide: the rows of {}.\n\n{}\n",
            if opts.all {
                "every occupation".to_string()
            } else {
                format!(
                    "the SOC codes the guide's roles use ({})",
                    wanted.iter().cloned().collect::<Vec<_>>().join(", ")
                )
            },
            attribution(&release)
        ),
    )];
    for (stem, table, _) in &tables {
        outputs.push((format!("{stem}.txt"), table.to_tsv()));
    }
    for (name, text) in outputs {
        let path = dir.join(&name);
        let changed = crate::datafile::write_if_changed(&path, &text).map_err(|d| vec![d])?;
        let rows = text.lines().count().saturating_sub(1);
        report
            .files
            .push((display_path(&opts.root, &path), rows, changed));
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_separated_files_read_with_crlf_and_quotes() {
        let t = parse_tsv(
            b"O*NET-SOC Code\tTitle\tDescription\r\n29-2072.00\tMedical Records Specialists\tCompile \"records\".\r\n",
            "Occupation Data.txt",
        )
        .unwrap();
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0][2], "Compile \"records\".");
        assert_eq!(soc_of(&t.rows[0][0]), Some("29-2072"));
        assert_eq!(soc_of("bad"), None);
        assert_eq!(
            release_name(b"O*NET 29.3 Database\nMay 2025 Release\n").as_deref(),
            Some("O*NET 29.3 Database")
        );
    }
}
