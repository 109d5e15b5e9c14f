//! Discovery (SPEC §1): which files the arguments name. A folder is searched
//! recursively for `.xlsx .xlsm .xls .xlsb .ods` (any case), in sorted path order;
//! hidden files and folders are skipped silently, Excel lock files (`~$…`) with an
//! info. A file named on the command line is always read (and sniffed), whatever its
//! extension. Symbolic links to folders are not followed (no loops).

use std::fs;
use std::path::{Path, PathBuf};

/// What discovery found for one path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A file to read: (path to open, path as shown to users).
    File(PathBuf, String),
    /// An Excel lock file (`~$name.xlsx`), skipped.
    LockFile(String),
    /// A path that does not exist or a folder that cannot be listed, with the reason.
    Missing(String, std::io::ErrorKind),
}

pub const EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xls", "xlsb", "ods"];

/// The path as users see it: as joined from the argument, with `/` separators.
pub fn shown(path: &Path) -> String {
    let s = path.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '\\' { s.replace('\\', "/") } else { s.into_owned() }
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

fn is_spreadsheet_name(name: &str) -> bool {
    name.rsplit_once('.').is_some_and(|(_, ext)| EXTENSIONS.iter().any(|e| ext.eq_ignore_ascii_case(e)))
}

/// Everything the arguments name, in order: each argument in turn, a folder's files sorted.
pub fn discover(paths: &[PathBuf]) -> Vec<Found> {
    let mut out = Vec::new();
    for path in paths {
        match fs::metadata(path) {
            Err(e) => out.push(Found::Missing(shown(path), e.kind())),
            Ok(m) if m.is_dir() => {
                let mut files = Vec::new();
                walk(path, &mut files, &mut out);
                files.sort();
                for f in files {
                    let name = file_name(&f);
                    if name.starts_with("~$") {
                        out.push(Found::LockFile(shown(&f)));
                    } else {
                        out.push(Found::File(f.clone(), shown(&f)));
                    }
                }
            }
            Ok(_) => {
                if file_name(path).starts_with("~$") {
                    out.push(Found::LockFile(shown(path)));
                } else {
                    out.push(Found::File(path.clone(), shown(path)));
                }
            }
        }
    }
    // The same file named twice (a folder and a file in it) is read once.
    let mut seen = std::collections::HashSet::new();
    out.retain(|f| match f {
        Found::File(_, s) | Found::LockFile(s) => seen.insert(s.clone()),
        Found::Missing(..) => true,
    });
    out
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, out: &mut Vec<Found>) {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            out.push(Found::Missing(shown(dir), e.kind()));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = file_name(&path);
        if name.starts_with('.') {
            continue;
        }
        let Ok(ft) = entry.file_type() else { continue };
        if ft.is_dir() {
            walk(&path, files, out);
        } else if (ft.is_file() || (ft.is_symlink() && path.is_file())) && is_spreadsheet_name(&name) {
            files.push(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_spreadsheets_sorted_skipping_hidden_and_locks() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("b/.hidden")).unwrap();
        for f in ["b/z.XLSX", "a.ods", "b/.hidden/x.xlsx", ".secret.xlsx", "~$a.xlsx", "notes.txt", "b/c.xls"] {
            fs::write(root.join(f), b"x").unwrap();
        }
        let found = discover(&[root.to_path_buf(), root.join("nope.xlsx")]);
        let r = shown(root);
        assert_eq!(
            found,
            vec![
                Found::File(root.join("a.ods"), format!("{r}/a.ods")),
                Found::File(root.join("b/c.xls"), format!("{r}/b/c.xls")),
                Found::File(root.join("b/z.XLSX"), format!("{r}/b/z.XLSX")),
                Found::LockFile(format!("{r}/~$a.xlsx")),
                Found::Missing(format!("{r}/nope.xlsx"), std::io::ErrorKind::NotFound),
            ]
        );
    }
}
