//! Search text: how page text and queries become index terms.
//!
//! The same rules run in the browser (`normalize`/`tokenize` in
//! `themes/default/static/assets/search-core.js`), so that what a visitor types meets what the
//! build indexed. The JavaScript tests check both sides on the same text.
//!
//! Per character: decompose (NFD), lower-case and drop the combining diacritical marks
//! (U+0300–U+036F), so `Résumé` is `resume`. Letters and digits (Unicode `Alphabetic` and
//! `Numeric`, Basic Multilingual Plane only) make up words; apostrophes and characters that
//! vanish in that step join (`patient's` is `patients`); anything else separates. Words of one
//! character, words over [`MAX_TERM`] characters and a short list of English [`STOP_WORDS`]
//! are dropped. There is no stemming: the client matches prefixes and one typo instead, which
//! covers plurals and other endings and keeps highlighting exact.

use icu_normalizer::DecomposingNormalizerBorrowed;

/// Longer words are dropped (long identifiers and URLs only bloat the index).
pub const MAX_TERM: usize = 40;

/// Words too common to help find a page. Kept short on purpose: `it`, `him`, `us`, `all`
/// and `can` stay searchable (IT, HIM and "US" mean something in this domain).
pub const STOP_WORDS: &[&str] = &[
    "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "has", "have", "he",
    "her", "his", "how", "if", "in", "into", "is", "its", "of", "on", "or", "our", "she", "so",
    "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those",
    "to", "was", "we", "were", "what", "when", "where", "which", "who", "will", "with", "you",
    "your",
];

/// How one character takes part in a word.
enum Class {
    /// Part of a word, with its normalised form.
    Word,
    /// Neither a word character nor a separator (apostrophes, combining marks).
    Join,
    Separator,
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

fn is_mark(c: char) -> bool {
    ('\u{0300}'..='\u{036f}').contains(&c)
}

/// Appends the normalised form of `c` to `out` and says how it takes part in a word.
fn push_normalized(nfd: &DecomposingNormalizerBorrowed, c: char, out: &mut String) -> Class {
    if c.is_ascii() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
            return Class::Word;
        }
        return if is_apostrophe(c) {
            Class::Join
        } else {
            Class::Separator
        };
    }
    if is_apostrophe(c) {
        return Class::Join;
    }
    let start = out.len();
    for d in nfd.normalize_iter(std::iter::once(c)) {
        for l in d.to_lowercase() {
            if !is_mark(l) {
                out.push(l);
            }
        }
    }
    let added = &out[start..];
    if added.is_empty() {
        Class::Join
    } else if added
        .chars()
        .all(|ch| ch.is_alphanumeric() && (ch as u32) <= 0xFFFF)
    {
        Class::Word
    } else {
        out.truncate(start);
        Class::Separator
    }
}

/// Normalised words of `text`, stop words included, in order.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(text, |w| out.push(w.to_string()));
    out
}

/// Calls `f` with each normalised word of `text`, in order, from one reused buffer (a page's
/// body has hundreds of words; the index needs an owned string only per distinct term).
pub fn for_each_word(text: &str, mut f: impl FnMut(&str)) {
    for_each_word_marked(text, |w, _| f(w));
}

/// [`for_each_word`], also telling whether the word came from ASCII text only (then it is
/// ASCII; `false` says nothing), so that [`for_each_term`] need not look at it again.
fn for_each_word_marked(text: &str, mut f: impl FnMut(&str, bool)) {
    let nfd = DecomposingNormalizerBorrowed::new_nfd();
    let mut current = String::new();
    // Whether `current` holds only what ASCII text gave.
    let mut ascii = true;
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        // Most text is ASCII: a run of letters and digits is found and judged (already lower
        // case?) with one table lookup a byte.
        if ASCII_WORD[usize::from(bytes[at])] != 0 {
            let start = at;
            let mut lower_already = true;
            while let Some(&b) = bytes.get(at) {
                let lower = ASCII_WORD[usize::from(b)];
                if lower == 0 {
                    break;
                }
                lower_already &= lower == b;
                at += 1;
            }
            // Most words stand whole and in lower case in the text, between ASCII separators:
            // handed over where they stand, not copied.
            let ends_word = bytes
                .get(at)
                .is_none_or(|&b| b.is_ascii() && !is_apostrophe(char::from(b)));
            if current.is_empty()
                && lower_already
                && ends_word
                && let Some(word) = text.get(start..at)
            {
                f(word, true);
                continue;
            }
            for &b in &bytes[start..at] {
                current.push(char::from(ASCII_WORD[usize::from(b)]));
            }
            continue;
        }
        // Other ASCII, as `push_normalized` classes it without decoding a character: an
        // apostrophe joins, anything else (mostly spaces) ends the word.
        if bytes[at].is_ascii() {
            if !is_apostrophe(char::from(bytes[at])) && !current.is_empty() {
                f(&current, ascii);
                current.clear();
                ascii = true;
            }
            at += 1;
            continue;
        }
        // `at` is on a character boundary: ASCII runs end before a non-ASCII byte, and every
        // other step moves a whole character.
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        at += c.len_utf8();
        match push_normalized(&nfd, c, &mut current) {
            Class::Word | Class::Join => ascii = false,
            Class::Separator => {
                if !current.is_empty() {
                    f(&current, ascii);
                    current.clear();
                    ascii = true;
                }
            }
        }
    }
    if !current.is_empty() {
        f(&current, ascii);
    }
}

