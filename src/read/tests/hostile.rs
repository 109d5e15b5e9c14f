//! Hostile workbooks built here: stray cells, many blank rows, huge cells, many
//! columns, zip bombs, damaged XML, and the 50k-row benchmark.

use super::*;
use crate::read::zip_guard::{ZipLimits, check_zip_sizes};

#[test]
fn a_stray_cell_at_xfd1048576_costs_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let rows = format!("{}<row r=\"1048576\">{}</row>", managers_rows(), s("XFD1048576", "x"));
    let p = write_temp(&dir, "stray.xlsx", &xlsx(&[("S", rows)], &[]));
    let t = Instant::now();
    let out = read_path(&p);
    quick(t);
    assert_eq!(errors(&out), 0, "{:?}", places(&out));
    assert_eq!(out.tables.managers.len(), 1);
}

#[test]
fn many_blank_formatted_rows_a_huge_cell_and_many_columns() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = managers_rows();
    // 10,000 extra header-row columns to the right (ignored), a 32,767-character name.
    rows = rows.replacen(
        "</row>",
        &(4..10_004)
            .map(|c| s(&format!("{}1", crate::diag::column_letters(c)), &format!("备注 {c}")))
            .chain(std::iter::once("</row>".to_string()))
            .collect::<String>(),
        1,
    );
    rows.push_str(&format!("<row r=\"3\">{}{}{}</row>", s("A3", "P02"), s("B3", &"长".repeat(32_767)), n("C3", 1.0)));
    // 200,000 blank formatted rows (a million in release takes a second; debug builds are slow).
    for r in 4..200_004 {
        rows.push_str(&format!(
            "<row r=\"{r}\" s=\"1\" customFormat=\"1\"><c r=\"A{r}\" s=\"1\"/><c r=\"N{r}\" s=\"1\"/></row>"
        ));
    }
    let p = write_temp(&dir, "big.xlsx", &xlsx(&[("S", rows)], &[]));
    let t = Instant::now();
    let out = read_path(&p);
    quick(t);
    assert_eq!(errors(&out), 0, "{:?}", places(&out));
    assert_eq!(out.tables.managers.len(), 2);
    assert_eq!(out.tables.managers[1].name.chars().count(), 32_767);
    assert_eq!(out.sources[0].sheets[0].rows_read, 2);
}

#[test]
fn zip_bombs_are_refused_before_calamine_inflates() {
    let zeros = "0".repeat(4 * 1024 * 1024);
    let bytes = xlsx(&[("S", managers_rows())], &[("xl/media/pad.xml", &zeros)]);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.as_slice())).unwrap();
    let small = ZipLimits { max_entries: 100, max_inflated: 1024 * 1024, max_ratio: 1000, ratio_from: u64::MAX };
    assert!(check_zip_sizes(&mut zip, &small).unwrap_err().en.starts_with("inflates to more than 1 MB"));
    let ratio = ZipLimits { max_entries: 100, max_inflated: u64::MAX, max_ratio: 100, ratio_from: 1024 };
    assert_eq!(
        check_zip_sizes(&mut zip, &ratio).unwrap_err().en,
        "compression ratio above 100:1, which looks like a zip bomb: not read"
    );
    let few = ZipLimits { max_entries: 3, ..ZipLimits::DEFAULT };
    assert_eq!(
        check_zip_sizes(&mut zip, &few).unwrap_err().en,
        "the archive holds 6 entries, more than the limit of 3"
    );
    let facts = check_zip_sizes(&mut zip, &ZipLimits::DEFAULT).unwrap();
    assert!(!facts.merges);
    assert_eq!(facts.spans_of("S"), Some(&[][..]), "the sheet's regions are known: none");
}

#[test]
fn a_sheet_larger_than_its_declared_size_is_refused_whole() {
    // The central directory says the sheet inflates to 100 bytes; it inflates to more.
    // calamine reads beside the zip check, bounded by the declared size (zip refuses to
    // inflate past it); the zip check's message is the file's.
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = xlsx(&[("S", managers_rows())], &[]);
    let name = b"xl/worksheets/sheet1.xml";
    let mut patched = 0;
    for i in 0..bytes.len().saturating_sub(46) {
        if bytes[i..].starts_with(b"PK\x01\x02") && bytes[i + 46..].starts_with(name) {
            bytes[i + 24..i + 28].copy_from_slice(&100u32.to_le_bytes());
            patched += 1;
        }
    }
    assert_eq!(patched, 1, "the sheet's central directory entry");
    let out = read_path(&write_temp(&dir, "lies.xlsx", &bytes));
    assert_eq!(places(&out), vec!["unreadable-file  "]);
    assert!(out.diags[0].message.en.starts_with("the zip archive is damaged"), "{}", out.diags[0].message.en);
    assert!(out.tables.managers.is_empty());
}

