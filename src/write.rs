//! Writing the report file safely: never over a user's file, never half-written.
//!
//! The bytes go to a temporary file in the target folder, which is then renamed
//! into place, so a reader (or a crash) sees the old file or the new, never a mix.
//! `--out` is looked at before anything is read from it (SPEC §3 "Output"): a device,
//! FIFO or socket is refused, a folder gets the default name inside it, and a failure
//! says the system's reason (disk full, permission denied) in the user's language.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::t;
use crate::text::Text;

/// Why the report was not written (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{}", .text.en)]
    Refused { text: Text },
    /// The text ends with the system's reason; `source` keeps the error itself.
    #[error("{}", .text.en)]
    Io {
        text: Text,
        #[source]
        source: std::io::Error,
    },
}

impl WriteError {
    pub fn text(&self) -> &Text {
        match self {
            WriteError::Refused { text } | WriteError::Io { text, .. } => text,
        }
    }
}

/// Decides where the report goes and whether it may be written there. `out` may be a
/// file or an existing folder; a folder gets the report under `default_name` inside it,
/// and the same rules then apply to that path.
///
/// Nothing is read from `out` before its type is known: a device, a FIFO or a socket is
/// refused from its metadata alone (reading `/dev/stdout` would wait for ever, `/dev/full`
/// never ends). An existing regular file is read only to tell whether kaoping wrote it,
/// at most [`MAX_REPORT_BYTES`], and not at all with `force`.
///
/// # Errors
/// The folder is missing; `out` is not a regular file, or is an input, or is a foreign
/// file (without `force`); it cannot be looked at (the system's reason).
pub fn may_write(out: &Path, default_name: &str, inputs: &[PathBuf], force: bool) -> Result<PathBuf, WriteError> {
    let out = match std::fs::metadata(out) {
        Ok(m) if m.is_dir() => out.join(default_name),
        _ => out.to_path_buf(),
    };
    check_target(&out, inputs, force)?;
    Ok(out)
}

/// Where a report of `month` goes: the path, and where an earlier report there that a
/// person edited is kept before it is replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub path: PathBuf,
    /// `kaoping-2026-11-修改版-20261204-0930.xlsx`: the edited report's copy.
    pub keep: Option<PathBuf>,
}

/// [`may_write`] for a kaoping workbook of `month` (SPEC §6.2 "never lost"): the name
/// must end in `.xlsx` (the bytes are xlsx: `rep.xls` would not open); a kaoping
/// report of another month there is refused without `force`; one that a person edited
/// since kaoping wrote it is to be kept beside the new one, with its time in the name.
///
/// # Errors
/// As [`may_write`]; and a name not ending in `.xlsx`, or another month's report.
pub fn may_write_report(
    out: &Path,
    default_name: &str,
    inputs: &[PathBuf],
    force: bool,
    month: crate::model::Month,
    lang: crate::text::Lang,
) -> Result<Target, WriteError> {
    let path = may_write(out, default_name, inputs, force)?;
    let shown = path.display().to_string();
    if !path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx")) {
        return Err(WriteError::Refused {
            text: t!(
                "{shown}：报表是 .xlsx 工作簿，文件名须以 .xlsx 结尾（写成 .xls 等其他后缀，Excel 和 WPS 会打不开）；请改用如 kaoping-{month}.xlsx 的名字",
                "{shown}: the report is an .xlsx workbook, so its name must end in .xlsx (under .xls or another ending Excel and WPS would not open it); use a name such as kaoping-{month}.xlsx"
            ),
        });
    }
    let facts = match std::fs::metadata(&path) {
        Ok(m) if m.is_file() && m.len() <= MAX_REPORT_BYTES => {
            std::fs::read(&path).ok().and_then(|b| crate::read::report_facts(&b))
        }
        _ => None,
    };
    let Some(facts) = facts else { return Ok(Target { path, keep: None }) };
    if let Some(other) = facts.month.filter(|m| *m != month.to_string())
        && !force
    {
        return Err(WriteError::Refused {
            text: t!(
                "{shown} 是 {other} 的考评报表，不会被 {month} 的报表覆盖；换一个 --out，或加 --force 覆盖",
                "{shown} is the report of {other} and will not be replaced by {month}'s; pass another --out, or --force to replace it"
            ),
        });
    }
    let keep = facts.edited.then(|| kept_name(&path, lang));
    Ok(Target { path, keep })
}

