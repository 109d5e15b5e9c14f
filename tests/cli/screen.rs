//! Never the same figures twice, never the wrong month (SPEC §1, §3): backup copies,
//! a Save-As `.xls` beside its `.xlsx`, last month's sheet, a wrong `--month`, unfilled
//! templates, rows pasted twice, a reviewer twice, the rules file beside the month.

use serde_json::Value;

use crate::support::*;

fn one<'a>(checks: &'a [Value], code: &str) -> &'a Value {
    let found: Vec<&Value> = checks.iter().filter(|c| c["code"] == code).collect();
    assert_eq!(found.len(), 1, "one {code} expected: {checks:#?}");
    found[0]
}

#[test]
fn a_backup_copy_with_one_cell_corrected_in_the_original_stops_the_run() {
    let t = Test::new();
    let books = valid_month();
    books.write(&t.month());
    // The backup keeps the old figures; the original is corrected afterwards (a review).
    let copy = t.month().join("增值部(旧).xlsx");
    std::fs::copy(t.month().join("增值部.xlsx"), &copy).unwrap();
    let mut fixed = books.clone();
    fixed.sheet("增值部.xlsx", "综合评价").set(3, 2, n(86.0));
    fixed.write(&t.month());

    let run = t.check_json();
    assert_eq!(run.code, 1, "{}", run.stdout);
    let checks = run.json()["checks"].as_array().unwrap().clone();
    let dups: Vec<&Value> = checks.iter().filter(|c| c["code"] == "duplicate-source").collect();
    // Reviews, tasks and adjustments: each sheet of the backup is a copy of the original's.
    let sheets: Vec<&str> = dups.iter().map(|d| d["sheet"].as_str().unwrap()).collect();
    assert_eq!(sheets, vec!["上级交办工作", "人工扣分", "综合评价"], "{dups:#?}");
    for d in &dups {
        assert_eq!(d["severity"], "error");
        assert_eq!(d["file"], "2026-11/增值部(旧).xlsx");
        let message = d["message"].as_str().unwrap();
        assert!(message.contains("2026-11/增值部.xlsx"), "names the original: {message}");
        assert!(message.contains("its name says \"旧\""), "says why it is the copy: {message}");
    }
    // 9 of the 10 reviews agree (one was corrected).
    assert!(dups[2]["message"].as_str().unwrap().contains("9 of the smaller sheet's 10 rows"), "{:#?}", dups[2]);
    // Nothing else: the copy's rows are not also reported as duplicate keys.
    assert!(checks.iter().all(|c| c["code"] != "duplicate-key"), "{checks:#?}");

    let run = t.kaoping(&["run", "2026-11", "--json"]);
    assert_eq!(run.code, 1);
    assert!(!t.root().join("kaoping-2026-11.xlsx").exists(), "no report");
}

#[test]
fn a_draft_counts_the_original_and_flags_the_pms_the_copy_touches() {
    let t = Test::new();
    let mut books = valid_month();
    books.write(&t.month());
    // A copy of the market department's file whose projects sheet is old: P02's two
    // projects only (the copy touches P02 alone); the original is then corrected.
    let mut old = books.clone();
    old.sheet("市场部.xlsx", "项目").rows.remove(1);
    old.sheet("市场部.xlsx", "项目").rows.remove(1);
    old.files.get_mut("市场部.xlsx").unwrap().retain(|s| s.name == "项目");
    let copy = t.root().join("old");
    std::fs::create_dir(&copy).unwrap();
    old.files.retain(|f, _| f == "市场部.xlsx");
    old.write(&copy);
    std::fs::rename(copy.join("市场部.xlsx"), t.month().join("市场部 - 副本.xlsx")).unwrap();
    books.sheet("市场部.xlsx", "项目").set(2, 1, s("宽带续约(新)"));
    books.write(&t.month());

    let run = t.kaoping(&["run", "2026-11", "--json", "--draft", "--lang", "en"]);
    assert_eq!(run.code, 1, "a draft of a month with errors: {}", run.stderr);
    let json = run.json();
    let d = one(json["checks"].as_array().unwrap(), "duplicate-source");
    assert_eq!((d["file"].as_str(), d["sheet"].as_str()), (Some("2026-11/市场部 - 副本.xlsx"), Some("项目")));
    // The original's rows count: the scores are the clean month's (a project name does not score).
    let managers = json["managers"].as_array().unwrap();
    let flagged: Vec<(&str, bool)> =
        managers.iter().map(|m| (m["pm_id"].as_str().unwrap(), m["flagged"].as_bool().unwrap())).collect();
    assert_eq!(flagged, vec![("P02", true), ("P01", false)]);
    let totals: Vec<f64> = managers.iter().map(|m| m["total"].as_f64().unwrap()).collect();
    assert_eq!(totals, vec![94.07, 91.27], "the clean month's totals (tests/cli/run.rs works them out)");
}

