//! The columns of the eight input tables (SPEC §2): keys, Chinese and English
//! headers, accepted synonyms, type, required or optional.
//!
//! Shared by the reader (to recognise sheets), the template and the sample
//! generator (to write headers the reader recognises).

use crate::model::TableKind;
use crate::text;

/// What a cell of the column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColType {
    /// Text or number; `1001.0` is `1001`; leading zeros kept.
    Id,
    Text,
    /// Any amount ≥ 0.
    Money,
    /// Whole and ≥ 0.
    Count,
    /// Any number (days, hours; range checks come later).
    Number,
    Date,
    YesNo,
    /// 终止/暂停/处罚/投诉.
    Event,
    /// 按时完成/延期完成/未完成.
    Status,
    /// Whole number 1–10.
    Item,
    /// 0–100.
    Score,
}

#[derive(Debug, Clone)]
pub struct Column {
    pub key: &'static str,
    /// The header the template writes (Chinese).
    pub zh: &'static str,
    /// The header the template writes (English).
    pub en: &'static str,
    /// Other headers accepted, in any language (matched after normalisation).
    pub synonyms: &'static [&'static str],
    pub ty: ColType,
    pub required: bool,
    /// A short explanation for the template's note row.
    pub note: text::Text,
}

impl Column {
    /// Every header this column answers to: zh, en, then synonyms.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        [self.zh, self.en].into_iter().chain(self.synonyms.iter().copied())
    }
}

const fn col(
    key: &'static str,
    zh: &'static str,
    en: &'static str,
    synonyms: &'static [&'static str],
    ty: ColType,
    required: bool,
    note: (&'static str, &'static str),
) -> Column {
    Column { key, zh, en, synonyms, ty, required, note: text::Text::of(note.0, note.1) }
}

use ColType::*;

pub const MANAGERS: &[Column] = &[
    col(
        "pm_id",
        "项目经理工号",
        "PM ID",
        &["工号", "经理工号", "PM", "PM No", "PM Number", "Manager ID"],
        Id,
        true,
        ("项目经理的唯一工号", "the PM's unique staff number"),
    ),
    col(
        "name",
        "姓名",
        "Name",
        &["项目经理", "项目经理姓名", "经理姓名", "PM Name", "Manager"],
        Text,
        true,
        ("项目经理姓名", "the PM's name"),
    ),
    col(
        "bonus_base",
        "奖金基数",
        "Bonus base",
        &["奖金", "绩效奖金基数", "Bonus"],
        Money,
        true,
        ("本月奖金基数(元)", "this month's bonus base"),
    ),
];

pub const PROJECTS: &[Column] = &[
    col(
        "project_id",
        "项目编号",
        "Project ID",
        &["项目代码", "项目号", "Project No", "Project Code"],
        Id,
        true,
        ("项目的唯一编号", "the project's unique code"),
    ),
    col("project_name", "项目名称", "Project", &["项目", "Project Name"], Text, true, ("项目名称", "project name")),
    col(
        "pm_id",
        "项目经理工号",
        "PM ID",
        &["工号", "经理工号", "Manager ID"],
        Id,
        true,
        ("负责的项目经理工号", "staff number of the responsible PM"),
    ),
    col(
        "plan",
        "计划业务量",
        "Plan",
        &["计划", "业务量计划", "计划量", "Planned volume"],
        Money,
        true,
        ("本月计划业务量(元),大于0", "this month's planned volume, > 0"),
    ),
    col(
        "seats",
        "座席数",
        "Seats",
        &["坐席数", "席位数", "Seat count"],
        Count,
        true,
        ("项目座席数", "number of seats"),
    ),
    col("region", "地区", "Region", &["区域"], Text, false, ("地区(可空)", "region (optional)")),
    col("partner", "合作方", "Partner", &["合作单位", "客户"], Text, false, ("合作方(可空)", "partner (optional)")),
];

