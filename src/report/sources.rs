//! 来源 / Sources: each input file with its SHA-256, each sheet and the table it
//! was read as with rows read / used / left out (one line per table where a sheet
//! holds several; a hidden sheet's name marked `（隐藏工作表）`), the rules in force,
//! and the run.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::Ctx;
use super::style::{self, Widths};
use super::words;

pub fn sources_sheet(ctx: &Ctx) -> Result<Worksheet, XlsxError> {
    let f = ctx.f;
    let lang = ctx.lang;
    let input = ctx.input;
    let mut ws = Worksheet::new();
    ws.set_name(ctx.w(&words::SHEET_SOURCES))?;
    let mut widths = Widths::new(8, 48.0);
    let title = words::sheet_title(&words::SHEET_SOURCES, input.month, input.draft);
    ws.write_string_with_format(0, 0, title.get(lang), if input.draft { &f.title_draft } else { &f.title })?;
    ws.set_row_height(0, 26)?;

    // Input files.
    let mut row = 2;
    ws.write_string_with_format(row, 0, ctx.w(&words::SOURCES_FILES), &f.section)?;
    row += 1;
    // Columns line up with the sheets table below: the hash spans D:G.
    ws.write_string_with_format(row, 0, ctx.w(&words::PATH), &f.header)?;
    ws.write_string_with_format(row, 1, ctx.w(&words::FORMAT), &f.header)?;
    ws.write_string_with_format(row, 2, ctx.w(&words::SIZE), &f.header)?;
    ws.merge_range(row, 3, row, 6, ctx.w(&words::SHA256), &f.header)?;
    ws.write_string_with_format(row, 7, ctx.w(&words::SKIPPED), &f.header)?;
    for (col, w) in [(0, &words::PATH), (1, &words::FORMAT), (2, &words::SIZE), (7, &words::SKIPPED)] {
        widths.fit(col, ctx.w(w));
    }
    let files_header = row;
    row += 1;
    for file in input.sources {
        ws.write_string_with_format(row, 0, &*file.path, &f.text)?;
        ws.write_string_with_format(row, 1, file.format, &f.text_center)?;
        ws.write_number_with_format(row, 2, file.size as f64, &f.size)?;
        ws.merge_range(row, 3, row, 6, &file.sha256, &f.mono)?;
        let skipped = file.skipped.map(|c| words::skipped_why(c).get(lang).to_string()).unwrap_or_default();
        ws.write_string_with_format(row, 7, &skipped, &f.text)?;
        widths.fit(0, &file.path);
        widths.fit(1, file.format);
        widths.fit(7, &skipped);
        row += 1;
    }
    if input.sources.is_empty() {
        ws.write_string_with_format(row, 0, ctx.w(&words::NO_FILES), &f.note)?;
        row += 1;
    }
    // The hash: 64 narrow characters in a small font over four columns.
    for col in 3..=6 {
        widths.at_least(col, 13.0);
    }

    // Sheets.
    row += 1;
    ws.write_string_with_format(row, 0, ctx.w(&words::SOURCES_SHEETS), &f.section)?;
    row += 1;
    let heads = [
        &words::FILE,
        &words::SHEET,
        &words::READ_AS,
        &words::HEADER_ROW,
        &words::ROWS_READ,
        &words::ROWS_USED,
        &words::ROWS_LEFT_OUT,
    ];
    for (col, h) in heads.iter().enumerate() {
        ws.write_string_with_format(row, col as u16, ctx.w(h), &f.header)?;
        widths.fit(col as u16, ctx.w(h));
    }
    row += 1;
    let mut totals = [0usize; 3];
    for file in input.sources {
        for sheet in &file.sheets {
            let table: &str = &sheet.table.map_or_else(|| ctx.w(&words::UNRECOGNISED).into(), |t| t.name(lang));
            // read = used + left out, whatever the counts say (a used count above the
            // read count shows as read = used, nothing left out).
            let left_out = sheet.rows_read.saturating_sub(sheet.rows_used);
            let used = sheet.rows_read - left_out;
            ws.write_string_with_format(row, 0, &*file.path, &f.text)?;
            // A hidden sheet was read all the same: its name says it is hidden.
            let hidden = crate::pipeline::HIDDEN.get(lang);
            let name = if sheet.hidden { format!("{}{hidden}", sheet.name) } else { sheet.name.to_string() };
            ws.write_string_with_format(row, 1, &name, &f.text)?;
            ws.write_string_with_format(row, 2, table, &f.text)?;
            match sheet.header_row {
                Some(h) => ws.write_number_with_format(row, 3, h, &f.int)?,
                None => ws.write_blank(row, 3, &f.int)?,
            };
            ws.write_number_with_format(row, 4, sheet.rows_read as f64, &f.int)?;
            ws.write_number_with_format(row, 5, used as f64, &f.int)?;
            ws.write_number_with_format(row, 6, left_out as f64, &f.int)?;
            totals[0] += sheet.rows_read;
            totals[1] += used;
            totals[2] += left_out;
            widths.fit(1, &name);
            widths.fit(2, table);
            row += 1;
        }
    }
    ws.write_string_with_format(row, 0, ctx.w(&words::SUM_ROW), &f.label)?;
    for col in 1..4 {
        ws.write_blank(row, col, &f.label)?;
    }
    for (i, t) in totals.iter().enumerate() {
        ws.write_number_with_format(row, 4 + i as u16, *t as f64, &f.label_int)?;
    }
    row += 2;

    // Rules in force, as `section.key = value`.
    ws.write_string_with_format(row, 0, ctx.w(&words::SOURCES_RULES), &f.section)?;
    row += 1;
    ws.write_string_with_format(row, 0, ctx.w(&words::KEY), &f.header)?;
    ws.merge_range(row, 1, row, 3, ctx.w(&words::VALUE), &f.header)?;
    row += 1;
    let file = input.rules_file.unwrap_or(ctx.w(&words::DEFAULT_RULES));
    ws.write_string_with_format(row, 0, ctx.w(&words::RULES_FILE), &f.label)?;
    ws.merge_range(row, 1, row, 3, file, &f.text)?;
    row += 1;
    let changed: std::collections::HashMap<String, String> =
        input.rules.changes().into_iter().map(|c| (c.key, c.default)).collect();
    for (key, value) in input.rules.dotted() {
        ws.write_string_with_format(row, 0, &key, &f.text)?;
        let shown = match changed.get(&key) {
            Some(default) => format!("{value}  ({} {default})", ctx.w(&words::DEFAULT_WAS)),
            None => value,
        };
        ws.merge_range(row, 1, row, 3, &shown, &f.text)?;
        widths.fit(0, &key);
        row += 1;
    }
    row += 1;

    // The run.
    ws.write_string_with_format(row, 0, ctx.w(&words::SOURCES_RUN), &f.section)?;
    row += 1;
    // Local time, with its zone: what the clock on the office wall said.
    let created = chrono::DateTime::from_timestamp(input.created, 0)
        .map(|t| t.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M:%S (UTC%:z)").to_string())
        .unwrap_or_default();
    let run = [
        (&words::TOOL_VERSION, format!("kaoping {}", crate::VERSION)),
        (&words::MONTH, input.month.to_string()),
        (&words::LANGUAGE, ctx.w(&words::LANG_NAME).to_string()),
        (&words::DRAFT_STATE, ctx.w(if input.draft { &words::YES } else { &words::NO }).to_string()),
        (&words::CREATED, created),
    ];
    for (k, v) in run {
        ws.write_string_with_format(row, 0, ctx.w(k), &f.label)?;
        ws.merge_range(row, 1, row, 3, &v, &f.text)?;
        row += 1;
    }

    widths.apply(&mut ws)?;
    ws.set_freeze_panes(files_header + 1, 0)?;
    style::print_setup(&mut ws, input.month, lang, input.draft, false, None)?;
    Ok(ws)
}
