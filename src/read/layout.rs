//! Where a sheet's tables are (SPEC §2, §3 "Sheets"): the header rows, the tables side
//! by side on one header row, the tables one under another, and the title rows above.
//!
//! Takes a sheet's rows; gives its [`Part`]s, each a table (complete or lacking
//! columns) with its header row, its rows and its columns.
//!
//! Choices where the SPEC is silent:
//! - The first header row is the first of the sheet's first 30 non-blank rows holding
//!   a whole table; failing that, the row that is most clearly one table (and has rows
//!   under it) is that table lacking columns. Rows above it are the title.
//! - Side by side: a header row is cut at its blank columns; a piece that alone is
//!   a table, or clearly one, starts a table, and the pieces after it that are not
//!   belong to it (optional columns after a blank column). Two neighbouring pieces of
//!   the same table are one table unless each is whole on its own. A row with only
//!   one such piece is one table over all its columns, as before. Each table owns the
//!   columns from its first header cell to the next table's.
//! - One under another: a later row is looked at as a header when a blank row is
//!   above it or it holds only text, mostly without digits (data rows of the large
//!   tables hold numbers, so they cost nothing). When it is a table's header, the
//!   table above ends there; up to 5 rows right above it that each hold one text (a
//!   title such as `二、上级交办工作`, also merged over several cells) are the new
//!   table's title. The same header repeated with no title above (printed pages) does
//!   not start a new table.
//! - A table lacking columns further down counts only when rows follow it (a header
//!   with nothing under it holds nothing to lose).
//! - Limit: a table lacking columns *above* the first whole table is taken as title.

use std::borrow::Cow;

use super::grid::{Row, Value};
use super::header::{self, Aliases, HEADER_SEARCH_ROWS, HeaderCell, Match};

/// Rows to look back from a header row for its title rows.
const TITLE_ROWS: usize = 5;

/// The rows and columns of one table on a sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// Index (in the sheet's non-empty rows) of the header row.
    pub header: usize,
    /// Index one past the table's last row.
    pub end: usize,
    /// The sheet columns (first, last) the table owns when its header row holds
    /// another table too; `None`: every column.
    pub cols: Option<(u32, u32)>,
}

impl Block {
    /// A row as this table sees it: only the cells in its columns.
    pub fn view<'a>(&self, row: &'a Row) -> Cow<'a, Row> {
        match self.cols {
            None => Cow::Borrowed(row),
            Some((a, b)) => Cow::Owned(Row {
                idx: row.idx,
                cells: row.cells.iter().filter(|(c, _)| (a..=b).contains(c)).cloned().collect(),
            }),
        }
    }
}

/// One table found on a sheet.
#[derive(Debug, Clone)]
pub struct Part {
    pub block: Block,
    /// How its columns fall on the header (complete, or lacking columns).
    pub m: Match,
    /// Its header cells.
    pub cells: Vec<HeaderCell>,
    /// The text of the title rows above the header, joined by spaces.
    pub title: String,
}

/// What a sheet holds.
#[derive(Debug)]
pub enum Layout {
    /// Tables, top to bottom and left to right; at least one.
    Parts(Vec<Part>),
    /// No table; the nearest one, when anything matched at all.
    Unrecognized { nearest: Option<Match> },
}

/// One table on a header row, before its rows are known.
struct Found {
    cols: Option<(u32, u32)>,
    m: Match,
    cells: Vec<HeaderCell>,
}

