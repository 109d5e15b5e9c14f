//! A workbook's cells as plain data, for the marked copies of SPEC §3 (`--mark`):
//! every sheet in workbook order (hidden ones too, chart sheets as empty sheets), each
//! non-blank cell where it stands with its value, and the merged ranges where the
//! format gives them.
//!
//! Takes a path; gives a [`Dump`]. Opens the file as [`super::read_inputs`] does (the
//! bytes sniffed, never the extension trusted; calamine's panics made a message) and
//! reuses [`super::open`]'s sparse grids: a sheet's rows are moved out of the grid,
//! not copied, and the cells a merge filled in are dropped again (the range's value
//! lives in its top-left cell, as in the input).
//!
//! Choices where the SPEC is silent:
//! - A date keeps its day, not its time of day (as reading does); a time alone is text.
//! - A formula cell gives its cached value; one without a cached value is left blank
//!   (its `formula-no-value` finding marks it).
//! - Merged ranges are those whose top-left cell holds a value (the others hold nothing
//!   to show), within reading's bound on merged cells.

use std::path::Path;

pub use super::grid::{Row, Span, Value};
use super::open::{self, Facts, SheetData};
use super::sniff;
use crate::t;
use crate::text::Text;

/// One workbook's sheets, in workbook order.
#[derive(Debug, Default)]
pub struct Dump {
    pub sheets: Vec<DumpSheet>,
}

/// One sheet's cells.
#[derive(Debug, Default)]
pub struct DumpSheet {
    pub name: String,
    pub hidden: bool,
    /// Rows holding cells, in order; cells sorted by column (0-based row and column).
    pub rows: Vec<Row>,
    /// Merged ranges, 0-based, inclusive; their values are in their top-left cells.
    pub merges: Vec<Span>,
}

/// Reads every sheet of the workbook at `path`.
///
/// # Errors
/// The file cannot be read or opened at all (the message says why, as reading does).
pub fn dump(path: &Path) -> Result<Dump, Text> {
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    if size > super::limits::MAX_FILE_BYTES {
        return Err(t!("文件太大，无法复制", "the file is too large to copy"));
    }
    let bytes = std::fs::read(path).map_err(|e| t!("无法读取文件：{}", "cannot read the file: {}", e))?;
    let (format, facts) = sniff::sniff_deferring(&bytes)?;
    super::guarded(|| {
        let facts = match facts {
            Some(f) => f,
            None => sniff::xlsx_facts(&bytes)?,
        };
        let mut facts = Facts::ready(facts);
        let sheets = open::open(format, &mut facts, &bytes)?;
        let sheets = sheets
            .into_iter()
            .map(|open::Opened { name, hidden, data }| match data {
                SheetData::Cells(grid) => sheet_of(name, hidden, grid),
                SheetData::NotAWorksheet | SheetData::Failed(_) => DumpSheet { name, hidden, ..DumpSheet::default() },
            })
            .collect();
        Ok(Dump { sheets })
    })
}

/// The grid's rows moved out, without the cells a merge filled in; the merges found
/// on the way.
fn sheet_of(name: String, hidden: bool, mut grid: super::grid::Grid) -> DumpSheet {
    let mut rows = std::mem::take(&mut grid.rows);
    let mut merges = Vec::new();
    for row in &mut rows {
        let idx = row.idx;
        row.cells.retain(|(col, _)| match grid.merge_at(idx, *col) {
            Some(span) if span.0 == (idx, *col) => {
                merges.push(span);
                true
            }
            Some(_) => false,
            None => true,
        });
    }
    rows.retain(|r| !r.cells.is_empty());
    DumpSheet { name, hidden, rows, merges }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/read").join(name)
    }

    #[test]
    fn merged_cells_keep_their_value_in_the_top_left_cell_only() {
        for name in ["merged_project_cells.xlsx", "merged_project_cells.xls", "merged_project_cells.ods"] {
            let dump = dump(&fixture(name)).unwrap();
            let sheet = &dump.sheets[0];
            assert!(!sheet.merges.is_empty(), "{name}: merges found");
            for &((r0, c0), (r1, c1)) in &sheet.merges {
                let inside = sheet
                    .rows
                    .iter()
                    .filter(|r| (r0..=r1).contains(&r.idx))
                    .flat_map(|r| r.cells.iter().map(move |(c, _)| (r.idx, *c)))
                    .filter(|(_, c)| (c0..=c1).contains(c))
                    .collect::<Vec<_>>();
                assert_eq!(inside, vec![(r0, c0)], "{name}: only the top-left cell holds the value");
            }
        }
    }

    #[test]
    fn a_legacy_workbook_gives_its_sheets_and_values() {
        let dump = dump(&fixture("legacy.xls")).unwrap();
        assert!(!dump.sheets.is_empty());
        assert!(
            dump.sheets.iter().any(|s| s.rows.iter().any(|r| r.cells.iter().any(|(_, v)| matches!(v, Value::Text(_)))))
        );
    }

    #[test]
    fn what_is_not_a_workbook_is_a_message() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.xlsx");
        std::fs::write(&path, b"hello").unwrap();
        assert!(dump(&path).is_err());
    }
}
