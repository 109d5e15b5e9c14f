//! What a file really is, from its bytes (never from its name; only a `.csv` name lets
//! text be read as CSV). Takes a file's bytes; gives its [`Format`] or why it is not
//! read ([`Refused`]).
//!
//! calamine's `open_workbook_auto` trusts the extension and loses the real error; here
//! the first bytes decide. A zip is checked by the zip-bomb guard (`zip_guard`) before
//! calamine inflates anything; a compound file is an .xls unless its directory holds
//! an `EncryptionInfo` stream (an encrypted OOXML workbook). A web page, XML or text
//! under a workbook's name is a spreadsheet a person can save again (`skipped-file`);
//! empty, damaged, encrypted or unknown bytes are `unreadable-file`.

use std::io::{Cursor, Read};

use quick_xml::events::Event;
use zip::ZipArchive;

use crate::t;
use crate::text::Text;

use super::limits;
use super::xml::{Events, attr, element_text};
pub(super) use super::zip_guard::accepted;
pub use super::zip_guard::{ZipFacts, xlsx_facts};
use super::zip_guard::{ZipLimits, check_declared_sizes, damaged, inflate_and_scan};

/// A spreadsheet format calamine can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Office Open XML workbook (.xlsx, .xlsm).
    Xlsx,
    /// Excel binary workbook (.xlsb).
    Xlsb,
    /// Legacy Excel 97–2003 workbook (.xls).
    Xls,
    /// OpenDocument spreadsheet (.ods).
    Ods,
    /// A CSV export (UTF-8 with or without BOM, or GBK), read as one sheet.
    Csv,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Xlsb => "xlsb",
            Format::Xls => "xls",
            Format::Ods => "ods",
            Format::Csv => "csv",
        }
    }
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Why a file's bytes are not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Broken, encrypted, empty or unknown bytes (`unreadable-file`, an error).
    Unreadable(Text),
    /// A spreadsheet in a form kaoping cannot read, but a person can fix by saving it
    /// again (`skipped-file`, a warning): web pages and text named like workbooks.
    Skipped(Text),
}

impl Refused {
    #[cfg(test)]
    pub fn message(&self) -> &Text {
        match self {
            Refused::Unreadable(t) | Refused::Skipped(t) => t,
        }
    }
}

/// Sniffs a file's format from its bytes; `csv_name`: the file's name ends in `.csv`,
/// so text is read as CSV rather than refused. Zip and compound-file bytes are read as
/// what they are, whatever the name.
///
/// # Errors
/// What the bytes are and what to do: [`Refused::Skipped`] for a web page or text with
/// a workbook's name (save it again as .xlsx), [`Refused::Unreadable`] otherwise.
pub fn sniff_file(bytes: &[u8], csv_name: bool) -> Result<(Format, Option<ZipFacts>), Refused> {
    if bytes.is_empty() || bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(CFB_MAGIC) {
        return sniff_deferring(bytes).map_err(Refused::Unreadable);
    }
    let looks = looks_like(bytes);
    match looks {
        Looks::Html | Looks::Xml => {}
        Looks::Csv | Looks::Text if csv_name => return Ok((Format::Csv, Some(ZipFacts::UNKNOWN))),
        Looks::Csv | Looks::Text => {}
        Looks::Pdf | Looks::Binary if csv_name && super::delimited::decode(bytes).is_ok() => {
            return Ok((Format::Csv, Some(ZipFacts::UNKNOWN)));
        }
        Looks::Pdf | Looks::Binary => return sniff_deferring(bytes).map_err(Refused::Unreadable),
    }
    Err(Refused::Skipped(match looks {
        Looks::Html => t!(
            "这是网页（HTML），不是工作簿（业务系统导出的“Excel”常常如此），kaoping 无法读取：请用 WPS 或 Excel 打开后另存为 .xlsx",
            "a web page (HTML), not a workbook (web systems export \"Excel\" like this), which kaoping cannot read: open it in WPS or Excel and save it as .xlsx"
        ),
        Looks::Xml => t!(
            "这是 XML 文件（可能是 Excel 2003 XML 表格），kaoping 无法读取：请用 WPS 或 Excel 打开后另存为 .xlsx",
            "an XML file (perhaps an Excel 2003 XML spreadsheet), which kaoping cannot read: open it in WPS or Excel and save it as .xlsx"
        ),
        _ => t!(
            "这是文本文件（CSV 或制表符分隔），不是工作簿：请用 WPS 打开后另存为 .xlsx，或把扩展名改为 .csv",
            "a text file (CSV or tab-separated), not a workbook: open it in WPS and save it as .xlsx, or rename it to .csv"
        ),
    }))
}

