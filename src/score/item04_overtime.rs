//! Item 4 人均月度加班时长 — overtime per capita (max 10).
//!
//! **What it measures**: Σ ot_hours of the PM's agents / number of the PM's agents.
//!
//! **The rule**: relative to best: 10 × (1 − value / best). Premise rule: when the
//! PM's quality, attendance or efficiency is not stable, the item keeps at most
//! `premise.cap` (50%) of its max. No agents: all 10 lost.
//!
//! **Example**: 12.00 hours per capita, best 16.00 (P02): 10 × (1 − 12/16) = 2.50;
//! premise failed: 5.00 − 2.50 = 2.50 more, item 4 scores 5.00.

use super::common::{Measure, RelativeToBest, finish_item};
use super::facts::{MonthFacts, PmFacts};
use super::item::{Item, Metric, Value, dec, held, rule_pct};
use super::{premise, show};
use crate::outcome::{ItemScore, Metrics};
use crate::rules::Rules;
use crate::t;
use crate::text::Text;

pub const MAX: f64 = 10.0;

pub const ITEM: Item = Item {
    number: 4,
    max: MAX,
    parts: &[],
    name: Text::of("人均月度加班时长", "Overtime per capita"),
    score,
    method,
    key_metrics,
    metrics: &[Metric::new("人均加班时长(小时)", "OT hours per capita", Value::Dec(|m| m.ot_hours_per_capita))],
};

fn method(r: &Rules) -> Text {
    let cap = rule_pct(r.premise.cap);
    t!(
        "人均加班时长与最高者相比按比例扣分；质量、出勤、效率不稳定时最多得满分的{cap}。",
        "OT hours per agent relative to the best; at most {cap} of the max unless quality, attendance and efficiency are stable."
    )
}

fn key_metrics(m: &Metrics) -> Text {
    let (ot, h) = (dec(m.ot_hours_per_capita), held(m.premise_held));
    let (hz, he) = (h.zh, h.en);
    t!("人均加班 {ot} 小时\n前提{hz}", "OT {ot} h/agent\npremise {he}")
}

pub fn score(pm: &PmFacts, month: &MonthFacts, rules: &Rules) -> ItemScore {
    let measure = Measure {
        label: t!("人均加班时长（小时）", "overtime hours per capita"),
        money: false,
        missing: t!("无座席", "no agents"),
    };
    let source = show::source(pm.agents.iter().map(|a| &a.origin));
    let value = pm.metrics.ot_hours_per_capita;
    let mut rule = vec![
        RelativeToBest {
            item: ITEM.number,
            part: None,
            max: MAX,
            measure: &measure,
            value,
            best: month.ot_hours_per_capita.as_ref(),
            source,
        }
        .finish(),
    ];
    let origins = pm.qa.iter().map(|q| &q.origin).chain(pm.agents.iter().map(|a| &a.origin));
    rule.push(premise::make_up(ITEM.number, MAX, &rule, &pm.premise_failures, rules, show::source(origins)));
    finish_item(ITEM.number, MAX, rule, pm)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Agent, Tables};
    use crate::outcome::Points;
    use crate::score::testkit::*;

    /// P01: two agents with 12 OT hours each; P02: one agent with 16.
    fn month() -> Tables {
        let mut t = one_pm(0);
        t.agents = vec![Agent { ot_hours: 12.0, ..agent("A0", "X1") }, Agent { ot_hours: 12.0, ..agent("A1", "X1") }];
        t.managers.push(manager("P02"));
        t.projects.push(project("Y1", "P02", 1.0, 1));
        t.agents.push(Agent { ot_hours: 16.0, ..agent("B0", "Y1") });
        t.qa.extend((1..=30).map(|day| qa(day, "Y1", 100, 0)));
        t
    }

    fn item(t: &Tables) -> ItemScore {
        first_pm_item(t, score)
    }

    #[test]
    fn overtime_relative_to_best_with_the_premise_holding() {
        // 24 / 2 = 12.00, best 16.00: 10 × (1 − 12/16) = 2.50 → 7.50.
        let s = item(&month());
        assert_eq!(s.score, Points(750));
        assert_eq!(s.deductions.len(), 1);
    }

    #[test]
    fn premise_fails_on_qa_rate() {
        // 30 days × 100 checked, 120 errors = 4.00% > 3%: 2.50 taken, (1 − 0.5) × 10 = 5.00 → 2.50 more → 5.00.
        let mut t = month();
        t.qa[0].errors = 120;
        let s = item(&t);
        assert_eq!(s.score, Points(500));
        assert_eq!(s.deductions[1].points, Points(250));
        assert_eq!(
            s.deductions[1].reason.en,
            "premise failed (QA error rate 4.00% > 3%): the item keeps at most 50% × 10.00 = 5.00; \
             rules took 2.50, so 5.00 − 2.50 = 2.50 more"
        );
    }

    #[test]
    fn premise_fails_on_attendance() {
        // P01 attends 20 of 22 days each: 40/44 = 90.91% < 95%: 2.50 taken, 2.50 more → 5.00.
        let mut t = month();
        for a in &mut t.agents[..2] {
            a.attended_days = 20.0;
        }
        let s = item(&t);
        assert_eq!(s.score, Points(500));
        assert!(
            s.deductions[1].reason.zh.starts_with("前提条件不成立（出勤率 90.91% < 95%）"),
            "{}",
            s.deductions[1].reason.zh
        );
    }

    #[test]
    fn premise_fails_without_qa_and_names_every_failed_condition() {
        // No QA rows and attendance 90.91%: both named, in the order QA, attendance, efficiency.
        let mut t = month();
        for a in &mut t.agents[..2] {
            a.attended_days = 20.0;
        }
        t.qa.retain(|q| q.project_id == "Y1");
        let s = item(&t);
        assert_eq!(s.score, Points(500));
        let zh = &s.deductions[1].reason.zh;
        assert!(zh.contains("（无抽检记录；出勤率 90.91% < 95%）"), "{zh}");
    }

    #[test]
    fn premise_fails_on_efficiency_but_not_when_rules_took_enough() {
        // Efficiency P01 = 2/44 = 0.045, P02 = 10/22 = 0.455; centre = 12/66 = 0.182,
        // 0.8 × 0.182 = 0.145 > 0.045: fails. OT: P01 has 2 hours (1.00 per capita),
        // 10 × (1 − 1/16) = 9.375 → 9.38 ≥ 5.00, so nothing more.
        let mut t = month();
        for a in &mut t.agents[..2] {
            a.successes = 1;
            a.ot_hours = 1.0;
        }
        let s = item(&t);
        assert_eq!(s.score, Points(62));
        assert_eq!(s.deductions.len(), 1);
        let rules = Rules::default();
        let (pms, _) = measure(&t, &rules);
        let failed = &pms[0].premise_failures;
        assert_eq!(failed[0].en, "efficiency (successes per attended day) 0.045 < 0.8 × centre 0.182 = 0.145");
    }
}
