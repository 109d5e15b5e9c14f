//! Every word the workbook shows, as (Chinese, English) pairs, in one place.
//!
//! A label is a [`W`]: pick the language with [`W::get`]. Sentences that carry
//! numbers (titles, the rules in short) are functions returning [`Text`].

use crate::model::Month;
use crate::rules::Rules;
use crate::text::{Lang, Text};

/// One label in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct W(pub &'static str, pub &'static str);

impl W {
    pub fn get(self, lang: Lang) -> &'static str {
        lang.pick(self.0, self.1)
    }
}

// Sheet names (≤ 31 characters each, none of []:*?/\).
pub const SHEET_RANKING: W = W("排名", "Ranking");
pub const SHEET_TIERS: [W; 5] =
    [W("一级", "Tier 1"), W("二级", "Tier 2"), W("三级", "Tier 3"), W("四级", "Tier 4"), W("五级", "Tier 5")];
pub const SHEET_DEDUCTIONS: W = W("扣分明细", "Deductions");
pub const SHEET_METRICS: W = W("指标", "Metrics");
pub const SHEET_SCORECARD_PREFIX: W = W("考评表-", "Scorecard-");
pub const SHEET_CHECKS: W = W("数据检查", "Checks");
pub const SHEET_SOURCES: W = W("来源", "Sources");

/// The tiers as a person says them (also the tier column's values).
pub const TIER: [W; 5] = SHEET_TIERS;

/// The items' short names for the ranking's column headers: `1 计划完成` … `10 综合评价`.
const ITEMS_SHORT: [W; 10] = [
    W("计划完成", "Plan"),
    W("业务量", "Volume"),
    W("人均", "Per cap."),
    W("加班", "Overtime"),
    W("出勤流失", "Attend."),
    W("人数座席", "Staff"),
    W("合作方", "Partners"),
    W("抽检", "QA"),
    W("交办工作", "Tasks"),
    W("综合评价", "Reviews"),
];

/// `1 计划完成` / `1 Plan`.
pub fn item_short(item: u8, lang: Lang) -> String {
    let w = ITEMS_SHORT.get(usize::from(item).wrapping_sub(1)).copied().unwrap_or(W("?", "?"));
    format!("{item}\n{}", w.get(lang))
}

/// An item's name as SPEC §4 gives it (the item module's own).
pub fn item_name(item: u8) -> W {
    let found = crate::score::ITEMS.get(usize::from(item).wrapping_sub(1));
    found.map_or(W("?", "?"), |i| W(i.name.zh, i.name.en))
}

// Ranking and tier sheets.
pub const RANK: W = W("名次", "Rank");
pub const PM_ID: W = W("工号", "PM ID");
pub const NAME: W = W("姓名", "Name");
pub const PROJECTS: W = W("项目", "Projects");
pub const TOTAL: W = W("总分", "Total");
pub const TIER_COL: W = W("档次", "Tier");
pub const MULTIPLIER: W = W("奖金系数", "Multiplier");
pub const BONUS_BASE: W = W("奖金基数", "Bonus base");
pub const BONUS: W = W("奖金", "Bonus");
pub const NOTES: W = W("扣分说明", "Notes");
pub const SUM_LABEL: W = W("合计", "Total");
pub const PREPARED: W = W("制表", "Prepared");
/// The multiplier's header on the ranking, where the column is narrow.
pub const MULTIPLIER_SHORT: W = W("奖金系数", "Factor");
pub const CHECKED: W = W("审核", "Checked");
pub const APPROVED: W = W("批准", "Approved");
pub const EMPTY_TIER: W = W("本档没有项目经理。", "No PMs in this tier.");
pub const VETO: W = W("质量否决", "Veto");
pub const FLAGGED: W = W(
    "⚠ 草稿：该项目经理的数据有错误，得分可能不准确，请先核对数据检查表。",
    "⚠ Draft: this PM's data has errors, so the score may be wrong; see the Checks sheet.",
);
pub const FLAG_NOTE_AUTHOR: &str = "kaoping";
pub const TIER_SUMMARY: W = W("各档人数", "PMs per tier");
pub const PMS: W = W("人数", "PMs");
pub const BONUS_SUM: W = W("奖金合计", "Bonus total");
pub const CHART_TOTALS: W = W("各项目经理总分", "Total score by PM");
pub const CHART_TIERS: W = W("各档项目经理人数", "PMs per tier");
pub const NONE: W = W("无", "none");

