//! Professional associations: `data/associations.yaml`, the guide's one list of the bodies a
//! reader can turn to for more information (AHIMA, AAPC, NCRA, …).
//!
//! Each association names the roles and the career areas it concerns; a role page lists the
//! associations that name the role or its area, in the file's order (the theme's
//! `partials/more-information.html`). Keeping the list in one file means an address or a
//! description is corrected once, not on every page that mentions the body.
//!
//! ```yaml
//! associations:
//!   - name: American Health Information Management Association
//!     abbr: AHIMA
//!     url: https://www.ahima.org/
//!     about: Credentials (RHIT, RHIA, CCS, …), accredited-program search and career resources.
//!     areas: [records-operations, coding-revenue-cycle]
//!     roles: [cancer-registrar]
//! ```

use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::link::Site;
use crate::model::{Association, Kind};

/// Where the list lives, under the guide's root.
pub const FILE: &str = "data/associations.yaml";

/// The file's shape.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssociationsFile {
    /// The associations, in the order role pages list them.
    pub associations: Vec<Association>,
}

/// Reads `data/associations.yaml` (when there is one) into `site.associations` and returns
/// its problems: unreadable or mistyped YAML, addresses that are not http(s), and role or area
/// slugs that do not exist. (`check` lists the addresses with the guide's other external
/// links, see [`link_places`], so the host rule and `--external` cover them too.)
pub fn attach(root: &Path, site: &mut Site) -> Vec<Diagnostic> {
    site.associations.clear();
    let path = root.join(FILE);
    if !path.is_file() {
        return Vec::new();
    }
    let text = match crate::load::read_text(root, &path) {
        Ok(t) => t,
        Err(d) => return vec![d],
    };
    let display = Path::new(FILE);
    let file: AssociationsFile = match crate::load::parse_yaml(&text, display, &text, 1) {
        Ok(f) => f,
        Err(e) => return e.diagnostics,
    };
    let problems = validate(&file.associations, site, &text);
    site.associations = file.associations;
    problems
}

fn validate(list: &[Association], site: &Site, text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let roles: Vec<&str> = site
        .pages
        .iter()
        .filter(|p| p.kind == Kind::Role && !p.generated)
        .map(|p| p.slug.as_str())
        .collect();
    // Areas from site.yaml, and those roles use when site.yaml lists none.
    let mut areas: Vec<&str> = site.config.areas.iter().map(|a| a.slug.as_str()).collect();
    for p in &site.pages {
        if let Some(a) = p.role().and_then(|r| r.area.as_ref())
            && !areas.contains(&a.value.as_str())
        {
            areas.push(a.value.as_str());
        }
    }
    for a in list {
        // Locate each value after the association's name (names are what editors search for).
        let start = text.find(&a.name).unwrap_or(0);
        let at = |d: Diagnostic, value: &str| -> Diagnostic {
            let d = d.in_file(FILE);
            match text[start..].find(value) {
                Some(pos) if !value.is_empty() => d.at_offset(text, start + pos, value.len()),
                _ => d.at_offset(text, start, a.name.len()),
            }
        };
        if let Err(why) = crate::model::check_external_url(&a.url) {
            out.push(at(
                Diagnostic::error(
                    "bad-url",
                    format!("`{}` is not a web address: {why}", a.url),
                )
                .help("write the body's home page, e.g. https://www.ahima.org/"),
                &a.url,
            ));
        }
        for slug in &a.roles {
            if !roles.contains(&slug.as_str()) {
                let mut d = Diagnostic::error(
                    "unknown-reference",
                    format!("{} names the role `{slug}`, which does not exist", a.name),
                );
                d = d.help(match did_you_mean(slug, &roles) {
                    Some(s) => format!("{s} (roles are the file names in content/roles/)"),
                    None => "use the slug of a page in content/roles/".into(),
                });
                out.push(at(d, slug));
            }
        }
        for slug in &a.areas {
            if !areas.contains(&slug.as_str()) {
                let mut d = Diagnostic::error(
                    "unknown-reference",
                    format!(
                        "{} names the area `{slug}`, which site.yaml does not list",
                        a.name
                    ),
                );
                d = d.help(match did_you_mean(slug, &areas) {
                    Some(s) => format!("{s} (areas are listed under `areas:` in site.yaml)"),
                    None => "use an area slug from `areas:` in site.yaml".into(),
                });
                out.push(at(d, slug));
            }
        }
    }
    out
}

/// The associations a role page lists: those naming the role or its area, in file order.
pub fn for_role<'a>(site: &'a Site, slug: &str, area: Option<&str>) -> Vec<&'a Association> {
    site.associations
        .iter()
        .filter(|a| {
            a.roles.iter().any(|r| r == slug)
                || area.is_some_and(|ar| a.areas.iter().any(|x| x == ar))
        })
        .collect()
}

/// Each association's `url` with a diagnostic stub located where it is written in the file,
/// for `check`'s list of external links; empty when the file is missing or unreadable (its
/// problems are reported when the site loads).
pub fn link_places(root: &Path, site: &Site) -> Vec<(String, Diagnostic)> {
    let Ok(text) = std::fs::read_to_string(root.join(FILE)) else {
        return Vec::new();
    };
    site.associations
        .iter()
        .map(|a| {
            let stub = Diagnostic::warning("external-link", "").in_file(FILE);
            let at = match text.find(&a.url) {
                Some(pos) => stub.at_offset(&text, pos, a.url.len()),
                None => stub,
            };
            (a.url.clone(), at)
        })
        .collect()
}