#[test]
fn an_identical_backup_is_skipped_and_the_original_read_whatever_the_order() {
    let t = Test::new();
    valid_month().write(&t.month());
    // `市场部 - 副本.xlsx` sorts before `市场部.xlsx`: the copy comes first.
    std::fs::copy(t.month().join("市场部.xlsx"), t.month().join("市场部 - 副本.xlsx")).unwrap();
    let run = t.check_json();
    assert_eq!(run.code, 0, "{}", run.stdout);
    let checks = run.json()["checks"].as_array().unwrap().clone();
    let d = one(&checks, "duplicate-file");
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["file"], "2026-11/市场部 - 副本.xlsx");
    assert!(d["message"].as_str().unwrap().contains("2026-11/市场部.xlsx"), "{d:#?}");
    assert!(checks.iter().all(|c| c["code"] != "duplicate-source"));
}

#[test]
fn an_xls_beside_its_save_as_xlsx_is_the_copy() {
    let t = Test::new();
    valid_month().write(&t.month());
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/screen/valid_month_qa.xls");
    std::fs::copy(fixture, t.month().join("质检.xls")).unwrap();
    let run = t.check_json();
    assert_eq!(run.code, 1, "{}", run.stdout);
    let checks = run.json()["checks"].as_array().unwrap().clone();
    let d = one(&checks, "duplicate-source");
    assert_eq!((d["file"].as_str(), d["sheet"].as_str()), (Some("2026-11/质检.xls"), Some("日常抽检")));
    assert!(d["message"].as_str().unwrap().contains("120 of the smaller sheet's 120 rows"), "{d:#?}");
    assert!(d["message"].as_str().unwrap().contains("old .xls"), "{d:#?}");
    // The QA rows are not counted twice in a draft: the clean month's scores.
    let run = t.kaoping(&["run", "2026-11", "--json", "--draft"]);
    let totals: Vec<f64> =
        run.json()["managers"].as_array().unwrap().iter().map(|m| m["total"].as_f64().unwrap()).collect();
    assert_eq!(totals, vec![94.07, 91.27]);
}

#[test]
fn last_months_sheet_in_the_workbook_is_left_out() {
    let t = Test::new();
    let mut books = valid_month();
    // October's reviews kept in the same workbook, all lower.
    let mut october = books.sheet("增值部.xlsx", "综合评价").clone();
    october.name = "2026年10月综合评价".into();
    for row in october.rows.iter_mut().skip(1) {
        row[1] = s(&format!(
            "{}(10月)",
            match &row[1] {
                Cell::S(t) => t.clone(),
                _ => String::new(),
            }
        ));
        row[2] = n(60.0);
    }
    books.files.get_mut("增值部.xlsx").unwrap().push(october);
    books.write(&t.month());
    let run = t.check_json();
    assert_eq!(run.code, 0, "{}", run.stdout);
    let checks = run.json()["checks"].as_array().unwrap().clone();
    let d = one(&checks, "other-month");
    assert_eq!(d["severity"], "warning");
    assert_eq!((d["file"].as_str(), d["sheet"].as_str()), (Some("2026-11/增值部.xlsx"), Some("2026年10月综合评价")));
    assert!(d["message"].as_str().unwrap().contains("2026-10"), "{d:#?}");
    let run = t.kaoping(&["run", "2026-11", "--json"]);
    let totals: Vec<f64> =
        run.json()["managers"].as_array().unwrap().iter().map(|m| m["total"].as_f64().unwrap()).collect();
    assert_eq!(totals, vec![94.07, 91.27], "October's reviews do not count");
}

