//! Cell values (SPEC §2 "Cell values"): pure parsers from a [`Value`] to the typed
//! value a column expects. They never panic; `None` means "cannot be read as that".
//! Range rules (≥ 0, 0–100, …) are applied by the caller, which knows the column.

use std::borrow::Cow;

use chrono::{Days, NaiveDate};
use unicode_normalization::UnicodeNormalization;

use super::grid::Value;
use crate::model::{EventKind, TaskStatus};
use crate::text::{is_format_char, strip_format_chars};

/// NFKC (full-width → half-width), skipped for ASCII, which it would not change.
pub fn nfkc(s: &str) -> Cow<'_, str> {
    if s.is_ascii() { Cow::Borrowed(s) } else { Cow::Owned(s.nfkc().collect()) }
}

/// A key for matching words: NFKC, no white space and no invisible format character
/// (a BOM before a header, a ZWSP) at all, lower case.
pub fn word_key(s: &str) -> String {
    nfkc(s).chars().filter(|&c| !c.is_whitespace() && !is_format_char(c)).flat_map(char::to_lowercase).collect()
}

/// id: text or number; `1001.0` is `1001`; trimmed, NFKC, invisible format characters
/// (ZWSP, BOM, ZWJ …) removed; leading zeros kept (text stays text).
pub fn parse_id(v: &Value) -> Option<String> {
    match v {
        Value::Text(s) => {
            let s = nfkc(strip_format_chars(s).trim()).trim().to_string();
            (!s.is_empty()).then_some(s)
        }
        Value::Num(n) if n.is_finite() => Some(crate::text::num::general(*n)),
        _ => None,
    }
}

/// Free text, trimmed; numbers and dates as they would show.
pub fn parse_text(v: &Value) -> Option<String> {
    match v {
        Value::Text(s) => {
            let s = s.trim();
            (!s.is_empty()).then(|| s.to_string())
        }
        Value::Num(_) | Value::Date(_) | Value::Bool(_) => Some(v.display()),
        Value::Error(_) | Value::UncachedFormula => None,
    }
}

/// A number: a numeric cell, or text such as `1,234.5`, `１２３`, `¥1,234.5`, `12.5万`, `100元`.
pub fn parse_number(v: &Value) -> Option<f64> {
    match v {
        Value::Num(n) if n.is_finite() => Some(*n),
        Value::Text(s) => number_text(s),
        _ => None,
    }
}

/// The text form of `parse_number`.
pub fn number_text(s: &str) -> Option<f64> {
    let s = nfkc(s);
    let mut t: &str = s.trim();
    let mut negative = false;
    if let Some(rest) = t.strip_prefix('-') {
        negative = true;
        t = rest.trim_start();
    } else if let Some(rest) = t.strip_prefix('+') {
        t = rest.trim_start();
    }
    // NFKC turns ￥ into ¥.
    t = t.strip_prefix('¥').map(str::trim_start).unwrap_or(t);
    if !negative && let Some(rest) = t.strip_prefix('-') {
        negative = true;
        t = rest.trim_start();
    }
    t = t.strip_suffix('元').map(str::trim_end).unwrap_or(t);
    let mut scale = 1.0;
    if let Some(rest) = t.strip_suffix('万') {
        scale = 10_000.0;
        t = rest.trim_end();
    }
    let n = plain_decimal(t)?;
    let n = n * scale;
    n.is_finite().then_some(if negative { -n } else { n })
}

/// Digits with an optional decimal point; thousands separators only in groups of three.
fn plain_decimal(t: &str) -> Option<f64> {
    let (int, frac) = match t.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (t, None),
    };
    if int.is_empty() && frac.is_none_or(str::is_empty) {
        return None;
    }
    let int_digits: String = if int.contains(',') {
        let mut groups = int.split(',');
        let first = groups.next()?;
        if first.is_empty() || first.len() > 3 || !first.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut out = first.to_string();
        for g in groups {
            if g.len() != 3 || !g.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            out.push_str(g);
        }
        out
    } else {
        if !int.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        int.to_string()
    };
    if let Some(f) = frac
        && !f.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let joined = match frac {
        Some(f) => {
            format!("{}.{}", if int_digits.is_empty() { "0" } else { &int_digits }, if f.is_empty() { "0" } else { f })
        }
        None => int_digits,
    };
    joined.parse().ok()
}

