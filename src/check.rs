//! Check: everything `build` validates, without writing the site, plus what an editor should
//! look at before publishing.
//!
//! `check` runs the build's own pipeline — [`pipeline::load_site`], then the render stage into a
//! staging area that discards what it is given — so it finds exactly the errors `build` would
//! (unknown keys and slugs, broken links and `#anchors`, missing images, template errors) and
//! the same warnings (missing alt text, …). On top of that it reports, as warnings:
//!
//! - `stale-salary`: salary figures more than `max_age` years behind the newest in the guide;
//! - `salary-differs-from-data`: a hand-written `salary` that disagrees with `data/wages/`;
//! - `outlook-differs-from-data`: a hand-written `outlook` that disagrees with
//!   `data/projections.csv`, and `soc-not-in-data`: a role's SOC code the projections lack;
//! - `orphan-role`: a role with no `next_roles` that no role leads to;
//! - `unused-setting`, `unused-certification`: pages no role names;
//! - `missing-summary`: pages without a `summary`;
//! - `raw-script`, `raw-event-handler`: `<script>` and `on…=` attributes in raw HTML;
//! - with `--external`, `external-link-broken` and `external-link-unreachable`.
//!
//! and, as an error, `disallowed-link-host`: a link to a host `site.yaml` lists in
//! `disallowed_link_hosts` (see [`crate::source_hosts`]).
//!
//! Links to other sites are always listed, and visited only with `--external`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::diagnostics::Diagnostic;
use crate::external::{self, Outcome, Politeness};
use crate::format;
use crate::link::Site;
use crate::load::SourceFile;
use crate::model::{Facts, Kind, Page, at_key, at_key_value};
use crate::pipeline::{self, LoadedSite};
use crate::sink::DiscardSink;

/// What the command line asked for.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub root: PathBuf,
    /// The address the guide will be published at, instead of site.yaml's `base_url`.
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Visit every external link.
    pub external: bool,
    /// Salary figures more than this many years behind the newest in the guide are stale.
    pub max_age: u32,
    pub politeness: Politeness,
}

impl CheckOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        CheckOptions {
            root: root.into(),
            base_url: None,
            drafts: false,
            external: false,
            max_age: 2,
            politeness: Politeness::default(),
        }
    }
}

/// One place a page links to another site.
#[derive(Debug, Clone)]
pub struct ExternalUse {
    pub url: String,
    /// A diagnostic stub located at the link, reused for problems found there.
    pub at: Diagnostic,
}

/// What `check` found.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    /// Errors first, then warnings, each by file, line and column.
    pub diagnostics: Vec<Diagnostic>,
    /// Every link to another site, in file order.
    pub external_links: Vec<ExternalUse>,
    /// Whether the external links were visited.
    pub external_checked: bool,
    /// Pages checked (0 when loading failed).
    pub pages: usize,
    /// Files under `content/` published beside the pages (content paths), in order.
    pub published_files: Vec<String>,
    /// Drafts checked (left out of a build without `--drafts`).
    pub drafts: usize,
}

impl CheckReport {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    /// Whether the command should exit with a failure.
    pub fn failed(&self, strict: bool) -> bool {
        self.errors() > 0 || (strict && self.warnings() > 0)
    }

