//! Ranking and tiers (SPEC §5): shared ranks, veto, score and rank modes, bonus.

use crate::outcome::{Outcome, PmScore};
use crate::rules::Rules;

/// Ranks the PMs, sorts them into tiers and computes bonuses.
pub fn rank(scores: Vec<PmScore>, rules: &Rules) -> Outcome {
    let _ = (scores, rules);
    todo!("rank stage")
}
