//! Every diagnostic code of SPEC §3, triggered from a real workbook, with its
//! file, sheet and cell.

use serde_json::Value;

use crate::support::*;

const OPS: &str = "2026-11/运营部.xlsx";
const QA: &str = "2026-11/质检.xlsx";

/// The one diagnostic with `code`, asserting there is exactly one.
fn only(checks: Vec<Value>, code: &str) -> Value {
    assert_eq!(checks.len(), 1, "expected one {code}, got {checks:#?}");
    checks.into_iter().next().unwrap()
}

fn place(c: &Value) -> (String, String, String) {
    (c["file"].as_str().unwrap().into(), c["sheet"].as_str().unwrap().into(), c["cell"].as_str().unwrap().into())
}

fn errors(run: &Run) -> Vec<Value> {
    run.json()["checks"].as_array().unwrap().iter().filter(|c| c["severity"] == "error").cloned().collect()
}

#[test]
fn the_valid_month_checks_without_errors() {
    let t = Test::new();
    valid_month().write(&t.month());
    let run = t.check_json();
    assert_eq!(errors(&run), Vec::<Value>::new());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["month"], "2026-11");
}

#[test]
fn unreadable_file() {
    let t = Test::new();
    valid_month().write(&t.month());
    // A damaged zip (text under a workbook's name is `skipped-file`: see below).
    std::fs::write(t.month().join("坏文件.xlsx"), b"PK\x03\x04 this is not a workbook at all").unwrap();
    let run = t.check_json();
    let c = only(run.checks("unreadable-file"), "unreadable-file");
    assert_eq!(c["severity"], "error");
    assert_eq!(place(&c).0, "2026-11/坏文件.xlsx");
    assert_eq!(run.code, 1);
}

#[test]
fn skipped_file() {
    let t = Test::new();
    valid_month().write(&t.month());
    std::fs::write(t.month().join("坏文件.xlsx"), b"this is not a workbook at all").unwrap();
    let run = t.check_json();
    let c = only(run.checks("skipped-file"), "skipped-file");
    assert_eq!(c["severity"], "warning");
    assert_eq!(place(&c), ("2026-11/坏文件.xlsx".to_string(), String::new(), String::new()));
    assert!(c["message"].as_str().unwrap().contains("save it as .xlsx"), "{c}");
    assert_eq!(run.code, 0, "a warning only: the other files hold the month");
}

#[test]
fn unrecognized_sheet() {
    let t = Test::new();
    let mut books = valid_month();
    books.files.get_mut("运营部.xlsx").unwrap().push(Sheet::new("说明", vec![vec![s("备注"), s("本月无特殊情况")]]));
    books.write(&t.month());
    let run = t.check_json();
    let c = only(run.checks("unrecognized-sheet"), "unrecognized-sheet");
    assert_eq!(c["severity"], "info");
    assert_eq!((place(&c).0.as_str(), place(&c).1.as_str()), (OPS, "说明"));
    assert_eq!(run.code, 0);
}

#[test]
fn missing_table() {
    let t = Test::new();
    let mut books = valid_month();
    books.files.get_mut("增值部.xlsx").unwrap().retain(|s| s.name != "综合评价");
    books.write(&t.month());
    let run = t.check_json();
    let c = only(run.checks("missing-table"), "missing-table");
    assert!(c["message"].as_str().unwrap().contains("reviews"), "{c}");
    assert_eq!(run.code, 1);
}

#[test]
fn missing_column() {
    let t = Test::new();
    let mut books = valid_month();
    let agents = books.sheet("运营部.xlsx", "座席");
    let k = agents.col("接通量");
    for row in &mut agents.rows {
        row.remove(k);
    }
    books.write(&t.month());
    let run = t.check_json();
    let c = only(run.checks("missing-column"), "missing-column");
    assert_eq!((place(&c).0.as_str(), place(&c).1.as_str()), (OPS, "座席"));
    assert!(c["message"].as_str().unwrap().contains("Connected"), "{c}");
}

#[test]
fn bad_value_names_the_cell() {
    let t = Test::new();
    let mut books = valid_month();
    books.sheet("运营部.xlsx", "座席").set(3, 2, s("2026-13-01"));
    books.write(&t.month());
    let run = t.check_json();
    let c = only(run.checks("bad-value"), "bad-value");
    assert_eq!(place(&c), (OPS.into(), "座席".into(), "C3".into()));
    assert!(c["message"].as_str().unwrap().contains("2026-13-01"), "{c}");
    assert_eq!(run.code, 1);
}

