//! The editors' mistakes corpus: each case of `tests/fixtures/mistakes/cases.txt` puts one
//! mistake an editor makes (indentation, quoting, lists, typos, dates, numbers, encodings,
//! file names, references) into a copy of a fresh guide (`tests/fixtures/mistakes/base`, as
//! `careerguide init` writes it), runs `careerguide check --format json`, and expects a
//! diagnostic with the given code at the given `file:line:col` whose help says the given
//! words. Every diagnostic of every case is also searched for the words of the YAML parser,
//! serde and other libraries: none may reach an editor.
//!
//! The case format:
//!
//! ```text
//! === a name
//! expect: CODE FILE:LINE:COL ~ words of the help
//! >>> content/roles/coder.md
//! (the file's text, to the next `>>>` or `===` line)
//! >>> content/roles/other.md latin1     (written as Latin-1 bytes)
//! --- content/roles/first-role.md       (a file of the base guide to delete)
//! ;; a comment
//! ```

mod common;

use std::path::Path;

/// Words of the YAML parser, serde and other libraries that must never reach an editor.
const LIBRARY_PHRASES: &[&str] = &[
    "while parsing",
    "while scanning",
    "did not find expected",
    "externally tagged",
    "invalid type",
    "'~'",
    "`~`",
    "indicator",
    "mapping values",
    "scalar",
    "deserialize",
    "Option<",
    "unknown variant",
    "unknown field",
    "missing field",
    "expected one of",
    "invalid u32",
    "invalid u64",
    "invalid i32",
    "invalid i64",
    "floating point",
    "sequence",
    "simple key",
    "DuplicateKeyPolicy",
    "budget breached",
    "at line ",
    "serde",
    "saphyr",
    "struct ",
    "enum ",
    // The url crate's, for addresses it refuses, and the standard library's for IP addresses.
    "relative URL",
    "empty host",
    "international domain name",
    "invalid port number",
    "invalid IPv4 address",
    "invalid IPv6 address",
    "invalid domain character",
    "cannot-be-a-base",
    "URLs more than",
    "invalid IP address syntax",
];

#[derive(Debug, Default)]
struct Case {
    name: String,
    expects: Vec<Expect>,
    files: Vec<(String, String, bool)>,
    deletes: Vec<String>,
}

#[derive(Debug)]
struct Expect {
    code: String,
    file: String,
    line: u64,
    column: u64,
    help: String,
}

fn parse_cases(text: &str) -> Vec<Case> {
    let mut cases: Vec<Case> = Vec::new();
    let mut current_file: Option<(String, String, bool)> = None;
    let flush = |case: Option<&mut Case>, file: &mut Option<(String, String, bool)>| {
        if let (Some(case), Some(f)) = (case, file.take()) {
            case.files.push(f);
        }
    };
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        if bare.starts_with(";;") {
            continue;
        }
        if let Some(name) = bare.strip_prefix("=== ") {
            flush(cases.last_mut(), &mut current_file);
            cases.push(Case {
                name: name.to_string(),
                ..Case::default()
            });
        } else if let Some(spec) = bare.strip_prefix(">>> ") {
            flush(cases.last_mut(), &mut current_file);
            let (path, latin1) = match spec.strip_suffix(" latin1") {
                Some(p) => (p, true),
                None => (spec, false),
            };
            current_file = Some((path.to_string(), String::new(), latin1));
        } else if let Some(path) = bare.strip_prefix("--- ").filter(|_| current_file.is_none()) {
            cases
                .last_mut()
                .expect("a case")
                .deletes
                .push(path.to_string());
        } else if let Some(f) = current_file.as_mut() {
            f.1.push_str(line);
        } else if let Some(spec) = bare.strip_prefix("expect: ") {
            let (place, help) = spec
                .split_once(" ~ ")
                .expect("expect: CODE FILE:L:C ~ help");
            let (code, location) = place.split_once(' ').expect("code and location");
            let mut parts = location.rsplitn(3, ':');
            let column = parts.next().and_then(|c| c.parse().ok()).expect("column");
            let line = parts.next().and_then(|c| c.parse().ok()).expect("line");
            let file = parts.next().expect("file").to_string();
            cases.last_mut().expect("a case").expects.push(Expect {
                code: code.to_string(),
                file,
                line,
                column,
                help: help.to_string(),
            });
        } else {
            assert!(bare.is_empty(), "unexpected line in the corpus: {bare:?}");
        }
    }
    flush(cases.last_mut(), &mut current_file);
    cases
}

