//! Merged cells of an .xlsb workbook, which calamine does not read (it has no merge
//! API for xlsb): without them a PM ID typed once over several project rows leaves
//! the rows below it blank, and each becomes a false `missing-value`.
//!
//! An .xlsb is a zip of BIFF12 record streams. `xl/workbook.bin` names the sheets
//! (`BrtBundleSh`: the sheet's relationship id and name), `xl/_rels/workbook.bin.rels`
//! maps a relationship id to its part (`worksheets/sheet1.bin`), and each sheet part
//! holds a `BrtMergeCell` record per merged range after its cells.
//!
//! A BIFF12 record is its type (1–2 bytes) and its body's size (1–4 bytes), each in
//! 7-bit groups whose high bit says "more follows", then the body.
//!
//! Choices: anything unexpected (a part missing, a record cut short) ends the search
//! for that workbook or sheet with the regions found so far: the cells are still
//! read, and a merged ID then shows as blank cells, as before. At most
//! [`limits::MAX_MERGE_FILL`] regions are kept per sheet (each fills a cell at least).

use std::collections::HashMap;
use std::io::{BufReader, Cursor, Read};

use zip::ZipArchive;

use super::grid::Span;
use super::limits;
use super::xml::relationships;
use super::zip_guard::entry_path;

/// `BrtBundleSh`: a sheet of the workbook (in xl/workbook.bin).
const BUNDLE_SH: u16 = 0x009C;
/// `BrtMergeCell`: rwFirst, rwLast, colFirst, colLast (u32 each, 0-based).
const MERGE_CELL: u16 = 0x00B0;
/// `BrtEndMergeCells`: no merged range follows.
const END_MERGE_CELLS: u16 = 0x00B2;
/// The most of workbook.bin or its relationships read.
const MAX_BOOK_PART: u64 = 16 * 1024 * 1024;

/// Sheet name → its merged regions (0-based, inclusive), for every sheet that has some.
pub fn merges_by_sheet(bytes: &[u8]) -> HashMap<String, Vec<Span>> {
    let mut out = HashMap::new();
    let Ok(mut zip) = ZipArchive::new(Cursor::new(bytes)) else { return out };
    let (Some(book), Some(rels)) =
        (read_part(&mut zip, "xl/workbook.bin"), read_part(&mut zip, "xl/_rels/workbook.bin.rels"))
    else {
        return out;
    };
    let targets = relationships(&rels);
    for (name, rel_id) in sheets(&book) {
        let Some(target) = targets.get(&rel_id) else { continue };
        let Ok(part) = zip.by_name(&entry_path(target)) else { continue };
        let spans = merges_in_sheet(BufReader::with_capacity(64 * 1024, part));
        if !spans.is_empty() {
            out.insert(name, spans);
        }
    }
    out
}

