//! Summary rows (SPEC §2): a row whose first non-blank cell is 合计 / 总计 / 小计 /
//! Total is not data; where it holds numbers in the table's numeric columns, each
//! is compared with the sum of the data rows above it.
//!
//! "Above it": since the previous summary row. A 小计 (subtotal) closes a group; a
//! 合计 / 总计 / Total after subtotals is compared with all data rows since the
//! previous 合计 / 总计 / Total, so a grand total under subtotals is not a false alarm.

use super::Place;
use super::cell::parse_number as number_of;
use super::cell::word_key;
use super::grid::{Grid, Row, Value};
use super::header::Match;
use crate::diag::{Code, Diagnostic};
use crate::model::TableKind;
use crate::schema::{self, ColType};
use crate::t;
use crate::text::num;

/// Two figures closer than this are equal (money is kept to the cent).
pub const TOLERANCE: f64 = 0.005;

/// The kind of summary row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Summary {
    Subtotal,
    Total,
}

/// Whether a cell's text marks a summary row: 合计, 总计, 小计, 汇总, 总和, 累计, 共计,
/// Total, Sum (NFKC, any white space, any case), with a period before it (本月合计,
/// 全月汇总, 本期累计), a colon after it (合计：), or a unit in brackets (总计(元)).
pub fn summary_label(v: &Value) -> Option<Summary> {
    const PERIODS: [&str; 8] = ["本月", "当月", "全月", "本期", "本周", "本日", "全部", "月度"];
    let Value::Text(s) = v else { return None };
    // Cheap first: every label starts with one of these (a data row's id never allocates here).
    let first = s.trim_start().chars().next()?;
    if s.len() > 40
        || !matches!(
            first,
            '合' | '总'
                | '小'
                | '汇'
                | '累'
                | '共'
                | '本'
                | '当'
                | '全'
                | '月'
                | 'T'
                | 't'
                | 'S'
                | 's'
                | 'G'
                | 'g'
                | 'Ｔ'
                | 'ｔ'
                | 'Ｓ'
                | 'ｓ'
        )
    {
        return None;
    }
    let key = word_key(s);
    let mut key = key.trim_end_matches([':', '：']);
    if let Some(open) = key.find('(')
        && open > 0
        && key.ends_with(')')
    {
        key = key[..open].trim_end_matches([':', '：']);
    }
    let key = PERIODS.iter().find_map(|p| key.strip_prefix(p)).unwrap_or(key);
    match key {
        "小计" | "subtotal" => Some(Summary::Subtotal),
        "合计" | "总计" | "总合计" | "汇总" | "总和" | "累计" | "共计" | "总汇总" | "total" | "totals"
        | "grandtotal" | "sum" => Some(Summary::Total),
        _ => None,
    }
}

/// Running sums of a sheet's numeric columns.
pub struct Totals {
    /// (sheet column, the schema column's names) of the numeric columns.
    cols: Vec<(u32, &'static str, &'static str)>,
    group: Vec<f64>,
    grand: Vec<f64>,
}

impl Totals {
    pub fn new(kind: TableKind, m: &Match) -> Totals {
        let cols: Vec<_> = schema::columns(kind)
            .iter()
            .zip(&m.cols)
            .filter(|(c, _)| matches!(c.ty, ColType::Money | ColType::Count | ColType::Number))
            .filter_map(|(c, at)| at.map(|at| (at, c.zh, c.en)))
            .collect();
        let n = cols.len();
        Totals { cols, group: vec![0.0; n], grand: vec![0.0; n] }
    }

    /// Adds a data row's numbers; a number spread over the row from a merged range
    /// counts once, in the range's first row (the cell that holds it).
    pub fn add_data_row(&mut self, row: &Row, grid: &Grid) {
        for (i, (at, _, _)) in self.cols.iter().enumerate() {
            if grid.merge_at(row.idx, *at).is_some_and(|(top_left, _)| top_left != (row.idx, *at)) {
                continue;
            }
            if let Some(n) = row.get(*at).and_then(number_of) {
                self.group[i] += n;
                self.grand[i] += n;
            }
        }
    }

    pub fn check_total_row(&mut self, row: &Row, label: Summary, place: &Place, diags: &mut Vec<Diagnostic>) {
        for (i, &(at, zh, en)) in self.cols.iter().enumerate() {
            let Some(shown) = row.get(at).and_then(number_of) else { continue };
            let sum = match label {
                Summary::Subtotal => self.group[i],
                Summary::Total => self.grand[i],
            };
            // A sum past every limit (junk rows, each already out of range) proves nothing.
            if sum.is_finite() && (shown - sum).abs() > TOLERANCE {
                let (shown, sum) = (num::general(shown), num::general(sum));
                let message = t!(
                    "合计行 \"{zh}\" 列为 {shown}，但上方数据行之和为 {sum}；请核对合计或数据",
                    "total row, column \"{en}\": {shown}, but the rows above add up to {sum}; check the total or the rows"
                );
                diags.push(
                    Diagnostic::new(Code::TotalRowMismatch, message)
                        .in_file(place.file)
                        .in_sheet(place.sheet)
                        .at_cell(row.excel_row(), at),
                );
            }
        }
        self.group.iter_mut().for_each(|s| *s = 0.0);
        if label == Summary::Total {
            self.grand.iter_mut().for_each(|s| *s = 0.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_labels() {
        let l = |s: &str| summary_label(&Value::Text(s.into()));
        assert_eq!(l("合计"), Some(Summary::Total));
        assert_eq!(l(" 合 计 "), Some(Summary::Total));
        assert_eq!(l("总计："), Some(Summary::Total));
        assert_eq!(l("TOTAL"), Some(Summary::Total));
        assert_eq!(l("小计"), Some(Summary::Subtotal));
        assert_eq!(l("合计人数说明"), None);
        for total in [
            "汇总",
            "总和",
            "累计",
            "共计",
            "本月合计",
            "合计：",
            "总计(元)",
            "总计（元）",
            "全月汇总",
            "本期累计：",
            "Sum",
        ] {
            assert_eq!(l(total), Some(Summary::Total), "{total}");
        }
        assert_eq!(l("本月小计"), Some(Summary::Subtotal));
        for data in ["本月", "汇总表说明", "累计外呼", "全部", "(元)", "合计(元)说明", "Sunday"] {
            assert_eq!(l(data), None, "{data}");
        }
        assert_eq!(summary_label(&Value::Num(1.0)), None);
    }
}
