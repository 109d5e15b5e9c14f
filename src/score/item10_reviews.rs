//! Item 10 增值部、市场部综合评价 — reviews by the two departments (max 15).
//!
//! **What it measures**: the average of the scores (0–100) staff gave the PM; with
//! `item10.trim_from` (5) reviews or more, the single highest and the single lowest
//! are dropped first.
//!
//! **The rule**: deduction = 15 × (1 − average / 100). No reviews: all 15 lost.
//!
//! **Example**: 90, 80, 70, 100, 60: drop 100 and 60, average 80.00:
//! 15 × (1 − 80.00/100) = 3.00 off, item 10 scores 12.00.

use super::common::{Draft, all_lost, finish_item};
use super::facts::{MonthFacts, PmFacts};
use super::item::{Item, Metric, Value, dec};
use super::show;
use crate::outcome::{ItemScore, Metrics, Points};
use crate::rules::Rules;
use crate::t;
use crate::text::Text;
use crate::text::num;

pub const MAX: f64 = 15.0;

pub const ITEM: Item = Item {
    number: 10,
    max: MAX,
    parts: &[],
    name: Text::of("增值部、市场部综合评价", "Reviews by the departments"),
    score,
    method,
    key_metrics,
    metrics: &[
        Metric::new("综合评价均分", "Review average", Value::Dec(|m| m.review_average)),
        Metric::new("评价条数", "Reviews", Value::Int(|m| m.review_count as u64)),
    ],
};

fn method(r: &Rules) -> Text {
    let (max, from) = (num::plain(MAX), r.item10.trim_from);
    t!(
        "扣分 = {max} ×（1 − 平均分/100）；{from}条及以上评价去掉一个最高分和一个最低分。",
        "Deduction = {max} × (1 − average / 100); from {from} reviews the highest and lowest are dropped."
    )
}

fn key_metrics(m: &Metrics) -> Text {
    let (a, n) = (dec(m.review_average), m.review_count);
    t!("均分 {a}（{n} 条评价）", "average {a} ({n} reviews)")
}

pub fn score(pm: &PmFacts, _month: &MonthFacts, _rules: &Rules) -> ItemScore {
    let source = show::source(pm.reviews.iter().map(|r| &r.origin));
    let d = match pm.review_average {
        None => all_lost(ITEM.number, None, MAX, t!("无综合评价", "no reviews"), source),
        Some(avg) => {
            let n = pm.reviews.len();
            let (zh, en) = match avg.dropped {
                Some((hi, lo)) => (
                    format!("{n} 条评价，去掉最高 {} 和最低 {}，", num::fixed(hi, 2), num::fixed(lo, 2)),
                    format!("{n} reviews, highest {} and lowest {} dropped, ", num::fixed(hi, 2), num::fixed(lo, 2)),
                ),
                None => (format!("{n} 条评价，"), format!("{n} reviews, ")),
            };
            let amount = MAX * (1.0 - avg.average / 100.0);
            let want = Points::round(amount);
            let places = show::places_for(avg.average, |a| Points::round(MAX * (1.0 - a / 100.0)) == want);
            let (az, ae, formula) = match places {
                Some(p) => {
                    let a = format!("{:.p$}", avg.average);
                    (format!("平均 {a}"), format!("average {a}"), format!("{} × (1 − {a}/100)", num::plain(MAX)))
                }
                // Exactly on a half: a rounded average would round the other way, so show the sum.
                None => {
                    let (sum, k) = (avg.average * avg.used as f64, avg.used);
                    let (s, a, h) = (num::fixed(sum, 2), num::fixed(avg.average, 2), k * 100);
                    (
                        format!("平均 {s}/{k} = {a}"),
                        format!("average {s}/{k} = {a}"),
                        format!("{} × (1 − {s}/{h})", num::plain(MAX)),
                    )
                }
            };
            Draft {
                item: ITEM.number,
                part: None,
                max: MAX,
                amount,
                arithmetic: t!("{zh}{az}；{formula}", "{en}{ae}; {formula}"),
                source,
            }
            .finish()
        }
    };
    finish_item(ITEM.number, MAX, vec![d], pm)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::testkit::*;

    fn item(scores: &[f64], adjust: Option<f64>) -> ItemScore {
        let mut t = one_pm(1);
        t.reviews = scores.iter().map(|s| review("P01", *s)).collect();
        t.adjustments = adjust.map(|p| adjustment("P01", 10, p)).into_iter().collect();
        first_pm_item(&t, score)
    }

    #[test]
    fn four_reviews_are_not_trimmed() {
        // (90 + 80 + 70 + 100) / 4 = 85: 15 × 0.15 = 2.25 → 12.75.
        let s = item(&[90.0, 80.0, 70.0, 100.0], None);
        assert_eq!(s.score, Points(1275));
        assert_eq!(s.deductions[0].reason.zh, "4 条评价，平均 85.00；15 × (1 − 85.00/100) = 2.25");
    }

    #[test]
    fn five_reviews_drop_the_highest_and_lowest() {
        // Drop 100 and 60: (90 + 80 + 70) / 3 = 80: 15 × 0.2 = 3.00 → 12.00.
        let s = item(&[90.0, 80.0, 70.0, 100.0, 60.0], None);
        assert_eq!(s.score, Points(1200));
        assert_eq!(
            s.deductions[0].reason.en,
            "5 reviews, highest 100.00 and lowest 60.00 dropped, average 80.00; 15 × (1 − 80.00/100) = 3.00"
        );
    }

    #[test]
    fn no_reviews_lose_all_and_adjustments_floor_at_zero() {
        assert_eq!(item(&[], None).score, Points(0));
        // 85 average: 2.25 off, plus a manual 14 → 15 − 16.25 < 0 → 0.00, both listed.
        let s = item(&[90.0, 80.0, 70.0, 100.0], Some(14.0));
        assert_eq!(s.score, Points(0));
        assert!(s.deductions[1].manual);
        assert_eq!(s.deductions[1].reason.zh, "人工扣分：数据不实");
        assert_eq!(s.deductions[1].points, Points(1400));
    }

    #[test]
    fn an_average_exactly_on_a_half_shows_the_sum() {
        // Drop 99 and 60: (88 + 92 + 75.5) / 3 = 85.1666…: 15 × (1 − 255.5/300) = 15 × 44.5/300 = 2.225 → 2.23.
        // Shown as 85.17 it would give 2.2245 → 2.22, so the reason shows the sum instead.
        let s = item(&[88.0, 92.0, 75.5, 60.0, 99.0], None);
        assert_eq!(s.deductions[0].points, Points(223));
        assert_eq!(
            s.deductions[0].reason.zh,
            "5 条评价，去掉最高 99.00 和最低 60.00，平均 255.50/3 = 85.17；15 × (1 − 255.50/300) = 2.23"
        );
    }

    #[test]
    fn a_repeating_average_is_shown_to_two_decimals_when_that_checks_out() {
        // (81 + 80 + 80) / 3 = 80.3333: 15 × 0.196667 = 2.95; 80.33 gives 2.9505 → 2.95 too.
        let s = item(&[81.0, 80.0, 80.0], None);
        assert_eq!(s.deductions[0].points, Points(295));
        assert!(s.deductions[0].reason.en.contains("average 80.33;"), "{}", s.deductions[0].reason.en);
    }
}
