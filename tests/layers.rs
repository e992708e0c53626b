//! The modules' imports point one way: each top-level module of `src/` may use only modules of
//! its own layer or a lower one (docs/architecture.md), and no two modules use each other,
//! directly or through others. Read from the `crate::` paths in the sources.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The layers, lowest first: the foundation, the pipeline's stages in the order the data flows,
/// the pipeline, the commands over it, and the editors' tools beside it.
const LAYERS: &[&[&str]] = &[
    &[
        "diagnostics",
        "escape",
        "hash",
        "names",
        "paths",
        "sink",
        "timing",
    ],
    &["load", "config", "theme", "source_hosts"],
    &[
        "model",
        "format",
        "datafile",
        "projections",
        "onet",
        "wages",
        "schema",
    ],
    &["link", "associations"],
    &["explore"],
    &["markdown", "render"],
    &["search"],
    &["output"],
    &["pipeline"],
    &["build", "check", "incremental", "serve", "external"],
    &["oews", "scaffold"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// The top-level module a source file belongs to (`src/render/view.rs` → `render`); `None`
/// for the crate root and the binary.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_string_lossy();
    let name = first.trim_end_matches(".rs").to_string();
    (name != "lib" && name != "main" && name != "cli").then_some(name)
}

/// The top-level modules named by `crate::…` paths in `text`, including each name in a group
/// (`use crate::{a, b::c};`).
fn used_modules(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let code: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut rest = code.as_str();
    while let Some(pos) = rest.find("crate::") {
        rest = &rest[pos + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // The first name of each item at the group's own depth (`a::{b, c}` names `a`).
            let mut depth = 0;
            let mut item_start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if item_start && (c.is_alphanumeric() || c == '_') => {
                        let name: String = group[i..]
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect();
                        out.insert(name);
                        item_start = false;
                    }
                    _ => {}
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.insert(name);
        }
    }
    out
}

/// Every `module → modules it uses` edge between top-level modules of `src/`.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.expect("src/ can be read");
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let Some(module) = module_of(&src, path) else {
            continue;
        };
        let text = std::fs::read_to_string(path).expect("a source file can be read");
        let used = used_modules(&text);
        let deps = edges.entry(module.clone()).or_default();
        // Type aliases in lib.rs (`crate::FastMap`) are not modules.
        deps.extend(
            used.into_iter()
                .filter(|m| *m != module && m.chars().next().is_some_and(|c| c.is_lowercase())),
        );
    }
    edges
}

/// A cycle through `start`, if there is one: the modules in order, `start` again at the end.
fn cycle_from(start: &str, edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    let mut stack = vec![(start.to_string(), vec![start.to_string()])];
    let mut seen = BTreeSet::new();
    while let Some((node, path)) = stack.pop() {
        for next in edges.get(&node).into_iter().flatten() {
            if next == start {
                let mut cycle = path.clone();
                cycle.push(start.to_string());
                return Some(cycle);
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push((next.clone(), longer));
            }
        }
    }
    None
}

#[test]
fn no_two_modules_use_each_other() {
    let edges = graph();
    let cycles: Vec<String> = edges
        .keys()
        .filter_map(|m| cycle_from(m, &edges))
        .map(|c| c.join(" → "))
        .collect();
    assert!(cycles.is_empty(), "module cycles:\n{}", cycles.join("\n"));
}

#[test]
fn every_import_points_down_the_layers() {
    let edges = graph();
    let mut wrong = Vec::new();
    for (module, deps) in &edges {
        let Some(own) = layer_of(module) else {
            wrong.push(format!("`{module}` is in no layer: add it to LAYERS"));
            continue;
        };
        for dep in deps {
            match layer_of(dep) {
                Some(layer) if layer <= own => {}
                Some(_) => wrong.push(format!("`{module}` uses `{dep}`, a higher layer")),
                None => wrong.push(format!("`{dep}` (used by `{module}`) is in no layer")),
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_checker_sees_grouped_and_nested_paths() {
    let used = used_modules(
        "use crate::{load::{self, SourceFile}, model};\nfn f() { crate::search::document(); }\n// crate::serve\n",
    );
    let names: Vec<&str> = used.iter().map(String::as_str).collect();
    assert_eq!(names, ["load", "model", "search"]);
    let edges = BTreeMap::from([
        ("a".to_string(), BTreeSet::from(["b".to_string()])),
        ("b".to_string(), BTreeSet::from(["a".to_string()])),
    ]);
    assert_eq!(
        cycle_from("a", &edges).map(|c| c.join(" ")),
        Some("a b a".into())
    );
}
