//! The workbook read back with calamine: what a manager sees must add up.

use std::io::Cursor;
use std::sync::Arc;

use calamine::{Data, DataType, Reader, Xlsx, open_workbook_from_rs};

use super::*;
use crate::diag::{Code, Diagnostic};
use crate::model::{SourceSheet, TableKind};
use crate::outcome::{Deduction, ItemScore, Metrics, PmScore, Points, Ranked};
use crate::text::Text;

const MAX: [u32; 10] = [5, 5, 10, 10, 10, 10, 15, 15, 5, 15];

/// A deduction: (item, part, hundredths, manual).
type D = (u8, Option<&'static str>, i64, bool);

fn pm(id: &str, name: &str, base: f64, deds: &[D]) -> PmScore {
    let items: Vec<ItemScore> = (1..=10u8)
        .map(|item| {
            let max = Points::whole(MAX[usize::from(item) - 1]);
            let deductions: Vec<Deduction> = deds
                .iter()
                .filter(|d| d.0 == item)
                .map(|&(item, part, p, manual)| Deduction {
                    item,
                    part,
                    points: Points(p),
                    reason: Text::new(
                        format!("第{item}项理由 {}", Points(p)),
                        format!("item {item} reason {}", Points(p)),
                    ),
                    source: "agents.xlsx 座席!5-20".into(),
                    manual,
                })
                .collect();
            let lost: Points = deductions.iter().map(|d| d.points).sum();
            ItemScore { item, max, score: Points((max - lost).0.max(0)), deductions }
        })
        .collect();
    let total = items.iter().map(|i| i.score).sum();
    PmScore {
        pm_id: id.into(),
        name: name.into(),
        bonus_base: base,
        projects: vec![format!("{id}-A"), format!("{id}-B")],
        items,
        total,
        metrics: Metrics {
            volume: 92_400.0,
            revenue: 92_400.0,
            plan: 100_000.0,
            completion: Some(0.924),
            agents: 45,
            eligible_agents: 40,
            connection_rate: Some(0.5),
            attendance: Some(0.97),
            ..Metrics::default()
        },
        partner_events: vec![],
        veto: None,
        flagged: false,
        concerns: Vec::new(),
    }
}

fn ranked(score: PmScore, rank: u32, tier: u8, multiplier: f64) -> Ranked {
    let bonus = Points::round(score.bonus_base * multiplier);
    Ranked { score, rank, tier, multiplier, bonus, lift: Default::default() }
}

/// Five PMs, in rank order:
/// - P01: 100 − (1.90 + 0.88 + 1.00 + 2.82) = 93.40, tier 1, 3000 × 1.0 = 3000.00
/// - P02: 100 − (6.00 + 2.00 + 2.00 + 5.00) = 85.00, tier 2, 2000 × 0.8 = 1600.00
/// - P03: 100 − (5.00 + 5.00 + 5.00) = 85.00, tied rank 2, tier 2, flagged, 2000.50 × 0.8 = 1600.40
/// - P04: 100 − (3.00 + 15.00 + 10.00) = 72.00, vetoed: tier 5, 3000 × 0 = 0.00
/// - `a/b:c*?`: 100 − (5 + 5 + 5 + 10 + 15) = 60.00, tier 4, 2500 × 0.4 = 1000.00; its name is formula-like text.
fn outcome() -> Outcome {
    let p01 = pm(
        "P01",
        "张三",
        3000.0,
        &[(1, None, 190, false), (2, None, 88, false), (3, Some("3a"), 100, false), (8, Some("8c"), 282, false)],
    );
    let p02 = pm(
        "P02",
        "李四",
        2000.0,
        &[(4, None, 600, false), (7, None, 200, false), (9, None, 200, true), (10, None, 500, false)],
    );
    let mut p03 = pm(
        "P03",
        "王五",
        2000.5,
        &[(5, Some("5a"), 500, false), (6, Some("6a"), 500, false), (6, Some("6b"), 500, false)],
    );
    p03.flagged = true;
    let mut p04 =
        pm("P04", "赵六", 3000.0, &[(1, None, 300, false), (7, None, 1500, false), (8, Some("8a"), 1000, false)]);
    p04.veto = Some(Text::new("合作方终止业务（项目 P04-A）", "the partner terminated the business (project P04-A)"));
    let p05 = pm(
        "a/b:c*?",
        "=HYPERLINK(\"http://x\",\"y\")",
        2500.0,
        &[
            (2, None, 500, false),
            (3, Some("3a"), 500, false),
            (3, Some("3b"), 500, false),
            (4, None, 1000, false),
            (10, None, 1500, false),
        ],
    );
    Outcome {
        managers: vec![
            ranked(p01, 1, 1, 1.0),
            ranked(p02, 2, 2, 0.8),
            ranked(p03, 2, 2, 0.8),
            ranked(p04, 4, 5, 0.0),
            ranked(p05, 5, 4, 0.4),
        ],
    }
}

fn diags() -> Vec<Diagnostic> {
    let file: Arc<str> = Arc::from("b.xlsx");
    let sheet: Arc<str> = Arc::from("座席");
    vec![
        Diagnostic::new(Code::OutsideMonth, Text::new("日期在月外", "outside the month"))
            .in_file(&file)
            .in_sheet(&sheet)
            .at_cell(9, 0),
        Diagnostic::new(Code::BadValue, Text::new("不是数字", "not a number"))
            .in_file(&file)
            .in_sheet(&sheet)
            .at_cell(3, 4),
        Diagnostic::new(Code::LockFile, Text::new("锁定文件", "lock file")).in_file(&Arc::from("a/~$x.xlsx")),
    ]
}

fn sources() -> Vec<SourceFile> {
    let sheet = |name: &str, table, read, used| SourceSheet {
        name: Arc::from(name),
        table,
        header_row: table.map(|_| 2),
        rows_read: read,
        rows_used: used,
        hidden: false,
        title: String::new(),
    };
    vec![
        SourceFile {
            real: Default::default(),
            path: Arc::from("a/~$x.xlsx"),
            sha256: "0".repeat(64),
            format: "unknown",
            size: 165,
            modified: None,
            skipped: Some(Code::LockFile),
            sheets: vec![],
        },
        SourceFile {
            real: Default::default(),
            path: Arc::from("b.xlsx"),
            sha256: "ab".repeat(32),
            format: "xlsx",
            size: 12_345,
            modified: None,
            skipped: None,
            sheets: vec![
                sheet("座席", Some(TableKind::Agents), 120, 117),
                sheet("项目", Some(TableKind::Projects), 10, 10),
                sheet("说明", None, 0, 0),
            ],
        },
    ]
}

struct Fixture {
    outcome: Outcome,
    diags: Vec<Diagnostic>,
    sources: Vec<SourceFile>,
    rules: Rules,
}

impl Fixture {
    fn new() -> Fixture {
        Fixture { outcome: outcome(), diags: diags(), sources: sources(), rules: Rules::default() }
    }

    fn input(&self, lang: Lang, draft: bool) -> ReportInput<'_> {
        ReportInput {
            month: Month::new(2026, 11).unwrap(),
            lang,
            draft,
            outcome: &self.outcome,
            diags: &self.diags,
            sources: &self.sources,
            rules: &self.rules,
            rules_file: None,
            created: 1_764_547_200, // 2025-12-01T00:00:00Z
            previous: None,
            trend: &[],
            changes: None,
            run: None,
        }
    }

    fn book(&self, lang: Lang, draft: bool) -> Xlsx<Cursor<Vec<u8>>> {
        let bytes = build(&self.input(lang, draft)).unwrap();
        open_workbook_from_rs(Cursor::new(bytes)).unwrap()
    }
}

