//! Names: the rules for the names editors give things: slugs (file names, `areas` in
//! `site.yaml`, references between pages), SOC codes, titles, and what is wrong with a web
//! address they wrote.

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

/// The longest title a page may have, in characters: a heading, a browser tab's name and a
/// search result's first line, not a paragraph.
pub const MAX_TITLE_CHARS: usize = 150;

/// The longest title a source may have, in characters: longer than a page's, as a publication's
/// full name with its edition and table can pass 150 (the bundled guide's OEWS industry tables).
pub const MAX_SOURCE_TITLE_CHARS: usize = 300;

/// What is wrong with a title: the one rule for pages', sources', the guide's and areas' titles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleProblem {
    Empty,
    TooLong { chars: usize, max: usize },
}

impl TitleProblem {
    /// The diagnostic's code.
    pub fn code(self) -> &'static str {
        match self {
            TitleProblem::Empty => "empty-title",
            TitleProblem::TooLong { .. } => "title-too-long",
        }
    }

    /// The message, `what` naming the title ("the title", "the guide's title").
    pub fn message(self, what: &str) -> String {
        match self {
            TitleProblem::Empty => format!("{what} is empty"),
            TitleProblem::TooLong { chars, max } => {
                format!("{what} is {chars} characters long; a title may have at most {max}")
            }
        }
    }
}

/// What is wrong with `title` for a limit of `max` characters (spaces around it not counted).
pub fn title_problem(title: &str, max: usize) -> Option<TitleProblem> {
    let chars = title.trim().chars().count();
    if chars == 0 {
        Some(TitleProblem::Empty)
    } else if chars > max {
        Some(TitleProblem::TooLong { chars, max })
    } else {
        None
    }
}

/// Whether `title` can be a page's title: not empty, at most [`MAX_TITLE_CHARS`] characters.
pub fn check_title(title: &str) -> Result<(), String> {
    match title_problem(title, MAX_TITLE_CHARS) {
        Some(p) => Err(p.message("the title")),
        None => Ok(()),
    }
}

/// What is wrong with a web address the url crate refused, in an editor's words and with the
/// fix (its own messages, "relative URL without a base", are a programmer's).
pub fn url_problem(e: url::ParseError) -> String {
    use url::ParseError as E;
    match e {
        E::RelativeUrlWithoutBase | E::RelativeUrlWithCannotBeABaseBase => {
            "it is not a full address: it must start with https:// (or http://)".into()
        }
        E::EmptyHost => "it has no site name after https://".into(),
        E::IdnaError | E::InvalidDomainCharacter => {
            "the site name holds a character it cannot have (a space, or a sign such as < > % or |): copy the address again from the browser's address bar".into()
        }
        E::InvalidPort => {
            "the number after the colon in the site name is not a port (0 to 65535): remove it or copy the address again".into()
        }
        E::InvalidIpv4Address => {
            "the site name looks like a numeric address, but each of its four numbers must be 0 to 255".into()
        }
        E::InvalidIpv6Address => {
            "the part in [square brackets] is not a numeric IPv6 address: write the site's name instead".into()
        }
        E::Overflow => "the address is far too long to be a web address".into(),
        _ => "it is not a complete web address: copy it again from the browser's address bar".into(),
    }
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
