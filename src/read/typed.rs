//! One cell read as its column's type, with the column's range rule (SPEC §2 types,
//! the single-cell part of §3 `out-of-range`; cross-column checks belong to the check stage).

use chrono::NaiveDate;

use super::cell::{parse_date, parse_event, parse_id, parse_number, parse_status, parse_text, parse_yes_no};
use super::grid::Value;
use super::value_text as vt;
use crate::model::{EventKind, TableKind, TaskStatus};
use crate::schema::{ColType, Column};

/// A cell read as its column's type.
#[derive(Debug, Clone, PartialEq)]
pub enum Typed {
    Str(String),
    F(f64),
    U(u64),
    Date(NaiveDate),
    Bool(bool),
    Event(EventKind),
    Status(TaskStatus),
    Item(u8),
}

/// Why a cell could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum Fault {
    Bad,
    OutOfRange((&'static str, &'static str)),
    FormulaNoValue,
}

/// Reads one non-blank cell as the column's type, with the column's range rule.
pub fn read_cell(kind: TableKind, col: &Column, v: &Value, is_1904: bool) -> Result<Typed, Fault> {
    if *v == Value::UncachedFormula {
        return Err(Fault::FormulaNoValue);
    }
    let whole = |n: f64| n.fract() == 0.0 && n.abs() < 9.0e15;
    match col.ty {
        ColType::Id => parse_id(v).map(Typed::Str).ok_or(Fault::Bad),
        ColType::Text => parse_text(v).map(Typed::Str).ok_or(Fault::Bad),
        ColType::Number => {
            let n = parse_number(v).ok_or(Fault::Bad)?;
            if kind == TableKind::Adjustments && col.key == "points" && n <= 0.0 {
                return Err(Fault::OutOfRange(vt::ABOVE_ZERO_NUMBER));
            }
            Ok(Typed::F(n))
        }
        ColType::Money => {
            let n = parse_number(v).ok_or(Fault::Bad)?;
            if kind == TableKind::Projects && col.key == "plan" && n <= 0.0 {
                return Err(Fault::OutOfRange(vt::ABOVE_ZERO_MONEY));
            }
            if n < 0.0 {
                return Err(Fault::OutOfRange(vt::AT_LEAST_ZERO_MONEY));
            }
            Ok(Typed::F(n))
        }
        ColType::Count => {
            let n = parse_number(v).ok_or(Fault::Bad)?;
            if !whole(n) {
                return Err(Fault::Bad);
            }
            if n < 0.0 {
                return Err(Fault::OutOfRange(vt::AT_LEAST_ZERO_COUNT));
            }
            Ok(Typed::U(n as u64))
        }
        ColType::Score => {
            let n = parse_number(v).ok_or(Fault::Bad)?;
            if !(0.0..=100.0).contains(&n) {
                return Err(Fault::OutOfRange(vt::SCORE_RANGE));
            }
            Ok(Typed::F(n))
        }
        ColType::Item => {
            let n = parse_number(v).ok_or(Fault::Bad)?;
            if !whole(n) {
                return Err(Fault::Bad);
            }
            if !(1.0..=10.0).contains(&n) {
                return Err(Fault::OutOfRange(vt::ITEM_RANGE));
            }
            Ok(Typed::Item(n as u8))
        }
        ColType::Date => parse_date(v, is_1904).map(Typed::Date).ok_or(Fault::Bad),
        ColType::YesNo => parse_yes_no(v).map(Typed::Bool).ok_or(Fault::Bad),
        ColType::Event => parse_event(v).map(Typed::Event).ok_or(Fault::Bad),
        ColType::Status => parse_status(v).map(Typed::Status).ok_or(Fault::Bad),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema;

    fn col(kind: TableKind, key: &str) -> &'static Column {
        schema::columns(kind).iter().find(|c| c.key == key).unwrap()
    }

    fn read(kind: TableKind, key: &str, v: Value) -> Result<Typed, Fault> {
        read_cell(kind, col(kind, key), &v, false)
    }

    #[test]
    fn range_rules_per_column() {
        use TableKind::*;
        assert_eq!(read(Agents, "dialed", Value::Num(-1.0)), Err(Fault::OutOfRange(vt::AT_LEAST_ZERO_COUNT)));
        assert_eq!(read(Agents, "dialed", Value::Num(1.5)), Err(Fault::Bad));
        assert_eq!(read(Agents, "dialed", Value::Text("1,200".into())), Ok(Typed::U(1200)));
        assert_eq!(read(Agents, "revenue", Value::Num(-0.01)), Err(Fault::OutOfRange(vt::AT_LEAST_ZERO_MONEY)));
        assert_eq!(read(Agents, "revenue", Value::Num(0.0)), Ok(Typed::F(0.0)));
        assert_eq!(read(Projects, "plan", Value::Num(0.0)), Err(Fault::OutOfRange(vt::ABOVE_ZERO_MONEY)));
        assert_eq!(read(Adjustments, "points", Value::Num(-2.0)), Err(Fault::OutOfRange(vt::ABOVE_ZERO_NUMBER)));
        assert_eq!(read(Adjustments, "item", Value::Num(10.0)), Ok(Typed::Item(10)));
        assert_eq!(read(Adjustments, "item", Value::Num(0.0)), Err(Fault::OutOfRange(vt::ITEM_RANGE)));
        assert_eq!(read(Reviews, "score", Value::Num(100.5)), Err(Fault::OutOfRange(vt::SCORE_RANGE)));
        assert_eq!(read(Reviews, "score", Value::Text("95".into())), Ok(Typed::F(95.0)));
        // Days may be anything numeric here; the check stage compares attended with scheduled.
        assert_eq!(read(Agents, "scheduled_days", Value::Num(21.5)), Ok(Typed::F(21.5)));
        assert_eq!(read(Agents, "hire_date", Value::UncachedFormula), Err(Fault::FormulaNoValue));
        assert_eq!(read(Agents, "hire_date", Value::Error("#REF!".into())), Err(Fault::Bad));
    }

    #[test]
    fn placeholders_count_as_blank_only_where_they_cannot_be_data() {
        use super::super::rows::is_placeholder;
        let t = |s: &str| Value::Text(s.into());
        assert!(is_placeholder(ColType::Number, &t(" - ")));
        assert!(is_placeholder(ColType::Money, &t("—")));
        assert!(is_placeholder(ColType::Date, &t("在职")));
        assert!(is_placeholder(ColType::YesNo, &t("N/A")));
        assert!(!is_placeholder(ColType::Number, &t("在职")));
        assert!(!is_placeholder(ColType::Id, &t("-")));
        assert!(!is_placeholder(ColType::Text, &t("无")));
        assert!(!is_placeholder(ColType::Count, &Value::Num(0.0)));
    }
}
