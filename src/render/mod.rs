//! Render: Markdown bodies and Tera templates to the files of the site.
//!
//! Pages render in parallel (rayon) on one shared Tera instance: for each page the body goes
//! through `markdown`, its view model is built (`view`), the kind's template is rendered and
//! the HTML is handed straight to the output staging folder, so memory stays flat however large
//! the site. Each page also yields its search document and the anchors it defines; `#anchor`
//! links are checked once every page is known. List, taxonomy, feed and sitemap files are
//! rendered after the pages.

pub mod jsonld;
pub mod view;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::link::Site;
use crate::markdown::{self, LinkResolver};
use crate::model::{Kind, Level};
use crate::output::Staging;
use crate::search::SearchDoc;
use crate::theme::{Origin, Theme};

use view::{Card, Link};

/// What rendering produced besides the files.
#[derive(Debug, Default)]
pub struct RenderReport {
    pub diagnostics: Vec<Diagnostic>,
    pub search_docs: Vec<SearchDoc>,
    pub files: usize,
    /// Links to other sites and raw HTML, by page index, for `check`.
    pub external_links: Vec<(usize, markdown::ExternalLink)>,
    pub raw_html: Vec<(usize, markdown::RawHtml)>,
}

/// The site-wide values every template sees as `site`.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub language: String,
    pub base_url: String,
    pub base_path: String,
    pub nav: Vec<Link>,
    pub areas: Vec<view::TermSummary>,
    pub levels: Vec<view::TermSummary>,
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// Changes whenever the theme's assets change, for cache-busting and the service worker.
    pub asset_version: String,
    pub generator: String,
    pub has_search: bool,
}

/// Sets up Tera with the theme's templates. Template syntax errors come back as diagnostics.
pub fn setup_tera(theme: &Theme) -> Result<tera::Tera, Vec<Diagnostic>> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html", ".xml", ".htm"]);
    let templates: Vec<(String, String)> = theme
        .templates
        .iter()
        .map(|(n, (t, _))| (n.clone(), t.clone()))
        .collect();
    tera.add_raw_templates(templates)
        .map_err(|e| vec![tera_diagnostic(&e, theme)])?;
    Ok(tera)
}

/// Turns a Tera error into a diagnostic pointing into the template file.
pub fn tera_diagnostic(err: &tera::Error, theme: &Theme) -> Diagnostic {
    match err.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let name = report.filename();
            let (shown, source): (PathBuf, Option<&str>) = match theme.templates.get(name) {
                Some((text, Origin::File(p))) => (p.clone(), Some(text.as_str())),
                Some((text, Origin::Embedded)) => (
                    PathBuf::from(format!("(built-in theme) templates/{name}")),
                    Some(text.as_str()),
                ),
                None => (PathBuf::from(format!("templates/{name}")), None),
            };
            let span = report.span();
            let code = if matches!(err.kind(), tera::ErrorKind::SyntaxError(_)) {
                "template-syntax"
            } else {
                "template-render"
            };
            let mut d = Diagnostic::error(code, report.message().to_string()).in_file(shown);
            if let Some(text) = source {
                let width = if span.end_line == span.start_line {
                    span.end_col.saturating_sub(span.start_col).max(1)
                } else {
                    1
                };
                d = d.at(text, span.start_line.max(1), span.start_col + 1, width);
            }
            let help = if report.message().contains("not defined")
                || report.message().contains("not found")
            {
                "check the variable's name against the view model in docs/themes.md; use `x?.y` or `{% if x %}` for values that may be missing"
            } else {
                "fix the template syntax at this point"
            };
            d.help(help)
        }
        other => {
            Diagnostic::error("template", other.to_string()).help("check the theme's templates")
        }
    }
}

/// The relative way from a page's folder back to the site root.
pub fn root_for(path: &str) -> String {
    let depth = path.matches('/').count();
    if depth == 0 {
        "./".to_string()
    } else {
        "../".repeat(depth)
    }
}

struct SiteLinks<'a> {
    site: &'a Site,
    drafts: &'a HashSet<String>,
    assets: &'a HashSet<String>,
}

