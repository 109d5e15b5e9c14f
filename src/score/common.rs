//! The mechanics every item shares, written once: a rule's deduction capped at its
//! part's max and rounded, "relative to best", per-point deductions, adjustments
//! (人工扣分) and the item total floored at 0.

use super::facts::{Best, PmFacts};
use super::show;
use crate::outcome::{Deduction, ItemScore, Points};
use crate::t;
use crate::text::Text;
use crate::text::num;

/// A rule's deduction before rounding: the amount and the arithmetic that gives it.
pub struct Draft {
    pub item: u8,
    pub part: Option<&'static str>,
    /// The max of the part (or item) this rule may take at most.
    pub max: f64,
    /// Unrounded amount.
    pub amount: f64,
    /// The measured value, the rule and the arithmetic, without the result (`… × 0.25`).
    pub arithmetic: Text,
    pub source: String,
}

impl Draft {
    /// Rounds to 0.01 (half away from zero) and caps at the part's max; `None` when 0.00.
    pub fn finish(self) -> Option<Deduction> {
        let cap = Points::round(self.max);
        let raw = Points::round(self.amount.max(0.0));
        let (points, reason) = if raw > cap {
            let (az, ae) = (&self.arithmetic.zh, &self.arithmetic.en);
            (cap, t!("{az} = {raw}，以满分 {cap} 为限", "{ae} = {raw}, capped at the max {cap}"))
        } else {
            let (az, ae) = (&self.arithmetic.zh, &self.arithmetic.en);
            (raw, t!("{az} = {raw}", "{ae} = {raw}"))
        };
        (points > Points::ZERO).then_some(Deduction {
            item: self.item,
            part: self.part,
            points,
            reason,
            source: self.source,
            manual: false,
        })
    }
}

/// The whole part is lost, with the reason why (no data to measure).
pub fn all_lost(item: u8, part: Option<&'static str>, max: f64, why: Text, source: String) -> Option<Deduction> {
    let points = Points::round(max);
    let (wz, we) = (&why.zh, &why.en);
    let reason = t!("{wz}，扣满 {points}", "{we}: all {points} lost");
    (points > Points::ZERO).then_some(Deduction { item, part, points, reason, source, manual: false })
}

/// What a "relative to best" rule measures, for its reason.
pub struct Measure {
    /// e.g. `人均成功订制量` / `successes per capita`.
    pub label: Text,
    /// Shown with thousands separators.
    pub money: bool,
    /// Why the value is missing, when it is (`None` value).
    pub missing: Text,
}

impl Measure {
    fn show(&self, v: f64, places: usize) -> String {
        if self.money { num::grouped(v, places) } else { num::fixed(v, places) }
    }
}

/// A "relative to best" rule: deduction = max × (1 − value / best); no deduction
/// when best ≤ 0; a value below 0 counts as 0; no value at all loses the part in full.
pub struct RelativeToBest<'a> {
    pub item: u8,
    pub part: Option<&'static str>,
    pub max: f64,
    pub measure: &'a Measure,
    /// `None`: nothing to measure (see `Measure::missing`).
    pub value: Option<f64>,
    /// The highest value among all PMs, and whose it is.
    pub best: Option<&'a Best>,
    pub source: String,
}

impl RelativeToBest<'_> {
    pub fn finish(self) -> Option<Deduction> {
        let RelativeToBest { item, part, max, measure, value, best, source } = self;
        let Some(value) = value else {
            return all_lost(item, part, max, measure.missing.clone(), source);
        };
        let best = best.filter(|b| b.value > 0.0)?;
        let v = value.max(0.0);
        let amount = max * (1.0 - v / best.value);
        let whole = v.fract() == 0.0 && best.value.fract() == 0.0 && !measure.money;
        let places = if whole {
            0
        } else {
            let want = Points::round(amount);
            let check =
                |p: usize| Points::round(max * (1.0 - show::round_to(v, p) / show::round_to(best.value, p))) == want;
            (2..=6).find(|&p| check(p)).unwrap_or(6)
        };
        let (vs, bs, m) = (measure.show(v, places), measure.show(best.value, places), num::fixed(max, 2));
        let (lz, le, id) = (&measure.label.zh, &measure.label.en, &best.pm_id);
        let (below_zh, below_en) = if value < 0.0 {
            let shown = measure.show(value, 2);
            (format!("（{shown}，按0计）"), format!(" ({shown}, counted as 0)"))
        } else {
            (String::new(), String::new())
        };
        Draft {
            item,
            part,
            max,
            amount,
            arithmetic: t!(
                "{lz} {vs}{below_zh}，最高 {bs}（{id}）；{m} × (1 − {vs}/{bs})",
                "{le} {vs}{below_en}, best {bs} ({id}); {m} × (1 − {vs}/{bs})"
            ),
            source,
        }
        .finish()
    }
}

