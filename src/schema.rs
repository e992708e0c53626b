//! Schema: JSON Schemas for `site.yaml` and each kind's front-matter.
//!
//! The schemas are generated (with schemars) from the very types the loader deserializes
//! into — `SiteFile` and the `*FrontMatter` structs made by `model`'s `front_matter!` macro —
//! so they cannot drift from what `build` accepts: the same keys, the same required ones, the
//! same allowed values, and the field documentation as descriptions. They are written to
//! `public/schema/<name>.json` on every build and to a folder of the editor's choice by
//! `careerguide schema --out DIR`; a `# yaml-language-server: $schema=…` comment points an
//! editor at them. What a schema cannot say (that a slug names an existing page, that
//! percentiles do not decrease) is left to `build` and `check`.

use std::path::{Path, PathBuf};

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};
use serde_json::Value;

use crate::config::SiteFile;
use crate::model::{
    ArticleFrontMatter, CertificationFrontMatter, EducationFrontMatter, Kind, PathwayFrontMatter,
    RoleFrontMatter, SettingFrontMatter,
};
use crate::sink::Sink;

/// The schema files, by name: `site` for `site.yaml`, then one per kind of page. Home and
/// section pages (`_index.md`) take the same keys as articles, so they share `article`.
pub const NAMES: [&str; 7] = [
    "site",
    "role",
    "setting",
    "certification",
    "education",
    "pathway",
    "article",
];

/// The schema name for a kind of page.
pub fn name_for(kind: Kind) -> &'static str {
    match kind {
        Kind::Role => "role",
        Kind::Setting => "setting",
        Kind::Certification => "certification",
        Kind::Education => "education",
        Kind::Pathway => "pathway",
        Kind::Home | Kind::Section | Kind::Article => "article",
    }
}

/// Draft 7: the version every YAML language server understands.
fn generate<T: JsonSchema>(title: &str) -> Schema {
    let mut schema = SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>();
    schema.insert("title".into(), Value::String(title.to_string()));
    schema
}

/// The schema called `name` (one of [`NAMES`]), or `None`.
pub fn schema(name: &str) -> Option<Value> {
    let schema = match name {
        "site" => generate::<SiteFile>("careerguide site.yaml"),
        "role" => generate::<RoleFrontMatter>("careerguide role front-matter"),
        "setting" => generate::<SettingFrontMatter>("careerguide work setting front-matter"),
        "certification" => {
            generate::<CertificationFrontMatter>("careerguide certification front-matter")
        }
        "education" => generate::<EducationFrontMatter>("careerguide education level front-matter"),
        "pathway" => generate::<PathwayFrontMatter>("careerguide pathway front-matter"),
        "article" => generate::<ArticleFrontMatter>(
            "careerguide article, section and home page front-matter (`assessment` only on articles)",
        ),
        _ => return None,
    };
    Some(schema.to_value())
}

/// Every schema as the text of its file: pretty JSON ending in a newline, stable byte for
/// byte so committed copies can be compared.
pub fn files() -> Vec<(&'static str, String)> {
    NAMES
        .iter()
        .filter_map(|&name| {
            let value = schema(name)?;
            let mut text = serde_json::to_string_pretty(&value).ok()?;
            text.push('\n');
            Some((name, text))
        })
        .collect()
}

/// Writes every schema into `dir` (created if needed); returns the files written.
pub fn write_dir(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for (name, text) in files() {
        let path = dir.join(format!("{name}.json"));
        std::fs::write(&path, text)?;
        written.push(path);
    }
    Ok(written)
}

/// Writes every schema into the site under `schema/`; returns the problems.
pub fn write_site(sink: &dyn Sink) -> Vec<crate::diagnostics::Diagnostic> {
    files()
        .into_iter()
        .filter_map(|(name, text)| {
            sink.put(&format!("schema/{name}.json"), text.as_bytes())
                .err()
                .map(|e| {
                    crate::diagnostics::Diagnostic::error(
                        "write",
                        format!("cannot write /schema/{name}.json: {e}"),
                    )
                })
        })
        .collect()
}

/// The comment that points a YAML language server at a schema.
pub fn modeline(schema_ref: &str) -> String {
    format!("# yaml-language-server: $schema={schema_ref}")
}

/// Where the pages of a guide find their schemas: `schema/` at the guide's root (written by
/// `careerguide init`), else `docs/schema/` (this repository's layout), else the copy
/// published with the site.
pub fn schema_dir(root: &Path) -> Option<PathBuf> {
    ["schema", "docs/schema"]
        .iter()
        .map(|d| root.join(d))
        .find(|d| d.join("site.json").is_file())
}

/// The `$schema=` reference for schema `name` from a file `depth` folders below the root
/// (`content/roles/x.md` is 2): a relative path when the guide has a schema folder, else the
/// published URL under `base_url`.
pub fn reference(root: &Path, depth: usize, name: &str, base_url: &str) -> String {
    match schema_dir(root) {
        Some(dir) => {
            let rel = dir.strip_prefix(root).unwrap_or(&dir);
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            format!("{}{rel}/{name}.json", "../".repeat(depth))
        }
        None => format!("{}/schema/{name}.json", base_url.trim_end_matches('/')),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_schema_with_its_keys() {
        for name in NAMES {
            let s = schema(name).unwrap();
            assert_eq!(s["additionalProperties"], false, "{name}");
            assert!(s["properties"]["title"].is_object(), "{name}");
        }
        let role = schema("role").unwrap();
        let required: Vec<&str> = role["required"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(required, ["title", "level", "education"]);
        assert_eq!(
            role["properties"]["soc"]["pattern"].as_str(),
            Some(r"^\d{2}-\d{4}$")
        );
        let level = serde_json::to_string(&role["properties"]["level"]).unwrap();
        assert!(level.contains("Level"), "{level}");
    }

    #[test]
    fn references_are_relative_to_the_page() {
        let tmp = tempfile::tempdir().unwrap();
        assert_eq!(
            reference(tmp.path(), 2, "role", "https://example.org/guide/"),
            "https://example.org/guide/schema/role.json"
        );
        write_dir(&tmp.path().join("schema")).unwrap();
        assert_eq!(
            reference(tmp.path(), 2, "role", "https://example.org/"),
            "../../schema/role.json"
        );
        assert_eq!(
            reference(tmp.path(), 0, "site", "https://example.org/"),
            "schema/site.json"
        );
    }
}
