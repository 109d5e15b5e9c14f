//! The agents table: duplicate agents, dates, presence in the month (SPEC §4), the
//! project, and the values that must agree with each other.

use super::keys::{duplicate, first_of};
use super::refs::project_problem;
use super::words::{exceeds, header, num};
use super::{Cx, tag};
use crate::diag::{Code, Diagnostic};
use crate::model::{Agent, Month, TableKind};
use crate::t;
use crate::text::Text;

/// Agents: later duplicates, leave before hire, not present, then every problem
/// with the project and the values.
pub(super) fn agents(cx: &mut Cx) -> Vec<bool> {
    let t = cx.t;
    let rows = &t.agents;
    let (_, dup) = first_of(rows, |r| &r.agent_id);
    let (d0, d1) = (cx.month.first_day(), cx.month.last_day());
    let mut keep = vec![true; rows.len()];
    for (i, r) in rows.iter().enumerate() {
        keep[i] = false;
        let pm = cx.pm_of_project(&r.project_id);
        let here = |code, text| tag(Diagnostic::new(code, text).at(&r.origin), pm);
        if let Some(f) = dup[i] {
            let d = duplicate(TableKind::Agents, "agent_id", &r.agent_id, &rows[f].origin, &r.origin);
            cx.push(tag(d, pm));
            continue;
        }
        let (h, month) = (r.hire_date, cx.month);
        if let Some(l) = r.leave_date.filter(|&l| l < h) {
            let text = t!(
                "离职日期 {l} 早于入职日期 {h}；离职日期不能早于入职日期",
                "leave date {l} is before hire date {h}; the leave date cannot be before the hire date"
            );
            cx.push(here(Code::OutOfRange, text));
            continue;
        }
        if h > d1 {
            let text = t!(
                "入职日期 {h} 晚于本月最后一天 {d1}，该座席本月不在岗，本行不计入",
                "hire date {h} is after the month's last day {d1}: the agent was not present in {month}, so this row is left out"
            );
            cx.push(here(Code::NotPresent, text));
            continue;
        }
        if let Some(l) = r.leave_date.filter(|&l| l < d0) {
            let text = t!(
                "离职日期 {l} 早于本月第一天 {d0}，该座席本月不在岗，本行不计入",
                "leave date {l} is before the month's first day {d0}: the agent was not present in {month}, so this row is left out"
            );
            cx.push(here(Code::NotPresent, text));
            continue;
        }
        let mut ok = true;
        if let Some(d) = project_problem(cx, TableKind::Agents, &r.project_id, &r.origin) {
            cx.push(d);
            ok = false;
        }
        for text in value_problems(r, cx.month) {
            cx.push(here(Code::OutOfRange, text));
            ok = false;
        }
        keep[i] = ok;
    }
    keep
}

/// Every value of the row that is out of range, or disagrees with another.
fn value_problems(r: &Agent, month: Month) -> Vec<Text> {
    let mut found = Vec::new();
    let days = [
        ("scheduled_days", r.scheduled_days),
        ("attended_days", r.attended_days),
        ("ot_scheduled_days", r.ot_scheduled_days),
        ("ot_attended_days", r.ot_attended_days),
        ("ot_hours", r.ot_hours),
    ];
    for (key, v) in days {
        if v < 0.0 || v.is_nan() {
            let (hzh, hen) = header(TableKind::Agents, key);
            let v = num(v);
            found.push(t!("{hzh} {v} 是负数；{hzh}不能小于0", "{hen} {v} is negative; {hen} cannot be below 0"));
        }
    }
    let n = f64::from(month.days());
    for (key, v) in [("scheduled_days", r.scheduled_days), ("ot_scheduled_days", r.ot_scheduled_days)] {
        if v > n {
            let (hzh, hen) = header(TableKind::Agents, key);
            let (v, n) = (num(v), month.days());
            found.push(t!(
                "{hzh} {v} 大于本月天数 {n}（{month}）；{hzh}最多为本月天数",
                "{hen} {v} is more than the {n} days of {month}; {hen} can be at most the days in the month"
            ));
        }
    }
    let pairs = [
        ("attended_days", r.attended_days, "scheduled_days", r.scheduled_days),
        ("ot_attended_days", r.ot_attended_days, "ot_scheduled_days", r.ot_scheduled_days),
    ];
    for (key, v, limit_key, limit) in pairs {
        // A negative side is already reported; comparing it would say the same twice.
        if v > limit && limit >= 0.0 {
            found.push(exceeds(TableKind::Agents, key, &num(v), limit_key, &num(limit)));
        }
    }
    let counts = [("connected", r.connected, "dialed", r.dialed), ("successes", r.successes, "connected", r.connected)];
    for (key, v, limit_key, limit) in counts {
        if v > limit {
            found.push(exceeds(TableKind::Agents, key, &v.to_string(), limit_key, &limit.to_string()));
        }
    }
    found
}
