//! Diagnostics: every problem found in the inputs, as data (SPEC §3).
//!
//! A diagnostic names the file, sheet and cell, says what was found and what is
//! accepted, in both languages. Findings never stop the work; only the caller
//! decides (from the severities) whether a report may be written.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

use crate::text::{Lang, Text};
use std::borrow::Cow;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub const fn words(self) -> Text {
        match self {
            Severity::Error => Text::of("错误", "error"),
            Severity::Warning => Text::of("警告", "warning"),
            Severity::Info => Text::of("提示", "info"),
        }
    }

    pub fn label(self, lang: Lang) -> Cow<'static, str> {
        self.words().take(lang)
    }
}

/// The diagnostic codes of SPEC §3 (plus the few the CLI needs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    UnreadableFile,
    UnrecognizedSheet,
    MissingTable,
    MissingColumn,
    BadValue,
    MissingValue,
    DuplicateKey,
    UnknownReference,
    OutOfRange,
    OutsideMonth,
    NotPresent,
    NoData,
    SpanOfControl,
    TotalRowMismatch,
    FormulaNoValue,
    DuplicateFile,
    LockFile,
    OwnOutput,
    DuplicateSource,
    OtherMonth,
    MonthMismatch,
    EmptyMonth,
    UnknownColumn,
    SkippedFile,
    DuplicateRow,
    IdVariant,
}

impl Code {
    pub const ALL: [Code; 26] = [
        Code::UnreadableFile,
        Code::UnrecognizedSheet,
        Code::MissingTable,
        Code::MissingColumn,
        Code::BadValue,
        Code::MissingValue,
        Code::DuplicateKey,
        Code::UnknownReference,
        Code::OutOfRange,
        Code::OutsideMonth,
        Code::NotPresent,
        Code::NoData,
        Code::SpanOfControl,
        Code::TotalRowMismatch,
        Code::FormulaNoValue,
        Code::DuplicateFile,
        Code::LockFile,
        Code::OwnOutput,
        Code::DuplicateSource,
        Code::OtherMonth,
        Code::MonthMismatch,
        Code::EmptyMonth,
        Code::UnknownColumn,
        Code::SkippedFile,
        Code::DuplicateRow,
        Code::IdVariant,
    ];

    /// The severity SPEC §3 gives this code.
    pub fn severity(self) -> Severity {
        use Code::*;
        match self {
            UnreadableFile | MissingTable | MissingColumn | BadValue | MissingValue | DuplicateKey
            | UnknownReference | OutOfRange | NoData | FormulaNoValue | DuplicateSource | MonthMismatch
            | EmptyMonth => Severity::Error,
            OutsideMonth | NotPresent | SpanOfControl | TotalRowMismatch | DuplicateFile | OtherMonth
            | UnknownColumn | SkippedFile | DuplicateRow | IdVariant => Severity::Warning,
            UnrecognizedSheet | LockFile | OwnOutput => Severity::Info,
        }
    }

    pub fn as_str(self) -> &'static str {
        use Code::*;
        match self {
            UnreadableFile => "unreadable-file",
            UnrecognizedSheet => "unrecognized-sheet",
            MissingTable => "missing-table",
            MissingColumn => "missing-column",
            BadValue => "bad-value",
            MissingValue => "missing-value",
            DuplicateKey => "duplicate-key",
            UnknownReference => "unknown-reference",
            OutOfRange => "out-of-range",
            OutsideMonth => "outside-month",
            NotPresent => "not-present",
            NoData => "no-data",
            SpanOfControl => "span-of-control",
            TotalRowMismatch => "total-row-mismatch",
            FormulaNoValue => "formula-no-value",
            DuplicateFile => "duplicate-file",
            LockFile => "lock-file",
            OwnOutput => "own-output",
            DuplicateSource => "duplicate-source",
            OtherMonth => "other-month",
            MonthMismatch => "month-mismatch",
            EmptyMonth => "empty-month",
            UnknownColumn => "unknown-column",
            SkippedFile => "skipped-file",
            DuplicateRow => "duplicate-row",
            IdVariant => "id-variant",
        }
    }
}