    /// The closing line of the human-readable output.
    pub fn summary_line(&self) -> String {
        let hosts: std::collections::BTreeSet<&str> = self
            .external_links
            .iter()
            .filter_map(|l| l.url.split('/').nth(2))
            .collect();
        let links = match self.external_links.len() {
            0 => "no external links".to_string(),
            n => format!(
                "{n} external link{} to {} host{}{}",
                if n == 1 { "" } else { "s" },
                hosts.len(),
                if hosts.len() == 1 { "" } else { "s" },
                if self.external_checked {
                    ", visited"
                } else {
                    ", not visited (--list-external lists them, --external visits them)"
                }
            ),
        };
        if self.pages == 0 {
            return format!(
                "The check stopped at {} error{}, {} warning{}: fix them to run the other checks.",
                self.errors(),
                if self.errors() == 1 { "" } else { "s" },
                self.warnings(),
                if self.warnings() == 1 { "" } else { "s" },
            );
        }
        let drafts = match self.drafts {
            0 => String::new(),
            1 => " and 1 draft".to_string(),
            n => format!(" and {n} drafts"),
        };
        format!(
            "Checked {} pages{drafts}: {} error{}, {} warning{}; {links}.",
            self.pages,
            self.errors(),
            if self.errors() == 1 { "" } else { "s" },
            self.warnings(),
            if self.warnings() == 1 { "" } else { "s" },
        )
    }

    /// The files published beside the pages, one a line, for listing.
    pub fn published_list(&self) -> String {
        self.published_files
            .iter()
            .map(|f| format!("  content/{f} → /{f}\n"))
            .collect()
    }

    /// The external links grouped by URL, each with every place it is used, for listing.
    pub fn external_list(&self) -> String {
        let mut by_url: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for l in &self.external_links {
            by_url.entry(&l.url).or_default().push(l.at.location());
        }
        let mut out = String::new();
        for (url, places) in by_url {
            out.push_str(&format!("  {url}\n"));
            for p in places {
                out.push_str(&format!("      {p}\n"));
            }
        }
        out
    }
}

/// Runs every check on the guide at `opts.root`; drafts too, unless `opts.drafts` includes
/// them in the site anyway (see [`draft_problems`]).
pub fn check(opts: &CheckOptions) -> CheckReport {
    let mut report = check_site(opts);
    if !opts.drafts {
        let (drafts, problems) = draft_problems(opts, &report.diagnostics);
        report.drafts = drafts;
        if !problems.is_empty() {
            report.diagnostics.extend(problems);
            crate::diagnostics::tidy(&mut report.diagnostics);
        }
    }
    report
}

/// The problems of drafts that a check without them cannot see (their references and links,
/// which are checked only for pages in the site): the guide checked again with its drafts,
/// keeping what is in a draft's file and was not found already. They are warnings marked as
/// draft problems, as a build without `--drafts` leaves drafts out and does not fail on them.
/// Also the number of drafts.
fn draft_problems(opts: &CheckOptions, found: &[Diagnostic]) -> (usize, Vec<Diagnostic>) {
    let (loaded, _) = crate::load::load_content(
        &opts.root,
        &opts.root.join("content"),
        crate::load::Bodies::All,
    );
    // The drafts a build leaves out: the pages whose `draft` flag is set as the build reads it
    // (`draft: True`, `draft: "true"` too), also when another key of the page has an error.
    // Only files that mention `draft` are typed again.
    let maybe_drafts: Vec<SourceFile> = loaded
        .pages
        .into_iter()
        .filter(|p| p.yaml().contains("draft"))
        .collect();
    let drafts: std::collections::HashSet<PathBuf> = pipeline::parse_pages(maybe_drafts)
        .into_iter()
        .filter_map(|parsed| parsed.page)
        .filter(|page| page.common.draft)
        .map(|page| page.source.display)
        .collect();
    if drafts.is_empty() {
        return (0, Vec::new());
    }
    let with_drafts = CheckOptions {
        drafts: true,
        external: false,
        ..opts.clone()
    };
    let all = check_site(&with_drafts);
    let problems = all
        .diagnostics
        .into_iter()
        .filter(|d| d.file.as_ref().is_some_and(|f| drafts.contains(f)))
        .filter(|d| {
            !found.iter().any(|f| {
                f.code == d.code && f.file == d.file && f.line == d.line && f.column == d.column
            })
        })
        .map(|mut d| {
            d.severity = crate::diagnostics::Severity::Warning;
            d.message = format!("in a draft: {}", d.message);
            d
        })
        .collect();
    (drafts.len(), problems)
}

