//! One workbook, sheet by sheet: recognise each sheet's table and read its rows, or
//! say why not (chart sheet, unreadable sheet, missing columns, no table).
//! Empty sheets (Excel's and WPS's default Sheet2, Sheet3) are listed in the sources
//! without a diagnostic: they hold nothing that could be lost.
//!
//! `unknown-column` is said only for a header with values under it (an empty stray
//! header loses nothing), at the header's cell, with the nearest column not found.

use std::sync::Arc;

use super::Place;
use super::grid::Grid;
use super::header::{self, Aliases, HeaderCell, Match};
use super::layout::{self, Layout, Part};
use super::open::{self, Facts, Opened, SheetData};
use super::rows;
use super::sniff::Format;
use crate::diag::{Code, Diagnostic};
use crate::model::{SourceSheet, Tables};
use crate::schema::{self, Column};
use crate::t;
use crate::text::Text;

/// What one workbook gave.
#[derive(Debug, Default)]
pub struct Book {
    pub tables: Tables,
    pub diags: Vec<Diagnostic>,
    pub sheets: Vec<SourceSheet>,
}

/// Opens and reads a workbook. Each table on a sheet (SPEC: several may share one)
/// is one entry of the sources.
///
/// # Errors
/// The workbook as a whole cannot be opened (the message says why).
pub fn read_workbook(
    format: Format,
    facts: &mut Facts,
    bytes: &[u8],
    file: &Arc<str>,
    cx: &super::Context,
) -> Result<Book, Text> {
    let aliases = &cx.aliases;
    let mut book = Book::default();
    for Opened { name, hidden, data } in open::open(format, facts, bytes)? {
        let sheet: Arc<str> = name.into();
        let source = SourceSheet {
            name: sheet.clone(),
            table: None,
            header_row: None,
            rows_read: 0,
            rows_used: 0,
            hidden,
            title: String::new(),
        };
        let at = |code: Code, message: Text| Diagnostic::new(code, message).in_file(file).in_sheet(&sheet);
        // The month, when known, completes dates typed without their year.
        let data = match data {
            SheetData::Cells(mut grid) => {
                grid.month = cx.month;
                SheetData::Cells(grid)
            }
            other => other,
        };
        match data {
            SheetData::NotAWorksheet => book.diags.push(at(
                Code::UnrecognizedSheet,
                t!("这是图表页（或宏表），不含数据表，已跳过", "a chart (or macro) sheet, holding no table: skipped"),
            )),
            SheetData::Failed(message) => book.diags.push(at(Code::UnreadableFile, message)),
            SheetData::Cells(grid) if grid.rows.iter().all(|r| r.is_blank()) => {}
            SheetData::Cells(grid) => match layout::layout(&grid.rows, aliases) {
                Layout::Parts(parts) => {
                    for part in parts {
                        let mut source = SourceSheet { title: part.title.clone(), ..source.clone() };
                        let header_row = grid.rows[part.block.header].excel_row();
                        if part.m.complete() {
                            let place = Place { file, sheet: &sheet };
                            source.table = Some(part.m.kind);
                            source.header_row = Some(header_row);
                            source.rows_read =
                                rows::read_rows(&grid, &part.block, &part.m, &place, &mut book.tables, &mut book.diags);
                            book.tables.present.insert(part.m.kind);
                            book.tables.layout.insert((file.clone(), sheet.clone(), part.m.kind), part.m.cols.clone());
                            for (cell, col) in unknown_columns(&grid, &part, aliases) {
                                let message = unknown_column(cell, col);
                                book.diags.push(at(Code::UnknownColumn, message).at_cell(header_row, cell.col));
                            }
                        } else {
                            let message = missing_columns(&part.m, &part.cells, aliases);
                            let mut d = at(Code::MissingColumn, message);
                            // The table's `missing-table` follows from this (SPEC §3 root causes).
                            d.key = Some(crate::diag::Cause::MissingColumn(part.m.kind));
                            d.row = Some(header_row);
                            book.diags.push(d);
                        }
                        book.sheets.push(source);
                    }
                    continue;
                }
                Layout::Unrecognized { nearest } => {
                    book.diags.push(at(Code::UnrecognizedSheet, unrecognized(nearest.as_ref())));
                }
            },
        }
        book.sheets.push(source);
    }
    Ok(book)
}

