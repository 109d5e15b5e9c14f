//! Discovery (SPEC §1, §3 "Nothing skipped in silence"): which files the arguments
//! name. Takes the paths given on the command line; gives, in order, every file to
//! read and every file or link that is named instead ([`Found`]). Nothing is opened
//! here: only names and metadata are looked at, so a FIFO or a device never blocks.
//!
//! - A folder is searched recursively, in sorted path order, for `.xlsx .xlsm .xls
//!   .xlsb .ods` and `.csv` (any case). Hidden files and folders (`.name`) are passed
//!   over without a word (the system's and sync tools' own files); Excel lock files
//!   (`~$…`) are named (info).
//! - `.et`/`.ett` (WPS), `.numbers` (Apple; on a Mac also a folder) are spreadsheets
//!   kaoping cannot read: named (warning `skipped-file`) with what to do.
//! - Symbolic links to files and folders are followed. A link back into a folder being
//!   searched (a loop), or to a folder already searched through another path, is named
//!   and not followed. A link that leads nowhere, a FIFO, a socket, a device — anything
//!   that is not a regular file or a folder — is named and never opened, whatever its
//!   name.
//! - Choice where the SPEC is silent: other files in a folder (`.txt`, `.docx`, `.pdf`,
//!   pictures) are not named: a month folder usually holds notes and screenshots beside
//!   the workbooks, and a line for each would bury the findings that matter. A file
//!   named on the command line is always looked at, whatever its name: its bytes decide.
//! - A file is known by its path (bytes), never by its shown name: two names that show
//!   alike are two files; the same path named twice (a folder and a file in it) is read
//!   once.

use std::fs;
use std::path::{Path, PathBuf};

use super::names;
use crate::t;
use crate::text::Text;

/// One path discovery met: the path (the file's identity), the name shown to users
/// (unique over the list), and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub path: PathBuf,
    pub shown: String,
    pub kind: Kind,
}

/// What discovery made of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A regular file (or a link to one) to read.
    File,
    /// An Excel lock file (`~$name.xlsx`), skipped.
    LockFile,
    /// A path that does not exist or a folder that cannot be listed, with the reason.
    Missing(std::io::ErrorKind),
    /// A path named and not opened (`skipped-file`).
    Skipped(Skip),
}

/// Why a path was named and not opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// A link whose target cannot be reached, with the system's reason.
    Dangling(std::io::ErrorKind, String),
    /// A link to a folder that holds the link (shown path of that folder).
    Loop(String),
    /// A link to a folder already searched under another path (its shown path).
    AlreadySearched(String),
    /// Not a regular file: what it is.
    Special(Special),
    /// A spreadsheet format kaoping cannot read.
    Foreign(Foreign),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Special {
    Fifo,
    Socket,
    CharDevice,
    BlockDevice,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Foreign {
    /// WPS's own `.et` / `.ett` (template).
    Wps,
    /// Apple Numbers.
    Numbers,
}

/// The extensions read as workbooks.
pub const EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xls", "xlsb", "ods"];

/// What a file's extension says, for discovery in folders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Workbook,
    Csv,
    Foreign(Foreign),
    Other,
}

fn extension(path: &Path) -> String {
    path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default()
}

fn class(path: &Path) -> Class {
    let ext = extension(path);
    match ext.as_str() {
        "csv" => Class::Csv,
        "et" | "ett" => Class::Foreign(Foreign::Wps),
        "numbers" => Class::Foreign(Foreign::Numbers),
        e if EXTENSIONS.contains(&e) => Class::Workbook,
        _ => Class::Other,
    }
}

/// Whether the file's name says CSV (`.csv`, any case).
pub fn is_csv_name(path: &Path) -> bool {
    class(path) == Class::Csv
}

fn is_lock_name(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n.to_string_lossy().starts_with("~$"))
}

/// Everything the arguments name, in order: each argument in turn, a folder's content sorted.
pub fn discover(paths: &[PathBuf]) -> Vec<Found> {
    let mut walk = Walk::default();
    for path in paths {
        let from = walk.out.len();
        walk.argument(path);
        // An absolute argument (a folder dragged onto the program) is shown from its own
        // name down (`2026-11/运营部.xlsx`), never as the whole path (SPEC §3).
        if path.is_absolute()
            && let Some(base) = path.parent()
        {
            for f in &mut walk.out[from..] {
                if let Ok(rel) = f.path.strip_prefix(base) {
                    f.shown = names::shown(rel);
                }
            }
        }
    }
    let mut out = walk.out;
    // The same file named twice (a folder and a file in it) is read once.
    let mut seen = std::collections::HashSet::new();
    out.retain(|f| matches!(f.kind, Kind::Missing(_)) || seen.insert(f.path.clone()));
    let mut items: Vec<(&Path, &mut String)> =
        out.iter_mut().map(|Found { path, shown, .. }| (path.as_path(), shown)).collect();
    names::make_unique(&mut items);
    out
}

