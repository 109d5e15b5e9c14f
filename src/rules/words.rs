//! The rules in words (SPEC §1, §6.1): what each key of rules.toml means, its value as
//! a manager reads it (`质量否决：终止、暂停`, `3%`), and the TOML reader's complaints
//! said so that a clerk can act on them ("a number such as 0.5", not `invalid type:
//! string "0.5", expected f64`; the reader's own words follow in brackets).

use crate::t;
use crate::text::Text;

/// What a key means: `item8.rate_limit` → `第8项 抽检错误率上限` / `item 8: QA error-rate limit`.
/// A key of `[headers]` is a header mapped to a column.
pub fn key(key: &str) -> Text {
    match key {
        "new_employee_days" => Text::of("新员工不考评的天数", "days a new agent is not counted"),
        "item1.per_point" => {
            Text::of("第1项 完成率每低1个百分点扣分", "item 1: points per percentage point of completion below 100%")
        }
        "item5.attendance_target" => Text::of("第5项 出勤率标准", "item 5: attendance target"),
        "item5.attendance_per_point" => {
            Text::of("第5项 出勤率每低1个百分点扣分", "item 5: points per point of attendance below target")
        }
        "item5.attrition_limit" => Text::of("第5项 流失率上限", "item 5: attrition limit"),
        "item5.attrition_per_point" => {
            Text::of("第5项 流失率每高1个百分点扣分", "item 5: points per point of attrition above the limit")
        }
        "item7.terminated" => Text::of("第7项 每次终止扣分", "item 7: points per termination"),
        "item7.suspended" => Text::of("第7项 每次暂停扣分", "item 7: points per suspension"),
        "item7.penalized" => Text::of("第7项 每次处罚扣分", "item 7: points per penalty"),
        "item7.complaint" => Text::of("第7项 每次投诉扣分", "item 7: points per complaint"),
        "item7.veto" => Text::of("第7项 质量否决的事件", "item 7: events that veto"),
        "item8.rate_limit" => Text::of("第8项 抽检错误率上限", "item 8: QA error-rate limit"),
        "item8.rate_per_point" => {
            Text::of("第8项 错误率每高1个百分点扣分", "item 8: points per point of error rate above the limit")
        }
        "item8.daily_limit" => Text::of("第8项 单日错误率上限", "item 8: daily error-rate limit"),
        "item8.unstable_day" => Text::of("第8项 每个不稳定项目日扣分", "item 8: points per unstable project-day"),
        "item8.missing_day" => Text::of("第8项 每个缺检项目日扣分", "item 8: points per project-day without checks"),
        "item9.late" => Text::of("第9项 每项延期完成扣分", "item 9: points per task done late"),
        "item9.not_done" => Text::of("第9项 每项未完成扣分", "item 9: points per task not done"),
        "item10.trim_from" => Text::of(
            "第10项 去掉最高最低分的评价条数",
            "item 10: reviews from which the highest and lowest are dropped",
        ),
        "premise.max_error_rate" => Text::of("前提条件 错误率上限", "premise: error-rate limit"),
        "premise.min_attendance" => Text::of("前提条件 出勤率下限", "premise: attendance minimum"),
        "premise.min_efficiency_ratio" => {
            Text::of("前提条件 效率不低于中心的倍数", "premise: efficiency as a share of the centre's")
        }
        "premise.cap" => Text::of("前提不成立时最多得分比例", "premise failed: share of the max kept at most"),
        "tiers.mode" => Text::of("分档方式", "tiering"),
        "tiers.thresholds" => Text::of("一、二、三档分数线", "thresholds of tiers 1, 2, 3"),
        "tiers.quotas" => Text::of("一、二、三档人数比例", "quotas of tiers 1, 2, 3"),
        "tiers.multipliers" => Text::of("一至五档奖金系数", "bonus multipliers of tiers 1–5"),
        "report.company" => Text::of("考评表上的公司名称", "the company's name on the scorecards"),
        "report.scorecard_sheets_max" => {
            Text::of("考评表各占一张工作表的最多人数", "most PMs whose scorecards each get a sheet")
        }
        other => match other.strip_prefix("headers.") {
            Some(header) => {
                let header = header.trim_matches('"');
                t!("表头“{header}”对应的列", "the column headed \"{header}\"")
            }
            None => Text::new(other.to_string(), other.to_string()),
        },
    }
}

