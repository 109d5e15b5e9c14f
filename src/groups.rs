//! Findings as a clerk reads them (SPEC §3 "Diagnostics a clerk can act on"): root
//! causes first, follow-ons folded under their cause, and findings of the same code,
//! sheet, column and cause on several rows made one group with a count and row ranges.
//!
//! Takes the diagnostics (sorted as the pipeline sorts them); gives [`Group`]s in the
//! order they are shown: errors, then warnings, then infos; within a severity the
//! month-wide findings (a missing table, a wrong month) first, then by file, sheet
//! and first row. The JSON keeps one object per finding and adds its group's number
//! and its cause's ([`Grouping::of`]).
//!
//! Choices where the SPEC is silent:
//! - A group's message is its first finding's; the others differ only in their values
//!   (the count and the ranges say where they are, the JSON and `--all` list each).
//! - A follow-on is a finding whose `cause` is the row of another finding (an agent
//!   whose project row was itself left out): it is counted under the group of that
//!   finding, never shown as a group of its own.

use std::collections::{BTreeMap, HashMap};

use crate::diag::{Cause, Code, Diagnostic, Severity};

/// Findings shown as one.
#[derive(Debug)]
pub struct Group<'a> {
    /// 1-based, in the order shown.
    pub id: usize,
    pub items: Vec<&'a Diagnostic>,
    /// Findings that follow from this group's (counted, not shown).
    pub follow_ons: Vec<&'a Diagnostic>,
}

impl Group<'_> {
    pub fn first(&self) -> &Diagnostic {
        self.items[0]
    }

    /// The rows of the group as ranges, in order: `[(2, 1195)]`, `[(4, 4), (9, 12)]`.
    pub fn row_ranges(&self) -> Vec<(u32, u32)> {
        ranges(self.items.iter().filter_map(|d| d.row))
    }

    /// Where the group is, as a cell range of its column (`C2:C1195`, `C2:C9、C12`)
    /// or rows (`第 2–61 行` / `rows 2–61`), at most `max` ranges then `…`.
    pub fn cells(&self, max: usize) -> crate::text::Text {
        let rs = self.row_ranges();
        let more = if rs.len() > max { "…" } else { "" };
        let shown = &rs[..rs.len().min(max)];
        match self.first().col {
            Some(c) => {
                let list: Vec<String> = shown
                    .iter()
                    .map(|&(a, b)| {
                        let (x, y) = (crate::diag::a1(a, c), crate::diag::a1(b, c));
                        if a == b { x } else { format!("{x}:{y}") }
                    })
                    .collect();
                crate::text::Text::new(format!("{}{more}", list.join("、")), format!("{}{more}", list.join(", ")))
            }
            None if rs.is_empty() => crate::text::Text::default(),
            None => {
                let list: Vec<String> =
                    shown.iter().map(|&(a, b)| if a == b { a.to_string() } else { format!("{a}–{b}") }).collect();
                crate::text::Text::new(
                    format!("第 {}{more} 行", list.join("、")),
                    format!("row{} {}{more}", if self.items.len() > 1 { "s" } else { "" }, list.join(", ")),
                )
            }
        }
    }
}

/// Consecutive numbers as ranges.
fn ranges(rows: impl Iterator<Item = u32>) -> Vec<(u32, u32)> {
    let mut rows: Vec<u32> = rows.collect();
    rows.sort_unstable();
    rows.dedup();
    let mut out: Vec<(u32, u32)> = Vec::new();
    for r in rows {
        match out.last_mut() {
            Some((_, b)) if *b + 1 == r => *b = r,
            _ => out.push((r, r)),
        }
    }
    out
}

/// The groups of a list of findings, and which group each finding went to.
#[derive(Debug)]
pub struct Grouping<'a> {
    pub groups: Vec<Group<'a>>,
    /// For each finding (by its index in the list given): its group, and the group of
    /// its cause when it is a follow-on.
    of: Vec<(usize, Option<usize>)>,
}

impl Grouping<'_> {
    /// (group, cause's group) of the `i`-th finding.
    pub fn of(&self, i: usize) -> (usize, Option<usize>) {
        self.of[i]
    }

    /// Groups per code, in code order.
    pub fn per_code(&self) -> BTreeMap<Code, (usize, usize)> {
        let mut out: BTreeMap<Code, (usize, usize)> = BTreeMap::new();
        for g in &self.groups {
            let e = out.entry(g.first().code).or_default();
            e.0 += 1;
            e.1 += g.items.len();
        }
        out
    }
}

