//! Format: numbers for humans. The one place that turns a salary, a growth rate or a count
//! into text, so that every page, list, chart and comparison shows them the same way.

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::model::{Outlook, PayPeriod, Salary};

/// Groups thousands: `1234567` → `1,234,567`.
pub fn thousands(n: u64) -> String {
    let mut out = String::with_capacity(26);
    push_digits(&mut out, n, true);
    out
}

/// Appends the decimal digits of `n`, grouped by thousands with commas when `grouped`.
///
/// By hand rather than with `format!`: salaries are formatted several times for every role
/// (page, cards, charts, comparisons), and the formatting machinery was a visible part of a
/// build's profile.
fn push_digits(out: &mut String, n: u64, grouped: bool) {
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    let mut rest = n;
    loop {
        at -= 1;
        buf[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let digits = &buf[at..];
    for (i, d) in digits.iter().enumerate() {
        if grouped && i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(char::from(*d));
    }
}

/// Appends `n` in decimal digits, no grouping (coordinates in SVG paths and attributes).
pub fn push_int(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    push_digits(out, n.unsigned_abs(), false);
}

/// The symbol written before an amount, or the code and a space.
fn currency_prefix(currency: &str) -> Cow<'static, str> {
    match currency {
        "USD" => "$".into(),
        "CAD" => "CA$".into(),
        "AUD" => "A$".into(),
        "EUR" => "€".into(),
        "GBP" => "£".into(),
        other => format!("{other} ").into(),
    }
}

/// An amount of money: `$51,140` (annual figures are whole), `$24.59` (hourly keep cents).
pub fn money(amount: f64, currency: &str, period: PayPeriod) -> String {
    let mut out = String::with_capacity(16);
    out.push_str(&currency_prefix(currency));
    match period {
        PayPeriod::Annual => push_digits(&mut out, amount.round().max(0.0) as u64, true),
        PayPeriod::Hourly => {
            let cents = (amount * 100.0).round().max(0.0) as u64;
            push_digits(&mut out, cents / 100, true);
            out.push('.');
            out.push(char::from(b'0' + (cents % 100 / 10) as u8));
            out.push(char::from(b'0' + (cents % 10) as u8));
        }
    }
    out
}

/// A compact amount for chart labels: `$51k`, `$117.5k`.
pub fn money_short(amount: f64, currency: &str, period: PayPeriod) -> String {
    match period {
        PayPeriod::Hourly => money(amount, currency, period),
        PayPeriod::Annual => {
            let mut out = String::with_capacity(12);
            out.push_str(&currency_prefix(currency));
            let k = amount / 1000.0;
            // Whole thousands within 0.05; otherwise one decimal, rounded as `{:.1}` rounds
            // `k`. Whole-dollar amounts are done with integers (a test compares them with
            // `format!` for every amount up to 400,000) except where `k` is a tie, whose
            // rounding depends on its binary value; the rest go through `format!`.
            let small = k.is_sign_positive() && amount < 1e15;
            if (k - k.round()).abs() < 0.05 {
                if small {
                    push_digits(&mut out, k.round() as u64, false);
                } else {
                    let _ = write!(out, "{k:.0}");
                }
            } else if small && amount.fract() == 0.0 && (amount as u64) % 100 != 50 {
                let tenths = (amount as u64 + 50) / 100;
                push_digits(&mut out, tenths / 10, false);
                out.push('.');
                out.push(char::from(b'0' + (tenths % 10) as u8));
            } else {
                let _ = write!(out, "{k:.1}");
            }
            out.push('k');
            out
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

    /// Grouping by thousands, against the definition (a comma before every third digit from
    /// the right), for every length of number.
    #[test]
    fn thousands_put_a_comma_before_every_third_digit_from_the_right() {
        let reference = |n: u64| {
            let digits = n.to_string();
            let mut out = String::new();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i).is_multiple_of(3) {
                    out.push(',');
                }
                out.push(c);
            }
            out
        };
        let mut n = 1u64;
        while let Some(next) = n.checked_mul(7) {
            for m in [n - 1, n, n + 1, next / 2] {
                assert_eq!(thousands(m), reference(m), "{m}");
            }
            n = next;
        }
        for m in (0..2_000_000).step_by(997) {
            assert_eq!(thousands(m), reference(m), "{m}");
        }
    }

    #[test]
    fn whole_numbers_are_written_as_display_writes_them() {
        for n in [0, 7, -7, 10, 1234, -98765, i64::MAX, i64::MIN] {
            let mut out = String::from("x");
            push_int(&mut out, n);
            assert_eq!(out, format!("x{n}"));
        }
    }

    #[test]
    fn money_is_grouped_and_rounded() {
        assert_eq!(money(51140.0, "USD", PayPeriod::Annual), "$51,140");
        assert_eq!(money(1234567.4, "USD", PayPeriod::Annual), "$1,234,567");
        assert_eq!(money(24.5, "USD", PayPeriod::Hourly), "$24.50");
        assert_eq!(money(900.0, "NZD", PayPeriod::Annual), "NZD 900");
        assert_eq!(money_short(117_500.0, "USD", PayPeriod::Annual), "$117.5k");
        assert_eq!(money_short(51_000.0, "USD", PayPeriod::Annual), "$51k");
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(u64::MAX), "18,446,744,073,709,551,615");
        assert_eq!(money(0.004, "EUR", PayPeriod::Hourly), "€0.00");
        assert_eq!(money(7.05, "GBP", PayPeriod::Hourly), "£7.05");
    }

    /// What `money_short` wrote when it was two `format!` calls; the fast one must agree.
    fn money_short_by_format(amount: f64) -> String {
        let k = amount / 1000.0;
        let text = if (k - k.round()).abs() < 0.05 {
            format!("{:.0}", k)
        } else {
            format!("{:.1}", k)
        };
        format!("${text}k")
    }

    #[test]
    fn short_amounts_agree_with_float_formatting() {
        let whole = (0..=400_000u32).map(f64::from);
        let odd = [
            0.5, 49.99, 50.0, 1049.5, 51_050.0, 51_150.0, 51_250.0, 99_950.0, 1e16, 3.3e17,
        ];
        for amount in whole.chain(odd) {
            assert_eq!(
                money_short(amount, "USD", PayPeriod::Annual),
                money_short_by_format(amount),
                "{amount}"
            );
        }
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
