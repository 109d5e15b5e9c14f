//! A deliberately simple second implementation of SPEC §4–§5, for the property
//! tests: straight loops over all rows for every PM, whole hundredths as `i64`, and
//! nothing shared with the real code but the input types and the rules.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use crate::model::{EventKind, Month, Tables, TaskStatus};
use crate::rules::{Rules, TierMode};

/// What the reference says about one PM.
#[derive(Debug, Clone, PartialEq)]
pub struct RefPm {
    pub pm_id: String,
    /// Items 1–10 in hundredths.
    pub items: [i64; 10],
    pub total: i64,
    pub vetoed: bool,
    pub rank: u32,
    pub tier: u8,
}

fn r(x: f64) -> i64 {
    let s = x * 100.0;
    if s >= 0.0 { (s + 1e-7).round() as i64 } else { (s - 1e-7).round() as i64 }
}

/// A part's deduction: rounded, never below 0, never above the part's max.
fn part(amount: f64, max: f64) -> i64 {
    let d = r(amount);
    let d = if d < 0 { 0 } else { d };
    if d > r(max) { r(max) } else { d }
}

fn versus_best(value: f64, best: f64, max: f64) -> i64 {
    if best <= 0.0 {
        return 0;
    }
    let v = if value < 0.0 { 0.0 } else { value };
    part(max * (1.0 - v / best), max)
}

/// One PM's measured values, as the reference sees them.
struct Raw {
    id: String,
    volume: f64,
    plan: f64,
    spc: Option<f64>,
    rpc: Option<f64>,
    otpc: Option<f64>,
    attendance: Option<f64>,
    attrition: f64,
    staff: f64,
    seats: f64,
    succ: f64,
    days: f64,
    checked: u64,
    errors: u64,
    unstable: usize,
    missing: usize,
    events: Vec<(EventKind, bool)>,
    late: usize,
    not_done: usize,
    reviews: Vec<f64>,
    adjust: [f64; 10],
}

fn raw(t: &Tables, month: Month, rules: &Rules, pm: &str) -> Raw {
    let (d0, d1) = (month.first_day(), month.last_day());
    let nd = rules.new_employee_days as i64;
    let mut x = Raw {
        id: pm.to_string(),
        volume: 0.0,
        plan: 0.0,
        spc: None,
        rpc: None,
        otpc: None,
        attendance: None,
        attrition: 0.0,
        staff: 0.0,
        seats: 0.0,
        succ: 0.0,
        days: 0.0,
        checked: 0,
        errors: 0,
        unstable: 0,
        missing: 0,
        events: vec![],
        late: 0,
        not_done: 0,
        reviews: vec![],
        adjust: [0.0; 10],
    };
    let mine: Vec<&str> = t.projects.iter().filter(|p| p.pm_id == pm).map(|p| p.project_id.as_str()).collect();
    for p in t.projects.iter().filter(|p| p.pm_id == pm) {
        x.plan += p.plan;
        x.seats += p.seats as f64;
    }
    let (mut n, mut ne, mut rev_e, mut ot, mut att, mut sch, mut pool, mut left) = (0, 0, 0.0, 0.0, 0.0, 0.0, 0, 0);
    for a in &t.agents {
        if !mine.contains(&a.project_id.as_str()) || a.hire_date > d1 || a.leave_date.is_some_and(|l| l < d0) {
            continue;
        }
        n += 1;
        x.volume += a.revenue;
        ot += a.ot_hours;
        att += a.attended_days + a.ot_attended_days;
        sch += a.scheduled_days + a.ot_scheduled_days;
        if (d1 - a.hire_date).num_days() >= nd {
            ne += 1;
            x.succ += a.successes as f64;
            rev_e += a.revenue;
            x.days += a.attended_days + a.ot_attended_days;
        }
        let end = match a.leave_date {
            Some(l) if l < d1 => l,
            _ => d1,
        };
        if (end - a.hire_date).num_days() >= nd {
            pool += 1;
            if a.leave_date.is_some_and(|l| l <= d1) {
                left += 1;
            }
        }
        if a.leave_date.is_none_or(|l| l > d1) {
            x.staff += 1.0;
        }
    }
    if ne > 0 {
        x.spc = Some(x.succ / ne as f64);
        x.rpc = Some(rev_e / ne as f64);
    }
    if n > 0 {
        x.otpc = Some(ot / n as f64);
    }
    if sch > 0.0 {
        x.attendance = Some(att / sch);
    }
    if pool > 0 {
        x.attrition = left as f64 / pool as f64;
    }
    for e in &t.events {
        if mine.contains(&e.project_id.as_str()) {
            x.volume -= e.lost_volume;
            x.events.push((e.event, e.severe));
        }
    }
    let mut seen: BTreeSet<(&str, NaiveDate)> = BTreeSet::new();
    for q in &t.qa {
        if mine.contains(&q.project_id.as_str()) && month.contains(q.date) {
            x.checked += q.checked;
            x.errors += q.errors;
            seen.insert((q.project_id.as_str(), q.date));
        }
    }
    for (p, day) in &seen {
        let (mut c, mut e) = (0u64, 0u64);
        for q in t.qa.iter().filter(|q| q.project_id == *p && q.date == *day) {
            c += q.checked;
            e += q.errors;
        }
        if c > 0 && e as f64 / c as f64 > rules.item8.daily_limit {
            x.unstable += 1;
        }
    }
    x.missing = mine.len() * month.days() as usize - seen.len();
    for task in t.tasks.iter().filter(|k| k.pm_id == pm) {
        match task.status {
            TaskStatus::Late => x.late += 1,
            TaskStatus::NotDone => x.not_done += 1,
            TaskStatus::OnTime => {}
        }
    }
    x.reviews = t.reviews.iter().filter(|v| v.pm_id == pm).map(|v| v.score).collect();
    for a in t.adjustments.iter().filter(|a| a.pm_id == pm) {
        x.adjust[a.item as usize - 1] += r(a.points) as f64;
    }
    x
}

