//! Inputs and outputs as files: discovery, the month, exit 2, never overwriting a
//! user's file, atomic writes, reproducible bytes.

use crate::support::*;

#[test]
fn no_input_files_is_exit_2() {
    let t = Test::new();
    let run = t.kaoping(&["check", "2026-11", "--lang", "en"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no input workbooks"), "{}", run.stderr);
}

#[test]
fn bad_arguments_are_exit_2() {
    let t = Test::new();
    assert_eq!(t.kaoping(&["check"]).code, 2);
    assert_eq!(t.kaoping(&["check", "2026-11", "--month", "2026-13"]).code, 2);
    assert_eq!(t.kaoping(&["frobnicate"]).code, 2);
}

#[test]
fn month_from_qa_dates_when_the_folder_has_no_month() {
    let t = Test::new();
    let dir = t.root().join("inputs");
    std::fs::create_dir(&dir).unwrap();
    valid_month().write(&dir);
    let run = t.kaoping(&["check", "inputs", "--format", "json"]);
    assert_eq!(run.json()["month"], "2026-11");
}

#[test]
fn no_month_anywhere_asks_for_month() {
    let t = Test::new();
    let dir = t.root().join("inputs");
    std::fs::create_dir(&dir).unwrap();
    let mut books = valid_month();
    books.sheet("质检.xlsx", "日常抽检").set(2, 0, d(2026, 10, 15));
    books.write(&dir);
    let run = t.kaoping(&["check", "inputs", "--lang", "en"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--month") && run.stderr.contains("2026-10"), "{}", run.stderr);
    let run = t.kaoping(&["check", "inputs", "--month", "2026-11", "--format", "json"]);
    assert_eq!(run.json()["month"], "2026-11");
}

#[test]
fn a_foreign_file_at_out_survives() {
    let t = Test::new();
    valid_month().write(&t.month());
    let out = t.root().join("预算.xlsx");
    write_book(&out, &[Sheet::new("预算", vec![vec![s("重要的表")]])]);
    let before = std::fs::read(&out).unwrap();
    let run = t.kaoping(&["run", "2026-11", "--out", "预算.xlsx", "--lang", "en"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not a kaoping report"), "{}", run.stderr);
    assert_eq!(std::fs::read(&out).unwrap(), before);
    let run = t.kaoping(&["run", "2026-11", "--out", "预算.xlsx", "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_ne!(std::fs::read(&out).unwrap(), before);
}

#[test]
fn an_input_file_is_never_the_output() {
    let t = Test::new();
    valid_month().write(&t.month());
    let input = t.month().join("质检.xlsx");
    let before = std::fs::read(&input).unwrap();
    let run = t.kaoping(&["run", "2026-11", "--out", "2026-11/质检.xlsx", "--force", "--lang", "en"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("one of the inputs"), "{}", run.stderr);
    assert_eq!(std::fs::read(&input).unwrap(), before);
}

#[test]
fn a_missing_output_folder_is_exit_2_with_the_path() {
    let t = Test::new();
    valid_month().write(&t.month());
    let run = t.kaoping(&["run", "2026-11", "--out", "nowhere/r.xlsx", "--lang", "en"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("nowhere"), "{}", run.stderr);
}

#[test]
fn an_old_report_is_replaced_and_an_interrupted_run_keeps_it() {
    let t = Test::new();
    valid_month().write(&t.month());
    assert_eq!(t.kaoping(&["run", "2026-11"]).code, 0);
    let report = t.root().join("kaoping-2026-11.xlsx");
    let first = std::fs::read(&report).unwrap();
    // A second run may replace its own earlier report.
    let run = t.kaoping_env(&["run", "2026-11"], &[("SOURCE_DATE_EPOCH", "1767225600")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let second = std::fs::read(&report).unwrap();
    assert_ne!(first, second);
    // A run that dies after writing the temporary file and before the rename.
    let mut books = valid_month();
    books.sheet("增值部.xlsx", "上级交办工作").set(2, 2, s("未完成"));
    books.write(&t.month());
    let run = t.kaoping_env(&["run", "2026-11"], &[("KAOPING_FAULT", "before-rename")]);
    assert_ne!(run.code, 0);
    assert_eq!(std::fs::read(&report).unwrap(), second, "the old report is intact");
}

#[test]
fn identical_inputs_give_identical_bytes_under_source_date_epoch() {
    let t = Test::new();
    valid_month().write(&t.month());
    let env = [("SOURCE_DATE_EPOCH", "1767225600")];
    assert_eq!(t.kaoping_env(&["run", "2026-11", "--out", "a.xlsx"], &env).code, 0);
    assert_eq!(t.kaoping_env(&["run", "2026-11", "--out", "b.xlsx"], &env).code, 0);
    let a = std::fs::read(t.root().join("a.xlsx")).unwrap();
    let b = std::fs::read(t.root().join("b.xlsx")).unwrap();
    assert!(a == b, "reports differ");
}

#[test]
fn template_and_sample_never_write_over_a_users_file() {
    let t = Test::new();
    valid_month().write(&t.month());
    let theirs = t.month().join("市场部.xlsx");
    let before = std::fs::read(&theirs).unwrap();
    for args in [["template", "--out", "2026-11"], ["sample", "--out", "2026-11"]] {
        let run = t.kaoping(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("市场部.xlsx"), "{}", run.stderr);
        assert_eq!(std::fs::read(&theirs).unwrap(), before, "{args:?}");
    }
    let run = t.kaoping(&["template", "--out", "2026-11", "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_ne!(std::fs::read(&theirs).unwrap(), before);
}

#[test]
fn a_path_that_does_not_exist_is_exit_2_with_the_path() {
    let t = Test::new();
    let run = t.kaoping(&["check", "2026-12", "--lang", "en"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("2026-12: no such file or folder"), "{}", run.stderr);
}
