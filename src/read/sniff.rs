//! What a file really is, from its bytes (never from its name), and the zip-bomb guard.
//!
//! calamine's `open_workbook_auto` trusts the extension and loses the real error;
//! here the first bytes decide, and a zip's central directory is checked (and its
//! entries actually inflated, with a cap) before calamine inflates anything.

use std::io::{Cursor, Read};

use zip::ZipArchive;

use crate::t;
use crate::text::Text;

use super::limits;

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
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Xlsb => "xlsb",
            Format::Xls => "xls",
            Format::Ods => "ods",
        }
    }
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fn accepted() -> Text {
    t!("可接受：.xlsx、.xlsm、.xls、.xlsb、.ods 工作簿", "accepted: .xlsx, .xlsm, .xls, .xlsb, .ods workbooks")
}

/// What the zip check saw in the worksheets while inflating them anyway: whether
/// any holds merged cells or formulas, so that calamine's extra passes over the
/// sheet XML (merge regions, formula metadata) are made only where they can find something.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZipFacts {
    pub merges: bool,
    pub formulas: bool,
}

impl ZipFacts {
    /// For formats that are not zips, or when nothing was looked at: assume both.
    pub const UNKNOWN: ZipFacts = ZipFacts { merges: true, formulas: true };
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
pub fn sniff_with_facts(bytes: &[u8]) -> Result<(Format, ZipFacts), Text> {
    if bytes.is_empty() {
        return Err(t!("文件是空的(0 字节)", "the file is empty (0 bytes)").join(&accepted()));
    }
    if bytes.starts_with(ZIP_MAGIC) {
        return sniff_zip(bytes);
    }
    if bytes.starts_with(CFB_MAGIC) {
        return if cfb_has_stream(bytes, "EncryptionInfo") {
            Err(password())
        } else {
            Ok((Format::Xls, ZipFacts::UNKNOWN))
        };
    }
    let (zh, en) = looks_like(bytes);
    Err(t!("不是电子表格：看起来是{zh}", "not a spreadsheet: it looks like {en}").join(&accepted()))
}

/// The message for an encrypted workbook.
pub fn password() -> Text {
    t!("工作簿设有密码保护：请去掉密码后重新保存", "protected by a password: remove the password and save again")
}

/// A guess at what a non-spreadsheet file is, (zh, en).
fn looks_like(bytes: &[u8]) -> (&'static str, &'static str) {
    let head = &bytes[..bytes.len().min(512)];
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with("<!doctype html") || text.starts_with("<html") || text.contains("<table") {
        ("网页(HTML)，可能是系统导出的“假 xls”", "a web page (HTML), perhaps a system export named .xls")
    } else if text.starts_with("<?xml") {
        ("XML 文件(可能是 Excel 2003 XML 表格)", "an XML file (perhaps an Excel 2003 XML spreadsheet)")
    } else if text.starts_with("%pdf") {
        ("PDF 文件", "a PDF file")
    } else if std::str::from_utf8(head).is_ok() && (head.contains(&b',') || head.contains(&b'\t')) {
        ("文本文件(CSV 或制表符分隔)", "a text file (CSV or tab-separated)")
    } else if std::str::from_utf8(head).is_ok() {
        ("文本文件", "a text file")
    } else {
        ("未知的二进制数据", "unknown binary data")
    }
}

fn sniff_zip(bytes: &[u8]) -> Result<(Format, ZipFacts), Text> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(e).join(&accepted()))?;
    let facts = check_zip_sizes(&mut zip, &ZipLimits::DEFAULT)?;
    let has = |zip: &ZipArchive<Cursor<&[u8]>>, name: &str| zip.index_for_name(name).is_some();
    if has(&zip, "xl/workbook.xml") {
        Ok((Format::Xlsx, facts))
    } else if has(&zip, "xl/workbook.bin") {
        Ok((Format::Xlsb, ZipFacts::UNKNOWN))
    } else if has(&zip, "content.xml") && has(&zip, "mimetype") {
        Ok((Format::Ods, ZipFacts::UNKNOWN))
    } else if has(&zip, "word/document.xml") {
        Err(t!("这是 Word 文档，不是电子表格", "this is a Word document, not a spreadsheet").join(&accepted()))
    } else if has(&zip, "ppt/presentation.xml") {
        Err(t!("这是 PowerPoint 演示文稿，不是电子表格", "this is a PowerPoint file, not a spreadsheet")
            .join(&accepted()))
    } else {
        Err(t!("这是 zip 压缩包，但里面不是工作簿", "a zip archive, but not a workbook").join(&accepted()))
    }
}

