//! Properties over generated tables (nothing lost, only sound rows kept), and speed.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use proptest::prelude::*;

use super::builder::*;
use crate::check::{check, unaccounted};
use crate::model::*;
use crate::rules::Rules;

/// Small ID pools, so that duplicates, unknown and close references all happen.
fn pm(i: u8) -> String {
    format!("P{i}")
}
fn project(i: u8) -> String {
    format!("J{i:02}")
}
/// A day around November 2026: offset from 1 November, −60 … +40.
fn day(offset: i64) -> chrono::NaiveDate {
    d(2026, 11, 1) + chrono::Duration::days(offset)
}

type AgentSeed = (u8, u8, i64, Option<i64>, (i8, i8, i8, i8, i8), (u8, u8, u8));

fn agent_seed() -> impl Strategy<Value = AgentSeed> {
    (
        0u8..40,
        0u8..10,
        -60i64..40,
        proptest::option::of(-60i64..40),
        (-1i8..33, -1i8..33, -1i8..4, -1i8..4, -1i8..20),
        (0u8..12, 0u8..12, 0u8..12),
    )
}

fn tables() -> impl Strategy<Value = Tables> {
    (
        proptest::collection::vec(0u8..6, 0..6),
        proptest::collection::vec((0u8..10, 0u8..7), 0..8),
        proptest::collection::vec(agent_seed(), 0..40),
        proptest::collection::vec((-5i64..35, 0u8..10, 0u64..6, 0u64..6), 0..10),
        proptest::collection::vec((0u8..10, proptest::option::of(-5i64..35)), 0..5),
        proptest::collection::vec((0u8..7, 0u8..3), 0..10),
        proptest::collection::vec(any::<bool>(), 8),
    )
        .prop_map(|(managers, projects, agents, qa, events, by_pm, present)| {
            let o = origin;
            let present = TableKind::ALL.into_iter().zip(present).filter(|(_, p)| *p).map(|(k, _)| k).collect();
            let mut t = Tables { present, ..Tables::default() };
            for (i, p) in managers.into_iter().enumerate() {
                let origin = o(TableKind::Managers, i as u32 + 2);
                t.managers.push(Manager { pm_id: pm(p), name: "n".into(), bonus_base: 1.0, origin });
            }
            for (i, (j, p)) in projects.into_iter().enumerate() {
                t.projects.push(Project {
                    project_id: project(j),
                    project_name: "x".into(),
                    pm_id: pm(p),
                    plan: 1.0,
                    seats: 1,
                    region: None,
                    partner: None,
                    origin: o(TableKind::Projects, i as u32 + 2),
                });
            }
            for (i, (a, j, hire, leave, days, calls)) in agents.into_iter().enumerate() {
                t.agents.push(Agent {
                    agent_id: format!("A{a}"),
                    project_id: project(j),
                    hire_date: day(hire),
                    leave_date: leave.map(day),
                    scheduled_days: f64::from(days.0),
                    attended_days: f64::from(days.1),
                    ot_scheduled_days: f64::from(days.2),
                    ot_attended_days: f64::from(days.3),
                    ot_hours: f64::from(days.4),
                    dialed: u64::from(calls.0),
                    connected: u64::from(calls.1),
                    successes: u64::from(calls.2),
                    revenue: 1.0,
                    name: None,
                    origin: o(TableKind::Agents, i as u32 + 2),
                });
            }
            for (i, (date, j, checked, errors)) in qa.into_iter().enumerate() {
                let origin = o(TableKind::Qa, i as u32 + 2);
                t.qa.push(QaRow { date: day(date), project_id: project(j), checked, errors, origin });
            }
            for (i, (j, date)) in events.into_iter().enumerate() {
                t.events.push(PartnerEvent {
                    project_id: project(j),
                    event: EventKind::Penalized,
                    date: date.map(day),
                    lost_volume: 0.0,
                    severe: false,
                    description: None,
                    origin: o(TableKind::PartnerEvents, i as u32 + 2),
                });
            }
            for (i, (p, table)) in by_pm.into_iter().enumerate() {
                let (pm_id, row) = (pm(p), i as u32 + 2);
                match table {
                    0 => t.tasks.push(Task {
                        pm_id,
                        task: "t".into(),
                        status: TaskStatus::OnTime,
                        origin: o(TableKind::Tasks, row),
                    }),
                    1 => t.reviews.push(Review {
                        pm_id,
                        reviewer: "r".into(),
                        score: 80.0,
                        dept: None,
                        origin: o(TableKind::Reviews, row),
                    }),
                    _ => t.adjustments.push(Adjustment {
                        pm_id,
                        item: 1,
                        points: 1.0,
                        reason: "r".into(),
                        origin: o(TableKind::Adjustments, row),
                    }),
                }
            }
            t
        })
}