/// A report of `outcome` alone: no diagnostics, no sources, created at 0.
fn bare_input<'a>(outcome: &'a Outcome, rules: &'a Rules, month: Month, lang: Lang) -> ReportInput<'a> {
    ReportInput {
        month,
        lang,
        draft: false,
        outcome,
        diags: &[],
        sources: &[],
        rules,
        rules_file: None,
        created: 0,
        previous: None,
        trend: &[],
        changes: None,
        run: None,
    }
}

/// The text of one part of the workbook's zip, e.g. `xl/worksheets/sheet8.xml`.
fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut xml).unwrap();
    xml
}

fn cell(range: &calamine::Range<Data>, row: u32, col: u16) -> Data {
    range.get_value((row, u32::from(col))).cloned().unwrap_or(Data::Empty)
}

fn num(range: &calamine::Range<Data>, row: u32, col: u16) -> f64 {
    match cell(range, row, col) {
        Data::Float(f) => f,
        Data::Int(i) => i as f64,
        other => panic!("({row}, {col}) is not a number: {other:?}"),
    }
}

fn text(range: &calamine::Range<Data>, row: u32, col: u16) -> String {
    match cell(range, row, col) {
        Data::String(s) => s,
        Data::Empty => String::new(),
        other => panic!("({row}, {col}) is not text: {other:?}"),
    }
}

use ranking::{C_BASE, C_BONUS, C_ID, C_ITEM1, C_MULT, C_NAME, C_NOTES, C_RANK, C_TIER, C_TOTAL, FIRST_ROW};

#[test]
fn sheet_names_in_both_languages() {
    let fx = Fixture::new();
    let zh = fx.book(Lang::Zh, false).sheet_names();
    assert_eq!(
        zh,
        [
            "排名",
            "一级",
            "二级",
            "三级",
            "四级",
            "五级",
            "扣分明细",
            "指标",
            "考评表-P01",
            "考评表-P02",
            "考评表-P03",
            "考评表-P04",
            "考评表-a_b_c__",
            "数据检查",
            "来源"
        ]
    );
    let en = fx.book(Lang::En, false).sheet_names();
    assert_eq!(
        en,
        [
            "Ranking",
            "Tier 1",
            "Tier 2",
            "Tier 3",
            "Tier 4",
            "Tier 5",
            "Deductions",
            "Metrics",
            "Scorecard-P01",
            "Scorecard-P02",
            "Scorecard-P03",
            "Scorecard-P04",
            "Scorecard-a_b_c__",
            "Checks",
            "Sources"
        ]
    );
}

#[test]
fn ranking_has_one_row_per_pm_in_rank_order_and_totals_add_up() {
    let fx = Fixture::new();
    let mut book = fx.book(Lang::Zh, false);
    let r = book.worksheet_range("排名").unwrap();
    assert!(text(&r, 0, 0).starts_with("2026年11月"), "{}", text(&r, 0, 0));
    assert!(!text(&r, 0, 0).contains("草稿"));
    let ids: Vec<String> = (0..5).map(|i| text(&r, FIRST_ROW + i, C_ID)).collect();
    assert_eq!(ids, ["P01", "P02", "P03", "P04", "a/b:c*?"]);
    assert_eq!(text(&r, FIRST_ROW + 5, C_ID), "", "no sixth PM row");
    let ranks: Vec<f64> = (0..5).map(|i| num(&r, FIRST_ROW + i, C_RANK)).collect();
    assert_eq!(ranks, [1.0, 2.0, 2.0, 4.0, 5.0]);
    let expected_totals = [93.40, 85.00, 85.00, 72.00, 60.00];
    let expected_bonus = [3000.00, 1600.00, 1600.40, 0.00, 1000.00];
    for i in 0..5u32 {
        let row = FIRST_ROW + i;
        let items: f64 = (0..10).map(|c| num(&r, row, C_ITEM1 + c)).sum();
        let total = num(&r, row, C_TOTAL);
        assert!((items - total).abs() < 1e-9, "row {row}: items {items} vs total {total}");
        assert!((total - expected_totals[i as usize]).abs() < 1e-9, "row {row}: {total}");
        let bonus = num(&r, row, C_BONUS);
        assert!((bonus - expected_bonus[i as usize]).abs() < 1e-9, "row {row}: {bonus}");
        let by_hand = (num(&r, row, C_BASE) * num(&r, row, C_MULT) * 100.0).round() / 100.0;
        assert!((by_hand - bonus).abs() < 1e-9);
    }
    assert_eq!(text(&r, FIRST_ROW + 3, C_TIER), "五级");
    // A name that looks like a formula stays text.
    assert_eq!(text(&r, FIRST_ROW + 4, C_NAME), "=HYPERLINK(\"http://x\",\"y\")");

    let formulas = book.worksheet_formula("排名").unwrap();
    for i in 0..5u32 {
        let excel_row = FIRST_ROW + i + 1;
        let total = formulas.get_value((FIRST_ROW + i, u32::from(C_TOTAL))).cloned().unwrap_or_default();
        assert_eq!(total, format!("SUM(D{excel_row}:M{excel_row})"));
        let bonus = formulas.get_value((FIRST_ROW + i, u32::from(C_BONUS))).cloned().unwrap_or_default();
        assert_eq!(bonus, format!("ROUND(Q{excel_row}*P{excel_row},2)"));
        let name = formulas.get_value((FIRST_ROW + i, u32::from(C_NAME))).cloned().unwrap_or_default();
        assert_eq!(name, "", "names are never formulas");
    }
}

