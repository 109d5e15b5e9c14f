//! The management workbook (SPEC §6.2): the only place rust_xlsxwriter writes a report.
//!
//! Takes the scored month ([`Outcome`]), the diagnostics and the sources, and gives
//! the bytes of one `.xlsx`: ranking, five tier sheets, deductions, metrics, one
//! scorecard per PM, checks and sources, in Chinese or English. Writing the file
//! (atomically, never over a foreign file) is the caller's business.

mod changes;
pub mod checks;
pub mod marked;
mod ranking;
mod scorecard;
mod sheets;
mod sources;
pub(crate) mod style;
pub mod words;

#[cfg(test)]
mod tests;

use std::collections::BTreeSet;

use rust_xlsxwriter::{Workbook, utility};

use crate::diag::Diagnostic;
use crate::model::{Month, SourceFile};
use crate::outcome::Outcome;
use crate::rules::Rules;
use crate::text::{Lang, Text};

use style::Formats;

/// Everything the report shows.
pub struct ReportInput<'a> {
    pub month: Month,
    pub lang: Lang,
    pub draft: bool,
    pub outcome: &'a Outcome,
    pub diags: &'a [Diagnostic],
    pub sources: &'a [SourceFile],
    pub rules: &'a Rules,
    /// The rules file in force, as shown (`None`: the defaults).
    pub rules_file: Option<&'a str>,
    /// Seconds since 1970 for the workbook's creation time (SOURCE_DATE_EPOCH, or now).
    pub created: i64,
    /// Last month's result from the history store (SPEC §7), for the ranking's
    /// previous rank, change and previous total; `None` without history or last month.
    pub previous: Option<&'a crate::history::RunRecord>,
    /// The results of up to five months before this one, oldest first, for the
    /// ranking's six-month sparkline (with this month); empty without history.
    pub trend: &'a [crate::history::RunRecord],
    /// The month's last run in the history and this run, for the 变化 / Changes sheet
    /// (written only when they differ).
    pub changes: Option<(&'a crate::history::RunRecord, &'a crate::history::RunRecord)>,
    /// The run as the history records it, embedded in a very hidden sheet so that
    /// `kaoping history import` can read the report back into a store.
    /// (`crate::history::RunData` as JSON.)
    pub run: Option<&'a str>,
}

/// What every sheet writer needs.
pub(crate) struct Ctx<'a> {
    pub input: &'a ReportInput<'a>,
    /// `run --mark`: each input with a marked copy, and the copy's path relative to
    /// the report (the Checks sheet links to it).
    pub marked: &'a [(String, String)],
    pub f: &'a Formats,
    pub lang: Lang,
    /// Each PM's scorecard as an internal link target (`internal:'考评表-P03'!A1`), by PM id.
    pub cards: std::collections::HashMap<&'a str, String>,
}

impl Ctx<'_> {
    pub fn w(&self, w: &'static Text) -> &'static str {
        w.get(self.lang)
    }
}

/// Builds the workbook in memory.
///
/// # Errors
/// rust_xlsxwriter could not build the workbook (it should not happen for valid input).
pub fn build(input: &ReportInput) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    build_marked(input, &[])
}

/// [`build`], the Checks sheet linking each input file to its marked copy: `marked`
/// holds (file, the copy's path relative to the report).
///
/// # Errors
/// As [`build`].
pub fn build_marked(input: &ReportInput, marked: &[(String, String)]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    build_with(input, marked, true)
}

