//! A sheet's cells as a sparse, bounded grid: only cells that hold something are
//! kept, row by row, so a stray cell at XFD1048576 or a million blank formatted
//! rows cost nothing (calamine's dense `Range` would allocate rows × columns).

use chrono::NaiveDate;

use super::limits;
use crate::text::num;

/// Why a sheet over [`limits::MAX_CELLS`] is not read.
pub fn too_many_cells() -> crate::text::Text {
    crate::t!(
        "工作表的非空单元格超过 {} 个，超过上限；请拆分工作表",
        "the sheet holds more than {} non-blank cells, over the limit; split the sheet",
        limits::MAX_CELLS
    )
}

/// One cell's content, already freed of calamine's types.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(Box<str>),
    Num(f64),
    Bool(bool),
    /// A date cell (or ISO date text calamine recognised), without its time of day.
    Date(NaiveDate),
    /// An error cell such as `#DIV/0!`.
    Error(Box<str>),
    /// A formula cell whose cached value is missing (written by a program that does not calculate).
    UncachedFormula,
}

impl Value {
    /// Blank text counts as an empty cell.
    pub fn is_blank(&self) -> bool {
        matches!(self, Value::Text(s) if s.trim().is_empty())
    }

    /// The value as a user would recognise it in a message (long text cut short,
    /// invisible format characters written out: `P01\u200b`).
    pub fn display(&self) -> String {
        match self {
            Value::Text(s) => {
                let s = s.trim();
                let shown = if s.chars().count() > 40 {
                    let mut cut: String = s.chars().take(40).collect();
                    cut.push('…');
                    cut
                } else {
                    s.to_string()
                };
                crate::text::escape_format_chars(&shown).into_owned()
            }
            Value::Num(n) => num::general(*n),
            Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Value::Date(d) => d.format("%Y-%m-%d").to_string(),
            Value::Error(e) => e.to_string(),
            Value::UncachedFormula => String::new(),
        }
    }
}

/// A merged range: ((first row, first col), (last row, last col)), 0-based, inclusive.
pub type Span = ((u32, u32), (u32, u32));

/// One row that holds at least one cell; cells sorted by column.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row {
    /// 0-based absolute row index.
    pub idx: u32,
    /// (0-based absolute column, value), sorted by column.
    pub cells: Vec<(u32, Value)>,
}

impl Row {
    pub fn get(&self, col: u32) -> Option<&Value> {
        self.cells.binary_search_by_key(&col, |(c, _)| *c).ok().map(|i| &self.cells[i].1).filter(|v| !v.is_blank())
    }

    /// The first cell that is not blank.
    pub fn first_non_blank(&self) -> Option<(u32, &Value)> {
        self.cells.iter().find(|(_, v)| !v.is_blank()).map(|(c, v)| (*c, v))
    }

    pub fn is_blank(&self) -> bool {
        self.first_non_blank().is_none()
    }

    /// 1-based row number as Excel shows it.
    pub fn excel_row(&self) -> u32 {
        self.idx + 1
    }
}

/// A sheet's cells.
#[derive(Debug, Default)]
pub struct Grid {
    pub rows: Vec<Row>,
    /// Workbook uses the 1904 date system (for serial numbers in date columns).
    pub is_1904: bool,
    /// The month being evaluated, when known before reading (`--month` or the folder's
    /// name): it completes dates typed without their year (`11月3日`, `3号`).
    pub month: Option<crate::model::Month>,
    cells: usize,
    sorted: bool,
    merged: Merged,
}

/// The merged ranges spread over the grid, and the cells that took their value.
#[derive(Debug, Default)]
struct Merged {
    spans: Vec<Span>,
    /// (row, col, index into `spans`), sorted by (row, col): every cell holding a
    /// merged value, the range's top-left cell included.
    cells: Vec<(u32, u32, u32)>,
}

/// The sheet holds more cells than [`limits::MAX_CELLS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooManyCells;

