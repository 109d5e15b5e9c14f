//! The month's tables as plain data: typed rows, each with the place it came from.
//!
//! The reading stage (`read`) makes these; the checks (`check`) filter them; the
//! scorer (`score`) only ever sees rows that passed the checks.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::text::Text;

/// A calendar month, e.g. 2026-11.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    /// `None` unless `month` is 1–12 and the year is plausible (1900–9999).
    pub fn new(year: i32, month: u32) -> Option<Month> {
        ((1..=12).contains(&month) && (1900..=9999).contains(&year)).then_some(Month { year, month })
    }

    /// D0: the first day of the month.
    pub fn first_day(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("Month::new validated it")
    }

    /// D1: the last day of the month.
    pub fn last_day(&self) -> NaiveDate {
        let (y, m) = if self.month == 12 { (self.year + 1, 1) } else { (self.year, self.month + 1) };
        NaiveDate::from_ymd_opt(y, m, 1).expect("valid month").pred_opt().expect("not the first day ever")
    }

    /// Number of days in the month (28–31).
    pub fn days(&self) -> u32 {
        self.last_day().day()
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        date.year() == self.year && date.month() == self.month
    }

    pub fn of(date: NaiveDate) -> Month {
        Month { year: date.year(), month: date.month() }
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Where a row came from: file, sheet and the 1-based Excel row number.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Origin {
    pub file: Arc<str>,
    pub sheet: Arc<str>,
    /// 1-based row number as Excel shows it.
    pub row: u32,
}

/// The eight tables of SPEC §2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    Managers,
    Projects,
    Agents,
    Qa,
    PartnerEvents,
    Tasks,
    Reviews,
    Adjustments,
}

impl TableKind {
    pub const ALL: [TableKind; 8] = [
        TableKind::Managers,
        TableKind::Projects,
        TableKind::Agents,
        TableKind::Qa,
        TableKind::PartnerEvents,
        TableKind::Tasks,
        TableKind::Reviews,
        TableKind::Adjustments,
    ];

    /// Tables a month cannot be scored without.
    pub fn required(self) -> bool {
        matches!(
            self,
            TableKind::Managers | TableKind::Projects | TableKind::Agents | TableKind::Qa | TableKind::Reviews
        )
    }

    /// The table's name in both languages: `座席月度数据` / `agents`.
    pub const fn words(self) -> Text {
        match self {
            TableKind::Managers => Text::of("项目经理", "managers"),
            TableKind::Projects => Text::of("项目", "projects"),
            TableKind::Agents => Text::of("座席月度数据", "agents"),
            TableKind::Qa => Text::of("日常抽检", "QA spot checks"),
            TableKind::PartnerEvents => Text::of("合作方质量事件", "partner events"),
            TableKind::Tasks => Text::of("上级交办工作", "tasks"),
            TableKind::Reviews => Text::of("综合评价", "reviews"),
            TableKind::Adjustments => Text::of("人工扣分", "adjustments"),
        }
    }

    pub fn name(self, lang: crate::text::Lang) -> Cow<'static, str> {
        self.words().take(lang)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Manager {
    pub pm_id: String,
    pub name: String,
    pub bonus_base: f64,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    pub project_id: String,
    pub project_name: String,
    pub pm_id: String,
    /// 计划业务量, > 0.
    pub plan: f64,
    pub seats: u64,
    pub region: Option<String>,
    pub partner: Option<String>,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Agent {
    pub agent_id: String,
    pub project_id: String,
    pub hire_date: NaiveDate,
    pub leave_date: Option<NaiveDate>,
    pub scheduled_days: f64,
    pub attended_days: f64,
    pub ot_scheduled_days: f64,
    pub ot_attended_days: f64,
    pub ot_hours: f64,
    pub dialed: u64,
    pub connected: u64,
    pub successes: u64,
    pub revenue: f64,
    pub name: Option<String>,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq)]
pub struct QaRow {
    pub date: NaiveDate,
    pub project_id: String,
    pub checked: u64,
    pub errors: u64,
    pub origin: Origin,
}

/// A partner event's kind; rules.toml names them in English or Chinese
/// (`veto = ["终止", "暂停"]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    #[serde(alias = "终止")]
    Terminated,
    #[serde(alias = "暂停")]
    Suspended,
    #[serde(alias = "处罚")]
    Penalized,
    #[serde(alias = "投诉")]
    Complaint,
}

impl EventKind {
    pub const ALL: [EventKind; 4] =
        [EventKind::Terminated, EventKind::Suspended, EventKind::Penalized, EventKind::Complaint];

