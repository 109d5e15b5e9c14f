//! Item 6 管理人员数、座席数 — staff and seats (max 10).
//!
//! **What it measures**: 6a the PM's staff at month end (present agents who had not
//! left by the last day); 6b Σ seats of the PM's projects.
//!
//! **The rule**: each part (5) relative to best: 5 × (1 − value / best). Premise rule
//! as item 4: when it fails, the item keeps at most `premise.cap` (50%) of 10.
//!
//! **Example**: 45 staff, best 60 (P02): 5 × (1 − 45/60) = 1.25; 40 seats, best 40:
//! nothing; item 6 scores 8.75.

use super::common::{Measure, RelativeToBest, finish_item};
use super::facts::{MonthFacts, PmFacts};
use super::item::{Item, Metric, Part, Value, held};
use super::{premise, show};
use crate::outcome::{ItemScore, Metrics};
use crate::rules::Rules;
use crate::t;
use crate::text::Text;
use crate::text::num;

pub const MAX: f64 = 10.0;
const STAFF: Part = Part { name: "6a", max: 5.0 };
const SEATS: Part = Part { name: "6b", max: 5.0 };

pub const ITEM: Item = Item {
    number: 6,
    max: MAX,
    parts: &[STAFF, SEATS],
    name: Text::of("管理人员数、座席数", "Staff, seats"),
    score,
    method,
    key_metrics,
    metrics: &[
        Metric::new("月末在岗人数", "Staff at month end", Value::Int(|m| m.staff as u64)),
        Metric::new("座席数", "Seats", Value::Int(|m| m.seats)),
        Metric::new("项目数", "Projects", Value::Int(|m| m.projects as u64)),
    ],
};

fn method(_: &Rules) -> Text {
    // Both parts have the same max: the form says it once.
    let each = num::plain(STAFF.max);
    t!(
        "6a 月末在岗人数、6b 座席数各{each}分，与最高者相比按比例扣分；前提同第4项。",
        "6a staff at month end and 6b seats, {each} each, relative to the best; premise as item 4."
    )
}

fn key_metrics(m: &Metrics) -> Text {
    let (s, n, h) = (m.staff, m.seats, held(m.premise_held));
    let (hz, he) = (h.zh, h.en);
    t!("月末在岗 {s} 人\n座席 {n}\n前提{hz}", "staff {s}\nseats {n}\npremise {he}")
}

pub fn score(pm: &PmFacts, month: &MonthFacts, rules: &Rules) -> ItemScore {
    let staff = Measure { label: t!("月末在岗人数", "staff at month end"), money: false, missing: t!("", "") };
    let seats = Measure { label: t!("座席数", "seats"), money: false, missing: t!("", "") };
    let m = &pm.metrics;
    let a_src = show::source(pm.agents.iter().map(|a| &a.origin));
    let b_src = show::source(pm.projects.iter().map(|p| &p.origin));
    let a = RelativeToBest {
        item: ITEM.number,
        part: Some(STAFF.name),
        max: STAFF.max,
        measure: &staff,
        value: Some(m.staff as f64),
        best: month.staff.as_ref(),
        source: a_src,
    }
    .finish();
    let b = RelativeToBest {
        item: ITEM.number,
        part: Some(SEATS.name),
        max: SEATS.max,
        measure: &seats,
        value: Some(m.seats as f64),
        best: month.seats.as_ref(),
        source: b_src,
    }
    .finish();
    let mut rule = vec![a, b];
    let origins = pm.qa.iter().map(|q| &q.origin).chain(pm.agents.iter().map(|a| &a.origin));
    rule.push(premise::make_up(ITEM.number, MAX, &rule, &pm.premise_failures, rules, show::source(origins)));
    finish_item(ITEM.number, MAX, rule, pm)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Agent;
    use crate::outcome::Points;
    use crate::score::testkit::*;

    #[test]
    fn staff_and_seats_relative_to_best() {
        // P01: 3 agents, one left 15 Nov → staff 2; 10 seats. P02: 4 agents, 8 seats.
        // 6a: 5 × (1 − 2/4) = 2.50; 6b: best is P01's 10 → 0. Item 6 = 7.50.
        // P02: 6a 0; 6b 5 × (1 − 8/10) = 1.00 → 9.00.
        let mut t = one_pm(2);
        t.agents.push(Agent { leave_date: Some(d(2026, 11, 15)), ..agent("A2", "X1") });
        t.managers.push(manager("P02"));
        t.projects.push(project("Y1", "P02", 1.0, 8));
        t.agents.extend((0..4).map(|i| agent(&format!("B{i}"), "Y1")));
        t.qa.extend((1..=30).map(|day| qa(day, "Y1", 100, 0)));
        let all = pm_items(&t, score, &Rules::default());
        let s = &all[0];
        assert_eq!(s.score, Points(750));
        assert_eq!(s.deductions[0].reason.zh, "月末在岗人数 2，最高 4（P02）；5.00 × (1 − 2/4) = 2.50");
        assert_eq!(all[1].score, Points(900));
    }

    #[test]
    fn premise_failing_keeps_at_most_half() {
        // A single PM is its own best: no rule deduction; no QA rows → premise fails → 5.00 off → 5.00.
        let mut t = one_pm(3);
        t.qa.clear();
        let all = pm_items(&t, score, &Rules::default());
        let s = &all[0];
        assert_eq!(s.score, Points(500));
        assert!(s.deductions[0].reason.zh.starts_with("前提条件不成立（无抽检记录）"), "{}", s.deductions[0].reason.zh);
    }
}
