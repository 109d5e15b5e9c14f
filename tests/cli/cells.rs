//! Every finding about a value names that value's cell (SPEC §3 "Diagnostics a clerk
//! can act on"): of two cells that contradict each other, the larger, with the other
//! named in the message; the ID cell of an unknown reference or a duplicate key (and
//! the first occurrence's cell); the date cell of a row outside the month.

use serde_json::Value;

use crate::support::*;

fn find<'a>(checks: &'a [Value], code: &str) -> Vec<&'a Value> {
    checks.iter().filter(|c| c["code"] == code).collect()
}

#[test]
fn cross_field_and_reference_findings_name_their_cells() {
    let t = Test::new();
    let mut books = valid_month();
    let agents = books.sheet("运营部.xlsx", "座席");
    // Row 3: successes (L) 500 > connected (K) 400; row 5: an unknown project (B); row 6:
    // agent A001 again (A); the agents sheet's columns: A 座席工号 … K 接通量 L 成功订制量.
    agents.set(3, 11, n(500.0));
    agents.set(5, 1, s("X09"));
    agents.set(6, 0, s("A001"));
    books.sheet("质检.xlsx", "日常抽检").set(2, 0, d(2026, 10, 31));
    books.write(&t.month());
    let run = t.check_json();
    let checks = run.json()["checks"].as_array().unwrap().clone();

    let range = find(&checks, "out-of-range");
    assert_eq!(range.len(), 1, "{checks:#?}");
    assert_eq!((range[0]["sheet"].as_str(), range[0]["cell"].as_str()), (Some("座席"), Some("L3")));
    assert!(range[0]["message"].as_str().unwrap().contains("connected 400 (K3)"), "{:#?}", range[0]);

    let unknown = find(&checks, "unknown-reference");
    assert_eq!(unknown[0]["cell"], "B5", "{unknown:#?}");
    let dup = find(&checks, "duplicate-key");
    assert_eq!(dup[0]["cell"], "A6");
    assert!(
        dup[0]["message"].as_str().unwrap().contains("first at 2026-11/运营部.xlsx, sheet \"座席\", A2"),
        "{:#?}",
        dup[0]
    );
    let outside = find(&checks, "outside-month");
    assert_eq!((outside[0]["sheet"].as_str(), outside[0]["cell"].as_str()), (Some("日常抽检"), Some("A2")));
}

#[test]
fn dates_as_clerks_type_them_and_placeholders_called_so() {
    let t = Test::new();
    let mut books = valid_month();
    // QA dates without their year (the folder says 2026-11), a hire date with 号.
    let qa = books.sheet("质检.xlsx", "日常抽检");
    for (k, row) in qa.rows.iter_mut().skip(1).enumerate() {
        if let Cell::D(_, _, day) = row[0] {
            row[0] = s(&if k % 2 == 0 { format!("11月{day}日") } else { format!("{day}号") });
        }
    }
    books.sheet("运营部.xlsx", "座席").set(2, 2, s("2025年3月1号"));
    books.write(&t.month());
    let run = t.kaoping(&["run", "2026-11", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let totals: Vec<f64> =
        run.json()["managers"].as_array().unwrap().iter().map(|m| m["total"].as_f64().unwrap()).collect();
    assert_eq!(totals, vec![94.07, 91.27], "the clean month's totals (tests/cli/run.rs works them out)");
    // Without the month known (another folder name, no --month), `11月3日` cannot be read.
    let elsewhere = t.root().join("inputs");
    std::fs::rename(t.month(), &elsewhere).unwrap();
    let run = t.kaoping(&["check", "inputs", "--format", "json", "--lang", "en"]);
    assert_eq!(run.code, 2, "no month at all: ask for --month: {}", run.stderr);
    let run = t.kaoping(&["check", "inputs", "--month", "2026-11", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);

    // A dash in a required number cell is a placeholder, and said to be one.
    let t = Test::new();
    let mut books = valid_month();
    books.sheet("运营部.xlsx", "座席").set(3, 9, s("—"));
    books.write(&t.month());
    let run = t.check_json();
    let missing =
        find(run.json()["checks"].as_array().unwrap(), "missing-value").into_iter().cloned().collect::<Vec<_>>();
    assert_eq!(missing[0]["cell"], "J3");
    assert!(missing[0]["message"].as_str().unwrap().contains("holds only the placeholder \"—\""), "{:#?}", missing[0]);
    // The JSON says what was found and what is accepted, beside the message.
    assert_eq!(missing[0]["found"], "—");
    assert!(missing[0]["accepted"].as_str().unwrap().contains("whole number"), "{:#?}", missing[0]);
}

#[test]
fn rows_naming_a_manager_left_out_while_reading_follow_from_that_row() {
    let t = Test::new();
    let mut books = valid_month();
    books.sheet("运营部.xlsx", "项目经理").set(2, 2, s("五千")); // P01's bonus base unreadable
    books.write(&t.month());
    let run = t.check_json();
    let checks = run.json()["checks"].as_array().unwrap().clone();
    let root = find(&checks, "bad-value")[0].clone();
    assert_eq!((root["sheet"].as_str(), root["cell"].as_str()), (Some("项目经理"), Some("C2")));
    // Every row naming P01 (two projects, a task, five reviews, an adjustment) follows
    // from that cell, and says so, instead of calling P01 unknown.
    // So do the rows of P01's projects (agents, QA), through those projects.
    let follow: Vec<&Value> = find(&checks, "unknown-reference");
    assert!(follow.iter().all(|f| f["cause"] == root["group"]), "{follow:#?}");
    let direct = follow
        .iter()
        .filter(|f| f["message"].as_str().unwrap().contains("the managers row of P01 was itself left out"));
    assert_eq!(direct.count(), 9, "{follow:#?}");
    let text = t.kaoping(&["check", "2026-11", "--lang", "en"]).stdout;
    let first = text.lines().find(|l| l.starts_with("error")).unwrap();
    assert!(first.starts_with("error bad-value  2026-11/运营部.xlsx, sheet \"项目经理\", C2"), "{text}");
    assert!(!text.contains("error unknown-reference"), "folded: {text}");
}
