//! Search: the client-side index, built at build time with elasticlunr-rs.
//!
//! Each page yields a [`SearchDoc`]: its searchable text by field (title, other names,
//! summary, headings, body) and its facts for facets (kind, level, area, education, settings,
//! certifications, median salary, tags), each with a human label. [`write_index`] turns the
//! documents into the files under `search-index/` (a build instead indexes each group of pages
//! as it renders, [`IndexedDocs`], and writes the joined groups with [`write_indexed`]), every
//! one a script that hands its data to `careerguideSearch.*` so that it loads with a `<script>`
//! tag, from a server or from disk:
//!
//! - `meta.js`: the manifest: index version, fields and boosts, the shard ranges, each
//!   document's field lengths (elasticlunr's `docInfo`, needed for scoring);
//! - `n<i>.js`, `t<i>.js`: the elasticlunr tries cut into term ranges ([`shard`]), for the
//!   name fields and the text fields;
//! - `d<i>.js`: documents to show (title, address, summary and a short excerpt for snippets),
//!   a few per file;
//! - `facets.js`: facet values with labels and every document's values, for the search page.
//!
//! The format and the client are described in `docs/search.md`.

mod shard;
pub mod text;
mod trie;

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::explore::pay::SharedPay;
use crate::link::Site;
use crate::markdown::RenderedMarkdown;
use crate::model::{Facts, Kind, PayPeriod};
use crate::paths::SEARCH_INDEX;
use crate::sink::Sink;

/// How many words of a page's body are indexed.
pub const BODY_WORDS: usize = 400;
/// How many words of a page's body are kept for result snippets (after the summary).
pub const EXCERPT_WORDS: usize = 40;

/// The indexed fields with their boosts, in elasticlunr's field order.
/// O*NET's job titles count less than a role's own other names: an occupation code shared by
/// many roles brings dozens of titles, which would otherwise drown the names the editor chose.
pub const FIELDS: [(&str, f64); 6] = [
    ("title", 10.0),
    ("also_called", 6.0),
    ("job_titles", 2.0),
    ("summary", 3.0),
    ("headings", 2.0),
    ("body", 1.0),
];

/// Field groups, each cut into its own shards, with how many bytes of shards one query term
/// may fetch in the group for prefix and typo matching (beyond that, on a large site, the
/// client looks up the exact word only). Names are short and what people type first, so they
/// get a larger allowance than the text.
const GROUPS: [(&str, &[&str], usize); 2] = [
    ("n", &["title", "also_called", "job_titles"], 384 * 1024),
    ("t", &["summary", "headings", "body"], 160 * 1024),
];

/// Bytes of trie JSON per shard.
pub const SHARD_BYTES: usize = 48 * 1024;
/// Shard JSON is kept between hashing and writing, instead of being made again, when the
/// shards take about this much at most.
const KEPT_SHARD_BYTES: usize = 64 * 1024 * 1024;
/// Bytes of document JSON per `d<i>.js` file (whole documents; at least one).
pub const CHUNK_BYTES: usize = 4 * 1024;

/// Hourly medians are compared with annual ones as if worked 2,080 hours a year (the BLS
/// convention).
pub const HOURS_PER_YEAR: f64 = 2080.0;

/// A facet value: slug, human label and its place in lists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub struct FacetValue {
    pub slug: String,
    pub label: String,
    pub order: i64,
}

impl FacetValue {
    fn new(slug: impl Into<String>, label: impl Into<String>, order: i64) -> Self {
        FacetValue {
            slug: slug.into(),
            label: label.into(),
            order,
        }
    }
}

/// A role's pay, for the salary facet and result cards.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pay {
    /// The median per year (hourly medians × [`HOURS_PER_YEAR`]).
    pub annual_median: f64,
    pub currency: String,
    /// As shown on the role page: `$51,140 per year`.
    pub text: String,
    /// When other roles show the same figure: `one published figure for Medical Records
    /// Specialists, shared by 13 roles` ([`SharedPay::in_brief`]).
    pub shared: Option<String>,
}

/// What one page contributes to search.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SearchDoc {
    pub path: String,
    pub title: String,
    pub also_called: Vec<String>,
    /// The job titles O*NET reports for the role's occupation, when its `onet` block asks.
    pub job_titles: Vec<String>,
    pub summary: String,
    pub headings: Vec<String>,
    /// The first [`BODY_WORDS`] words of the body.
    pub body: String,
    #[serde(flatten)]
    pub facets: DocFacets,
}

/// A document's facts for the facets of the search page: what `facets.js` lists for it, and
/// all the index keeps of a document besides its terms and what results show.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DocFacets {
    pub kind: FacetValue,
    pub level: Option<FacetValue>,
    pub area: Option<FacetValue>,
    pub education: Option<FacetValue>,
    pub settings: Vec<FacetValue>,
    pub certifications: Vec<FacetValue>,
    pub tags: Vec<FacetValue>,
    pub pay: Option<Pay>,
}

fn kind_order(kind: Kind) -> i64 {
    match kind {
        Kind::Role => 0,
        Kind::Pathway => 1,
        Kind::Certification => 2,
        Kind::Education => 3,
        Kind::Setting => 4,
        Kind::Article => 5,
        Kind::Section => 6,
        Kind::Home => 7,
    }
}

/// The first [`BODY_WORDS`] words of a page's text, with `…` when more follow. Kept as they
/// stand, whitespace and all: the index splits them into terms and snippets split them into
/// words again, so joining them with single spaces (as a card's summary is) would only cost
/// time on every page.
fn body_text(text: &str) -> String {
    match text::after_words(text, BODY_WORDS) {
        Some(end) => {
            let kept = text[..end].trim();
            let mut body = String::with_capacity(kept.len() + 3);
            body.push_str(kept);
            body.push('…');
            body
        }
        None => text.trim().to_string(),
    }
}

