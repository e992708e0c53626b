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

use rayon::prelude::*;

use super::SearchDoc;
use super::text;

/// The field texts of a document, in [`super::FIELDS`] order.
pub fn field_texts(d: &SearchDoc) -> [std::borrow::Cow<'_, str>; 5] {
    use std::borrow::Cow;
    [
        Cow::Borrowed(d.title.as_str()),
        Cow::Owned(d.also_called.join(" · ")),
        Cow::Borrowed(d.summary.as_str()),
        Cow::Owned(d.headings.join(" · ")),
        Cow::Borrowed(d.body.as_str()),
    ]
}

/// One term of a field: its text and its postings, (document number, count) in the order
/// elasticlunr writes them (document refs in string order). Postings are kept compact and
/// written out as JSON only when a shard is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub text: String,
    pub postings: Vec<(u32, u32)>,
}

/// One field's terms, sorted by byte order (which is code point order, the order of a trie's
/// children).
#[derive(Debug, Default)]
pub struct FieldTerms {
    pub terms: Vec<Term>,
}

/// The index: per field (in the order asked for) its terms, per document the length of each
/// field in terms (elasticlunr's `docInfo`), and what postings are written with.
#[derive(Debug)]
pub struct TermIndex {
    pub fields: Vec<String>,
    pub terms: Vec<FieldTerms>,
    pub lengths: Vec<Vec<usize>>,
    /// Each document's ref.
    pub refs: Vec<String>,
    tf: TfText,
}

impl TermIndex {
    /// The terms of field `name`.
    pub fn field(&self, name: &str) -> Option<&FieldTerms> {
        self.fields
            .iter()
            .position(|f| f == name)
            .map(|k| &self.terms[k])
    }

    /// Appends a term's postings as elasticlunr writes them: `{"ref":{"tf":x},…}`.
    pub fn write_docs(&self, term: &Term, out: &mut String) {
        out.push('{');
        for (k, &(n, count)) in term.postings.iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            out.push('"');
            out.push_str(&self.refs[n as usize]);
            out.push_str("\":{\"tf\":");
            out.push_str(&self.tf.get(count));
            out.push('}');
        }
        out.push('}');
    }

    /// How many bytes [`TermIndex::write_docs`] writes for `term`.
    pub fn docs_len(&self, term: &Term) -> usize {
        let entries: usize = term
            .postings
            .iter()
            .map(|&(n, count)| self.refs[n as usize].len() + self.tf.get(count).len() + 10)
            .sum();
        2 + entries + term.postings.len().saturating_sub(1)
    }

    /// An index of the given terms (postings as (document, count)) over documents `0..docs`,
    /// for tests that compare other indexes with ours.
    #[cfg(test)]
    pub fn from_terms(fields: Vec<String>, terms: Vec<FieldTerms>, docs: usize) -> TermIndex {
        let refs: Vec<String> = (0..docs).map(|n| n.to_string()).collect();
        TermIndex {
            fields,
            terms,
            lengths: Vec::new(),
            refs,
            tf: TfText::new(),
        }
    }
}

/// `sqrt(count)` as elasticlunr-rs writes it (serde_json's shortest round-trip form), cached for
/// the small counts that nearly every posting has.
#[derive(Debug)]
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

/// Documents are indexed in chunks of this many, one chunk per task, and the chunks' postings
/// joined in document order.
pub const CHUNK: usize = 512;

/// Postings of one field: term → (document, count), documents in increasing order.
type Postings = HashMap<Box<str>, Vec<(u32, u32)>, foldhash::fast::FixedState>;

/// The postings and field lengths of a run of consecutive documents.
pub struct Partial {
    maps: Vec<Postings>,
    lengths: Vec<Vec<usize>>,
}

impl Partial {
    pub fn empty(fields: usize) -> Partial {
        Partial {
            maps: (0..fields).map(|_| Postings::default()).collect(),
            lengths: Vec::new(),
        }
    }

