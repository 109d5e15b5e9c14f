//! `out-of-range`: values that contradict each other or the month.

use super::builder::*;
use crate::diag::{Code, Severity};
use crate::model::{Agent, Month};

/// The out-of-range messages (English) of one agent `B001` added to a healthy month.
fn problems(f: impl FnOnce(&mut Agent)) -> (Vec<String>, Vec<String>, bool) {
    let c = B::healthy(40).agent_with("B001", "J01", f).check();
    let all = with(&c, Code::OutOfRange);
    assert!(all.iter().all(|d| d.severity == Severity::Error && d.row == Some(42) && &*d.sheet == "agents"));
    assert!(all.iter().all(|d| d.pm_id.as_deref() == Some("P01")));
    let kept = ids_of_agents(&c).contains(&"B001");
    (
        all.iter().map(|d| d.message.zh.to_string()).collect(),
        all.iter().map(|d| d.message.en.to_string()).collect(),
        kept,
    )
}

#[test]
fn connected_more_than_dialed() {
    let (zh, en, kept) = problems(|a| (a.dialed, a.connected, a.successes) = (640, 812, 10));
    assert_eq!(zh, vec!["接通量 812 大于外呼量 640；接通量不能超过外呼量"]);
    assert_eq!(en, vec!["connected 812 is more than dialed 640; connected cannot exceed dialed"]);
    assert!(!kept);
}

#[test]
fn equal_values_are_fine() {
    let (_, en, kept) = problems(|a| {
        (a.dialed, a.connected, a.successes) = (300, 300, 300);
        (a.scheduled_days, a.attended_days, a.ot_scheduled_days, a.ot_attended_days) = (30.0, 30.0, 0.0, 0.0);
    });
    assert_eq!(en, Vec::<String>::new());
    assert!(kept);
}

#[test]
fn successes_more_than_connected() {
    let (zh, en, _) = problems(|a| a.successes = 301);
    assert_eq!(zh, vec!["成功订制量 301 大于接通量 300；成功订制量不能超过接通量"]);
    assert_eq!(en, vec!["successes 301 is more than connected 300; successes cannot exceed connected"]);
}

#[test]
fn attended_more_than_scheduled() {
    let (zh, en, _) = problems(|a| a.attended_days = 22.5);
    assert_eq!(zh, vec!["实际出勤天数 22.5 大于应出勤天数 21；实际出勤天数不能超过应出勤天数"]);
    assert_eq!(
        en,
        vec!["attended days 22.5 is more than scheduled days 21; attended days cannot exceed scheduled days"]
    );
}

#[test]
fn ot_attended_more_than_ot_scheduled() {
    let (_, en, _) = problems(|a| a.ot_attended_days = 3.0);
    assert_eq!(
        en,
        vec!["OT attended days 3 is more than OT scheduled days 2; OT attended days cannot exceed OT scheduled days"]
    );
}

#[test]
fn negative_days_and_hours() {
    let (zh, en, _) = problems(|a| (a.ot_hours, a.ot_scheduled_days) = (-1.5, -2.0));
    assert_eq!(zh, vec!["加班排班天数 -2 是负数；加班排班天数不能小于0", "加班时长 -1.5 是负数；加班时长不能小于0"]);
    assert_eq!(en[1], "OT hours -1.5 is negative; OT hours cannot be below 0");
    // ot_attended 2 > ot_scheduled -2 is not said a second time.
    assert_eq!(en.len(), 2);
}

#[test]
fn scheduled_days_at_most_the_days_of_the_month() {
    // November has 30 days: 30 is fine, 31 is not.
    let (_, en, kept) = problems(|a| (a.scheduled_days, a.attended_days) = (30.0, 30.0));
    assert!(en.is_empty() && kept);
    let (zh, en, kept) = problems(|a| a.scheduled_days = 31.0);
    assert_eq!(zh, vec!["应出勤天数 31 大于本月天数 30（2026-11）；应出勤天数最多为本月天数"]);
    assert_eq!(
        en,
        vec![
            "scheduled days 31 is more than the 30 days of 2026-11; scheduled days can be at most the days in the month"
        ]
    );
    assert!(!kept);
    let (_, en, _) = problems(|a| a.ot_scheduled_days = 31.0);
    assert!(en[0].starts_with("OT scheduled days 31 is more than the 30 days"), "{en:?}");
    // February 2028 has 29.
    let c = B::healthy(40)
        .agent_with("B001", "J01", |a| (a.scheduled_days, a.attended_days) = (29.0, 29.0))
        .agent_with("B002", "J01", |a| a.scheduled_days = 29.5)
        .qa(d(2028, 2, 3), "J01", 1, 0)
        .check_in(Month::new(2028, 2).unwrap());
    let all = with(&c, Code::OutOfRange);
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].row, Some(43));
}

#[test]
fn leave_date_before_hire_date() {
    let (zh, en, kept) = problems(|a| (a.hire_date, a.leave_date) = (d(2026, 11, 5), Some(d(2026, 11, 4))));
    assert_eq!(zh, vec!["离职日期 2026-11-04 早于入职日期 2026-11-05；离职日期不能早于入职日期"]);
    assert_eq!(
        en,
        vec!["leave date 2026-11-04 is before hire date 2026-11-05; the leave date cannot be before the hire date"]
    );
    assert!(!kept);
    // Leaving on the day of hire is possible.
    let (_, en, kept) = problems(|a| (a.hire_date, a.leave_date) = (d(2026, 11, 5), Some(d(2026, 11, 5))));
    assert!(en.is_empty() && kept);
}

#[test]
fn every_problem_of_a_row_is_reported_at_once() {
    let c = B::healthy(40)
        .agent_with("B001", "J7", |a| {
            a.connected = 700;
            a.attended_days = 25.0;
        })
        .check();
    let codes: Vec<Code> = c.diags.iter().map(|d| d.code).collect();
    // Unknown project, attended > scheduled, connected > dialed, successes fine (12 ≤ 700).
    assert_eq!(codes, vec![Code::UnknownReference, Code::OutOfRange, Code::OutOfRange]);
    assert!(c.diags.iter().all(|d| d.row == Some(42)));
}

#[test]
fn qa_errors_more_than_checked() {
    let c = B::healthy(40).qa(d(2026, 11, 4), "J02", 10, 12).qa(d(2026, 11, 5), "J02", 10, 10).check();
    let d = one(&c, Code::OutOfRange);
    assert_eq!((&*d.sheet, d.row), ("QA spot checks", Some(3)));
    assert_eq!(d.message.zh, "分类错误数 12 大于抽检数 10；分类错误数不能超过抽检数");
    assert_eq!(d.message.en, "errors 12 is more than checked 10; errors cannot exceed checked");
    assert_eq!(d.pm_id.as_deref(), Some("P01"));
    assert_eq!(c.tables.qa.len(), 2);
}
