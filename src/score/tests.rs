//! Whole-month tests: `score_month` + `rank` against the simple reference over
//! generated months, invariants, the edge cases of the brief, the shipped
//! `templates/rules.toml`, and speed.

use std::path::Path;

use proptest::prelude::*;

use super::reference;
use super::score_month;
use super::testkit::*;
use crate::model::*;
use crate::outcome::Points;
use crate::rank::rank;
use crate::rules::{Rules, TierMode};

/// (hire days before 30 Nov, leave: None or day offset from 1 Nov, scheduled, attended, OT
/// scheduled, OT attended, OT hours, dialed, connected %, successes %, revenue).
type AgentSpec = (i64, Option<i64>, u8, u8, u8, u8, u8, u16, u8, u8, u32);
/// (day, checked, errors %).
type QaSpec = (u32, u16, u8);
/// (kind 0–3, lost volume, severe, dated).
type EventSpec = (u8, u16, bool, bool);
type ProjectSpec = (u32, u8, Vec<AgentSpec>, Vec<QaSpec>, Vec<EventSpec>);
/// (projects, task statuses 0–2, review scores, adjustments (item 1–10, points in tenths)).
type PmSpec = (Vec<ProjectSpec>, Vec<u8>, Vec<u8>, Vec<(u8, u16)>);

fn agent_spec() -> impl Strategy<Value = AgentSpec> {
    (
        prop_oneof![Just(29i64), Just(30), 0..400i64],
        prop::option::weighted(0.3, -0i64..40),
        0..24u8,
        prop_oneof![3 => Just(100u8), 1 => 90..=100u8, 1 => 0..=100u8],
        0..5u8,
        prop_oneof![Just(100u8), 0..=100u8],
        0..40u8,
        0..500u16,
        0..=100u8,
        0..=100u8,
        0..5000u32,
    )
}

fn project_spec() -> impl Strategy<Value = ProjectSpec> {
    (
        1..20_000u32,
        0..30u8,
        prop::collection::vec(agent_spec(), 0..5),
        prop::collection::vec((1..=30u32, 0..150u16, prop_oneof![3 => 0..=2u8, 1 => 0..=8u8]), 0..35),
        prop::collection::vec(
            (prop_oneof![3 => 2..4u8, 1 => 0..4u8], 0..3000u16, prop::bool::weighted(0.05), any::<bool>()),
            0..2,
        ),
    )
}

fn pm_spec() -> impl Strategy<Value = PmSpec> {
    (
        prop::collection::vec(project_spec(), 0..4),
        prop::collection::vec(0..3u8, 0..4),
        prop::collection::vec(0..=100u8, 0..7),
        prop::collection::vec((1..=10u8, 1..80u16), 0..2),
    )
}

/// `k × step` for k in `0..=n`: steps keep the values the kind a rules file holds.
fn steps(step: f64, n: u32) -> impl Strategy<Value = f64> {
    (0..=n).prop_map(move |k| k as f64 * step)
}

