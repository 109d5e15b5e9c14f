//! The XML kaoping reads itself, beside calamine, read by quick-xml: the zip guard's
//! pass over each worksheet (its merged regions), workbook.xml and its relationships
//! (which sheet is which entry), the xlsb relationships, the ODS scan and a report's
//! document properties. Quotes of either kind, spaces around `=`, prefixes, comments,
//! CDATA and every entity (named or numeric) are XML's, not a hand-written parser's;
//! attribute values are unescaped as calamine unescapes them, so a sheet name here is
//! the name calamine gives. The one byte search left passes over a worksheet's cells
//! unread ([`Events::skip_element`]).

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{BufRead, Read};

use quick_xml::Reader;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesStart, Event};

/// The most bytes one event (a tag, a run of text) may take: no spreadsheet program
/// writes a tag of more than 16 MB, and the scan stops there rather than hold it.
const MAX_EVENT_BYTES: u64 = 16 * 1024 * 1024;

/// Why [`Events`] gave no more events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// Not yet: events remain.
    Reading,
    /// The end of the XML.
    Eof,
    /// Not well-formed enough to read on, an input error, or an event over
    /// [`MAX_EVENT_BYTES`]: what was read so far is all there is.
    Stopped,
}

/// A quick-xml reader streaming over `source`, one event at a time into a buffer it
/// reuses. Lenient where calamine is the judge (end names are not matched against
/// their start), text is not trimmed, and no event may grow past [`MAX_EVENT_BYTES`].
pub struct Events<R> {
    reader: Reader<Bounded<R>>,
    buf: Vec<u8>,
    end: End,
}

impl<R: BufRead> Events<R> {
    pub fn new(source: R) -> Self {
        let mut reader = Reader::from_reader(Bounded { inner: source, since_event: 0 });
        let config = reader.config_mut();
        config.trim_text(false);
        config.check_end_names = false;
        config.allow_unmatched_ends = true;
        Events { reader, buf: Vec::with_capacity(1024), end: End::Reading }
    }

    /// The next event; `None` at the end or where reading stopped ([`Events::end`] says which).
    pub fn next(&mut self) -> Option<Event<'_>> {
        if self.end != End::Reading {
            return None;
        }
        self.buf.clear();
        self.reader.get_mut().since_event = 0;
        match self.reader.read_event_into(&mut self.buf) {
            Ok(Event::Eof) => {
                self.end = End::Eof;
                None
            }
            Ok(event) => Some(event),
            Err(_) => {
                self.end = End::Stopped;
                None
            }
        }
    }

    /// Whether the events ran to the end of the XML, stopped short, or go on.
    pub fn end(&self) -> End {
        self.end
    }

    /// Passes over the content of the element just started (`<local …>`), unread, and
    /// over its end tag (`</local>`, `</p:local >`): for content that is large and not
    /// needed, a worksheet's cells. Outside comments, CDATA and processing instructions
    /// (which spreadsheet programs do not write among the cells) `</` only ever begins an
    /// end tag, and the element does not hold itself, so the first end tag of its name
    /// is its own. `false`, and no more events, where none comes.
    pub fn skip_element(&mut self, local: &str) -> bool {
        let name = local.as_bytes();
        let finder = memchr::memmem::Finder::new(name);
        let source = &mut self.reader.get_mut().inner;
        // The last bytes passed over, then the chunk at hand, so that an end tag cut by
        // the end of a chunk is still seen.
        let mut seen: Vec<u8> = Vec::new();
        // Just after `</local` (or `</p:local`): only spaces may come before `>`.
        let mut in_end_tag = false;
        loop {
            let chunk = match source.fill_buf() {
                Ok(chunk) if !chunk.is_empty() => chunk,
                _ => {
                    self.end = End::Stopped;
                    return false;
                }
            };
            let (old, len) = (seen.len(), chunk.len());
            seen.extend_from_slice(chunk);
            let mut i = if in_end_tag { old } else { old.saturating_sub(name.len().saturating_sub(1)) };
            loop {
                if in_end_tag {
                    match seen[i..].iter().position(|b| !b.is_ascii_whitespace()) {
                        Some(k) if seen[i + k] == b'>' => {
                            source.consume(i + k + 1 - old);
                            return true;
                        }
                        Some(k) => (in_end_tag, i) = (false, i + k),
                        None => break,
                    }
                }
                let Some(k) = finder.find(&seen[i..]) else { break };
                in_end_tag = ends_with_end_tag_open(&seen[..i + k]);
                i += k + name.len();
            }
            source.consume(len);
            seen.drain(..seen.len().saturating_sub(SEAM));
        }
    }

    /// The source, for reading what is left (quick-xml consumes from a `BufRead` only
    /// what it has read).
    pub fn into_inner(self) -> R {
        self.reader.into_inner().inner
    }
}