/// `kaoping-2026-11.xlsx` → `kaoping-2026-11-修改版-20261204-0930.xlsx` (`-edited-` in
/// English), with the file's local modification time; a second such copy in the same
/// minute gets `-2`, `-3`.
fn kept_name(path: &Path, lang: crate::text::Lang) -> PathBuf {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let when = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .map(|t| chrono::DateTime::<chrono::Local>::from(t).format("%Y%m%d-%H%M").to_string())
        .unwrap_or_default();
    let word = crate::text::Text::of("修改版", "edited").take(lang);
    let folder = parent_folder(path);
    let mut candidate = folder.join(format!("{stem}-{word}-{when}.xlsx"));
    let mut k = 2;
    while candidate.exists() {
        candidate = folder.join(format!("{stem}-{word}-{when}-{k}.xlsx"));
        k += 1;
    }
    candidate
}

/// Writes a report to its target: an edited earlier report is first copied to its
/// keep name (so it is never lost), then the new bytes go in atomically. Gives the
/// kept copy's path.
///
/// # Errors
/// The copy or the write failed (the system's reason); on a failed copy nothing is written.
pub fn write_report(target: &Target, bytes: &[u8]) -> Result<Option<PathBuf>, WriteError> {
    if let Some(keep) = &target.keep {
        let shown = target.path.display().to_string();
        std::fs::copy(&target.path, keep)
            .map_err(|source| io_error(t!("无法保留修改过的 {shown}", "cannot keep the edited {shown}"), source))?;
    }
    write_atomic(&target.path, bytes)?;
    Ok(target.keep.clone())
}

/// Makes `dir` (and its parents) for the workbooks of `option` (`--mark`, `--cards`),
/// refusing a path that exists and is not a folder.
///
/// # Errors
/// `dir` is a file, or cannot be made (the system's reason).
pub fn prepare_folder(dir: &Path, option: &str) -> Result<(), WriteError> {
    let shown_dir = dir.display().to_string();
    if dir.exists() && !dir.is_dir() {
        return Err(WriteError::Refused {
            text: t!(
                "{shown_dir} 已存在且不是文件夹；{option} 需要一个文件夹",
                "{shown_dir} exists and is not a folder; {option} needs a folder"
            ),
        });
    }
    std::fs::create_dir_all(dir)
        .map_err(|source| io_error(t!("无法建立文件夹 {shown_dir}", "cannot create the folder {shown_dir}"), source))
}

/// Refuses at once an `--out` that is a device, FIFO or socket, from its metadata alone
/// (a run need not read its inputs first to be told so). Anything else passes here and
/// is decided by [`may_write`].
///
/// # Errors
/// `out` exists and is neither a regular file nor a folder.
pub fn refuse_special(out: &Path) -> Result<(), WriteError> {
    match std::fs::metadata(out) {
        Ok(m) if !m.is_file() && !m.is_dir() => Err(not_a_file(&out.display().to_string())),
        _ => Ok(()),
    }
}

fn not_a_file(shown: &str) -> WriteError {
    WriteError::Refused {
        text: t!(
            "{shown} 不是普通文件（是设备、管道或套接字），报表不会写到那里；请用 --out 指定一个 .xlsx 文件名",
            "{shown} is not a regular file (a device, a pipe or a socket), so the report is not written there; pass --out with a .xlsx file name"
        ),
    }
}

/// The most bytes read from an existing file at `--out` to tell whether it is a kaoping
/// report (a larger file is taken as not one: `--force` replaces it).
pub const MAX_REPORT_BYTES: u64 = crate::read::limits::MAX_FILE_BYTES;

fn check_target(out: &Path, inputs: &[PathBuf], force: bool) -> Result<(), WriteError> {
    let shown = out.display().to_string();
    let folder = parent_folder(out);
    if !folder.is_dir() {
        let dir = folder.display().to_string();
        return Err(WriteError::Refused {
            text: t!(
                "输出文件夹 {dir} 不存在；请先建立，或用 --out 指定别处",
                "the output folder {dir} does not exist; create it or pass another --out"
            ),
        });
    }
    let meta = match std::fs::metadata(out) {
        Ok(m) => m,
        // Nothing there (or a link to nothing, which the rename replaces): free to write.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(source) => return Err(io_error(t!("无法查看 {shown}", "cannot look at {shown}"), source)),
    };
    if meta.is_dir() {
        return Err(WriteError::Refused {
            text: t!(
                "{shown} 是一个文件夹；--out 需要文件名，例如 {shown}/kaoping.xlsx",
                "{shown} is a folder; --out needs a file name, e.g. {shown}/kaoping.xlsx"
            ),
        });
    }
    if !meta.is_file() {
        return Err(not_a_file(&shown));
    }
    if is_input(out, inputs) {
        return Err(WriteError::Refused {
            text: t!(
                "{shown} 是输入文件之一，不会被覆盖；请用 --out 指定别的文件",
                "{shown} is one of the inputs and will not be overwritten; pass another --out"
            ),
        });
    }
    if force || is_own_report(out, meta.len())? {
        return Ok(());
    }
    Err(WriteError::Refused {
        text: t!(
            "{shown} 已存在且不是 kaoping 生成的报表，未覆盖；换一个 --out，或加 --force 覆盖",
            "{shown} exists and is not a kaoping report, so it was left untouched; pass another --out, or --force to overwrite it"
        ),
    })
}

