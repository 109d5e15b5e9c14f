//! Opening a workbook with calamine's typed readers, from bytes already hashed and
//! sniffed, into one sparse [`Grid`] per sheet (the only calamine-facing code).
//!
//! xlsx and xlsb are streamed cell by cell (`worksheet_cells_reader`), so only cells
//! holding values are kept; xls and ods are parsed by calamine as a whole when
//! opened (no streaming API), bounded by the file-size limit. A CSV file is one sheet
//! read by [`super::delimited`] (no calamine there).

use std::io::Cursor;

use calamine::{Data, DataRef, Dimensions, Ods, Range, Reader, SheetType, SheetVisible, Xls, Xlsb, Xlsx, XlsxError};

use super::cell::{date_text, time_text};
use super::grid::{Grid, Span, TooManyCells, Value};
use super::sniff::{Format, ZipFacts, password};
use crate::t;
use crate::text::Text;

/// What one sheet gave.
#[derive(Debug)]
pub enum SheetData {
    Cells(Grid),
    /// A chart sheet, dialog or macro sheet: holds no table.
    NotAWorksheet,
    /// calamine could not read the sheet, or it breaks a limit.
    Failed(Text),
}

/// One sheet of a workbook, in workbook order.
#[derive(Debug)]
pub struct Opened {
    pub name: String,
    /// Hidden in the workbook (read all the same).
    pub hidden: bool,
    pub data: SheetData,
}

/// What is known of the file before opening it: the zip check's facts, perhaps still
/// being gathered beside calamine on another thread, and, for a format without sheet
/// names (CSV), the name its one sheet is given (the file's stem).
pub struct Facts<'s> {
    ready: Option<Result<ZipFacts, Text>>,
    pending: Option<std::thread::ScopedJoinHandle<'s, Result<ZipFacts, Text>>>,
    sheet: Option<String>,
}

impl<'s> Facts<'s> {
    pub fn ready(facts: ZipFacts) -> Facts<'s> {
        Facts { ready: Some(Ok(facts)), pending: None, sheet: None }
    }

    /// Facts being gathered by `thread`.
    pub fn pending(thread: std::thread::ScopedJoinHandle<'s, Result<ZipFacts, Text>>) -> Facts<'s> {
        Facts { ready: None, pending: Some(thread), sheet: None }
    }

    /// The name of the one sheet of a file that names none (a CSV: its file's stem).
    pub fn with_sheet_name(mut self, name: String) -> Facts<'s> {
        self.sheet = Some(name);
        self
    }

    /// The facts, once gathered (waits for the thread the first time).
    ///
    /// # Errors
    /// The zip check refused the archive (or its thread panicked).
    pub fn get(&mut self) -> Result<&ZipFacts, Text> {
        if let Some(thread) = self.pending.take() {
            self.ready = Some(thread.join().unwrap_or_else(|_| Err(super::internal_error())));
        }
        match self.ready.get_or_insert(Ok(ZipFacts::UNKNOWN)) {
            Ok(facts) => Ok(facts),
            Err(message) => Err(message.clone()),
        }
    }
}

/// Opens the workbook and reads every sheet, in workbook order.
///
/// # Errors
/// The workbook cannot be opened at all (damaged, password, no sheets).
pub fn open(format: Format, facts: &mut Facts, bytes: &[u8]) -> Result<Vec<Opened>, Text> {
    let sheets = match format {
        Format::Xlsx => open_xlsx(bytes, facts)?,
        Format::Xlsb => open_xlsb(bytes)?,
        Format::Xls => open_xls(bytes)?,
        Format::Ods => open_ods(bytes)?,
        Format::Csv => {
            let name = facts.sheet.clone().unwrap_or_else(|| "CSV".to_string());
            let data = super::delimited::read(bytes).map_or_else(SheetData::Failed, SheetData::Cells);
            vec![Opened { name, hidden: false, data }]
        }
    };
    if sheets.is_empty() {
        return Err(t!("工作簿里没有工作表", "the workbook has no sheets"));
    }
    if sheets.iter().all(|s| matches!(s.data, SheetData::NotAWorksheet)) {
        return Err(t!("工作簿里只有图表页，没有数据工作表", "the workbook holds only chart sheets, no worksheet"));
    }
    Ok(sheets)
}

fn cannot_open(e: impl std::fmt::Display) -> Text {
    t!(
        "无法打开工作簿（文件可能已损坏）：请用 Excel 或 WPS 打开后另存为 .xlsx（原文：{}）",
        "cannot open the workbook (the file may be damaged): open it in Excel or WPS and save it as .xlsx ({})",
        e
    )
}

fn sheet_failed(e: impl std::fmt::Display) -> Text {
    t!("无法读取此工作表（原文：{}）", "cannot read this sheet ({})", e)
}

