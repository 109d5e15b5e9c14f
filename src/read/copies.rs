//! Which of two sources holding the same figures is the copy (SPEC §3 "Never the
//! same figures twice"), decided as an office clerk would:
//!
//! 1. a name that says so: `副本` (Windows' `市场部 - 副本.xlsx`), `备份`, `旧`, `copy`,
//!    `backup`, `bak`, `old`, or a download counter `(1)`, `（2）` at the end;
//! 2. of an `.xls` and its Save-As `.xlsx` (or `.xlsm`, `.ods`), the `.xls`;
//! 3. the one modified earlier;
//! 4. otherwise the later one in reading order (it is the one added last).
//!
//! For two sheets of one workbook the same holds for the sheet names (Excel names a
//! copied sheet `综合评价 (2)`), then the later sheet.

use std::time::SystemTime;

use crate::t;
use crate::text::Text;

/// Words in a file or sheet name that mark it as a copy, after NFKC and lower-casing.
/// The Chinese ones are matched anywhere; the English ones as whole words.
const COPY_WORDS_ZH: [&str; 4] = ["副本", "备份", "旧", "拷贝"];
const COPY_WORDS_EN: [&str; 5] = ["copy", "backup", "bak", "old", "orig"];

/// Why a name looks like a copy's: `Some("副本")` for `市场部 - 副本.xlsx`.
pub fn copy_word(name: &str) -> Option<String> {
    let stem = name.rsplit_once('.').map_or(name, |(s, ext)| if ext.len() <= 5 { s } else { name });
    let key: String = super::cell::nfkc(stem).to_lowercase();
    if let Some(w) = COPY_WORDS_ZH.iter().find(|w| key.contains(*w)) {
        return Some((*w).to_string());
    }
    let words = key.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty());
    for w in words {
        if COPY_WORDS_EN.contains(&w) {
            return Some(w.to_string());
        }
    }
    // A counter at the end: `市场部 (1)`, `市场部(2)`, `综合评价 (2)`.
    let trimmed = key.trim_end();
    if let Some(inner) = trimmed.strip_suffix(')').and_then(|s| s.rsplit_once('(')).map(|(_, n)| n)
        && !inner.is_empty()
        && inner.len() <= 2
        && inner.chars().all(|c| c.is_ascii_digit())
    {
        return Some(format!("({inner})"));
    }
    None
}

/// One side of a comparison: its shown name (file, or sheet within one file), its
/// format (`xls`, `xlsx`, …), when it was modified, and its place in reading order.
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    pub name: &'a str,
    pub format: &'a str,
    pub modified: Option<SystemTime>,
    pub order: usize,
}

/// Which side is the copy (`true`: `b`), and why in words (`None` when only the
/// order decided). `by_time`: whether the modification times may decide.
pub fn which_is_copy(a: &Side, b: &Side, by_time: bool) -> (bool, Option<Text>) {
    match (copy_word(a.name), copy_word(b.name)) {
        (Some(w), None) => return (false, Some(named(&w))),
        (None, Some(w)) => return (true, Some(named(&w))),
        _ => {}
    }
    match (a.format == "xls", b.format == "xls") {
        (true, false) => return (false, Some(older_format())),
        (false, true) => return (true, Some(older_format())),
        _ => {}
    }
    if let (true, Some(ma), Some(mb)) = (by_time, a.modified, b.modified)
        && ma != mb
    {
        return (mb < ma, Some(t!("修改时间较早", "it was modified earlier")));
    }
    (b.order > a.order, None)
}

/// The reason shown when only the order decided.
pub fn comes_later() -> Text {
    t!("排在后面", "it comes later")
}

fn named(word: &str) -> Text {
    t!("名称中有“{word}”", "its name says \"{word}\"")
}

fn older_format() -> Text {
    t!("是旧格式 .xls（另存为 .xlsx 前的文件）", "it is the old .xls (saved again as .xlsx)")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(name: &str, order: usize) -> Side<'_> {
        Side { name, format: name.rsplit_once('.').map_or("", |(_, e)| e), modified: None, order }
    }

    #[test]
    fn names_that_say_copy() {
        for name in [
            "市场部 - 副本.xlsx",
            "增值部(旧).xlsx",
            "增值部（旧）.xlsx",
            "质检备份.xls",
            "Copy of market.xlsx",
            "market_old.xlsx",
            "market.bak.xlsx",
            "市场部 (1).xlsx",
            "综合评价 (2)",
        ] {
            assert!(copy_word(name).is_some(), "{name}");
        }
        for name in ["市场部.xlsx", "增值部.xlsx", "Gold.xlsx", "holder.xlsx", "2026-11.xlsx", "项目(2026)"] {
            assert_eq!(copy_word(name), None, "{name}");
        }
    }

    #[test]
    fn the_copy_is_chosen_by_name_then_format_then_time_then_order() {
        let (a, b) = (side("增值部.xlsx", 0), side("增值部(旧).xlsx", 1));
        assert!(which_is_copy(&a, &b, true).0);
        assert!(!which_is_copy(&b, &a, true).0);
        let (x, xs) = (side("质检.xls", 0), side("质检.xlsx", 1));
        assert!(!which_is_copy(&x, &xs, true).0, "the .xls is the copy");
        let t0 = SystemTime::UNIX_EPOCH;
        let older = Side { modified: Some(t0), ..side("a.xlsx", 0) };
        let newer = Side { modified: Some(t0 + std::time::Duration::from_secs(60)), ..side("b.xlsx", 1) };
        assert!(!which_is_copy(&older, &newer, true).0, "the older one is the copy");
        assert!(which_is_copy(&older, &newer, false).0, "without times: the later one");
        assert!(which_is_copy(&side("a.xlsx", 0), &side("b.xlsx", 1), true).0, "the later one");
    }
}
