//! Guards for the formats calamine reads into dense ranges when it opens them (xls,
//! ods): the used area is measured from the raw bytes first, so a stray cell far from
//! the table (calamine #433: rows × columns cells allocated) is refused with a clear
//! message instead of taking gigabytes. xlsx and xlsb are streamed and need no guard.

use std::io::{BufRead, BufReader, Cursor};

use quick_xml::events::{BytesStart, Event};

use super::grid::Span;
use super::limits;
use super::xml::{Events, attr, attr_u64, number};
use crate::t;
use crate::text::Text;

fn too_large(rows: u64, cols: u64) -> Text {
    let max = limits::MAX_DENSE_CELLS;
    t!(
        "工作表的使用区域为 {rows} 行 × {cols} 列，超过上限 {max} 个单元格（可能在远处有零散的单元格）；请删除表格以外的行和列，或另存为 .xlsx 后再试",
        "a sheet's used area is {rows} rows × {cols} columns, more than the limit of {max} cells (a stray cell far from the table?); delete the rows and columns outside the table, or save as .xlsx, and try again"
    )
}

fn check(rows: u64, cols: u64) -> Result<(), Text> {
    if rows.saturating_mul(cols) > limits::MAX_DENSE_CELLS as u64 { Err(too_large(rows, cols)) } else { Ok(()) }
}

/// xls: every BIFF8 `DIMENSIONS` record (id 0x0200, 14 bytes: first row, last row + 1
/// as u32, first column, last column + 1 as u16, reserved 0), found by a plain byte
/// search held to the format's bounds so that other data cannot pass for one.
///
/// # Errors
/// A sheet whose declared used area is over [`limits::MAX_DENSE_CELLS`].
pub fn check_xls(bytes: &[u8]) -> Result<(), Text> {
    let u32_at = |i: usize| u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]);
    let mut i = 0;
    while i + 18 <= bytes.len() {
        if bytes[i..i + 4] == [0x00, 0x02, 0x0E, 0x00] {
            let (r0, r1, c0, c1, reserved) =
                (u32_at(i + 4), u32_at(i + 8), u16_at(i + 12), u16_at(i + 14), u16_at(i + 16));
            if reserved == 0 && r0 <= r1 && r1 <= 65_536 && c0 <= c1 && c1 <= 256 {
                check(u64::from(r1 - r0), u64::from(c1 - c0))?;
            }
        }
        i += 1;
    }
    Ok(())
}

/// What a scan of an ods `content.xml` found.
#[derive(Debug, Default, PartialEq)]
pub struct OdsScan {
    /// The largest (rows, columns) extent of value cells over the tables.
    pub worst: (u64, u64),
    /// Each table's merged ranges (calamine has no merge API for ods), by table name.
    pub merges: Vec<(String, Vec<Span>)>,
}

/// ods: scans `content.xml` for each table's extent of cells holding a value
/// (`office:value-type`), counting `number-rows-repeated` / `number-columns-repeated`,
/// and for merged ranges (`number-rows-spanned` / `number-columns-spanned`).
///
/// # Errors
/// A table whose used area is over [`limits::MAX_DENSE_CELLS`]; a damaged archive is
/// left for calamine to report.
pub fn check_ods(bytes: &[u8]) -> Result<OdsScan, Text> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else { return Ok(OdsScan::default()) };
    let Ok(entry) = zip.by_name("content.xml") else { return Ok(OdsScan::default()) };
    let scan = scan_content(BufReader::with_capacity(1 << 16, entry))?;
    check(scan.worst.0, scan.worst.1)?;
    Ok(scan)
}

/// A streaming scan of content.xml by quick-xml, so the whole XML is never held; it
/// stops where the XML stops reading (what was found so far stands: calamine reports
/// the rest).
///
/// # Errors
/// A table over [`limits::MAX_DENSE_CELLS`], said as soon as a value cell takes it there.
fn scan_content(xml: impl BufRead) -> Result<OdsScan, Text> {
    let mut scanner = OdsScanner::default();
    let mut events = Events::new(xml);
    while let Some(event) = events.next() {
        match event {
            Event::Start(e) => scanner.start(&e, false)?,
            Event::Empty(e) => scanner.start(&e, true)?,
            Event::End(e) => scanner.end(e.name().into_inner()),
            _ => {}
        }
    }
    Ok(scanner.scan)
}

#[cfg(test)]
fn scan_ods(xml: &[u8]) -> OdsScan {
    scan_content(xml).unwrap()
}

/// Where the scan is in content.xml.
struct OdsScanner {
    scan: OdsScan,
    row: u64,
    col: u64,
    row_repeat: u64,
    /// The current table's extent of value cells (last row, last column), 0-based.
    extent: Option<(u64, u64)>,
}

impl Default for OdsScanner {
    fn default() -> Self {
        OdsScanner { scan: OdsScan::default(), row: 0, col: 0, row_repeat: 1, extent: None }
    }
}

