//! The scored month as plain data: points, deductions with reasons, metrics,
//! ranks and tiers. Made by `score` and `rank`, read by `report` and `summary`.

use std::fmt;

use serde::Serialize;

use crate::text::Text;

/// Points in whole hundredths, so every shown number adds up (SPEC §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Points(pub i64);

impl Points {
    pub const ZERO: Points = Points(0);

    /// Rounds to 0.01, half away from zero.
    pub fn round(value: f64) -> Points {
        // f64::round is half away from zero; the tiny nudge keeps 1.005 (stored as
        // 1.00499999…) from rounding down, which a manager redoing it by hand would not do.
        let scaled = value * 100.0;
        let nudged = scaled + scaled.signum() * 1e-7;
        Points(nudged.round() as i64)
    }

    pub fn whole(points: u32) -> Points {
        Points(points as i64 * 100)
    }

    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }
}

impl std::ops::Add for Points {
    type Output = Points;
    fn add(self, o: Points) -> Points {
        Points(self.0 + o.0)
    }
}

impl std::ops::Sub for Points {
    type Output = Points;
    fn sub(self, o: Points) -> Points {
        Points(self.0 - o.0)
    }
}

impl std::iter::Sum for Points {
    fn sum<I: Iterator<Item = Points>>(iter: I) -> Points {
        Points(iter.map(|p| p.0).sum())
    }
}

impl fmt::Display for Points {
    /// `1.90`, `-0.05`, `100.00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", a / 100, a % 100)
    }
}

/// One deduction: which item (and part), how many points, why, and from where.
#[derive(Debug, Clone, PartialEq)]
pub struct Deduction {
    /// 1–10.
    pub item: u8,
    /// The part of the item, e.g. `"3a"`, `"8c"`; `None` for one-part items.
    pub part: Option<&'static str>,
    pub points: Points,
    /// The measured value, the rule and the arithmetic, in both languages.
    pub reason: Text,
    /// Where the figures came from: file, sheet, rows (e.g. `运营部.xlsx[座席] 5–60, 62–187`).
    pub source: String,
    /// From the adjustments table (人工扣分), not from a rule.
    pub manual: bool,
}

/// One item of the form.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemScore {
    /// 1–10.
    pub item: u8,
    pub max: Points,
    /// max(0, max − Σ deductions).
    pub score: Points,
    pub deductions: Vec<Deduction>,
}

/// Every measured value of one PM (the Metrics sheet, SPEC §6.2 item 4).
/// Rates are shares (0.95 = 95%); `None` where the value has no meaning (no data).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Metrics {
    /// Σ revenue of the PM's agents − Σ lost volume.
    pub volume: f64,
    pub revenue: f64,
    pub lost_volume: f64,
    pub plan: f64,
    pub completion: Option<f64>,
    /// Present agents of the PM's projects.
    pub agents: usize,
    /// Agents not new (tenure at month end ≥ new_employee_days).
    pub eligible_agents: usize,
    pub successes_per_capita: Option<f64>,
    pub revenue_per_capita: Option<f64>,
    /// 接通率 = connected / dialed.
    pub connection_rate: Option<f64>,
    /// 接通订制率 = successes / connected.
    pub connect_subscription_rate: Option<f64>,
    pub ot_hours_per_capita: Option<f64>,
    pub attendance: Option<f64>,
    pub attrition: f64,
    pub attrition_pool: usize,
    pub leavers: usize,
    /// Staff at month end.
    pub staff: usize,
    pub seats: u64,
    pub projects: usize,
    pub qa_checked: u64,
    pub qa_errors: u64,
    pub qa_rate: Option<f64>,
    pub unstable_days: usize,
    pub missing_days: usize,
    pub tasks_late: usize,
    pub tasks_not_done: usize,
    pub review_average: Option<f64>,
    pub review_count: usize,
    /// Σ successes / Σ attended days (incl. overtime) over eligible agents.
    pub efficiency: Option<f64>,
    pub premise_held: bool,
}

/// One PM's scored month.
#[derive(Debug, Clone, PartialEq)]
pub struct PmScore {
    pub pm_id: String,
    pub name: String,
    pub bonus_base: f64,
    /// Project ids, sorted.
    pub projects: Vec<String>,
    /// Items 1–10, in order.
    pub items: Vec<ItemScore>,
    /// Σ item scores.
    pub total: Points,
    pub metrics: Metrics,
    /// The PM's partner events, in item 7's order, for the veto.
    pub partner_events: Vec<PartnerEventSeen>,
    /// 质量否决: why the PM is tier 5 whatever the score. Decided in ranking
    /// ([`crate::rank::veto`]) from `partner_events`.
    pub veto: Option<Text>,
    /// `--draft`: some of this PM's data had errors, so the score may be wrong.
    pub flagged: bool,
    /// `--draft`: the errors that concern this PM, one line each (code label, place).
    pub concerns: Vec<crate::text::Text>,
}

/// A partner event as the veto (SPEC §5) weighs it.
#[derive(Debug, Clone, PartialEq)]
pub struct PartnerEventSeen {
    pub kind: crate::model::EventKind,
    pub severe: bool,
    /// Kind, project, date and source, as a reason names the event.
    pub described: Text,
}

impl PmScore {
    /// Every deduction, in item order.
    pub fn deductions(&self) -> impl Iterator<Item = &Deduction> {
        self.items.iter().flat_map(|i| i.deductions.iter())
    }
}

/// A PM with rank, tier and bonus (SPEC §5).
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    pub score: PmScore,
    /// 1-based; equal totals share a rank.
    pub rank: u32,
    /// 1–5.
    pub tier: u8,
    pub multiplier: f64,
    /// bonus_base × multiplier, rounded to 0.01.
    pub bonus: Points,
    /// What lifts the tier (SPEC §6.2).
    pub lift: Lift,
}

/// What lifts a PM's tier (SPEC §6.2 "What lifts the tier"): the points still needed
/// for the next better tier, and the items that lost the most.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Lift {
    /// `None` in tier 1, for a vetoed PM (tier 5), and where the better tier cannot be
    /// reached (rank mode with a quota that gives it nobody).
    pub to_next_tier: Option<Points>,
    /// Up to three items with the most points lost, most first (ties by item number),
    /// each with its largest deduction.
    pub most_lost: Vec<Lost>,
}

/// One item's points lost, with its largest deduction.
#[derive(Debug, Clone, PartialEq)]
pub struct Lost {
    pub item: u8,
    pub points: Points,
    pub largest: Option<Deduction>,
}

/// The whole month's result, in rank order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Outcome {
    pub managers: Vec<Ranked>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(Points::round(1.905), Points(191));
        assert_eq!(Points::round(1.005), Points(101));
        assert_eq!(Points::round(2.675), Points(268));
        assert_eq!(Points::round(-0.125), Points(-13));
        assert_eq!(Points::round(1.904999), Points(190));
        assert_eq!(Points(190).to_string(), "1.90");
        assert_eq!(Points(-5).to_string(), "-0.05");
    }
}
