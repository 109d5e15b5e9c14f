//! How numbers and row references look in deduction reasons: rates `92.40%`,
//! amounts `1,234,567.00`, and the compact `file[sheet] 5–60, 62–187` source.

use std::sync::Arc;

use crate::model::Origin;

/// The longest `Deduction.source` we write; longer lists end in `…`.
const MAX_SOURCE_CHARS: usize = 160;

/// A share as a percentage with two decimals: `0.924` → `92.40%`.
pub fn pct(share: f64) -> String {
    format!("{:.2}%", share * 100.0)
}

/// A limit as users write it, without trailing zeros: `1.0` → `100%`, `0.025` → `2.5%`.
pub fn limit(share: f64) -> String {
    let s = format!("{:.2}", share * 100.0);
    format!("{}%", s.trim_end_matches('0').trim_end_matches('.'))
}

/// A plain number with two decimals: `41.2` → `41.20`.
pub fn num(v: f64) -> String {
    format!("{v:.2}")
}

/// Money with thousands separators and two decimals: `1234567.5` → `1,234,567.50`.
pub fn money(v: f64) -> String {
    money_places(v, 2)
}

/// Money with thousands separators and `places` decimals.
pub fn money_places(v: f64, places: usize) -> String {
    let s = format!("{:.*}", places, v.abs());
    let (whole, frac) = s.split_once('.').map_or((s.as_str(), None), |(w, f)| (w, Some(f)));
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    let sign = if v < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') { "-" } else { "" };
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

/// The fewest decimals (2 to 4) at which `v`, as shown, still gives the same result
/// through `check`, so that a manager redoing the arithmetic on paper gets our number;
/// `None` when even 4 do not (a result exactly on a half).
pub fn places_for(v: f64, check: impl Fn(f64) -> bool) -> Option<usize> {
    (2..=4).find(|&p| check(round_to(v, p)))
}

/// `v` rounded to `places` decimals, as shown.
pub fn round_to(v: f64, places: usize) -> f64 {
    format!("{v:.places$}").parse().unwrap_or(v)
}

/// A count that may be large: `12345` → `12,345`.
pub fn count(n: u64) -> String {
    money_places(n as f64, 0)
}

/// Compresses row origins into `file[sheet] 5–60, 62–187; other.xlsx[QA] 3`,
/// grouped by file and sheet in sorted order, capped at [`MAX_SOURCE_CHARS`].
/// The file is shown by its name without folders.
pub fn source<'a>(origins: impl IntoIterator<Item = &'a Origin>) -> String {
    // A PM's rows come from a handful of sheets: find the group by pointer first (the
    // reader shares one `Arc` per sheet), by name only when that fails.
    let mut groups: Vec<(&Arc<str>, &Arc<str>, Vec<u32>)> = Vec::new();
    for o in origins {
        let same = |g: &&mut (&Arc<str>, &Arc<str>, Vec<u32>)| {
            (Arc::ptr_eq(g.0, &o.file) && Arc::ptr_eq(g.1, &o.sheet)) || (*g.0 == o.file && *g.1 == o.sheet)
        };
        match groups.iter_mut().rev().find(same) {
            Some(g) => g.2.push(o.row),
            None => groups.push((&o.file, &o.sheet, vec![o.row])),
        }
    }
    groups.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    let mut parts = Vec::new();
    for (file, sheet, mut rows) in groups {
        rows.sort_unstable();
        rows.dedup();
        let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
        parts.push(format!("{name}[{sheet}] {}", ranges(&rows)));
    }
    let all = parts.join("; ");
    if all.chars().count() <= MAX_SOURCE_CHARS {
        return all;
    }
    let cut: String = all.chars().take(MAX_SOURCE_CHARS - 1).collect();
    format!("{cut}…")
}

/// `[5, 6, 7, 9]` → `5–7, 9`.
fn ranges(rows: &[u32]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let start = rows[i];
        let mut end = start;
        while i + 1 < rows.len() && rows[i + 1] == end + 1 {
            i += 1;
            end = rows[i];
        }
        out.push(if start == end { start.to_string() } else { format!("{start}–{end}") });
        i += 1;
    }
    out.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(file: &str, sheet: &str, row: u32) -> Origin {
        Origin { file: file.into(), sheet: sheet.into(), row }
    }

    #[test]
    fn numbers_look_as_a_manager_writes_them() {
        assert_eq!(pct(0.924), "92.40%");
        assert_eq!(
            (limit(1.0), limit(0.98), limit(0.025), limit(0.0)),
            ("100%".into(), "98%".into(), "2.5%".into(), "0%".into())
        );
        assert_eq!(num(41.2), "41.20");
        assert_eq!(money(1_234_567.5), "1,234,567.50");
        assert_eq!(money(999.0), "999.00");
        assert_eq!(money(-1500.0), "-1,500.00");
        assert_eq!(count(12_345), "12,345");
        assert_eq!(count(7), "7");
    }

    #[test]
    fn rows_compress_into_ranges_per_sheet() {
        let mut o: Vec<Origin> = (5..=60).chain(62..=187).map(|r| at("in/运营部.xlsx", "座席", r)).collect();
        o.push(at("in/质检.xlsx", "抽检", 3));
        o.push(at("in/运营部.xlsx", "座席", 61 + 200));
        // Sorted by file path: 质 (U+8D28) before 运 (U+8FD0).
        assert_eq!(source(&o), "质检.xlsx[抽检] 3; 运营部.xlsx[座席] 5–60, 62–187, 261");
        assert_eq!(source(&[]), "");
    }

    #[test]
    fn long_sources_are_capped() {
        let o: Vec<Origin> = (1..400).step_by(2).map(|r| at("a.xlsx", "s", r)).collect();
        let s = source(&o);
        assert_eq!(s.chars().count(), MAX_SOURCE_CHARS);
        assert!(s.ends_with('…'));
    }
}
