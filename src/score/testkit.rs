//! Small builders for hand-worked tests: a November 2026 month, rows with sensible
//! defaults, and the facts measured from them.

use chrono::NaiveDate;

use super::facts::{self, MonthFacts, PmFacts};
use crate::model::*;
use crate::outcome::ItemScore;
use crate::rules::Rules;

pub fn nov() -> Month {
    Month::new(2026, 11).unwrap()
}

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub fn at(file: &str, sheet: &str, row: u32) -> Origin {
    Origin { file: file.into(), sheet: sheet.into(), row }
}

pub fn manager(id: &str) -> Manager {
    Manager {
        pm_id: id.into(), name: format!("经理{id}"), bonus_base: 3000.0, origin: at("市场部.xlsx", "经理", 2)
    }
}

pub fn project(id: &str, pm: &str, plan: f64, seats: u64) -> Project {
    Project {
        project_id: id.into(),
        project_name: format!("项目{id}"),
        pm_id: pm.into(),
        plan,
        seats,
        region: None,
        partner: None,
        origin: at("市场部.xlsx", "项目", 2),
    }
}

/// An agent hired long ago, 22 of 22 days attended, 10 successes, revenue 1,000.
pub fn agent(id: &str, project: &str) -> Agent {
    Agent {
        agent_id: id.into(),
        project_id: project.into(),
        hire_date: d(2025, 1, 1),
        leave_date: None,
        scheduled_days: 22.0,
        attended_days: 22.0,
        ot_scheduled_days: 0.0,
        ot_attended_days: 0.0,
        ot_hours: 0.0,
        dialed: 100,
        connected: 50,
        successes: 10,
        revenue: 1000.0,
        name: None,
        origin: at("运营部.xlsx", "座席", 2),
    }
}

pub fn qa(day: u32, project: &str, checked: u64, errors: u64) -> QaRow {
    QaRow {
        date: d(2026, 11, day), project_id: project.into(), checked, errors, origin: at("质检.xlsx", "抽检", 2)
    }
}

pub fn event(project: &str, kind: EventKind, row: u32) -> PartnerEvent {
    PartnerEvent {
        project_id: project.into(),
        event: kind,
        date: Some(d(2026, 11, 5)),
        lost_volume: 0.0,
        severe: false,
        description: None,
        origin: at("市场部.xlsx", "事件", row),
    }
}

pub fn task(pm: &str, status: TaskStatus) -> Task {
    Task { pm_id: pm.into(), task: "周报".into(), status, origin: at("市场部.xlsx", "交办", 2) }
}

pub fn review(pm: &str, score: f64) -> Review {
    Review { pm_id: pm.into(), reviewer: "张三".into(), score, dept: None, origin: at("增值部.xlsx", "评价", 2) }
}

pub fn adjustment(pm: &str, item: u8, points: f64) -> Adjustment {
    Adjustment {
        pm_id: pm.into(), item, points, reason: "数据不实".into(), origin: at("增值部.xlsx", "人工扣分", 3)
    }
}

/// One PM `P01` with project `X1` (plan 10,000, 10 seats) and `n` default agents,
/// a clean QA row every day and no other rows.
pub fn one_pm(n: usize) -> Tables {
    let mut t = Tables {
        managers: vec![manager("P01")],
        projects: vec![project("X1", "P01", 10_000.0, 10)],
        ..Default::default()
    };
    t.agents = (0..n).map(|i| agent(&format!("A{i}"), "X1")).collect();
    t.qa = (1..=30).map(|day| qa(day, "X1", 100, 0)).collect();
    t
}

pub fn measure<'a>(t: &'a Tables, rules: &Rules) -> (Vec<PmFacts<'a>>, MonthFacts) {
    facts::measure(t, nov(), rules)
}

/// One item scored for every PM of `t` (in pm_id order) under `rules`.
pub fn pm_items(t: &Tables, item: super::item::ItemFn, rules: &Rules) -> Vec<ItemScore> {
    let (pms, m) = measure(t, rules);
    pms.iter().map(|pm| item(pm, &m, rules)).collect()
}

/// One item scored for the first PM of `t` under the default rules.
pub fn first_pm_item(t: &Tables, item: super::item::ItemFn) -> ItemScore {
    pm_items(t, item, &Rules::default()).swap_remove(0)
}
