//! Marked copies (SPEC §3, `--mark DIR`): an input workbook written again as .xlsx with
//! its problems shown where they are. A first sheet (检查结果 / Findings) lists the
//! file's findings as [`crate::groups`] groups them, each linked to its cell; then come
//! the input's sheets, same names and order (hidden ones hidden), every cell where it
//! was with its value, merged ranges kept; a cell with a finding is filled (error red,
//! warning amber, info blue) and carries the message as a note; the rows left out of
//! the evaluation are grey.
//!
//! Takes the input's cells as plain data ([`crate::read::dump::Dump`], consumed sheet
//! by sheet) and the diagnostics; gives the bytes of the copy. Writing the file is the
//! caller's business.
//!
//! Choices where the SPEC is silent:
//! - Where a finding is marked: its cell; a finding about a row (no column), the row's
//!   first cell holding a value (A when none); a finding about a sheet, A1; a cell
//!   inside a merged range, the range's top-left cell (the one a reader sees). A
//!   finding about the whole file is listed on the first sheet only.
//! - Several findings on one cell share one note, the worst severity filling the cell.
//! - Grey rows: those named by a finding that leaves a row out (bad, blank, duplicate
//!   or out-of-range values, unknown references, outside the month, not present, a
//!   formula without a value), every row of a sheet set aside whole (`duplicate-source`,
//!   `other-month`) and every row of a file skipped as a `duplicate-file`.
//! - On the first sheet a group is one row (its count, ranges and first message) with
//!   a link to its first cell; when it holds several findings of this file, one row
//!   per finding follows, each with its own message and link. Follow-ons (rows left out
//!   because of another finding) are listed under their cause's group.
//! - The findings sheet's name gets ` (kaoping)` when the input has a sheet of that
//!   name; an input sheet name Excel would refuse (from .ods) is made valid, and the
//!   links use the name written.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rust_xlsxwriter::{Color, ExcelDateTime, Format, Note, Url, Workbook, Worksheet, XlsxError, utility};

use super::style::{self, Widths};
use super::words;
use crate::diag::{Code, Diagnostic, Severity};
use crate::groups::Grouping;
use crate::read::dump::{Dump, DumpSheet, Value};
use crate::t;
use crate::text::{Lang, Text};

pub static SHEET_FINDINGS: Text = Text::of("检查结果", "Findings");
/// What a marked copy's file name gets after the input's: `市场部-检查.xlsx`.
pub static SUFFIX: Text = Text::of("-检查", "-check");
static WHOLE_FILE: Text = Text::of("整个文件", "whole file");
static HIDDEN: Text = Text::of("（隐藏）", " (hidden)");
const GREY_FILL: u32 = 0xD9D9D9;
const FILLS: [u32; 3] = [0xFFC7CE, 0xFFEB9C, 0xDDEBF7];
/// Excel's limits: 1,048,576 rows, 16,384 columns.
const MAX_ROW: u32 = 1_048_575;
const MAX_COL: u32 = 16_383;

/// What a marked copy shows besides the input's cells.
pub struct MarkedCopy<'a> {
    pub lang: Lang,
    /// The input file as the diagnostics name it.
    pub file: &'a str,
    /// Every diagnostic of the month, grouped ([`crate::groups::group`]).
    pub grouping: &'a Grouping<'a>,
    /// Seconds since 1970 (SOURCE_DATE_EPOCH, or now).
    pub created: i64,
}

/// The fill of a cell: none, grey (row left out), or a finding's severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Fill {
    None,
    Grey,
    Finding(Severity),
}

/// Every format the copy uses, made once: [plain, date] × fill.
struct Looks {
    cells: [[Format; 5]; 2],
    title: Format,
    subtitle: Format,
    header: Format,
    wrap: Format,
    sub: Format,
    link: Format,
    severity: [Format; 3],
}

