//! Markdown: one page body to HTML with pulldown-cmark, plus what the rest of the pipeline
//! needs from it.
//!
//! Besides the HTML this returns the page's headings (with unique anchor ids, for the table of
//! contents, the search index and `#anchor` checks), its plain text (for search), and
//! diagnostics for links that go nowhere: `@/roles/x.md` and relative `.md` links are checked
//! against the site and rewritten to relative URLs; links to files must point at an existing
//! file; `javascript:` links are refused. Raw HTML passes through only when the site allows it.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::load::SourceFile;

/// A heading of a page body.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A link to another page's anchor, checked once every page is rendered.
#[derive(Debug, Clone)]
pub struct AnchorLink {
    /// Site path of the target page.
    pub target: String,
    pub anchor: String,
    /// Where the link is in its file (a diagnostic without a message yet): located while the
    /// page's text is at hand, because a build frees each page's text once the page is
    /// rendered, before the anchors can be checked.
    pub place: Diagnostic,
}

/// A link to another site (`http:`, `https:` or `//host`), kept for `check` to list or visit.
#[derive(Debug, Clone, PartialEq)]
pub struct ExternalLink {
    pub url: String,
    /// Byte offset and length of the link in the source file, for diagnostics.
    pub offset: usize,
    pub len: usize,
}

/// A fragment of raw HTML passed through to the page, kept for `check` to inspect.
#[derive(Debug, Clone, PartialEq)]
pub struct RawHtml {
    pub html: String,
    /// Byte offset of the fragment in the source file.
    pub offset: usize,
}

/// What rendering a body produced.
#[derive(Debug, Clone, Default)]
pub struct RenderedMarkdown {
    pub html: String,
    pub headings: Vec<Heading>,
    pub plain_text: String,
    /// Plain text of the first paragraph, for a description when the page has none.
    pub first_paragraph: Option<String>,
    pub anchor_links: Vec<AnchorLink>,
    /// Content paths this body links to (pages and files), found or not: when one of them
    /// appears or disappears, this page must be checked again.
    pub targets: Vec<String>,
    pub external_links: Vec<ExternalLink>,
    /// Raw HTML that reaches the page (none when the site does not allow raw HTML).
    pub raw_html: Vec<RawHtml>,
    pub diagnostics: Vec<Diagnostic>,
}

/// What the renderer needs to know about the rest of the site.
pub trait LinkResolver {
    /// The site path of the page written in `content_path` (`roles/x.md`), if it exists.
    fn page_path(&self, content_path: &str) -> Option<String>;
    /// Whether `content_path` names a draft left out of this build.
    fn is_draft(&self, content_path: &str) -> bool;
    /// Whether a non-Markdown file exists at `content_path` (under `content/` or `static/`).
    fn asset_exists(&self, content_path: &str) -> bool;
    /// "did you mean …" for a page path that does not exist.
    fn suggest(&self, _content_path: &str) -> Option<String> {
        None
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// `Day to day` → `day-to-day`.
pub fn anchor_id(text: &str) -> String {
    let s = slug::slugify(text);
    if s.is_empty() {
        "section".to_string()
    } else {
        s
    }
}

/// Normalises `a/b/../c.md` → `a/c.md`; `None` if it climbs out of `content/`.
fn normalise(path: &str) -> Option<String> {
    let mut out: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                out.pop()?;
            }
            p => out.push(p),
        }
    }
    Some(out.join("/"))
}

/// Renders `source`'s body. `root` is the relative prefix from this page to the site root
/// (`../../`), used to rewrite internal links so the site works under any sub-path and from
/// disk.
pub fn render(
    source: &SourceFile,
    root: &str,
    allow_raw_html: bool,
    resolver: &dyn LinkResolver,
) -> RenderedMarkdown {
    let mut walk = Walk {
        links: Links {
            source,
            root,
            folder: source
                .content_path
                .rsplit_once('/')
                .map(|(d, _)| format!("{d}/"))
                .unwrap_or_default(),
            resolver,
        },
        allow_raw_html,
        out: RenderedMarkdown::default(),
        events: Vec::new(),
        used_ids: HashMap::new(),
        heading: None,
        paragraph_depth: 0,
        paragraph_text: String::new(),
        image_alt: None,
    };
    let base = source.body.start;
    for (event, range) in Parser::new_ext(source.markdown(), options()).into_offset_iter() {
        let event = walk.event(event, base + range.start, range.len());
        walk.events.push(event);
    }
    let Walk {
        mut out, events, ..
    } = walk;
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    out
}