#[test]
fn notes_give_every_reason_in_item_order_and_the_veto() {
    let fx = Fixture::new();
    let mut book = fx.book(Lang::Zh, false);
    let r = book.worksheet_range("排名").unwrap();
    assert_eq!(
        text(&r, FIRST_ROW, C_NOTES),
        "[1] 第1项理由 1.90；[2] 第2项理由 0.88；[3a] 第3项理由 1.00；[8c] 第8项理由 2.82"
    );
    // One line each (the ranking's rows stay one line high for printing; SPEC §6.2).
    assert_eq!(text(&r, FIRST_ROW + 1, C_NOTES).split('；').nth(2).unwrap(), "[9] 人工扣分：第9项理由 2.00");
    assert!(text(&r, FIRST_ROW + 3, C_NOTES).starts_with("[质量否决] 合作方终止业务（项目 P04-A）；[1] "));
    let mut en = fx.book(Lang::En, false);
    let r = en.worksheet_range("Ranking").unwrap();
    assert_eq!(text(&r, FIRST_ROW, C_NOTES).split("; ").next().unwrap(), "[1] item 1 reason 1.90");
    assert_eq!(text(&r, FIRST_ROW + 1, C_NOTES).split("; ").nth(2).unwrap(), "[9] manual: item 9 reason 2.00");
}

#[test]
fn tier_sheets_agree_with_the_ranking() {
    let fx = Fixture::new();
    let mut book = fx.book(Lang::En, false);
    let r = book.worksheet_range("Ranking").unwrap();
    for tier in 1..=5u8 {
        let tier_name = format!("Tier {tier}");
        let expected: Vec<(String, f64)> = (0..5)
            .filter(|i| text(&r, FIRST_ROW + i, C_TIER) == tier_name)
            .map(|i| (text(&r, FIRST_ROW + i, C_ID), num(&r, FIRST_ROW + i, C_TOTAL)))
            .collect();
        let t = book.worksheet_range(&tier_name).unwrap();
        let mut got = Vec::new();
        let mut row = FIRST_ROW;
        while let Data::String(id) = cell(&t, row, C_ID) {
            got.push((id, num(&t, row, C_TOTAL)));
            assert_eq!(text(&t, row, C_TIER), tier_name);
            row += 1;
        }
        assert_eq!(got, expected, "{tier_name}");
        if expected.is_empty() {
            assert_eq!(text(&t, FIRST_ROW, 0), "No PMs in this tier.");
        }
        // Values, not formulas, on the tier sheets.
        let formulas = book.worksheet_formula(&tier_name).unwrap();
        assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "{tier_name}");
    }
}

#[test]
fn one_deductions_row_per_deduction() {
    let fx = Fixture::new();
    let mut book = fx.book(Lang::Zh, false);
    let d = book.worksheet_range("扣分明细").unwrap();
    let all: Vec<(&str, &Deduction)> = fx
        .outcome
        .managers
        .iter()
        .flat_map(|r| r.score.deductions().map(move |d| (r.score.pm_id.as_str(), d)))
        .collect();
    assert_eq!(all.len(), 4 + 4 + 3 + 3 + 5);
    for (i, (id, ded)) in all.iter().enumerate() {
        let row = 3 + i as u32;
        assert_eq!(text(&d, row, 0), *id);
        assert_eq!(num(&d, row, 2), f64::from(ded.item));
        assert_eq!(text(&d, row, 4), ded.part.unwrap_or(""));
        assert!((num(&d, row, 5) - ded.points.as_f64()).abs() < 1e-9);
        assert_eq!(text(&d, row, 6), ded.reason.zh);
        assert_eq!(text(&d, row, 8), if ded.manual { "人工扣分" } else { "规则扣分" });
    }
    assert_eq!(text(&d, 3 + all.len() as u32, 0), "", "no extra row");
}