/// A rate: a numeric cell (0.95), or text `95%` / `95` / `0.95`. Kept ready: no column
/// expects a rate yet. Text without `%` is read as the number itself.
pub fn parse_rate(v: &Value) -> Option<f64> {
    match v {
        Value::Text(s) => {
            let s = nfkc(s);
            let t = s.trim();
            match t.strip_suffix('%') {
                Some(p) => number_text(p).map(|n| n / 100.0),
                None => number_text(t),
            }
        }
        _ => parse_number(v),
    }
}

/// A date: a date cell, an Excel serial number (1900 or 1904 system), or text
/// `2026-11-03`, `2026/11/3`, `2026.11.3`, `2026年11月3日`, `20261103` (a time after it is ignored).
/// Dates typed without their year are completed from `month` ([`date_text_in`]).
pub fn parse_date(v: &Value, is_1904: bool, month: Option<crate::model::Month>) -> Option<NaiveDate> {
    match v {
        Value::Date(d) => Some(*d),
        Value::Num(n) => serial_date(*n, is_1904),
        Value::Text(s) => date_text_in(s, month),
        _ => None,
    }
}

/// An Excel serial day number. 1900 system: day 1 is 1900-01-01 and Excel's phantom
/// 1900-02-29 (day 60) is not a date; 1904 system: day 0 is 1904-01-01.
pub fn serial_date(n: f64, is_1904: bool) -> Option<NaiveDate> {
    if !n.is_finite() || !(0.0..2_958_466.0).contains(&n) {
        return None;
    }
    let day = n.floor() as u64;
    if is_1904 {
        return NaiveDate::from_ymd_opt(1904, 1, 1)?.checked_add_days(Days::new(day));
    }
    match day {
        0 | 60 => None,
        1..=59 => NaiveDate::from_ymd_opt(1899, 12, 31)?.checked_add_days(Days::new(day)),
        _ => NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(Days::new(day)),
    }
}

/// The first day a date column accepts: Excel's serial 61. Before it lie only the
/// serials 1–60, which a date-formatted cell shows for a small number typed into it
/// (`5` → 1900-01-05), and Excel's phantom 1900-02-29: no call centre's date.
pub fn earliest_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(1900, 3, 1).expect("a valid date")
}

/// A fraction of a day as a time of day: 0.396 → `09:30`, with seconds when there are some.
pub fn time_text(fraction: f64) -> String {
    let secs = (fraction.clamp(0.0, 1.0) * 86_400.0).round() as u32 % 86_400;
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if s == 0 { format!("{h:02}:{m:02}") } else { format!("{h:02}:{m:02}:{s:02}") }
}

/// Whether a cell holds a time of day rather than a date: text `9:30`, `09:30:00`,
/// `上午9:30`, `9:30 AM`, an ISO duration `PT09H30M`, or a number between 0 and 1
/// (a time cell in General format).
pub fn is_time_of_day(v: &Value) -> bool {
    match v {
        Value::Num(n) => *n > 0.0 && *n < 1.0,
        Value::Text(s) => {
            let s = nfkc(s);
            let t = s.trim();
            if t.starts_with("PT") && t.len() > 2 {
                return true;
            }
            let t = t.trim_start_matches(['上', '下', '午']).trim_start();
            let t = ["AM", "PM", "am", "pm"].iter().fold(t, |t, p| t.strip_suffix(p).unwrap_or(t)).trim_end();
            let parts: Vec<&str> = t.split(':').collect();
            (2..=3).contains(&parts.len())
                && parts.iter().enumerate().all(|(k, p)| {
                    let secs = p.split('.').next().unwrap_or(p);
                    !secs.is_empty()
                        && secs.len() <= 2
                        && secs.bytes().all(|b| b.is_ascii_digit())
                        && (k == parts.len() - 1 || !p.contains('.'))
                })
        }
        _ => false,
    }
}

/// The text forms of [`parse_date`].
pub fn date_text(s: &str) -> Option<NaiveDate> {
    date_text_in(s, None)
}