/// The search: what was found so far, every folder searched (canonical path → path as
/// joined), and the links to folders met but not yet followed.
///
/// Links to folders are followed only after the real folders of the argument are
/// searched, so a folder reached both directly and through a link is read under its
/// real path, and the link is the one named.
#[derive(Default)]
struct Walk {
    out: Vec<Found>,
    searched: std::collections::HashMap<PathBuf, PathBuf>,
    links: Vec<PathBuf>,
}

impl Walk {
    fn push(&mut self, path: &Path, kind: Kind) {
        self.out.push(Found { path: path.to_path_buf(), shown: names::shown(path), kind });
    }

    /// A path given on the command line: a file is looked at whatever its name.
    fn argument(&mut self, path: &Path) {
        // A Numbers document may be a folder (a package): named, not searched.
        if let (Ok(_), Class::Foreign(f)) = (fs::metadata(path), class(path)) {
            return self.push(path, Kind::Skipped(Skip::Foreign(f)));
        }
        match fs::metadata(path) {
            Ok(m) if m.is_dir() => {
                let start = self.out.len();
                self.folder(path);
                while !self.links.is_empty() {
                    for link in std::mem::take(&mut self.links) {
                        self.linked_folder(&link);
                    }
                }
                self.out[start..].sort_by(|a, b| a.path.cmp(&b.path));
            }
            Ok(m) if m.is_file() && is_lock_name(path) => self.push(path, Kind::LockFile),
            Ok(m) if m.is_file() => self.push(path, Kind::File),
            Ok(m) => self.push(path, Kind::Skipped(Skip::Special(special(&m.file_type())))),
            Err(e) => match fs::symlink_metadata(path) {
                Ok(l) if l.file_type().is_symlink() => self.push(path, Kind::Skipped(Skip::dangling(&e))),
                _ => self.push(path, Kind::Missing(e.kind())),
            },
        }
    }

    /// A real folder: searched, once.
    fn folder(&mut self, dir: &Path) {
        match fs::canonicalize(dir) {
            Ok(c) => {
                if self.searched.contains_key(&c) {
                    return;
                }
                self.searched.insert(c, dir.to_path_buf());
                self.entries(dir);
            }
            Err(e) => self.push(dir, Kind::Missing(e.kind())),
        }
    }

    /// A link to a folder: followed unless it leads back into the folder holding it (a
    /// loop) or to a folder already searched.
    fn linked_folder(&mut self, link: &Path) {
        let (target, here) = match (fs::canonicalize(link), link.parent().map(fs::canonicalize)) {
            (Ok(t), Some(Ok(h))) => (t, h),
            (Err(e), _) | (_, Some(Err(e))) => return self.push(link, Kind::Skipped(Skip::dangling(&e))),
            (Ok(t), None) => (t, PathBuf::new()),
        };
        let shown_target = |walk: &Walk| names::shown(walk.searched.get(&target).unwrap_or(&target));
        if here.starts_with(&target) {
            let at = shown_target(self);
            return self.push(link, Kind::Skipped(Skip::Loop(at)));
        }
        if self.searched.contains_key(&target) {
            let at = shown_target(self);
            return self.push(link, Kind::Skipped(Skip::AlreadySearched(at)));
        }
        self.searched.insert(target, link.to_path_buf());
        self.entries(link);
    }

    fn entries(&mut self, dir: &Path) {
        let mut paths = Vec::new();
        match fs::read_dir(dir) {
            Ok(entries) => {
                for entry in entries {
                    match entry {
                        Ok(e) => paths.push(e.path()),
                        Err(e) => return self.push(dir, Kind::Missing(e.kind())),
                    }
                }
            }
            Err(e) => return self.push(dir, Kind::Missing(e.kind())),
        }
        paths.sort();
        for path in paths {
            self.entry(&path);
        }
    }