/// calamine's value, or `None` for an empty cell.
fn from_ref(d: &DataRef<'_>) -> Option<Value> {
    Some(match d {
        DataRef::Int(i) => Value::Num(*i as f64),
        DataRef::Float(f) => Value::Num(*f),
        DataRef::String(s) => text(s)?,
        DataRef::SharedString(s) => text(s)?,
        DataRef::Bool(b) => Value::Bool(*b),
        DataRef::DateTime(dt) => date_time(dt),
        DataRef::DateTimeIso(s) => date_text(s).map(Value::Date).unwrap_or_else(|| Value::Text(s.as_str().into())),
        DataRef::DurationIso(s) => Value::Text(s.as_str().into()),
        DataRef::Error(e) => Value::Error(e.to_string().into()),
        DataRef::Empty => return None,
    })
}

fn from_data(d: &Data) -> Option<Value> {
    Some(match d {
        Data::Int(i) => Value::Num(*i as f64),
        Data::Float(f) => Value::Num(*f),
        Data::String(s) => text(s)?,
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(dt) => date_time(dt),
        Data::DateTimeIso(s) => date_text(s).map(Value::Date).unwrap_or_else(|| Value::Text(s.as_str().into())),
        Data::DurationIso(s) => Value::Text(s.as_str().into()),
        Data::Error(e) => Value::Error(e.to_string().into()),
        Data::Empty => return None,
    })
}

/// A date cell: its date; a time of day alone (a serial below 1: `09:30` is 0.396,
/// which would read as 1899-12-30) as the text `09:30`, so that a date column can
/// say it holds a time; a duration as its number.
fn date_time(dt: &calamine::ExcelDateTime) -> Value {
    let serial = dt.as_f64();
    match dt.as_datetime() {
        _ if dt.is_datetime() && (0.0..1.0).contains(&serial) => Value::Text(time_text(serial).into()),
        Some(d) if dt.is_datetime() => Value::Date(d.date()),
        _ => Value::Num(serial),
    }
}

/// Text cells that are blank are not kept.
fn text(s: &str) -> Option<Value> {
    (!s.trim().is_empty()).then(|| Value::Text(s.into()))
}

fn merges(dims: &[Dimensions]) -> Vec<Span> {
    dims.iter().map(|d| (d.start, d.end)).collect()
}

enum SheetErr {
    Calamine(String),
    TooMany,
}

impl From<TooManyCells> for SheetErr {
    fn from(_: TooManyCells) -> Self {
        SheetErr::TooMany
    }
}

fn finish(result: Result<Grid, SheetErr>) -> SheetData {
    match result {
        Ok(mut g) => {
            g.finish();
            SheetData::Cells(g)
        }
        Err(SheetErr::Calamine(e)) => SheetData::Failed(sheet_failed(e)),
        Err(SheetErr::TooMany) => SheetData::Failed(super::grid::too_many_cells()),
    }
}

/// Each sheet's name, whether it is a worksheet, and whether it is hidden (or very hidden).
fn worksheet_names(meta: &[calamine::Sheet]) -> Vec<(String, bool, bool)> {
    meta.iter().map(|s| (s.name.clone(), s.typ == SheetType::WorkSheet, s.visible != SheetVisible::Visible)).collect()
}

fn open_xlsx(bytes: &[u8], facts: &mut Facts) -> Result<Vec<Opened>, Text> {
    let mut wb: Xlsx<_> = match Xlsx::new(Cursor::new(bytes)) {
        Ok(wb) => wb,
        Err(XlsxError::Password) => return Err(password()),
        Err(e) => return Err(cannot_open(e)),
    };
    let is_1904 = wb.has_1904_epoch();
    let mut out = Vec::new();
    for (name, is_sheet, hidden) in worksheet_names(wb.sheets_metadata()) {
        if !is_sheet {
            out.push(Opened { name, hidden, data: SheetData::NotAWorksheet });
            continue;
        }
        let mut read = || -> Result<Grid, SheetErr> {
            let mut g = Grid::new(is_1904);
            let mut cells = wb.worksheet_cells_reader(&name).map_err(|e| SheetErr::Calamine(e.to_string()))?;
            while let Some(c) =
                cells.next_cell_with_formula_metadata().map_err(|e| SheetErr::Calamine(e.to_string()))?
            {
                let (r, col) = c.pos;
                // A formula whose saved result is an empty string (`=IF(A1="","",…)`)
                // is a blank cell; only a formula with no saved value at all is an error.
                match from_ref(&c.value) {
                    Some(v) => g.push(r, col, v)?,
                    None if c.formula.is_some() && c.value == DataRef::Empty => {
                        g.push(r, col, Value::UncachedFormula)?
                    }
                    None => {}
                }
            }
            Ok(g)
        };
        let mut data = finish(read());
        if let SheetData::Cells(g) = &mut data {
            // The zip check already read the regions from the sheet XML; calamine's own
            // pass parses the whole sheet again, so it is asked only where they are unknown.
            let facts = facts.get()?;
            match facts.spans_of(&name) {
                Some([]) => {}
                Some(spans) => g.apply_merges(spans),
                None if facts.merges => {
                    if let Ok(dims) = wb.merge_cells_by_sheet_name(&name) {
                        g.apply_merges(&merges(&dims));
                    }
                }
                None => {}
            }
        }
        out.push(Opened { name, hidden, data });
    }
    Ok(out)
}