impl Looks {
    fn new() -> Looks {
        let fills = |base: Format| {
            [
                base.clone(),
                base.clone().set_background_color(Color::RGB(GREY_FILL)).set_font_color(Color::RGB(0x7F7F7F)),
                base.clone().set_background_color(Color::RGB(FILLS[0])),
                base.clone().set_background_color(Color::RGB(FILLS[1])),
                base.set_background_color(Color::RGB(FILLS[2])),
            ]
        };
        let f = style::Formats::new();
        Looks {
            cells: [fills(Format::new()), fills(Format::new().set_num_format("yyyy-mm-dd"))],
            title: f.title,
            subtitle: f.subtitle,
            header: f.header,
            wrap: f.wrap.clone(),
            sub: f.wrap.set_font_color(Color::RGB(0x595959)),
            link: f.text.set_font_color(Color::RGB(0x0563C1)).set_underline(rust_xlsxwriter::FormatUnderline::Single),
            severity: f.severity,
        }
    }

    fn cell(&self, date: bool, fill: Fill) -> &Format {
        let k = match fill {
            Fill::None => 0,
            Fill::Grey => 1,
            Fill::Finding(Severity::Error) => 2,
            Fill::Finding(Severity::Warning) => 3,
            Fill::Finding(Severity::Info) => 4,
        };
        &self.cells[usize::from(date)][k]
    }

    fn severity(&self, s: Severity) -> &Format {
        &self.severity[s as usize]
    }
}

/// Whether a finding leaves its row out of the evaluation (`tests/cli/lost.rs`).
fn leaves_row_out(code: Code) -> bool {
    use Code::*;
    matches!(
        code,
        BadValue
            | MissingValue
            | OutOfRange
            | DuplicateKey
            | UnknownReference
            | OutsideMonth
            | NotPresent
            | FormulaNoValue
    )
}

/// Where a finding is marked: (sheet index, 0-based row, 0-based column).
type Target = (usize, u32, u32);

/// Each cell of a sheet's merged ranges (but their top-left) → the range's top-left cell.
type Merged = HashMap<(u32, u32), (u32, u32)>;

/// Where each finding of the file is marked (see the module docs), `None` for one
/// about the whole file (or a sheet the copy does not hold).
fn target(d: &Diagnostic, sheets: &[DumpSheet], merged: &[Merged]) -> Option<Target> {
    let k = sheets.iter().position(|s| *s.name == *d.sheet)?;
    let (row, col) = match (d.row, d.col) {
        (Some(r), Some(c)) => (r.saturating_sub(1), c),
        (Some(r), None) => {
            let row = r.saturating_sub(1);
            let rows = &sheets[k].rows;
            let first = rows.binary_search_by_key(&row, |x| x.idx).ok().and_then(|i| rows[i].cells.first());
            (row, first.map_or(0, |(c, _)| *c))
        }
        _ => (0, 0),
    };
    let (row, col) = merged[k].get(&(row, col)).copied().unwrap_or((row, col));
    Some((k, row.min(MAX_ROW), col.min(MAX_COL)))
}

fn merged_cells(sheet: &DumpSheet) -> Merged {
    let mut out = HashMap::new();
    for &((r0, c0), (r1, c1)) in &sheet.merges {
        for r in r0..=r1.min(MAX_ROW) {
            for c in c0..=c1.min(MAX_COL) {
                if (r, c) != (r0, c0) {
                    out.insert((r, c), (r0, c0));
                }
            }
        }
    }
    out
}

/// The note of one finding: `错误·取值无法识别：…` and what to do.
fn note_text(d: &Diagnostic, lang: Lang) -> String {
    let sep = crate::text::COLON.get(lang);
    let todo = Text::of("怎么改：", "What to do: ");
    let todo = todo.get(lang);
    format!(
        "{}·{}{sep}{}\n{todo}{}",
        d.severity.label(lang),
        d.code.label().get(lang),
        d.message.get(lang),
        d.code.advice().get(lang)
    )
}

/// What one cell shows: its fill and its note's lines.
#[derive(Default)]
struct Mark {
    worst: Option<Severity>,
    notes: Vec<String>,
}

