//! What a file really is, from its bytes (never from its name), and the zip-bomb guard.
//!
//! calamine's `open_workbook_auto` trusts the extension and loses the real error;
//! here the first bytes decide, and a zip's central directory (entries, declared sizes
//! and ratios) is checked before calamine inflates anything. The entries are also
//! actually inflated, with a cap, since declared sizes can lie: for an xlsx beside
//! calamine's reading (zip itself stops any entry at its declared size, so calamine's
//! reading is bounded meanwhile), and the zip check's refusal then wins.

use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, Read};

use zip::ZipArchive;

use crate::t;
use crate::text::Text;

use super::grid::Span;
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

fn accepted() -> Text {
    t!("可接受：.xlsx、.xlsm、.xls、.xlsb、.ods 工作簿", "accepted: .xlsx, .xlsm, .xls, .xlsb, .ods workbooks")
}

/// What the zip check saw in the worksheets while inflating them anyway: whether
/// any holds merged cells or formulas, and the merged regions of each worksheet by
/// sheet name, so that calamine's extra pass over the sheet XML (merge regions) is
/// made only where the regions are not already known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZipFacts {
    pub merges: bool,
    pub formulas: bool,
    /// Sheet name → its merged regions (0-based, inclusive), read from the sheet XML
    /// during the zip check; `None` (or a sheet missing from the map) = not known.
    pub merge_spans: Option<BTreeMap<String, Vec<Span>>>,
}

impl ZipFacts {
    /// For formats that are not zips, or when nothing was looked at: assume both.
    pub const UNKNOWN: ZipFacts = ZipFacts { merges: true, formulas: true, merge_spans: None };

    /// The merged regions of a sheet, when the zip check read them.
    pub fn spans_of(&self, sheet: &str) -> Option<&[Span]> {
        self.merge_spans.as_ref()?.get(sheet).map(Vec::as_slice)
    }
}

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
        return Err(t!("文件是空的(0 字节)", "the file is empty (0 bytes)").join(&accepted()));
    }
    if bytes.starts_with(ZIP_MAGIC) {
        return sniff_zip(bytes);
    }
    if bytes.starts_with(CFB_MAGIC) {
        return if is_encrypted_ooxml(bytes) { Err(password()) } else { Ok((Format::Xls, Some(ZipFacts::UNKNOWN))) };
    }
    let (zh, en) = looks_like(bytes).words();
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
    /// (zh, en)
    fn words(self) -> (&'static str, &'static str) {
        match self {
            Looks::Html => {
                ("网页(HTML)，可能是系统导出的“假 xls”", "a web page (HTML), perhaps a system export named .xls")
            }
            Looks::Xml => {
                ("XML 文件(可能是 Excel 2003 XML 表格)", "an XML file (perhaps an Excel 2003 XML spreadsheet)")
            }
            Looks::Pdf => ("PDF 文件", "a PDF file"),
            Looks::Csv => ("文本文件(CSV 或制表符分隔)", "a text file (CSV or tab-separated)"),
            Looks::Text => ("文本文件", "a text file"),
            Looks::Binary => ("未知的二进制数据", "unknown binary data"),
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
#[cfg(test)]
pub fn check_zip_sizes(zip: &mut ZipArchive<Cursor<&[u8]>>, lim: &ZipLimits) -> Result<ZipFacts, Text> {
    check_declared_sizes(zip, lim)?;
    inflate_and_scan(zip, lim)
}

/// The inflation pass of the guard over an xlsx (see [`sniff_deferring`]), with the
/// merged regions it reads on the way.
///
/// # Errors
/// The archive is damaged or inflates past a limit.
pub fn xlsx_facts(bytes: &[u8]) -> Result<ZipFacts, Text> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(e).join(&accepted()))?;
    inflate_and_scan(&mut zip, &ZipLimits::DEFAULT)
}

/// The guard's first half: the entries' count and declared sizes and ratios.
fn check_declared_sizes(zip: &mut ZipArchive<Cursor<&[u8]>>, lim: &ZipLimits) -> Result<(), Text> {
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
    Ok(())
}

