//! Scoring (SPEC §4): the ten items of the form, each a small module with the same
//! shape, every deduction with its reason.

use crate::model::{Month, Tables};
use crate::outcome::PmScore;
use crate::rules::Rules;

/// Scores every PM of `tables` (rows already checked), in pm_id order.
pub fn score_month(tables: &Tables, month: Month, rules: &Rules) -> Vec<PmScore> {
    let _ = (tables, month, rules);
    todo!("score stage")
}