// Deductions sheet.
pub const ITEM_NO: W = W("项次", "Item");
pub const ITEM_CONTENT: W = W("考评内容", "What is evaluated");
pub const PART: W = W("分项", "Part");
pub const POINTS: W = W("扣分", "Points");
pub const REASON: W = W("扣分理由", "Reason");
pub const SOURCE: W = W("数据来源", "Source");
pub const KIND: W = W("类别", "Kind");
pub const MANUAL: W = W("人工扣分", "manual");
pub const RULE: W = W("规则扣分", "rule");
/// `人工扣分：` / `manual: ` before the reason of an adjustment.
pub fn manual_prefix(lang: Lang) -> String {
    format!("{}{}", MANUAL.get(lang), lang.pick("：", ": "))
}
pub const NO_DEDUCTIONS: W = W("本月没有扣分。", "No deductions this month.");

// Metrics sheet (its columns are the score layer's `metric_columns`).
pub const YES: W = W("是", "yes");
pub const NO: W = W("否", "no");

// Scorecard.
pub const METHOD: W = W("考评方法（扣分制）", "How points are deducted");
pub const ITEM_MAX: W = W("分项满分值", "Max");
pub const ACTUAL: W = W("实际得分", "Score");
pub const KEY_METRICS: W = W("关键指标", "Key figures");
pub const SUM_ROW: W = W("合计", "Total");
pub const EVALUATOR: W = W("考评人(签字)：", "Evaluator:");
pub const EVALUATED: W = W("被考评人(签字)：", "PM:");
pub const CHECKED_SIGN: W = W("审核(签字)：", "Checked by:");
pub const APPROVED_SIGN: W = W("批准(签字)：", "Approved by:");
pub const DATE: W = W("日期：", "Date: ");
pub const PM: W = W("项目经理", "Project manager");
pub const NO_DEDUCTION: W = W("—", "—");

// Checks sheet.
pub const SEVERITY: W = W("级别", "Severity");
pub const CODE: W = W("代码", "Code");
pub const FILE: W = W("文件", "File");
pub const SHEET: W = W("工作表", "Sheet");
pub const CELL: W = W("单元格", "Cell");
pub const MESSAGE: W = W("说明", "Message");
pub const NO_CHECKS: W = W("未发现问题。", "No problems found.");
pub const COUNT: W = W("处数", "Count");
pub const WHAT_TO_DO: W = W("怎么改", "What to do");
pub const OVERVIEW: W = W("总览", "Overview");
pub const ALL_INPUTS: W = W("全部输入", "All inputs");
pub const SEVERITY_ERROR: W = W("错误", "Errors");
pub const SEVERITY_WARNING: W = W("警告", "Warnings");
pub const SEVERITY_INFO: W = W("提示", "Info");