#[test]
fn one_scorecard_per_pm_whose_total_is_the_ranking_total() {
    let fx = Fixture::new();
    let mut book = fx.book(Lang::Zh, false);
    let names = scorecard_names(&fx.outcome, Lang::Zh);
    let r = book.worksheet_range("排名").unwrap();
    for (i, name) in names.iter().enumerate() {
        let s = book.worksheet_range(name).unwrap();
        assert_eq!(text(&s, 0, 0), "2026年11月 电话营销项目经理绩效考评表");
        let heads: Vec<String> = (0..6).map(|c| text(&s, 3, c)).collect();
        assert_eq!(heads, ["项次", "考评内容", "考评方法（扣分制）", "分项满分值", "扣分理由", "实际得分"]);
        let items: Vec<f64> = (0..10).map(|k| num(&s, 4 + k, 0)).collect();
        assert_eq!(items, (1..=10).map(f64::from).collect::<Vec<_>>());
        assert_eq!(text(&s, 4, 2), "完成率每低于100%一个百分点扣0.25分。");
        let sum_row = (0..30).find(|&row| cell(&s, row, 0) == Data::String("合计".into())).expect("a 合计 row");
        assert_eq!(sum_row, scorecard::SUM_ROW);
        let total = num(&s, sum_row, 5);
        assert!((total - num(&r, FIRST_ROW + i as u32, C_TOTAL)).abs() < 1e-9, "{name}");
        let items_sum: f64 = (0..10).map(|k| num(&s, 4 + k, 5)).sum();
        assert!((items_sum - total).abs() < 1e-9);
        assert!((num(&s, sum_row, 3) - 100.0).abs() < 1e-9);
        let f = book.worksheet_formula(name).unwrap();
        assert_eq!(f.get_value((sum_row, 5)).cloned().unwrap_or_default(), "SUM(F5:F14)");
        // Signature lines.
        let all_text: Vec<String> = s.used_cells().filter_map(|(_, _, v)| v.get_string().map(String::from)).collect();
        assert!(all_text.iter().any(|t| t == "考评人签字："));
        assert!(all_text.iter().any(|t| t == "被考评人签字："));
    }
    // The reason of P01's item 1 sits on its row.
    let s = book.worksheet_range("考评表-P01").unwrap();
    assert_eq!(text(&s, 4, 4), "第1项理由 1.90");
    assert_eq!(text(&s, 11, 4), "8c 第8项理由 2.82");
    // An item without deductions shows its key figures under the dash instead.
    let p01 = fx.outcome.managers.iter().find(|r| r.score.pm_id == "P01").unwrap();
    for (k, item) in p01.score.items.iter().enumerate() {
        let cell = text(&s, 4 + k as u32, 4);
        if item.deductions.is_empty() {
            let key = words::key_metrics(item.item, &p01.score.metrics).zh.replace('\n', "，");
            assert_eq!(cell, format!("—\n关键指标：{key}"), "item {}", item.item);
        } else {
            assert!(!cell.contains("关键指标"), "item {}: {cell}", item.item);
        }
    }
}

#[test]
fn sources_counts_add_up_and_checks_are_sorted() {
    let fx = Fixture::new();
    let mut book = fx.book(Lang::En, false);
    let s = book.worksheet_range("Sources").unwrap();
    let header = (0..40).find(|&row| text(&s, row, 4) == "Rows read").expect("sheets header");
    let mut row = header + 1;
    let mut seen = 0;
    while text(&s, row, 0) != "Total" {
        let (read, used, out) = (num(&s, row, 4), num(&s, row, 5), num(&s, row, 6));
        assert_eq!(read, used + out, "row {row}");
        seen += 1;
        row += 1;
    }
    assert_eq!(seen, 3);
    assert_eq!((num(&s, row, 4), num(&s, row, 5), num(&s, row, 6)), (130.0, 127.0, 3.0));
    let all: Vec<String> = s.used_cells().filter_map(|(_, _, v)| v.get_string().map(String::from)).collect();
    assert!(all.contains(&"ab".repeat(32)));
    assert!(all.contains(&"Excel lock file (lock-file)".to_string()));
    assert!(all.contains(&format!("kaoping {}", crate::VERSION)));
    assert!(all.contains(&"item1.per_point".to_string()));
    assert!(all.contains(&"2026-11".to_string()));

    // Grouped (SPEC §3): errors first, then warnings, then infos; code, file and cell
    // in columns B, D and F.
    let c = book.worksheet_range("Checks").unwrap();
    let rows: Vec<(String, String, String)> =
        (3..6).map(|row| (text(&c, row, 1), text(&c, row, 3), text(&c, row, 5))).collect();
    assert_eq!(
        rows,
        [
            ("bad-value".into(), "b.xlsx".into(), "E3".into()),
            ("outside-month".into(), "b.xlsx".into(), "A9".into()),
            ("lock-file".into(), "a/~$x.xlsx".into(), "".into()),
        ]
    );
    assert_eq!(text(&c, 3, 0), "error");
    assert_eq!((text(&c, 3, 2), num(&c, 3, 6)), ("unreadable value".to_string(), 1.0));
}

#[test]
fn metrics_show_every_value_and_blank_for_none() {
    let fx = Fixture::new();
    let mut book = fx.book(Lang::Zh, false);
    let m = book.worksheet_range("指标").unwrap();
    // As many columns as the sheet has: a metric added anywhere keeps this test as it is.
    let heads: Vec<String> = (0..m.width() as u16).map(|c| text(&m, 2, c)).collect();
    assert!(heads.contains(&"接通率".to_string()) && heads.contains(&"接通订制率".to_string()));
    assert_eq!(text(&m, 3, 0), "P01");
    let col = |name: &str| heads.iter().position(|h| h == name).unwrap() as u16;
    assert!((num(&m, 3, col("计划完成率")) - 0.924).abs() < 1e-12);
    assert!((num(&m, 3, col("接通率")) - 0.5).abs() < 1e-12);
    assert_eq!(cell(&m, 3, col("接通订制率")), Data::Empty);
    assert_eq!(text(&m, 3, col("前提成立")), "否");
}

#[test]
fn draft_marks_the_title_and_the_flagged_pm() {
    let fx = Fixture::new();
    let mut book = fx.book(Lang::Zh, true);
    let r = book.worksheet_range("排名").unwrap();
    assert!(text(&r, 0, 0).ends_with("（草稿）"));
    assert_eq!(text(&r, FIRST_ROW + 2, C_NAME), "⚠ 王五");
    assert!(text(&r, FIRST_ROW + 2, C_NOTES).starts_with("⚠ 草稿"));
    assert_eq!(text(&r, FIRST_ROW + 1, C_NAME), "李四");
    let s = book.worksheet_range("考评表-P03").unwrap();
    assert!(text(&s, 0, 0).contains("草稿"));
    let mut en = fx.book(Lang::En, true);
    assert!(text(&en.worksheet_range("Ranking").unwrap(), 0, 0).ends_with("(DRAFT)"));
}

