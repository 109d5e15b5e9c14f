//! 排名 / Ranking and the five tier sheets: one row per PM, the ten items, the
//! total and bonus (live formulas on the ranking, values on the tier sheets),
//! the notes with every deduction's reason, and two charts over literal values.

use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartFormat, ChartLegendPosition, ChartSolidFill, Color, Formula, Note, Worksheet,
    XlsxError, utility::row_col_to_cell,
};

use super::Ctx;
use super::style::{self, TIER_STRONG, Widths};
use super::words;
use crate::outcome::Ranked;

// What management signs comes first (A–R, the print area); the projects and the
// notes follow on screen only.
pub const C_RANK: u16 = 0;
pub const C_ID: u16 = 1;
pub const C_NAME: u16 = 2;
pub const C_ITEM1: u16 = 3;
pub const C_TOTAL: u16 = 13;
pub const C_TIER: u16 = 14;
pub const C_MULT: u16 = 15;
pub const C_BASE: u16 = 16;
pub const C_BONUS: u16 = 17;
/// 距上一档: the points still needed for the next better tier (SPEC §6.2).
pub const C_NEXT: u16 = 18;
/// Last month (SPEC §6.2 "Memory across runs"): 上月名次, 名次变化 (↑3, ↓1, 新), 上月总分;
/// hidden and not printed when there is no last month in the history.
pub const C_PREV_RANK: u16 = 19;
pub const C_MOVE: u16 = 20;
pub const C_PREV_TOTAL: u16 = 21;
/// 近六月: a sparkline of the totals of the last six months (this one the last).
pub const C_TREND: u16 = 22;
pub const C_PROJECTS: u16 = 23;
pub const C_NOTES: u16 = 24;
/// Hidden: the six totals each sparkline draws.
const C_TREND_DATA: u16 = 50;
/// Widths of the printed columns (characters of the default font): together at most
/// about 141, so that the row text prints at ≥ 8 pt on landscape A4 (measured with
/// LibreOffice: 202 characters printed 11-point text at 5.9 pt; docs/report.md).
const PRINTED_WIDTHS: [(u16, f64); 13] = [
    (C_RANK, 4.5),
    (C_ID, 6.0),
    (C_NAME, 7.5),
    (C_TOTAL, 8.0),
    (C_TIER, 6.5),
    (C_MULT, 6.5),
    (C_BASE, 9.0),
    (C_BONUS, 10.0),
    (C_NEXT, 7.0),
    (C_PREV_RANK, 6.0),
    (C_MOVE, 6.0),
    (C_PREV_TOTAL, 7.5),
    (C_TREND, 9.0),
];
const ITEM_WIDTH: f64 = 8.2;
/// The row of column headers (0-based); data rows follow it.
pub const HEADER_ROW: u32 = 2;
pub const FIRST_ROW: u32 = 3;

/// Hidden helper columns the charts read: one per tier for the totals, then the
/// tier names and counts.
const C_HELPER: u16 = 40;
const C_COUNTS: u16 = C_HELPER + 5;
/// The PM names again, so that sorting the table in Excel leaves the chart consistent.
const C_NAMES: u16 = C_COUNTS + 2;
/// Wide enough that most reasons (in the 9-point notes font) take one line.
pub const NOTES_WIDTH: f64 = 80.0;
/// Every PM row is one line high, so that twenty PMs print on one landscape page.
const ROW_HEIGHT: f64 = 18.0;
/// The last column printed: the notes stay on screen only.
/// Last month's columns when the history has last month, else 距上一档.
fn last_printed(ctx: &Ctx) -> u16 {
    if ctx.input.previous.is_some() { C_TREND } else { C_NEXT }
}

/// The draft's flag of one PM with the errors that concern them, one a line: at most
/// five, then how many more the Checks sheet holds.
pub fn flag_text(ctx: &Ctx, r: &Ranked) -> String {
    const SHOWN: usize = 5;
    let concerns = &r.score.concerns;
    let mut lines = vec![ctx.w(&words::FLAGGED).to_string()];
    lines.extend(concerns.iter().take(SHOWN).map(|c| format!("· {}", c.get(ctx.lang))));
    if concerns.len() > SHOWN {
        let more = concerns.len() - SHOWN;
        lines.push(
            crate::t!("· 另有 {more} 条，见数据检查表", "· and {more} more on the Checks sheet")
                .get(ctx.lang)
                .to_string(),
        );
    }
    lines.join("\n")
}

