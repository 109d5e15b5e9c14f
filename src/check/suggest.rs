//! "Did you mean P007?": the existing IDs close to an unknown one.
//!
//! Close means equal after ignoring case and leading zeros of digit runs
//! (`p07` ~ `P007`), or one character inserted, deleted or changed (`P0O7` ~ `P007`).
//! The index is built on first use (most months have no unknown reference) and
//! answers in time independent of the number of IDs: every ID is stored under
//! itself and each of its one-character deletions, and two strings within one
//! edit share such a key.

use std::cell::OnceCell;
use std::collections::HashMap;

/// At most this many suggestions are shown.
const MAX_SUGGESTIONS: usize = 3;
/// IDs shorter than this get no one-character suggestions (any two of them are "close").
const MIN_LEN_FOR_EDITS: usize = 3;

#[derive(Debug, Default)]
pub(super) struct Suggester<'a> {
    ids: Vec<&'a str>,
    index: OnceCell<Index<'a>>,
}

#[derive(Debug, Default)]
struct Index<'a> {
    loose: HashMap<String, Vec<&'a str>>,
    deletions: HashMap<String, Vec<&'a str>>,
}

impl<'a> Suggester<'a> {
    /// A suggester over these IDs (distinct, in the order given).
    pub(super) fn new(ids: Vec<&'a str>) -> Self {
        Suggester { ids, index: OnceCell::new() }
    }

    /// Existing IDs close to `id`, best first, at most [`MAX_SUGGESTIONS`].
    pub(super) fn suggest(&self, id: &str) -> Vec<&'a str> {
        if self.ids.is_empty() {
            return Vec::new();
        }
        let index = self.index.get_or_init(|| Index::build(&self.ids));
        let mut found: Vec<&'a str> =
            index.loose.get(&loose(id)).into_iter().flatten().copied().filter(|&c| c != id).collect();
        found.sort_unstable();
        if found.is_empty() && id.chars().count() >= MIN_LEN_FOR_EDITS {
            for key in std::iter::once(id.to_string()).chain(deletions(id)) {
                for &c in index.deletions.get(&key).into_iter().flatten() {
                    if c != id && one_edit(id, c) {
                        found.push(c);
                    }
                }
            }
            found.sort_unstable();
            found.dedup();
        }
        found.truncate(MAX_SUGGESTIONS);
        found
    }
}

impl<'a> Index<'a> {
    fn build(ids: &[&'a str]) -> Self {
        let mut index = Index::default();
        for &id in ids {
            index.loose.entry(loose(id)).or_default().push(id);
            if id.chars().count() >= MIN_LEN_FOR_EDITS {
                for key in std::iter::once(id.to_string()).chain(deletions(id)) {
                    let ids = index.deletions.entry(key).or_default();
                    if ids.last() != Some(&id) {
                        ids.push(id);
                    }
                }
            }
        }
        index
    }
}

/// Lower case, without the zeros that lead a run of digits: `P007` → `p7`, `0100` → `100`.
pub(super) fn loose(id: &str) -> String {
    let chars: Vec<char> = id.chars().flat_map(char::to_lowercase).collect();
    let mut out = String::with_capacity(chars.len());
    // Whether the digit run being read has kept a digit already (its zeros then count).
    let mut run_started = false;
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_digit() {
            run_started = false;
        } else if c == '0' && !run_started && chars.get(i + 1).is_some_and(char::is_ascii_digit) {
            continue;
        } else {
            run_started = true;
        }
        out.push(c);
    }
    out
}

/// `id` with each one character removed.
fn deletions(id: &str) -> impl Iterator<Item = String> + '_ {
    id.char_indices().map(move |(i, c)| {
        let mut s = String::with_capacity(id.len());
        s.push_str(&id[..i]);
        s.push_str(&id[i + c.len_utf8()..]);
        s
    })
}

/// Exactly one character inserted, deleted or substituted turns `a` into `b`.
fn one_edit(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (short, long) = if a.len() <= b.len() { (&a, &b) } else { (&b, &a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short.iter().zip(long.iter()).take_while(|(x, y)| x == y).count();
    if short.len() == long.len() {
        prefix < short.len() && short[prefix + 1..] == long[prefix + 1..]
    } else {
        short[prefix..] == long[prefix + 1..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loose_ignores_case_and_leading_zeros_of_each_number() {
        assert_eq!(loose("P007"), "p7");
        assert_eq!(loose("p07"), "p7");
        assert_eq!(loose("007"), "7");
        assert_eq!(loose("100"), "100");
        assert_eq!(loose("P1007"), "p1007");
        assert_eq!(loose("A0-002"), "a0-2");
        assert_eq!(loose("0"), "0");
    }

    #[test]
    fn one_edit_is_one_insert_delete_or_change() {
        assert!(one_edit("P007", "P008"));
        assert!(one_edit("P007", "P0007"));
        assert!(one_edit("P0007", "P007"));
        assert!(!one_edit("P007", "P007"));
        assert!(!one_edit("P007", "P070"));
        assert!(!one_edit("P007", "P00777"));
        assert!(one_edit("项目一", "项目二"));
    }

    #[test]
    fn suggestions_prefer_case_and_zeros_then_one_edit() {
        let s = Suggester::new(vec!["P007", "P008", "P100", "Q7"]);
        assert_eq!(s.suggest("P7"), vec!["P007"]);
        assert_eq!(s.suggest("p0007"), vec!["P007"]);
        assert_eq!(s.suggest("P009"), vec!["P007", "P008"]);
        assert_eq!(s.suggest("P1000"), vec!["P100"]);
        assert_eq!(s.suggest("X123"), Vec::<&str>::new());
        // Short IDs only match by case / zeros.
        assert_eq!(s.suggest("q07"), vec!["Q7"]);
        assert_eq!(s.suggest("Q8"), Vec::<&str>::new());
        assert_eq!(Suggester::new(vec![]).suggest("P7"), Vec::<&str>::new());
    }
}