impl OdsScanner {
    /// A start tag (`empty`: one that ends itself, `<x/>`).
    fn start(&mut self, e: &BytesStart<'_>, empty: bool) -> Result<(), Text> {
        match e.name().into_inner() {
            "table:table" => {
                (self.row, self.extent) = (0, None);
                self.scan.merges.push((attr(e, "table:name").unwrap_or_default(), Vec::new()));
                if empty {
                    self.end("table:table");
                }
            }
            "table:table-row" => {
                self.row_repeat = attr_u64(e, "table:number-rows-repeated").unwrap_or(1).max(1);
                self.col = 0;
                if empty {
                    self.end("table:table-row");
                }
            }
            "table:table-cell" | "table:covered-table-cell" => return self.cell(e),
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, name: &str) {
        match name {
            "table:table" => {
                let worst = self.scan.worst;
                if let Some((r, c)) = self.extent
                    && (r + 1).saturating_mul(c + 1) > worst.0.saturating_mul(worst.1)
                {
                    self.scan.worst = (r + 1, c + 1);
                }
            }
            "table:table-row" => self.row = self.row.saturating_add(self.row_repeat),
            _ => {}
        }
    }

    /// A cell: its repeats, whether it holds a value, and the region it spans. Its
    /// attributes are read in one pass (a large sheet has millions of cells).
    fn cell(&mut self, e: &BytesStart<'_>) -> Result<(), Text> {
        let (mut repeat, mut has_value, mut rows_spanned, mut cols_spanned) = (1, false, 1, 1);
        let mut attrs = e.attributes();
        attrs.with_checks(false);
        for a in attrs.flatten() {
            let number = || number(&a).unwrap_or(1).max(1);
            match a.key.into_inner() {
                "table:number-columns-repeated" => repeat = number(),
                "office:value-type" => has_value = true,
                "table:number-rows-spanned" => rows_spanned = number(),
                "table:number-columns-spanned" => cols_spanned = number(),
                _ => {}
            }
        }
        let (row, col) = (self.row, self.col);
        if has_value {
            let (r, c) = (row.saturating_add(self.row_repeat - 1), col.saturating_add(repeat - 1));
            let (er, ec) = self.extent.unwrap_or((0, 0));
            self.extent = Some((er.max(r), ec.max(c)));
            check(er.max(r) + 1, ec.max(c) + 1)?;
        }
        if (rows_spanned > 1 || cols_spanned > 1)
            && let Some((_, spans)) = self.scan.merges.last_mut()
            && let (Ok(r0), Ok(c0)) = (u32::try_from(row), u32::try_from(col))
        {
            let r1 = r0.saturating_add(u32::try_from(rows_spanned - 1).unwrap_or(u32::MAX));
            let c1 = c0.saturating_add(u32::try_from(cols_spanned - 1).unwrap_or(u32::MAX));
            spans.push(((r0, c0), (r1, c1)));
        }
        self.col = col.saturating_add(repeat);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ods_scan_counts_repeats_and_only_value_cells() {
        let xml = br#"<office:body><table:table table:name="S">
            <table:table-row><table:table-cell office:value-type="string"><text:p>a</text:p></table:table-cell>
            <table:table-cell table:number-columns-repeated="3"/><table:table-cell office:value-type="float" office:value="1"/></table:table-row>
            <table:table-row table:number-rows-repeated="1000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
            <table:table-row><table:table-cell office:value-type="float" office:value="2"/></table:table-row>
            </table:table></office:body>"#;
        // Value cells at (0,0), (0,4) and (1001,0): 1002 rows × 5 columns.
        assert_eq!(scan_ods(xml).worst, (1002, 5));
        assert_eq!(scan_ods(b"<broken"), OdsScan::default());
    }

    #[test]
    fn ods_scan_is_the_same_in_chunks() {
        let xml: &[u8] = br#"<table:table table:name="S"><table:table-row><table:table-cell table:number-rows-spanned="2" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>
            <table:table-row table:number-rows-repeated="5"><table:table-cell/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="3"/><table:table-cell office:value-type="float"/></table:table-row></table:table>"#;
        let whole = scan_ods(xml);
        assert_eq!(whole.worst, (7, 4));
        for size in [1, 2, 7, 50] {
            let scan = scan_content(BufReader::with_capacity(size, xml)).unwrap();
            assert_eq!(scan, whole, "chunks of {size}");
        }
    }

    #[test]
    fn ods_merges_by_table_name() {
        let xml = br#"<table:table table:name="A&amp;B"><table:table-row><table:table-cell/>
            <table:table-cell table:number-rows-spanned="3" office:value-type="string"><text:p>P01</text:p></table:table-cell></table:table-row>
            </table:table><table:table table:name="C"></table:table>"#;
        let scan = scan_ods(xml);
        assert_eq!(scan.merges, vec![("A&B".to_string(), vec![((0, 1), (2, 1))]), ("C".to_string(), vec![])]);
    }

    #[test]
    fn xls_dimensions_over_the_limit() {
        let mut bytes = vec![0u8; 20];
        bytes.extend([0x00, 0x02, 0x0E, 0x00]);
        bytes.extend(0u32.to_le_bytes());
        bytes.extend(65_536u32.to_le_bytes());
        bytes.extend(0u16.to_le_bytes());
        bytes.extend(256u16.to_le_bytes());
        bytes.extend(0u16.to_le_bytes());
        let e = check_xls(&bytes).unwrap_err();
        assert!(e.en.starts_with("a sheet's used area is 65536 rows × 256 columns, more than the limit"));
        assert!(check_xls(&bytes[..bytes.len() - 1]).is_ok());
    }
}