/// A per-point rule: `per_point` for each percentage point that `share` lies below
/// (or above) `limit`, at most `max`. 92.4% completion is 7.6 points below 100%.
pub struct PerPoint {
    pub item: u8,
    pub part: Option<&'static str>,
    pub max: f64,
    pub share: f64,
    pub limit: f64,
    /// Deduct for falling short of the limit (true) or for exceeding it (false).
    pub below: bool,
    pub per_point: f64,
    /// The measured value, e.g. `完成率 92.40%` / `completion 92.40%`.
    pub measured: Text,
    pub source: String,
}

impl PerPoint {
    /// Percentage points beyond the limit, never below 0.
    pub fn points(&self) -> f64 {
        let d = if self.below { self.limit - self.share } else { self.share - self.limit };
        (d * 100.0).max(0.0)
    }

    pub fn finish(self) -> Option<Deduction> {
        let points = self.points();
        let (pp, lim, n) = (self.per_point, show::limit(self.limit), show_points(points, self.per_point));
        let (mz, me) = (&self.measured.zh, &self.measured.en);
        let (wz, we) = if self.below { ("低于", "below") } else { ("高于", "above") };
        Draft {
            item: self.item,
            part: self.part,
            max: self.max,
            amount: points * pp,
            arithmetic: t!("{mz}，{wz}{lim} {n}个百分点 × {pp}", "{me}, {n} points {we} {lim} × {pp}"),
            source: self.source,
        }
        .finish()
    }
}

/// Percentage points off, shown with enough decimals that `points × per_point`
/// gives the deduction on paper: `7.60`, or `3.405` where `3.41 × 0.5` would not.
fn show_points(points: f64, per_point: f64) -> String {
    let want = Points::round(points * per_point);
    let p = show::places_for(points, |x| Points::round(x * per_point) == want).unwrap_or(4);
    format!("{points:.p$}")
}

/// Adds the PM's adjustments of `item`, drops nothing else, and scores the item:
/// max(0, max − Σ deductions).
pub fn finish_item(item: u8, max: f64, rule: Vec<Option<Deduction>>, pm: &PmFacts) -> ItemScore {
    let mut deductions: Vec<Deduction> = rule.into_iter().flatten().collect();
    for a in pm.adjustments.iter().filter(|a| a.item == item) {
        let points = Points::round(a.points);
        if points > Points::ZERO {
            deductions.push(Deduction {
                item,
                part: None,
                points,
                reason: Text::new(format!("人工扣分：{}", a.reason), format!("manual deduction: {}", a.reason)),
                source: show::source([&a.origin]),
                manual: true,
            });
        }
    }
    let max = Points::round(max);
    let taken: Points = deductions.iter().map(|d| d.points).sum();
    ItemScore { item, max, score: Points((max - taken).0.max(0)), deductions }
}

