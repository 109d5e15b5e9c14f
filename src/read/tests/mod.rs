//! Reading end to end through [`read_inputs`]: the committed fixtures
//! (tests/fixtures/read, made by make_fixtures.py with openpyxl and LibreOffice),
//! and hostile workbooks built here (stray cells, a million blank rows, huge cells,
//! ten thousand columns, zip bombs, files that are not spreadsheets).

mod fixtures;
mod hostile;
mod xml_forms;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use super::*;
use crate::diag::Severity;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/read").join(name)
}

fn read(name: &str) -> ReadOutput {
    read_inputs(&[fixture(name)], &Default::default(), &|_| {})
}

fn read_path(path: &Path) -> ReadOutput {
    read_inputs(&[path.to_path_buf()], &Default::default(), &|_| {})
}

/// `code sheet cell` of every diagnostic, for compact assertions.
fn places(out: &ReadOutput) -> Vec<String> {
    out.diags.iter().map(|d| format!("{} {} {}", d.code, d.sheet, d.cell())).collect()
}

fn errors(out: &ReadOutput) -> usize {
    crate::diag::count(&out.diags, Severity::Error)
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A minimal xlsx: one sheet per (name, sheetData XML), plus optional extra parts.
fn xlsx(sheets: &[(&str, String)], extra: &[(&str, &str)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opt = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut overrides = String::new();
    let mut wb_sheets = String::new();
    let mut rels = String::new();
    for (i, (name, _)) in sheets.iter().enumerate() {
        let n = i + 1;
        overrides.push_str(&format!("<Override PartName=\"/xl/worksheets/sheet{n}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"));
        wb_sheets.push_str(&format!("<sheet name=\"{name}\" sheetId=\"{n}\" r:id=\"rId{n}\"/>"));
        rels.push_str(&format!("<Relationship Id=\"rId{n}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet{n}.xml\"/>"));
    }
    let parts: Vec<(String, String)> = vec![
        ("[Content_Types].xml".into(), format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>{overrides}</Types>")),
        ("_rels/.rels".into(), "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>".into()),
        ("xl/workbook.xml".into(), format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>{wb_sheets}</sheets></workbook>")),
        ("xl/_rels/workbook.xml.rels".into(), format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{rels}</Relationships>")),
    ];
    for (name, body) in parts {
        zip.start_file(name, opt).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    for (i, (_, data)) in sheets.iter().enumerate() {
        zip.start_file(format!("xl/worksheets/sheet{}.xml", i + 1), opt).unwrap();
        zip.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>").unwrap();
        zip.write_all(data.as_bytes()).unwrap();
        zip.write_all(b"</sheetData></worksheet>").unwrap();
    }
    for (name, body) in extra {
        zip.start_file(*name, opt).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn s(cell: &str, text: &str) -> String {
    format!("<c r=\"{cell}\" t=\"inlineStr\"><is><t>{text}</t></is></c>")
}

fn n(cell: &str, v: f64) -> String {
    format!("<c r=\"{cell}\"><v>{v}</v></c>")
}

/// The managers header in row 1 and P01 in row 2.
fn managers_rows() -> String {
    format!(
        "<row r=\"1\">{}{}{}</row><row r=\"2\">{}{}{}</row>",
        s("A1", "工号"),
        s("B1", "姓名"),
        s("C1", "奖金基数"),
        s("A2", "P01"),
        s("B2", "刘备"),
        n("C2", 5000.0)
    )
}

fn write_temp(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn quick(t: Instant) {
    // Generous for debug builds on a shared 2-core machine; release is far faster.
    assert!(t.elapsed() < Duration::from_secs(60), "took {:?}", t.elapsed());
}
