//! Writing the report file safely: never over a user's file, never half-written.
//!
//! The bytes go to a temporary file in the target folder, which is then renamed
//! into place, so a reader (or a crash) sees the old file or the new, never a mix.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::t;
use crate::text::Text;

/// Why the report was not written (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{}", .text.en)]
    Refused { text: Text },
    #[error("{}: {source}", .text.en)]
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

/// Decides whether `out` may be written: its folder must exist, it must not be one
/// of the inputs, and an existing file there must be a kaoping report (or `force`).
///
/// # Errors
/// The folder is missing, `out` is a folder or an input, or it is a foreign file without `force`.
pub fn may_write(out: &Path, inputs: &[PathBuf], force: bool) -> Result<(), WriteError> {
    let shown = out.display().to_string();
    let folder = parent_folder(out);
    if !folder.is_dir() {
        let dir = folder.display().to_string();
        return Err(WriteError::Refused {
            text: t!(
                "输出文件夹 {dir} 不存在;请先建立,或用 --out 指定别处",
                "the output folder {dir} does not exist; create it or pass another --out"
            ),
        });
    }
    if out.is_dir() {
        return Err(WriteError::Refused {
            text: t!(
                "{shown} 是一个文件夹;--out 需要文件名,例如 {shown}/kaoping.xlsx",
                "{shown} is a folder; --out needs a file name, e.g. {shown}/kaoping.xlsx"
            ),
        });
    }
    if !out.exists() {
        return Ok(());
    }
    if is_input(out, inputs) {
        return Err(WriteError::Refused {
            text: t!(
                "{shown} 是输入文件之一,不会被覆盖;请用 --out 指定别的文件",
                "{shown} is one of the inputs and will not be overwritten; pass another --out"
            ),
        });
    }
    let bytes = std::fs::read(out).map_err(|source| WriteError::Io {
        text: t!("无法读取已有文件 {shown}", "cannot read the existing file {shown}"),
        source,
    })?;
    if crate::read::is_kaoping_report(&bytes) || force {
        return Ok(());
    }
    Err(WriteError::Refused {
        text: t!(
            "{shown} 已存在且不是 kaoping 生成的报表,未覆盖;换一个 --out,或加 --force 覆盖",
            "{shown} exists and is not a kaoping report, so it was left untouched; pass another --out, or --force to overwrite it"
        ),
    })
}

/// True when `out` names the same file as an input (or lies inside an input folder
/// and has an input's name — compared after resolving links).
fn is_input(out: &Path, inputs: &[PathBuf]) -> bool {
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
    let io_err = |source| WriteError::Io { text: t!("无法写入 {shown}", "cannot write {shown}"), source };
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