/// A page's other names and the abbreviations its title spells out and its text uses
/// ([`text::title_abbreviations`]), each once.
fn with_abbreviations(mut names: Vec<String>, title: &str, texts: &[&str]) -> Vec<String> {
    for a in text::title_abbreviations(title, texts) {
        if !names.iter().any(|n| n.eq_ignore_ascii_case(&a)) {
            names.push(a);
        }
    }
    names
}

/// Builds page `i`'s search document from its rendered body; `shared` is the pay figure it
/// shares with other roles, if any ([`crate::explore::pay::shared_pay`]).
pub fn document(
    site: &Site,
    i: usize,
    md: &RenderedMarkdown,
    shared: Option<&SharedPay>,
) -> SearchDoc {
    let page = &site.pages[i];
    let r = &site.relations[i];
    let role = page.role();
    let value = |j: usize| -> FacetValue {
        let p = &site.pages[j];
        match &p.facts {
            Facts::Certification(c) => {
                FacetValue::new(&p.slug, format!("{} ({})", p.common.title, c.abbr), 0)
            }
            Facts::Education(e) => FacetValue::new(&p.slug, &p.common.title, e.order),
            _ => FacetValue::new(&p.slug, &p.common.title, 0),
        }
    };
    let area = r
        .area
        .and_then(|a| {
            site.config
                .areas
                .get(a)
                .map(|c| FacetValue::new(&c.slug, &c.title, a as i64))
        })
        .or_else(|| {
            role.and_then(|r| r.area.as_ref())
                .map(|a| FacetValue::new(&a.value, &a.value, i64::MAX))
        });
    SearchDoc {
        path: page.path.clone(),
        title: page.common.title.clone(),
        // A credential's abbreviation is its other name (people search for "RHIT").
        also_called: with_abbreviations(
            match &page.facts {
                Facts::Role(r) => r.also_called.clone(),
                Facts::Certification(c) => vec![c.abbr.clone()],
                _ => Vec::new(),
            },
            &page.common.title,
            &[
                page.common.summary.as_deref().unwrap_or(""),
                // The indexed part of the body: the whole of a long page costs time for nothing.
                &md.plain_text[..text::after_words(&md.plain_text, BODY_WORDS)
                    .unwrap_or(md.plain_text.len())],
            ],
        ),
        job_titles: role
            .and_then(|r| r.onet.as_ref())
            .map(|o| o.search_titles.clone())
            .unwrap_or_default(),
        summary: page
            .common
            .summary
            .clone()
            .or_else(|| page.common.description.clone())
            .unwrap_or_default(),
        headings: md.headings.iter().map(|h| h.title.clone()).collect(),
        body: body_text(&md.plain_text),
        facets: DocFacets {
            kind: FacetValue::new(page.kind.name(), page.kind.label(), kind_order(page.kind)),
            level: role
                .map(|r| FacetValue::new(r.level.slug(), r.level.label(), r.level.rank() as i64)),
            area,
            education: r.education.map(value).filter(|_| page.kind == Kind::Role),
            settings: r.settings.iter().map(|&j| value(j)).collect(),
            certifications: r.certifications.iter().map(|&j| value(j)).collect(),
            pay: role.and_then(|r| r.salary.as_ref()).map(|s| Pay {
                annual_median: match s.period {
                    PayPeriod::Annual => s.median,
                    PayPeriod::Hourly => s.median * HOURS_PER_YEAR,
                },
                currency: s.currency.clone(),
                text: crate::format::salary_median(s),
                shared: shared.map(SharedPay::in_brief),
            }),
            tags: page
                .common
                .tags
                .iter()
                .map(|t| FacetValue::new(slug::slugify(&t.value), t.value.clone(), 0))
                .collect(),
        },
    }
}

/// One file of the index, with its size.
#[derive(Debug, Clone)]
pub struct IndexFile {
    /// Site path, e.g. `search-index/meta.js`.
    pub path: String,
    pub bytes: usize,
}

/// What [`write_index`] wrote.
#[derive(Debug, Clone)]
pub struct IndexSummary {
    /// A hash of the index's data; shards and documents are requested with `?v=<version>`.
    pub version: String,
    pub files: Vec<IndexFile>,
}

impl IndexSummary {
    pub fn total_bytes(&self) -> usize {
        self.files.iter().map(|f| f.bytes).sum()
    }
}

/// The documents in index order: roles first, then pathways, credentials, education,
/// settings, articles and sections, each by title. The home page is left out. Browsing
/// without a query lists documents in this order.
fn ordered(docs: &[SearchDoc]) -> Vec<&SearchDoc> {
    let mut out: Vec<&SearchDoc> = docs
        .iter()
        .filter(|d| d.facets.kind.slug != Kind::Home.name())
        .collect();
    out.sort_by_cached_key(|d| order_key(d.facets.kind.order, &d.title, &d.path));
    out
}

/// Where a document goes in index order (see [`ordered`]).
fn order_key(kind_order: i64, title: &str, path: &str) -> (i64, String, String) {
    (kind_order, title.to_lowercase(), path.to_string())
}

/// The pages of `site` whose documents the index holds, in index order: the order
/// [`ordered`] gives their documents, known before any page renders, so that a build can index
/// pages in groups as they render ([`IndexedDocs`]).
pub fn page_order(site: &Site) -> Vec<usize> {
    let mut out: Vec<usize> = (0..site.pages.len())
        .filter(|&i| site.pages[i].kind != Kind::Home)
        .collect();
    out.sort_by_cached_key(|&i| {
        let p = &site.pages[i];
        order_key(kind_order(p.kind), &p.common.title, &p.path)
    });
    out
}

