//! The zip-bomb guard (SPEC §3 `unreadable-file` "too large"), for xlsx, xlsb and ods.
//!
//! Before calamine inflates anything, a zip's central directory is checked (entries,
//! declared sizes and ratios); the entries are then actually inflated, with a cap,
//! since declared sizes can lie: for an xlsx beside calamine's reading (zip itself stops
//! any entry at its declared size, so calamine's reading is bounded meanwhile), and the
//! guard's refusal then wins. While the worksheets stream past, quick-xml reads what
//! follows their cells, and the guard keeps their merged regions ([`ZipFacts`]).

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Cursor, Read};

use quick_xml::events::Event;
use zip::ZipArchive;

use crate::t;
use crate::text::Text;

use super::grid::Span;
use super::limits;
use super::xml::{End, Events, attr, each_element, relationships};

/// What the zip check saw in the worksheets while inflating them anyway: whether
/// any holds merged cells, and the merged regions of each worksheet by sheet name, so
/// that calamine's extra pass over the sheet XML (merge regions) is made only where the
/// regions are not already known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZipFacts {
    pub merges: bool,
    /// Sheet name → its merged regions (0-based, inclusive), read from the sheet XML
    /// during the zip check; `None` (or a sheet missing from the map) = not known.
    pub merge_spans: Option<BTreeMap<String, Vec<Span>>>,
}

impl ZipFacts {
    /// For formats that are not zips, or when nothing was looked at: assume merges.
    pub const UNKNOWN: ZipFacts = ZipFacts { merges: true, merge_spans: None };

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
/// While the worksheets stream past, notes whether they hold merges.
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
/// declared sizes can lie; the worksheets are read by quick-xml on the way, for their
/// merged regions.
pub(super) fn inflate_and_scan(zip: &mut ZipArchive<Cursor<&[u8]>>, lim: &ZipLimits) -> Result<ZipFacts, Text> {
    let mut actual: u64 = 0;
    let mut facts = ZipFacts { merges: false, merge_spans: None };
    let mut buf = vec![0u8; 64 * 1024];
    // Per worksheet entry: its merged regions (`None`: not known).
    let mut entry_spans: HashMap<String, Option<Vec<Span>>> = HashMap::new();
    let (mut book_xml, mut book_rels) = (None::<Vec<u8>>, None::<Vec<u8>>);
    for i in 0..zip.len() {
        let entry = zip.by_index(i).map_err(damaged)?;
        let compressed = entry.compressed_size();
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        let mut metered = Metered { inner: entry, this: 0, compressed, actual: &mut actual, lim, refused: None };
        if name.starts_with("xl/worksheets/") {
            let mut events = Events::new(BufReader::with_capacity(buf.len(), metered));
            let spans = scan_sheet(&mut events, &mut facts);
            let mut rest = events.into_inner();
            drain(&mut rest, &mut buf);
            metered = rest.into_inner();
            entry_spans.insert(name, spans);
        } else if name == "xl/workbook.xml" || name == "xl/_rels/workbook.xml.rels" {
            let mut whole = Vec::new();
            let _ = (&mut metered).take(MAX_KEPT_XML as u64).read_to_end(&mut whole);
            drain(&mut metered, &mut buf);
            let kept = (whole.len() < MAX_KEPT_XML).then_some(whole);
            if name == "xl/workbook.xml" {
                book_xml = kept;
            } else {
                book_rels = kept;
            }
        } else {
            drain(&mut metered, &mut buf);
        }
        if let Some(refused) = metered.refused {
            return Err(refused);
        }
    }
    if let (Some(book), Some(rels)) = (book_xml, book_rels) {
        facts.merge_spans = Some(spans_by_sheet(&book, &rels, entry_spans));
    }
    Ok(facts)
}

/// The most of a workbook.xml or its rels kept in memory.
const MAX_KEPT_XML: usize = 16 * 1024 * 1024;

/// An entry's bytes as they inflate, counted against the limits: the first limit passed
/// (or a read error, a damaged archive) is kept, and every read after it fails.
struct Metered<'a, R> {
    inner: R,
    /// Bytes of this entry so far.
    this: u64,
    compressed: u64,
    /// Bytes of all entries so far.
    actual: &'a mut u64,
    lim: &'a ZipLimits,
    refused: Option<Text>,
}

