//! Item 5 出勤率、员工流失率 — attendance and attrition (max 10).
//!
//! **What it measures**: 5a attendance = Σ(attended + ot_attended) / Σ(scheduled +
//! ot_scheduled) over the PM's agents; 5b attrition = leavers / pool, where the pool
//! is the PM's agents whose tenure at min(leave_date, month end) is ≥
//! `new_employee_days`, and leavers are those of the pool who left by month end.
//!
//! **The rule**: 5a (5): `item5.attendance_per_point` (0.5) per percentage point
//! below `attendance_target` (98%); no scheduled days: all 5 lost. 5b (5):
//! `attrition_per_point` (0.5) per point above `attrition_limit` (3%); empty pool: 0%.
//!
//! **Example**: attendance 95.50%: 2.50 points below 98% × 0.5 = 1.25; 1 leaver in a
//! pool of 20 = 5.00%: 2.00 points above 3% × 0.5 = 1.00; item 5 scores 7.75.

use super::common::{PerPoint, all_lost, finish_item};
use super::facts::{MonthFacts, PmFacts};
use super::item::{Item, Metric, Part, Value, rate, rule_pct};
use super::show;
use crate::outcome::{ItemScore, Metrics};
use crate::rules::Rules;
use crate::t;
use crate::text::Text;
use crate::text::num;

pub const MAX: f64 = 10.0;
const ATTENDANCE: Part = Part { name: "5a", max: 5.0 };
const ATTRITION: Part = Part { name: "5b", max: 5.0 };

pub const ITEM: Item = Item {
    number: 5,
    max: MAX,
    parts: &[ATTENDANCE, ATTRITION],
    name: Text::of("出勤率、员工流失率", "Attendance, attrition"),
    score,
    method,
    key_metrics,
    metrics: &[
        Metric::new("出勤率", "Attendance", Value::Rate(|m| m.attendance)),
        Metric::new("流失率", "Attrition", Value::Rate(|m| Some(m.attrition))),
        Metric::new("流失考察人数", "Attrition pool", Value::Int(|m| m.attrition_pool as u64)),
        Metric::new("离职人数", "Leavers", Value::Int(|m| m.leavers as u64)),
    ],
};

fn method(r: &Rules) -> Text {
    let r = &r.item5;
    let (at, ap) = (rule_pct(r.attendance_target), num::plain(r.attendance_per_point));
    let (al, lp) = (rule_pct(r.attrition_limit), num::plain(r.attrition_per_point));
    t!(
        "5a 出勤率低于{at}每个百分点扣{ap}分；5b 流失率高于{al}每个百分点扣{lp}分。",
        "5a {ap} per point of attendance below {at}; 5b {lp} per point of attrition above {al}."
    )
}

fn key_metrics(m: &Metrics) -> Text {
    let (a, r, l, p) = (rate(m.attendance), rate(Some(m.attrition)), m.leavers, m.attrition_pool);
    t!("出勤率 {a}\n流失率 {r} ({l}/{p})", "attendance {a}\nattrition {r} ({l}/{p})")
}

pub fn score(pm: &PmFacts, _month: &MonthFacts, rules: &Rules) -> ItemScore {
    let r = &rules.item5;
    let m = &pm.metrics;
    let source = show::source(pm.agents.iter().map(|a| &a.origin));
    let a = match m.attendance {
        None => all_lost(
            ITEM.number,
            Some(ATTENDANCE.name),
            ATTENDANCE.max,
            t!("无应出勤天数（没有座席）", "no scheduled days (no agents)"),
            source.clone(),
        ),
        Some(att) => {
            let (at, sc, ar) = (num::fixed(pm.sums.attended, 2), num::fixed(pm.sums.scheduled, 2), show::pct(att));
            PerPoint {
                item: ITEM.number,
                part: Some(ATTENDANCE.name),
                max: ATTENDANCE.max,
                share: att,
                limit: r.attendance_target,
                below: true,
                per_point: r.attendance_per_point,
                measured: t!(
                    "出勤 {at} / 应出勤 {sc} 天 = 出勤率 {ar}",
                    "attended {at} of {sc} days = attendance {ar}"
                ),
                source: source.clone(),
            }
            .finish()
        }
    };
    let (l, p, ar) = (m.leavers, m.attrition_pool, show::pct(m.attrition));
    let b = PerPoint {
        item: ITEM.number,
        part: Some(ATTRITION.name),
        max: ATTRITION.max,
        share: m.attrition,
        limit: r.attrition_limit,
        below: false,
        per_point: r.attrition_per_point,
        measured: t!("流失 {l} 人 / 考核人数 {p} 人 = 流失率 {ar}", "leavers {l} of a pool of {p} = attrition {ar}"),
        source,
    }
    .finish();
    finish_item(ITEM.number, MAX, vec![a, b], pm)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Agent, Tables};
    use crate::outcome::Points;
    use crate::score::testkit::*;

    fn item(t: &Tables) -> ItemScore {
        first_pm_item(t, score)
    }

    #[test]
    fn attendance_below_target() {
        // 10 agents: 9 × 22 + 1 × (10 + 2 OT of 2 OT scheduled) = 210 of 220 + 2 = 222 days.
        // 210 / 222 = 94.5946%: 98 − 94.5946 = 3.4054 × 0.5 = 1.7027 → 1.70 → 8.30.
        let mut t = one_pm(9);
        t.agents.push(Agent {
            attended_days: 10.0,
            ot_scheduled_days: 2.0,
            ot_attended_days: 2.0,
            ..agent("A9", "X1")
        });
        let s = item(&t);
        assert_eq!(s.score, Points(830));
        assert_eq!(
            s.deductions[0].reason.zh,
            "出勤 210.00 / 应出勤 222.00 天 = 出勤率 94.59%，低于98% 3.405个百分点 × 0.5 = 1.70"
        );
    }

    #[test]
    fn a_leaver_in_and_out_of_the_pool() {
        // 18 default agents; A18 hired 2026-09-01 left 2026-11-20 (tenure 80 days: in the pool, a leaver);
        // A19 hired 2026-10-25 left 2026-11-10 (tenure 16 days at leaving: not in the pool).
        // Pool 19, 1 leaver = 5.2632%: 2.2632 points × 0.5 = 1.1316 → 1.13 → 8.87.
        let mut t = one_pm(18);
        t.agents.push(Agent { hire_date: d(2026, 9, 1), leave_date: Some(d(2026, 11, 20)), ..agent("A18", "X1") });
        t.agents.push(Agent { hire_date: d(2026, 10, 25), leave_date: Some(d(2026, 11, 10)), ..agent("A19", "X1") });
        let s = item(&t);
        assert_eq!(s.score, Points(887));
        assert_eq!(
            s.deductions[0].reason.en,
            "leavers 1 of a pool of 19 = attrition 5.26%, 2.26 points above 3% × 0.5 = 1.13"
        );
    }

    #[test]
    fn leaving_on_the_last_day_is_leaving_and_an_empty_pool_is_zero() {
        // One agent, left 30 Nov: pool 1, leaver 1 = 100%: 97 × 0.5 = 48.5 → capped at 5 → 5.00.
        let mut t = one_pm(0);
        t.agents.push(Agent { leave_date: Some(d(2026, 11, 30)), ..agent("A0", "X1") });
        assert_eq!(item(&t).score, Points(500));
        // No agents: attendance lost in full (5), attrition 0% → 5.00.
        let s = item(&one_pm(0));
        assert_eq!(s.score, Points(500));
        assert_eq!(s.deductions[0].reason.en, "no scheduled days (no agents): all 5.00 lost");
    }
}
