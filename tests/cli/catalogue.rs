//! The wording catalogue: one real finding of every diagnostic code, in both languages,
//! as a reviewed snapshot (like rust_xlsxwriter's test of every error message). A change
//! of wording shows here as a diff to read; a code that no longer occurs fails the test.

use std::collections::BTreeMap;
use std::path::Path;

use kaoping::diag::Code;

use crate::support::*;

/// A month in which almost everything goes wrong once.
fn messy_month(t: &Test) {
    let mut books = valid_month();
    let agents = books.sheet("运营部.xlsx", "座席");
    agents.set(2, 2, s("入职待定")); // bad-value
    agents.set(3, 9, Cell::Blank); // missing-value
    agents.set(4, 10, n(99999.0)); // out-of-range
    agents.set(5, 0, s("A003")); // duplicate-key (row 4's agent)
    agents.set(6, 1, s("X99")); // unknown-reference
    agents.set(7, 2, d(2026, 12, 5)); // not-present
    agents.set(8, 1, s("x04")); // id-variant
    let mut total = vec![s("合计")];
    total.resize(12, Cell::Blank);
    total.push(n(1.0)); // total-row-mismatch: the revenues do not add up to 1
    agents.rows.push(total);
    books.sheet("质检.xlsx", "日常抽检").set(2, 0, d(2026, 10, 31)); // outside-month
    let tasks = books.sheet("增值部.xlsx", "上级交办工作");
    let again = tasks.rows[2].clone();
    tasks.rows.push(again); // duplicate-row
    let events = books.sheet("市场部.xlsx", "合作方质量事件");
    let severe = events.col("严重");
    events.rows[0][severe] = s("严重程度"); // unknown-column (a header resembling 严重)
    // A manager with no project (no-data) and an unrecognised sheet.
    books.sheet("运营部.xlsx", "项目经理").rows.push(vec![s("P03"), s("王芳"), n(3000.0)]);
    books.files.get_mut("运营部.xlsx").unwrap().push(Sheet::new("备注", vec![vec![s("本月说明")]]));
    // Last month's reviews kept beside this month's (other-month).
    let mut october = books.sheet("增值部.xlsx", "综合评价").clone();
    october.name = "10月".into();
    books.files.get_mut("增值部.xlsx").unwrap().push(october);
    books.write(&t.month());
    // A backup copy with one cell corrected in the original (duplicate-source), an
    // identical copy (duplicate-file), a lock file, a WPS file (skipped-file), a
    // formula without a value, and a truncated workbook (unreadable-file).
    std::fs::copy(t.month().join("市场部.xlsx"), t.month().join("市场部(旧).xlsx")).unwrap();
    books.sheet("市场部.xlsx", "项目").set(2, 1, s("宽带续约（新）"));
    books.write(&t.month());
    std::fs::copy(t.month().join("质检.xlsx"), t.month().join("质检 - 副本.xlsx")).unwrap();
    std::fs::write(t.month().join("~$运营部.xlsx"), b"lock").unwrap();
    std::fs::write(t.month().join("旧表.et"), b"\xd0\xcf\x11\xe0").unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    std::fs::copy(fixtures.join("cli/formula_no_cache.xlsx"), t.month().join("公式.xlsx")).unwrap();
    let bytes = std::fs::read(t.month().join("运营部.xlsx")).unwrap();
    std::fs::write(t.month().join("坏文件.xlsx"), &bytes[..bytes.len() / 2]).unwrap();
}

/// (code → its first finding's message), from `check --format json` in `lang`.
fn first_messages(t: &Test, args: &[&str], lang: &str) -> BTreeMap<String, String> {
    let mut all: Vec<&str> = vec!["check"];
    all.extend(args);
    all.extend(["--format", "json", "--lang", lang]);
    let run = t.kaoping(&all);
    let mut out = BTreeMap::new();
    for c in run.json()["checks"].as_array().unwrap() {
        let (code, message) = (c["code"].as_str().unwrap(), c["message"].as_str().unwrap());
        out.entry(code.to_string()).or_insert_with(|| message.to_string());
    }
    out
}

#[test]
fn every_code_in_both_languages() {
    let messy = Test::new();
    messy_month(&messy);
    // The month said wrong, and an unfilled month, and a report among the inputs.
    let wrong = Test::new();
    valid_month().write(&wrong.month());
    assert_eq!(wrong.kaoping(&["run", "2026-11", "--out", "2026-11/旧报表.xlsx"]).code, 0);
    let empty = Test::new();
    assert_eq!(empty.kaoping(&["template", "--out", "2026-11"]).code, 0);
    // A sheet without one of its columns, and a table left out altogether.
    let incomplete = Test::new();
    let mut books = valid_month();
    let agents = books.sheet("运营部.xlsx", "座席");
    let connected = agents.col("接通量");
    for row in &mut agents.rows {
        row.remove(connected);
    }
    books.files.get_mut("增值部.xlsx").unwrap().retain(|s| s.name != "综合评价");
    books.write(&incomplete.month());
    let mut catalogue = String::new();
    let mut seen = std::collections::BTreeSet::new();
    for lang in ["zh", "en"] {
        let mut messages = first_messages(&messy, &["2026-11"], lang);
        for (code, m) in first_messages(&wrong, &["2026-11", "--month", "2026-10"], lang) {
            messages.entry(code).or_insert(m);
        }
        for (code, m) in first_messages(&empty, &["2026-11", "--month", "2026-11"], lang) {
            messages.entry(code).or_insert(m);
        }
        for (code, m) in first_messages(&incomplete, &["2026-11"], lang) {
            messages.entry(code).or_insert(m);
        }
        for (code, m) in &messages {
            catalogue.push_str(&format!("{lang} {code}: {m}\n"));
            seen.insert(code.clone());
        }
    }
    let missing: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).filter(|c| !seen.contains(*c)).collect();
    assert!(missing.is_empty(), "codes no scenario gives: {missing:?}");
    insta::assert_snapshot!("every_code", catalogue);
}
