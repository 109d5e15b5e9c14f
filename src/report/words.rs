//! Every word the workbook shows, as (Chinese, English) pairs, in one place.
//!
//! A label is a `static` [`Text`] made by [`Text::of`]: pick the language with
//! [`Text::get`]. Sentences that carry numbers (titles, the rules in short) are
//! functions returning [`Text`].

use crate::model::Month;
use crate::rules::Rules;
use crate::t;
use crate::text::{Lang, Text};

// Sheet names (≤ 31 characters each, none of []:*?/\).
pub static SHEET_RANKING: Text = Text::of("排名", "Ranking");
pub static SHEET_TIERS: [Text; 5] = [
    Text::of("一级", "Tier 1"),
    Text::of("二级", "Tier 2"),
    Text::of("三级", "Tier 3"),
    Text::of("四级", "Tier 4"),
    Text::of("五级", "Tier 5"),
];
pub static SHEET_DEDUCTIONS: Text = Text::of("扣分明细", "Deductions");
pub static SHEET_METRICS: Text = Text::of("指标", "Metrics");
pub static SHEET_SCORECARD_PREFIX: Text = Text::of("考评表-", "Scorecard-");
/// The one sheet of every scorecard above `[report] scorecard_sheets_max` PMs.
pub static SHEET_SCORECARDS: Text = Text::of("考评表", "Scorecards");
pub static SHEET_CHECKS: Text = Text::of("数据检查", "Checks");
pub static SHEET_SOURCES: Text = Text::of("来源", "Sources");

/// The tiers as a person says them (also the tier column's values).
pub use self::SHEET_TIERS as TIER;

/// The items' short names for the ranking's column headers: `1 计划完成` … `10 综合评价`.
static ITEMS_SHORT: [Text; 10] = [
    Text::of("计划完成", "Plan"),
    Text::of("业务量", "Volume"),
    Text::of("人均", "Per cap."),
    Text::of("加班", "Overtime"),
    Text::of("出勤流失", "Attend."),
    Text::of("人数座席", "Staff"),
    Text::of("合作方", "Partners"),
    Text::of("抽检", "QA"),
    Text::of("交办工作", "Tasks"),
    Text::of("综合评价", "Reviews"),
];

/// `1 计划完成` / `1 Plan`.
pub fn item_short(item: u8, lang: Lang) -> String {
    let w = ITEMS_SHORT.get(usize::from(item).wrapping_sub(1)).map_or("?", |w| w.get(lang));
    format!("{item}\n{w}")
}

/// An item's name as SPEC §4 gives it (the item module's own).
pub fn item_name(item: u8) -> &'static Text {
    static UNKNOWN: Text = Text::of("?", "?");
    let found = crate::score::ITEMS.get(usize::from(item).wrapping_sub(1)).copied();
    found.map_or(&UNKNOWN, |i| &i.name)
}