/// [`build_marked`]; a large month's big sheets streamed when `stream` (the tests
/// compare the two ways).
fn build_with(
    input: &ReportInput,
    marked: &[(String, String)],
    stream: bool,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let formats = Formats::new();
    let managers = &input.outcome.managers;
    // Above `[report] scorecard_sheets_max` PMs the forms share a sheet, a form a page
    // (a sheet per 1,024 forms: Excel's limit of page breaks).
    let shared = managers.len() > input.rules.report.scorecard_sheets_max as usize;
    let names = if shared {
        scorecard::shared_names(managers.len(), input.lang)
    } else {
        scorecard_names(input.outcome, input.lang)
    };
    let quoted = |name: &str| name.replace('\'', "''");
    let cards = if shared {
        let mut cards = std::collections::HashMap::new();
        for (chunk, name) in managers.chunks(scorecard::FORMS_PER_SHEET).zip(&names) {
            let tops = scorecard::form_tops(chunk.iter().map(|r| input.draft && r.score.flagged));
            let sheet = quoted(name);
            for (r, top) in chunk.iter().zip(tops) {
                cards.insert(r.score.pm_id.as_str(), format!("internal:'{sheet}'!A{}", top + 1));
            }
        }
        cards
    } else {
        managers
            .iter()
            .zip(&names)
            .map(|(r, name)| (r.score.pm_id.as_str(), format!("internal:'{}'!A1", quoted(name))))
            .collect()
    };
    let ctx = Ctx { input, f: &formats, lang: input.lang, marked, cards };
    let mut wb = Workbook::new();

    let title = words::ranking_title(input.month, input.draft);
    let month = input.month.to_string();
    wb.set_properties(&style::doc_properties(title.get(input.lang), input.created, &[("kaoping-month", &month)])?);
    // Excel's own deflate level: saving took 0.43–0.52 s instead of 0.54–0.71 s at the
    // library's default 6 (1000 PMs), for a file 10 % larger (3.62 MB instead of 3.28).
    wb.set_zip_compression_level(3);

    // A large month's two big sheets are streamed: written to temporary files row by
    // row instead of held whole until the workbook is saved.
    if shared && stream && fill_streamed(&ctx, &mut wb, &names)? {
        return save(wb);
    }
    // The scorecards (one sheet per PM, about half the work of building the sheets)
    // are built on a second thread while this one builds the other sheets; they are
    // put in the workbook in the same order either way.
    let (others, deductions, scorecards) = std::thread::scope(|scope| {
        let scorecards = scope.spawn(|| {
            if shared {
                let sheets = managers.chunks(scorecard::FORMS_PER_SHEET).zip(&names);
                return sheets.map(|(chunk, name)| scorecard::scorecards_sheet(&ctx, chunk, name)).collect();
            }
            let pms = managers.iter().zip(&names);
            pms.map(|(r, name)| scorecard::scorecard_sheet(&ctx, r, name)).collect::<Result<Vec<_>, _>>()
        });
        let deductions = sheets::deductions_sheet(&ctx)?;
        let others = other_sheets(&ctx)?;
        let scorecards = scorecards.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        Ok::<_, rust_xlsxwriter::XlsxError>((others, deductions, scorecards))
    })?;
    wb.worksheets_mut().extend(in_order(others, deductions, scorecards));
    if let Some(run) = input.run {
        wb.push_worksheet(run_sheet(run)?);
    }
    save(wb)
}

/// The sheets other than the deductions and the scorecards, as [`other_sheets`] gives
/// them, with those two put in their places: ranking and five tiers, deductions,
/// metrics (and changes), scorecards, checks, sources.
fn in_order(
    (front, back): (Vec<rust_xlsxwriter::Worksheet>, Vec<rust_xlsxwriter::Worksheet>),
    deductions: rust_xlsxwriter::Worksheet,
    scorecards: Vec<rust_xlsxwriter::Worksheet>,
) -> Vec<rust_xlsxwriter::Worksheet> {
    let mut front = front.into_iter();
    let mut sheets: Vec<_> = front.by_ref().take(6).collect();
    sheets.push(deductions);
    sheets.extend(front);
    sheets.extend(scorecards);
    sheets.extend(back);
    sheets
}

/// The report of a large month (scorecards on one sheet), its two big sheets streamed
/// (rust_xlsxwriter writes each row to a temporary file once the next is begun, instead
/// of holding the sheet until the workbook is saved: 184 → 149 MB peak at 1,000 PMs).
/// The scorecards ("low memory": their strings go to the workbook's table, as in any
/// sheet) are filled on a second thread while this one fills the deductions ("constant
/// memory": strings in the cells, so only one thread adds to the table, and the same
/// month gives the same bytes) and builds the other sheets; then they take their places
/// among them. The formats are registered first, in a fixed order, for the same reason.
/// `false` (`wb` without sheets, the formats registered) when no temporary file can be
/// had: the caller builds the workbook in memory instead.
fn fill_streamed(ctx: &Ctx, wb: &mut Workbook, names: &[String]) -> Result<bool, rust_xlsxwriter::XlsxError> {
    let input = ctx.input;
    for format in ctx.f.all() {
        wb.register_format(format);
    }
    let made = (0..names.len()).all(|_| wb.add_worksheet_with_low_memory().is_ok())
        && wb.add_worksheet_with_constant_memory().is_ok();
    if !made {
        wb.worksheets_mut().clear();
        return Ok(false);
    }
    let (cards, others) = {
        let (cards, deductions) = wb.worksheets_mut().split_at_mut(names.len());
        let deductions = &mut deductions[0];
        std::thread::scope(|scope| {
            let cards = scope.spawn(|| {
                let chunks = input.outcome.managers.chunks(scorecard::FORMS_PER_SHEET);
                for (ws, (chunk, name)) in cards.iter_mut().zip(chunks.zip(names)) {
                    let end = scorecard::fill_scorecards(ctx, ws, chunk, name)?;
                    end_streamed(ctx, ws, end)?;
                }
                Ok::<_, rust_xlsxwriter::XlsxError>(())
            });
            let others = sheets::fill_deductions(ctx, deductions)
                .and_then(|end| end_streamed(ctx, deductions, end))
                .and_then(|()| other_sheets(ctx));
            let cards = cards.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (cards, others)
        })
    };
    cards?;
    let (front, back) = others?;
    // In the report's order: ranking and tiers, deductions, metrics (and changes),
    // scorecards, checks, sources.
    let mut cards = std::mem::take(wb.worksheets_mut());
    let deductions = cards.pop().expect("the streamed deductions sheet");
    wb.worksheets_mut().extend(in_order((front, back), deductions, cards));
    if let Some(run) = input.run {
        wb.push_worksheet(run_sheet(run)?);
    }
    Ok(true)
}

