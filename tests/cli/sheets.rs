//! Sheets and columns (SPEC §3 "Nothing skipped in silence"): a header under many note
//! rows, tables side by side and one under another, hidden sheets, the centre's own
//! header names, `missing-column` rather than info, `unknown-column`. The harmless
//! cases must score exactly as the clean valid month does.

use serde_json::Value;

use crate::support::*;

const MARKET: &str = "2026-11/市场部.xlsx";

/// (pm_id, items, total, tier) of every manager, from `run 2026-11 --json`.
fn scores(t: &Test, extra: &[&str]) -> Vec<(String, Value, Value, Value)> {
    let mut args = vec!["run", "2026-11", "--json", "--lang", "en"];
    args.extend(extra);
    let run = t.kaoping(&args);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let json = run.json();
    let managers = json["managers"].as_array().unwrap().clone();
    assert!(!managers.is_empty());
    managers
        .iter()
        .map(|m| (m["pm_id"].as_str().unwrap().to_string(), m["items"].clone(), m["total"].clone(), m["tier"].clone()))
        .collect()
}

fn clean_scores() -> Vec<(String, Value, Value, Value)> {
    let t = Test::new();
    valid_month().write(&t.month());
    scores(&t, &[])
}

fn place(c: &Value) -> (&str, &str, &str, &str) {
    (
        c["severity"].as_str().unwrap(),
        c["file"].as_str().unwrap(),
        c["sheet"].as_str().unwrap(),
        c["cell"].as_str().unwrap(),
    )
}

#[test]
fn a_header_under_twelve_note_rows_is_read() {
    let t = Test::new();
    let mut books = valid_month();
    let events = books.sheet("市场部.xlsx", "合作方质量事件");
    let notes: Vec<Vec<Cell>> =
        (1..=12).map(|i| vec![s(&format!("填表说明第{i}条：事件类型填终止、暂停、处罚或投诉"))]).collect();
    events.rows.splice(0..0, notes);
    books.write(&t.month());
    assert_eq!(scores(&t, &[]), clean_scores());
    assert_eq!(t.check_json().checks("unrecognized-sheet"), Vec::<Value>::new());
}

#[test]
fn a_centre_header_mapped_in_rules_is_read() {
    let t = Test::new();
    let mut books = valid_month();
    let agents = books.sheet("运营部.xlsx", "座席");
    let k = agents.col("离职日期");
    agents.rows[0][k] = s("离岗日期");
    let k = agents.col("营业收入");
    agents.rows[0][k] = s("营收额(元)");
    books.write(&t.month());
    std::fs::write(t.root().join("rules.toml"), "[headers]\n\"离岗日期\" = \"leave_date\"\n\"营收额\" = \"revenue\"\n")
        .unwrap();
    assert_eq!(scores(&t, &["--rules", "rules.toml"]), clean_scores());
    let run = t.kaoping(&["check", "2026-11", "--format", "json", "--lang", "en", "--rules", "rules.toml"]);
    assert_eq!(run.checks("unknown-column"), Vec::<Value>::new());
    assert_eq!(run.checks("missing-column"), Vec::<Value>::new());
    // The effective rules echo the mapping.
    let printed = t.kaoping(&["rules", "--rules", "rules.toml"]);
    assert!(printed.stdout.contains("\"离岗日期\" = \"leave_date\""), "{}", printed.stdout);
}

#[test]
fn an_unknown_column_key_in_headers_is_refused_with_its_line() {
    let t = Test::new();
    valid_month().write(&t.month());
    std::fs::write(t.root().join("rules.toml"), "[headers]\n\"离岗日期\" = \"leave\"\n").unwrap();
    let run = t.kaoping(&["run", "2026-11", "--rules", "rules.toml", "--lang", "en"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("line 2") && run.stderr.contains("leave_date"), "{}", run.stderr);
}

#[test]
fn tables_side_by_side_are_each_read() {
    let t = Test::new();
    let mut books = valid_month();
    let file = books.files.get_mut("增值部.xlsx").unwrap();
    let tasks = file.iter().position(|s| s.name == "上级交办工作").unwrap();
    let tasks = file.remove(tasks);
    let reviews = file.iter_mut().find(|s| s.name == "综合评价").unwrap();
    for (r, row) in tasks.rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            reviews.set(r + 1, 6 + c, cell.clone());
        }
    }
    books.write(&t.month());
    assert_eq!(scores(&t, &[]), clean_scores());
    assert_eq!(t.check_json().checks("bad-value"), Vec::<Value>::new());
}