// Ranking and tier sheets.
pub static RANK: Text = Text::of("名次", "Rank");
pub static PM_ID: Text = Text::of("工号", "PM ID");
pub static NAME: Text = Text::of("姓名", "Name");
pub static PROJECTS: Text = Text::of("项目", "Projects");
pub static TOTAL: Text = Text::of("总分", "Total");
pub static TIER_COL: Text = Text::of("档次", "Tier");
pub static MULTIPLIER: Text = Text::of("奖金系数", "Multiplier");
pub static BONUS_BASE: Text = Text::of("奖金基数", "Bonus base");
pub static BONUS: Text = Text::of("奖金", "Bonus");
pub static NOTES: Text = Text::of("扣分说明", "Notes");
/// What lifts the tier (SPEC §6.2): the ranking's column and the scorecard's line.
pub static TO_NEXT_TIER: Text = Text::of("距上一档", "To next tier");
/// Last month, from the history (SPEC §6.2 "Memory across runs").
pub static PREV_RANK: Text = Text::of("上月名次", "Last month's rank");
pub static RANK_MOVE: Text = Text::of("名次变化", "Rank change");
pub static PREV_TOTAL: Text = Text::of("上月总分", "Last month's total");
pub static TREND: Text = Text::of("近六月", "Six months");
/// The scorecard's column of last month's item scores.
pub static PREV_SCORE: Text = Text::of("上月", "Last month");
/// A card's sheet of the PM's months.
pub static SHEET_TREND: Text = Text::of("趋势", "Trend");
/// 变化 / Changes: this run against the month's last run.
pub static SHEET_CHANGES: Text = Text::of("变化", "Changes");
pub static WHAT: Text = Text::of("项目", "What");
pub static BEFORE: Text = Text::of("上次", "Before");
pub static AFTER: Text = Text::of("本次", "Now");
pub static INPUT_FILE: Text = Text::of("输入文件", "input file");
pub static FILE_ADDED: Text = Text::of("新增", "added");
pub static FILE_REMOVED: Text = Text::of("移除", "removed");
/// A PM who was not ranked last month.
pub static NEW_PM: Text = Text::of("新", "new");
pub static SUM_LABEL: Text = Text::of("合计", "Total");
pub static PREPARED: Text = Text::of("制表", "Prepared");
/// The multiplier's header on the ranking, where the column is narrow.
pub static MULTIPLIER_SHORT: Text = Text::of("奖金系数", "Factor");
pub static CHECKED: Text = Text::of("审核", "Checked");
pub static APPROVED: Text = Text::of("批准", "Approved");
pub static EMPTY_TIER: Text = Text::of("本档没有项目经理。", "No PMs in this tier.");
pub static VETO: Text = Text::of("质量否决", "Veto");
pub static FLAGGED: Text = Text::of(
    "⚠ 草稿：该项目经理的数据有错误，得分可能不准确，请先核对数据检查表。",
    "⚠ Draft: this PM's data has errors, so the score may be wrong; see the Checks sheet.",
);
pub const FLAG_NOTE_AUTHOR: &str = "kaoping";
pub static TIER_SUMMARY: Text = Text::of("各档人数", "PMs per tier");
pub static PMS: Text = Text::of("人数", "PMs");
pub static BONUS_SUM: Text = Text::of("奖金合计", "Bonus total");
pub static CHART_TOTALS: Text = Text::of("各项目经理总分", "Total score by PM");
pub static CHART_TIERS: Text = Text::of("各档项目经理人数", "PMs per tier");
pub static NONE: Text = Text::of("无", "none");

// Deductions sheet.
pub static ITEM_NO: Text = Text::of("项次", "Item");
pub static ITEM_CONTENT: Text = Text::of("考评内容", "What is evaluated");
pub static PART: Text = Text::of("分项", "Part");
pub static POINTS: Text = Text::of("扣分", "Points");
pub static REASON: Text = Text::of("扣分理由", "Reason");
pub static SOURCE: Text = Text::of("数据来源", "Source");
pub static KIND: Text = Text::of("类别", "Kind");
pub static MANUAL: Text = Text::of("人工扣分", "manual");
pub static RULE: Text = Text::of("规则扣分", "rule");
/// `人工扣分：` / `manual: ` before the reason of an adjustment.
pub fn manual_prefix(lang: Lang) -> String {
    format!("{}{}", MANUAL.get(lang), crate::text::COLON.get(lang))
}
pub static NO_DEDUCTIONS: Text = Text::of("本月没有扣分。", "No deductions this month.");

// Metrics sheet (its columns are the score layer's `metric_columns`).
pub static YES: Text = Text::of("是", "yes");
pub static NO: Text = Text::of("否", "no");

// Scorecard.
pub static METHOD: Text = Text::of("考评方法（扣分制）", "How points are deducted");
pub static ITEM_MAX: Text = Text::of("分项满分值", "Max");
pub static ACTUAL: Text = Text::of("实际得分", "Score");
pub static KEY_METRICS: Text = Text::of("关键指标", "Key figures");
pub static SUM_ROW: Text = Text::of("合计", "Total");
pub static EVALUATOR: Text = Text::of("考评人签字：", "Evaluator:");
pub static EVALUATED: Text = Text::of("被考评人签字：", "PM:");
pub static CHECKED_SIGN: Text = Text::of("审核人签字：", "Checked by:");
pub static APPROVED_SIGN: Text = Text::of("批准人签字：", "Approved by:");
pub static DATE: Text = Text::of("日期：", "Date: ");
pub static PM: Text = Text::of("项目经理", "Project manager");
pub static NO_DEDUCTION: Text = Text::of("—", "—");

// Checks sheet.
pub static SEVERITY: Text = Text::of("级别", "Severity");
pub static CODE: Text = Text::of("代码", "Code");
pub static FILE: Text = Text::of("文件", "File");
pub static SHEET: Text = Text::of("工作表", "Sheet");
pub static CELL: Text = Text::of("单元格", "Cell");
pub static MESSAGE: Text = Text::of("说明", "Message");
pub static NO_CHECKS: Text = Text::of("未发现问题。", "No problems found.");
pub static COUNT: Text = Text::of("处数", "Count");
pub static WHAT_TO_DO: Text = Text::of("怎么改", "What to do");
pub static OVERVIEW: Text = Text::of("总览", "Overview");
pub static ALL_INPUTS: Text = Text::of("全部输入", "All inputs");
pub static SEVERITY_ERROR: Text = Text::of("错误", "Errors");
pub static SEVERITY_WARNING: Text = Text::of("警告", "Warnings");
pub static SEVERITY_INFO: Text = Text::of("提示", "Info");

