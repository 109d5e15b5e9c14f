//! Table recognition (SPEC §2): find the header row among a sheet's first rows and
//! the table whose required columns it holds.
//!
//! Rules where the SPEC is silent:
//! - "The first 30 rows" are the first 30 rows holding anything (blank rows above a
//!   table do not use up the search), so every header in the sheet's first 30 rows is
//!   found, and a few more under blank lines.
//! - Several tables matching one row: the one with the most matched columns
//!   (required and optional) wins; on a tie, the one listed first in
//!   [`TableKind::ALL`].
//! - Within a table, each column takes the first header cell (left to right) that
//!   answers to its Chinese name, then its English name, then its synonyms in order;
//!   a header cell serves one column only.
//! - A header row is "clearly" one table, so a missing column is an error rather than
//!   an unrecognised sheet, when it holds at least two of that table's columns
//!   (required or optional), one of them under a name no other table uses and not a
//!   free-text optional column (说明, 备注, 部门, 地区, 合作方, 姓名: words any list may
//!   have). So `项目编号 事件类别 损失业务量` is the partner events table lacking
//!   事件类型, while a staff list with 工号, 姓名, 电话 is no table (info).
//! - Names from `rules.toml [headers]` are tried before a column's own names; a key
//!   valid in several tables (`pm_id`, `project_id`, `date`) applies in each.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::cell::word_key;
use super::grid::{Row, Value};
use crate::model::TableKind;
use crate::schema::{self, ColType, Column};

/// How many non-blank rows at the top of a sheet are searched for the header.
pub const HEADER_SEARCH_ROWS: usize = 30;

/// Header normalisation: NFKC, trim, no white space, lower case, without a trailing
/// unit in brackets: `营业收入(元)`, `营业收入（元）`, `加班时长(小时)`, `出勤率(%)`, `[元]`, `【元】`.
pub fn normalize_header(s: &str) -> String {
    let mut k = word_key(s);
    for (open, close) in [('(', ')'), ('[', ']'), ('【', '】')] {
        if k.ends_with(close)
            && let Some(i) = k.rfind(open)
            && i > 0
        {
            k.truncate(i);
            break;
        }
    }
    k
}

/// The factor a money header's unit in brackets asks for: `(万元)` / `(万)` 10,000,
/// `(千元)` 1,000, `(亿元)` 100,000,000; `(元)`, any other unit or none: 1.
pub fn unit_scale(header: &str) -> f64 {
    let k = word_key(header);
    let unit = [('(', ')'), ('[', ']'), ('【', '】')].iter().find_map(|&(open, close)| {
        let inner = k.strip_suffix(close)?;
        inner.rfind(open).map(|i| &inner[i + open.len_utf8()..])
    });
    match unit {
        Some("万元" | "万") => 10_000.0,
        Some("千元") => 1_000.0,
        Some("亿元" | "亿") => 100_000_000.0,
        _ => 1.0,
    }
}

/// The normalised names of every column of every table, computed once.
struct Names {
    /// (table, column index) → its normalised names, in priority order.
    by_column: HashMap<(TableKind, usize), Vec<String>>,
    /// normalised name → the tables that use it.
    tables_of: HashMap<String, Vec<TableKind>>,
}

fn names() -> &'static Names {
    static NAMES: OnceLock<Names> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut by_column = HashMap::new();
        let mut tables_of: HashMap<String, Vec<TableKind>> = HashMap::new();
        for kind in TableKind::ALL {
            for (i, col) in schema::columns(kind).iter().enumerate() {
                let ns: Vec<String> = col.names().map(normalize_header).collect();
                for n in &ns {
                    let e = tables_of.entry(n.clone()).or_default();
                    if !e.contains(&kind) {
                        e.push(kind);
                    }
                }
                by_column.insert((kind, i), ns);
            }
        }
        Names { by_column, tables_of }
    })
}

/// A centre's own header names (`rules.toml [headers]`), normalised, by column key.
#[derive(Debug, Clone, Default)]
pub struct Aliases {
    by_key: HashMap<String, Vec<String>>,
}

impl Aliases {
    /// From `header name → column key` pairs.
    pub fn new<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Aliases {
        let mut by_key: HashMap<String, Vec<String>> = HashMap::new();
        for (header, key) in pairs {
            let n = normalize_header(header);
            if !n.is_empty() {
                by_key.entry(key.to_string()).or_default().push(n);
            }
        }
        Aliases { by_key }
    }

    fn of(&self, key: &str) -> &[String] {
        self.by_key.get(key).map_or(&[], Vec::as_slice)
    }
}

/// The tables that have a column with this key.
fn tables_with_key(key: &str) -> usize {
    TableKind::ALL.iter().filter(|&&k| schema::columns(k).iter().any(|c| c.key == key)).count()
}

/// A free-text optional column: its words (说明, 部门, 姓名) say nothing of the table.
fn generic(col: &Column) -> bool {
    !col.required && col.ty == ColType::Text
}