/// Whether the regular file at `out` (of `len` bytes) is a report kaoping wrote; read
/// only up to [`MAX_REPORT_BYTES`].
fn is_own_report(out: &Path, len: u64) -> Result<bool, WriteError> {
    use std::io::Read as _;
    if len > MAX_REPORT_BYTES {
        return Ok(false);
    }
    let shown = out.display().to_string();
    let cannot = || t!("无法读取已有文件 {shown}", "cannot read the existing file {shown}");
    let mut bytes = Vec::new();
    std::fs::File::open(out)
        .and_then(|f| f.take(MAX_REPORT_BYTES).read_to_end(&mut bytes))
        .map_err(|source| io_error(cannot(), source))?;
    Ok(crate::read::is_kaoping_report(&bytes))
}

/// What failed, with the system's reason in the same language.
fn io_error(what: Text, source: std::io::Error) -> WriteError {
    let why = reason(&source);
    WriteError::Io { text: Text::new(format!("{}：{}", what.zh, why.zh), format!("{}: {}", what.en, why.en)), source }
}

/// The system's reason for an I/O failure, in both languages: the common ones in words
/// a clerk knows, the others as the system says them.
pub fn reason(e: &std::io::Error) -> Text {
    use std::io::ErrorKind::*;
    match e.kind() {
        StorageFull => t!("磁盘已满", "the disk is full"),
        QuotaExceeded => t!("超出磁盘配额", "the disk quota is used up"),
        PermissionDenied => t!("没有写入权限", "permission denied"),
        ReadOnlyFilesystem => t!("磁盘是只读的", "the disk is read-only"),
        _ => t!("{}", "{}", e),
    }
}

/// True when `out` names the same file as an input (compared after resolving links).
/// `inputs` are the inputs as shown (a name that is not UTF-8 shows decoded, so it is
/// also compared as shown: refusing a look-alike is safe, overwriting an input is not).
fn is_input(out: &Path, inputs: &[PathBuf]) -> bool {
    let shown = crate::read::shown_path(out);
    if inputs.iter().any(|i| i.to_str() == Some(shown.as_str())) {
        return true;
    }
    let Ok(out) = std::fs::canonicalize(out) else { return false };
    inputs.iter().filter_map(|i| std::fs::canonicalize(i).ok()).any(|i| i == out)
}

fn parent_folder(out: &Path) -> PathBuf {
    match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Writes `bytes` to `out` atomically: a temporary file beside it, flushed, then renamed.
///
/// # Errors
/// The temporary file cannot be written or renamed; it is then removed.
pub fn write_atomic(out: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let shown = out.display().to_string();
    let folder = parent_folder(out);
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = folder.join(format!(".{name}.{}.tmp", std::process::id()));
    let io_err = |source| io_error(t!("无法写入 {shown}", "cannot write {shown}"), source);
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        // A test hook: stop as a crash would, after writing and before the rename.
        if std::env::var_os("KAOPING_FAULT").is_some_and(|v| v == "before-rename") {
            std::process::exit(70);
        }
        std::fs::rename(&tmp, out)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(io_err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_errors_say_the_systems_reason_in_both_languages() {
        let full = io_error(t!("无法写入 r.xlsx", "cannot write r.xlsx"), std::io::Error::from_raw_os_error(28));
        assert_eq!(full.text(), &Text::new("无法写入 r.xlsx：磁盘已满", "cannot write r.xlsx: the disk is full"));
        assert_eq!(full.to_string(), "cannot write r.xlsx: the disk is full");
        assert!(std::error::Error::source(&full).is_some(), "the system's error is kept");
        let denied = reason(&std::io::Error::from(std::io::ErrorKind::PermissionDenied));
        assert_eq!(denied, Text::new("没有写入权限", "permission denied"));
        let other = reason(&std::io::Error::other("odd"));
        assert_eq!(other, Text::new("odd", "odd"));
    }
}
