//! Long lists split over numbered pages.
//!
//! A list longer than `paginate_by` (site.yaml; [`crate::config::DEFAULT_PER_PAGE`] when unset) shows its first
//! entries at its own path and continues on `{path}page/2/`, `{path}page/3/`, …, as Hugo and
//! Zola do: links to a list never change when it grows past a page. A guide of every
//! occupation by state puts thousands of roles under one level, one education or one setting;
//! on one page that is megabytes of HTML, of no use on a phone.
//!
//! Every page of a split list gets a [`Paginator`] (the template variable `paginator`), which
//! the theme's `pager` component turns into numbered links. Continuation pages list entries
//! only: they are not searched, not in the sitemap, and hold no structured data (page 1 stands
//! for the list).

use std::ops::Range;

use serde::Serialize;

/// How many numbered links either side of the current page the pager shows (the first and
/// the last page are always linked).
const NEAR: usize = 2;

/// The site path of page `number` (from 1) of the list at `base` (a folder path ending in `/`,
/// or empty for the home page).
pub fn page_path(base: &str, number: usize) -> String {
    if number <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{number}/")
    }
}

/// The list a continuation page's file belongs to: `levels/entry/page/3/index.html` →
/// `levels/entry/index.html`; `None` for any other file.
pub fn first_page_file(file: &str) -> Option<String> {
    let dir = file.strip_suffix("index.html")?.strip_suffix('/')?;
    let (rest, number) = dir.rsplit_once('/').unwrap_or(("", dir));
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let base = rest.strip_suffix("page")?;
    if !(base.is_empty() || base.ends_with('/')) {
        return None;
    }
    Some(format!("{base}index.html"))
}

/// How many pages `total` entries take at `per_page` a page (at least one: an empty list
/// still has its page).
pub fn page_count(total: usize, per_page: usize) -> usize {
    total.div_ceil(per_page.max(1)).max(1)
}

/// The pages of a list of `total` entries at `base`: each page's paginator and the range of
/// entries it shows, in order.
pub fn split(base: &str, total: usize, per_page: usize) -> Vec<(Paginator, Range<usize>)> {
    let per_page = per_page.max(1);
    let pages = page_count(total, per_page);
    (1..=pages)
        .map(|n| {
            let start = ((n - 1) * per_page).min(total);
            let end = (start.saturating_add(per_page)).min(total);
            (
                Paginator::new(base, n, pages, total, start..end),
                start..end,
            )
        })
        .collect()
}

/// One group's share of a page, for a list made of consecutive groups (the A–Z index's
/// letters, the salary ranking's pay periods, the map's levels).
#[derive(Debug, Clone, PartialEq)]
pub struct GroupSlice {
    /// Which group (its position among the groups).
    pub group: usize,
    /// Its entries on this page, counted within the group.
    pub range: Range<usize>,
    /// Whether the group began on an earlier page.
    pub continued: bool,
}

/// [`split`] for a list made of groups of `lens` entries, one after the other: each page with
/// the share of every group it reaches, in order.
pub fn split_groups(
    base: &str,
    lens: &[usize],
    per_page: usize,
) -> Vec<(Paginator, Vec<GroupSlice>)> {
    let total = lens.iter().sum();
    split(base, total, per_page)
        .into_iter()
        .map(|(paginator, range)| {
            let mut slices = Vec::new();
            let mut offset = 0;
            for (group, &len) in lens.iter().enumerate() {
                let start = range.start.max(offset);
                let end = range.end.min(offset + len);
                if start < end {
                    slices.push(GroupSlice {
                        group,
                        range: start - offset..end - offset,
                        continued: start > offset,
                    });
                }
                offset += len;
            }
            (paginator, slices)
        })
        .collect()
}

/// Where one page of a list stands among the others, as templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct Paginator {
    /// This page's number, from 1.
    pub number: usize,
    pub total_pages: usize,
    /// Entries in the whole list.
    pub total_items: usize,
    /// Positions (from 1) of this page's first and last entry in the whole list.
    pub first_item: usize,
    pub last_item: usize,
    /// The three counts above written for reading (`24,101`).
    pub first_item_text: String,
    pub last_item_text: String,
    pub total_items_text: String,
    /// Site paths of this page, the first, the last, the previous and the next page.
    pub path: String,
    pub first: String,
    pub last: String,
    pub previous: Option<String>,
    pub next: Option<String>,
    /// The numbered links to show: the first and last page and those near this one, with a
    /// gap (`number` none) where pages are left out.
    pub links: Vec<PageLink>,
}

/// One numbered link of a pager, or a gap between them.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PageLink {
    pub number: Option<usize>,
    pub path: String,
    pub current: bool,
}