#[test]
fn identical_inputs_give_identical_bytes() {
    let fx = Fixture::new();
    let a = build(&fx.input(Lang::Zh, false)).unwrap();
    let b = build(&fx.input(Lang::Zh, false)).unwrap();
    assert!(a == b, "two builds differ");
    let mut later = fx.input(Lang::Zh, false);
    later.created += 86_400;
    assert!(build(&later).unwrap() != a, "the creation time is in the file");
}

#[test]
fn the_workbook_carries_the_kaoping_mark() {
    let fx = Fixture::new();
    let bytes = build(&fx.input(Lang::Zh, false)).unwrap();
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut custom = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("docProps/custom.xml").unwrap(), &mut custom).unwrap();
    assert!(custom.contains(&format!("name=\"{}\"", crate::REPORT_MARK)), "{custom}");
    assert!(custom.contains(&format!("<vt:lpwstr>{}</vt:lpwstr>", crate::VERSION)), "{custom}");
    assert!(crate::read::is_kaoping_report(&build(&fx.input(Lang::En, true)).unwrap()));
    let mut core = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("docProps/core.xml").unwrap(), &mut core).unwrap();
    assert!(core.contains("2025-12-01T00:00:00Z"), "{core}");
}

#[test]
fn every_sheet_prints_on_a4_fitted_with_a_footer() {
    let fx = Fixture::new();
    let bytes = build(&fx.input(Lang::Zh, false)).unwrap();
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let sheets: Vec<String> = (1..=15).map(|i| format!("xl/worksheets/sheet{i}.xml")).collect();
    assert!(zip.by_name("xl/worksheets/sheet16.xml").is_err(), "15 sheets");
    for name in sheets {
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(&name).unwrap(), &mut xml).unwrap();
        assert!(xml.contains("paperSize=\"9\""), "{name}: not A4");
        // The metrics print in blocks at a set scale (`style::print_blocks`); the rest fit.
        if name.ends_with("sheet8.xml") {
            assert!(xml.contains("<colBreaks") && xml.contains("scale=\""), "{name}: not in blocks");
        } else {
            assert!(xml.contains("<pageSetUpPr fitToPage=\"1\"/>"), "{name}: not fitted");
        }
        assert!(xml.contains("第 &amp;P 页 / 共 &amp;N 页"), "{name}: no page numbers");
        assert!(xml.contains("2026-11"), "{name}: no month");
    }
    let mut workbook = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/workbook.xml").unwrap(), &mut workbook).unwrap();
    assert!(workbook.contains("_xlnm.Print_Titles"), "header rows repeat");
}

#[test]
fn scorecard_names_are_valid_unique_and_short() {
    let long = "X".repeat(40);
    let ids = ["P01", "p01", "a[b]", "'quoted'", &long, &long, "新员工/组长", ""];
    let managers = ids.iter().enumerate().map(|(i, id)| ranked(pm(id, "n", 0.0, &[]), i as u32 + 1, 1, 1.0)).collect();
    let names = scorecard_names(&Outcome { managers }, Lang::En);
    assert_eq!(names[0], "Scorecard-P01");
    assert_eq!(names[1], "Scorecard-p01~2");
    assert_eq!(names[2], "Scorecard-a_b_");
    assert_eq!(names[3], "Scorecard-'quoted");
    assert_eq!(names[4].encode_utf16().count(), 31);
    assert_ne!(names[4].to_lowercase(), names[5].to_lowercase());
    assert_eq!(names[6], "Scorecard-新员工_组长");
    let mut lower: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
    lower.sort();
    lower.dedup();
    assert_eq!(lower.len(), names.len());
    for n in &names {
        rust_xlsxwriter::utility::check_sheet_name(n).unwrap();
    }
}

#[test]
fn an_empty_month_still_builds_every_sheet() {
    let outcome = Outcome::default();
    let rules = Rules::default();
    let input = bare_input(&outcome, &rules, Month::new(2026, 2).unwrap(), Lang::Zh);
    let bytes = build(&input).unwrap();
    let book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names().len(), 10);
}

#[test]
fn text_from_the_inputs_is_never_a_formula() {
    let tricky = ["+1", "-1", "@SUM(A1)", "=1+1", "'quoted"];
    let managers = tricky
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let mut s = pm(&format!("P{i}"), t, 1000.0, &[(1, None, 100, true)]);
            s.projects = vec![t.to_string()];
            s.items[0].deductions[0].reason = Text::new(*t, *t);
            s.items[0].deductions[0].source = t.to_string();
            ranked(s, i as u32 + 1, 1, 1.0)
        })
        .collect();
    let outcome = Outcome { managers };
    let rules = Rules::default();
    let input = bare_input(&outcome, &rules, Month::new(2026, 11).unwrap(), Lang::Zh);
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(build(&input).unwrap())).unwrap();
    let r = book.worksheet_range("排名").unwrap();
    let d = book.worksheet_range("扣分明细").unwrap();
    for (i, t) in tricky.iter().enumerate() {
        let row = FIRST_ROW + i as u32;
        assert_eq!(cell(&r, row, C_NAME), Data::String(t.to_string()));
        assert_eq!(cell(&r, row, ranking::C_PROJECTS), Data::String(t.to_string()));
        assert_eq!(cell(&d, row, 6), Data::String(t.to_string()));
        assert_eq!(cell(&d, row, 7), Data::String(t.to_string()));
    }
    for name in book.sheet_names() {
        let formulas = book.worksheet_formula(&name).unwrap();
        for (_, _, f) in formulas.used_cells() {
            assert!(f.is_empty() || f.starts_with("SUM(") || f.starts_with("ROUND("), "{name}: {f}");
        }
    }
}

