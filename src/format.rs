//! Format: numbers for humans. The one place that turns a salary, a growth rate or a count
//! into text, so that every page, list, chart and comparison shows them the same way.

use crate::model::{Outlook, PayPeriod, Salary};

/// Groups thousands: `1234567` → `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The symbol written before an amount, or the code and a space.
fn currency_prefix(currency: &str) -> String {
    match currency {
        "USD" => "$".into(),
        "CAD" => "CA$".into(),
        "AUD" => "A$".into(),
        "EUR" => "€".into(),
        "GBP" => "£".into(),
        other => format!("{other} "),
    }
}

/// An amount of money: `$51,140` (annual figures are whole), `$24.59` (hourly keep cents).
pub fn money(amount: f64, currency: &str, period: PayPeriod) -> String {
    let prefix = currency_prefix(currency);
    match period {
        PayPeriod::Annual => format!("{prefix}{}", thousands(amount.round().max(0.0) as u64)),
        PayPeriod::Hourly => {
            let cents = (amount * 100.0).round().max(0.0) as u64;
            format!("{prefix}{}.{:02}", thousands(cents / 100), cents % 100)
        }
    }
}

/// A compact amount for chart labels: `$51k`, `$117.5k`.
pub fn money_short(amount: f64, currency: &str, period: PayPeriod) -> String {
    match period {
        PayPeriod::Hourly => money(amount, currency, period),
        PayPeriod::Annual => {
            let k = amount / 1000.0;
            let text = if (k - k.round()).abs() < 0.05 {
                format!("{:.0}", k)
            } else {
                format!("{:.1}", k)
            };
            format!("{}{text}k", currency_prefix(currency))
        }
    }
}

/// `per year` / `per hour`.
pub fn period_label(period: PayPeriod) -> &'static str {
    match period {
        PayPeriod::Annual => "per year",
        PayPeriod::Hourly => "per hour",
    }
}

/// A salary's median in a sentence: `$51,140 per year`.
pub fn salary_median(s: &Salary) -> String {
    format!(
        "{} {}",
        money(s.median, &s.currency, s.period),
        period_label(s.period)
    )
}

/// A growth rate with its sign: `+7%`, `−2%`, `+0.5%`.
pub fn growth(pct: f64) -> String {
    let text = if (pct - pct.round()).abs() < 0.05 {
        format!("{:.0}", pct.abs())
    } else {
        format!("{:.1}", pct.abs())
    };
    if pct > 0.0 {
        format!("+{text}%")
    } else if pct < 0.0 {
        format!("−{text}%")
    } else {
        "0%".to_string()
    }
}

/// An outlook in a sentence: `+7% over 2024–34 (Faster than average)`.
pub fn outlook_summary(o: &Outlook) -> String {
    let mut parts = Vec::new();
    if let Some(g) = o.growth_pct {
        parts.push(format!("{} over {}", growth(g), o.period));
    }
    if let Some(label) = &o.label {
        if parts.is_empty() {
            parts.push(format!("{label} ({})", o.period));
        } else {
            parts.push(format!("({label})"));
        }
    }
    if parts.is_empty() {
        parts.push(o.period.clone());
    }
    parts.join(" ")
}

/// `2026-11-22` → `22 November 2026`.
pub fn human_date(date: jiff::civil::Date) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let month = MONTHS.get(date.month() as usize - 1).copied().unwrap_or("");
    format!("{} {} {}", date.day(), month, date.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_grouped_and_rounded() {
        assert_eq!(money(51140.0, "USD", PayPeriod::Annual), "$51,140");
        assert_eq!(money(1234567.4, "USD", PayPeriod::Annual), "$1,234,567");
        assert_eq!(money(24.5, "USD", PayPeriod::Hourly), "$24.50");
        assert_eq!(money(900.0, "NZD", PayPeriod::Annual), "NZD 900");
        assert_eq!(money_short(117_500.0, "USD", PayPeriod::Annual), "$117.5k");
        assert_eq!(money_short(51_000.0, "USD", PayPeriod::Annual), "$51k");
    }

    #[test]
    fn growth_has_a_sign() {
        assert_eq!(growth(7.0), "+7%");
        assert_eq!(growth(-2.0), "−2%");
        assert_eq!(growth(0.5), "+0.5%");
    }

    #[test]
    fn dates_read_naturally() {
        assert_eq!(
            human_date(jiff::civil::date(2026, 11, 22)),
            "22 November 2026"
        );
    }
}
