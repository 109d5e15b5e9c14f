//! `missing-table` and `duplicate-key`: the tables a month needs, and the IDs
//! that must be unique (PM, project, agent).

use crate::t;
use std::collections::HashMap;

use super::Cx;
use super::suggest::Suggester;
use super::words::{header, place, required_headers};
use crate::diag::{Code, Diagnostic};
use crate::model::{Origin, TableKind, Tables};
use crate::schema::{Col, col};

/// One `missing-table` error per required table found in no sheet.
/// A table whose every sheet was set aside as another month's says so.
pub(super) fn missing_tables(cx: &mut Cx, set_aside: &crate::screen::SetAside) {
    for kind in TableKind::ALL {
        if kind.required() && !cx.t.present.contains(&kind) {
            let words = kind.words();
            let (tzh, ten) = (&words.zh, &words.en);
            if let Some(why) = set_aside.get(&kind) {
                let (wz, we) = (&why.zh, &why.en);
                let mut d = Diagnostic::new(
                    Code::MissingTable,
                    t!(
                        "缺少本月的「{tzh}」表：找到的「{tzh}」表都属于其他月份，已不计入（{wz}）；请放入本月的「{tzh}」表，或改正表名、标题中的月份",
                        "this month's {ten} table is missing: every {ten} sheet found is another month's and was left out ({we}); add this month's {ten} table, or correct the month in the sheet's name or title"
                    ),
                );
                d.key = Some(crate::diag::Cause::MissingTable(kind));
                cx.push(d);
                continue;
            }
            let (hzh, hen) = required_headers(kind);
            let mut d = Diagnostic::new(
                Code::MissingTable,
                t!(
                    "缺少「{tzh}」表：所有输入文件中都没有表头与它相符的工作表；请添加一张工作表，表头行须包含：{hzh}",
                    "the {ten} table is missing: no sheet of the input files has its headers; add a sheet whose header row holds: {hen}"
                ),
            );
            d.key = Some(crate::diag::Cause::MissingTable(kind));
            cx.push(d);
        }
    }
}

/// Managers: a later row with a pm_id already seen is left out. Fills `cx.pms`.
pub(super) fn managers(cx: &mut Cx) -> Vec<bool> {
    let rows = &cx.t.managers;
    let (first, dup) = first_of(rows, |r| &r.pm_id);
    let mut keep = vec![true; rows.len()];
    for (i, d) in dup.iter().enumerate() {
        if let Some(f) = *d {
            keep[i] = false;
            let r = &rows[i];
            let diag = duplicate(cx.t, col::managers::PM_ID, &r.pm_id, &rows[f].origin, &r.origin);
            cx.push(diag.for_pm(&r.pm_id));
        }
    }
    cx.pm_ids = Suggester::new(distinct(rows, &dup, |r| &r.pm_id));
    cx.pms = first;
    keep
}

/// For each row, `Some(index of the first row with the same key)` when it is a
/// later duplicate; and the map from each key to its first row.
pub(super) fn first_of<'a, T>(
    rows: &'a [T],
    key: impl Fn(&'a T) -> &'a String,
) -> (HashMap<&'a str, usize>, Vec<Option<usize>>) {
    let mut first = HashMap::with_capacity(rows.len());
    let dup = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let f = *first.entry(key(r).as_str()).or_insert(i);
            (f != i).then_some(f)
        })
        .collect();
    (first, dup)
}

/// The keys of the first rows, in row order.
pub(super) fn distinct<'a, T>(rows: &'a [T], dup: &[Option<usize>], key: impl Fn(&'a T) -> &'a String) -> Vec<&'a str> {
    rows.iter().zip(dup).filter(|(_, d)| d.is_none()).map(|(r, _)| key(r).as_str()).collect()
}

/// A `duplicate-key` error at the later row's key cell, naming the first's.
pub(super) fn duplicate(t: &Tables, key: Col, id: &str, first: &Origin, here: &Origin) -> Diagnostic {
    let (hzh, hen) = header(key);
    let p = place(first, t.cell_of(first, key));
    let (pzh, pen) = (&p.zh, &p.en);
    Diagnostic::new(
        Code::DuplicateKey,
        t!(
            "{hzh} {id} 重复：首次出现在 {pzh}；保留首次出现的行，本行不计入。每个{hzh}只能出现一次",
            "{hen} {id} appears twice: first at {pen}; the first row is kept and this one left out. Each {hen} may appear only once"
        ),
    )
    .at_cell_of(here, t.cell_of(here, key))
}