/// How many documents (in index order) one [`IndexedDocs::of`] takes: a build renders and
/// indexes pages in groups of this many.
pub const INDEX_GROUP: usize = trie::CHUNK;

/// What the index keeps of a run of consecutive documents (in index order) once their text is
/// indexed: the postings of their terms, each document as results show it (JSON) and its
/// facets. A build makes one for each group of pages as they render and drops the documents,
/// so a site's search documents (about 5 KB a page, mostly body text) are never all held at
/// once; [`write_index`] does the same for documents it is given.
pub struct IndexedDocs {
    terms: trie::Partial,
    shown: Vec<String>,
    facets: Vec<FacetRefs>,
    values: FacetTable,
}

/// Facet values (and currencies), each kept once: documents hold their positions. A document
/// names a dozen values at most, from a few thousand on even the largest site, so this takes
/// a few dozen bytes a document where the values themselves took about 800.
#[derive(Default)]
struct FacetTable {
    values: Vec<FacetValue>,
    /// A [`crate::FastMap`]: every document looks up each of its facet values here.
    positions: crate::FastMap<FacetValue, u32>,
    currencies: Vec<String>,
}

impl FacetTable {
    fn position(&mut self, value: &FacetValue) -> u32 {
        if let Some(&at) = self.positions.get(value) {
            return at;
        }
        let at = self.values.len() as u32;
        self.values.push(value.clone());
        self.positions.insert(value.clone(), at);
        at
    }

    fn currency(&mut self, currency: &str) -> u32 {
        match self.currencies.iter().position(|c| c == currency) {
            Some(at) => at as u32,
            None => {
                self.currencies.push(currency.to_string());
                (self.currencies.len() - 1) as u32
            }
        }
    }

    fn value(&self, at: u32) -> &FacetValue {
        &self.values[at as usize]
    }

    /// Adds `other`'s values and currencies; returns where each of them now is in this table.
    fn absorb(&mut self, other: &FacetTable) -> (Vec<u32>, Vec<u32>) {
        let values = other.values.iter().map(|v| self.position(v)).collect();
        let currencies = other.currencies.iter().map(|c| self.currency(c)).collect();
        (values, currencies)
    }
}

/// A document's [`DocFacets`] as positions in a [`FacetTable`].
struct FacetRefs {
    kind: u32,
    level: Option<u32>,
    area: Option<u32>,
    education: Option<u32>,
    settings: Box<[u32]>,
    certifications: Box<[u32]>,
    tags: Box<[u32]>,
    /// The median per year and the currency's position.
    pay: Option<(f64, u32)>,
}

impl FacetRefs {
    fn of(facets: &DocFacets, table: &mut FacetTable) -> FacetRefs {
        let mut one = |v: &Option<FacetValue>| v.as_ref().map(|v| table.position(v));
        let (level, area, education) = (
            one(&facets.level),
            one(&facets.area),
            one(&facets.education),
        );
        let mut many =
            |vs: &[FacetValue]| -> Box<[u32]> { vs.iter().map(|v| table.position(v)).collect() };
        let (settings, certifications, tags) = (
            many(&facets.settings),
            many(&facets.certifications),
            many(&facets.tags),
        );
        FacetRefs {
            kind: table.position(&facets.kind),
            level,
            area,
            education,
            settings,
            certifications,
            tags,
            pay: facets
                .pay
                .as_ref()
                .map(|p| (p.annual_median, table.currency(&p.currency))),
        }
    }

    /// The same document's facets in another table, whose positions for this one's are `to`
    /// (and `to_currency` for currencies).
    fn moved(mut self, to: &[u32], to_currency: &[u32]) -> FacetRefs {
        let at = |p: &mut u32| *p = to[*p as usize];
        at(&mut self.kind);
        for p in [&mut self.level, &mut self.area, &mut self.education]
            .into_iter()
            .flatten()
        {
            at(p);
        }
        for list in [&mut self.settings, &mut self.certifications, &mut self.tags] {
            list.iter_mut().for_each(at);
        }
        if let Some((_, c)) = &mut self.pay {
            *c = to_currency[*c as usize];
        }
        self
    }
}

impl std::fmt::Debug for IndexedDocs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IndexedDocs")
            .field("docs", &self.len())
            .finish_non_exhaustive()
    }
}

impl IndexedDocs {
    /// No documents.
    pub fn empty() -> IndexedDocs {
        IndexedDocs {
            terms: trie::Partial::empty(FIELDS.len()),
            shown: Vec::new(),
            facets: Vec::new(),
            values: FacetTable::default(),
        }
    }

    /// Indexes `docs`, the documents from number `first` on in index order.
    pub fn of(docs: &[&SearchDoc], first: usize) -> std::io::Result<IndexedDocs> {
        let shown = docs
            .iter()
            .map(|d| {
                let body_words: Vec<&str> = d.body.split_whitespace().take(EXCERPT_WORDS).collect();
                serde_json::to_string(&ShownDoc {
                    title: &d.title,
                    path: &d.path,
                    kind: &d.facets.kind.label,
                    level: d.facets.level.as_ref().map(|l| l.label.as_str()),
                    pay: d.facets.pay.as_ref().map(|p| p.text.as_str()),
                    pay_shared: d.facets.pay.as_ref().and_then(|p| p.shared.as_deref()),
                    also: d.also_called.iter().chain(&d.job_titles).collect(),
                    summary: &d.summary,
                    text: body_words.join(" "),
                })
            })
            .collect::<Result<_, _>>()
            .map_err(std::io::Error::other)?;
        let mut values = FacetTable::default();
        let facets = docs
            .iter()
            .map(|d| FacetRefs::of(&d.facets, &mut values))
            .collect();
        Ok(IndexedDocs {
            terms: trie::Partial::of(docs, first, FIELDS.len()),
            shown,
            facets,
            values,
        })
    }

