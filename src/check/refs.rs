//! `unknown-reference` (and the month of QA rows and partner events): every row
//! that names a PM or a project must name one that exists and was kept.

use super::keys::{distinct, duplicate, first_of};
use super::suggest::Suggester;
use super::words::{did_you_mean, exceeds, header, place};
use super::{Cx, ProjectRef, tag};
use crate::diag::{Code, Diagnostic};
use crate::model::{Month, Origin, TableKind};
use crate::schema::{Col, col};
use crate::t;
use crate::text::Text;

/// Projects: a later duplicate project_id is left out, then a project whose PM is
/// not in the managers table. Fills `cx.projects`.
pub(super) fn projects(cx: &mut Cx) -> Vec<bool> {
    let rows = &cx.t.projects;
    let (first, dup) = first_of(rows, |r| &r.project_id);
    let mut keep = vec![true; rows.len()];
    for (i, r) in rows.iter().enumerate() {
        let pm = cx.pms.get(r.pm_id.as_str()).copied();
        if let Some(f) = dup[i] {
            keep[i] = false;
            let d = duplicate(cx.t, col::projects::PROJECT_ID, &r.project_id, &rows[f].origin, &r.origin);
            cx.push(tag(d, pm.map(|pm| cx.pm_id(pm))));
        } else if let Some(d) = pm_problem(cx, col::projects::PM_ID, &r.pm_id, &r.origin) {
            keep[i] = false;
            cx.push(d);
        }
    }
    cx.project_ids = Suggester::new(distinct(rows, &dup, |r| &r.project_id));
    cx.projects = first
        .into_iter()
        .map(|(id, idx)| {
            let r = &rows[idx];
            let pm = cx.pms.get(r.pm_id.as_str()).copied();
            (id, ProjectRef { origin: &r.origin, pm, kept: keep[idx] })
        })
        .collect();
    keep
}

/// QA rows: outside the month (warning), then an unknown project, then errors > checked.
pub(super) fn qa(cx: &mut Cx) -> Vec<bool> {
    let rows = &cx.t.qa;
    let mut keep = vec![true; rows.len()];
    for (i, r) in rows.iter().enumerate() {
        let pm = cx.pm_of_project(&r.project_id);
        if !cx.month.contains(r.date) {
            keep[i] = false;
            let text = outside(cx.month, &r.date.to_string(), "抽检日期", "QA date", Text::default());
            let cell = cx.t.cell_of(&r.origin, col::qa::DATE);
            cx.push(tag(Diagnostic::new(Code::OutsideMonth, text).at_cell_of(&r.origin, cell), pm));
            continue;
        }
        if let Some(d) = project_problem(cx, col::qa::PROJECT_ID, &r.project_id, &r.origin) {
            keep[i] = false;
            cx.push(d);
        }
        if r.errors > r.checked {
            keep[i] = false;
            let (errors, checked) = (col::qa::ERRORS, col::qa::CHECKED);
            let other = cx.t.cell_of(&r.origin, checked).map(|c| crate::diag::a1(r.origin.row, c));
            let text = exceeds(errors, &r.errors.to_string(), checked, &r.checked.to_string(), other);
            let cell = cx.t.cell_of(&r.origin, errors);
            cx.push(tag(Diagnostic::new(Code::OutOfRange, text).at_cell_of(&r.origin, cell), pm));
        }
    }
    keep
}

/// Partner events: dated outside the month (warning; no date counts), then an unknown project.
pub(super) fn events(cx: &mut Cx) -> Vec<bool> {
    let rows = &cx.t.events;
    let mut keep = vec![true; rows.len()];
    for (i, r) in rows.iter().enumerate() {
        if let Some(date) = r.date.filter(|&d| !cx.month.contains(d)) {
            keep[i] = false;
            let note = t!("；没有日期的事件计入本月", "; an event with no date counts in the month");
            let text = outside(cx.month, &date.to_string(), "事件日期", "event date", note);
            let pm = cx.pm_of_project(&r.project_id);
            let cell = cx.t.cell_of(&r.origin, col::events::DATE);
            cx.push(tag(Diagnostic::new(Code::OutsideMonth, text).at_cell_of(&r.origin, cell), pm));
        } else if let Some(d) = project_problem(cx, col::events::PROJECT_ID, &r.project_id, &r.origin) {
            keep[i] = false;
            cx.push(d);
        }
    }
    keep
}

/// Tasks, reviews, adjustments: the PM (in column `key`) must be in the managers table.
pub(super) fn by_pm<T>(cx: &mut Cx, key: Col, rows: &[T], get: impl Fn(&T) -> (&String, &Origin)) -> Vec<bool> {
    rows.iter()
        .map(|r| {
            let (pm_id, origin) = get(r);
            pm_problem(cx, key, pm_id, origin).map(|d| cx.push(d)).is_none()
        })
        .collect()
}

