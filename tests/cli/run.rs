//! `kaoping run`: the scores of a small month worked out by hand, the JSON
//! summary of SPEC §6.3, exit codes, drafts.

use serde_json::Value;

use crate::support::*;

fn items(m: &Value) -> Vec<f64> {
    m["items"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect()
}

/// The valid month scored by hand (November 2026, all agents eligible, no leavers):
///
/// P01 (X01, X02; agents k = 0..3)            P02 (X03, X04; agents k = 4..7)
/// volume 1200+1300+1400+1500 = 5400          1600+…+1900 = 7000 (complaint: no lost volume)
/// 1: completion 5400/5300 ≥ 100% → 5         7000/6700 → 5
/// 2: 5 × (1 − 5400/7000) = 1.142857 → 1.14,  best → 5
///    plus the adjustment 0.50 → 5 − 1.64 = 3.36
/// 3a: 41.5 vs best 45.5: 5 × (1 − 41.5/45.5) = 0.43956 → 0.44
/// 3b: 1350 vs 1750: 5 × (1 − 1350/1750) = 1.142857 → 1.14 → 10 − 1.58 = 8.42;   P02 → 10
/// 4: OT 11.5 vs 15.5: 10 × (1 − 11.5/15.5) = 2.5806 → 2.58 → 7.42 (premise holds:
///    QA 6/3000 = 0.2%, attendance 23/24 = 95.83%, efficiency 166/92 vs centre 348/184: 95%);  P02 → 10
/// 5a: attendance 95.83%: (98 − 95.8333) × 0.5 = 1.0833 → 1.08; no leavers → 8.92 both
/// 6: staff 4 = 4, seats 4 = 4 → 10 both
/// 7: P01 15; P02 one complaint → 13
/// 8: rate 0.2%, no day above 3%, no day missing → 15 both
/// 9: P01 on time → 5; P02 late → 4
/// 10: [90 85 95 80 88] minus 95 and 80 → 87.667: 15 × (1 − 0.87667) = 1.85 → 13.15 both
/// P01 total 5 + 3.36 + 8.42 + 7.42 + 8.92 + 10 + 15 + 15 + 5 + 13.15 = 91.27
/// P02 total 5 + 5 + 10 + 10 + 8.92 + 10 + 13 + 15 + 4 + 13.15 = 94.07
#[test]
fn a_small_month_scored_by_hand() {
    let t = Test::new();
    valid_month().write(&t.month());
    let run = t.kaoping(&["run", "2026-11", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = run.json();
    assert_eq!(json["month"], "2026-11");
    assert_eq!(json["draft"], false);
    let managers = json["managers"].as_array().unwrap();
    assert_eq!(managers.len(), 2);
    let (p02, p01) = (&managers[0], &managers[1]);
    assert_eq!(p02["pm_id"], "P02");
    assert_eq!(items(p02), vec![5.0, 5.0, 10.0, 10.0, 8.92, 10.0, 13.0, 15.0, 4.0, 13.15]);
    assert_eq!(p02["total"].as_f64(), Some(94.07));
    assert_eq!((p02["rank"].as_u64(), p02["tier"].as_u64()), (Some(1), Some(1)));
    assert_eq!(p02["bonus"].as_f64(), Some(4000.0));
    assert_eq!(p01["pm_id"], "P01");
    assert_eq!(items(p01), vec![5.0, 3.36, 8.42, 7.42, 8.92, 10.0, 15.0, 15.0, 5.0, 13.15]);
    assert_eq!(p01["total"].as_f64(), Some(91.27));
    assert_eq!((p01["rank"].as_u64(), p01["tier"].as_u64()), (Some(2), Some(1)));
    assert_eq!(p01["bonus"].as_f64(), Some(5000.0));
    assert_eq!(p01["vetoed"], false);
    // Every deduction is listed with its points; they add up to 100 − total.
    let lost: f64 = p01["deductions"].as_array().unwrap().iter().map(|d| d["points"].as_f64().unwrap()).sum();
    assert!((lost - (100.0 - 91.27)).abs() < 1e-9, "{lost}");
    let adjustment = p01["deductions"].as_array().unwrap().iter().find(|d| d["item"] == 2 && d["points"] == 0.5);
    assert!(adjustment.unwrap()["reason"].as_str().unwrap().contains("报表数据不实"));
}

#[test]
fn a_suspension_vetoes() {
    let t = Test::new();
    let mut books = valid_month();
    books.sheet("市场部.xlsx", "合作方质量事件").rows.push(vec![
        s("X01"),
        s("暂停"),
        d(2026, 11, 20),
        n(300.0),
        s("否"),
        s("合作方暂停外呼"),
    ]);
    books.write(&t.month());
    let json = t.kaoping(&["run", "2026-11", "--json", "--lang", "en"]).json();
    let p01 = json["managers"].as_array().unwrap().iter().find(|m| m["pm_id"] == "P01").unwrap().clone();
    assert_eq!(p01["vetoed"], true);
    assert_eq!(p01["tier"], 5);
    assert_eq!(p01["bonus"].as_f64(), Some(0.0));
    // Item 7: suspended 10 → 5.
    assert_eq!(items(&p01)[6], 5.0);
}

#[test]
fn errors_stop_the_run_and_draft_writes_anyway() {
    let t = Test::new();
    let mut books = valid_month();
    books.sheet("运营部.xlsx", "座席").set(3, 2, s("not a date"));
    books.write(&t.month());
    let run = t.kaoping(&["run", "2026-11"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("bad-value"), "{}", run.stdout);
    assert!(!t.root().join("kaoping-2026-11.xlsx").exists(), "no report on errors");

    let run = t.kaoping(&["run", "2026-11", "--draft", "--json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(t.root().join("kaoping-2026-11.xlsx").exists(), "a draft is written");
    let json = run.json();
    assert_eq!(json["draft"], true);
    // Only the PM the bad row belongs to (agent row 3 is of X01, P01's) is flagged (SPEC §6.2).
    let flagged: Vec<&str> = json["managers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["flagged"] == true)
        .map(|m| m["pm_id"].as_str().unwrap())
        .collect();
    assert_eq!(flagged, vec!["P01"]);
    // P01's scorecard names the error that concerns them, by kind and cell; P02's has no flag.
    use calamine::{DataType, Reader, open_workbook_auto};
    let mut book = open_workbook_auto(t.root().join("kaoping-2026-11.xlsx")).unwrap();
    let texts = |book: &mut calamine::Sheets<_>, sheet: &str| -> Vec<String> {
        let range = book.worksheet_range(sheet).unwrap();
        range.used_cells().filter_map(|(_, _, v)| v.get_string().map(String::from)).collect()
    };
    let p01 = texts(&mut book, "考评表-P01");
    let flag = p01.iter().find(|t| t.starts_with("⚠ 草稿")).expect("P01's scorecard is flagged");
    assert!(flag.contains("\n· 取值无法识别：2026-11/运营部.xlsx「座席」C3"), "{flag}");
    assert!(!texts(&mut book, "考评表-P02").iter().any(|t| t.starts_with("⚠ 草稿")), "P02 is not flagged");
}

#[test]
fn terminal_ranking_lists_every_pm() {
    let t = Test::new();
    valid_month().write(&t.month());
    let run = t.kaoping(&["run", "2026-11", "--lang", "en"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.trim_start().starts_with(|c: char| c.is_ascii_digit()) && l.contains("P0"))
        .collect();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    assert!(lines[0].contains("P02") && lines[0].contains("94.07") && lines[0].contains("4,000.00"), "{}", lines[0]);
    assert!(run.stderr.contains("report written to kaoping-2026-11.xlsx"), "{}", run.stderr);
}

#[test]
fn rules_change_the_scores() {
    let t = Test::new();
    valid_month().write(&t.month());
    std::fs::write(t.root().join("rules.toml"), "[item9]\nlate = 3\n").unwrap();
    let json = t.kaoping(&["run", "2026-11", "--json", "--rules", "rules.toml"]).json();
    let p02 = &json["managers"][0];
    assert_eq!(p02["pm_id"], "P02");
    // One late task at 3 points: 5 − 3 = 2.
    assert_eq!(items(p02)[8], 2.0);
}

#[test]
fn a_bad_rules_file_is_exit_2_with_its_line() {
    let t = Test::new();
    valid_month().write(&t.month());
    std::fs::write(t.root().join("rules.toml"), "[item9]\nlate = 1\nlatte = 2\n").unwrap();
    let run = t.kaoping(&["run", "2026-11", "--rules", "rules.toml", "--lang", "en"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("line 3") && run.stderr.contains("latte"), "{}", run.stderr);
    let run = t.kaoping(&["rules", "--rules", "rules.toml"]);
    assert_eq!(run.code, 2);
}

#[test]
fn rules_prints_the_effective_rules() {
    let t = Test::new();
    std::fs::write(t.root().join("rules.toml"), "new_employee_days = 20\n").unwrap();
    let run = t.kaoping(&["rules", "--rules", "rules.toml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("new_employee_days = 20"), "{}", run.stdout);
    assert!(run.stdout.contains("per_point = 0.25"), "{}", run.stdout);
}
