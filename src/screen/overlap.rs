//! Two sheets holding the same figures (`duplicate-source`): per table, the rows of
//! each (file, sheet) reduced to a fingerprint of their required columns; two sheets
//! of one table overlap when at least half of the smaller one's rows equal rows of
//! the other (as multisets: a row pasted twice in one sheet matches twice only if it
//! is twice in the other too).

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use crate::model::{Origin, TableKind, Tables};

/// The rows of one table on one sheet.
#[derive(Debug)]
pub struct Group {
    pub kind: TableKind,
    pub file: Arc<str>,
    pub sheet: Arc<str>,
    /// One fingerprint per row, in row order.
    pub rows: Vec<u64>,
}

/// Two groups of one table that hold the same figures: indexes into the groups, and
/// how many rows of the smaller agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overlap {
    pub a: usize,
    pub b: usize,
    pub agree: usize,
    pub smaller: usize,
}

fn fingerprint(parts: impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    parts.hash(&mut h);
    h.finish()
}

/// Every table's rows grouped by sheet, groups in reading order.
pub fn groups(t: &Tables) -> Vec<Group> {
    let mut out = Vec::new();
    let b = f64::to_bits;
    collect(
        &mut out,
        TableKind::Managers,
        t.managers.iter().map(|r| (&r.origin, fingerprint((&r.pm_id, &r.name, b(r.bonus_base))))),
    );
    collect(
        &mut out,
        TableKind::Projects,
        t.projects
            .iter()
            .map(|r| (&r.origin, fingerprint((&r.project_id, &r.project_name, &r.pm_id, b(r.plan), r.seats)))),
    );
    collect(
        &mut out,
        TableKind::Agents,
        t.agents.iter().map(|r| {
            let days = (b(r.scheduled_days), b(r.attended_days));
            let work = (r.dialed, r.connected, r.successes, b(r.revenue));
            (&r.origin, fingerprint((&r.agent_id, &r.project_id, r.hire_date, days, work)))
        }),
    );
    collect(
        &mut out,
        TableKind::Qa,
        t.qa.iter().map(|r| (&r.origin, fingerprint((r.date, &r.project_id, r.checked, r.errors)))),
    );
    collect(
        &mut out,
        TableKind::PartnerEvents,
        t.events.iter().map(|r| (&r.origin, fingerprint((&r.project_id, r.event)))),
    );
    collect(
        &mut out,
        TableKind::Tasks,
        t.tasks.iter().map(|r| (&r.origin, fingerprint((&r.pm_id, &r.task, r.status)))),
    );
    collect(
        &mut out,
        TableKind::Reviews,
        t.reviews.iter().map(|r| (&r.origin, fingerprint((&r.pm_id, &r.reviewer, b(r.score))))),
    );
    collect(
        &mut out,
        TableKind::Adjustments,
        t.adjustments.iter().map(|r| (&r.origin, fingerprint((&r.pm_id, r.item, b(r.points), &r.reason)))),
    );
    out
}

fn collect<'a>(out: &mut Vec<Group>, kind: TableKind, rows: impl Iterator<Item = (&'a Origin, u64)>) {
    let first = out.len();
    let mut at: HashMap<(&str, &str), usize> = HashMap::new();
    for (origin, fp) in rows {
        let k = *at.entry((&origin.file, &origin.sheet)).or_insert_with(|| {
            out.push(Group { kind, file: origin.file.clone(), sheet: origin.sheet.clone(), rows: Vec::new() });
            out.len() - 1
        });
        debug_assert!(k >= first);
        out[k].rows.push(fp);
    }
}

/// The pairs of groups of one table that hold the same figures, in order; `skip`
/// says which groups are already set aside (not compared).
pub fn overlaps(groups: &[Group], skip: &dyn Fn(usize) -> bool) -> Vec<Overlap> {
    let mut out = Vec::new();
    for a in 0..groups.len() {
        for b in a + 1..groups.len() {
            if groups[a].kind != groups[b].kind || skip(a) || skip(b) {
                continue;
            }
            if let Some(o) = overlap(groups, a, b) {
                out.push(o);
            }
        }
    }
    out
}

fn overlap(groups: &[Group], a: usize, b: usize) -> Option<Overlap> {
    let (small, large) =
        if groups[a].rows.len() <= groups[b].rows.len() { (&groups[a], &groups[b]) } else { (&groups[b], &groups[a]) };
    if small.rows.is_empty() {
        return None;
    }
    let mut counts: HashMap<u64, usize> = HashMap::with_capacity(large.rows.len());
    for fp in &large.rows {
        *counts.entry(*fp).or_default() += 1;
    }
    let mut agree = 0;
    for fp in &small.rows {
        if let Some(n) = counts.get_mut(fp).filter(|n| **n > 0) {
            *n -= 1;
            agree += 1;
        }
    }
    (agree * 2 >= small.rows.len()).then_some(Overlap { a, b, agree, smaller: small.rows.len() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::testkit::{at, qa, review};

    #[test]
    fn half_of_the_smaller_sheet_makes_an_overlap() {
        let mut t = Tables::default();
        // 评价 in a.xlsx: 4 rows; in b.xlsx: 2 rows, one equal to a row of a.xlsx (half of 2).
        for (i, (pm, who, score)) in
            [("P01", "甲", 90.0), ("P01", "乙", 80.0), ("P02", "甲", 70.0), ("P02", "乙", 60.0)].into_iter().enumerate()
        {
            t.reviews.push(crate::model::Review {
                origin: at("a.xlsx", "评价", i as u32 + 2),
                reviewer: who.into(),
                ..review(pm, score)
            });
        }
        t.reviews.push(crate::model::Review {
            origin: at("b.xlsx", "评价", 2),
            reviewer: "甲".into(),
            ..review("P01", 90.0)
        });
        t.reviews.push(crate::model::Review {
            origin: at("b.xlsx", "评价", 3),
            reviewer: "丙".into(),
            ..review("P03", 50.0)
        });
        let g = groups(&t);
        assert_eq!(g.len(), 2);
        assert_eq!(overlaps(&g, &|_| false), vec![Overlap { a: 0, b: 1, agree: 1, smaller: 2 }]);
        // With the equal row changed (a corrected score), 0 of 2 agree: no overlap.
        t.reviews[4].score = 91.0;
        assert!(overlaps(&groups(&t), &|_| false).is_empty());
    }

    #[test]
    fn repeated_rows_match_as_often_as_they_repeat() {
        // QA rows may repeat (two checks of a project on one day): three equal rows in
        // one sheet match only one in the other, 1 of 3 < half.
        let mut t = Tables::default();
        for row in 2..5 {
            t.qa.push(crate::model::QaRow { origin: at("a.xlsx", "抽检", row), ..qa(3, "X01", 50, 1) });
        }
        t.qa.push(crate::model::QaRow { origin: at("b.xlsx", "抽检", 2), ..qa(3, "X01", 50, 1) });
        for day in 4..30 {
            t.qa.push(crate::model::QaRow { origin: at("b.xlsx", "抽检", day), ..qa(day, "X01", 50, 0) });
        }
        assert!(overlaps(&groups(&t), &|_| false).is_empty());
    }
}
