//! 考评表 / Scorecard: the company's paper form for one PM, on one A4 page:
//! 项次 | 考评内容 | 考评方法 | 分项满分值 | 扣分理由 | 实际得分, the item's key figures
//! in grey under its reasons, a 合计 row, rank, tier and bonus, and lines for the
//! signatures. Sized for A4 portrait at ≥ 9 pt as LibreOffice prints it (docs/report.md).

use rust_xlsxwriter::{Formula, Worksheet, XlsxError, utility::row_col_to_cell};

use super::Ctx;
use super::style::{self, TIER_STRONG};
use super::words;
use crate::outcome::Ranked;
use crate::text::Text;

const C_NO: u16 = 0;
const C_CONTENT: u16 = 1;
const C_METHOD: u16 = 2;
const C_MAX: u16 = 3;
const C_REASON: u16 = 4;
const C_SCORE: u16 = 5;
/// 上月: last month's item scores and total, beside this month's, when the history has
/// last month (SPEC §6.2 "each scorecard shows last month's item scores").
const C_PREV: u16 = 6;

/// The last column of the form: 上月 when the history has last month.
fn last_col(ctx: &Ctx) -> u16 {
    if ctx.input.previous.is_some() { C_PREV } else { C_SCORE }
}

/// [`BASE_WIDTHS`] with 上月 when the history has last month.
fn base_widths(ctx: &Ctx) -> [f64; 7] {
    let mut w = BASE_WIDTHS;
    if ctx.input.previous.is_some() {
        w[usize::from(C_PREV)] = 7.5;
    }
    w
}
/// The columns' widths before the reason column is fitted to the form
/// ([`widths_for`]): 112 units print at about 9.3 pt on A4 portrait.
const BASE_WIDTHS: [f64; 7] = [5.0, 12.0, 31.0, 8.5, 48.0, 7.5, 0.0];
/// The widths the reason column may take.
const REASON_WIDTHS: std::ops::RangeInclusive<u32> = 40..=66;
/// Height (points) of a row of item texts at these widths.
fn item_height(t: &ItemText, w: &[f64; 7]) -> f64 {
    [(&t.content, C_CONTENT), (&t.method, C_METHOD), (&t.reason_and_key(), C_REASON)]
        .iter()
        .map(|(text, c)| style::wrapped_height(text, w[usize::from(*c)]))
        .fold(24.0, f64::max)
}

/// One item's words on the form.
struct ItemText {
    content: String,
    method: String,
    reason: String,
    /// The key figures, under the reason in grey (items without deductions).
    key: String,
}

impl ItemText {
    fn reason_and_key(&self) -> String {
        if self.key.is_empty() { self.reason.clone() } else { format!("{}\n{}", self.reason, self.key) }
    }
}

/// The printed width of the form's columns (a column of width 0 is not there).
fn printed_points(w: &[f64; 7]) -> f64 {
    w.iter().filter(|c| **c > 0.0).map(|c| style::column_points(*c)).sum()
}

/// `widths` with 考评内容 as wide as its longest word (`satisfaction`): English does
/// not break inside a word the way a viewer would have to in a narrower column.
fn content_fitted<'a>(mut widths: [f64; 7], contents: impl Iterator<Item = &'a str>) -> [f64; 7] {
    let longest = contents.map(style::longest_unbreakable_width).fold(0.0, f64::max);
    widths[usize::from(C_CONTENT)] = widths[usize::from(C_CONTENT)].max(longest + 2.5);
    widths
}

/// The widths for this PM's form: the reason column, which grows with the deductions,
/// as wide as makes the page print largest — wider takes fewer lines (a larger scale
/// down the page) but more room across (a smaller scale across). `other_rows` is the
/// height of every row but the items'.
fn widths_for(base: [f64; 7], items: &[ItemText], other_rows: f64) -> [f64; 7] {
    let base = content_fitted(base, items.iter().map(|t| t.content.as_str()));
    let mut best = (0.0, base);
    for reason in REASON_WIDTHS.step_by(2) {
        let mut w = base;
        w[usize::from(C_REASON)] = f64::from(reason);
        let across = style::PORTRAIT_POINTS.0 / printed_points(&w);
        let down = style::PORTRAIT_POINTS.1 / (other_rows + items.iter().map(|t| item_height(t, &w)).sum::<f64>());
        let scale = across.min(down).min(1.0);
        if scale > best.0 + 1e-9 {
            best = (scale, w);
        }
    }
    best.1
}

