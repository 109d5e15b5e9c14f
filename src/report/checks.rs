//! The findings as sheets: 数据检查 / Checks in the report, and `check --out`'s
//! problem list (问题清单), a workbook a clerk forwards to a department — an overview,
//! then one sheet per input file with its findings. Both show the groups of
//! [`crate::groups`]: errors first, one row per group with its count and ranges, what
//! the finding says and what to do.

use rust_xlsxwriter::{Format, Url, Workbook, Worksheet, XlsxError};

use super::style::{self, Formats, Widths};
use super::words;
use crate::diag::{Diagnostic, Severity};
use crate::groups::Group;
use crate::model::{Month, SourceFile};
use crate::text::{Lang, Text};

const HEADER_ROW: u32 = 2;
const FIRST_ROW: u32 = 3;
/// Width of the message column (characters).
const MESSAGE_WIDTH: f64 = 64.0;

/// The columns of a findings table; `file` only where the sheet holds several files.
fn headers(lang: Lang, with_file: bool) -> Vec<&'static str> {
    let mut h = vec![words::SEVERITY.get(lang), words::CODE.get(lang), words::KIND.get(lang)];
    if with_file {
        h.push(words::FILE.get(lang));
    }
    h.extend([
        words::SHEET.get(lang),
        words::CELL.get(lang),
        words::COUNT.get(lang),
        words::MESSAGE.get(lang),
        words::WHAT_TO_DO.get(lang),
    ]);
    h
}

/// The file column of a findings table (where the sheet holds several files): each
/// file linked to its marked copy (`--mark`) where it has one, by (file, link).
type FileColumn<'a> = Option<&'a [(String, String)]>;

/// Writes the groups from `FIRST_ROW` on; gives the number of rows written.
fn write_groups(
    ws: &mut Worksheet,
    f: &Formats,
    lang: Lang,
    groups: &[&Group],
    files: FileColumn,
    widths: &mut Widths,
) -> Result<u32, XlsxError> {
    let with_file = files.is_some();
    let message_col = if with_file { 7 } else { 6 };
    for (i, g) in groups.iter().enumerate() {
        let row = FIRST_ROW + i as u32;
        let d = g.first();
        let mut cells: Vec<(String, &Format)> = vec![
            (d.severity.label(lang).to_string(), f.severity(d.severity)),
            (d.code.as_str().to_string(), &f.text),
            (d.code.label().get(lang).to_string(), &f.text),
        ];
        if with_file {
            cells.push((d.file.to_string(), &f.wrap));
        }
        cells.push((d.sheet.to_string(), &f.text));
        cells.push((g.cells(8).get(lang).to_string(), &f.wrap));
        for (col, (v, format)) in cells.iter().enumerate() {
            ws.write_string_with_format(row, col as u16, v, format)?;
            widths.fit(col as u16, v);
        }
        if let Some((_, copy)) = files.unwrap_or_default().iter().find(|(file, _)| **file == *d.file) {
            ws.write_url_with_format(row, 3, Url::new(format!("file:///{copy}")).set_text(&*d.file), &f.wrap)?;
        }
        ws.write_number_with_format(row, message_col - 1, g.items.len() as f64, &f.size)?;
        let mut message = d.message.get(lang).to_string();
        if !g.follow_ons.is_empty() {
            let k = g.follow_ons.len();
            message.push_str(crate::t!("（由此引起另外 {k} 个问题）", " ({k} more findings follow from it)").get(lang));
        }
        ws.write_string_with_format(row, message_col, &message, &f.wrap)?;
        ws.write_string_with_format(row, message_col + 1, d.code.advice().get(lang), &f.wrap)?;
        ws.set_row_height(row, style::wrapped_height(&message, MESSAGE_WIDTH).max(18.0))?;
    }
    widths.set(message_col, MESSAGE_WIDTH);
    widths.set(message_col + 1, 30.0);
    Ok(groups.len() as u32)
}

