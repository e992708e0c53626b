//! Trie: the elasticlunr index of a site's documents, built directly as sorted term lists.
//!
//! Why by hand: elasticlunr-rs builds the same index, but with a `BTreeMap` per trie node and a
//! `String` per posting, and the only way to read its tries back out is to serialise the whole
//! index to JSON and parse it again. On a 1,000-page guide that was 60% of a build's work
//! (measured with callgrind; see docs/benchmarks.md), and it grows with the site.
//!
//! An elasticlunr trie is fully described by its terms: each term's node holds the term's
//! postings (`docs`) and document frequency (`df`), and every other node on the way is empty.
//! So this module keeps, per field, the terms sorted in byte order with their postings already
//! written as elasticlunr JSON, and [`super::shard`] writes trie JSON straight from slices of
//! that list. It applies elasticlunr's algorithm — each field's terms (our [`super::text`]
//! rules, pipeline `trimmer`), term frequency `sqrt(count)`, postings keyed by document ref in
//! string order, field lengths in the document store — and a test builds the index with
//! elasticlunr-rs from the same documents and compares the tries; elasticlunr.js 0.9.5 loads
//! the result (tests/js/search.core.test.js). Documents are tokenised on all cores, and the
//! fields are indexed side by side.

use std::collections::HashMap;
use std::fmt::Write as _;

use rayon::prelude::*;

use super::SearchDoc;
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

/// One term of a field: its text, how many documents have it, and its postings as the JSON
/// object elasticlunr writes (`{"ref":{"tf":x},…}`, refs in string order).
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub text: String,
    pub df: usize,
    pub docs: Box<str>,
}

/// One field's terms, sorted by byte order (which is code point order, the order of a trie's
/// children).
#[derive(Debug, Default)]
pub struct FieldTerms {
    pub terms: Vec<Term>,
}

impl FieldTerms {
    /// The term `text`, if the field has it.
    pub fn get(&self, text: &str) -> Option<&Term> {
        self.terms
            .binary_search_by(|t| t.text.as_str().cmp(text))
            .ok()
            .map(|k| &self.terms[k])
    }
}

/// The index: per field (in the order asked for) its terms, and per document the length of
/// each field in terms (elasticlunr's `docInfo`).
#[derive(Debug)]
pub struct TermIndex {
    pub fields: Vec<String>,
    pub terms: Vec<FieldTerms>,
    pub lengths: Vec<Vec<usize>>,
}

impl TermIndex {
    /// The terms of field `name`.
    pub fn field(&self, name: &str) -> Option<&FieldTerms> {
        self.fields
            .iter()
            .position(|f| f == name)
            .map(|k| &self.terms[k])
    }
}

/// One document's terms per field: (term, count) and the field's length.
type DocTerms = Vec<(Vec<(String, u32)>, usize)>;

fn doc_terms(d: &SearchDoc, fields: usize) -> DocTerms {
    field_texts(d)
        .iter()
        .take(fields)
        .map(|t| {
            let tokens = text::tokenize(t);
            let len = tokens.len();
            let mut counts: HashMap<String, u32, foldhash::fast::FixedState> =
                HashMap::with_capacity_and_hasher(tokens.len(), Default::default());
            for tok in tokens {
                *counts.entry(tok).or_insert(0) += 1;
            }
            (counts.into_iter().collect(), len)
        })
        .collect()
}

/// `sqrt(count)` as elasticlunr-rs writes it (serde_json's shortest round-trip form), cached for
/// the small counts that nearly every posting has.
struct TfText(Vec<String>);

impl TfText {
    fn new() -> Self {
        TfText((0..512u32).map(tf_text).collect())
    }
    fn get(&self, count: u32) -> std::borrow::Cow<'_, str> {
        match self.0.get(count as usize) {
            Some(s) => std::borrow::Cow::Borrowed(s),
            None => std::borrow::Cow::Owned(tf_text(count)),
        }
    }
}

fn tf_text(count: u32) -> String {
    serde_json::to_string(&f64::from(count).sqrt()).unwrap_or_else(|_| "1.0".into())
}

/// The index of `docs`, whose refs are `first`, `first + 1`, … in order, for the first
/// `fields.len()` fields of [`field_texts`].
pub fn build(docs: &[&SearchDoc], first: usize, fields: &[&str]) -> TermIndex {
    let per_doc: Vec<DocTerms> = docs
        .par_iter()
        .map(|d| doc_terms(d, fields.len()))
        .collect();
    let refs: Vec<String> = (0..docs.len()).map(|n| (first + n).to_string()).collect();
    // elasticlunr keeps a term's postings in a map keyed by ref, written in string order.
    let mut by_ref: Vec<usize> = (0..docs.len()).collect();
    by_ref.sort_by(|&a, &b| refs[a].cmp(&refs[b]));
    let tf = TfText::new();
    let terms: Vec<FieldTerms> = (0..fields.len())
        .into_par_iter()
        .map(|f| field_terms(&per_doc, f, &by_ref, &refs, &tf))
        .collect();
    let lengths = per_doc
        .iter()
        .map(|per_field| per_field.iter().map(|(_, len)| *len).collect())
        .collect();
    TermIndex {
        fields: fields.iter().map(|f| f.to_string()).collect(),
        terms,
        lengths,
    }
}

/// Field `f`'s terms with their postings, documents visited in ref string order.
fn field_terms(
    per_doc: &[DocTerms],
    f: usize,
    by_ref: &[usize],
    refs: &[String],
    tf: &TfText,
) -> FieldTerms {
    let mut postings: HashMap<&str, (usize, String), foldhash::fast::FixedState> =
        HashMap::default();
    for &n in by_ref {
        for (term, count) in &per_doc[n][f].0 {
            let (df, docs) = postings
                .entry(term.as_str())
                .or_insert_with(|| (0, String::from("{")));
            if *df > 0 {
                docs.push(',');
            }
            *df += 1;
            let _ = write!(docs, "\"{}\":{{\"tf\":{}}}", refs[n], tf.get(*count));
        }
    }
    let mut terms: Vec<Term> = postings
        .into_iter()
        .map(|(text, (df, mut docs))| {
            docs.push('}');
            Term {
                text: text.to_string(),
                df,
                docs: docs.into_boxed_str(),
            }
        })
        .collect();
    terms.sort_unstable_by(|a, b| a.text.cmp(&b.text));
    FieldTerms { terms }
}
