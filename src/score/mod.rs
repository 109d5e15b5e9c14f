//! Scoring (SPEC §4): the ten items of the form, each a small module with the same
//! shape, every deduction with its reason.
//!
//! Takes the checked [`Tables`], gives one [`PmScore`] per manager in pm_id order.
//! First every PM's measured values and the month-wide values are computed once
//! ([`facts`]); then each item reads them and gives an [`ItemScore`].

pub mod common;
pub mod facts;
pub mod item;
pub mod item01_plan;
pub mod item02_volume;
pub mod item03_per_capita;
pub mod item04_overtime;
pub mod item05_attendance;
pub mod item06_staff;
pub mod item07_partner;
pub mod item08_qa;
pub mod item09_tasks;
pub mod item10_reviews;
pub mod premise;
pub mod show;

#[cfg(test)]
mod reference;
#[cfg(test)]
pub(crate) mod testkit;
#[cfg(test)]
mod tests;

use crate::model::{Month, Tables};
use crate::outcome::{ItemScore, PmScore};
use crate::rules::Rules;
use facts::{MonthFacts, PmFacts};

pub use item::{Item, ItemFn, Metric, Value};

/// Items 1–10, in order: each module's own [`Item`].
pub const ITEMS: [&Item; 10] = [
    &item01_plan::ITEM,
    &item02_volume::ITEM,
    &item03_per_capita::ITEM,
    &item04_overtime::ITEM,
    &item05_attendance::ITEM,
    &item06_staff::ITEM,
    &item07_partner::ITEM,
    &item08_qa::ITEM,
    &item09_tasks::ITEM,
    &item10_reviews::ITEM,
];

/// The Metrics sheet's columns that belong to no one item, each group after the
/// item it sits beside: rates kept for comparison, and the premise of items 4 and 6.
const GENERAL_METRICS: [(u8, &[Metric]); 2] = [
    (
        3,
        &[
            Metric::new("接通率", "Connection rate", Value::Rate(|m| m.connection_rate)),
            Metric::new("接通订制率", "Subscription rate (of connected)", Value::Rate(|m| m.connect_subscription_rate)),
        ],
    ),
    (
        10,
        &[
            Metric::new("效率(成功/出勤天)", "Efficiency (successes per day)", Value::Dec(|m| m.efficiency)),
            Metric::new("前提成立", "Premise held", Value::YesNo(|m| m.premise_held)),
        ],
    ),
];

/// Every column of the Metrics sheet, in order: each item's own, with the general ones
/// after the item they sit beside.
pub fn metric_columns() -> impl Iterator<Item = &'static Metric> {
    ITEMS.into_iter().flat_map(|item| {
        let general = GENERAL_METRICS.iter().filter(move |(after, _)| *after == item.number);
        item.metrics.iter().chain(general.flat_map(|(_, m)| m.iter()))
    })
}

/// Scores every PM of `tables` (rows already checked), in pm_id order.
pub fn score_month(tables: &Tables, month: Month, rules: &Rules) -> Vec<PmScore> {
    let (pms, facts) = facts::measure(tables, month, rules);
    // Below a few hundred PMs a thread costs more than it saves.
    let threads = if pms.len() < 200 { 1 } else { crate::threads() };
    score_all(&pms, &facts, rules, threads)
}

/// Each PM is scored from their own facts alone, so the PMs are shared out over
/// `threads` in contiguous runs, and the runs joined back in order.
fn score_all(pms: &[PmFacts], facts: &MonthFacts, rules: &Rules, threads: usize) -> Vec<PmScore> {
    if threads <= 1 || pms.len() < 2 {
        return pms.iter().map(|pm| score_pm(pm, facts, rules)).collect();
    }
    let chunk = pms.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let runs: Vec<_> = pms
            .chunks(chunk)
            .map(|run| scope.spawn(|| run.iter().map(|pm| score_pm(pm, facts, rules)).collect::<Vec<_>>()))
            .collect();
        runs.into_iter().flat_map(|run| run.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    })
}

fn score_pm(pm: &PmFacts, month: &MonthFacts, rules: &Rules) -> PmScore {
    let items: Vec<ItemScore> = ITEMS.iter().map(|item| (item.score)(pm, month, rules)).collect();
    PmScore {
        pm_id: pm.manager.pm_id.clone(),
        name: pm.manager.name.clone(),
        bonus_base: pm.manager.bonus_base,
        projects: pm.projects.iter().map(|p| p.project_id.clone()).collect(),
        total: items.iter().map(|i| i.score).sum(),
        items,
        metrics: pm.metrics.clone(),
        partner_events: item07_partner::events_seen(pm),
        veto: None,
        flagged: false,
        concerns: Vec::new(),
    }
}