impl<R: Read> Read for Metered<'_, R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.refused.is_some() {
            return Err(std::io::Error::other("refused by the zip check"));
        }
        let n = self.inner.read(out).inspect_err(|e| {
            if e.kind() != std::io::ErrorKind::Interrupted {
                self.refused = Some(damaged(e));
            }
        })?;
        self.this += n as u64;
        *self.actual += n as u64;
        let verdict = if *self.actual > self.lim.max_inflated {
            Err(too_big_inflated(*self.actual, self.lim))
        } else {
            ratio_check(self.this, self.compressed, self.lim)
        };
        match verdict {
            Ok(()) => Ok(n),
            Err(refused) => {
                self.refused = Some(refused);
                Err(std::io::Error::other("refused by the zip check"))
            }
        }
    }
}

/// Reads what is left to its end (or to the first error, which [`Metered`] keeps).
fn drain(r: &mut impl Read, buf: &mut [u8]) {
    while matches!(r.read(buf), Ok(n) if n > 0) {}
}

/// The most merged regions kept for one sheet: no more cells than that can be filled
/// from them ([`limits::MAX_MERGE_FILL`]); past it the sheet's regions are "not known"
/// and calamine is asked.
const MAX_KEPT_SPANS: usize = limits::MAX_MERGE_FILL;

/// One worksheet's XML as it inflates: notes merged regions (`mergeCell`, any prefix)
/// in `facts` and gives them. The cells (`sheetData`, nearly all the bytes; the
/// regions follow them) are passed over unread: they are calamine's to read. `None`: not
/// known (more than [`MAX_KEPT_SPANS`], or XML that quick-xml cannot read on;
/// calamine, asked then, says what is wrong with it).
fn scan_sheet<R: BufRead>(events: &mut Events<R>, facts: &mut ZipFacts) -> Option<Vec<Span>> {
    let mut spans = Vec::new();
    let mut all_kept = true;
    while let Some(event) = events.next() {
        let (Event::Start(e) | Event::Empty(e)) = &event else { continue };
        match e.local_name().into_inner() {
            "sheetData" if matches!(event, Event::Start(_)) => {
                events.skip_element("sheetData");
            }
            "mergeCell" => {
                facts.merges = true;
                if spans.len() >= MAX_KEPT_SPANS {
                    all_kept = false;
                } else if let Some(span) = attr(e, "ref").as_deref().and_then(merge_ref) {
                    spans.push(span);
                }
            }
            _ => {}
        }
    }
    if events.end() == End::Stopped {
        // What the rest holds is not known: assume merges, as for a format not scanned.
        facts.merges = true;
        return None;
    }
    all_kept.then_some(spans)
}

