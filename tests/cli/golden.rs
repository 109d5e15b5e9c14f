//! The sample month's report, byte for byte, against a committed copy (issue 11: a
//! refactoring leaves the output alone; SPEC §6.2: identical inputs give identical
//! bytes under SOURCE_DATE_EPOCH).
//!
//! When the report changes on purpose, look at it, then bless the new bytes:
//! `KAOPING_BLESS=1 cargo test --test cli golden` and commit `tests/golden/`.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::support::*;

fn golden(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// The parts of an xlsx (a zip) by name, to say which differ.
fn parts(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("an xlsx is a zip");
    (0..zip.len())
        .map(|i| {
            let mut file = zip.by_index(i).unwrap();
            let mut body = Vec::new();
            file.read_to_end(&mut body).unwrap();
            (file.name().unwrap_or_default().to_string(), body)
        })
        .collect()
}

fn same_as_committed(lang: &str, file: &str) {
    let t = Test::new();
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/2026-11"), &t.month());
    let run = t.kaoping_env(
        &["run", "2026-11", "--lang", lang, "--out", "report.xlsx"],
        &[("SOURCE_DATE_EPOCH", "1767225600")],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let now = std::fs::read(t.root().join("report.xlsx")).unwrap();
    let path = golden(file);
    if std::env::var_os("KAOPING_BLESS").is_some() {
        std::fs::write(&path, &now).unwrap();
        return;
    }
    let before =
        std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}; bless it with KAOPING_BLESS=1", path.display()));
    if now != before {
        let (a, b) = (parts(&before), parts(&now));
        let differ: Vec<&String> = a
            .keys()
            .chain(b.keys())
            .filter(|k| a.get(*k) != b.get(*k))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let kept = std::env::temp_dir().join(format!("kaoping-golden-{file}"));
        std::fs::write(&kept, &now).unwrap();
        panic!(
            "the report differs from {} in the parts {differ:?}; the new one is at {}. \
             If the change is meant, bless it: KAOPING_BLESS=1 cargo test --test cli golden",
            path.display(),
            kept.display()
        );
    }
}

#[test]
fn the_sample_months_report_is_byte_identical_to_the_committed_copy_zh() {
    same_as_committed("zh", "kaoping-2026-11.zh.xlsx");
}

#[test]
fn the_sample_months_report_is_byte_identical_to_the_committed_copy_en() {
    same_as_committed("en", "kaoping-2026-11.en.xlsx");
}