/// Caps a list of one item's rule deductions so that together they take at most
/// `max` (items 7 and 9, where each event or task kind is a rule of its own).
pub fn cap_running(deductions: Vec<Option<Deduction>>, max: f64) -> Vec<Option<Deduction>> {
    let mut left = Points::round(max);
    let mut out = Vec::new();
    for mut d in deductions.into_iter().flatten() {
        if left == Points::ZERO {
            break;
        }
        if d.points > left {
            let m = num::fixed(max, 2);
            d.reason = d.reason.join(&t!("本项最多扣 {m}，实扣 {left}", "the item loses at most {m}: {left} taken"));
            d.points = left;
        }
        left = left - d.points;
        out.push(Some(d));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measure() -> Measure {
        Measure { label: t!("人均成功订制量", "successes per capita"), money: false, missing: t!("无", "none") }
    }

    #[test]
    fn relative_to_best_matches_the_brief() {
        // 5 × (1 − 41.20/55.00) = 5 × 0.250909… = 1.2545… → 1.25
        let best = Best { value: 55.0, pm_id: "P07".into() };
        let d = RelativeToBest {
            item: 3,
            part: Some("3a"),
            max: 5.0,
            measure: &measure(),
            value: Some(41.2),
            best: Some(&best),
            source: String::new(),
        }
        .finish()
        .unwrap();
        assert_eq!(d.points, Points(125));
        assert_eq!(d.reason.zh, "人均成功订制量 41.20，最高 55.00（P07）；5.00 × (1 − 41.20/55.00) = 1.25");
        assert_eq!(d.reason.en, "successes per capita 41.20, best 55.00 (P07); 5.00 × (1 − 41.20/55.00) = 1.25");
    }

    #[test]
    fn best_at_or_below_zero_takes_nothing_and_a_negative_value_counts_as_zero() {
        let zero = Best { value: 0.0, pm_id: "P01".into() };
        assert!(
            RelativeToBest {
                item: 2,
                part: None,
                max: 5.0,
                measure: &measure(),
                value: Some(0.0),
                best: Some(&zero),
                source: String::new()
            }
            .finish()
            .is_none()
        );
        let best = Best { value: 10.0, pm_id: "P01".into() };
        let d = RelativeToBest {
            item: 2,
            part: None,
            max: 5.0,
            measure: &measure(),
            value: Some(-3.0),
            best: Some(&best),
            source: String::new(),
        }
        .finish()
        .unwrap();
        assert_eq!(d.points, Points(500), "5 × (1 − 0/10) = 5");
        let d = RelativeToBest {
            item: 2,
            part: None,
            max: 5.0,
            measure: &measure(),
            value: None,
            best: Some(&best),
            source: String::new(),
        }
        .finish()
        .unwrap();
        assert_eq!(d.points, Points(500));
    }

    #[test]
    fn a_rule_never_takes_more_than_its_part() {
        let d = Draft { item: 1, part: None, max: 5.0, amount: 7.25, arithmetic: t!("x", "x"), source: String::new() };
        let d = d.finish().unwrap();
        assert_eq!(d.points, Points(500));
        assert_eq!(d.reason.en, "x = 7.25, capped at the max 5.00");
    }

    fn per_point(share: f64, limit: f64, below: bool) -> PerPoint {
        let measured = t!("完成率", "completion");
        PerPoint {
            item: 1,
            part: None,
            max: 5.0,
            share,
            limit,
            below,
            per_point: 0.25,
            measured,
            source: String::new(),
        }
    }

    #[test]
    fn percentage_points_beyond_a_limit() {
        // 92.4% is 7.6 points below 100%: 7.6 × 0.25 = 1.90. 110% is not below; 5% is 2 points above 3%.
        assert!((per_point(0.924, 1.0, true).points() - 7.6).abs() < 1e-9);
        assert_eq!(per_point(1.1, 1.0, true).points(), 0.0);
        assert!((per_point(0.05, 0.03, false).points() - 2.0).abs() < 1e-9);
        let d = per_point(0.924, 1.0, true).finish().unwrap();
        assert_eq!((d.points, &*d.reason.zh), (Points(190), "完成率，低于100% 7.60个百分点 × 0.25 = 1.90"));
        assert_eq!(d.reason.en, "completion, 7.60 points below 100% × 0.25 = 1.90");
        assert!(per_point(1.1, 1.0, true).finish().is_none());
    }

    #[test]
    fn points_get_more_decimals_where_two_would_not_check_out() {
        // 3.4054 × 0.5 = 1.7027 → 1.70, but 3.41 × 0.5 = 1.705 → 1.71: show 3.405.
        assert_eq!(show_points(3.4054, 0.5), "3.405");
        assert_eq!(show_points(7.6, 0.25), "7.60");
    }
}