// Sources sheet.
pub const SOURCES_FILES: W = W("输入文件", "Input files");
pub const SOURCES_SHEETS: W = W("工作表", "Sheets");
pub const SOURCES_RULES: W = W("生效的考评规则", "Rules in force");
pub const SOURCES_RUN: W = W("本次运行", "This run");
pub const PATH: W = W("路径", "Path");
pub const FORMAT: W = W("格式", "Format");
pub const SIZE: W = W("大小(字节)", "Size (bytes)");
pub const SHA256: W = W("SHA-256", "SHA-256");
pub const SKIPPED: W = W("未读取原因", "Skipped because");
pub const READ_AS: W = W("识别为", "Read as");
pub const HEADER_ROW: W = W("表头行", "Header row");
pub const ROWS_READ: W = W("读取行数", "Rows read");
pub const ROWS_USED: W = W("使用行数", "Rows used");
pub const ROWS_LEFT_OUT: W = W("未使用行数", "Rows left out");
pub const UNRECOGNISED: W = W("(未识别)", "(not recognised)");
pub const KEY: W = W("项目", "Key");
pub const VALUE: W = W("值", "Value");
pub const TOOL_VERSION: W = W("工具版本", "Tool version");
pub const MONTH: W = W("考评月份", "Month");
pub const LANGUAGE: W = W("语言", "Language");
pub const CREATED: W = W("生成时间", "Created");
pub const DRAFT_STATE: W = W("草稿", "Draft");
/// The band across a draft's ranking and scorecards.
pub const DRAFT_BAND: W = W(
    "草稿 — 输入数据仍有错误，本表不是最终结果，不能签批；标 ⚠ 的项目经理的得分可能受影响",
    "DRAFT — the input data still has errors: this is not the final result and must not be signed; scores marked ⚠ may be affected",
);
pub const NO_FILES: W = W("没有输入文件。", "No input files.");
pub const RULES_FILE: W = W("规则文件", "Rules file");
pub const DEFAULT_RULES: W = W("(无，使用默认规则)", "(none: the default rules)");
pub const DEFAULT_WAS: W = W("默认", "default");
pub const LANG_NAME: W = W("简体中文", "English");

pub fn skipped_why(code: crate::diag::Code) -> Text {
    use crate::diag::Code::*;
    let w = match code {
        LockFile => W("Excel 锁定文件", "Excel lock file"),
        DuplicateFile => W("与另一文件内容相同", "same content as another file"),
        OwnOutput => W("kaoping 生成的报告", "a report written by kaoping"),
        UnreadableFile => W("无法读取", "cannot be read"),
        SkippedFile => W("不是可读取的普通文件", "not a readable regular file"),
        DuplicateSource => W("与另一来源数据重复", "the same figures as another source"),
        OtherMonth => W("属于其他月份", "another month's data"),
        _ => W("已跳过", "skipped"),
    };
    Text::new(format!("{} ({})", w.0, code.as_str()), format!("{} ({})", w.1, code.as_str()))
}

/// `2026年11月` / `November 2026`.
pub fn month_long(month: Month) -> Text {
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let en = (month.month as usize).checked_sub(1).and_then(|i| EN.get(i)).copied().unwrap_or("?");
    Text::new(format!("{}年{}月", month.year, month.month), format!("{en} {}", month.year))
}

pub fn draft_mark(draft: bool) -> Text {
    if draft { Text::new("（草稿）", " (DRAFT)") } else { Text::default() }
}

pub fn ranking_title(month: Month, draft: bool) -> Text {
    let m = month_long(month);
    let d = draft_mark(draft);
    Text::new(
        format!("{} 电话营销项目经理绩效考评排名{}", m.zh, d.zh),
        format!("Telemarketing PM evaluation: ranking, {}{}", m.en, d.en),
    )
}

pub fn sheet_title(what: W, month: Month, draft: bool) -> Text {
    let m = month_long(month);
    let d = draft_mark(draft);
    Text::new(format!("{} {}{}", m.zh, what.0, d.zh), format!("{} — {}{}", what.1, m.en, d.en))
}

/// `2026年11月 问题清单` / `Problem list — November 2026`.
pub fn problem_list_title(month: Month) -> Text {
    let m = month_long(month);
    Text::new(format!("{} 问题清单", m.zh), format!("Problem list — {}", m.en))
}

pub fn scorecard_title(month: Month, draft: bool) -> Text {
    let m = month_long(month);
    let d = draft_mark(draft);
    Text::new(
        format!("{} 电话营销项目经理绩效考评表{}", m.zh, d.zh),
        format!("Telemarketing PM performance evaluation form, {}{}", m.en, d.en),
    )
}

