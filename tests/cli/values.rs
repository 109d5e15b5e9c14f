//! Cell values a clerk's workbook really holds (SPEC §3 "Nothing skipped in silence",
//! Values): amounts too large to be true, numbers merged over several rows, times in
//! date columns, summary rows under other names, invisible and control characters,
//! merged cells in .xlsb. Each either reads as the clean month does or is named at its cell.

use serde_json::Value;

use crate::support::*;

const AGENTS_FILE: &str = "2026-11/运营部.xlsx";

/// Each PM's id, item scores, total and bonus from `run --json`, in rank order.
fn scores(t: &Test) -> Vec<Value> {
    let run = t.kaoping(&["run", "2026-11", "--json", "--lang", "en"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let json = run.json();
    json["managers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| serde_json::json!([m["pm_id"], m["items"], m["total"], m["bonus"], m["rank"]]))
        .collect()
}

/// The scores of the clean [`valid_month`].
fn clean_scores() -> Vec<Value> {
    let t = Test::new();
    valid_month().write(&t.month());
    scores(&t)
}

/// `(code, severity, file, sheet, cell)` of each finding with `code`.
fn places(run: &Run, code: &str) -> Vec<(String, String, String, String, String)> {
    run.checks(code)
        .iter()
        .map(|c| {
            let f = |k: &str| c[k].as_str().unwrap_or_default().to_string();
            (f("code"), f("severity"), f("file"), f("sheet"), f("cell"))
        })
        .collect()
}

fn place(code: &str, severity: &str, file: &str, sheet: &str, cell: &str) -> (String, String, String, String, String) {
    (code.into(), severity.into(), file.into(), sheet.into(), cell.into())
}

#[test]
fn a_revenue_merged_over_three_agents_is_named_on_each_row() {
    let t = Test::new();
    let mut books = valid_month();
    let agents = books.sheet("运营部.xlsx", "座席");
    let revenue = agents.col("营业收入") as u16;
    // Rows 2–4 (0-based 1–3): one revenue typed once for three agents.
    agents.merges.push((1, revenue, 3, revenue));
    // The sheet's own total counts it once: 1200 + (1500 + … + 1900) = 9,700.
    agents.set(10, 0, s("合计"));
    agents.set(10, revenue as usize, n(9_700.0));
    books.write(&t.month());
    let run = t.check_json();
    assert_eq!(run.checks("total-row-mismatch"), Vec::<Value>::new());
    assert_eq!(
        places(&run, "bad-value"),
        ["M2", "M3", "M4"].map(|c| place("bad-value", "error", AGENTS_FILE, "座席", c)).to_vec()
    );
    let message = run.checks("bad-value")[0]["message"].as_str().unwrap().to_string();
    assert_eq!(
        message,
        "column \"Revenue\": a number merged over M2:M4 (\"1200\"): whose is it? unmerge the cells and enter it on each row"
    );
    let zh = t.kaoping(&["check", "2026-11", "--format", "json"]).checks("bad-value")[0]["message"].clone();
    assert_eq!(zh, "\"营业收入\" 列：合并单元格 M2:M4 中的数字 \"1200\" 属于哪一行？请取消合并，逐行填写");
}

/// Merged across two number columns in one row: the number is the first column's;
/// the second is blank (and required, so named).
#[test]
fn a_number_merged_across_columns_belongs_to_the_first() {
    let t = Test::new();
    let mut books = valid_month();
    let agents = books.sheet("运营部.xlsx", "座席");
    let (dialed, connected) = (agents.col("外呼量") as u16, agents.col("接通量") as u16);
    agents.merges.push((1, dialed, 1, connected));
    books.write(&t.month());
    let run = t.check_json();
    assert_eq!(places(&run, "missing-value"), vec![place("missing-value", "error", AGENTS_FILE, "座席", "K2")]);
    assert_eq!(places(&run, "bad-value"), vec![]);
}

#[test]
fn merged_project_ids_fill_every_row_and_score_as_the_clean_month() {
    let t = Test::new();
    let mut books = valid_month();
    let agents = books.sheet("运营部.xlsx", "座席");
    let project = agents.col("项目编号") as u16;
    // A001/A002 are both on X01, A003/A004 on X02: each pair's project typed once.
    agents.merges.push((1, project, 2, project));
    agents.merges.push((3, project, 4, project));
    books.write(&t.month());
    assert!(t.check_json().json()["checks"].as_array().unwrap().iter().all(|c| c["severity"] != "error"));
    assert_eq!(scores(&t), clean_scores());
}

/// Revenue 1e308 summed to infinity and put its PM first; a bonus base of 1e308
/// saturated the bonus. Now each is out of range at its cell, with the limit.
#[test]
fn amounts_too_large_to_be_true_are_out_of_range() {
    let t = Test::new();
    let mut books = valid_month();
    let agents = books.sheet("运营部.xlsx", "座席");
    let (revenue, dialed) = (agents.col("营业收入"), agents.col("外呼量"));
    agents.set(2, revenue, n(1e308));
    agents.set(3, revenue, n(1e308));
    agents.set(4, dialed, n(2e9));
    books.sheet("运营部.xlsx", "项目经理").set(2, 2, n(1e308));
    books.write(&t.month());
    let run = t.check_json();
    assert_eq!(
        places(&run, "out-of-range"),
        vec![
            place("out-of-range", "error", AGENTS_FILE, "座席", "M2"),
            place("out-of-range", "error", AGENTS_FILE, "座席", "M3"),
            place("out-of-range", "error", AGENTS_FILE, "座席", "J4"),
            place("out-of-range", "error", AGENTS_FILE, "项目经理", "C2"),
        ]
    );
    let messages: Vec<String> =
        run.checks("out-of-range").iter().map(|c| c["message"].as_str().unwrap().to_string()).collect();
    assert_eq!(
        messages[0],
        "column \"Revenue\": \"1e308\" is out of range (too large to be real); accepted: an amount from 0 to 1,000,000,000,000"
    );
    assert_eq!(
        messages[2],
        "column \"Dialed\": \"2000000000\" is out of range (too large to be real); accepted: a whole number from 0 to 1,000,000,000"
    );
    // With --draft the rows are left out: every figure stays finite and bonuses stay bonuses.
    let draft = t.kaoping(&["run", "2026-11", "--json", "--draft"]).json();
    for m in draft["managers"].as_array().unwrap() {
        assert!(m["total"].as_f64().is_some_and(f64::is_finite), "{m}");
        assert!(m["bonus"].as_f64().is_some_and(|b| b.is_finite() && b <= 5000.0), "{m}");
    }
}

/// A fixture written by LibreOffice (make_fixtures.py): a time cell 09:30 as a hire
/// date once read as 1899-12-30; a date cell holding 5 reads as 1900-01-05.
#[test]
fn a_time_of_day_in_a_date_column_is_a_bad_value() {
    let t = Test::new();
    valid_month().write(&t.month());
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/read/time_in_date_column.xlsx");
    std::fs::copy(fixture, t.month().join("入职.xlsx")).unwrap();
    let run = t.check_json();
    assert_eq!(
        places(&run, "bad-value"),
        ["D2", "D3", "D4"].map(|c| place("bad-value", "error", "2026-11/入职.xlsx", "座席", c)).to_vec()
    );
    let messages: Vec<String> =
        run.checks("bad-value").iter().map(|c| c["message"].as_str().unwrap().to_string()).collect();
    assert_eq!(
        messages[0],
        "column \"Hire date\": \"09:30\" is a time of day, not a date; accepted: a date cell, 2026-11-03, 2026/11/3, 2026年11月3日, 20261103"
    );
    assert!(messages[1].starts_with("column \"Hire date\": \"1900-01-05\" is before 1900-03-01, not a real date"));
}

/// Revenues 1200 + 1300 + … + 1900 = 12,400.
fn agents_with_summary_row(label: &str, revenue: f64) -> Books {
    let mut books = valid_month();
    let agents = books.sheet("运营部.xlsx", "座席");
    let col = agents.col("营业收入");
    agents.set(10, 0, s(label));
    agents.set(10, col, n(revenue));
    books
}

#[test]
fn summary_rows_under_other_names_are_not_data() {
    for label in ["本月合计", "汇总", "总和", "累计", "合计：", "总计(元)"] {
        let t = Test::new();
        agents_with_summary_row(label, 12_400.0).write(&t.month());
        let run = t.check_json();
        // Only what the clean month says too (its PMs have few staff).
        let checks = run.json()["checks"].as_array().unwrap().clone();
        assert!(checks.iter().all(|c| c["code"] == "span-of-control"), "{label}: {checks:#?}");
        assert_eq!(scores(&t), clean_scores(), "{label}");
    }
    let t = Test::new();
    agents_with_summary_row("累计", 9_999.0).write(&t.month());
    let run = t.check_json();
    assert_eq!(
        places(&run, "total-row-mismatch"),
        vec![place("total-row-mismatch", "warning", AGENTS_FILE, "座席", "M10")]
    );
}

/// A ZWSP pasted after a project ID and a BOM before a header (text copied from a web
/// page or a CSV export): invisible, and nothing changes.
#[test]
fn invisible_characters_in_ids_and_headers_are_removed() {
    let t = Test::new();
    let mut books = valid_month();
    let agents = books.sheet("运营部.xlsx", "座席");
    let project = agents.col("项目编号");
    agents.set(2, project, s("X01\u{200b}"));
    agents.set(3, project, s("\u{2060}X01\u{feff}"));
    agents.set(1, project, s("\u{feff}项目编号"));
    books.sheet("市场部.xlsx", "项目").set(2, 0, s("X01\u{200c}"));
    books.write(&t.month());
    let checks = t.check_json().json()["checks"].as_array().unwrap().clone();
    assert!(checks.iter().all(|c| c["code"] == "span-of-control"), "{checks:#?}");
    assert_eq!(scores(&t), clean_scores());
}

/// Where a message quotes a raw value, what cannot be seen is written out.
#[test]
fn invisible_characters_are_shown_where_a_value_is_quoted() {
    let t = Test::new();
    let mut books = valid_month();
    let agents = books.sheet("运营部.xlsx", "座席");
    let dialed = agents.col("外呼量");
    agents.set(2, dialed, s("1000\u{200b}"));
    books.write(&t.month());
    let run = t.check_json();
    assert_eq!(places(&run, "bad-value"), vec![place("bad-value", "error", AGENTS_FILE, "座席", "J2")]);
    let message = run.checks("bad-value")[0]["message"].as_str().unwrap().to_string();
    assert!(message.starts_with("column \"Dialed\": \"1000\\u200b\" is not a whole number;"), "{message}");
}

/// A cell holding ESC [31m (an ANSI colour) would turn the terminal red: the text
/// output writes it out; the JSON keeps it, as a JSON escape.
#[test]
fn control_characters_never_reach_the_terminal() {
    let t = Test::new();
    let mut books = valid_month();
    let agents = books.sheet("运营部.xlsx", "座席");
    let dialed = agents.col("外呼量");
    agents.set(2, dialed, s("\x1b[31m1000\x07"));
    books.write(&t.month());
    let run = t.check_json();
    assert_eq!(places(&run, "bad-value"), vec![place("bad-value", "error", AGENTS_FILE, "座席", "J2")]);
    let message = run.checks("bad-value")[0]["message"].as_str().unwrap().to_string();
    assert!(message.contains("\"\x1b[31m1000\x07\""), "{message:?}");
    assert!(run.stdout.contains("\\u001b[31m1000\\u0007"), "{}", run.stdout);
    for lang in ["zh", "en"] {
        let text = t.kaoping(&["check", "2026-11", "--lang", lang]);
        assert!(!text.stdout.contains(['\x1b', '\x07']), "{:?}", text.stdout);
        assert!(text.stdout.contains("「座席」J2") || text.stdout.contains("sheet \"座席\", J2"), "{}", text.stdout);
        assert!(text.stdout.contains("\"\\u001b[31m1000\\u0007\""), "{}", text.stdout);
    }
}

/// The month with its projects table taken from `fixture` (PM IDs merged over each
/// PM's projects); the agents still name X01–X04, so `--draft` scores it.
fn month_with_projects_from(fixture: &str) -> Test {
    let t = Test::new();
    let mut books = valid_month();
    books.files.get_mut("市场部.xlsx").unwrap().retain(|s| s.name != "项目");
    books.write(&t.month());
    let from = format!("{}/tests/fixtures/read/{fixture}", env!("CARGO_MANIFEST_DIR"));
    let ext = fixture.rsplit('.').next().unwrap();
    std::fs::copy(from, t.month().join(format!("项目.{ext}"))).unwrap();
    t
}

/// calamine reads no merges from .xlsb: each PM ID merged over its projects left
/// blank cells below it (false missing-value). Now .xlsb reads as its .xlsx twin.
#[test]
fn merged_cells_in_xlsb_read_as_in_the_xlsx_twin() {
    let (xlsb, xlsx) =
        (month_with_projects_from("merged_project_cells.xlsb"), month_with_projects_from("merged_project_cells.xlsx"));
    let without_file = |t: &Test| -> Vec<Value> {
        let mut checks = t.check_json().json()["checks"].as_array().unwrap().clone();
        checks.iter_mut().for_each(|c| c["file"] = Value::Null);
        checks
    };
    let checks = without_file(&xlsb);
    assert!(checks.iter().all(|c| c["code"] != "missing-value"), "{checks:#?}");
    assert_eq!(checks, without_file(&xlsx));
    let draft = |t: &Test| t.kaoping(&["run", "2026-11", "--json", "--draft"]).json()["managers"].clone();
    let scores = draft(&xlsb);
    assert_eq!(scores.as_array().map(Vec::len), Some(2));
    assert_eq!(scores, draft(&xlsx));
}
