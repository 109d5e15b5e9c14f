//! A small builder of `Tables` for the tests: rows get origins `in.xlsx`, sheet =
//! the table's English name, rows 2, 3, … per table; all required tables present.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::check::{Checked, check, unaccounted};
use crate::diag::{Code, Diagnostic};
use crate::model::*;
use crate::rules::Rules;

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The month of most tests: November 2026 (30 days).
pub fn nov() -> Month {
    Month::new(2026, 11).unwrap()
}

pub fn origin(kind: TableKind, row: u32) -> Origin {
    Origin { file: Arc::from("in.xlsx"), sheet: Arc::from(&*kind.words().en), row }
}

#[derive(Default)]
pub struct B {
    pub t: Tables,
    rows: BTreeMap<TableKind, u32>,
}

impl B {
    /// Empty tables, all five required ones present.
    pub fn new() -> B {
        let mut b = B::default();
        b.t.present = TableKind::ALL.into_iter().filter(|k| k.required()).collect();
        b
    }

    /// One PM `P01` (张三) with projects `J01`, `J02`, `n` agents (alternating), one
    /// QA row and one review: no finding at all when `n` is 40–60.
    pub fn healthy(n: usize) -> B {
        let mut b = B::new().pm("P01").project("J01", "P01").project("J02", "P01");
        for i in 0..n {
            b = b.agent(&format!("A{i:03}"), if i % 2 == 0 { "J01" } else { "J02" });
        }
        b.qa(d(2026, 11, 3), "J01", 10, 0).review("P01")
    }

    fn next(&mut self, kind: TableKind) -> Origin {
        let row = self.rows.entry(kind).or_insert(1);
        *row += 1;
        origin(kind, *row)
    }

    pub fn pm(mut self, id: &str) -> B {
        let origin = self.next(TableKind::Managers);
        self.t.managers.push(Manager { pm_id: id.into(), name: "张三".into(), bonus_base: 3000.0, origin });
        self
    }

    pub fn project(mut self, id: &str, pm: &str) -> B {
        let origin = self.next(TableKind::Projects);
        self.t.projects.push(Project {
            project_id: id.into(),
            project_name: format!("项目{id}"),
            pm_id: pm.into(),
            plan: 100_000.0,
            seats: 20,
            region: None,
            partner: None,
            origin,
        });
        self
    }

    /// A present agent, hired long before the month, with consistent values.
    pub fn agent(self, id: &str, project: &str) -> B {
        self.agent_with(id, project, |_| {})
    }

    pub fn agent_with(mut self, id: &str, project: &str, f: impl FnOnce(&mut Agent)) -> B {
        let origin = self.next(TableKind::Agents);
        let mut a = Agent {
            agent_id: id.into(),
            project_id: project.into(),
            hire_date: d(2026, 1, 5),
            leave_date: None,
            scheduled_days: 21.0,
            attended_days: 20.5,
            ot_scheduled_days: 2.0,
            ot_attended_days: 2.0,
            ot_hours: 16.0,
            dialed: 640,
            connected: 300,
            successes: 12,
            revenue: 1200.0,
            name: None,
            origin,
        };
        f(&mut a);
        self.t.agents.push(a);
        self
    }

    pub fn qa(mut self, date: NaiveDate, project: &str, checked: u64, errors: u64) -> B {
        let origin = self.next(TableKind::Qa);
        self.t.qa.push(QaRow { date, project_id: project.into(), checked, errors, origin });
        self
    }

    pub fn event(mut self, project: &str, date: Option<NaiveDate>) -> B {
        let origin = self.next(TableKind::PartnerEvents);
        self.t.present.insert(TableKind::PartnerEvents);
        self.t.events.push(PartnerEvent {
            project_id: project.into(),
            event: EventKind::Complaint,
            date,
            lost_volume: 0.0,
            severe: false,
            description: None,
            origin,
        });
        self
    }

    pub fn task(mut self, pm: &str) -> B {
        let origin = self.next(TableKind::Tasks);
        self.t.present.insert(TableKind::Tasks);
        self.t.tasks.push(Task { pm_id: pm.into(), task: "报表".into(), status: TaskStatus::Late, origin });
        self
    }

    pub fn review(mut self, pm: &str) -> B {
        let origin = self.next(TableKind::Reviews);
        // Each review by another reviewer: one reviewer reviews a PM once (a key).
        let reviewer = format!("评价人{}", self.t.reviews.len() + 1);
        self.t.reviews.push(Review { pm_id: pm.into(), reviewer, score: 90.0, dept: None, origin });
        self
    }

    pub fn adjustment(mut self, pm: &str) -> B {
        let origin = self.next(TableKind::Adjustments);
        self.t.present.insert(TableKind::Adjustments);
        self.t.adjustments.push(Adjustment {
            pm_id: pm.into(),
            item: 3,
            points: 1.0,
            reason: "数据不实".into(),
            origin,
        });
        self
    }

    pub fn without(mut self, kind: TableKind) -> B {
        self.t.present.remove(&kind);
        self
    }

    /// Runs the checks on November 2026 and asserts the invariant: nothing lost.
    pub fn check(self) -> Checked {
        self.check_in(nov())
    }

    pub fn check_in(self, month: Month) -> Checked {
        let input = self.t.clone();
        let checked = check(self.t, month, &Rules::default());
        assert_eq!(unaccounted(&input, &checked), Vec::<Origin>::new(), "rows lost silently");
        checked
    }
}

/// The diagnostics as `(code, sheet, row)`, in the order found.
pub fn found(c: &Checked) -> Vec<(Code, String, u32)> {
    c.diags.iter().map(|d| (d.code, d.sheet.to_string(), d.row.unwrap_or(0))).collect()
}

/// The diagnostics with this code.
pub fn with(c: &Checked, code: Code) -> Vec<&Diagnostic> {
    c.diags.iter().filter(|d| d.code == code).collect()
}

/// The only diagnostic with this code.
pub fn one(c: &Checked, code: Code) -> &Diagnostic {
    let all = with(c, code);
    assert_eq!(all.len(), 1, "expected one {code}, found {:#?}", c.diags);
    all[0]
}

pub fn ids_of_agents(c: &Checked) -> Vec<&str> {
    c.tables.agents.iter().map(|a| a.agent_id.as_str()).collect()
}
