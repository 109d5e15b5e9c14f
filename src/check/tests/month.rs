//! `outside-month` and `not-present`: rows that belong to another month.

use super::builder::*;
use crate::check::{detect_month, month_not_found};
use crate::diag::{Code, Severity};
use crate::model::Month;

/// Whether agent `B001`, hired / gone on these days, is kept in November 2026.
fn kept(hire: (u32, u32), leave: Option<(u32, u32)>) -> (bool, Vec<String>) {
    let c = B::healthy(40)
        .agent_with("B001", "J01", |a| {
            a.hire_date = d(2026, hire.0, hire.1);
            a.leave_date = leave.map(|(m, day)| d(2026, m, day));
        })
        .check();
    let warnings = with(&c, Code::NotPresent);
    assert!(warnings.iter().all(|d| d.severity == Severity::Warning && d.row == Some(42)));
    (ids_of_agents(&c).contains(&"B001"), warnings.iter().map(|d| d.message.en.to_string()).collect())
}

#[test]
fn hired_on_the_last_day_is_present() {
    assert_eq!(kept((11, 30), None), (true, vec![]));
}

#[test]
fn hired_the_day_after_is_not_present() {
    let (kept, en) = kept((12, 1), None);
    assert!(!kept);
    assert_eq!(
        en,
        vec![
            "hire date 2026-12-01 is after the month's last day 2026-11-30: the agent was not present in 2026-11, so this row is left out"
        ]
    );
}

#[test]
fn left_on_the_first_day_is_present() {
    assert_eq!(kept((3, 1), Some((11, 1))), (true, vec![]));
}

#[test]
fn left_the_day_before_is_not_present() {
    let c = B::healthy(40).agent_with("B001", "J01", |a| a.leave_date = Some(d(2026, 10, 31))).check();
    let d = one(&c, Code::NotPresent);
    assert_eq!(d.message.zh, "离职日期 2026-10-31 早于本月第一天 2026-11-01，该座席本月不在岗，本行不计入");
    assert_eq!(d.pm_id.as_deref(), Some("P01"));
    assert_eq!(c.tables.agents.len(), 40);
}

#[test]
fn a_row_not_present_is_not_also_blamed_for_its_values() {
    // Last month's leaver with inconsistent figures: left out with the warning only.
    let c = B::healthy(40)
        .agent_with("B001", "J99", |a| {
            a.leave_date = Some(d(2026, 9, 30));
            a.connected = 9999;
        })
        .check();
    assert_eq!(found(&c), vec![(Code::NotPresent, "agents".to_string(), 42)]);
}

#[test]
fn qa_rows_outside_the_month_are_left_out_with_a_warning() {
    let c = B::healthy(40)
        .qa(d(2026, 10, 31), "J01", 10, 0)
        .qa(d(2026, 11, 30), "J02", 10, 0)
        .qa(d(2026, 12, 1), "X", 1, 5)
        .check();
    let all = with(&c, Code::OutsideMonth);
    assert_eq!(all.iter().map(|d| d.row.unwrap()).collect::<Vec<_>>(), vec![3, 5]);
    assert!(all.iter().all(|d| d.severity == Severity::Warning));
    assert_eq!(all[0].message.zh, "抽检日期 2026-10-31 不在考评月份 2026-11（2026-11-01 至 2026-11-30）内，本行不计入");
    assert_eq!(
        all[0].message.en,
        "QA date 2026-10-31 is outside the month 2026-11 (2026-11-01 to 2026-11-30), so this row is left out"
    );
    assert_eq!(all[0].pm_id.as_deref(), Some("P01"));
    // The December row's project and errors are not judged: only the warning.
    assert_eq!(c.diags.len(), 2);
    assert_eq!(c.tables.qa.iter().map(|q| q.origin.row).collect::<Vec<_>>(), vec![2, 4]);
}

#[test]
fn dated_events_outside_the_month_are_left_out_and_undated_ones_count() {
    let c = B::healthy(40)
        .event("J01", Some(d(2026, 10, 15)))
        .event("J01", None)
        .event("J02", Some(d(2026, 11, 15)))
        .check();
    let d = one(&c, Code::OutsideMonth);
    assert_eq!((&*d.sheet, d.row), ("partner events", Some(2)));
    assert!(d.message.en.ends_with("so this row is left out; an event with no date counts in the month"));
    assert_eq!(c.tables.events.iter().map(|e| e.origin.row).collect::<Vec<_>>(), vec![3, 4]);
}

#[test]
fn detect_month_finds_the_one_month_or_lists_them() {
    let nov = Month::new(2026, 11).unwrap();
    let dec = Month::new(2026, 12).unwrap();
    assert_eq!(detect_month([d(2026, 11, 3), d(2026, 11, 30)].into_iter()), Ok(nov));
    assert_eq!(detect_month([d(2026, 12, 1), d(2026, 11, 3), d(2026, 11, 4)].into_iter()), Err(vec![nov, dec]));
    assert_eq!(detect_month(std::iter::empty()), Err(vec![]));
}

#[test]
fn the_month_not_found_is_explained() {
    let m = |n| Month::new(2026, n).unwrap();
    let t = month_not_found(&[m(10), m(11)]);
    assert_eq!(t.zh, "抽检日期跨越 2026-10、2026-11 多个月份：请用 --month 指定考评月份，例如 --month 2026-11");
    assert_eq!(t.en, "the QA dates span 2026-10 and 2026-11: pass --month, e.g. --month 2026-11");
    assert_eq!(
        month_not_found(&[m(9), m(10), m(11)]).en,
        "the QA dates span 2026-09, 2026-10 and 2026-11: pass --month, e.g. --month 2026-11"
    );
    assert_eq!(
        month_not_found(&[]).en,
        "cannot tell the month: no QA row has a date; pass --month, e.g. --month 2026-11"
    );
}
