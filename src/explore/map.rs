//! The career map: every role on a grid of level (columns, entry → executive) by career area
//! (rows, in `site.yaml` order), with `next_roles` drawn as arrows; and the small map of one
//! role's neighbourhood shown on its page.
//!
//! Layout happens here, in Rust, at build time: every coordinate and every path is computed
//! once, and `render::map_svg` writes it out as SVG, so the map needs no JavaScript, prints,
//! and is the same in every browser. Colours come from CSS classes, so
//! the map follows light and dark mode. Edges leave a box from its right side and enter the
//! next box from its left (a move up a level), or loop out to the right for a move within a
//! level; each side's attachment points are spread out and ordered by the other end's height
//! so arrows into one box do not meet in a single point.

// The small maps of a layout (a few dozen entries at most) are `FastMap`s: the standard
// hasher's set-up cost was most of their use, on every role page.
use crate::FastMap;

use crate::format::push_int;
use crate::link::Site;
use crate::model::{Level, Page};

/// More roles than this and `/map/` shows the text version only: an SVG of thousands of boxes
/// helps nobody and weighs megabytes. Role pages keep their neighbourhood maps.
pub const MAX_MAP_ROLES: usize = 400;
/// At most this many roles are drawn on each side of a neighbourhood map.
pub const MAX_NEIGHBOURS: usize = 10;

const NODE_W: i64 = 176;
const LINE_H: i64 = 15;
const NODE_PAD: i64 = 8;
const GAP: i64 = 12;

/// One line of text at a position.
#[derive(Debug, Clone, PartialEq)]
pub struct TextLine {
    pub x: i64,
    pub y: i64,
    pub text: String,
}

/// A role drawn as a box.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeView {
    pub slug: String,
    pub path: String,
    pub x: i64,
    pub y: i64,
    pub w: i64,
    pub h: i64,
    pub lines: Vec<TextLine>,
    /// A small second line (the level, on neighbourhood maps).
    pub note: Option<TextLine>,
    /// Whether this is the role whose page this is (class `is-current` and `aria-current`).
    pub current: bool,
    /// The link's accessible name: the title, then the note when there is one.
    pub label: String,
}

/// An arrow between two roles.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeView {
    pub from: String,
    pub to: String,
    pub d: String,
}

/// A column heading (a level) or a row band (an area).
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    pub x: i64,
    pub y: i64,
    pub w: i64,
    pub h: i64,
    pub lines: Vec<TextLine>,
}

/// A whole drawing, written out as SVG by `render::map_svg`.
#[derive(Debug, Clone)]
pub struct MapView {
    /// Prefix for the ids inside the SVG (title, description, arrow marker).
    pub id: String,
    pub width: i64,
    pub height: i64,
    pub title: String,
    pub desc: String,
    pub columns: Vec<Band>,
    pub rows: Vec<Band>,
    pub nodes: Vec<NodeView>,
    pub edges: Vec<EdgeView>,
}

/// Breaks a title into at most `max_lines` lines of about `width` characters.
pub fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    // Characters in the last line, kept as it grows (each word is counted once).
    let mut last_chars = 0;
    for word in text.split_whitespace() {
        let word_chars = word.chars().count();
        match lines.last_mut() {
            Some(line) if last_chars + 1 + word_chars <= width => {
                line.push(' ');
                line.push_str(word);
                last_chars += 1 + word_chars;
            }
            _ => {
                lines.push(word.to_string());
                last_chars = word_chars;
            }
        }
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            let keep: String = last.chars().take(width.saturating_sub(1)).collect();
            *last = format!("{}…", keep.trim_end());
        }
    }
    lines
}

