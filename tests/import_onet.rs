//! `careerguide import onet`: reads the O*NET database text release in its official layout
//! (tab-separated files with O*NET's headers; Alternate Titles also as O*NET's .xlsx), writes
//! the rows of the SOC codes roles use into data/onet/, and a role shows what its `onet`
//! front-matter asks for, and nothing without it.

mod common;

use std::path::Path;

use common::*;

/// Writes a small release in O*NET's text layout (CRLF line ends, as some releases have).
fn release(dir: &Path, alternate_titles_as_xlsx: bool) {
    std::fs::create_dir_all(dir).expect("mkdir");
    let write = |name: &str, lines: &[&str]| {
        std::fs::write(dir.join(name), lines.join("\r\n") + "\r\n").expect("write");
    };
    write("Read Me.txt", &["O*NET 29.3 Database", "May 2025 Release"]);
    write(
        "Occupation Data.txt",
        &[
            "O*NET-SOC Code\tTitle\tDescription",
            "29-2072.00\tMedical Records Specialists\tCompile, process, and maintain medical records.",
            "29-9021.00\tHealth Information Technologists and Medical Registrars\tApply knowledge of healthcare.",
            "11-1011.00\tChief Executives\tDetermine policies.",
        ],
    );
    write(
        "Task Statements.txt",
        &[
            "O*NET-SOC Code\tTitle\tTask ID\tTask\tTask Type\tIncumbents Responding\tDate\tDomain Source",
            "29-2072.00\tMedical Records Specialists\t1\tPost medical insurance billings.\tSupplemental\t50.0\t08/2023\tIncumbent",
            "29-2072.00\tMedical Records Specialists\t2\tProtect the security of medical records.\tCore\t90.0\t08/2023\tIncumbent",
            "11-1011.00\tChief Executives\t3\tDirect budgets.\tCore\t95.0\t08/2023\tIncumbent",
        ],
    );
    write(
        "Technology Skills.txt",
        &[
            "O*NET-SOC Code\tTitle\tExample\tCommodity Code\tCommodity Title\tHot Technology\tIn Demand",
            "29-2072.00\tMedical Records Specialists\t3M Encoder\t43231601\tMedical software\tN\tN",
            "29-2072.00\tMedical Records Specialists\tEpic Systems\t43231601\tMedical software\tY\tY",
        ],
    );
    write(
        "Related Occupations.txt",
        &[
            "O*NET-SOC Code\tTitle\tRelated O*NET-SOC Code\tRelated Title\tRelatedness Tier\tIndex",
            "29-2072.00\tMedical Records Specialists\t43-6013.00\tMedical Secretaries and Administrative Assistants\tPrimary-Short\t2",
            "29-2072.00\tMedical Records Specialists\t29-9021.00\tHealth Information Technologists and Medical Registrars\tPrimary-Short\t1",
        ],
    );
    let alternate = [
        [
            "O*NET-SOC Code",
            "Title",
            "Alternate Title",
            "Short Title",
            "Source(s)",
        ],
        [
            "29-2072.00",
            "Medical Records Specialists",
            "Chart Abstractor",
            "",
            "08",
        ],
        [
            "29-2072.00",
            "Medical Records Specialists",
            "Coding Specialist",
            "",
            "08",
        ],
    ];
    if alternate_titles_as_xlsx {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.set_name("Alternate Titles").expect("name");
        for (r, row) in alternate.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if !cell.is_empty() {
                    sheet.write_string(r as u32, c as u16, *cell).expect("cell");
                }
            }
        }
        book.save(dir.join("Alternate Titles.xlsx")).expect("save");
    } else {
        let lines: Vec<String> = alternate.iter().map(|r| r.join("\t")).collect();
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        write("Alternate Titles.txt", &lines);
    }
}

/// The `editors` fixture plus a registrar role (SOC 29-9021) for related occupations.
fn guide() -> tempfile::TempDir {
    let site = copy_fixture("editors");
    write_file(
        site.path(),
        "content/roles/registrar.md",
        "---\ntitle: Cancer Registrar\nsummary: Registers cancer cases.\nlevel: mid\neducation: certificate\nsoc: \"29-9021\"\nnext_roles: [medical-coder]\n---\nText.\n",
    );
    site
}

fn import(root: &Path, dir: &Path) -> std::process::Output {
    run(&[
        "import",
        "onet",
        "--root",
        &root.to_string_lossy(),
        &dir.to_string_lossy(),
    ])
}

fn choose(root: &Path, onet: &str) {
    let role = root.join("content/roles/medical-coder.md");
    let text = read(&role).replacen(
        "soc: \"29-2072\"\n",
        &format!("soc: \"29-2072\"\nonet: {onet}\n"),
        1,
    );
    std::fs::write(&role, text).expect("write");
}

#[test]
fn the_release_is_kept_for_the_soc_codes_roles_use_in_the_same_layout() {
    for xlsx in [false, true] {
        let site = guide();
        let dir = site.path().join("db_29_3_text");
        release(&dir, xlsx);
        let out = import(site.path(), &dir);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            stdout(&out).contains("Imported O*NET 29.3 Database"),
            "{}",
            stdout(&out)
        );
        let data = site.path().join("data/onet");
        let tasks = read(data.join("Task Statements.txt"));
        assert!(
            tasks.starts_with("O*NET-SOC Code\tTitle\tTask ID\tTask\t"),
            "{tasks}"
        );
        assert!(tasks.contains("Protect the security of medical records."));
        assert!(
            !tasks.contains("Chief Executives"),
            "only the SOC codes roles use"
        );
        assert!(
            read(data.join("Alternate Titles.txt")).contains("Chart Abstractor"),
            "xlsx: {xlsx}"
        );
        assert!(read(data.join("Read Me.txt")).contains("CC BY 4.0"));
        // The folder it wrote is itself a release the import reads.
        let again = import(site.path(), &data);
        assert!(again.status.success(), "{}", stderr(&again));
    }
}