/// The line under a ranking or tier sheet's title; `live`: the sheet's totals are formulas.
pub fn ranking_subtitle(pms: usize, rules: &Rules, live: bool) -> Text {
    let mode = match rules.tiers.mode {
        crate::rules::TierMode::Score => Text::new(
            format!(
                "按分数分档：一级 ≥ {}，二级 ≥ {}，三级 ≥ {}",
                rules.tiers.thresholds[0], rules.tiers.thresholds[1], rules.tiers.thresholds[2]
            ),
            format!(
                "tiers by score: Tier 1 ≥ {}, Tier 2 ≥ {}, Tier 3 ≥ {}",
                rules.tiers.thresholds[0], rules.tiers.thresholds[1], rules.tiers.thresholds[2]
            ),
        ),
        crate::rules::TierMode::Rank => Text::new(
            format!(
                "按名次分档：一级 {}%，二级 {}%，三级 {}%",
                rules.tiers.quotas[0] * 100.0,
                rules.tiers.quotas[1] * 100.0,
                rules.tiers.quotas[2] * 100.0
            ),
            format!(
                "tiers by rank: Tier 1 {}%, Tier 2 {}%, Tier 3 {}%",
                rules.tiers.quotas[0] * 100.0,
                rules.tiers.quotas[1] * 100.0,
                rules.tiers.quotas[2] * 100.0
            ),
        ),
    };
    let how = if live {
        Text::new(
            "总分与奖金为公式，修改分项后自动重算",
            "total and bonus are formulas that update when an item is edited",
        )
    } else {
        Text::new("数值取自排名表", "values copied from the Ranking sheet")
    };
    Text::new(
        format!("项目经理共 {pms} 名；{}；{}。kaoping {}", mode.zh, how.zh, crate::VERSION),
        format!("{pms} PMs in all; {}; {}. kaoping {}", mode.en, how.en, crate::VERSION),
    )
}

/// `第 &P 页 / 共 &N 页`, with the month on the left.
pub fn footer(month: Month, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("&L{month}&C第 &P 页 / 共 &N 页"),
        Lang::En => format!("&L{month}&CPage &P of &N"),
    }
}

/// 考评方法: the item's rule in short (the max stands beside it, in 分项满分值, and the
/// header says points are deducted from it).
pub fn method(item: u8, rules: &Rules) -> Text {
    let found = crate::score::ITEMS.get(usize::from(item).wrapping_sub(1));
    found.map_or_else(Text::default, |i| (i.method)(rules))
}

/// The key figures printed beside each item of the scorecard (the item module's own).
pub fn key_metrics(item: u8, m: &crate::outcome::Metrics) -> Text {
    let found = crate::score::ITEMS.get(usize::from(item).wrapping_sub(1));
    found.map_or_else(Text::default, |i| (i.key_metrics)(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_in_both_languages() {
        let mut all = vec![SHEET_RANKING, SHEET_DEDUCTIONS, SHEET_METRICS, SHEET_CHECKS, SHEET_SOURCES];
        all.extend(SHEET_TIERS);
        for w in all {
            for lang in [Lang::Zh, Lang::En] {
                rust_xlsxwriter::utility::check_sheet_name(w.get(lang)).unwrap();
            }
        }
    }

    #[test]
    fn method_states_the_rule() {
        let m = method(1, &Rules::default());
        assert_eq!(m.zh, "完成率每低于100%一个百分点扣0.25分。");
        assert_eq!(m.en, "0.25 per point of plan completion below 100%.");
        let m = method(5, &Rules::default());
        assert!(m.zh.contains("5a 出勤率低于98%每个百分点扣0.5分；5b 流失率高于3%"), "{}", m.zh);
    }

    #[test]
    fn month_titles() {
        let m = Month::new(2026, 11).unwrap();
        assert_eq!(scorecard_title(m, false).zh, "2026年11月 电话营销项目经理绩效考评表");
        assert_eq!(ranking_title(m, true).en, "Telemarketing PM evaluation: ranking, November 2026 (DRAFT)");
        assert!(ranking_title(m, true).zh.ends_with("（草稿）"));
    }
}
