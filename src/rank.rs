//! Ranking and tiers (SPEC §5): shared ranks, veto, score and rank modes, bonus.
//!
//! Takes the PMs' scores, gives them in rank order with rank, tier (1–5),
//! multiplier and bonus.

use crate::outcome::{Lift, Lost, Outcome, PartnerEventSeen, PmScore, Points, Ranked};
use crate::rules::{Rules, TierMode};
use crate::t;
use crate::text::Text;

/// Ranks the PMs, sorts them into tiers and computes bonuses.
///
/// Highest total first; equal totals share a rank (1, 2, 2, 4) and are listed by
/// pm_id. A vetoed PM is tier 5 whatever its score. Otherwise, in `score` mode the
/// thresholds decide; in `rank` mode the cumulative quotas of the n non-vetoed PMs
/// (k = round(quota × n), halves up) decide by the PM's rank among them, so a tie
/// at a boundary keeps the whole tie in the better tier.
pub fn rank(mut scores: Vec<PmScore>, rules: &Rules) -> Outcome {
    for s in &mut scores {
        s.veto = veto(&s.partner_events, rules);
    }
    scores.sort_by(|a, b| b.total.cmp(&a.total).then_with(|| a.pm_id.cmp(&b.pm_id)));
    let ranks = shared_ranks(scores.iter().map(|s| s.total));
    let kept: Vec<Points> = scores.iter().filter(|s| s.veto.is_none()).map(|s| s.total).collect();
    let kept_ranks = shared_ranks(kept.iter().copied());
    let bounds = quota_bounds(kept.len(), &rules.tiers.quotas);
    let mut kept_index = 0;
    let managers = scores
        .into_iter()
        .zip(ranks)
        .map(|(score, rank)| {
            let tier = if score.veto.is_some() {
                5
            } else {
                let r = kept_ranks[kept_index];
                kept_index += 1;
                match rules.tiers.mode {
                    TierMode::Score => tier_by_score(score.total, &rules.tiers.thresholds),
                    TierMode::Rank => tier_by_rank(r, bounds),
                }
            };
            let multiplier = rules.tiers.multipliers[usize::from(tier - 1)];
            let bonus = Points::round(score.bonus_base * multiplier);
            Ranked { score, rank, tier, multiplier, bonus, lift: Lift::default() }
        })
        .collect::<Vec<_>>();
    let lifts: Vec<Lift> = (0..managers.len())
        .map(|i| Lift { to_next_tier: to_next_tier(&managers, i, rules), most_lost: most_lost(&managers[i].score) })
        .collect();
    let mut managers = managers;
    for (m, lift) in managers.iter_mut().zip(lifts) {
        m.lift = lift;
    }
    Outcome { managers }
}

/// Points PM `i` still needs for the next better tier (SPEC §6.2), everyone else's
/// scores as they are. Score mode: the better tier's threshold − the total (the
/// threshold taken up to whole hundredths, as a total has them). Rank mode: the lowest
/// total in the better tier − the total + 0.01, so the PM passes that PM outright
/// (a tie would do too, as a tie at a boundary keeps the whole tie in the better tier,
/// but SPEC §6.2 asks for passing). `None` in tier 1, in tier 5 (a veto is not lifted
/// by points), and in rank mode when the better tier holds nobody (its quota rounds to
/// none of the PMs: no total reaches it).
fn to_next_tier(managers: &[Ranked], i: usize, rules: &Rules) -> Option<Points> {
    let m = &managers[i];
    if !(2..=4).contains(&m.tier) {
        return None;
    }
    let better = m.tier - 1;
    match rules.tiers.mode {
        TierMode::Score => {
            let threshold = rules.tiers.thresholds[usize::from(better) - 1];
            Some(threshold_points(threshold) - m.score.total)
        }
        TierMode::Rank => {
            let lowest = managers.iter().filter(|o| o.tier == better).map(|o| o.score.total).min()?;
            Some(lowest - m.score.total + Points(1))
        }
    }
}

