use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use unicode_normalization::UnicodeNormalization;

use super::*;

/// The header matching of SPEC §2, written out plainly: NFKC, no white space,
/// lower case, a bracketed unit at the end dropped.
pub(crate) fn normalise_header(s: &str) -> String {
    let mut n: String = s.nfkc().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect();
    if n.ends_with(')')
        && let Some(open) = n.rfind('(')
        && open > 0
    {
        n.truncate(open);
    }
    n
}

#[test]
fn repository_templates_are_what_the_command_writes() {
    // `templates/` holds the Chinese set; if this fails, run
    // `kaoping template --out templates` and commit the result.
    let dir = tempfile::tempdir().unwrap();
    let written = write_templates(dir.path(), Lang::Zh).unwrap();
    assert_eq!(written.len(), 5);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    for path in &written {
        let name = path.file_name().unwrap();
        let ours = std::fs::read(path).unwrap();
        let theirs = std::fs::read(repo.join(name)).unwrap_or_else(|e| panic!("templates/{name:?}: {e}"));
        assert!(ours == theirs, "templates/{name:?} differs from what `kaoping template` writes");
    }
}

#[test]
fn same_bytes_every_time() {
    for lang in [Lang::Zh, Lang::En] {
        for dept in Dept::ALL {
            assert_eq!(template_bytes(dept, lang).unwrap(), template_bytes(dept, lang).unwrap());
        }
    }
}

#[test]
fn file_names_per_language() {
    let dir = tempfile::tempdir().unwrap();
    let names = |lang| -> Vec<String> {
        let sub = dir.path().join(format!("{lang:?}"));
        write_templates(&sub, lang)
            .unwrap()
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect()
    };
    assert_eq!(names(Lang::Zh), ["市场部.xlsx", "增值部.xlsx", "运营部.xlsx", "质检.xlsx", "rules.toml"]);
    assert_eq!(names(Lang::En), ["market.xlsx", "value-added.xlsx", "operations.xlsx", "quality.xlsx", "rules.toml"]);
}

#[test]
fn every_table_is_in_exactly_one_department() {
    for kind in TableKind::ALL {
        let n = Dept::ALL.iter().filter(|d| d.tables().contains(&kind)).count();
        assert_eq!(n, 1, "{kind:?}");
    }
}

#[test]
fn header_labels_normalise_to_the_schema_names() {
    for kind in TableKind::ALL {
        for col in schema::columns(kind) {
            assert_eq!(normalise_header(&header_label(col, Lang::Zh)), normalise_header(col.zh), "{}", col.key);
            assert_eq!(normalise_header(&header_label(col, Lang::En)), normalise_header(col.en), "{}", col.key);
        }
    }
    let revenue = column(TableKind::Agents, "revenue");
    assert_eq!(header_label(revenue, Lang::Zh), "营业收入(元)");
    assert_eq!(header_label(revenue, Lang::En), "Revenue (CNY)");
    assert_eq!(normalise_header("营业收入（元）"), "营业收入");
}

#[test]
fn widths_fit_chinese_headers() {
    // 实际出勤天数(天): 6 CJK characters (12) + "(" ")" (2) + 天 (2) = 16 columns, + 3 padding.
    let col = column(TableKind::Agents, "attended_days");
    assert_eq!(column_width(col, Lang::Zh), 19.0);
    for kind in TableKind::ALL {
        for col in schema::columns(kind) {
            let w = column_width(col, Lang::Zh);
            assert!(w >= unicode_width::UnicodeWidthStr::width(header_label(col, Lang::Zh).as_str()) as f64);
        }
    }
}

fn read_back(path: &Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
    open_workbook(path).unwrap()
}

#[test]
fn sheets_have_title_hint_and_header_and_no_data() {
    let dir = tempfile::tempdir().unwrap();
    for lang in [Lang::Zh, Lang::En] {
        let sub = dir.path().join(format!("{lang:?}"));
        write_templates(&sub, lang).unwrap();
        for dept in Dept::ALL {
            let mut wb = read_back(&sub.join(format!("{}.xlsx", dept.file_stem(lang))));
            let names = wb.sheet_names();
            let expected: Vec<String> = dept.tables().iter().map(|&k| sheet_name(k, lang)).collect();
            assert_eq!(names, expected);
            for &kind in dept.tables() {
                let range = wb.worksheet_range(&sheet_name(kind, lang)).unwrap();
                let header_row = HEADER_ROW as usize;
                // Title and hint in column A, the header on row 3, nothing under it.
                assert!(matches!(range.get((0, 0)), Some(Data::String(s)) if s.contains("—")));
                assert!(matches!(range.get((1, 0)), Some(Data::String(_))));
                assert_eq!(range.height(), header_row + 1, "{kind:?}: no rows under the header");
                let cols = schema::columns(kind);
                for (i, col) in cols.iter().enumerate() {
                    let cell = range.get((header_row, i)).unwrap().to_string();
                    assert_eq!(normalise_header(&cell), normalise_header(lang.pick(col.zh, col.en)));
                }
                // The title area does not look like a header: it holds none of the required names.
                for r in 0..header_row {
                    let row: Vec<String> = (0..cols.len())
                        .map(|c| range.get((r, c)).map(|d| normalise_header(&d.to_string())).unwrap_or_default())
                        .collect();
                    let hits = cols.iter().filter(|c| c.required && row.contains(&normalise_header(c.zh))).count();
                    assert_eq!(hits, 0);
                }
            }
        }
    }
}

/// The raw XML of one part of an xlsx.
fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut file = zip.by_name(name).unwrap();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut file, &mut s).unwrap();
    s
}

#[test]
fn drop_downs_notes_and_frozen_header() {
    let bytes = template_bytes(Dept::Market, Lang::Zh).unwrap();
    // Sheet 2 is partner events: event type list, severe yes/no.
    let events = part(&bytes, "xl/worksheets/sheet2.xml");
    assert!(events.contains("\"终止,暂停,处罚,投诉\""), "{events}");
    assert!(events.contains("\"是,否\""));
    assert!(events.contains("sqref=\"B4:B503\""), "event drop-down on 500 rows");
    assert!(events.contains("ySplit=\"3\""), "frozen under the header");
    let notes = part(&bytes, "xl/comments2.xml");
    assert!(notes.contains("终止/暂停/处罚/投诉"));
    assert!(notes.contains("(必填)") && notes.contains("发生日期(可空)<"), "{notes}");

    let tasks = part(&template_bytes(Dept::ValueAdded, Lang::En).unwrap(), "xl/worksheets/sheet1.xml");
    assert!(tasks.contains("\"on time,late,not done\""), "{tasks}");
    let adjustments = part(&template_bytes(Dept::ValueAdded, Lang::Zh).unwrap(), "xl/worksheets/sheet3.xml");
    assert!(adjustments.contains("type=\"whole\""), "item 1–10");
}

#[test]
fn rules_file_is_the_shipped_one() {
    let dir = tempfile::tempdir().unwrap();
    write_templates(dir.path(), Lang::En).unwrap();
    assert_eq!(std::fs::read_to_string(dir.path().join("rules.toml")).unwrap(), RULES_TOML);
}