const HEADER_ROW: u32 = 3;
const FIRST_ITEM_ROW: u32 = 4;
/// The 合计 row (0-based), right under the ten items.
pub const SUM_ROW: u32 = FIRST_ITEM_ROW + 10;

/// `关键指标：业务量 179,476.50，计划 203,300.00`: the item's key figures on one line.
fn key_line(ctx: &Ctx, item: u8, metrics: &crate::outcome::Metrics) -> String {
    let key = words::key_metrics(item, metrics);
    let figures: Vec<&str> = key.get(ctx.lang).lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    if figures.is_empty() {
        return String::new();
    }
    static SEP: Text = Text::of("，", "; ");
    let (colon, sep) = (crate::text::COLON.get(ctx.lang), SEP.get(ctx.lang));
    format!("{}{colon}{}", ctx.w(&words::KEY_METRICS), figures.join(sep))
}

/// `距二级还差 5.63 分。失分最多：第6项 5.00（最大一笔 4.19）、…` — the points to the
/// next tier and the items that lost most (SPEC §6.2); a tier-1 PM is there already,
/// a vetoed one is not lifted by points.
fn lift_text(ctx: &Ctx, r: &Ranked) -> String {
    let lang = ctx.lang;
    let lift = &r.lift;
    let head = match (r.tier, lift.to_next_tier) {
        (1, _) => Text::of("已是一级。", "Already in tier 1.").take(lang).into_owned(),
        (5, _) => {
            Text::of("质量否决：分数不能改变档次。", "Quality veto: no score changes the tier.").take(lang).into_owned()
        }
        (tier, Some(need)) => {
            let better = words::TIER[usize::from(tier.clamp(2, 5)) - 2].get(lang);
            crate::t!("距{better}还差 {need} 分。", "{need} points to {better}.").take(lang).into_owned()
        }
        (_, None) => Text::of("上一档没有名额。", "The tier above has no places.").take(lang).into_owned(),
    };
    if r.tier == 1 || r.tier == 5 || lift.most_lost.is_empty() {
        return head;
    }
    let items: Vec<String> = lift
        .most_lost
        .iter()
        .map(|l| {
            let largest = l.largest.as_ref().map_or(crate::outcome::Points(0), |d| d.points);
            let (n, p) = (l.item, l.points);
            crate::t!("第{n}项 {p}（最大一笔 {largest}）", "item {n} {p} (largest {largest})").take(lang).into_owned()
        })
        .collect();
    let list = items.join(crate::text::COMMA.get(lang));
    let most = crate::t!("失分最多：{list}。", "Most lost: {list}.");
    format!("{head}{}{}", if lang == crate::text::Lang::En { " " } else { "" }, most.get(lang))
}

/// The reasons of one item, one per line, with the part and the kind.
fn reasons(ctx: &Ctx, item: &crate::outcome::ItemScore) -> String {
    if item.deductions.is_empty() {
        return ctx.w(&words::NO_DEDUCTION).to_string();
    }
    let lines: Vec<String> = item
        .deductions
        .iter()
        .map(|d| {
            let part = d.part.map(|p| format!("{p} ")).unwrap_or_default();
            let manual = if d.manual { words::manual_prefix(ctx.lang) } else { String::new() };
            format!("{part}{manual}{}", d.reason.get(ctx.lang))
        })
        .collect();
    lines.join("\n")
}

/// One PM's form: its texts, and the height of every row but the items'.
struct Form<'a> {
    r: &'a Ranked,
    texts: Vec<ItemText>,
    flag: Option<String>,
    veto: &'a str,
    /// What lifts the tier, in words.
    lift: String,
    other_rows: f64,
}