/// Finds the tables of a sheet.
pub fn layout(rows: &[Row], aliases: &Aliases) -> Layout {
    let mut nearest: Option<Match> = None;
    let mut partial: Option<(usize, Vec<Found>)> = None;
    let mut first: Option<(usize, Vec<Found>)> = None;
    for (idx, row) in rows.iter().enumerate().filter(|(_, r)| !r.is_blank()).take(HEADER_SEARCH_ROWS) {
        let cells = header::header_cells(row);
        if let Some(m) = header::best_match(&cells, aliases)
            && nearest.as_ref().is_none_or(|b| header::rank(&m) > header::rank(b))
        {
            nearest = Some(m);
        }
        let found = row_tables(&cells, aliases);
        if found.iter().any(|f| f.m.complete()) {
            first = Some((idx, found));
            break;
        }
        let has_rows = rows[idx + 1..].iter().any(|r| !r.is_blank());
        if has_rows
            && !found.is_empty()
            && partial.as_ref().is_none_or(|(_, p)| header::rank(&found[0].m) > header::rank(&p[0].m))
        {
            partial = Some((idx, found));
        }
    }
    let Some((mut header, mut found)) = first.or(partial) else {
        return Layout::Unrecognized { nearest };
    };
    let mut parts = Vec::new();
    let mut title = title_text(&rows[..header]);
    loop {
        let next = next_header(rows, header, &found, aliases);
        let end = next.as_ref().map_or(rows.len(), |(start, _, _)| *start);
        let has_rows = rows[header + 1..end].iter().any(|r| !r.is_blank());
        for f in found {
            if f.m.complete() || has_rows {
                let block = Block { header, end, cols: f.cols };
                parts.push(Part { block, m: f.m, cells: f.cells, title: title.clone() });
            }
        }
        let Some((start, at, more)) = next else { break };
        title = title_text(&rows[start..at]);
        (header, found) = (at, more);
    }
    if parts.is_empty() {
        return Layout::Unrecognized { nearest };
    }
    Layout::Parts(parts)
}

/// The next header row below `header`: (first row of its title, its index, its tables).
fn next_header(
    rows: &[Row],
    header: usize,
    current: &[Found],
    aliases: &Aliases,
) -> Option<(usize, usize, Vec<Found>)> {
    for i in header + 1..rows.len() {
        let after_gap = rows[i].idx > rows[i - 1].idx + 1 || rows[i - 1].is_blank();
        if !(after_gap || wordy(&rows[i])) || rows[i].is_blank() {
            continue;
        }
        let found = row_tables(&header::header_cells(&rows[i]), aliases);
        if found.is_empty() {
            continue;
        }
        let mut start = i;
        while start > header + 1 && i - start < TITLE_ROWS && title_like(&rows[start - 1]) {
            start -= 1;
        }
        let repeated = found.len() == current.len()
            && found.iter().zip(current).all(|(a, b)| a.m.kind == b.m.kind && a.m.cols == b.m.cols);
        if repeated && start == i {
            continue;
        }
        return Some((start, i, found));
    }
    None
}

/// A row that may be a header: two or more cells, all text, at least half of them
/// without a digit.
fn wordy(row: &Row) -> bool {
    let (mut cells, mut plain) = (0, 0);
    for (_, v) in row.cells.iter().filter(|(_, v)| !v.is_blank()) {
        let Value::Text(t) = v else { return false };
        cells += 1;
        plain += usize::from(!t.chars().any(char::is_numeric));
    }
    cells >= 2 && plain * 2 >= cells
}

/// A title row: one text, perhaps merged over several cells.
fn title_like(row: &Row) -> bool {
    let mut texts = row.cells.iter().map(|(_, v)| v).filter(|v| !v.is_blank());
    match texts.next() {
        Some(Value::Text(first)) => texts.all(|v| matches!(v, Value::Text(t) if t.trim() == first.trim())),
        _ => false,
    }
}

/// The text of title rows, joined by spaces (a merged title once).
fn title_text(rows: &[Row]) -> String {
    let mut words: Vec<String> = Vec::new();
    for row in rows {
        for (_, v) in &row.cells {
            let w = v.display();
            if !w.is_empty() && words.last() != Some(&w) {
                words.push(w);
            }
        }
    }
    words.join(" ")
}