/// Builds the marked copy of one input.
///
/// # Errors
/// rust_xlsxwriter could not build the workbook.
pub fn marked_copy(m: &MarkedCopy, book: Dump) -> Result<Vec<u8>, XlsxError> {
    let lang = m.lang;
    let looks = Looks::new();
    let mut sheets = book.sheets;
    let names = sheet_names(&sheets, lang);
    let merged: Vec<_> = sheets.iter().map(merged_cells).collect();

    // The file's findings, in the groups' order: (group, finding).
    let mut mine: Vec<(usize, &Diagnostic)> = Vec::new();
    for (g, group) in m.grouping.groups.iter().enumerate() {
        for d in group.items.iter().chain(&group.follow_ons) {
            if *d.file == *m.file {
                mine.push((g, d));
            }
        }
    }
    let mut marks: Vec<BTreeMap<(u32, u32), Mark>> = sheets.iter().map(|_| BTreeMap::new()).collect();
    let mut grey: Vec<BTreeSet<u32>> = sheets.iter().map(|_| BTreeSet::new()).collect();
    let mut whole = vec![false; sheets.len()];
    let mut targets: Vec<Option<Target>> = Vec::with_capacity(mine.len());
    for &(_, d) in &mine {
        let at = target(d, &sheets, &merged);
        targets.push(at);
        if d.code == Code::DuplicateFile && d.sheet.is_empty() {
            whole.iter_mut().for_each(|w| *w = true);
        }
        let Some((k, row, col)) = at else { continue };
        if matches!(d.code, Code::DuplicateSource | Code::OtherMonth) && d.row.is_none() {
            whole[k] = true;
        }
        if leaves_row_out(d.code) && d.row.is_some() {
            grey[k].insert(row);
        }
        let mark = marks[k].entry((row, col)).or_default();
        mark.worst = Some(mark.worst.map_or(d.severity, |w| w.min(d.severity)));
        let text = note_text(d, lang);
        if !mark.notes.contains(&text) {
            mark.notes.push(text);
        }
    }

    let mut wb = Workbook::new();
    let title = t!("检查结果 — {}", "Findings — {}", m.file);
    wb.set_properties(&super::style::doc_properties(title.get(lang), m.created, &[("kaoping-marked-copy", m.file)])?);
    let first = findings_sheet(m, &looks, &title, &mine, &targets, &names, &sheets)?;
    wb.push_worksheet(first);
    for (k, sheet) in sheets.iter_mut().enumerate() {
        if whole[k] {
            grey[k].extend(sheet.rows.iter().map(|r| r.idx));
        }
        let sheet = std::mem::take(sheet);
        let ws = data_sheet(&names[k], sheet, &looks, &marks[k], &grey[k])?;
        wb.push_worksheet(ws);
    }
    wb.save_to_buffer()
}

/// The input's sheet names as the copy writes them (see the module docs), and the
/// findings sheet's name last.
fn sheet_names(sheets: &[DumpSheet], lang: Lang) -> Vec<String> {
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut out = Vec::with_capacity(sheets.len() + 1);
    let mut unique = |base: String| {
        let mut name = base.clone();
        let mut n = 2;
        while taken.contains(&name.to_lowercase()) || utility::check_sheet_name(&name).is_err() {
            let suffix = format!(" ({n})");
            name = format!("{}{suffix}", super::truncate_utf16(&base, 31 - suffix.len()));
            n += 1;
            if n > 10_000 {
                name = format!("Sheet {n}");
                break;
            }
        }
        taken.insert(name.to_lowercase());
        name
    };
    for s in sheets {
        let mut name: String =
            s.name.chars().map(|c| if "[]:*?/\\".contains(c) || c.is_control() { '_' } else { c }).collect();
        name = super::truncate_utf16(name.trim_matches('\''), 31);
        if name.is_empty() {
            name = "Sheet".into();
        }
        out.push(unique(name));
    }
    let findings = SHEET_FINDINGS.get(lang);
    let clash = out.iter().any(|n| n.eq_ignore_ascii_case(findings));
    out.push(unique(if clash { format!("{findings} (kaoping)") } else { findings.to_string() }));
    out
}

/// `internal:'座席'!C8`.
fn link(sheet: &str, row: u32, col: u32) -> Url {
    let at = crate::diag::a1(row + 1, col);
    Url::new(format!("internal:'{}'!{at}", sheet.replace('\'', "''"))).set_text(at)
}

