//! Above `[report] scorecard_sheets_max` (60) PMs the scorecards share one 考评表 sheet,
//! a form per printed page; at or below it, one sheet each (issue 15). Either way the
//! ranking's PM ids link to their forms.

use std::collections::BTreeMap;
use std::io::Read;

use calamine::{DataType, Reader, open_workbook_auto};

use crate::support::*;

/// The text of one part of an xlsx.
fn part(path: &std::path::Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut xml).unwrap();
    xml
}

/// Each `<hyperlink>` of a sheet's XML: its cell's display text → its location.
fn links(xml: &str) -> BTreeMap<String, String> {
    let attr = |tag: &str, name: &str| -> String {
        let start = tag.find(&format!(" {name}=\"")).map(|i| i + name.len() + 3).unwrap();
        tag[start..].split('"').next().unwrap().to_string()
    };
    xml.split("<hyperlink ").skip(1).map(|t| (attr(t, "display"), attr(t, "location").replace("&apos;", "'"))).collect()
}

fn month_of(t: &Test, pms: &str) -> std::path::PathBuf {
    let run = t.kaoping(&["sample", "--out", "2026-11", "--pms", pms]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = t.kaoping(&["run", "2026-11", "--out", "r.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    t.root().join("r.xlsx")
}

#[test]
fn sixty_one_pms_share_one_scorecards_sheet_a_form_a_page_linked_from_the_ranking() {
    let t = Test::new();
    let report = month_of(&t, "61");
    let mut book = open_workbook_auto(&report).unwrap();
    let names = book.sheet_names();
    assert_eq!(names.iter().filter(|n| n.starts_with("考评表")).collect::<Vec<_>>(), vec!["考评表"], "{names:?}");
    let index = names.iter().position(|n| n == "考评表").unwrap() + 1;
    let sheet_xml = part(&report, &format!("xl/worksheets/sheet{index}.xml"));
    let cards = book.worksheet_range("考评表").unwrap();
    // The ranking's ids: 61 links, each to the row of a form that names that PM.
    let ranking = links(&part(&report, "xl/worksheets/sheet1.xml"));
    assert_eq!(ranking.len(), 61, "{ranking:?}");
    let mut tops = Vec::new();
    for (id, location) in &ranking {
        let row: u32 = location.strip_prefix("'考评表'!A").unwrap_or_else(|| panic!("{location}")).parse().unwrap();
        assert!(cards.get_value((row - 1, 0)).and_then(|v| v.get_string()).unwrap().contains("考评表"), "{id}");
        let who = cards.get_value((row, 0)).and_then(|v| v.get_string()).unwrap().to_string();
        assert!(who.contains(&format!("（{id}）")), "{id} links to {who}");
        tops.push(row - 1);
    }
    // One manual page break before every form but the first, at the form's first row.
    tops.sort();
    let breaks: Vec<u32> =
        sheet_xml.split("<brk id=\"").skip(1).map(|b| b.split('"').next().unwrap().parse().unwrap()).collect();
    assert_eq!(breaks, tops[1..].to_vec());
    assert!(sheet_xml.contains("scale=\""), "one print scale for every form");
}

#[test]
fn sixty_pms_get_a_sheet_each_linked_from_the_ranking() {
    let t = Test::new();
    let report = month_of(&t, "60");
    let book = open_workbook_auto(&report).unwrap();
    let cards: Vec<String> = book.sheet_names().into_iter().filter(|n| n.starts_with("考评表-")).collect();
    assert_eq!(cards.len(), 60);
    let ranking = links(&part(&report, "xl/worksheets/sheet1.xml"));
    assert_eq!(ranking.len(), 60);
    for (id, location) in ranking {
        assert_eq!(location, format!("'考评表-{id}'!A1"));
        assert!(cards.contains(&format!("考评表-{id}")));
    }
}

/// A large month's big sheets are written through temporary files; where none can be
/// made (TMPDIR not there), the report is built in memory instead, and holds the same.
#[test]
fn without_a_temporary_folder_a_large_report_is_built_in_memory_alike() {
    let t = Test::new();
    let run = t.kaoping(&["sample", "--out", "2026-11", "--pms", "61"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let epoch = ("SOURCE_DATE_EPOCH", "1767225600");
    let run = t.kaoping_env(&["run", "2026-11", "--out", "streamed.xlsx", "--no-history"], &[epoch]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let missing = t.root().join("no-such-folder");
    let tmpdir = ("TMPDIR", missing.to_str().unwrap());
    let run = t.kaoping_env(&["run", "2026-11", "--out", "in-memory.xlsx", "--no-history"], &[epoch, tmpdir]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (streamed, in_memory) = (t.root().join("streamed.xlsx"), t.root().join("in-memory.xlsx"));
    assert_ne!(std::fs::read(&streamed).unwrap(), std::fs::read(&in_memory).unwrap(), "two ways of building");
    let (mut a, mut b) = (open_workbook_auto(&streamed).unwrap(), open_workbook_auto(&in_memory).unwrap());
    assert_eq!(a.sheet_names(), b.sheet_names());
    for name in a.sheet_names() {
        assert_eq!(a.worksheet_range(&name).unwrap(), b.worksheet_range(&name).unwrap(), "{name}");
    }
}
