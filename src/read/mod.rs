//! Reading: discover the input files, open them (the only place calamine is used),
//! recognise each sheet's table by its header row, and parse every cell into the
//! typed rows of [`crate::model`]. Problems become diagnostics; nothing is dropped
//! without one.
//!
//! Takes paths; gives [`Tables`] (typed rows with their origins), one
//! [`SourceFile`] per file found, and the diagnostics of SPEC §3 that reading can
//! find (`unreadable-file`, `skipped-file`, `unrecognized-sheet`, `missing-column`, `bad-value`,
//! `missing-value`, `unknown-column`, `out-of-range` of single cells, `total-row-mismatch`,
//! `formula-no-value`, `duplicate-file`, `lock-file`, `own-output`).
//!
//! The stages inside, in order: `discover` (paths; `names` shows them) → `sniff` (format from the
//! bytes, `zip_guard` against zip bombs, kaoping's own mark) → `open` (calamine, into sparse
//! `grid`s; `dense` guards xls/ods first; `delimited` reads CSV) → `header` (which table) → `rows` with
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
//!   inside folders the five spreadsheet extensions and `.csv` are read, WPS `.et`/`.ett`
//!   and `.numbers` are named (`skipped-file`), other files are passed over (see
//!   `discover`).
//! - A file whose bytes are a web page, XML or text under a workbook's name is
//!   `skipped-file` (a warning: saving it again as .xlsx fixes it), not
//!   `unreadable-file`; a text file named `.csv` is read as CSV (`delimited`).
//! - A sheet calamine cannot read, or one over a limit, is `unreadable-file` with the
//!   sheet named; the workbook's other sheets are still read.
//! - Merged cells: a number (in a number, count, money or score column) merged over
//!   several rows is `bad-value` on *each* row of the range, every message naming the
//!   range (so every row left out is named); in a total row's sum it counts once.
//!   Merged across columns within one row, the number belongs to the range's first
//!   column; the others read as blank. Text merged over number cells (a two-row
//!   header) is read as usual. Yes/no, event, status and item (项次) cells fill every
//!   row like text: they name a kind, not an amount.
//! - Limits on amounts ([`limits::MAX_MONEY`], [`limits::MAX_COUNT`],
//!   [`limits::MAX_NUMBER`]) apply to the value after a 万元 header's scale, negative
//!   amounts included; above them is `out-of-range`, naming the limit.
//! - Dates: a time of day alone (a time cell, `09:30`, `上午9:30`, `PT09H30M`, a
//!   number between 0 and 1) in a date column is `bad-value` ("a time, not a date");
//!   a date before 1900-03-01 in any date column is `bad-value` (it is a small number
//!   in a date-formatted cell: Excel's serials 1–60).
//! - Summary rows also start with 汇总, 总和, 累计, 共计, with a period before them
//!   (本月, 当月, 全月, 本期, 本周, 本日, 全部, 月度), a colon after or a unit in brackets.
//! - Invisible characters: Unicode format characters (category Cf, a fixed list in
//!   [`crate::text::is_format_char`]) are removed from IDs and from every word matched
//!   as a key (headers, yes/no, events, statuses); text columns (names, reasons) keep
//!   them. A message quoting a cell's value writes them out as `\u200b`.
//! - Merged cells in .xlsb come from the sheet parts' records (`xlsb_merges`); a part
//!   that cannot be parsed gives no regions (the cells are still read).
//! - A hidden (or very hidden) sheet is read like any other; its source entry says it
//!   is hidden, and the pipeline marks every finding on it (`（隐藏工作表）`).
//! - A sheet's title (its rows above the header, text joined by spaces) is kept in its
//!   source entry; an unrecognised sheet has none.

mod cell;
pub mod copies;
mod delimited;
mod dense;
mod discover;
pub mod dump;
mod grid;
mod header;
mod layout;
mod names;
mod open;
mod rows;
mod sheet;
mod sniff;
mod total;
mod typed;
mod value_text;
mod xlsb_merges;
mod xml;
mod zip_guard;

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
pub use names::shown as shown_path;
pub use sniff::{ReportFacts, is_kaoping_report, report_facts};

