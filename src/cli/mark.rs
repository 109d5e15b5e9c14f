//! `--mark DIR` (of `check` and `run`): a marked copy of every input workbook with
//! findings, `DIR/<name>-检查.xlsx`, made from the input's cells ([`crate::read::dump`])
//! and the findings ([`crate::report::marked`]). The inputs are only read.
//!
//! Choices where the SPEC is silent:
//! - Files skipped whole as kaoping's own output, lock files and files that cannot be
//!   opened get no copy (there is nothing to copy, or nothing to mark); a file whose
//!   bytes equal another's (`duplicate-file`) gets one, all grey.
//! - Two inputs with the same name (`a/市场部.xlsx`, `b/市场部.xls`) get `市场部-检查.xlsx`
//!   and `市场部-检查 (2).xlsx`, in reading order; the terminal says which is which.
//! - A copy that cannot be made from a file that was read (it changed meanwhile) is
//!   said on the terminal, and the other copies are still written; a copy that cannot
//!   be written (a foreign file in the way, a full disk) stops with exit 2, as `--out`.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diag::Code;
use crate::pipeline::Evaluation;
use crate::report::marked::{self, MarkedCopy};
use crate::text::Lang;
use crate::{t, write};

/// One marked copy written: the input as the diagnostics name it, and the copy's path.
#[derive(Debug, Clone)]
pub struct Written {
    pub input: String,
    pub copy: PathBuf,
}

/// Writes the marked copies into `dir` (made when missing) and says where they went;
/// `bar` shows which file is being copied (on a terminal).
///
/// # Errors
/// The folder cannot be made, or a copy may not or cannot be written.
pub fn write_marked(
    config: &Config,
    e: &Evaluation,
    dir: &Path,
    bar: &indicatif::ProgressBar,
) -> Result<Vec<Written>, write::WriteError> {
    let lang = config.lang;
    write::prepare_folder(dir, "--mark")?;
    let grouping = crate::groups::group(&e.diags);
    let inputs = super::input_files(&e.sources);
    let mut taken: Vec<String> = Vec::new();
    let mut written = Vec::new();
    for (path, shown) in crate::read::discovered_files(&config.inputs) {
        if !e.diags.iter().any(|d| *d.file == *shown) {
            continue;
        }
        let skipped = e.sources.iter().find(|s| *s.path == *shown).and_then(|s| s.skipped);
        if matches!(skipped, Some(Code::OwnOutput | Code::LockFile | Code::UnreadableFile)) {
            continue;
        }
        bar.set_message(t!("正在写标注副本：{shown}", "writing the marked copy of {shown}").get(lang).to_string());
        let book = match crate::read::dump::dump(&path) {
            Ok(book) => book,
            Err(why) => {
                let why = why.get(lang);
                let line = t!("{shown}：无法制作标注副本：{why}", "{shown}: no marked copy: {why}");
                bar.suspend(|| eprintln!("kaoping: {}", line.get(lang)));
                continue;
            }
        };
        let copy = dir.join(copy_name(&shown, lang, &mut taken));
        let name = copy.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let copy = write::may_write(&copy, &name, &inputs, config.force)?;
        let m = MarkedCopy { lang, file: &shown, grouping: &grouping, created: super::creation_time() };
        let copy_shown = copy.display().to_string();
        let bytes = marked::marked_copy(&m, book).map_err(|err| write::WriteError::Io {
            text: t!("无法生成标注副本 {copy_shown}", "cannot build the marked copy {copy_shown}"),
            source: std::io::Error::other(err),
        })?;
        write::write_atomic(&copy, &bytes)?;
        written.push(Written { input: shown, copy });
    }
    bar.suspend(|| say_where(&written, dir, lang));
    Ok(written)
}

/// `市场部-检查.xlsx`, made unique (ignoring case) among the names already `taken`.
fn copy_name(shown: &str, lang: Lang, taken: &mut Vec<String>) -> String {
    let name = shown.rsplit('/').next().unwrap_or(shown);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let suffix = marked::SUFFIX.get(lang);
    let mut file = format!("{stem}{suffix}.xlsx");
    let mut n = 2;
    while taken.iter().any(|t| t.to_lowercase() == file.to_lowercase()) {
        file = format!("{stem}{suffix} ({n}).xlsx");
        n += 1;
    }
    taken.push(file.clone());
    file
}

/// The terminal's word on the copies: the folder, then each input and its copy.
fn say_where(written: &[Written], dir: &Path, lang: Lang) {
    let (n, shown_dir) = (written.len(), dir.display().to_string());
    let head = if n == 0 {
        t!("没有需要标注的文件：未写出标注副本", "no file has findings: no marked copy written")
    } else {
        t!("已把 {n} 个标注副本写入 {shown_dir}：", "{n} marked copies written to {shown_dir}:")
    };
    eprintln!("kaoping: {}", head.get(lang));
    for w in written {
        eprintln!("  {} → {}", w.input, w.copy.display());
    }
}

/// (input, link to its copy) for a workbook written at `out` that links to the copies.
pub fn links(written: &[Written], out: &Path) -> Vec<(String, String)> {
    let folder = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    written.iter().map(|w| (w.input.clone(), relative_link(folder, &w.copy))).collect()
}

/// The copy's path as a link from a workbook in `from_dir` would name it: relative
/// where the two share a root, `/`-separated; else absolute.
pub fn relative_link(from_dir: &Path, copy: &Path) -> String {
    let (Ok(from), Ok(to)) = (std::fs::canonicalize(from_dir), std::fs::canonicalize(copy)) else {
        return copy.display().to_string().replace('\\', "/");
    };
    let (a, b): (Vec<_>, Vec<_>) = (from.components().collect(), to.components().collect());
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if common == 0 {
        return to.display().to_string().replace('\\', "/");
    }
    let mut parts: Vec<String> = vec!["..".to_string(); a.len() - common];
    parts.extend(b[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned()));
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_of_inputs_of_the_same_name_are_told_apart() {
        let mut taken = Vec::new();
        assert_eq!(copy_name("2026-11/a/市场部.xlsx", Lang::Zh, &mut taken), "市场部-检查.xlsx");
        assert_eq!(copy_name("2026-11/b/市场部.xls", Lang::Zh, &mut taken), "市场部-检查 (2).xlsx");
        assert_eq!(copy_name("x/Sales.ods", Lang::En, &mut taken), "Sales-check.xlsx");
    }

    #[test]
    fn links_are_relative_to_the_problem_list() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("marked")).unwrap();
        std::fs::write(dir.path().join("marked/a-检查.xlsx"), b"x").unwrap();
        std::fs::create_dir_all(dir.path().join("lists")).unwrap();
        assert_eq!(relative_link(dir.path(), &dir.path().join("marked/a-检查.xlsx")), "marked/a-检查.xlsx");
        assert_eq!(
            relative_link(&dir.path().join("lists"), &dir.path().join("marked/a-检查.xlsx")),
            "../marked/a-检查.xlsx"
        );
    }
}
