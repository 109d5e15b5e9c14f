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

/// `run --cards DIR` (SPEC §7): one workbook per PM with only their scorecard, read
/// back; a card is never taken for an input; an edited card is kept on a re-run.
#[test]
fn cards_hold_one_pm_each_and_are_never_read_as_inputs() {
    use calamine::{DataType, Reader, open_workbook_auto};
    let t = Test::new();
    valid_month().write(&t.month());
    let run = t.kaoping(&["run", "2026-11", "--cards", "个人", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = run.json();
    for (id, name, other) in [("P01", "张伟", "李娜"), ("P02", "李娜", "张伟")] {
        let path = t.root().join(format!("个人/考评表-2026-11-{id}-{name}.xlsx"));
        let mut book = open_workbook_auto(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(book.sheet_names(), vec!["考评表".to_string()]);
        let range = book.worksheet_range("考评表").unwrap();
        let texts: Vec<String> = range.used_cells().filter_map(|(_, _, v)| v.get_string().map(String::from)).collect();
        assert!(texts.iter().any(|t| t.contains(&format!("{name}（{id}）"))), "{texts:?}");
        assert!(!texts.iter().any(|t| t.contains(other)), "{id}'s card names {other}");
        // The 合计 is this PM's total from the JSON.
        let total = json["managers"].as_array().unwrap().iter().find(|m| m["pm_id"] == id).unwrap()["total"].as_f64();
        let sum_row = range.rows().find(|r| r[0].get_string() == Some("合计")).expect("a 合计 row");
        assert_eq!(sum_row[5].get_float(), total, "{id}");
    }
    assert!(run.stderr.contains("已把 2 份个人考评表写入 个人"), "{}", run.stderr);

    // A card dropped among the inputs is kaoping's own output, skipped.
    std::fs::copy(t.root().join("个人/考评表-2026-11-P01-张伟.xlsx"), t.month().join("考评表-P01.xlsx")).unwrap();
    let again = t.kaoping(&["check", "2026-11", "--format", "json"]);
    assert_eq!(again.code, 0, "{}", again.stdout);
    assert_eq!(again.checks("own-output").len(), 1, "{}", again.stdout);
    std::fs::remove_file(t.month().join("考评表-P01.xlsx")).unwrap();

    // A card a person edited is kept beside the new one.
    let card = t.root().join("个人/考评表-2026-11-P02-李娜.xlsx");
    edit_like_a_person(&card);
    let edited = std::fs::read(&card).unwrap();
    let rerun = t.kaoping(&["run", "2026-11", "--cards", "个人"]);
    assert_eq!(rerun.code, 0, "{}", rerun.stderr);
    assert!(rerun.stderr.contains("考评表-2026-11-P02-李娜.xlsx 在 kaoping 生成后被修改过"), "{}", rerun.stderr);
    let kept: Vec<_> = std::fs::read_dir(t.root().join("个人"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("修改版"))
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(std::fs::read(kept[0].path()).unwrap(), edited);
}