/// One header cell: its column, its text as written and normalised.
#[derive(Debug, Clone)]
pub struct HeaderCell {
    pub col: u32,
    pub text: String,
    pub key: String,
}

/// The header cells of a row (text cells only), normalised once.
pub fn header_cells(row: &Row) -> Vec<HeaderCell> {
    row.cells
        .iter()
        .filter_map(|(c, v)| match v {
            Value::Text(s) if !s.trim().is_empty() => {
                Some(HeaderCell { col: *c, text: s.trim().to_string(), key: normalize_header(s) })
            }
            _ => None,
        })
        .collect()
}

/// How one table's columns fall on a header row.
#[derive(Debug, Clone)]
pub struct Match {
    pub kind: TableKind,
    /// For each column of the table (schema order): the sheet column it was found in.
    pub cols: Vec<Option<u32>>,
    /// For each column: the factor its header's unit asks for (`营业收入(万元)`: 10,000).
    pub scales: Vec<f64>,
    pub required_found: usize,
    pub required_total: usize,
    pub found: usize,
    /// A column was found under a name no other table uses (and not a free-text
    /// optional column).
    pub distinctive: bool,
}

impl Match {
    pub fn complete(&self) -> bool {
        self.required_found == self.required_total
    }

    /// The required columns not found.
    pub fn missing(&self) -> Vec<&'static Column> {
        schema::columns(self.kind)
            .iter()
            .zip(&self.cols)
            .filter(|(c, at)| c.required && at.is_none())
            .map(|(c, _)| c)
            .collect()
    }

    /// "Clearly" this table (see the module docs).
    pub fn clearly(&self) -> bool {
        self.found >= 2 && self.distinctive
    }
}

/// A row's header cells by normalised text → their positions in `cells`, left to right.
pub type HeaderIndex<'a> = HashMap<&'a str, Vec<usize>>;

pub fn index_cells(cells: &[HeaderCell]) -> HeaderIndex<'_> {
    let mut index: HeaderIndex = HashMap::with_capacity(cells.len());
    for (i, h) in cells.iter().enumerate() {
        index.entry(h.key.as_str()).or_default().push(i);
    }
    index
}

/// Matches one table against a row's header cells.
pub fn match_table(kind: TableKind, cells: &[HeaderCell], index: &HeaderIndex, aliases: &Aliases) -> Match {
    let names = names();
    let columns = schema::columns(kind);
    let mut taken: Vec<usize> = Vec::new();
    let mut m = Match {
        kind,
        cols: vec![None; columns.len()],
        scales: vec![1.0; columns.len()],
        required_found: 0,
        required_total: columns.iter().filter(|c| c.required).count(),
        found: 0,
        distinctive: false,
    };
    for (i, col) in columns.iter().enumerate() {
        let free = |n: &String| index.get(n.as_str())?.iter().find(|j| !taken.contains(j)).copied();
        let own = aliases.of(col.key).iter().find_map(&free).map(|j| (j, tables_with_key(col.key) == 1));
        let ns = &names.by_column[&(kind, i)];
        let hit = own.or_else(|| {
            ns.iter().find_map(|n| free(n).map(|j| (j, names.tables_of.get(n).is_some_and(|ts| ts.len() == 1))))
        });
        if let Some((j, unique)) = hit {
            taken.push(j);
            m.cols[i] = Some(cells[j].col);
            if col.ty == ColType::Money {
                m.scales[i] = unit_scale(&cells[j].text);
            }
            m.found += 1;
            m.required_found += usize::from(col.required);
            m.distinctive |= unique && !generic(col);
        }
    }
    m
}

/// How a set of header cells ranks as `m`'s header: complete first (then the most
/// columns), then clearly one table, then the share of required columns, then columns.
pub fn rank(m: &Match) -> (bool, bool, u64, usize) {
    let share = (m.required_found as u64 * 1000) / m.required_total.max(1) as u64;
    (m.complete(), !m.complete() && m.clearly(), share, m.found)
}

/// The table these header cells match best (on a tie, the first in [`TableKind::ALL`]).
pub fn best_match(cells: &[HeaderCell], aliases: &Aliases) -> Option<Match> {
    let index = index_cells(cells);
    let mut best: Option<Match> = None;
    for kind in TableKind::ALL {
        let m = match_table(kind, cells, &index, aliases);
        if m.found > 0 && best.as_ref().is_none_or(|b| rank(&m) > rank(b)) {
            best = Some(m);
        }
    }
    best
}

/// How far a header is from a column's names (its own and the centre's), when it is
/// close enough to suggest: an edit distance of at most a third of the name's length
/// (at least 1), or one holding the other (`严重程度` ~ `严重`, `营收额` ~ `营收`).
pub fn resemblance(col: &Column, aliases: &Aliases, key: &str) -> Option<usize> {
    let own = aliases.of(col.key).iter().cloned();
    let names = col.names().map(normalize_header).chain(own);
    names
        .filter_map(|name| {
            let d = edit_distance(&name, key);
            let limit = (name.chars().count() / 3).max(1);
            let short = name.chars().count().min(key.chars().count());
            let holds = short >= 2 && (key.contains(name.as_str()) || name.contains(key));
            (d <= limit || holds).then_some(d)
        })
        .min()
}