pub const AGENTS: &[Column] = &[
    col(
        "agent_id",
        "座席工号",
        "Agent ID",
        &["工号", "坐席工号", "员工工号", "Agent No", "Staff ID"],
        Id,
        true,
        ("座席代表工号", "the agent's staff number"),
    ),
    col(
        "project_id",
        "项目编号",
        "Project ID",
        &["项目代码", "项目号", "Project No", "Project Code"],
        Id,
        true,
        ("所属项目编号", "code of the agent's project"),
    ),
    col(
        "hire_date",
        "入职日期",
        "Hire date",
        &["入职时间", "上岗日期", "Start date", "Hired"],
        Date,
        true,
        ("入职日期", "date hired"),
    ),
    col(
        "leave_date",
        "离职日期",
        "Leave date",
        &["离职时间", "End date", "Left"],
        Date,
        false,
        ("离职日期,在职则空", "date left; blank while employed"),
    ),
    col(
        "scheduled_days",
        "应出勤天数",
        "Scheduled days",
        &["应出勤", "排班天数", "Scheduled"],
        Number,
        true,
        ("本月应出勤天数", "days scheduled this month"),
    ),
    col(
        "attended_days",
        "实际出勤天数",
        "Attended days",
        &["实际出勤", "出勤天数", "Attended"],
        Number,
        true,
        ("本月实际出勤天数", "days attended this month"),
    ),
    col(
        "ot_scheduled_days",
        "加班排班天数",
        "OT scheduled days",
        &["加班排班", "Overtime scheduled days"],
        Number,
        false,
        ("加班排班天数(可空=0)", "overtime days scheduled (blank = 0)"),
    ),
    col(
        "ot_attended_days",
        "加班出勤天数",
        "OT attended days",
        &["加班出勤", "Overtime attended days"],
        Number,
        false,
        ("加班出勤天数(可空=0)", "overtime days attended (blank = 0)"),
    ),
    col(
        "ot_hours",
        "加班时长",
        "OT hours",
        &["加班小时", "加班时间", "Overtime hours"],
        Number,
        false,
        ("加班小时数(可空=0)", "overtime hours (blank = 0)"),
    ),
    col(
        "dialed",
        "外呼量",
        "Dialed",
        &["呼出量", "外呼数", "拨打量", "Calls dialed", "Outbound calls"],
        Count,
        true,
        ("外呼次数", "calls dialed"),
    ),
    col(
        "connected",
        "接通量",
        "Connected",
        &["接通数", "Calls connected"],
        Count,
        true,
        ("接通次数", "calls connected"),
    ),
    col(
        "successes",
        "成功订制量",
        "Successes",
        &["成功定制量", "订制量", "成功量", "成功订购量", "Success"],
        Count,
        true,
        ("成功订制笔数", "successful subscriptions"),
    ),
    col("revenue", "营业收入", "Revenue", &["收入", "营收"], Money, true, ("营业收入(元)", "revenue")),
    col(
        "name",
        "姓名",
        "Name",
        &["座席姓名", "Agent name"],
        Text,
        false,
        ("座席姓名(可空)", "agent's name (optional)"),
    ),
];

pub const QA: &[Column] = &[
    col(
        "date",
        "抽检日期",
        "Date",
        &["日期", "检查日期", "QA date"],
        Date,
        true,
        ("抽检日期", "date of the spot check"),
    ),
    col(
        "project_id",
        "项目编号",
        "Project ID",
        &["项目代码", "项目号", "Project No", "Project Code"],
        Id,
        true,
        ("被抽检项目编号", "code of the project checked"),
    ),
    col(
        "checked",
        "抽检数",
        "Checked",
        &["抽检量", "抽检笔数", "检查数"],
        Count,
        true,
        ("抽检笔数", "records checked"),
    ),
    col(
        "errors",
        "分类错误数",
        "Errors",
        &["错误数", "差错数", "分类错误", "Error count"],
        Count,
        true,
        ("分类错误笔数", "records wrongly classified"),
    ),
];