// Sources sheet.
pub static SOURCES_FILES: Text = Text::of("输入文件", "Input files");
pub static SOURCES_SHEETS: Text = Text::of("工作表", "Sheets");
pub static SOURCES_RULES: Text = Text::of("生效的考评规则", "Rules in force");
pub static SOURCES_RUN: Text = Text::of("本次运行", "This run");
pub static PATH: Text = Text::of("路径", "Path");
pub static FORMAT: Text = Text::of("格式", "Format");
pub static SIZE: Text = Text::of("大小（字节）", "Size (bytes)");
pub static SHA256: Text = Text::of("SHA-256", "SHA-256");
pub static SKIPPED: Text = Text::of("未读取原因", "Skipped because");
pub static READ_AS: Text = Text::of("识别为", "Read as");
pub static HEADER_ROW: Text = Text::of("表头行", "Header row");
pub static ROWS_READ: Text = Text::of("读取行数", "Rows read");
pub static ROWS_USED: Text = Text::of("使用行数", "Rows used");
pub static ROWS_LEFT_OUT: Text = Text::of("未使用行数", "Rows left out");
pub static UNRECOGNISED: Text = Text::of("（未识别）", "(not recognised)");
pub static KEY: Text = Text::of("项目", "Key");
pub static VALUE: Text = Text::of("值", "Value");
pub static TOOL_VERSION: Text = Text::of("工具版本", "Tool version");
pub static MONTH: Text = Text::of("考评月份", "Month");
pub static LANGUAGE: Text = Text::of("语言", "Language");
pub static CREATED: Text = Text::of("生成时间", "Created");
pub static DRAFT_STATE: Text = Text::of("草稿", "Draft");
/// The band across a draft's ranking and scorecards.
pub static DRAFT_BAND: Text = Text::of(
    "草稿 — 输入数据仍有错误，本表不是最终结果，不能签批；标 ⚠ 的项目经理的得分可能受影响",
    "DRAFT — the input data still has errors: this is not the final result and must not be signed; scores marked ⚠ may be affected",
);
pub static NO_FILES: Text = Text::of("没有输入文件。", "No input files.");
pub static RULES_FILE: Text = Text::of("规则文件", "Rules file");
pub static DEFAULT_RULES: Text = Text::of("（无，使用默认规则）", "(none: the default rules)");
pub static DEFAULT_WAS: Text = Text::of("默认", "default");
pub static LANG_NAME: Text = Text::of("简体中文", "English");

pub fn skipped_why(code: crate::diag::Code) -> Text {
    use crate::diag::Code::*;
    let w: Text = match code {
        LockFile => Text::of("Excel 锁定文件", "Excel lock file"),
        DuplicateFile => Text::of("与另一文件内容相同", "same content as another file"),
        OwnOutput => Text::of("kaoping 生成的报告", "a report written by kaoping"),
        UnreadableFile => Text::of("无法读取", "cannot be read"),
        SkippedFile => Text::of("不是可读取的普通文件", "not a readable regular file"),
        DuplicateSource => Text::of("与另一来源数据重复", "the same figures as another source"),
        OtherMonth => Text::of("属于其他月份", "another month's data"),
        _ => Text::of("已跳过", "skipped"),
    };
    let code = code.as_str();
    Text::new(format!("{} ({code})", w.zh), format!("{} ({code})", w.en))
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

pub fn sheet_title(what: &Text, month: Month, draft: bool) -> Text {
    let m = month_long(month);
    let d = draft_mark(draft);
    Text::new(format!("{} {}{}", m.zh, what.zh, d.zh), format!("{} — {}{}", what.en, m.en, d.en))
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
    t!("&L{month}&C第 &P 页 / 共 &N 页", "&L{month}&CPage &P of &N").take(lang).into_owned()
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
        let mut all = vec![&SHEET_RANKING, &SHEET_DEDUCTIONS, &SHEET_METRICS, &SHEET_CHECKS, &SHEET_SOURCES];
        all.extend(&SHEET_TIERS);
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