/// Up to three items with points lost, most first, ties by item number; each with its
/// largest deduction (the first of equal ones).
fn most_lost(score: &PmScore) -> Vec<Lost> {
    let mut lost: Vec<Lost> = score
        .items
        .iter()
        .filter(|it| it.max > it.score)
        .map(|it| Lost {
            item: it.item,
            points: it.max - it.score,
            largest: it.deductions.iter().min_by_key(|d| std::cmp::Reverse(d.points)).cloned(),
        })
        .collect();
    lost.sort_by(|a, b| b.points.cmp(&a.points).then(a.item.cmp(&b.item)));
    lost.truncate(3);
    lost
}

/// 质量否决: why the PM is tier 5, naming every vetoing event (severe, or of a kind in
/// `item7.veto`); `None` when not vetoed.
pub fn veto(events: &[PartnerEventSeen], rules: &Rules) -> Option<Text> {
    let vetoing: Vec<&Text> =
        events.iter().filter(|e| e.severe || rules.item7.veto.contains(&e.kind)).map(|e| &e.described).collect();
    let (first, rest) = vetoing.split_first()?;
    let all = rest.iter().fold((*first).clone(), |acc, t| acc.join(t));
    let (az, ae) = (&all.zh, &all.en);
    Some(t!("质量否决（合作方事件{az}）", "quality veto (partner event {ae})"))
}

/// Ranks of totals already sorted highest first: 1 + the number of higher totals.
fn shared_ranks(sorted: impl Iterator<Item = Points>) -> Vec<u32> {
    let mut out: Vec<u32> = Vec::new();
    let mut prev: Option<Points> = None;
    for (i, total) in sorted.enumerate() {
        let rank = match (prev, out.last()) {
            (Some(p), Some(&r)) if p == total => r,
            _ => i as u32 + 1,
        };
        out.push(rank);
        prev = Some(total);
    }
    out
}

/// Tier 1 at total ≥ thresholds[0], 2 at ≥ [1], 3 at ≥ [2], else 4.
fn tier_by_score(total: Points, thresholds: &[f64; 3]) -> u8 {
    (1..=3).find(|&k| total >= threshold_points(thresholds[k - 1])).map_or(4, |k| k as u8)
}

/// The least total in hundredths that reaches `threshold` (a total is exact in
/// hundredths; the tolerance only absorbs 89.99999… from f64). One rule for the tier
/// and for the points to the next tier.
fn threshold_points(threshold: f64) -> Points {
    Points((threshold * 100.0 - 1e-6).ceil() as i64)
}

/// Cumulative quota bounds [k1, k2, k3] for `n` PMs: round(share × n), halves up.
fn quota_bounds(n: usize, quotas: &[f64; 3]) -> [u32; 3] {
    let mut share = 0.0;
    let mut out = [0; 3];
    for (k, q) in out.iter_mut().zip(quotas) {
        share += q;
        *k = (share * n as f64 + 0.5 + 1e-9).floor() as u32;
    }
    out
}