/// The bytes kept from one chunk to the next by [`Events::skip_element`]: room for
/// `</`, a prefix and the name (a longer prefix is not seen, and the element then runs
/// to the end: "not read").
const SEAM: usize = 64;

/// Whether `before` ends with the opening of an end tag, `</` or `</prefix:`.
fn ends_with_end_tag_open(before: &[u8]) -> bool {
    if before.ends_with(b"</") {
        return true;
    }
    let Some(rest) = before.strip_suffix(b":") else { return false };
    let name_char = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.') || b >= 0x80;
    let prefix = rest.iter().rev().take_while(|b| name_char(**b)).count();
    prefix > 0 && rest[..rest.len() - prefix].ends_with(b"</")
}

/// A `BufRead` that refuses to give more than [`MAX_EVENT_BYTES`] between two resets
/// (one per event), so a tag without end cannot grow quick-xml's buffer without bound.
struct Bounded<R> {
    inner: R,
    since_event: u64,
}

impl<R: BufRead> Read for Bounded<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = std::io::Read::read(&mut self.fill_buf()?, out)?;
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Bounded<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.since_event > MAX_EVENT_BYTES {
            return Err(std::io::Error::other("an XML event longer than MAX_EVENT_BYTES"));
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        self.since_event += n as u64;
        self.inner.consume(n);
    }
}

/// Calls `f` with every start (or empty) element of `xml` whose local name is `local`,
/// whatever its prefix, in order.
pub fn each_element(xml: &[u8], local: &str, mut f: impl FnMut(&BytesStart<'_>)) {
    let mut events = Events::new(xml);
    while let Some(event) = events.next() {
        if let Event::Start(e) | Event::Empty(e) = event
            && e.local_name().into_inner() == local
        {
            f(&e);
        }
    }
}

/// The value of the attribute `name` of a start tag, its entities resolved (`&amp;`,
/// `&#x4E2D;`, `&#20013;`) as calamine resolves them. A `name` of `:local` is any
/// attribute with that local name, prefixed or not (`r:id`, `rel:id`: calamine's rule
/// for a sheet's relationship). `None` when absent, malformed or an entity XML does not know.
pub fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    let mut attrs = e.attributes();
    attrs.with_checks(false);
    for a in attrs {
        let a = a.ok()?;
        let hit = match name.strip_prefix(':') {
            Some(local) => a.key.local_name().into_inner() == local,
            None => a.key.into_inner() == name,
        };
        if hit {
            return value(&a).map(Cow::into_owned);
        }
    }
    None
}

/// [`attr`] as a whole number.
pub fn attr_u64(e: &BytesStart<'_>, name: &str) -> Option<u64> {
    attr(e, name)?.trim().parse().ok()
}

/// An attribute's value, its entities resolved (borrowed when it has none).
fn value<'a>(a: &'a Attribute<'_>) -> Option<Cow<'a, str>> {
    quick_xml::escape::unescape(&a.value).ok()
}

/// An attribute's value as a whole number.
pub fn number(a: &Attribute<'_>) -> Option<u64> {
    value(a)?.trim().parse().ok()
}

/// A relationships part (`*.rels`): relationship id → target, both unescaped.
pub fn relationships(rels: &[u8]) -> HashMap<String, String> {
    let mut out = HashMap::new();
    each_element(rels, "Relationship", |e| {
        if let (Some(id), Some(target)) = (attr(e, "Id"), attr(e, "Target")) {
            out.insert(id, target);
        }
    });
    out
}