/// One pass over a page's Markdown events: links rewritten and checked, heading ids given,
/// and the text the search index and the summary need collected on the way.
struct Walk<'s, 'e> {
    links: Links<'s>,
    allow_raw_html: bool,
    out: RenderedMarkdown,
    events: Vec<Event<'e>>,
    /// How many headings want each id so far, to number repeats (`id-1`).
    used_ids: HashMap<String, usize>,
    /// The heading being collected: the index of its start event and its explicit id.
    heading: Option<(usize, String)>,
    paragraph_depth: usize,
    paragraph_text: String,
    /// The image being read: its alt text so far, and where it starts and how long it is.
    image_alt: Option<(String, usize, usize)>,
}

impl<'e> Walk<'_, 'e> {
    /// What `event`, at `offset` (in the whole file) and `len` bytes long, becomes.
    fn event(&mut self, event: Event<'e>, offset: usize, len: usize) -> Event<'e> {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: self
                    .links
                    .rewrite(&dest_url, offset, len, &mut self.out, false),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = self
                    .links
                    .rewrite(&dest_url, offset, len, &mut self.out, true);
                self.image_alt = Some((String::new(), offset, len));
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::End(TagEnd::Image) => {
                self.image_end();
                Event::End(TagEnd::Image)
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                self.heading = Some((
                    self.events.len(),
                    id.map(|i| i.to_string()).unwrap_or_default(),
                ));
                // Placeholder; the id is filled in at the end of the heading.
                Event::Start(Tag::Heading {
                    level,
                    id: None,
                    classes,
                    attrs,
                })
            }
            Event::End(TagEnd::Heading(level)) => {
                self.heading_end(level);
                self.out.plain_text.push('\n');
                Event::End(TagEnd::Heading(level))
            }
            Event::Start(Tag::Paragraph) => {
                self.paragraph_depth += 1;
                Event::Start(Tag::Paragraph)
            }
            Event::End(TagEnd::Paragraph) => {
                self.paragraph_depth = self.paragraph_depth.saturating_sub(1);
                if self.out.first_paragraph.is_none() && !self.paragraph_text.trim().is_empty() {
                    self.out.first_paragraph = Some(self.paragraph_text.trim().to_string());
                }
                self.paragraph_text.clear();
                self.out.plain_text.push('\n');
                Event::End(TagEnd::Paragraph)
            }
            Event::Text(t) => {
                if let Some((alt, _, _)) = self.image_alt.as_mut() {
                    alt.push_str(&t);
                }
                self.text(&t);
                Event::Text(t)
            }
            Event::Code(t) => {
                self.text(&t);
                Event::Code(t)
            }
            Event::SoftBreak | Event::HardBreak => {
                self.text(" ");
                event
            }
            Event::End(
                TagEnd::Item | TagEnd::TableCell | TagEnd::CodeBlock | TagEnd::BlockQuote(_),
            ) => {
                self.out.plain_text.push('\n');
                event
            }
            Event::Html(h) | Event::InlineHtml(h) if !self.allow_raw_html => Event::Text(h),
            Event::Html(ref h) | Event::InlineHtml(ref h) => {
                self.out.raw_html.push(RawHtml {
                    html: h.to_string(),
                    offset,
                });
                event
            }
            other => other,
        }
    }

    /// Text of the page: for the search index, and for the first paragraph when inside one.
    fn text(&mut self, t: &str) {
        if self.paragraph_depth > 0 {
            self.paragraph_text.push_str(t);
        }
        self.out.plain_text.push_str(t);
    }

    /// The end of an image: a warning when it has no alt text.
    fn image_end(&mut self) {
        if let Some((alt, offset, len)) = self.image_alt.take()
            && alt.trim().is_empty()
        {
            let source = self.links.source;
            self.out.diagnostics.push(
                Diagnostic::warning("missing-alt", "this image has no alt text")
                    .in_file(source.display.clone())
                    .at_offset(&source.text, offset, len)
                    .help("describe the image between the brackets: ![A coder at a workstation](coder.jpg); screen-reader users hear this text"),
            );
        }
    }

    /// The end of a heading: its id (written, or made from its text, numbered when repeated)
    /// put on its start event, and the heading noted for the page's table of contents.
    fn heading_end(&mut self, level: HeadingLevel) {
        let Some((start, explicit)) = self.heading.take() else {
            return;
        };
        let text: String = self.events[start + 1..]
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let wanted = if explicit.is_empty() {
            anchor_id(&text)
        } else {
            explicit
        };
        let count = self.used_ids.entry(wanted.clone()).or_insert(0);
        let id = if *count == 0 {
            wanted.clone()
        } else {
            format!("{wanted}-{count}")
        };
        *count += 1;
        if let Event::Start(Tag::Heading {
            level,
            classes,
            attrs,
            ..
        }) = &self.events[start]
        {
            self.events[start] = Event::Start(Tag::Heading {
                level: *level,
                id: Some(CowStr::from(id.clone())),
                classes: classes.clone(),
                attrs: attrs.clone(),
            });
        }
        self.out.headings.push(Heading {
            level: heading_level(level),
            id,
            title: text.trim().to_string(),
        });
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// What checking and rewriting a page's links needs: the page, its folder, the way to the
/// site root, and the site's pages and files.
struct Links<'s> {
    source: &'s SourceFile,
    root: &'s str,
    /// The page's folder in `content/` (`roles/`), for relative links.
    folder: String,
    resolver: &'s dyn LinkResolver,
}