impl Paginator {
    fn new(base: &str, number: usize, pages: usize, total: usize, shown: Range<usize>) -> Self {
        // The first page, the pages near this one and the last, in order (not a walk over every
        // page: each of a long list's pages makes its own links).
        let near = number.saturating_sub(NEAR).max(1)..=(number + NEAR).min(pages);
        let mut numbers: Vec<usize> = std::iter::once(1).chain(near).chain([pages]).collect();
        numbers.dedup();
        let mut links = Vec::new();
        let mut last_shown = 0;
        for n in numbers {
            if n > last_shown + 1 {
                links.push(PageLink {
                    number: None,
                    path: String::new(),
                    current: false,
                });
            }
            links.push(PageLink {
                number: Some(n),
                path: page_path(base, n),
                current: n == number,
            });
            last_shown = n;
        }
        let first_item = if shown.is_empty() { 0 } else { shown.start + 1 };
        let text = |n: usize| crate::format::thousands(n as u64);
        Paginator {
            number,
            total_pages: pages,
            total_items: total,
            first_item,
            last_item: shown.end,
            first_item_text: text(first_item),
            last_item_text: text(shown.end),
            total_items_text: text(total),
            path: page_path(base, number),
            first: page_path(base, 1),
            last: page_path(base, pages),
            previous: (number > 1).then(|| page_path(base, number - 1)),
            next: (number < pages).then(|| page_path(base, number + 1)),
            links,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_one_keeps_the_lists_path_and_the_others_continue_under_it() {
        assert_eq!(page_path("levels/entry/", 1), "levels/entry/");
        assert_eq!(page_path("levels/entry/", 2), "levels/entry/page/2/");
        assert_eq!(page_path("", 3), "page/3/");
    }

    #[test]
    fn a_continuation_file_names_its_lists_first_page() {
        assert_eq!(
            first_page_file("levels/entry/page/3/index.html").as_deref(),
            Some("levels/entry/index.html")
        );
        assert_eq!(
            first_page_file("page/2/index.html").as_deref(),
            Some("index.html")
        );
        for other in [
            "levels/entry/index.html",
            "roles/homepage/2/index.html",
            "roles/page/x/index.html",
            "a-z/page/2/data.json",
            "index.html",
        ] {
            assert_eq!(first_page_file(other), None, "{other}");
        }
    }

    #[test]
    fn entries_are_split_in_order_without_loss_or_overlap() {
        for (total, per) in [(0, 10), (1, 10), (10, 10), (11, 10), (250, 100), (7, 1)] {
            let pages = split("a-z/", total, per);
            assert_eq!(pages.len(), page_count(total, per), "{total}/{per}");
            let mut next = 0;
            for (p, range) in &pages {
                assert_eq!(range.start, next, "{total}/{per}");
                assert!(range.len() <= per);
                assert_eq!(p.total_items, total);
                next = range.end;
            }
            assert_eq!(next, total, "{total}/{per}: every entry is on a page");
        }
    }

    #[test]
    fn groups_are_cut_where_pages_end_and_marked_when_they_continue() {
        let pages = split_groups("a-z/", &[3, 0, 4, 2], 3);
        let shares: Vec<Vec<(usize, Range<usize>, bool)>> = pages
            .iter()
            .map(|(_, slices)| {
                slices
                    .iter()
                    .map(|g| (g.group, g.range.clone(), g.continued))
                    .collect()
            })
            .collect();
        assert_eq!(
            shares,
            [
                vec![(0, 0..3, false)],
                vec![(2, 0..3, false)],
                vec![(2, 3..4, true), (3, 0..2, false)],
            ]
        );
        assert_eq!(pages[2].0.total_items, 9);
    }

    #[test]
    fn a_short_list_is_one_page_without_a_pager() {
        let pages = split("roles/", 30, 100);
        assert_eq!(pages.len(), 1);
        let (p, range) = &pages[0];
        assert_eq!(p.total_pages, 1);
        assert_eq!(range, &(0..30));
        assert_eq!((p.first_item, p.last_item), (1, 30));
        assert_eq!(p.previous, None);
        assert_eq!(p.next, None);
    }

    #[test]
    fn neighbours_first_and_last_are_linked() {
        let pages = split("salaries/", 250, 100);
        let (p2, _) = &pages[1];
        assert_eq!(p2.number, 2);
        assert_eq!((p2.first_item, p2.last_item), (101, 200));
        let big = &split("a-z/", 44_100, 100)[241].0;
        assert_eq!(
            (big.first_item_text.as_str(), big.last_item_text.as_str()),
            ("24,101", "24,200")
        );
        assert_eq!(big.total_items_text, "44,100");
        assert_eq!(p2.previous.as_deref(), Some("salaries/"));
        assert_eq!(p2.next.as_deref(), Some("salaries/page/3/"));
        assert_eq!(p2.first, "salaries/");
        assert_eq!(p2.last, "salaries/page/3/");
        let (p3, _) = &pages[2];
        assert_eq!((p3.first_item, p3.last_item), (201, 250));
        assert_eq!(p3.next, None);
    }

    #[test]
    fn far_pages_are_left_out_with_a_gap_and_the_current_one_is_marked() {
        let pages = split("levels/entry/", 2_000, 100);
        let (p10, _) = &pages[9];
        let shown: Vec<Option<usize>> = p10.links.iter().map(|l| l.number).collect();
        assert_eq!(
            shown,
            [
                Some(1),
                None,
                Some(8),
                Some(9),
                Some(10),
                Some(11),
                Some(12),
                None,
                Some(20)
            ]
        );
        let current: Vec<usize> = p10
            .links
            .iter()
            .filter(|l| l.current)
            .filter_map(|l| l.number)
            .collect();
        assert_eq!(current, [10]);
        // Near the start no gap is made for a page that would be shown anyway.
        let (p3, _) = &pages[2];
        let shown: Vec<Option<usize>> = p3.links.iter().map(|l| l.number).collect();
        assert_eq!(
            shown,
            [Some(1), Some(2), Some(3), Some(4), Some(5), None, Some(20)]
        );
        // And near the end.
        let (p20, _) = &pages[19];
        let shown: Vec<Option<usize>> = p20.links.iter().map(|l| l.number).collect();
        assert_eq!(shown, [Some(1), None, Some(18), Some(19), Some(20)]);
    }
}
