//! Link: resolve references between pages and compute everything that points back.
//!
//! Takes the typed pages from `model` and builds a [`Site`]: every slug a page names is looked
//! up (an unknown one is an error naming the closest existing slugs), back-links are computed
//! once for the whole site (a setting's roles, a role's "comes from", pathways on both their
//! roles), sections get their children, and levels, areas and tags become taxonomy terms.
//! Everything is computed in one pass over the pages, so the cost grows linearly with the site.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::load::{AssetFile, SourceFile};
use crate::model::{Common, Facts, Kind, Level, Located, Page, at_key, at_value};

/// Everything a page is connected to, by index into [`Site::pages`].
#[derive(Debug, Clone, Default)]
pub struct Relations {
    /// Role: its education page; certification: the education it needs.
    pub education: Option<usize>,
    pub settings: Vec<usize>,
    pub certifications: Vec<usize>,
    pub next_roles: Vec<usize>,
    /// Role: index into the site's areas.
    pub area: Option<usize>,
    /// Role: roles that list this one in `next_roles`.
    pub comes_from: Vec<usize>,
    /// Role: pathways starting here / ending here.
    pub pathways_out: Vec<usize>,
    pub pathways_in: Vec<usize>,
    /// Setting, certification, education: roles that name this page.
    pub roles: Vec<usize>,
    /// Education: certifications that name this education.
    pub certifications_needing: Vec<usize>,
    /// Pathway: its two roles.
    pub from: Option<usize>,
    pub to: Option<usize>,
    /// Section: the pages it lists, sorted.
    pub children: Vec<usize>,
    /// Section: its subsections, sorted.
    pub subsections: Vec<usize>,
    /// Article: the roles its self-assessment gives points to.
    pub assessment_roles: Vec<usize>,
}

/// A taxonomy term (a level, an area or a tag) and the pages under it.
#[derive(Debug, Clone)]
pub struct Term {
    pub slug: String,
    pub title: String,
    pub summary: Option<String>,
    /// Site path of its list page: `levels/entry/`.
    pub path: String,
    pub pages: Vec<usize>,
}

/// The three taxonomies.
#[derive(Debug, Clone, Default)]
pub struct Taxonomies {
    pub levels: Vec<Term>,
    pub areas: Vec<Term>,
    pub tags: Vec<Term>,
}

/// A page's number by one of its names (path, content path, kind and slug). A [`FastMap`]:
/// the standard SipHash was a large part of linking a large guide.
pub type Lookup<K> = crate::FastMap<K, usize>;

/// The whole guide, resolved.
#[derive(Debug)]
pub struct Site {
    pub config: SiteConfig,
    pub pages: Vec<Page>,
    pub relations: Vec<Relations>,
    pub by_path: Lookup<String>,
    pub by_content_path: Lookup<String>,
    pub by_slug: Lookup<(Kind, String)>,
    pub taxonomies: Taxonomies,
    pub assets: Vec<AssetFile>,
    /// Whether drafts were included.
    pub drafts: bool,
    /// Drafts left out of this build, kept so the pages can be linked again (`serve`).
    pub excluded_drafts: Vec<Page>,
    /// The wage tables roles use (`data/wages/`), set by `pipeline::load_site`.
    pub wages: crate::wages::Wages,
    /// `data/associations.yaml`, set by `pipeline::attach_data` (read by `associations`).
    pub associations: Vec<crate::model::Association>,
}

impl Site {
    /// The pages the site was linked from (generated sections dropped, excluded drafts back),
    /// to link again after a change.
    pub fn into_pages(self) -> (SiteConfig, Vec<Page>, Vec<AssetFile>) {
        let mut pages: Vec<Page> = self.pages.into_iter().filter(|p| !p.generated).collect();
        pages.extend(self.excluded_drafts);
        (self.config, pages, self.assets)
    }

    pub fn page(&self, kind: Kind, slug: &str) -> Option<&Page> {
        self.by_slug
            .get(&(kind, slug.to_string()))
            .map(|&i| &self.pages[i])
    }