fn best(all: &[Raw], f: impl Fn(&Raw) -> Option<f64>) -> f64 {
    let mut b = f64::NEG_INFINITY;
    for x in all {
        if let Some(v) = f(x) {
            let v = if v < 0.0 { 0.0 } else { v };
            if v > b {
                b = v;
            }
        }
    }
    b
}

/// Scores, ranks and tiers every PM of the month, in rank order.
pub fn evaluate(t: &Tables, month: Month, rules: &Rules) -> Vec<RefPm> {
    let mut ids: Vec<String> = t.managers.iter().map(|m| m.pm_id.clone()).collect();
    ids.sort();
    let all: Vec<Raw> = ids.iter().map(|id| raw(t, month, rules, id)).collect();
    let b_vol = best(&all, |x| Some(x.volume));
    let b_spc = best(&all, |x| x.spc);
    let b_rpc = best(&all, |x| x.rpc);
    let b_ot = best(&all, |x| x.otpc);
    let b_staff = best(&all, |x| Some(x.staff));
    let b_seats = best(&all, |x| Some(x.seats));
    let (cs, cd): (f64, f64) = (all.iter().map(|x| x.succ).sum(), all.iter().map(|x| x.days).sum());
    let centre = if cd > 0.0 { cs / cd } else { 0.0 };
    let p = &rules.premise;
    // The maxes of items and parts are the one thing taken from the code under test:
    // they are the form's, declared once by each item module.
    let max = |i: usize| super::ITEMS[i].max;
    let part_max = |i: usize, k: usize| super::ITEMS[i].parts[k].max;
    let mut out = Vec::new();
    for x in &all {
        let mut d = [0i64; 10];
        d[0] = if x.plan > 0.0 {
            let c = x.volume / x.plan;
            part(((1.0 - c) * 100.0).max(0.0) * rules.item1.per_point, max(0))
        } else {
            r(max(0))
        };
        d[1] = versus_best(x.volume, b_vol, max(1));
        d[2] = match (x.spc, x.rpc) {
            (Some(s), Some(v)) => versus_best(s, b_spc, part_max(2, 0)) + versus_best(v, b_rpc, part_max(2, 1)),
            _ => r(max(2)),
        };
        d[3] = match x.otpc {
            Some(v) => versus_best(v, b_ot, max(3)),
            None => r(max(3)),
        };
        let i5 = &rules.item5;
        d[4] = match x.attendance {
            Some(a) => part(((i5.attendance_target - a) * 100.0).max(0.0) * i5.attendance_per_point, part_max(4, 0)),
            None => r(part_max(4, 0)),
        } + part(((x.attrition - i5.attrition_limit) * 100.0).max(0.0) * i5.attrition_per_point, part_max(4, 1));
        d[5] = versus_best(x.staff, b_staff, part_max(5, 0)) + versus_best(x.seats, b_seats, part_max(5, 1));
        let qa_ok = x.checked > 0 && x.errors as f64 / x.checked as f64 <= p.max_error_rate;
        let att_ok = x.attendance.is_some_and(|a| a >= p.min_attendance);
        let eff_ok = x.days > 0.0 && x.succ / x.days >= p.min_efficiency_ratio * centre;
        if !(qa_ok && att_ok && eff_ok) {
            for i in [3, 5] {
                let floor = r((1.0 - p.cap) * max(i));
                if d[i] < floor {
                    d[i] = floor;
                }
            }
        }
        let mut ev = 0;
        for (kind, _) in &x.events {
            ev += r(rules.item7.points(*kind));
        }
        d[6] = ev.min(r(max(6)));
        let i8 = &rules.item8;
        d[7] = if x.checked > 0 {
            let rate = x.errors as f64 / x.checked as f64;
            part(((rate - i8.rate_limit) * 100.0).max(0.0) * i8.rate_per_point, part_max(7, 0))
        } else {
            r(part_max(7, 0))
        };
        d[7] += part(x.unstable as f64 * i8.unstable_day, part_max(7, 1))
            + part(x.missing as f64 * i8.missing_day, part_max(7, 2));
        d[8] = (part(x.late as f64 * rules.item9.late, max(8))
            + part(x.not_done as f64 * rules.item9.not_done, max(8)))
        .min(r(max(8)));
        d[9] = if x.reviews.is_empty() {
            r(max(9))
        } else {
            let mut s = x.reviews.clone();
            s.sort_by(|a, b| a.partial_cmp(b).unwrap());
            if s.len() >= rules.item10.trim_from as usize && s.len() >= 3 {
                s.remove(0);
                s.pop();
            }
            let avg = s.iter().sum::<f64>() / s.len() as f64;
            part(max(9) * (1.0 - avg / 100.0), max(9))
        };
        let maxes = super::ITEMS.map(|item| r(item.max));
        let mut items = [0i64; 10];
        for i in 0..10 {
            items[i] = (maxes[i] - d[i] - x.adjust[i] as i64).max(0);
        }
        let vetoed = x.events.iter().any(|(k, severe)| *severe || rules.item7.veto.contains(k));
        out.push(RefPm { pm_id: x.id.clone(), items, total: items.iter().sum(), vetoed, rank: 0, tier: 0 });
    }
    out.sort_by(|a, b| b.total.cmp(&a.total).then(a.pm_id.cmp(&b.pm_id)));
    let totals: Vec<(i64, bool)> = out.iter().map(|o| (o.total, o.vetoed)).collect();
    let n = totals.iter().filter(|(_, v)| !v).count() as f64;
    let q = rules.tiers.quotas;
    let k = [
        (q[0] * n + 0.5 + 1e-9).floor() as u32,
        ((q[0] + q[1]) * n + 0.5 + 1e-9).floor() as u32,
        ((q[0] + q[1] + q[2]) * n + 0.5 + 1e-9).floor() as u32,
    ];
    for o in &mut out {
        o.rank = 1 + totals.iter().filter(|(t, _)| *t > o.total).count() as u32;
        let r_kept = 1 + totals.iter().filter(|(t, v)| !v && *t > o.total).count() as u32;
        let total = o.total as f64 / 100.0;
        let th = rules.tiers.thresholds;
        let passed = match rules.tiers.mode {
            TierMode::Score => [total + 1e-9 >= th[0], total + 1e-9 >= th[1], total + 1e-9 >= th[2]],
            TierMode::Rank => [r_kept <= k[0], r_kept <= k[1], r_kept <= k[2]],
        };
        o.tier = if o.vetoed { 5 } else { passed.iter().position(|p| *p).map_or(4, |i| i as u8 + 1) };
    }
    out
}
