//! Scoring (SPEC §4): the ten items of the form, each a small module with the same
//! shape, every deduction with its reason.
//!
//! Takes the checked [`Tables`], gives one [`PmScore`] per manager in pm_id order.
//! First every PM's measured values and the month-wide values are computed once
//! ([`facts`]); then each item reads them and gives an [`ItemScore`].

pub mod common;
pub mod facts;
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

/// The shape every item shares.
pub type ItemFn = fn(&PmFacts, &MonthFacts, &Rules) -> ItemScore;

/// Items 1–10, in order.
pub const ITEMS: [ItemFn; 10] = [
    item01_plan::score,
    item02_volume::score,
    item03_per_capita::score,
    item04_overtime::score,
    item05_attendance::score,
    item06_staff::score,
    item07_partner::score,
    item08_qa::score,
    item09_tasks::score,
    item10_reviews::score,
];

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
    let items: Vec<ItemScore> = ITEMS.iter().map(|item| item(pm, month, rules)).collect();
    PmScore {
        pm_id: pm.manager.pm_id.clone(),
        name: pm.manager.name.clone(),
        bonus_base: pm.manager.bonus_base,
        projects: pm.projects.iter().map(|p| p.project_id.clone()).collect(),
        total: items.iter().map(|i| i.score).sum(),
        items,
        metrics: pm.metrics.clone(),
        veto: item07_partner::veto(pm, rules),
        flagged: false,
    }
}
