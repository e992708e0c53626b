//! A role's neighbourhood map re-laid out for a phone: the same boxes and arrows as
//! [`map::neighbourhood`], stacked in one column ("Comes from", the role, "Leads to") so that it
//! fits a 320 px wide screen at its natural size, its text at full size. The role page carries
//! both drawings and the stylesheet shows the one that fits.

use super::map::{Band, EdgeView, MapView, NodeView, TextLine};

/// Width of a box, the margin around the column, and the two vertical rails the arrows run
/// along on the right (arrows into the role, arrows out of it).
const BOX_W: i64 = 248;
const MARGIN: i64 = 8;
const RAIL_IN: i64 = MARGIN + BOX_W + 10;
const RAIL_OUT: i64 = MARGIN + BOX_W + 18;
const WIDTH: i64 = RAIL_OUT + 6;
const HEAD_H: i64 = 28;
const GAP: i64 = 12;

/// The stacked form of a neighbourhood map (`wide`, as [`map::neighbourhood`] draws it): the
/// boxes left of the role go above it, those right of it below, each group in its order.
pub fn stacked(wide: &MapView) -> MapView {
    let Some(current) = wide.nodes.iter().find(|n| n.current) else {
        return wide.clone();
    };
    let above: Vec<&NodeView> = wide.nodes.iter().filter(|n| n.x < current.x).collect();
    let below: Vec<&NodeView> = wide.nodes.iter().filter(|n| n.x > current.x).collect();
    let mut y = 0;
    let mut columns = Vec::new();
    let mut nodes = Vec::with_capacity(wide.nodes.len());
    for (group, heading) in [
        (above, "Comes from"),
        (vec![current], ""),
        (below, "Leads to"),
    ] {
        if group.is_empty() {
            continue;
        }
        if heading.is_empty() {
            y += GAP / 2;
        } else {
            columns.push(heading_band(heading, y));
            y += HEAD_H;
        }
        for n in group {
            nodes.push(moved(n, y));
            y += n.h + GAP;
        }
    }
    let edges = wide
        .edges
        .iter()
        .filter_map(|e| {
            let from = nodes.iter().find(|n| n.slug == e.from)?;
            let to = nodes.iter().find(|n| n.slug == e.to)?;
            Some(EdgeView {
                from: e.from.clone(),
                to: e.to.clone(),
                d: arrow(from, to),
            })
        })
        .collect();
    MapView {
        id: format!("{}-stacked", wide.id),
        width: WIDTH,
        height: y,
        title: wide.title.clone(),
        desc: wide.desc.clone(),
        columns,
        rows: Vec::new(),
        nodes,
        edges,
    }
}

fn heading_band(text: &str, y: i64) -> Band {
    Band {
        x: MARGIN,
        y,
        w: BOX_W,
        h: HEAD_H,
        lines: vec![TextLine {
            x: MARGIN + BOX_W / 2,
            y: y + 18,
            text: text.to_string(),
        }],
    }
}

/// A box moved to the column at height `y`, as wide as the column, its text centred in it.
fn moved(n: &NodeView, y: i64) -> NodeView {
    let (dx, dy) = (MARGIN + BOX_W / 2 - (n.x + n.w / 2), y - n.y);
    let shift = |l: &TextLine| TextLine {
        x: l.x + dx,
        y: l.y + dy,
        text: l.text.clone(),
    };
    NodeView {
        x: MARGIN,
        y,
        w: BOX_W,
        lines: n.lines.iter().map(shift).collect(),
        note: n.note.as_ref().map(shift),
        ..n.clone()
    }
}

/// An arrow from one box's right side to another's, along the rail of its direction: into
/// the role (from above) or out of it (to below).
fn arrow(from: &NodeView, to: &NodeView) -> String {
    let (right, mid) = (MARGIN + BOX_W, |n: &NodeView| n.y + n.h / 2);
    let rail = if to.current { RAIL_IN } else { RAIL_OUT };
    let offset = if to.current {
        -6
    } else if from.current {
        6
    } else {
        0
    };
    let (start, end) = if to.current {
        (mid(from), mid(to) + offset)
    } else {
        (mid(from) + offset, mid(to))
    };
    // The path ends 8 units short of the box: the arrowhead (8 long) covers the rest.
    format!("M{right} {start}H{rail}V{end}H{}", right + 8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(slug: &str, x: i64, y: i64, current: bool) -> NodeView {
        NodeView {
            slug: slug.into(),
            path: format!("roles/{slug}/"),
            x,
            y,
            w: 176,
            h: 61,
            lines: vec![TextLine {
                x: x + 88,
                y: y + 19,
                text: slug.into(),
            }],
            note: Some(TextLine {
                x: x + 88,
                y: y + 49,
                text: "Entry level".into(),
            }),
            current,
            label: slug.into(),
        }
    }

    fn wide() -> MapView {
        let edge = |from: &str, to: &str| EdgeView {
            from: from.into(),
            to: to.into(),
            d: "M0 0".into(),
        };
        MapView {
            id: "role-map".into(),
            width: 664,
            height: 186,
            title: "T".into(),
            desc: "D".into(),
            columns: Vec::new(),
            rows: Vec::new(),
            nodes: vec![
                node("before", 8, 70, false),
                node("this", 244, 70, true),
                node("after-a", 480, 34, false),
                node("after-b", 480, 107, false),
            ],
            edges: vec![
                edge("before", "this"),
                edge("this", "after-a"),
                edge("this", "after-b"),
            ],
        }
    }

    #[test]
    fn stacks_what_comes_before_above_the_role_and_what_follows_below() {
        let s = stacked(&wide());
        let order: Vec<&str> = s.nodes.iter().map(|n| n.slug.as_str()).collect();
        assert_eq!(order, ["before", "this", "after-a", "after-b"]);
        // One column, top to bottom, boxes apart, the whole drawing narrower than a phone.
        assert!(s.width <= 296, "{} px wide", s.width);
        assert!(s.nodes.iter().all(|n| n.x == MARGIN && n.x + n.w < s.width));
        assert!(s.nodes.windows(2).all(|w| w[0].y + w[0].h < w[1].y));
        assert!(s.height >= s.nodes.last().map_or(0, |n| n.y + n.h));
        // The text moves with its box.
        for n in &s.nodes {
            assert!(n.lines.iter().chain(&n.note).all(|l| l.x == n.x + n.w / 2));
            assert!(
                n.lines
                    .iter()
                    .chain(&n.note)
                    .all(|l| l.y > n.y && l.y < n.y + n.h)
            );
        }
        assert_eq!(s.columns.len(), 2, "Comes from, Leads to");
        assert_eq!(s.id, "role-map-stacked");
    }

    #[test]
    fn every_arrow_is_kept_and_ends_at_its_target() {
        let w = wide();
        let s = stacked(&w);
        let pairs = |m: &MapView| -> Vec<(String, String)> {
            m.edges
                .iter()
                .map(|e| (e.from.clone(), e.to.clone()))
                .collect()
        };
        assert_eq!(pairs(&s), pairs(&w));
        for e in &s.edges {
            let to = s.nodes.iter().find(|n| n.slug == e.to).expect("target");
            // The path's last move is horizontal, to 8 units right of the box's right side.
            assert!(e.d.ends_with(&format!("H{}", to.x + to.w + 8)), "{}", e.d);
        }
    }
}