/// Groups the findings (see the module docs).
pub fn group(diags: &[Diagnostic]) -> Grouping<'_> {
    // Which finding a cause names: the first at its row, about its file, or with its key.
    let mut causes: HashMap<Cause, usize> = HashMap::new();
    for (i, d) in diags.iter().enumerate() {
        let at = match d.row {
            Some(row) => Cause::Row(d.file.clone(), d.sheet.clone(), row),
            None => Cause::File(d.file.clone()),
        };
        causes.entry(at).or_insert(i);
        if let Some(k) = &d.key {
            causes.entry(k.clone()).or_insert(i);
        }
    }
    let cause_of = |d: &Diagnostic| -> Option<usize> { d.cause.as_ref().and_then(|c| causes.get(c)).copied() };
    type Key<'k> = (Severity, Code, &'k str, &'k str, Option<u32>, Option<usize>);
    let mut keys: Vec<Key> = Vec::new();
    let mut by_key: HashMap<Key, Vec<usize>> = HashMap::new();
    for (i, d) in diags.iter().enumerate() {
        if cause_of(d).is_some() {
            continue;
        }
        let key = (d.severity, d.code, &*d.file, &*d.sheet, d.col, None);
        let list = by_key.entry(key).or_insert_with(|| {
            keys.push(key);
            Vec::new()
        });
        list.push(i);
    }
    let first_row = |k: &Key| by_key[k].iter().filter_map(|&i| diags[i].row).min().unwrap_or(0);
    keys.sort_by(|a, b| {
        let in_a_file = |k: &Key| !k.2.is_empty();
        (a.0, in_a_file(a), a.2, a.3, first_row(a), a.4, a.1).cmp(&(
            b.0,
            in_a_file(b),
            b.2,
            b.3,
            first_row(b),
            b.4,
            b.1,
        ))
    });
    let mut groups: Vec<Group> = Vec::with_capacity(keys.len());
    let mut of = vec![(0, None); diags.len()];
    for (n, k) in keys.iter().enumerate() {
        let items: Vec<&Diagnostic> = by_key[k].iter().map(|&i| &diags[i]).collect();
        for &i in &by_key[k] {
            of[i] = (n + 1, None);
        }
        groups.push(Group { id: n + 1, items, follow_ons: Vec::new() });
    }
    // Follow-ons, to their cause's group (a cause that is itself a follow-on: its root).
    for (i, d) in diags.iter().enumerate() {
        let Some(mut c) = cause_of(d) else { continue };
        let mut hops = 0;
        while let Some(next) = cause_of(&diags[c]).filter(|_| hops < 8) {
            c = next;
            hops += 1;
        }
        let root = of[c].0;
        if root > 0 {
            groups[root - 1].follow_ons.push(d);
            of[i] = (root, Some(root));
        }
    }
    Grouping { groups, of }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::t;
    use std::sync::Arc;

    fn at(code: Code, sheet: &str, row: u32, col: Option<u32>) -> Diagnostic {
        let (file, sheet): (Arc<str>, Arc<str>) = ("a.xlsx".into(), sheet.into());
        let mut d = Diagnostic::new(code, t!("问题", "problem")).in_file(&file).in_sheet(&sheet);
        d.row = Some(row);
        d.col = col;
        d
    }

    #[test]
    fn one_column_of_bad_dates_is_one_group_with_ranges() {
        let mut diags: Vec<Diagnostic> = (2..=1195).map(|r| at(Code::BadValue, "座席", r, Some(2))).collect();
        diags.push(at(Code::BadValue, "座席", 1197, Some(2)));
        diags.push(at(Code::BadValue, "座席", 5, Some(3)));
        let g = group(&diags);
        assert_eq!(g.groups.len(), 2);
        assert_eq!(g.groups[0].items.len(), 1195);
        assert_eq!(g.groups[0].cells(5), crate::text::Text::new("C2:C1195、C1197", "C2:C1195, C1197"));
        assert_eq!(g.groups[1].cells(5).en, "D5");
        assert_eq!(g.of(0), (1, None));
    }

    #[test]
    fn follow_ons_fold_under_their_cause_and_errors_come_first() {
        let project = at(Code::UnknownReference, "项目", 8, Some(2));
        let mut diags = vec![at(Code::SpanOfControl, "经理", 2, None), project];
        for row in 2..62 {
            let mut d = at(Code::UnknownReference, "座席", row, Some(1));
            d.cause = Some(Cause::Row("a.xlsx".into(), "项目".into(), 8));
            diags.push(d);
        }
        let g = group(&diags);
        assert_eq!(g.groups.len(), 2, "the agents are not a group of their own");
        assert_eq!(g.groups[0].first().code, Code::UnknownReference, "the error first");
        assert_eq!(g.groups[0].follow_ons.len(), 60);
        assert_eq!(g.of(2), (1, Some(1)));
        assert_eq!(g.groups[1].cells(5), crate::text::Text::new("第 2 行", "row 2"));
    }
}