#[test]
fn a_month_whose_only_reviews_are_last_months_says_so_in_missing_table() {
    let t = Test::new();
    let mut books = valid_month();
    books.sheet("增值部.xlsx", "综合评价").name = "10月".into();
    books.write(&t.month());
    let run = t.check_json();
    assert_eq!(run.code, 1);
    let checks = run.json()["checks"].as_array().unwrap().clone();
    assert_eq!(one(&checks, "other-month")["sheet"], "10月");
    let missing = one(&checks, "missing-table")["message"].as_str().unwrap().to_string();
    assert!(missing.contains("reviews") && missing.contains("\"10月\"") && missing.contains("month 10"), "{missing}");
}

#[test]
fn a_wrong_month_is_an_error_that_names_the_month_of_the_data() {
    let t = Test::new();
    valid_month().write(&t.month());
    for (given, says) in [("2026-10", "Did you mean --month 2026-11?"), ("2026-1", "Did you mean --month 2026-11?")] {
        let run = t.kaoping(&["run", "2026-11", "--month", given, "--json", "--lang", "en"]);
        assert_eq!(run.code, 1, "--month {given}: {}", run.stderr);
        let d = one(run.json()["checks"].as_array().unwrap(), "month-mismatch").clone();
        assert_eq!(d["severity"], "error");
        assert!(d["message"].as_str().unwrap().contains(says), "{d:#?}");
        assert!(!t.root().join(format!("kaoping-{given}.xlsx")).exists());
    }
    // A folder named for December that holds November.
    let dec = t.root().join("2026-12");
    valid_month().write(&{
        std::fs::create_dir(&dec).unwrap();
        dec.clone()
    });
    let run = t.kaoping(&["check", "2026-12", "--format", "json", "--lang", "en"]);
    assert_eq!(run.code, 1);
    let d = one(run.json()["checks"].as_array().unwrap(), "month-mismatch").clone();
    let message = d["message"].as_str().unwrap();
    assert!(message.contains("120 of the 120 dated QA rows fall in 2026-11"), "{message}");
    assert!(message.contains("--month 2026-11"), "{message}");
    // The right month given explicitly agrees with the data, not with the folder: still named.
    let run = t.kaoping(&["check", "2026-12", "--month", "2026-11", "--format", "json", "--lang", "en"]);
    assert_eq!(one(run.json()["checks"].as_array().unwrap(), "month-mismatch")["severity"], "error");
}