/// The header cell nearest to a column's names ("did you mean"), when one is close
/// (see [`resemblance`]); cells already used by a column are passed over.
pub fn nearest_header<'a>(
    col: &Column,
    cells: &'a [HeaderCell],
    used: &[Option<u32>],
    aliases: &Aliases,
) -> Option<&'a HeaderCell> {
    let mut best: Option<(usize, &HeaderCell)> = None;
    for h in cells.iter().filter(|h| !used.contains(&Some(h.col))) {
        if let Some(d) = resemblance(col, aliases, &h.key)
            && best.is_none_or(|(bd, _)| d < bd)
        {
            best = Some((d, h));
        }
    }
    best.map(|(_, h)| h)
}

/// Levenshtein distance over chars (header names are short).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > 8 {
        return usize::MAX;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(idx: u32, texts: &[&str]) -> Row {
        Row { idx, cells: texts.iter().enumerate().map(|(i, t)| (i as u32, Value::Text((*t).into()))).collect() }
    }

    #[test]
    fn header_normalisation() {
        assert_eq!(normalize_header(" 营业收入(元) "), "营业收入");
        assert_eq!(normalize_header("营业收入（元）"), "营业收入");
        assert_eq!(normalize_header("加班时长(小时)"), "加班时长");
        assert_eq!(normalize_header("出勤率(%)"), "出勤率");
        assert_eq!(normalize_header("Hire  Date"), "hiredate");
        assert_eq!(normalize_header("ＰＭ　ＩＤ"), "pmid");
        assert_eq!(normalize_header("(元)"), "(元)");
        assert_eq!(normalize_header("营业收入（万元）"), "营业收入");
        assert_eq!(unit_scale("营业收入（万元）"), 10_000.0);
        assert_eq!(unit_scale("计划业务量(万)"), 10_000.0);
        assert_eq!(unit_scale("奖金基数(元)"), 1.0);
        assert_eq!(unit_scale("营业收入"), 1.0);
    }

    #[test]
    fn a_staff_list_is_not_clearly_managers() {
        let cells = header_cells(&row(0, &["工号", "姓名", "电话"]));
        let m = best_match(&cells, &Aliases::default()).unwrap();
        assert_eq!(m.kind, TableKind::Managers);
        assert!(!m.clearly() && !m.complete());
    }

    #[test]
    fn an_agents_header_without_revenue_suggests_the_nearest() {
        let cells = header_cells(&row(
            0,
            &[
                "座席工号",
                "项目编号",
                "入职日期",
                "应出勤天数",
                "实际出勤天数",
                "外呼量",
                "接通量",
                "成功订制量",
                "营收额",
            ],
        ));
        let none = Aliases::default();
        let m = best_match(&cells, &none).unwrap();
        assert_eq!(m.kind, TableKind::Agents);
        assert!(m.clearly());
        let missing = m.missing();
        assert_eq!(missing.iter().map(|c| c.key).collect::<Vec<_>>(), vec!["revenue"]);
        assert_eq!(nearest_header(missing[0], &cells, &m.cols, &none).map(|h| h.text.as_str()), Some("营收额"));
    }

    #[test]
    fn centre_names_map_to_columns_in_every_table_with_the_key() {
        let aliases = Aliases::new([("离岗日期", "leave_date"), ("经理编码", "pm_id")]);
        let cells = header_cells(&row(0, &["经理编码", "任务", "完成情况"]));
        assert!(best_match(&cells, &aliases).unwrap().complete());
        let cells = header_cells(&row(0, &["经理编码", "评价人", "评分"]));
        assert_eq!(best_match(&cells, &aliases).unwrap().kind, TableKind::Reviews);
        let leave = &schema::AGENTS[3];
        assert_eq!(resemblance(leave, &Aliases::default(), &normalize_header("离岗日期")), Some(1));
        let severe = &schema::PARTNER_EVENTS[4];
        assert!(resemblance(severe, &Aliases::default(), "严重程度").is_some());
        assert!(resemblance(severe, &Aliases::default(), "项目名称").is_none());
    }

    proptest::proptest! {
        #[test]
        fn header_words_never_panic(s in "\\PC{0,30}") {
            let _ = (normalize_header(&s), unit_scale(&s), edit_distance(&s, "营业收入"));
            let v = Value::Text(s.as_str().into());
            let _ = (super::super::total::summary_label(&v), super::super::rows::is_sign_off(&v));
            for ty in [crate::schema::ColType::Date, crate::schema::ColType::Money] {
                let _ = super::super::rows::is_placeholder(ty, &v);
            }
        }
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("营业收入", "营业收入"), 0);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
