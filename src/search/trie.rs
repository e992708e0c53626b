//! Trie: the elasticlunr index of a site's documents, built directly as sorted term lists.
//!
//! Why by hand: elasticlunr-rs builds the same index, but with a `BTreeMap` per trie node and a
//! `String` per posting, and the only way to read its tries back out is to serialise the whole
//! index to JSON and parse it again: most of a build's work, growing with the site.
//!
//! An elasticlunr trie is fully described by its terms: each term's node holds the term's
//! postings (`docs`) and document frequency (`df`), and every other node on the way is empty.
//! So this module keeps, per field, the terms sorted in byte order with their postings already
//! written as elasticlunr JSON, and [`super::shard`] writes trie JSON straight from slices of
//! that list. It applies elasticlunr's algorithm — each field's terms (our [`super::text`]
//! rules, pipeline `trimmer`), term frequency `sqrt(count)`, postings keyed by document ref (in
//! document order), field lengths in the document store — and a test builds the index with
//! elasticlunr-rs from the same documents and compares the tries; elasticlunr.js 0.9.5 loads
//! the result (tests/js/search.core.test.js). Documents are tokenised on all cores, and the
//! fields are indexed side by side.

use crate::FastMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::SearchDoc;
use super::text;

/// The field texts of a document, in [`super::FIELDS`] order.
pub fn field_texts(d: &SearchDoc) -> [std::borrow::Cow<'_, str>; 6] {
    use std::borrow::Cow;
    [
        Cow::Borrowed(d.title.as_str()),
        Cow::Owned(d.also_called.join(" · ")),
        Cow::Owned(d.job_titles.join(" · ")),
        Cow::Borrowed(d.summary.as_str()),
        Cow::Owned(d.headings.join(" · ")),
        Cow::Borrowed(d.body.as_str()),
    ]
}

/// One term of a field: its text and its postings, (document number, count) by document
/// number. They are written out as JSON, in elasticlunr's order, only when a shard is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub text: String,
    pub postings: Postings,
}

/// A term's postings, (document number, count in the document), by document number, in about
/// two bytes each: the documents as the distances between them (LEB128: one byte up to 127)
/// and the counts as a byte each; the rare count over 254 is kept beside them.
///
/// Postings are most of what a site's index holds while pages render (nearly all with a count
/// under ten, in documents close together), so they are packed rather than kept as pairs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Postings {
    /// Each document's distance from the one before (the first's from 0), as LEB128.
    docs: Vec<u8>,
    counts: Vec<u8>,
    /// (document, count) for each posting whose count is [`Postings::BIG`], by document.
    big: Vec<(u32, u32)>,
    /// The last document (when there is one).
    last: u32,
}