/// The guard's second half: every entry actually inflated (capped, discarded), since
/// declared sizes can lie; the worksheets are scanned for merges and formulas on the way.
fn inflate_and_scan(zip: &mut ZipArchive<Cursor<&[u8]>>, lim: &ZipLimits) -> Result<ZipFacts, Text> {
    let mut actual: u64 = 0;
    let mut facts = ZipFacts { merges: false, formulas: false, merge_spans: None };
    let mut buf = vec![0u8; 64 * 1024];
    // Per worksheet entry: its merged regions (`None`: too much to keep, not known).
    let mut entry_spans: HashMap<String, Option<Vec<Span>>> = HashMap::new();
    let (mut book_xml, mut book_rels) = (None::<Vec<u8>>, None::<Vec<u8>>);
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(damaged)?;
        let compressed = entry.compressed_size();
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        let is_sheet = name.starts_with("xl/worksheets/");
        let keep_whole = name == "xl/workbook.xml" || name == "xl/_rels/workbook.xml.rels";
        let mut whole = Vec::new();
        let mut scan = SheetScan::default();
        let mut this: u64 = 0;
        loop {
            let n = match entry.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) => return Err(damaged(e)),
            };
            if is_sheet {
                scan.feed(&buf[..n], &mut facts);
            } else if keep_whole && whole.len() < MAX_KEPT_XML {
                whole.extend_from_slice(&buf[..n]);
            }
            let n = n as u64;
            this += n;
            actual += n;
            if actual > lim.max_inflated {
                return Err(too_big_inflated(actual, lim));
            }
            ratio_check(this, compressed, lim)?;
        }
        if is_sheet {
            entry_spans.insert(name, scan.spans());
        } else if keep_whole && whole.len() < MAX_KEPT_XML {
            if name == "xl/workbook.xml" {
                book_xml = Some(whole);
            } else {
                book_rels = Some(whole);
            }
        }
    }
    if let (Some(book), Some(rels)) = (book_xml, book_rels) {
        facts.merge_spans = Some(spans_by_sheet(&book, &rels, entry_spans));
    }
    Ok(facts)
}

/// The most of a workbook.xml / its rels, or of one sheet's merge section, kept in memory.
const MAX_KEPT_XML: usize = 16 * 1024 * 1024;

/// The scan of one worksheet's XML as it streams past in chunks: notes merges and
/// formulas, and keeps the XML from the first `<mergeCell` on (the `<mergeCells>`
/// section follows `<sheetData>`, so this is small) to read the regions from.
#[derive(Default)]
struct SheetScan {
    tail: Vec<u8>,
    kept: Option<Vec<u8>>,
    overflow: bool,
}

impl SheetScan {
    fn feed(&mut self, chunk: &[u8], facts: &mut ZipFacts) {
        if let Some(kept) = &mut self.kept {
            if kept.len() + chunk.len() > MAX_KEPT_XML {
                self.overflow = true;
                self.kept = None;
            } else {
                kept.extend_from_slice(chunk);
            }
        } else if !self.overflow && scan_sheet_xml(&self.tail, chunk, facts) {
            let mut kept = self.tail.clone();
            kept.extend_from_slice(chunk);
            self.kept = Some(kept);
        }
        // The last 16 bytes seen, so a tag cut in two by a chunk boundary is still seen.
        self.tail.extend_from_slice(&chunk[chunk.len().saturating_sub(16)..]);
        let excess = self.tail.len().saturating_sub(16);
        self.tail.drain(..excess);
    }

    fn spans(self) -> Option<Vec<Span>> {
        match (self.overflow, self.kept) {
            (true, _) => None,
            (false, None) => Some(Vec::new()),
            (false, Some(xml)) => Some(merge_refs(&xml)),
        }
    }
}

/// Whether the name starting at `i` opens a tag: `<name` or `<prefix:name`.
fn opens_tag(bytes: &[u8], i: usize) -> bool {
    match i.checked_sub(1).map(|j| bytes[j]) {
        Some(b'<') => true,
        Some(b':') => {
            let mut j = i - 1;
            let stop = j.saturating_sub(13);
            while j > stop {
                j -= 1;
                match bytes[j] {
                    b'<' => return j + 1 < i - 1,
                    b if b.is_ascii_alphanumeric() => {}
                    _ => return false,
                }
            }
            false
        }
        _ => false,
    }
}

/// Looks for `<mergeCell` and a formula element (`<f>`, `<f …`, or prefixed `:f>`,
/// `:f …`) in a chunk of sheet XML; `tail` is the end of the previous chunk, so a
/// tag cut in two is still seen. Returns whether a `mergeCell` tag was seen.
fn scan_sheet_xml(tail: &[u8], chunk: &[u8], facts: &mut ZipFacts) -> bool {
    let k = chunk.len().min(16);
    let mut seam = tail.to_vec();
    seam.extend_from_slice(&chunk[..k]);
    let in_seam = look_for_tags(&seam, facts);
    look_for_tags(chunk, facts) || in_seam
}