/// The text of column A of `sheet` in the workbook at `path`, its cells joined in row
/// order (a report's very hidden run sheet); `None` when the file or sheet cannot be read.
pub fn column_text(path: &std::path::Path, sheet: &str) -> Option<String> {
    use calamine::{Data, Reader};
    let mut book = calamine::open_workbook_auto(path).ok()?;
    let range = book.worksheet_range(sheet).ok()?;
    Some(
        range
            .rows()
            .filter_map(|r| match r.first() {
                Some(Data::String(s)) => Some(s.as_str()),
                _ => None,
            })
            .collect(),
    )
}

/// Where a sheet is, for diagnostics and origins (the rows and their total row).
pub(crate) struct Place<'a> {
    pub file: &'a Arc<str>,
    pub sheet: &'a Arc<str>,
}

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
    /// Largest amount of money a cell may hold, in yuan (after a 万元 header's scale):
    /// a centre's month is far below it; above it is a typo, a pasted ID or junk, and
    /// a sum of such values could become infinite.
    pub const MAX_MONEY: f64 = 1e12;
    /// Largest count (calls, successes, seats, QA checks and errors).
    pub const MAX_COUNT: f64 = 1e9;
    /// Largest other number (days, hours, deduction points): as for counts.
    pub const MAX_NUMBER: f64 = 1e9;
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
/// `options` say what is known before reading: the centre's own header names and the
/// month, when the command line or the folder's name says it.
pub fn read_inputs(paths: &[PathBuf], options: &ReadOptions, progress: &dyn Fn(&str)) -> ReadOutput {
    let cx = Context::new(options);
    read_inputs_on(paths, &cx, progress, crate::threads())
}

/// What is known before reading.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// The centre's own header names (`rules.toml [headers]`): header → column key.
    pub headers: BTreeMap<String, ColumnKey>,
    /// The month being evaluated, when known before reading (`--month`, the folder's
    /// name): dates typed without their year (`11月3日`, `3号`) are of it.
    pub month: Option<crate::model::Month>,
}

/// [`ReadOptions`] made ready for every sheet: the header names matched as headers are.
#[derive(Debug, Default)]
pub(crate) struct Context {
    pub aliases: header::Aliases,
    pub month: Option<crate::model::Month>,
}

impl Context {
    fn new(options: &ReadOptions) -> Context {
        let aliases = header::Aliases::new(options.headers.iter().map(|(h, k)| (h.as_str(), k.as_str())));
        Context { aliases, month: options.month }
    }
}

/// The files the arguments name, as (path to open, path as diagnostics show it), in
/// the order [`read_inputs`] reads them (for the marked copies: `dump`).
pub fn discovered_files(paths: &[PathBuf]) -> Vec<(PathBuf, String)> {
    discover::discover(paths)
        .into_iter()
        .filter(|f| f.kind == discover::Kind::File)
        .map(|f| (f.path, f.shown))
        .collect()
}