impl Grid {
    pub fn new(is_1904: bool) -> Grid {
        Grid { rows: Vec::new(), is_1904, month: None, cells: 0, sorted: true, merged: Merged::default() }
    }

    /// Adds a cell (in any order; stream order is the cheap case).
    pub fn push(&mut self, row: u32, col: u32, value: Value) -> Result<(), TooManyCells> {
        self.cells += 1;
        if self.cells > limits::MAX_CELLS {
            return Err(TooManyCells);
        }
        match self.rows.last_mut() {
            Some(last) if last.idx == row => {
                if last.cells.last().is_some_and(|(c, _)| *c >= col) {
                    self.sorted = false;
                }
                last.cells.push((col, value));
            }
            last => {
                if last.as_ref().is_some_and(|l| l.idx > row) {
                    self.sorted = false;
                }
                // Rows of a table are alike: room for as many cells as the row before,
                // so a row's vector is not grown (and copied) cell by cell.
                let mut cells = Vec::with_capacity(last.map_or(4, |l| l.cells.len().max(4)));
                cells.push((col, value));
                self.rows.push(Row { idx: row, cells });
            }
        }
        Ok(())
    }

    /// Puts rows and cells in order (only when they did not arrive in order).
    pub fn finish(&mut self) {
        if self.sorted {
            return;
        }
        let mut cells: Vec<(u32, u32, Value)> = std::mem::take(&mut self.rows)
            .into_iter()
            .flat_map(|r| r.cells.into_iter().map(move |(c, v)| (r.idx, c, v)))
            .collect();
        cells.sort_by_key(|(r, c, _)| (*r, *c));
        cells.dedup_by_key(|(r, c, _)| (*r, *c));
        for (r, c, v) in cells {
            match self.rows.last_mut() {
                Some(last) if last.idx == r => last.cells.push((c, v)),
                _ => self.rows.push(Row { idx: r, cells: vec![(c, v)] }),
            }
        }
        self.sorted = true;
    }

    /// Spreads the value of each merged range's top-left cell over the whole range
    /// (SPEC §2: a value in a merged range applies to every row of the range), and
    /// remembers which cells took a merged value ([`Grid::merge_at`]): only the row
    /// reader knows a column's type, and a number must not be spread (SPEC §3).
    /// `merges` are ((first row, first col), (last row, last col)), 0-based, inclusive.
    /// Bounded: at most [`limits::MAX_MERGE_FILL`] cells are filled in all.
    ///
    /// A cell already there (even blank text) is kept, and of two merges over one
    /// cell the first listed wins. O(n log n) in the cells filled, whatever the
    /// order of the merges (the fills are sorted, then joined with the rows once).
    pub fn apply_merges(&mut self, merges: &[Span]) {
        self.finish();
        let mut budget = limits::MAX_MERGE_FILL;
        // (row, col, index into `self.merged.spans`) of each cell to fill.
        let mut fills: Vec<(u32, u32, u32)> = Vec::new();
        let mut values: Vec<Value> = Vec::new();
        for &((r0, c0), (r1, c1)) in merges {
            if r1 < r0 || c1 < c0 || (r0, c0) == (r1, c1) {
                continue;
            }
            let Some(value) = self.value_at(r0, c0).cloned() else { continue };
            let area = (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1);
            if area > budget as u64 || self.merged.spans.len() >= u32::MAX as usize {
                continue;
            }
            budget -= area as usize;
            let k = self.merged.spans.len() as u32;
            self.merged.spans.push(((r0, c0), (r1, c1)));
            values.push(value);
            self.merged.cells.push((r0, c0, k));
            for r in r0..=r1 {
                for c in c0..=c1 {
                    if (r, c) != (r0, c0) {
                        fills.push((r, c, k));
                    }
                }
            }
        }
        if fills.is_empty() {
            self.merged.cells.sort_unstable_by_key(|&(r, c, _)| (r, c));
            return;
        }
        // Stable: of two fills of one cell, the first merge's stays first and wins.
        fills.sort_by_key(|&(r, c, _)| (r, c));
        fills.dedup_by_key(|&mut (r, c, _)| (r, c));
        let old = std::mem::take(&mut self.rows);
        let mut rows: Vec<Row> = Vec::with_capacity(old.len());
        let mut old = old.into_iter().peekable();
        let mut fills = fills.into_iter().peekable();
        loop {
            let next_fill = fills.peek().map(|f| f.0);
            let next_row = old.peek().map(|r| r.idx);
            let idx = match (next_row, next_fill) {
                (None, None) => break,
                (Some(r), Some(f)) => r.min(f),
                (Some(r), None) => r,
                (None, Some(f)) => f,
            };
            let mut row =
                if next_row == Some(idx) { old.next().expect("peeked") } else { Row { idx, cells: Vec::new() } };
            let mut added: Vec<(u32, Value)> = Vec::new();
            while let Some(&(_, c, k)) = fills.peek().filter(|f| f.0 == idx) {
                fills.next();
                if row.cells.binary_search_by_key(&c, |(col, _)| *col).is_err() {
                    added.push((c, values[k as usize].clone()));
                    self.merged.cells.push((idx, c, k));
                }
            }
            if !added.is_empty() {
                row.cells = merge_sorted(std::mem::take(&mut row.cells), added);
            }
            rows.push(row);
        }
        self.rows = rows;
        self.merged.cells.sort_unstable_by_key(|&(r, c, _)| (r, c));
    }

