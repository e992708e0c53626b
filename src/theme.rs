//! Theme: the templates and static files a site is drawn with.
//!
//! The `default` theme is embedded in the binary, so a new user needs no extra files. A site
//! may name a theme folder under `themes/` in `site.yaml`; each file there replaces the
//! embedded file of the same name, and new files are added. A site's own `static/` folder is
//! layered on top of the theme's static files.

use std::collections::BTreeMap;
use std::path::Path;

use include_dir::{Dir, include_dir};

use crate::diagnostics::{Diagnostic, display_path};

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where a theme file came from, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Embedded,
    /// Path shown to the user, relative to the site root.
    File(std::path::PathBuf),
}

/// A resolved theme: template sources by name and static files by output path.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    pub templates: BTreeMap<String, (String, Origin)>,
    pub statics: BTreeMap<String, (Vec<u8>, Origin)>,
}

impl Theme {
    /// The embedded default theme, overlaid with `themes/<name>/` and the site's `static/`.
    pub fn load(root: &Path, name: Option<&str>) -> Result<Theme, Vec<Diagnostic>> {
        let mut theme = Theme::default();
        collect_embedded(&DEFAULT_THEME, &mut theme);
        let mut errors = Vec::new();
        if let Some(name) = name {
            let dir = root.join("themes").join(name);
            overlay(root, &dir.join("templates"), &mut theme, true, &mut errors);
            overlay(root, &dir.join("static"), &mut theme, false, &mut errors);
        }
        overlay(root, &root.join("static"), &mut theme, false, &mut errors);
        if errors.is_empty() {
            Ok(theme)
        } else {
            Err(errors)
        }
    }

    /// Only the embedded default theme (for tests and `init`).
    pub fn embedded() -> Theme {
        let mut theme = Theme::default();
        collect_embedded(&DEFAULT_THEME, &mut theme);
        theme
    }

    pub fn origin_of(&self, template: &str) -> Option<&Origin> {
        self.templates.get(template).map(|(_, o)| o)
    }
}

fn collect_embedded(dir: &Dir<'static>, theme: &mut Theme) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        if let Some(name) = path.strip_prefix("templates/") {
            if let Some(text) = file.contents_utf8() {
                theme
                    .templates
                    .insert(name.to_string(), (text.to_string(), Origin::Embedded));
            }
        } else if let Some(name) = path.strip_prefix("static/") {
            theme.statics.insert(
                name.to_string(),
                (file.contents().to_vec(), Origin::Embedded),
            );
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, theme);
    }
}

fn overlay(
    root: &Path,
    dir: &Path,
    theme: &mut Theme,
    templates: bool,
    errors: &mut Vec<Diagnostic>,
) {
    if !dir.is_dir() {
        return;
    }
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                errors.push(Diagnostic::error(
                    "unreadable",
                    format!("cannot read {}: {e}", display_path(root, dir).display()),
                ));
                continue;
            }
        };
        if entry.file_type().is_dir()
            || crate::load::is_ignored_name(&entry.file_name().to_string_lossy())
        {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let name = rel.to_string_lossy().replace('\\', "/");
        let shown = display_path(root, entry.path());
        match std::fs::read(entry.path()) {
            Ok(bytes) if templates => match crate::load::decode_utf8(bytes, &shown) {
                Ok(text) => {
                    theme.templates.insert(name, (text, Origin::File(shown)));
                }
                Err(d) => errors.push(d),
            },
            Ok(bytes) => {
                theme.statics.insert(name, (bytes, Origin::File(shown)));
            }
            Err(e) => errors.push(
                Diagnostic::error("unreadable", format!("cannot read this file: {e}"))
                    .in_file(shown),
            ),
        }
    }
}