/// Every field of the rules drawn at random within what `Rules::validate` accepts, so
/// that code reading the wrong field (several defaults share a value: 0.03 is three
/// limits, 0.5 four) disagrees with the reference.
fn rules_spec() -> impl Strategy<Value = Rules> {
    let item1_5 = (0..60u32, steps(0.05, 20), steps(0.01, 20), steps(0.1, 20), steps(0.01, 10), steps(0.1, 20));
    let item7 = (0..16u32, 0..16u32, 0..16u32, 0..16u32, prop::sample::subsequence(EventKind::ALL.to_vec(), 0..=4));
    let item8_10 =
        (steps(0.005, 6), steps(0.5, 8), steps(0.01, 10), steps(0.1, 10), steps(0.05, 10), 0..4u32, 0..5u32, 3..8u32);
    let premise = (steps(0.01, 10), steps(0.01, 20), steps(0.1, 15), steps(0.1, 10));
    let tiers = (
        any::<bool>(),
        [0..=100u32, 0..=100u32, 0..=100u32],
        [steps(0.1, 4), steps(0.1, 3), steps(0.1, 3)],
        [steps(0.1, 15), steps(0.1, 15), steps(0.1, 15), steps(0.1, 15), steps(0.1, 15)],
    );
    (item1_5, item7, item8_10, premise, tiers).prop_map(|(a, b, c, p, t)| {
        let mut thresholds = t.1.map(f64::from);
        thresholds.sort_by(|x, y| y.total_cmp(x));
        use crate::rules::{Item1, Item5, Item7, Item8, Item9, Item10, Premise, Tiers};
        Rules {
            new_employee_days: a.0,
            item1: Item1 { per_point: a.1 },
            item5: Item5 {
                attendance_target: 0.8 + a.2,
                attendance_per_point: a.3,
                attrition_limit: a.4,
                attrition_per_point: a.5,
            },
            item7: Item7 {
                terminated: b.0 as f64,
                suspended: b.1 as f64,
                penalized: b.2 as f64,
                complaint: b.3 as f64,
                veto: b.4,
            },
            item8: Item8 {
                rate_limit: c.0,
                rate_per_point: c.1,
                daily_limit: c.2,
                unstable_day: c.3,
                missing_day: c.4,
            },
            item9: Item9 { late: c.5 as f64, not_done: c.6 as f64 },
            item10: Item10 { trim_from: c.7 },
            premise: Premise { max_error_rate: p.0, min_attendance: 0.8 + p.1, min_efficiency_ratio: p.2, cap: p.3 },
            tiers: Tiers {
                mode: if t.0 { TierMode::Rank } else { TierMode::Score },
                thresholds,
                quotas: t.2,
                multipliers: t.3,
            },
            // Header names bear on reading, not on scoring.
            headers: Default::default(),
            report: Default::default(),
        }
    })
}

proptest! {
    #[test]
    fn random_rules_are_valid_rules(rules in rules_spec()) {
        // What the property test draws is what a rules file may say.
        let read = Rules::parse(&rules.to_toml(), Path::new("rules.toml"));
        prop_assert!(read.is_ok(), "{:?}", read.err());
    }
}

