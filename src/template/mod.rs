//! `kaoping template`: blank input workbooks, one per department, and a commented rules.toml.
//!
//! Takes an output folder and a language; gives four workbooks laid out as the
//! departments keep their figures — 市场部 (projects, partner events), 增值部
//! (tasks, reviews, manual deductions), 运营部 (PMs, agents), 质检 (QA spot
//! checks) — plus `rules.toml` with every rule at its default.
//!
//! Each sheet has a title area (a title row and a one-line hint), then the
//! header row (row 3) in the chosen language, with units in brackets where they
//! help (`营业收入(元)`; the reader drops such units). Each header cell carries
//! a comment (note) explaining the column and saying whether it is required, so
//! nothing between header and data could be mistaken for a data row. Required
//! headers are blue, optional ones grey. Columns are sized for Chinese text,
//! the header is frozen, id columns are text, date and money columns have number
//! formats, and event types, task statuses, yes/no, items and scores have
//! drop-down or range validation on the first [`VALIDATED_ROWS`] rows.
//!
//! `--lang en` writes the same four workbooks with English file names
//! (`market.xlsx`, `value-added.xlsx`, `operations.xlsx`, `quality.xlsx`),
//! sheet names, headers, notes and drop-down values; the reader accepts either.
//!
//! The output is deterministic (fixed creation date), and the repository's
//! `templates/` folder holds exactly what `kaoping template --out templates`
//! writes for Chinese (the default) — the Chinese set only; a unit test keeps
//! the two equal byte for byte.

mod sheet;
#[cfg(test)]
pub(crate) mod tests;

pub use sheet::{Dept, column, column_width, header_label, sheet_name, unit};
pub(crate) use sheet::{Formats, new_workbook, properties};

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{DataValidation, DataValidationRule, Note, Workbook, Worksheet, XlsxError};

use crate::model::TableKind;
use crate::schema::{self, ColType};
use crate::t;
use crate::text::{Lang, Text};

/// The commented rules file shipped beside the templates.
pub const RULES_TOML: &str = include_str!("../../templates/rules.toml");

/// Rows under the header that get drop-downs and range checks.
pub const VALIDATED_ROWS: u32 = 500;

/// The header row (0-based) of every template sheet: after the title and the hint.
pub const HEADER_ROW: u32 = 2;

/// Writes the blank workbooks and `rules.toml` into `out`; returns the files written.
///
/// # Errors
/// The folder or a file cannot be written.
pub fn write_templates(out: &Path, lang: Lang) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out)?;
    let files = template_files(out, lang);
    for (dept, path) in Dept::ALL.into_iter().zip(&files) {
        let bytes = template_bytes(dept, lang).map_err(std::io::Error::other)?;
        std::fs::write(path, bytes)?;
    }
    std::fs::write(files.last().expect("rules.toml"), RULES_TOML)?;
    Ok(files)
}

/// The files [`write_templates`] writes: one workbook per department, then `rules.toml`.
pub fn template_files(out: &Path, lang: Lang) -> Vec<PathBuf> {
    Dept::ALL
        .into_iter()
        .map(|dept| out.join(format!("{}.xlsx", dept.file_stem(lang))))
        .chain([out.join("rules.toml")])
        .collect()
}

/// The bytes of one department's blank workbook.
///
/// # Errors
/// rust_xlsxwriter refuses a value (a bug here, not bad input).
pub fn template_bytes(dept: Dept, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let stem = dept.file_stem(lang);
    let title = t!("{stem} 考评数据模板", "kaoping input template: {stem}").take(lang);
    let mut workbook: Workbook = new_workbook(&properties(&title, 2026, 1, 1)?);
    let formats = Formats::new();
    for &kind in dept.tables() {
        let ws = workbook.add_worksheet();
        write_sheet(ws, kind, lang, &formats)?;
    }
    workbook.save_to_buffer()
}

fn title_text(kind: TableKind) -> Text {
    Text::new(format!("{} — ____年__月", kind.words().zh), format!("{} — month ____-__", sheet_name(kind, Lang::En)))
}

