//! The words of the cell diagnostics: what a column's type accepts, in both languages.

use crate::schema::{ColType, Column};
use crate::t;
use crate::text::Text;

/// What the value "is not": `不是有效日期` / `is not a date`.
pub fn not_a(ty: ColType) -> Text {
    match ty {
        ColType::Id => Text::of("不是有效的编号", "is not an ID"),
        ColType::Text => Text::of("不是文字", "is not text"),
        ColType::Money => Text::of("不是有效金额", "is not an amount"),
        ColType::Count => Text::of("不是有效的整数", "is not a whole number"),
        ColType::Number => Text::of("不是有效数字", "is not a number"),
        ColType::Date => Text::of("不是有效日期", "is not a date"),
        ColType::YesNo => Text::of("不是“是/否”", "is not yes/no"),
        ColType::Event => Text::of("不是有效的事件类型", "is not an event type"),
        ColType::Status => Text::of("不是有效的完成情况", "is not a task status"),
        ColType::Item => Text::of("不是有效的项次", "is not an item number"),
        ColType::Score => Text::of("不是有效分数", "is not a score"),
    }
}

/// What the column accepts.
pub fn accepted(ty: ColType) -> Text {
    match ty {
        ColType::Id => Text::of("文字或整数，如 P01、1001", "text or a whole number, e.g. P01, 1001"),
        ColType::Text => Text::of("文字", "text"),
        ColType::Money => Text::of(
            "大于等于 0 的数字，如 1234.5、1,234.5、¥1,234.5、12.5万",
            "a number ≥ 0, e.g. 1234.5, 1,234.5, ¥1,234.5, 12.5万",
        ),
        ColType::Count => Text::of("大于等于 0 的整数，如 120、1,200", "a whole number ≥ 0, e.g. 120, 1,200"),
        ColType::Number => Text::of("数字，如 21、21.5、1,234.5", "a number, e.g. 21, 21.5, 1,234.5"),
        ColType::Date => Text::of(
            "日期单元格、2026-11-03、2026/11/3、2026年11月3日、20261103",
            "a date cell, 2026-11-03, 2026/11/3, 2026年11月3日, 20261103",
        ),
        ColType::YesNo => {
            Text::of("是/否、Y/N、yes/no、true/false、1/0、√/×", "是/否, Y/N, yes/no, true/false, 1/0, √/×")
        }
        ColType::Event => Text::of(
            "终止、暂停、处罚、投诉",
            "terminated, suspended, penalized, complaint (or 终止, 暂停, 处罚, 投诉)",
        ),
        ColType::Status => {
            Text::of("按时完成、延期完成、未完成", "on time, late, not done (or 按时完成, 延期完成, 未完成)")
        }
        ColType::Item => Text::of("1–10 的整数", "a whole number 1–10"),
        ColType::Score => Text::of("0–100 的数字", "a number 0–100"),
    }
}

/// `"入职日期" 列的值 "2026-13-01" 不是有效日期；可接受：…`
pub fn bad_value(col: &Column, found: &str) -> Text {
    let Text { zh: nz, en: ne } = not_a(col.ty);
    let Text { zh: az, en: ae } = accepted(col.ty);
    let (zh, en) = (col.zh, col.en);
    t!("\"{zh}\" 列的值 \"{found}\" {nz}；可接受：{az}", "column \"{en}\": \"{found}\" {ne}; accepted: {ae}")
}

/// `"座席数" 列的值 "-3" 超出范围；可接受：…` with the rule's own accepted words.
pub fn out_of_range(col: &Column, found: &str, rule: &Text) -> Text {
    let (zh, en) = (col.zh, col.en);
    let Text { zh: az, en: ae } = rule;
    t!(
        "\"{zh}\" 列的值 \"{found}\" 超出范围；可接受：{az}",
        "column \"{en}\": \"{found}\" is out of range; accepted: {ae}"
    )
}

/// A time of day in a date column: `"入职日期" 列的值 "09:30" 是时间，不是日期；…`.
pub fn time_not_date(col: &Column, found: &str) -> Text {
    let Text { zh: az, en: ae } = accepted(col.ty);
    let (zh, en) = (col.zh, col.en);
    t!(
        "\"{zh}\" 列的值 \"{found}\" 是时间，不是日期；可接受：{az}",
        "column \"{en}\": \"{found}\" is a time of day, not a date; accepted: {ae}"
    )
}