    /// `self` followed by `later`, whose documents all come after this one's.
    pub fn join(mut self, later: IndexedDocs) -> IndexedDocs {
        self.terms = self.terms.join(later.terms);
        self.shown.extend(later.shown);
        let (to, to_currency) = self.values.absorb(&later.values);
        self.facets
            .extend(later.facets.into_iter().map(|f| f.moved(&to, &to_currency)));
        self
    }

    /// [`IndexedDocs::join`] for results: the first error wins.
    pub fn join_results(
        earlier: std::io::Result<IndexedDocs>,
        later: std::io::Result<IndexedDocs>,
    ) -> std::io::Result<IndexedDocs> {
        Ok(earlier?.join(later?))
    }

    /// How many documents.
    pub fn len(&self) -> usize {
        self.shown.len()
    }

    pub fn is_empty(&self) -> bool {
        self.shown.is_empty()
    }
}

/// The elasticlunr index of `docs`, whose refs are their positions plus `first`.
#[cfg(test)]
fn build_lunr(docs: &[&SearchDoc], first: usize) -> elasticlunr::Index {
    let mut builder = elasticlunr::IndexBuilder::with_language(Box::new(text::Terms))
        .save_docs(false)
        .set_ref("id");
    for (name, _) in FIELDS {
        builder = builder.add_field(name);
    }
    let mut index = builder.build();
    for (n, d) in docs.iter().enumerate() {
        index.add_doc(
            &(first + n).to_string(),
            [
                d.title.as_str(),
                &d.also_called.join(" · "),
                &d.job_titles.join(" · "),
                &d.summary,
                &d.headings.join(" · "),
                &d.body,
            ],
        );
    }
    index
}

/// A document as shown in results.
#[derive(Serialize)]
struct ShownDoc<'a> {
    title: &'a str,
    path: &'a str,
    kind: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    level: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pay: Option<&'a str>,
    /// `one published figure for …, shared by 13 roles`, when other roles show the same figure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pay_shared: Option<&'a str>,
    /// Other names and O*NET's job titles; results show those the query matches.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    also: Vec<&'a String>,
    summary: &'a str,
    text: String,
}

/// `facets.js`: every facet, and the salary facet. Fields are declared in byte order: the file
/// was once written from a `serde_json::Value`, whose maps sort their keys, and keeps that
/// order (so an index's bytes did not change when it stopped being built as a `Value`).
#[derive(Serialize)]
struct FacetsFile {
    facets: Vec<FacetColumn>,
    salary: SalaryFacet,
}

/// The salary facet: each document's median per year in the currency most roles use.
#[derive(Serialize)]
struct SalaryFacet {
    currency: String,
    docs: Vec<Option<i64>>,
    label: &'static str,
}

/// One facet in `facets.js`: its values in display order, and each document's value(s) as
/// positions in `values` (`null` / `[]` when it has none). Fields in byte order (see
/// [`FacetsFile`]).
#[derive(Serialize)]
struct FacetColumn {
    docs: FacetDocs,
    label: &'static str,
    multi: bool,
    name: &'static str,
    values: Vec<(String, String)>,
}

/// Each document's value in a facet: a position in the facet's `values` or `null` (one value at
/// most), or a list of positions (several). Written as JSON straight from these, not through a
/// `serde_json::Value` per document.
#[derive(Serialize)]
#[serde(untagged)]
enum FacetDocs {
    One(Vec<Option<usize>>),
    Many(Vec<Vec<usize>>),
}

fn facet_column(
    name: &'static str,
    label: &'static str,
    table: &FacetTable,
    docs: &[FacetRefs],
    get: impl Fn(&FacetRefs) -> Vec<u32>,
    multi: bool,
) -> FacetColumn {
    let mut seen: BTreeMap<&str, &FacetValue> = BTreeMap::new();
    for d in docs {
        for at in get(d) {
            let v = table.value(at);
            seen.entry(v.slug.as_str()).or_insert(v);
        }
    }
    let mut values: Vec<&FacetValue> = seen.into_values().collect();
    values.sort_by_cached_key(|v| (v.order, v.label.to_lowercase(), v.slug.clone()));
    let position: BTreeMap<&str, usize> = values
        .iter()
        .enumerate()
        .map(|(i, v)| (v.slug.as_str(), i))
        .collect();
    let positions = docs.iter().map(|d| {
        let mut at: Vec<usize> = get(d)
            .into_iter()
            .filter_map(|v| position.get(table.value(v).slug.as_str()).copied())
            .collect();
        at.sort_unstable();
        at.dedup();
        at
    });
    let docs = if multi {
        FacetDocs::Many(positions.collect())
    } else {
        FacetDocs::One(positions.map(|at| at.first().copied()).collect())
    };
    FacetColumn {
        name,
        label,
        multi,
        values: values
            .into_iter()
            .map(|v| (v.slug.clone(), v.label.clone()))
            .collect(),
        docs,
    }
}

