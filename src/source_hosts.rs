//! Hosts a guide may not cite: `disallowed_link_hosts` in `site.yaml`.
//!
//! A career guide's facts must come from primary sources on production sites. Editors list
//! the hosts that fail that test (test servers such as `cms-test.ahima.org`, exam-prep sites,
//! job-board blogs) and `careerguide check` reports every link to one of them as an error,
//! at the link. An entry covers its subdomains: `collegegrad.com` also matches
//! `www.collegegrad.com`.

use crate::diagnostics::Diagnostic;

/// Why an entry of `disallowed_link_hosts` is not a host name, if it is not one.
pub fn entry_problem(entry: &str) -> Option<String> {
    let e = entry.trim();
    if e.is_empty() {
        return Some("it is empty".into());
    }
    if e.contains("://") || e.contains('/') {
        return Some("write only the host name, without http:// or a path".into());
    }
    let valid = e.split('.').all(|label| {
        !label.is_empty()
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    });
    if !valid {
        return Some(
            "a host name has labels of letters, digits and hyphens separated by dots".into(),
        );
    }
    None
}

/// Errors for entries of `disallowed_link_hosts` that are not host names, each at its line
/// in `site.yaml` (`text`).
pub fn config_problems(entries: &[String], text: &str) -> Vec<Diagnostic> {
    let key_line = text
        .lines()
        .position(|l| l.starts_with("disallowed_link_hosts:"))
        .unwrap_or(0);
    entries
        .iter()
        .filter_map(|entry| {
            let why = entry_problem(entry)?;
            // The entry's own line below the key, else the key's line.
            let (line, col) = text
                .lines()
                .enumerate()
                .skip(key_line)
                .find_map(|(i, l)| {
                    l.find(entry.as_str())
                        .filter(|_| !entry.is_empty())
                        .map(|c| (i + 1, c + 1))
                })
                .unwrap_or((key_line + 1, 1));
            Some(
                Diagnostic::error(
                    "bad-link-host",
                    format!("`{entry}` in disallowed_link_hosts is not a host name: {why}"),
                )
                .in_file("site.yaml")
                .at(text, line, col, entry.chars().count().max(1))
                .help("write one host per entry, e.g. `- cms-test.ahima.org`"),
            )
        })
        .collect()
}

/// The entries as they are compared: trimmed, lower-case, without a trailing dot.
pub fn normalise(entries: &[String]) -> Vec<String> {
    entries
        .iter()
        .map(|e| e.trim().trim_end_matches('.').to_ascii_lowercase())
        .filter(|e| !e.is_empty())
        .collect()
}

/// The entry of `disallowed` that `url`'s host is, or is a subdomain of.
pub fn disallowed_entry<'a>(url: &str, disallowed: &'a [String]) -> Option<&'a str> {
    let parsed = url::Url::parse(url.trim()).ok()?;
    let host = parsed
        .host_str()?
        .trim_end_matches('.')
        .to_ascii_lowercase();
    disallowed
        .iter()
        .find(|entry| {
            host == **entry
                || (host.len() > entry.len()
                    && host.ends_with(entry.as_str())
                    && host.as_bytes()[host.len() - entry.len() - 1] == b'.')
        })
        .map(String::as_str)
}

/// One error per link (at the link) whose host `site.yaml` does not allow as a source.
/// `links` pairs each URL with a diagnostic located where it is written.
pub fn check_links<'a>(
    links: impl IntoIterator<Item = (&'a str, &'a Diagnostic)>,
    disallowed: &[String],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (url, at) in links {
        let Some(entry) = disallowed_entry(url, disallowed) else {
            continue;
        };
        let mut d = at.clone();
        d.severity = crate::diagnostics::Severity::Error;
        d.code = "disallowed-link-host";
        d.message = format!(
            "{url} is on {entry}, which site.yaml lists in disallowed_link_hosts (not a primary source on a production site)"
        );
        d.help = Some(format!(
            "cite the same fact from its primary source on the publisher's production site (for example the issuer's or the agency's own page), or remove the claim; if {entry} is acceptable after all, remove it from disallowed_link_hosts"
        ));
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_matches_its_host_and_subdomains_only() {
        let list = normalise(&["cms-test.ahima.org".into(), "CollegeGrad.com.".into()]);
        assert_eq!(
            disallowed_entry("https://cms-test.ahima.org/certification/chps/", &list),
            Some("cms-test.ahima.org")
        );
        assert_eq!(
            disallowed_entry("https://WWW.collegegrad.com/careers/x", &list),
            Some("collegegrad.com")
        );
        assert_eq!(disallowed_entry("https://www.ahima.org/chps", &list), None);
        assert_eq!(
            disallowed_entry("https://notcollegegrad.com/", &list),
            None,
            "a longer host that only ends with the same letters is another site"
        );
        assert_eq!(disallowed_entry("not a url", &list), None);
    }

    #[test]
    fn entries_must_be_bare_host_names() {
        assert!(entry_problem("cms-test.ahima.org").is_none());
        assert!(entry_problem("https://cms-test.ahima.org").is_some());
        assert!(entry_problem("ahima.org/test").is_some());
        assert!(entry_problem("bad host.org").is_some());
        assert!(entry_problem("").is_some());
    }
}