/// The bounds a zip must keep (see [`limits`]).
#[derive(Debug, Clone, Copy)]
pub struct ZipLimits {
    pub max_entries: usize,
    pub max_inflated: u64,
    pub max_ratio: u64,
    pub ratio_from: u64,
}

impl ZipLimits {
    pub const DEFAULT: ZipLimits = ZipLimits {
        max_entries: limits::MAX_ZIP_ENTRIES,
        max_inflated: limits::MAX_INFLATED_BYTES,
        max_ratio: limits::MAX_COMPRESSION_RATIO,
        ratio_from: limits::RATIO_CHECK_FROM,
    };
}

/// The zip-bomb guard: declared sizes from the central directory first, then an
/// actual (capped, discarded) inflation of every entry, since declared sizes can lie.
/// While the worksheets stream past, notes whether they hold merges or formulas.
pub fn check_zip_sizes(zip: &mut ZipArchive<Cursor<&[u8]>>, lim: &ZipLimits) -> Result<ZipFacts, Text> {
    if zip.len() > lim.max_entries {
        let (n, max) = (zip.len(), lim.max_entries);
        return Err(t!(
            "压缩包内有 {n} 个文件，超过上限 {max}",
            "the archive holds {n} entries, more than the limit of {max}"
        ));
    }
    let mut declared: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(damaged)?;
        declared = declared.saturating_add(entry.size());
        ratio_check(entry.size(), entry.compressed_size(), lim)?;
    }
    if declared > lim.max_inflated {
        return Err(too_big_inflated(declared, lim));
    }
    let mut actual: u64 = 0;
    let mut facts = ZipFacts { merges: false, formulas: false };
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(damaged)?;
        let compressed = entry.compressed_size();
        let is_sheet = entry.name().is_ok_and(|n| n.starts_with("xl/worksheets/"));
        let mut tail = [0u8; 16];
        let mut this: u64 = 0;
        loop {
            let n = match entry.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) => return Err(damaged(e)),
            };
            if is_sheet && !(facts.merges && facts.formulas) {
                scan_sheet_xml(&tail, &buf[..n], &mut facts);
                if n >= 16 {
                    tail.copy_from_slice(&buf[n - 16..n]);
                }
            }
            let n = n as u64;
            this += n;
            actual += n;
            if actual > lim.max_inflated {
                return Err(too_big_inflated(actual, lim));
            }
            ratio_check(this, compressed, lim)?;
        }
    }
    Ok(facts)
}

/// Looks for `<mergeCell` and a formula element (`<f>`, `<f …`, or prefixed `:f>`,
/// `:f …`) in a chunk of sheet XML; `tail` is the end of the previous chunk, so a
/// tag cut in two is still seen.
fn scan_sheet_xml(tail: &[u8], chunk: &[u8], facts: &mut ZipFacts) {
    let mut look = |bytes: &[u8]| {
        for (i, _) in bytes.iter().enumerate().filter(|(_, b)| **b == b'<') {
            let rest = &bytes[i + 1..];
            let rest = match rest.iter().take(12).position(|b| *b == b':') {
                Some(p) if rest[..p].iter().all(u8::is_ascii_alphanumeric) => &rest[p + 1..],
                _ => rest,
            };
            if rest.starts_with(b"mergeCell") {
                facts.merges = true;
            } else if rest.len() >= 2 && rest[0] == b'f' && matches!(rest[1], b'>' | b' ' | b'/') {
                facts.formulas = true;
            }
        }
    };
    let k = chunk.len().min(16);
    let mut seam = tail.to_vec();
    seam.extend_from_slice(&chunk[..k]);
    look(&seam);
    look(chunk);
}

