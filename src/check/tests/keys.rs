//! `missing-table`, `duplicate-key`, and the healthy month that finds nothing.

use super::builder::*;
use crate::diag::{Code, Severity};
use crate::model::TableKind;

#[test]
fn a_healthy_month_finds_nothing_and_keeps_everything() {
    let c = B::healthy(40).check();
    assert_eq!(c.diags, vec![]);
    assert_eq!(c.tables.agents.len(), 40);
    assert_eq!(c.tables.projects.len(), 2);
    assert_eq!((c.tables.qa.len(), c.tables.reviews.len(), c.tables.managers.len()), (1, 1, 1));
}

#[test]
fn a_missing_required_table_names_it_and_its_headers() {
    let c = B::healthy(40).without(TableKind::Managers).check();
    let d = one(&c, Code::MissingTable);
    assert_eq!(d.severity, Severity::Error);
    assert_eq!((&*d.file, &*d.sheet, d.row), ("", "", None));
    assert_eq!(
        d.message.zh,
        "缺少「项目经理」表：所有输入文件中都没有表头与它相符的工作表；请添加一张工作表，表头行须包含：项目经理工号、姓名、奖金基数"
    );
    assert_eq!(
        d.message.en,
        "the managers table is missing: no sheet of the input files has its headers; add a sheet whose header row holds: PM ID, Name, Bonus base"
    );
}

#[test]
fn every_required_table_is_reported_and_optional_ones_are_not() {
    let c = B::new().check();
    let missing: Vec<_> = with(&c, Code::MissingTable).iter().map(|d| d.message.en.to_string()).collect();
    assert!(missing.is_empty());
    let mut b = B::new();
    b.t.present.clear();
    let c = b.check();
    let missing: Vec<String> = with(&c, Code::MissingTable).iter().map(|d| d.message.en.to_string()).collect();
    assert_eq!(missing.len(), 5, "{missing:#?}");
    for name in ["managers", "projects", "agents", "QA spot checks", "reviews"] {
        assert!(missing.iter().any(|m| m.starts_with(&format!("the {name} table"))), "{name}");
    }
}

#[test]
fn a_duplicated_pm_keeps_the_first_and_names_it() {
    let c = B::healthy(40).pm("P01").check();
    let d = one(&c, Code::DuplicateKey);
    assert_eq!((&*d.sheet, d.row), ("managers", Some(3)));
    assert_eq!(d.pm_id.as_deref(), Some("P01"));
    assert_eq!(
        d.message.zh,
        "项目经理工号 P01 重复：首次出现在 in.xlsx「managers」第2行；保留首次出现的行，本行不计入。每个项目经理工号只能出现一次"
    );
    assert_eq!(c.tables.managers.len(), 1);
    assert_eq!(c.tables.managers[0].origin.row, 2);
}

#[test]
fn a_duplicated_project_keeps_the_first() {
    let c = B::healthy(40).project("J01", "P01").check();
    let d = one(&c, Code::DuplicateKey);
    assert_eq!((&*d.sheet, d.row), ("projects", Some(4)));
    assert!(d.message.en.starts_with("project ID J01 appears twice: first at in.xlsx, sheet \"projects\", row 2;"));
    assert_eq!(c.tables.projects.iter().map(|p| p.origin.row).collect::<Vec<_>>(), vec![2, 3]);
    // The agents of J01 still count: the first J01 row is kept.
    assert_eq!(c.tables.agents.len(), 40);
}

#[test]
fn a_duplicated_agent_is_named_in_both_places() {
    // A000 is on row 2; the copy on row 42 (the 41st agent).
    let c = B::healthy(40).agent("A000", "J02").check();
    let d = one(&c, Code::DuplicateKey);
    assert_eq!((&*d.file, &*d.sheet, d.row), ("in.xlsx", "agents", Some(42)));
    assert_eq!(
        d.message.en,
        "agent ID A000 appears twice: first at in.xlsx, sheet \"agents\", row 2; the first row is kept and this one left out. Each agent ID may appear only once"
    );
    assert_eq!(
        d.message.zh,
        "座席工号 A000 重复：首次出现在 in.xlsx「agents」第2行；保留首次出现的行，本行不计入。每个座席工号只能出现一次"
    );
    assert_eq!(d.pm_id.as_deref(), Some("P01"));
    assert_eq!(c.tables.agents.len(), 40);
    assert_eq!(c.tables.agents[0].project_id, "J01");
}

#[test]
fn ids_compare_exactly() {
    // The reader normalised the IDs; "a000" is another agent, not a duplicate.
    let c = B::healthy(40).agent("a000", "J02").check();
    assert!(with(&c, Code::DuplicateKey).is_empty());
    assert_eq!(c.tables.agents.len(), 41);
}