impl<'a> Form<'a> {
    fn new(ctx: &'a Ctx, r: &'a Ranked) -> Form<'a> {
        let lang = ctx.lang;
        let s = &r.score;
        let texts: Vec<ItemText> = s
            .items
            .iter()
            .take(10)
            .map(|item| ItemText {
                content: words::item_name(item.item).get(lang).to_string(),
                method: words::method(item.item, ctx.input.rules).get(lang).to_string(),
                reason: style::clip(&reasons(ctx, item)).into_owned(),
                // An item without deductions shows the figures that cleared it, in grey
                // under the dash; a deduction's reason carries its figures and arithmetic.
                key: if item.deductions.is_empty() { key_line(ctx, item.item, &s.metrics) } else { String::new() },
            })
            .collect();
        let flag = (ctx.input.draft && s.flagged).then(|| super::ranking::flag_text(ctx, r));
        let veto = s.veto.as_ref().map(|v| v.get(lang)).unwrap_or(ctx.w(&words::NONE));
        let base_width: f64 = BASE_WIDTHS.iter().sum();
        let lift = lift_text(ctx, r);
        // Title, who, draft band or gap, header; 合计, rank, bonus base, bonus/veto; the
        // flag; the gap and four signature lines (as [`write_form`] writes them).
        let other_rows = 26.0
            + 20.0
            + if ctx.input.draft { 32.0 } else { 6.0 }
            + 30.0
            + 22.0
            + 40.0
            + style::wrapped_height(veto, BASE_WIDTHS[4] + BASE_WIDTHS[5]).max(20.0)
            + style::wrapped_height(&lift, base_width - BASE_WIDTHS[0] - BASE_WIDTHS[1]).max(20.0)
            + flag.as_ref().map_or(0.0, |t| style::wrapped_height(t, base_width))
            + 6.0
            + 4.0 * 23.0;
        Form { r, texts, flag, veto, lift, other_rows }
    }

    /// The form's height (points) at these widths.
    fn height(&self, w: &[f64; 7]) -> f64 {
        self.other_rows + self.texts.iter().map(|t| item_height(t, w)).sum::<f64>()
    }
}

/// 考评表-<id>: one PM's form on a sheet of its own, fitted to one A4 page, its
/// reason column as wide as makes it print largest.
pub fn scorecard_sheet(ctx: &Ctx, r: &Ranked, name: &str) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(name)?;
    let tier = r.tier.clamp(1, 5);
    ws.set_tab_color(rust_xlsxwriter::Color::RGB(TIER_STRONG[usize::from(tier) - 1]));
    let form = Form::new(ctx, r);
    let widths = widths_for(base_widths(ctx), &form.texts, form.other_rows);
    for (col, w) in widths.iter().enumerate().filter(|(_, w)| **w > 0.0) {
        ws.set_column_width(col as u16, *w)?;
    }
    let last = write_form(&mut ws, ctx, &form, 0, &widths)?;
    style::print_setup(&mut ws, ctx.input.month, ctx.lang, ctx.input.draft, false, None)?;
    ws.set_print_fit_to_pages(1, 1);
    ws.set_print_area(0, 0, last, last_col(ctx))?;
    Ok(ws)
}

/// 考评表 / Scorecards: every PM's form on one sheet, one per printed A4 page (a
/// manual page break before each), all at one print scale — the largest at which the
/// longest form still fits its page. Gives the sheet and each form's first row, for
/// the ranking's links.
pub fn scorecards_sheet(ctx: &Ctx, rows: &[Ranked], name: &str) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    fill_scorecards(ctx, &mut ws, rows, name)?;
    Ok(ws)
}

/// The shared scorecards sheet into `ws`, row after row (it may be a streamed
/// worksheet); gives the first row under the last form.
pub fn fill_scorecards(ctx: &Ctx, ws: &mut Worksheet, rows: &[Ranked], name: &str) -> Result<u32, XlsxError> {
    ws.set_name(name)?;
    let forms: Vec<Form> = rows.iter().map(|r| Form::new(ctx, r)).collect();
    let all: Vec<&ItemText> = forms.iter().flat_map(|f| &f.texts).collect();
    let widths = content_fitted(base_widths(ctx), all.iter().map(|t| t.content.as_str()));
    for (col, w) in widths.iter().enumerate().filter(|(_, w)| **w > 0.0) {
        ws.set_column_width(col as u16, *w)?;
    }
    let across = style::PORTRAIT_POINTS.0 / printed_points(&widths);
    let tallest = forms.iter().map(|f| f.height(&widths)).fold(0.0, f64::max);
    let down = style::PORTRAIT_POINTS.1 / tallest.max(1.0);
    let scale = (100.0 * across.min(down).min(1.0)).floor().clamp(10.0, 100.0) as u16;
    let tops = form_tops(forms.iter().map(|f| f.flag.is_some()));
    let mut top = 0;
    for (form, &expected) in forms.iter().zip(&tops) {
        debug_assert_eq!(top, expected, "form_rows is out of step with write_form");
        top = write_form(ws, ctx, form, top, &widths)? + 1;
    }
    style::print_setup(ws, ctx.input.month, ctx.lang, ctx.input.draft, false, None)?;
    ws.set_print_scale(scale);
    ws.set_page_breaks(&tops[1.min(tops.len())..])?;
    ws.set_print_area(0, 0, top.saturating_sub(1), last_col(ctx))?;
    Ok(top)
}