/// Sniffs the format (see [`sniff_with_facts`]).
#[cfg(test)]
pub fn sniff(bytes: &[u8]) -> Result<Format, Text> {
    sniff_with_facts(bytes).map(|(f, _)| f)
}

/// Sniffs the format and, for zips, checks the archive against the size limits.
///
/// # Errors
/// A message for the user saying what the bytes look like and what is accepted.
#[cfg(test)]
pub fn sniff_with_facts(bytes: &[u8]) -> Result<(Format, ZipFacts), Text> {
    let (format, facts) = sniff_deferring(bytes)?;
    Ok((
        format,
        match facts {
            Some(facts) => facts,
            None => xlsx_facts(bytes)?,
        },
    ))
}

/// Sniffs the format and, for zips, checks the archive against the size limits.
/// An xlsx's inflation pass is left to [`xlsx_facts`] (facts `None`), which the caller
/// runs beside calamine: the declared sizes are checked here, and zip refuses to
/// inflate an entry past its declared size, so calamine's own reading is bounded either way.
///
/// # Errors
/// A message for the user saying what the bytes look like and what is accepted.
pub fn sniff_deferring(bytes: &[u8]) -> Result<(Format, Option<ZipFacts>), Text> {
    if bytes.is_empty() {
        return Err(t!("文件是空的（0 字节）", "the file is empty (0 bytes)").join(&accepted()));
    }
    if bytes.starts_with(ZIP_MAGIC) {
        return sniff_zip(bytes);
    }
    if bytes.starts_with(CFB_MAGIC) {
        return if is_encrypted_ooxml(bytes) { Err(password()) } else { Ok((Format::Xls, Some(ZipFacts::UNKNOWN))) };
    }
    let Text { zh, en } = looks_like(bytes).words();
    Err(t!("不是电子表格：看起来是{zh}", "not a spreadsheet: it looks like {en}").join(&accepted()))
}

/// The message for an encrypted workbook.
pub fn password() -> Text {
    t!("工作簿设有密码保护：请去掉密码后重新保存", "protected by a password: remove the password and save again")
}

/// A guess at what a non-spreadsheet file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Looks {
    Html,
    Xml,
    Pdf,
    Csv,
    Text,
    Binary,
}

impl Looks {
    fn words(self) -> Text {
        match self {
            Looks::Html => Text::of(
                "网页（HTML），可能是系统导出的“假 xls”",
                "a web page (HTML), perhaps a system export named .xls",
            ),
            Looks::Xml => Text::of(
                "XML 文件（可能是 Excel 2003 XML 表格）",
                "an XML file (perhaps an Excel 2003 XML spreadsheet)",
            ),
            Looks::Pdf => Text::of("PDF 文件", "a PDF file"),
            Looks::Csv => Text::of("文本文件（CSV 或制表符分隔）", "a text file (CSV or tab-separated)"),
            Looks::Text => Text::of("文本文件", "a text file"),
            Looks::Binary => Text::of("未知的二进制数据", "unknown binary data"),
        }
    }
}

/// Text is UTF-8 (a BOM allowed), or GBK without a NUL byte; a cut multi-byte
/// character at the end of the first 512 bytes does not count against it.
fn looks_like(bytes: &[u8]) -> Looks {
    let head = &bytes[..bytes.len().min(512)];
    let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
    let lower = lower.trim_start_matches('\u{feff}').trim_start();
    let cut = if head.len() < bytes.len() { head.len().saturating_sub(3) } else { head.len() };
    let utf8 = match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none() && e.valid_up_to() >= cut,
    };
    let gbk = !head.contains(&0)
        && encoding_rs::GBK.decode_without_bom_handling_and_without_replacement(&head[..cut]).is_some();
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") || lower.contains("<table") {
        Looks::Html
    } else if lower.starts_with("<?xml") {
        Looks::Xml
    } else if lower.starts_with("%pdf") {
        Looks::Pdf
    } else if (utf8 || gbk) && (head.contains(&b',') || head.contains(&b'\t')) {
        Looks::Csv
    } else if utf8 {
        Looks::Text
    } else {
        Looks::Binary
    }
}

