//! How a file's path is shown to users, and why two files never share a shown name.
//!
//! The path itself (`PathBuf`, bytes on Unix) is the file's identity; the shown name
//! is only for people. A Windows zip unpacked on Linux leaves names that are GBK bytes,
//! not UTF-8: each part of the path is shown as UTF-8 when it is, else decoded as GBK
//! when that decodes cleanly, else with the bad bytes escaped (`\xB1`). The shown name
//! is also the key of the file in diagnostics and the Sources sheet, so
//! [`make_unique`] makes sure that two different paths never show the same.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The path as users see it: as joined from the argument, `/` between its parts, each
/// part decoded (UTF-8, else GBK, else escaped bytes).
pub fn shown(path: &Path) -> String {
    shown_with(path, decode_part)
}

/// The path with every byte that is not UTF-8 escaped (`\xB1`): unique for unique paths.
fn escaped(path: &Path) -> String {
    shown_with(path, escape_part)
}

#[cfg(unix)]
fn shown_with(path: &Path, part: fn(&[u8]) -> String) -> String {
    use std::os::unix::ffi::OsStrExt;
    let parts: Vec<String> = path.as_os_str().as_bytes().split(|b| *b == b'/').map(part).collect();
    parts.join("/")
}

#[cfg(not(unix))]
fn shown_with(path: &Path, _part: fn(&[u8]) -> String) -> String {
    // Windows paths are UTF-16 and convert to Unicode as they are.
    path.to_string_lossy().replace('\\', "/")
}

/// Whether the path's bytes are UTF-8 (a name shown as it is).
#[cfg(unix)]
pub fn is_utf8(path: &Path) -> bool {
    path.to_str().is_some()
}

#[cfg(not(unix))]
pub fn is_utf8(_path: &Path) -> bool {
    true
}

/// One part of a path (a folder or file name): UTF-8 as it is, else GBK when the bytes
/// decode as GBK without a fault, else escaped.
fn decode_part(bytes: &[u8]) -> String {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return s.to_owned();
    }
    match encoding_rs::GBK.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(s) => s.into_owned(),
        None => escape_part(bytes),
    }
}

/// The UTF-8 runs as they are, every other byte as `\xNN`.
fn escape_part(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

/// Makes the shown names of different paths different. `items` are (path, shown name);
/// equal paths are the same file and keep the same name. Where two paths show the same
/// (a UTF-8 `华北.xlsx` beside GBK bytes that decode to `华北.xlsx`), the ones whose
/// bytes are not UTF-8 are shown escaped instead; should names still meet, the later
/// ones get ` (2)`, ` (3)`… in order.
pub fn make_unique(items: &mut [(&Path, &mut String)]) {
    let escape_clashes = |items: &mut [(&Path, &mut String)]| {
        let clashing = clashes(items);
        for (path, name) in items.iter_mut() {
            if clashing.contains(&**name) && !is_utf8(path) {
                **name = escaped(path);
            }
        }
    };
    escape_clashes(items);
    let clashing = clashes(items);
    if clashing.is_empty() {
        return;
    }
    let mut first: HashMap<String, PathBuf> = HashMap::new();
    let mut count: HashMap<String, usize> = HashMap::new();
    for (path, name) in items.iter_mut() {
        if !clashing.contains(&**name) {
            continue;
        }
        let base = name.clone();
        match first.get(&base) {
            None => {
                first.insert(base, path.to_path_buf());
            }
            Some(p) if p == path => {}
            Some(_) => {
                let n = count.entry(base.clone()).or_insert(1);
                *n += 1;
                **name = format!("{base} ({n})");
            }
        }
    }
}

/// The shown names held by more than one distinct path.
fn clashes(items: &[(&Path, &mut String)]) -> std::collections::HashSet<String> {
    let mut by_name: HashMap<&str, &Path> = HashMap::new();
    let mut out = std::collections::HashSet::new();
    for (path, name) in items {
        match by_name.get(name.as_str()) {
            Some(p) if p != path => {
                out.insert(name.to_string());
            }
            Some(_) => {}
            None => {
                by_name.insert(name.as_str(), path);
            }
        }
    }
    out
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;

    fn gbk(s: &str) -> Vec<u8> {
        encoding_rs::GBK.encode(s).0.into_owned()
    }

    fn path(bytes: &[u8]) -> PathBuf {
        PathBuf::from(OsStr::from_bytes(bytes))
    }

    #[test]
    fn gbk_names_are_shown_decoded_part_by_part() {
        let mut bytes = "月报/2026-11/".as_bytes().to_vec();
        bytes.extend(gbk("华北.xlsx"));
        assert_eq!(shown(&path(&bytes)), "月报/2026-11/华北.xlsx");
        // A lone byte that is neither UTF-8 nor GBK is escaped.
        assert_eq!(shown(&path(b"a/\xFFb.xlsx")), "a/\\xFFb.xlsx");
        assert_eq!(escaped(&path(&gbk("华北"))), "\\xBB\\xAA\\xB1\\xB1");
    }

    #[test]
    fn different_paths_never_share_a_shown_name() {
        let utf8 = path("d/华北.xlsx".as_bytes());
        let mut g = b"d/".to_vec();
        g.extend(gbk("华北.xlsx"));
        let gbk_path = path(&g);
        let (mut a, mut b, mut c) = (shown(&utf8), shown(&gbk_path), shown(&utf8));
        assert_eq!(a, b);
        make_unique(&mut [(&utf8, &mut a), (&gbk_path, &mut b), (&utf8, &mut c)]);
        assert_eq!(a, "d/华北.xlsx");
        assert_eq!(b, "d/\\xBB\\xAA\\xB1\\xB1.xlsx");
        assert_eq!(c, "d/华北.xlsx", "the same path keeps the same name");
        let (x, y) = (path(b"x"), path(b"y"));
        let (mut m, mut n) = ("same".to_string(), "same".to_string());
        make_unique(&mut [(&x, &mut m), (&y, &mut n)]);
        assert_eq!((m.as_str(), n.as_str()), ("same", "same (2)"));
    }
}