    /// The event's name in both languages, as a clerk types it: `终止` / `terminated`.
    pub const fn words(self) -> Text {
        match self {
            EventKind::Terminated => Text::of("终止", "terminated"),
            EventKind::Suspended => Text::of("暂停", "suspended"),
            EventKind::Penalized => Text::of("处罚", "penalized"),
            EventKind::Complaint => Text::of("投诉", "complaint"),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PartnerEvent {
    pub project_id: String,
    pub event: EventKind,
    pub date: Option<NaiveDate>,
    pub lost_volume: f64,
    pub severe: bool,
    pub description: Option<String>,
    pub origin: Origin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    OnTime,
    Late,
    NotDone,
}

impl TaskStatus {
    pub const ALL: [TaskStatus; 3] = [TaskStatus::OnTime, TaskStatus::Late, TaskStatus::NotDone];

    /// The status in both languages, as a clerk types it: `按时完成` / `on time`.
    pub const fn words(self) -> Text {
        match self {
            TaskStatus::OnTime => Text::of("按时完成", "on time"),
            TaskStatus::Late => Text::of("延期完成", "late"),
            TaskStatus::NotDone => Text::of("未完成", "not done"),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    pub pm_id: String,
    pub task: String,
    pub status: TaskStatus,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    pub pm_id: String,
    pub reviewer: String,
    /// 0–100.
    pub score: f64,
    pub dept: Option<String>,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Adjustment {
    pub pm_id: String,
    /// 1–10.
    pub item: u8,
    /// > 0.
    pub points: f64,
    pub reason: String,
    pub origin: Origin,
}

/// (file, sheet, table) → the 0-based sheet column of each schema column (`None`:
/// not on the sheet).
pub type Layout = std::collections::BTreeMap<(Arc<str>, Arc<str>, TableKind), Vec<Option<u32>>>;

/// All rows of the month, by table. Absent optional tables are empty vectors;
/// `present` says which tables were found at all.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tables {
    pub managers: Vec<Manager>,
    pub projects: Vec<Project>,
    pub agents: Vec<Agent>,
    pub qa: Vec<QaRow>,
    pub events: Vec<PartnerEvent>,
    pub tasks: Vec<Task>,
    pub reviews: Vec<Review>,
    pub adjustments: Vec<Adjustment>,
    /// Tables found in at least one sheet.
    pub present: std::collections::BTreeSet<TableKind>,
    /// Where each table's columns stand on each sheet it was read from: (file, sheet,
    /// table) → the 0-based sheet column of each schema column, so that a finding
    /// about a value names its cell ([`Tables::cell_of`]).
    pub layout: Layout,
    /// Manager and project rows left out while reading (a bad cell) whose ID could be
    /// read: rows that name them follow from that finding, not from a typo.
    pub rejected: Vec<Rejected>,
}

/// A row left out while reading, with its ID.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejected {
    pub table: TableKind,
    pub id: String,
    pub origin: Origin,
}

impl Tables {
    /// Every row's origin, in table order — the rows the scorer will use.
    pub fn origins(&self) -> impl Iterator<Item = &Origin> {
        self.managers
            .iter()
            .map(|r| &r.origin)
            .chain(self.projects.iter().map(|r| &r.origin))
            .chain(self.agents.iter().map(|r| &r.origin))
            .chain(self.qa.iter().map(|r| &r.origin))
            .chain(self.events.iter().map(|r| &r.origin))
            .chain(self.tasks.iter().map(|r| &r.origin))
            .chain(self.reviews.iter().map(|r| &r.origin))
            .chain(self.adjustments.iter().map(|r| &r.origin))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_bounds() {
        let m = Month::new(2026, 11).unwrap();
        assert_eq!(m.first_day(), NaiveDate::from_ymd_opt(2026, 11, 1).unwrap());
        assert_eq!(m.last_day(), NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
        assert_eq!(Month::new(2026, 12).unwrap().days(), 31);
        assert_eq!(Month::new(2028, 2).unwrap().days(), 29);
        assert_eq!(m.to_string(), "2026-11");
        assert!(Month::new(2026, 13).is_none());
    }
}

/// What one input file gave (for the Sources sheet and `own-output`/`duplicate-file`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceFile {
    /// The path as findings show it (relative to the folder given).
    pub path: Arc<str>,
    /// The path to open (where a shown path cannot be opened from here).
    #[serde(skip)]
    pub real: std::path::PathBuf,
    /// SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
    /// The format sniffed from the bytes: `xlsx`, `xls`, `xlsb`, `ods`, or `unknown`.
    pub format: &'static str,
    pub size: u64,
    /// When the file was last modified, when the system says (to tell a backup copy
    /// from its original: SPEC §3 `duplicate-source`).
    pub modified: Option<std::time::SystemTime>,
    /// Why the file was not read, when it was skipped (lock file, duplicate, own output, unreadable).
    pub skipped: Option<crate::diag::Code>,
    pub sheets: Vec<SourceSheet>,
}

/// What one sheet gave.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceSheet {
    pub name: Arc<str>,
    /// The table the sheet was read as; `None` when unrecognised.
    pub table: Option<TableKind>,
    /// 1-based row of the header, when recognised.
    pub header_row: Option<u32>,
    /// Data rows read (blank rows, title rows, header and total rows excluded).
    pub rows_read: usize,
    /// Rows the scorer used; filled in after the checks (`read − used` were left out,
    /// each named in a diagnostic).
    pub rows_used: usize,
    /// The sheet is hidden in the workbook (it is read all the same, and said so).
    pub hidden: bool,
    /// The text of the title rows above the header (`2026年10月综合评价`), joined by
    /// spaces; what `other-month` reads besides the sheet's name.
    pub title: String,
}

impl SourceSheet {
    pub fn rows_left_out(&self) -> usize {
        self.rows_read - self.rows_used
    }
}
