//! 扣分明细 / Deductions and 指标 / Metrics: plain tables, one row per deduction and
//! per PM (数据检查 / Checks: [`super::checks`]).

use rust_xlsxwriter::{Format, Worksheet, XlsxError};

use super::Ctx;
use super::style::{self, Widths};
use super::words;
use crate::score::{self, Value};
use crate::text::Text;

const TITLE_ROW: u32 = 0;
const HEADER_ROW: u32 = 2;
const FIRST_ROW: u32 = 3;

/// Title and header row of a table sheet.
fn head(
    ctx: &Ctx,
    ws: &mut Worksheet,
    what: &'static Text,
    headers: &[&str],
    widths: &mut Widths,
) -> Result<(), XlsxError> {
    let f = ctx.f;
    ws.set_name(ctx.w(what))?;
    let title = words::sheet_title(what, ctx.input.month, ctx.input.draft);
    ws.write_string_with_format(
        TITLE_ROW,
        0,
        title.get(ctx.lang),
        if ctx.input.draft { &f.title_draft } else { &f.title },
    )?;
    ws.set_row_height(TITLE_ROW, 26)?;
    for (col, h) in headers.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, col as u16, *h, &f.header)?;
        widths.fit(col as u16, h);
    }
    Ok(())
}

fn finish(
    ctx: &Ctx,
    ws: &mut Worksheet,
    widths: &Widths,
    rows: u32,
    cols: u16,
    landscape: bool,
) -> Result<(), XlsxError> {
    widths.apply(ws)?;
    ws.set_freeze_panes(FIRST_ROW, 0)?;
    let last = if rows == 0 { HEADER_ROW } else { FIRST_ROW + rows - 1 };
    ws.autofilter(HEADER_ROW, 0, last, cols - 1)?;
    style::print_setup(ws, ctx.input.month, ctx.lang, ctx.input.draft, landscape, Some((HEADER_ROW, HEADER_ROW)))?;
    ws.set_print_area(0, 0, last.max(FIRST_ROW), cols - 1)?;
    Ok(())
}

pub fn deductions_sheet(ctx: &Ctx) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    fill_deductions(ctx, &mut ws)?;
    Ok(ws)
}

/// The deductions sheet into `ws`, row after row (it may be a streamed worksheet);
/// gives the first row under it.
pub fn fill_deductions(ctx: &Ctx, ws: &mut Worksheet) -> Result<u32, XlsxError> {
    let f = ctx.f;
    let cols = [
        &words::PM_ID,
        &words::NAME,
        &words::ITEM_NO,
        &words::ITEM_CONTENT,
        &words::PART,
        &words::POINTS,
        &words::REASON,
        &words::SOURCE,
        &words::KIND,
    ];
    let headers: Vec<&str> = cols.iter().map(|w| ctx.w(w)).collect();
    let mut widths = Widths::new(cols.len(), 30.0);
    head(ctx, ws, &words::SHEET_DEDUCTIONS, &headers, &mut widths)?;
    // Together about 130 characters, so that the sheet prints at ≥ 8 pt on landscape A4
    // (as the ranking, measured with LibreOffice: docs/report.md); the item's name, the
    // reason and the source wrap.
    widths.set(3, 16.0);
    widths.set(6, 58.0);
    widths.set(7, 26.0);
    let mut row = FIRST_ROW;
    for r in &ctx.input.outcome.managers {
        let s = &r.score;
        for d in s.deductions() {
            let item_name = words::item_name(d.item).get(ctx.lang);
            let kind = ctx.w(if d.manual { &words::MANUAL } else { &words::RULE });
            let reason = d.reason.get(ctx.lang);
            ws.write_string_with_format(row, 0, &s.pm_id, &f.text)?;
            ws.write_string_with_format(row, 1, &s.name, &f.text)?;
            ws.write_number_with_format(row, 2, d.item, &f.text_center)?;
            ws.write_string_with_format(row, 3, item_name, &f.wrap)?;
            ws.write_string_with_format(row, 4, d.part.unwrap_or(""), &f.text_center)?;
            ws.write_number_with_format(row, 5, d.points.as_f64(), &f.score_center)?;
            ws.write_string_with_format(row, 6, reason, &f.wrap)?;
            ws.write_string_with_format(row, 7, &d.source, &f.wrap)?;
            ws.write_string_with_format(row, 8, kind, &f.text_center)?;
            for (col, v) in [(0, s.pm_id.as_str()), (1, s.name.as_str()), (8, kind)] {
                widths.fit(col, v);
            }
            let h = [(reason, 6), (d.source.as_str(), 7), (item_name, 3)]
                .iter()
                .map(|(t, col)| style::wrapped_height(t, widths.get(*col)))
                .fold(0.0, f64::max);
            ws.set_row_height(row, h.max(18.0))?;
            row += 1;
        }
    }
    if row == FIRST_ROW {
        ws.write_string_with_format(FIRST_ROW, 0, ctx.w(&words::NO_DEDUCTIONS), &f.note)?;
    }
    finish(ctx, ws, &widths, row - FIRST_ROW, cols.len() as u16, true)?;
    Ok(row.max(FIRST_ROW + 1))
}