    /// Indices of every page of a kind, in list order.
    pub fn of_kind(&self, kind: Kind) -> Vec<usize> {
        let mut v: Vec<usize> = (0..self.pages.len())
            .filter(|&i| self.pages[i].kind == kind)
            .collect();
        v.sort_by_cached_key(|&i| self.pages[i].sort_key());
        v
    }
}

/// Builds the site from parsed pages. Drafts are dropped unless `drafts`; a reference to a
/// dropped draft is an error.
/// `unparsed` names pages whose files exist but could not be read or typed (their own errors
/// are already reported), so references to them are not reported a second time.
///
/// The site is returned even when there are errors, so later checks (links in Markdown) can
/// still run and report their problems in the same run.
pub fn link(
    config: SiteConfig,
    pages: Vec<Page>,
    assets: Vec<AssetFile>,
    drafts: bool,
    unparsed: &HashSet<(Kind, String)>,
) -> (Site, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let (mut pages, excluded_drafts) = if drafts {
        (pages, Vec::new())
    } else {
        pages.into_iter().partition(|p| !p.common.draft)
    };
    pages.sort_by(|a, b| a.source.content_path.cmp(&b.source.content_path));
    add_generated_sections(&config, &mut pages);
    let lookups = Lookups::of(&pages, &mut diags);
    let resolver = Resolver {
        by_slug: &lookups.by_slug,
        unparsed,
        drafts: excluded_drafts
            .iter()
            .map(|p| (p.kind, p.slug.clone()))
            .collect(),
    };
    let mut rel = vec![Relations::default(); pages.len()];
    let free_areas = resolve_references(&config, &pages, &resolver, &mut rel, &mut diags);
    add_back_links(&pages, &mut rel, &mut diags);
    let rank = sort_relations(&pages, &lookups.by_path, &mut rel);
    check_cycles(&pages, &rel, &mut diags);
    let taxonomies = build_taxonomies(&config, &pages, &rel, &rank, free_areas);
    (
        Site {
            config,
            pages,
            relations: rel,
            by_path: lookups.by_path,
            by_content_path: lookups.by_content_path,
            by_slug: lookups.by_slug,
            taxonomies,
            assets,
            drafts,
            excluded_drafts,
            wages: Default::default(),
            associations: Vec::new(),
        },
        diags,
    )
}

/// The site's indexes by path, slug and content path.
struct Lookups {
    by_path: Lookup<String>,
    by_slug: Lookup<(Kind, String)>,
    by_content_path: Lookup<String>,
}

impl Lookups {
    /// Indexes `pages`, reporting duplicate slugs and paths (the later page is left out of
    /// the index).
    fn of(pages: &[Page], diags: &mut Vec<Diagnostic>) -> Lookups {
        let mut by_path: Lookup<String> =
            Lookup::with_capacity_and_hasher(pages.len(), Default::default());
        let mut by_slug: Lookup<(Kind, String)> =
            Lookup::with_capacity_and_hasher(pages.len(), Default::default());
        let mut by_content_path: Lookup<String> =
            Lookup::with_capacity_and_hasher(pages.len(), Default::default());
        for (i, p) in pages.iter().enumerate() {
            if !p.generated {
                by_content_path.insert(p.source.content_path.clone(), i);
            }
            let is_kind = matches!(
                p.kind,
                Kind::Role | Kind::Setting | Kind::Certification | Kind::Education | Kind::Pathway
            );
            if is_kind && let Some(&j) = by_slug.get(&(p.kind, p.slug.clone())) {
                diags.push(
                    Diagnostic::error("duplicate-slug", format!("two {}s are called `{}`", p.kind, p.slug))
                        .in_file(p.source.display.clone())
                        .help(format!(
                            "{} has the same file name; slugs must be unique within content/{}/, subfolders included",
                            pages[j].source.display.display(),
                            p.kind.folder().unwrap_or("")
                        )),
                );
                continue;
            }
            if let Some(&j) = by_path.get(&p.path) {
                diags.push(
                    Diagnostic::error(
                        "duplicate-path",
                        format!("two pages would be written to /{}", p.path),
                    )
                    .in_file(p.source.display.clone())
                    .help(format!(
                        "{} has the same address; rename one of them",
                        pages[j].source.display.display()
                    )),
                );
                continue;
            }
            by_path.insert(p.path.clone(), i);
            if is_kind {
                by_slug.insert((p.kind, p.slug.clone()), i);
            }
        }
        Lookups {
            by_path,
            by_slug,
            by_content_path,
        }
    }
}