    /// One entry of a folder being searched.
    fn entry(&mut self, path: &Path) {
        if path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')) {
            return;
        }
        let linked = match fs::symlink_metadata(path) {
            Ok(l) => l.file_type().is_symlink(),
            Err(e) => return self.push(path, Kind::Missing(e.kind())),
        };
        let meta = match fs::metadata(path) {
            Ok(m) => m,
            Err(e) if linked => return self.push(path, Kind::Skipped(Skip::dangling(&e))),
            Err(e) => return self.push(path, Kind::Missing(e.kind())),
        };
        match class(path) {
            // A Numbers document is a folder (a package) on a Mac.
            Class::Foreign(f) => self.push(path, Kind::Skipped(Skip::Foreign(f))),
            _ if meta.is_dir() && linked => self.links.push(path.to_path_buf()),
            _ if meta.is_dir() => self.folder(path),
            _ if !meta.is_file() => self.push(path, Kind::Skipped(Skip::Special(special(&meta.file_type())))),
            Class::Other => {}
            _ if is_lock_name(path) => self.push(path, Kind::LockFile),
            Class::Workbook | Class::Csv => self.push(path, Kind::File),
        }
    }
}

#[cfg(unix)]
fn special(ft: &fs::FileType) -> Special {
    use std::os::unix::fs::FileTypeExt;
    if ft.is_fifo() {
        Special::Fifo
    } else if ft.is_socket() {
        Special::Socket
    } else if ft.is_char_device() {
        Special::CharDevice
    } else if ft.is_block_device() {
        Special::BlockDevice
    } else {
        Special::Other
    }
}

#[cfg(not(unix))]
fn special(_ft: &fs::FileType) -> Special {
    Special::Other
}

impl Skip {
    fn dangling(e: &std::io::Error) -> Skip {
        Skip::Dangling(e.kind(), e.to_string())
    }

