//! Reading: discover the input files, open them (the only place calamine is used),
//! recognise each sheet's table by its header row, and parse every cell into the
//! typed rows of [`crate::model`]. Problems become diagnostics; nothing is dropped
//! without one.
//!
//! Takes paths; gives [`Tables`] (typed rows with their origins), one
//! [`SourceFile`] per file found, and the diagnostics of SPEC §3 that reading can
//! find (`unreadable-file`, `unrecognized-sheet`, `missing-column`, `bad-value`,
//! `missing-value`, `out-of-range` of single cells, `total-row-mismatch`,
//! `formula-no-value`, `duplicate-file`, `lock-file`, `own-output`).
//!
//! The stages inside, in order: `discover` (paths) → `sniff` (format from the
//! bytes, zip-bomb guard, kaoping's own mark) → `open` (calamine, into sparse
//! `grid`s; `dense` guards xls/ods first) → `header` (which table) → `rows` with
//! `typed` and `cell` (typed rows) and `total` (summary rows).
//!
//! Choices where the SPEC is silent:
//! - The header is searched in a sheet's first 10 *non-blank* rows; on a tie between
//!   tables the one with the most matched columns wins, then the first in
//!   [`crate::model::TableKind::ALL`]. "Clearly one table" (so `missing-column`, an
//!   error, rather than `unrecognized-sheet`, an info): at least two and at least half
//!   of its required columns, one of them under a name no other table uses.
//! - Rows not read as data, without a diagnostic: blank rows, rows with nothing in the
//!   table's columns, sign-off lines (`制表人：…`), the header repeated. Empty sheets
//!   get no diagnostic; chart sheets get an info.
//! - `-`, `—`, `/`, `无`, `N/A` (and `在职` in a date column) count as blank outside id
//!   and text columns. Task status: 完成/已完成/done count as on time, 逾期完成/overdue
//!   as late, 没有完成/incomplete as not done; 未按时完成 is refused as ambiguous.
//! - A money column headed with a unit of 万元 / 万 (千元, 亿元) is scaled to yuan:
//!   `营业收入(万元)` = 1.25 reads as 12,500.
//! - A file named on the command line is read whatever its extension (and sniffed);
//!   inside folders only the five spreadsheet extensions are looked at.
//! - A sheet calamine cannot read, or one over a limit, is `unreadable-file` with the
//!   sheet named; the workbook's other sheets are still read.

mod cell;
mod dense;
mod discover;
mod grid;
mod header;
mod open;
mod rows;
mod sheet;
mod sniff;
mod total;
mod typed;
mod value_text;

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::diag::{Code, Diagnostic};
use crate::model::{SourceFile, Tables};
use crate::t;

pub use cell::{number_text, parse_rate};
pub use sniff::is_kaoping_report;

/// The named limits that keep reading bounded on hostile or broken input.
pub mod limits {
    /// Largest input file read at all (bytes).
    pub const MAX_FILE_BYTES: u64 = 200 * 1024 * 1024;
    /// Most bytes a zip (xlsx/xlsb/ods) may inflate to, all entries together.
    pub const MAX_INFLATED_BYTES: u64 = 2 * 1024 * 1024 * 1024;
    /// Highest inflated : compressed ratio for an entry, checked once it passes [`RATIO_CHECK_FROM`].
    pub const MAX_COMPRESSION_RATIO: u64 = 1000;
    /// Entries smaller than this are never refused for their ratio.
    pub const RATIO_CHECK_FROM: u64 = 16 * 1024 * 1024;
    /// Most entries in a zip.
    pub const MAX_ZIP_ENTRIES: usize = 20_000;
    /// Most non-blank cells kept for one sheet (a real month has a few hundred thousand).
    pub const MAX_CELLS: usize = 5_000_000;
    /// Largest used area (rows × columns) of an xls or ods sheet, which calamine reads
    /// into a dense range (about 60 bytes a cell with the formula range beside it).
    pub const MAX_DENSE_CELLS: usize = 4_000_000;
    /// Most cells filled in from merged ranges in one sheet.
    pub const MAX_MERGE_FILL: usize = 1_000_000;
    /// Most bytes of `docProps/custom.xml` read when looking for kaoping's mark.
    pub const MAX_PROPS_BYTES: u64 = 1024 * 1024;
}

/// What reading the inputs gave.
#[derive(Debug, Default)]
pub struct ReadOutput {
    pub tables: Tables,
    pub sources: Vec<SourceFile>,
    pub diags: Vec<Diagnostic>,
}

