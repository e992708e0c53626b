//! `careerguide import projections`: reads the BLS Employment Projections workbook in its
//! published layout (sheet "Table 1.2": a title row, then the header row; employment in
//! thousands; `—` where a figure is not available) and the same table saved as CSV, writes
//! data/projections.csv, and roles with a `soc` take their outlook and quick facts from it.

mod common;

use std::path::Path;

use common::*;

const HEADER: [&str; 16] = [
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
    "Related Occupational Outlook Handbook (OOH) content xlsx",
];

/// The table's rows below the header, as published (figures in thousands; the 29-9021 row has
/// its openings and wage not available).
fn rows() -> Vec<Vec<&'static str>> {
    vec![
        vec![
            "  Healthcare practitioners and technical occupations",
            "29-0000",
            "Summary",
            "9,999.9",
            "10,999.9",
            "5.5",
            "5.6",
            "1,000.0",
            "10.0",
            "2.0",
            "500.0",
            "83090",
            "—",
            "—",
            "—",
            "",
        ],
        vec![
            "      Medical records specialists",
            "29-2072",
            "Line item",
            "194.8",
            "208.6",
            "0.1",
            "0.1",
            "13.8",
            "7.1",
            "1.0",
            "14.2",
            "50250",
            "Postsecondary nondegree award",
            "None",
            "None",
            "Medical records specialists",
        ],
        vec![
            "      Health information technologists and medical registrars",
            "29-9021",
            "Line item",
            "41.9",
            "48.1",
            "0.0",
            "0.0",
            "6.2",
            "14.7",
            "1.0",
            "—",
            "—",
            "Associate's degree",
            "None",
            "None",
            "",
        ],
    ]
}

/// Writes the fixture workbook: an index sheet, then "Table 1.2" with a title row, the header
/// and the rows, figures stored as numbers and `—` as text, and footnotes below.
fn workbook(path: &Path, sheet: &str, header: &[&str]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let index = book.add_worksheet();
    index.set_name("Index").expect("sheet name");
    index
        .write_string(0, 0, "Employment Projections")
        .expect("cell");
    let t = book.add_worksheet();
    t.set_name(sheet).expect("sheet name");
    let title = if sheet == "Table 1.2" {
        "Table 1.2 Occupational projections, 2024–34, and worker characteristics, 2024"
    } else {
        "Table 1.3 Occupational separations and openings, projected 2024–34"
    };
    t.write_string(0, 0, title).expect("title");
    for (c, h) in header.iter().enumerate() {
        t.write_string(1, c as u16, *h).expect("header");
    }
    for (r, row) in rows().iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 2, c as u16);
            match cell.replace(',', "").parse::<f64>() {
                Ok(n) => t.write_number(r, c, n),
                _ if cell.is_empty() => continue,
                _ => t.write_string(r, c, *cell),
            }
            .expect("cell");
        }
    }
    t.write_string(6, 0, "Footnotes:").expect("footnote");
    book.save(path).expect("save workbook");
}

/// The same table saved as CSV.
fn csv(path: &Path) {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_path(path)
        .expect("csv");
    w.write_record([
        "Table 1.2 Occupational projections, 2024–34, and worker characteristics, 2024",
    ])
    .ok();
    w.write_record(HEADER).expect("header");
    for row in rows() {
        w.write_record(row).expect("row");
    }
    w.flush().expect("flush");
}

/// The `editors` fixture, whose medical-coder role has SOC 29-2072.
fn guide() -> tempfile::TempDir {
    copy_fixture("editors")
}

fn import(root: &Path, files: &[&Path]) -> std::process::Output {
    let root = root.to_string_lossy().to_string();
    let files: Vec<String> = files
        .iter()
        .map(|f| f.to_string_lossy().into_owned())
        .collect();
    let mut args = vec!["import", "projections", "--root", root.as_str()];
    args.extend(files.iter().map(String::as_str));
    run(&args)
}