/// Every deduction's reason in item order (and the veto, and the draft flag).
pub fn notes(ctx: &Ctx, r: &Ranked) -> String {
    let lang = ctx.lang;
    let mut parts: Vec<String> = Vec::new();
    if ctx.input.draft && r.score.flagged {
        parts.push(ctx.w(&words::FLAGGED).to_string());
    }
    if let Some(veto) = &r.score.veto {
        parts.push(format!("[{}] {}", ctx.w(&words::VETO), veto.get(lang)));
    }
    for d in r.score.deductions() {
        let tag = d.part.map(str::to_string).unwrap_or_else(|| d.item.to_string());
        let manual = if d.manual { words::manual_prefix(ctx.lang) } else { String::new() };
        parts.push(format!("[{tag}] {manual}{}", d.reason.get(lang)));
    }
    // A part that ends a sentence of its own (the draft flag) does not take a
    // second stop before the separator: `…检查表。；` reads as a typo.
    let last = parts.len().saturating_sub(1);
    for part in &mut parts[..last] {
        let trimmed = part.trim_end_matches(['。', '.', '；', ';']).len();
        part.truncate(trimmed);
    }
    parts.join(crate::text::SEMICOLON.get(lang))
}

fn headers(ctx: &Ctx) -> Vec<String> {
    let mut h: Vec<String> = [&words::RANK, &words::PM_ID, &words::NAME].iter().map(|w| ctx.w(w).to_string()).collect();
    for item in 1..=10u8 {
        h.push(words::item_short(item, ctx.lang));
    }
    for w in [
        &words::TOTAL,
        &words::TIER_COL,
        &words::MULTIPLIER_SHORT,
        &words::BONUS_BASE,
        &words::BONUS,
        &words::TO_NEXT_TIER,
        &words::PREV_RANK,
        &words::RANK_MOVE,
        &words::PREV_TOTAL,
        &words::TREND,
        &words::PROJECTS,
        &words::NOTES,
    ] {
        h.push(ctx.w(w).to_string());
    }
    h
}

/// Title, subtitle and header rows; returns the widths grown so far.
fn write_head(ctx: &Ctx, ws: &mut Worksheet, title: &str, live: bool) -> Result<Widths, XlsxError> {
    let f = ctx.f;
    let title_format = if ctx.input.draft { &f.title_draft } else { &f.title };
    ws.write_string_with_format(0, 0, title, title_format)?;
    ws.set_row_height(0, 26)?;
    let subtitle = words::ranking_subtitle(ctx.input.outcome.managers.len(), ctx.input.rules, live);
    if ctx.input.draft {
        // A draft says so in a band across the printed width, not in small print.
        ws.merge_range(1, C_RANK, 1, last_printed(ctx), ctx.w(&words::DRAFT_BAND), &f.draft_band)?;
        ws.set_row_height(1, 22)?;
    } else {
        ws.write_string_with_format(1, 0, subtitle.get(ctx.lang), &f.subtitle)?;
    }
    let mut widths = Widths::new(usize::from(C_NOTES) + 1, 40.0);
    for (col, h) in headers(ctx).iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, col as u16, h, &f.header)?;
        widths.fit(col as u16, h);
    }
    // Item headers: the number over the short name; the full name in a note.
    for item in 1..=10u8 {
        let col = C_ITEM1 + u16::from(item) - 1;
        let name = words::item_name(item).get(ctx.lang);
        ws.insert_note(HEADER_ROW, col, &Note::new(name).set_author("kaoping").add_author_prefix(false))?;
    }
    for (col, w) in PRINTED_WIDTHS {
        widths.set(col, w);
    }
    for col in C_ITEM1..C_ITEM1 + 10 {
        widths.set(col, ITEM_WIDTH);
    }
    widths.set(C_NOTES, NOTES_WIDTH);
    ws.set_row_height(HEADER_ROW, 32)?;
    Ok(widths)
}