#[test]
fn missing_value_names_the_cell() {
    let t = Test::new();
    let mut books = valid_month();
    books.sheet("运营部.xlsx", "座席").set(4, 9, Cell::Blank);
    books.write(&t.month());
    let c = only(t.check_json().checks("missing-value"), "missing-value");
    assert_eq!(place(&c), (OPS.into(), "座席".into(), "J4".into()));
}

#[test]
fn duplicate_key_names_both_places() {
    let t = Test::new();
    let mut books = valid_month();
    books.sheet("运营部.xlsx", "座席").set(5, 0, s("A001"));
    books.write(&t.month());
    let c = only(t.check_json().checks("duplicate-key"), "duplicate-key");
    let (file, sheet, cell) = place(&c);
    assert_eq!((file.as_str(), sheet.as_str()), (OPS, "座席"));
    assert!(cell.ends_with('5'), "{c}");
    let msg = c["message"].as_str().unwrap();
    assert!(msg.contains("A001") && msg.contains('2'), "{msg}");
}

#[test]
fn unknown_reference() {
    let t = Test::new();
    let mut books = valid_month();
    books.sheet("运营部.xlsx", "座席").set(6, 1, s("X99"));
    books.write(&t.month());
    let c = only(t.check_json().checks("unknown-reference"), "unknown-reference");
    assert_eq!((place(&c).1.as_str(), place(&c).2.starts_with("") && place(&c).2.contains('6')), ("座席", true));
    assert!(c["message"].as_str().unwrap().contains("X99"), "{c}");
}

#[test]
fn out_of_range_connected_above_dialed() {
    let t = Test::new();
    let mut books = valid_month();
    books.sheet("运营部.xlsx", "座席").set(2, 10, n(5000.0));
    books.write(&t.month());
    let c = only(t.check_json().checks("out-of-range"), "out-of-range");
    assert_eq!(place(&c).1, "座席");
    assert!(place(&c).2.contains('2'), "{c}");
    let msg = c["message"].as_str().unwrap();
    assert!(msg.contains("5000") && msg.contains("1000"), "{msg}");
}

#[test]
fn out_of_range_review_score() {
    let t = Test::new();
    let mut books = valid_month();
    books.sheet("增值部.xlsx", "综合评价").set(2, 2, n(105.0));
    books.write(&t.month());
    let c = only(t.check_json().checks("out-of-range"), "out-of-range");
    assert_eq!(place(&c), ("2026-11/增值部.xlsx".into(), "综合评价".into(), "C2".into()));
}

#[test]
fn outside_month_is_a_warning() {
    let t = Test::new();
    let mut books = valid_month();
    books.sheet("质检.xlsx", "日常抽检").set(2, 0, d(2026, 10, 31));
    books.write(&t.month());
    let run = t.check_json();
    let c = only(run.checks("outside-month"), "outside-month");
    assert_eq!(c["severity"], "warning");
    assert_eq!((place(&c).0.as_str(), place(&c).1.as_str()), (QA, "日常抽检"));
    assert!(place(&c).2.contains('2'));
    assert_eq!(run.code, 0);
}

#[test]
fn not_present_agent() {
    let t = Test::new();
    let mut books = valid_month();
    books.sheet("运营部.xlsx", "座席").set(9, 2, d(2026, 12, 2));
    books.write(&t.month());
    let c = only(t.check_json().checks("not-present"), "not-present");
    assert_eq!(c["severity"], "warning");
    assert!(place(&c).2.contains('9'), "{c}");
}

#[test]
fn no_data_for_a_pm_without_projects() {
    let t = Test::new();
    let mut books = valid_month();
    books.sheet("运营部.xlsx", "项目经理").rows.push(vec![s("P03"), s("王强"), n(3000.0)]);
    books.sheet("增值部.xlsx", "综合评价").rows.push(vec![s("P03"), s("评价人"), n(90.0), s("增值部")]);
    books.write(&t.month());
    let c = t.check_json().checks("no-data");
    assert!(!c.is_empty());
    assert!(c.iter().all(|c| c["message"].as_str().unwrap().contains("P03")), "{c:#?}");
}