/// One pass over the bytes, eight at a time, stopping only where a word holds an `m` or
/// an `f` (rare in sheet XML); returns whether a `mergeCell` tag was seen.
fn look_for_tags(bytes: &[u8], facts: &mut ZipFacts) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Whether any byte of the word is zero (exact; the classic bit trick).
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH != 0;
    let (m, f) = (ONES * u64::from(b'm'), ONES * u64::from(b'f'));
    let mut merge = false;
    let mut i = 0;
    while i + 8 <= bytes.len() {
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[i..i + 8]);
        let w = u64::from_le_bytes(word);
        if has_zero(w ^ m) || has_zero(w ^ f) {
            for j in i..i + 8 {
                merge |= tag_at(bytes, j, facts);
            }
        }
        i += 8;
    }
    for j in i..bytes.len() {
        merge |= tag_at(bytes, j, facts);
    }
    merge
}

/// Whether a `mergeCell` tag starts at `i` (noting it, or a formula tag, in `facts`).
fn tag_at(bytes: &[u8], i: usize, facts: &mut ZipFacts) -> bool {
    match bytes[i] {
        b'm' if bytes[i..].starts_with(b"mergeCell") && opens_tag(bytes, i) => {
            facts.merges = true;
            true
        }
        b'f' if matches!(bytes.get(i + 1), Some(b'>' | b' ' | b'/')) && opens_tag(bytes, i) => {
            facts.formulas = true;
            false
        }
        _ => false,
    }
}

/// The `ref` of every `<mergeCell ref="A1:B2"/>` in a piece of sheet XML, as
/// ((first row, first col), (last row, last col)), 0-based; a ref that does not read is skipped.
fn merge_refs(xml: &[u8]) -> Vec<Span> {
    let mut out = Vec::new();
    for (_, tag) in tags(xml, b"mergeCell") {
        let Some(r) = attr(tag, b"ref") else { continue };
        let r = String::from_utf8_lossy(r);
        let (a, b) = r.split_once(':').unwrap_or((&r, &r));
        if let (Some(a), Some(b)) = (cell_ref(a), cell_ref(b)) {
            out.push((a, b));
        }
    }
    out
}

/// `B7` / `$B$7` → (row 6, col 1).
fn cell_ref(s: &str) -> Option<(u32, u32)> {
    let s = s.trim().replace('$', "");
    let split = s.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = s.split_at(split);
    if letters.is_empty() || letters.len() > 3 || !letters.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let col = letters.to_ascii_uppercase().bytes().fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1));
    let row: u32 = digits.parse().ok()?;
    ((1..=1_048_576).contains(&row) && col <= 16_384).then(|| (row - 1, col - 1))
}

/// Every element named `name` (optionally prefixed) in the XML: (offset, the bytes of its
/// start tag after the name, up to `>`).
fn tags<'a>(xml: &'a [u8], name: &'a [u8]) -> impl Iterator<Item = (usize, &'a [u8])> + 'a {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i + name.len() <= xml.len() {
            let at = i + xml[i..].windows(name.len()).position(|w| w == name)?;
            i = at + name.len();
            if !opens_tag(xml, at) || !matches!(xml.get(i), Some(b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>')) {
                continue;
            }
            let end = xml[i..].iter().position(|b| *b == b'>').map_or(xml.len(), |p| i + p);
            let tag = &xml[i..end];
            i = end;
            return Some((at, tag));
        }
        None
    })
}

/// The raw value of the attribute `name` (or `prefix:name` when `name` starts with `:`) in
/// the bytes of a start tag.
fn attr<'a>(tag: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let mut i = 0;
    while i < tag.len() {
        while i < tag.len() && tag[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while i < tag.len() && tag[i] != b'=' && !tag[i].is_ascii_whitespace() {
            i += 1;
        }
        let key = &tag[start..i];
        while i < tag.len() && (tag[i].is_ascii_whitespace() || tag[i] == b'=') {
            i += 1;
        }
        let quote = *tag.get(i)?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let v0 = i + 1;
        let len = tag[v0..].iter().position(|b| *b == quote)?;
        let value = &tag[v0..v0 + len];
        i = v0 + len + 1;
        let hit = if name.first() == Some(&b':') { key.ends_with(name) && key.len() > name.len() } else { key == name };
        if hit {
            return Some(value);
        }
    }
    None
}