#[test]
fn the_workbook_gives_the_projection_of_each_soc_code_roles_use() {
    let site = guide();
    let xlsx = site.path().join("occupation.xlsx");
    workbook(&xlsx, "Table 1.2", &HEADER);
    let out = import(site.path(), &[&xlsx]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out)
            .contains("29-2072 Medical records specialists: 194,800 jobs, +7.1% over 2024–34"),
        "{}",
        stdout(&out)
    );
    let table = read(site.path().join("data/projections.csv"));
    assert!(table.contains("# period: 2024–34"), "{table}");
    assert!(
        table.contains("# file: occupation.xlsx, sheet Table 1.2"),
        "{table}"
    );
    assert!(
        table.contains("29-2072,Medical records specialists,194800,208600,13800,7.1,14200,50250,Postsecondary nondegree award,None,None"),
        "{table}"
    );
    assert!(!table.contains("29-9021"), "only the SOC codes roles use");
    assert!(
        !table.contains("29-0000"),
        "summary rows are not occupations"
    );

    // The CSV export of the same table gives the same file.
    let other = guide();
    let path = other.path().join("table-1.2.csv");
    csv(&path);
    let out = import(other.path(), &[&path]);
    assert!(out.status.success(), "{}", stderr(&out));
    let from_csv = read(other.path().join("data/projections.csv"));
    assert_eq!(
        from_csv.lines().skip(4).collect::<Vec<_>>(),
        table.lines().skip(4).collect::<Vec<_>>(),
        "the same rows from the CSV"
    );

    // --all keeps every occupation; a figure the release does not publish stays blank.
    let out = run(&[
        "import",
        "projections",
        "--all",
        "--root",
        &site.path().to_string_lossy(),
        &xlsx.to_string_lossy(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let table = read(site.path().join("data/projections.csv"));
    assert!(table.contains("29-9021,Health information technologists and medical registrars,41900,48100,6200,14.7,,,Associate's degree,None,None"), "{table}");
}

#[test]
fn a_role_takes_its_outlook_and_quick_facts_with_the_period() {
    let site = guide();
    let xlsx = site.path().join("occupation.xlsx");
    workbook(&xlsx, "Table 1.2", &HEADER);
    assert!(import(site.path(), &[&xlsx]).status.success());
    build_ok(site.path(), &[]);
    let html = read(site.path().join("public/roles/medical-coder/index.html"));
    assert!(
        html.contains("+7.1% over 2024–34"),
        "outlook with its period"
    );
    for fact in [
        "<dt>Jobs, 2024</dt><dd><a href=\"#employment\">194,800</a></dd>",
        "<dt>Openings each year, 2024–34</dt><dd>14,200</dd>",
        "<dt>Entry education (BLS)</dt><dd>Postsecondary nondegree award</dd>",
        "<dt>Related work experience (BLS)</dt><dd>None</dd>",
        "<dt>On-the-job training (BLS)</dt><dd>None</dd>",
        "<dt>Projected jobs, 2034</dt><dd>208,600</dd>",
        "<dt>Change, 2024–34</dt><dd>+13,800 (+7.1%)</dd>",
    ] {
        assert!(html.contains(fact), "missing {fact}");
    }
    assert!(html.contains(
        "Source: BLS Employment Projections 2024–34, SOC 29-2072 (Medical records specialists)."
    ));
    // A role without a soc shows none of it.
    let cdi = read(site.path().join("public/roles/cdi-specialist/index.html"));
    assert!(!cdi.contains("Jobs, 2024") && !cdi.contains("2024–34"));
}

#[test]
fn a_hand_written_outlook_wins_and_check_says_where_it_differs() {
    let site = guide();
    let xlsx = site.path().join("occupation.xlsx");
    workbook(&xlsx, "Table 1.2", &HEADER);
    assert!(import(site.path(), &[&xlsx]).status.success());
    let role = site.path().join("content/roles/medical-coder.md");
    let text = read(&role).replacen(
        "soc: \"29-2072\"\n",
        "soc: \"29-2072\"\noutlook: {growth_pct: 8, period: 2022–32, openings_per_year: 14900, source: \"BLS Employment Projections 2022–32\"}\n",
        1,
    );
    std::fs::write(&role, text).expect("write");
    build_ok(site.path(), &[]);
    let html = read(site.path().join("public/roles/medical-coder/index.html"));
    assert!(html.contains("+8% over 2022–32") && !html.contains("+7.1% over 2024–34"));
    let out = run(&["check", "--root", &site.path().to_string_lossy()]);
    let report = stdout(&out);
    assert!(report.contains("outlook-differs-from-data"), "{report}");
    assert!(
        report.contains("content/roles/medical-coder.md:8:"),
        "{report}"
    );
    assert!(
        report.contains("period 2022–32 here, 2024–34 in the data; change +8% here, +7.1% in the data; openings 14,900 here, 14,200 in the data"),
        "{report}"
    );
}

#[test]
fn bad_files_get_messages_that_name_the_sheet_and_row() {
    let site = guide();
    // The wrong sheet: a workbook without Table 1.2.
    let wrong = site.path().join("wrong.xlsx");
    workbook(&wrong, "Table 1.3", &HEADER[..3]);
    let out = import(site.path(), &[&wrong]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("has no sheet \"Table 1.2\""), "{err}");
    assert!(err.contains("`Index`, `Table 1.3`"), "{err}");

    // A missing column.
    let missing = site.path().join("missing.xlsx");
    let header: Vec<&str> = HEADER
        .iter()
        .copied()
        .filter(|h| !h.starts_with("Typical education"))
        .collect();
    workbook(&missing, "Table 1.2", &header);
    let err = stderr(&import(site.path(), &[&missing]));
    assert!(
        err.contains("missing.xlsx, sheet `Table 1.2`, row 2:"),
        "{err}"
    );
    assert!(
        err.contains("no \"Typical education needed for entry\" column"),
        "{err}"
    );

    // A figure that is neither a number nor the release's mark for "not available".
    let bad = site.path().join("bad.csv");
    let text = {
        let path = site.path().join("good.csv");
        csv(&path);
        read(&path).replace("194.8", "lots")
    };
    std::fs::write(&bad, text).expect("write");
    let err = stderr(&import(site.path(), &[&bad]));
    assert!(err.contains("bad.csv, row 4:"), "{err}");
    assert!(
        err.contains("the base-year employment of 29-2072 is `lots`"),
        "{err}"
    );
    assert!(!site.path().join("data/projections.csv").exists());
}

#[test]
fn suppressed_figures_and_unknown_soc_codes_warn_naming_the_role() {
    let site = guide();
    // A second role with SOC 29-9021, whose openings and wage are not available, and a third
    // whose SOC code the release does not have.
    write_file(
        site.path(),
        "content/roles/registrar.md",
        "---\ntitle: Cancer Registrar\nsummary: Registers cancer cases.\nlevel: mid\neducation: certificate\nsoc: \"29-9021\"\nnext_roles: [medical-coder]\n---\nText.\n",
    );
    write_file(
        site.path(),
        "content/roles/unknown.md",
        "---\ntitle: Unknown Role\nsummary: A role.\nlevel: mid\neducation: certificate\nsoc: \"29-9999\"\nnext_roles: [medical-coder]\n---\nText.\n",
    );
    let xlsx = site.path().join("occupation.xlsx");
    workbook(&xlsx, "Table 1.2", &HEADER);
    let out = import(site.path(), &[&xlsx]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("SOC 29-9999, used by Unknown Role (content/roles/unknown.md), is not in BLS Employment Projections 2024–34"),
        "{err}"
    );
    assert!(err.contains("occupation.xlsx, sheet `Table 1.2`, row 5: the annual openings of SOC 29-9021 (used by Cancer Registrar (content/roles/registrar.md)) is not available (`—`)"), "{err}");
    assert!(err.contains("the median wage of SOC 29-9021"), "{err}");
    // The page leaves out what is missing and shows the rest.
    build_ok(site.path(), &[]);
    let html = read(site.path().join("public/roles/registrar/index.html"));
    assert!(html.contains("+14.7% over 2024–34") && !html.contains("Openings each year"));
    // check names the role whose code the data lacks.
    let report = stdout(&run(&["check", "--root", &site.path().to_string_lossy()]));
    assert!(report.contains("soc-not-in-data"), "{report}");
    assert!(report.contains("content/roles/unknown.md:6:"), "{report}");
}

/// The import's lines go through the same output as every command: nothing but problems with
/// `--quiet`, and a reader that goes away (`| head`) ends it quietly with success, the table
/// written.
#[test]
fn the_import_is_quiet_when_asked_and_ends_quietly_on_a_closed_pipe() {
    let site = guide();
    let xlsx = site.path().join("occupation.xlsx");
    workbook(&xlsx, "Table 1.2", &HEADER);
    let root = site.path().to_string_lossy().into_owned();
    let file = xlsx.to_string_lossy().into_owned();
    let out = run(&["import", "projections", "--quiet", "--root", &root, &file]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "", "nothing but problems");
    assert!(site.path().join("data/projections.csv").is_file());

    std::fs::remove_file(site.path().join("data/projections.csv")).expect("remove table");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_careerguide"))
        .args(["import", "projections", "--root", &root, &file])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    assert!(site.path().join("data/projections.csv").is_file());
}
