//! A sheet's cells as a sparse, bounded grid: only cells that hold something are
//! kept, row by row, so a stray cell at XFD1048576 or a million blank formatted
//! rows cost nothing (calamine's dense `Range` would allocate rows × columns).

use chrono::NaiveDate;

use super::limits;

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

    /// The value as a user would recognise it in a message (long text cut short).
    pub fn display(&self) -> String {
        match self {
            Value::Text(s) => {
                let s = s.trim();
                if s.chars().count() > 40 {
                    let mut cut: String = s.chars().take(40).collect();
                    cut.push('…');
                    cut
                } else {
                    s.to_string()
                }
            }
            Value::Num(n) => fmt_num(*n),
            Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Value::Date(d) => d.format("%Y-%m-%d").to_string(),
            Value::Error(e) => e.to_string(),
            Value::UncachedFormula => String::new(),
        }
    }
}

/// A number as Excel would show it in General format, roughly: `1001`, `12.5`.
pub fn fmt_num(n: f64) -> String {
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        let s = format!("{n:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
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
    cells: usize,
    sorted: bool,
}

/// The sheet holds more cells than [`limits::MAX_CELLS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooManyCells;

impl Grid {
    pub fn new(is_1904: bool) -> Grid {
        Grid { rows: Vec::new(), is_1904, cells: 0, sorted: true }
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
    /// (SPEC §2: a value in a merged range applies to every row of the range).
    /// `merges` are ((first row, first col), (last row, last col)), 0-based, inclusive.
    /// Bounded: at most [`limits::MAX_MERGE_FILL`] cells are filled in all.
    pub fn apply_merges(&mut self, merges: &[Span]) {
        self.finish();
        let mut budget = limits::MAX_MERGE_FILL;
        let mut fills: Vec<(u32, u32, Value)> = Vec::new();
        for &((r0, c0), (r1, c1)) in merges {
            if r1 < r0 || c1 < c0 {
                continue;
            }
            let Some(value) = self.value_at(r0, c0).cloned() else { continue };
            let area = (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1);
            if area > budget as u64 {
                continue;
            }
            budget -= area as usize;
            for r in r0..=r1 {
                for c in c0..=c1 {
                    if (r, c) != (r0, c0) && self.value_at(r, c).is_none() {
                        fills.push((r, c, value.clone()));
                    }
                }
            }
        }
        if fills.is_empty() {
            return;
        }
        // Each fill goes straight into its place (rows and cells stay sorted), rather
        // than re-sorting every cell of the sheet. Filled cells count against no limit
        // beyond the fill budget. A cell already there (even blank text) is kept, and
        // of two fills for one cell the first wins.
        let mut new_rows: Vec<Row> = Vec::new();
        for (r, c, v) in fills {
            let row = match self.rows.binary_search_by_key(&r, |row| row.idx) {
                Ok(i) => &mut self.rows[i],
                Err(_) => match new_rows.binary_search_by_key(&r, |row| row.idx) {
                    Ok(i) => &mut new_rows[i],
                    Err(i) => {
                        new_rows.insert(i, Row { idx: r, cells: Vec::new() });
                        &mut new_rows[i]
                    }
                },
            };
            if let Err(i) = row.cells.binary_search_by_key(&c, |(col, _)| *col) {
                row.cells.insert(i, (c, v));
            }
        }
        if !new_rows.is_empty() {
            self.rows.extend(new_rows);
            self.rows.sort_by_key(|row| row.idx);
        }
    }

    fn value_at(&self, row: u32, col: u32) -> Option<&Value> {
        let i = self.rows.binary_search_by_key(&row, |r| r.idx).ok()?;
        self.rows[i].get(col)
    }
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
    fn blank_text_is_blank_and_numbers_show_plainly() {
        let row = Row { idx: 0, cells: vec![(0, text("  ")), (3, Value::Num(2.0))] };
        assert_eq!(row.first_non_blank(), Some((3, &Value::Num(2.0))));
        assert_eq!(fmt_num(1001.0), "1001");
        assert_eq!(fmt_num(12.5), "12.5");
        assert_eq!(text(&"长".repeat(100)).display().chars().count(), 41);
    }
}
