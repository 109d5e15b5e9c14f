//! Reading: discover the input files, open them (the only place calamine is used),
//! recognise each sheet's table by its header row, and parse every cell into the
//! typed rows of [`crate::model`]. Problems become diagnostics; nothing is dropped
//! without one.
//!
//! Takes paths; gives [`Tables`] (typed rows with their origins), one
//! [`SourceFile`] per file found, and the diagnostics of SPEC §3 that reading can
//! find (`unreadable-file`, `unrecognized-sheet`, `missing-column`, `bad-value`,
//! `missing-value`, `unknown-column`, `out-of-range` of single cells, `total-row-mismatch`,
//! `formula-no-value`, `duplicate-file`, `lock-file`, `own-output`).
//!
//! The stages inside, in order: `discover` (paths) → `sniff` (format from the
//! bytes, zip-bomb guard, kaoping's own mark) → `open` (calamine, into sparse
//! `grid`s; `dense` guards xls/ods first) → `header` (which table) → `rows` with
//! `typed` and `cell` (typed rows) and `total` (summary rows).
//!
//! Choices where the SPEC is silent:
//! - The header is searched in a sheet's first 30 *non-blank* rows; on a tie between
//!   tables the one with the most matched columns wins, then the first in
//!   [`crate::model::TableKind::ALL`]. "Clearly one table" (so `missing-column`, an
//!   error, rather than `unrecognized-sheet`, an info): see `header`. Several
//!   tables on a sheet (side by side, one under another): see `layout`.
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
//! - A hidden (or very hidden) sheet is read like any other; its source entry says it
//!   is hidden, and the pipeline marks every finding on it (`（隐藏工作表）`).
//! - A sheet's title (its rows above the header, text joined by spaces) is kept in its
//!   source entry; an unrecognised sheet has none.

mod cell;
mod dense;
mod discover;
mod grid;
mod header;
mod layout;
mod open;
mod rows;
mod sheet;
mod sniff;
mod total;
mod typed;
mod value_text;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::diag::{Code, Diagnostic};
use crate::model::{SourceFile, Tables};
use crate::rules::ColumnKey;
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
///
/// The files are read on as many threads as there are cores (at most 4), the largest
/// first, each file by one thread; the results are then put together in discovery
/// order, so the output is the same as reading one file after another: of two files
/// with the same content the first in order is read and the second is the
/// `duplicate-file`.
///
/// `headers` are the centre's own header names (`rules.toml [headers]`): header → column key.
pub fn read_inputs(paths: &[PathBuf], headers: &BTreeMap<String, ColumnKey>, progress: &dyn Fn(&str)) -> ReadOutput {
    let aliases = header::Aliases::new(headers.iter().map(|(h, k)| (h.as_str(), k.as_str())));
    read_inputs_on(paths, &aliases, progress, crate::threads())
}

/// [`read_inputs`] on `threads` threads.
fn read_inputs_on(paths: &[PathBuf], aliases: &header::Aliases, progress: &dyn Fn(&str), threads: usize) -> ReadOutput {
    let found = discover::discover(paths);
    let jobs: Vec<Job> = found
        .iter()
        .enumerate()
        .filter_map(|(at, f)| match f {
            discover::Found::File(path, shown) => {
                let size = std::fs::metadata(path).map_or(0, |m| m.len());
                Some(Job { at, path, shown, size })
            }
            _ => None,
        })
        .collect();
    let mut done = read_all(&jobs, aliases, progress, threads);
    let mut out = ReadOutput::default();
    let mut seen: HashMap<String, Arc<str>> = HashMap::new();
    for (at, found) in found.into_iter().enumerate() {
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
            discover::Found::File(..) => {
                if let Some(read) = done.remove(&at) {
                    add_file(read, &mut seen, &mut out);
                }
            }
        }
    }
    out
}

/// One file to read: its place in discovery order, its paths and its size on disk
/// (0 when it cannot be had; reading the file then says why).
struct Job<'a> {
    at: usize,
    path: &'a std::path::Path,
    shown: &'a str,
    size: u64,
}

/// Reads the jobs' files on `threads` threads, largest file first (so that the
/// largest does not start last); `progress` is called on this thread as each starts.
/// Returns each file's reading by its place in discovery order.
fn read_all(
    jobs: &[Job],
    aliases: &header::Aliases,
    progress: &dyn Fn(&str),
    threads: usize,
) -> HashMap<usize, FileRead> {
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&k| (std::cmp::Reverse(jobs[k].size), k));
    let mut done = HashMap::with_capacity(jobs.len());
    let n = threads.min(jobs.len());
    if n <= 1 {
        for &k in &order {
            let job = &jobs[k];
            progress(job.shown);
            done.insert(job.at, read_file(job, aliases));
        }
        return done;
    }
    enum Msg {
        Started(usize),
        Done(usize, Box<FileRead>),
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (tx, rx) = std::sync::mpsc::channel::<Msg>();
    std::thread::scope(|scope| {
        for _ in 0..n {
            let (tx, next, order) = (tx.clone(), &next, &order);
            scope.spawn(move || {
                while let Some(&k) = order.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)) {
                    let job = &jobs[k];
                    // The receiver lives until every sender is gone: sending cannot fail.
                    let _ = tx.send(Msg::Started(k));
                    let _ = tx.send(Msg::Done(job.at, Box::new(read_file(job, aliases))));
                }
            });
        }
        drop(tx);
        for msg in rx {
            match msg {
                Msg::Started(k) => progress(jobs[k].shown),
                Msg::Done(at, read) => {
                    done.insert(at, *read);
                }
            }
        }
    });
    done
}