    /// What the clerk reads: what was found and what to do.
    pub fn message(&self) -> Text {
        match self {
            Skip::Dangling(kind, system) => {
                let (zh, en) = match kind {
                    std::io::ErrorKind::NotFound => ("目标不存在".to_string(), "it does not exist".to_string()),
                    std::io::ErrorKind::PermissionDenied => {
                        ("没有访问权限".to_string(), "permission denied".to_string())
                    }
                    _ => (system.clone(), system.clone()),
                };
                t!(
                    "这是一个链接（快捷方式），但它指向的位置无法到达（{zh}）：未读取；请把真正的文件放进文件夹，或删除这个链接",
                    "a link (shortcut) whose target cannot be reached ({en}): not read; put the real file in the folder, or delete the link"
                )
            }
            Skip::Loop(at) => t!(
                "这个链接指回它所在的文件夹 {at}：未跟随（否则会无限循环）；可删除这个链接",
                "the link leads back into {at}: not followed (it would loop forever); the link can be deleted"
            ),
            Skip::AlreadySearched(at) => t!(
                "这个链接指向已经读过的文件夹 {at}：未重复读取",
                "the link leads to the folder {at}, already searched: not searched again"
            ),
            Skip::Special(s) => {
                let (zh, en) = match s {
                    Special::Fifo => ("命名管道（FIFO）", "a named pipe (FIFO)"),
                    Special::Socket => ("套接字（socket）", "a socket"),
                    Special::CharDevice => ("字符设备", "a character device"),
                    Special::BlockDevice => ("块设备", "a block device"),
                    Special::Other => ("特殊文件", "a special file"),
                };
                t!(
                    "这不是普通文件，而是{zh}：未打开；请把工作簿本身（.xlsx）放在这里",
                    "not a regular file but {en}: not opened; put the workbook itself (.xlsx) here"
                )
            }
            Skip::Foreign(Foreign::Wps) => t!(
                "这是 WPS 表格自有格式（.et/.ett），kaoping 无法读取：请用 WPS 打开后另存为 .xlsx",
                "a WPS spreadsheet in its own format (.et/.ett), which kaoping cannot read: open it in WPS and save it as .xlsx"
            ),
            Skip::Foreign(Foreign::Numbers) => t!(
                "这是苹果 Numbers 文件，kaoping 无法读取：请在 Numbers 中“导出为 Excel”（.xlsx）",
                "an Apple Numbers file, which kaoping cannot read: export it from Numbers as Excel (.xlsx)"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What discovery gives for `path`, found under the (absolute) argument `from`:
    /// shown from the argument's own name down.
    fn found_under(from: &Path, path: PathBuf, kind: Kind) -> Found {
        let shown = names::shown(path.strip_prefix(from.parent().unwrap()).unwrap());
        Found { path, shown, kind }
    }

    #[test]
    fn finds_spreadsheets_sorted_skipping_hidden_and_locks() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("b/.hidden")).unwrap();
        for f in [
            "b/z.XLSX",
            "a.ods",
            "b/.hidden/x.xlsx",
            ".secret.xlsx",
            "~$a.xlsx",
            "notes.txt",
            "b/c.xls",
            "导出.CSV",
            "旧.et",
        ] {
            fs::write(root.join(f), b"x").unwrap();
        }
        let got = discover(&[root.to_path_buf(), root.join("nope.xlsx"), root.join("a.ods")]);
        let found = |path: PathBuf, kind| found_under(root, path, kind);
        let found_file = |path: PathBuf| found(path, Kind::File);
        // The missing file was an argument of its own: shown by its name.
        let missing = Found {
            path: root.join("nope.xlsx"),
            shown: "nope.xlsx".to_string(),
            kind: Kind::Missing(std::io::ErrorKind::NotFound),
        };
        assert_eq!(
            got,
            vec![
                found_file(root.join("a.ods")),
                found_file(root.join("b/c.xls")),
                found_file(root.join("b/z.XLSX")),
                found(root.join("~$a.xlsx"), Kind::LockFile),
                found_file(root.join("导出.CSV")),
                found(root.join("旧.et"), Kind::Skipped(Skip::Foreign(Foreign::Wps))),
                missing,
            ]
        );
    }

    impl Kind {
        fn dangling_reason(&self) -> String {
            match self {
                Kind::Skipped(Skip::Dangling(_, r)) => r.clone(),
                other => panic!("not dangling: {other:?}"),
            }
        }
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_and_loops_named() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("m");
        fs::create_dir_all(root.join("real")).unwrap();
        fs::write(root.join("real/a.xlsx"), b"x").unwrap();
        symlink(root.join("real"), root.join("linked")).unwrap();
        symlink(&root, root.join("real/up")).unwrap();
        symlink(root.join("gone.xlsx"), root.join("dangling.xlsx")).unwrap();
        symlink(root.join("real/a.xlsx"), root.join("b.xlsx")).unwrap();
        let found = discover(std::slice::from_ref(&root));
        let r = names::shown(&root);
        // Shown from the folder's own name down (`m/b.xlsx`); the links' targets in full.
        let got: Vec<(String, Kind)> =
            found.into_iter().map(|f| (f.shown.strip_prefix("m").unwrap().to_string(), f.kind)).collect();
        assert_eq!(
            got,
            vec![
                ("/b.xlsx".to_string(), Kind::File),
                (
                    "/dangling.xlsx".to_string(),
                    Kind::Skipped(Skip::Dangling(std::io::ErrorKind::NotFound, got[1].1.dangling_reason()))
                ),
                ("/linked".to_string(), Kind::Skipped(Skip::AlreadySearched(format!("{r}/real")))),
                ("/real/a.xlsx".to_string(), Kind::File),
                ("/real/up".to_string(), Kind::Skipped(Skip::Loop(r.clone()))),
            ]
        );
        // Through a link given on the command line, the folder is searched.
        let via = dir.path().join("via");
        symlink(root.join("real"), &via).unwrap();
        let found = discover(std::slice::from_ref(&via));
        assert_eq!(found[0].kind, Kind::File);
        assert_eq!(found[0].shown, "via/a.xlsx");
    }

    #[cfg(unix)]
    #[test]
    fn sockets_and_devices_are_named_not_opened() {
        let dir = tempfile::tempdir().unwrap();
        let _listener = std::os::unix::net::UnixListener::bind(dir.path().join("会话.sock")).unwrap();
        let got = discover(&[dir.path().to_path_buf(), PathBuf::from("/dev/null")]);
        let kinds: Vec<&Kind> = got.iter().map(|f| &f.kind).collect();
        assert_eq!(
            kinds,
            [&Kind::Skipped(Skip::Special(Special::Socket)), &Kind::Skipped(Skip::Special(Special::CharDevice))]
        );
        assert_eq!(
            got[1].kind_message().en,
            "not a regular file but a character device: not opened; put the workbook itself (.xlsx) here"
        );
    }

    impl Found {
        fn kind_message(&self) -> Text {
            match &self.kind {
                Kind::Skipped(why) => why.message(),
                other => panic!("not skipped: {other:?}"),
            }
        }
    }
}
