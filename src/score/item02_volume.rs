//! Item 2 营业收入业务量总和 — business volume (max 5).
//!
//! **What it measures**: the PM's volume (Σ revenue of the PM's agents − Σ lost
//! volume of the PM's partner events) against the highest volume of all PMs.
//!
//! **The rule**: relative to best: 5 × (1 − volume / best); nothing off when the
//! best is ≤ 0; a negative volume counts as 0.
//!
//! **Example**: volume 30,000.00, best 40,000.00 (P03): 5 × (1 − 30,000/40,000) = 1.25.

use super::common::{Measure, RelativeToBest, finish_item};
use super::facts::{MonthFacts, PmFacts};
use super::item::Item;
use super::show;
use crate::outcome::{ItemScore, Metrics};
use crate::rules::Rules;
use crate::t;
use crate::text::Text;
use crate::text::num;

pub const MAX: f64 = 5.0;

pub const ITEM: Item = Item {
    number: 2,
    max: MAX,
    parts: &[],
    name: Text::of("营业收入业务量总和", "Business volume"),
    score,
    method,
    key_metrics,
    metrics: &[],
};

fn method(_: &Rules) -> Text {
    Text::new("与业务量最高者相比，按差距比例扣分。", "In proportion to the shortfall from the best volume.")
}

fn key_metrics(m: &Metrics) -> Text {
    let (v, r, l) = (num::money(m.volume), num::money(m.revenue), num::money(m.lost_volume));
    t!("业务量 {v}\n（收入 {r} − 损失 {l}）", "volume {v}\n(revenue {r} − lost {l})")
}

pub fn score(pm: &PmFacts, month: &MonthFacts, _rules: &Rules) -> ItemScore {
    let measure = Measure { label: t!("业务量", "volume"), money: true, missing: t!("", "") };
    let lost = pm.events.iter().filter(|e| e.lost_volume > 0.0).map(|e| &e.origin);
    let source = show::source(pm.agents.iter().map(|a| &a.origin).chain(lost));
    let d = RelativeToBest {
        item: ITEM.number,
        part: None,
        max: MAX,
        measure: &measure,
        value: Some(pm.metrics.volume),
        best: month.volume.as_ref(),
        source,
    }
    .finish();
    finish_item(ITEM.number, MAX, vec![d], pm)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Tables;
    use crate::outcome::Points;
    use crate::score::testkit::*;

    /// P01 with `a` agents, P02 with `b` agents, 1,000 revenue each.
    fn two(a: usize, b: usize) -> Tables {
        let mut t = one_pm(a);
        t.managers.push(manager("P02"));
        t.projects.push(project("Y1", "P02", 10_000.0, 10));
        t.agents.extend((0..b).map(|i| agent(&format!("B{i}"), "Y1")));
        t
    }

    #[test]
    fn volume_relative_to_the_best() {
        // P01 30,000, best P02 40,000: 5 × (1 − 30,000/40,000) = 1.25 → 3.75; P02 keeps 5.
        let t = two(30, 40);
        let all = pm_items(&t, score, &Rules::default());
        let s = &all[0];
        assert_eq!(s.score, Points(375));
        assert_eq!(
            s.deductions[0].reason.zh,
            "业务量 30,000.00，最高 40,000.00（P02）；5.00 × (1 − 30,000.00/40,000.00) = 1.25"
        );
        assert_eq!(all[1].score, Points(500));
    }

    #[test]
    fn no_volume_anywhere_takes_nothing() {
        // Both PMs have no agents: best 0 ≤ 0, so no deduction.
        let t = two(0, 0);
        assert_eq!(first_pm_item(&t, score).score, Points(500));
    }
}
