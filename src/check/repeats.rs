//! Rows given twice (SPEC §3): a reviewer who reviews the same PM twice in the month
//! (`duplicate-key`: PM + reviewer is a key; the later row is left out), and a row of
//! tasks, adjustments or partner events equal in every column to an earlier row of
//! the same sheet (`duplicate-row`, a warning: pasted twice? both rows count as
//! written). QA rows may repeat: several checks of a project on one day add up.
//!
//! Choices where the SPEC is silent:
//! - Reviewers are the same when their names are equal after the reader's trimming
//!   and NFKC (`张三` and `张三 ` are one reviewer); the comparison is per PM over all
//!   sheets, since the month has one review per reviewer and PM wherever it is kept.
//! - A `duplicate-row` is said at the later row and names the earlier; an earlier
//!   row in another sheet is not a paste (the `duplicate-source` check looks at whole
//!   sheets).

use std::collections::HashMap;
use std::hash::Hash;

use super::Cx;
use super::words::place;
use crate::diag::{Code, Diagnostic};
use crate::model::{Origin, TableKind};
use crate::t;

/// Reviews: a later row by the same reviewer for the same PM is a `duplicate-key`
/// and left out. `keep` is what the reference checks kept; gives the rows kept.
pub(super) fn reviewers(cx: &mut Cx, mut keep: Vec<bool>) -> Vec<bool> {
    let rows = &cx.t.reviews;
    let mut first: HashMap<(&str, &str), usize> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        if !keep[i] {
            continue;
        }
        let f = *first.entry((r.pm_id.as_str(), r.reviewer.as_str())).or_insert(i);
        if f == i {
            continue;
        }
        keep[i] = false;
        let (pm, who) = (&r.pm_id, &r.reviewer);
        let key = crate::schema::col::reviews::REVIEWER;
        let p = place(&rows[f].origin, cx.t.cell_of(&rows[f].origin, key));
        let (pz, pe) = (&p.zh, &p.en);
        cx.push(
            Diagnostic::new(
                Code::DuplicateKey,
                t!(
                    "评价人“{who}”对项目经理 {pm} 评价了两次：首次在 {pz}；每位评价人每月对每位项目经理只评一次，保留首次的评分，本行不计入",
                    "reviewer \"{who}\" reviews PM {pm} twice: first at {pe}; a reviewer reviews each PM once a month, so the first score is kept and this row left out"
                ),
            )
            .at_cell_of(&r.origin, cx.t.cell_of(&r.origin, key))
            .for_pm(pm.as_str()),
        );
    }
    keep
}

/// Tasks, adjustments, partner events: a row equal to an earlier one of its sheet.
pub(super) fn pasted_twice(cx: &mut Cx) {
    let t = cx.t;
    let mut found = Vec::new();
    repeated(
        &mut found,
        TableKind::Tasks,
        t.tasks.iter().map(|r| (&r.origin, (&r.pm_id, &r.task, r.status), Some(&r.pm_id))),
    );
    repeated(
        &mut found,
        TableKind::Adjustments,
        t.adjustments.iter().map(|r| (&r.origin, (&r.pm_id, r.item, r.points.to_bits(), &r.reason), Some(&r.pm_id))),
    );
    let events = t.events.iter().map(|r| {
        let key = (&r.project_id, r.event, r.date, r.lost_volume.to_bits(), r.severe, &r.description);
        (&r.origin, key, None)
    });
    repeated(&mut found, TableKind::PartnerEvents, events);
    for (kind, first, here, pm) in found {
        let pm = pm.or_else(|| {
            let event = t.events.iter().find(|e| &e.origin == here)?;
            cx.pm_of_project(&event.project_id).map(str::to_string)
        });
        let words = kind.words();
        let (tz, te) = (&words.zh, &words.en);
        let (fz, fe) = (first.row, first.row);
        let d = Diagnostic::new(
            Code::DuplicateRow,
            t!(
                "本行与第 {fz} 行完全相同（是否粘贴了两次？）：「{tz}」的两行都按所填计入；若是重复，请删除其中一行",
                "this row equals row {fe} in every column (pasted twice?): both {te} rows count as written; if it is a repeat, delete one"
            ),
        )
        .at(here);
        cx.push(match pm {
            Some(pm) => d.for_pm(pm),
            None => d,
        });
    }
}

type Found<'a> = Vec<(TableKind, &'a Origin, &'a Origin, Option<String>)>;

fn repeated<'a, K: Hash + Eq>(
    found: &mut Found<'a>,
    kind: TableKind,
    rows: impl Iterator<Item = (&'a Origin, K, Option<&'a String>)>,
) {
    let mut first: HashMap<(&str, &str, K), &Origin> = HashMap::new();
    for (origin, key, pm) in rows {
        let earlier = *first.entry((&origin.file, &origin.sheet, key)).or_insert(origin);
        if earlier != origin {
            found.push((kind, earlier, origin, pm.cloned()));
        }
    }
}
