//! CSV exports of call-centre systems, read like a workbook of one sheet (SPEC §3
//! "Nothing skipped in silence"). Takes the file's bytes; gives one sparse [`Grid`]
//! whose cells are all text (the cell parsers read numbers and dates typed as text).
//!
//! Choices where the SPEC is silent:
//! - Encoding: a UTF-8 BOM, else a UTF-16 BOM (Excel's "Unicode text"), else UTF-8 when
//!   the bytes are valid UTF-8, else GBK (what Chinese Excel and WPS write) when they
//!   decode without a fault; anything else is refused, never guessed.
//! - Separator: a tab when the first line holds more tabs than commas (a tab-separated
//!   export named .csv), else a comma. Quoted fields may hold separators and line breaks.
//! - Rows are numbered as a spreadsheet program shows the file: record 1 is row 1, so
//!   a quoted line break does not shift the rows below it. Rows may differ in length.

use std::borrow::Cow;

use super::grid::{Grid, TooManyCells, Value};
use crate::t;
use crate::text::Text;

/// The bytes as text.
///
/// # Errors
/// The bytes are neither UTF-8 (with or without BOM), UTF-16 with a BOM, nor GBK.
pub fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, Text> {
    let refused = || {
        t!(
            "无法识别文字编码（既不是 UTF-8 也不是 GBK）：请用 WPS 打开后另存为 .xlsx",
            "the text is neither UTF-8 nor GBK: open it in WPS and save it as .xlsx"
        )
    };
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest).map(Cow::Borrowed).map_err(|_| refused());
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let (text, _, faulty) = encoding_rs::UTF_16LE.decode(bytes);
        return if faulty { Err(refused()) } else { Ok(text) };
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(Cow::Borrowed(s));
    }
    if bytes.contains(&0) {
        return Err(refused());
    }
    encoding_rs::GBK.decode_without_bom_handling_and_without_replacement(bytes).ok_or_else(refused)
}

/// A tab when the first line holds more tabs than commas, else a comma.
fn separator(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let count = |c: char| first.chars().filter(|x| *x == c).count();
    if count('\t') > count(',') { b'\t' } else { b',' }
}

/// Reads the CSV's cells; blank ones are not kept.
///
/// # Errors
/// The text cannot be decoded, or holds more cells than the sheet limit.
pub fn read(bytes: &[u8]) -> Result<Grid, Text> {
    let text = decode(bytes)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator(&text))
        .from_reader(text.as_bytes());
    let mut grid = Grid::new(false);
    let mut record = csv::StringRecord::new();
    // A record's row is the count of line breaks before it, less those inside quoted
    // fields, as a spreadsheet program shows the file (blank lines are rows too; the
    // reader passes over them without a record).
    let (mut seen, mut lines, mut breaks) = (0usize, 0u64, 0u64);
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                return Err(t!("第 {} 行无法读取（原文：{}）", "line {} cannot be read ({})", line, e));
            }
        }
        // The reader now stands after this record's line break (if it has one).
        let end = usize::try_from(reader.position().byte()).unwrap_or(seen).clamp(seen, text.len());
        lines += text.as_bytes()[seen..end].iter().filter(|b| **b == b'\n').count() as u64;
        seen = end;
        breaks += record.iter().map(|f| f.matches('\n').count() as u64).sum::<u64>();
        let own_break = u64::from(text.as_bytes()[..end].ends_with(b"\n"));
        let row = u32::try_from(lines.saturating_sub(breaks + own_break)).unwrap_or(u32::MAX);
        for (col, field) in record.iter().enumerate() {
            if !field.trim().is_empty() {
                let col = u32::try_from(col).unwrap_or(u32::MAX);
                grid.push(row, col, Value::Text(field.into())).map_err(|TooManyCells| super::grid::too_many_cells())?;
            }
        }
    }
    grid.finish();
    Ok(grid)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(grid: &Grid) -> Vec<(u32, u32, String)> {
        grid.rows.iter().flat_map(|r| r.cells.iter().map(move |(c, v)| (r.idx, *c, v.display()))).collect()
    }

    #[test]
    fn utf8_with_bom_gbk_and_tabs_read_alike() {
        let text = "工号,姓名,评分\nP01,\"张, 伟\",90\n\nP02,李娜\n";
        let want = vec![
            (0, 0, "工号".to_string()),
            (0, 1, "姓名".to_string()),
            (0, 2, "评分".to_string()),
            (1, 0, "P01".to_string()),
            (1, 1, "张, 伟".to_string()),
            (1, 2, "90".to_string()),
            (3, 0, "P02".to_string()),
            (3, 1, "李娜".to_string()),
        ];
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend(text.as_bytes());
        assert_eq!(cells(&read(&bom).unwrap()), want);
        let gbk = encoding_rs::GBK.encode(text).0.into_owned();
        assert!(std::str::from_utf8(&gbk).is_err());
        assert_eq!(cells(&read(&gbk).unwrap()), want);
        let tabs = "工号\t姓名\t评分\nP01\t张, 伟\t90\n\nP02\t李娜\n";
        assert_eq!(cells(&read(tabs.as_bytes()).unwrap()), want);
        // Excel's "Unicode text": UTF-16 with a BOM, tab-separated.
        let utf16: Vec<u8> = format!("\u{feff}{tabs}").encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(cells(&read(&utf16).unwrap()), want);
    }

    #[test]
    fn a_quoted_line_break_stays_in_its_row() {
        let grid = read(b"a,b\r\n\"one\r\ntwo\",x\r\n\r\ny,z\r\n").unwrap();
        assert_eq!(
            cells(&grid)[2..],
            [(1, 0, "one\r\ntwo".to_string()), (1, 1, "x".into()), (3, 0, "y".into()), (3, 1, "z".into())]
        );
    }

    #[test]
    fn bytes_that_are_no_text_are_refused() {
        let err = read(b"\x81\x00\xff").unwrap_err();
        assert!(err.zh.contains("另存为 .xlsx"), "{}", err.zh);
    }
}
