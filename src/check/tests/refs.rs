//! `unknown-reference`: rows naming a PM or a project that does not exist.

use super::builder::*;
use crate::diag::{Code, Severity};
use crate::model::TableKind;

#[test]
fn a_project_with_an_unknown_pm_is_left_out_and_so_are_its_rows() {
    let c = B::healthy(40).project("J03", "P99").agent("B001", "J03").qa(d(2026, 11, 4), "J03", 5, 0).check();
    let all = with(&c, Code::UnknownReference);
    assert_eq!(all.len(), 3, "{all:#?}");
    assert_eq!((&*all[0].sheet, all[0].row), ("projects", Some(4)));
    assert_eq!(
        all[0].message.en,
        "PM ID P99 is not in the managers table, so this row is left out; the PM ID must match a row of the managers table"
    );
    assert_eq!((&*all[1].sheet, all[1].row), ("agents", Some(42)));
    assert_eq!(all[1].message.zh, "项目 J03 本身未通过检查（见 in.xlsx「projects」第4行），本行也不计入");
    assert_eq!(
        all[1].message.en,
        "project J03 was itself left out (see in.xlsx, sheet \"projects\", row 4), so this row is left out too"
    );
    assert_eq!((&*all[2].sheet, all[2].row), ("QA spot checks", Some(3)));
    assert!(all.iter().all(|d| d.severity == Severity::Error && d.pm_id.is_none()));
    assert_eq!(c.tables.projects.len(), 2);
    assert_eq!(c.tables.agents.len(), 40);
    assert_eq!(c.tables.qa.len(), 1);
}

#[test]
fn a_reference_differing_by_leading_zeros_gets_a_suggestion() {
    let c = B::healthy(40).project("P007", "P01").agent("B001", "P7").check();
    let d = one(&c, Code::UnknownReference);
    assert_eq!((&*d.sheet, d.row), ("agents", Some(42)));
    assert_eq!(
        d.message.zh,
        "项目编号 P7 在「项目」表中不存在，本行不计入；项目编号须与「项目」表中的某一行一致。您是否指 P007？"
    );
    assert_eq!(
        d.message.en,
        "project ID P7 is not in the projects table, so this row is left out; the project ID must match a row of the projects table. Did you mean P007?"
    );
    // The project meant belongs to P01, whose score misses this agent.
    assert_eq!(d.pm_id.as_deref(), Some("P01"));
    assert!(!ids_of_agents(&c).contains(&"B001"));
}

#[test]
fn references_differing_by_case_or_one_character_get_suggestions() {
    // `j01` differs from J01 only in case: read as J01, with a warning (SPEC §3, issue
    // 12); `JO1` (the letter O) is one character off: an unknown reference, J01 offered.
    let c = B::healthy(40).agent("B001", "j01").agent("B002", "JO1").agent("B003", "XYZ").check();
    let variant = one(&c, Code::IdVariant);
    assert_eq!(variant.row, Some(one_row_of(&c, "B001")));
    assert!(
        variant.message.en.contains("\"j01\" differs from the known J01 only in case or width"),
        "{}",
        variant.message.en
    );
    assert!(c.tables.agents.iter().any(|a| a.agent_id == "B001" && a.project_id == "J01"));
    let all = with(&c, Code::UnknownReference);
    assert_eq!(all.len(), 2);
    assert!(all[0].message.en.ends_with("Did you mean J01?"), "{}", all[0].message.en);
    assert!(all[1].message.en.ends_with("row of the projects table"), "{}", all[1].message.en);
    assert_eq!(all[1].pm_id, None);
}

/// The row the agent was read from (the builder numbers rows per table).
fn one_row_of(c: &crate::check::Checked, agent: &str) -> u32 {
    c.tables.agents.iter().find(|a| a.agent_id == agent).map(|a| a.origin.row).expect("the agent is kept")
}

#[test]
fn several_close_ids_are_all_offered_and_no_pm_is_guessed() {
    let c = B::healthy(40).agent("B001", "J03").check();
    let d = one(&c, Code::UnknownReference);
    assert!(d.message.en.ends_with("Did you mean J01 / J02?"), "{}", d.message.en);
    assert_eq!(d.pm_id, None);
}

#[test]
fn tasks_reviews_and_adjustments_must_name_a_known_pm() {
    // The adjustment's `p01` differs from P01 only in case: kept as P01, with a warning.
    let c = B::healthy(40).task("P1").review("P01").review("P02X").adjustment("p01").check();
    let all = with(&c, Code::UnknownReference);
    let places: Vec<_> = all.iter().map(|d| (&*d.sheet, d.row.unwrap())).collect();
    assert_eq!(places, vec![("tasks", 2), ("reviews", 4)]);
    assert!(all[0].message.zh.starts_with("项目经理工号 P1 在「项目经理」表中不存在"));
    assert!(all[0].message.en.ends_with("Did you mean P01?"));
    assert_eq!(all[0].pm_id.as_deref(), Some("P01"));
    assert_eq!((&*one(&c, Code::IdVariant).sheet, c.tables.adjustments[0].pm_id.as_str()), ("adjustments", "P01"));
    assert_eq!((c.tables.tasks.len(), c.tables.reviews.len(), c.tables.adjustments.len()), (0, 2, 1));
}

#[test]
fn qa_rows_and_events_must_name_a_known_project() {
    let c = B::healthy(40).qa(d(2026, 11, 5), "J09", 10, 1).event("J01", None).event("K01", None).check();
    let all = with(&c, Code::UnknownReference);
    let places: Vec<_> = all.iter().map(|d| (&*d.sheet, d.row.unwrap())).collect();
    assert_eq!(places, vec![("QA spot checks", 3), ("partner events", 3)]);
    assert_eq!(c.tables.events.len(), 1);
    assert_eq!(c.tables.qa.len(), 1);
}

#[test]
fn a_missing_referenced_table_is_named_for_each_row() {
    let mut b = B::healthy(40).without(TableKind::Projects);
    b.t.projects.clear();
    let c = b.check();
    one(&c, Code::MissingTable);
    let all = with(&c, Code::UnknownReference);
    // 40 agents and 1 QA row cannot be matched.
    assert_eq!(all.len(), 41);
    assert_eq!(all[0].message.zh, "项目编号 J01 无法核对：没有找到「项目」表，本行不计入");
    assert_eq!(
        all[0].message.en,
        "project ID J01 cannot be matched: there is no projects table, so this row is left out"
    );
    assert!(c.tables.agents.is_empty());
}