/// Ends a streamed sheet with an unbordered blank cell in `row`, the row under its
/// content. rust_xlsxwriter 0.102 writes a streamed sheet's last row twice (the second
/// time without its cells) when that row has a height of its own, as every row here
/// has; Excel then calls the file damaged. A blank last row has none.
fn end_streamed(ctx: &Ctx, ws: &mut rust_xlsxwriter::Worksheet, row: u32) -> Result<(), rust_xlsxwriter::XlsxError> {
    ws.write_blank(row, 0, &ctx.f.run)?;
    Ok(())
}

/// The sheets other than the scorecards and deductions: (ranking, five tiers, metrics,
/// the changes when there are any) and (checks, sources).
#[allow(clippy::type_complexity)]
fn other_sheets(
    ctx: &Ctx,
) -> Result<(Vec<rust_xlsxwriter::Worksheet>, Vec<rust_xlsxwriter::Worksheet>), rust_xlsxwriter::XlsxError> {
    let input = ctx.input;
    let ranking_name = ctx.w(&words::SHEET_RANKING).to_string();
    let mut front = vec![ranking::ranking_sheet(ctx, &ranking_name)?];
    for tier in 1..=5u8 {
        front.push(ranking::tier_sheet(ctx, tier)?);
    }
    front.push(sheets::metrics_sheet(ctx)?);
    if let Some((before, after)) = input.changes.filter(|(b, a)| changes::differ(b, a)) {
        front.push(changes::changes_sheet(ctx, before, after)?);
    }
    Ok((front, vec![checks::checks_sheet(ctx)?, sources::sources_sheet(ctx)?]))
}

/// The workbook's bytes; the workbook itself is freed on a thread of its own.
fn save(mut wb: Workbook) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let bytes = wb.save_to_buffer();
    // Freeing a workbook of a thousand sheets takes a noticeable moment that nobody
    // waits for: it is left to a thread of its own (or to the end of the process).
    // Should no thread be had, the workbook goes with the refused closure, here.
    let _ = std::thread::Builder::new().spawn(move || drop(wb));
    bytes
}

/// The name of the very hidden sheet that carries the run (`history import`).
pub const RUN_SHEET: &str = "kaoping-run";

/// The run's JSON in column A of a very hidden sheet, in pieces a cell can hold.
fn run_sheet(json: &str) -> Result<rust_xlsxwriter::Worksheet, rust_xlsxwriter::XlsxError> {
    let mut ws = rust_xlsxwriter::Worksheet::new();
    ws.set_name(RUN_SHEET)?;
    let mut row = 0;
    let mut rest = json;
    while !rest.is_empty() {
        // At most 30,000 characters a cell (the limit is 32,767), cut between characters.
        let cut = rest.char_indices().nth(30_000).map_or(rest.len(), |(i, _)| i);
        ws.write_string(row, 0, &rest[..cut])?;
        rest = &rest[cut..];
        row += 1;
    }
    ws.set_very_hidden(true);
    Ok(ws)
}