/// A date before 1900-03-01: a small number in a date-formatted cell.
pub fn too_early(col: &Column, found: &str) -> Text {
    let Text { zh: az, en: ae } = accepted(col.ty);
    let (zh, en) = (col.zh, col.en);
    t!(
        "\"{zh}\" 列的值 \"{found}\" 早于 1900-03-01，不是真实日期（多半是把小数字设成了日期格式）；可接受：{az}",
        "column \"{en}\": \"{found}\" is before 1900-03-01, not a real date (a small number formatted as a date?); accepted: {ae}"
    )
}

/// A value above the column's limit: `"营业收入" 列的值 "1e308" 超出范围；可接受：不超过 1,000,000,000,000 的金额`.
pub fn too_large(col: &Column, found: &str, limit: f64) -> Text {
    let (zh, en) = (col.zh, col.en);
    let max = crate::text::num::grouped(limit, 0);
    let (az, ae) = match col.ty {
        ColType::Money => (format!("0 到 {max} 元的金额"), format!("an amount from 0 to {max}")),
        ColType::Count => (format!("0 到 {max} 的整数"), format!("a whole number from 0 to {max}")),
        _ => (format!("绝对值不超过 {max} 的数字"), format!("a number no larger than {max}")),
    };
    t!(
        "\"{zh}\" 列的值 \"{found}\" 超出范围（太大，不可能是真实数据）；可接受：{az}",
        "column \"{en}\": \"{found}\" is out of range (too large to be real); accepted: {ae}"
    )
}

/// `"入职日期" 列为空，但必须填写；可接受：…`
pub fn missing_value(col: &Column) -> Text {
    let Text { zh: az, en: ae } = accepted(col.ty);
    let (zh, en) = (col.zh, col.en);
    t!("\"{zh}\" 列为空，但必须填写；可接受：{az}", "column \"{en}\" is blank but required; accepted: {ae}")
}

/// A required cell holding only a placeholder (`-`, `—`, `N/A`, `无`).
pub fn placeholder(col: &Column, found: &str) -> Text {
    let Text { zh: az, en: ae } = accepted(col.ty);
    let (zh, en) = (col.zh, col.en);
    t!(
        "\"{zh}\" 列只填了占位符 \"{found}\"，没有数值，但必须填写；可接受：{az}",
        "column \"{en}\" holds only the placeholder \"{found}\", no value, but it is required; accepted: {ae}"
    )
}

/// A number merged over several rows: `"营业收入" 列的合并单元格 E5:E7 …`.
pub fn merged_number(col: &Column, ((r0, c0), (r1, c1)): super::grid::Span, found: &str) -> Text {
    let range = format!("{}:{}", crate::diag::a1(r0 + 1, c0), crate::diag::a1(r1 + 1, c1));
    let (zh, en) = (col.zh, col.en);
    t!(
        "\"{zh}\" 列：合并单元格 {range} 中的数字 \"{found}\" 属于哪一行？请取消合并，逐行填写",
        "column \"{en}\": a number merged over {range} (\"{found}\"): whose is it? unmerge the cells and enter it on each row"
    )
}

/// A formula whose result was never saved.
pub fn formula_no_value(col: &Column) -> Text {
    let (zh, en) = (col.zh, col.en);
    t!(
        "\"{zh}\" 列是公式，但文件里没有保存计算结果；请用 Excel 或 WPS 打开并保存后再试",
        "column \"{en}\": a formula without a saved result; open and save the file in Excel or WPS, then try again"
    )
}

/// Range rules, (zh, en) of what is accepted.
pub static AT_LEAST_ZERO_COUNT: Text = Text::of("大于等于 0 的整数", "a whole number ≥ 0");
pub static AT_LEAST_ZERO_MONEY: Text = Text::of("大于等于 0 的金额", "an amount ≥ 0");
pub static ABOVE_ZERO_MONEY: Text = Text::of("大于 0 的金额", "an amount > 0");
pub static ABOVE_ZERO_NUMBER: Text = Text::of("大于 0 的数字", "a number > 0");
pub static SCORE_RANGE: Text = Text::of("0–100 的数字", "a number 0–100");
pub static ITEM_RANGE: Text = Text::of("1–10 的整数", "a whole number 1–10");