/// The text of the element just started (its text, entities and CDATA, up to the end
/// of the element), read from `events`; `None` where the XML stops first.
pub fn element_text<R: BufRead>(events: &mut Events<R>) -> Option<String> {
    let mut text = String::new();
    let mut depth = 0usize;
    loop {
        match events.next()? {
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::CData(t) => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => match r.resolve_char_ref() {
                Ok(Some(c)) => text.push(c),
                Ok(None) => text.push_str(quick_xml::escape::resolve_xml_entity(&r)?),
                Err(_) => return None,
            },
            Event::Start(_) => depth += 1,
            Event::End(_) if depth == 0 => return Some(text),
            Event::End(_) => depth -= 1,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first element named `local` of `xml`.
    fn first(xml: &[u8], local: &str) -> BytesStart<'static> {
        let mut found = None;
        each_element(xml, local, |e| {
            found.get_or_insert_with(|| e.clone().into_owned());
        });
        found.unwrap()
    }

    #[test]
    fn attributes_as_xml_writes_them() {
        let tag = first(br#"<sheet name="A&amp;B &#x4E2D;&#25991;" r:id='rId3' sheetId = "2"/>"#, "sheet");
        assert_eq!(attr(&tag, "name").as_deref(), Some("A&B 中文"));
        assert_eq!(attr(&tag, ":id").as_deref(), Some("rId3"), "any prefix, single quotes");
        assert_eq!(attr_u64(&tag, "sheetId"), Some(2), "spaces around =");
        assert_eq!(attr(&tag, "id"), None, "r:id is not id");
        assert_eq!(attr(&first(br#"<x:sheet rel:id="rId1"/>"#, "sheet"), ":id").as_deref(), Some("rId1"));
        // A name that only ends like another is not it (the ODS scan's old substring search).
        let ods = first(br#"<table:table xtable:name="no" table:name="yes">"#, "table");
        assert_eq!(attr(&ods, "table:name").as_deref(), Some("yes"));
        assert_eq!(attr(&first(br#"<a b="&bogus;"/>"#, "a"), "b"), None);
    }

    #[test]
    fn no_element_inside_comments_or_cdata() {
        let xml = br#"<r><!-- <mergeCell ref="A1:B2"/> --><t><![CDATA[<mergeCell ref="C1:D2"/>]]></t><x:mergeCell ref="E1:F2"/></r>"#;
        let mut refs = Vec::new();
        each_element(xml, "mergeCell", |e| refs.push(attr(e, "ref").unwrap()));
        assert_eq!(refs, vec!["E1:F2"]);
    }

    #[test]
    fn text_with_entities_and_cdata() {
        let mut events = Events::new(&br#"<p>a&amp;b &#x4E2D;<![CDATA[<c>]]><i>&#25991;</i></p><q/>"#[..]);
        assert!(matches!(events.next(), Some(Event::Start(_))));
        assert_eq!(element_text(&mut events).as_deref(), Some("a&b 中<c>文"));
        assert!(matches!(events.next(), Some(Event::Empty(_))));
        assert!(events.next().is_none());
        assert_eq!(events.end(), End::Eof);
    }

    #[test]
    fn a_tag_without_end_stops_the_reading() {
        let mut xml = b"<a><b x=\"".to_vec();
        xml.resize(MAX_EVENT_BYTES as usize + 2, b'y');
        let mut events = Events::new(&xml[..]);
        assert!(matches!(events.next(), Some(Event::Start(_))));
        assert!(events.next().is_none());
        assert_eq!(events.end(), End::Stopped);
    }

    #[test]
    fn an_element_passed_over_unread() {
        // After the skip, the next event is the element after the end tag, in chunks of any size.
        let xml = "<a><cells><v>cells</v><cellsX/></cellsX><t>cells> &lt;/cells&gt;</t></p:cells \n><b/></a>";
        for size in 1..=xml.len() {
            let mut events = Events::new(std::io::BufReader::with_capacity(size, xml.as_bytes()));
            assert!(matches!(events.next(), Some(Event::Start(_))));
            assert!(matches!(events.next(), Some(Event::Start(e)) if e.name().into_inner() == "cells"));
            assert!(events.skip_element("cells"), "chunks of {size}");
            assert!(matches!(events.next(), Some(Event::Empty(e)) if e.name().into_inner() == "b"), "chunks of {size}");
        }
        // A prefix longer than the seam kept between chunks (and the chunk) is not seen:
        // the element runs to the end.
        let long = format!("<cells></{}:cells><b/>", "p".repeat(SEAM + 16));
        let mut events = Events::new(std::io::BufReader::with_capacity(16, long.as_bytes()));
        assert!(matches!(events.next(), Some(Event::Start(_))));
        assert!(!events.skip_element("cells"));
        assert!(events.next().is_none());
        assert_eq!(events.end(), End::Stopped);
    }

    #[test]
    fn relationship_targets() {
        let rels = br#"<Relationships><Relationship Id="rId1" Target="worksheets/a&amp;b.xml"/><Relationship Target='x.xml' Id = 'rId2' /></Relationships>"#;
        let map = relationships(rels);
        assert_eq!(map.get("rId1").map(String::as_str), Some("worksheets/a&b.xml"));
        assert_eq!(map.get("rId2").map(String::as_str), Some("x.xml"));
    }
}