/// [`date_text`], and dates as clerks type them in Chinese: `2026年11月3号`, and when
/// the month being evaluated is known, `11月3日` / `11月3号` (the year nearest that
/// month: `12月31日` in a January is December of the year before) and `3日` / `3号`
/// (a day of that month).
pub fn date_text_in(s: &str, month: Option<crate::model::Month>) -> Option<NaiveDate> {
    let s = nfkc(s);
    let t = s.trim();
    // Drop a time of day: `2026-11-03 08:00:00`, `2026-11-03T08:00`.
    let t = t.split([' ', 'T']).next().unwrap_or(t);
    if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        return ymd(&t[..4], &t[4..6], &t[6..]);
    }
    if let Some(rest) = t.strip_suffix('日').or_else(|| t.strip_suffix('号')) {
        if let Some((y, rest)) = rest.split_once('年') {
            let (m, d) = rest.split_once('月')?;
            return ymd(y, m, d);
        }
        let month = month?;
        return match rest.split_once('月') {
            Some((m, d)) => {
                let m: u32 = m.trim().parse().ok().filter(|m| (1..=12).contains(m))?;
                let year = match i64::from(m) - i64::from(month.month) {
                    d if d > 6 => month.year - 1,
                    d if d < -6 => month.year + 1,
                    _ => month.year,
                };
                ymd(&year.to_string(), &m.to_string(), d)
            }
            None => ymd(&month.year.to_string(), &month.month.to_string(), rest),
        };
    }
    for sep in ['-', '/', '.'] {
        let mut parts = t.split(sep);
        if let (Some(y), Some(m), Some(d), None) = (parts.next(), parts.next(), parts.next(), parts.next()) {
            return ymd(y, m, d);
        }
    }
    None
}

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    let num = |s: &str, max_len: usize| -> Option<u32> {
        let s = s.trim();
        (!s.is_empty() && s.len() <= max_len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
    };
    let y = num(y, 4)?;
    if y < 1900 {
        return None;
    }
    NaiveDate::from_ymd_opt(y as i32, num(m, 2)?, num(d, 2)?)
}

/// yes/no: 是/否, Y/N, yes/no, true/false, 1/0, √/× (also ✓/✗), a TRUE/FALSE cell.
pub fn parse_yes_no(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Num(n) if *n == 1.0 => Some(true),
        Value::Num(n) if *n == 0.0 => Some(false),
        Value::Text(s) => match word_key(s).as_str() {
            "是" | "y" | "yes" | "true" | "1" | "√" | "✓" | "✔" => Some(true),
            "否" | "n" | "no" | "false" | "0" | "×" | "✗" | "✘" | "x" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// 终止/暂停/处罚/投诉 or terminated/suspended/penalized/complaint (and their obvious forms).
pub fn parse_event(v: &Value) -> Option<EventKind> {
    let Value::Text(s) = v else { return None };
    match word_key(s).as_str() {
        "终止" | "终止合作" | "terminated" | "terminate" | "termination" => Some(EventKind::Terminated),
        "暂停" | "暂停合作" | "suspended" | "suspend" | "suspension" => Some(EventKind::Suspended),
        "处罚" | "罚款" | "penalized" | "penalised" | "penalty" | "penalize" => Some(EventKind::Penalized),
        "投诉" | "客户投诉" | "用户投诉" | "complaint" | "complaints" | "complained" => {
            Some(EventKind::Complaint)
        }
        _ => None,
    }
}

/// 按时完成/延期完成/未完成, on time/late/not done. Synonyms: a plain 完成/已完成/按期完成/
/// 按时/done/completed counts as on time (completed, no delay stated); 延期/逾期/延迟/超期完成,
/// overdue/delayed as late; 没有完成/未办结, not completed/incomplete as not done.
/// `未按时完成` is refused: it does not say whether the task was done at all.
pub fn parse_status(v: &Value) -> Option<TaskStatus> {
    let Value::Text(s) = v else { return None };
    match word_key(s).as_str() {
        "按时完成" | "按期完成" | "按时" | "完成" | "已完成" | "ontime" | "done" | "completed" | "complete" => {
            Some(TaskStatus::OnTime)
        }
        "延期完成" | "逾期完成" | "延迟完成" | "超期完成" | "延期" | "逾期" | "late" | "overdue" | "delayed"
        | "donelate" | "completedlate" => Some(TaskStatus::Late),
        "未完成" | "没有完成" | "未办结" | "notdone" | "notcompleted" | "incomplete" | "undone" => {
            Some(TaskStatus::NotDone)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests;
