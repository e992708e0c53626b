//! The career map's SVG: a [`MapView`] laid out by `explore::map`, written out as markup.

use std::fmt::Write as _;

use crate::explore::map::MapView;
use crate::format::push_int;

/// The drawing `map` as SVG, its links relative to `root`. Every text and attribute value is
/// escaped as a template's `{{ }}` would escape it.
///
/// Written in Rust rather than in a template: every coordinate, path and line break is already
/// computed, and copying them out through Tera on every role page made large builds markedly
/// slower. Themes place and style the map (its classes and `data-` attributes are the hooks
/// for CSS and explorer-ui.js) but do not write its markup.
pub fn svg(map: &MapView, root: &str) -> String {
    // About 1.5 KB a box: a neighbourhood map of three boxes is some 3.4 KB.
    let mut out = String::with_capacity(1024 + 512 * (map.nodes.len() + map.edges.len()));
    // The opening, once per map: written with `write!` for readability (the boxes and
    // arrows below, many per map, are written piece by piece).
    let mut id = String::new();
    esc(&mut id, &map.id);
    let mut title = String::new();
    esc(&mut title, &map.title);
    let mut desc = String::new();
    esc(&mut desc, &map.desc);
    let (w, h) = (map.width, map.height);
    let _ = write!(
        out,
        "<svg class=\"map-svg\" id=\"{id}\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"group\" aria-labelledby=\"{id}-title {id}-desc\" data-career-map>\n  \
         <title id=\"{id}-title\">{title}</title>\n  \
         <desc id=\"{id}-desc\">{desc}</desc>\n  \
         <defs><marker id=\"{id}-arrow\" viewBox=\"0 0 10 10\" refX=\"0\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\"><path class=\"map-arrowhead\" d=\"M0 0L10 5L0 10z\"/></marker></defs>\n  \
         <g class=\"map-grid\" aria-hidden=\"true\">\n  "
    );
    for (k, b) in map.rows.iter().enumerate() {
        let alt = if k % 2 == 1 { " map-row-alt" } else { "" };
        out.push_str("<rect class=\"map-row");
        out.push_str(alt);
        out.push('"');
        push_box(&mut out, b.x, b.y, b.w, b.h);
        out.push_str("/>");
        for l in &b.lines {
            out.push_str("<text class=\"map-row-label\"");
            push_xy(&mut out, l.x, l.y);
            out.push('>');
            esc(&mut out, &l.text);
            out.push_str("</text>");
        }
    }
    out.push_str("\n  ");
    for l in map.columns.iter().flat_map(|c| &c.lines) {
        out.push_str("<text class=\"map-col-label\"");
        push_xy(&mut out, l.x, l.y);
        out.push_str(" text-anchor=\"middle\">");
        esc(&mut out, &l.text);
        out.push_str("</text>");
    }
    out.push_str("\n  </g>\n  <g class=\"map-edges\" aria-hidden=\"true\">");
    for e in &map.edges {
        out.push_str("<path class=\"map-edge\" d=\"");
        esc(&mut out, &e.d);
        out.push_str("\" data-from=\"");
        esc(&mut out, &e.from);
        out.push_str("\" data-to=\"");
        esc(&mut out, &e.to);
        out.push_str("\" marker-end=\"url(#");
        out.push_str(&id);
        out.push_str("-arrow)\"/>");
    }
    // One <text> per box with a <tspan> per line and spaces between, so the visible text
    // reads as words ("Medical Records Supervisor Advanced") and is the link's name.
    out.push_str("</g>\n  <g class=\"map-nodes\">");
    for n in &map.nodes {
        out.push_str("<a class=\"map-node ");
        if n.current {
            out.push_str("is-current");
        }
        out.push_str("\" href=\"");
        esc(&mut out, root);
        esc(&mut out, &n.path);
        out.push_str("\" data-role=\"");
        esc(&mut out, &n.slug);
        out.push_str("\" aria-label=\"");
        esc(&mut out, &n.label);
        out.push('"');
        if n.current {
            out.push_str(" aria-current=\"page\"");
        }
        out.push_str("><rect");
        push_box(&mut out, n.x, n.y, n.w, n.h);
        out.push_str(" rx=\"6\"/><text text-anchor=\"middle\">");
        for (k, l) in n.lines.iter().enumerate() {
            if k > 0 {
                out.push(' ');
            }
            out.push_str("<tspan");
            push_xy(&mut out, l.x, l.y);
            out.push('>');
            esc(&mut out, &l.text);
            out.push_str("</tspan>");
        }
        if let Some(note) = &n.note {
            out.push_str(" <tspan class=\"map-note\"");
            push_xy(&mut out, note.x, note.y);
            out.push('>');
            esc(&mut out, &note.text);
            out.push_str("</tspan>");
        }
        out.push_str("</text></a>");
    }
    out.push_str("</g>\n</svg>");
    out
}

