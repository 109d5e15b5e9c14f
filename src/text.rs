//! Words people read, in Simplified Chinese and English.
//!
//! Every user-facing string is made as a [`Text`] holding both languages side by
//! side, so a translation is reviewed where the sentence is written; the language
//! is picked only when the words are shown.

pub mod num;
#[cfg(test)]
mod punctuation;

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// 简体中文
    #[default]
    Zh,
    /// English
    En,
}

impl Lang {
    pub fn pick<T>(self, zh: T, en: T) -> T {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// One sentence or label in both languages: the only way kaoping holds words.
///
/// Fixed words are made at compile time with [`Text::of`] (`static RANK: Text =
/// Text::of("名次", "Rank")`, or a `fn words(self) -> Text` on an enum); sentences with
/// values in them with [`t!`](crate::t).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Text {
    pub zh: Cow<'static, str>,
    pub en: Cow<'static, str>,
}

impl Text {
    pub fn new(zh: impl Into<Cow<'static, str>>, en: impl Into<Cow<'static, str>>) -> Text {
        Text { zh: zh.into(), en: en.into() }
    }

    /// Fixed words, usable in a `const` or `static`.
    pub const fn of(zh: &'static str, en: &'static str) -> Text {
        Text { zh: Cow::Borrowed(zh), en: Cow::Borrowed(en) }
    }

    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }

    /// The words in `lang`, kept: fixed words stay borrowed from the program.
    pub fn take(self, lang: Lang) -> Cow<'static, str> {
        lang.pick(self.zh, self.en)
    }

    /// Joins two texts with a separator fitting each language.
    pub fn join(&self, other: &Text) -> Text {
        Text::new(format!("{}；{}", self.zh, other.zh), format!("{}; {}", self.en, other.en))
    }
}

impl fmt::Display for Text {
    /// Shows the Chinese text; use [`Text::get`] to choose.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.zh)
    }
}

/// `：` / `: `, after a label.
pub static COLON: Text = Text::of("：", ": ");
/// `，` / `, `, between the items of a list.
pub static COMMA: Text = Text::of("，", ", ");
/// `；` / `; `, between clauses.
pub static SEMICOLON: Text = Text::of("；", "; ");

/// `t!("中文 {x}", "English {x}")`: a [`Text`] from two format strings.
#[macro_export]
macro_rules! t {
    ($zh:expr, $en:expr $(,)?) => {
        $crate::text::Text::new(format!($zh), format!($en))
    };
    ($zh:expr, $en:expr, $($arg:tt)*) => {
        $crate::text::Text::new(format!($zh, $($arg)*), format!($en, $($arg)*))
    };
}

/// A Unicode format character (general category Cf, Unicode 15): invisible, yet it
/// makes `P01\u{200b}` differ from `P01`. ZWSP, ZWNJ, ZWJ, LRM/RLM, the bidi
/// controls, word joiner, invisible operators, BOM (U+FEFF), soft hyphen, the tags.
pub fn is_format_char(c: char) -> bool {
    matches!(c as u32,
        0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x890..=0x891 | 0x8E2 | 0x180E
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F | 0xFEFF
        | 0xFFF9..=0xFFFB | 0x110BD | 0x110CD | 0x13430..=0x1343F | 0x1BCA0..=0x1BCA3
        | 0x1D173..=0x1D17A | 0xE0001 | 0xE0020..=0xE007F)
}

/// `s` without its format characters ([`is_format_char`]).
pub fn strip_format_chars(s: &str) -> Cow<'_, str> {
    if s.is_ascii() || !s.chars().any(is_format_char) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().filter(|&c| !is_format_char(c)).collect())
    }
}

/// `s` with its format characters written out (`P01\u200b`), for a message that
/// quotes a raw value: what the clerk cannot see is shown.
pub fn escape_format_chars(s: &str) -> Cow<'_, str> {
    escape_where(s, is_format_char)
}

/// `s` with control characters (C0, DEL, C1: ESC, BEL, a new line …) and format
/// characters written out (`\u001b`), so that text from a cell cannot move the
/// cursor, colour or retitle a terminal, or reorder what it shows.
pub fn escape_for_terminal(s: &str) -> Cow<'_, str> {
    escape_where(s, |c| c.is_control() || is_format_char(c))
}

/// One form for every escaped character: `\u` and four hex digits (`\u{e0001}` above U+FFFF).
fn escape_where(s: &str, escape: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(&escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c as u32 {
            _ if !escape(c) => out.push(c),
            n if n <= 0xFFFF => out.push_str(&format!("\\u{n:04x}")),
            n => out.push_str(&format!("\\u{{{n:x}}}")),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unseen_characters_are_shown_or_removed() {
        assert_eq!(strip_format_chars("\u{feff}项目\u{200b}编号\u{ad}"), "项目编号");
        assert_eq!(strip_format_chars("P01"), "P01");
        assert_eq!(escape_format_chars("P01\u{200b}"), "P01\\u200b");
        assert_eq!(escape_format_chars("A\u{e0001}"), "A\\u{e0001}");
        assert_eq!(escape_format_chars("\x1b[31m"), "\x1b[31m");
        assert_eq!(
            escape_for_terminal("\x1b[31mred\x07\n\u{9b}\u{202e}"),
            "\\u001b[31mred\\u0007\\u000a\\u009b\\u202e"
        );
        assert_eq!(escape_for_terminal("张三 P01"), "张三 P01");
    }
}
