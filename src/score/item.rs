//! What an item module declares about its item, in one constant ([`Item`]): its
//! number, max and parts, its name and 考评方法 on the form, the key figures beside
//! it on the scorecard and the metrics it adds to the Metrics sheet. The report and
//! the tests read these; nothing retypes them.

use super::facts::{MonthFacts, PmFacts};
use crate::outcome::{ItemScore, Metrics};
use crate::rules::Rules;
use crate::text::{Text, num};

/// The shape every item's scoring shares.
pub type ItemFn = fn(&PmFacts, &MonthFacts, &Rules) -> ItemScore;

/// A part of an item with a max of its own (3a, 5b, 8c, …).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Part {
    pub name: &'static str,
    pub max: f64,
}

/// One column of the Metrics sheet: its header, and its value with its number format.
#[derive(Debug, Clone)]
pub struct Metric {
    pub header: Text,
    pub value: Value,
}

/// A metric's value, by how the sheet formats it.
#[derive(Debug, Clone, Copy)]
pub enum Value {
    Money(fn(&Metrics) -> Option<f64>),
    Rate(fn(&Metrics) -> Option<f64>),
    Int(fn(&Metrics) -> u64),
    Dec(fn(&Metrics) -> Option<f64>),
    YesNo(fn(&Metrics) -> bool),
}

/// Everything about one item of the form.
#[derive(Debug, Clone)]
pub struct Item {
    pub number: u8,
    pub max: f64,
    /// Empty when the item is scored as a whole.
    pub parts: &'static [Part],
    /// 考评内容, as SPEC §4 names the item.
    pub name: Text,
    pub score: ItemFn,
    /// 考评方法 after the max: the rule in short, with the values of `rules`.
    pub method: fn(&Rules) -> Text,
    /// The key figures printed beside the item on the scorecard.
    pub key_metrics: fn(&Metrics) -> Text,
    /// The item's columns of the Metrics sheet, in order.
    pub metrics: &'static [Metric],
}

/// A rule share as the form states it: `98%`, `0.5%`.
pub fn rule_pct(share: f64) -> String {
    format!("{}%", num::plain(share * 100.0))
}

/// A rate for the scorecard, `—` when there is none.
pub fn rate(v: Option<f64>) -> String {
    v.map(super::show::pct).unwrap_or_else(|| "—".into())
}

/// A decimal for the scorecard, `—` when there is none.
pub fn dec(v: Option<f64>) -> String {
    v.map(|x| num::fixed(x, 2)).unwrap_or_else(|| "—".into())
}

/// `成立` / `held`, for the premise of items 4 and 6.
pub fn held(yes: bool) -> Text {
    if yes { Text::of("成立", "held") } else { Text::of("不成立", "not held") }
}

impl Metric {
    pub const fn new(zh: &'static str, en: &'static str, value: Value) -> Metric {
        Metric { header: Text::of(zh, en), value }
    }
}

#[cfg(test)]
mod tests {
    use crate::score::{ITEMS, metric_columns};

    #[test]
    fn the_form_adds_up() {
        // Items 1–10 in order; their maxes make 100; where an item has parts, they make its max.
        let numbers: Vec<u8> = ITEMS.iter().map(|i| i.number).collect();
        assert_eq!(numbers, (1..=10).collect::<Vec<u8>>());
        assert_eq!(ITEMS.iter().map(|i| i.max).sum::<f64>(), 100.0);
        for item in ITEMS.iter().filter(|i| !i.parts.is_empty()) {
            assert_eq!(item.parts.iter().map(|p| p.max).sum::<f64>(), item.max, "item {}", item.number);
            for p in item.parts {
                assert!(p.name.starts_with(&item.number.to_string()), "{} in item {}", p.name, item.number);
            }
        }
    }

    #[test]
    fn every_metrics_column_has_its_own_header() {
        let n = metric_columns().count();
        let zh: std::collections::BTreeSet<&str> = metric_columns().map(|m| &*m.header.zh).collect();
        let en: std::collections::BTreeSet<&str> = metric_columns().map(|m| &*m.header.en).collect();
        assert_eq!((zh.len(), en.len()), (n, n));
        // The general columns sit beside the items they compare with.
        let headers: Vec<&str> = metric_columns().map(|m| &*m.header.en).collect();
        let at = |h: &str| headers.iter().position(|x| *x == h).unwrap();
        assert_eq!(at("Connection rate"), at("Revenue per capita") + 1);
        assert_eq!(at("Premise held"), headers.len() - 1);
    }
}
