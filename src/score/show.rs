//! How numbers and row references look in deduction reasons: rates `92.40%`,
//! amounts `1,234,567.00`, and the compact `file[sheet] 5–60, 62–187` source.

use std::sync::Arc;

use crate::model::Origin;
use crate::text::num;

/// The longest `Deduction.source` we write; longer lists end in `…`.
const MAX_SOURCE_CHARS: usize = 160;

/// A share as a percentage with two decimals: `0.924` → `92.40%`.
pub fn pct(share: f64) -> String {
    format!("{}%", num::fixed(share * 100.0, 2))
}

/// A limit as users write it, without trailing zeros: `1.0` → `100%`, `0.025` → `2.5%`.
pub fn limit(share: f64) -> String {
    format!("{}%", num::trimmed(share * 100.0, 2))
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

/// Compresses row origins into `file[sheet] 5–60, 62–187; other.xlsx[QA] 3`,
/// grouped by file and sheet in sorted order, capped at `MAX_SOURCE_CHARS` (160) characters.
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
    // Written piece by piece until it is known to be over the cap: a PM's QA rows can
    // be hundreds of scattered rows, of which only the first few are shown.
    let mut all = Capped::default();
    for (i, (file, sheet, mut rows)) in groups.into_iter().enumerate() {
        rows.sort_unstable();
        rows.dedup();
        let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
        all.push(if i > 0 { "; " } else { "" });
        all.push(&format!("{name}[{sheet}] "));
        ranges(&rows, &mut all);
        if all.over() {
            break;
        }
    }
    all.finish()
}

/// A text that stops growing once it is longer than [`MAX_SOURCE_CHARS`]; it then
/// ends cut short with `…` (the same as the whole text cut short).
#[derive(Default)]
struct Capped {
    text: String,
    chars: usize,
}

impl Capped {
    fn over(&self) -> bool {
        self.chars > MAX_SOURCE_CHARS
    }

    fn push(&mut self, piece: &str) {
        if !self.over() {
            self.text.push_str(piece);
            self.chars += piece.chars().count();
        }
    }

    fn finish(self) -> String {
        if !self.over() {
            return self.text;
        }
        let cut: String = self.text.chars().take(MAX_SOURCE_CHARS - 1).collect();
        format!("{cut}…")
    }
}

/// `[5, 6, 7, 9]` → `5–7, 9`.
fn ranges(rows: &[u32], out: &mut Capped) {
    let mut i = 0;
    while i < rows.len() && !out.over() {
        let start = rows[i];
        let mut end = start;
        while i + 1 < rows.len() && rows[i + 1] == end + 1 {
            i += 1;
            end = rows[i];
        }
        if start != rows[0] {
            out.push(", ");
        }
        out.push(&if start == end { start.to_string() } else { format!("{start}–{end}") });
        i += 1;
    }
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

    /// The plain way: every group written out whole, then cut.
    fn reference(origins: &[Origin]) -> String {
        let mut groups: std::collections::BTreeMap<(&str, &str), Vec<u32>> = Default::default();
        for o in origins {
            groups.entry((&o.file, &o.sheet)).or_default().push(o.row);
        }
        let parts: Vec<String> = groups
            .into_iter()
            .map(|((file, sheet), mut rows)| {
                rows.sort_unstable();
                rows.dedup();
                let mut runs: Vec<(u32, u32)> = Vec::new();
                for r in rows {
                    match runs.last_mut() {
                        Some(last) if last.1 + 1 == r => last.1 = r,
                        _ => runs.push((r, r)),
                    }
                }
                let runs: Vec<String> =
                    runs.iter().map(|&(a, b)| if a == b { a.to_string() } else { format!("{a}–{b}") }).collect();
                format!("{}[{sheet}] {}", file.rsplit('/').next().unwrap(), runs.join(", "))
            })
            .collect();
        let all = parts.join("; ");
        if all.chars().count() <= MAX_SOURCE_CHARS {
            all
        } else {
            format!("{}…", all.chars().take(MAX_SOURCE_CHARS - 1).collect::<String>())
        }
    }

    proptest::proptest! {
        #[test]
        fn the_same_as_writing_everything_then_cutting(rows in proptest::collection::vec((0u8..3, 1u32..300), 0..200)) {
            let files = ["d/运营部.xlsx", "质检.xlsx", "a.xlsx"];
            let o: Vec<Origin> = rows.iter().map(|&(f, r)| at(files[usize::from(f)], if r % 7 == 0 { "乙" } else { "甲" }, r)).collect();
            proptest::prop_assert_eq!(source(&o), reference(&o));
        }
    }

    #[test]
    fn long_sources_are_capped() {
        let o: Vec<Origin> = (1..400).step_by(2).map(|r| at("a.xlsx", "s", r)).collect();
        let s = source(&o);
        assert_eq!(s.chars().count(), MAX_SOURCE_CHARS);
        assert!(s.ends_with('…'));
    }
}