/// Builds a month that has passed the checks: agents present, values in range.
fn build(pms: &[PmSpec]) -> Tables {
    let kinds = EventKind::ALL;
    let statuses = TaskStatus::ALL;
    let mut t = Tables::default();
    let mut row = 1;
    let mut next = || {
        row += 1;
        row
    };
    for (i, (projects, tasks, reviews, adjustments)) in pms.iter().enumerate() {
        let pm = format!("P{i:02}");
        t.managers.push(Manager { bonus_base: 1000.0 + i as f64 * 333.33, ..manager(&pm) });
        for (j, (plan, seats, agents, qas, events)) in projects.iter().enumerate() {
            let pid = format!("X{i}{j}");
            t.projects.push(Project {
                origin: at("市场部.xlsx", "项目", next()),
                ..project(&pid, &pm, *plan as f64, *seats as u64)
            });
            for (k, a) in agents.iter().enumerate() {
                let (hire, leave, sch, att, ots, ota, oth, dialed, conn, succ, rev) = *a;
                let hire_date = d(2026, 11, 30) - chrono::Duration::days(hire);
                let leave_date = leave.map(|l| (d(2026, 11, 1) + chrono::Duration::days(l)).max(hire_date));
                let connected = dialed as u64 * conn as u64 / 100;
                t.agents.push(Agent {
                    hire_date,
                    leave_date,
                    scheduled_days: sch as f64,
                    attended_days: (sch as u32 * att as u32 / 100) as f64,
                    ot_scheduled_days: ots as f64,
                    ot_attended_days: (ots as u32 * ota as u32 / 100) as f64,
                    ot_hours: oth as f64 * 0.5,
                    dialed: dialed as u64,
                    connected,
                    successes: connected * succ as u64 / 100,
                    revenue: rev as f64,
                    origin: at("运营部.xlsx", "座席", next()),
                    ..agent(&format!("A{i}{j}{k}"), &pid)
                });
            }
            for (day, checked, err) in qas {
                let errors = (*checked as u64 * *err as u64 / 100).min(*checked as u64);
                t.qa.push(QaRow {
                    origin: at("质检.xlsx", "抽检", next()), ..qa(*day, &pid, *checked as u64, errors)
                });
            }
            for (kind, lost, severe, dated) in events {
                t.events.push(PartnerEvent {
                    lost_volume: *lost as f64,
                    severe: *severe,
                    date: dated.then(|| d(2026, 11, 10)),
                    ..event(&pid, kinds[*kind as usize], next())
                });
            }
        }
        t.tasks.extend(tasks.iter().map(|s| task(&pm, statuses[*s as usize])));
        t.reviews.extend(reviews.iter().map(|s| review(&pm, *s as f64)));
        t.adjustments.extend(adjustments.iter().map(|(item, p)| Adjustment {
            item: *item,
            points: *p as f64 / 10.0,
            ..adjustment(&pm, 1, 1.0)
        }));
    }
    t
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn agrees_with_the_reference(pms in prop::collection::vec(pm_spec(), 2..=8), rules in rules_spec()) {
        let t = build(&pms);
        let outcome = rank(score_month(&t, nov(), &rules), &rules);
        let expected = reference::evaluate(&t, nov(), &rules);
        prop_assert_eq!(outcome.managers.len(), expected.len());
        for (got, want) in outcome.managers.iter().zip(&expected) {
            let items: Vec<i64> = got.score.items.iter().map(|i| i.score.0).collect();
            prop_assert_eq!(&got.score.pm_id, &want.pm_id);
            prop_assert_eq!(&items[..], &want.items[..], "items of {}", want.pm_id);
            prop_assert_eq!(got.score.total.0, want.total);
            prop_assert_eq!(got.score.veto.is_some(), want.vetoed);
            prop_assert_eq!((got.rank, got.tier), (want.rank, want.tier), "rank and tier of {}", want.pm_id);
        }
    }

    #[test]
    fn the_same_scores_on_any_number_of_threads(pms in prop::collection::vec(pm_spec(), 2..=8), threads in 2usize..=5) {
        // The PMs are shared out in runs (2 to 5 runs of 1 to 4 PMs here) and joined back in order.
        let t = build(&pms);
        let rules = Rules::default();
        let (facts, month) = super::facts::measure(&t, nov(), &rules);
        let one = super::score_all(&facts, &month, &rules, 1);
        prop_assert_eq!(one.len(), pms.len());
        prop_assert_eq!(super::score_all(&facts, &month, &rules, threads), one);
    }

    #[test]
    fn invariants_hold(pms in prop::collection::vec(pm_spec(), 2..=8), rules in rules_spec()) {
        let t = build(&pms);
        let scores = score_month(&t, nov(), &rules);
        let ids: Vec<&str> = scores.iter().map(|s| s.pm_id.as_str()).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        prop_assert_eq!(&ids, &sorted, "in pm_id order");
        for s in &scores {
            prop_assert_eq!(s.items.len(), 10);
            prop_assert_eq!(s.total, s.items.iter().map(|i| i.score).sum::<Points>());
            for (n, i) in s.items.iter().enumerate() {
                prop_assert_eq!(usize::from(i.item), n + 1);
                prop_assert!(Points::ZERO <= i.score && i.score <= i.max);
                let taken: Points = i.deductions.iter().map(|d| d.points).sum();
                prop_assert_eq!(i.score, Points((i.max - taken).0.max(0)));
                let by_rule: Points = i.deductions.iter().filter(|d| !d.manual).map(|d| d.points).sum();
                prop_assert!(by_rule <= i.max, "rule deductions of item {} exceed its max", i.item);
                for d in &i.deductions {
                    prop_assert!(d.points > Points::ZERO);
                    prop_assert!(!d.reason.zh.is_empty() && !d.reason.en.is_empty());
                }
            }
        }
        for m in rank(scores, &rules).managers {
            let mult = rules.tiers.multipliers[usize::from(m.tier - 1)];
            prop_assert_eq!(m.multiplier, mult);
            prop_assert_eq!(m.bonus, Points::round(m.score.bonus_base * mult));
        }
    }
}