/// One PM's row. `live`: total and bonus as formulas (ranking) or values (tier sheets).
fn write_row(
    ctx: &Ctx,
    ws: &mut Worksheet,
    row: u32,
    r: &Ranked,
    live: bool,
    widths: &mut Widths,
) -> Result<(), XlsxError> {
    let f = ctx.f;
    let s = &r.score;
    ws.write_number_with_format(row, C_RANK, r.rank, &f.text_center)?;
    // The id opens the PM's scorecard.
    match ctx.cards.get(s.pm_id.as_str()) {
        Some(target) => {
            ws.write_url_with_format(row, C_ID, rust_xlsxwriter::Url::new(target).set_text(&s.pm_id), &f.link)?
        }
        None => ws.write_string_with_format(row, C_ID, &s.pm_id, &f.text)?,
    };

    let flagged = ctx.input.draft && s.flagged;
    let name = if flagged { format!("⚠ {}", s.name) } else { s.name.clone() };
    ws.write_string_with_format(row, C_NAME, &name, if flagged { &f.flag } else { &f.text })?;

    if flagged {
        ws.insert_note(row, C_NAME, &Note::new(flag_text(ctx, r)).set_author(words::FLAG_NOTE_AUTHOR))?;
    }
    match r.lift.to_next_tier {
        Some(need) => ws.write_number_with_format(row, C_NEXT, need.as_f64(), &f.score)?,
        None => ws.write_string_with_format(row, C_NEXT, "—", &f.text_center)?,
    };
    if let Some(previous) = ctx.input.previous {
        match previous.pm(&s.pm_id) {
            Some(p) => {
                ws.write_number_with_format(row, C_PREV_RANK, p.rank, &f.text_center)?;
                let mv = i64::from(p.rank) - i64::from(r.rank);
                let shown = match mv {
                    0 => "—".to_string(),
                    up if up > 0 => format!("↑{up}"),
                    down => format!("↓{}", -down),
                };
                ws.write_string_with_format(row, C_MOVE, &shown, &f.text_center)?;
                ws.write_number_with_format(row, C_PREV_TOTAL, p.total.as_f64(), &f.score)?;
            }
            None => {
                ws.write_string_with_format(row, C_PREV_RANK, "—", &f.text_center)?;
                ws.write_string_with_format(row, C_MOVE, ctx.w(&words::NEW_PM), &f.text_center)?;
                ws.write_string_with_format(row, C_PREV_TOTAL, "—", &f.text_center)?;
            }
        }
    }
    if ctx.input.previous.is_some() && live {
        // The last six months' totals (blank where the PM was not ranked), this one last.
        let trend = ctx.input.trend.iter().rev().take(5).rev();
        let totals = trend.map(|run| run.pm(&s.pm_id).map(|p| p.total.as_f64()));
        let totals: Vec<Option<f64>> = totals.chain([Some(s.total.as_f64())]).collect();
        let first = C_TREND_DATA + 6 - totals.len() as u16;
        for (k, total) in totals.iter().enumerate() {
            if let Some(t) = total {
                ws.write_number(row, first + k as u16, *t)?;
            }
        }
        let sheet = ctx.w(&words::SHEET_RANKING);
        let range = (sheet, row, C_TREND_DATA, row, C_TREND_DATA + 5);
        let line = rust_xlsxwriter::Sparkline::new()
            .set_range(range)
            .show_last_point(true)
            .show_hidden_data(true)
            .set_sparkline_color(Color::RGB(0x1F4E78));
        ws.write_blank(row, C_TREND, &f.text)?;
        ws.add_sparkline(row, C_TREND, &line)?;
    }
    let projects = s.projects.join(", ");
    ws.write_string_with_format(row, C_PROJECTS, &projects, &f.text)?;
    widths.fit(C_PROJECTS, &projects);
    for (i, item) in s.items.iter().take(10).enumerate() {
        ws.write_number_with_format(row, C_ITEM1 + i as u16, item.score.as_f64(), &f.score)?;
    }
    let tier = r.tier.clamp(1, 5);
    let tier_name = words::TIER[usize::from(tier) - 1].get(ctx.lang);
    if live {
        let first = row_col_to_cell(row, C_ITEM1);
        let last = row_col_to_cell(row, C_ITEM1 + 9);
        let total = Formula::new(format!("=SUM({first}:{last})")).set_result(s.total.to_string());
        ws.write_formula_with_format(row, C_TOTAL, total, &f.score_bold)?;
        let base = row_col_to_cell(row, C_BASE);
        let mult = row_col_to_cell(row, C_MULT);
        let bonus = Formula::new(format!("=ROUND({base}*{mult},2)")).set_result(r.bonus.to_string());
        ws.write_formula_with_format(row, C_BONUS, bonus, &f.money_bold)?;
    } else {
        ws.write_number_with_format(row, C_TOTAL, s.total.as_f64(), &f.score_bold)?;
        ws.write_number_with_format(row, C_BONUS, r.bonus.as_f64(), &f.money_bold)?;
    }
    ws.write_string_with_format(row, C_TIER, tier_name, f.tier(tier))?;
    ws.write_number_with_format(row, C_MULT, r.multiplier, &f.decimal)?;
    ws.write_number_with_format(row, C_BASE, s.bonus_base, &f.money)?;

    // One line, not wrapped: on screen it runs on to the right (and shows whole in
    // the formula bar), so every row stays one line high and the table prints on one
    // page; the print area ends before it (the scorecards and Deductions carry every
    // reason on paper).
    let notes = notes(ctx, r);
    let notes = style::clip(&notes);
    ws.write_string_with_format(row, C_NOTES, &*notes, &f.notes)?;
    ws.set_row_height(row, ROW_HEIGHT)?;
    Ok(())
}

