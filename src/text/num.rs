//! How numbers are written for people, everywhere: one family of formatters.
//!
//! - [`fixed`]: exactly `places` decimals (`41.20`).
//! - [`trimmed`]: at most `places` decimals, trailing zeros dropped (`20.5`, `22`).
//! - [`plain`]: the shortest decimal that reads back as `v`, whole numbers without a point
//!   (`0.25`, `5`): a rule value as the form states it.
//! - [`general`]: a cell's number as Excel's General format shows it, roughly (`1e308`).
//! - [`grouped`], [`money`], [`count`]: with thousands separators (`1,234,567.50`);
//!   [`group`] puts them into a number already written out.
//!
//! None of them writes `-0`: a negative number that rounds to zero is shown as zero.

/// A negative value that shows as zero loses its sign: `-0.00` → `0.00`.
fn unsigned_zero(s: String) -> String {
    match s.strip_prefix('-') {
        Some(rest) if rest.bytes().all(|b| b == b'0' || b == b'.' || b == b',') => rest.to_string(),
        _ => s,
    }
}

/// Drops a decimal part's trailing zeros, and the point if nothing is left after it.
fn trim_zeros(s: &str) -> &str {
    if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.') } else { s }
}

/// `v` with exactly `places` decimals: `fixed(41.2, 2)` → `41.20`.
pub fn fixed(v: f64, places: usize) -> String {
    unsigned_zero(format!("{v:.places$}"))
}

/// `v` with at most `places` decimals and no trailing zeros: `trimmed(20.50, 4)` → `20.5`,
/// `trimmed(22.0, 4)` → `22`, never `22.000000001`.
pub fn trimmed(v: f64, places: usize) -> String {
    unsigned_zero(trim_zeros(&format!("{v:.places$}")).to_string())
}

/// The shortest decimal that reads back as `v`; a value within 1e-9 of a whole number
/// is written as that number: `0.25`, `5`, `0.005`.
pub fn plain(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 { unsigned_zero(format!("{v:.0}")) } else { format!("{v}") }
}

/// A cell's number as Excel shows it in General format, roughly: `1001`, `12.5`, up to
/// six decimals, and `1e308` for a number too long to write out (or not finite).
pub fn general(v: f64) -> String {
    if !v.is_finite() || v.abs() >= 1e15 { format!("{v:e}") } else { trimmed(v, 6) }
}

/// `v` with `places` decimals and thousands separators: `grouped(1234567.5, 2)` →
/// `1,234,567.50`, `grouped(1e12, 0)` → `1,000,000,000,000`.
pub fn grouped(v: f64, places: usize) -> String {
    unsigned_zero(group(&format!("{v:.places$}")))
}

/// Money as a manager reads it: two decimals and thousands separators, `1,234,567.89`.
pub fn money(v: f64) -> String {
    grouped(v, 2)
}

/// A count that may be large: `12345` → `12,345`.
pub fn count(n: u64) -> String {
    group(&n.to_string())
}

