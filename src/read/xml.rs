//! The attributes of XML start tags, read by quick-xml: the zip guard (workbook.xml,
//! its relationships, the sheets' merged cells), the xlsb merges and the ODS scan find
//! their tags with a byte search — a tokenizer over every cell of a 100 MB sheet would
//! cost more than the guard saves — and read what a tag says here, where quotes of
//! either kind, spaces around `=`, prefixes and every entity (named or numeric) are
//! XML's, not a hand-written parser's.

use std::borrow::Cow;

/// The raw value of the attribute `name` (or of `prefix:name` with any prefix when
/// `name` is `:name`) in the bytes of a start tag after its element name (`tag`
/// may end with the `/` of an empty element). `None` when absent or malformed.
pub fn attr<'a>(tag: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let text = std::str::from_utf8(tag).ok()?.trim_end();
    let text = text.strip_suffix('/').unwrap_or(text);
    let mut attrs = quick_xml::events::attributes::Attributes::new(text, 0);
    attrs.with_checks(false);
    for a in attrs {
        let a = a.ok()?;
        let hit = match name.strip_prefix(b":") {
            Some(local) => a.key.prefix().is_some() && a.key.local_name().as_ref().as_bytes() == local,
            None => a.key.as_ref().as_bytes() == name,
        };
        if hit {
            return match a.value {
                Cow::Borrowed(v) => Some(v.as_bytes()),
                Cow::Owned(_) => None,
            };
        }
    }
    None
}

/// Attribute text with XML's entities resolved (`&amp;`, `&#x4E2D;`, `&#20013;`);
/// `None` for bytes that are not UTF-8 or an entity XML does not know.
pub fn unescape(raw: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(raw).ok()?;
    quick_xml::escape::unescape(text).ok().map(Cow::into_owned)
}

/// [`attr`] resolved to text.
pub fn attr_text(tag: &[u8], name: &[u8]) -> Option<String> {
    attr(tag, name).and_then(unescape)
}

/// [`attr`] as a whole number.
pub fn attr_u64(tag: &[u8], name: &[u8]) -> Option<u64> {
    std::str::from_utf8(attr(tag, name)?).ok()?.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_as_xml_writes_them() {
        let tag = br#" name="A&amp;B &#x4E2D;&#25991;" r:id='rId3' sheetId = "2"/"#;
        assert_eq!(attr_text(tag, b"name").as_deref(), Some("A&B 中文"));
        assert_eq!(attr(tag, b":id"), Some(&b"rId3"[..]), "any prefix, single quotes");
        assert_eq!(attr_u64(tag, b"sheetId"), Some(2), "spaces around =");
        assert_eq!(attr(tag, b"id"), None, "r:id is not id");
        // A name that only ends like another is not it (the ODS scan's old substring search).
        let ods = br#" xtable:name="no" table:name="yes""#;
        assert_eq!(attr_text(ods, b"table:name").as_deref(), Some("yes"));
        assert_eq!(attr(br#" a="unclosed"#, b"a"), None);
        assert_eq!(unescape(b"&bogus;"), None);
    }
}