pub const PARTNER_EVENTS: &[Column] = &[
    col(
        "project_id",
        "项目编号",
        "Project ID",
        &["项目代码", "项目号", "Project No", "Project Code"],
        Id,
        true,
        ("涉及项目编号", "code of the project concerned"),
    ),
    col(
        "event",
        "事件类型",
        "Event",
        &["事件类别", "事件种类", "事件", "类型", "Event type"],
        Event,
        true,
        ("终止/暂停/处罚/投诉", "terminated / suspended / penalized / complaint"),
    ),
    col(
        "date",
        "日期",
        "Date",
        &["事件日期", "发生日期", "Event date"],
        Date,
        false,
        ("发生日期(可空)", "date (optional)"),
    ),
    col(
        "lost_volume",
        "损失业务量",
        "Lost volume",
        &["损失", "损失金额"],
        Money,
        false,
        ("损失业务量(元,可空=0)", "volume lost (blank = 0)"),
    ),
    col(
        "severe",
        "严重",
        "Severe",
        &["是否严重", "严重事件"],
        YesNo,
        false,
        ("是/否(可空=否)", "yes / no (blank = no)"),
    ),
    col(
        "description",
        "说明",
        "Description",
        &["描述", "备注", "Note", "Notes"],
        Text,
        false,
        ("事件说明(可空)", "what happened (optional)"),
    ),
];

pub const TASKS: &[Column] = &[
    col(
        "pm_id",
        "项目经理工号",
        "PM ID",
        &["工号", "经理工号", "Manager ID"],
        Id,
        true,
        ("项目经理工号", "the PM's staff number"),
    ),
    col("task", "任务", "Task", &["交办任务", "工作内容", "任务内容"], Text, true, ("交办的任务", "the task given")),
    col(
        "status",
        "完成情况",
        "Status",
        &["完成状态", "状态"],
        Status,
        true,
        ("按时完成/延期完成/未完成", "on time / late / not done"),
    ),
];

pub const REVIEWS: &[Column] = &[
    col(
        "pm_id",
        "项目经理工号",
        "PM ID",
        &["工号", "经理工号", "被评价人工号", "Manager ID"],
        Id,
        true,
        ("被评价项目经理工号", "staff number of the PM reviewed"),
    ),
    col("reviewer", "评价人", "Reviewer", &["评分人", "评价人姓名"], Text, true, ("评价人姓名", "who gave the score")),
    col("score", "评分", "Score", &["分数", "得分", "评价分"], Score, true, ("0–100分", "0–100")),
    col(
        "dept",
        "部门",
        "Department",
        &["评价部门", "所属部门", "Dept"],
        Text,
        false,
        ("增值部/市场部(可空)", "department (optional)"),
    ),
];

pub const ADJUSTMENTS: &[Column] = &[
    col(
        "pm_id",
        "项目经理工号",
        "PM ID",
        &["工号", "经理工号", "Manager ID"],
        Id,
        true,
        ("项目经理工号", "the PM's staff number"),
    ),
    col(
        "item",
        "项次",
        "Item",
        &["考评项次", "项目序号", "Item No"],
        Item,
        true,
        ("扣分的考评项次1–10", "item of the form, 1–10"),
    ),
    col(
        "points",
        "扣分",
        "Points",
        &["扣分值", "扣除分数", "Deduction"],
        Number,
        true,
        ("扣分分值,大于0", "points to deduct, > 0"),
    ),
    col("reason", "扣分理由", "Reason", &["理由", "原因", "扣分原因"], Text, true, ("扣分理由", "why")),
];

/// The columns of a table, in the template's order.
pub fn columns(kind: TableKind) -> &'static [Column] {
    match kind {
        TableKind::Managers => MANAGERS,
        TableKind::Projects => PROJECTS,
        TableKind::Agents => AGENTS,
        TableKind::Qa => QA,
        TableKind::PartnerEvents => PARTNER_EVENTS,
        TableKind::Tasks => TASKS,
        TableKind::Reviews => REVIEWS,
        TableKind::Adjustments => ADJUSTMENTS,
    }
}