impl LinkResolver for SiteLinks<'_> {
    fn page_path(&self, content_path: &str) -> Option<String> {
        self.site
            .by_content_path
            .get(content_path)
            .map(|&i| self.site.pages[i].path.clone())
            .or_else(|| {
                // A folder's section page may be generated (no _index.md written).
                let folder = content_path.strip_suffix("_index.md")?;
                self.site
                    .by_path
                    .get(folder)
                    .map(|&i| self.site.pages[i].path.clone())
            })
    }
    fn is_draft(&self, content_path: &str) -> bool {
        self.drafts.contains(content_path)
    }
    fn asset_exists(&self, content_path: &str) -> bool {
        self.assets.contains(content_path)
    }
    fn suggest(&self, content_path: &str) -> Option<String> {
        let prefixed: Vec<String> = self
            .site
            .by_content_path
            .keys()
            .map(|k| format!("@/{k}"))
            .collect();
        crate::diagnostics::did_you_mean(&format!("@/{content_path}"), &prefixed)
    }
}

/// Checks the links in every page's Markdown without rendering templates: used when earlier
/// stages found errors, so that link problems are reported in the same run.
pub fn check_markdown(
    site: &Site,
    draft_paths: &HashSet<String>,
    static_paths: &HashSet<String>,
) -> Vec<Diagnostic> {
    let mut asset_paths: HashSet<String> =
        site.assets.iter().map(|a| a.content_path.clone()).collect();
    asset_paths.extend(static_paths.iter().cloned());
    let links = SiteLinks {
        site,
        drafts: draft_paths,
        assets: &asset_paths,
    };
    site.pages
        .par_iter()
        .flat_map_iter(|page| {
            markdown::render(
                &page.source,
                &root_for(&page.path),
                site.config.allow_raw_html,
                &links,
            )
            .diagnostics
        })
        .collect()
}

/// Per-page results gathered from the parallel loop.
struct PageResult {
    diagnostics: Vec<Diagnostic>,
    search: Option<SearchDoc>,
    ids: (String, HashSet<String>),
    anchors: Vec<(usize, markdown::AnchorLink)>,
    external_links: Vec<markdown::ExternalLink>,
    raw_html: Vec<markdown::RawHtml>,
}

/// Renders every file of the site into `staging`.
pub fn render_site(
    site: &Site,
    theme: &Theme,
    tera: &tera::Tera,
    staging: &Staging,
    draft_paths: &HashSet<String>,
    static_paths: &HashSet<String>,
) -> RenderReport {
    let cards = view::cards(site);
    let mut tera = tera.clone();
    let site_view = site_view(site, theme);
    tera.global_context().insert("site", &site_view);
    let mut asset_paths: HashSet<String> =
        site.assets.iter().map(|a| a.content_path.clone()).collect();
    asset_paths.extend(static_paths.iter().cloned());
    let links = SiteLinks {
        site,
        drafts: draft_paths,
        assets: &asset_paths,
    };

    let results: Vec<PageResult> = (0..site.pages.len())
        .into_par_iter()
        .map(|i| render_page(site, &tera, theme, &cards, &links, staging, i))
        .collect();

    let mut report = RenderReport::default();
    let mut ids: HashMap<String, HashSet<String>> = HashMap::with_capacity(results.len());
    let mut anchors = Vec::new();
    for (i, r) in results.into_iter().enumerate() {
        report
            .external_links
            .extend(r.external_links.into_iter().map(|l| (i, l)));
        report
            .raw_html
            .extend(r.raw_html.into_iter().map(|h| (i, h)));
        report.diagnostics.extend(r.diagnostics);
        report.search_docs.extend(r.search);
        ids.insert(r.ids.0, r.ids.1);
        anchors.extend(r.anchors);
    }
    report.files += site.pages.len();

    // `#anchor` links to other pages, now that every page's ids are known.
    for (i, link) in anchors {
        let known = ids
            .get(&link.target)
            .is_some_and(|set| set.contains(&link.anchor));
        if !known {
            let src = &site.pages[i].source;
            let mut candidates: Vec<&str> = ids
                .get(&link.target)
                .map(|s| s.iter().map(String::as_str).collect())
                .unwrap_or_default();
            candidates.sort_unstable();
            let help =
                crate::diagnostics::did_you_mean(&link.anchor, &candidates).unwrap_or_else(|| {
                    format!(
                        "the anchors on /{} are: {}",
                        link.target,
                        candidates.join(", ")
                    )
                });
            report.diagnostics.push(
                Diagnostic::error(
                    "broken-anchor",
                    format!("no `#{}` on /{}", link.anchor, link.target),
                )
                .in_file(src.display.clone())
                .at_offset(&src.text, link.offset, link.len)
                .help(help),
            );
        }
    }

    // Taxonomies, the A–Z index, 404, feeds, sitemap, robots and the theme's static files.
    let mut extra_files = Vec::new();
    render_taxonomies(
        site,
        &tera,
        theme,
        &cards,
        staging,
        &mut report,
        &mut extra_files,
    );
    render_special(
        site,
        &tera,
        theme,
        &cards,
        staging,
        &mut report,
        &mut extra_files,
    );
    for (name, (bytes, _)) in &theme.statics {
        write(staging, name, bytes, &mut report);
    }
    for asset in &site.assets {
        match std::fs::read(&asset.source) {
            Ok(bytes) => write(staging, &asset.content_path, &bytes, &mut report),
            Err(e) => report.diagnostics.push(
                Diagnostic::error("unreadable", format!("cannot read this file: {e}"))
                    .in_file(PathBuf::from("content").join(&asset.content_path)),
            ),
        }
    }
    render_sitemap(site, &tera, theme, staging, &extra_files, &mut report);
    report
}