/// What the scorer may rely on in the kept rows.
fn assert_sound(t: &Tables, month: Month) {
    let unique = |ids: Vec<&str>| ids.len() == ids.iter().collect::<HashSet<_>>().len();
    assert!(unique(t.managers.iter().map(|m| m.pm_id.as_str()).collect()));
    assert!(unique(t.projects.iter().map(|p| p.project_id.as_str()).collect()));
    assert!(unique(t.agents.iter().map(|a| a.agent_id.as_str()).collect()));
    let pms: HashSet<&str> = t.managers.iter().map(|m| m.pm_id.as_str()).collect();
    let projects: HashSet<&str> = t.projects.iter().map(|p| p.project_id.as_str()).collect();
    assert!(t.projects.iter().all(|p| pms.contains(p.pm_id.as_str())));
    let (d0, d1) = (month.first_day(), month.last_day());
    for a in &t.agents {
        assert!(projects.contains(a.project_id.as_str()));
        assert!(a.hire_date <= d1 && a.leave_date.is_none_or(|l| l >= d0 && l >= a.hire_date));
        assert!(a.connected <= a.dialed && a.successes <= a.connected);
        assert!(a.scheduled_days >= 0.0 && a.scheduled_days <= f64::from(month.days()));
        assert!(a.attended_days >= 0.0 && a.attended_days <= a.scheduled_days);
        assert!(a.ot_attended_days >= 0.0 && a.ot_attended_days <= a.ot_scheduled_days);
        assert!(a.ot_hours >= 0.0 && a.ot_scheduled_days <= f64::from(month.days()));
    }
    assert!(t.qa.iter().all(|q| month.contains(q.date) && projects.contains(q.project_id.as_str())));
    assert!(t.qa.iter().all(|q| q.errors <= q.checked));
    assert!(t.events.iter().all(|e| e.date.is_none_or(|d| month.contains(d))));
    assert!(t.events.iter().all(|e| projects.contains(e.project_id.as_str())));
    assert!(t.tasks.iter().all(|r| pms.contains(r.pm_id.as_str())));
    assert!(t.reviews.iter().all(|r| pms.contains(r.pm_id.as_str())));
    assert!(t.adjustments.iter().all(|r| pms.contains(r.pm_id.as_str())));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn every_row_is_kept_or_named_and_kept_rows_are_sound(t in tables()) {
        let input = t.clone();
        let checked = check(t, nov(), &Rules::default());
        prop_assert_eq!(unaccounted(&input, &checked), Vec::<Origin>::new());
        assert_sound(&checked.tables, nov());
        // Kept rows are input rows, unchanged and in their order.
        let kept: Vec<&Origin> = checked.tables.origins().collect();
        let all: Vec<&Origin> = input.origins().collect();
        let mut it = all.iter();
        prop_assert!(kept.iter().all(|k| it.any(|o| o == k)));
        prop_assert_eq!(checked.tables.present, input.present);
    }
}

#[test]
fn unaccounted_names_rows_neither_kept_nor_diagnosed() {
    let input = B::healthy(40).t;
    let mut checked = check(input.clone(), nov(), &Rules::default());
    assert!(unaccounted(&input, &checked).is_empty());
    let lost = checked.tables.agents.remove(5).origin;
    assert_eq!(unaccounted(&input, &checked), vec![lost]);
}

/// The brief's size: 1,000 PMs with 3 projects each, 50,000 agents, with some unknown
/// references among them (which use the suggestion index).
#[test]
fn a_large_centre_checks_quickly() {
    let mut b = B::new();
    for p in 0..1000 {
        b = b.pm(&format!("P{p:04}")).review(&format!("P{p:04}"));
        for j in 0..3 {
            b = b.project(&format!("J{p:04}-{j}"), &format!("P{p:04}"));
        }
    }
    let mut t = b.t;
    let template = B::new().agent("A", "J").t.agents.pop().unwrap();
    for i in 0..50_000u32 {
        let mut a = template.clone();
        a.agent_id = format!("A{i:06}");
        // PM 7's agents name a project "J0007-9" that does not exist: 50 unknown references.
        let (p, j) = (i % 1000, if i % 1000 == 7 { 9 } else { i % 3 });
        a.project_id = format!("J{p:04}-{j}");
        a.origin = origin(TableKind::Agents, i + 2);
        t.agents.push(a);
    }
    let start = Instant::now();
    let checked = check(t, nov(), &Rules::default());
    let took = start.elapsed();
    assert_eq!(checked.tables.agents.len(), 50_000 - 50);
    // A few tenths of a second in an unoptimised test build (milliseconds
    // in a release build). The bound is generous for a shared machine, yet far below
    // what a quadratic join (50,000 × 3,000 string comparisons) would take unoptimised.
    assert!(took < Duration::from_secs(8), "took {took:?}");
    eprintln!("checked 50,000 agents in {took:?}");
}

/// The property above is only worth something if the generated tables reach every
/// finding of this stage and also keep rows: check that they do.
#[test]
fn the_generated_tables_reach_every_code() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    use crate::diag::Code;

    let mut runner = TestRunner::deterministic();
    let mut seen = HashSet::new();
    let mut kept = 0;
    for _ in 0..400 {
        let t = tables().new_tree(&mut runner).unwrap().current();
        let c = check(t, nov(), &Rules::default());
        seen.extend(c.diags.iter().map(|d| d.code));
        kept += c.tables.agents.len();
    }
    for code in [
        Code::MissingTable,
        Code::DuplicateKey,
        Code::UnknownReference,
        Code::OutOfRange,
        Code::OutsideMonth,
        Code::NotPresent,
        Code::NoData,
        Code::SpanOfControl,
    ] {
        assert!(seen.contains(&code), "{code} never found");
    }
    assert!(kept > 0, "no agent ever kept");
}
