//! The "written by kaoping" mark: a custom document property
//! ([`crate::REPORT_MARK`] = the tool's version) in `docProps/custom.xml`.
//!
//! [`build`](super::build) writes it; [`is_kaoping_report`] finds it again, for
//! the `own-output` skip among the inputs and for refusing to overwrite a
//! foreign file at `--out` without `--force`.

use std::io::{Cursor, Read};

/// The custom properties part is small; anything larger is not ours.
const MAX_PART: u64 = 1 << 20;

/// Whether `bytes` are a workbook that kaoping wrote. Never fails: anything that
/// is not a zip, has no custom properties or no mark is simply not a report.
pub fn is_kaoping_report(bytes: &[u8]) -> bool {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return false;
    };
    let Ok(part) = zip.by_name("docProps/custom.xml") else {
        return false;
    };
    let mut xml = String::new();
    if part.take(MAX_PART).read_to_string(&mut xml).is_err() {
        return false;
    }
    xml.contains(&format!("name=\"{}\"", crate::REPORT_MARK))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_workbook_is_not_a_report() {
        let mut wb = rust_xlsxwriter::Workbook::new();
        wb.add_worksheet().write_string(0, 0, "kaoping-report").unwrap();
        assert!(!is_kaoping_report(&wb.save_to_buffer().unwrap()));
        let props = rust_xlsxwriter::DocProperties::new().set_custom_property("other", "x");
        let mut wb = rust_xlsxwriter::Workbook::new();
        wb.set_properties(&props);
        wb.add_worksheet();
        assert!(!is_kaoping_report(&wb.save_to_buffer().unwrap()));
    }

    #[test]
    fn anything_else_is_not_a_report() {
        assert!(!is_kaoping_report(b""));
        assert!(!is_kaoping_report(b"PK\x03\x04 broken"));
        assert!(!is_kaoping_report("名字,分数\n张三,90\n".as_bytes()));
    }
}
