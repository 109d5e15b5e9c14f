//! Item 3 人均月度成功订制量、人均营业收入 — per capita (max 10).
//!
//! **What it measures**: over the PM's eligible agents (tenure at month end ≥
//! `new_employee_days`; 新员工上岗30天内不考评), successes per agent (3a) and
//! revenue per agent (3b).
//!
//! **The rule**: each part (5) relative to best: 5 × (1 − value / best). No eligible
//! agent: both parts lose all.
//!
//! **Example**: 41.20 successes per capita, best 55.00 (P07): 5 × (1 − 41.20/55.00) = 1.25.

use super::common::{Measure, RelativeToBest, finish_item};
use super::facts::{MonthFacts, PmFacts};
use super::item::{Item, Metric, Part, Value, dec};
use super::show;
use crate::outcome::{ItemScore, Metrics};
use crate::rules::Rules;
use crate::t;
use crate::text::Text;
use crate::text::num;

pub const MAX: f64 = 10.0;
const SUCCESSES: Part = Part { name: "3a", max: 5.0 };
const REVENUE: Part = Part { name: "3b", max: 5.0 };

pub const ITEM: Item = Item {
    number: 3,
    max: MAX,
    parts: &[SUCCESSES, REVENUE],
    name: Text::of("人均月度成功订制量、人均营业收入", "Successes and revenue per capita"),
    score,
    method,
    key_metrics,
    metrics: &[
        Metric::new("座席人数", "Agents", Value::Int(|m| m.agents as u64)),
        Metric::new("考评座席(非新员工)", "Eligible agents", Value::Int(|m| m.eligible_agents as u64)),
        Metric::new("人均成功订制量", "Successes per capita", Value::Dec(|m| m.successes_per_capita)),
        Metric::new("人均营业收入", "Revenue per capita", Value::Money(|m| m.revenue_per_capita)),
    ],
};

fn method(r: &Rules) -> Text {
    // Both parts have the same max: the form says it once.
    let (each, days) = (num::plain(SUCCESSES.max), r.new_employee_days);
    t!(
        "3a 人均成功订制量、3b 人均营业收入各{each}分，与最高者相比按比例扣分；新员工上岗{days}天内不考评。",
        "3a successes and 3b revenue per eligible agent, {each} each, relative to the best; agents under {days} days not counted."
    )
}

fn key_metrics(m: &Metrics) -> Text {
    let (e, n, s) = (m.eligible_agents, m.agents, dec(m.successes_per_capita));
    let r = m.revenue_per_capita.map(num::money).unwrap_or_else(|| "—".into());
    t!(
        "考评座席 {e} / {n} 人\n人均成功 {s}\n人均收入 {r}",
        "eligible agents {e} / {n}\nsuccesses/agent {s}\nrevenue/agent {r}"
    )
}

pub fn score(pm: &PmFacts, month: &MonthFacts, rules: &Rules) -> ItemScore {
    let days = rules.new_employee_days;
    let missing = t!(
        "无可考评座席（没有座席，或都是入职不满{days}天的新员工）",
        "no eligible agent (none, or all hired less than {days} days before month end)"
    );
    let source = show::source(pm.eligible.iter().map(|a| &a.origin));
    let successes =
        Measure { label: t!("人均成功订制量", "successes per capita"), money: false, missing: missing.clone() };
    let revenue = Measure { label: t!("人均营业收入", "revenue per capita"), money: true, missing };
    let m = &pm.metrics;
    let a = RelativeToBest {
        item: ITEM.number,
        part: Some(SUCCESSES.name),
        max: SUCCESSES.max,
        measure: &successes,
        value: m.successes_per_capita,
        best: month.successes_per_capita.as_ref(),
        source: source.clone(),
    }
    .finish();
    let b = RelativeToBest {
        item: ITEM.number,
        part: Some(REVENUE.name),
        max: REVENUE.max,
        measure: &revenue,
        value: m.revenue_per_capita,
        best: month.revenue_per_capita.as_ref(),
        source,
    }
    .finish();
    finish_item(ITEM.number, MAX, vec![a, b], pm)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Agent;
    use crate::outcome::Points;
    use crate::score::testkit::*;

    #[test]
    fn new_agents_do_not_count_hired_30_days_before_month_end_does() {
        // P01: A0 (10 successes, 1,000) eligible; A1 hired 31 Oct (30 Nov − 31 Oct = 30 days: eligible,
        // 30 successes, 3,000); A2 hired 1 Nov (29 days: new, left out although it has 90 successes).
        // 3a: (10 + 30) / 2 = 20.00; 3b: 4,000 / 2 = 2,000.00.
        // P02: two default agents: 10.00 and 1,000.00. Best 20.00 and 2,000.00 are P01's.
        let mut t = one_pm(1);
        t.agents.push(Agent { hire_date: d(2026, 10, 31), successes: 30, revenue: 3000.0, ..agent("A1", "X1") });
        t.agents.push(Agent { hire_date: d(2026, 11, 1), successes: 90, revenue: 9000.0, ..agent("A2", "X1") });
        t.managers.push(manager("P02"));
        t.projects.push(project("Y1", "P02", 1.0, 1));
        t.agents.extend([agent("B0", "Y1"), agent("B1", "Y1")]);
        let rules = Rules::default();
        let (pms, month) = measure(&t, &rules);
        assert_eq!(pms[0].metrics.eligible_agents, 2);
        assert_eq!(pms[0].metrics.successes_per_capita, Some(20.0));
        assert_eq!(score(&pms[0], &month, &rules).score, Points(1000));
        // P02: 5 × (1 − 10/20) = 2.50 and 5 × (1 − 1,000/2,000) = 2.50 → 10 − 5.00 = 5.00.
        let s = score(&pms[1], &month, &rules);
        assert_eq!(s.score, Points(500));
        assert_eq!(s.deductions[0].part, Some("3a"));
        assert_eq!(
            s.deductions[1].reason.en,
            "revenue per capita 1,000.00, best 2,000.00 (P01); 5.00 × (1 − 1,000.00/2,000.00) = 2.50"
        );
    }

    #[test]
    fn no_eligible_agent_loses_both_parts() {
        // Only an agent hired 29 days before month end: 3a and 3b lose 5 each → 0.
        let mut t = one_pm(0);
        t.agents.push(Agent { hire_date: d(2026, 11, 1), ..agent("A1", "X1") });
        let s = first_pm_item(&t, score);
        assert_eq!(s.score, Points(0));
        assert_eq!(s.deductions.len(), 2);
        assert!(s.deductions[0].reason.zh.starts_with("无可考评座席"), "{}", s.deductions[0].reason.zh);
    }
}