/// A merged region's `ref` (`A1:B2`, `$B$3:B40`, or one cell `C9`) as ((first row,
/// first col), (last row, last col)), 0-based; `None` for a ref that does not read.
fn merge_ref(r: &str) -> Option<Span> {
    let (a, b) = r.split_once(':').unwrap_or((r, r));
    Some((cell_ref(a)?, cell_ref(b)?))
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

/// Sheet name → merged regions, joining workbook.xml's sheets to their worksheet entries
/// through the workbook's relationships, as calamine joins them (a sheet's name
/// unescaped, its `id` with any prefix or none). A sheet whose entry is not found is left out
/// (calamine is then asked for its regions).
fn spans_by_sheet(
    book: &[u8],
    rels: &[u8],
    mut entries: HashMap<String, Option<Vec<Span>>>,
) -> BTreeMap<String, Vec<Span>> {
    let targets = relationships(rels);
    let mut out = BTreeMap::new();
    each_element(book, "sheet", |e| {
        let (Some(name), Some(id)) = (attr(e, "name"), attr(e, ":id")) else { return };
        let Some(target) = targets.get(&id) else { return };
        if let Some(Some(spans)) = entries.remove(&entry_path(target)) {
            out.insert(name, spans);
        }
    });
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

    /// The sheet scan over `xml` fed `size` bytes at a time.
    fn scan_in_chunks(xml: &[u8], size: usize, facts: &mut ZipFacts) -> Option<Vec<Span>> {
        scan_sheet(&mut Events::new(std::io::BufReader::with_capacity(size, xml)), facts)
    }

    fn no_facts() -> ZipFacts {
        ZipFacts { merges: false, merge_spans: None }
    }

    #[test]
    fn sees_merges_even_across_chunks() {
        let mut f = no_facts();
        scan_in_chunks(b"<row><c r=\"A1\"><v>1</v></c></row><font/><c><is><t>of mergeCell</t></is></c>", 16, &mut f);
        assert!(!f.merges);
        let cut = b"<sheetData/><mergeCells><mergeCell ref=\"A1:B2\"/></mergeCells>";
        // Chunks that cut `<mergeCell` in two (after "<me").
        let at = cut.windows(3).position(|w| w == b"<me").unwrap() + 3;
        assert_eq!(scan_in_chunks(cut, at, &mut f), Some(vec![((0, 0), (1, 1))]));
        assert!(f.merges);
        let mut f = no_facts();
        scan_in_chunks(
            b"<x:sheetData></x:sheetData><x:mergeCells><x:mergeCell ref=\"C3\"/></x:mergeCells>",
            16,
            &mut f,
        );
        assert!(f.merges, "prefixed");
    }

    #[test]
    fn keeps_merge_regions_fed_in_chunks() {
        let xml = b"<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row></sheetData><mergeCells count=\"3\"><mergeCell ref=\"A1:N1\"/><mergeCell ref=\"$B$3:B40\"/><mergeCell ref=\"C9\"/><mergeCell ref=\"bad\"/></mergeCells>";
        for size in [1, 7, 16, 17, 64, xml.len()] {
            let mut f = no_facts();
            let spans = scan_in_chunks(xml, size, &mut f);
            assert!(f.merges, "chunks of {size}");
            assert_eq!(spans, Some(vec![((0, 0), (0, 13)), ((2, 1), (39, 1)), ((8, 2), (8, 2))]), "chunks of {size}");
        }
        let mut f = no_facts();
        assert_eq!(scan_in_chunks(b"<sheetData/>", 64, &mut f), Some(vec![]));
    }

    #[test]
    fn the_cells_are_passed_over_to_their_own_end_tag() {
        // Text may hold `>` as it is and `<` only escaped; an element whose name only
        // begins like sheetData is not its end.
        let xml = br#"<worksheet><sheetData><row><c t="inlineStr"><is><t>sheetData> &lt;/sheetData&gt; </t></is></c><sheetDataX/></row></x:sheetDataX></sheetData
            ><mergeCells><mergeCell ref = 'A1:B2'/></mergeCells></worksheet>"#;
        let prefixed = String::from_utf8_lossy(xml).replace("sheetData", "x:sheetData");
        for xml in [&xml[..], prefixed.as_bytes()] {
            for size in 1..=xml.len() {
                let mut f = no_facts();
                assert_eq!(scan_in_chunks(xml, size, &mut f), Some(vec![((0, 0), (1, 1))]), "chunks of {size}");
            }
        }
        let mut f = no_facts();
        assert_eq!(scan_in_chunks(b"<sheetData><row/></sheetDat", 64, &mut f), None, "cells without end: not known");
        assert!(f.merges, "so calamine is asked");
    }

    #[test]
    fn no_merge_in_comments_cdata_or_text() {
        // The old byte search took a commented-out region for a real one.
        let xml = br#"<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[<mergeCell ref="A1:C3"/>]]></t></is></c></row></sheetData><!-- <mergeCell ref="A1:B2"/> --><mergeCells><x:mergeCell ref = 'D4:E5'/></mergeCells>"#;
        let mut f = no_facts();
        assert_eq!(scan_in_chunks(xml, 64, &mut f), Some(vec![((3, 3), (4, 4))]));
        let mut f = no_facts();
        assert_eq!(scan_in_chunks(b"<sheetData/><mergeCells/><!-- unclosed", 8, &mut f), None);
        assert!(f.merges, "XML that does not read on: not known, calamine is asked");
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