#[test]
fn own_report_is_skipped_and_recognised() {
    let custom = format!(
        "<?xml version=\"1.0\"?><Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties\"><property fmtid=\"{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}\" pid=\"2\" name=\"{}\"><vt:lpwstr>2026-11</vt:lpwstr></property></Properties>",
        crate::REPORT_MARK
    );
    let bytes = xlsx(&[("S", managers_rows())], &[("docProps/custom.xml", &custom)]);
    assert!(is_kaoping_report(&bytes));
    assert!(!is_kaoping_report(&xlsx(&[("S", managers_rows())], &[])));
    let dir = tempfile::tempdir().unwrap();
    let out = read_path(&write_temp(&dir, "kaoping-2026-11.xlsx", &bytes));
    assert_eq!(places(&out), vec!["own-output  "]);
    assert!(out.tables.managers.is_empty());
}

#[test]
fn a_panic_while_reading_is_a_message() {
    let r: Result<(), _> = guarded(|| panic!("calamine bug"));
    assert!(r.unwrap_err().en.starts_with("an internal error while reading (the file is malformed)"));
    assert_eq!(guarded(|| Ok::<_, crate::text::Text>(7)), Ok(7));
}

#[test]
fn a_report_marked_the_way_rust_xlsxwriter_marks_it_is_recognised() {
    // What the report stage does: a custom document property named REPORT_MARK.
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_custom_property(crate::REPORT_MARK, "2026-11"));
    wb.add_worksheet().write_string(0, 0, "排名").unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    assert!(is_kaoping_report(&bytes));
    let mut plain = rust_xlsxwriter::Workbook::new();
    plain.add_worksheet();
    assert!(!is_kaoping_report(&plain.save_to_buffer().unwrap()));
}

#[test]
fn a_formula_whose_result_is_empty_text_is_blank_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let rows = format!(
        "<row r=\"1\">{}{}{}{}</row><row r=\"2\">{}{}{}<c r=\"D2\" t=\"str\"><f>IF(1,\"\",\"x\")</f><v></v></c></row>\
         <row r=\"3\">{}{}<c r=\"C3\"><f>90</f></c></row>",
        s("A1", "工号"),
        s("B1", "评价人"),
        s("C1", "评分"),
        s("D1", "部门"),
        s("A2", "P01"),
        s("B2", "甲"),
        n("C2", 90.0),
        s("A3", "P01"),
        s("B3", "乙"),
    );
    let out = read_path(&write_temp(&dir, "f.xlsx", &xlsx(&[("S", rows)], &[])));
    // Row 2's department formula gave "": blank, fine. Row 3's score formula has no value at all.
    assert_eq!(places(&out), vec!["formula-no-value S C3"]);
    assert_eq!(out.tables.reviews.len(), 1);
    assert_eq!(out.tables.reviews[0].dept, None);
}

#[test]
fn money_in_ten_thousands_is_scaled_to_yuan() {
    let dir = tempfile::tempdir().unwrap();
    let rows = managers_rows().replace("奖金基数", "奖金基数（万元）").replace("<v>5000</v>", "<v>0.35</v>");
    let out = read_path(&write_temp(&dir, "wan.xlsx", &xlsx(&[("S", rows)], &[])));
    assert_eq!(places(&out), Vec::<String>::new());
    // 0.35 万元 = 0.35 × 10,000 = 3,500 yuan.
    assert_eq!(out.tables.managers[0].bonus_base, 3500.0);
}

#[test]
fn damaged_xml_is_unreadable_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = xlsx(&[("S", "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>工号".to_string())], &[]);
    let out = read_path(&write_temp(&dir, "broken.xlsx", &bytes));
    assert_eq!(errors(&out), 1, "{:?}", places(&out));
    assert_eq!(out.diags[0].code, crate::diag::Code::UnreadableFile);
    assert_eq!(&*out.diags[0].sheet, "S");
    assert!(out.diags[0].message.en.starts_with("cannot read this sheet"));
}

#[test]
fn a_header_lower_than_the_thirtieth_row_is_not_found() {
    // SPEC §2: the header is searched among the first 30 rows (here 30 note rows above it).
    let dir = tempfile::tempdir().unwrap();
    let mut rows: String = (1..=30).map(|r| format!("<row r=\"{r}\">{}</row>", s(&format!("A{r}"), "说明"))).collect();
    let mut table = managers_rows().replace("r=\"1\"", "r=\"31\"").replace("r=\"2\"", "r=\"32\"");
    for c in ["A", "B", "C"] {
        table = table.replace(&format!("{c}1\""), &format!("{c}31\"")).replace(&format!("{c}2\""), &format!("{c}32\""));
    }
    rows.push_str(&table);
    let out = read_path(&write_temp(&dir, "low.xlsx", &xlsx(&[("S", rows)], &[])));
    assert_eq!(places(&out), vec!["unrecognized-sheet S "]);
}

