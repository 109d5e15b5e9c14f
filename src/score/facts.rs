//! The measured values, computed once: per PM ([`PmFacts`], with its rows grouped)
//! and month-wide ([`MonthFacts`]: the best of each "relative to best" value and
//! the centre's efficiency). The items only read these.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;

use super::premise::{self, Stability};
use crate::model::{Adjustment, Agent, Manager, Month, PartnerEvent, Project, QaRow, Review, Tables, Task};
use crate::outcome::Metrics;
use crate::rules::Rules;
use crate::text::Text;

/// One PM's rows and measured values.
#[derive(Debug, Clone)]
pub struct PmFacts<'a> {
    pub manager: &'a Manager,
    /// Sorted by project id.
    pub projects: Vec<&'a Project>,
    /// Present agents of the PM's projects.
    pub agents: Vec<&'a Agent>,
    /// Not new (新员工上岗30天内不考评).
    pub eligible: Vec<&'a Agent>,
    pub qa: Vec<&'a QaRow>,
    /// QA rows summed per project and day: (checked, errors).
    pub qa_days: BTreeMap<(&'a str, NaiveDate), (u64, u64)>,
    pub events: Vec<&'a PartnerEvent>,
    pub tasks: Vec<&'a Task>,
    pub reviews: Vec<&'a Review>,
    pub adjustments: Vec<&'a Adjustment>,
    /// Project-days (rows summed) whose rate is above `item8.daily_limit`, with that rate.
    pub unstable_days: BTreeMap<(&'a str, NaiveDate), f64>,
    /// The item-10 average of the reviews; `None` without reviews.
    pub review_average: Option<Average>,
    /// The premise rule's failed conditions (items 4 and 6); empty when it holds.
    pub premise_failures: Vec<Text>,
    pub sums: Sums,
    pub metrics: Metrics,
}

/// Sums behind the metrics, shown in the reasons.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sums {
    pub eligible_successes: u64,
    pub eligible_revenue: f64,
    /// attended + ot_attended over eligible agents (the efficiency's denominator).
    pub eligible_days: f64,
    pub ot_hours: f64,
    /// attended + ot_attended over the PM's agents.
    pub attended: f64,
    /// scheduled + ot_scheduled over the PM's agents.
    pub scheduled: f64,
    /// Each project × each day of the month.
    pub project_days: usize,
}

/// The highest value of one measure among all PMs, and whose it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Best {
    pub value: f64,
    pub pm_id: String,
}

/// Month-wide values.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthFacts {
    pub month: Month,
    pub volume: Option<Best>,
    pub successes_per_capita: Option<Best>,
    pub revenue_per_capita: Option<Best>,
    pub ot_hours_per_capita: Option<Best>,
    pub staff: Option<Best>,
    pub seats: Option<Best>,
    /// Σ successes / Σ (attended + ot_attended) over all eligible agents.
    pub centre_efficiency: Option<f64>,
}

/// Groups the rows by PM once and measures every PM, in pm_id order.
pub fn measure<'a>(tables: &'a Tables, month: Month, rules: &Rules) -> (Vec<PmFacts<'a>>, MonthFacts) {
    let mut managers: Vec<&Manager> = tables.managers.iter().collect();
    managers.sort_by(|a, b| a.pm_id.cmp(&b.pm_id));
    let pm_index: HashMap<&str, usize> = managers.iter().enumerate().map(|(i, m)| (m.pm_id.as_str(), i)).collect();
    let mut pms: Vec<PmFacts> = managers.iter().map(|m| empty(m)).collect();

    let mut project_pm: HashMap<&str, usize> = HashMap::new();
    for p in &tables.projects {
        if let Some(&i) = pm_index.get(p.pm_id.as_str()) {
            project_pm.insert(p.project_id.as_str(), i);
            pms[i].projects.push(p);
        }
    }
    let (d0, d1) = (month.first_day(), month.last_day());
    for a in &tables.agents {
        let present = a.hire_date <= d1 && a.leave_date.is_none_or(|l| l >= d0);
        if let (true, Some(&i)) = (present, project_pm.get(a.project_id.as_str())) {
            pms[i].agents.push(a);
        }
    }
    for q in &tables.qa {
        if let (true, Some(&i)) = (month.contains(q.date), project_pm.get(q.project_id.as_str())) {
            pms[i].qa.push(q);
        }
    }
    for e in &tables.events {
        if let Some(&i) = project_pm.get(e.project_id.as_str()) {
            pms[i].events.push(e);
        }
    }
    for t in &tables.tasks {
        if let Some(&i) = pm_index.get(t.pm_id.as_str()) {
            pms[i].tasks.push(t);
        }
    }
    for r in &tables.reviews {
        if let Some(&i) = pm_index.get(r.pm_id.as_str()) {
            pms[i].reviews.push(r);
        }
    }
    for a in &tables.adjustments {
        if let Some(&i) = pm_index.get(a.pm_id.as_str()) {
            pms[i].adjustments.push(a);
        }
    }
    for pm in &mut pms {
        fill(pm, month, rules);
    }
    // The premise compares each PM with the whole centre, so the metrics wait for every PM's sums.
    let successes: u64 = pms.iter().map(|p| p.sums.eligible_successes).sum();
    let days: f64 = pms.iter().map(|p| p.sums.eligible_days).sum();
    let centre_efficiency = ratio(successes as f64, days);
    for pm in &mut pms {
        pm.metrics = metrics(pm, month, centre_efficiency, rules);
    }
    let facts = month_facts(&pms, month, centre_efficiency);
    (pms, facts)
}