/// The first sheet: title, legend, and the findings by group with links to their cells.
fn findings_sheet(
    m: &MarkedCopy,
    looks: &Looks,
    title: &Text,
    mine: &[(usize, &Diagnostic)],
    targets: &[Option<Target>],
    names: &[String],
    sheets: &[DumpSheet],
) -> Result<Worksheet, XlsxError> {
    let lang = m.lang;
    let mut ws = Worksheet::new();
    ws.set_name(names.last().expect("the findings sheet's name"))?;
    ws.set_active(true);
    ws.write_string_with_format(0, 0, title.get(lang), &looks.title)?;
    ws.set_row_height(0, 26)?;
    let count = |s: Severity| mine.iter().filter(|(_, d)| d.severity == s).count();
    let counts = [Severity::Error, Severity::Warning, Severity::Info]
        .map(|s| format!("{} {}", s.label(lang), count(s)))
        .join(crate::text::COMMA.get(lang));
    let legend = t!(
        "{counts}。红色 = 错误，黄色 = 警告，蓝色 = 提示，灰色的行未计入考评；把鼠标移到标色的单元格上可看说明，点“单元格”一栏可跳过去。",
        "{counts}. Red = error, amber = warning, blue = info, grey rows are left out of the evaluation; hover over a coloured cell to read its note, click a cell in the Cell column to go there."
    );
    ws.write_string_with_format(1, 0, legend.get(lang), &looks.subtitle)?;
    let headers = [
        &words::SEVERITY,
        &words::KIND,
        &words::CODE,
        &words::SHEET,
        &words::CELL,
        &words::COUNT,
        &words::MESSAGE,
        &words::WHAT_TO_DO,
    ];
    let mut widths = Widths::new(headers.len(), 40.0);
    for (col, h) in headers.iter().enumerate() {
        ws.write_string_with_format(2, col as u16, h.get(lang), &looks.header)?;
        widths.fit(col as u16, h.get(lang));
    }
    const MESSAGE_WIDTH: f64 = 64.0;
    let sheet_shown = |d: &Diagnostic, at: Option<Target>| match at {
        Some((k, _, _)) if sheets[k].hidden => format!("{}{}", names[k], HIDDEN.get(lang)),
        Some((k, _, _)) => names[k].clone(),
        None if d.sheet.is_empty() => WHOLE_FILE.get(lang).to_string(),
        None => d.sheet.to_string(),
    };
    let mut row = 3u32;
    let mut i = 0;
    while i < mine.len() {
        let g = mine[i].0;
        let end = i + mine[i..].iter().take_while(|(h, _)| *h == g).count();
        let group = &m.grouping.groups[g];
        let (d, at) = (mine[i].1, targets[i]);
        ws.write_string_with_format(row, 0, d.severity.label(lang), looks.severity(d.severity))?;
        let kind = d.code.label();
        ws.write_string_with_format(row, 1, kind.get(lang), &looks.wrap)?;
        ws.write_string_with_format(row, 2, d.code.as_str(), &looks.wrap)?;
        let shown = sheet_shown(d, at);
        ws.write_string_with_format(row, 3, &shown, &looks.wrap)?;
        let cells = if end - i > 1 { group.cells(8).get(lang).to_string() } else { d.cell() };
        if let Some((k, r, c)) = at {
            let cells = if cells.is_empty() { crate::diag::a1(r + 1, c) } else { cells };
            ws.write_url_with_format(row, 4, link(&names[k], r, c).set_text(&cells), &looks.link)?;
            widths.fit(4, &cells);
        }
        ws.write_number_with_format(row, 5, (end - i) as f64, &looks.wrap)?;
        let mut message = d.message.get(lang).to_string();
        if !group.follow_ons.is_empty() && std::ptr::eq(group.first(), d) {
            let n = group.follow_ons.len();
            message.push_str(t!("（因此另有 {n} 行未计入）", " (so {n} more rows are left out)").get(lang));
        }
        ws.write_string_with_format(row, 6, style::clip(&message), &looks.wrap)?;
        ws.write_string_with_format(row, 7, d.code.advice().get(lang), &looks.wrap)?;
        ws.set_row_height(row, style::wrapped_height(&message, MESSAGE_WIDTH).max(18.0))?;
        for (col, v) in [(0, &*d.severity.label(lang)), (1, kind.get(lang)), (2, d.code.as_str()), (3, &shown)] {
            widths.fit(col, v);
        }
        row += 1;
        if end - i > 1 {
            for (&(_, d), &at) in mine[i..end].iter().zip(&targets[i..end]) {
                // Severity, kind and code again, so that filtering by them keeps these rows.
                ws.write_string_with_format(row, 0, d.severity.label(lang), &looks.sub)?;
                ws.write_string_with_format(row, 1, d.code.label().get(lang), &looks.sub)?;
                ws.write_string_with_format(row, 2, d.code.as_str(), &looks.sub)?;
                ws.write_blank(row, 5, &looks.sub)?;
                ws.write_blank(row, 7, &looks.sub)?;
                ws.write_string_with_format(row, 3, sheet_shown(d, at), &looks.sub)?;
                if let Some((k, r, c)) = at {
                    ws.write_url_with_format(row, 4, link(&names[k], r, c), &looks.link)?;
                }
                let message = d.message.get(lang);
                ws.write_string_with_format(row, 6, style::clip(message), &looks.sub)?;
                ws.set_row_height(row, style::wrapped_height(message, MESSAGE_WIDTH).max(15.0))?;
                row += 1;
            }
        }
        i = end;
    }
    if mine.is_empty() {
        ws.write_string(3, 0, words::NO_CHECKS.get(lang))?;
    }
    widths.set(6, MESSAGE_WIDTH);
    widths.set(7, 30.0);
    widths.apply(&mut ws)?;
    ws.set_freeze_panes(3, 0)?;
    ws.autofilter(2, 0, row.max(3) - 1, headers.len() as u16 - 1)?;
    print_setup(&mut ws);
    ws.set_repeat_rows(2, 2)?;
    Ok(ws)
}

