//! Names: the rules for the names editors give things: slugs (file names, `areas` in
//! `site.yaml`, references between pages) and SOC codes.

/// A slug: lower-case ASCII letters, digits and single hyphens, not at either end.
pub fn is_valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 120
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

/// The slug we would suggest for a name that is not one.
pub fn suggest_slug(s: &str) -> String {
    let slug = slug::slugify(s);
    if slug.is_empty() {
        "page".to_string()
    } else {
        slug
    }
}

/// `NN-NNNN`.
pub fn is_soc_code(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 7
        && b[2] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 2 || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_soc_codes() {
        assert!(is_valid_slug("medical-coder"));
        assert!(!is_valid_slug("Medical Coder"));
        assert!(!is_valid_slug("-coder"));
        assert!(!is_valid_slug("a--b"));
        assert_eq!(suggest_slug("Medical Coder"), "medical-coder");
        assert_eq!(suggest_slug("!!!"), "page");
        assert!(is_soc_code("29-2072"));
        assert!(!is_soc_code("292072"));
        assert!(!is_soc_code("29-207x"));
    }
}