impl Code {
    /// A short name a clerk can read beside the code: `坏值` / `bad value`.
    pub fn label(self) -> Text {
        use Code::*;
        match self {
            UnreadableFile => Text::of("无法读取的文件", "unreadable file"),
            UnrecognizedSheet => Text::of("未识别的工作表", "unrecognised sheet"),
            MissingTable => Text::of("缺少表", "missing table"),
            MissingColumn => Text::of("缺少列", "missing column"),
            BadValue => Text::of("取值无法识别", "unreadable value"),
            MissingValue => Text::of("必填项为空", "blank required cell"),
            DuplicateKey => Text::of("编号重复", "duplicate ID"),
            UnknownReference => Text::of("引用不存在", "unknown reference"),
            OutOfRange => Text::of("超出范围", "out of range"),
            OutsideMonth => Text::of("不在本月", "outside the month"),
            NotPresent => Text::of("本月不在岗", "not present"),
            NoData => Text::of("缺少数据", "no data"),
            SpanOfControl => Text::of("管理幅度", "span of control"),
            TotalRowMismatch => Text::of("合计行不符", "total row mismatch"),
            FormulaNoValue => Text::of("公式无结果", "formula without value"),
            DuplicateFile => Text::of("重复文件", "duplicate file"),
            LockFile => Text::of("锁定文件", "lock file"),
            OwnOutput => Text::of("kaoping 报表", "kaoping report"),
            DuplicateSource => Text::of("数据重复来源", "same figures twice"),
            OtherMonth => Text::of("其他月份", "another month"),
            MonthMismatch => Text::of("月份不符", "wrong month"),
            EmptyMonth => Text::of("没有数据", "empty month"),
            UnknownColumn => Text::of("未知列", "unknown column"),
            SkippedFile => Text::of("跳过的文件", "skipped file"),
            DuplicateRow => Text::of("重复行", "row twice"),
            IdVariant => Text::of("编号写法不一", "ID written differently"),
        }
    }