/// One input sheet again, with its fills, notes and grey rows.
fn data_sheet(
    name: &str,
    sheet: DumpSheet,
    looks: &Looks,
    marks: &BTreeMap<(u32, u32), Mark>,
    grey: &BTreeSet<u32>,
) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(name)?;
    if sheet.hidden {
        ws.set_hidden(true);
    }
    let fill = |r: u32, c: u32| match marks.get(&(r, c)).and_then(|m| m.worst) {
        Some(s) => Fill::Finding(s),
        None if grey.contains(&r) => Fill::Grey,
        None => Fill::None,
    };
    let is_date = |r: u32, c: u32| {
        sheet
            .rows
            .binary_search_by_key(&r, |x| x.idx)
            .ok()
            .and_then(|i| sheet.rows[i].cells.iter().find(|(col, _)| *col == c))
            .is_some_and(|(_, v)| matches!(v, Value::Date(_)))
    };
    // Merges first (they write blanks over their range), then the values over them.
    for &((r0, c0), (r1, c1)) in &sheet.merges {
        if r1 > MAX_ROW || c1 > MAX_COL {
            continue;
        }
        let format = looks.cell(is_date(r0, c0), fill(r0, c0));
        // Two ranges that overlap (a damaged file): the second is not merged.
        let _ = ws.merge_range(r0, c0 as u16, r1, c1 as u16, "", format);
    }
    let mut widths: Vec<f64> = Vec::new();
    let mut written: BTreeSet<(u32, u32)> = BTreeSet::new();
    for row in &sheet.rows {
        let r = row.idx;
        if r > MAX_ROW {
            break;
        }
        for (c, v) in &row.cells {
            let c = *c;
            if c > MAX_COL {
                break;
            }
            let (col, f) = (c as u16, fill(r, c));
            if marks.contains_key(&(r, c)) {
                written.insert((r, c));
            }
            let shown = write_value(&mut ws, r, col, v, looks, f)?;
            let w = style::text_width(&shown).min(50.0) + 2.0;
            if widths.len() <= c as usize {
                widths.resize(c as usize + 1, 0.0);
            }
            widths[c as usize] = widths[c as usize].max(w);
        }
    }
    for (c, w) in widths.iter().enumerate() {
        if *w > 8.43 {
            ws.set_column_width(c as u16, *w)?;
        }
    }
    for (&(r, c), mark) in marks {
        if !written.contains(&(r, c)) {
            ws.write_blank(r, c as u16, looks.cell(false, fill(r, c)))?;
        }
        let text = mark.notes.join("\n\n");
        let lines: f64 = text.lines().map(|l| (style::text_width(l) / 44.0).ceil().max(1.0)).sum();
        let note = Note::new(style::clip(&text))
            .set_author("kaoping")
            .add_author_prefix(false)
            .set_width(320)
            .set_height((lines * 15.0 + 12.0).clamp(60.0, 400.0) as u32);
        ws.insert_note(r, c as u16, &note)?;
    }
    for &r in grey {
        if r <= MAX_ROW {
            ws.set_row_format(r, looks.cell(false, Fill::Grey))?;
        }
    }
    print_setup(&mut ws);
    ws.set_print_gridlines(true);
    Ok(ws)
}