/// Rows one form takes on the shared sheet, with the blank row after it: the title,
/// who, band or gap, header, ten items, 合计, three rows of rank and bonus, what lifts
/// the tier, the flag of
/// a flagged PM in a draft, a gap, four signature lines, and the blank row.
fn form_rows(flagged: bool) -> u32 {
    SUM_ROW + 5 + u32::from(flagged) + 1 + 4 + 1
}

/// Forms a shared scorecards sheet holds at most: one page each, and Excel keeps at
/// most 1,023 manual page breaks in a sheet (rust_xlsxwriter refuses more).
pub const FORMS_PER_SHEET: usize = 1024;

/// The shared scorecards sheets of `pms` PMs: 考评表 / Scorecards, or from 1,025 PMs on,
/// one sheet per 1,024 forms named by the places they hold (`考评表 1-1024`,
/// `考评表 1025-2000`).
pub fn shared_names(pms: usize, lang: crate::text::Lang) -> Vec<String> {
    let base = words::SHEET_SCORECARDS.get(lang);
    if pms <= FORMS_PER_SHEET {
        return vec![base.to_string()];
    }
    (0..pms)
        .step_by(FORMS_PER_SHEET)
        .map(|first| format!("{base} {}-{}", first + 1, (first + FORMS_PER_SHEET).min(pms)))
        .collect()
}

/// The first row of each form on the shared sheet, for forms that are `flagged` or not.
pub fn form_tops(flagged: impl Iterator<Item = bool>) -> Vec<u32> {
    flagged
        .scan(0, |top, flag| {
            let this = *top;
            *top += form_rows(flag);
            Some(this)
        })
        .collect()
}