/// A role's box. `lines` is its title wrapped by [`title_lines`] (made once per box: the
/// layout needs the line count before it places the box).
fn node(
    page: &Page,
    slug: &str,
    (x, y): (i64, i64),
    lines: Vec<String>,
    note: Option<String>,
    current: bool,
) -> NodeView {
    let h = node_height(lines.len(), note.is_some());
    let text_h = lines.len() as i64 * LINE_H + if note.is_some() { LINE_H } else { 0 };
    let top = y + (h - text_h) / 2 + LINE_H - 4;
    let cx = x + NODE_W / 2;
    let n = lines.len() as i64;
    let label = match &note {
        Some(note) => format!("{}, {note}", page.common.title),
        None => page.common.title.clone(),
    };
    NodeView {
        slug: slug.to_string(),
        path: page.path.clone(),
        x,
        y,
        w: NODE_W,
        h,
        lines: lines
            .into_iter()
            .enumerate()
            .map(|(k, text)| TextLine {
                x: cx,
                y: top + k as i64 * LINE_H,
                text,
            })
            .collect(),
        note: note.map(|text| TextLine {
            x: cx,
            y: top + n * LINE_H,
            text,
        }),
        current,
        label,
    }
}

/// A box's title, wrapped to its width.
fn title_lines(page: &Page) -> Vec<String> {
    wrap(&page.common.title, 23, 3)
}

/// The height of a box of `lines` title lines (and a note line).
fn node_height(lines: usize, note: bool) -> i64 {
    let lines = lines.max(1) as i64 + i64::from(note);
    (lines * LINE_H + 2 * NODE_PAD).max(44)
}

/// Which side of a box an arrow attaches to.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Side {
    Left,
    Right,
}

/// Draws edges between placed nodes (`pos`: node index by page index).
fn route_edges(
    nodes: &[NodeView],
    pos: &FastMap<usize, usize>,
    column: &FastMap<usize, i64>,
    pairs: &[(usize, usize)],
) -> Vec<EdgeView> {
    // Decide each end's side, then spread the ends along each side.
    struct End {
        edge: usize,
        start: bool,
        other_y: i64,
    }
    let mut sides: FastMap<(usize, Side), Vec<End>> = FastMap::default();
    let mut plan = Vec::new();
    for (e, &(a, b)) in pairs.iter().enumerate() {
        let (Some(&na), Some(&nb)) = (pos.get(&a), pos.get(&b)) else {
            continue;
        };
        let (ca, cb) = (column[&a], column[&b]);
        let (sa, sb) = if cb > ca {
            (Side::Right, Side::Left)
        } else if cb == ca {
            (Side::Right, Side::Right)
        } else {
            (Side::Left, Side::Right)
        };
        let mid = |n: usize| nodes[n].y + nodes[n].h / 2;
        sides.entry((na, sa)).or_default().push(End {
            edge: e,
            start: true,
            other_y: mid(nb),
        });
        sides.entry((nb, sb)).or_default().push(End {
            edge: e,
            start: false,
            other_y: mid(na),
        });
        plan.push((e, na, sa, nb, sb));
    }
    let mut port: FastMap<(usize, bool), i64> = FastMap::default();
    for ((n, _), ends) in sides.iter_mut() {
        ends.sort_by_key(|end| (end.other_y, end.edge, end.start));
        let count = ends.len() as i64;
        let node = &nodes[*n];
        for (k, end) in ends.iter().enumerate() {
            let y = node.y + node.h * (k as i64 + 1) / (count + 1);
            port.insert((end.edge, end.start), y);
        }
    }
    // Moves within a level run down the gutter to the right of the column, each in its own
    // lane; lanes are shared by moves whose vertical spans do not overlap.
    let mut lanes: FastMap<usize, usize> = FastMap::default();
    let mut by_column: FastMap<i64, Vec<(usize, i64, i64)>> = FastMap::default();
    for &(e, na, sa, _, sb) in &plan {
        if sa == Side::Right && sb == Side::Right {
            let (y1, y2) = (port[&(e, true)], port[&(e, false)]);
            by_column
                .entry(nodes[na].x)
                .or_default()
                .push((e, y1.min(y2), y1.max(y2)));
        }
    }
    for spans in by_column.values_mut() {
        spans.sort_by_key(|&(e, lo, hi)| (hi - lo, lo, e));
        let mut taken: Vec<Vec<(i64, i64)>> = Vec::new();
        for &(e, lo, hi) in spans.iter() {
            let free = taken
                .iter()
                .position(|lane| lane.iter().all(|&(a, b)| hi + 6 < a || lo > b + 6));
            let lane = match free {
                Some(l) => l,
                None => {
                    taken.push(Vec::new());
                    taken.len() - 1
                }
            };
            taken[lane].push((lo, hi));
            lanes.insert(e, lane);
        }
    }
    plan.into_iter()
        .map(|(e, na, sa, nb, sb)| {
            let (a, b) = (&nodes[na], &nodes[nb]);
            let x_of = |n: &NodeView, s: Side| if s == Side::Left { n.x } else { n.x + n.w };
            let (sx, sy) = (x_of(a, sa), port[&(e, true)]);
            let (tx, ty) = (x_of(b, sb), port[&(e, false)]);
            // The arrowhead takes the last 7 units: stop the line short of the box.
            let d = match (sa, sb) {
                (Side::Right, Side::Left) => {
                    let bend = ((tx - sx) / 2).clamp(16, 90);
                    path(&[
                        ("M", sx),
                        (" ", sy),
                        ("C", sx + bend),
                        (" ", sy),
                        (" ", tx - bend),
                        (" ", ty),
                        (" ", tx - 7),
                        (" ", ty),
                    ])
                }
                (Side::Right, Side::Right) => {
                    let lx = sx.max(tx) + 16 + lanes.get(&e).copied().unwrap_or(0) as i64 * 7;
                    let r = ((ty - sy).abs() / 2).min(6);
                    let dir = if ty >= sy { 1 } else { -1 };
                    path(&[
                        ("M", sx),
                        (" ", sy),
                        ("H", lx - r),
                        ("Q", lx),
                        (" ", sy),
                        (" ", lx),
                        (" ", sy + dir * r),
                        ("V", ty - dir * r),
                        ("Q", lx),
                        (" ", ty),
                        (" ", lx - r),
                        (" ", ty),
                        ("H", tx + 7),
                    ])
                }
                _ => {
                    let bend = ((sx - tx) / 2).clamp(16, 90);
                    path(&[
                        ("M", sx),
                        (" ", sy),
                        ("C", sx - bend),
                        (" ", sy),
                        (" ", tx + bend),
                        (" ", ty),
                        (" ", tx + 7),
                        (" ", ty),
                    ])
                }
            };
            EdgeView {
                from: a.slug.clone(),
                to: b.slug.clone(),
                d,
            }
        })
        .collect()
}