/// `run --cards` (SPEC §7): a workbook holding one PM's scorecard and nothing of
/// anyone else's, so each PM can be handed their own result. Marked as kaoping's
/// output of `input.month`, like the report, so it is never read as an input.
///
/// # Errors
/// As [`build`].
pub fn build_card(input: &ReportInput, r: &crate::outcome::Ranked) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let formats = Formats::new();
    let ctx = Ctx { input, f: &formats, lang: input.lang, marked: &[], cards: Default::default() };
    let mut wb = Workbook::new();
    let title = words::scorecard_title(input.month, input.draft);
    let title = format!("{} {} {}", title.get(input.lang), r.score.pm_id, r.score.name);
    let month = input.month.to_string();
    let props = [("kaoping-month", month.as_str()), ("kaoping-card", r.score.pm_id.as_str())];
    wb.set_properties(&style::doc_properties(&title, input.created, &props)?);
    let mut sheet =
        scorecard::scorecard_sheet(&ctx, r, words::SHEET_SCORECARD_PREFIX.get(input.lang).trim_end_matches('-'))?;
    sheet.set_active(true);
    wb.push_worksheet(sheet);
    if !input.trend.is_empty() {
        wb.push_worksheet(card_trend(&ctx, r)?);
    }
    wb.save_to_buffer()
}

/// A card's 趋势 / Trend: the PM's month by month — total, rank, tier — from the
/// history's results of the months before and this one, with a sparkline of the totals.
fn card_trend(ctx: &Ctx, r: &crate::outcome::Ranked) -> Result<rust_xlsxwriter::Worksheet, rust_xlsxwriter::XlsxError> {
    let f = ctx.f;
    let mut ws = rust_xlsxwriter::Worksheet::new();
    let name = ctx.w(&words::SHEET_TREND);
    ws.set_name(name)?;
    let heads = [&words::MONTH, &words::TOTAL, &words::RANK, &words::TIER_COL];
    for (col, h) in heads.iter().enumerate() {
        ws.write_string_with_format(0, col as u16, ctx.w(h), &f.header)?;
        ws.set_column_width(col as u16, 12.0)?;
    }
    let earlier = ctx.input.trend.iter().filter_map(|run| {
        let p = run.pm(&r.score.pm_id)?;
        Some((run.month, p.total, p.rank, p.tier))
    });
    let rows: Vec<_> = earlier.chain([(ctx.input.month, r.score.total, r.rank, r.tier)]).collect();
    for (i, (month, total, rank, tier)) in rows.iter().enumerate() {
        let row = 1 + i as u32;
        ws.write_string_with_format(row, 0, month.to_string(), &f.text)?;
        ws.write_number_with_format(row, 1, total.as_f64(), &f.score)?;
        ws.write_number_with_format(row, 2, *rank, &f.text_center)?;
        ws.write_string_with_format(
            row,
            3,
            words::TIER[usize::from((*tier).clamp(1, 5)) - 1].get(ctx.lang),
            f.tier(*tier),
        )?;
    }
    let last = rows.len() as u32;
    let line = rust_xlsxwriter::Sparkline::new().set_range((name, 1, 1, last, 1)).show_markers(true);
    ws.set_column_width(5, 24.0)?;
    ws.set_row_height(1, 30)?;
    ws.add_sparkline(1, 5, &line)?;
    Ok(ws)
}

/// `考评表-<pm_id>` / `Scorecard-<pm_id>` for each PM in rank order: characters a
/// sheet name cannot hold become `_`, at most 31 UTF-16 units, unique ignoring case.
pub fn scorecard_names(outcome: &Outcome, lang: Lang) -> Vec<String> {
    let prefix = words::SHEET_SCORECARD_PREFIX.get(lang);
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut names = Vec::with_capacity(outcome.managers.len());
    for (i, r) in outcome.managers.iter().enumerate() {
        let id: String =
            r.score.pm_id.chars().map(|c| if "[]:*?/\\".contains(c) || c.is_control() { '_' } else { c }).collect();
        let base = truncate_utf16(&format!("{prefix}{id}"), 31);
        let base = base.trim_end_matches('\'').to_string();
        let mut name = base.clone();
        let mut n = 2;
        while taken.contains(&name.to_lowercase()) || utility::check_sheet_name(&name).is_err() {
            let suffix = format!("~{n}");
            name = format!("{}{suffix}", truncate_utf16(&base, 31 - suffix.len()));
            n += 1;
            if n > 10_000 {
                name = format!("{prefix}{}", i + 1);
                break;
            }
        }
        taken.insert(name.to_lowercase());
        names.push(name);
    }
    names
}

fn truncate_utf16(s: &str, max: usize) -> String {
    let mut out = String::new();
    let mut len = 0;
    for c in s.chars() {
        len += c.len_utf16();
        if len > max {
            break;
        }
        out.push(c);
    }
    out
}
