//! Pay figures that several roles share. BLS publishes one figure per SOC occupation, so every
//! role mapped to the same code (13 roles of the bundled guide to 29-2072) shows the same
//! median: pages must say the figure is the occupation's, not the role's, and never present a
//! difference of zero between such roles as a finding. Computed once here ([`shared_pay`]) and
//! read everywhere a figure is shown (cards, role pages, the ranking, comparisons, routes).

use std::collections::HashMap;
use std::sync::Arc;

use crate::link::Site;
use crate::model::{Kind, PayPeriod, Salary};

/// One published figure and the roles of the guide that show it (two or more).
#[derive(Debug, PartialEq)]
pub struct SharedPay {
    /// The roles (page indices), by title.
    pub roles: Vec<usize>,
    /// The source as the salary names it, e.g. `BLS OEWS May 2025, national, SOC 29-2072
    /// (Medical Records Specialists)`.
    pub source: String,
}

impl SharedPay {
    /// `BLS OEWS May 2025, national, SOC 29-2072 (Medical Records Specialists); 13 roles in
    /// this guide share this figure`.
    pub fn note(&self) -> String {
        format!(
            "{}; {} roles in this guide share this figure",
            self.source,
            self.roles.len()
        )
    }

    /// The occupation the figure is for: the source's words in brackets (`Medical Records
    /// Specialists`), else the whole source.
    pub fn occupation(&self) -> &str {
        match (self.source.rfind('('), self.source.ends_with(')')) {
            (Some(open), true) => &self.source[open + 1..self.source.len() - 1],
            _ => &self.source,
        }
    }

    /// Whose figure it is, for a sentence: `for Medical Records Specialists` when the source
    /// names its occupation in brackets, else `from <source>`.
    pub fn whose(&self) -> String {
        if self.occupation() == self.source {
            format!("from {}", self.source)
        } else {
            format!("for {}", self.occupation())
        }
    }

    /// Beside the figure, in brief: `one published figure for Medical Records Specialists,
    /// shared by 13 roles` (role pages' quick facts and search results).
    pub fn in_brief(&self) -> String {
        format!(
            "one published figure {}, shared by {} roles",
            self.whose(),
            self.roles.len()
        )
    }

    /// What a comparison of two of these roles says instead of a difference of zero.
    pub fn no_difference(&self) -> String {
        format!(
            "The data does not separate these roles: both show one figure, {}",
            self.source
        )
    }
}

/// The same figure: the same source, year, currency, period and percentiles.
fn figure_key(s: &Salary) -> (String, i32, String, bool, [Option<u64>; 5]) {
    let bits = |v: Option<f64>| v.map(f64::to_bits);
    (
        s.source.clone(),
        s.year,
        s.currency.clone(),
        s.period == PayPeriod::Annual,
        [
            bits(s.p10),
            bits(s.p25),
            Some(s.median.to_bits()),
            bits(s.p75),
            bits(s.p90),
        ],
    )
}

/// For every page, the figure it shares with other roles (`None` for pages that are not
/// roles, roles without pay, and roles whose figure is their own).
pub fn shared_pay(site: &Site) -> Vec<Option<Arc<SharedPay>>> {
    let mut groups: HashMap<_, Vec<usize>> = HashMap::new();
    for i in site.of_kind(Kind::Role) {
        if let Some(s) = site.pages[i].role().and_then(|r| r.salary.as_ref()) {
            groups.entry(figure_key(s)).or_default().push(i);
        }
    }
    let mut out: Vec<Option<Arc<SharedPay>>> = vec![None; site.pages.len()];
    for ((source, ..), mut roles) in groups {
        if roles.len() < 2 {
            continue;
        }
        roles.sort_by_cached_key(|&i| site.pages[i].common.title.to_lowercase());
        let shared = Arc::new(SharedPay {
            roles: roles.clone(),
            source,
        });
        for i in roles {
            out[i] = Some(shared.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_occupation_is_the_sources_bracketed_title() {
        let s = SharedPay {
            roles: vec![1, 2],
            source: "BLS OEWS May 2025, national, SOC 29-2072 (Medical Records Specialists)".into(),
        };
        assert_eq!(s.occupation(), "Medical Records Specialists");
        assert!(
            s.note().ends_with(
                "(Medical Records Specialists); 2 roles in this guide share this figure"
            )
        );
        let plain = SharedPay {
            roles: vec![1, 2],
            source: "AHIMA salary survey 2024".into(),
        };
        assert_eq!(plain.occupation(), "AHIMA salary survey 2024");
        assert_eq!(s.whose(), "for Medical Records Specialists");
        assert_eq!(plain.whose(), "from AHIMA salary survey 2024");
        assert_eq!(
            s.in_brief(),
            "one published figure for Medical Records Specialists, shared by 2 roles"
        );
    }
}