fn ratio_check(inflated: u64, compressed: u64, lim: &ZipLimits) -> Result<(), Text> {
    if inflated > lim.ratio_from && inflated / compressed.max(1) > lim.max_ratio {
        let max = lim.max_ratio;
        return Err(t!(
            "压缩比异常(超过 {max}:1)，疑似“zip 炸弹”，未读取",
            "compression ratio above {max}:1, which looks like a zip bomb: not read"
        ));
    }
    Ok(())
}

fn damaged(e: impl std::fmt::Display) -> Text {
    t!("zip 压缩包已损坏：{}", "the zip archive is damaged: {}", e)
}

fn too_big_inflated(n: u64, lim: &ZipLimits) -> Text {
    let (mb, max) = (n / 1_048_576, lim.max_inflated / 1_048_576);
    t!(
        "解压后超过 {max} MB(至少 {mb} MB)，超过上限；请拆分工作簿",
        "inflates to more than {max} MB (at least {mb} MB), over the limit; split the workbook"
    )
}

/// Whether a compound file holds a stream of that name (an encrypted OOXML workbook
/// holds `EncryptionInfo`). Directory entries are UTF-16LE names in 128-byte records;
/// a byte search for the UTF-16 name is enough here, and cannot go wrong on bad input.
fn cfb_has_stream(bytes: &[u8], name: &str) -> bool {
    let needle: Vec<u8> = name.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

/// Whether the bytes are a workbook written by kaoping (custom document property
/// [`crate::REPORT_MARK`] in `docProps/custom.xml`). Never panics; `false` on anything odd.
pub fn is_kaoping_report(bytes: &[u8]) -> bool {
    if !bytes.starts_with(ZIP_MAGIC) {
        return false;
    }
    let Ok(mut zip) = ZipArchive::new(Cursor::new(bytes)) else { return false };
    let Ok(entry) = zip.by_name("docProps/custom.xml") else { return false };
    let mut xml = String::new();
    if entry.take(limits::MAX_PROPS_BYTES).read_to_string(&mut xml).is_err() {
        return false;
    }
    let needle = format!("name=\"{}\"", crate::REPORT_MARK);
    xml.contains(&needle)
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
    fn encrypted_ooxml_is_a_password_message() {
        let mut bytes = CFB_MAGIC.to_vec();
        bytes.extend(vec![0u8; 100]);
        assert_eq!(sniff(&bytes), Ok(Format::Xls));
        bytes.extend("EncryptionInfo".encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(sniff(&bytes).unwrap_err(), password());
    }

    #[test]
    fn sees_merges_and_formulas_even_across_chunks() {
        let mut f = ZipFacts { merges: false, formulas: false };
        scan_sheet_xml(&[0; 16], b"<row><c r=\"A1\"><v>1</v></c></row><font/>", &mut f);
        assert_eq!(f, ZipFacts { merges: false, formulas: false });
        scan_sheet_xml(b"xxxxxxxxxxxxx<me", b"rgeCell ref=\"A1:B2\"/>", &mut f);
        assert!(f.merges && !f.formulas);
        scan_sheet_xml(&[0; 16], b"<x:c><x:f>SUM(A1)</x:f></x:c>", &mut f);
        assert!(f.formulas);
    }

    #[test]
    fn not_a_report_on_odd_bytes() {
        assert!(!is_kaoping_report(b""));
        assert!(!is_kaoping_report(b"PK\x03\x04"));
        assert!(!is_kaoping_report(b"hello"));
    }
}
