//! Files that are not what they claim, and files built to exhaust memory or time:
//! each gives a clear diagnostic naming the file, and the other files are still read.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::*;
use crate::zips;

const QA_FILE: &str = "2026-11/质检.xlsx";

/// The valid month with the QA workbook replaced by `bytes` (under `name`).
fn month_with_qa_file(t: &Test, name: &str, bytes: &[u8]) {
    valid_month().write(&t.month());
    std::fs::remove_file(t.month().join("质检.xlsx")).unwrap();
    std::fs::write(t.month().join(name), bytes).unwrap();
}

fn codes(run: &Run) -> Vec<String> {
    run.json()["checks"].as_array().unwrap().iter().map(|c| c["code"].as_str().unwrap().to_string()).collect()
}

/// Asserts one `unreadable-file` naming `file`, whose message contains `says`; the
/// other files were still read (their tables are there: only QA is missing).
fn assert_unreadable(run: &Run, file: &str, says: &str) {
    assert_ne!(run.code, 101, "panicked: {}", run.stderr);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let unreadable = run.checks("unreadable-file");
    assert_eq!(unreadable.len(), 1, "{unreadable:#?}");
    assert_eq!(unreadable[0]["file"], file);
    let msg = unreadable[0]["message"].as_str().unwrap().to_lowercase();
    assert!(msg.contains(&says.to_lowercase()), "{msg}");
    let missing: Vec<Value> = run.checks("missing-table");
    assert_eq!(missing.len(), 1, "only the QA table is missing: {missing:#?}");
}

#[test]
fn an_empty_file() {
    let t = Test::new();
    month_with_qa_file(&t, "质检.xlsx", b"");
    assert_unreadable(&t.check_json(), QA_FILE, "empty");
}

#[test]
fn random_bytes() {
    let t = Test::new();
    let bytes: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    month_with_qa_file(&t, "质检.xlsx", &bytes);
    assert_unreadable(&t.check_json(), QA_FILE, "");
}

#[test]
fn a_truncated_workbook() {
    let t = Test::new();
    valid_month().write(&t.month());
    let bytes = std::fs::read(t.month().join("质检.xlsx")).unwrap();
    std::fs::write(t.month().join("质检.xlsx"), &bytes[..bytes.len() / 2]).unwrap();
    assert_unreadable(&t.check_json(), QA_FILE, "");
}

/// Asserts one `skipped-file` (a warning) naming `file`, whose message says what it
/// is and what to do; nothing unreadable; the other files were still read.
fn assert_skipped(run: &Run, file: &str, says: &str) {
    assert_ne!(run.code, 101, "panicked: {}", run.stderr);
    assert_eq!(run.code, 1, "the QA table is missing: {}", run.stderr);
    assert!(run.checks("unreadable-file").is_empty(), "{}", run.stdout);
    let skipped = run.checks("skipped-file");
    assert_eq!(skipped.len(), 1, "{skipped:#?}");
    assert_eq!(skipped[0]["file"], file);
    assert_eq!(skipped[0]["severity"], "warning");
    let msg = skipped[0]["message"].as_str().unwrap().to_lowercase();
    assert!(msg.contains(&says.to_lowercase()) && msg.contains("save it as .xlsx"), "{msg}");
    assert_eq!(run.checks("missing-table").len(), 1, "only the QA table is missing");
}

#[test]
fn a_csv_saved_as_xlsx() {
    let t = Test::new();
    month_with_qa_file(&t, "质检.xlsx", "抽检日期,项目编号,抽检数,分类错误数\n2026-11-03,X01,50,1\n".as_bytes());
    assert_skipped(&t.check_json(), QA_FILE, "csv");
    let zh = t.kaoping(&["check", "2026-11"]);
    assert!(zh.stdout.contains("用 WPS 打开后另存为 .xlsx"), "{}", zh.stdout);
}

#[test]
fn an_html_page_saved_as_xlsx() {
    let t = Test::new();
    month_with_qa_file(&t, "质检.xlsx", b"<!DOCTYPE html><html><body><table><tr><td>1</td></tr></table></body></html>");
    assert_skipped(&t.check_json(), QA_FILE, "html");
}