#[test]
fn tables_one_under_another_are_each_read() {
    let t = Test::new();
    let mut books = valid_month();
    let file = books.files.get_mut("增值部.xlsx").unwrap();
    let adjustments = file.iter().position(|s| s.name == "人工扣分").unwrap();
    let adjustments = file.remove(adjustments);
    let tasks = file.iter_mut().find(|s| s.name == "上级交办工作").unwrap();
    tasks.rows.push(Vec::new());
    tasks.rows.push(vec![s("三、人工扣分")]);
    tasks.rows.extend(adjustments.rows);
    books.write(&t.month());
    assert_eq!(scores(&t, &[]), clean_scores());
    let json = t.check_json().json();
    let errors: Vec<&Value> = json["checks"].as_array().unwrap().iter().filter(|c| c["severity"] == "error").collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn a_hidden_sheet_is_read_and_every_finding_says_so() {
    let t = Test::new();
    let mut books = valid_month();
    books.sheet("市场部.xlsx", "合作方质量事件").hidden = true;
    books.write(&t.month());
    assert_eq!(scores(&t, &[]), clean_scores());
    // A finding on the hidden sheet says it is hidden.
    books.sheet("市场部.xlsx", "合作方质量事件").set(2, 0, s("X99"));
    books.write(&t.month());
    let run = t.check_json();
    let refs = run.checks("unknown-reference");
    assert_eq!(refs.len(), 1, "{refs:#?}");
    assert_eq!(place(&refs[0]), ("error", MARKET, "合作方质量事件", "A2"), "the project ID's cell");
    assert!(refs[0]["message"].as_str().unwrap().ends_with(" (hidden sheet)"), "{}", refs[0]);
    let zh = t.kaoping(&["check", "2026-11", "--format", "json"]);
    let refs = zh.checks("unknown-reference");
    assert!(refs[0]["message"].as_str().unwrap().ends_with("（隐藏工作表）"), "{}", refs[0]);
}

#[test]
fn an_events_sheet_with_another_word_for_the_event_type_is_missing_column() {
    let t = Test::new();
    let mut books = valid_month();
    let events = books.sheet("市场部.xlsx", "合作方质量事件");
    events.rows[0][1] = s("质量事件");
    events.rows[1][1] = s("终止");
    books.write(&t.month());
    let run = t.check_json();
    let c = run.checks("missing-column");
    assert_eq!(c.len(), 1, "{c:#?}");
    assert_eq!(place(&c[0]), ("error", MARKET, "合作方质量事件", "1"));
    let message = c[0]["message"].as_str().unwrap();
    assert!(message.contains("partner events") && message.contains("did you mean \"质量事件\""), "{message}");
    assert_eq!(run.checks("unrecognized-sheet"), Vec::<Value>::new());
    assert_eq!(run.code, 1);
}

#[test]
fn the_common_word_for_the_event_type_is_accepted() {
    let t = Test::new();
    let mut books = valid_month();
    books.sheet("市场部.xlsx", "合作方质量事件").rows[0][1] = s("事件类别");
    books.write(&t.month());
    assert_eq!(scores(&t, &[]), clean_scores());
}

#[test]
fn a_resembling_header_with_values_is_unknown_column() {
    let t = Test::new();
    let mut books = valid_month();
    let events = books.sheet("市场部.xlsx", "合作方质量事件");
    let k = events.col("严重");
    events.rows[0][k] = s("严重程度");
    events.rows[1][k] = s("高");
    // An empty stray header is not worth a word.
    events.set(1, 8, s("严重性"));
    books.write(&t.month());
    let run = t.check_json();
    let c = run.checks("unknown-column");
    assert_eq!(c.len(), 1, "{c:#?}");
    assert_eq!(place(&c[0]), ("warning", MARKET, "合作方质量事件", "E1"));
    let message = c[0]["message"].as_str().unwrap();
    assert!(message.contains("\"严重程度\"") && message.contains("did you mean \"严重\""), "{message}");
    assert!(message.contains("[headers]"), "{message}");
    assert_eq!(run.code, 0);
}

#[test]
fn a_staff_list_stays_unrecognised() {
    let t = Test::new();
    let mut books = valid_month();
    books.files.get_mut("运营部.xlsx").unwrap().push(Sheet::new(
        "通讯录",
        vec![vec![s("工号"), s("姓名"), s("电话")], vec![s("1001"), s("张伟"), s("13900000000")]],
    ));
    books.write(&t.month());
    let run = t.check_json();
    let c = run.checks("unrecognized-sheet");
    assert_eq!(c.len(), 1, "{c:#?}");
    assert_eq!(place(&c[0]).0, "info");
    assert_eq!(run.code, 0);
}

#[test]
fn the_sources_sheet_lists_each_table_of_a_sheet_and_says_hidden() {
    use calamine::{Reader, open_workbook_auto};
    let t = Test::new();
    let mut books = valid_month();
    let file = books.files.get_mut("增值部.xlsx").unwrap();
    let tasks = file.iter().position(|s| s.name == "上级交办工作").unwrap();
    let tasks = file.remove(tasks);
    let reviews = file.iter_mut().find(|s| s.name == "综合评价").unwrap();
    for (r, row) in tasks.rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            reviews.set(r + 1, 6 + c, cell.clone());
        }
    }
    books.sheet("市场部.xlsx", "合作方质量事件").hidden = true;
    books.write(&t.month());
    let run = t.kaoping(&["run", "2026-11", "--out", "r.xlsx", "--lang", "en"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut wb = open_workbook_auto(t.root().join("r.xlsx")).unwrap();
    let range = wb.worksheet_range("Sources").unwrap();
    let lines: Vec<Vec<String>> =
        range.rows().map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>()).filter(|r| r.len() > 6).collect();
    let of = |sheet: &str| -> Vec<Vec<String>> {
        lines.iter().filter(|r| r[1] == sheet).map(|r| r[2..7].to_vec()).collect()
    };
    // Table, header row, rows read, used, left out.
    let row = |v: [&str; 5]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(of("综合评价"), vec![row(["reviews", "1", "10", "10", "0"]), row(["tasks", "1", "2", "2", "0"])]);
    assert_eq!(of("合作方质量事件 (hidden sheet)"), vec![row(["partner events", "1", "1", "1", "0"])]);
}