/// The `unknown-reference` error of a row naming a PM in column `key`, if the PM does not exist.
fn pm_problem(cx: &Cx, key: Col, pm_id: &str, origin: &Origin) -> Option<Diagnostic> {
    if cx.pms.contains_key(pm_id) {
        return None;
    }
    if let Some(d) = left_out_while_reading(cx, TableKind::Managers, pm_id, origin, key) {
        return Some(d.for_pm(pm_id));
    }
    let present = cx.t.present.contains(&TableKind::Managers);
    let suggestions = cx.pm_ids.suggest(pm_id);
    // A single close match is most likely the PM meant: that PM's score misses the row.
    let meant = match suggestions[..] {
        [one] => Some(one),
        _ => None,
    };
    let d =
        unknown(key, pm_id, TableKind::Managers, present, &suggestions).at_cell_of(origin, cx.t.cell_of(origin, key));
    Some(tag(d, meant))
}

/// The `unknown-reference` error of a row naming a project in column `key`, if the
/// project does not exist or its row was left out.
pub(super) fn project_problem(cx: &Cx, key: Col, project_id: &str, origin: &Origin) -> Option<Diagnostic> {
    let cell = cx.t.cell_of(origin, key);
    match cx.projects.get(project_id) {
        Some(p) if p.kept => None,
        Some(p) => {
            let w = place(p.origin, cx.t.cell_of(p.origin, col::projects::PROJECT_ID));
            let (wzh, wen) = (&w.zh, &w.en);
            let text = t!(
                "项目 {project_id} 本身未通过检查（见 {wzh}），本行也不计入",
                "project {project_id} was itself left out (see {wen}), so this row is left out too"
            );
            let pm = p.pm.map(|pm| cx.pm_id(pm));
            let mut d = Diagnostic::new(Code::UnknownReference, text).at_cell_of(origin, cell);
            d.cause = Some(crate::diag::Cause::row(p.origin));
            Some(tag(d, pm))
        }
        None if cx.t.rejected.iter().any(|r| r.table == TableKind::Projects && r.id == project_id) => {
            left_out_while_reading(cx, TableKind::Projects, project_id, origin, key)
        }
        None => {
            let present = cx.t.present.contains(&TableKind::Projects);
            let suggestions = cx.project_ids.suggest(project_id);
            let meant = match suggestions[..] {
                [one] => cx.pm_of_project(one),
                _ => None,
            };
            let d = unknown(key, project_id, TableKind::Projects, present, &suggestions).at_cell_of(origin, cell);
            Some(tag(d, meant))
        }
    }
}

/// A row naming a manager or project whose own row was left out while reading (a bad
/// cell there): said once, and counted under that row's finding (SPEC §3 "follow-ons
/// folded"), instead of calling the ID unknown.
fn left_out_while_reading(cx: &Cx, table: TableKind, id: &str, origin: &Origin, key: Col) -> Option<Diagnostic> {
    let rejected = cx.t.rejected.iter().find(|r| r.table == table && r.id == id)?;
    let w = place(&rejected.origin, None);
    let (wzh, wen) = (&w.zh, &w.en);
    let words = table.words();
    let (tzh, ten) = (&words.zh, &words.en);
    let text = t!(
        "「{tzh}」表中 {id} 的那一行本身未通过检查（见 {wzh}），本行也不计入；改好那一行即可",
        "the {ten} row of {id} was itself left out (see {wen}), so this row is left out too; fix that row"
    );
    let mut d = Diagnostic::new(Code::UnknownReference, text).at_cell_of(origin, cx.t.cell_of(origin, key));
    d.cause = Some(crate::diag::Cause::row(&rejected.origin));
    Some(d)
}

/// `项目编号 P7 在「项目」表中不存在，本行不计入；…。您是否指 P007？`
fn unknown(key: Col, id: &str, target: TableKind, present: bool, suggestions: &[&str]) -> Diagnostic {
    let (hzh, hen) = header(key);
    let words = target.words();
    let (tzh, ten) = (&words.zh, &words.en);
    let text = if present {
        let dym = did_you_mean(suggestions);
        let (dzh, den) = (&dym.zh, &dym.en);
        t!(
            "{hzh} {id} 在「{tzh}」表中不存在，本行不计入；{hzh}须与「{tzh}」表中的某一行一致{dzh}",
            "{hen} {id} is not in the {ten} table, so this row is left out; the {hen} must match a row of the {ten} table{den}"
        )
    } else {
        t!(
            "{hzh} {id} 无法核对：没有找到「{tzh}」表，本行不计入",
            "{hen} {id} cannot be matched: there is no {ten} table, so this row is left out"
        )
    };
    let mut d = Diagnostic::new(Code::UnknownReference, text);
    if !present {
        // Follows from the table's `missing-table`: counted under it.
        d.cause = Some(crate::diag::Cause::MissingTable(target));
    }
    d
}

/// `抽检日期 2026-10-31 不在考评月份 2026-11（2026-11-01 至 2026-11-30）内，本行不计入`.
fn outside(month: Month, date: &str, zh: &str, en: &str, note: Text) -> Text {
    let (d0, d1) = (month.first_day(), month.last_day());
    let (nzh, nen) = (&note.zh, &note.en);
    t!(
        "{zh} {date} 不在考评月份 {month}（{d0} 至 {d1}）内，本行不计入{nzh}",
        "{en} {date} is outside the month {month} ({d0} to {d1}), so this row is left out{nen}"
    )
}