fn empty<'a>(manager: &'a Manager) -> PmFacts<'a> {
    PmFacts {
        manager,
        projects: Vec::new(),
        agents: Vec::new(),
        eligible: Vec::new(),
        qa: Vec::new(),
        qa_days: BTreeMap::new(),
        events: Vec::new(),
        tasks: Vec::new(),
        reviews: Vec::new(),
        adjustments: Vec::new(),
        unstable_days: BTreeMap::new(),
        review_average: None,
        premise_failures: Vec::new(),
        sums: Sums::default(),
        metrics: Metrics::default(),
    }
}

/// Tenure at `day` in days.
fn tenure(agent: &Agent, day: NaiveDate) -> i64 {
    (day - agent.hire_date).num_days()
}

fn ratio(num: f64, den: f64) -> Option<f64> {
    (den > 0.0).then(|| num / den)
}

fn fill(pm: &mut PmFacts, month: Month, rules: &Rules) {
    let d1 = month.last_day();
    let new_days = i64::from(rules.new_employee_days);
    pm.projects.sort_by(|a, b| a.project_id.cmp(&b.project_id));
    pm.eligible = pm.agents.iter().copied().filter(|a| tenure(a, d1) >= new_days).collect();
    for q in &pm.qa {
        let e = pm.qa_days.entry((q.project_id.as_str(), q.date)).or_default();
        e.0 += q.checked;
        e.1 += q.errors;
    }
    let s = &mut pm.sums;
    s.eligible_successes = pm.eligible.iter().map(|a| a.successes).sum();
    s.eligible_revenue = pm.eligible.iter().map(|a| a.revenue).sum();
    s.eligible_days = pm.eligible.iter().map(|a| a.attended_days + a.ot_attended_days).sum();
    s.ot_hours = pm.agents.iter().map(|a| a.ot_hours).sum();
    s.attended = pm.agents.iter().map(|a| a.attended_days + a.ot_attended_days).sum();
    s.scheduled = pm.agents.iter().map(|a| a.scheduled_days + a.ot_scheduled_days).sum();
    s.project_days = pm.projects.len() * month.days() as usize;
    pm.unstable_days = pm
        .qa_days
        .iter()
        .filter_map(|(&day, &(c, e))| {
            ratio(e as f64, c as f64).filter(|&r| r > rules.item8.daily_limit).map(|r| (day, r))
        })
        .collect();
    pm.review_average = average(&pm.reviews, rules);
}