fn facets_json(table: &FacetTable, docs: &[FacetRefs]) -> serde_json::Result<String> {
    let column = |name, label, get: fn(&FacetRefs) -> Vec<u32>, multi| {
        facet_column(name, label, table, docs, get, multi)
    };
    let columns = vec![
        column("kind", "Kind of page", |d| vec![d.kind], false),
        column(
            "level",
            "Career level",
            |d| d.level.into_iter().collect(),
            false,
        ),
        column(
            "area",
            "Career area",
            |d| d.area.into_iter().collect(),
            false,
        ),
        column(
            "education",
            "Education",
            |d| d.education.into_iter().collect(),
            false,
        ),
        column("setting", "Work setting", |d| d.settings.to_vec(), true),
        column(
            "certification",
            "Certification",
            |d| d.certifications.to_vec(),
            true,
        ),
        column("tag", "Tag", |d| d.tags.to_vec(), true),
    ];
    // A facet nobody uses (no tags on the site, say) is left out.
    let columns: Vec<FacetColumn> = columns
        .into_iter()
        .filter(|c| !c.values.is_empty())
        .collect();
    // The salary facet compares medians in the currency most roles use.
    let mut currencies: BTreeMap<&str, usize> = BTreeMap::new();
    for &(_, c) in docs.iter().filter_map(|d| d.pay.as_ref()) {
        *currencies
            .entry(table.currencies[c as usize].as_str())
            .or_insert(0) += 1;
    }
    let currency = currencies
        .iter()
        .max_by_key(|(c, n)| (**n, std::cmp::Reverse(**c)))
        .map(|(c, _)| c.to_string())
        .unwrap_or_else(|| "USD".into());
    let medians: Vec<Option<i64>> = docs
        .iter()
        .map(|d| match d.pay {
            Some((median, c)) if table.currencies[c as usize] == currency => {
                Some(median.round() as i64)
            }
            _ => None,
        })
        .collect();
    serde_json::to_string(&FacetsFile {
        facets: columns,
        salary: SalaryFacet {
            currency,
            docs: medians,
            label: "Median salary",
        },
    })
}

/// Writes the index of `docs` into `sink`.
pub fn write_index(docs: &[SearchDoc], sink: &dyn Sink) -> std::io::Result<IndexSummary> {
    let t = std::time::Instant::now();
    let docs = ordered(docs);
    let indexed = docs
        .par_chunks(INDEX_GROUP)
        .enumerate()
        .map(|(c, group)| IndexedDocs::of(group, c * INDEX_GROUP))
        .reduce(|| Ok(IndexedDocs::empty()), IndexedDocs::join_results)?;
    crate::timing::stage("  search: documents", t);
    write_indexed(indexed, sink)
}

/// The documents to show as `[…]` JSON arrays of a few each ([`CHUNK_BYTES`] or just over),
/// and the number of each array's first document.
fn shown_chunks(shown: Vec<String>) -> (Vec<usize>, Vec<String>) {
    let mut chunk_starts = Vec::new();
    let mut chunk = String::new();
    let mut chunks = Vec::new();
    for (n, json) in shown.iter().enumerate() {
        if chunk.is_empty() {
            chunk_starts.push(n);
            chunk.push('[');
        } else {
            chunk.push(',');
        }
        chunk.push_str(json);
        if chunk.len() >= CHUNK_BYTES {
            chunk.push(']');
            chunks.push(std::mem::take(&mut chunk));
        }
    }
    if !chunk.is_empty() {
        chunk.push(']');
        chunks.push(chunk);
    }
    (chunk_starts, chunks)
}

/// Writes the index files of `indexed` (every document, numbered from 0) into `sink`: the
/// tries cut into shards, the documents to show in chunks, the facets, and `meta.js`, which
/// names the index's version (a hash of all the data) and where everything is.
pub fn write_indexed(indexed: IndexedDocs, sink: &dyn Sink) -> std::io::Result<IndexSummary> {
    let t = std::time::Instant::now();
    let IndexedDocs {
        terms,
        shown,
        facets,
        values,
    } = indexed;
    let names: Vec<&str> = FIELDS.iter().map(|(n, _)| *n).collect();
    let lunr = trie::TermIndex::from_partial(terms, 0, &names);
    crate::timing::stage("  search: tries", t);
    let t = std::time::Instant::now();
    let shards = Shards::plan(&lunr);
    let shown_count = shown.len();
    // The shards on all cores; beside them, the serial parts (the documents to show, in files
    // of a few, and the facets), which left a core idle when they came after.
    let made = || {
        let made = shards.make();
        crate::timing::stage("  search: shards", t);
        made
    };
    let shown_and_facets = || {
        let t = std::time::Instant::now();
        let (chunk_starts, chunks) = shown_chunks(shown);
        crate::timing::stage("  search: shown docs", t);
        let t = std::time::Instant::now();
        let facets = facets_json(&values, &facets);
        crate::timing::stage("  search: facets", t);
        (chunk_starts, chunks, facets)
    };
    let ((shard_facts, kept), (chunk_starts, chunks, facets)) = rayon::join(made, shown_and_facets);
    let facets = facets.map_err(std::io::Error::other)?;
    let t = std::time::Instant::now();
    let version = index_version(&shard_facts, &chunks, &facets);
    let meta = meta_json(
        &lunr,
        &shards,
        &shard_facts,
        &version,
        shown_count,
        &chunk_starts,
    );

    let put = |path: String, body: String| -> std::io::Result<IndexFile> {
        sink.put(&path, body.as_bytes())?;
        Ok(IndexFile {
            bytes: body.len(),
            path,
        })
    };
    let mut files = vec![
        put(
            format!("{SEARCH_INDEX}meta.js"),
            index_script("careerguideSearch.meta(", &meta.to_string()),
        )?,
        put(
            format!("{SEARCH_INDEX}facets.js"),
            index_script(&format!("careerguideSearch.facets({version:?},"), &facets),
        )?,
    ];
    let shard_files: Vec<IndexFile> = shards
        .ids
        .par_iter()
        .zip(kept)
        .map(|(&(g, k), kept)| {
            let key = format!("{}{k}", shards.plans[g].0);
            let json = kept.unwrap_or_else(|| shards.json((g, k)));
            put(
                format!("{SEARCH_INDEX}{key}.js"),
                index_script(
                    &format!("careerguideSearch.shard({key:?},{version:?},"),
                    &json,
                ),
            )
        })
        .collect::<std::io::Result<_>>()?;
    let chunk_files: Vec<IndexFile> = chunks
        .par_iter()
        .enumerate()
        .map(|(i, c)| {
            put(
                format!("{SEARCH_INDEX}d{i}.js"),
                index_script(&format!("careerguideSearch.docs({i},{version:?},"), c),
            )
        })
        .collect::<std::io::Result<_>>()?;
    files.extend(shard_files);
    files.extend(chunk_files);
    crate::timing::stage("  search: write", t);
    Ok(IndexSummary { version, files })
}