/// Widths, panes, filter and print setup; `print_to` is the last row printed (the
/// sign-off lines), `None` for a sheet with nothing to print.
fn finish(
    ctx: &Ctx,
    ws: &mut Worksheet,
    widths: &Widths,
    last_row: u32,
    print_to: Option<u32>,
) -> Result<(), XlsxError> {
    widths.apply(ws)?;
    if ctx.input.previous.is_none() {
        for col in C_PREV_RANK..=C_TREND {
            ws.set_column_hidden(col)?;
        }
    }
    for col in C_TREND_DATA..C_TREND_DATA + 6 {
        ws.set_column_hidden(col)?;
    }
    ws.set_freeze_panes(FIRST_ROW, C_ITEM1)?;
    ws.autofilter(HEADER_ROW, 0, last_row.max(HEADER_ROW), C_NOTES)?;
    style::print_setup(ws, ctx.input.month, ctx.lang, ctx.input.draft, true, Some((HEADER_ROW, HEADER_ROW)))?;
    match print_to {
        Some(last) => ws.set_print_area(0, 0, last, last_printed(ctx))?,
        // An empty tier prints nothing: its print area is one blank cell below the
        // message (viewers skip a page with nothing on it).
        None => ws.set_print_area(FIRST_ROW + 2, 0, FIRST_ROW + 2, 0)?,
    };
    Ok(())
}