fn skipped_source(file: &Arc<str>, sha256: String, format: &'static str, size: u64, code: Code) -> SourceFile {
    SourceFile { path: file.clone(), sha256, format, size, skipped: Some(code), sheets: Vec::new() }
}

/// What reading one file on its own gave, before the duplicate check (which needs the
/// files before it, in order).
struct FileRead {
    file: Arc<str>,
    /// The SHA-256 of the bytes, when they could be read.
    sha: Option<String>,
    size: u64,
    out: ReadOutput,
}

/// Adds a file's reading to the whole, unless an earlier file had the same bytes.
fn add_file(read: FileRead, seen: &mut HashMap<String, Arc<str>>, out: &mut ReadOutput) {
    let FileRead { file, sha, size, out: this } = read;
    if let Some(sha) = sha {
        if let Some(first) = seen.get(&sha) {
            let message = t!("与 {} 内容完全相同，已跳过", "the same content as {}: skipped", first);
            out.diags.push(Diagnostic::new(Code::DuplicateFile, message).in_file(&file));
            out.sources.push(skipped_source(&file, sha, "unknown", size, Code::DuplicateFile));
            return;
        }
        seen.insert(sha, file);
    }
    merge_tables(&mut out.tables, this.tables);
    out.diags.extend(this.diags);
    out.sources.extend(this.sources);
}

fn read_file(job: &Job, aliases: &header::Aliases) -> FileRead {
    let (path, file): (_, Arc<str>) = (job.path, job.shown.into());
    let mut read = FileRead { file: file.clone(), sha: None, size: job.size, out: ReadOutput::default() };
    let unreadable = |mut read: FileRead, message: crate::text::Text, format| {
        read.out.diags.push(Diagnostic::new(Code::UnreadableFile, message).in_file(&file));
        let sha = read.sha.clone().unwrap_or_default();
        read.out.sources.push(skipped_source(&file, sha, format, read.size, Code::UnreadableFile));
        read
    };
    if read.size > limits::MAX_FILE_BYTES {
        let (mb, lim) = (read.size / 1_048_576, limits::MAX_FILE_BYTES / 1_048_576);
        let message = t!(
            "文件太大({} MB)，上限为 {} MB；请拆分工作簿",
            "the file is too large ({} MB); the limit is {} MB: split the workbook",
            mb,
            lim
        );
        return unreadable(read, message, "unknown");
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return unreadable(read, t!("无法读取文件：{}", "cannot read the file: {}", e), "unknown"),
    };
    read.size = bytes.len() as u64;
    let sha = hex::encode(Sha256::digest(&bytes));
    read.sha = Some(sha.clone());
    let (format, facts) = match sniff::sniff_deferring(&bytes) {
        Ok(f) => f,
        Err(message) => return unreadable(read, message, "unknown"),
    };
    if is_kaoping_report(&bytes) {
        let message =
            t!("这是 kaoping 生成的考评报告，不作为输入，已跳过", "a report written by kaoping, not an input: skipped");
        read.out.diags.push(Diagnostic::new(Code::OwnOutput, message).in_file(&file));
        read.out.sources.push(skipped_source(&file, sha, format.name(), read.size, Code::OwnOutput));
        return read;
    }
    // An xlsx's zip check inflates the archive a second time (and reads the merged
    // regions on the way): it runs on a thread of its own while calamine reads.
    let result = std::thread::scope(|scope| {
        let mut facts = match facts {
            Some(facts) => open::Facts::ready(facts),
            // Under `guarded` too: a panic there is this file's message, said quietly.
            None => open::Facts::pending(scope.spawn(|| guarded(|| sniff::xlsx_facts(&bytes)))),
        };
        let book = guarded(|| sheet::read_workbook(format, &mut facts, &bytes, &file, aliases));
        // The zip check's word comes first: a damaged or oversized archive is said to be so.
        facts.get().and(book)
    });
    match result {
        Ok(book) => {
            read.out.tables = book.tables;
            read.out.diags = book.diags;
            read.out.sources.push(SourceFile {
                path: file.clone(),
                sha256: sha,
                format: format.name(),
                size: read.size,
                skipped: None,
                sheets: book.sheets,
            });
            read
        }
        Err(message) => unreadable(read, message, format.name()),
    }
}

/// Runs one file's reading so that a panic inside (calamine has panicked on malformed
/// files before) becomes a message for that file, and the other files are still read.
fn guarded<R>(read: impl FnOnce() -> Result<R, crate::text::Text>) -> Result<R, crate::text::Text> {
    quiet_panics::install();
    quiet_panics::QUIET.with(|q| q.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read));
    quiet_panics::QUIET.with(|q| q.set(false));
    result.unwrap_or_else(|_| Err(internal_error()))
}

fn internal_error() -> crate::text::Text {
    t!(
        "读取时出现内部错误(文件格式异常)；请用 Excel 或 WPS 打开后另存为 .xlsx 再试",
        "an internal error while reading (the file is malformed); open it in Excel or WPS, save it as .xlsx and try again"
    )
}

fn merge_tables(into: &mut Tables, from: Tables) {
    append(&mut into.managers, from.managers);
    append(&mut into.projects, from.projects);
    append(&mut into.agents, from.agents);
    append(&mut into.qa, from.qa);
    append(&mut into.events, from.events);
    append(&mut into.tasks, from.tasks);
    append(&mut into.reviews, from.reviews);
    append(&mut into.adjustments, from.adjustments);
    into.present.extend(from.present);
}

/// `from`'s rows after `into`'s; a table usually comes from one file, and then its
/// rows are taken over as they are rather than copied.
fn append<T>(into: &mut Vec<T>, mut from: Vec<T>) {
    if into.is_empty() {
        std::mem::swap(into, &mut from);
    } else {
        into.append(&mut from);
    }
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
