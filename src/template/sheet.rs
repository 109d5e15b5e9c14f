//! The departments' workbooks as both `template` and `sample` write them: which
//! tables go into which file, header labels (with units), column widths, formats.

use rust_xlsxwriter::{Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, XlsxError};
use unicode_width::UnicodeWidthStr;

use crate::model::TableKind;
use crate::schema::{self, ColType, Column};
use crate::text::{Lang, Text};
use std::borrow::Cow;

/// A department that keeps some of the month's tables in one workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dept {
    /// 市场部: the month's projects and what partners did about them.
    Market,
    /// 增值部: tasks given by superiors, reviews, manual deductions.
    ValueAdded,
    /// 运营部: the PMs and the agents' monthly figures.
    Operations,
    /// 质检: the daily QA spot checks.
    Quality,
}

impl Dept {
    pub const ALL: [Dept; 4] = [Dept::Market, Dept::ValueAdded, Dept::Operations, Dept::Quality];

    /// The tables the department's workbook holds, one sheet each, in sheet order.
    pub fn tables(self) -> &'static [TableKind] {
        match self {
            Dept::Market => &[TableKind::Projects, TableKind::PartnerEvents],
            Dept::ValueAdded => &[TableKind::Tasks, TableKind::Reviews, TableKind::Adjustments],
            Dept::Operations => &[TableKind::Managers, TableKind::Agents],
            Dept::Quality => &[TableKind::Qa],
        }
    }

    /// The workbook's file stem, e.g. `市场部` / `market`.
    pub fn file_stem(self, lang: Lang) -> Cow<'static, str> {
        let stem = match self {
            Dept::Market => Text::of("市场部", "market"),
            Dept::ValueAdded => Text::of("增值部", "value-added"),
            Dept::Operations => Text::of("运营部", "operations"),
            Dept::Quality => Text::of("质检", "quality"),
        };
        stem.take(lang)
    }
}

/// The sheet name of a table: its name in the language, capitalised in English.
pub fn sheet_name(kind: TableKind, lang: Lang) -> String {
    let name = kind.name(lang);
    let mut chars = name.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The column with this key in the table; the key lists in this crate are tested against the schema.
pub fn column(kind: TableKind, key: &str) -> &'static Column {
    schema::columns(kind)
        .iter()
        .find(|c| c.key == key)
        .unwrap_or_else(|| panic!("schema has no column {key} in {kind:?}"))
}

/// The unit shown in brackets after a header, where one helps: `营业收入(元)`.
///
/// The reader drops a bracketed unit at the end of a header (SPEC §2), so the
/// label is still recognised.
pub fn unit(col: &Column) -> Option<Text> {
    match col.key {
        "bonus_base" | "plan" | "revenue" | "lost_volume" => Some(Text::of("元", "CNY")),
        "scheduled_days" | "attended_days" | "ot_scheduled_days" | "ot_attended_days" => Some(Text::of("天", "days")),
        "ot_hours" => Some(Text::of("小时", "hours")),
        _ => None,
    }
}

/// The header label written into the sheet: the schema's name plus its unit.
pub fn header_label(col: &Column, lang: Lang) -> String {
    let name = lang.pick(col.zh, col.en);
    match (unit(col), lang) {
        (Some(unit), Lang::Zh) => format!("{name}({})", unit.zh),
        (Some(unit), Lang::En) => format!("{name} ({})", unit.en),
        (None, _) => name.to_string(),
    }
}

/// Column width in Excel character units, fitted to the header and the column's
/// usual content. Counted with `unicode-width` (a CJK character is 2 wide) since
/// Excel's autofit underestimates Chinese text.
pub fn column_width(col: &Column, lang: Lang) -> f64 {
    let content = match (col.ty, col.key) {
        (ColType::Text, "task" | "description" | "reason") => 28,
        (ColType::Text, "project_name") => 22,
        (ColType::Text, _) => 12,
        (ColType::Date, _) => 11,
        (ColType::Money, _) => 13,
        (ColType::Status, _) | (ColType::Event, _) => 11,
        _ => 8,
    };
    let header = header_label(col, lang).width();
    (header.max(content) + 3) as f64
}

/// Fixed document properties, so that the same input writes the same bytes.
pub fn properties(title: &str, year: u16, month: u8, day: u8) -> Result<DocProperties, XlsxError> {
    let created = ExcelDateTime::from_ymd(year, month, day)?;
    Ok(DocProperties::new().set_title(title).set_author("kaoping").set_creation_datetime(&created))
}

/// The formats of a department workbook.
pub struct Formats {
    pub title: Format,
    pub hint: Format,
    pub header_required: Format,
    pub header_optional: Format,
    pub date: Format,
    pub money: Format,
    pub text: Format,
    pub total: Format,
    pub total_money: Format,
    pub merged: Format,
}

impl Formats {
    pub fn new() -> Formats {
        let header = Format::new()
            .set_bold()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap();
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            hint: Format::new().set_font_color(Color::RGB(0x595959)).set_italic(),
            header_required: header.clone().set_background_color(Color::RGB(0xBDD7EE)),
            header_optional: header.set_background_color(Color::RGB(0xEDEDED)),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            money: Format::new().set_num_format("#,##0.00"),
            text: Format::new().set_num_format("@"),
            total: Format::new().set_bold().set_border_top(FormatBorder::Thin),
            total_money: Format::new().set_bold().set_border_top(FormatBorder::Thin).set_num_format("#,##0.00"),
            merged: Format::new().set_align(FormatAlign::VerticalCenter).set_num_format("@"),
        }
    }
}

impl Default for Formats {
    fn default() -> Self {
        Formats::new()
    }
}

/// A new workbook; kept in one place so template and sample start alike.
pub fn new_workbook(props: &DocProperties) -> Workbook {
    let mut workbook = Workbook::new();
    workbook.set_properties(props);
    workbook
}