fn site_view(site: &Site, theme: &Theme) -> SiteView {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for (name, (bytes, _)) in &theme.statics {
        name.hash(&mut h);
        bytes.hash(&mut h);
    }
    let order = |p: &crate::model::Page| -> (usize, i64, String) {
        let kind_rank = match p.lists {
            Some(Kind::Role) => 0,
            Some(Kind::Pathway) => 1,
            Some(Kind::Certification) => 2,
            Some(Kind::Education) => 3,
            Some(Kind::Setting) => 4,
            _ => 5,
        };
        (
            kind_rank,
            p.common.weight.unwrap_or(0),
            p.common.title.to_lowercase(),
        )
    };
    let mut top: Vec<&crate::model::Page> = site
        .pages
        .iter()
        .filter(|p| p.kind == Kind::Section && p.parent.as_deref() == Some(""))
        .collect();
    top.sort_by_key(|p| order(p));
    SiteView {
        title: site.config.title.clone(),
        description: site.config.description.clone(),
        language: site.config.language.clone(),
        base_url: site.config.base_url.clone(),
        base_path: site.config.base_path.clone(),
        nav: top
            .iter()
            .map(|p| Link {
                title: p.common.title.clone(),
                path: p.path.clone(),
            })
            .collect(),
        areas: view::term_summaries(&site.taxonomies.areas),
        levels: view::term_summaries(&site.taxonomies.levels),
        extra: site.config.extra.clone(),
        asset_version: format!("{:08x}", h.finish() as u32),
        generator: format!("careerguide {}", env!("CARGO_PKG_VERSION")),
        has_search: true,
    }
}

fn template_for(page: &crate::model::Page) -> &'static str {
    match page.kind {
        Kind::Home => "home.html",
        Kind::Section => "section.html",
        Kind::Article => "article.html",
        Kind::Role => "role.html",
        Kind::Setting => "setting.html",
        Kind::Certification => "certification.html",
        Kind::Education => "education.html",
        Kind::Pathway => "pathway.html",
    }
}

fn render_page(
    site: &Site,
    tera: &tera::Tera,
    theme: &Theme,
    cards: &[Card],
    links: &SiteLinks,
    staging: &Staging,
    i: usize,
) -> PageResult {
    let page = &site.pages[i];
    let root = root_for(&page.path);
    let md = markdown::render(&page.source, &root, site.config.allow_raw_html, links);
    let mut diagnostics = md.diagnostics.clone();
    let mut ctx = tera::Context::new();
    ctx.insert("root", &root);
    ctx.insert("page", &view::page_view(site, page, &md));
    ctx.insert_value(
        "jsonld",
        tera::Value::safe_string(&jsonld::page_jsonld(site, i)),
    );
    let kind_value = view::kind_view(site, cards, i);
    for kind in [
        Kind::Role,
        Kind::Setting,
        Kind::Certification,
        Kind::Education,
        Kind::Pathway,
    ] {
        if page.kind == kind {
            ctx.insert(kind.name(), &kind_value);
        } else {
            ctx.insert(kind.name(), &serde_json::Value::Null);
        }
    }
    match page.kind {
        Kind::Section => ctx.insert("section", &view::section_view(site, cards, i)),
        _ => ctx.insert("section", &serde_json::Value::Null),
    }
    if page.kind == Kind::Home {
        ctx.insert("home", &home_view(site, cards));
    } else {
        ctx.insert("home", &serde_json::Value::Null);
    }
    let mut ids = HashSet::new();
    match tera.render(template_for(page), &ctx) {
        Ok(html) => {
            collect_ids(&html, &mut ids);
            if let Err(e) = staging.write(&format!("{}index.html", page.path), html.as_bytes()) {
                diagnostics.push(Diagnostic::error(
                    "write",
                    format!("cannot write /{}index.html: {e}", page.path),
                ));
            }
        }
        Err(e) => diagnostics.push(
            tera_diagnostic(&e, theme)
                .label(format!("while rendering {}", page.source.display.display())),
        ),
    }
    let search = Some(crate::search::document(site, i, &md));
    let anchors = md.anchor_links.into_iter().map(|a| (i, a)).collect();
    PageResult {
        diagnostics,
        search,
        ids: (page.path.clone(), ids),
        anchors,
        external_links: md.external_links,
        raw_html: md.raw_html,
    }
}