fn read_part(zip: &mut ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<Vec<u8>> {
    let mut part = Vec::new();
    zip.by_name(name).ok()?.take(MAX_BOOK_PART).read_to_end(&mut part).ok()?;
    Some(part)
}

/// (name, relationship id) of each `BrtBundleSh` in workbook.bin.
fn sheets(book: &[u8]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut r = book;
    while let Some((kind, size)) = header(&mut r) {
        let Some(body) = r.get(..size as usize) else { break };
        r = &r[size as usize..];
        if kind == BUNDLE_SH {
            // hsState (4 bytes), iTabID (4), strRelID, strName.
            let mut b = body.get(8..).unwrap_or_default();
            if let (Some(rel_id), Some(name)) = (wide_string(&mut b), wide_string(&mut b)) {
                out.push((name, rel_id));
            }
        }
    }
    out
}

/// An `XLWideString`: a u32 count of UTF-16 units, then the units (a null string,
/// count 0xFFFFFFFF, reads as `None`).
fn wide_string(b: &mut &[u8]) -> Option<String> {
    let n = u32::from_le_bytes(b.get(..4)?.try_into().ok()?) as usize;
    let units = b.get(4..4 + n.checked_mul(2)?)?;
    *b = &b[4 + 2 * n..];
    let utf16: Vec<u16> = units.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
    String::from_utf16(&utf16).ok()
}

/// The `BrtMergeCell` regions of a sheet part, read as it streams past.
fn merges_in_sheet(mut r: impl Read) -> Vec<Span> {
    let mut spans = Vec::new();
    while let Some((kind, size)) = header(&mut r) {
        match kind {
            MERGE_CELL if size >= 16 => {
                let mut body = [0u8; 16];
                if r.read_exact(&mut body).is_err() || skip(&mut r, u64::from(size) - 16).is_none() {
                    break;
                }
                let at = |k: usize| u32::from_le_bytes([body[k], body[k + 1], body[k + 2], body[k + 3]]);
                spans.push(((at(0), at(8)), (at(4), at(12))));
                if spans.len() >= limits::MAX_MERGE_FILL {
                    break;
                }
            }
            END_MERGE_CELLS => break,
            _ => {
                if skip(&mut r, u64::from(size)).is_none() {
                    break;
                }
            }
        }
    }
    spans
}

fn skip(r: &mut impl Read, n: u64) -> Option<()> {
    let copied = std::io::copy(&mut r.take(n), &mut std::io::sink()).ok()?;
    (copied == n).then_some(())
}

/// A record's (type, size), or `None` at the end of the stream (or a header cut short).
fn header(r: &mut impl Read) -> Option<(u16, u32)> {
    let mut byte = || {
        let mut b = [0u8; 1];
        r.read_exact(&mut b).ok().map(|()| b[0])
    };
    let b0 = byte()?;
    let mut kind = u16::from(b0 & 0x7F);
    if b0 & 0x80 != 0 {
        kind |= u16::from(byte()? & 0x7F) << 7;
    }
    let mut size = 0u32;
    for k in 0..4 {
        let b = byte()?;
        size |= u32::from(b & 0x7F) << (7 * k);
        if b & 0x80 == 0 {
            break;
        }
    }
    Some((kind, size))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record as Excel writes it (the fixture script's `biff12_record`).
    fn record(kind: u16, body: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let (mut k, mut n) = (u32::from(kind), body.len() as u32);
        for _ in 0..2 {
            let more = k >> 7 != 0;
            out.push((k & 0x7F) as u8 | if more { 0x80 } else { 0 });
            k >>= 7;
            if !more {
                break;
            }
        }
        for _ in 0..4 {
            let more = n >> 7 != 0;
            out.push((n & 0x7F) as u8 | if more { 0x80 } else { 0 });
            n >>= 7;
            if !more {
                break;
            }
        }
        out.extend_from_slice(body);
        out
    }

    fn merge(r0: u32, r1: u32, c0: u32, c1: u32) -> Vec<u8> {
        record(MERGE_CELL, &[r0, r1, c0, c1].iter().flat_map(|v| v.to_le_bytes()).collect::<Vec<_>>())
    }

    #[test]
    fn record_headers_of_one_and_two_bytes() {
        assert_eq!(header(&mut &[0x92, 0x01, 0x00][..]), Some((0x92, 0)));
        assert_eq!(header(&mut &[0x00, 0x05][..]), Some((0, 5)));
        assert_eq!(header(&mut &[0xB0, 0x01, 0x10][..]), Some((MERGE_CELL, 16)));
        // A size of 200 takes two bytes: 0xC8 0x01.
        assert_eq!(header(&mut &[0x9C, 0x01, 0xC8, 0x01][..]), Some((BUNDLE_SH, 200)));
        assert_eq!(header(&mut &[0xB0][..]), None);
        assert_eq!(header(&mut &[][..]), None);
    }

    #[test]
    fn merge_records_after_the_cells() {
        let mut part = record(0x91, &[]);
        part.extend(record(0x02, &[0u8; 300]));
        part.extend(record(0xB1, &2u32.to_le_bytes()));
        part.extend(merge(4, 5, 0, 0));
        part.extend(merge(1, 3, 0, 0));
        part.extend(record(END_MERGE_CELLS, &[]));
        part.extend(merge(9, 9, 9, 9));
        assert_eq!(merges_in_sheet(&part[..]), vec![((4, 0), (5, 0)), ((1, 0), (3, 0))]);
        // Cut short: the regions found so far, no panic.
        assert_eq!(merges_in_sheet(&part[..part.len() - 30]), vec![((4, 0), (5, 0))]);
        assert_eq!(merges_in_sheet(&[0xB0, 0x01, 0x10, 1, 2][..]), vec![]);
    }

    #[test]
    fn sheet_names_and_relationship_ids_from_workbook_bin() {
        let wide = |s: &str| {
            let units: Vec<u16> = s.encode_utf16().collect();
            let mut b = (units.len() as u32).to_le_bytes().to_vec();
            b.extend(units.iter().flat_map(|u| u.to_le_bytes()));
            b
        };
        let sheet = |rel: &str, name: &str| {
            let mut body = vec![0u8; 8];
            body.extend(wide(rel));
            body.extend(wide(name));
            record(BUNDLE_SH, &body)
        };
        let mut book = record(0x83, &[]);
        book.extend(sheet("rId1", "项目"));
        book.extend(sheet("rId2", "座席"));
        book.extend(record(BUNDLE_SH, &[0u8; 10]));
        assert_eq!(sheets(&book), vec![("项目".into(), "rId1".into()), ("座席".into(), "rId2".into())]);
    }
}
