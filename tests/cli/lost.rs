//! Nothing lost: every data row read is either used or named in a diagnostic, and
//! the sources' counts add up (read = used + left out), over the sample month, the
//! small valid month with damage, and the reader's fixtures.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use kaoping::config::Config;
use kaoping::diag::Code;
use kaoping::pipeline::{Stage, evaluate};

use crate::support::*;

/// Codes whose diagnostic means "this row was left out".
const LEAVES_OUT: [Code; 8] = [
    Code::BadValue,
    Code::MissingValue,
    Code::OutOfRange,
    Code::DuplicateKey,
    Code::UnknownReference,
    Code::OutsideMonth,
    Code::NotPresent,
    Code::FormulaNoValue,
];

fn assert_nothing_lost(inputs: Vec<PathBuf>) -> usize {
    let config = Config {
        inputs,
        month: kaoping::model::Month::new(2026, 11),
        rules: Default::default(),
        rules_file: None,
        lang: Default::default(),
        draft: false,
        ..Default::default()
    };
    let e = evaluate(&config, Stage::Check, &|_| {}).expect("runs");
    // A finding about a whole sheet (another month's, a copy of another source) names
    // every row of it.
    let whole: BTreeSet<(String, String)> = e
        .diags
        .iter()
        .filter(|d| matches!(d.code, Code::DuplicateSource | Code::OtherMonth) && d.row.is_none())
        .map(|d| (d.file.to_string(), d.sheet.to_string()))
        .collect();
    let mut named: BTreeMap<(String, String), BTreeSet<u32>> = BTreeMap::new();
    for d in e.diags.iter().filter(|d| LEAVES_OUT.contains(&d.code)) {
        if let Some(row) = d.row {
            named.entry((d.file.to_string(), d.sheet.to_string())).or_default().insert(row);
        }
    }
    let mut rows = 0;
    for file in &e.sources {
        for sheet in &file.sheets {
            rows += sheet.rows_read;
            assert!(sheet.rows_used <= sheet.rows_read, "{} [{}]", file.path, sheet.name);
            let left_out = sheet.rows_read - sheet.rows_used;
            if whole.contains(&(file.path.to_string(), sheet.name.to_string())) {
                assert_eq!(sheet.rows_used, 0, "{} [{}]: set aside, yet rows used", file.path, sheet.name);
                continue;
            }
            let diagnosed = named.get(&(file.path.to_string(), sheet.name.to_string())).map_or(0, |s| s.len());
            assert_eq!(
                left_out, diagnosed,
                "{} [{}]: {} read, {} used, but {} rows named by diagnostics",
                file.path, sheet.name, sheet.rows_read, sheet.rows_used, diagnosed
            );
        }
    }
    rows
}

#[test]
fn the_sample_month_loses_nothing() {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/2026-11");
    let rows = assert_nothing_lost(vec![samples]);
    assert!(rows > 600, "the sample month has about 600 agents and more rows: read {rows}");
}

#[test]
fn a_damaged_month_loses_nothing() {
    let t = Test::new();
    let mut books = valid_month();
    let agents = books.sheet("运营部.xlsx", "座席");
    agents.set(2, 2, s("not a date")); // bad-value
    agents.set(3, 9, Cell::Blank); // missing-value
    agents.set(4, 10, n(99999.0)); // out-of-range: connected > dialed
    agents.set(5, 0, s("A001")); // duplicate-key
    agents.set(6, 1, s("X99")); // unknown-reference
    agents.set(7, 2, d(2026, 12, 5)); // not-present
    books.sheet("质检.xlsx", "日常抽检").set(2, 0, d(2026, 10, 31)); // outside-month
    books.sheet("增值部.xlsx", "综合评价").set(3, 2, n(120.0)); // out-of-range
    books.write(&t.month());
    assert_nothing_lost(vec![t.month()]);
}

#[test]
fn the_reader_fixtures_lose_nothing() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let rows = assert_nothing_lost(vec![dir]);
    assert!(rows > 0);
}