/// `错误 3，警告 116，提示 0` on the line under the title.
fn counts(diags: &[&Diagnostic], lang: Lang) -> String {
    let n = |s: Severity| diags.iter().filter(|d| d.severity == s).count();
    [Severity::Error, Severity::Warning, Severity::Info]
        .map(|s| format!("{} {}", s.label(lang), n(s)))
        .join(crate::text::COMMA.get(lang))
}

/// One findings table on its own sheet: title, counts, headers, groups, print setup.
fn findings_sheet(
    ws: &mut Worksheet,
    f: &Formats,
    (lang, month, draft): (Lang, Month, bool),
    title: &str,
    diags: &[&Diagnostic],
    groups: &[&Group],
    files: FileColumn,
) -> Result<(), XlsxError> {
    let with_file = files.is_some();
    ws.write_string_with_format(0, 0, title, if draft { &f.title_draft } else { &f.title })?;
    ws.set_row_height(0, 26)?;
    ws.write_string_with_format(1, 0, counts(diags, lang), &f.subtitle)?;
    let headers = headers(lang, with_file);
    let mut widths = Widths::new(headers.len(), 40.0);
    for (col, h) in headers.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, col as u16, *h, &f.header)?;
        widths.fit(col as u16, h);
    }
    let rows = write_groups(ws, f, lang, groups, files, &mut widths)?;
    if rows == 0 {
        ws.write_string_with_format(FIRST_ROW, 0, words::NO_CHECKS.get(lang), &f.note)?;
    }
    widths.apply(ws)?;
    ws.set_freeze_panes(FIRST_ROW, 0)?;
    let last = if rows == 0 { HEADER_ROW } else { FIRST_ROW + rows - 1 };
    let cols = headers.len() as u16;
    ws.autofilter(HEADER_ROW, 0, last, cols - 1)?;
    style::print_setup(ws, month, lang, draft, true, Some((HEADER_ROW, HEADER_ROW)))?;
    ws.set_print_area(0, 0, last.max(FIRST_ROW), cols - 1)?;
    Ok(())
}

/// 数据检查 / Checks: every group of findings, errors first; each file linked to its
/// marked copy where `run --mark` wrote one.
pub(crate) fn checks_sheet(ctx: &super::Ctx) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(ctx.w(&words::SHEET_CHECKS))?;
    let input = ctx.input;
    let grouping = crate::groups::group(input.diags);
    let groups: Vec<&Group> = grouping.groups.iter().collect();
    let diags: Vec<&Diagnostic> = input.diags.iter().collect();
    let title = words::sheet_title(&words::SHEET_CHECKS, input.month, input.draft);
    let files = Some(ctx.marked);
    findings_sheet(&mut ws, ctx.f, (ctx.lang, input.month, input.draft), title.get(ctx.lang), &diags, &groups, files)?;
    Ok(ws)
}

/// What `check --out` writes.
pub struct ProblemList<'a> {
    pub month: Month,
    pub lang: Lang,
    pub diags: &'a [Diagnostic],
    pub sources: &'a [SourceFile],
    /// Seconds since 1970 (SOURCE_DATE_EPOCH, or now).
    pub created: i64,
    /// `--mark`: each input file with a marked copy, and the copy's path relative to
    /// the problem list (`marked/市场部-检查.xlsx`), linked from the overview.
    pub marked: &'a [(String, String)],
}

static MARKED_COPY: Text = Text::of("标注副本", "Marked copy");