/// 50,000 agent rows: reading them must cost about what calamine takes to visit the cells.
/// `cargo test --release --lib read::tests::bench_50k_agents -- --ignored --nocapture`
#[test]
#[ignore]
fn bench_50k_agents() {
    let header = [
        "座席工号",
        "姓名",
        "项目编号",
        "入职日期",
        "离职日期",
        "应出勤天数",
        "实际出勤天数",
        "加班排班天数",
        "加班出勤天数",
        "加班时长",
        "外呼量",
        "接通量",
        "成功订制量",
        "营业收入",
    ];
    let mut rows = String::from("<row r=\"1\">");
    for (c, h) in header.iter().enumerate() {
        rows.push_str(&s(&format!("{}1", crate::diag::column_letters(c as u32)), h));
    }
    rows.push_str("</row>");
    for r in 2..50_002u32 {
        let col = |c: u32| format!("{}{r}", crate::diag::column_letters(c));
        rows.push_str(&format!("<row r=\"{r}\">"));
        rows.push_str(&s(&col(0), &format!("A{r:05}")));
        rows.push_str(&s(&col(1), "张三"));
        rows.push_str(&s(&col(2), &format!("XM{:02}", r % 40)));
        rows.push_str(&n(&col(3), 45000.0 + f64::from(r % 300)));
        for c in 5..14 {
            rows.push_str(&n(&col(c), f64::from((r * 7 + c) % 500)));
        }
        rows.push_str("</row>");
    }
    let bytes = xlsx(&[("S", rows)], &[]);
    let dir = tempfile::tempdir().unwrap();
    let p = write_temp(&dir, "agents.xlsx", &bytes);

    let t = Instant::now();
    let mut wb: calamine::Xlsx<_> = calamine::Reader::new(std::io::Cursor::new(bytes.as_slice())).unwrap();
    let mut cells = wb.worksheet_cells_reader("S").unwrap();
    let mut count = 0;
    while let Some(c) = cells.next_cell().unwrap() {
        if !matches!(c.get_value(), calamine::DataRef::Empty) {
            count += 1;
        }
    }
    let visit = t.elapsed();

    let t = Instant::now();
    sniff::sniff(&bytes).unwrap();
    let sniffing = t.elapsed();
    let t = Instant::now();
    let (_, facts) = sniff::sniff_with_facts(&bytes).unwrap();
    let sheets = open::open(sniff::Format::Xlsx, &mut open::Facts::ready(facts.clone()), &bytes).unwrap();
    let opening = t.elapsed();
    drop(sheets);
    let t = Instant::now();
    let _ = sheet::read_workbook(
        sniff::Format::Xlsx,
        &mut open::Facts::ready(facts),
        &bytes,
        &std::sync::Arc::from("x"),
        &Default::default(),
    );
    eprintln!("sniff + zip check {sniffing:?}; open into grids {opening:?}; open + recognise + rows {:?}", t.elapsed());
    let t = Instant::now();
    let out = read_path(&p);
    let ours = t.elapsed();
    eprintln!("calamine visits {count} cells in {visit:?}; read_inputs in {ours:?} (including sha256 + zip check)");
    assert_eq!(out.tables.agents.len(), 50_000);
    assert_eq!(errors(&out), 0);
}

/// Reads the file named by `KAOPING_READ_FILE` and prints what came out (a tool for
/// trying big or odd workbooks: run in release under `/usr/bin/time -v`).
#[test]
#[ignore]
fn read_file_from_env() {
    let Ok(path) = std::env::var("KAOPING_READ_FILE") else { return };
    let t = Instant::now();
    let out = read_path(Path::new(&path));
    eprintln!("{:?}: {:?}, sources {:?}", t.elapsed(), out.diags, out.sources);
}

#[test]
fn stray_cells_in_xls_and_ods_are_refused_before_calamine_allocates() {
    // LibreOffice files with the managers table at A1 and one cell at IV65536 (xls) or
    // AMJ1048576 (ods): calamine would allocate every cell between.
    for (name, rows, cols) in [("stray_cell_iv65536.xls", 65_536, 256), ("stray_cell_amj1048576.ods", 1_048_576, 1024)]
    {
        let t = Instant::now();
        let out = read(name);
        quick(t);
        assert_eq!(places(&out), vec!["unreadable-file  "], "{name}");
        let want = format!("a sheet's used area is {rows} rows × {cols} columns, more than the limit of 4000000 cells");
        assert!(out.diags[0].message.en.starts_with(&want), "{}", out.diags[0].message.en);
    }
}