fn tier_by_rank(r: u32, bounds: [u32; 3]) -> u8 {
    bounds.iter().position(|&k| r <= k).map_or(4, |i| i as u8 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::Metrics;

    fn terminated() -> PartnerEventSeen {
        PartnerEventSeen {
            kind: crate::model::EventKind::Terminated,
            severe: false,
            described: t!("终止", "terminated"),
        }
    }

    fn pm(id: &str, total: f64) -> PmScore {
        PmScore {
            pm_id: id.into(),
            name: id.into(),
            bonus_base: 3000.0,
            projects: vec![],
            items: vec![],
            total: Points::round(total),
            metrics: Metrics::default(),
            partner_events: vec![],
            veto: None,
            flagged: false,
            concerns: Vec::new(),
        }
    }

    fn summary(o: &Outcome) -> Vec<(String, u32, u8)> {
        o.managers.iter().map(|m| (m.score.pm_id.clone(), m.rank, m.tier)).collect()
    }

    fn rows(v: &[(&str, u32, u8)]) -> Vec<(String, u32, u8)> {
        v.iter().map(|(p, r, t)| (p.to_string(), *r, *t)).collect()
    }

    #[test]
    fn equal_totals_share_a_rank_listed_by_pm_id() {
        // 95 → 1; two 85s → 2, 2 (P02 before P03); 70 → 4. Score mode: tiers 1, 2, 2, 3.
        let o = rank(vec![pm("P03", 85.0), pm("P04", 70.0), pm("P01", 95.0), pm("P02", 85.0)], &Rules::default());
        assert_eq!(summary(&o), rows(&[("P01", 1, 1), ("P02", 2, 2), ("P03", 2, 2), ("P04", 4, 3)]));
    }

    #[test]
    fn thresholds_are_inclusive_and_veto_is_tier_five() {
        // 90.00 is tier 1, 89.99 tier 2, 69.99 tier 4; a vetoed 99 is tier 5 with no bonus but keeps rank 1.
        let mut v = pm("P09", 99.0);
        v.partner_events = vec![terminated()];
        let o = rank(vec![pm("P01", 90.0), pm("P02", 89.99), pm("P03", 69.99), v], &Rules::default());
        assert_eq!(summary(&o), rows(&[("P09", 1, 5), ("P01", 2, 1), ("P02", 3, 2), ("P03", 4, 4)]));
        assert_eq!(o.managers[0].bonus, Points(0));
        assert!(o.managers[0].score.veto.is_some());
        // 3000 × 0.8 = 2,400.00; 3000 × 0.4 = 1,200.00.
        assert_eq!(o.managers[2].bonus, Points(240_000));
        assert_eq!(o.managers[3].bonus, Points(120_000));
    }

    #[test]
    fn rank_mode_quotas_with_a_tie_across_a_boundary() {
        // n = 10: k1 = 2, k2 = 5, k3 = 8. Totals 99, 98, 97, 96, 95, 95, 90, 80, 70, 60:
        // ranks 1 2 3 4 5 5 7 8 9 10; the tie at rank 5 straddles k2 = 5 and stays tier 2.
        let totals = [99.0, 98.0, 97.0, 96.0, 95.0, 95.0, 90.0, 80.0, 70.0, 60.0];
        let scores = totals.iter().enumerate().map(|(i, t)| pm(&format!("P{i:02}"), *t)).collect();
        let mut rules = Rules::default();
        rules.tiers.mode = TierMode::Rank;
        let o = rank(scores, &rules);
        let tiers: Vec<u8> = o.managers.iter().map(|m| m.tier).collect();
        assert_eq!(tiers, [1, 1, 2, 2, 2, 2, 3, 3, 4, 4]);
        assert_eq!(o.managers[5].rank, 5);
    }

    #[test]
    fn rank_mode_ranks_among_the_non_vetoed_and_rounds_halves_up() {
        // 5 PMs, the top one vetoed: n = 4, k1 = round(0.8) = 1, k2 = round(2) = 2, k3 = round(3.2) = 3.
        // n = 3 (two vetoed) would give k2 = round(1.5) = 2.
        assert_eq!(quota_bounds(4, &[0.2, 0.3, 0.3]), [1, 2, 3]);
        assert_eq!(quota_bounds(3, &[0.2, 0.3, 0.3]), [1, 2, 2]);
        assert_eq!(quota_bounds(5, &[0.2, 0.3, 0.3]), [1, 3, 4]);
        assert_eq!(quota_bounds(0, &[0.2, 0.3, 0.3]), [0, 0, 0]);
        let mut v = pm("P00", 99.0);
        v.partner_events = vec![terminated()];
        let mut rules = Rules::default();
        rules.tiers.mode = TierMode::Rank;
        let o = rank(vec![v, pm("P01", 90.0), pm("P02", 80.0), pm("P03", 70.0), pm("P04", 60.0)], &rules);
        assert_eq!(summary(&o), rows(&[("P00", 1, 5), ("P01", 2, 1), ("P02", 3, 2), ("P03", 4, 3), ("P04", 5, 4)]));
    }

    #[test]
    fn bonus_is_rounded_to_hundredths_and_nothing_is_empty_safe() {
        // 1234.565 × 0.6 = 740.739 → 740.74.
        let mut p = pm("P01", 75.0);
        p.bonus_base = 1234.565;
        let o = rank(vec![p], &Rules::default());
        assert_eq!((o.managers[0].tier, o.managers[0].bonus), (3, Points(74_074)));
        assert_eq!(rank(vec![], &Rules::default()).managers.len(), 0);
    }

    /// (pm_id, tier, to_next_tier in hundredths).
    fn lifts(o: &Outcome) -> Vec<(String, u8, Option<i64>)> {
        o.managers.iter().map(|m| (m.score.pm_id.clone(), m.tier, m.lift.to_next_tier.map(|p| p.0))).collect()
    }

    #[test]
    fn to_next_tier_in_score_mode_is_the_threshold_above_less_the_total() {
        // Thresholds 90 / 80 / 70. P1 92.00: tier 1, none. P2 84.37: 90 − 84.37 = 5.63.
        // P3 79.99: 80 − 79.99 = 0.01. P4 12.5: tier 4, 70 − 12.50 = 57.50. P5 vetoed: none.
        let mut v = pm("P5", 95.0);
        v.partner_events = vec![terminated()];
        let o = rank(vec![pm("P1", 92.0), pm("P2", 84.37), pm("P3", 79.99), pm("P4", 12.5), v], &Rules::default());
        let got = lifts(&o);
        let want = [("P5", 5, None), ("P1", 1, None), ("P2", 2, Some(563)), ("P3", 3, Some(1)), ("P4", 4, Some(5750))];
        assert_eq!(got, want.map(|(id, t, p)| (id.to_string(), t, p)).to_vec());
        // A threshold between hundredths: 85.005 needs 85.01; 84.37 → 0.64.
        let mut rules = Rules::default();
        rules.tiers.thresholds = [85.005, 80.0, 70.0];
        let o = rank(vec![pm("P2", 84.37)], &rules);
        assert_eq!(o.managers[0].lift.to_next_tier, Some(Points(64)));
    }

    #[test]
    fn to_next_tier_in_rank_mode_passes_the_lowest_of_the_better_tier() {
        // The tie of the quota test: tiers 1 1 2 2 2 2 3 3 4 4 for totals
        // 99 98 97 96 95 95 90 80 70 60. Tier 2's lowest is 95 (the tie across k2 = 5):
        // P06 (90, tier 3) needs 95 − 90 + 0.01 = 5.01 and P07 (80, tier 3) 15.01; tier 1's
        // lowest is 98: P02 (97) needs 1.01, P03 (96) 2.01, P04/P05 (95, tied) 3.01 each;
        // tier 3's lowest is 80: P08 (70) needs 10.01, P09 (60) 20.01.
        let totals = [99.0, 98.0, 97.0, 96.0, 95.0, 95.0, 90.0, 80.0, 70.0, 60.0];
        let scores = totals.iter().enumerate().map(|(i, t)| pm(&format!("P{i:02}"), *t)).collect();
        let mut rules = Rules::default();
        rules.tiers.mode = TierMode::Rank;
        let o = rank(scores, &rules);
        let needs: Vec<Option<i64>> = o.managers.iter().map(|m| m.lift.to_next_tier.map(|p| p.0)).collect();
        let want =
            [None, None, Some(101), Some(201), Some(301), Some(301), Some(501), Some(1501), Some(1001), Some(2001)];
        assert_eq!(needs, want);
        // A better tier nobody is in cannot be reached: 3 PMs, quotas 0.1/0.3/0.3 give
        // k1 = round(0.3) = 0, so tier 1 is empty and a tier-2 PM has nothing to pass.
        rules.tiers.quotas = [0.1, 0.3, 0.3];
        let o = rank(vec![pm("A", 90.0), pm("B", 80.0), pm("C", 70.0)], &rules);
        assert_eq!(o.managers[0].tier, 2);
        assert_eq!(o.managers[0].lift.to_next_tier, None);
    }

    #[test]
    fn the_three_items_that_lost_most_each_with_its_largest_deduction() {
        use crate::outcome::{Deduction, ItemScore};
        let d = |item: u8, points: i64, why: &str| Deduction {
            item,
            part: None,
            points: Points(points),
            reason: t!("{why}", "{why}"),
            source: String::new(),
            manual: false,
        };
        let item = |n: u8, max: i64, ds: Vec<Deduction>| {
            let lost: i64 = ds.iter().map(|d| d.points.0).sum();
            ItemScore { item: n, max: Points(max), score: Points(max - lost), deductions: ds }
        };
        let mut p = pm("P1", 80.0);
        // Lost: item 1 2.00 (1.50 + 0.50), item 2 3.00, item 3 2.00 (two of 1.00), item 4 none.
        p.items = vec![
            item(1, 500, vec![d(1, 150, "a"), d(1, 50, "b")]),
            item(2, 500, vec![d(2, 300, "c")]),
            item(3, 1000, vec![d(3, 100, "d"), d(3, 100, "e")]),
            item(4, 1000, vec![]),
        ];
        let o = rank(vec![p], &Rules::default());
        let got: Vec<(u8, i64, String)> = o.managers[0]
            .lift
            .most_lost
            .iter()
            .map(|l| (l.item, l.points.0, l.largest.as_ref().unwrap().reason.zh.to_string()))
            .collect();
        // 3.00 first; items 1 and 3 tie at 2.00, item 1 first; item 3's largest is its first 1.00.
        assert_eq!(got, vec![(2, 300, "c".into()), (1, 200, "a".into()), (3, 200, "d".into())]);
    }

    proptest::proptest! {
        /// Adding to_next_tier to one PM's total and ranking again lifts that PM by a
        /// tier; in score mode 0.01 less does not.
        #[test]
        fn adding_to_next_tier_lifts_the_pm(
            totals in proptest::collection::vec(0i64..=10_000, 1..25),
            pick in 0usize..25,
            by_rank in proptest::bool::ANY,
        ) {
            let mut rules = Rules::default();
            if by_rank { rules.tiers.mode = TierMode::Rank; }
            let scores = |bump: Option<(usize, i64)>| -> Vec<PmScore> {
                totals.iter().enumerate().map(|(i, &t)| {
                    let mut p = pm(&format!("P{i:02}"), 0.0);
                    p.total = Points(t + bump.filter(|b| b.0 == i).map_or(0, |b| b.1));
                    p
                }).collect()
            };
            let o = rank(scores(None), &rules);
            let i = pick % totals.len();
            let id = format!("P{i:02}");
            let me = o.managers.iter().find(|m| m.score.pm_id == id).unwrap();
            if let Some(need) = me.lift.to_next_tier {
                proptest::prop_assert!(need.0 > 0);
                let lifted = rank(scores(Some((i, need.0))), &rules);
                let now = lifted.managers.iter().find(|m| m.score.pm_id == id).unwrap();
                proptest::prop_assert!(now.tier < me.tier, "{} + {} → tier {} (was {})", me.score.total, need, now.tier, me.tier);
                if !by_rank {
                    let short = rank(scores(Some((i, need.0 - 1))), &rules);
                    let now = short.managers.iter().find(|m| m.score.pm_id == id).unwrap();
                    proptest::prop_assert_eq!(now.tier, me.tier);
                }
            } else {
                proptest::prop_assert!(me.tier == 1 || me.tier == 5 || by_rank);
            }
        }
    }
}