/// A value as TOML prints it, in words of both languages where words say it better:
/// event lists, the tier mode, shares as percentages.
pub fn value(key: &str, toml: &str) -> Text {
    let share_keys = [
        "item5.attendance_target",
        "item5.attrition_limit",
        "item8.rate_limit",
        "item8.daily_limit",
        "premise.max_error_rate",
        "premise.min_attendance",
        "premise.cap",
    ];
    if share_keys.contains(&key)
        && let Ok(v) = toml.parse::<f64>()
    {
        let p = format!("{}%", (v * 100.0 * 10_000.0).round() / 10_000.0);
        return Text::new(p.clone(), p);
    }
    match key {
        "item7.veto" => {
            let kinds: Vec<crate::model::EventKind> =
                toml::from_str::<Veto>(&format!("v = {toml}")).map(|v| v.v).unwrap_or_default();
            let zh: Vec<_> = kinds.iter().map(|k| k.words().zh).collect();
            let en: Vec<_> = kinds.iter().map(|k| k.words().en).collect();
            Text::new(zh.join("、"), en.join(", "))
        }
        "tiers.mode" if toml.contains("rank") => t!("按名次比例", "by rank quotas"),
        "tiers.mode" => t!("按分数线", "by score thresholds"),
        _ => {
            // `2.0` as a person writes it: `2`.
            let v = toml.trim_matches('"');
            let v = v.strip_suffix(".0").filter(|n| n.parse::<f64>().is_ok()).unwrap_or(v);
            Text::new(v.to_string(), v.to_string())
        }
    }
}

#[derive(serde::Deserialize)]
struct Veto {
    v: Vec<crate::model::EventKind>,
}

/// The TOML reader's message about a key in words; its own text follows in brackets.
pub fn explain(message: &str) -> Text {
    let m = message.trim();
    let quoted = |s: &str| s.split('`').nth(1).map(str::to_string);
    let said = if let Some(rest) = m.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let found_zh = found.replace("string", "文字").replace("integer", "整数").replace("boolean", "真假值");
        match expected {
            e if e.contains("f64") || e.contains("float") => t!(
                "应为数字（如 0.5，不加引号），而不是{found_zh}",
                "a number such as 0.5 (without quotes) is expected, not {found}"
            ),
            e if e.starts_with('u') || e.starts_with('i') => t!(
                "应为整数（如 30，不加引号），而不是{found_zh}",
                "a whole number such as 30 (without quotes) is expected, not {found}"
            ),
            e if e.contains("sequence") || e.contains("array") => t!(
                "应为方括号中的一组值，如 [90, 80, 70]，而不是{found_zh}",
                "a list in brackets such as [90, 80, 70] is expected, not {found}"
            ),
            e if e.contains("string") => {
                t!("应为引号中的文字，而不是{found_zh}", "text in quotes is expected, not {found}")
            }
            _ => t!("类型不对：{found_zh}", "the wrong kind of value: {found}"),
        }
    } else if m.starts_with("unknown field") {
        let key = quoted(m).unwrap_or_default();
        let valid = m.split_once("expected one of ").map(|(_, v)| v.replace('`', "")).unwrap_or_default();
        t!("不认识的键 {key}；这里可用的键：{valid}", "unknown key {key}; the keys here are: {valid}")
    } else if m.starts_with("unknown variant") {
        let v = quoted(m).unwrap_or_default();
        let valid = m.split_once("expected one of ").map(|(_, v)| v.replace('`', "")).unwrap_or_default();
        t!(
            "不认识的取值“{v}”；可用：{valid}（事件也可写 终止、暂停、处罚、投诉）",
            "unknown value \"{v}\"; accepted: {valid}"
        )
    } else if let Some(rest) = m.strip_prefix("invalid length ") {
        let n = rest.split(',').next().unwrap_or(rest);
        let want = rest.split("length ").nth(1).unwrap_or("?");
        t!(
            "需要 {want} 个值，却有 {n} 个（如 thresholds = [90, 80, 70]，从高到低）",
            "{want} values are needed, not {n} (e.g. thresholds = [90, 80, 70], highest first)"
        )
    } else if m.contains("duplicate key") {
        t!("同一个键写了两次", "a key is given twice")
    } else {
        t!("格式不对", "not valid TOML here")
    };
    Text::new(format!("{}（{m}）", said.zh), format!("{} ({m})", said.en))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readers_complaints_in_words() {
        let e = explain("invalid type: string \"0.5\", expected f64");
        assert_eq!(
            e.zh,
            "应为数字（如 0.5，不加引号），而不是文字 \"0.5\"（invalid type: string \"0.5\", expected f64）"
        );
        assert!(e.en.starts_with("a number such as 0.5 (without quotes) is expected, not string \"0.5\""), "{}", e.en);
        let e = explain("invalid length 2, expected an array of length 3");
        assert!(e.zh.starts_with("需要 3 个值，却有 2 个"), "{}", e.zh);
        let e = explain("unknown field `rate`, expected one of `rate_limit`, `rate_per_point`");
        assert!(e.zh.starts_with("不认识的键 rate；这里可用的键：rate_limit, rate_per_point"), "{}", e.zh);
    }

    #[test]
    fn values_in_words() {
        assert_eq!(
            value("item7.veto", "[\"terminated\", \"suspended\"]"),
            Text::new("终止、暂停", "terminated, suspended")
        );
        assert_eq!(value("item8.rate_limit", "0.01").zh, "1%");
        assert_eq!(value("premise.min_attendance", "0.95").en, "95%");
        assert_eq!(value("tiers.mode", "\"rank\"").zh, "按名次比例");
        assert_eq!(key("item8.rate_limit").zh, "第8项 抽检错误率上限");
        for (k, _) in crate::rules::Rules::default().dotted() {
            assert_ne!(key(&k).zh, k, "every rule has words: {k}");
        }
    }
}
