//! Site settings: `site.yaml` at the root of a guide.
//!
//! Read once per build, validated (a real `base_url`, a known theme folder, unique area slugs),
//! and then shared read-only by every later stage.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::Diagnostic;
use crate::load::{parse_yaml, read_text};

/// Entries per page of a long list when `site.yaml` does not say (`paginate_by`).
pub const DEFAULT_PER_PAGE: usize = 100;

/// A career area roles can belong to (`coding-revenue-cycle`, …), in display order.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AreaConfig {
    /// What roles write in `area:`: lower-case letters, digits and hyphens.
    #[schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub slug: String,
    /// The area's name, shown on its list page.
    #[schemars(length(min = 1, max = 150))]
    pub title: String,
    /// One or two sentences about the area.
    #[serde(default)]
    pub summary: Option<String>,
}

/// Site settings of a careerguide guide (`site.yaml`).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteFile {
    /// The guide's name, shown in every page's header and title.
    #[schemars(length(min = 1, max = 150))]
    pub title: String,
    /// Where the site is published, e.g. https://example.org/ or https://example.org/guide/.
    pub base_url: String,
    /// BCP 47 language code, e.g. en or en-US.
    pub language: String,
    /// One sentence for the home page, feeds and search engines.
    pub description: String,
    /// A folder under themes/ whose files override the built-in theme file by file.
    #[serde(default)]
    pub theme: Option<String>,
    /// The career areas roles may name, in display order.
    #[serde(default)]
    pub areas: Vec<AreaConfig>,
    /// Pass raw HTML in Markdown through (default true).
    #[serde(default)]
    pub allow_raw_html: Option<bool>,
    /// How many entries a long list shows per page before it continues on `page/2/`, `page/3/`, …
    /// (level, area and topic pages, education, setting and certification pages' roles, the
    /// A–Z index, the salary ranking and the career map's list). Default 100; 0 keeps every
    /// list on one page.
    #[serde(default)]
    pub paginate_by: Option<u32>,
    /// Hosts that may not be cited (test servers, exam-prep sites, job-board blogs): `check`
    /// reports every link to one of them, or to a subdomain of one, as an error.
    #[serde(default)]
    pub disallowed_link_hosts: Vec<String>,
    /// A free map handed to templates.
    #[serde(default)]
    pub extra: Option<serde_json::Map<String, serde_json::Value>>,
}

/// The validated settings every stage reads.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub title: String,
    /// Always ends with `/`: `https://example.org/guide/`.
    pub base_url: String,
    /// The path part of `base_url`, always starting and ending with `/`: `/guide/`.
    pub base_path: String,
    pub language: String,
    pub description: String,
    pub theme: Option<String>,
    pub areas: Vec<AreaConfig>,
    pub allow_raw_html: bool,
    /// Entries per page of a long list; `usize::MAX` when lists are not split.
    pub paginate_by: usize,
    /// `disallowed_link_hosts`, lower-case (see [`crate::source_hosts`]).
    pub disallowed_link_hosts: Vec<String>,
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// Whether `base_url` is a documentation placeholder (`https://example.org/`): pages then
    /// leave out absolute addresses (canonical, og:url) rather than show it.
    pub placeholder_url: bool,
    /// Problems with the settings that do not stop the pages being linked and checked,
    /// reported by build and check: warnings (a placeholder `base_url`) and the errors of an
    /// empty or too long title, which still fail the run.
    pub warnings: Vec<Diagnostic>,
}

impl SiteConfig {
    /// Reads and validates `<root>/site.yaml`; `base_url_override` is `--base-url`.
    pub fn load(
        root: &Path,
        base_url_override: Option<&str>,
    ) -> Result<SiteConfig, Vec<Diagnostic>> {
        let path = root.join("site.yaml");
        if !path.is_file() {
            return Err(vec![Diagnostic::error(
                "missing-site-yaml",
                format!("no site.yaml in {}", root.display()),
            )
            .help("run careerguide from the guide's folder or pass --root DIR; `careerguide init DIR` creates a new guide")]);
        }
        let text = read_text(root, &path).map_err(|d| vec![d])?;
        let display = Path::new("site.yaml");
        let file: SiteFile = parse_yaml(&text, display, &text, 1).map_err(|e| e.diagnostics)?;
        Self::from_file(file, root, &text, base_url_override)
    }

