//! `no-data` and `span-of-control`, at the PM's row.

use super::builder::*;
use crate::check::{MAX_PROJECTS, MAX_STAFF, MIN_PROJECTS, MIN_STAFF};
use crate::diag::{Code, Severity};

fn span(b: B) -> Vec<String> {
    let c = b.check();
    let all = with(&c, Code::SpanOfControl);
    assert!(all.iter().all(|d| d.severity == Severity::Warning && d.pm_id.as_deref() == Some("P01")));
    assert!(all.iter().all(|d| (&*d.sheet, d.row) == ("managers", Some(2))));
    all.iter().map(|d| d.message.en.to_string()).collect()
}

#[test]
fn the_norms_are_the_methods() {
    assert_eq!((MIN_STAFF, MAX_STAFF, MIN_PROJECTS, MAX_PROJECTS), (40, 60, 2, 4));
}

#[test]
fn staff_39_40_60_61() {
    assert_eq!(
        span(B::healthy(39)),
        vec!["PM P01 (张三) has 39 staff at the end of 2026-11, fewer than the norm of 40–60"]
    );
    assert!(span(B::healthy(40)).is_empty());
    assert!(span(B::healthy(60)).is_empty());
    let c = B::healthy(61).check();
    let d = one(&c, Code::SpanOfControl);
    assert_eq!(d.message.zh, "项目经理 P01（张三）月末在岗员工 61 人，多于管理幅度标准 40–60 人");
    assert_eq!(d.message.en, "PM P01 (张三) has 61 staff at the end of 2026-11, more than the norm of 40–60");
}

#[test]
fn staff_is_counted_at_month_end() {
    // SPEC §4: staff at month end = present and (no leave date or leave date > D1).
    // 40 agents, one leaving on 1 December: still 40 staff.
    let mut b = B::healthy(40);
    b.t.agents[0].leave_date = Some(d(2026, 12, 1));
    assert_eq!(span(b), Vec::<String>::new());
    // One leaving on 30 November (the last day): present, so kept, but not staff: 39.
    let mut b = B::healthy(40);
    b.t.agents[0].leave_date = Some(d(2026, 11, 30));
    let c = b.check();
    assert_eq!(c.tables.agents.len(), 40);
    assert!(one(&c, Code::SpanOfControl).message.en.contains("has 39 staff"));
}

/// P01 with `n` projects (J01, J02 from `healthy`, then more with no agents).
fn projects(n: usize) -> B {
    let mut b = B::healthy(40);
    b.t.projects.truncate(n.min(2));
    for i in 2..n {
        b = b.project(&format!("J{:02}", i + 1), "P01");
    }
    b
}

#[test]
fn projects_1_2_4_5() {
    // With one project the agents of J02 have no project: move them to J01.
    let mut b = projects(1);
    b.t.agents.iter_mut().for_each(|a| a.project_id = "J01".into());
    assert_eq!(span(b), vec!["PM P01 (张三) runs 1 project (J01), fewer than the norm of 2–4"]);
    assert!(span(projects(2)).is_empty());
    assert!(span(projects(4)).is_empty());
    let c = projects(5).check();
    let d = one(&c, Code::SpanOfControl);
    assert_eq!(d.message.zh, "项目经理 P01（张三）负责 5 个项目（J01、J02、J03、J04、J05），多于标准 2–4 个");
    assert_eq!(d.message.en, "PM P01 (张三) runs 5 projects (J01, J02, J03, J04, J05), more than the norm of 2–4");
}

#[test]
fn a_pm_with_no_projects() {
    let c = B::healthy(40).pm("P02").review("P02").check();
    let d = one(&c, Code::NoData);
    assert_eq!((&*d.sheet, d.row, d.severity), ("managers", Some(3), Severity::Error));
    assert_eq!(d.pm_id.as_deref(), Some("P02"));
    assert_eq!(
        d.message.en,
        "PM P02 (张三) has no projects: no usable row of the projects table has PM ID P02; add the PM's projects, or volume, per-capita figures, attendance and the other items cannot be computed"
    );
    // The PM stays, for the scorer; no span warnings on top of no-data.
    assert_eq!(c.tables.managers.len(), 2);
    assert!(with(&c, Code::SpanOfControl).is_empty());
}

#[test]
fn a_pm_whose_projects_have_no_present_agents() {
    let c = B::healthy(40)
        .pm("P02")
        .review("P02")
        .project("K01", "P02")
        .project("K02", "P02")
        .agent_with("B001", "K01", |a| a.leave_date = Some(d(2026, 10, 1)))
        .check();
    let d = one(&c, Code::NoData);
    assert_eq!((d.row, d.pm_id.as_deref()), (Some(3), Some("P02")));
    assert_eq!(
        d.message.zh,
        "项目经理 P02（张三）的项目 K01、K02 在 2026-11 没有在岗座席：「座席月度数据」表中没有这些项目的可用座席；人均、出勤等各项无从计算"
    );
    assert!(with(&c, Code::SpanOfControl).is_empty());
}

#[test]
fn a_pm_with_no_reviews() {
    let mut b = B::healthy(40);
    b.t.reviews.clear();
    let c = b.check();
    let d = one(&c, Code::NoData);
    assert_eq!(
        d.message.zh,
        "项目经理 P01（张三）没有综合评价：「综合评价」表中没有项目经理工号为 P01 的评分；第10项无从计算"
    );
    assert_eq!(
        d.message.en,
        "PM P01 (张三) has no reviews: no row of the reviews table has PM ID P01; item 10 cannot be computed"
    );
}

#[test]
fn a_duplicated_pm_row_is_not_judged_twice() {
    let c = B::healthy(40).pm("P01").check();
    assert_eq!(found(&c), vec![(Code::DuplicateKey, "managers".to_string(), 3)]);
}