/// Where a link's destination is written, for its diagnostics.
#[derive(Clone, Copy)]
struct Place {
    at: usize,
    len: usize,
}

impl Links<'_> {
    /// Checks and rewrites one link or image destination, written in the `len` bytes at
    /// `offset`.
    fn rewrite<'a>(
        &self,
        dest: &CowStr<'a>,
        offset: usize,
        len: usize,
        out: &mut RenderedMarkdown,
        is_image: bool,
    ) -> CowStr<'a> {
        let raw = dest.trim();
        // Point the caret at the destination inside `[text](dest)` when we can find it.
        let place = self
            .source
            .text
            .get(offset..offset + len)
            .and_then(|s| s.rfind(raw))
            .map(|i| Place {
                at: offset + i,
                len: raw.len(),
            })
            .unwrap_or(Place { at: offset, len });
        if let Some(anchor) = raw.strip_prefix('#') {
            // A same-page anchor is checked against this page's headings like any other.
            if !anchor.is_empty()
                && let Some(site_path) = self.resolver.page_path(&self.source.content_path)
            {
                out.anchor_links
                    .push(self.anchor_link(site_path, percent_decode(anchor), place));
            }
            return dest.clone();
        }
        if raw.is_empty() {
            return dest.clone();
        }
        if let Some(rewritten) = self.other_site(dest, raw, place, out) {
            return rewritten;
        }
        let (path_part, anchor) = match raw.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (raw, None),
        };
        let hash = anchor.map(|a| format!("#{a}")).unwrap_or_default();
        if let Some(site_path) = path_part.strip_prefix('/') {
            // A root-absolute link: keep it working under a sub-path by making it relative.
            return CowStr::from(format!("{}{site_path}{hash}", self.root));
        }
        // Decode `%2e%2e`-style escapes before resolving `..`, so they cannot climb out either.
        let decoded = percent_decode(path_part);
        let target = match decoded.strip_prefix("@/") {
            Some(p) => normalise(p),
            None => normalise(&format!("{}{decoded}", self.folder)),
        };
        let Some(target) = target else {
            out.diagnostics.push(self.error(
                place,
                "link-escapes-content",
                format!("`{raw}` points outside the content folder"),
                "link to a page with @/folder/page.md, or put the file under content/ or static/",
            ));
            return CowStr::from("#");
        };
        out.targets.push(target.clone());
        if target.ends_with(".md") {
            return self.page(raw, &target, anchor, place, out, is_image);
        }
        if target.is_empty() {
            return dest.clone();
        }
        self.file(raw, &target, &hash, place, out, is_image)
    }

    /// A link to another site, or with a scheme: `Some` with what it becomes (links to
    /// http(s) sites are noted for `check`; schemes other than http, https, mailto and tel are
    /// refused); `None` for a link within the guide.
    fn other_site<'a>(
        &self,
        dest: &CowStr<'a>,
        raw: &str,
        place: Place,
        out: &mut RenderedMarkdown,
    ) -> Option<CowStr<'a>> {
        if raw.starts_with("//") {
            out.external_links.push(ExternalLink {
                url: format!("https:{raw}"),
                offset: place.at,
                len: place.len,
            });
            return Some(dest.clone());
        }
        let lower = raw.to_ascii_lowercase();
        let colon = lower.find(':')?;
        let scheme = &lower[..colon];
        let is_scheme = !lower.starts_with("@/")
            && !scheme.is_empty()
            && !scheme.contains('/')
            && scheme
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'-' || b == b'.');
        if !is_scheme {
            return None;
        }
        Some(match scheme {
            "http" | "https" => {
                out.external_links.push(ExternalLink {
                    url: raw.to_string(),
                    offset: place.at,
                    len: place.len,
                });
                dest.clone()
            }
            "mailto" | "tel" => dest.clone(),
            other => {
                out.diagnostics.push(self.error(
                    place,
                    "unsafe-link",
                    format!("`{other}:` links are not allowed"),
                    "link to an http:// or https:// address, a mailto: address, or another page",
                ));
                CowStr::from("#")
            }
        })
    }

    /// A link to another page (`target` ends in `.md`), with its `#anchor` noted for the
    /// site-wide check.
    fn page<'a>(
        &self,
        raw: &str,
        target: &str,
        anchor: Option<&str>,
        place: Place,
        out: &mut RenderedMarkdown,
        is_image: bool,
    ) -> CowStr<'a> {
        if is_image {
            out.diagnostics.push(self.error(
                place,
                "bad-image",
                format!("`{raw}` is a page, not an image"),
                "point the image at a .png, .jpg, .svg or .webp file",
            ));
            return CowStr::from("#");
        }
        match self.resolver.page_path(target) {
            Some(site_path) => {
                if let Some(a) = anchor {
                    out.anchor_links.push(self.anchor_link(
                        site_path.clone(),
                        a.to_string(),
                        place,
                    ));
                }
                let url = if site_path.is_empty() && self.root.is_empty() {
                    "./".to_string()
                } else {
                    format!("{}{site_path}", self.root)
                };
                CowStr::from(format!(
                    "{url}{}",
                    anchor.map(|a| format!("#{a}")).unwrap_or_default()
                ))
            }
            None if self.resolver.is_draft(target) => {
                out.diagnostics.push(self.error(
                    place,
                    "draft-link",
                    format!("`{raw}` links to a draft, which is left out of this build"),
                    "remove the link, publish the page (draft: false), or build with --drafts",
                ));
                CowStr::from("#")
            }
            None => {
                let help = self.resolver.suggest(target).unwrap_or_else(|| {
                    "write links to pages as @/folder/file.md, e.g. @/roles/medical-coder.md; check the file name".into()
                });
                out.diagnostics.push(self.error(
                    place,
                    "broken-link",
                    format!("`{raw}` links to a page that does not exist (content/{target})"),
                    help,
                ));
                CowStr::from("#")
            }
        }
    }

    /// A link to a file beside the pages or in `static/`.
    fn file<'a>(
        &self,
        raw: &str,
        target: &str,
        hash: &str,
        place: Place,
        out: &mut RenderedMarkdown,
        is_image: bool,
    ) -> CowStr<'a> {
        if self.resolver.asset_exists(target) {
            return CowStr::from(format!("{}{target}{hash}", self.root));
        }
        let what = if is_image { "image" } else { "file" };
        out.diagnostics.push(self.error(
            place,
            if is_image {
                "missing-image"
            } else {
                "broken-link"
            },
            format!(
                "the {what} `{raw}` does not exist (looked for content/{target} and static/{target})"
            ),
            format!(
                "put the {what} beside the page under content/, or under static/ and link to it from the site root with /"
            ),
        ));
        CowStr::from("#")
    }

    /// An `#anchor` link to check once every page's ids are known.
    fn anchor_link(&self, target: String, anchor: String, place: Place) -> AnchorLink {
        AnchorLink {
            target,
            anchor,
            place: Diagnostic::error("broken-anchor", "")
                .in_file(self.source.display.clone())
                .at_offset(&self.source.text, place.at, place.len),
        }
    }

    /// An error at `place` in this page.
    fn error(
        &self,
        place: Place,
        code: &'static str,
        message: String,
        help: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::error(code, message)
            .in_file(self.source.display.clone())
            .at_offset(&self.source.text, place.at, place.len)
            .help(help)
    }
}