#[test]
fn every_manager_scores_even_with_nothing() {
    // P02 has no projects, agents, QA, reviews: it loses items 1 (5), 3 (10), 4 (10), 5a (5),
    // 8a (10), 10 (15); 2 and 6 are relative to P01 (volume 0 vs 1,000: 5; staff 0 vs 1, seats 0 vs 10:
    // 5 + 5 = 10). Items 7 (15) and 9 (5) keep all; 5b 5; 8b and 8c have no project-days (5).
    // Total = 0 + 0 + 0 + 0 + 5 + 0 + 15 + 5 + 5 + 0 = 30.00.
    let mut t = one_pm(1);
    t.managers.insert(0, manager("P02"));
    let scores = score_month(&t, nov(), &Rules::default());
    let ids: Vec<&str> = scores.iter().map(|s| s.pm_id.as_str()).collect();
    assert_eq!(ids, ["P01", "P02"]);
    let p2 = &scores[1];
    let items: Vec<i64> = p2.items.iter().map(|i| i.score.0).collect();
    assert_eq!(items, [0, 0, 0, 0, 500, 0, 1500, 500, 500, 0]);
    assert_eq!(p2.total, Points(3000));
    assert!(!p2.metrics.premise_held);
    assert_eq!(p2.metrics.completion, None);
}

#[test]
fn metrics_are_filled() {
    // 2 agents: dialed 200, connected 100, successes 20: 接通率 50%, 接通订制率 20%.
    let mut t = one_pm(2);
    t.reviews = vec![review("P01", 90.0)];
    let s = &score_month(&t, nov(), &Rules::default())[0];
    let m = &s.metrics;
    assert_eq!((m.connection_rate, m.connect_subscription_rate), (Some(0.5), Some(0.2)));
    assert_eq!((m.agents, m.eligible_agents, m.staff, m.seats, m.projects), (2, 2, 2, 10, 1));
    assert_eq!((m.qa_checked, m.qa_rate, m.missing_days, m.unstable_days), (3000, Some(0.0), 0, 0));
    assert_eq!((m.review_average, m.review_count), (Some(90.0), 1));
    assert_eq!(m.efficiency, Some(20.0 / 44.0));
    assert!(m.premise_held);
    assert_eq!(s.projects, ["X1"]);
}

#[test]
fn template_rules_parse_to_the_defaults_and_name_every_key() {
    let text = include_str!("../../templates/rules.toml");
    assert_eq!(Rules::parse(text, Path::new("rules.toml")).unwrap(), Rules::default());
    let keys = |s: &str| -> Vec<String> {
        let mut table = String::new();
        let mut out = Vec::new();
        for line in s.lines().map(str::trim) {
            if line.starts_with('[') {
                table = line.trim_matches(['[', ']']).to_string();
            } else if let Some((k, _)) = line.split_once('=').filter(|_| !line.starts_with('#')) {
                out.push(if table.is_empty() { k.trim().to_string() } else { format!("{table}.{}", k.trim()) });
            }
        }
        out.sort();
        out
    };
    assert_eq!(keys(text), keys(&Rules::default().to_toml()));
}

#[test]
fn a_large_month_scores_quickly() {
    // 1,000 PMs × 2 projects × 25 agents = 50,000 agents; 2,000 projects × 45 days' worth of rows ≈ 90,000 QA rows.
    let mut t = Tables::default();
    for i in 0..1000 {
        let pm = format!("P{i:04}");
        t.managers.push(manager(&pm));
        for j in 0..2 {
            let pid = format!("X{i:04}{j}");
            t.projects.push(project(&pid, &pm, 50_000.0, 25));
            t.agents.extend(
                (0..25).map(|k| Agent { successes: (i + k) as u64 % 50, ..agent(&format!("A{i}{j}{k}"), &pid) }),
            );
            t.qa.extend((1..=30).chain(1..=15).map(|day| qa(day, &pid, 50, (i % 4) as u64)));
        }
        t.reviews.push(review(&pm, 80.0));
    }
    let start = std::time::Instant::now();
    let scores = score_month(&t, nov(), &Rules::default());
    let took = start.elapsed();
    assert_eq!(scores.len(), 1000);
    // Well under a second in a release build; unoptimised test builds are some 10× slower.
    assert!(took.as_secs_f64() < 10.0, "took {took:?}");
}