/// 问题清单 / Problem list: an overview of every input file with its counts (linked to
/// its sheet), then one sheet per file with findings, and one for the month-wide ones.
///
/// # Errors
/// rust_xlsxwriter could not build the workbook.
pub fn problem_list(p: &ProblemList) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new();
    let lang = p.lang;
    let mut wb = Workbook::new();
    let title = words::problem_list_title(p.month);
    let month = p.month.to_string();
    wb.set_properties(&style::doc_properties(title.get(lang), p.created, &[("kaoping-month", &month)])?);
    let grouping = crate::groups::group(p.diags);

    // The files in order: the month-wide findings first, then each input file.
    let mut files: Vec<&str> = vec![""];
    files.extend(p.sources.iter().map(|s| &*s.path));
    for d in p.diags {
        if !files.contains(&&*d.file) {
            files.push(&d.file);
        }
    }
    let names = sheet_names(&files, lang);

    let mut overview = Worksheet::new();
    overview.set_name(words::OVERVIEW.get(lang))?;
    overview.write_string_with_format(0, 0, title.get(lang), &f.title)?;
    overview.set_row_height(0, 26)?;
    let all: Vec<&Diagnostic> = p.diags.iter().collect();
    overview.write_string_with_format(1, 0, counts(&all, lang), &f.subtitle)?;
    let mut heads =
        vec![&words::FILE, &words::SEVERITY_ERROR, &words::SEVERITY_WARNING, &words::SEVERITY_INFO, &words::SHEET];
    if !p.marked.is_empty() {
        heads.push(&MARKED_COPY);
    }
    let mut widths = Widths::new(heads.len(), 50.0);
    for (col, h) in heads.iter().enumerate() {
        overview.write_string_with_format(HEADER_ROW, col as u16, h.get(lang), &f.header)?;
        widths.fit(col as u16, h.get(lang));
    }
    let mut sheets = Vec::new();
    for (k, (file, name)) in files.iter().zip(&names).enumerate() {
        let row = FIRST_ROW + k as u32;
        let mine: Vec<&Diagnostic> = p.diags.iter().filter(|d| &*d.file == *file).collect();
        let shown = if file.is_empty() { words::ALL_INPUTS.get(lang) } else { file };
        overview.write_string_with_format(row, 0, shown, &f.text)?;
        widths.fit(0, shown);
        for (col, s) in [Severity::Error, Severity::Warning, Severity::Info].into_iter().enumerate() {
            let n = mine.iter().filter(|d| d.severity == s).count();
            overview.write_number_with_format(row, col as u16 + 1, n as f64, &f.size)?;
        }
        if mine.is_empty() {
            overview.write_string_with_format(row, 4, words::NO_CHECKS.get(lang), &f.text)?;
            continue;
        }
        if let Some((_, copy)) = p.marked.iter().find(|(input, _)| input == file) {
            let name = copy.rsplit('/').next().unwrap_or(copy);
            overview.write_url_with_format(row, 5, Url::new(format!("file:///{copy}")).set_text(name), &f.text)?;
            widths.fit(5, name);
        }
        let link = Url::new(format!("internal:'{}'!A1", name.replace('\'', "''"))).set_text(name);
        overview.write_url_with_format(row, 4, link, &f.text)?;
        widths.fit(4, name);
        let groups: Vec<&Group> = grouping.groups.iter().filter(|g| &*g.first().file == *file).collect();
        let mut ws = Worksheet::new();
        ws.set_name(name)?;
        let heading = format!("{} — {shown}", title.get(lang));
        findings_sheet(&mut ws, &f, (lang, p.month, false), &heading, &mine, &groups, None)?;
        sheets.push(ws);
    }
    widths.apply(&mut overview)?;
    style::print_setup(&mut overview, p.month, lang, false, true, Some((HEADER_ROW, HEADER_ROW)))?;
    wb.push_worksheet(overview);
    for ws in sheets {
        wb.push_worksheet(ws);
    }
    wb.save_to_buffer()
}

/// A sheet name per file: its name without folders and extension, cut to fit and
/// made unique (`市场部`, `市场部 (2)`); the month-wide findings' sheet is `全部输入`.
fn sheet_names(files: &[&str], lang: Lang) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for file in files {
        let base = if file.is_empty() {
            words::ALL_INPUTS.get(lang).to_string()
        } else {
            let name = file.rsplit('/').next().unwrap_or(file);
            let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
            stem.chars().map(|c| if "[]:*?/\\".contains(c) { '_' } else { c }).take(24).collect()
        };
        let mut name = base.clone();
        let mut k = 2;
        while out.iter().any(|n| n.eq_ignore_ascii_case(&name)) {
            name = format!("{base} ({k})");
            k += 1;
        }
        out.push(name);
    }
    out
}