/// Every check on the guide at `opts.root`, drafts included only with `opts.drafts`.
fn check_site(opts: &CheckOptions) -> CheckReport {
    let mut loaded = match pipeline::load_site(
        &opts.root,
        opts.base_url.as_deref(),
        opts.drafts,
        crate::load::Bodies::All,
    ) {
        Ok(l) => l,
        Err(diagnostics) => {
            return CheckReport {
                diagnostics,
                ..CheckReport::default()
            };
        }
    };
    let rendered = pipeline::render_loaded(&mut loaded, &DiscardSink, pipeline::Texts::Keep);
    let site = &loaded.site;
    let mut diags = loaded.warnings.clone();
    diags.extend(rendered.diagnostics);
    diags.extend(salary_checks(&loaded, opts.max_age));
    diags.extend(outlook_checks(&loaded.site));
    diags.extend(graph_checks(site));
    diags.extend(summary_checks(site));
    for (i, html) in &rendered.raw_html {
        diags.extend(raw_html_checks(&site.pages[*i].source, html));
    }
    let mut external_links = external_uses(site, &rendered.external_links);
    external_links.extend(
        crate::associations::link_places(&opts.root, site)
            .into_iter()
            .map(|(url, at)| ExternalUse { url, at }),
    );
    diags.extend(crate::source_hosts::check_links(
        external_links.iter().map(|l| (l.url.as_str(), &l.at)),
        &site.config.disallowed_link_hosts,
    ));
    if opts.external {
        let urls: Vec<String> = external_links.iter().map(|l| l.url.clone()).collect();
        let outcomes = external::check_all(&urls, &opts.politeness);
        diags.extend(external_diagnostics(&external_links, &outcomes));
    }
    crate::diagnostics::tidy(&mut diags);
    CheckReport {
        diagnostics: diags,
        external_links,
        external_checked: opts.external,
        pages: site.pages.iter().filter(|p| !p.generated).count(),
        published_files: site.assets.iter().map(|a| a.content_path.clone()).collect(),
        drafts: 0,
    }
}

/// Stale figures, and hand-written salaries that disagree with the wage tables.
fn salary_checks(loaded: &LoadedSite, max_age: u32) -> Vec<Diagnostic> {
    let site = &loaded.site;
    let wages = &site.wages;
    let mut out = Vec::new();
    let roles: Vec<&Page> = site.pages.iter().filter(|p| p.kind == Kind::Role).collect();
    let newest = roles
        .iter()
        .filter_map(|p| p.role()?.salary.as_ref().map(|s| s.year))
        .max();
    for page in roles {
        let Some(role) = page.role() else { continue };
        let Some(salary) = &role.salary else { continue };
        let from_data = wages.from_data.contains(&page.source.content_path);
        let soc = role.soc.as_ref().map(|s| s.value.as_str()).unwrap_or("");
        if let Some(newest) = newest {
            let behind = newest - salary.year;
            if behind > max_age as i32 {
                let message = format!(
                    "salary figures are from {}, {behind} years behind the newest in the guide ({newest})",
                    salary.year
                );
                let d = Diagnostic::warning("stale-salary", message);
                out.push(if from_data {
                    let file = wages.files.get(soc).cloned().unwrap_or_default();
                    d.in_file(file)
                        .label(format!("used by {}", page.source.display.display()))
                        .help("import a newer release: careerguide import oews PATH")
                } else {
                    at_key_value(
                        &page.source,
                        "salary",
                        d.help(format!(
                            "update the figures, or remove `salary:` to take them from data/wages/ (run careerguide import oews); --max-age {behind} accepts figures this old"
                        )),
                        6,
                    )
                });
            }
        }
        if from_data {
            continue;
        }
        let (Some(table), Some(file)) = (wages.for_role(page), wages.files.get(soc)) else {
            continue;
        };
        let Some(data) = table.salary() else { continue };
        let mine = salary;
        if mine.period != data.period || mine.currency != data.currency {
            continue;
        }
        let mut differences = Vec::new();
        if mine.year != data.year {
            differences.push(format!(
                "year {} here, {} in the data",
                mine.year, data.year
            ));
        }
        let money = |v: f64| format::money(v, &data.currency, data.period);
        for ((key, here), (_, there)) in [
            ("p10", mine.p10),
            ("p25", mine.p25),
            ("median", Some(mine.median)),
            ("p75", mine.p75),
            ("p90", mine.p90),
        ]
        .into_iter()
        .zip([
            ("p10", data.p10),
            ("p25", data.p25),
            ("median", Some(data.median)),
            ("p75", data.p75),
            ("p90", data.p90),
        ]) {
            if let (Some(a), Some(b)) = (here, there)
                && (a - b).abs() >= 0.5
            {
                differences.push(format!("{key} {} here, {} in the data", money(a), money(b)));
            }
        }
        if !differences.is_empty() {
            out.push(at_key_value(
                &page.source,
                "salary",
                Diagnostic::warning(
                    "salary-differs-from-data",
                    format!(
                        "the hand-written salary differs from {} ({} {}): {}",
                        file.display(),
                        table.source,
                        table.release,
                        differences.join("; ")
                    ),
                )
                .help("remove the `salary:` block to use the data (it then updates with every import), or correct the figures"),
                6,
            ));
        }
    }
    out
}