/// Appends ` x="…" y="…"`.
fn push_xy(out: &mut String, x: i64, y: i64) {
    out.push_str(" x=\"");
    push_int(out, x);
    out.push_str("\" y=\"");
    push_int(out, y);
    out.push('"');
}

/// Appends ` x="…" y="…" width="…" height="…"`.
fn push_box(out: &mut String, x: i64, y: i64, w: i64, h: i64) {
    push_xy(out, x, y);
    out.push_str(" width=\"");
    push_int(out, w);
    out.push_str("\" height=\"");
    push_int(out, h);
    out.push('"');
}

/// Appends `text` escaped as templates escape printed values (`&`, `<`, `>`, `"`, `'`), with
/// the function Tera itself uses for that.
fn esc(out: &mut String, text: &str) {
    // Most texts here (slugs, paths, `d` strings, short titles) hold none of the five
    // characters: copied whole, without the escaping function's set-up.
    if !text
        .bytes()
        .any(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\''))
    {
        out.push_str(text);
        return;
    }
    // Writing into a `String` cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut *out, text);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explore::map::{Band, EdgeView, NodeView, TextLine};

    fn line(x: i64, y: i64, text: &str) -> TextLine {
        TextLine {
            x,
            y,
            text: text.into(),
        }
    }

    /// What editors wrote (titles, area names) is escaped wherever it lands in the SVG, links
    /// are relative to the page, the page's own role is marked for styles and screen readers,
    /// and every other row band is told apart.
    #[test]
    fn the_svg_escapes_text_links_from_the_page_and_marks_the_current_role() {
        let node = |slug: &str, title: &str, current: bool| NodeView {
            slug: slug.into(),
            path: format!("roles/{slug}/"),
            x: 8,
            y: 30,
            w: 176,
            h: 44,
            lines: vec![line(96, 50, title)],
            note: current.then(|| line(96, 65, "Entry level")),
            current,
            label: title.into(),
        };
        let band = |y: i64, text: &str| Band {
            x: 0,
            y,
            w: 600,
            h: 40,
            lines: vec![line(4, y + 20, text)],
        };
        let map = MapView {
            id: "role-map".into(),
            width: 664,
            height: 128,
            title: "Coder \"A\" & <B>".into(),
            desc: "It's here.".into(),
            columns: vec![Band {
                x: 8,
                y: 0,
                w: 176,
                h: 28,
                lines: vec![line(96, 18, "Leads to")],
            }],
            rows: vec![band(30, "Coding & revenue"), band(70, "Records")],
            nodes: vec![node("a", "R&D <lead>", true), node("b", "Plain", false)],
            edges: vec![EdgeView {
                from: "a".into(),
                to: "b".into(),
                d: "M1 2C3 4 5 6 7 8".into(),
            }],
        };
        let svg = svg(&map, "../../");
        assert!(svg.starts_with("<svg class=\"map-svg\" id=\"role-map\" viewBox=\"0 0 664 128\""));
        assert!(svg.ends_with("</g>\n</svg>"));
        assert!(
            svg.contains(
                "<title id=\"role-map-title\">Coder &quot;A&quot; &amp; &lt;B&gt;</title>"
            )
        );
        assert!(svg.contains("<desc id=\"role-map-desc\">It&#39;s here.</desc>"));
        assert!(svg.contains("<rect class=\"map-row\" x=\"0\" y=\"30\""));
        assert!(svg.contains("<rect class=\"map-row map-row-alt\" x=\"0\" y=\"70\""));
        assert!(svg.contains(">Coding &amp; revenue</text>"));
        assert!(svg.contains(
            "<text class=\"map-col-label\" x=\"96\" y=\"18\" text-anchor=\"middle\">Leads to</text>"
        ));
        assert!(svg.contains("<path class=\"map-edge\" d=\"M1 2C3 4 5 6 7 8\" data-from=\"a\" data-to=\"b\" marker-end=\"url(#role-map-arrow)\"/>"));
        assert!(svg.contains(
            "<a class=\"map-node is-current\" href=\"../../roles/a/\" data-role=\"a\" aria-label=\"R&amp;D &lt;lead&gt;\" aria-current=\"page\">"
        ));
        assert!(svg.contains("<tspan x=\"96\" y=\"50\">R&amp;D &lt;lead&gt;</tspan> <tspan class=\"map-note\" x=\"96\" y=\"65\">Entry level</tspan>"));
        assert!(svg.contains("<a class=\"map-node \" href=\"../../roles/b/\" data-role=\"b\" aria-label=\"Plain\"><rect"));
        assert_eq!(svg.matches("aria-current").count(), 1);
    }
}
