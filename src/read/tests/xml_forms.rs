//! Workbooks whose XML is written in forms the hand-written scanners got wrong or could
//! have (numeric character references, `&amp;`, single quotes, spaces around `=`,
//! another prefix for `r:id`, comments and CDATA), each compared with what calamine
//! itself reads from the same bytes: the sheet names the zip guard joins its merged
//! regions to, and the regions, must be calamine's.

use std::collections::BTreeMap;
use std::io::{Cursor, Write};

use calamine::Reader;

use super::*;

/// A zip of the given parts, in order.
fn zip_of(parts: &[(&str, String)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opt = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in parts {
        zip.start_file(*name, opt).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const RELS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// An xlsx whose workbook.xml names its three sheets with entities, single quotes and
/// another prefix for the relationship id, and whose sheets hold merged regions among
/// comments and CDATA.
fn foreign_xlsx() -> Vec<u8> {
    let sheet_type = format!("{RELS}/worksheet");
    let sheet = |cells: &str, after: &str| {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"{MAIN}\"><sheetData>{cells}</sheetData>{after}</worksheet>"
        )
    };
    let text_cell =
        |r: &str, t: &str| format!("<row r=\"{r}\"><c r=\"A{r}\" t=\"inlineStr\"><is><t>{t}</t></is></c></row>");
    let parts = vec![
        (
            "[Content_Types].xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/></Types>".to_string(),
        ),
        (
            "_rels/.rels",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{RELS}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
            ),
        ),
        (
            "xl/workbook.xml",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"{MAIN}\" xmlns:r=\"{RELS}\" xmlns:rel='{RELS}'><sheets>\
             <sheet name=\"R&amp;D &#x4E2D;&#25991;\" sheetId=\"1\" r:id=\"rId1\"/>\
             <sheet name = 'O&apos;Brien &lt;2&gt;' sheetId = '2' rel:id = 'rId2' />\
             <!-- <sheet name=\"commented\" sheetId=\"9\" r:id=\"rId3\"/> -->\
             <sheet name=\"&#x5E73;&#x5747;\" sheetId=\"3\" r:id=\"rId3\"></sheet></sheets></workbook>"
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
             <Relationship Id=\"rId1\" Type=\"{sheet_type}\" Target=\"worksheets/sheet1.xml\"/>\
             <Relationship Target='/xl/worksheets/sheet2.xml' Type='{sheet_type}' Id='rId2'/>\
             <Relationship Id = \"rId3\" Type=\"{sheet_type}\" Target=\"worksheets/sheet3.xml\"/></Relationships>"
            ),
        ),
        (
            "xl/worksheets/sheet1.xml",
            sheet(
                &text_cell("1", "P01 &#x5F20;&#20255; <![CDATA[<mergeCell ref=\"C1:D1\"/> ]]>"),
                "<!-- <mergeCells><mergeCell ref=\"E1:F9\"/></mergeCells> --><mergeCells count=\"2\"><mergeCell ref='A1:A3'/><mergeCell ref = \"B2:C4\" /></mergeCells>",
            ),
        ),
        (
            "xl/worksheets/sheet2.xml",
            sheet(
                &text_cell("1", "&lt;/sheetData&gt; sheetData>"),
                "<x:mergeCells xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><x:mergeCell ref=\"B1:B2\"/></x:mergeCells>",
            ),
        ),
        ("xl/worksheets/sheet3.xml", sheet(&text_cell("1", "x"), "")),
    ];
    zip_of(&parts)
}

#[test]
fn xlsx_sheet_names_and_merged_regions_are_calamines() {
    let bytes = foreign_xlsx();
    let mut book: calamine::Xlsx<_> = calamine::Xlsx::new(Cursor::new(&bytes[..])).unwrap();
    let mut calamines: BTreeMap<String, Vec<grid::Span>> = BTreeMap::new();
    for name in book.sheet_names() {
        let dims = book.merge_cells_by_sheet_name(&name).unwrap();
        calamines.insert(name, dims.iter().map(|d| (d.start, d.end)).collect());
    }
    assert_eq!(
        calamines.keys().collect::<Vec<_>>(),
        vec!["O'Brien <2>", "R&D 中文", "平均"],
        "calamine's own reading of the names"
    );
    let facts = sniff::xlsx_facts(&bytes).unwrap();
    assert!(facts.merges);
    assert_eq!(facts.merge_spans.as_ref(), Some(&calamines), "the zip guard's regions by sheet name");
    assert_eq!(
        calamines["R&D 中文"],
        vec![((0, 0), (2, 0)), ((1, 1), (3, 2))],
        "not the commented-out region, nor the CDATA"
    );

    // And the reading as a whole: the cells as calamine gives them, merges filled in.
    let dir = tempfile::tempdir().unwrap();
    let out = read_path(&write_temp(&dir, "foreign.xlsx", &bytes));
    assert_eq!(errors(&out), 0, "{:?}", out.diags);
    let sheets: Vec<&str> = out.sources[0].sheets.iter().map(|s| &*s.name).collect();
    assert_eq!(sheets, vec!["R&D 中文", "O'Brien <2>", "平均"]);
}

/// An ods whose table names use entities and single quotes, with a merged region.
fn foreign_ods() -> Vec<u8> {
    let content = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
        <office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.3\"><office:body><office:spreadsheet>\
        <table:table table:name=\"R&amp;D &#x4E2D;&#25991;\"><table:table-row>\
          <table:table-cell table:number-rows-spanned = '2' office:value-type='string'><text:p>P01 &#x5F20;<![CDATA[<x>]]></text:p></table:table-cell>\
          <table:table-cell table:number-columns-repeated=\"2\"/><table:table-cell office:value-type=\"float\" office:value=\"3\"><text:p>3</text:p></table:table-cell></table:table-row>\
          <!-- <table:table-row><table:table-cell office:value-type=\"float\" office:value=\"9\"/></table:table-row> -->\
          <table:table-row table:number-rows-repeated=\"3\"><table:covered-table-cell/></table:table-row>\
          <table:table-row><table:table-cell office:value-type=\"float\" office:value=\"1\"><text:p>1</text:p></table:table-cell></table:table-row>\
        </table:table><table:table table:name='O&apos;Brien'><table:table-row><table:table-cell office:value-type=\"string\"><text:p>x</text:p></table:table-cell></table:table-row></table:table>\
        </office:spreadsheet></office:body></office:document-content>";
    zip_of(&[
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet".to_string()),
        ("META-INF/manifest.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\"><manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/><manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>".to_string()),
        ("content.xml", content.to_string()),
    ])
}

#[test]
fn ods_table_names_and_extents_are_calamines() {
    let bytes = foreign_ods();
    let mut book: calamine::Ods<_> = calamine::Ods::new(Cursor::new(&bytes[..])).unwrap();
    let names = book.sheet_names();
    assert_eq!(names, vec!["R&D 中文", "O'Brien"], "calamine's own reading of the names");
    let scan = dense::check_ods(&bytes).unwrap();
    let scanned: Vec<&str> = scan.merges.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(scanned, names);
    assert_eq!(scan.merges[0].1, vec![((0, 0), (1, 0))], "rows spanned, with single quotes and spaces");
    // The extent of value cells is calamine's range (a commented-out row is not a row).
    let range = book.worksheet_range(&names[0]).unwrap();
    let (end_row, end_col) = range.end().unwrap();
    assert_eq!(range.start(), Some((0, 0)));
    assert_eq!(scan.worst, (u64::from(end_row) + 1, u64::from(end_col) + 1));
    assert_eq!(scan.worst, (5, 4));
}
