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
    pub postings: Postings,
}

/// A term's postings, (document number, count in the document), in five bytes each: the
/// document as a `u32` and the count as a byte; the rare count over 254 is kept beside them.
/// A site's postings are most of what its index holds while pages render (some ten million
/// at 50,000 pages, nearly all with a count under ten); as `(u32, u32)` pairs in growing
/// vectors they took 110 MB there.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Postings {
    docs: Vec<u32>,
    counts: Vec<u8>,
    /// (document, count) for each posting whose count is [`Postings::BIG`], by document.
    big: Vec<(u32, u32)>,
}

impl Postings {
    /// The count byte of a posting whose count is in `big`.
    const BIG: u8 = u8::MAX;

    /// Postings from (document, count) pairs.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (u32, u32)>) -> Postings {
        let mut out = Postings::default();
        for (doc, count) in pairs {
            out.push(doc, count);
        }
        out.big.sort_unstable();
        out
    }

    fn push(&mut self, doc: u32, count: u32) {
        self.docs.push(doc);
        match u8::try_from(count) {
            Ok(c) if c < Self::BIG => self.counts.push(c),
            _ => {
                self.counts.push(Self::BIG);
                self.big.push((doc, count));
            }
        }
    }

    /// One more occurrence in document `doc`, which is the last document or comes after it.
    fn add(&mut self, doc: u32) {
        let (Some(&last), Some(count)) = (self.docs.last(), self.counts.last_mut()) else {
            self.push(doc, 1);
            return;
        };
        if last != doc {
            self.push(doc, 1);
        } else if *count < Self::BIG - 1 {
            *count += 1;
        } else if *count == Self::BIG - 1 {
            *count = Self::BIG;
            self.big.push((doc, u32::from(Self::BIG)));
        } else if let Some(big) = self.big.last_mut() {
            big.1 += 1;
        }
    }

    /// How many documents.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// (document, count) in order.
    pub fn iter(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.docs.iter().zip(&self.counts).map(|(&doc, &count)| {
            let count = if count == Self::BIG {
                self.big
                    .binary_search_by_key(&doc, |b| b.0)
                    .map_or(u32::from(Self::BIG), |k| self.big[k].1)
            } else {
                u32::from(count)
            };
            (doc, count)
        })
    }

    /// `later`'s postings after these (its documents all come after these). Grown to the exact
    /// length, not doubled: joins come in a tree, so a term's list grows a few times, and at
    /// 50,000 pages doubling left a third of the postings' memory unused.
    fn extend(&mut self, later: Postings) {
        self.docs.reserve_exact(later.docs.len());
        self.counts.reserve_exact(later.counts.len());
        self.docs.extend(later.docs);
        self.counts.extend(later.counts);
        self.big.extend(later.big);
    }

    /// Puts the postings in the order of `rank[document]`, and frees unused capacity.
    fn sort_by_rank(&mut self, rank: &[u32]) {
        let mut order: Vec<(u32, u32, u8)> = self
            .docs
            .iter()
            .zip(&self.counts)
            .map(|(&doc, &count)| (rank[doc as usize], doc, count))
            .collect();
        order.sort_unstable_by_key(|o| o.0);
        self.docs.clear();
        self.counts.clear();
        self.docs.extend(order.iter().map(|o| o.1));
        self.counts.extend(order.iter().map(|o| o.2));
        self.docs.shrink_to_fit();
        self.counts.shrink_to_fit();
    }
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
        for (k, (n, count)) in term.postings.iter().enumerate() {
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
            .map(|(n, count)| self.refs[n as usize].len() + self.tf.get(count).len() + 10)
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

/// Postings of one field by term, documents in increasing order.
type FieldPostings = HashMap<Box<str>, Postings, foldhash::fast::FixedState>;

/// The postings and field lengths of a run of consecutive documents.
pub struct Partial {
    maps: Vec<FieldPostings>,
    lengths: Vec<Vec<usize>>,
}

impl Partial {
    pub fn empty(fields: usize) -> Partial {
        Partial {
            maps: (0..fields).map(|_| FieldPostings::default()).collect(),
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
                        Some(list) => list.add(n),
                        None => {
                            map.insert(term.into(), Postings::from_pairs([(n, 1)]));
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
                        postings.sort_by_rank(&rank);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts past what a byte holds come back exact, however they were reached, and stay
    /// with their documents when the postings are put in ref order.
    #[test]
    fn postings_keep_every_count_exact() {
        let mut built = Postings::default();
        let counts = [
            (3u32, 1u32),
            (7, 254),
            (8, 255),
            (9, 256),
            (12, 1000),
            (13, 2),
        ];
        for &(doc, count) in &counts {
            for _ in 0..count {
                built.add(doc);
            }
        }
        assert_eq!(built.iter().collect::<Vec<_>>(), counts);
        assert_eq!(built, Postings::from_pairs(counts));
        assert_eq!(built.len(), 6);
        let mut joined = Postings::from_pairs(counts[..3].iter().copied());
        joined.extend(Postings::from_pairs(counts[3..].iter().copied()));
        assert_eq!(joined, built);
        // Refs in string order: "12" < "13" < "3" < "7" < "8" < "9".
        let mut rank = vec![0u32; 14];
        for (r, doc) in [12, 13, 3, 7, 8, 9].into_iter().enumerate() {
            rank[doc] = r as u32;
        }
        built.sort_by_rank(&rank);
        assert_eq!(
            built.iter().collect::<Vec<_>>(),
            [(12, 1000), (13, 2), (3, 1), (7, 254), (8, 255), (9, 256)]
        );
    }
}