/// Finds the pages that references name.
struct Resolver<'a> {
    by_slug: &'a Lookup<(Kind, String)>,
    /// Pages whose files could not be read or typed: their own errors are reported already.
    unparsed: &'a HashSet<(Kind, String)>,
    /// Drafts left out of this build.
    drafts: HashSet<(Kind, String)>,
}

impl Resolver<'_> {
    /// The page of `kind` that `wanted` (in `key` of `src`) names, or a diagnostic saying why
    /// there is none.
    fn resolve(
        &self,
        kind: Kind,
        wanted: &Located<String>,
        src: &SourceFile,
        key: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<usize> {
        let (by_slug, unparsed, draft_slugs) = (self.by_slug, self.unparsed, &self.drafts);
        if let Some(&i) = by_slug.get(&(kind, wanted.value.clone())) {
            return Some(i);
        }
        let folder = kind.folder().unwrap_or("");
        if unparsed.contains(&(kind, wanted.value.clone())) {
            return None;
        }
        let d = if draft_slugs.contains(&(kind, wanted.value.clone())) {
            Diagnostic::error("draft-reference", format!("`{}` is a draft, left out of this build", wanted.value))
                    .help(format!("remove it from `{key}`, publish content/{folder}/{}.md (draft: false), or build with --drafts", wanted.value))
        } else {
            let candidates = by_slug
                .keys()
                .filter(|(k, _)| *k == kind)
                .map(|(_, s)| s.as_str());
            let hint = did_you_mean(&wanted.value, candidates);
            let help = match hint {
                Some(h) => format!(
                    "{h} Each name in `{key}` is the file name of a page in content/{folder}/."
                ),
                None => format!(
                    "create content/{folder}/{}.md, or fix the name: each name in `{key}` is the file name of a page in content/{folder}/",
                    wanted.value
                ),
            };
            Diagnostic::error(
                "unknown-reference",
                format!("no {} called `{}`", kind.name(), wanted.value),
            )
            .label(format!("not found in content/{folder}/"))
            .help(help)
        };
        diags.push(at_value(src, wanted, d, wanted.value.chars().count()));
        None
    }
}

