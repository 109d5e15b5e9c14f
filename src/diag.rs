//! Diagnostics: every problem found in the inputs, as data (SPEC §3).
//!
//! A diagnostic names the file, sheet and cell, says what was found and what is
//! accepted, in both languages. Findings never stop the work; only the caller
//! decides (from the severities) whether a report may be written.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

use crate::text::{Lang, Text};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Severity::Error => lang.pick("错误", "error"),
            Severity::Warning => lang.pick("警告", "warning"),
            Severity::Info => lang.pick("提示", "info"),
        }
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
}

impl Code {
    pub const ALL: [Code; 25] = [
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
    ];

    /// The severity SPEC §3 gives this code.
    pub fn severity(self) -> Severity {
        use Code::*;
        match self {
            UnreadableFile | MissingTable | MissingColumn | BadValue | MissingValue | DuplicateKey
            | UnknownReference | OutOfRange | NoData | FormulaNoValue | DuplicateSource | MonthMismatch
            | EmptyMonth => Severity::Error,
            OutsideMonth | NotPresent | SpanOfControl | TotalRowMismatch | DuplicateFile | OtherMonth
            | UnknownColumn | SkippedFile | DuplicateRow => Severity::Warning,
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

    /// Sort key for display: file, sheet, row, column, code.
    pub fn sort_key(&self) -> (&str, &str, u32, u32, Code) {
        (&self.file, &self.sheet, self.row.unwrap_or(0), self.col.unwrap_or(0), self.code)
    }

    /// The JSON form of SPEC §1/§6.3.
    pub fn to_json(&self, lang: Lang) -> serde_json::Value {
        serde_json::json!({
            "severity": self.severity,
            "code": self.code,
            "file": &*self.file,
            "sheet": &*self.sheet,
            "cell": self.cell(),
            "message": self.message.get(lang),
        })
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
