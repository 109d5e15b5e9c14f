//! The zip-bomb guard (SPEC §3 `unreadable-file` "too large"), for xlsx, xlsb and ods.
//!
//! Before calamine inflates anything, a zip's central directory is checked (entries,
//! declared sizes and ratios); the entries are then actually inflated, with a cap,
//! since declared sizes can lie: for an xlsx beside calamine's reading (zip itself stops
//! any entry at its declared size, so calamine's reading is bounded meanwhile), and the
//! guard's refusal then wins. While the worksheets stream past, the guard notes whether
//! they hold merges or formulas and keeps their merged regions ([`ZipFacts`]).

use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, Read};

use zip::ZipArchive;

use crate::t;
use crate::text::Text;

use super::grid::Span;
use super::limits;

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

/// What kaoping reads, said after why a file is not read.
pub(super) fn accepted() -> Text {
    t!("可接受：.xlsx、.xlsm、.xls、.xlsb、.ods 工作簿", "accepted: .xlsx, .xlsm, .xls, .xlsb, .ods workbooks")
}

/// The inflation pass of the guard over an xlsx (see [`super::sniff::sniff_deferring`]), with the
/// merged regions it reads on the way.
///
/// # Errors
/// The archive is damaged or inflates past a limit.
pub fn xlsx_facts(bytes: &[u8]) -> Result<ZipFacts, Text> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(e).join(&accepted()))?;
    inflate_and_scan(&mut zip, &ZipLimits::DEFAULT)
}

/// The guard's first half: the entries' count and declared sizes and ratios.
pub(super) fn check_declared_sizes(zip: &mut ZipArchive<Cursor<&[u8]>>, lim: &ZipLimits) -> Result<(), Text> {
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
pub(super) fn inflate_and_scan(zip: &mut ZipArchive<Cursor<&[u8]>>, lim: &ZipLimits) -> Result<ZipFacts, Text> {
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

use super::xml::{tag_attr as attr, tag_unescape as unescape};

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
pub(super) fn entry_path(target: &str) -> String {
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
            "压缩比异常（超过 {max}:1），疑似“zip 炸弹”，未读取",
            "compression ratio above {max}:1, which looks like a zip bomb: not read"
        ));
    }
    Ok(())
}

pub(super) fn damaged(e: impl std::fmt::Display) -> Text {
    // The library's words only in brackets, after ours (SPEC §3).
    t!(
        "zip 压缩包已损坏或不完整（保存或复制时中断？）：请重新复制一份，或用 Excel、WPS 打开后另存为 .xlsx（原文：{}）",
        "the zip archive is damaged or incomplete (a save or copy cut short?): copy it again, or open it in Excel or WPS and save it as .xlsx ({})",
        e
    )
}

fn too_big_inflated(n: u64, lim: &ZipLimits) -> Text {
    let (mb, max) = (n / 1_048_576, lim.max_inflated / 1_048_576);
    t!(
        "解压后超过 {max} MB（至少 {mb} MB），超过上限；请拆分工作簿",
        "inflates to more than {max} MB (at least {mb} MB), over the limit; split the workbook"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