/// Writes one form from row `top`; gives the row under its last signature line (blank).
fn write_form(ws: &mut Worksheet, ctx: &Ctx, form: &Form, top: u32, widths: &[f64; 7]) -> Result<u32, XlsxError> {
    let f = ctx.f;
    let lang = ctx.lang;
    let r = form.r;
    let s = &r.score;
    let tier = r.tier.clamp(1, 5);
    let last_col = last_col(ctx);
    // Last month's line of this PM, when the history has last month and the PM in it.
    let prev = ctx.input.previous.and_then(|p| p.pm(&s.pm_id));
    let sum_row = top + SUM_ROW;
    let title = words::scorecard_title(ctx.input.month, ctx.input.draft);
    let title = match &ctx.input.rules.report.company {
        Some(company) => format!("{company}  {}", title.get(lang)),
        None => title.get(lang).to_string(),
    };
    let title_format = if ctx.input.draft { &f.title_draft_center } else { &f.title_center };
    ws.merge_range(top, 0, top, last_col, &title, title_format)?;
    ws.set_row_height(top, 26)?;
    static PARENS: [Text; 2] = [Text::of("（", " ("), Text::of("）", ")")];
    let (colon, open, close) = (crate::text::COLON.get(lang), PARENS[0].get(lang), PARENS[1].get(lang));
    let who = format!(
        "{}{colon}{}{open}{}{close}    {}{colon}{}    {}{colon}{}",
        ctx.w(&words::PM),
        s.name,
        s.pm_id,
        ctx.w(&words::PROJECTS),
        if s.projects.is_empty() { "—".to_string() } else { s.projects.join(", ") },
        ctx.w(&words::MONTH),
        ctx.input.month
    );
    ws.merge_range(top + 1, 0, top + 1, last_col, &who, &f.plain_wrap)?;
    ws.set_row_height(top + 1, style::wrapped_height(&who, widths.iter().sum::<f64>()).max(20.0))?;
    if ctx.input.draft {
        // A draft says so across the form, not in small print.
        ws.merge_range(top + 2, 0, top + 2, last_col, ctx.w(&words::DRAFT_BAND), &f.draft_band)?;
        ws.set_row_height(top + 2, 32)?;
    } else {
        ws.set_row_height(top + 2, 6)?;
    }

    let heads =
        [&words::ITEM_NO, &words::ITEM_CONTENT, &words::METHOD, &words::ITEM_MAX, &words::REASON, &words::ACTUAL];
    for (col, h) in heads.iter().enumerate() {
        ws.write_string_with_format(top + HEADER_ROW, col as u16, ctx.w(h), &f.header)?;
    }
    if last_col == C_PREV {
        ws.write_string_with_format(top + HEADER_ROW, C_PREV, ctx.w(&words::PREV_SCORE), &f.header)?;
    }
    ws.set_row_height(top + HEADER_ROW, 30)?;

    for (i, (item, t)) in s.items.iter().zip(&form.texts).enumerate() {
        let row = top + FIRST_ITEM_ROW + i as u32;
        ws.write_number_with_format(row, C_NO, item.item, &f.text_center)?;
        ws.write_string_with_format(row, C_CONTENT, &t.content, &f.wrap)?;
        ws.write_string_with_format(row, C_METHOD, &t.method, &f.wrap)?;
        ws.write_number_with_format(row, C_MAX, item.max.as_f64(), &f.score_center)?;
        if t.key.is_empty() {
            ws.write_string_with_format(row, C_REASON, &t.reason, &f.wrap)?;
        } else {
            let key = format!("\n{}", t.key);
            ws.write_rich_string_with_format(
                row,
                C_REASON,
                &[(&f.run, t.reason.as_str()), (&f.run_muted, &key)],
                &f.wrap,
            )?;
        }
        ws.write_number_with_format(row, C_SCORE, item.score.as_f64(), &f.score_center_bold)?;
        if last_col == C_PREV {
            match prev.and_then(|p| p.items.get(i)) {
                Some(score) => ws.write_number_with_format(row, C_PREV, score.as_f64(), &f.score_center)?,
                None => ws.write_string_with_format(row, C_PREV, "—", &f.text_center)?,
            };
        }
        ws.set_row_height(row, item_height(t, widths))?;
    }

    // 合计: formulas with cached results, so an edited item updates the total.
    let first = row_col_to_cell(top + FIRST_ITEM_ROW, C_SCORE);
    let last = row_col_to_cell(top + FIRST_ITEM_ROW + 9, C_SCORE);
    let max_first = row_col_to_cell(top + FIRST_ITEM_ROW, C_MAX);
    let max_last = row_col_to_cell(top + FIRST_ITEM_ROW + 9, C_MAX);
    let max_sum: crate::outcome::Points = s.items.iter().map(|i| i.max).sum();
    ws.write_string_with_format(sum_row, C_NO, ctx.w(&words::SUM_ROW), &f.label)?;
    ws.merge_range(sum_row, C_CONTENT, sum_row, C_METHOD, "", &f.label)?;
    ws.write_formula_with_format(
        sum_row,
        C_MAX,
        Formula::new(format!("=SUM({max_first}:{max_last})")).set_result(max_sum.to_string()),
        &f.score_center_bold,
    )?;
    ws.write_blank(sum_row, C_REASON, &f.label)?;
    ws.write_formula_with_format(
        sum_row,
        C_SCORE,
        Formula::new(format!("=SUM({first}:{last})")).set_result(s.total.to_string()),
        &f.score_center_bold,
    )?;
    if last_col == C_PREV {
        match prev {
            Some(p) => ws.write_number_with_format(sum_row, C_PREV, p.total.as_f64(), &f.score_center)?,
            None => ws.write_string_with_format(sum_row, C_PREV, "—", &f.text_center)?,
        };
    }
    ws.set_row_height(sum_row, 22)?;

    // Rank, tier and bonus: label over A:B, value in C; label in D, value over E:F.
    let r1 = sum_row + 1;
    let label = &f.label;
    ws.set_row_height(r1, 20)?;
    ws.merge_range(r1, C_NO, r1, C_CONTENT, ctx.w(&words::RANK), label)?;
    ws.write_number_with_format(r1, C_METHOD, r.rank, &f.text_center)?;
    ws.write_string_with_format(r1, C_MAX, ctx.w(&words::TIER_COL), label)?;
    ws.merge_range(r1, C_REASON, r1, last_col, words::TIER[usize::from(tier) - 1].get(lang), f.tier(tier))?;
    let r2 = r1 + 1;
    ws.set_row_height(r2, 20)?;
    ws.merge_range(r2, C_NO, r2, C_CONTENT, ctx.w(&words::BONUS_BASE), label)?;
    ws.write_number_with_format(r2, C_METHOD, s.bonus_base, &f.money_center)?;
    ws.write_string_with_format(r2, C_MAX, ctx.w(&words::MULTIPLIER_SHORT), label)?;
    ws.merge_range(r2, C_REASON, r2, last_col, "", &f.decimal_center)?;
    ws.write_number_with_format(r2, C_REASON, r.multiplier, &f.decimal_center)?;
    let r3 = r2 + 1;
    ws.merge_range(r3, C_NO, r3, C_CONTENT, ctx.w(&words::BONUS), label)?;
    let base = row_col_to_cell(r2, C_METHOD);
    let mult = row_col_to_cell(r2, C_REASON);
    ws.write_formula_with_format(
        r3,
        C_METHOD,
        Formula::new(format!("=ROUND({base}*{mult},2)")).set_result(r.bonus.to_string()),
        &f.money_center_bold,
    )?;
    ws.write_string_with_format(r3, C_MAX, ctx.w(&words::VETO), label)?;
    ws.merge_range(r3, C_REASON, r3, last_col, form.veto, &f.wrap)?;
    ws.set_row_height(r3, style::wrapped_height(form.veto, widths[4] + widths[5]).max(20.0))?;
    // What lifts the tier: label over A:B, the words over C:F.
    let r4 = r3 + 1;
    ws.merge_range(r4, C_NO, r4, C_CONTENT, ctx.w(&words::TO_NEXT_TIER), label)?;
    ws.merge_range(r4, C_METHOD, r4, last_col, &form.lift, &f.wrap)?;
    let lift_width: f64 = widths[usize::from(C_METHOD)..].iter().sum();
    ws.set_row_height(r4, style::wrapped_height(&form.lift, lift_width).max(20.0))?;
    let mut row = r4 + 1;
    if let Some(flag) = &form.flag {
        ws.merge_range(row, C_NO, row, last_col, flag, &f.flag_wrap)?;
        ws.set_row_height(row, style::wrapped_height(flag, widths.iter().sum::<f64>()))?;
        row += 1;
    }

    // Signature lines: label, a blank underlined cell, 日期, another.
    let line = &f.sign_line;
    ws.set_row_height(row, 6)?;
    row += 1;
    for who in [&words::EVALUATOR, &words::EVALUATED, &words::CHECKED_SIGN, &words::APPROVED_SIGN] {
        ws.set_row_height(row, 23)?;
        ws.merge_range(row, C_NO, row, C_CONTENT, ctx.w(who), &f.sign)?;
        ws.write_blank(row, C_METHOD, line)?;
        ws.write_string_with_format(row, C_MAX, ctx.w(&words::DATE), &f.sign_right)?;
        ws.write_blank(row, C_REASON, line)?;
        row += 1;
    }

    Ok(row)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(content: &str, reason: &str) -> ItemText {
        ItemText {
            content: content.into(),
            method: "完成率每低于100%一个百分点扣0.25分。".into(),
            reason: reason.into(),
            key: String::new(),
        }
    }

    #[test]
    fn long_reasons_get_a_wider_reason_column_and_words_are_not_broken() {
        let short: Vec<ItemText> = (0..10).map(|_| item("业务量", "—")).collect();
        let long_reason = "人均加班时长（小时） 8.61，最高 10.19（P02）；10.00 × (1 − 8.61/10.19) = 1.55；".repeat(4);
        let long: Vec<ItemText> = (0..10).map(|_| item("业务量", &long_reason)).collect();
        let (a, b) = (widths_for(BASE_WIDTHS, &short, 271.0), widths_for(BASE_WIDTHS, &long, 271.0));
        let reason = usize::from(C_REASON);
        // Short reasons: across decides, so the narrowest reason column prints largest.
        assert_eq!(a[reason], f64::from(*REASON_WIDTHS.start()));
        assert!(b[reason] > a[reason], "{b:?}");
        // English item names keep their longest word whole.
        let en: Vec<ItemText> = (0..10).map(|_| item("Partner satisfaction", "—")).collect();
        assert!(
            widths_for(BASE_WIDTHS, &en, 271.0)[usize::from(C_CONTENT)]
                >= style::longest_unbreakable_width("satisfaction") + 2.5
        );
        // Chinese names break anywhere: the column stays as it is.
        assert_eq!(widths_for(BASE_WIDTHS, &short, 271.0)[usize::from(C_CONTENT)], BASE_WIDTHS[usize::from(C_CONTENT)]);
    }
}