/// Under the table: a total row (PMs per tier, Σ bonus — a live formula on the
/// ranking) and the sign-off lines 制表 / 审核 / 批准 with their dates. Gives the last
/// row written.
fn total_and_sign_off(
    ctx: &Ctx,
    ws: &mut Worksheet,
    rows: &[&Ranked],
    first: u32,
    live: bool,
    widths: &mut Widths,
) -> Result<u32, XlsxError> {
    let f = ctx.f;
    let lang = ctx.lang;
    // A blank row between: the table's filter and sorting stop above the total.
    let row = first + rows.len() as u32 + 1;
    ws.write_string_with_format(row, C_RANK, ctx.w(&words::SUM_LABEL), &f.label)?;
    let n = rows.len();
    let count = crate::t!("{n} 人", "{n} PMs");
    ws.merge_range(row, C_ID, row, C_NAME, count.get(lang), &f.label)?;
    let per_tier: Vec<String> = (1..=5u8)
        .filter_map(|tier| {
            let k = rows.iter().filter(|r| r.tier.clamp(1, 5) == tier).count();
            let name = words::TIER[usize::from(tier) - 1].get(lang);
            (k > 0).then(|| crate::t!("{name} {k} 人", "{name}: {k}").get(lang).to_string())
        })
        .collect();
    ws.merge_range(row, C_ITEM1, row, C_BASE, &per_tier.join(crate::text::COMMA.get(lang)), &f.label)?;
    let sum: crate::outcome::Points = rows.iter().map(|r| r.bonus).sum();
    // Σ bonus is the widest money on the sheet, in bold (about a tenth wider): a
    // column that fits only the rows shows ### for it.
    let shown = crate::text::num::money(sum.as_f64());
    widths.fit(C_BONUS, &format!("{shown}{}", ".".repeat(shown.len() / 10 + 1)));
    if live && !rows.is_empty() {
        let (a, b) = (row_col_to_cell(first, C_BONUS), row_col_to_cell(row - 2, C_BONUS));
        let formula = Formula::new(format!("=SUM({a}:{b})")).set_result(sum.to_string());
        ws.write_formula_with_format(row, C_BONUS, formula, &f.money_bold)?;
    } else {
        ws.write_number_with_format(row, C_BONUS, sum.as_f64(), &f.money_bold)?;
    }
    ws.set_row_height(row, ROW_HEIGHT)?;
    // Three pairs of "who / date" with a line to sign on, across the printed width.
    let sign = row + 2;
    // Three blocks of six columns across the printed width (A–S): who (two columns,
    // against the line it signs; the first block's at the margin), a line to sign on
    // (two), the date's label and a line for it. (An indent kept the label off the date
    // line before it in Excel, but not in LibreOffice's print, where they touched.)
    let lang = ctx.lang;
    let colon = crate::text::COLON.get(lang);
    for (k, who) in [&words::PREPARED, &words::CHECKED, &words::APPROVED].into_iter().enumerate() {
        let from = C_RANK + 6 * k as u16;
        let who_format = if k == 0 { &f.sign } else { &f.sign_right };
        ws.merge_range(sign, from, sign, from + 1, &format!("{}{colon}", ctx.w(who)), who_format)?;
        ws.merge_range(sign, from + 2, sign, from + 3, "", &f.sign_line)?;
        ws.write_string_with_format(sign, from + 4, ctx.w(&words::DATE), &f.sign_right)?;
        ws.write_blank(sign, from + 5, &f.sign_line)?;
    }
    ws.set_row_height(sign, 30)?;
    Ok(sign)
}

pub fn ranking_sheet(ctx: &Ctx, name: &str) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(name)?;
    ws.set_active(true);
    let title = words::ranking_title(ctx.input.month, ctx.input.draft);
    let mut widths = write_head(ctx, &mut ws, title.get(ctx.lang), true)?;
    let managers = &ctx.input.outcome.managers;
    for (i, r) in managers.iter().enumerate() {
        write_row(ctx, &mut ws, FIRST_ROW + i as u32, r, true, &mut widths)?;
    }
    let last = FIRST_ROW + managers.len() as u32 - u32::from(!managers.is_empty());
    let all: Vec<&Ranked> = managers.iter().collect();
    let sign = total_and_sign_off(ctx, &mut ws, &all, FIRST_ROW, true, &mut widths)?;
    finish(ctx, &mut ws, &widths, if managers.is_empty() { HEADER_ROW } else { last }, Some(sign))?;
    tier_summary_and_charts(ctx, &mut ws, name, sign + 2)?;
    Ok(ws)
}