/// A4 landscape, one page wide: a marked copy is printed to be handed on.
fn print_setup(ws: &mut Worksheet) {
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
}

/// Writes one value with its fill; gives the text it shows (for the column's width).
fn write_value(ws: &mut Worksheet, r: u32, c: u16, v: &Value, looks: &Looks, f: Fill) -> Result<String, XlsxError> {
    let plain = looks.cell(false, f);
    match v {
        Value::Text(s) => {
            ws.write_string_with_format(r, c, style::clip(s), plain)?;
        }
        Value::Num(n) if n.is_finite() => {
            ws.write_number_with_format(r, c, *n, plain)?;
        }
        Value::Bool(b) => {
            ws.write_boolean_with_format(r, c, *b, plain)?;
        }
        Value::Date(d) => {
            use chrono::Datelike;
            let (y, m, day) = (d.year(), d.month() as u8, d.day() as u8);
            match u16::try_from(y).ok().and_then(|y| ExcelDateTime::from_ymd(y, m, day).ok()) {
                Some(dt) => ws.write_datetime_with_format(r, c, &dt, looks.cell(true, f))?,
                None => ws.write_string_with_format(r, c, v.display(), plain)?,
            };
            return Ok("2026-11-30".into());
        }
        Value::UncachedFormula => {
            if f != Fill::None {
                ws.write_blank(r, c, plain)?;
            }
            return Ok(String::new());
        }
        Value::Num(_) | Value::Error(_) => {
            ws.write_string_with_format(r, c, v.display(), plain)?;
        }
    }
    Ok(match v {
        Value::Text(s) => s.lines().next().unwrap_or_default().to_string(),
        other => other.display(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::dump::Row;
    use std::sync::Arc;

    fn sheet(name: &str) -> DumpSheet {
        DumpSheet { name: name.into(), ..DumpSheet::default() }
    }

    #[test]
    fn sheet_names_are_valid_unique_and_leave_room_for_the_findings() {
        let long = "😀".repeat(40);
        let sheets = [sheet("检查结果"), sheet("a[1]"), sheet("A[1]"), sheet(&long), sheet("'引号'")];
        let names = sheet_names(&sheets, Lang::Zh);
        assert_eq!(names[..3], ["检查结果", "a_1_", "A_1_ (2)"]);
        assert_eq!(names[4], "引号");
        assert_eq!(names[5], "检查结果 (kaoping)");
        for n in &names {
            assert!(utility::check_sheet_name(n).is_ok(), "{n}");
        }
    }

    #[test]
    fn a_finding_is_marked_where_a_reader_sees_it() {
        let mut s = sheet("座席");
        s.rows = vec![
            Row { idx: 1, cells: vec![(2, Value::Text("P01".into())), (3, Value::Num(1.0))] },
            Row { idx: 4, cells: vec![(0, Value::Num(7.0))] },
        ];
        s.merges = vec![((4, 0), (6, 1))];
        let sheets = vec![s];
        let merged: Vec<Merged> = sheets.iter().map(merged_cells).collect();
        let (file, name): (Arc<str>, Arc<str>) = ("a.xlsx".into(), "座席".into());
        let at = |row: Option<u32>, col: Option<u32>| {
            let mut d = Diagnostic::new(Code::BadValue, t!("问题", "problem")).in_file(&file).in_sheet(&name);
            (d.row, d.col) = (row, col);
            target(&d, &sheets, &merged)
        };
        assert_eq!(at(Some(2), Some(3)), Some((0, 1, 3)), "its cell");
        assert_eq!(at(Some(2), None), Some((0, 1, 2)), "a row: its first cell holding a value");
        assert_eq!(at(Some(9), None), Some((0, 8, 0)), "a blank row: column A");
        assert_eq!(at(None, None), Some((0, 0, 0)), "a sheet: A1");
        assert_eq!(at(Some(7), Some(1)), Some((0, 4, 0)), "inside a merge: its top-left cell");
        let other = Diagnostic::new(Code::BadValue, t!("问题", "problem")).in_file(&file);
        assert_eq!(target(&other, &sheets, &merged), None, "the whole file");
    }
}