/// Hand-written outlooks that disagree with `data/projections.csv`, and SOC codes it lacks.
fn outlook_checks(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Some(projections) = site.wages.projections.as_ref() else {
        return out;
    };
    let file = crate::projections::FILE;
    for page in site.pages.iter().filter(|p| p.kind == Kind::Role) {
        let Some(role) = page.role() else { continue };
        let Some(soc) = role.soc.as_ref().map(|s| s.value.as_str()) else {
            continue;
        };
        let Some(data) = projections.outlook(soc) else {
            if !projections.rows.contains_key(soc) {
                out.push(at_key_value(
                    &page.source,
                    "soc",
                    Diagnostic::warning(
                        "soc-not-in-data",
                        format!(
                            "{file} ({} {}) has no row for SOC {soc}, so this role shows no projection",
                            projections.source, projections.period
                        ),
                    )
                    .help("check the code, or import the projections again: careerguide import projections occupation.xlsx (it keeps the SOC codes roles use)"),
                    soc.len() + 2,
                ));
            }
            continue;
        };
        if site
            .wages
            .outlook_from_data
            .contains(&page.source.content_path)
        {
            continue;
        }
        let Some(mine) = &role.outlook else { continue };
        let mut differences = Vec::new();
        if mine.period != data.period {
            differences.push(format!(
                "period {} here, {} in the data",
                mine.period, data.period
            ));
        }
        if let (Some(a), Some(b)) = (mine.growth_pct, data.growth_pct)
            && (a - b).abs() >= 0.05
        {
            differences.push(format!(
                "change {} here, {} in the data",
                format::growth(a),
                format::growth(b)
            ));
        }
        if let (Some(a), Some(b)) = (mine.openings_per_year, data.openings_per_year)
            && a != b
        {
            differences.push(format!(
                "openings {} here, {} in the data",
                format::thousands(a),
                format::thousands(b)
            ));
        }
        if !differences.is_empty() {
            out.push(at_key_value(
                &page.source,
                "outlook",
                Diagnostic::warning(
                    "outlook-differs-from-data",
                    format!(
                        "the hand-written outlook differs from {file} ({} {}): {}",
                        projections.source,
                        projections.period,
                        differences.join("; ")
                    ),
                )
                .help("remove the `outlook:` block to use the data (it then updates with every import), or keep it and cite its own source"),
                6,
            ));
        }
    }
    out
}

