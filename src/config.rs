//! The resolved configuration of one command: inputs, month, rules, language,
//! output. Nothing below the CLI sees clap types.

use std::path::{Path, PathBuf};

use crate::model::Month;
use crate::rules::Rules;
use crate::text::Lang;

/// What `check` and `run` need to know, resolved once from the arguments.
/// The output fields (`format`, `out`, `force`) matter to `run` and `check` only.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub inputs: Vec<PathBuf>,
    /// `--month`, when given.
    pub month: Option<Month>,
    pub rules: Rules,
    /// The rules file in force (`--rules`, or one found beside the inputs); `None`: the defaults.
    pub rules_file: Option<PathBuf>,
    pub lang: Lang,
    pub draft: bool,
    /// How `run --json` / `check --format` print their summary.
    pub format: OutputFormat,
    /// `run --out`: where the report goes (`None`: `./kaoping-YYYY-MM.xlsx`).
    pub out: Option<PathBuf>,
    /// `run --force`: a file at `out` that kaoping did not write may be replaced.
    pub force: bool,
    /// `--all`: the terminal shows every group of findings, not the first 20 of a code.
    pub all: bool,
    /// `--mark DIR`: where the marked copies of the inputs with findings go.
    pub mark: Option<PathBuf>,
    /// `run --cards DIR`: one workbook per PM with only their scorecard.
    pub cards: Option<PathBuf>,
    /// `run --history FILE`: the history store (default: `kaoping.db` beside the report).
    pub history: Option<PathBuf>,
    /// `run --no-history`: neither read nor write a history store.
    pub no_history: bool,
}

/// What the terminal gets: words for people, or the JSON summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputFormat {
    #[default]
    Text,
    Json,
}

/// Reads a month written as `2026-11`, `202611`, `2026年11月`, `2026.11`, `2026/11`
/// or `2026_11`, alone or inside a longer name (`2026年11月考评`).
pub fn parse_month(text: &str) -> Option<Month> {
    use unicode_normalization::UnicodeNormalization;
    let s: Vec<char> = text.nfkc().collect();
    let digit = |i: usize| s.get(i).is_some_and(|c| c.is_ascii_digit());
    let num = |from: usize, len: usize| -> u32 { s[from..from + len].iter().collect::<String>().parse().unwrap_or(0) };
    for start in 0..s.len() {
        // A year: exactly four digits, not part of a longer number.
        if (start > 0 && digit(start - 1)) || !(0..4).all(|k| digit(start + k)) {
            continue;
        }
        let year = num(start, 4) as i32;
        let mut i = start + 4;
        let separated = matches!(s.get(i), Some('-' | '.' | '/' | '_' | '年'));
        if separated {
            i += 1;
        }
        let len = if digit(i) && digit(i + 1) {
            2
        } else if digit(i) && separated {
            1
        } else {
            continue;
        };
        if digit(i + len) {
            // `20261103` is a date, not a month; `2026-113` is nothing.
            continue;
        }
        if let Some(m) = Month::new(year, num(i, len)) {
            return Some(m);
        }
    }
    None
}

/// The month named by the input folders: each input that is a folder gives its own
/// name, each file its parent folder's. `None` unless they name exactly one month.
pub fn month_from_paths(inputs: &[PathBuf]) -> Option<Month> {
    let mut found: Option<Month> = None;
    for input in inputs {
        let folder = if input.is_dir() { Some(input.as_path()) } else { input.parent() };
        let absolute =
            folder.and_then(|f| std::fs::canonicalize(if f.as_os_str().is_empty() { Path::new(".") } else { f }).ok());
        let name = absolute.as_deref().and_then(Path::file_name).and_then(|n| n.to_str());
        match (name.and_then(parse_month), found) {
            (Some(m), None) => found = Some(m),
            (Some(m), Some(f)) if m != f => return None,
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(y: i32, mo: u32) -> Option<Month> {
        Month::new(y, mo)
    }

    #[test]
    fn month_names_of_folders() {
        assert_eq!(parse_month("2026-11"), m(2026, 11));
        assert_eq!(parse_month("202611"), m(2026, 11));
        assert_eq!(parse_month("2026年11月"), m(2026, 11));
        assert_eq!(parse_month("2026.11"), m(2026, 11));
        assert_eq!(parse_month("2026-3"), m(2026, 3));
        assert_eq!(parse_month("2026年3月"), m(2026, 3));
        assert_eq!(parse_month("２０２６年１１月"), m(2026, 11));
        assert_eq!(parse_month("考评 2026年11月 终稿"), m(2026, 11));
    }

    #[test]
    fn not_month_names() {
        assert_eq!(parse_month("samples"), None);
        assert_eq!(parse_month("20261103"), None);
        assert_eq!(parse_month("2026-13"), None);
        assert_eq!(parse_month("12026-11"), None);
        assert_eq!(parse_month("20263"), None);
    }
}