#[test]
fn a_password_protected_workbook() {
    let t = Test::new();
    let bytes =
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hostile/password_protected.xlsx")).unwrap();
    month_with_qa_file(&t, "质检.xlsx", &bytes);
    let run = t.kaoping(&["check", "2026-11", "--format", "json", "--lang", "en"]);
    assert_unreadable(&run, QA_FILE, "password");
    let zh = t.kaoping(&["check", "2026-11"]);
    assert!(zh.stdout.contains("密码"), "{}", zh.stdout);
}

#[test]
fn an_xls_renamed_to_xlsx_is_read_as_xls() {
    let t = Test::new();
    valid_month().write(&t.month());
    let bytes =
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hostile/xls_named_xlsx.xlsx")).unwrap();
    std::fs::write(t.month().join("旧格式.xlsx"), bytes).unwrap();
    let run = t.check_json();
    assert!(run.checks("unreadable-file").is_empty(), "{}", run.stdout);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn a_zip_bomb_is_refused_quickly() {
    let t = Test::new();
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hostile/zip_bomb.xlsx")).unwrap();
    month_with_qa_file(&t, "质检.xlsx", &bytes);
    let start = Instant::now();
    let run = t.check_json();
    assert!(start.elapsed() < Duration::from_secs(30), "took {:?}", start.elapsed());
    assert_unreadable(&run, QA_FILE, "");
}

#[test]
fn a_workbook_without_sheets() {
    let t = Test::new();
    valid_month().write(&t.month());
    let bytes = std::fs::read(t.month().join("质检.xlsx")).unwrap();
    let mut parts = zips::parts(&bytes);
    parts.retain(|(n, _)| !n.starts_with("xl/worksheets/"));
    let workbook = String::from_utf8(parts.iter().find(|(n, _)| n == "xl/workbook.xml").unwrap().1.clone()).unwrap();
    let start = workbook.find("<sheets>").unwrap();
    let end = workbook.find("</sheets>").unwrap() + "</sheets>".len();
    let emptied = format!("{}<sheets/>{}", &workbook[..start], &workbook[end..]);
    zips::replace(&mut parts, "xl/workbook.xml", emptied.into_bytes());
    std::fs::write(t.month().join("质检.xlsx"), zips::build(&parts)).unwrap();
    assert_unreadable(&t.check_json(), QA_FILE, "");
}

#[test]
fn a_chart_sheet_beside_the_data() {
    use rust_xlsxwriter::{Chart, ChartType, Workbook};
    let t = Test::new();
    valid_month().write(&t.month());
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("任务").unwrap();
    ws.write_row(0, 0, ["项目经理工号", "任务", "完成情况"]).unwrap();
    ws.write_row(1, 0, ["P01", "补充任务", "按时完成"]).unwrap();
    let mut chart = Chart::new(ChartType::Column);
    chart.add_series().set_values("任务!$A$2:$A$2");
    let cs = wb.add_chartsheet();
    cs.set_name("图表").unwrap();
    cs.insert_chart(0, 0, &chart).unwrap();
    wb.save(t.month().join("带图表.xlsx")).unwrap();
    let run = t.check_json();
    assert_ne!(run.code, 101, "{}", run.stderr);
    assert!(run.checks("unreadable-file").is_empty(), "{}", run.stdout);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

/// A QA workbook whose sheet XML is replaced by `sheet_xml` (stored, not deflated).
fn qa_with_sheet_xml(t: &Test, sheet_xml: Vec<u8>) {
    valid_month().write(&t.month());
    let bytes = std::fs::read(t.month().join("质检.xlsx")).unwrap();
    let mut parts = zips::parts(&bytes);
    zips::replace(&mut parts, "xl/worksheets/sheet1.xml", sheet_xml);
    std::fs::write(t.month().join("质检.xlsx"), zips::build_stored(&parts)).unwrap();
}

const SHEET_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>"#;
const QA_ROWS: &str = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>抽检日期</t></is></c><c r="B1" t="inlineStr"><is><t>项目编号</t></is></c><c r="C1" t="inlineStr"><is><t>抽检数</t></is></c><c r="D1" t="inlineStr"><is><t>分类错误数</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>2026-11-03</t></is></c><c r="B2" t="inlineStr"><is><t>X01</t></is></c><c r="C2"><v>50</v></c><c r="D2"><v>1</v></c></row>"#;

#[test]
fn a_stray_cell_at_xfd1048576() {
    let t = Test::new();
    let xml = format!(
        "{SHEET_HEAD}{QA_ROWS}<row r=\"1048576\"><c r=\"XFD1048576\" t=\"inlineStr\"><is><t>x</t></is></c></row></sheetData></worksheet>"
    );
    qa_with_sheet_xml(&t, xml.into_bytes());
    let start = Instant::now();
    let run = t.check_json();
    assert!(start.elapsed() < Duration::from_secs(30), "took {:?}", start.elapsed());
    assert_ne!(run.code, 101, "{}", run.stderr);
    assert!(!codes(&run).contains(&"missing-table".to_string()), "the QA table is read: {}", run.stdout);
}

#[test]
fn two_million_blank_formatted_rows() {
    let t = Test::new();
    let mut xml = format!("{SHEET_HEAD}{QA_ROWS}").into_bytes();
    for r in 3..2_000_003u32 {
        xml.extend_from_slice(
            format!("<row r=\"{r}\" s=\"0\" customFormat=\"1\"><c r=\"A{r}\" s=\"0\"/></row>").as_bytes(),
        );
    }
    xml.extend_from_slice(b"</sheetData></worksheet>");
    qa_with_sheet_xml(&t, xml);
    let start = Instant::now();
    let run = t.check_json();
    assert!(start.elapsed() < Duration::from_secs(60), "took {:?}", start.elapsed());
    assert_ne!(run.code, 101, "{}", run.stderr);
    assert!(!codes(&run).contains(&"missing-table".to_string()), "the QA table is read: {}", run.stdout);
}

#[test]
fn a_cell_of_32767_characters_and_ten_thousand_columns() {
    let t = Test::new();
    let mut books = valid_month();
    let long = "长".repeat(32_767);
    books.sheet("增值部.xlsx", "上级交办工作").set(2, 1, s(&long));
    let agents = books.sheet("运营部.xlsx", "座席");
    for c in 14..10_000 {
        agents.set(1, c, s(&format!("备用{c}")));
    }
    books.write(&t.month());
    let run = t.check_json();
    assert_ne!(run.code, 101, "{}", run.stderr);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn text_that_looks_like_a_formula_stays_text() {
    use calamine::{Data, Reader, open_workbook_auto};
    let t = Test::new();
    let mut books = valid_month();
    books.sheet("运营部.xlsx", "项目经理").set(2, 1, s("=HYPERLINK(\"http://x\",\"y\")"));
    books.sheet("运营部.xlsx", "项目经理").set(3, 1, s("@SUM(A1)"));
    books.sheet("增值部.xlsx", "人工扣分").set(2, 3, s("+1"));
    books.sheet("增值部.xlsx", "上级交办工作").set(2, 1, s("-1"));
    books.write(&t.month());
    let run = t.kaoping(&["run", "2026-11", "--out", "r.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut wb = open_workbook_auto(t.root().join("r.xlsx")).unwrap();
    let mut seen = Vec::new();
    for name in wb.sheet_names() {
        let values = wb.worksheet_range(&name).unwrap();
        let formulas = wb.worksheet_formula(&name).unwrap();
        for (r, c, v) in values.used_cells() {
            if let Data::String(text) = v {
                for needle in ["=HYPERLINK(\"http://x\",\"y\")", "@SUM(A1)", "+1"] {
                    if text.contains(needle) {
                        seen.push(needle);
                        let (ar, ac) = (values.start().unwrap().0 + r as u32, values.start().unwrap().1 + c as u32);
                        let f = formulas.get_value((ar, ac)).cloned().unwrap_or_default();
                        assert!(f.is_empty(), "{name} ({ar},{ac}) became a formula: {f}");
                    }
                }
            }
        }
    }
    for needle in ["=HYPERLINK(\"http://x\",\"y\")", "@SUM(A1)", "+1"] {
        assert!(seen.contains(&needle), "{needle} not shown as text in the report");
    }
}