    fn from_file(
        file: SiteFile,
        root: &Path,
        text: &str,
        base_url_override: Option<&str>,
    ) -> Result<SiteConfig, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let locate = |key: &str| -> (usize, usize) {
            text.lines()
                .position(|l| l.starts_with(&format!("{key}:")))
                .map(|i| (i + 1, 1))
                .unwrap_or((1, 1))
        };
        // The value of a top-level key: its line, column and length (see `value_place`).
        let locate_value = |key: &str| -> (usize, usize, usize) {
            text.lines()
                .enumerate()
                .find(|(_, l)| l.starts_with(&format!("{key}:")))
                .map(|(i, l)| {
                    let (c, n) = crate::diagnostics::value_place(l, key.len() + 1);
                    (i + 1, c, n)
                })
                .unwrap_or((1, 1, 1))
        };
        // Wrong titles fail the run, but the settings still serve to link and check the pages,
        // so these errors go with the warnings rather than stop here.
        let mut title_errors = Vec::new();
        if let Some(d) = title_problem(&file.title, "the guide's title", TITLE_FIXES) {
            let (l, c, n) = locate_value("title");
            title_errors.push(d.in_file("site.yaml").at(text, l, c, n));
        }
        let raw_url = base_url_override.unwrap_or(&file.base_url);
        let (base_url, base_path) = match normalise_base_url(raw_url) {
            Ok(v) => v,
            Err(why) => {
                let mut d = Diagnostic::error("bad-base-url", format!("`{raw_url}` is not a usable base_url: {why}"))
                    .help("write the full address the site is published at, e.g. https://example.org/ or https://example.org/guide/");
                if base_url_override.is_none() {
                    let (l, c, n) = locate_value("base_url");
                    d = d.in_file("site.yaml").at(text, l, c, n);
                }
                errors.push(d);
                (String::new(), "/".to_string())
            }
        };
        let placeholder_url = is_placeholder_url(&base_url);
        let mut warnings = Vec::new();
        if placeholder_url {
            warnings.push(placeholder_warning(
                raw_url,
                (base_url_override.is_none()).then(|| (text, locate("base_url"))),
            ));
        }
        if let Some(theme) = &file.theme
            && theme != "default"
            && !root.join("themes").join(theme).is_dir()
        {
            let (l, c) = locate("theme");
            errors.push(
                Diagnostic::error("unknown-theme", format!("no theme folder themes/{theme}/"))
                    .in_file("site.yaml")
                    .at(text, l, c, 5)
                    .help(
                        "create the folder, or remove the `theme` line to use the built-in theme",
                    ),
            );
        }
        let mut seen = std::collections::HashSet::new();
        for (n, area) in file.areas.iter().enumerate() {
            let what = format!("the title of area `{}`", area.slug);
            if let Some(d) = title_problem(&area.title, &what, AREA_TITLE_FIXES) {
                let d = d.in_file("site.yaml");
                title_errors.push(match area_title_place(text, n) {
                    Some((l, c, len)) => d.at(text, l, c, len),
                    None => {
                        let (l, c) = locate("areas");
                        d.at(text, l, c, 5)
                    }
                });
            }
            if !crate::names::is_valid_slug(&area.slug) {
                let (l, c) = locate("areas");
                errors.push(
                    Diagnostic::error(
                        "bad-slug",
                        format!("area slug `{}` may only use a-z, 0-9 and -", area.slug),
                    )
                    .in_file("site.yaml")
                    .at(text, l, c, 5)
                    .help(format!("use `{}`", crate::names::suggest_slug(&area.slug))),
                );
            }
            if !seen.insert(area.slug.clone()) {
                let (l, c) = locate("areas");
                errors.push(
                    Diagnostic::error(
                        "duplicate-slug",
                        format!("area `{}` is listed twice", area.slug),
                    )
                    .in_file("site.yaml")
                    .at(text, l, c, 5),
                );
            }
        }
        errors.extend(crate::source_hosts::config_problems(
            &file.disallowed_link_hosts,
            text,
        ));
        if !errors.is_empty() {
            errors.extend(title_errors);
            return Err(errors);
        }
        warnings.extend(title_errors);
        Ok(SiteConfig {
            title: file.title,
            base_url,
            base_path,
            language: file.language,
            description: file.description,
            theme: file.theme.filter(|t| t != "default"),
            areas: file.areas,
            allow_raw_html: file.allow_raw_html.unwrap_or(true),
            paginate_by: match file.paginate_by {
                None => DEFAULT_PER_PAGE,
                Some(0) => usize::MAX,
                Some(n) => n as usize,
            },
            disallowed_link_hosts: crate::source_hosts::normalise(&file.disallowed_link_hosts),
            extra: file.extra.unwrap_or_default(),
            placeholder_url,
            warnings,
        })
    }

    /// The absolute URL of a site path (`roles/medical-coder/`).
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path.trim_start_matches('/'))
    }
}

