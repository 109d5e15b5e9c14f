//! One workbook, sheet by sheet: recognise each sheet's table and read its rows, or
//! say why not (chart sheet, unreadable sheet, missing columns, no table).
//! Empty sheets (Excel's and WPS's default Sheet2, Sheet3) are listed in the sources
//! without a diagnostic: they hold nothing that could be lost.

use std::sync::Arc;

use super::header::{self, HeaderCell, Match, Recognition};
use super::open::{self, Facts, SheetData};
use super::rows::{self, Place};
use super::sniff::Format;
use crate::diag::{Code, Diagnostic};
use crate::model::{SourceSheet, Tables};
use crate::t;
use crate::text::Text;

/// What one workbook gave.
#[derive(Debug, Default)]
pub struct Book {
    pub tables: Tables,
    pub diags: Vec<Diagnostic>,
    pub sheets: Vec<SourceSheet>,
}

/// Opens and reads a workbook.
///
/// # Errors
/// The workbook as a whole cannot be opened (the message says why).
pub fn read_workbook(format: Format, facts: &mut Facts, bytes: &[u8], file: &Arc<str>) -> Result<Book, Text> {
    let mut book = Book::default();
    for (name, data) in open::open(format, facts, bytes)? {
        let sheet: Arc<str> = name.into();
        let mut source = SourceSheet {
            name: sheet.clone(),
            table: None,
            header_row: None,
            rows_read: 0,
            rows_used: 0,
            hidden: false,
            title: String::new(),
        };
        let at = |code: Code, message: Text| Diagnostic::new(code, message).in_file(file).in_sheet(&sheet);
        match data {
            SheetData::NotAWorksheet => book.diags.push(at(
                Code::UnrecognizedSheet,
                t!("这是图表页(或宏表)，不含数据表，已跳过", "a chart (or macro) sheet, holding no table: skipped"),
            )),
            SheetData::Failed(message) => book.diags.push(at(Code::UnreadableFile, message)),
            SheetData::Cells(grid) if grid.rows.iter().all(|r| r.is_blank()) => {}
            SheetData::Cells(grid) => match header::recognize(&grid.rows) {
                Recognition::Table { row, m } => {
                    let place = Place { file, sheet: &sheet };
                    source.table = Some(m.kind);
                    source.header_row = Some(grid.rows[row].excel_row());
                    source.rows_read = rows::read_rows(&grid, row, &m, &place, &mut book.tables, &mut book.diags);
                    book.tables.present.insert(m.kind);
                }
                Recognition::Incomplete { row, m, cells } => {
                    let message = missing_columns(&m, &cells);
                    let mut d = at(Code::MissingColumn, message);
                    d.row = Some(grid.rows[row].excel_row());
                    book.diags.push(d);
                }
                Recognition::Unrecognized { nearest } => {
                    book.diags.push(at(Code::UnrecognizedSheet, unrecognized(nearest.as_ref())));
                }
            },
        }
        book.sheets.push(source);
    }
    Ok(book)
}

fn names_zh(cols: &[&crate::schema::Column]) -> String {
    cols.iter().map(|c| format!("“{}”", c.zh)).collect::<Vec<_>>().join("、")
}

fn names_en(cols: &[&crate::schema::Column]) -> String {
    cols.iter().map(|c| format!("\"{}\"", c.en)).collect::<Vec<_>>().join(", ")
}

/// `看起来是“座席月度数据”表，但缺少必填列：“营业收入”(是不是“营收额”？)；找到的列：…`
fn missing_columns(m: &Match, cells: &[HeaderCell]) -> Text {
    let (tz, te) = (m.kind.zh(), m.kind.en());
    let missing = m.missing();
    let mut lacks_zh = Vec::new();
    let mut lacks_en = Vec::new();
    for col in &missing {
        match header::nearest_header(col, cells, &m.cols) {
            Some(h) => {
                lacks_zh.push(format!("“{}”(是不是“{}”？)", col.zh, h.text));
                lacks_en.push(format!("\"{}\" (did you mean \"{}\"?)", col.en, h.text));
            }
            None => {
                lacks_zh.push(format!("“{}”", col.zh));
                lacks_en.push(format!("\"{}\"", col.en));
            }
        }
    }
    let (lz, le) = (lacks_zh.join("、"), lacks_en.join(", "));
    let found_zh = cells.iter().map(|h| format!("“{}”", h.text)).collect::<Vec<_>>().join("、");
    let found_en = cells.iter().map(|h| format!("\"{}\"", h.text)).collect::<Vec<_>>().join(", ");
    t!(
        "看起来是“{tz}”表，但缺少必填列：{lz}；表头中找到的列：{found_zh}",
        "looks like the {te} table but lacks required columns: {le}; headers found: {found_en}"
    )
}

fn unrecognized(nearest: Option<&Match>) -> Text {
    let rows = header::HEADER_SEARCH_ROWS;
    match nearest {
        Some(m) => {
            let missing = m.missing();
            let (tz, te) = (m.kind.zh(), m.kind.en());
            let (lz, le) = (names_zh(&missing), names_en(&missing));
            t!(
                "未识别为任何输入表(前 {rows} 行中没有完整的表头)：最接近“{tz}”表，缺少列：{lz}；已跳过",
                "matches no input table (no complete header in the first {rows} rows): nearest is the {te} table, lacking columns: {le}; skipped"
            )
        }
        None => t!(
            "未识别为任何输入表：前 {rows} 行中没有已知的列标题；已跳过",
            "matches no input table: no known column header in the first {rows} rows; skipped"
        ),
    }
}