    /// The merged range a cell took its value from (its own, for a range's top-left
    /// cell), when [`Grid::apply_merges`] spread one over it.
    pub fn merge_at(&self, row: u32, col: u32) -> Option<Span> {
        if self.merged.cells.is_empty() {
            return None;
        }
        let i = self.merged.cells.binary_search_by_key(&(row, col), |&(r, c, _)| (r, c)).ok()?;
        Some(self.merged.spans[self.merged.cells[i].2 as usize])
    }

    /// The value at a cell as a message shows it (empty when blank).
    pub fn shown_at(&self, row: u32, col: u32) -> String {
        self.value_at(row, col).map(Value::display).unwrap_or_default()
    }

    fn value_at(&self, row: u32, col: u32) -> Option<&Value> {
        let i = self.rows.binary_search_by_key(&row, |r| r.idx).ok()?;
        self.rows[i].get(col)
    }
}

/// Two lists of cells sorted by column, as one (no column is in both).
fn merge_sorted(a: Vec<(u32, Value)>, b: Vec<(u32, Value)>) -> Vec<(u32, Value)> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let take_a = match (a.peek(), b.peek()) {
            (None, None) => break,
            (Some(x), Some(y)) => x.0 < y.0,
            (Some(_), None) => true,
            (None, Some(_)) => false,
        };
        out.extend(if take_a { a.next() } else { b.next() });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Value {
        Value::Text(s.into())
    }

    #[test]
    fn out_of_order_cells_are_sorted() {
        let mut g = Grid::new(false);
        g.push(5, 2, text("c")).unwrap();
        g.push(5, 0, text("a")).unwrap();
        g.push(1, 1, text("b")).unwrap();
        g.finish();
        assert_eq!(g.rows.iter().map(|r| r.idx).collect::<Vec<_>>(), vec![1, 5]);
        assert_eq!(g.rows[1].cells[0].0, 0);
    }

    #[test]
    fn merged_value_applies_to_every_row() {
        let mut g = Grid::new(false);
        g.push(1, 0, text("P01")).unwrap();
        g.push(1, 1, text("x")).unwrap();
        g.push(2, 1, text("y")).unwrap();
        g.push(3, 1, text("z")).unwrap();
        g.apply_merges(&[((1, 0), (3, 0))]);
        assert!(g.rows.iter().all(|r| r.get(0) == Some(&text("P01"))));
        assert_eq!(g.rows.iter().map(|r| r.cells.len()).collect::<Vec<_>>(), vec![2, 2, 2]);
        // A row that held nothing under the merge gets one; a blank text cell already
        // there is kept; of two merges over one cell the first wins.
        let mut h = Grid::new(false);
        h.push(0, 0, text("A")).unwrap();
        h.push(0, 2, text("B")).unwrap();
        h.push(1, 1, text(" ")).unwrap();
        h.push(4, 0, text("z")).unwrap();
        h.apply_merges(&[((0, 0), (2, 1)), ((0, 2), (2, 2)), ((0, 0), (3, 0))]);
        let got: Vec<(u32, Vec<(u32, &str)>)> = h
            .rows
            .iter()
            .map(|r| {
                let cells = r.cells.iter().map(|(c, v)| (*c, if let Value::Text(t) = v { &**t } else { "?" }));
                (r.idx, cells.collect())
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (0, vec![(0, "A"), (1, "A"), (2, "B")]),
                (1, vec![(0, "A"), (1, " "), (2, "B")]),
                (2, vec![(0, "A"), (1, "A"), (2, "B")]),
                (3, vec![(0, "A")]),
                (4, vec![(0, "z")]),
            ]
        );
        // A huge merge is skipped rather than allocating a million cells.
        g.apply_merges(&[((1, 1), (1_000_000, 16_000))]);
        assert_eq!(g.rows.len(), 3);
    }

    #[test]
    fn the_grid_remembers_which_cells_took_a_merged_value() {
        let mut g = Grid::new(false);
        g.push(4, 4, Value::Num(300.0)).unwrap();
        g.push(5, 3, text("A002")).unwrap();
        g.push(5, 5, text("x")).unwrap();
        g.apply_merges(&[((4, 4), (6, 4)), ((5, 5), (5, 6))]);
        assert_eq!(g.merge_at(4, 4), Some(((4, 4), (6, 4))));
        assert_eq!(g.merge_at(6, 4), Some(((4, 4), (6, 4))));
        assert_eq!(g.value_at(6, 4), Some(&Value::Num(300.0)));
        assert_eq!(g.merge_at(5, 6), Some(((5, 5), (5, 6))));
        assert_eq!(g.merge_at(5, 3), None);
        assert_eq!(g.merge_at(7, 4), None);
    }

    /// Merges listed bottom to top, each filling a row that held nothing, once took
    /// quadratic time (every new row inserted at the front of a vector).
    #[test]
    fn two_hundred_thousand_merges_in_reverse_order() {
        let n = 200_000u32;
        let mut g = Grid::new(false);
        for k in 0..n {
            g.push(2 * k, 0, Value::Text(format!("P{k}").into())).unwrap();
            g.push(2 * k, 1, Value::Num(1.0)).unwrap();
        }
        let merges: Vec<Span> = (0..n).rev().map(|k| ((2 * k, 0), (2 * k + 1, 0))).collect();
        g.apply_merges(&merges);
        assert_eq!(g.rows.len(), 2 * n as usize);
        assert!(g.rows.windows(2).all(|w| w[0].idx < w[1].idx));
        assert_eq!(g.rows[7].cells, vec![(0, text("P3"))]);
        assert_eq!(g.merge_at(7, 0), Some(((6, 0), (7, 0))));
    }

    #[test]
    fn blank_text_is_blank_and_numbers_show_plainly() {
        let row = Row { idx: 0, cells: vec![(0, text("  ")), (3, Value::Num(2.0))] };
        assert_eq!(row.first_non_blank(), Some((3, &Value::Num(2.0))));
        assert_eq!(Value::Num(1001.0).display(), "1001");
        assert_eq!(Value::Num(-2.5e16).display(), "-2.5e16");
        assert_eq!(text(&"长".repeat(100)).display().chars().count(), 41);
        assert_eq!(text(" X01\u{200b} ").display(), "X01\\u200b");
    }
}