/// An SVG path's `d`: each command or separator followed by its number.
fn path(parts: &[(&str, i64)]) -> String {
    let mut d = String::with_capacity(8 * parts.len());
    for &(before, n) in parts {
        d.push_str(before);
        push_int(&mut d, n);
    }
    d
}

fn band_lines(text: &str, x: i64, y: i64, width: usize) -> Vec<TextLine> {
    wrap(text, width, 3)
        .into_iter()
        .enumerate()
        .map(|(k, t)| TextLine {
            x,
            y: y + k as i64 * LINE_H,
            text: t,
        })
        .collect()
}

/// The whole career map, or `None` when there are no roles or more than [`MAX_MAP_ROLES`].
pub fn career_map(site: &Site) -> Option<MapView> {
    let roles = site.of_kind(crate::model::Kind::Role);
    if roles.is_empty() || roles.len() > MAX_MAP_ROLES {
        return None;
    }
    let levels: Vec<Level> = Level::ALL
        .into_iter()
        .filter(|l| {
            roles
                .iter()
                .any(|&i| site.pages[i].role().is_some_and(|r| r.level == *l))
        })
        .collect();
    // Rows: the site's areas in order, then roles with no area.
    let mut rows: Vec<(String, Vec<usize>)> = site
        .taxonomies
        .areas
        .iter()
        .filter(|t| !t.pages.is_empty())
        .map(|t| (t.title.clone(), t.pages.clone()))
        .collect();
    let in_area: std::collections::HashSet<usize> =
        rows.iter().flat_map(|(_, p)| p.iter().copied()).collect();
    let other: Vec<usize> = roles
        .iter()
        .copied()
        .filter(|i| !in_area.contains(i))
        .collect();
    if !other.is_empty() {
        rows.push(("Other roles".to_string(), other));
    }
    const HEAD_W: i64 = 150;
    const COL_W: i64 = NODE_W + 110;
    const HEAD_H: i64 = 36;
    let width = HEAD_W + COL_W * levels.len() as i64 + 8;
    let mut nodes = Vec::new();
    let mut pos = FastMap::default();
    let mut column = FastMap::default();
    let mut bands = Vec::new();
    let mut y = HEAD_H;
    for (title, members) in &rows {
        let cells: Vec<Vec<usize>> = levels
            .iter()
            .map(|l| {
                members
                    .iter()
                    .copied()
                    .filter(|&i| site.pages[i].role().is_some_and(|r| r.level == *l))
                    .collect()
            })
            .collect();
        let mut lines: Vec<Vec<Vec<String>>> = cells
            .iter()
            .map(|cell| cell.iter().map(|&i| title_lines(&site.pages[i])).collect())
            .collect();
        let cell_h = |cell: &Vec<Vec<String>>| -> i64 {
            cell.iter()
                .map(|l| node_height(l.len(), false) + GAP)
                .sum::<i64>()
        };
        let row_h = lines.iter().map(cell_h).max().unwrap_or(0).max(56) + GAP;
        for (c, (cell, cell_lines)) in cells.iter().zip(lines.iter_mut()).enumerate() {
            let x = HEAD_W + c as i64 * COL_W + 20;
            let mut ny = y + GAP + (row_h - GAP - cell_h(cell_lines)) / 2;
            for (&i, l) in cell.iter().zip(cell_lines.iter_mut()) {
                pos.insert(i, nodes.len());
                column.insert(i, c as i64);
                let l = std::mem::take(l);
                let n = node(&site.pages[i], &site.pages[i].slug, (x, ny), l, None, false);
                ny += n.h + GAP;
                nodes.push(n);
            }
        }
        bands.push(Band {
            x: 0,
            y,
            w: width,
            h: row_h,
            lines: band_lines(title, 10, y + row_h / 2 - 2, 18),
        });
        y += row_h;
    }
    // Centre each row label's lines vertically.
    for b in bands.iter_mut() {
        let shift = (b.lines.len() as i64 - 1) * LINE_H / 2;
        for l in b.lines.iter_mut() {
            l.y -= shift;
        }
    }
    let columns = levels
        .iter()
        .enumerate()
        .map(|(c, l)| Band {
            x: HEAD_W + c as i64 * COL_W,
            y: 0,
            w: COL_W,
            h: HEAD_H,
            lines: vec![TextLine {
                x: HEAD_W + c as i64 * COL_W + 20 + NODE_W / 2,
                y: 24,
                text: l.label().to_string(),
            }],
        })
        .collect();
    let graph = super::graph::RoleGraph::new(site);
    let edges = route_edges(&nodes, &pos, &column, &graph.edges());
    let edge_count = edges.len();
    Some(MapView {
        id: "career-map".into(),
        width,
        height: y + 8,
        title: format!(
            "Career map: {} roles and {} moves between them",
            nodes.len(),
            edge_count
        ),
        desc: format!(
            "Roles arranged by career level from {} (left) to {} (right) and by career area (rows); arrows show where people in each role usually go next. The same moves are listed as text below the map.",
            levels.first().map(|l| l.label()).unwrap_or(""),
            levels.last().map(|l| l.label()).unwrap_or("")
        ),
        columns,
        rows: bands,
        nodes,
        edges,
    })
}

