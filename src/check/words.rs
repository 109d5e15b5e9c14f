//! Small pieces of the checks' messages: numbers, places, column headers.

use crate::model::{Origin, TableKind};
use crate::schema::{self, Col};
use crate::t;
use crate::text::Text;

/// A value as the user typed it: `22`, `20.5`, `-2`, never `22.000000001`.
pub(super) fn num(x: f64) -> String {
    crate::text::num::trimmed(x, 4)
}

/// Where a row is, at the cell of `col` when its column is known:
/// `agents.xlsx「座席」C5` / `agents.xlsx, sheet "座席", C5`; else the row:
/// `agents.xlsx「座席」第5行` / `agents.xlsx, sheet "座席", row 5`.
pub(super) fn place(o: &Origin, col: Option<u32>) -> Text {
    let at = match col {
        Some(c) => {
            let cell = crate::diag::a1(o.row, c);
            Text::new(cell.clone(), cell)
        }
        None => t!("第{}行", "row {}", o.row),
    };
    crate::diag::place(&o.file, &o.sheet, &at)
}

/// A column's header in both languages: (`接通量`, `connected`). The English one is
/// lower-cased for use inside a sentence, unless it starts with an abbreviation (`PM ID`).
pub(super) fn header(col: Col) -> (&'static str, String) {
    let col = col.column();
    let mut en = col.en.chars();
    let en = match (en.next(), en.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && b.is_uppercase() => col.en.to_string(),
        (Some(a), _) => a.to_lowercase().chain(col.en.chars().skip(1)).collect(),
        _ => String::new(),
    };
    (col.zh, en)
}

/// The required headers of a table: (`项目经理工号、姓名、奖金基数`, `PM ID, Name, Bonus base`).
pub(super) fn required_headers(kind: TableKind) -> (String, String) {
    let cols = || schema::columns(kind).iter().filter(|c| c.required);
    (cols().map(|c| c.zh).collect::<Vec<_>>().join("、"), cols().map(|c| c.en).collect::<Vec<_>>().join(", "))
}

/// `P001、P002` / `P001, P002`, at most `max` shown, then `…` (with the total count).
pub(super) fn list(ids: &[&str], max: usize) -> Text {
    let shown = &ids[..ids.len().min(max)];
    let more = ids.len() > max;
    let tail_zh = if more { format!("等{}个", ids.len()) } else { String::new() };
    let tail_en = if more { format!(" and {} more", ids.len() - max) } else { String::new() };
    Text::new(format!("{}{}", shown.join("、"), tail_zh), format!("{}{}", shown.join(", "), tail_en))
}

/// `。您是否指 P007？` / `. Did you mean P007?` — to end a sentence; empty without suggestions.
pub(super) fn did_you_mean(suggestions: &[&str]) -> Text {
    if suggestions.is_empty() {
        return Text::default();
    }
    let s = suggestions.join(" / ");
    t!("。您是否指 {s}？", ". Did you mean {s}?")
}

/// `接通量 812 大于外呼量 640（J8）；接通量不能超过外呼量` / `connected 812 is more than
/// dialed 640 (J8); connected cannot exceed dialed`: the other cell named when known.
pub(super) fn exceeds(col: Col, value: &str, limit_col: Col, limit: &str, limit_cell: Option<String>) -> Text {
    let (azh, aen) = header(col);
    let (bzh, ben) = header(limit_col);
    let (cz, ce) = limit_cell.map_or((String::new(), String::new()), |c| (format!("（{c}）"), format!(" ({c})")));
    t!(
        "{azh} {value} 大于{bzh} {limit}{cz}；{azh}不能超过{bzh}",
        "{aen} {value} is more than {ben} {limit}{ce}; {aen} cannot exceed {ben}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_typed() {
        assert_eq!(num(22.0), "22");
        assert_eq!(num(20.5), "20.5");
        assert_eq!(num(-2.0), "-2");
        assert_eq!(num(0.1 + 0.2), "0.3");
        assert_eq!(num(1.0 / 3.0), "0.3333");
    }

    #[test]
    fn headers_for_sentences() {
        use crate::schema::col::{agents, projects};
        assert_eq!(header(agents::CONNECTED), ("接通量", "connected".to_string()));
        assert_eq!(header(agents::OT_HOURS), ("加班时长", "OT hours".to_string()));
        assert_eq!(header(projects::PM_ID), ("项目经理工号", "PM ID".to_string()));
        assert_eq!(header(agents::AGENT_ID), ("座席工号", "agent ID".to_string()));
        assert_eq!(
            required_headers(TableKind::Managers),
            ("项目经理工号、姓名、奖金基数".to_string(), "PM ID, Name, Bonus base".to_string())
        );
    }

    #[test]
    fn lists_are_cut_short() {
        assert_eq!(list(&["P1", "P2"], 3), Text::new("P1、P2", "P1, P2"));
        assert_eq!(list(&["P1", "P2", "P3", "P4"], 2), Text::new("P1、P2等4个", "P1, P2 and 2 more"));
    }
}