/// The PM's measured values; `centre_efficiency` for the premise rule.
fn metrics(pm: &mut PmFacts, month: Month, centre_efficiency: Option<f64>, rules: &Rules) -> Metrics {
    let d1 = month.last_day();
    let new_days = i64::from(rules.new_employee_days);
    let s = pm.sums.clone();
    let pool: Vec<&Agent> =
        pm.agents.iter().copied().filter(|a| tenure(a, a.leave_date.map_or(d1, |l| l.min(d1))) >= new_days).collect();
    let leavers = pool.iter().filter(|a| a.leave_date.is_some_and(|l| l <= d1)).count();
    let days_with_qa: BTreeSet<(&str, NaiveDate)> = pm.qa_days.keys().copied().collect();
    let n_eligible = pm.eligible.len() as f64;
    let revenue: f64 = pm.agents.iter().map(|a| a.revenue).sum();
    let lost_volume: f64 = pm.events.iter().map(|e| e.lost_volume).sum();
    let plan: f64 = pm.projects.iter().map(|p| p.plan).sum();
    let dialed: u64 = pm.agents.iter().map(|a| a.dialed).sum();
    let connected: u64 = pm.agents.iter().map(|a| a.connected).sum();
    let successes: u64 = pm.agents.iter().map(|a| a.successes).sum();
    let qa_checked: u64 = pm.qa.iter().map(|q| q.checked).sum();
    let qa_errors: u64 = pm.qa.iter().map(|q| q.errors).sum();
    let volume = revenue - lost_volume;
    let stability = Stability {
        qa_rate: ratio(qa_errors as f64, qa_checked as f64),
        attendance: ratio(s.attended, s.scheduled),
        efficiency: ratio(s.eligible_successes as f64, s.eligible_days),
        centre_efficiency,
    };
    pm.premise_failures = premise::failures(&stability, rules);
    Metrics {
        volume,
        revenue,
        lost_volume,
        plan,
        completion: ratio(volume, plan),
        agents: pm.agents.len(),
        eligible_agents: pm.eligible.len(),
        successes_per_capita: ratio(s.eligible_successes as f64, n_eligible),
        revenue_per_capita: ratio(s.eligible_revenue, n_eligible),
        connection_rate: ratio(connected as f64, dialed as f64),
        connect_subscription_rate: ratio(successes as f64, connected as f64),
        ot_hours_per_capita: ratio(s.ot_hours, pm.agents.len() as f64),
        attendance: stability.attendance,
        attrition: ratio(leavers as f64, pool.len() as f64).unwrap_or(0.0),
        attrition_pool: pool.len(),
        leavers,
        staff: pm.agents.iter().filter(|a| a.leave_date.is_none_or(|l| l > d1)).count(),
        seats: pm.projects.iter().map(|p| p.seats).sum(),
        projects: pm.projects.len(),
        qa_checked,
        qa_errors,
        qa_rate: stability.qa_rate,
        unstable_days: pm.unstable_days.len(),
        missing_days: s.project_days.saturating_sub(days_with_qa.len()),
        tasks_late: pm.tasks.iter().filter(|t| t.status == crate::model::TaskStatus::Late).count(),
        tasks_not_done: pm.tasks.iter().filter(|t| t.status == crate::model::TaskStatus::NotDone).count(),
        review_average: pm.review_average.map(|t| t.average),
        review_count: pm.reviews.len(),
        efficiency: stability.efficiency,
        premise_held: pm.premise_failures.is_empty(),
    }
}

/// The (trimmed) average and what was dropped.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Average {
    pub average: f64,
    /// (highest, lowest) dropped, when trimmed.
    pub dropped: Option<(f64, f64)>,
    /// Reviews averaged.
    pub used: usize,
}

/// `None` without reviews. Trimming needs at least 3 reviews, whatever `trim_from` says,
/// so that one is left.
fn average(reviews: &[&Review], rules: &Rules) -> Option<Average> {
    let mut scores: Vec<f64> = reviews.iter().map(|r| r.score).collect();
    if scores.is_empty() {
        return None;
    }
    scores.sort_by(f64::total_cmp);
    let n = scores.len();
    if n >= rules.item10.trim_from as usize && n >= 3 {
        let kept = &scores[1..n - 1];
        let average = kept.iter().sum::<f64>() / kept.len() as f64;
        Some(Average { average, dropped: Some((scores[n - 1], scores[0])), used: kept.len() })
    } else {
        Some(Average { average: scores.iter().sum::<f64>() / n as f64, dropped: None, used: n })
    }
}

fn best<'p>(pms: &[PmFacts<'p>], value: impl Fn(&PmFacts<'p>) -> Option<f64>) -> Option<Best> {
    let mut best: Option<Best> = None;
    for pm in pms {
        if let Some(v) = value(pm) {
            let v = v.max(0.0);
            if best.as_ref().is_none_or(|b| v > b.value) {
                best = Some(Best { value: v, pm_id: pm.manager.pm_id.clone() });
            }
        }
    }
    best
}

fn month_facts(pms: &[PmFacts], month: Month, centre_efficiency: Option<f64>) -> MonthFacts {
    MonthFacts {
        month,
        volume: best(pms, |p| Some(p.metrics.volume)),
        successes_per_capita: best(pms, |p| p.metrics.successes_per_capita),
        revenue_per_capita: best(pms, |p| p.metrics.revenue_per_capita),
        ot_hours_per_capita: best(pms, |p| p.metrics.ot_hours_per_capita),
        staff: best(pms, |p| Some(p.metrics.staff as f64)),
        seats: best(pms, |p| Some(p.metrics.seats as f64)),
        centre_efficiency,
    }
}