#[test]
fn a_small_month_worked_by_hand() {
    // P01: X1 (plan 10,000, 10 seats), 5 agents with 8 OT hours; reviews 90, 80.
    // P02: Y1 (plan 4,000, 5 seats), 4 agents with 10 OT hours; review 100; one task late.
    // Every agent: 22 of 22 days, 10 successes, revenue 1,000. QA every day, no errors.
    let mut t = one_pm(0);
    t.agents = (0..5).map(|i| Agent { ot_hours: 8.0, ..agent(&format!("A{i}"), "X1") }).collect();
    t.managers.push(manager("P02"));
    t.projects.push(project("Y1", "P02", 4000.0, 5));
    t.agents.extend((0..4).map(|i| Agent { ot_hours: 10.0, ..agent(&format!("B{i}"), "Y1") }));
    t.qa.extend((1..=30).map(|day| qa(day, "Y1", 100, 0)));
    t.reviews = vec![review("P01", 90.0), review("P01", 80.0), review("P02", 100.0)];
    t.tasks = vec![task("P02", TaskStatus::Late)];
    let rules = Rules::default();
    let outcome = rank(score_month(&t, nov(), &rules), &rules);
    let items = |i: usize| -> Vec<i64> { outcome.managers[i].score.items.iter().map(|s| s.score.0).collect() };
    // P02: 1: 4,000/4,000 = 100% → 5; 2: 5 × (1 − 4,000/5,000) = 1.00 → 4; 3: 10 and 1,000 are the best → 10;
    // 4: 10 h is the best → 10 (premise holds: QA 0%, attendance 100%, efficiency 40/88 = 0.4545 ≥ 0.8 × 90/198);
    // 5: 10; 6: 5 × (1 − 4/5) = 1.00 and 5 × (1 − 5/10) = 2.50 → 6.50; 7: 15; 8: 15; 9: 5 − 1 = 4; 10: 15.
    // Total 5 + 4 + 10 + 10 + 10 + 6.5 + 15 + 15 + 4 + 15 = 94.50.
    assert_eq!(outcome.managers[0].score.pm_id, "P02");
    assert_eq!(items(0), [500, 400, 1000, 1000, 1000, 650, 1500, 1500, 400, 1500]);
    assert_eq!(outcome.managers[0].score.total, Points(9450));
    // P01: 1: 5,000/10,000 = 50%: 50 × 0.25 = 12.5 → 5 → 0; 2: best → 5; 3: 10; 4: 10 × (1 − 8/10) = 2.00 → 8;
    // 5: 10; 6: best staff 5 and seats 10 → 10; 7, 8: 15; 9: 5; 10: 85 average: 15 × 0.15 = 2.25 → 12.75.
    // Total 0 + 5 + 10 + 8 + 10 + 10 + 15 + 15 + 5 + 12.75 = 90.75.
    assert_eq!(items(1), [0, 500, 1000, 800, 1000, 1000, 1500, 1500, 500, 1275]);
    assert_eq!(outcome.managers[1].score.total, Points(9075));
    // Both ≥ 90: tier 1, bonus 3,000 × 1.0.
    let tiers: Vec<(u32, u8, Points)> = outcome.managers.iter().map(|m| (m.rank, m.tier, m.bonus)).collect();
    assert_eq!(tiers, [(1, 1, Points(300_000)), (2, 1, Points(300_000))]);
}

#[test]
fn no_managers_no_scores() {
    assert!(score_month(&Tables::default(), nov(), &Rules::default()).is_empty());
}