fn sniff_zip(bytes: &[u8]) -> Result<(Format, Option<ZipFacts>), Text> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(e).join(&accepted()))?;
    let has = |zip: &ZipArchive<Cursor<&[u8]>>, name: &str| zip.index_for_name(name).is_some();
    check_declared_sizes(&mut zip, &ZipLimits::DEFAULT)?;
    let facts =
        if has(&zip, "xl/workbook.xml") { None } else { Some(inflate_and_scan(&mut zip, &ZipLimits::DEFAULT)?) };
    if has(&zip, "xl/workbook.xml") {
        Ok((Format::Xlsx, facts))
    } else if has(&zip, "xl/workbook.bin") {
        Ok((Format::Xlsb, Some(ZipFacts::UNKNOWN)))
    } else if has(&zip, "content.xml") && has(&zip, "mimetype") {
        Ok((Format::Ods, Some(ZipFacts::UNKNOWN)))
    } else if has(&zip, "word/document.xml") {
        Err(t!("这是 Word 文档，不是电子表格", "this is a Word document, not a spreadsheet").join(&accepted()))
    } else if has(&zip, "ppt/presentation.xml") {
        Err(t!("这是 PowerPoint 演示文稿，不是电子表格", "this is a PowerPoint file, not a spreadsheet")
            .join(&accepted()))
    } else {
        Err(t!("这是 zip 压缩包，但里面不是工作簿", "a zip archive, but not a workbook").join(&accepted()))
    }
}

/// Whether a compound file is an encrypted OOXML workbook: its directory holds an
/// `EncryptionInfo` stream (beside `EncryptedPackage`). The directory is read with the
/// `cfb` crate, so text that merely says "EncryptionInfo" in a cell of a plain .xls
/// does not count. A compound file `cfb` cannot read is left to calamine, which says
/// what is wrong with it; a protected .xls (a FILEPASS record) is calamine's
/// `XlsError::Password`.
fn is_encrypted_ooxml(bytes: &[u8]) -> bool {
    let Ok(file) = cfb::CompoundFile::open(Cursor::new(bytes)) else { return false };
    file.is_stream("/EncryptionInfo")
}

/// Whether the bytes are a workbook written by kaoping (custom document property
/// [`crate::REPORT_MARK`] in `docProps/custom.xml`). Never panics; `false` on anything odd.
/// What kaoping's own report says of itself (its document properties).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReportFacts {
    /// The month it reports on (`kaoping-month`), when it says.
    pub month: Option<String>,
    /// A person (or a program) saved it after kaoping wrote it: kaoping writes its
    /// created and modified times equal, with itself as the last to modify it.
    pub edited: bool,
}

/// The facts of a workbook that carries kaoping's mark; `None` for any other file.
pub fn report_facts(bytes: &[u8]) -> Option<ReportFacts> {
    if !is_kaoping_report(bytes) {
        return None;
    }
    let mut zip = ZipArchive::new(Cursor::new(bytes)).ok()?;
    let (custom, core) = (part(&mut zip, "docProps/custom.xml"), part(&mut zip, "docProps/core.xml"));
    let month = custom_property(&custom, "kaoping-month");
    let core = elements(&core, &["created", "modified", "lastModifiedBy"]);
    let edited = core[0] != core[1] || core[2].as_deref().is_some_and(|by| by != "kaoping");
    Some(ReportFacts { month, edited })
}

/// A document-properties part, at most [`limits::MAX_PROPS_BYTES`] of it (empty when absent).
fn part(zip: &mut ZipArchive<Cursor<&[u8]>>, name: &str) -> Vec<u8> {
    let mut xml = Vec::new();
    if let Ok(entry) = zip.by_name(name) {
        let _ = entry.take(limits::MAX_PROPS_BYTES).read_to_end(&mut xml);
    }
    xml
}

/// The text of a custom document property (`<property name="…"><vt:lpwstr>text</…>`):
/// empty for a property without a value, `None` where there is no such property.
fn custom_property(xml: &[u8], name: &str) -> Option<String> {
    let mut events = Events::new(xml);
    let mut inside = false;
    while let Some(event) = events.next() {
        match event {
            Event::Start(e) if e.local_name().into_inner() == "property" => {
                inside = attr(&e, "name").as_deref() == Some(name);
            }
            Event::Empty(e)
                if e.local_name().into_inner() == "property" && attr(&e, "name").as_deref() == Some(name) =>
            {
                return Some(String::new());
            }
            Event::Start(_) if inside => return element_text(&mut events),
            Event::Empty(_) | Event::End(_) if inside => return Some(String::new()),
            _ => {}
        }
    }
    None
}

/// The text of the first element of each local name in `names`, in that order.
fn elements(xml: &[u8], names: &[&str]) -> Vec<Option<String>> {
    let mut found = vec![None; names.len()];
    let mut events = Events::new(xml);
    while let Some(event) = events.next() {
        if let Event::Start(e) = event
            && let Some(i) = names.iter().position(|n| *n == e.local_name().into_inner())
        {
            let text = element_text(&mut events);
            found[i] = found[i].take().or(text);
        }
    }
    found
}