/// Every group's tries cut into shards of about [`SHARD_BYTES`].
struct Shards<'a> {
    lunr: &'a trie::TermIndex,
    /// Each group's file-name prefix and how it is cut.
    plans: Vec<(&'static str, shard::ShardPlan<'static>)>,
    /// Each group's shards.
    ranges: Vec<Vec<shard::Range<'a>>>,
    /// (group, shard number) for every shard, in file order.
    ids: Vec<(usize, usize)>,
}

impl<'a> Shards<'a> {
    fn plan(lunr: &'a trie::TermIndex) -> Shards<'a> {
        let plans: Vec<(&'static str, shard::ShardPlan<'static>)> = GROUPS
            .iter()
            .map(|(name, fields, _)| {
                (
                    *name,
                    shard::ShardPlan {
                        fields,
                        target: SHARD_BYTES,
                    },
                )
            })
            .collect();
        let ranges: Vec<Vec<shard::Range>> = plans
            .par_iter()
            .map(|(_, plan)| shard::ranges(lunr, plan))
            .collect();
        let ids = ranges
            .iter()
            .enumerate()
            .flat_map(|(g, rs)| (0..rs.len()).map(move |k| (g, k)))
            .collect();
        Shards {
            lunr,
            plans,
            ranges,
            ids,
        }
    }

    /// One shard's JSON.
    fn json(&self, (g, k): (usize, usize)) -> String {
        self.ranges[g][k].json(self.lunr, &self.plans[g].1)
    }

    /// Every shard's hash and length, for the version and `meta.js`, and its JSON when all of
    /// them fit in [`KEPT_SHARD_BYTES`]; on a larger site (where the shards are hundreds of
    /// megabytes and memory peaks here) each is made again when written.
    fn make(&self) -> (Vec<(u64, usize)>, Vec<Option<String>>) {
        let keep = self.ids.len().saturating_mul(SHARD_BYTES) <= KEPT_SHARD_BYTES;
        self.ids
            .par_iter()
            .map(|&id| {
                let json = self.json(id);
                (
                    (crate::hash::stable(&[json.as_bytes()]), json.len()),
                    keep.then_some(json),
                )
            })
            .unzip()
    }
}

/// The index's version: a hash of every file's data, in file order.
fn index_version(shard_facts: &[(u64, usize)], chunks: &[String], facets: &str) -> String {
    let chunk_hashes: Vec<u64> = chunks
        .par_iter()
        .map(|c| crate::hash::stable(&[c.as_bytes()]))
        .collect();
    let hashes: Vec<[u8; 8]> = shard_facts
        .iter()
        .map(|f| f.0)
        .chain(chunk_hashes)
        .chain([crate::hash::stable(&[facets.as_bytes()])])
        .map(u64::to_le_bytes)
        .collect();
    let parts: Vec<&[u8]> = hashes.iter().map(|h| &h[..]).collect();
    format!("{:016x}", crate::hash::stable(&parts))
}

/// `meta.js`'s data: the version, elasticlunr's settings, the fields' boosts and lengths, each
/// group's shard bounds and sizes, and where each chunk of documents starts.
fn meta_json(
    lunr: &trie::TermIndex,
    shards: &Shards,
    shard_facts: &[(u64, usize)],
    version: &str,
    shown_count: usize,
    chunk_starts: &[usize],
) -> serde_json::Value {
    let mut groups = Vec::new();
    let mut first_shard = 0;
    for ((name, fields, fetch), rs) in GROUPS.iter().zip(&shards.ranges) {
        let facts = &shard_facts[first_shard..first_shard + rs.len()];
        first_shard += rs.len();
        let bounds: Vec<&str> = rs.iter().map(|r| r.first.as_str()).collect();
        let bytes: Vec<usize> = facts.iter().map(|f| f.1).collect();
        groups.push(
            serde_json::json!({"name": name, "fields": fields, "bounds": bounds, "bytes": bytes, "fetch": fetch}),
        );
    }
    let mut lengths: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (k, (field, _)) in FIELDS.iter().enumerate() {
        let column = lunr
            .lengths
            .iter()
            .map(|per_field| per_field.get(k).copied().unwrap_or(0))
            .collect();
        lengths.insert(field, column);
    }
    serde_json::json!({
        "format": 1,
        "version": version,
        "elasticlunr": {
            "version": elasticlunr::ELASTICLUNR_VERSION,
            "fields": lunr.fields,
            "ref": "id",
            "pipeline": ["trimmer"],
            "lang": "English",
            "save": false,
        },
        "boost": FIELDS.iter().map(|(f, b)| (f.to_string(), *b)).collect::<BTreeMap<_, _>>(),
        "docs": shown_count,
        "lengths": lengths,
        "groups": groups,
        "chunks": chunk_starts,
    })
}

/// `text` as the inside of a single-quoted JavaScript string, with no `<`. The index files
/// hand their data over as `JSON.parse('…')`, which browsers parse much faster than the same
/// object literal.
#[cfg(test)]
fn js_single_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    push_js_single_quoted(text, &mut out);
    out
}

/// An index file: `head` (the call and its leading arguments), then `json` handed over as
/// `JSON.parse('…')`, written into one buffer.
fn index_script(head: &str, json: &str) -> String {
    let mut out = String::with_capacity(head.len() + json.len() + json.len() / 32 + 20);
    out.push_str(head);
    out.push_str("JSON.parse('");
    push_js_single_quoted(json, &mut out);
    out.push_str("'));\n");
    out
}

