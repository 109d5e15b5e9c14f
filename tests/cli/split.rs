//! Property tests (SPEC §3 "Never the same figures twice"): a month split at random
//! over several files, sheets, tables side by side and CSV exports (UTF-8 with a BOM,
//! or GBK) scores exactly as the month in its usual workbooks;
//! the same month with one of its files copied under a backup name never scores and
//! always names `duplicate-source`.

use std::path::Path;

use kaoping::config::Config;
use kaoping::diag::{Code, Severity};
use kaoping::model::Month;
use kaoping::pipeline::{Evaluation, Stage, evaluate};
use proptest::prelude::*;

use crate::support::*;

fn evaluate_dir(dir: &Path) -> Evaluation {
    let config = Config {
        inputs: vec![dir.to_path_buf()],
        month: Month::new(2026, 11),
        rules: Default::default(),
        rules_file: None,
        lang: Default::default(),
        draft: false,
        ..Default::default()
    };
    evaluate(&config, Stage::Score, &|_| {}).expect("runs")
}

/// Per PM: id, the ten items, total, rank, tier, bonus (as text: exact).
fn scores(e: &Evaluation) -> Vec<String> {
    let outcome = e.outcome.as_ref().unwrap_or_else(|| panic!("not scored: {:#?}", e.diags));
    outcome
        .managers
        .iter()
        .map(|r| {
            let items: Vec<String> = r.score.items.iter().map(|i| format!("{:?}", i.score)).collect();
            format!("{} {:?} {:?} {} {} {:?}", r.score.pm_id, items, r.score.total, r.rank, r.tier, r.bonus)
        })
        .collect()
}

/// A CSV export of a sheet (a call-centre system's): UTF-8 with a BOM, or GBK.
fn write_csv(path: &Path, sheet: &Sheet, gbk: bool) {
    let field = |c: &Cell| match c {
        Cell::S(t) => format!("\"{}\"", t.replace('"', "\"\"")),
        Cell::N(v) => v.to_string(),
        Cell::D(y, m, d) => format!("{y:04}-{m:02}-{d:02}"),
        Cell::Blank => String::new(),
    };
    let text: String = sheet.rows.iter().map(|r| r.iter().map(field).collect::<Vec<_>>().join(",") + "\r\n").collect();
    let bytes = if gbk {
        encoding_rs::GBK.encode(&text).0.into_owned()
    } else {
        [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat()
    };
    std::fs::write(path, bytes).unwrap();
}

/// Two sheets side by side on one sheet, a blank column between (the longer one's
/// rows go on below the shorter one's).
fn side_by_side(left: &Sheet, right: &Sheet) -> Sheet {
    let width = left.rows.iter().map(Vec::len).max().unwrap_or(0) + 1;
    let rows = (0..left.rows.len().max(right.rows.len()))
        .map(|r| {
            let mut row = left.rows.get(r).cloned().unwrap_or_default();
            row.resize(width, Cell::Blank);
            row.extend(right.rows.get(r).cloned().unwrap_or_default());
            row
        })
        .collect();
    Sheet::new(&format!("{}与{}", left.name, right.name), rows)
}

/// The table a part of the split came from: its sheet name without the part number.
fn table_of(sheet: &Sheet) -> &str {
    sheet.name.trim_end_matches(|c: char| c.is_ascii_digit())
}

/// The month's sheets spread over `files` workbooks: sheet `k` of the month is cut into
/// parts at the row numbers in `cuts[k]` (each part keeps the header), and part `p` of
/// sheet `k` goes to file `place[k][p] % files`.
fn split(books: &Books, files: usize, cuts: &[Vec<usize>], place: &[Vec<usize>]) -> Books {
    let mut out = Books::default();
    let mut k = 0;
    for sheets in books.files.values() {
        for sheet in sheets {
            let (header, rows) = sheet.rows.split_first().expect("a header");
            let mut at: Vec<usize> = cuts[k].iter().map(|c| c % (rows.len() + 1)).collect();
            at.push(0);
            at.push(rows.len());
            at.sort_unstable();
            at.dedup();
            for (p, w) in at.windows(2).enumerate() {
                let file = format!("部门{}.xlsx", place[k].get(p).copied().unwrap_or(p) % files);
                let mut part = vec![header.clone()];
                part.extend(rows[w[0]..w[1]].iter().cloned());
                let name = format!("{}{}", sheet.name, p + 1);
                out.files.entry(file).or_default().push(Sheet::new(&name, part));
            }
            k += 1;
        }
    }
    out
}

fn whole_month_scores() -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    valid_month().write(dir.path());
    scores(&evaluate_dir(dir.path()))
}