/// Whether a normalised base URL's host is one of the names reserved for documentation
/// (RFC 2606: `example.com`, `example.net`, `example.org`, their subdomains, the `.example`
/// top-level domain), which no published guide can live at.
pub fn is_placeholder_url(base_url: &str) -> bool {
    let Some(host) = url::Url::parse(base_url).ok().and_then(|u| {
        u.host_str()
            .map(|h| h.trim_end_matches('.').to_ascii_lowercase())
    }) else {
        return false;
    };
    ["example.com", "example.net", "example.org"]
        .iter()
        .any(|d| host == *d || host.ends_with(&format!(".{d}")))
        || host == "example"
        || host.ends_with(".example")
}

/// The warning for a placeholder `base_url`, at its line of site.yaml when it came from there
/// (`--base-url` has no location).
fn placeholder_warning(raw_url: &str, at: Option<(&str, (usize, usize))>) -> Diagnostic {
    let mut d = Diagnostic::warning(
        "placeholder-base-url",
        format!(
            "base_url `{raw_url}` is a placeholder: pages leave out their canonical address, and the sitemap and feed are not written, until it is the real one"
        ),
    )
    .help("set base_url to the address the guide is published at, e.g. https://careers.yourcollege.edu/, or pass --base-url");
    if let Some((text, (line, col))) = at {
        let column = text
            .lines()
            .nth(line.saturating_sub(1))
            .and_then(|l| l.find(raw_url.trim()))
            .map_or(col, |i| i + 1);
        d = d
            .in_file("site.yaml")
            .at(text, line, column, raw_url.trim().chars().count());
    }
    d
}

/// How to fix an empty or too long title: the guide's, an area's.
struct TitleFixes {
    empty: &'static str,
    too_long: &'static str,
}

const TITLE_FIXES: TitleFixes = TitleFixes {
    empty: "write the guide's name after `title:`, e.g. title: Health information careers",
    too_long: "keep the guide's name short (it is in every page's header and browser tab); move the rest into `description`",
};

const AREA_TITLE_FIXES: TitleFixes = TitleFixes {
    empty: "write the area's name after `title:`, e.g. title: Coding and revenue cycle",
    too_long: "keep the area's name short (it is a heading and a filter's label); move the rest into the area's `summary`",
};

/// An empty title, or one longer than a page's may be: the rule and codes of pages' titles
/// ([`crate::names::title_problem`]). `what` names the title in the message.
fn title_problem(title: &str, what: &str, fixes: TitleFixes) -> Option<Diagnostic> {
    use crate::names::TitleProblem;
    let p = crate::names::title_problem(title, crate::names::MAX_TITLE_CHARS)?;
    let help = match p {
        TitleProblem::Empty => fixes.empty,
        TitleProblem::TooLong { .. } => fixes.too_long,
    };
    Some(Diagnostic::error(p.code(), p.message(what)).help(help))
}