fn open_xlsb(bytes: &[u8]) -> Result<Vec<Opened>, Text> {
    let mut wb: Xlsb<_> = Xlsb::new(Cursor::new(bytes)).map_err(|e| match e {
        calamine::XlsbError::Password => password(),
        e => cannot_open(e),
    })?;
    let is_1904 = wb.has_1904_epoch();
    // calamine has no merge API for xlsb: the regions come from the sheet parts.
    let merges = super::xlsb_merges::merges_by_sheet(bytes);
    let mut out = Vec::new();
    for (name, is_sheet, hidden) in worksheet_names(wb.sheets_metadata()) {
        if !is_sheet {
            out.push(Opened { name, hidden, data: SheetData::NotAWorksheet });
            continue;
        }
        let mut read = || -> Result<Grid, SheetErr> {
            let mut g = Grid::new(is_1904);
            let mut cells = wb.worksheet_cells_reader(&name).map_err(|e| SheetErr::Calamine(e.to_string()))?;
            while let Some(c) = cells.next_cell().map_err(|e| SheetErr::Calamine(e.to_string()))? {
                let (r, col) = c.get_position();
                if let Some(v) = from_ref(c.get_value()) {
                    g.push(r, col, v)?;
                }
            }
            Ok(g)
        };
        let mut data = finish(read());
        if let SheetData::Cells(g) = &mut data
            && let Some(spans) = merges.get(&name)
        {
            g.apply_merges(spans);
        }
        out.push(Opened { name, hidden, data });
    }
    Ok(out)
}

/// A whole-sheet range (xls, ods) into a grid, with formula cells that have no value.
fn grid_from_range(range: &Range<Data>, formulas: Option<&Range<String>>, is_1904: bool) -> Result<Grid, SheetErr> {
    let mut g = Grid::new(is_1904);
    let (r0, c0) = range.start().unwrap_or((0, 0));
    for (r, c, d) in range.used_cells() {
        if let Some(v) = from_data(d) {
            g.push(r0 + r as u32, c0 + c as u32, v)?;
        }
    }
    if let Some(f) = formulas
        && let Some((fr0, fc0)) = f.start()
    {
        for (r, c, formula) in f.used_cells() {
            let (ar, ac) = (fr0 + r as u32, fc0 + c as u32);
            if !formula.is_empty() && range.get_value((ar, ac)).is_none_or(|d| *d == Data::Empty) {
                g.push(ar, ac, Value::UncachedFormula)?;
            }
        }
    }
    g.finish();
    Ok(g)
}

fn open_xls(bytes: &[u8]) -> Result<Vec<Opened>, Text> {
    super::dense::check_xls(bytes)?;
    let mut wb: Xls<_> = Xls::new(Cursor::new(bytes)).map_err(|e| match e {
        calamine::XlsError::Password => password(),
        e => cannot_open(e),
    })?;
    let is_1904 = wb.has_1904_epoch();
    let mut out = Vec::new();
    for (name, is_sheet, hidden) in worksheet_names(wb.sheets_metadata()) {
        if !is_sheet {
            out.push(Opened { name, hidden, data: SheetData::NotAWorksheet });
            continue;
        }
        let result = match wb.worksheet_range(&name) {
            Ok(range) => grid_from_range(&range, wb.worksheet_formula(&name).ok().as_ref(), is_1904),
            Err(e) => Err(SheetErr::Calamine(e.to_string())),
        };
        let mut data = finish(result);
        if let SheetData::Cells(g) = &mut data
            && let Ok(dims) = wb.merge_cells_by_sheet_name(&name)
        {
            g.apply_merges(&merges(&dims));
        }
        out.push(Opened { name, hidden, data });
    }
    Ok(out)
}

fn open_ods(bytes: &[u8]) -> Result<Vec<Opened>, Text> {
    let scan = super::dense::check_ods(bytes)?;
    let mut wb: Ods<_> = Ods::new(Cursor::new(bytes)).map_err(|e| match e {
        calamine::OdsError::Password => password(),
        e => cannot_open(e),
    })?;
    let mut out = Vec::new();
    for (name, is_sheet, hidden) in worksheet_names(wb.sheets_metadata()) {
        if !is_sheet {
            out.push(Opened { name, hidden, data: SheetData::NotAWorksheet });
            continue;
        }
        let result = match wb.worksheet_range(&name) {
            Ok(range) => grid_from_range(&range, wb.worksheet_formula(&name).ok().as_ref(), false),
            Err(e) => Err(SheetErr::Calamine(e.to_string())),
        };
        let mut data = finish(result);
        if let SheetData::Cells(g) = &mut data
            && let Some((_, spans)) = scan.merges.iter().find(|(n, _)| *n == name)
        {
            g.apply_merges(spans);
        }
        out.push(Opened { name, hidden, data });
    }
    Ok(out)
}