/// XML attribute text with the five named entities and numeric references resolved.
fn unescape(raw: &[u8]) -> Option<String> {
    let s = std::str::from_utf8(raw).ok()?;
    if !s.contains('&') {
        return Some(s.to_owned());
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        let semi = rest[p..].find(';')? + p;
        let ent = &rest[p + 1..semi];
        let c = match ent {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(h) = ent.strip_prefix("#x").or_else(|| ent.strip_prefix("#X")) {
                    u32::from_str_radix(h, 16).ok()?
                } else {
                    ent.strip_prefix('#')?.parse().ok()?
                };
                char::from_u32(code)?
            }
        };
        out.push(c);
        rest = &rest[semi + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// Sheet name → merged regions, joining workbook.xml's sheets to their worksheet entries
/// through the workbook's relationships. A sheet whose entry is not found is left out
/// (calamine is then asked for its regions).
fn spans_by_sheet(
    book: &[u8],
    rels: &[u8],
    mut entries: HashMap<String, Option<Vec<Span>>>,
) -> BTreeMap<String, Vec<Span>> {
    let targets: HashMap<&[u8], &[u8]> =
        tags(rels, b"Relationship").filter_map(|(_, t)| Some((attr(t, b"Id")?, attr(t, b"Target")?))).collect();
    let mut out = BTreeMap::new();
    for (_, tag) in tags(book, b"sheet") {
        let (Some(name), Some(id)) = (attr(tag, b"name").and_then(unescape), attr(tag, b":id")) else { continue };
        let Some(target) = targets.get(id).and_then(|t| unescape(t)) else { continue };
        let path = entry_path(&target);
        if let Some(Some(spans)) = entries.remove(&path) {
            out.insert(name, spans);
        }
    }
    out
}

/// A relationship target of xl/workbook.xml as a zip entry name.
fn entry_path(target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(abs) => abs.to_owned(),
        None => format!("xl/{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
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
    fn sees_merges_and_formulas_even_across_chunks() {
        let mut f = ZipFacts { merges: false, formulas: false, merge_spans: None };
        assert!(!scan_sheet_xml(
            &[0; 16],
            b"<row><c r=\"A1\"><v>1</v></c></row><font/><c><is><t>of mergeCell</t></is></c>",
            &mut f
        ));
        assert!(!f.merges && !f.formulas);
        assert!(scan_sheet_xml(b"xxxxxxxxxxxxx<me", b"rgeCell ref=\"A1:B2\"/>", &mut f));
        assert!(f.merges && !f.formulas);
        scan_sheet_xml(&[0; 16], b"<x:c><x:f>SUM(A1)</x:f></x:c>", &mut f);
        assert!(f.formulas);
    }

    #[test]
    fn keeps_merge_regions_fed_in_chunks() {
        let xml = b"<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row></sheetData><mergeCells count=\"3\"><mergeCell ref=\"A1:N1\"/><mergeCell ref=\"$B$3:B40\"/><mergeCell ref=\"C9\"/><mergeCell ref=\"bad\"/></mergeCells>";
        for size in [1, 7, 16, 17, 64, xml.len()] {
            let mut f = ZipFacts { merges: false, formulas: false, merge_spans: None };
            let mut scan = SheetScan::default();
            xml.chunks(size).for_each(|c| scan.feed(c, &mut f));
            assert!(f.merges, "chunks of {size}");
            assert_eq!(
                scan.spans(),
                Some(vec![((0, 0), (0, 13)), ((2, 1), (39, 1)), ((8, 2), (8, 2))]),
                "chunks of {size}"
            );
        }
        let mut f = ZipFacts { merges: false, formulas: false, merge_spans: None };
        let mut scan = SheetScan::default();
        scan.feed(b"<sheetData/>", &mut f);
        assert_eq!(scan.spans(), Some(vec![]));
    }

    #[test]
    fn joins_sheet_names_to_their_entries() {
        let book = br#"<workbook xmlns:r="x"><sheets><sheet name="R&amp;D &#x4E00;" sheetId="1" r:id="rId2"/><x:sheet name='B' sheetId="2" rel:id="rId1"/><sheet name="C" sheetId="3" r:id="rId9"/></sheets></workbook>"#;
        let rels = br#"<Relationships><Relationship Id="rId1" Type="t" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Target="/xl/worksheets/../worksheets/sheet2.xml" Type="t"/></Relationships>"#;
        let mut entries = HashMap::new();
        entries.insert("xl/worksheets/sheet1.xml".to_owned(), Some(vec![((0, 0), (1, 1))]));
        entries.insert("xl/worksheets/sheet2.xml".to_owned(), Some(vec![]));
        let map = spans_by_sheet(book, rels, entries);
        assert_eq!(map.get("R&D \u{4e00}"), Some(&vec![]));
        assert_eq!(map.get("B"), Some(&vec![((0, 0), (1, 1))]));
        assert_eq!(map.get("C"), None, "no relationship: not known, calamine is asked");
        assert_eq!(cell_ref("XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(cell_ref("XFE1"), None);
        assert_eq!(cell_ref("A0"), None);
    }

    #[test]
    fn not_a_report_on_odd_bytes() {
        assert!(!is_kaoping_report(b""));
        assert!(!is_kaoping_report(b"PK\x03\x04"));
        assert!(!is_kaoping_report(b"hello"));
    }
}