#[test]
fn unfilled_templates_are_an_empty_month() {
    let t = Test::new();
    let run = t.kaoping(&["template", "--out", "2026-11"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = t.kaoping(&["check", "2026-11", "--month", "2026-11", "--format", "json", "--lang", "en"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let checks = run.json()["checks"].as_array().unwrap().clone();
    let empty: Vec<&Value> = checks.iter().filter(|c| c["code"] == "empty-month").collect();
    // The five required tables, each named at its sheet and header row.
    assert_eq!(empty.len(), 5, "{checks:#?}");
    for d in &empty {
        assert_eq!(d["severity"], "error");
        assert!(!d["sheet"].as_str().unwrap().is_empty() && !d["cell"].as_str().unwrap().is_empty(), "{d:#?}");
    }
    let run = t.kaoping(&["run", "2026-11", "--month", "2026-11"]);
    assert_eq!(run.code, 1);
    assert!(!t.root().join("kaoping-2026-11.xlsx").exists());
}

#[test]
fn a_row_pasted_twice_is_a_warning_and_a_reviewer_twice_an_error() {
    let t = Test::new();
    let mut books = valid_month();
    let tasks = books.sheet("增值部.xlsx", "上级交办工作");
    let again = tasks.rows[2].clone();
    tasks.rows.push(again);
    let reviews = books.sheet("增值部.xlsx", "综合评价");
    let mut twice = reviews.rows[1].clone();
    twice[2] = n(70.0);
    reviews.rows.push(twice);
    books.write(&t.month());
    let run = t.check_json();
    let checks = run.json()["checks"].as_array().unwrap().clone();
    let row = one(&checks, "duplicate-row");
    assert_eq!(
        (row["severity"].as_str(), row["sheet"].as_str(), row["cell"].as_str()),
        (Some("warning"), Some("上级交办工作"), Some("4"))
    );
    assert!(row["message"].as_str().unwrap().contains("row 3"), "{row:#?}");
    let key = one(&checks, "duplicate-key");
    assert_eq!((key["sheet"].as_str(), key["cell"].as_str()), (Some("综合评价"), Some("B12")));
    assert!(key["message"].as_str().unwrap().contains("reviewer \"评价人0\" reviews PM P01 twice"), "{key:#?}");
    // Both tasks count (P02 late twice: 5 − 2 × 1 = 3); the second review does not.
    books.sheet("增值部.xlsx", "综合评价").rows.pop();
    books.write(&t.month());
    let run = t.kaoping(&["run", "2026-11", "--json"]);
    let p02 = run.json()["managers"].as_array().unwrap().iter().find(|m| m["pm_id"] == "P02").unwrap().clone();
    assert_eq!(p02["items"][8].as_f64(), Some(3.0));
}

#[test]
fn the_rules_file_beside_the_month_is_in_force_and_named() {
    let t = Test::new();
    valid_month().write(&t.month());
    std::fs::write(t.root().join("rules.toml"), "[item9]\nlate = 2\n").unwrap();
    let run = t.kaoping(&["run", "2026-11", "--json"]);
    let json = run.json();
    let p02 = json["managers"].as_array().unwrap().iter().find(|m| m["pm_id"] == "P02").unwrap().clone();
    // P02's one late task costs 2 now: 5 − 2 = 3.
    assert_eq!(p02["items"][8].as_f64(), Some(3.0));
    let file = json["rules"]["file"].as_str().unwrap();
    assert!(file.ends_with("rules.toml"), "{file}");
    assert_eq!(json["rules"]["changed"], serde_json::json!([{"key": "item9.late", "value": "2.0", "default": "1.0"}]));
    let run = t.kaoping(&["check", "2026-11"]);
    assert!(
        run.stdout.lines().nth(1).unwrap().contains("rules.toml；与默认不同：第9项 每项延期完成扣分：2（默认 1）"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_draft_flags_only_the_pm_an_error_belongs_to() {
    let t = Test::new();
    let mut books = valid_month();
    // Agent row 6 is of project X03, whose PM is P02: its dialed count is unreadable.
    let agents = books.sheet("运营部.xlsx", "座席");
    let dialed = agents.col("外呼量");
    agents.set(6, dialed, s("不详"));
    books.write(&t.month());
    let run = t.kaoping(&["run", "2026-11", "--draft", "--json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let mut flagged: Vec<(String, bool)> = run.json()["managers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["pm_id"].as_str().unwrap().to_string(), m["flagged"].as_bool().unwrap()))
        .collect();
    flagged.sort();
    assert_eq!(flagged, vec![("P01".to_string(), false), ("P02".to_string(), true)]);
}