/// For each byte: its lower-case form when it is an ASCII letter or digit, else 0.
const ASCII_WORD: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            table[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

/// Whether a normalised word is kept as an index term.
pub fn is_term(word: &str) -> bool {
    if word.is_ascii() {
        is_ascii_term(word.as_bytes())
    } else {
        // Stop words are ASCII (a test checks), so only the length matters here.
        (2..=MAX_TERM).contains(&word.chars().count())
    }
}

/// [`is_term`] for an ASCII word.
fn is_ascii_term(word: &[u8]) -> bool {
    let n = word.len();
    // Only short words can be stop words (a test checks).
    (2..=MAX_TERM).contains(&n) && (n > 5 || !is_stop_word(word))
}

/// Whether an ASCII word of at most five bytes is a stop word. This runs once per word of
/// every page: the word, packed into an integer, is looked up in a table where every stop word
/// has a slot of its own (one multiply, one load, one compare, no unpredictable branches).
fn is_stop_word(word: &[u8]) -> bool {
    match pack_le(word) {
        Some(key) if (1..=8).contains(&word.len()) => {
            let key = key as u64;
            STOP_TABLE.slots[stop_slot(key, STOP_TABLE.multiplier)] == key
        }
        _ => false,
    }
}

/// [`STOP_WORDS`], each in its own slot of [`STOP_SLOTS`], at [`stop_slot`] of its packing.
struct StopTable {
    multiplier: u64,
    /// A stop word's packing, or 0 (no word packs to 0).
    slots: [u64; STOP_SLOTS],
}

const STOP_SLOTS: usize = 512;

/// The slot of `key`: the top bits of a multiplicative hash.
const fn stop_slot(key: u64, multiplier: u64) -> usize {
    (key.wrapping_mul(multiplier) >> (64 - STOP_SLOTS.trailing_zeros())) as usize
}

/// The first multiplier (odd ones, in a fixed sequence) that gives every stop word its own
/// slot, found when compiling (the 56th, for 52 words in 512 slots).
const STOP_TABLE: StopTable = {
    let mut multiplier: u64 = 0x9E37_79B9_7F4A_7C15;
    loop {
        let mut slots = [0u64; STOP_SLOTS];
        let mut free = true;
        let mut i = 0;
        while i < STOP_WORDS.len() && free {
            let key = match pack_le(STOP_WORDS[i].as_bytes()) {
                Some(key) => key as u64,
                None => 0,
            };
            let slot = stop_slot(key, multiplier);
            free = slots[slot] == 0;
            slots[slot] = key;
            i += 1;
        }
        if free {
            break StopTable { multiplier, slots };
        }
        multiplier = multiplier.wrapping_add(0x2545_F491_4F6C_DD1E);
    }
};

/// `bytes`, at most sixteen of them, as the little-endian integer of their zero-padded copy
/// (`u128::from_le_bytes`); `None` for more. Written as two overlapping fixed-size loads
/// because copying a slice of unknown length into a buffer, the obvious way, calls `memmove`
/// for every word of every page. A `const fn`, so that [`STOP_TABLE`] is made with it when
/// compiling.
#[inline]
pub(super) const fn pack_le(bytes: &[u8]) -> Option<u128> {
    let n = bytes.len();
    // The bytes the two loads share are the same bytes, so or-ing them changes nothing.
    match n {
        0 => Some(0),
        1..=3 => Some(
            (bytes[0] as u128)
                | (bytes[n / 2] as u128) << (8 * (n / 2))
                | (bytes[n - 1] as u128) << (8 * (n - 1)),
        ),
        4..=7 => match (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
            (Some(first), Some(last)) => Some(
                u32::from_le_bytes(*first) as u128
                    | (u32::from_le_bytes(*last) as u128) << (8 * (n - 4)),
            ),
            _ => None,
        },
        8..=16 => match (bytes.first_chunk::<8>(), bytes.last_chunk::<8>()) {
            (Some(first), Some(last)) => Some(
                u64::from_le_bytes(*first) as u128
                    | (u64::from_le_bytes(*last) as u128) << (8 * (n - 8)),
            ),
            _ => None,
        },
        _ => None,
    }
}

/// Where the word after the first `n` words of `text` starts (words split as
/// [`str::split_whitespace`] splits them), or `None` when `text` has no more than `n` words.
///
/// Runs once per page over its first few hundred words; eight ASCII bytes are looked at at a
/// time ([`word_starts`]), a character is decoded only where one is not ASCII.
pub fn after_words(text: &str, n: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut words = 0;
    let mut in_word = false;
    let mut at = 0;
    while at < bytes.len() {
        if let Some(block) = bytes.get(at..at + 8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(block);
            let word = u64::from_le_bytes(word);
            if word & HIGH_BITS == 0 {
                let space = space_bits(word);
                let starts = word_starts(space, in_word);
                let count = starts.count_ones() as usize;
                if words + count > n {
                    // The start of word number `n`: drop the lower starts before it.
                    let mut rest = starts;
                    for _ in 0..n - words {
                        rest &= rest - 1;
                    }
                    return Some(at + rest.trailing_zeros() as usize / 8);
                }
                words += count;
                // Inside a word when the last byte is not white space.
                in_word = space >> 63 == 0;
                at += 8;
                continue;
            }
        }
        // One byte or character at a time near the end and around characters not ASCII.
        let b = bytes[at];
        let (space, len) = if b < 0x80 {
            (is_ascii_space(b), 1)
        } else {
            match text[at..].chars().next() {
                Some(c) => (c.is_whitespace(), c.len_utf8()),
                None => break,
            }
        };
        if space {
            in_word = false;
        } else if !in_word {
            if words == n {
                return Some(at);
            }
            in_word = true;
            words += 1;
        }
        at += len;
    }
    None
}

/// The high bit of each byte of a `u64`.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
/// Each byte of a `u64` set to one.
const ONES: u64 = 0x0101_0101_0101_0101;

/// The ASCII white space of [`char::is_whitespace`]: tab, line feed, vertical tab, form feed,
/// carriage return and space.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

/// The high bit of each byte of `word` (eight ASCII bytes, the first in the lowest byte) that
/// is white space as [`is_ascii_space`] says. Exact per byte: no carry or borrow crosses a
/// byte, because every byte is below 0x80 and each is first raised to 0x80 or above.
fn space_bits(word: u64) -> u64 {
    let low = !HIGH_BITS;
    // Bytes equal to a space: zero after the exclusive or.
    let x = word ^ (b' ' as u64 * ONES);
    let is_space = !(((x & low) + low) | x | low);
    // Bytes from 0x09 to 0x0D.
    let raised = word | HIGH_BITS;
    let from_tab = raised.wrapping_sub(0x09 * ONES) & HIGH_BITS;
    let past_return = raised.wrapping_sub(0x0E * ONES) & HIGH_BITS;
    is_space | (from_tab & !past_return)
}

/// The high bit of each byte where a word starts, given the [`space_bits`] of eight ASCII
/// bytes: a byte that is not white space after one that is (before the first byte, white
/// space unless `in_word`).
fn word_starts(space: u64, in_word: bool) -> u64 {
    let before = (space << 8) | if in_word { 0 } else { 0x80 };
    !space & HIGH_BITS & before
}

/// The index terms of `text`, in order, repeats kept (they count as term frequency).
pub fn tokenize(text: &str) -> Vec<String> {
    let mut terms = Vec::new();
    for_each_term(text, |t| terms.push(t.to_string()));
    terms
}

/// Calls `f` with each index term of `text`, in order, repeats included; see [`tokenize`].
pub fn for_each_term(text: &str, mut f: impl FnMut(&str)) {
    for_each_word_marked(text, |w, ascii| {
        let keep = if ascii {
            is_ascii_term(w.as_bytes())
        } else {
            is_term(w)
        };
        if keep {
            f(w)
        }
    });
}

/// The elasticlunr-rs language that indexes with these rules. Its pipeline is named
/// `trimmer` so that elasticlunr.js 0.9.5 can load the index (it only accepts pipeline
/// functions it knows); on our terms, which are already trimmed, the trimmer changes nothing.
pub struct Terms;

impl elasticlunr::Language for Terms {
    fn name(&self) -> String {
        "English".into()
    }

    fn code(&self) -> String {
        "en".into()
    }

    fn tokenize(&self, text: &str) -> Vec<String> {
        tokenize(text)
    }

    fn make_pipeline(&self) -> elasticlunr::Pipeline {
        elasticlunr::Pipeline {
            queue: vec![Box::new(elasticlunr::pipeline::FnWrapper(
                "trimmer".into(),
                Some,
            ))],
        }
    }
}

/// The abbreviation a page's title spells out, when the page itself uses it: the initials of
/// the title's words, stop words left out ("What is health information management?" gives
/// "him"), two to six letters, kept when one of `texts` has that word. People search a careers
/// guide by abbreviation (HIM); this finds the page that spells one out, without a hand-kept
/// list of synonyms. Only the whole title counts: a part of it ("Coder to CDI Specialist")
/// would give pages that merely mention a role that role's abbreviation. Upper case, as
/// abbreviations are written.
pub fn title_abbreviations(title: &str, texts: &[&str]) -> Vec<String> {
    let title_words: Vec<String> = words(title).into_iter().filter(|w| is_term(w)).collect();
    let initials: String = title_words
        .iter()
        .filter_map(|w| w.chars().next())
        .collect();
    let n = initials.chars().count();
    if !(2..=6).contains(&n) || !is_term(&initials) || title_words.contains(&initials) {
        return Vec::new();
    }
    let mut used = false;
    for text in texts {
        for_each_word(text, |w| used |= w == initials);
        if used {
            return vec![initials.to_uppercase()];
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every length up to sixteen packs as the zero-padded copy does (bytes of every value,
    /// so that an overlap or a shift in the wrong place shows); longer slices do not pack.
    #[test]
    fn packing_matches_a_zero_padded_copy() {
        let source: Vec<u8> = (0..=255u8).rev().chain(0..=255).collect();
        for start in 0..source.len() - 17 {
            for n in 0..=16 {
                let bytes = &source[start..start + n];
                let mut padded = [0u8; 16];
                padded[..n].copy_from_slice(bytes);
                assert_eq!(
                    pack_le(bytes),
                    Some(u128::from_le_bytes(padded)),
                    "{bytes:?}"
                );
            }
            assert_eq!(pack_le(&source[start..start + 17]), None);
        }
    }

    #[test]
    fn words_fold_case_and_accents_and_join_apostrophes() {
        assert_eq!(
            words("Résumé: the patient's ICD-10-CM codes, naïve CAFÉ"),
            [
                "resume", "the", "patients", "icd", "10", "cm", "codes", "naive", "cafe"
            ]
        );
    }

    #[test]
    fn ascii_runs_join_the_characters_around_them() {
        assert_eq!(
            words("ICD10café\u{2019}s x\u{301}ray DRG's (MS-DRG)"),
            ["icd10cafes", "xray", "drgs", "ms", "drg"]
        );
        let mut seen = Vec::new();
        for_each_term("The RHIT and the RHIA: rhit", |t| seen.push(t.to_string()));
        assert_eq!(seen, ["rhit", "rhia", "rhit"]);
    }

    #[test]
    fn decomposed_accents_fold_like_precomposed_ones() {
        assert_eq!(words("Re\u{301}sume\u{301}"), words("Résumé"));
    }

    #[test]
    fn stop_words_are_sorted_and_short() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(STOP_WORDS.iter().all(|w| w.len() <= 5 && w.is_ascii()));
    }

    #[test]
    fn the_word_after_the_first_n_is_found_as_split_whitespace_splits() {
        let texts = [
            "",
            "  ",
            "one",
            "one two\nthree\u{a0}four\u{2003}five ",
            "  lead\t\ttabs and\u{85}next\u{b}line\u{c}feed\r\nend",
            "東京 の 病院 — records…",
        ];
        for text in texts {
            let words: Vec<&str> = text.split_whitespace().collect();
            for n in 0..8 {
                match after_words(text, n) {
                    Some(at) => {
                        assert!(words.len() > n, "{text:?} {n}");
                        assert_eq!(text[..at].split_whitespace().count(), n, "{text:?} {n}");
                        assert!(text[at..].starts_with(words[n]), "{text:?} {n}");
                    }
                    None => assert!(words.len() <= n, "{text:?} {n}"),
                }
            }
        }
    }

    /// Over many texts mixing every ASCII byte, runs of words and spaces of every length and
    /// characters that are not ASCII (some of them white space), the word found is the one
    /// `split_whitespace` finds, wherever the eight-byte blocks fall.
    #[test]
    fn the_word_after_the_first_n_matches_split_whitespace_on_mixed_text() {
        let pieces: Vec<String> = (0u8..0x80)
            .map(|b| (b as char).to_string())
            .chain(
                [
                    "ab", "word", "  ", "\t\n", "\u{a0}", "é", "東京", "\u{2003}", "\u{85}", "\r\n",
                ]
                .map(String::from),
            )
            .collect();
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..3000 {
            let len = (next() % 60) as usize;
            let text: String = (0..len)
                .map(|_| pieces[(next() % pieces.len() as u64) as usize].as_str())
                .collect();
            let starts: Vec<usize> = text
                .split_whitespace()
                .map(|w| w.as_ptr() as usize - text.as_ptr() as usize)
                .collect();
            for n in 0..starts.len() + 2 {
                assert_eq!(
                    after_words(&text, n),
                    starts.get(n).copied(),
                    "{text:?} {n}"
                );
            }
        }
    }

    /// The table finds exactly the stop words: every word of one to three letters, and every
    /// stop word with a letter changed or added, is a stop word only when the list says so.
    #[test]
    fn the_stop_table_holds_exactly_the_stop_words() {
        let listed = |w: &str| STOP_WORDS.contains(&w);
        let letters = || (b'a'..=b'z').map(char::from);
        let mut words: Vec<String> = letters().map(String::from).collect();
        for a in letters() {
            for b in letters() {
                words.push(format!("{a}{b}"));
                words.extend(letters().map(|c| format!("{a}{b}{c}")));
            }
        }
        for w in STOP_WORDS {
            for at in 0..=w.len() {
                for c in letters() {
                    words.push(format!("{}{c}{}", &w[..at], &w[at..]));
                    if at < w.len() {
                        words.push(format!("{}{c}{}", &w[..at], &w[at + 1..]));
                    }
                }
            }
        }
        for w in &words {
            assert_eq!(is_stop_word(w.as_bytes()), listed(w), "{w}");
        }
        assert!(!is_stop_word(b""));
    }

    #[test]
    fn every_stop_word_is_dropped_and_near_misses_are_kept() {
        for w in STOP_WORDS {
            assert!(!is_term(w), "{w}");
            assert!(is_term(&format!("{w}x")), "{w}x");
        }
        // Words that share bytes with stop words, shorter and longer ones, non-ASCII look-alikes.
        for w in ["th", "thes", "ann", "whe", "yours", "ıs", "thé", "theirs"] {
            assert!(is_term(w), "{w}");
        }
    }

    /// A word that becomes ASCII only once its accents are gone is judged like any ASCII
    /// word: "thé" is the stop word "the", "Résumé" is "resume".
    #[test]
    fn words_with_accents_are_judged_as_their_plain_form() {
        assert_eq!(tokenize("Thé Résumé Ánd IT"), ["resume", "it"]);
    }

    #[test]
    fn terms_drop_stop_words_single_letters_and_long_words() {
        let long = "x".repeat(MAX_TERM + 1);
        assert_eq!(
            tokenize(&format!("The role of a coder in IT and HIM e/m {long}")),
            ["role", "coder", "it", "him"]
        );
    }

    #[test]
    fn typographic_apostrophes_join_too() {
        assert_eq!(tokenize("coder’s desk"), ["coders", "desk"]);
    }

    #[test]
    fn symbols_and_astral_characters_separate_words() {
        assert_eq!(words("a+b c€d x😀y"), ["a", "b", "c", "d", "x", "y"]);
    }

    #[test]
    fn non_latin_letters_are_words() {
        assert_eq!(words("Ωmega Δelta 東京"), ["ωmega", "δelta", "東京"]);
    }

    #[test]
    fn a_title_s_abbreviation_is_found_when_the_page_uses_it() {
        assert_eq!(
            title_abbreviations(
                "What is health information management?",
                &["Health information management (HIM) is the practice of…"]
            ),
            ["HIM"]
        );
        // Initials the page never writes are not abbreviations.
        assert!(
            title_abbreviations("Medical Records Clerk", &["A clerk files records."]).is_empty()
        );
        // Only the whole title: a pathway to a role does not take the role's abbreviation.
        assert!(
            title_abbreviations(
                "Inpatient Coder to Clinical Documentation Improvement Specialist",
                &["CDI specialists query physicians."]
            )
            .is_empty()
        );
    }
}