#[test]
fn a_note_longer_than_a_cell_is_cut_not_fatal() {
    let deds: Vec<D> = (0..400).map(|_| (8, Some("8b"), 1, false)).collect();
    let mut s = pm("P1", "n", 0.0, &deds);
    for d in &mut s.items[7].deductions {
        d.reason = Text::new("很长的理由".repeat(20), "a long reason ".repeat(20));
    }
    let outcome = Outcome { managers: vec![ranked(s, 1, 1, 1.0)] };
    let rules = Rules::default();
    let input = bare_input(&outcome, &rules, Month::new(2026, 11).unwrap(), Lang::En);
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(build(&input).unwrap())).unwrap();
    let notes = text(&book.worksheet_range("Ranking").unwrap(), FIRST_ROW, C_NOTES);
    assert_eq!(notes.chars().count(), 32_001);
    assert!(notes.ends_with('…'));
}

/// A large month's report, its scorecards and deductions sheets streamed row by row,
/// holds what the same report built in memory holds: every sheet in the same place,
/// every cell's value, every merged range, every row's height, the columns, the page
/// breaks and the print setup. (Only the numbering of strings and formats in the file
/// may differ, and a streamed sheet ends in an unbordered blank cell.) No sheet holds a
/// row twice (rust_xlsxwriter wrote a streamed sheet's last row twice when it had a
/// height). The streamed report is also the same bytes every time.
#[test]
fn a_streamed_large_report_holds_what_one_built_in_memory_holds() {
    let managers: Vec<Ranked> = (0..61)
        .map(|i| {
            let s = pm(
                &format!("P{i:04}"),
                "项目经理",
                3000.0,
                &[(1, None, 190, false), (8, Some("8a"), (i % 700) as i64, false), (10, None, 50, true)],
            );
            ranked(s, i + 1, 1 + (i % 5) as u8, 1.0)
        })
        .collect();
    let outcome = Outcome { managers };
    let rules = Rules::default();
    for draft in [false, true] {
        let input = ReportInput { draft, ..bare_input(&outcome, &rules, Month::new(2026, 11).unwrap(), Lang::Zh) };
        let streamed = build_with(&input, &[], true).unwrap();
        let in_memory = build_with(&input, &[], false).unwrap();
        assert_ne!(streamed, in_memory, "the large month took the streamed way");
        assert_eq!(streamed, build_with(&input, &[], true).unwrap(), "the same bytes again");
        let open =
            |bytes: &[u8]| -> Xlsx<Cursor<Vec<u8>>> { open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap() };
        let (mut a, mut b) = (open(&streamed), open(&in_memory));
        let names = a.sheet_names();
        assert_eq!(names, b.sheet_names());
        for name in &names {
            assert_eq!(a.worksheet_range(name).unwrap(), b.worksheet_range(name).unwrap(), "{name}");
            let merged = |book: &mut Xlsx<Cursor<Vec<u8>>>| {
                let mut m = book.merge_cells_by_sheet_name(name).unwrap();
                m.sort_by_key(|d| (d.start, d.end));
                m
            };
            assert_eq!(merged(&mut a), merged(&mut b), "{name}");
        }
        for k in 1..=names.len() {
            let (x, y) = (sheet_layout(&streamed, k), sheet_layout(&in_memory, k));
            assert_eq!(x, y, "sheet{k}.xml");
        }
    }
}

/// Excel keeps at most 1,023 manual page breaks a sheet: 1,025 PMs' forms go on two
/// sheets named by the places they hold, 1,024 forms (1,023 breaks) on the first, and
/// each ranking link leads to its PM's form on the right one.
#[test]
fn more_forms_than_a_sheet_has_page_breaks_for_go_on_more_sheets() {
    use crate::report::scorecard::{FORMS_PER_SHEET, shared_names};
    assert_eq!(shared_names(1024, Lang::Zh), vec!["考评表"]);
    assert_eq!(
        shared_names(4000, Lang::En),
        vec!["Scorecards 1-1024", "Scorecards 1025-2048", "Scorecards 2049-3072", "Scorecards 3073-4000"]
    );
    let managers: Vec<Ranked> = (0..FORMS_PER_SHEET as u32 + 1)
        .map(|i| ranked(pm(&format!("P{i:04}"), "项目经理", 3000.0, &[(1, None, 190, false)]), i + 1, 1, 1.0))
        .collect();
    let outcome = Outcome { managers };
    let rules = Rules::default();
    let bytes = build(&bare_input(&outcome, &rules, Month::new(2026, 11).unwrap(), Lang::Zh)).unwrap();
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.clone())).unwrap();
    let names = book.sheet_names();
    let cards: Vec<&String> = names.iter().filter(|n| n.starts_with("考评表")).collect();
    assert_eq!(cards, ["考评表 1-1024", "考评表 1025-1025"]);
    let index = |name: &str| names.iter().position(|n| n == name).unwrap() + 1;
    let breaks = |k: usize| part(&bytes, &format!("xl/worksheets/sheet{k}.xml")).matches("<brk ").count();
    assert_eq!(breaks(index("考评表 1-1024")), 1023);
    assert_eq!(breaks(index("考评表 1025-1025")), 0);
    let ranking = part(&bytes, "xl/worksheets/sheet1.xml").replace("&apos;", "'");
    let link = |id: &str| -> String {
        let tag = ranking.split("<hyperlink ").find(|t| t.contains(&format!("display=\"{id}\""))).unwrap();
        tag.split("location=\"").nth(1).unwrap().split('"').next().unwrap().to_string()
    };
    assert_eq!(link("P1024"), "'考评表 1025-1025'!A1");
    assert_eq!(link("P0000"), "'考评表 1-1024'!A1");
    // The last PM's form: the title, then its name and id, on the second sheet's first rows.
    let second = book.worksheet_range("考评表 1025-1025").unwrap();
    assert!(text(&second, 1, 0).contains("（P1024）"), "{}", text(&second, 1, 0));
    let first = book.worksheet_range("考评表 1-1024").unwrap();
    let last_top = super::scorecard::form_tops(std::iter::repeat_n(false, FORMS_PER_SHEET))[FORMS_PER_SHEET - 1];
    assert!(text(&first, last_top + 1, 0).contains("（P1023）"));
}

