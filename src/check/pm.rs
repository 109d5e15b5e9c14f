//! Per PM, over the rows kept: `no-data` (nothing to score an item on) and
//! `span-of-control` (the method's norm of staff and projects per PM). Both are
//! placed at the PM's row of the managers table; the PM row itself stays.

use super::words::list;
use super::{Cx, MAX_PROJECTS, MAX_STAFF, MIN_PROJECTS, MIN_STAFF};
use crate::diag::{Code, Diagnostic};
use crate::model::TableKind;
use crate::t;
use crate::text::Text;

/// Projects named in a `no-data` message, at most.
const LISTED_PROJECTS: usize = 5;

/// What one PM has among the kept rows.
#[derive(Debug, Default, Clone)]
struct Counts<'a> {
    projects: Vec<&'a str>,
    /// Present agents of the PM's projects.
    agents: usize,
    /// Present and not gone by the month's last day (the headcount of item 6a).
    staff: usize,
    reviews: usize,
}

pub(super) fn per_pm(cx: &mut Cx, managers: &[bool], projects: &[bool], agents: &[bool], reviews: &[bool]) {
    let t = cx.t;
    let mut counts = vec![Counts::default(); t.managers.len()];
    for (p, _) in t.projects.iter().zip(projects).filter(|(_, k)| **k) {
        if let Some(&pm) = cx.pms.get(p.pm_id.as_str()) {
            counts[pm].projects.push(&p.project_id);
        }
    }
    let d1 = cx.month.last_day();
    for (a, _) in t.agents.iter().zip(agents).filter(|(_, k)| **k) {
        if let Some(pm) = cx.projects.get(a.project_id.as_str()).and_then(|p| p.pm) {
            counts[pm].agents += 1;
            counts[pm].staff += usize::from(a.leave_date.is_none_or(|l| l > d1));
        }
    }
    for (r, _) in t.reviews.iter().zip(reviews).filter(|(_, k)| **k) {
        if let Some(&pm) = cx.pms.get(r.pm_id.as_str()) {
            counts[pm].reviews += 1;
        }
    }
    let month = cx.month;
    for (i, m) in t.managers.iter().enumerate().filter(|(i, _)| managers[*i]) {
        let c = &counts[i];
        let (id, name) = (&m.pm_id, &m.name);
        let mut found: Vec<(Code, Text, Option<TableKind>)> = Vec::new();
        if c.projects.is_empty() {
            found.push((
                Code::NoData,
                t!(
                    "项目经理 {id}（{name}）没有项目：「项目」表中没有项目经理工号为 {id} 的可用行；请填写其负责的项目，否则业务量、人均、出勤等各项无从计算",
                    "PM {id} ({name}) has no projects: no usable row of the projects table has PM ID {id}; add the PM's projects, or volume, per-capita figures, attendance and the other items cannot be computed"
                ),
                Some(TableKind::Projects),
            ));
        } else {
            let l = list(&c.projects, LISTED_PROJECTS);
            let (lzh, len) = (&l.zh, &l.en);
            if c.agents == 0 {
                found.push((
                    Code::NoData,
                    t!(
                        "项目经理 {id}（{name}）的项目 {lzh} 在 {month} 没有在岗座席：「座席月度数据」表中没有这些项目的可用座席；人均、出勤等各项无从计算",
                        "PM {id} ({name}) has no agents present in {month} in the projects {len}: the agents table has no usable agent of these projects; per-capita figures, attendance and the other items cannot be computed"
                    ),
                    Some(TableKind::Agents),
                ));
            }
            let n = c.projects.len();
            if let Some(Text { zh, en }) = outside_norm(n, MIN_PROJECTS, MAX_PROJECTS) {
                let s = if n == 1 { "" } else { "s" };
                found.push((
                    Code::SpanOfControl,
                    t!(
                        "项目经理 {id}（{name}）负责 {n} 个项目（{lzh}），{zh}标准 {MIN_PROJECTS}–{MAX_PROJECTS} 个",
                        "PM {id} ({name}) runs {n} project{s} ({len}), {en} the norm of {MIN_PROJECTS}–{MAX_PROJECTS}"
                    ),
                    None,
                ));
            }
        }
        if c.agents > 0
            && let Some(Text { zh, en }) = outside_norm(c.staff, MIN_STAFF, MAX_STAFF)
        {
            let n = c.staff;
            found.push((
                Code::SpanOfControl,
                t!(
                    "项目经理 {id}（{name}）月末在岗员工 {n} 人，{zh}管理幅度标准 {MIN_STAFF}–{MAX_STAFF} 人",
                    "PM {id} ({name}) has {n} staff at the end of {month}, {en} the norm of {MIN_STAFF}–{MAX_STAFF}"
                ),
                None,
            ));
        }
        if c.reviews == 0 {
            found.push((
                Code::NoData,
                t!(
                    "项目经理 {id}（{name}）没有综合评价：「综合评价」表中没有项目经理工号为 {id} 的评分；第10项无从计算",
                    "PM {id} ({name}) has no reviews: no row of the reviews table has PM ID {id}; item 10 cannot be computed"
                ),
                Some(TableKind::Reviews),
            ));
        }
        for (code, text, missing) in found {
            let mut d = Diagnostic::new(code, text).at(&m.origin).for_pm(id);
            // Every PM lacks what a missing table would give: counted under that table.
            d.cause = missing.filter(|k| !t.present.contains(k)).map(crate::diag::Cause::MissingTable);
            cx.push(d);
        }
    }
}

/// `少于` / `fewer than` below the norm, `多于` / `more than` above it.
fn outside_norm(n: usize, min: usize, max: usize) -> Option<Text> {
    if n < min {
        Some(Text::of("少于", "fewer than"))
    } else if n > max {
        Some(Text::of("多于", "more than"))
    } else {
        None
    }
}
