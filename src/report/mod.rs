//! The management workbook (SPEC §6.2): the only place rust_xlsxwriter writes a report.

use crate::diag::Diagnostic;
use crate::model::{Month, SourceFile};
use crate::outcome::Outcome;
use crate::rules::Rules;
use crate::text::Lang;

/// Everything the report shows.
pub struct ReportInput<'a> {
    pub month: Month,
    pub lang: Lang,
    pub draft: bool,
    pub outcome: &'a Outcome,
    pub diags: &'a [Diagnostic],
    pub sources: &'a [SourceFile],
    pub rules: &'a Rules,
    /// Seconds since 1970 for the workbook's creation time (SOURCE_DATE_EPOCH, or now).
    pub created: i64,
}

/// Builds the workbook in memory.
///
/// # Errors
/// rust_xlsxwriter could not build the workbook (it should not happen for valid input).
pub fn build(input: &ReportInput) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let _ = input;
    todo!("report stage")
}