/// Resolves each page's references (forward links) into `rel`. Returns the roles of each
/// free-form area, when `site.yaml` lists no areas.
fn resolve_references(
    config: &SiteConfig,
    pages: &[Page],
    resolver: &Resolver,
    rel: &mut [Relations],
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Vec<usize>> {
    let area_index: HashMap<&str, usize> = config
        .areas
        .iter()
        .enumerate()
        .map(|(i, a)| (a.slug.as_str(), i))
        .collect();
    let mut free_areas: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let resolve = |kind, wanted, src, key, diags: &mut Vec<Diagnostic>| {
        resolver.resolve(kind, wanted, src, key, diags)
    };
    for (i, p) in pages.iter().enumerate() {
        let src = &p.source;
        // A required key left out for a problem (or missing) holds a stand-in: not a reference.
        let stand_in = |key: &str| p.left_out.iter().any(|k| k == key);
        match &p.facts {
            Facts::Role(role) => {
                if !stand_in("education") {
                    rel[i].education =
                        resolve(Kind::Education, &role.education, src, "education", diags);
                }
                rel[i].settings = role
                    .settings
                    .iter()
                    .filter_map(|s| resolve(Kind::Setting, s, src, "settings", diags))
                    .collect();
                rel[i].certifications = role
                    .certifications
                    .iter()
                    .filter_map(|s| resolve(Kind::Certification, s, src, "certifications", diags))
                    .collect();
                rel[i].next_roles = role
                    .next_roles
                    .iter()
                    .filter(|s| s.value != p.slug)
                    .filter_map(|s| resolve(Kind::Role, s, src, "next_roles", diags))
                    .collect();
                if let Some(area) = &role.area {
                    if config.areas.is_empty() {
                        free_areas.entry(area.value.clone()).or_default().push(i);
                    } else if let Some(&a) = area_index.get(area.value.as_str()) {
                        rel[i].area = Some(a);
                    } else {
                        let slugs: Vec<&str> =
                            config.areas.iter().map(|a| a.slug.as_str()).collect();
                        let help = did_you_mean(&area.value, &slugs)
                            .map(|h| format!("{h} Areas are listed under `areas:` in site.yaml."))
                            .unwrap_or_else(|| {
                                format!("use one of the areas in site.yaml: {}", slugs.join(", "))
                            });
                        diags.push(at_value(
                            src,
                            area,
                            Diagnostic::error(
                                "unknown-area",
                                format!("no career area called `{}`", area.value),
                            )
                            .help(help),
                            area.value.chars().count(),
                        ));
                    }
                }
            }
            Facts::Certification(cert) => {
                if let Some(e) = &cert.education {
                    rel[i].education = resolve(Kind::Education, e, src, "education", diags);
                }
            }
            Facts::Pathway(pw) => {
                if !stand_in("from") {
                    rel[i].from = resolve(Kind::Role, &pw.from, src, "from", diags);
                }
                if !stand_in("to") {
                    rel[i].to = resolve(Kind::Role, &pw.to, src, "to", diags);
                }
            }
            Facts::Article(article) => {
                if let Some(a) = &article.assessment {
                    let mut roles: Vec<usize> = a
                        .questions
                        .iter()
                        .flat_map(|q| q.answers.iter())
                        .flat_map(|ans| ans.roles.0.iter())
                        .filter_map(|(role, _)| resolve(Kind::Role, role, src, "roles", diags))
                        .collect();
                    roles.sort_unstable();
                    roles.dedup();
                    rel[i].assessment_roles = roles;
                }
            }
            _ => {}
        }
    }
    free_areas
}

/// Back-links, computed once from the forward links; a pathway whose `from` role does not
/// list its `to` role in `next_roles` is warned about.
fn add_back_links(pages: &[Page], rel: &mut [Relations], diags: &mut Vec<Diagnostic>) {
    for i in 0..pages.len() {
        let r = rel[i].clone();
        match pages[i].kind {
            Kind::Role => {
                if let Some(e) = r.education {
                    rel[e].roles.push(i);
                }
                for s in r.settings {
                    rel[s].roles.push(i);
                }
                for c in r.certifications {
                    rel[c].roles.push(i);
                }
                for n in r.next_roles {
                    rel[n].comes_from.push(i);
                }
            }
            Kind::Certification => {
                if let Some(e) = r.education {
                    rel[e].certifications_needing.push(i);
                }
            }
            Kind::Pathway => {
                if let Some(f) = r.from {
                    rel[f].pathways_out.push(i);
                }
                if let Some(t) = r.to {
                    rel[t].pathways_in.push(i);
                }
                // A role whose next_roles were left out for a wrong value has that error.
                if let (Some(f), Some(t)) = (r.from, r.to)
                    && !rel[f].next_roles.contains(&t)
                    && !pages[f].left_out.iter().any(|k| k == "next_roles")
                    && let Facts::Pathway(pw) = &pages[i].facts
                {
                    diags.push(at_value(
                        &pages[i].source,
                        &pw.to,
                        Diagnostic::warning("pathway-not-in-next-roles", format!("{} does not list `{}` in its next_roles", pages[f].source.display.display(), pw.to.value))
                            .help(format!("add `{}` to next_roles in {} so the move shows on the role and the career map", pw.to.value, pages[f].source.display.display())),
                        pw.to.value.chars().count(),
                    ));
                }
            }
            _ => {}
        }
    }
}

/// Sections' children, and every list of related pages sorted by one order (weight, title,
/// path), computed once. Returns each page's rank in that order.
fn sort_relations(pages: &[Page], by_path: &Lookup<String>, rel: &mut [Relations]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..pages.len()).collect();
    order.sort_by_cached_key(|&i| pages[i].sort_key());
    let mut rank = vec![0usize; pages.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r;
    }

    // Sections and their children.
    for (i, p) in pages.iter().enumerate() {
        let Some(parent) = &p.parent else { continue };
        let Some(&s) = by_path.get(parent) else {
            continue;
        };
        if s == i {
            continue;
        }
        if p.kind == Kind::Section {
            rel[s].subsections.push(i);
        } else {
            rel[s].children.push(i);
        }
    }
    for r in rel.iter_mut() {
        for list in [
            &mut r.children,
            &mut r.subsections,
            &mut r.roles,
            &mut r.comes_from,
            &mut r.pathways_in,
            &mut r.pathways_out,
            &mut r.certifications_needing,
        ] {
            list.sort_unstable_by_key(|&j| rank[j]);
            list.dedup();
        }
    }
    rank
}