const SHEETS: usize = 8;

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, .. ProptestConfig::default() })]

    #[test]
    fn a_month_split_over_files_and_sheets_scores_as_the_whole(
        files in 1usize..5,
        cuts in proptest::collection::vec(proptest::collection::vec(0usize..200, 0..3), SHEETS),
        place in proptest::collection::vec(proptest::collection::vec(0usize..8, 3), SHEETS),
        as_csv in proptest::collection::vec(0u8..3, 24),
        side in proptest::collection::vec(any::<bool>(), 24),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut books = split(&valid_month(), files, &cuts, &place);
        // Some sheets as CSV exports instead (one file a sheet), in UTF-8 or GBK.
        // Some pairs of sheets of different tables put side by side on one sheet.
        let mut pairs = 0;
        for (k, sheets) in books.files.values_mut().enumerate() {
            let mut out: Vec<Sheet> = Vec::new();
            let mut rest = std::mem::take(sheets).into_iter().peekable();
            while let Some(sheet) = rest.next() {
                match rest.peek() {
                    Some(next) if side[(k + out.len()) % side.len()] && table_of(next) != table_of(&sheet) => {
                        out.push(side_by_side(&sheet, next));
                        rest.next();
                        pairs += 1;
                    }
                    _ => out.push(sheet),
                }
            }
            *sheets = out;
        }
        let mut csvs = 0;
        for (k, (file, sheets)) in books.files.iter_mut().enumerate() {
            let mut kept = Vec::new();
            for (j, sheet) in sheets.drain(..).enumerate() {
                match as_csv.get(k + j).copied().unwrap_or(0) {
                    // A CSV holds one table: a side-by-side sheet stays a sheet.
                    _ if sheet.name.contains('与') => kept.push(sheet),
                    0 => kept.push(sheet),
                    how => {
                        let name = format!("{}-{}.csv", file.trim_end_matches(".xlsx"), sheet.name);
                        write_csv(&dir.path().join(name), &sheet, how == 2);
                        csvs += 1;
                    }
                }
            }
            *sheets = kept;
        }
        books.files.retain(|_, sheets| !sheets.is_empty());
        books.write(dir.path());
        let e = evaluate_dir(dir.path());
        prop_assert_eq!(e.sources.iter().filter(|s| s.format == "csv").count(), csvs);
        // Each side-by-side sheet read as two tables, one source entry each.
        let doubled = e.sources.iter().flat_map(|f| &f.sheets).filter(|s| s.name.contains('与') && s.table.is_some()).count();
        prop_assert_eq!(doubled, 2 * pairs);
        prop_assert_eq!(e.errors(), 0, "{:#?}", e.diags);
        prop_assert_eq!(scores(&e), whole_month_scores());
    }

    #[test]
    fn a_backup_copy_of_one_file_never_scores_and_names_duplicate_source(
        files in 1usize..5,
        cuts in proptest::collection::vec(proptest::collection::vec(0usize..200, 0..3), SHEETS),
        place in proptest::collection::vec(proptest::collection::vec(0usize..8, 3), SHEETS),
        which in 0usize..8,
        name in prop::sample::select(vec!["{} - 副本", "{}(旧)", "{}备份", "Copy of {}", "{}_old", "{} (1)"]),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let books = split(&valid_month(), files, &cuts, &place);
        books.write(dir.path());
        // The backup: the same sheets plus a note, so its bytes differ.
        let (file, sheets) = books.files.iter().nth(which % books.files.len()).unwrap();
        let mut sheets = sheets.clone();
        sheets.push(Sheet::new("备注", vec![vec![s("备份于月底")]]));
        let stem = file.trim_end_matches(".xlsx");
        let copy = format!("{}.xlsx", name.replace("{}", stem));
        write_book(&dir.path().join(&copy), &sheets);
        let e = evaluate_dir(dir.path());
        prop_assert!(e.outcome.is_none(), "scored with a backup copy");
        let dups: Vec<_> = e.diags.iter().filter(|d| d.code == Code::DuplicateSource).collect();
        prop_assert!(!dups.is_empty(), "{:#?}", e.diags);
        prop_assert!(dups.iter().all(|d| d.severity == Severity::Error && d.file.ends_with(&copy)), "{:#?}", dups);
    }
}
