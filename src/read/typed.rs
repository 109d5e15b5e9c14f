//! One cell read as its column's type, with the column's range rule (SPEC §2 types,
//! the single-cell part of §3 `out-of-range`; cross-column checks belong to the check stage).

use chrono::NaiveDate;

use super::cell::{
    earliest_date, is_time_of_day, parse_date, parse_event, parse_id, parse_number, parse_status, parse_text,
    parse_yes_no,
};
use super::grid::Value;
use super::limits;
use super::value_text as vt;
use crate::model::{EventKind, TableKind, TaskStatus};
use crate::schema::{ColType, Column};
use crate::text::Text;

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
    OutOfRange(&'static Text),
    /// A time of day in a date column.
    TimeNotDate,
    /// A date before [`super::cell::earliest_date`].
    TooEarly,
    /// Above the column's largest value (the limit, from [`super::limits`]).
    TooLarge(f64),
    FormulaNoValue,
}

/// The largest value a column of amounts accepts, if it has one.
pub fn max_of(ty: ColType) -> Option<f64> {
    match ty {
        ColType::Money => Some(limits::MAX_MONEY),
        ColType::Count => Some(limits::MAX_COUNT),
        ColType::Number => Some(limits::MAX_NUMBER),
        _ => None,
    }
}

/// Refuses a value above the column's limit (and anything not finite), so that no
/// sum of accepted values can become infinite.
pub fn bound(ty: ColType, n: f64) -> Result<f64, Fault> {
    match max_of(ty) {
        Some(max) if n.is_nan() || n.abs() > max => Err(Fault::TooLarge(max)),
        _ => Ok(n),
    }
}

/// Reads one non-blank cell as the column's type, with the column's range rule.
pub fn read_cell(kind: TableKind, col: &Column, v: &Value, grid: &super::grid::Grid) -> Result<Typed, Fault> {
    let is_1904 = grid.is_1904;
    if *v == Value::UncachedFormula {
        return Err(Fault::FormulaNoValue);
    }
    let whole = |n: f64| n.fract() == 0.0 && n.abs() < 9.0e15;
    match col.ty {
        ColType::Id => parse_id(v).map(Typed::Str).ok_or(Fault::Bad),
        ColType::Text => parse_text(v).map(Typed::Str).ok_or(Fault::Bad),
        ColType::Number => {
            let n = bound(col.ty, parse_number(v).ok_or(Fault::Bad)?)?;
            if kind == TableKind::Adjustments && col.key == "points" && n <= 0.0 {
                return Err(Fault::OutOfRange(&vt::ABOVE_ZERO_NUMBER));
            }
            Ok(Typed::F(n))
        }
        ColType::Money => {
            let n = bound(col.ty, parse_number(v).ok_or(Fault::Bad)?)?;
            if kind == TableKind::Projects && col.key == "plan" && n <= 0.0 {
                return Err(Fault::OutOfRange(&vt::ABOVE_ZERO_MONEY));
            }
            if n < 0.0 {
                return Err(Fault::OutOfRange(&vt::AT_LEAST_ZERO_MONEY));
            }
            Ok(Typed::F(n))
        }
        ColType::Count => {
            let n = bound(col.ty, parse_number(v).ok_or(Fault::Bad)?)?;
            if !whole(n) {
                return Err(Fault::Bad);
            }
            if n < 0.0 {
                return Err(Fault::OutOfRange(&vt::AT_LEAST_ZERO_COUNT));
            }
            Ok(Typed::U(n as u64))
        }
        ColType::Score => {
            let n = parse_number(v).ok_or(Fault::Bad)?;
            if !(0.0..=100.0).contains(&n) {
                return Err(Fault::OutOfRange(&vt::SCORE_RANGE));
            }
            Ok(Typed::F(n))
        }
        ColType::Item => {
            let n = parse_number(v).ok_or(Fault::Bad)?;
            if !whole(n) {
                return Err(Fault::Bad);
            }
            if !(1.0..=10.0).contains(&n) {
                return Err(Fault::OutOfRange(&vt::ITEM_RANGE));
            }
            Ok(Typed::Item(n as u8))
        }
        ColType::Date => match parse_date(v, is_1904, grid.month) {
            _ if is_time_of_day(v) => Err(Fault::TimeNotDate),
            Some(d) if d < earliest_date() => Err(Fault::TooEarly),
            Some(d) => Ok(Typed::Date(d)),
            None => Err(Fault::Bad),
        },
        ColType::YesNo => parse_yes_no(v).map(Typed::Bool).ok_or(Fault::Bad),
        ColType::Event => parse_event(v).map(Typed::Event).ok_or(Fault::Bad),
        ColType::Status => parse_status(v).map(Typed::Status).ok_or(Fault::Bad),
    }
}