/// Adds a home page and a section page for every folder that has pages but no `_index.md`,
/// and a section for every kind that has pages.
fn add_generated_sections(config: &SiteConfig, pages: &mut Vec<Page>) {
    let existing: HashSet<String> = pages
        .iter()
        .filter(|p| matches!(p.kind, Kind::Section | Kind::Home))
        .map(|p| p.path.clone())
        .collect();
    let mut needed: BTreeMap<String, Option<Kind>> = BTreeMap::new();
    if !existing.contains("") {
        needed.insert(String::new(), None);
    }
    for p in pages.iter() {
        let Some(parent) = &p.parent else { continue };
        let mut path = parent.clone();
        loop {
            if path.is_empty() || existing.contains(&path) {
                break;
            }
            let top = path.split('/').next().unwrap_or("");
            needed.insert(
                path.clone(),
                Some(Kind::from_folder(top).unwrap_or(Kind::Article)),
            );
            // Climb to the parent folder.
            let trimmed = path.trim_end_matches('/');
            path = match trimmed.rfind('/') {
                Some(k) => format!("{}/", &trimmed[..k]),
                None => String::new(),
            };
        }
    }
    for (path, lists) in needed {
        let (kind, title, parent) = if path.is_empty() {
            (Kind::Home, config.title.clone(), None)
        } else {
            let trimmed = path.trim_end_matches('/');
            let name = trimmed.rsplit('/').next().unwrap_or(trimmed);
            let title = match lists {
                Some(k) if k != Kind::Article && !trimmed.contains('/') => {
                    k.plural_label().to_string()
                }
                _ => humanise(name),
            };
            let parent = match trimmed.rfind('/') {
                Some(k) => format!("{}/", &trimmed[..k]),
                None => String::new(),
            };
            (Kind::Section, title, Some(parent))
        };
        let slug = path
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or("")
            .to_string();
        let content_path = if path.is_empty() {
            "_index.md".to_string()
        } else {
            format!("{path}_index.md")
        };
        pages.push(Page {
            kind,
            lists: if kind == Kind::Section { lists } else { None },
            slug,
            path,
            parent,
            source: SourceFile {
                display: std::path::PathBuf::from(format!("content/{content_path}")),
                content_path,
                text: String::new(),
                front_matter: 0..0,
                front_matter_line: 2,
                body: 0..0,
                text_hash: 0,
                body_on_disk: false,
            },
            common: Common {
                title,
                ..Common::default()
            },
            facts: Facts::Plain,
            generated: true,
            left_out: Vec::new(),
        });
    }
}

