//! What a clerk sees on the terminal when something is wrong (SPEC §3 "Diagnostics a
//! clerk can act on"), as reviewed snapshots: each case fits one screen, with its cause
//! first. A change of wording shows here as a diff to review
//! (`cargo insta review`, or `INSTA_UPDATE=always cargo test` and read the diff).

use crate::support::*;

/// `check` as a clerk runs it, in `lang`; the temp folder's path never shows (paths are
/// relative to the folder given).
fn screen(t: &Test, lang: &str) -> String {
    let run = t.kaoping(&["check", "2026-11", "--lang", lang]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let lines = run.stdout.lines().count();
    assert!(lines <= 40, "fits one screen: {lines} lines\n{}", run.stdout);
    run.stdout
}

#[test]
fn a_pm_id_typo_in_the_projects_table_is_one_finding_with_its_follow_ons() {
    let t = Test::new();
    let mut books = valid_month();
    // X03's PM typed as P0２ (P02 meant, with a typo in the digit): the project is left
    // out, and with it the agents, QA rows and event that name X03.
    books.sheet("市场部.xlsx", "项目").set(4, 2, s("P20"));
    books.write(&t.month());
    insta::assert_snapshot!("pm_id_typo_zh", screen(&t, "zh"));
    insta::assert_snapshot!("pm_id_typo_en", screen(&t, "en"));
}

#[test]
fn a_column_of_bad_dates_is_one_group() {
    let t = Test::new();
    let mut books = valid_month();
    let agents = books.sheet("运营部.xlsx", "座席");
    let template = agents.rows[1].clone();
    for k in 0..1194 {
        let mut row = template.clone();
        row[0] = s(&format!("B{k:04}"));
        row[2] = s("入职待定");
        agents.rows.push(row);
    }
    books.write(&t.month());
    insta::assert_snapshot!("bad_dates_zh", screen(&t, "zh"));
}

#[test]
fn a_missing_column_is_the_cause_not_a_missing_table() {
    let t = Test::new();
    let mut books = valid_month();
    let agents = books.sheet("运营部.xlsx", "座席");
    let connected = agents.col("接通量");
    for row in &mut agents.rows {
        row.remove(connected);
    }
    books.write(&t.month());
    insta::assert_snapshot!("missing_column_zh", screen(&t, "zh"));
    insta::assert_snapshot!("missing_column_en", screen(&t, "en"));
}

#[test]
fn a_truncated_workbook_is_named_first_and_what_follows_is_folded() {
    let t = Test::new();
    valid_month().write(&t.month());
    let path = t.month().join("运营部.xlsx");
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    insta::assert_snapshot!("truncated_zh", screen(&t, "zh"));
    insta::assert_snapshot!("truncated_en", screen(&t, "en"));
}

#[test]
fn a_thousand_pms_warnings_fit_one_screen() {
    let t = Test::new();
    // 30 agents a PM: every PM below the norm of 40–60 staff, a thousand warnings.
    let run = t.kaoping(&["sample", "--out", "2026-11", "--pms", "1000", "--agents", "30000", "--seed", "3"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = t.kaoping(&["check", "2026-11"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.lines().count() <= 40, "{}", run.stdout);
    insta::assert_snapshot!("thousand_pms_zh", run.stdout);
}