/// Where the `title:` of the `n`th entry of a block list `areas:` is: line, column and length
/// of its value. `None` when it is not written one key a line (a `[{…}]` list, say).
fn area_title_place(text: &str, n: usize) -> Option<(usize, usize, usize)> {
    let mut lines = text.lines().enumerate();
    lines.find(|(_, l)| l.starts_with("areas:"))?;
    let mut item: Option<usize> = None;
    for (i, line) in lines {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        // The list ends at the next top-level key.
        if !line.starts_with([' ', '\t', '-']) {
            return None;
        }
        let key_text = match trimmed.strip_prefix('-') {
            Some(after_dash) => {
                item = Some(item.map_or(0, |k| k + 1));
                after_dash.trim_start()
            }
            None => trimmed,
        };
        if item == Some(n) && key_text.starts_with("title:") {
            let after_colon = line.len() - key_text.len() + "title:".len();
            let (column, len) = crate::diagnostics::value_place(line, after_colon);
            return Some((i + 1, column, len));
        }
        if item.is_some_and(|k| k > n) {
            return None;
        }
    }
    None
}

/// `https://host/guide` → (`https://host/guide/`, `/guide/`).
fn normalise_base_url(raw: &str) -> Result<(String, String), String> {
    let parsed = url::Url::parse(raw.trim()).map_err(crate::names::url_problem)?;
    if parsed.scheme() != "http" && parsed.scheme() != "https" {
        return Err("it must start with http:// or https://".into());
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err("it has no host name".into());
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err("it may not have a ?query or #fragment".into());
    }
    let mut path = parsed.path().to_string();
    if !path.ends_with('/') {
        path.push('/');
    }
    let origin = parsed.origin().ascii_serialization();
    Ok((format!("{origin}{path}"), path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_gets_a_trailing_slash_and_a_path() {
        assert_eq!(
            normalise_base_url("https://host.example/guide").unwrap(),
            (
                "https://host.example/guide/".to_string(),
                "/guide/".to_string()
            )
        );
        assert_eq!(
            normalise_base_url("http://127.0.0.1:8080").unwrap(),
            ("http://127.0.0.1:8080/".to_string(), "/".to_string())
        );
        assert!(normalise_base_url("example.org").is_err());
        assert!(normalise_base_url("ftp://example.org/").is_err());
    }

    #[test]
    fn documentation_hosts_are_placeholders_and_real_hosts_are_not() {
        for url in [
            "https://example.org/",
            "https://EXAMPLE.com/guide/",
            "http://www.example.net/",
            "https://guide.example/",
        ] {
            assert!(is_placeholder_url(url), "{url}");
        }
        for url in [
            "https://careers.ahima.org/",
            "https://notexample.org/",
            "https://example.org.uk/",
            "http://127.0.0.1:1111/",
            "https://guide.test/",
        ] {
            assert!(!is_placeholder_url(url), "{url}");
        }
    }

    #[test]
    fn a_placeholder_base_url_is_a_warning_at_its_place_in_site_yaml() {
        let root = std::env::temp_dir();
        let text = "title: T\nbase_url: https://example.org/\nlanguage: en\ndescription: D\n";
        let parse = || -> SiteFile {
            let Ok(file) = parse_yaml(text, Path::new("site.yaml"), text, 1) else {
                panic!("the test's site.yaml parses")
            };
            file
        };
        let config = SiteConfig::from_file(parse(), &root, text, None).unwrap();
        assert!(config.placeholder_url);
        let [w] = config.warnings.as_slice() else {
            panic!("one warning: {:?}", config.warnings)
        };
        assert!(!w.is_error());
        assert_eq!(w.location(), "site.yaml:2:11");
        assert!(w.help.as_deref().unwrap_or("").contains("base_url"));

        let real =
            SiteConfig::from_file(parse(), &root, text, Some("https://careers.test/")).unwrap();
        assert!(!real.placeholder_url && real.warnings.is_empty());
    }
}