/// Decodes `%20`-style escapes in a link path (editors write `my%20file.pdf`).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Marks `LinkType` as used (it is part of the event API we pattern-match through).
#[allow(dead_code)]
fn _link_type(_: LinkType) {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::split_page;
    use std::path::PathBuf;

    struct Fake;
    impl LinkResolver for Fake {
        fn page_path(&self, p: &str) -> Option<String> {
            match p {
                "roles/medical-coder.md" => Some("roles/medical-coder/".into()),
                "roles/_index.md" => Some("roles/".into()),
                _ => None,
            }
        }
        fn is_draft(&self, p: &str) -> bool {
            p == "roles/secret.md"
        }
        fn asset_exists(&self, p: &str) -> bool {
            p == "roles/chart.png"
        }
    }

    fn md(body: &str) -> RenderedMarkdown {
        let src = split_page(
            format!("---\ntitle: x\n---\n{body}"),
            PathBuf::from("content/roles/cdi.md"),
            "roles/cdi.md".into(),
        )
        .unwrap();
        render(&src, "../../", true, &Fake)
    }

    #[test]
    fn internal_links_are_checked_and_made_relative() {
        let r = md("See [coders](@/roles/medical-coder.md#salary) and [roles](_index.md).\n");
        assert!(
            r.html
                .contains(r#"href="../../roles/medical-coder/#salary""#),
            "{}",
            r.html
        );
        assert!(r.html.contains(r#"href="../../roles/""#), "{}", r.html);
        assert!(r.diagnostics.is_empty());
        assert_eq!(r.anchor_links[0].anchor, "salary");
    }

    #[test]
    fn broken_links_are_errors_at_their_position() {
        let r = md("Intro\n\nSee [x](@/roles/medical-codr.md).\n");
        assert_eq!(r.diagnostics.len(), 1);
        let d = &r.diagnostics[0];
        assert_eq!(d.code, "broken-link");
        assert_eq!((d.line, d.column), (6, 9));
    }

    #[test]
    fn encoded_dot_dot_cannot_climb_out() {
        let r = md("[x](%2e%2e/%2e%2e/%2e%2e/secret.md) and ![y](..%2F..%2F..%2Fetc%2Fpasswd)\n");
        let codes: Vec<_> = r.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["link-escapes-content", "link-escapes-content"]);
    }

    #[test]
    fn javascript_links_are_refused() {
        let r = md("[x](javascript:alert(1))\n");
        assert_eq!(r.diagnostics[0].code, "unsafe-link");
        assert!(!r.html.contains("javascript"));
    }

    #[test]
    fn headings_get_unique_ids() {
        let r = md("## Day to day\n\n## Day to day\n\n## Custom {#pay}\n");
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["day-to-day", "day-to-day-1", "pay"]);
        assert!(r.html.contains(r#"<h2 id="day-to-day-1">"#));
    }

    #[test]
    fn images_must_exist_and_want_alt_text() {
        let r = md("![](chart.png)\n\n![Chart](missing.png)\n");
        let codes: Vec<_> = r.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["missing-alt", "missing-image"]);
        assert!(r.html.contains(r#"src="../../roles/chart.png""#));
    }

    #[test]
    fn raw_html_is_escaped_when_not_allowed() {
        let src = split_page(
            "---\ntitle: x\n---\n<b>hi</b>\n".into(),
            PathBuf::from("content/a.md"),
            "a.md".into(),
        )
        .unwrap();
        let r = render(&src, "../", false, &Fake);
        assert!(r.html.contains("&lt;b&gt;"), "{}", r.html);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let deep = ">".repeat(10_000) + " deep\n";
        let r = md(&deep);
        assert!(r.html.contains("deep"));
    }
}