/// A worksheet part's layout, without the numbers of strings and formats: each row's
/// number and height (rows of the default height left out), the columns, the page
/// breaks, the print setup. Fails on a row written twice.
fn sheet_layout(bytes: &[u8], k: usize) -> Vec<String> {
    let xml = part(bytes, &format!("xl/worksheets/sheet{k}.xml"));
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut layout = Vec::new();
    let mut rows = std::collections::HashSet::new();
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Eof => break,
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                let name = e.name().as_ref().to_string();
                let keep: &[&str] = match name.as_str() {
                    "row" => &["r", "ht", "customHeight", "hidden"],
                    "col" | "brk" | "pageSetup" | "pageMargins" | "printOptions" | "pane" | "autoFilter" => &[],
                    _ => continue,
                };
                let mut attrs: Vec<String> = e
                    .attributes()
                    .map(|a| a.unwrap())
                    .filter(|a| keep.is_empty() || keep.contains(&a.key.as_ref()))
                    .map(|a| format!("{}={}", a.key.as_ref(), a.value))
                    .collect();
                attrs.sort();
                if name == "row" {
                    let r = attrs.iter().find(|a| a.starts_with("r=")).cloned().unwrap_or_default();
                    assert!(rows.insert(r.clone()), "sheet{k}.xml: row {r} twice");
                    if attrs.len() == 1 {
                        continue;
                    }
                }
                layout.push(format!("{name} {}", attrs.join(" ")));
            }
            _ => {}
        }
    }
    layout
}

/// Writes /tmp/kaoping-demo.xlsx (and -en) to look at in LibreOffice:
/// `cargo test --lib report::tests::demo -- --ignored`.
#[test]
#[ignore]
fn demo() {
    let fx = Fixture::new();
    std::fs::write("/tmp/kaoping-demo.xlsx", build(&fx.input(Lang::Zh, false)).unwrap()).unwrap();
    std::fs::write("/tmp/kaoping-demo-en.xlsx", build(&fx.input(Lang::En, true)).unwrap()).unwrap();
}

/// What looking at the sample month in LibreOffice found, kept from coming back.
mod looked_at {
    use super::*;
    use crate::report::style;

    #[test]
    fn the_draft_flag_and_the_first_reason_take_one_stop_between_them() {
        let fx = Fixture::new();
        let mut book = fx.book(Lang::Zh, true);
        let notes = text(&book.worksheet_range("排名").unwrap(), FIRST_ROW + 2, C_NOTES);
        assert!(notes.starts_with("⚠ 草稿：该项目经理的数据有错误，得分可能不准确，请先核对数据检查表；["), "{notes}");
        assert!(!notes.contains("。；"), "{notes}");
        let mut en = fx.book(Lang::En, true);
        let notes = text(&en.worksheet_range("Ranking").unwrap(), FIRST_ROW + 2, C_NOTES);
        assert!(
            notes.starts_with("⚠ Draft: this PM's data has errors, so the score may be wrong; see the Checks sheet; [")
        );
    }

    /// Widths of columns A and B as written in the sheet's `<cols>`.
    fn first_two_widths(xml: &str) -> f64 {
        let mut sum = 0.0;
        for col in xml.split("<col ").skip(1).take(2) {
            let w = col.split("width=\"").nth(1).and_then(|w| w.split('"').next()).unwrap();
            sum += w.parse::<f64>().unwrap();
        }
        sum
    }

    #[test]
    fn the_metrics_title_fits_the_id_and_name_repeated_on_its_second_page() {
        let fx = Fixture::new();
        for (lang, draft, title, month) in [
            (Lang::Zh, false, "指标", "2026年11月"),
            (Lang::Zh, true, "指标（草稿）", "2026年11月"),
            (Lang::En, true, "Metrics (DRAFT)", "November 2026"),
        ] {
            let bytes = build(&fx.input(lang, draft)).unwrap();
            let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.clone())).unwrap();
            let sheet = words::SHEET_METRICS.get(lang);
            let m = book.worksheet_range(sheet).unwrap();
            assert_eq!(text(&m, 0, 0), title);
            assert_eq!(text(&m, 1, 0), month);
            // Sheet 8: ranking, five tiers, deductions, then metrics.
            let xml = part(&bytes, "xl/worksheets/sheet8.xml");
            // The title is 16-point bold against the 11-point body font the widths count.
            let needed = style::text_width(title) * 16.0 / 11.0 * 1.1;
            assert!(first_two_widths(&xml) >= needed, "{title}: A+B {} < {needed}", first_two_widths(&xml));
            assert!(xml.contains("<colBreaks") && xml.contains("man=\"1\""), "printed in blocks");
        }
    }

    #[test]
    fn notes_in_the_smaller_font_need_fewer_points() {
        // 70 Latin characters: one line in the 80-wide notes column at 9 points
        // (80 − 1.5 = 78.5 body characters = 95.9 at 9/11), so 13.5 × 9/11 + 4 = 15.05,
        // raised to the 15-point floor + 4 = 19.
        let reason = "x".repeat(70);
        assert_eq!(style::wrapped_height_at(&reason, crate::report::ranking::NOTES_WIDTH, 9.0), 19.0);
        // The same at 11 points in a 40-wide column: ceil(70 / 38.5) = 2 lines × 13.5 = 27 + 4.
        assert_eq!(style::wrapped_height(&reason, 40.0), 31.0);
        // Ten CJK lines of 30 characters (66 units each) at 9 points in 80: one line each,
        // 10 × 16 × 9/11 = 130.9 + 4.
        let cjk = vec!["业".repeat(30); 10].join("\n");
        let h = style::wrapped_height_at(&cjk, 80.0, 9.0);
        assert!((h - (10.0 * 16.0 * 9.0 / 11.0 + 4.0)).abs() < 1e-9, "{h}");
    }
}