/// Writes the case's files into the guide at `root` (`<TAB>` in the corpus is a tab; the
/// text `<BOM>` at the start of a file becomes a byte-order mark; `<CR>` a carriage return).
fn apply(case: &Case, root: &Path) {
    for path in &case.deletes {
        std::fs::remove_file(root.join(path)).expect("delete a base file");
    }
    for (path, text, latin1) in &case.files {
        let target = root.join(path);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        let text = text
            .replace("<BOM>", "\u{feff}")
            .replace("<CR>", "\r")
            .replace("<TAB>", "\t");
        let bytes: Vec<u8> = if *latin1 {
            text.chars()
                .map(|c| u8::try_from(u32::from(c)).expect("Latin-1 text"))
                .collect()
        } else {
            text.into_bytes()
        };
        std::fs::write(&target, bytes).expect("write the case's file");
    }
}

#[test]
fn every_editor_mistake_gets_a_located_message_in_plain_words() {
    let corpus = std::fs::read_to_string(common::fixtures().join("mistakes/cases.txt"))
        .expect("read the corpus");
    let cases = parse_cases(&corpus);
    assert!(cases.len() >= 60, "the corpus has {} cases", cases.len());
    let mut failures = Vec::new();
    let mut checked = 0;
    for case in &cases {
        assert!(!case.expects.is_empty(), "{}: no expect line", case.name);
        let site = common::copy_fixture("mistakes/base");
        apply(case, site.path());
        let root = site.path().to_string_lossy().to_string();
        let out = common::run(&["check", "--format", "json", "--root", &root]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !stderr.contains("panicked"),
            "{}: careerguide panicked:\n{stderr}",
            case.name
        );
        let found: Vec<serde_json::Value> = match serde_json::from_str(&stdout) {
            Ok(v) => v,
            Err(e) => {
                failures.push(format!(
                    "{}: output is not JSON ({e}):\n{stdout}\n{stderr}",
                    case.name
                ));
                continue;
            }
        };
        let text = |d: &serde_json::Value, k: &str| d[k].as_str().unwrap_or("").to_string();
        for e in &case.expects {
            let hit = found.iter().any(|d| {
                text(d, "code") == e.code
                    && text(d, "file") == e.file
                    && d["line"].as_u64() == Some(e.line)
                    && d["column"].as_u64() == Some(e.column)
                    && text(d, "help").contains(&e.help)
            });
            if !hit {
                let got: Vec<String> = found
                    .iter()
                    .map(|d| {
                        format!(
                            "  {} {}:{}:{} {} | help: {}",
                            text(d, "code"),
                            text(d, "file"),
                            d["line"],
                            d["column"],
                            text(d, "message"),
                            text(d, "help")
                        )
                    })
                    .collect();
                failures.push(format!(
                    "{}: expected {} {}:{}:{} with help containing {:?}; got:\n{}",
                    case.name,
                    e.code,
                    e.file,
                    e.line,
                    e.column,
                    e.help,
                    got.join("\n")
                ));
            }
        }
        // No library's words in any diagnostic of the case.
        for d in &found {
            for key in ["message", "label", "help"] {
                let words = text(d, key);
                for phrase in LIBRARY_PHRASES {
                    if words.contains(phrase) {
                        failures.push(format!(
                            "{}: the {key} of {} says {phrase:?}, a library's words: {words}",
                            case.name,
                            text(d, "code")
                        ));
                    }
                }
            }
        }
        checked += 1;
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} cases failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn a_wrong_bind_address_is_refused_in_plain_words() {
    let out = common::run(&["serve", "--bind", "192.168.1.300", "--root", "."]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("127.0.0.1"), "no example address: {stderr}");
    for phrase in LIBRARY_PHRASES {
        assert!(!stderr.contains(phrase), "says {phrase:?}: {stderr}");
    }
}