/// [`read_inputs`] on `threads` threads.
fn read_inputs_on(paths: &[PathBuf], cx: &Context, progress: &dyn Fn(&str), threads: usize) -> ReadOutput {
    let found = discover::discover(paths);
    let jobs: Vec<Job> = found
        .iter()
        .enumerate()
        .filter(|(_, f)| f.kind == discover::Kind::File)
        .map(|(at, f)| {
            let size = std::fs::metadata(&f.path).map_or(0, |m| m.len());
            Job { at, path: &f.path, shown: &f.shown, size }
        })
        .collect();
    // The path to open of each shown name (unique over the list), for the sources.
    let real: HashMap<String, PathBuf> = found.iter().map(|f| (f.shown.clone(), f.path.clone())).collect();
    let mut done = read_all(&jobs, cx, progress, threads);
    let copies = identical_copies(&done);
    let mut out = ReadOutput::default();
    for (at, found) in found.into_iter().enumerate() {
        let file: Arc<str> = found.shown.into();
        match found.kind {
            discover::Kind::Missing(kind) => {
                let message = match kind {
                    std::io::ErrorKind::NotFound => t!("文件或文件夹不存在", "no such file or folder"),
                    std::io::ErrorKind::PermissionDenied => {
                        t!("没有读取权限，无法打开", "cannot be opened: permission denied")
                    }
                    other => t!("无法打开（原文：{}）", "cannot be opened ({})", other),
                };
                out.diags.push(Diagnostic::new(Code::UnreadableFile, message).in_file(&file));
            }
            discover::Kind::LockFile => {
                out.diags.push(
                    Diagnostic::new(
                        Code::LockFile,
                        t!(
                            "这是 Excel 的临时锁定文件（工作簿正被打开），已跳过",
                            "an Excel lock file (the workbook is open somewhere): skipped"
                        ),
                    )
                    .in_file(&file),
                );
                out.sources.push(skipped_source(&file, String::new(), "unknown", 0, Code::LockFile));
            }
            discover::Kind::Skipped(why) => {
                out.diags.push(Diagnostic::new(Code::SkippedFile, why.message()).in_file(&file));
                out.sources.push(skipped_source(&file, String::new(), "unknown", 0, Code::SkippedFile));
            }
            discover::Kind::File => {
                if let Some(read) = done.remove(&at) {
                    add_file(read, copies.get(&at), &mut out);
                }
            }
        }
    }
    for source in &mut out.sources {
        if let Some(path) = real.get(&*source.path) {
            source.real = path.clone();
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
fn read_all(jobs: &[Job], cx: &Context, progress: &dyn Fn(&str), threads: usize) -> HashMap<usize, FileRead> {
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&k| (std::cmp::Reverse(jobs[k].size), k));
    let mut done = HashMap::with_capacity(jobs.len());
    let n = threads.min(jobs.len());
    if n <= 1 {
        for &k in &order {
            let job = &jobs[k];
            progress(job.shown);
            done.insert(job.at, read_file(job, cx));
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
                    let _ = tx.send(Msg::Done(job.at, Box::new(read_file(job, cx))));
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
    let real = std::path::PathBuf::new();
    SourceFile {
        path: file.clone(),
        real,
        sha256,
        format,
        size,
        modified: None,
        skipped: Some(code),
        sheets: Vec::new(),
    }
}

/// What reading one file on its own gave, before the duplicate check (which needs the
/// files before it, in order).
struct FileRead {
    file: Arc<str>,
    /// The SHA-256 of the bytes, when they could be read.
    sha: Option<String>,
    size: u64,
    /// The sniffed format's name (`xlsx`, `xls`, …; `unknown` until sniffed).
    format: &'static str,
    modified: Option<std::time::SystemTime>,
    out: ReadOutput,
}

/// Of the files with identical bytes, the one kept is the one that does not look
/// like a copy ([`copies`]: name, format, age, order); every other is skipped as its
/// `duplicate-file`. Gives, for each file to skip, the file kept and why it is
/// believed to be the copy.
fn identical_copies(done: &HashMap<usize, FileRead>) -> HashMap<usize, (Arc<str>, Option<crate::text::Text>)> {
    let mut groups: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut order: Vec<&usize> = done.keys().collect();
    order.sort();
    for at in order {
        if let Some(sha) = &done[at].sha {
            groups.entry(sha.as_str()).or_default().push(*at);
        }
    }
    let side = |at: usize| {
        let r = &done[&at];
        copies::Side { name: file_name(&r.file), format: r.format, modified: r.modified, order: at }
    };
    let mut skip = HashMap::new();
    for ats in groups.into_values().filter(|g| g.len() > 1) {
        let mut kept = ats[0];
        for &at in &ats[1..] {
            if !copies::which_is_copy(&side(kept), &side(at), false).0 {
                kept = at;
            }
        }
        for &at in ats.iter().filter(|&&at| at != kept) {
            let (_, why) = copies::which_is_copy(&side(kept), &side(at), false);
            skip.insert(at, (done[&kept].file.clone(), why));
        }
    }
    skip
}

/// The last part of a shown path.
fn file_name(shown: &str) -> &str {
    shown.rsplit_once('/').map_or(shown, |(_, name)| name)
}

/// Adds a file's reading to the whole, unless it is an identical copy of another.
fn add_file(read: FileRead, copy_of: Option<&(Arc<str>, Option<crate::text::Text>)>, out: &mut ReadOutput) {
    let FileRead { file, sha, size, out: this, .. } = read;
    if let Some((kept, why)) = copy_of {
        let message = match why {
            Some(why) => {
                let (wz, we) = (&why.zh, &why.en);
                t!(
                    "与 {kept} 内容完全相同，已跳过（判断本文件是副本：{wz}）",
                    "the same content as {kept}: skipped (this one is taken for the copy: {we})"
                )
            }
            None => t!("与 {} 内容完全相同，已跳过", "the same content as {}: skipped", kept),
        };
        out.diags.push(Diagnostic::new(Code::DuplicateFile, message).in_file(&file));
        let sha = sha.unwrap_or_default();
        out.sources.push(skipped_source(&file, sha, "unknown", size, Code::DuplicateFile));
        return;
    }
    merge_tables(&mut out.tables, this.tables);
    out.diags.extend(this.diags);
    out.sources.extend(this.sources);
}

fn read_file(job: &Job, cx: &Context) -> FileRead {
    let (path, file): (_, Arc<str>) = (job.path, job.shown.into());
    let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
    let mut read = FileRead {
        file: file.clone(),
        sha: None,
        size: job.size,
        format: "unknown",
        modified,
        out: ReadOutput::default(),
    };
    let unreadable = |mut read: FileRead, message: crate::text::Text, format| {
        read.out.diags.push(Diagnostic::new(Code::UnreadableFile, message).in_file(&file));
        let sha = read.sha.clone().unwrap_or_default();
        read.out.sources.push(skipped_source(&file, sha, format, read.size, Code::UnreadableFile));
        read
    };
    if read.size > limits::MAX_FILE_BYTES {
        let (mb, lim) = (read.size / 1_048_576, limits::MAX_FILE_BYTES / 1_048_576);
        let message = t!(
            "文件太大（{} MB），上限为 {} MB；请拆分工作簿",
            "the file is too large ({} MB); the limit is {} MB: split the workbook",
            mb,
            lim
        );
        return unreadable(read, message, "unknown");
    }
    // Discovery saw a regular file; it is looked at again right before opening, since
    // opening a FIFO put there meanwhile would wait for ever.
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        let message = t!("这已不是普通文件：未打开", "no longer a regular file: not opened");
        return unreadable(read, message, "unknown");
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return unreadable(read, t!("无法读取文件（原文：{}）", "cannot read the file ({})", e), "unknown"),
    };
    read.size = bytes.len() as u64;
    let sha = hex::encode(Sha256::digest(&bytes));
    read.sha = Some(sha.clone());
    let csv_name = discover::is_csv_name(path);
    let (format, facts) = match guarded(|| Ok(sniff::sniff_file(&bytes, csv_name))) {
        Ok(Ok(f)) => f,
        Ok(Err(sniff::Refused::Skipped(message))) => {
            read.out.diags.push(Diagnostic::new(Code::SkippedFile, message).in_file(&file));
            read.out.sources.push(skipped_source(&file, sha, "unknown", read.size, Code::SkippedFile));
            return read;
        }
        Ok(Err(sniff::Refused::Unreadable(message))) | Err(message) => return unreadable(read, message, "unknown"),
    };
    read.format = format.name();
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
        let facts = match facts {
            Some(facts) => open::Facts::ready(facts),
            // Under `guarded` too: a panic there is this file's message, said quietly.
            None => open::Facts::pending(scope.spawn(|| guarded(|| sniff::xlsx_facts(&bytes)))),
        };
        let stem = std::path::Path::new(&*file).file_stem().map(|s| s.to_string_lossy().into_owned());
        let mut facts = match stem {
            Some(stem) => facts.with_sheet_name(stem),
            None => facts,
        };
        let book = guarded(|| sheet::read_workbook(format, &mut facts, &bytes, &file, cx));
        // The zip check's word comes first: a damaged or oversized archive is said to be so.
        facts.get().and(book)
    });
    match result {
        Ok(book) => {
            read.out.tables = book.tables;
            read.out.diags = book.diags;
            read.out.sources.push(SourceFile {
                path: file.clone(),
                real: path.to_path_buf(),
                sha256: sha,
                format: format.name(),
                size: read.size,
                modified: read.modified,
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
        "读取时出现内部错误（文件格式异常）；请用 Excel 或 WPS 打开后另存为 .xlsx 再试",
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
    into.layout.extend(from.layout);
    into.rejected.extend(from.rejected);
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