/// Appends `value` as unsigned LEB128: seven bits a byte, low bits first, the high bit set on
/// every byte but the last.
fn push_leb128(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// The LEB128 number at the start of `bytes` and how many bytes it took; `(0, 0)` for none.
fn read_leb128(bytes: &[u8]) -> (u32, usize) {
    let mut value = 0u32;
    for (k, &b) in bytes.iter().enumerate().take(5) {
        value |= u32::from(b & 0x7f) << (7 * k);
        if b < 0x80 {
            return (value, k + 1);
        }
    }
    (value, bytes.len().min(5))
}

impl Postings {
    /// The count byte of a posting whose count is in `big`.
    const BIG: u8 = u8::MAX;

    /// Postings from (document, count) pairs, by document.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (u32, u32)>) -> Postings {
        let mut out = Postings::default();
        for (doc, count) in pairs {
            out.push(doc, count);
        }
        out
    }

    /// A posting for `doc`, which comes after the last document.
    fn push(&mut self, doc: u32, count: u32) {
        let gap = if self.counts.is_empty() {
            doc
        } else {
            debug_assert!(doc > self.last, "postings go by document");
            doc.wrapping_sub(self.last)
        };
        push_leb128(&mut self.docs, gap);
        self.last = doc;
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
        let last = self.last;
        let Some(count) = self.counts.last_mut() else {
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
        self.counts.len()
    }

    /// (document, count) by document.
    pub fn iter(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        let mut at = 0;
        let mut doc = 0u32;
        self.counts.iter().map(move |&count| {
            let (gap, used) = read_leb128(&self.docs[at..]);
            at += used;
            doc = doc.wrapping_add(gap);
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
        if later.counts.is_empty() {
            return;
        }
        if self.counts.is_empty() {
            *self = later;
            return;
        }
        // `later` starts from document 0; restate its first document from this last one.
        let (first, used) = read_leb128(&later.docs);
        debug_assert!(first > self.last, "joined postings go by document");
        // Room for the restated gap (at most five bytes) and the rest as it is.
        self.docs
            .reserve_exact(5 + later.docs.len().saturating_sub(used));
        push_leb128(&mut self.docs, first.wrapping_sub(self.last));
        self.docs
            .extend_from_slice(later.docs.get(used..).unwrap_or_default());
        self.counts.reserve_exact(later.counts.len());
        self.counts.extend(later.counts);
        self.big.extend(later.big);
        self.last = later.last;
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
    /// Each document's key in a term's postings, `"ref":{"tf":`, written once per document
    /// rather than in pieces for each of its postings (a 10,000-page index writes some three
    /// million postings).
    posting_keys: Vec<String>,
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

    /// Appends a term's postings as elasticlunr writes them, `{"ref":{"tf":x},…}`, in document
    /// order. (elasticlunr-rs writes them in the refs' string order, "10" before "9"; the order
    /// of a JSON object's keys means nothing to a reader, and JavaScript visits keys like these
    /// in numeric order whatever order they come in, so they are not sorted again.)
    pub fn write_docs(&self, term: &Term, out: &mut String) {
        out.push('{');
        for (k, (n, count)) in term.postings.iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            out.push_str(&self.posting_keys[n as usize]);
            out.push_str(&self.tf.get(count));
        }
        out.push('}');
    }

    /// How many bytes [`TermIndex::write_docs`] writes for `term`.
    pub fn docs_len(&self, term: &Term) -> usize {
        let entries: usize = term
            .postings
            .iter()
            .map(|(n, count)| self.posting_keys[n as usize].len() + self.tf.get(count).len())
            .sum();
        2 + entries + term.postings.len().saturating_sub(1)
    }

    /// An index of the given terms (postings as (document, count)) over documents `0..docs`,
    /// for tests that compare other indexes with ours.
    #[cfg(test)]
    pub fn from_terms(fields: Vec<String>, terms: Vec<FieldTerms>, docs: usize) -> TermIndex {
        TermIndex {
            fields,
            terms,
            lengths: Vec::new(),
            posting_keys: posting_keys(0, docs),
            tf: TfText::new(),
        }
    }
}

/// The postings keys (`"ref":{"tf":`) of documents `first`, `first + 1`, … (`docs` of them).
fn posting_keys(first: usize, docs: usize) -> Vec<String> {
    (first..first + docs)
        .map(|n| format!("\"{n}\":{{\"tf\":"))
        .collect()
}

/// `later`'s postings appended to `into`'s, term by term (its documents all come after these).
fn absorb_map<K: std::hash::Hash + Eq>(
    into: &mut FastMap<K, Postings>,
    later: FastMap<K, Postings>,
) {
    for (key, list) in later {
        match into.get_mut(&key) {
            Some(earlier) => earlier.extend(list),
            None => {
                into.insert(key, list);
            }
        }
    }
}

/// `sqrt(count)` as elasticlunr-rs writes it (serde_json's shortest round-trip form), with the
/// `}` that closes its posting, cached for the small counts that nearly every posting has.
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
    let mut tf = serde_json::to_string(&f64::from(count).sqrt()).unwrap_or_else(|_| "1.0".into());
    tf.push('}');
    tf
}

/// Documents are indexed in chunks of this many, one chunk per task, and the chunks' postings
/// joined in document order.
pub const CHUNK: usize = 512;

/// Postings of one field by term, documents in increasing order.
///
/// A term of up to 16 bytes (nearly every word) is keyed by its bytes packed into an integer
/// ([`ShortTerm`]): finding it hashes and compares two integers, where a string key cost a
/// string hash and a call to `memcmp` for each of the millions of words a large guide indexes,
/// and it needs no allocation of its own. Longer terms keep string keys.
#[derive(Default)]
struct FieldPostings {
    short: FastMap<ShortTerm, Postings>,
    long: FastMap<Box<str>, Postings>,
}

/// A term of at most 16 bytes: its bytes (zero-padded, first byte lowest) and its length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct ShortTerm {
    bytes: u128,
    len: u8,
}

impl ShortTerm {
    fn of(term: &str) -> Option<ShortTerm> {
        Some(ShortTerm {
            bytes: text::pack_le(term.as_bytes())?,
            len: term.len() as u8,
        })
    }

    fn text(self) -> String {
        let bytes = self.bytes.to_le_bytes();
        // The bytes of a whole `&str`: valid UTF-8.
        String::from_utf8_lossy(&bytes[..usize::from(self.len)]).into_owned()
    }
}

impl FieldPostings {
    /// One more occurrence of `term` in document `doc` (the last document seen, or a later one).
    fn add(&mut self, term: &str, doc: u32) {
        if let Some(key) = ShortTerm::of(term) {
            self.short
                .entry(key)
                .and_modify(|list| list.add(doc))
                .or_insert_with(|| Postings::from_pairs([(doc, 1)]));
        } else if let Some(list) = self.long.get_mut(term) {
            list.add(doc);
        } else {
            self.long
                .insert(term.into(), Postings::from_pairs([(doc, 1)]));
        }
    }

    /// `later`'s postings after these (its documents all come after these).
    fn absorb(&mut self, later: FieldPostings) {
        absorb_map(&mut self.short, later.short);
        absorb_map(&mut self.long, later.long);
    }

    /// The terms, sorted by byte order.
    fn into_terms(self) -> Vec<Term> {
        let mut terms: Vec<Term> = self
            .short
            .into_iter()
            .map(|(key, postings)| Term {
                text: key.text(),
                postings,
            })
            .chain(self.long.into_iter().map(|(text, postings)| Term {
                text: text.into(),
                postings,
            }))
            .collect();
        terms.sort_unstable_by(|a, b| a.text.cmp(&b.text));
        terms
    }
}

/// How many distinct short terms a chunk of [`CHUNK`] documents has had, per field: the most any
/// chunk indexed so far in this process has had. A chunk's maps are made that large from the
/// start. Growing them one doubling at a time instead rehashed every term about twice and
/// touched twice the memory (each doubling took fresh pages from the system). Only the maps' capacity
/// depends on it, never what is indexed: chunks run on all cores in any order.
static CHUNK_TERMS: ChunkTerms = ChunkTerms([const { AtomicUsize::new(0) }; MAX_FIELDS]);

/// More fields than any index has (see `super::FIELDS`); a field beyond it gets no estimate.
const MAX_FIELDS: usize = 8;

struct ChunkTerms([AtomicUsize; MAX_FIELDS]);

impl ChunkTerms {
    /// The terms to expect in field `field` of `docs` documents: the most seen in a whole chunk,
    /// in proportion for a shorter one (the last).
    fn expected(&self, field: usize, docs: usize) -> usize {
        self.0.get(field).map_or(0, |seen| {
            seen.load(Ordering::Relaxed) * docs.min(CHUNK) / CHUNK
        })
    }

    /// A chunk of `docs` documents had `terms` distinct short terms in field `field`.
    fn saw(&self, field: usize, terms: usize, docs: usize) {
        if docs == CHUNK
            && let Some(seen) = self.0.get(field)
        {
            seen.fetch_max(terms, Ordering::Relaxed);
        }
    }
}

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

    /// Indexes `docs`, numbered from `first` (their positions among all the documents). Each
    /// term occurrence goes straight into the field's postings: documents come in order, so a
    /// term seen again in the same document only adds to the count of its last posting. No
    /// per-document word lists or maps. The maps start at the size [`CHUNK_TERMS`] expects.
    pub fn of(docs: &[&SearchDoc], first: usize, fields: usize) -> Partial {
        let mut part = Partial::empty(fields);
        for (f, map) in part.maps.iter_mut().enumerate() {
            map.short.reserve(CHUNK_TERMS.expected(f, docs.len()));
        }
        part.lengths.reserve(docs.len());
        for (k, d) in docs.iter().enumerate() {
            let n = (first + k) as u32;
            let mut lengths = Vec::with_capacity(fields);
            for (map, text) in part.maps.iter_mut().zip(field_texts(d).iter()) {
                let mut len = 0;
                text::for_each_term(text, |term| {
                    len += 1;
                    map.add(term, n);
                });
                lengths.push(len);
            }
            part.lengths.push(lengths);
        }
        for (f, map) in part.maps.iter().enumerate() {
            CHUNK_TERMS.saw(f, map.short.len(), docs.len());
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
            .for_each(|(map, later_map)| map.absorb(later_map));
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
        let posting_keys = posting_keys(first, docs);
        let terms: Vec<FieldTerms> = maps
            .into_par_iter()
            .take(fields.len())
            .map(|map| FieldTerms {
                terms: map.into_terms(),
            })
            .collect();
        TermIndex {
            fields: fields.iter().map(|f| f.to_string()).collect(),
            terms,
            lengths,
            posting_keys,
            tf: TfText::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A chunk's maps start as large as the largest whole chunk's so far, in proportion for a
    /// shorter chunk; a short chunk (the last) does not lower or set the estimate, and a field
    /// past the table gets none.
    #[test]
    fn chunk_maps_start_at_the_largest_vocabulary_seen() {
        let terms = ChunkTerms([const { AtomicUsize::new(0) }; MAX_FIELDS]);
        assert_eq!(terms.expected(0, CHUNK), 0, "nothing seen yet");
        terms.saw(0, 1000, CHUNK);
        terms.saw(0, 800, CHUNK);
        terms.saw(0, 5000, CHUNK / 2);
        assert_eq!(terms.expected(0, CHUNK), 1000);
        assert_eq!(terms.expected(0, CHUNK / 4), 250);
        assert_eq!(terms.expected(1, CHUNK), 0, "fields are apart");
        terms.saw(MAX_FIELDS, 10, CHUNK);
        assert_eq!(terms.expected(MAX_FIELDS, CHUNK), 0);
    }

    /// Counts past what a byte holds come back exact, however they were reached, and documents
    /// far apart (gaps of several LEB128 bytes) come back as they went in, also after a join.
    #[test]
    fn postings_keep_every_document_and_count_exact() {
        let mut built = Postings::default();
        let counts = [
            (3u32, 1u32),
            (7, 254),
            (8, 255),
            (9, 256),
            (140, 1000),
            (141, 2),
            (20_000, 3),
            (3_000_000, 1),
            (u32::MAX, 4),
        ];
        for &(doc, count) in &counts {
            for _ in 0..count {
                built.add(doc);
            }
        }
        assert_eq!(built.iter().collect::<Vec<_>>(), counts);
        assert_eq!(built, Postings::from_pairs(counts));
        assert_eq!(built.len(), counts.len());
        for cut in 0..=counts.len() {
            let mut joined = Postings::from_pairs(counts[..cut].iter().copied());
            joined.extend(Postings::from_pairs(counts[cut..].iter().copied()));
            assert_eq!(joined, built, "joined after {cut}");
        }
        // Mostly one byte a document when documents are close.
        let near = Postings::from_pairs((0..1000).map(|d| (d * 3, 1)));
        assert_eq!(near.docs.len(), 1000);
    }

    /// A term of up to 16 bytes comes back from its packed key as it went in, multi-byte
    /// characters included; longer terms are not packed.
    #[test]
    fn short_terms_come_back_from_their_keys() {
        for term in [
            "",
            "a",
            "it",
            "résumé",
            "coding",
            "0123456789abcdef",
            "ça",
            "€€€€€",
        ] {
            let key = ShortTerm::of(term).expect("at most 16 bytes");
            assert_eq!(key.text(), term);
        }
        assert_ne!(ShortTerm::of("ab"), ShortTerm::of("ab\0"));
        assert!(ShortTerm::of("0123456789abcdefg").is_none());
        let mut postings = FieldPostings::default();
        for (term, doc) in [("coder", 1), ("a-very-long-term-indeed", 1), ("coder", 2)] {
            postings.add(term, doc);
        }
        let terms = postings.into_terms();
        assert_eq!(
            terms
                .iter()
                .map(|t| (t.text.as_str(), t.postings.iter().collect::<Vec<_>>()))
                .collect::<Vec<_>>(),
            [
                ("a-very-long-term-indeed", vec![(1, 1)]),
                ("coder", vec![(1, 1), (2, 1)])
            ]
        );
    }

    /// Postings are written in document order, each ref with its `sqrt(count)`.
    #[test]
    fn postings_are_written_in_document_order() {
        let term = Term {
            text: "x".into(),
            postings: Postings::from_pairs([(3, 1), (7, 4), (9, 1), (12, 1), (13, 2)]),
        };
        let index = TermIndex::from_terms(vec!["body".into()], Vec::new(), 14);
        let mut out = String::new();
        index.write_docs(&term, &mut out);
        assert_eq!(
            out,
            r#"{"3":{"tf":1.0},"7":{"tf":2.0},"9":{"tf":1.0},"12":{"tf":1.0},"13":{"tf":1.4142135623730951}}"#
        );
        assert_eq!(out.len(), index.docs_len(&term));
    }
}