/// The headers of a table that kaoping does not know but that resemble one of the
/// table's columns not found, each with that column; only headers with values under
/// them (an empty stray header loses nothing).
fn unknown_columns<'a>(grid: &Grid, part: &'a Part, aliases: &Aliases) -> Vec<(&'a HeaderCell, &'static Column)> {
    let columns = schema::columns(part.m.kind);
    let missing: Vec<&'static Column> =
        columns.iter().zip(&part.m.cols).filter(|(_, at)| at.is_none()).map(|(c, _)| c).collect();
    let mut out = Vec::new();
    for cell in part.cells.iter().filter(|h| !part.m.cols.contains(&Some(h.col))) {
        let near = missing
            .iter()
            .filter_map(|c| header::resemblance(c, aliases, &cell.key).map(|d| (d, *c)))
            .min_by_key(|(d, _)| *d);
        let Some((_, col)) = near else { continue };
        let rows = &grid.rows[part.block.header + 1..part.block.end];
        if rows.iter().any(|r| r.get(cell.col).is_some()) {
            out.push((cell, col));
        }
    }
    out
}

/// `表头“严重程度”不是 kaoping 认识的列，其数据未被使用；是不是“严重”？…`
fn unknown_column(cell: &HeaderCell, col: &Column) -> Text {
    let (h, zh, en, key) = (&cell.text, col.zh, col.en, col.key);
    t!(
        "表头“{h}”不是 kaoping 认识的列，这一列的数据未被使用；是不是“{zh}”？请把表头改为“{zh}”，或在 rules.toml 的 [headers] 中写 \"{h}\" = \"{key}\"",
        "the header \"{h}\" is not a column kaoping knows: its values are not used; did you mean \"{zh}\" ({en})? Rename the header to \"{zh}\", or map it in rules.toml [headers]: \"{h}\" = \"{key}\""
    )
}

fn names_zh(cols: &[&crate::schema::Column]) -> String {
    cols.iter().map(|c| format!("“{}”", c.zh)).collect::<Vec<_>>().join("、")
}

fn names_en(cols: &[&crate::schema::Column]) -> String {
    cols.iter().map(|c| format!("\"{}\"", c.en)).collect::<Vec<_>>().join(", ")
}

/// `看起来是“座席月度数据”表，但缺少必填列：“营业收入”(是不是“营收额”？)；找到的列：…`
fn missing_columns(m: &Match, cells: &[HeaderCell], aliases: &Aliases) -> Text {
    let words = m.kind.words();
    let (tz, te) = (&words.zh, &words.en);
    let missing = m.missing();
    let mut lacks_zh = Vec::new();
    let mut lacks_en = Vec::new();
    for col in &missing {
        match header::nearest_header(col, cells, &m.cols, aliases) {
            Some(h) => {
                lacks_zh.push(format!("“{}”（是不是“{}”？）", col.zh, h.text));
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
            let words = m.kind.words();
            let (tz, te) = (&words.zh, &words.en);
            let (lz, le) = (names_zh(&missing), names_en(&missing));
            t!(
                "未识别为任何输入表（前 {rows} 行中没有完整的表头）：最接近“{tz}”表，缺少列：{lz}；已跳过",
                "matches no input table (no complete header in the first {rows} rows): nearest is the {te} table, lacking columns: {le}; skipped"
            )
        }
        None => t!(
            "未识别为任何输入表：前 {rows} 行中没有已知的列标题；已跳过",
            "matches no input table: no known column header in the first {rows} rows; skipped"
        ),
    }
}
