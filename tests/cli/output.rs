//! The report a manager receives is never lost (SPEC §6.2 "For signing"): `--out` must
//! end in .xlsx; a report of another month is not replaced without `--force`; a report a
//! person edited after kaoping wrote it is kept beside the new one, with its time.

use std::io::{Read as _, Write as _};

use crate::support::*;

/// The report at `path` as if a person had opened and saved it: its document
/// properties name another author and a later time (as Excel, WPS and LibreOffice do).
fn edit_like_a_person(path: &std::path::Path) {
    let bytes = std::fs::read(path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if name == "docProps/core.xml" {
            let xml = String::from_utf8(data).unwrap();
            let xml = xml.replace(
                "<cp:lastModifiedBy>kaoping</cp:lastModifiedBy>",
                "<cp:lastModifiedBy>王经理</cp:lastModifiedBy>",
            );
            data = xml.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&data).unwrap();
    }
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}

#[test]
fn an_edited_report_is_kept_beside_the_new_one() {
    let t = Test::new();
    valid_month().write(&t.month());
    let report = t.root().join("kaoping-2026-11.xlsx");
    assert_eq!(t.kaoping(&["run", "2026-11"]).code, 0);
    // Re-running over kaoping's own, unedited report replaces it and keeps nothing.
    let run = t.kaoping(&["run", "2026-11"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("修改"), "{}", run.stderr);
    edit_like_a_person(&report);
    let edited = std::fs::read(&report).unwrap();
    let run = t.kaoping(&["run", "2026-11"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let kept: Vec<_> = std::fs::read_dir(t.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("kaoping-2026-11-修改版-") && n.ends_with(".xlsx"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(std::fs::read(t.root().join(&kept[0])).unwrap(), edited, "the edited bytes, kept as they were");
    assert_ne!(std::fs::read(&report).unwrap(), edited, "the new report in its place");
    assert!(run.stderr.contains("被修改过") && run.stderr.contains(&kept[0]), "{}", run.stderr);
}

#[test]
fn a_report_of_another_month_is_not_replaced_without_force() {
    let t = Test::new();
    valid_month().write(&t.month());
    assert_eq!(t.kaoping(&["run", "2026-11", "--out", "考评.xlsx"]).code, 0);
    let november = std::fs::read(t.root().join("考评.xlsx")).unwrap();
    // The same files run as October (a wrong --month is an error, so a draft).
    let run = t.kaoping(&["run", "2026-11", "--month", "2026-10", "--draft", "--out", "考评.xlsx", "--lang", "en"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("is the report of 2026-11 and will not be replaced by 2026-10's"), "{}", run.stderr);
    assert_eq!(std::fs::read(t.root().join("考评.xlsx")).unwrap(), november);
    let run = t.kaoping(&["run", "2026-11", "--month", "2026-10", "--draft", "--out", "考评.xlsx", "--force"]);
    assert_eq!(run.code, 1, "a draft with --force: {}", run.stderr);
    assert_ne!(std::fs::read(t.root().join("考评.xlsx")).unwrap(), november);
}

#[test]
fn an_out_that_does_not_end_in_xlsx_is_refused() {
    let t = Test::new();
    valid_month().write(&t.month());
    for name in ["rep.xls", "rep.xlsm", "rep"] {
        let run = t.kaoping(&["run", "2026-11", "--out", name]);
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        assert!(run.stderr.contains("文件名须以 .xlsx 结尾"), "{name}: {}", run.stderr);
        assert!(!t.root().join(name).exists());
    }
    assert_eq!(t.kaoping(&["run", "2026-11", "--out", "REP.XLSX"]).code, 0);
}