/// Collects `id="…"` values from rendered HTML.
fn collect_ids(html: &str, ids: &mut HashSet<String>) {
    let mut rest = html;
    while let Some(pos) = rest.find(" id=\"") {
        rest = &rest[pos + 5..];
        if let Some(end) = rest.find('"') {
            ids.insert(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
}

#[derive(Serialize)]
struct HomeView {
    levels: Vec<view::Group>,
    areas: Vec<view::Group>,
    sections: Vec<Card>,
    counts: Vec<(String, usize, String)>,
}

fn home_view(site: &Site, cards: &[Card]) -> HomeView {
    let levels = site
        .taxonomies
        .levels
        .iter()
        .filter(|t| !t.pages.is_empty())
        .map(|t| view::Group {
            title: t.title.clone(),
            path: Some(t.path.clone()),
            summary: None,
            cards: view::pick(cards, &t.pages),
        })
        .collect();
    let areas = site
        .taxonomies
        .areas
        .iter()
        .filter(|t| !t.pages.is_empty())
        .map(|t| view::Group {
            title: t.title.clone(),
            path: Some(t.path.clone()),
            summary: t.summary.clone(),
            cards: view::pick(cards, &t.pages),
        })
        .collect();
    let sections: Vec<Card> = site.relations[site.by_path.get("").copied().unwrap_or(0)]
        .subsections
        .iter()
        .map(|&i| cards[i].clone())
        .collect();
    let mut counts = Vec::new();
    for kind in [
        Kind::Role,
        Kind::Setting,
        Kind::Certification,
        Kind::Education,
        Kind::Pathway,
    ] {
        let n = site.pages.iter().filter(|p| p.kind == kind).count();
        if n > 0 {
            counts.push((
                kind.plural_label().to_string(),
                n,
                format!("{}/", kind.folder().unwrap_or("")),
            ));
        }
    }
    HomeView {
        levels,
        areas,
        sections,
        counts,
    }
}

fn write(staging: &Staging, rel: &str, bytes: &[u8], report: &mut RenderReport) {
    match staging.write(rel, bytes) {
        Ok(()) => report.files += 1,
        Err(e) => report.diagnostics.push(Diagnostic::error(
            "write",
            format!("cannot write /{rel}: {e}"),
        )),
    }
}

/// Renders a template outside the page loop (lists, feeds) and writes it.
#[allow(clippy::too_many_arguments)]
fn render_to(
    tera: &tera::Tera,
    theme: &Theme,
    template: &str,
    ctx: &tera::Context,
    staging: &Staging,
    rel: &str,
    report: &mut RenderReport,
) {
    match tera.render(template, ctx) {
        Ok(text) => write(staging, rel, text.as_bytes(), report),
        Err(e) => report.diagnostics.push(tera_diagnostic(&e, theme)),
    }
}

fn base_context(site: &Site, path: &str, title: &str, description: &str) -> tera::Context {
    let mut ctx = tera::Context::new();
    ctx.insert("root", &root_for(path));
    let crumbs = {
        let mut c = vec![Link {
            title: "Home".into(),
            path: String::new(),
        }];
        let mut acc = String::new();
        let parts: Vec<&str> = path
            .trim_end_matches('/')
            .split('/')
            .filter(|s| !s.is_empty())
            .collect();
        for (n, part) in parts.iter().enumerate() {
            acc.push_str(part);
            acc.push('/');
            let t = if n + 1 == parts.len() {
                title.to_string()
            } else {
                taxonomy_label(part).to_string()
            };
            c.push(Link {
                title: t,
                path: acc.clone(),
            });
        }
        c
    };
    let page = view::PageView {
        kind: "list",
        kind_label: "List",
        title: title.to_string(),
        description: description.to_string(),
        summary: None,
        path: path.to_string(),
        permalink: site.config.absolute(path),
        content: String::new(),
        toc: Vec::new(),
        updated: None,
        tags: Vec::new(),
        sources: Vec::new(),
        extra: serde_json::Map::new(),
        breadcrumbs: crumbs,
    };
    ctx.insert("page", &page);
    ctx.insert_value("jsonld", tera::Value::safe_string(""));
    ctx
}

fn taxonomy_label(slug: &str) -> &'static str {
    match slug {
        "levels" => "Career levels",
        "areas" => "Career areas",
        "tags" => "Topics",
        _ => "",
    }
}

fn render_taxonomies(
    site: &Site,
    tera: &tera::Tera,
    theme: &Theme,
    cards: &[Card],
    staging: &Staging,
    report: &mut RenderReport,
    files: &mut Vec<String>,
) {
    let taxonomies: [(&'static str, &Vec<crate::link::Term>, &str); 3] = [
        (
            "levels",
            &site.taxonomies.levels,
            "Roles grouped by how far into a career they usually come.",
        ),
        (
            "areas",
            &site.taxonomies.areas,
            "Roles grouped by the kind of work they do.",
        ),
        ("tags", &site.taxonomies.tags, "Pages grouped by topic."),
    ];
    for (name, terms, description) in taxonomies {
        if terms.iter().all(|t| t.pages.is_empty()) {
            continue;
        }
        let label = taxonomy_label(name);
        let path = format!("{name}/");
        let mut ctx = base_context(site, &path, label, description);
        ctx.insert("taxonomy", &serde_json::json!({"name": name, "label": label, "terms": view::term_summaries(terms)}));
        render_to(
            tera,
            theme,
            "taxonomy.html",
            &ctx,
            staging,
            &format!("{path}index.html"),
            report,
        );
        files.push(path.clone());
        for term in terms.iter().filter(|t| !t.pages.is_empty()) {
            let tv = view::term_view(name, label, term, cards);
            let desc = term
                .summary
                .clone()
                .unwrap_or_else(|| format!("{}: {}", label, term.title));
            let mut ctx = base_context(site, &term.path, &term.title, &desc);
            ctx.insert("term", &tv);
            if name == "levels" {
                ctx.insert(
                    "level_rank",
                    &Level::ALL
                        .iter()
                        .position(|l| l.slug() == term.slug)
                        .unwrap_or(0),
                );
            }
            render_to(
                tera,
                theme,
                "term.html",
                &ctx,
                staging,
                &format!("{}index.html", term.path),
                report,
            );
            files.push(term.path.clone());
        }
    }
}

fn render_special(
    site: &Site,
    tera: &tera::Tera,
    theme: &Theme,
    cards: &[Card],
    staging: &Staging,
    report: &mut RenderReport,
    files: &mut Vec<String>,
) {
    // A–Z index of every page: the no-JavaScript fallback of the search box.
    let mut all: Vec<&Card> = cards.iter().filter(|c| c.kind != "home").collect();
    all.sort_by_cached_key(|c| (c.title.to_lowercase(), c.path.clone()));
    let mut letters: Vec<(String, Vec<&Card>)> = Vec::new();
    for c in all {
        let first = c
            .title
            .chars()
            .next()
            .map(|ch| ch.to_uppercase().to_string())
            .unwrap_or_default();
        let letter = if first.chars().all(char::is_alphabetic) {
            first
        } else {
            "#".to_string()
        };
        match letters.last_mut() {
            Some((l, v)) if *l == letter => v.push(c),
            _ => letters.push((letter, vec![c])),
        }
    }
    let mut ctx = base_context(
        site,
        "a-z/",
        "A–Z index",
        "Every page of the guide, in alphabetical order.",
    );
    ctx.insert(
        "letters",
        &letters
            .iter()
            .map(|(l, v)| serde_json::json!({"letter": l, "pages": v}))
            .collect::<Vec<_>>(),
    );
    render_to(
        tera,
        theme,
        "a-z.html",
        &ctx,
        staging,
        "a-z/index.html",
        report,
    );
    files.push("a-z/".into());

    let ctx = base_context(
        site,
        "search/",
        "Search",
        "Search every role, credential, setting and article in the guide.",
    );
    render_to(
        tera,
        theme,
        "search.html",
        &ctx,
        staging,
        "search/index.html",
        report,
    );
    files.push("search/".into());

    // 404 is served at any address, so it links from the site's base path, not relatively.
    let mut ctx = base_context(site, "", "Page not found", "This page does not exist.");
    ctx.insert("root", &site.config.base_path);
    render_to(tera, theme, "404.html", &ctx, staging, "404.html", report);

    // Atom feed of the most recently updated pages.
    let mut updated: Vec<(String, usize)> = site
        .pages
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.common.updated.as_ref().map(|u| (u.value.clone(), i)))
        .collect();
    updated.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| site.pages[a.1].path.cmp(&site.pages[b.1].path))
    });
    let entries: Vec<serde_json::Value> = updated
        .iter()
        .take(30)
        .map(|(date, i)| {
            let p = &site.pages[*i];
            serde_json::json!({
                "title": p.common.title,
                "url": site.config.absolute(&p.path),
                "updated": format!("{date}T00:00:00Z"),
                "summary": p.common.summary.clone().or_else(|| p.common.description.clone()).unwrap_or_default(),
                "kind": p.kind.label(),
            })
        })
        .collect();
    let mut ctx = tera::Context::new();
    ctx.insert("entries", &entries);
    ctx.insert(
        "feed_updated",
        &updated
            .first()
            .map(|(d, _)| format!("{d}T00:00:00Z"))
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".into()),
    );
    render_to(tera, theme, "atom.xml", &ctx, staging, "atom.xml", report);

    let mut ctx = tera::Context::new();
    ctx.insert("sitemap_url", &site.config.absolute("sitemap.xml"));
    render_to(
        tera,
        theme,
        "robots.txt",
        &ctx,
        staging,
        "robots.txt",
        report,
    );
}