/// `health-data` → `Health data`.
pub fn humanise(slug: &str) -> String {
    let words = slug.replace('-', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

/// A cycle in `next_roles` is fine among roles of one level (lateral moves) but an error when
/// it mixes levels: it would say a step down leads back up to where you started.
fn check_cycles(pages: &[Page], rel: &[Relations], diags: &mut Vec<Diagnostic>) {
    // Tarjan's strongly connected components, iterative so that a long chain of 50,000 roles
    // cannot overflow the stack.
    let n = pages.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0usize; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut components: Vec<Vec<usize>> = Vec::new();
    for start in 0..n {
        if pages[start].kind != Kind::Role || index[start] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(start, 0)];
        while let Some(&mut (v, ref mut edge)) = work.last_mut() {
            if *edge == 0 && index[v] == usize::MAX {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = rel[v].next_roles.get(*edge) {
                *edge += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut comp = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp.push(w);
                    if w == v {
                        break;
                    }
                }
                if comp.len() > 1 {
                    components.push(comp);
                }
            }
        }
    }
    for mut comp in components {
        comp.sort_by(|&a, &b| pages[a].slug.cmp(&pages[b].slug));
        let levels: HashSet<Level> = comp
            .iter()
            .filter_map(|&i| pages[i].role().map(|r| r.level))
            .collect();
        if levels.len() > 1 {
            let names: Vec<String> = comp
                .iter()
                .map(|&i| {
                    format!(
                        "{} ({})",
                        pages[i].slug,
                        pages[i].role().map(|r| r.level.slug()).unwrap_or("")
                    )
                })
                .collect();
            let first = &pages[comp[0]];
            diags.push(at_key(
                &first.source,
                "next_roles",
                Diagnostic::error("next-roles-cycle", format!("next_roles go round in a circle across levels: {}", names.join(" → ")))
                    .help("a move down a level should not lead back up to the same role; remove one of these next_roles"),
            ));
        }
    }
}

fn build_taxonomies(
    config: &SiteConfig,
    pages: &[Page],
    rel: &[Relations],
    rank: &[usize],
    free_areas: BTreeMap<String, Vec<usize>>,
) -> Taxonomies {
    let sort = |v: &mut Vec<usize>| v.sort_unstable_by_key(|&i| rank[i]);
    let mut levels: Vec<Term> = Level::ALL
        .iter()
        .map(|l| Term {
            slug: l.slug().into(),
            title: l.label().into(),
            summary: None,
            path: format!("levels/{}/", l.slug()),
            pages: Vec::new(),
        })
        .collect();
    let mut areas: Vec<Term> = if config.areas.is_empty() {
        free_areas
            .keys()
            .map(|slug| Term {
                slug: slug.clone(),
                title: humanise(slug),
                summary: None,
                path: format!("areas/{slug}/"),
                pages: Vec::new(),
            })
            .collect()
    } else {
        config
            .areas
            .iter()
            .map(|a| Term {
                slug: a.slug.clone(),
                title: a.title.clone(),
                summary: a.summary.clone(),
                path: format!("areas/{}/", a.slug),
                pages: Vec::new(),
            })
            .collect()
    };
    let mut tags: BTreeMap<String, Term> = BTreeMap::new();
    for (i, p) in pages.iter().enumerate() {
        if let Some(role) = p.role() {
            levels[role.level.rank()].pages.push(i);
            if let Some(a) = rel[i].area {
                areas[a].pages.push(i);
            } else if let Some(area) = &role.area
                && let Some(t) = areas.iter_mut().find(|t| t.slug == area.value)
            {
                t.pages.push(i);
            }
        }
        for tag in &p.common.tags {
            let slug = slug::slugify(&tag.value);
            tags.entry(slug.clone())
                .or_insert_with(|| Term {
                    slug: slug.clone(),
                    title: tag.value.clone(),
                    summary: None,
                    path: format!("tags/{slug}/"),
                    pages: Vec::new(),
                })
                .pages
                .push(i);
        }
    }
    for t in levels.iter_mut().chain(areas.iter_mut()) {
        sort(&mut t.pages);
    }
    let mut tags: Vec<Term> = tags.into_values().collect();
    for t in tags.iter_mut() {
        sort(&mut t.pages);
        t.pages.dedup();
    }
    Taxonomies {
        levels,
        areas,
        tags,
    }
}