    /// Indexes `docs`, numbered from `first` (their positions among all the documents). Each term occurrence goes straight into the
    /// field's postings: documents come in order, so a term seen again in the same document
    /// only adds to the count of its last posting. No per-document word lists or maps.
    pub fn of(docs: &[&SearchDoc], first: usize, fields: usize) -> Partial {
        let mut part = Partial::empty(fields);
        part.lengths.reserve(docs.len());
        for (k, d) in docs.iter().enumerate() {
            let n = (first + k) as u32;
            let mut lengths = Vec::with_capacity(fields);
            for (map, text) in part.maps.iter_mut().zip(field_texts(d).iter()) {
                let mut len = 0;
                text::for_each_term(text, |term| {
                    len += 1;
                    match map.get_mut(term) {
                        Some(list) => match list.last_mut() {
                            Some(last) if last.0 == n => last.1 += 1,
                            _ => list.push((n, 1)),
                        },
                        None => {
                            map.insert(term.into(), vec![(n, 1)]);
                        }
                    }
                });
                lengths.push(len);
            }
            part.lengths.push(lengths);
        }
        part
    }

    /// `self` followed by `later`, whose documents all come after this one's.
    pub fn join(mut self, later: Partial) -> Partial {
        // rayon's reduce puts empty partials (its identity) between real ones: pass the other
        // side through instead of moving every posting into empty maps.
        if later.lengths.is_empty() {
            return self;
        }
        if self.lengths.is_empty() {
            return later;
        }
        self.maps
            .par_iter_mut()
            .zip(later.maps)
            .for_each(|(map, later_map)| {
                for (term, list) in later_map {
                    match map.get_mut(&term) {
                        Some(earlier) => earlier.extend(list),
                        None => {
                            map.insert(term, list);
                        }
                    }
                }
            });
        self.lengths.extend(later.lengths);
        self
    }
}

/// The index of `docs`, whose refs are `first`, `first + 1`, … in order, for the first
/// `fields.len()` fields of [`field_texts`].
#[cfg(test)]
pub fn build(docs: &[&SearchDoc], first: usize, fields: &[&str]) -> TermIndex {
    let part = docs
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(c, chunk)| Partial::of(chunk, c * CHUNK, fields.len()))
        .reduce(|| Partial::empty(fields.len()), Partial::join);
    TermIndex::from_partial(part, first, fields)
}

impl TermIndex {
    /// The index of the documents `part` holds (numbered from 0 in its postings), whose refs are
    /// `first`, `first + 1`, … in order.
    pub fn from_partial(part: Partial, first: usize, fields: &[&str]) -> TermIndex {
        let Partial { maps, lengths } = part;
        if std::env::var_os("CG_DEBUG_POSTINGS").is_some() {
            for m in &maps {
                let n: usize = m.values().map(|v| v.len()).sum();
                let c: usize = m.values().map(|v| v.capacity()).sum();
                let k: usize = m.keys().map(|k| k.len()).sum();
                eprintln!(
                    "terms {} key bytes {} postings {} capacity {}",
                    m.len(),
                    k,
                    n,
                    c
                );
            }
        }
        let docs = lengths.len();
        let refs: Vec<String> = (0..docs).map(|n| (first + n).to_string()).collect();
        // elasticlunr keeps a term's postings in a map keyed by ref, written in string order.
        let mut rank = vec![0u32; docs];
        let mut by_ref: Vec<usize> = (0..docs).collect();
        by_ref.sort_by(|&a, &b| refs[a].cmp(&refs[b]));
        for (r, &n) in by_ref.iter().enumerate() {
            rank[n] = r as u32;
        }
        let terms: Vec<FieldTerms> = maps
            .into_par_iter()
            .take(fields.len())
            .map(|map| {
                let mut terms: Vec<Term> = map
                    .into_iter()
                    .map(|(text, mut postings)| {
                        postings.sort_unstable_by_key(|&(n, _)| rank[n as usize]);
                        postings.shrink_to_fit();
                        Term {
                            text: text.into(),
                            postings,
                        }
                    })
                    .collect();
                terms.sort_unstable_by(|a, b| a.text.cmp(&b.text));
                FieldTerms { terms }
            })
            .collect();
        TermIndex {
            fields: fields.iter().map(|f| f.to_string()).collect(),
            terms,
            lengths,
            refs,
            tf: TfText::new(),
        }
    }
}
