//! Item 1 业务量计划完成情况 — plan completion (max 5).
//!
//! **What it measures**: how much of the planned volume the PM's projects reached.
//! volume = Σ revenue of the PM's agents − Σ lost volume of the PM's partner events;
//! completion = volume / Σ plan of the PM's projects.
//!
//! **The rule**: `item1.per_point` (0.25) per percentage point below 100%, at most 5.
//! No project (no plan): all 5 lost.
//!
//! **Example**: volume 9,240 of plan 10,000 = 92.40%, 7.60 points below 100%
//! × 0.25 = 1.90 off, item 1 scores 3.10.

use super::common::{PerPoint, all_lost, finish_item};
use super::facts::{MonthFacts, PmFacts};
use super::item::{Item, Metric, Value, rate};
use super::show;
use crate::outcome::{ItemScore, Metrics};
use crate::rules::Rules;
use crate::t;
use crate::text::Text;
use crate::text::num;

pub const MAX: f64 = 5.0;

pub const ITEM: Item = Item {
    number: 1,
    max: MAX,
    parts: &[],
    name: Text::of("业务量计划完成情况", "Plan completion"),
    score,
    method,
    key_metrics,
    metrics: &[
        Metric::new("业务量", "Volume", Value::Money(|m| Some(m.volume))),
        Metric::new("营业收入", "Revenue", Value::Money(|m| Some(m.revenue))),
        Metric::new("损失业务量", "Lost volume", Value::Money(|m| Some(m.lost_volume))),
        Metric::new("计划业务量", "Plan", Value::Money(|m| Some(m.plan))),
        Metric::new("计划完成率", "Completion", Value::Rate(|m| m.completion)),
    ],
};

fn method(r: &Rules) -> Text {
    let pp = num::plain(r.item1.per_point);
    t!("完成率每低于100%一个百分点扣{pp}分。", "{pp} per point of plan completion below 100%.")
}

fn key_metrics(m: &Metrics) -> Text {
    let (v, p, c) = (num::money(m.volume), num::money(m.plan), rate(m.completion));
    t!("业务量 {v}\n计划 {p}\n完成率 {c}", "volume {v}\nplan {p}\ncompletion {c}")
}

pub fn score(pm: &PmFacts, _month: &MonthFacts, rules: &Rules) -> ItemScore {
    let m = &pm.metrics;
    let lost = pm.events.iter().filter(|e| e.lost_volume > 0.0);
    let origins = pm.projects.iter().map(|p| &p.origin).chain(pm.agents.iter().map(|a| &a.origin));
    let source = show::source(origins.chain(lost.map(|e| &e.origin)));
    let deduction = match m.completion {
        None => {
            all_lost(ITEM.number, None, MAX, t!("无计划业务量（没有项目）", "no planned volume (no projects)"), source)
        }
        Some(c) => {
            let vol = if m.lost_volume > 0.0 {
                let (r, l, v) = (num::money(m.revenue), num::money(m.lost_volume), num::money(m.volume));
                t!("营业收入 {r} − 损失业务量 {l} = 业务量 {v}", "revenue {r} − lost volume {l} = volume {v}")
            } else {
                let v = num::money(m.volume);
                t!("业务量 {v}", "volume {v}")
            };
            let (vz, ve, p, cs) = (&vol.zh, &vol.en, num::money(m.plan), show::pct(c));
            PerPoint {
                item: ITEM.number,
                part: None,
                max: MAX,
                share: c,
                limit: 1.0,
                below: true,
                per_point: rules.item1.per_point,
                measured: t!("{vz}，计划 {p}，完成率 {cs}", "{ve}, plan {p}, completion {cs}"),
                source,
            }
            .finish()
        }
    };
    finish_item(ITEM.number, MAX, vec![deduction], pm)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::Points;
    use crate::score::testkit::*;

    fn item(t: &crate::model::Tables) -> ItemScore {
        first_pm_item(t, score)
    }

    #[test]
    fn completion_below_plan_loses_a_quarter_point_per_point() {
        // 8 agents × 1,000 + 1,240 = 9,240 of plan 10,000 = 92.40%: 7.60 × 0.25 = 1.90 off → 3.10.
        let mut t = one_pm(8);
        t.agents.push(crate::model::Agent { revenue: 1240.0, ..agent("A9", "X1") });
        let s = item(&t);
        assert_eq!(s.score, Points(310));
        assert_eq!(
            s.deductions[0].reason.zh,
            "业务量 9,240.00，计划 10,000.00，完成率 92.40%，低于100% 7.60个百分点 × 0.25 = 1.90"
        );
        assert_eq!(
            s.deductions[0].reason.en,
            "volume 9,240.00, plan 10,000.00, completion 92.40%, 7.60 points below 100% × 0.25 = 1.90"
        );
    }

    #[test]
    fn lost_volume_comes_off_and_the_deduction_is_capped() {
        // 10 × 1,000 − 8,000 lost = 2,000 of 10,000 = 20%: 80 × 0.25 = 20 → capped at 5 → 0.
        let mut t = one_pm(10);
        t.events.push(crate::model::PartnerEvent {
            lost_volume: 8000.0,
            ..event("X1", crate::model::EventKind::Complaint, 4)
        });
        let s = item(&t);
        assert_eq!(s.score, Points(0));
        assert!(s.deductions[0].reason.zh.starts_with("营业收入 10,000.00 − 损失业务量 8,000.00 = 业务量 2,000.00"));
        assert!(
            s.deductions[0].reason.en.ends_with("= 20.00, capped at the max 5.00"),
            "{}",
            s.deductions[0].reason.en
        );
    }

    #[test]
    fn plan_reached_loses_nothing_and_no_project_loses_all() {
        // 12 × 1,000 = 12,000 ≥ 10,000: 0 off.
        let s = item(&one_pm(12));
        assert_eq!((s.score, s.deductions.len()), (Points(500), 0));
        let t = crate::model::Tables { managers: vec![manager("P01")], ..Default::default() };
        let s = item(&t);
        assert_eq!(s.score, Points(0));
        assert_eq!(s.deductions[0].reason.en, "no planned volume (no projects): all 5.00 lost");
    }
}
