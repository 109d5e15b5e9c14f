//! The months a sheet's name or title rows name (`2026年10月综合评价`, a sheet `10月`,
//! `Oct 2026`), for `other-month`.
//!
//! Choices where the SPEC is silent:
//! - Only *months* count, not full dates: a title `导出时间 2026-12-01 09:30` or
//!   `制表日期：2026年12月2日` is when the sheet was made, not what it is about, and a range
//!   of days (`10月26日至11月25日`) is read as naming no month at all (such a sheet is
//!   never left out).
//! - A month without a year (`10月`) matches the month of any year.
//! - `3个月` (three months) names no month.

use crate::model::Month;

/// A month named in a text: the year when written, and the month 1–12.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Named {
    pub year: Option<i32>,
    pub month: u32,
}

impl Named {
    pub fn is(&self, m: Month) -> bool {
        self.month == m.month && self.year.is_none_or(|y| y == m.year)
    }

    /// `2026-10` or `10月` / `month 10`.
    pub fn shown(&self) -> (String, String) {
        match self.year {
            Some(y) => (format!("{y}-{:02}", self.month), format!("{y}-{:02}", self.month)),
            None => (format!("{}月", self.month), format!("month {}", self.month)),
        }
    }
}

const EN_MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Every month `text` names (see the module docs for what counts).
pub fn named_months(text: &str) -> Vec<Named> {
    use unicode_normalization::UnicodeNormalization;
    let s: Vec<char> = text.nfkc().collect();
    let mut out = Vec::new();
    let digits_at = |i: usize| s[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    let number = |from: usize, len: usize| s[from..from + len].iter().collect::<String>().parse::<u32>().unwrap_or(0);
    let mut i = 0;
    while i < s.len() {
        if !s[i].is_ascii_digit() || (i > 0 && s[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let len = digits_at(i);
        let mut next = i + len;
        let named = match len {
            // `2026年10月`, `2026-10`, `2026.10`, `2026/10`, `2026_10` (not followed by a day).
            4 => {
                let year = number(i, 4) as i32;
                let sep = s.get(next).copied();
                if matches!(sep, Some('年' | '-' | '.' | '/' | '_')) {
                    let m_at = next + 1;
                    let m_len = if m_at < s.len() { digits_at(m_at) } else { 0 };
                    next = m_at + m_len;
                    let month = if (1..=2).contains(&m_len) { number(m_at, m_len) } else { 0 };
                    let has_day = match s.get(next) {
                        Some('月') => s.get(next + 1..).is_some_and(has_day_after_month),
                        Some('-' | '.' | '/') => s.get(next + 1).is_some_and(char::is_ascii_digit),
                        _ => false,
                    };
                    ((1..=12).contains(&month) && !has_day).then_some(Named { year: Some(year), month })
                } else {
                    None
                }
            }
            // `202610` (a month), not `20261003` (a date).
            6 => {
                let (year, month) = (number(i, 4) as i32, number(i + 4, 2));
                ((1900..=9999).contains(&year) && (1..=12).contains(&month))
                    .then_some(Named { year: Some(year), month })
            }
            // `10月`, `10月份`; not `10月3日`, not `3个月`.
            1 | 2 => {
                let month = number(i, len);
                let is_month = s.get(next) == Some(&'月') && !s.get(next + 1..).is_some_and(has_day_after_month);
                (is_month && (1..=12).contains(&month)).then_some(Named { year: None, month })
            }
            _ => None,
        };
        out.extend(named);
        i = next.max(i + 1);
    }
    out.extend(english_months(&s));
    out
}

/// After `月`: a day number and `日`/`号` follow (`月3日`, `月 25号`).
fn has_day_after_month(rest: &[char]) -> bool {
    let d = rest.iter().take_while(|c| c.is_ascii_digit() || **c == ' ').count();
    d > 0 && matches!(rest.get(d), Some('日' | '号'))
}

/// `October 2026`, `Oct-2026`, `Oct`: whole words; `May` only capitalised or with a year.
fn english_months(s: &[char]) -> Vec<Named> {
    let text: String = s.iter().collect();
    let words: Vec<&str> = text.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let mut out = Vec::new();
    for (k, w) in words.iter().enumerate() {
        let lower = w.to_ascii_lowercase();
        let Some(m) =
            EN_MONTHS.iter().position(|name| lower == *name || (lower.len() == 3 && name.starts_with(&lower)))
        else {
            continue;
        };
        let year = words.get(k + 1).filter(|y| y.len() == 4 && y.chars().all(|c| c.is_ascii_digit()));
        if lower == "may" && !w.starts_with('M') && year.is_none() {
            continue;
        }
        // `Oct 3, 2026` is a date.
        if words.get(k + 1).is_some_and(|d| d.len() <= 2 && d.chars().all(|c| c.is_ascii_digit())) {
            continue;
        }
        out.push(Named { year: year.and_then(|y| y.parse().ok()), month: m as u32 + 1 });
    }
    out
}

/// The month another than `month` that `text` names, when it names some month and
/// never this one.
pub fn other_month(text: &str, month: Month) -> Option<Named> {
    let named = named_months(text);
    if named.iter().any(|n| n.is(month)) {
        return None;
    }
    named.into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nov() -> Month {
        Month::new(2026, 11).unwrap()
    }

    fn y(year: i32, month: u32) -> Named {
        Named { year: Some(year), month }
    }

    #[test]
    fn months_named_in_titles_and_sheet_names() {
        assert_eq!(named_months("2026年10月综合评价"), vec![y(2026, 10)]);
        assert_eq!(named_months("10月"), vec![Named { year: None, month: 10 }]);
        assert_eq!(named_months("10月份考评"), vec![Named { year: None, month: 10 }]);
        assert_eq!(named_months("２０２６年１０月"), vec![y(2026, 10)]);
        assert_eq!(named_months("考评 2026-10"), vec![y(2026, 10)]);
        assert_eq!(named_months("202610"), vec![y(2026, 10)]);
        assert_eq!(named_months("October 2026 reviews"), vec![y(2026, 10)]);
        assert_eq!(named_months("Oct"), vec![Named { year: None, month: 10 }]);
    }

    #[test]
    fn dates_and_durations_name_no_month() {
        assert!(named_months("制表日期：2026年12月2日").is_empty());
        assert!(named_months("导出时间 2026-12-01 09:30").is_empty());
        assert!(named_months("10月26日至11月25日").is_empty());
        assert!(named_months("近3个月").is_empty());
        assert!(named_months("20261103").is_empty());
        assert!(named_months("Sheet1").is_empty());
        assert!(named_months("you may ask").is_empty());
        assert!(named_months("Oct 3, 2026").is_empty());
        assert!(named_months("座席工号 A1001").is_empty());
    }

    #[test]
    fn another_month_only_when_this_one_is_not_named() {
        assert_eq!(other_month("2026年10月综合评价", nov()), Some(y(2026, 10)));
        assert_eq!(other_month("2025年11月综合评价", nov()), Some(y(2025, 11)), "last year's November");
        assert_eq!(other_month("10月", nov()), Some(Named { year: None, month: 10 }));
        assert_eq!(other_month("2026年11月综合评价", nov()), None);
        assert_eq!(other_month("11月 (10月数据已删)", nov()), None, "names this month too");
        assert_eq!(other_month("综合评价", nov()), None);
        assert_eq!(other_month("10月26日至11月25日", nov()), None);
    }
}