fn hint_text() -> Text {
    Text::new(
        "表头批注说明各列；蓝色为必填，灰色为选填；从第4行起每行一条。",
        "Header comments explain each column; blue = required, grey = optional; one record per row from row 4.",
    )
}

fn write_sheet(ws: &mut Worksheet, kind: TableKind, lang: Lang, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(sheet_name(kind, lang))?;
    ws.write_string_with_format(0, 0, title_text(kind).get(lang), &f.title)?;
    ws.write_string_with_format(1, 0, hint_text().get(lang), &f.hint)?;
    ws.set_row_height(HEADER_ROW, 30)?;
    let first = HEADER_ROW + 1;
    let last = HEADER_ROW + VALIDATED_ROWS;
    for (i, col) in schema::columns(kind).iter().enumerate() {
        let c = i as u16;
        let header_format = if col.required { &f.header_required } else { &f.header_optional };
        ws.write_string_with_format(HEADER_ROW, c, header_label(col, lang), header_format)?;
        let explained = col.note.get(lang);
        let note_text = if col.required {
            format!("{explained}\n({})", t!("必填", "required").get(lang))
        } else if explained.contains("可空") || explained.contains("optional") || explained.contains("blank") {
            explained.to_string()
        } else {
            format!("{explained}\n({})", t!("选填", "optional").get(lang))
        };
        let note = Note::new(note_text).add_author_prefix(false).set_author("kaoping");
        ws.insert_note(HEADER_ROW, c, &note)?;
        ws.set_column_width(c, column_width(col, lang))?;
        match col.ty {
            ColType::Date => ws.set_column_format(c, &f.date)?,
            ColType::Money => ws.set_column_format(c, &f.money)?,
            ColType::Id => ws.set_column_format(c, &f.text)?,
            _ => ws,
        };
        if let Some(validation) = validation(col.ty, lang)? {
            ws.add_data_validation(first, c, last, c, &validation)?;
        }
    }
    ws.set_freeze_panes(first, 0)?;
    // Printed on A4 landscape, as wide as the page, the header on every page.
    ws.set_paper_size(9).set_landscape().set_print_fit_to_pages(1, 0).set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    Ok(())
}

/// The drop-down values a column accepts, in the chosen language.
pub fn choices(ty: ColType, lang: Lang) -> Option<&'static [&'static str]> {
    match (ty, lang) {
        (ColType::Event, Lang::Zh) => Some(&["终止", "暂停", "处罚", "投诉"]),
        (ColType::Event, Lang::En) => Some(&["terminated", "suspended", "penalized", "complaint"]),
        (ColType::Status, Lang::Zh) => Some(&["按时完成", "延期完成", "未完成"]),
        (ColType::Status, Lang::En) => Some(&["on time", "late", "not done"]),
        (ColType::YesNo, Lang::Zh) => Some(&["是", "否"]),
        (ColType::YesNo, Lang::En) => Some(&["yes", "no"]),
        _ => None,
    }
}

fn validation(ty: ColType, lang: Lang) -> Result<Option<DataValidation>, XlsxError> {
    let error = |v: DataValidation, message: Text| v.set_error_message(message.get(lang));
    let v = if let Some(list) = choices(ty, lang) {
        let accepted = list.join(" / ");
        error(
            DataValidation::new().allow_list_strings(list)?,
            t!("请从下拉列表选择：{accepted}", "Pick one of: {accepted}"),
        )?
    } else {
        match ty {
            ColType::Item => error(
                DataValidation::new().allow_whole_number(DataValidationRule::Between(1, 10)),
                Text::of("项次应为1–10的整数", "The item is a whole number 1–10"),
            )?,
            ColType::Score => error(
                DataValidation::new().allow_decimal_number(DataValidationRule::Between(0.0, 100.0)),
                Text::of("评分应在0–100之间", "The score is between 0 and 100"),
            )?,
            _ => return Ok(None),
        }
    };
    Ok(Some(v))
}