/// Reads every input: each path is a file or a folder searched recursively.
/// Never fails: an unreadable file is a diagnostic, and the others are still read.
/// `progress` is told of each file as it is read (for a progress bar).
pub fn read_inputs(paths: &[PathBuf], progress: &dyn Fn(&str)) -> ReadOutput {
    let mut out = ReadOutput::default();
    let mut seen: HashMap<String, Arc<str>> = HashMap::new();
    for found in discover::discover(paths) {
        match found {
            discover::Found::Missing(path, kind) => {
                let file: Arc<str> = path.into();
                let message = match kind {
                    std::io::ErrorKind::NotFound => t!("文件或文件夹不存在", "no such file or folder"),
                    std::io::ErrorKind::PermissionDenied => {
                        t!("没有读取权限，无法打开", "cannot be opened: permission denied")
                    }
                    other => t!("无法打开：{}", "cannot be opened: {}", other),
                };
                out.diags.push(Diagnostic::new(Code::UnreadableFile, message).in_file(&file));
            }
            discover::Found::LockFile(path) => {
                let file: Arc<str> = path.into();
                out.diags.push(
                    Diagnostic::new(
                        Code::LockFile,
                        t!(
                            "这是 Excel 的临时锁定文件(工作簿正被打开)，已跳过",
                            "an Excel lock file (the workbook is open somewhere): skipped"
                        ),
                    )
                    .in_file(&file),
                );
                out.sources.push(skipped_source(&file, String::new(), "unknown", 0, Code::LockFile));
            }
            discover::Found::File(path, shown) => {
                progress(&shown);
                read_file(&path, shown.into(), &mut seen, &mut out);
            }
        }
    }
    out
}

fn skipped_source(file: &Arc<str>, sha256: String, format: &'static str, size: u64, code: Code) -> SourceFile {
    SourceFile { path: file.clone(), sha256, format, size, skipped: Some(code), sheets: Vec::new() }
}

fn read_file(path: &std::path::Path, file: Arc<str>, seen: &mut HashMap<String, Arc<str>>, out: &mut ReadOutput) {
    let unreadable = |out: &mut ReadOutput, message: crate::text::Text, sha: String, format, size| {
        out.diags.push(Diagnostic::new(Code::UnreadableFile, message).in_file(&file));
        out.sources.push(skipped_source(&file, sha, format, size, Code::UnreadableFile));
    };
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > limits::MAX_FILE_BYTES {
        let (mb, lim) = (size / 1_048_576, limits::MAX_FILE_BYTES / 1_048_576);
        let message = t!(
            "文件太大({} MB)，上限为 {} MB；请拆分工作簿",
            "the file is too large ({} MB); the limit is {} MB: split the workbook",
            mb,
            lim
        );
        return unreadable(out, message, String::new(), "unknown", size);
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return unreadable(
                out,
                t!("无法读取文件：{}", "cannot read the file: {}", e),
                String::new(),
                "unknown",
                size,
            );
        }
    };
    let size = bytes.len() as u64;
    let sha = hex::encode(Sha256::digest(&bytes));
    if let Some(first) = seen.get(&sha) {
        let message = t!("与 {} 内容完全相同，已跳过", "the same content as {}: skipped", first);
        out.diags.push(Diagnostic::new(Code::DuplicateFile, message).in_file(&file));
        out.sources.push(skipped_source(&file, sha, "unknown", size, Code::DuplicateFile));
        return;
    }
    seen.insert(sha.clone(), file.clone());
    let (format, facts) = match sniff::sniff_with_facts(&bytes) {
        Ok(f) => f,
        Err(message) => return unreadable(out, message, sha, "unknown", size),
    };
    if is_kaoping_report(&bytes) {
        let message =
            t!("这是 kaoping 生成的考评报告，不作为输入，已跳过", "a report written by kaoping, not an input: skipped");
        out.diags.push(Diagnostic::new(Code::OwnOutput, message).in_file(&file));
        out.sources.push(skipped_source(&file, sha, format.name(), size, Code::OwnOutput));
        return;
    }
    match guarded(|| sheet::read_workbook(format, facts, &bytes, &file)) {
        Ok(book) => {
            merge_tables(&mut out.tables, book.tables);
            out.diags.extend(book.diags);
            let sheets = book.sheets;
            out.sources.push(SourceFile {
                path: file.clone(),
                sha256: sha,
                format: format.name(),
                size,
                skipped: None,
                sheets,
            });
        }
        Err(message) => unreadable(out, message, sha, format.name(), size),
    }
}

/// Runs one file's reading so that a panic inside (calamine has panicked on malformed
/// files before) becomes a message for that file, and the other files are still read.
fn guarded<R>(read: impl FnOnce() -> Result<R, crate::text::Text>) -> Result<R, crate::text::Text> {
    quiet_panics::install();
    quiet_panics::QUIET.with(|q| q.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read));
    quiet_panics::QUIET.with(|q| q.set(false));
    result.unwrap_or_else(|_| {
        Err(t!(
            "读取时出现内部错误(文件格式异常)；请用 Excel 或 WPS 打开后另存为 .xlsx 再试",
            "an internal error while reading (the file is malformed); open it in Excel or WPS, save it as .xlsx and try again"
        ))
    })
}

fn merge_tables(into: &mut Tables, from: Tables) {
    into.managers.extend(from.managers);
    into.projects.extend(from.projects);
    into.agents.extend(from.agents);
    into.qa.extend(from.qa);
    into.events.extend(from.events);
    into.tasks.extend(from.tasks);
    into.reviews.extend(from.reviews);
    into.adjustments.extend(from.adjustments);
    into.present.extend(from.present);
}

/// While a file is read under [`guarded`], a panic becomes that file's diagnostic:
/// Rust's default "thread 'main' panicked at …" line on stderr would only confuse
/// the user, so it is kept quiet then (and only then).
mod quiet_panics {
    use std::cell::Cell;

    thread_local! {
        pub static QUIET: Cell<bool> = const { Cell::new(false) };
    }

    pub fn install() {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                if !QUIET.with(Cell::get) {
                    previous(info);
                }
            }));
        });
    }
}
