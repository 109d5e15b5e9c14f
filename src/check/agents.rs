//! The agents table: duplicate agents, dates, presence in the month (SPEC §4), the
//! project, and the values that must agree with each other.

use super::keys::{duplicate, first_of};
use super::refs::project_problem;
use super::words::{exceeds, header, num};
use super::{Cx, tag};
use crate::diag::{Code, Diagnostic};
use crate::model::{Agent, Month, Tables};
use crate::schema::{Col, col::agents as c};
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
        let here = |code, text, col: Col| {
            tag(Diagnostic::new(code, text).at_cell_of(&r.origin, t.cell_of(&r.origin, col)), pm)
        };
        if let Some(f) = dup[i] {
            let d = duplicate(t, c::AGENT_ID, &r.agent_id, &rows[f].origin, &r.origin);
            cx.push(tag(d, pm));
            continue;
        }
        let (h, month) = (r.hire_date, cx.month);
        if let Some(l) = r.leave_date.filter(|&l| l < h) {
            let text = t!(
                "离职日期 {l} 早于入职日期 {h}；离职日期不能早于入职日期",
                "leave date {l} is before hire date {h}; the leave date cannot be before the hire date"
            );
            cx.push(here(Code::OutOfRange, text, c::HIRE_DATE));
            continue;
        }
        if h > d1 {
            let text = t!(
                "入职日期 {h} 晚于本月最后一天 {d1}，该座席本月不在岗，本行不计入",
                "hire date {h} is after the month's last day {d1}: the agent was not present in {month}, so this row is left out"
            );
            cx.push(here(Code::NotPresent, text, c::HIRE_DATE));
            continue;
        }
        if let Some(l) = r.leave_date.filter(|&l| l < d0) {
            let text = t!(
                "离职日期 {l} 早于本月第一天 {d0}，该座席本月不在岗，本行不计入",
                "leave date {l} is before the month's first day {d0}: the agent was not present in {month}, so this row is left out"
            );
            cx.push(here(Code::NotPresent, text, c::LEAVE_DATE));
            continue;
        }
        let mut ok = true;
        if let Some(d) = project_problem(cx, c::PROJECT_ID, &r.project_id, &r.origin) {
            cx.push(d);
            ok = false;
        }
        for (text, col) in value_problems(t, r, cx.month) {
            cx.push(here(Code::OutOfRange, text, col));
            ok = false;
        }
        keep[i] = ok;
    }
    keep
}

/// Every value of the row that is out of range, or disagrees with another, with the
/// column at fault (of two that disagree, the larger; the message names the other).
fn value_problems(t: &Tables, r: &Agent, month: Month) -> Vec<(Text, Col)> {
    let mut found = Vec::new();
    let days = [
        (c::SCHEDULED_DAYS, r.scheduled_days),
        (c::ATTENDED_DAYS, r.attended_days),
        (c::OT_SCHEDULED_DAYS, r.ot_scheduled_days),
        (c::OT_ATTENDED_DAYS, r.ot_attended_days),
        (c::OT_HOURS, r.ot_hours),
    ];
    for (key, v) in days {
        if v < 0.0 || v.is_nan() {
            let (hzh, hen) = header(key);
            let v = num(v);
            found.push((t!("{hzh} {v} 是负数；{hzh}不能小于0", "{hen} {v} is negative; {hen} cannot be below 0"), key));
        }
    }
    let n = f64::from(month.days());
    for (key, v) in [(c::SCHEDULED_DAYS, r.scheduled_days), (c::OT_SCHEDULED_DAYS, r.ot_scheduled_days)] {
        if v > n {
            let (hzh, hen) = header(key);
            let (v, n) = (num(v), month.days());
            let text = t!(
                "{hzh} {v} 大于本月天数 {n}（{month}）；{hzh}最多为本月天数",
                "{hen} {v} is more than the {n} days of {month}; {hen} can be at most the days in the month"
            );
            found.push((text, key));
        }
    }
    let other = |col: Col| t.cell_of(&r.origin, col).map(|c| crate::diag::a1(r.origin.row, c));
    let pairs = [
        (c::ATTENDED_DAYS, r.attended_days, c::SCHEDULED_DAYS, r.scheduled_days),
        (c::OT_ATTENDED_DAYS, r.ot_attended_days, c::OT_SCHEDULED_DAYS, r.ot_scheduled_days),
    ];
    for (key, v, limit_key, limit) in pairs {
        // A negative side is already reported; comparing it would say the same twice.
        if v > limit && limit >= 0.0 {
            found.push((exceeds(key, &num(v), limit_key, &num(limit), other(limit_key)), key));
        }
    }
    let counts =
        [(c::CONNECTED, r.connected, c::DIALED, r.dialed), (c::SUCCESSES, r.successes, c::CONNECTED, r.connected)];
    for (key, v, limit_key, limit) in counts {
        if v > limit {
            found.push((exceeds(key, &v.to_string(), limit_key, &limit.to_string(), other(limit_key)), key));
        }
    }
    found
}