/// The small map on a role's page: where it comes from, the role, where it leads.
pub fn neighbourhood(site: &Site, i: usize) -> Option<MapView> {
    let r = &site.relations[i];
    if r.comes_from.is_empty() && r.next_roles.is_empty() {
        return None;
    }
    let left: Vec<usize> = r.comes_from.iter().copied().take(MAX_NEIGHBOURS).collect();
    let right: Vec<usize> = r.next_roles.iter().copied().take(MAX_NEIGHBOURS).collect();
    const COL_W: i64 = NODE_W + 60;
    const HEAD_H: i64 = 28;
    let note = |j: usize| site.pages[j].role().map(|r| r.level.label().to_string());
    let wrapped = |list: &[usize]| -> Vec<Vec<String>> {
        list.iter().map(|&j| title_lines(&site.pages[j])).collect()
    };
    let (mut left_lines, mut right_lines) = (wrapped(&left), wrapped(&right));
    let own_lines = title_lines(&site.pages[i]);
    let stack_h = |lines: &[Vec<String>]| -> i64 {
        lines
            .iter()
            .map(|l| node_height(l.len(), true) + GAP)
            .sum::<i64>()
    };
    let own_h = node_height(own_lines.len(), true);
    let inner = stack_h(&left_lines)
        .max(stack_h(&right_lines))
        .max(own_h + GAP);
    let height = HEAD_H + inner + GAP;
    let mut nodes = Vec::new();
    let mut pos = FastMap::default();
    let mut column = FastMap::default();
    let place = |list: &[usize],
                 lines: &mut [Vec<String>],
                 c: i64,
                 nodes: &mut Vec<NodeView>,
                 pos: &mut FastMap<usize, usize>,
                 column: &mut FastMap<usize, i64>| {
        let mut y = HEAD_H + (inner - stack_h(lines)) / 2 + GAP / 2;
        for (&j, l) in list.iter().zip(lines.iter_mut()) {
            // A role that is both before and after this one is drawn once, on the left.
            if pos.contains_key(&j) {
                continue;
            }
            pos.insert(j, nodes.len());
            column.insert(j, c);
            let n = node(
                &site.pages[j],
                &site.pages[j].slug,
                (8 + c * COL_W, y),
                std::mem::take(l),
                note(j),
                false,
            );
            y += n.h + GAP;
            nodes.push(n);
        }
    };
    place(&left, &mut left_lines, 0, &mut nodes, &mut pos, &mut column);
    pos.insert(i, nodes.len());
    column.insert(i, 1);
    nodes.push(node(
        &site.pages[i],
        &site.pages[i].slug,
        (8 + COL_W, HEAD_H + (inner - own_h) / 2),
        own_lines,
        note(i),
        true,
    ));
    place(
        &right,
        &mut right_lines,
        2,
        &mut nodes,
        &mut pos,
        &mut column,
    );
    let mut pairs: Vec<(usize, usize)> = left.iter().map(|&j| (j, i)).collect();
    pairs.extend(right.iter().map(|&j| (i, j)));
    let edges = route_edges(&nodes, &pos, &column, &pairs);
    let heading = |text: &str, c: i64| Band {
        x: 8 + c * COL_W,
        y: 0,
        w: NODE_W,
        h: HEAD_H,
        lines: vec![TextLine {
            x: 8 + c * COL_W + NODE_W / 2,
            y: 18,
            text: text.to_string(),
        }],
    };
    let mut columns = Vec::new();
    if !left.is_empty() {
        columns.push(heading("Comes from", 0));
    }
    if !right.is_empty() {
        columns.push(heading("Leads to", 2));
    }
    let title = &site.pages[i].common.title;
    let names = |list: &[usize]| {
        list.iter()
            .map(|&j| site.pages[j].common.title.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut desc = Vec::new();
    if !r.comes_from.is_empty() {
        desc.push(format!(
            "People come to this role from: {}.",
            names(&r.comes_from)
        ));
    }
    if !r.next_roles.is_empty() {
        desc.push(format!(
            "From here people move on to: {}.",
            names(&r.next_roles)
        ));
    }
    Some(MapView {
        id: "role-map".into(),
        width: 8 + 2 * COL_W + NODE_W + 8,
        height,
        title: format!("{title}: where the role comes from and leads to"),
        desc: desc.join(" "),
        columns,
        rows: Vec::new(),
        nodes,
        edges,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_wrap_at_word_boundaries_and_are_cut_with_an_ellipsis() {
        assert_eq!(
            wrap("Clinical Documentation Improvement Specialist", 23, 3),
            ["Clinical Documentation", "Improvement Specialist"]
        );
        assert_eq!(wrap("a b c d", 1, 2), ["a", "…"]);
        assert_eq!(wrap("HIM Director", 23, 3), ["HIM Director"]);
    }
}