/// Roles with no way in or out, and settings and certifications no role names.
fn graph_checks(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, page) in site.pages.iter().enumerate() {
        if page.generated {
            continue;
        }
        let r = &site.relations[i];
        let src = &page.source;
        match page.kind {
            Kind::Role if r.next_roles.is_empty() && r.comes_from.is_empty() => {
                let has_key = src.yaml().lines().any(|l| l.starts_with("next_roles:"));
                out.push(at_key(
                    src,
                    if has_key { "next_roles" } else { "title" },
                    Diagnostic::warning(
                        "orphan-role",
                        format!(
                            "`{}` is not on any career path: it has no next_roles and no role lists it in theirs",
                            page.slug
                        ),
                    )
                    .help(format!(
                        "add `next_roles:` here, or add `{}` to the next_roles of the roles people come from",
                        page.slug
                    )),
                ));
            }
            Kind::Setting | Kind::Certification if r.roles.is_empty() => {
                let (code, key) = if page.kind == Kind::Setting {
                    ("unused-setting", "settings")
                } else {
                    ("unused-certification", "certifications")
                };
                out.push(at_key(
                    src,
                    "title",
                    Diagnostic::warning(
                        code,
                        format!("no role lists the {} `{}`", page.kind.name(), page.slug),
                    )
                    .help(format!(
                        "add `{}` to the `{key}` of the roles it belongs to, or remove the page",
                        page.slug
                    )),
                ));
            }
            _ => {}
        }
    }
    out
}

/// Pages without a summary (shown on cards, in lists and in search results).
fn summary_checks(site: &Site) -> Vec<Diagnostic> {
    site.pages
        .iter()
        .filter(|p| !p.generated)
        .filter(|p| p.common.summary.as_deref().is_none_or(|s| s.trim().is_empty()))
        .map(|p| {
            at_key(
                &p.source,
                "title",
                Diagnostic::warning("missing-summary", "this page has no summary").help(
                    "add `summary:` with one or two sentences; it is shown on cards, in lists and in search results",
                ),
            )
        })
        .collect()
}