/// Thousands separators in a number already written out: `-1234567.50` → `-1,234,567.50`;
/// text that is not a number (`NaN`, `inf`) comes back as it was.
pub fn group(number: &str) -> String {
    let (sign, rest) = number.strip_prefix('-').map_or(("", number), |r| ("-", r));
    let (int, frac) = rest.split_once('.').map_or((rest, None), |(i, f)| (i, Some(f)));
    if !int.bytes().all(|b| b.is_ascii_digit()) {
        return number.to_string();
    }
    let mut out = String::with_capacity(number.len() + int.len() / 3);
    out.push_str(sign);
    for (k, c) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_places() {
        assert_eq!(fixed(41.2, 2), "41.20");
        assert_eq!(fixed(0.0, 3), "0.000");
        assert_eq!(fixed(-0.0, 2), "0.00");
        assert_eq!(fixed(-0.001, 2), "0.00");
        assert_eq!(fixed(-1.5, 1), "-1.5");
        assert_eq!(fixed(1.0 / 3.0, 3), "0.333");
        // 2.675 is stored as 2.67499999…; the shown value follows the stored one.
        assert_eq!(fixed(2.675, 2), "2.67");
        assert_eq!(fixed(0.125, 2), "0.12");
        assert_eq!(fixed(1e15, 2), "1000000000000000.00");
        assert_eq!(fixed(f64::NAN, 2), "NaN");
        assert_eq!(fixed(f64::NEG_INFINITY, 2), "-inf");
    }

    #[test]
    fn trimmed_drops_trailing_zeros() {
        assert_eq!(trimmed(22.0, 4), "22");
        assert_eq!(trimmed(20.5, 4), "20.5");
        assert_eq!(trimmed(-2.0, 4), "-2");
        assert_eq!(trimmed(22.000000001, 4), "22");
        assert_eq!(trimmed(0.0, 4), "0");
        assert_eq!(trimmed(-0.0, 4), "0");
        assert_eq!(trimmed(-0.00001, 4), "0");
        assert_eq!(trimmed(99.999, 2), "100");
        assert_eq!(trimmed(2.5, 2), "2.5");
        assert_eq!(trimmed(100.0, 2), "100");
        assert_eq!(trimmed(1e15, 4), "1000000000000000");
        assert_eq!(trimmed(1e20, 4), "100000000000000000000");
        assert_eq!(trimmed(f64::INFINITY, 4), "inf");
        assert_eq!(trimmed(f64::NAN, 4), "NaN");
    }

    #[test]
    fn plain_is_the_shortest() {
        assert_eq!(plain(0.25), "0.25");
        assert_eq!(plain(5.0), "5");
        assert_eq!(plain(4.9999999999), "5");
        assert_eq!(plain(0.005), "0.005");
        assert_eq!(plain(-3.0), "-3");
        assert_eq!(plain(-0.0), "0");
        assert_eq!(plain(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(plain(1e15), "1000000000000000");
    }

    #[test]
    fn general_as_excel_shows_it() {
        assert_eq!(general(1001.0), "1001");
        assert_eq!(general(12.5), "12.5");
        assert_eq!(general(0.1234567), "0.123457");
        assert_eq!(general(-0.0), "0");
        assert_eq!(general(1e308), "1e308");
        assert_eq!(general(-2.5e16), "-2.5e16");
        assert_eq!(general(1e15), "1e15");
        assert_eq!(general(999_999_999_999_999.0), "999999999999999");
        assert_eq!(general(f64::NAN), "NaN");
        assert_eq!(general(f64::INFINITY), "inf");
    }

    #[test]
    fn thousands() {
        assert_eq!(money(1234567.891), "1,234,567.89");
        assert_eq!(money(0.0), "0.00");
        assert_eq!(money(-0.0), "0.00");
        assert_eq!(money(-0.004), "0.00");
        assert_eq!(money(999.999), "1,000.00");
        assert_eq!(money(-1234.5), "-1,234.50");
        assert_eq!(money(0.005), "0.01");
        assert_eq!(money(1e15), "1,000,000,000,000,000.00");
        assert_eq!(grouped(1e12, 0), "1,000,000,000,000");
        assert_eq!(grouped(999.5, 0), "1,000");
        assert_eq!(grouped(-1500.0, 1), "-1,500.0");
        assert_eq!(count(0), "0");
        assert_eq!(count(12345), "12,345");
        assert_eq!(count(u64::MAX), "18,446,744,073,709,551,615");
        assert_eq!(group("1234567.50"), "1,234,567.50");
        assert_eq!(group("999.00"), "999.00");
        assert_eq!(group("-1000.00"), "-1,000.00");
        assert_eq!(group("100"), "100");
        assert_eq!(group("NaN"), "NaN");
        assert_eq!(money(f64::NAN), "NaN");
        assert_eq!(money(f64::NEG_INFINITY), "-inf");
    }
}
