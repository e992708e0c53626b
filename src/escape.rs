//! Escape: copying text while replacing the few characters a context forbids, for the data
//! embedded in pages and scripts (JSON-LD in `<script>`, the search index's quoted JSON, the
//! comparison data).
//!
//! Why by hand: the texts are large (the search index and the comparison data are most of a
//! big site's output) and the characters to replace are rare, so runs of plain text are copied
//! whole and the next candidate byte is found with `memchr` (SIMD), where a byte-at-a-time loop
//! is a visible part of a build; no crate does this for an arbitrary small set of replacements.

/// `text` escaped for HTML text and attribute values (`&`, `<`, `>`, quotes).
pub fn html_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

/// Copies `text` onto the end of `out`, replacing characters as `replace` says.
///
/// Every character to replace must start with one of the bytes in `starts` (which may repeat
/// a byte to fill the six places). At each such byte `replace` gets the text's bytes and the
/// position and returns the replacement and how many bytes it replaces, or `None` to keep the
/// byte. A byte that starts a character is never inside another, so only ASCII bytes and the
/// lead bytes of multi-byte characters belong in `starts`.
pub fn escape_into(
    text: &str,
    out: &mut String,
    starts: [u8; 6],
    replace: impl Fn(&[u8], usize) -> Option<(&'static str, usize)>,
) {
    let bytes = text.as_bytes();
    let [a0, a1, a2, b0, b1, b2] = starts;
    let find_a = |from: usize| memchr::memchr3(a0, a1, a2, &bytes[from..]).map(|k| from + k);
    let find_b = |from: usize| memchr::memchr3(b0, b1, b2, &bytes[from..]).map(|k| from + k);
    // The next candidate of each half, each remembered until passed.
    let (mut next_a, mut next_b) = (find_a(0), find_b(0));
    let mut plain = 0;
    loop {
        let i = match (next_a, next_b) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) => a,
            (None, Some(b)) => b,
            (None, None) => break,
        };
        let mut after = i + 1;
        if let Some((replacement, len)) = replace(bytes, i)
            && len > 0
            && text.is_char_boundary(i + len)
        {
            out.push_str(&text[plain..i]);
            out.push_str(replacement);
            plain = i + len;
            after = plain;
        }
        if next_a.is_some_and(|a| a < after) {
            next_a = find_a(after);
        }
        if next_b.is_some_and(|b| b < after) {
            next_b = find_b(after);
        }
    }
    out.push_str(&text[plain..]);
}

/// The JavaScript line separators U+2028 and U+2029 at `i` (their lead byte is 0xE2), as
/// `\u2028` / `\u2029`, which JSON inside a script must not hold raw in older engines.
pub fn line_separator(bytes: &[u8], i: usize) -> Option<(&'static str, usize)> {
    match bytes.get(i..i + 3) {
        Some([0xE2, 0x80, 0xA8]) => Some(("\\u2028", 3)),
        Some([0xE2, 0x80, 0xA9]) => Some(("\\u2029", 3)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Replaces `a` with `[A]`, `é` with `e` and the line separators, one character at a time:
    /// the definition.
    fn by_chars(text: &str) -> String {
        text.chars()
            .map(|c| match c {
                'a' => "[A]".to_string(),
                'é' => "e".to_string(),
                '\u{2028}' => "\\u2028".to_string(),
                '\u{2029}' => "\\u2029".to_string(),
                c => c.to_string(),
            })
            .collect()
    }

    fn fast(text: &str) -> String {
        let mut out = String::from(">");
        escape_into(
            text,
            &mut out,
            [b'a', b'a', b'a', 0xC3, 0xE2, 0xE2],
            |b, i| match b[i] {
                b'a' => Some(("[A]", 1)),
                0xC3 if b.get(i + 1) == Some(&0xA9) => Some(("e", 2)),
                0xE2 => line_separator(b, i),
                _ => None,
            },
        );
        out
    }

    #[test]
    fn agrees_with_replacing_character_by_character() {
        for text in [
            "",
            "plain",
            "a",
            "aaa",
            "banana",
            "café à é",
            "ñ ç ü è",
            "x\u{2028}y\u{2029}z\u{2027}",
            "éa\u{2028}a",
            "€–…",
        ] {
            assert_eq!(fast(text), format!(">{}", by_chars(text)), "{text:?}");
        }
    }
}