#[test]
fn a_role_shows_only_what_its_onet_block_asks_for() {
    let site = guide();
    let dir = site.path().join("release");
    release(&dir, false);
    assert!(import(site.path(), &dir).status.success());
    build_ok(site.path(), &[]);
    let html = read(site.path().join("public/roles/medical-coder/index.html"));
    assert!(!html.contains("Protect the security") && !html.contains("Epic Systems"));
    assert!(!html.contains("id=\"onet\""), "nothing by surprise");

    choose(
        site.path(),
        "{tasks: true, technology: true, related: true, alternate_titles: true}",
    );
    build_ok(site.path(), &[]);
    let html = read(site.path().join("public/roles/medical-coder/index.html"));
    let core = html
        .find("Protect the security of medical records.")
        .expect("core task");
    let other = html
        .find("Post medical insurance billings.")
        .expect("supplemental task");
    assert!(core < other, "core tasks first");
    assert!(html.contains("Epic Systems <strong class=\"hot\">(hot technology)</strong>"));
    assert!(html.contains("<li>3M Encoder</li>"));
    // Related: the registrar role is in the guide; medical secretaries are not.
    let similar = &html[html.find("id=\"similar\"").expect("similar occupations")..];
    assert!(
        similar.contains("href=\"../../roles/registrar/\""),
        "in the guide"
    );
    assert!(similar.contains(
        "<a href=\"https://www.onetonline.org/link/summary/43-6013.00\">Medical Secretaries and Administrative Assistants</a>"
    ));
    assert!(html.contains("O*NET 29.3 Database by the U.S. Department of Labor, Employment and Training Administration (USDOL/ETA), used under the CC BY 4.0 license"));
    // Alternate titles reach search, not the page.
    assert!(!html.contains("Chart Abstractor"));
    let index: String = walkdir::WalkDir::new(site.path().join("public/search-index"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect();
    assert!(
        index.contains("Chart Abstractor"),
        "search knows the alternate titles"
    );
    // In their own field, weighed below the role's own other names.
    let public = site.path().join("public");
    let meta = &call_args(&public.join("search-index/meta.js"), "meta")[0];
    assert!(meta["boost"]["job_titles"].as_f64() < meta["boost"]["also_called"].as_f64());
    let has_term = |field: &str, term: &str| {
        std::fs::read_dir(public.join("search-index"))
            .expect("index")
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with('n'))
            .any(|e| {
                let trie = &call_args(&e.path(), "shard")[2][field];
                let mut node = trie;
                term.chars().all(|c| {
                    node = &node[c.to_string()];
                    !node.is_null()
                }) && node["docs"].as_object().is_some_and(|d| !d.is_empty())
            })
    };
    assert!(has_term("job_titles", "abstractor"));
    assert!(!has_term("also_called", "abstractor"));

    // Tasks only.
    let role = site.path().join("content/roles/medical-coder.md");
    let text = read(&role).replace(
        "{tasks: true, technology: true, related: true, alternate_titles: true}",
        "{tasks: true}",
    );
    std::fs::write(&role, text).expect("write");
    build_ok(site.path(), &[]);
    let html = read(site.path().join("public/roles/medical-coder/index.html"));
    assert!(
        html.contains("Protect the security")
            && !html.contains("Epic Systems")
            && !html.contains("id=\"similar\"")
    );
}

#[test]
fn a_file_without_its_columns_or_with_a_bad_code_is_an_error_with_its_line() {
    let site = guide();
    let dir = site.path().join("release");
    release(&dir, false);
    std::fs::write(
        dir.join("Task Statements.txt"),
        "O*NET-SOC Code\tTitle\tTask ID\tStatement\n29-2072.00\tX\t1\tY\n",
    )
    .expect("write");
    let err = stderr(&import(site.path(), &dir));
    assert!(
        err.contains("Task Statements.txt:1: the header has no `Task` column"),
        "{err}"
    );
    release(&dir, false);
    std::fs::write(
        dir.join("Related Occupations.txt"),
        "O*NET-SOC Code\tTitle\tRelated O*NET-SOC Code\tRelated Title\tRelatedness Tier\tIndex\n29-2072.00\tA\t1\tB\tC\t1\nnot-a-code\tA\t1\tB\tC\t2\n",
    )
    .expect("write");
    let err = stderr(&import(site.path(), &dir));
    assert!(
        err.contains("Related Occupations.txt:3: `not-a-code` is not an O*NET-SOC code"),
        "{err}"
    );
    assert!(!site.path().join("data/onet").exists(), "nothing written");
    // A path that is neither a folder nor a zip.
    let err = stderr(&import(site.path(), &dir.join("Read Me.txt")));
    assert!(err.contains("neither a folder nor a zip archive"), "{err}");
}

#[test]
fn a_misspelt_onet_key_is_an_error() {
    let site = guide();
    choose(site.path(), "{taks: true}");
    let out = run(&["build", "--root", &site.path().to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("content/roles/medical-coder.md:8:"), "{err}");
    assert!(err.contains("taks"), "{err}");
}