pub fn metrics_sheet(ctx: &Ctx) -> Result<Worksheet, XlsxError> {
    let f = ctx.f;
    let mut ws = Worksheet::new();
    let mut headers: Vec<&str> =
        [&words::PM_ID, &words::NAME, &words::RANK, &words::TIER_COL].iter().map(|w| ctx.w(w)).collect();
    headers.extend(score::metric_columns().map(|m| ctx.w(&m.header)));
    let mut widths = Widths::new(headers.len(), 30.0);
    head(ctx, &mut ws, &words::SHEET_METRICS, &headers, &mut widths)?;
    // The sheet prints two pages wide with the id and name repeated: a title
    // spilling past them would be cut off on the second page, so the title is
    // short enough for those two columns and the month goes underneath.
    let title = format!("{}{}", ctx.w(&words::SHEET_METRICS), words::draft_mark(ctx.input.draft).get(ctx.lang));
    let title_format = if ctx.input.draft { &f.title_draft } else { &f.title };
    ws.write_string_with_format(TITLE_ROW, 0, &title, title_format)?;
    ws.write_string_with_format(1, 0, words::month_long(ctx.input.month).get(ctx.lang), &f.subtitle)?;
    widths.at_least(0, 8.0);
    widths.at_least(1, 16.0);
    // Headers wrap: a metric column need not be as wide as its name.
    for col in 4..headers.len() as u16 {
        widths.set(col, 10.0);
        // Bold headers are about a tenth wider than the body font the widths count.
        widths.at_least(col, style::longest_word_width(headers[usize::from(col)]) * 1.1 + 1.5);
    }
    ws.set_row_height(HEADER_ROW, 45)?;
    let mut row = FIRST_ROW;
    for r in &ctx.input.outcome.managers {
        let s = &r.score;
        ws.write_string_with_format(row, 0, &s.pm_id, &f.text)?;
        ws.write_string_with_format(row, 1, &s.name, &f.text)?;
        ws.write_number_with_format(row, 2, r.rank, &f.text_center)?;
        let tier = r.tier.clamp(1, 5);
        ws.write_string_with_format(row, 3, words::TIER[usize::from(tier) - 1].get(ctx.lang), f.tier(tier))?;
        widths.fit(0, &s.pm_id);
        widths.fit(1, &s.name);
        for (i, metric) in score::metric_columns().enumerate() {
            let col = 4 + i as u16;
            let m = &s.metrics;
            let (value, format): (Option<f64>, &Format) = match metric.value {
                Value::Money(x) => (x(m), &f.money),
                Value::Rate(x) => (x(m), &f.rate),
                Value::Int(x) => (Some(x(m) as f64), &f.int),
                Value::Dec(x) => (x(m), &f.decimal),
                Value::YesNo(b) => {
                    let yes = if b(m) { &words::YES } else { &words::NO };
                    ws.write_string_with_format(row, col, ctx.w(yes), &f.text_center)?;
                    continue;
                }
            };
            match value.filter(|x| x.is_finite()) {
                Some(x) => {
                    ws.write_number_with_format(row, col, x, format)?;
                    if matches!(metric.value, Value::Money(_)) {
                        widths.fit(col, &format!("{x:.2},,,,"));
                    }
                }
                None => {
                    ws.write_blank(row, col, format)?;
                }
            }
        }
        row += 1;
    }
    finish(ctx, &mut ws, &widths, row - FIRST_ROW, headers.len() as u16, true)?;
    ws.set_freeze_panes(FIRST_ROW, 2)?;
    // Thirty-four columns on one A4 page would be too small to read: print blocks,
    // each one landscape page wide and starting with the PM's id and name.
    let all: Vec<f64> = (0..headers.len() as u16).map(|c| widths.get(c)).collect();
    let (breaks, scale) = style::print_blocks(&all, 2);
    ws.set_vertical_page_breaks(&breaks.iter().map(|&c| u32::from(c)).collect::<Vec<_>>())?;
    ws.set_print_scale(scale);
    ws.set_repeat_columns(0, 1)?;
    Ok(ws)
}
