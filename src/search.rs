//! Search: the client-side index, built at build time with elasticlunr-rs.
//!
//! Each page yields a [`SearchDoc`]: its searchable text by field (title, other names,
//! summary, headings, body) and its facts for facets (kind, level, area, education, settings,
//! certifications, median salary, tags). The index is written under `search-index/` both as
//! JSON (for `fetch`) and as a `.js` file that a `<script>` tag can load from `file://`.

use serde::Serialize;

use crate::link::Site;
use crate::markdown::RenderedMarkdown;
use crate::model::Kind;
use crate::render::Sink;

/// How many words of a page's body go into the index and the snippet store. Enough for every
/// bundled page; keeps the payload small on large sites.
pub const BODY_WORDS: usize = 400;

/// What one page contributes to search.
#[derive(Debug, Clone, Serialize)]
pub struct SearchDoc {
    pub path: String,
    pub title: String,
    pub kind: &'static str,
    pub also_called: Vec<String>,
    pub summary: String,
    pub headings: Vec<String>,
    pub body: String,
    pub level: Option<&'static str>,
    pub area: Option<String>,
    pub education: Option<String>,
    pub settings: Vec<String>,
    pub certifications: Vec<String>,
    pub median: Option<f64>,
    pub tags: Vec<String>,
}

/// Builds page `i`'s search document from its rendered body.
pub fn document(site: &Site, i: usize, md: &RenderedMarkdown) -> SearchDoc {
    let page = &site.pages[i];
    let r = &site.relations[i];
    let role = page.role();
    let slug_of = |j: usize| site.pages[j].slug.clone();
    SearchDoc {
        path: page.path.clone(),
        title: page.common.title.clone(),
        kind: page.kind.name(),
        also_called: role.map(|r| r.also_called.clone()).unwrap_or_default(),
        summary: page
            .common
            .summary
            .clone()
            .or_else(|| page.common.description.clone())
            .unwrap_or_default(),
        headings: md.headings.iter().map(|h| h.title.clone()).collect(),
        body: crate::render::view::truncate_words(&md.plain_text, BODY_WORDS),
        level: role.map(|r| r.level.slug()),
        area: r
            .area
            .map(|a| site.config.areas[a].slug.clone())
            .or_else(|| role.and_then(|r| r.area.as_ref()).map(|a| a.value.clone())),
        education: r.education.map(slug_of).filter(|_| page.kind == Kind::Role),
        settings: r.settings.iter().map(|&j| slug_of(j)).collect(),
        certifications: r.certifications.iter().map(|&j| slug_of(j)).collect(),
        median: role.and_then(|r| r.salary.as_ref()).map(|s| s.value.median),
        tags: page
            .common
            .tags
            .iter()
            .map(|t| slug::slugify(&t.value))
            .collect(),
    }
}

/// Writes the index and the document store. Returns the number of files written.
pub fn write_index(docs: &[SearchDoc], sink: &dyn Sink) -> std::io::Result<usize> {
    let mut index = elasticlunr::IndexBuilder::new()
        .save_docs(false)
        .add_fields(["title", "also_called", "summary", "headings", "body"])
        .set_ref("id")
        .build();
    for (n, d) in docs.iter().enumerate() {
        index.add_doc(
            &n.to_string(),
            [
                d.title.as_str(),
                &d.also_called.join(" "),
                &d.summary,
                &d.headings.join(" "),
                &d.body,
            ],
        );
    }
    let index_json = serde_json::to_string(&index).map_err(std::io::Error::other)?;
    let docs_json = serde_json::to_string(docs).map_err(std::io::Error::other)?;
    sink.put("search-index/index.json", index_json.as_bytes())?;
    sink.put("search-index/docs.json", docs_json.as_bytes())?;
    let js = format!(
        "window.careerguideSearch={{index:{},docs:{}}};\n",
        crate::render::jsonld::script_safe_json(
            &serde_json::from_str(&index_json).unwrap_or_default()
        ),
        crate::render::jsonld::script_safe_json(
            &serde_json::from_str(&docs_json).unwrap_or_default()
        )
    );
    sink.put("search-index/index.js", js.as_bytes())?;
    Ok(3)
}