/// The sitemap, split into files of 30,000 URLs with an index when the site is larger.
fn render_sitemap(
    site: &Site,
    tera: &tera::Tera,
    theme: &Theme,
    staging: &Staging,
    extra: &[String],
    report: &mut RenderReport,
) {
    const PER_FILE: usize = 30_000;
    let mut urls: Vec<serde_json::Value> = site
        .pages
        .iter()
        .map(|p| serde_json::json!({"loc": site.config.absolute(&p.path), "lastmod": p.common.updated.as_ref().map(|u| u.value.clone())}))
        .collect();
    urls.extend(
        extra
            .iter()
            .map(|path| serde_json::json!({"loc": site.config.absolute(path), "lastmod": null})),
    );
    if urls.len() <= PER_FILE {
        let mut ctx = tera::Context::new();
        ctx.insert("urls", &urls);
        render_to(
            tera,
            theme,
            "sitemap.xml",
            &ctx,
            staging,
            "sitemap.xml",
            report,
        );
        return;
    }
    let mut maps = Vec::new();
    for (n, chunk) in urls.chunks(PER_FILE).enumerate() {
        let name = format!("sitemap{}.xml", n + 1);
        let mut ctx = tera::Context::new();
        ctx.insert("urls", &chunk);
        render_to(tera, theme, "sitemap.xml", &ctx, staging, &name, report);
        maps.push(site.config.absolute(&name));
    }
    let mut ctx = tera::Context::new();
    ctx.insert("sitemaps", &maps);
    render_to(
        tera,
        theme,
        "sitemap_index.xml",
        &ctx,
        staging,
        "sitemap.xml",
        report,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_climbs_one_level_per_folder() {
        assert_eq!(root_for(""), "./");
        assert_eq!(root_for("roles/"), "../");
        assert_eq!(root_for("roles/medical-coder/"), "../../");
    }

    #[test]
    fn ids_are_collected_from_html() {
        let mut ids = HashSet::new();
        collect_ids(
            r#"<h2 id="salary">Pay</h2><section id="next-roles" class="x">"#,
            &mut ids,
        );
        assert!(ids.contains("salary") && ids.contains("next-roles"));
    }
}