/// The hidden helper columns (literal values) and the two charts over them.
/// The charts stand below the sign-off lines (from row `below`), outside the print area.
fn tier_summary_and_charts(ctx: &Ctx, ws: &mut Worksheet, sheet: &str, below: u32) -> Result<(), XlsxError> {
    let managers = &ctx.input.outcome.managers;
    // A PM's total under its tier's column (blank under the others), so each tier is
    // one coloured series; then the tier names and counts. Hidden, literal numbers:
    // viewers that do not recalculate still draw the charts.
    for tier in 1..=5u8 {
        let col = C_HELPER + u16::from(tier) - 1;
        let name = words::TIER[usize::from(tier) - 1].get(ctx.lang);
        ws.write_string(HEADER_ROW, col, name)?;
        let row = FIRST_ROW + u32::from(tier) - 1;
        ws.write_string(row, C_COUNTS, name)?;
        let count = managers.iter().filter(|r| r.tier.clamp(1, 5) == tier).count();
        ws.write_number(row, C_COUNTS + 1, count as f64)?;
    }
    ws.write_string(HEADER_ROW, C_COUNTS, ctx.w(&words::TIER_COL))?;
    ws.write_string(HEADER_ROW, C_COUNTS + 1, ctx.w(&words::PMS))?;
    ws.write_string(HEADER_ROW, C_NAMES, ctx.w(&words::NAME))?;
    for col in C_HELPER..=C_NAMES {
        ws.set_column_hidden(col)?;
    }
    for (i, r) in managers.iter().enumerate() {
        let col = C_HELPER + u16::from(r.tier.clamp(1, 5)) - 1;
        ws.write_number(FIRST_ROW + i as u32, col, r.score.total.as_f64())?;
        ws.write_string(FIRST_ROW + i as u32, C_NAMES, &r.score.name)?;
    }
    ws.set_column_width(C_NOTES + 1, 3)?;

    let mut tiers = Chart::new_column();
    tiers.title().set_name(ctx.w(&words::CHART_TIERS));
    tiers
        .add_series()
        .set_name(ctx.w(&words::PMS))
        .set_categories((sheet, FIRST_ROW, C_COUNTS, FIRST_ROW + 4, C_COUNTS))
        .set_values((sheet, FIRST_ROW, C_COUNTS + 1, FIRST_ROW + 4, C_COUNTS + 1))
        .set_point_colors(&TIER_STRONG.map(Color::RGB))
        .set_data_label(ChartDataLabel::new().show_value())
        .set_gap(60);
    tiers.legend().set_hidden();
    tiers.y_axis().set_min(0).set_major_unit(1.0_f64.max((managers.len() as f64 / 5.0).ceil()));
    tiers.show_hidden_data();
    tiers.set_width(480).set_height(280);
    ws.insert_chart(below, C_RANK, &tiers)?;

    if !managers.is_empty() {
        let last = FIRST_ROW + managers.len() as u32 - 1;
        let mut totals = Chart::new_column();
        totals.title().set_name(ctx.w(&words::CHART_TOTALS));
        for tier in 1..=5u8 {
            let col = C_HELPER + u16::from(tier) - 1;
            let mut fill = ChartSolidFill::new();
            fill.set_color(Color::RGB(TIER_STRONG[usize::from(tier) - 1]));
            totals
                .add_series()
                .set_name(words::TIER[usize::from(tier) - 1].get(ctx.lang))
                .set_categories((sheet, FIRST_ROW, C_NAMES, last, C_NAMES))
                .set_values((sheet, FIRST_ROW, col, last, col))
                .set_format(ChartFormat::new().set_solid_fill(&fill))
                .set_overlap(100)
                .set_gap(40);
        }
        totals.show_hidden_data();
        totals.y_axis().set_min(0).set_max(100).set_major_unit(10);
        totals.legend().set_position(ChartLegendPosition::Bottom);
        let width = (managers.len() as u32 * 28 + 200).clamp(480, 1600);
        totals.set_width(width).set_height(340);
        ws.insert_chart_with_offset(below, C_ITEM1 + 4, &totals, 0, 0)?;
    }
    Ok(())
}

pub fn tier_sheet(ctx: &Ctx, tier: u8) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    let w = &words::SHEET_TIERS[usize::from(tier) - 1];
    ws.set_name(ctx.w(w))?;
    ws.set_tab_color(Color::RGB(TIER_STRONG[usize::from(tier) - 1]));
    let title = words::sheet_title(w, ctx.input.month, ctx.input.draft);
    let mut widths = write_head(ctx, &mut ws, title.get(ctx.lang), false)?;
    let mut row = FIRST_ROW;
    let mine: Vec<&Ranked> = ctx.input.outcome.managers.iter().filter(|r| r.tier.clamp(1, 5) == tier).collect();
    for r in &mine {
        write_row(ctx, &mut ws, row, r, false, &mut widths)?;
        row += 1;
    }
    if mine.is_empty() {
        ws.write_string_with_format(FIRST_ROW, 0, ctx.w(&words::EMPTY_TIER), &ctx.f.note)?;
        finish(ctx, &mut ws, &widths, HEADER_ROW, None)?;
    } else {
        let sign = total_and_sign_off(ctx, &mut ws, &mine, FIRST_ROW, false, &mut widths)?;
        finish(ctx, &mut ws, &widths, row - 1, Some(sign))?;
    }
    Ok(ws)
}