mod looked_at_headers {
    use super::*;
    use crate::report::style;

    #[test]
    fn metric_headers_wrap_between_words_not_inside_them() {
        // Every English metric header's longest word, in the bold header font, fits its column.
        let fx = Fixture::new();
        let bytes = build(&fx.input(Lang::En, false)).unwrap();
        let xml = part(&bytes, "xl/worksheets/sheet8.xml");
        // `<col min="5" max="7" width="10.7109375" .../>`: equal neighbours share one span.
        let attr = |c: &str, name: &str| -> f64 {
            c.split(&format!("{name}=\"")).nth(1).and_then(|w| w.split('"').next()).unwrap().parse().unwrap()
        };
        let mut widths: Vec<f64> = Vec::new();
        for c in xml.split("<col ").skip(1).take_while(|c| !c.starts_with("s>")) {
            let (min, max) = (attr(c, "min") as usize, attr(c, "max") as usize);
            widths.resize(max, 0.0);
            for w in &mut widths[min - 1..max] {
                *w = attr(c, "width");
            }
        }
        assert!(widths.len() >= 34, "{} columns", widths.len());
        for (i, m) in crate::score::metric_columns().enumerate() {
            let h = &m.header;
            let word = style::longest_word_width(h.get(Lang::En));
            assert!(widths[4 + i] >= word * 1.1, "{}: {} < {word}", h.get(Lang::En), widths[4 + i]);
        }
        // "Connect-subscription" (20) was broken as "subscriptio / n" in a 10-wide column.
        assert_eq!(style::longest_word_width("Subscription rate (of connected)"), 12.0);
        assert_eq!(style::longest_word_width("接通订制率"), 11.0);
    }
}

/// SPEC §6.2 "For signing": what management prints of the ranking, read back.
mod for_signing {
    use super::*;
    use crate::report::ranking::{C_BONUS, C_NEXT, C_NOTES, C_PROJECTS, HEADER_ROW};

    #[test]
    fn the_ranking_prints_its_signed_columns_on_one_landscape_page_in_a_named_font() {
        let fx = Fixture::new();
        let bytes = build(&fx.input(Lang::Zh, false)).unwrap();
        let (workbook, sheet, styles) =
            (part(&bytes, "xl/workbook.xml"), part(&bytes, "xl/worksheets/sheet1.xml"), part(&bytes, "xl/styles.xml"));
        // Without last month the print area ends at 距上一档 (S), after the bonus; last
        // month's three columns and the sparkline (hidden) and the projects and notes follow.
        assert_eq!((C_BONUS, C_NEXT, C_PROJECTS, C_NOTES), (17, 18, 23, 24));
        let areas: Vec<&str> = workbook
            .split("_xlnm.Print_Area")
            .skip(1)
            .map(|a| &a[a.find('>').unwrap() + 1..a.find("</definedName>").unwrap()])
            .collect();
        assert!(areas.iter().any(|a| a.starts_with("排名!$A$1:$S$")), "{areas:?}");
        assert!(workbook.contains("_xlnm.Print_Titles") && workbook.contains("排名!$3:$3"), "header row repeats");
        assert!(sheet.contains("orientation=\"landscape\"") && sheet.contains("fitToHeight=\"0\""), "one page wide");
        // Every font of a formatted cell is 等线, the body 11 pt (≥ 8 pt printed:
        // docs/report.md); font 0 is the workbook's default for empty cells, Tahoma the
        // notes', Consolas the hashes'.
        let fonts: Vec<&str> = styles.split("<font>").skip(2).collect();
        let named = |f: &&&str| !f.contains("Consolas") && !f.contains("Tahoma");
        assert!(fonts.iter().filter(named).all(|f| f.contains("<name val=\"等线\"/>")), "{styles}");
        assert!(fonts.iter().any(|f| f.contains("<sz val=\"11\"/>")));
    }

    #[test]
    fn the_ranking_names_its_items_and_totals_the_bonus_with_a_live_formula() {
        let fx = Fixture::new();
        let mut book = fx.book(Lang::Zh, false);
        let r = book.worksheet_range("排名").unwrap();
        let heads: Vec<String> = (3..13).map(|c| text(&r, HEADER_ROW, c)).collect();
        assert_eq!(heads[0], "1\n计划完成");
        assert_eq!(heads[9], "10\n综合评价");
        // The total row, a row below the last PM: PMs per tier and Σ bonus.
        let total_row = FIRST_ROW + 5 + 1;
        assert_eq!(text(&r, total_row, C_RANK), "合计");
        assert_eq!(text(&r, total_row, C_ID), "5 人");
        assert!(text(&r, total_row, 3).contains("一级 1 人") && text(&r, total_row, 3).contains("五级 1 人"));
        let bonuses: f64 = (0..5).map(|i| num(&r, FIRST_ROW + i, C_BONUS)).sum();
        assert!((num(&r, total_row, C_BONUS) - bonuses).abs() < 0.005, "Σ bonus");
        let formulas = book.worksheet_formula("排名").unwrap();
        let sum = formulas.get_value((total_row, u32::from(C_BONUS))).cloned().unwrap_or_default();
        assert_eq!(sum, format!("SUM(R{}:R{})", FIRST_ROW + 1, FIRST_ROW + 5));
        // The sign-off lines under it.
        let sign: Vec<String> = (0..18).map(|c| text(&r, total_row + 2, c)).filter(|t| !t.is_empty()).collect();
        assert_eq!(sign.iter().filter(|t| t.as_str() == "日期：").count(), 3, "{sign:?}");
        assert!(
            sign.contains(&"制表：".to_string())
                && sign.contains(&"审核：".to_string())
                && sign.contains(&"批准：".to_string())
        );
    }
}