#[test]
fn span_of_control_warns() {
    let t = Test::new();
    valid_month().write(&t.month());
    let c = t.check_json().checks("span-of-control");
    // Each PM has 4 staff, fewer than the norm of 40.
    assert_eq!(c.len(), 2, "{c:#?}");
    assert!(c.iter().all(|c| c["severity"] == "warning"));
}

#[test]
fn total_row_mismatch() {
    let t = Test::new();
    let mut books = valid_month();
    let agents = books.sheet("运营部.xlsx", "座席");
    let dialed = agents.col("外呼量");
    // Σ dialed = 1000 + 1010 + … + 1070 = 8280; the total row says 8000.
    let mut total = vec![s("合计")];
    total.resize(dialed, Cell::Blank);
    total.push(n(8000.0));
    agents.rows.push(total);
    books.write(&t.month());
    let run = t.check_json();
    let c = only(run.checks("total-row-mismatch"), "total-row-mismatch");
    assert_eq!(place(&c), (OPS.into(), "座席".into(), "J10".into()));
    let msg = c["message"].as_str().unwrap();
    assert!(msg.contains("8000") && msg.contains("8280"), "{msg}");
    assert_eq!(errors(&run), Vec::<Value>::new());
}

#[test]
fn total_row_that_adds_up_is_silent() {
    let t = Test::new();
    let mut books = valid_month();
    let agents = books.sheet("运营部.xlsx", "座席");
    let dialed = agents.col("外呼量");
    let mut total = vec![s("合 计")];
    total.resize(dialed, Cell::Blank);
    total.push(n(8280.0));
    agents.rows.push(total);
    books.write(&t.month());
    let run = t.check_json();
    assert!(run.checks("total-row-mismatch").is_empty());
    assert_eq!(errors(&run), Vec::<Value>::new());
}

#[test]
fn duplicate_file() {
    let t = Test::new();
    valid_month().write(&t.month());
    std::fs::copy(t.month().join("质检.xlsx"), t.month().join("质检副本.xlsx")).unwrap();
    let run = t.check_json();
    let c = only(run.checks("duplicate-file"), "duplicate-file");
    assert_eq!(c["severity"], "warning");
    assert_eq!(place(&c).0, "2026-11/质检副本.xlsx");
    assert_eq!(errors(&run), Vec::<Value>::new(), "the copy must not give duplicate keys");
}

#[test]
fn lock_file_is_skipped() {
    let t = Test::new();
    valid_month().write(&t.month());
    std::fs::write(t.month().join("~$运营部.xlsx"), b"lock").unwrap();
    let run = t.check_json();
    let c = only(run.checks("lock-file"), "lock-file");
    assert_eq!(c["severity"], "info");
    assert_eq!(run.code, 0);
}

#[test]
fn own_output_is_skipped() {
    let t = Test::new();
    valid_month().write(&t.month());
    let run = t.kaoping(&["run", "2026-11", "--out", "2026-11/kaoping-2026-11.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = t.check_json();
    let c = only(run.checks("own-output"), "own-output");
    assert_eq!(place(&c).0, "2026-11/kaoping-2026-11.xlsx");
    assert_eq!(errors(&run), Vec::<Value>::new());
}

#[test]
fn formula_without_cached_value() {
    let t = Test::new();
    valid_month().write(&t.month());
    // Written by openpyxl: a reviews sheet whose score C2 is the formula =80+5 with no cached value.
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cli/formula_no_cache.xlsx"),
        t.month().join("公式.xlsx"),
    )
    .unwrap();
    let c = t.check_json().checks("formula-no-value");
    assert!(!c.is_empty());
    assert_eq!(place(&c[0]).0, "2026-11/公式.xlsx");
    assert_eq!(place(&c[0]).2, "C2");
}

#[test]
fn english_messages_and_chinese_messages() {
    let t = Test::new();
    let mut books = valid_month();
    books.sheet("运营部.xlsx", "座席").set(3, 2, s("2026-13-01"));
    books.write(&t.month());
    let en = t.kaoping(&["check", "2026-11", "--lang", "en"]);
    let zh = t.kaoping(&["check", "2026-11"]);
    assert_eq!((en.code, zh.code), (1, 1));
    assert!(en.stdout.contains("bad-value") && en.stdout.contains("sheet \"座席\", C3"), "{}", en.stdout);
    assert!(en.stdout.contains("error(s)"), "{}", en.stdout);
    assert!(zh.stdout.contains("个错误"), "{}", zh.stdout);
    assert!(!en.stdout.contains("\x1b["), "no colour when not a terminal");
}