/// The tables on one header row (complete, or clearly one table), left to right.
fn row_tables(cells: &[HeaderCell], aliases: &Aliases) -> Vec<Found> {
    if cells.is_empty() {
        return Vec::new();
    }
    // Pieces of the row between blank columns.
    let mut pieces: Vec<&[HeaderCell]> = Vec::new();
    let mut from = 0;
    for i in 1..=cells.len() {
        if i == cells.len() || cells[i].col > cells[i - 1].col + 1 {
            pieces.push(&cells[from..i]);
            from = i;
        }
    }
    // Groups of pieces, each started by a piece that is (clearly) a table.
    let mut groups: Vec<(usize, usize, Option<Match>)> = Vec::new();
    for (p, piece) in pieces.iter().enumerate() {
        let m = header::best_match(piece, aliases).filter(|m| m.complete() || m.clearly());
        match (m, groups.last_mut()) {
            (Some(m), Some((_, to, Some(prev)))) if prev.kind == m.kind && !(prev.complete() && m.complete()) => {
                *to = p;
                // The pieces together make one table: its match is taken again below.
                *prev = m;
            }
            (Some(m), _) => groups.push((p, p, Some(m))),
            (None, Some((_, to, _))) => *to = p,
            (None, None) => groups.push((p, p, None)),
        }
    }
    // Leading pieces that are no table belong to the first table.
    if groups.len() > 1 && groups[0].2.is_none() {
        let (from, _, _) = groups.remove(0);
        groups[0].0 = from;
    }
    let keep = |m: &Match| m.complete() || m.clearly();
    if groups.iter().filter(|g| g.2.is_some()).count() <= 1 {
        return header::best_match(cells, aliases)
            .filter(keep)
            .map(|m| Found { cols: None, m, cells: cells.to_vec() })
            .into_iter()
            .collect();
    }
    let mut out = Vec::new();
    for (g, &(a, b, _)) in groups.iter().enumerate() {
        let group: Vec<HeaderCell> = pieces[a..=b].iter().flat_map(|p| p.iter().cloned()).collect();
        let first = if g == 0 { 0 } else { group[0].col };
        let last = groups.get(g + 1).map_or(u32::MAX, |&(next, _, _)| pieces[next][0].col - 1);
        if let Some(m) = header::best_match(&group, aliases).filter(keep) {
            out.push(Found { cols: Some((first, last)), m, cells: group });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TableKind;

    fn row(idx: u32, cells: &[(u32, &str)]) -> Row {
        Row { idx, cells: cells.iter().map(|&(c, t)| (c, Value::Text(t.into()))).collect() }
    }

    fn texts(idx: u32, texts: &[&str]) -> Row {
        Row { idx, cells: texts.iter().enumerate().map(|(i, t)| (i as u32, Value::Text((*t).into()))).collect() }
    }

    fn num_row(idx: u32, cells: &[(u32, f64)]) -> Row {
        Row { idx, cells: cells.iter().map(|&(c, n)| (c, Value::Num(n))).collect() }
    }

    fn parts(rows: &[Row]) -> Vec<Part> {
        match layout(rows, &Aliases::default()) {
            Layout::Parts(p) => p,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_header_under_twelve_note_rows_is_found_and_its_title_kept() {
        let mut rows: Vec<Row> = (0..12).map(|i| texts(i, &[&format!("说明第{i}行")])).collect();
        rows.push(texts(12, &["项目编号", "事件类型", "严重"]));
        rows.push(texts(13, &["X01", "终止", "是"]));
        let p = parts(&rows);
        assert_eq!(p.len(), 1);
        assert_eq!((p[0].m.kind, p[0].block.header, p[0].block.end), (TableKind::PartnerEvents, 12, 14));
        assert!(p[0].title.starts_with("说明第0行 说明第1行"), "{}", p[0].title);
    }

    #[test]
    fn tables_side_by_side_each_own_their_columns() {
        let mut header = row(0, &[(0, "项目经理工号"), (1, "评价人"), (2, "评分"), (3, "部门")]);
        header
            .cells
            .extend([(6, "项目经理工号"), (7, "任务"), (8, "完成情况")].map(|(c, t)| (c, Value::Text(t.into()))));
        let p = parts(&[header, row(1, &[(0, "P01"), (6, "P02")])]);
        assert_eq!(p.len(), 2);
        assert_eq!((p[0].m.kind, p[0].block.cols), (TableKind::Reviews, Some((0, 5))));
        assert_eq!((p[1].m.kind, p[1].block.cols), (TableKind::Tasks, Some((6, u32::MAX))));
        assert_eq!(p[1].m.cols, vec![Some(6), Some(7), Some(8)]);
    }

    #[test]
    fn one_table_with_a_blank_column_stays_one() {
        let header = row(0, &[(0, "座席工号"), (1, "项目编号"), (2, "入职日期"), (4, "离职日期"), (5, "姓名")]);
        let mut rows = vec![header];
        rows[0].cells.extend(
            ["应出勤天数", "实际出勤天数", "外呼量", "接通量", "成功订制量", "营业收入"]
                .iter()
                .enumerate()
                .map(|(i, t)| (7 + i as u32, Value::Text((*t).into()))),
        );
        let p = parts(&rows);
        assert_eq!(p.len(), 1);
        assert!(p[0].m.complete() && p[0].block.cols.is_none());
    }

    #[test]
    fn tables_one_under_another_end_at_the_next_header() {
        let rows = vec![
            texts(0, &["项目经理工号", "评价人", "评分"]),
            Row {
                idx: 1,
                cells: vec![(0, Value::Text("P01".into())), (1, Value::Text("王".into())), (2, Value::Num(90.0))],
            },
            texts(3, &["二、上级交办工作", "二、上级交办工作"]),
            texts(4, &["项目经理工号", "任务", "完成情况"]),
            texts(5, &["P01", "培训", "按时完成"]),
        ];
        let p = parts(&rows);
        assert_eq!(p.len(), 2);
        assert_eq!((p[0].m.kind, p[0].block.header, p[0].block.end), (TableKind::Reviews, 0, 2));
        assert_eq!((p[1].m.kind, p[1].block.header, p[1].block.end), (TableKind::Tasks, 3, 5));
        assert_eq!(p[1].title, "二、上级交办工作");
        // The header repeated on a printed page does not start a table.
        let rows = vec![
            texts(0, &["项目经理工号", "任务", "完成情况"]),
            texts(1, &["P01", "培训", "按时完成"]),
            texts(2, &["项目经理工号", "任务", "完成情况"]),
            texts(3, &["P02", "培训", "未完成"]),
        ];
        assert_eq!(parts(&rows).len(), 1);
        let _ = num_row;
    }

    #[test]
    fn an_events_sheet_with_another_word_for_the_event_is_clearly_events() {
        let rows = vec![texts(0, &["项目编号", "质量事件", "日期", "损失业务量", "严重"]), texts(1, &["X01", "终止"])];
        let p = parts(&rows);
        assert_eq!(p[0].m.kind, TableKind::PartnerEvents);
        assert!(!p[0].m.complete());
        // Without rows under it, or as a staff list, it is no table.
        assert!(matches!(layout(&rows[..1], &Aliases::default()), Layout::Unrecognized { .. }));
        let staff = vec![texts(0, &["工号", "姓名", "电话"]), texts(1, &["1", "张", "139"])];
        assert!(matches!(layout(&staff, &Aliases::default()), Layout::Unrecognized { nearest: Some(_) }));
    }

    #[test]
    fn a_table_lacking_a_column_under_another_is_its_own_part() {
        let rows = vec![
            texts(0, &["项目经理工号", "任务", "完成情况"]),
            texts(1, &["P01", "培训", "按时完成"]),
            texts(3, &["项目编号", "质量事件", "损失业务量", "严重"]),
            texts(4, &["X01", "终止", "否"]),
        ];
        let p = parts(&rows);
        assert_eq!(p.len(), 2);
        assert_eq!((p[0].m.kind, p[0].block.end), (TableKind::Tasks, 2));
        assert_eq!((p[1].m.kind, p[1].m.complete(), p[1].block.header), (TableKind::PartnerEvents, false, 2));
    }
}