    /// What to do about a finding of this code, in one sentence for a clerk.
    pub fn advice(self) -> Text {
        use Code::*;
        match self {
            UnreadableFile => Text::of(
                "用 Excel 或 WPS 打开，另存为 .xlsx 后再放入文件夹",
                "open it in Excel or WPS, save it as .xlsx and put it back",
            ),
            UnrecognizedSheet => Text::of(
                "若是数据表，请把表头改成模板中的列名；否则不必理会",
                "if it is a table, use the template's headers; otherwise nothing to do",
            ),
            MissingTable => Text::of(
                "放入含该表的工作簿（可用 kaoping template 生成模板）",
                "add a workbook holding the table (kaoping template writes one)",
            ),
            MissingColumn => Text::of(
                "在表头行补上缺少的列，或改正列名",
                "add the missing column to the header row, or correct its name",
            ),
            BadValue => {
                Text::of("按说明中“可接受”的写法改正该单元格", "correct the cell as the message says is accepted")
            }
            MissingValue => Text::of("填上该单元格", "fill in the cell"),
            DuplicateKey => {
                Text::of("删除重复的行，或改正其中一个编号", "delete the repeated row, or correct one of the IDs")
            }
            UnknownReference => Text::of(
                "改正编号，使其与被引用表中的一行一致",
                "correct the ID to match a row of the table it refers to",
            ),
            OutOfRange => Text::of("核对并改正数值", "check and correct the value"),
            OutsideMonth => Text::of(
                "若属于本月，请改正日期；否则删除该行",
                "if it belongs to the month, correct the date; otherwise delete the row",
            ),
            NotPresent => Text::of("核对入职、离职日期", "check the hire and leave dates"),
            NoData => Text::of("补上该项目经理的数据", "add the PM's figures"),
            SpanOfControl => Text::of("仅提示，核对人员安排即可", "for information: check the staffing"),
            TotalRowMismatch => Text::of("核对合计行或其上方的数据", "check the total row or the rows above it"),
            FormulaNoValue => {
                Text::of("用 Excel 或 WPS 打开后保存一次", "open the file in Excel or WPS and save it once")
            }
            DuplicateFile => Text::of("删除重复的文件", "delete the duplicate file"),
            LockFile | OwnOutput => Text::of("无需处理", "nothing to do"),
            DuplicateSource => Text::of("删除或移走副本后重新运行", "remove the copy and run again"),
            OtherMonth => Text::of(
                "若确是本月数据，请改正表名或标题中的月份",
                "if it is this month's, correct the month in its name or title",
            ),
            MonthMismatch => Text::of("核对 --month 或文件夹名称", "check --month or the folder's name"),
            EmptyMonth => Text::of("填入本月数据", "fill in the month's figures"),
            UnknownColumn => Text::of(
                "改正列名，或在 rules.toml 的 [headers] 中对应到列",
                "correct the header, or map it in rules.toml [headers]",
            ),
            SkippedFile => Text::of("按说明处理该文件", "deal with the file as the message says"),
            DuplicateRow => Text::of("若是重复粘贴，请删除其中一行", "if pasted twice, delete one of the rows"),
            IdVariant => Text::of("按被引用表的写法统一编号", "write the ID as the table it refers to does"),
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    /// The input file's path as given/discovered; empty for month-wide findings.
    pub file: Arc<str>,
    /// Sheet name; empty for file-level findings.
    pub sheet: Arc<str>,
    /// 1-based Excel row, when the finding is about a row or cell.
    pub row: Option<u32>,
    /// 0-based column, when the finding is about one cell.
    pub col: Option<u32>,
    pub message: Text,
    /// The PM whose score this finding touches, when known (for `--draft` flags).
    pub pm_id: Option<String>,
    /// Further PMs whose scores this finding may move (a duplicate source carries the
    /// figures of many), for `--draft` flags.
    pub touches: Vec<String>,
    /// The value found, as typed (for the JSON's `found`), when the finding is about one.
    pub found: Option<String>,
    /// What would be accepted, in words (the JSON's `accepted`).
    pub accepted: Option<Text>,
    /// The finding this one follows from, by its [`Cause`] key (an agent whose project
    /// row was itself left out; a missing table whose sheet lacks a column): counted
    /// under that finding ([`crate::groups`]).
    pub cause: Option<Cause>,
    /// A key other findings may name as their cause, besides the row or file this one
    /// is at (a missing table is at no row: `Cause::Table`).
    pub key: Option<Cause>,
}

/// What a finding may follow from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Cause {
    /// The finding at this row (file, sheet, 1-based row).
    Row(Arc<str>, Arc<str>, u32),
    /// The finding about this whole file (unreadable, say).
    File(Arc<str>),
    /// The `missing-table` of this table.
    MissingTable(crate::model::TableKind),
    /// The `missing-column` that kept this table from being read.
    MissingColumn(crate::model::TableKind),
}

impl Cause {
    pub fn row(origin: &crate::model::Origin) -> Cause {
        Cause::Row(origin.file.clone(), origin.sheet.clone(), origin.row)
    }
}

impl Diagnostic {
    /// A diagnostic with the code's own severity and no place yet.
    pub fn new(code: Code, message: Text) -> Diagnostic {
        Diagnostic {
            severity: code.severity(),
            code,
            file: Arc::from(""),
            sheet: Arc::from(""),
            row: None,
            col: None,
            message,
            pm_id: None,
            touches: Vec::new(),
            found: None,
            accepted: None,
            cause: None,
            key: None,
        }
    }

    pub fn in_file(mut self, file: &Arc<str>) -> Self {
        self.file = file.clone();
        self
    }

    pub fn in_sheet(mut self, sheet: &Arc<str>) -> Self {
        self.sheet = sheet.clone();
        self
    }

    /// Places the diagnostic at a row's origin (file, sheet, row).
    pub fn at(mut self, origin: &crate::model::Origin) -> Self {
        self.file = origin.file.clone();
        self.sheet = origin.sheet.clone();
        self.row = Some(origin.row);
        self
    }

    /// Places the diagnostic at a row's origin and, when known, at the cell of the row
    /// in that sheet column (0-based): the cell at fault.
    pub fn at_cell_of(self, origin: &crate::model::Origin, col: Option<u32>) -> Self {
        let mut d = self.at(origin);
        d.col = col;
        d
    }