/// One column of one table, by name: `col::agents::CONNECTED`. A column that does not
/// exist does not compile; [`Col::column`] finds its schema entry without a search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Col {
    pub table: TableKind,
    /// Its place in [`columns`]`(table)`.
    pub index: usize,
}

/// Where a typed column is on the sheets read (here, beside the keys, so that `model`
/// need not know the schema).
impl crate::model::Tables {
    /// The 0-based sheet column of `col` on the sheet `origin` is from, when known.
    pub fn cell_of(&self, origin: &crate::model::Origin, col: Col) -> Option<u32> {
        let key = (origin.file.clone(), origin.sheet.clone(), col.table);
        self.layout.get(&key).and_then(|cols| cols.get(col.index).copied().flatten())
    }
}

impl Col {
    pub fn column(self) -> &'static Column {
        &columns(self.table)[self.index]
    }
}

/// `keys!(agents, TableKind::Agents, [AGENT_ID, PROJECT_ID, …])`: one constant per
/// column, numbered in the order of the table's schema (a test checks the names).
macro_rules! keys {
    ($table:ident, $kind:expr, [$($name:ident),* $(,)?]) => {
        pub mod $table {
            use super::super::Col;
            use crate::model::TableKind;
            keys!(@each $kind, 0usize, $($name),*);
            /// Every constant with its name, for the test that ties names to keys.
            #[cfg(test)]
            pub const ALL: &[(Col, &str)] = &[$(($name, stringify!($name))),*];
        }
    };
    (@each $kind:expr, $i:expr, $name:ident $(, $rest:ident)*) => {
        pub const $name: Col = Col { table: $kind, index: $i };
        keys!(@each $kind, $i + 1usize, $($rest),*);
    };
    (@each $kind:expr, $i:expr,) => {};
}

/// The columns by name, one module per table.
pub mod col {
    keys!(managers, TableKind::Managers, [PM_ID, NAME, BONUS_BASE]);
    keys!(projects, TableKind::Projects, [PROJECT_ID, PROJECT_NAME, PM_ID, PLAN, SEATS, REGION, PARTNER]);
    keys!(
        agents,
        TableKind::Agents,
        [
            AGENT_ID,
            PROJECT_ID,
            HIRE_DATE,
            LEAVE_DATE,
            SCHEDULED_DAYS,
            ATTENDED_DAYS,
            OT_SCHEDULED_DAYS,
            OT_ATTENDED_DAYS,
            OT_HOURS,
            DIALED,
            CONNECTED,
            SUCCESSES,
            REVENUE,
            NAME
        ]
    );
    keys!(qa, TableKind::Qa, [DATE, PROJECT_ID, CHECKED, ERRORS]);
    keys!(events, TableKind::PartnerEvents, [PROJECT_ID, EVENT, DATE, LOST_VOLUME, SEVERE, DESCRIPTION]);
    keys!(tasks, TableKind::Tasks, [PM_ID, TASK, STATUS]);
    keys!(reviews, TableKind::Reviews, [PM_ID, REVIEWER, SCORE, DEPT]);
    keys!(adjustments, TableKind::Adjustments, [PM_ID, ITEM, POINTS, REASON]);

    #[cfg(test)]
    mod tests {
        #[test]
        fn every_constant_names_its_column_and_every_column_has_one() {
            let all = [
                super::managers::ALL,
                super::projects::ALL,
                super::agents::ALL,
                super::qa::ALL,
                super::events::ALL,
                super::tasks::ALL,
                super::reviews::ALL,
                super::adjustments::ALL,
            ];
            for (consts, kind) in all.iter().zip(crate::model::TableKind::ALL) {
                assert_eq!(consts.len(), super::super::columns(kind).len(), "{kind:?}");
                for (c, name) in consts.iter() {
                    assert_eq!(c.table, kind);
                    assert_eq!(c.column().key.to_uppercase(), *name, "{kind:?}");
                }
            }
        }
    }
}