pub fn is_kaoping_report(bytes: &[u8]) -> bool {
    if !bytes.starts_with(ZIP_MAGIC) {
        return false;
    }
    let Ok(mut zip) = ZipArchive::new(Cursor::new(bytes)) else { return false };
    if zip.index_for_name("docProps/custom.xml").is_none() {
        return false;
    }
    custom_property(&part(&mut zip, "docProps/custom.xml"), crate::REPORT_MARK).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_what_is_not_a_spreadsheet() {
        let csv = sniff(b"a,b,c\n1,2,3\n").unwrap_err();
        assert_eq!(
            csv.en,
            "not a spreadsheet: it looks like a text file (CSV or tab-separated); accepted: .xlsx, .xlsm, .xls, .xlsb, .ods workbooks"
        );
        assert!(sniff(b"<html><table></table></html>").unwrap_err().en.contains("HTML"));
        assert!(sniff(b"").unwrap_err().en.starts_with("the file is empty"));
        assert!(sniff(&[0u8, 159, 146, 150, 7, 8]).unwrap_err().en.contains("unknown binary data"));
        assert!(sniff(b"PK\x03\x04garbage").unwrap_err().en.contains("damaged"));
    }

    #[test]
    fn only_a_real_encryption_stream_is_a_password() {
        let mut bytes = CFB_MAGIC.to_vec();
        bytes.extend(vec![0u8; 100]);
        bytes.extend("EncryptionInfo".encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(sniff(&bytes), Ok(Format::Xls), "the word among the bytes is not a stream");
        let real = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/read/password.xlsx")).unwrap();
        assert_eq!(sniff(&real).unwrap_err(), password());
    }

    #[test]
    fn text_is_csv_by_its_name_and_skipped_otherwise() {
        let kind = |bytes: &[u8], csv| match sniff_file(bytes, csv) {
            Ok((f, _)) => f.name().to_string(),
            Err(Refused::Skipped(_)) => "skipped".to_string(),
            Err(Refused::Unreadable(_)) => "unreadable".to_string(),
        };
        let gbk = encoding_rs::GBK.encode("工号,姓名\nP01,张伟\n").0.into_owned();
        assert_eq!(kind(b"a,b\n1,2\n", true), "csv");
        assert_eq!(kind("\u{feff}工号,姓名\n".as_bytes(), true), "csv");
        assert_eq!(kind(&gbk, true), "csv");
        let utf16: Vec<u8> = "\u{feff}工号\t姓名\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(kind(&utf16, true), "csv");
        assert_eq!(kind(&gbk, false), "skipped");
        assert_eq!(kind(b"a,b\n1,2\n", false), "skipped");
        assert_eq!(kind(b"<!DOCTYPE html><table>", false), "skipped");
        assert_eq!(kind(b"<!DOCTYPE html><table>", true), "skipped");
        assert_eq!(kind(b"", true), "unreadable");
        assert_eq!(kind(&[0u8, 159, 146, 150, 7, 8], false), "unreadable");
        assert_eq!(kind(&[0u8, 159, 146, 150, 7, 8], true), "unreadable");
        let html = sniff_file(b"<html><table>", false).unwrap_err();
        assert!(html.message().zh.contains("另存为 .xlsx"), "{}", html.message().zh);
    }

    #[test]
    fn document_properties_as_xml_writes_them() {
        // Single quotes, a character reference in the name, the value on its own line
        // and in CDATA: what a program that saves the report again may write.
        let custom = br#"<Properties xmlns:vt="v"><property pid="2" name = 'kaoping&#x2D;report'>
            <vt:lpwstr>0.1</vt:lpwstr></property><property name="kaoping-month"><vt:lpwstr><![CDATA[2026]]>&#x2D;11</vt:lpwstr></property><property name="empty"/></Properties>"#;
        assert_eq!(custom_property(custom, crate::REPORT_MARK).as_deref(), Some("0.1"));
        assert_eq!(custom_property(custom, "kaoping-month").as_deref(), Some("2026-11"));
        assert_eq!(custom_property(custom, "empty").as_deref(), Some(""));
        assert_eq!(custom_property(custom, "other"), None);
        assert_eq!(custom_property(b"<!-- <property name=\"kaoping-report\"/> -->", crate::REPORT_MARK), None);
        let core = br#"<cp:coreProperties><dc:creator>A &amp; B</dc:creator><cp:lastModifiedBy>kao&#112;ing</cp:lastModifiedBy></cp:coreProperties>"#;
        assert_eq!(
            elements(core, &["lastModifiedBy", "creator", "created"]),
            [Some("kaoping".to_string()), Some("A & B".to_string()), None]
        );
    }

    #[test]
    fn not_a_report_on_odd_bytes() {
        assert!(!is_kaoping_report(b""));
        assert!(!is_kaoping_report(b"PK\x03\x04"));
        assert!(!is_kaoping_report(b"hello"));
    }
}