    /// Places the diagnostic at one cell: 1-based row, 0-based column.
    pub fn at_cell(mut self, row: u32, col: u32) -> Self {
        self.row = Some(row);
        self.col = Some(col);
        self
    }

    pub fn for_pm(mut self, pm_id: impl Into<String>) -> Self {
        self.pm_id = Some(pm_id.into());
        self
    }

    /// `D7` for a cell, `7` for a whole row, empty otherwise.
    pub fn cell(&self) -> String {
        match (self.row, self.col) {
            (Some(r), Some(c)) => a1(r, c),
            (Some(r), None) => r.to_string(),
            _ => String::new(),
        }
    }

    /// `缺少列：市场部.xlsx「座席」D7`: what kind of error and where, in one line.
    pub fn headline(&self) -> Text {
        let at = self.cell();
        let place = place(&self.file, &self.sheet, &Text::new(at.clone(), at));
        let label = self.code.label();
        match place.zh.is_empty() {
            true => label,
            false => Text::new(format!("{}：{}", label.zh, place.zh), format!("{}: {}", label.en, place.en)),
        }
    }

    /// Sort key for display: file, sheet, row, column, code.
    pub fn sort_key(&self) -> (&str, &str, u32, u32, Code) {
        (&self.file, &self.sheet, self.row.unwrap_or(0), self.col.unwrap_or(0), self.code)
    }

    /// Says what was found and what is accepted (the JSON's `found` and `accepted`).
    pub fn found(mut self, found: impl Into<String>, accepted: Text) -> Self {
        self.found = Some(found.into());
        self.accepted = Some(accepted);
        self
    }

    /// The JSON form of SPEC §1/§6.3; `found` and `accepted` are null when the finding
    /// is not about one value.
    pub fn to_json(&self, lang: Lang) -> serde_json::Value {
        serde_json::json!({
            "severity": self.severity,
            "code": self.code,
            "file": &*self.file,
            "sheet": &*self.sheet,
            "cell": self.cell(),
            "message": self.message.get(lang),
            "found": self.found,
            "accepted": self.accepted.as_ref().map(|a| a.get(lang)),
        })
    }
}

/// The one way a place is written: `市场部.xlsx「项目」C8` / `市场部.xlsx, sheet "项目",
/// C8`; `at` is a cell, a range or a row in words, and may be empty (the sheet), as
/// may the sheet (the file) and the file (the whole month: empty text).
pub fn place(file: &str, sheet: &str, at: &Text) -> Text {
    let (az, ae) = (&at.zh, &at.en);
    match (file.is_empty(), sheet.is_empty(), at.zh.is_empty()) {
        (true, _, _) => Text::default(),
        (false, true, _) => Text::new(file.to_string(), file.to_string()),
        (false, false, true) => crate::t!("{file}「{sheet}」", "{file}, sheet \"{sheet}\""),
        (false, false, false) => crate::t!("{file}「{sheet}」{az}", "{file}, sheet \"{sheet}\", {ae}"),
    }
}

/// The one place that turns a position into Excel's A1 form.
/// `row` is 1-based (as Excel shows it), `col` 0-based: `a1(7, 3)` is `D7`.
pub fn a1(row: u32, col: u32) -> String {
    format!("{}{}", column_letters(col), row)
}

/// 0 → `A`, 25 → `Z`, 26 → `AA`, 16383 → `XFD`.
pub fn column_letters(col: u32) -> String {
    let mut n = col + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

/// Counts by severity.
pub fn count(diags: &[Diagnostic], severity: Severity) -> usize {
    diags.iter().filter(|d| d.severity == severity).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_names() {
        assert_eq!(a1(1, 0), "A1");
        assert_eq!(a1(7, 3), "D7");
        assert_eq!(a1(10, 25), "Z10");
        assert_eq!(a1(2, 26), "AA2");
        assert_eq!(a1(1048576, 16383), "XFD1048576");
    }

    #[test]
    fn every_code_has_its_spec_name() {
        for code in Code::ALL {
            let json = serde_json::to_value(code).unwrap();
            assert_eq!(json.as_str().unwrap(), code.as_str());
        }
    }
}
