//! Words people read, in Simplified Chinese and English.
//!
//! Every user-facing string is made as a [`Text`] holding both languages side by
//! side, so a translation is reviewed where the sentence is written; the language
//! is picked only when the words are shown.

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

/// One sentence in both languages.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Text {
        Text { zh: zh.into(), en: en.into() }
    }

    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }

    /// Joins two texts with a separator fitting each language.
    pub fn join(&self, other: &Text) -> Text {
        Text { zh: format!("{}；{}", self.zh, other.zh), en: format!("{}; {}", self.en, other.en) }
    }
}

impl fmt::Display for Text {
    /// Shows the Chinese text; use [`Text::get`] to choose.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.zh)
    }
}

/// `t!("中文 {x}", "English {x}")`: a [`Text`] from two format strings.
#[macro_export]
macro_rules! t {
    ($zh:expr, $en:expr $(,)?) => {
        $crate::text::Text { zh: format!($zh), en: format!($en) }
    };
    ($zh:expr, $en:expr, $($arg:tt)*) => {
        $crate::text::Text { zh: format!($zh, $($arg)*), en: format!($en, $($arg)*) }
    };
}