#[cfg(test)]
mod tests {
    use super::super::cell;
    use super::*;
    use crate::schema;

    fn col(kind: TableKind, key: &str) -> &'static Column {
        schema::columns(kind).iter().find(|c| c.key == key).unwrap()
    }

    fn read(kind: TableKind, key: &str, v: Value) -> Result<Typed, Fault> {
        read_cell(kind, col(kind, key), &v, &super::super::grid::Grid::new(false))
    }

    #[test]
    fn range_rules_per_column() {
        use TableKind::*;
        assert_eq!(read(Agents, "dialed", Value::Num(-1.0)), Err(Fault::OutOfRange(&vt::AT_LEAST_ZERO_COUNT)));
        assert_eq!(read(Agents, "dialed", Value::Num(1.5)), Err(Fault::Bad));
        assert_eq!(read(Agents, "dialed", Value::Text("1,200".into())), Ok(Typed::U(1200)));
        assert_eq!(read(Agents, "revenue", Value::Num(-0.01)), Err(Fault::OutOfRange(&vt::AT_LEAST_ZERO_MONEY)));
        assert_eq!(read(Agents, "revenue", Value::Num(0.0)), Ok(Typed::F(0.0)));
        assert_eq!(read(Projects, "plan", Value::Num(0.0)), Err(Fault::OutOfRange(&vt::ABOVE_ZERO_MONEY)));
        assert_eq!(read(Adjustments, "points", Value::Num(-2.0)), Err(Fault::OutOfRange(&vt::ABOVE_ZERO_NUMBER)));
        assert_eq!(read(Adjustments, "item", Value::Num(10.0)), Ok(Typed::Item(10)));
        assert_eq!(read(Adjustments, "item", Value::Num(0.0)), Err(Fault::OutOfRange(&vt::ITEM_RANGE)));
        assert_eq!(read(Reviews, "score", Value::Num(100.5)), Err(Fault::OutOfRange(&vt::SCORE_RANGE)));
        assert_eq!(read(Reviews, "score", Value::Text("95".into())), Ok(Typed::F(95.0)));
        // Days may be anything numeric here; the check stage compares attended with scheduled.
        assert_eq!(read(Agents, "scheduled_days", Value::Num(21.5)), Ok(Typed::F(21.5)));
        // Too large to be true: out of range with the limit, whatever the form.
        assert_eq!(read(Agents, "revenue", Value::Num(1e308)), Err(Fault::TooLarge(1e12)));
        assert_eq!(read(Agents, "revenue", Value::Num(-1e13)), Err(Fault::TooLarge(1e12)));
        assert_eq!(read(Agents, "revenue", Value::Num(1e12)), Ok(Typed::F(1e12)));
        assert_eq!(read(Managers, "bonus_base", Value::Text("1e308".into())), Err(Fault::Bad));
        assert_eq!(read(Agents, "dialed", Value::Num(1e10)), Err(Fault::TooLarge(1e9)));
        assert_eq!(read(Agents, "dialed", Value::Num(1e300)), Err(Fault::TooLarge(1e9)));
        assert_eq!(read(Agents, "ot_hours", Value::Num(2e9)), Err(Fault::TooLarge(1e9)));
        assert_eq!(bound(ColType::Money, f64::NAN), Err(Fault::TooLarge(1e12)));
        assert_eq!(bound(ColType::Money, f64::INFINITY), Err(Fault::TooLarge(1e12)));
        // A time of day, or a date before 1900-03-01 (a small number shown as a date).
        assert_eq!(read(Agents, "hire_date", Value::Text("09:30".into())), Err(Fault::TimeNotDate));
        assert_eq!(read(Agents, "hire_date", Value::Num(0.396)), Err(Fault::TimeNotDate));
        assert_eq!(read(Agents, "hire_date", Value::Num(5.0)), Err(Fault::TooEarly));
        assert_eq!(read(Qa, "date", Value::Date(NaiveDate::from_ymd_opt(1900, 1, 5).unwrap())), Err(Fault::TooEarly));
        assert_eq!(read(Agents, "hire_date", Value::Num(61.0)), Ok(Typed::Date(cell::earliest_date())));
        assert_eq!(read(Agents, "name", Value::Text("09:30".into())), Ok(Typed::Str("09:30".into())));
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
