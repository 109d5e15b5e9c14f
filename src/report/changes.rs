//! 变化 / Changes (SPEC §6.2 "Memory across runs"): this run against the month's last
//! run in the history — the inputs added, removed or changed, and per PM every item,
//! total, rank, tier and bonus that moved, with the deductions that appeared,
//! disappeared or changed (matched by item and part).
//!
//! Choice where the SPEC is silent: the sheet is there only when something changed.
//! A re-run on the same files adds no sheet saying "nothing changed" (the terminal says
//! it), so that identical inputs still give identical bytes.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::Ctx;
use super::style::Widths;
use super::words;
use crate::history::{self, PmRecord, RunRecord};
use crate::text::Text;

/// The before and after columns, where a deduction's reason wraps.
const BEFORE_AFTER_WIDTH: f64 = 50.0;

/// Whether the two runs differ at all.
pub fn differ(before: &RunRecord, after: &RunRecord) -> bool {
    let (added, removed, changed) = history::inputs_changed(before, after);
    !(added.is_empty() && removed.is_empty() && changed.is_empty() && history::moved(before, after).is_empty())
}

pub fn changes_sheet(ctx: &Ctx, before: &RunRecord, after: &RunRecord) -> Result<Worksheet, XlsxError> {
    let f = ctx.f;
    let lang = ctx.lang;
    let mut ws = Worksheet::new();
    ws.set_name(ctx.w(&words::SHEET_CHANGES))?;
    let since = chrono::DateTime::from_timestamp(before.at, 0)
        .map(|t| t.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M (%:z)").to_string())
        .unwrap_or_default();
    let title = words::sheet_title(&words::SHEET_CHANGES, ctx.input.month, ctx.input.draft);
    let (tz, te) = (&title.zh, &title.en);
    let title = crate::t!("{tz}（与 {since} 的运行相比）", "{te} (against the run of {since})");
    ws.write_string_with_format(0, 0, title.get(lang), if ctx.input.draft { &f.title_draft } else { &f.title })?;
    ws.set_row_height(0, 26)?;
    let mut widths = Widths::new(5, 70.0);
    let heads = [&words::PM_ID, &words::NAME, &words::WHAT, &words::BEFORE, &words::AFTER];
    let mut row = 2;
    for (col, h) in heads.iter().enumerate() {
        ws.write_string_with_format(row, col as u16, ctx.w(h), &f.header)?;
        widths.fit(col as u16, ctx.w(h));
    }
    ws.set_repeat_rows(row, row)?;
    row += 1;
    let mut line = |ws: &mut Worksheet, cells: [String; 5]| -> Result<(), XlsxError> {
        for (col, text) in cells.iter().enumerate() {
            let format = if col >= 3 { &f.wrap } else { &f.text };
            ws.write_string_with_format(row, col as u16, text, format)?;
            if col < 3 {
                widths.fit(col as u16, text);
            }
        }
        let high = cells[3..].iter().map(|t| super::style::wrapped_height(t, BEFORE_AFTER_WIDTH)).fold(18.0, f64::max);
        ws.set_row_height(row, high)?;
        row += 1;
        Ok(())
    };
    // The inputs.
    let (added, removed, changed) = history::inputs_changed(before, after);
    let file_word = ctx.w(&words::INPUT_FILE);
    let hash = |run: &RunRecord, file: &str| {
        run.inputs
            .iter()
            .find(|(p, _)| p == file)
            .map_or(String::new(), |(_, h)| format!("SHA-256 {}…", &h[..h.len().min(12)]))
    };
    for file in added {
        line(
            &mut ws,
            [String::new(), String::new(), format!("{file_word} {file}"), "—".into(), ctx.w(&words::FILE_ADDED).into()],
        )?;
    }
    for file in removed {
        line(
            &mut ws,
            [
                String::new(),
                String::new(),
                format!("{file_word} {file}"),
                ctx.w(&words::FILE_REMOVED).into(),
                "—".into(),
            ],
        )?;
    }
    for file in changed {
        let what =
            crate::t!("{file_word} {file}（内容已变）", "{file_word} {file} (content changed)").take(lang).into_owned();
        line(&mut ws, [String::new(), String::new(), what, hash(before, file), hash(after, file)])?;
    }
    // The PMs.
    for m in history::moved(before, after) {
        let name = m.after.or(m.before).map_or(String::new(), |p| p.name.clone());
        let id = m.pm_id.to_string();
        for (what, b, a) in pm_lines(m.before, m.after, lang) {
            line(&mut ws, [id.clone(), name.clone(), what, b, a])?;
        }
        for d in history::deduction_changes(m.before, m.after) {
            let shown = |x: Option<&history::DeductionRecord>| {
                x.map_or("—".to_string(), |d| format!("−{}：{}", d.points, d.reason.get(lang)))
            };
            let key = d.before.or(d.after).expect("a side");
            let part = key.part.clone().unwrap_or_else(|| key.item.to_string());
            let what = crate::t!("扣分 {part}", "deduction {part}").take(lang).into_owned();
            line(&mut ws, [id.clone(), name.clone(), what, shown(d.before), shown(d.after)])?;
        }
    }
    widths.set(3, BEFORE_AFTER_WIDTH);
    widths.set(4, BEFORE_AFTER_WIDTH);
    widths.apply(&mut ws)?;
    ws.set_freeze_panes(3, 0)?;
    super::style::print_setup(&mut ws, ctx.input.month, lang, ctx.input.draft, true, Some((2, 2)))?;
    ws.set_print_area(0, 0, row.max(3), 4)?;
    Ok(ws)
}

/// The rows of one PM that moved: each item, then total, rank, tier and bonus that
/// differ; a PM in only one run shows as joining or leaving.
fn pm_lines(
    before: Option<&PmRecord>,
    after: Option<&PmRecord>,
    lang: crate::text::Lang,
) -> Vec<(String, String, String)> {
    let (Some(b), Some(a)) = (before, after) else {
        let gone = Text::of("（无）", "(none)").take(lang).into_owned();
        let here = |p: Option<&PmRecord>| p.map_or(gone.clone(), |p| format!("{} / {}", p.total, p.rank));
        let what = Text::of("总分 / 名次", "total / rank").take(lang).into_owned();
        return vec![(what, here(before), here(after))];
    };
    let mut out = Vec::new();
    for (k, (x, y)) in b.items.iter().zip(&a.items).enumerate() {
        if x != y {
            let n = k + 1;
            let name = words::item_name(n as u8).get(lang);
            out.push((
                crate::t!("第{n}项 {name}", "item {n} {name}").take(lang).into_owned(),
                x.to_string(),
                y.to_string(),
            ));
        }
    }
    let pairs = [
        (Text::of("总分", "total"), b.total.to_string(), a.total.to_string()),
        (Text::of("名次", "rank"), b.rank.to_string(), a.rank.to_string()),
        (Text::of("档次", "tier"), b.tier.to_string(), a.tier.to_string()),
        (
            Text::of("奖金", "bonus"),
            crate::text::num::money(b.bonus.as_f64()),
            crate::text::num::money(a.bonus.as_f64()),
        ),
    ];
    for (what, x, y) in pairs {
        if x != y {
            out.push((what.take(lang).into_owned(), x, y));
        }
    }
    out
}