/// `<script>` elements and `on…=` event-handler attributes in raw HTML: allowed by the build
/// (`allow_raw_html`), but they run code on readers' machines and a Content-Security-Policy
/// will block them.
pub fn raw_html_checks(src: &SourceFile, html: &crate::markdown::RawHtml) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let lower = html.html.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let at = |d: Diagnostic, rel: usize, len: usize| {
        d.in_file(src.display.clone())
            .at_offset(&src.text, html.offset + rel, len)
    };
    let mut search = 0;
    while let Some(pos) = lower[search..].find("<script") {
        let start = search + pos;
        let next = bytes.get(start + 7).copied();
        if next.is_none_or(|b| b.is_ascii_whitespace() || b == b'>' || b == b'/') {
            out.push(at(
                Diagnostic::warning("raw-script", "a <script> element in the page's Markdown")
                    .help("remove it: scripts belong in the theme's assets (themes/<name>/static/), where the site's Content-Security-Policy allows them"),
                start,
                7,
            ));
        }
        search = start + 7;
    }
    // `on…=` attributes: inside a tag (after a `<` not yet closed by `>`), outside quoted
    // values, preceded by whitespace or `/`.
    let mut in_tag = false;
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(q) = quote {
            if bytes[i] == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        match bytes[i] {
            b'<' => in_tag = true,
            b'>' => in_tag = false,
            b'"' | b'\'' if in_tag => quote = Some(bytes[i]),
            b'o' if in_tag
                && i > 0
                && matches!(bytes[i - 1], b' ' | b'\t' | b'\n' | b'\r' | b'/')
                && bytes.get(i + 1) == Some(&b'n') =>
            {
                let name_end = (i + 2..bytes.len())
                    .find(|&j| !bytes[j].is_ascii_alphabetic())
                    .unwrap_or(bytes.len());
                let after = lower[name_end..].trim_start();
                if name_end > i + 2 && after.starts_with('=') {
                    let name = &html.html[i..name_end];
                    out.push(at(
                        Diagnostic::warning(
                            "raw-event-handler",
                            format!("the `{name}=` attribute runs JavaScript"),
                        )
                        .help("remove the attribute: inline event handlers are blocked by a Content-Security-Policy and run code on readers' machines"),
                        i,
                        name_end - i,
                    ));
                }
                i = name_end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// Every link to another site: from Markdown, from `sources` and from `issuer_url`.
fn external_uses(
    site: &Site,
    markdown_links: &[(usize, crate::markdown::ExternalLink)],
) -> Vec<ExternalUse> {
    let mut out = Vec::new();
    for (i, page) in site.pages.iter().enumerate() {
        if page.generated {
            continue;
        }
        let src = &page.source;
        let stub = || Diagnostic::warning("external-link", "").in_file(src.display.clone());
        let yaml_start = src.front_matter.start;
        let mut from_yaml = |url: &str| {
            let at = match src.yaml().find(url) {
                Some(pos) => stub().at_offset(&src.text, yaml_start + pos, url.len()),
                None => at_key(src, "sources", stub()),
            };
            out.push(ExternalUse {
                url: url.to_string(),
                at,
            });
        };
        for s in &page.common.sources {
            if let Some(url) = &s.url {
                from_yaml(url.trim());
            }
        }
        if let Facts::Certification(c) = &page.facts
            && let Some(url) = &c.issuer_url
        {
            from_yaml(url.value.trim());
        }
        for (_, link) in markdown_links.iter().filter(|(j, _)| *j == i) {
            out.push(ExternalUse {
                url: link.url.clone(),
                at: stub().at_offset(&src.text, link.offset, link.len),
            });
        }
    }
    out
}

/// Warnings for links whose visit failed, at every place the link is used.
fn external_diagnostics(
    uses: &[ExternalUse],
    outcomes: &BTreeMap<String, Outcome>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for u in uses {
        let (code, message, help) = match outcomes.get(&u.url) {
            Some(Outcome::Broken(code)) => (
                "external-link-broken",
                format!("{} answered {}", u.url, external::status_text(*code)),
                "find the page's new address, link to an archived copy, or remove the link",
            ),
            Some(Outcome::Unreachable(why)) => (
                "external-link-unreachable",
                format!("{} could not be reached: {why}", u.url),
                "check the address; if the site is only down for now, check again later",
            ),
            _ => continue,
        };
        let mut d = u.at.clone();
        d.code = code;
        d.message = message;
        d.help = Some(help.to_string());
        out.push(d);
    }
    out
}

/// The JSON form of the diagnostics, for `--format json`.
pub fn to_json(diagnostics: &[Diagnostic]) -> String {
    serde_json::to_string_pretty(diagnostics).unwrap_or_else(|_| "[]".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::RawHtml;

    fn html_codes(html: &str) -> Vec<(&'static str, usize)> {
        let text = format!("---\ntitle: x\n---\n{html}\n");
        let src =
            crate::load::split_page(text, PathBuf::from("content/a.md"), "a.md".into()).unwrap();
        let offset = src.body.start;
        raw_html_checks(
            &src,
            &RawHtml {
                html: html.to_string(),
                offset,
            },
        )
        .into_iter()
        .map(|d| (d.code, d.column))
        .collect()
    }

    #[test]
    fn scripts_and_event_handlers_are_found_in_raw_html() {
        assert_eq!(
            html_codes("<SCRIPT src=x.js></SCRIPT>"),
            [("raw-script", 1)]
        );
        assert_eq!(
            html_codes(r#"<img src="a.png" onerror="alert(1)">"#),
            [("raw-event-handler", 18)]
        );
        assert_eq!(
            html_codes(r#"<a href="x" title="x onclick=y">on=</a>"#),
            [],
            "text and attribute values are not attributes"
        );
        assert_eq!(html_codes("<scripts>"), []);
        assert_eq!(html_codes("<div/onclick=go()>"), [("raw-event-handler", 6)]);
    }
}