/// [`js_single_quoted`], onto the end of `out`.
fn push_js_single_quoted(text: &str, out: &mut String) {
    crate::escape::escape_into(
        text,
        out,
        [b'\\', b'\'', b'\n', b'\r', b'<', 0xE2],
        |bytes, i| match bytes[i] {
            b'\\' => Some(("\\\\", 1)),
            b'\'' => Some(("\\'", 1)),
            b'\n' => Some(("\\n", 1)),
            b'\r' => Some(("\\r", 1)),
            // Not needed in a file of its own, but such a file can never end a <script>.
            b'<' => Some(("\\u003c", 1)),
            _ => crate::escape::line_separator(bytes, i),
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The escaping spelled out one character at a time; the fast one must agree.
    fn js_single_quoted_by_chars(text: &str) -> String {
        text.chars()
            .map(|c| match c {
                '\\' => "\\\\".to_string(),
                '\'' => "\\'".to_string(),
                '\n' => "\\n".to_string(),
                '\r' => "\\r".to_string(),
                '<' => "\\u003c".to_string(),
                '\u{2028}' => "\\u2028".to_string(),
                '\u{2029}' => "\\u2029".to_string(),
                c => c.to_string(),
            })
            .collect()
    }

    #[test]
    fn index_escaping_agrees_with_the_plain_definition() {
        let texts = [
            "",
            "plain text only",
            "\\\\''\n\r<<\u{2028}\u{2029}",
            "a\\b'c\nd\re<f\u{2028}g\u{2029}h",
            "{\"t\":\"coder's \\\"desk\\\" </script>\"}\u{2028}",
            "ends with \u{2027}",
            "€–…\u{2028}€'",
            "x\n",
            "\u{2029}",
        ];
        for text in texts {
            assert_eq!(
                js_single_quoted(text),
                js_single_quoted_by_chars(text),
                "{text:?}"
            );
        }
    }

    fn doc(title: &str, body: &str) -> SearchDoc {
        SearchDoc {
            path: format!("roles/{}/", slug::slugify(title)),
            title: title.into(),
            also_called: vec![],
            job_titles: vec![],
            summary: String::new(),
            headings: vec![],
            body: body.into(),
            facets: DocFacets {
                kind: FacetValue::new("role", "Role", 0),
                ..DocFacets::default()
            },
        }
    }

    /// Every shard's trie merged back gives elasticlunr-rs's own tries, byte for byte in
    /// meaning: nothing is lost or duplicated by cutting.
    #[test]
    fn shards_merge_back_into_the_original_index() {
        let words = [
            "coder",
            "coders",
            "coding",
            "code",
            "cdi",
            "clinical",
            "compliance",
            "audit",
            "auditor",
            "record",
            "records",
            "registrar",
            "zebra",
            "émigré",
        ];
        let docs: Vec<SearchDoc> = (0..40)
            .map(|n| {
                let body: Vec<&str> = (0..30)
                    .map(|k| words[(n * 7 + k * k) % words.len()])
                    .collect();
                doc(
                    &format!("Role {n} {}", words[n % words.len()]),
                    &body.join(" "),
                )
            })
            .collect();
        let refs: Vec<&SearchDoc> = docs.iter().collect();
        let lunr_json = serde_json::to_string(&build_lunr(&refs, 0)).unwrap();
        let original: serde_json::Value = serde_json::from_str(&lunr_json).unwrap();
        let names: Vec<&str> = FIELDS.iter().map(|(n, _)| *n).collect();
        let lunr = trie::build(&refs, 0, &names);
        for (_, fields, _) in GROUPS {
            // A tiny target forces many shards.
            let shards = shard::cut(
                &lunr,
                &shard::ShardPlan {
                    fields,
                    target: 300,
                },
            );
            assert!(shards.len() > 3, "expected several shards");
            assert_eq!(shards[0].first, "");
            for pair in shards.windows(2) {
                assert_eq!(
                    shard::js_cmp(&pair[0].first, &pair[1].first),
                    std::cmp::Ordering::Less
                );
            }
            let values: Vec<serde_json::Value> = shards
                .iter()
                .map(|s| serde_json::from_str(&s.json).unwrap())
                .collect();
            let merged = shard::merge_shards(&values);
            for field in fields {
                assert_eq!(
                    merged[*field], original["index"][*field]["root"],
                    "field {field} differs after merging its shards"
                );
            }
        }
    }

    /// The direct trie build gives exactly what elasticlunr-rs gives for the same documents:
    /// every field's trie (postings in elasticlunr's order, term frequencies formatted alike,
    /// document frequencies) and the document store's field lengths.
    #[test]
    fn the_direct_build_equals_elasticlunr_rs() {
        let words = [
            "alpha", "beta", "gamma", "delta", "alphabet", "al", "beth", "the", "émigré", "x",
        ];
        let docs: Vec<SearchDoc> = (0..23)
            .map(|n| {
                let body: Vec<&str> = (0..12)
                    .map(|k| words[(n * 3 + k * k) % words.len()])
                    .collect();
                let mut d = doc(
                    &format!("Doc {} {}", n, words[n % words.len()]),
                    &body.join(" "),
                );
                d.also_called = vec![format!("Alias {}", words[(n + 2) % words.len()])];
                d.headings = vec!["Beta heading".into(), words[n % 4].into()];
                d
            })
            .collect();
        let refs: Vec<&SearchDoc> = docs.iter().collect();
        let theirs: serde_json::Value =
            serde_json::from_str(&serde_json::to_string(&build_lunr(&refs, 0)).unwrap()).unwrap();
        let names: Vec<&str> = FIELDS.iter().map(|(n, _)| *n).collect();
        let ours = trie::build(&refs, 0, &names);
        assert_eq!(ours.lengths.len(), 23);
        let doc_info: BTreeMap<String, BTreeMap<&str, usize>> = ours
            .lengths
            .iter()
            .enumerate()
            .map(|(n, per_field)| {
                (
                    n.to_string(),
                    names
                        .iter()
                        .copied()
                        .zip(per_field.iter().copied())
                        .collect(),
                )
            })
            .collect();
        assert_eq!(
            serde_json::to_value(&doc_info).unwrap(),
            theirs["documentStore"]["docInfo"]
        );
        assert_eq!(ours.fields, names);
        for field in &names {
            let shards = shard::cut(
                &ours,
                &shard::ShardPlan {
                    fields: &[field],
                    target: usize::MAX,
                },
            );
            let merged = shard::merge_shards(&[serde_json::from_str(&shards[0].json).unwrap()]);
            assert_eq!(
                merged[*field], theirs["index"][*field]["root"],
                "field {field}"
            );
        }
        assert!(
            theirs["index"]["body"]["root"]["a"]["l"]["docs"]
                .as_object()
                .is_some()
        );
    }

    #[test]
    fn a_term_lives_in_the_last_shard_starting_at_or_before_it() {
        let docs: Vec<SearchDoc> = ["alpha beta", "gamma delta", "epsilon zeta", "eta theta"]
            .iter()
            .map(|b| doc("x", b))
            .collect();
        let refs: Vec<&SearchDoc> = docs.iter().collect();
        let lunr: shard::LunrIndex =
            serde_json::from_str(&serde_json::to_string(&build_lunr(&refs, 0)).unwrap()).unwrap();
        let shards = shard::cut(
            &shard::flatten(&lunr, docs.len()),
            &shard::ShardPlan {
                fields: &["body"],
                target: 1,
            },
        );
        // One term per shard with a target of one byte.
        let firsts: Vec<&str> = shards.iter().map(|s| s.first.as_str()).collect();
        assert_eq!(
            firsts,
            [
                "", "beta", "delta", "epsilon", "eta", "gamma", "theta", "zeta"
            ]
        );
        assert!(
            shards[3]
                .json
                .contains(r#""n":{"docs":{"2":{"tf":1.0}},"df":1"#)
        );
    }

    #[test]
    fn quoted_json_survives_quotes_backslashes_and_line_separators() {
        let json = serde_json::json!({"t": "it's a \"test\" \\ path\nline \u{2028}"}).to_string();
        let quoted = js_single_quoted(&json);
        assert!(!quoted.contains('\n') && !quoted.contains('\u{2028}'));
        assert!(!js_single_quoted("</script>").contains('<'));
        // Characters that share the first bytes of U+2028 and U+2029 pass through whole.
        assert_eq!(
            js_single_quoted("€ 10–20 \u{2029}\u{2027}…"),
            "€ 10–20 \\u2029\u{2027}…"
        );
        // Every quote is escaped: no unescaped `'` ends the string early.
        let bytes = quoted.as_bytes();
        for (i, b) in bytes.iter().enumerate() {
            if *b == b'\'' {
                let backslashes = bytes[..i].iter().rev().take_while(|c| **c == b'\\').count();
                assert_eq!(backslashes % 2, 1, "unescaped quote at {i} in {quoted}");
            }
        }
    }

    /// The index files of `indexed`, by path.
    fn files_of(indexed: IndexedDocs) -> Vec<(String, Vec<u8>)> {
        let sink = crate::sink::MemorySink::default();
        write_indexed(indexed, &sink).unwrap();
        let mut files: Vec<(String, Vec<u8>)> = sink
            .into_files()
            .into_iter()
            .map(|(k, v)| (k, v.to_vec()))
            .collect();
        files.sort();
        files
    }

    /// Indexing documents in groups (as a build does while pages render) and joining the
    /// groups gives the same files as indexing them all at once, whatever the group size.
    #[test]
    fn documents_indexed_in_groups_give_the_same_index() {
        let words = [
            "coder",
            "audit",
            "records",
            "privacy",
            "registrar",
            "data",
            "cdi",
        ];
        let docs: Vec<SearchDoc> = (0..37)
            .map(|n| {
                let body: Vec<&str> = (0..20).map(|k| words[(n * 5 + k * k) % 7]).collect();
                let mut d = doc(&format!("Role {n} {}", words[n % 7]), &body.join(" "));
                d.headings = vec![words[(n + 3) % 7].into()];
                d.facets.level = Some(FacetValue::new("entry", "Entry", n as i64 % 3));
                // Values first met in different groups, in different orders.
                d.facets.settings = (0..n % 4)
                    .map(|k| FacetValue::new(format!("s{}", (n + k) % 5), "S", 0))
                    .collect();
                d.facets.pay = (n % 3 > 0).then(|| Pay {
                    annual_median: 40_000.0 + n as f64,
                    currency: if n % 5 == 0 { "CAD" } else { "USD" }.into(),
                    text: String::new(),
                    shared: None,
                });
                d
            })
            .collect();
        let refs: Vec<&SearchDoc> = docs.iter().collect();
        let whole = files_of(IndexedDocs::of(&refs, 0).unwrap());
        assert!(whole.len() > 3);
        for size in [1, 5, 36] {
            let grouped = refs
                .chunks(size)
                .enumerate()
                .map(|(g, group)| IndexedDocs::of(group, g * size))
                .fold(Ok(IndexedDocs::empty()), IndexedDocs::join_results)
                .unwrap();
            assert_eq!(grouped.len(), 37);
            assert!(files_of(grouped) == whole, "groups of {size}");
        }
    }
}
