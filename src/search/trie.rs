//! Trie: the elasticlunr index of a site's documents, built directly.
//!
//! Why by hand: elasticlunr-rs builds the same index, but with a `BTreeMap` per trie node and a
//! `String` per posting, and the only way to read its tries back out is to serialise the whole
//! index to JSON and parse it again. On a 1,000-page guide that was 60% of a build's work
//! (measured with callgrind; see docs/benchmarks.md), and it grows with the site. This module
//! applies elasticlunr's algorithm — each field's terms (our [`super::text`] rules, pipeline
//! `trimmer`), term frequency `sqrt(count)`, a document frequency per term node, field lengths in
//! the document store — to produce exactly the tries elasticlunr-rs writes: a test builds both
//! from the same documents and compares them byte for byte, and elasticlunr.js 0.9.5 loads the
//! result (tests/js/search.core.test.js). Documents are tokenised on all cores.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use super::SearchDoc;
use super::shard::{DocumentStore, FieldIndex, LunrIndex, Node};
use super::text;

/// The field texts of a document, in [`super::FIELDS`] order.
pub fn field_texts(d: &SearchDoc) -> [String; 5] {
    [
        d.title.clone(),
        d.also_called.join(" · "),
        d.summary.clone(),
        d.headings.join(" · "),
        d.body.clone(),
    ]
}

/// One document's terms per field: (term, count) sorted by term, and the field's length.
type DocTerms = Vec<(Vec<(String, u32)>, usize)>;

fn doc_terms(d: &SearchDoc) -> DocTerms {
    field_texts(d)
        .iter()
        .map(|t| {
            let tokens = text::tokenize(t);
            let len = tokens.len();
            let mut counts: HashMap<String, u32> = HashMap::with_capacity(tokens.len());
            for tok in tokens {
                *counts.entry(tok).or_insert(0) += 1;
            }
            let mut v: Vec<(String, u32)> = counts.into_iter().collect();
            v.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            (v, len)
        })
        .collect()
}

/// A trie node while building: postings as (document ref, tf).
#[derive(Default)]
struct Building {
    docs: Vec<(String, f64)>,
    children: BTreeMap<char, Building>,
}

impl Building {
    fn add(&mut self, term: &str, doc_ref: &str, tf: f64) {
        let mut node = self;
        for c in term.chars() {
            node = node.children.entry(c).or_default();
        }
        node.docs.push((doc_ref.to_string(), tf));
    }

    /// The finished node: `docs` as elasticlunr-rs serialises them (keys in string order).
    fn finish(mut self) -> Node {
        self.docs.sort_by(|a, b| a.0.cmp(&b.0));
        self.docs.dedup_by(|a, b| a.0 == b.0);
        let mut docs = String::with_capacity(2 + self.docs.len() * 20);
        docs.push('{');
        for (k, (r, tf)) in self.docs.iter().enumerate() {
            if k > 0 {
                docs.push(',');
            }
            docs.push('"');
            docs.push_str(r);
            docs.push_str("\":{\"tf\":");
            docs.push_str(&serde_json::to_string(tf).unwrap_or_else(|_| "1.0".into()));
            docs.push('}');
        }
        docs.push('}');
        Node {
            df: self.docs.len() as i64,
            docs: docs.into_boxed_str(),
            children: self
                .children
                .into_iter()
                .map(|(c, b)| (c, b.finish()))
                .collect(),
        }
    }
}

/// The index of `docs`, whose refs are `first`, `first + 1`, … in order.
pub fn build(docs: &[&SearchDoc], first: usize, fields: &[&str]) -> LunrIndex {
    let terms: Vec<DocTerms> = docs.par_iter().map(|d| doc_terms(d)).collect();
    let mut roots: Vec<Building> = fields.iter().map(|_| Building::default()).collect();
    let mut doc_info: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for (n, per_field) in terms.iter().enumerate() {
        let doc_ref = (first + n).to_string();
        let mut lengths = BTreeMap::new();
        for (f, (counts, len)) in per_field.iter().enumerate().take(fields.len()) {
            lengths.insert(fields[f].to_string(), *len);
            for (term, count) in counts {
                roots[f].add(term, &doc_ref, (*count as f64).sqrt());
            }
        }
        doc_info.insert(doc_ref, lengths);
    }
    let index = fields
        .iter()
        .zip(roots)
        .map(|(name, root)| {
            (
                name.to_string(),
                FieldIndex {
                    root: root.finish(),
                },
            )
        })
        .collect();
    LunrIndex {
        fields: fields.iter().map(|f| f.to_string()).collect(),
        pipeline: vec!["trimmer".to_string()],
        ref_field: "id".to_string(),
        version: elasticlunr::ELASTICLUNR_VERSION.to_string(),
        lang: "English".to_string(),
        index,
        document_store: DocumentStore {
            save: false,
            length: docs.len(),
            doc_info,
        },
    }
}
