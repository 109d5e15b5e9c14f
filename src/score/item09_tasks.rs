//! Item 9 完成上级交办的工作 — tasks given by superiors (max 5).
//!
//! **What it measures**: the status of each task given to the PM this month.
//!
//! **The rule**: `item9.late` (1) per task done late, `item9.not_done` (2) per task
//! not done; together at most 5. No tasks: nothing off.
//!
//! **Example**: one late, one not done: 1 + 2 = 3 off, item 9 scores 2.00.

use super::common::{Draft, cap_running, finish_item};
use super::facts::{MonthFacts, PmFacts};
use super::item::{Item, Metric, Value};
use super::show;
use crate::model::TaskStatus;
use crate::outcome::{ItemScore, Metrics};
use crate::rules::Rules;
use crate::t;
use crate::text::Text;
use crate::text::num;

pub const MAX: f64 = 5.0;

pub const ITEM: Item = Item {
    number: 9,
    max: MAX,
    parts: &[],
    name: Text::of("完成上级交办的工作", "Tasks from superiors"),
    score,
    method,
    key_metrics,
    metrics: &[
        Metric::new("延期完成任务", "Tasks late", Value::Int(|m| m.tasks_late as u64)),
        Metric::new("未完成任务", "Tasks not done", Value::Int(|m| m.tasks_not_done as u64)),
    ],
};

fn method(r: &Rules) -> Text {
    let (l, n) = (num::plain(r.item9.late), num::plain(r.item9.not_done));
    t!("延期完成每项扣{l}分，未完成每项扣{n}分。", "{l} per task done late, {n} per task not done.")
}

fn key_metrics(m: &Metrics) -> Text {
    let (l, n) = (m.tasks_late, m.tasks_not_done);
    t!("延期完成 {l}\n未完成 {n}", "late {l}\nnot done {n}")
}

pub fn score(pm: &PmFacts, _month: &MonthFacts, rules: &Rules) -> ItemScore {
    let rule = [(TaskStatus::Late, rules.item9.late), (TaskStatus::NotDone, rules.item9.not_done)];
    let drafts = rule
        .into_iter()
        .map(|(status, each)| {
            let tasks: Vec<_> = pm.tasks.iter().filter(|t| t.status == status).collect();
            let n = tasks.len();
            let names = tasks.iter().map(|t| t.task.as_str()).collect::<Vec<_>>().join("、");
            let words = status.words();
            let (sz, se) = (&words.zh, &words.en);
            Draft {
                item: ITEM.number,
                part: None,
                max: MAX,
                amount: n as f64 * each,
                arithmetic: t!("{sz} {n} 项（{names}）× {each}", "tasks {se}: {n} ({names}) × {each}"),
                source: show::source(tasks.iter().map(|t| &t.origin)),
            }
            .finish()
        })
        .collect();
    finish_item(ITEM.number, MAX, cap_running(drafts, MAX), pm)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TaskStatus::*;
    use crate::outcome::Points;
    use crate::score::testkit::*;

    fn item(statuses: &[TaskStatus]) -> ItemScore {
        let mut t = one_pm(1);
        t.tasks = statuses.iter().map(|s| task("P01", *s)).collect();
        first_pm_item(&t, score)
    }

    #[test]
    fn late_and_not_done() {
        // 1 late (1) + 1 not done (2) + 1 on time (0) = 3 → 2.00.
        let s = item(&[Late, NotDone, OnTime]);
        assert_eq!(s.score, Points(200));
        assert_eq!(s.deductions[0].reason.zh, "延期完成 1 项（周报）× 1 = 1.00");
        assert_eq!(s.deductions[1].reason.en, "tasks not done: 1 (周报) × 2 = 2.00");
    }

    #[test]
    fn many_undone_tasks_stop_at_the_item_max() {
        // 2 late (2) + 2 not done (4) = 6 > 5: the second rule is trimmed to 3 → 0.00.
        let s = item(&[Late, Late, NotDone, NotDone]);
        assert_eq!(s.score, Points(0));
        assert_eq!(s.deductions[1].points, Points(300));
        assert_eq!(item(&[]).deductions.len(), 0);
    }
}
