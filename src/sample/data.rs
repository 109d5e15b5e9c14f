//! The synthetic month as plain rows, generated from a seed; written out by `write`.
//!
//! Every value is made to pass the checks of SPEC §3 with no error: connected ≤
//! dialed, successes ≤ connected, attended ≤ scheduled, errors ≤ checked, every
//! reference resolves, QA and event dates fall inside the month.

use chrono::{Datelike, NaiveDate, Weekday};

use super::SampleSpec;
use super::prng::Rng;
use crate::model::Month;

pub struct Pm {
    pub id: String,
    pub name: String,
    pub bonus_base: u32,
}

pub struct Project {
    pub id: String,
    pub name: String,
    pub pm: usize,
    /// 计划业务量 in whole yuan, > 0.
    pub plan: u64,
    pub seats: u64,
    pub region: &'static str,
    pub partner: &'static str,
}

pub struct Agent {
    pub id: String,
    pub name: String,
    pub project: usize,
    pub hire: NaiveDate,
    pub leave: Option<NaiveDate>,
    /// Days in halves, so sums are exact.
    pub scheduled: f64,
    pub attended: f64,
    pub ot_scheduled: f64,
    pub ot_attended: f64,
    pub ot_hours: f64,
    pub dialed: u64,
    pub connected: u64,
    pub successes: u64,
    /// 营业收入 in fen (0.01 yuan), so sums are exact.
    pub revenue_cents: u64,
}

pub struct QaRow {
    pub date: NaiveDate,
    pub project: usize,
    pub checked: u64,
    pub errors: u64,
}

pub struct Event {
    pub project: usize,
    /// 终止/暂停/处罚/投诉.
    pub kind: &'static str,
    pub date: NaiveDate,
    pub lost: u64,
    /// `None`: left blank (= no).
    pub severe: Option<bool>,
    pub description: &'static str,
}

pub struct Task {
    pub pm: usize,
    pub task: &'static str,
    /// 按时完成/延期完成/未完成.
    pub status: &'static str,
}

pub struct Review {
    pub pm: usize,
    pub reviewer: &'static str,
    pub dept: &'static str,
    pub score: f64,
}

pub struct Adjustment {
    pub pm: usize,
    pub item: u8,
    pub points: f64,
    pub reason: &'static str,
}

pub struct SampleMonth {
    pub month: Month,
    pub pms: Vec<Pm>,
    pub projects: Vec<Project>,
    /// In project order, so one project's agents are consecutive (merged cells).
    pub agents: Vec<Agent>,
    /// By date, then project.
    pub qa: Vec<QaRow>,
    pub events: Vec<Event>,
    pub tasks: Vec<Task>,
    pub reviews: Vec<Review>,
    pub adjustments: Vec<Adjustment>,
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗",
    "高", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "潘", "袁", "蔡",
    "蒋", "余", "欧阳",
];
const GIVEN_ONE: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "霞", "平",
    "刚", "婷", "雪", "慧", "颖", "晨", "欣", "宇", "浩", "佳", "琳", "凯", "鹏", "晓", "梅", "红", "华",
];
const GIVEN_TWO: &[&str] =
    &["秀英", "桂英", "建国", "志强", "海燕", "子涵", "思琪", "嘉怡", "俊杰", "梓轩", "雨桐", "一鸣", "欣怡", "浩然"];
const PARTNERS: &[&str] = &["中国移动", "中国联通", "中国电信", "招商银行", "平安保险", "广发银行", "京东", "美团"];
const PRODUCTS: &[&str] =
    &["流量包推广", "宽带续约", "5G套餐升级", "信用卡分期", "保险续保", "会员回访", "积分兑换", "视频彩铃"];
const REGIONS: &[&str] = &["广州", "深圳", "佛山", "东莞", "珠海", "中山", "惠州"];
const TASKS: &[&str] = &[
    "提交月度质检整改报告",
    "组织新员工上岗培训",
    "完成客户投诉回访",
    "整理外呼话术更新",
    "配合合作方季度审计",
    "上报节假日排班计划",
    "完成座席满意度调查",
    "更新项目操作手册",
];
const REVIEWERS_VALUE_ADDED: &[&str] = &["周敏", "吴海燕", "郑伟", "孙丽", "马俊杰"];
const REVIEWERS_MARKET: &[&str] = &["陈晓", "林佳", "黄志强", "何雪", "罗宇"];

/// The month every sample is set in.
pub fn sample_month() -> Month {
    Month::new(2026, 11).expect("a valid month")
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

fn name(rng: &mut Rng) -> String {
    let mut s = String::from(rng.pick(SURNAMES));
    match rng.range(0, 9) {
        0..=3 => s.push_str(rng.pick(GIVEN_TWO)),
        4..=6 => s.push_str(rng.pick(GIVEN_ONE)),
        _ => {
            s.push_str(rng.pick(GIVEN_ONE));
            s.push_str(rng.pick(GIVEN_ONE));
        }
    }
    s
}

/// Ids padded to the width the count needs, at least `min` digits.
fn id(prefix: &str, n: usize, count: usize, min: usize) -> String {
    let width = count.to_string().len().max(min);
    format!("{prefix}{n:0width$}")
}

/// Mondays to Fridays from `from` to `to`, both included.
fn weekdays(from: NaiveDate, to: NaiveDate) -> u32 {
    from.iter_days().take_while(|d| *d <= to).filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)).count()
        as u32
}

/// Staff per PM: the method's norm is 40–60. Most PMs get the average share;
/// one is put outside the norm (a warning, not an error) when the sizes allow.
fn staff_per_pm(rng: &mut Rng, pms: usize, agents: usize) -> Vec<usize> {
    if pms == 0 {
        return Vec::new();
    }
    let avg = agents as f64 / pms as f64;
    let mut counts = vec![0usize; pms];
    let mut rest = agents;
    let mut outlier = None;
    if pms >= 5 && (38.0..=62.0).contains(&avg) {
        let size = if avg < 50.0 { 35 } else { 65 };
        let others = (agents - size) as f64 / (pms - 1) as f64;
        if (41.0..=59.0).contains(&others) {
            let at = rng.index(pms);
            counts[at] = size;
            rest -= size;
            outlier = Some(at);
        }
    }
    let others: Vec<usize> = (0..pms).filter(|&i| Some(i) != outlier).collect();
    let base = rest / others.len();
    let mut extra = rest % others.len();
    for &i in &others {
        counts[i] = base + usize::from(extra > 0);
        extra = extra.saturating_sub(1);
    }
    // Jitter in pairs (the sum stays), keeping in-norm PMs at 42–58 so that a
    // couple of leavers do not take them under 40.
    let jitter = if (42..=58).contains(&base) { (base - 42).min(58 - base).min(8) } else { 0 };
    for pair in others.chunks(2) {
        if let [a, b] = *pair {
            let d = rng.range(0, jitter as u64) as usize;
            counts[a] += d;
            counts[b] -= d;
        }
    }
    counts
}

/// Splits `n` agents into `k` projects of at least one agent each.
fn split(rng: &mut Rng, n: usize, k: usize) -> Vec<usize> {
    let weights: Vec<f64> = (0..k).map(|_| rng.uniform(0.6, 1.4)).collect();
    let mut left = n;
    let mut left_weight: f64 = weights.iter().sum();
    let mut parts = Vec::with_capacity(k);
    for (j, w) in weights.iter().enumerate() {
        let still = k - 1 - j;
        let part =
            if still == 0 { left } else { ((left as f64 * w / left_weight).round() as usize).clamp(1, left - still) };
        parts.push(part);
        left -= part;
        left_weight -= w;
    }
    parts
}

pub fn generate(spec: SampleSpec) -> SampleMonth {
    let mut rng = Rng::new(spec.seed);
    let month = sample_month();
    let (d0, d1) = (month.first_day(), month.last_day());

    let pms: Vec<Pm> = (0..spec.pms)
        .map(|i| Pm {
            id: id("P", i + 1, spec.pms, 2),
            name: name(&mut rng),
            bonus_base: 3000 + 500 * rng.range(0, 6) as u32,
        })
        .collect();

    // Projects and agents, PM by PM.
    let staff = staff_per_pm(&mut rng, spec.pms, spec.agents);
    let mut projects = Vec::new();
    let mut agents: Vec<Agent> = Vec::with_capacity(spec.agents);
    let mut plan_inputs = Vec::new(); // (project, completion) to set plans once revenue is known
    for (pm, &n) in staff.iter().enumerate() {
        if n == 0 {
            continue;
        }
        let k = (rng.range(2, 4) as usize).min(n);
        // Mostly 85–110% of plan; quality and efficiency vary by PM.
        let completion = rng.uniform(0.86, 1.10);
        let pm_skill = rng.uniform(0.85, 1.15);
        // Leavers keep an in-norm PM at 40 or more staff at month end.
        let mut leavers_left = if (40..=60).contains(&n) { (n - 40).min(3) } else { n / 20 };
        for size in split(&mut rng, n, k) {
            let p = projects.len();
            let partner = rng.pick(PARTNERS);
            projects.push(Project {
                id: String::new(),
                name: format!("{partner}{}", rng.pick(PRODUCTS)),
                pm,
                plan: 0,
                seats: (size as u64 + rng.range(0, 4)).saturating_sub(1).max(1),
                region: rng.pick(REGIONS),
                partner,
            });
            plan_inputs.push((p, completion));
            let price_cents = 2000 + 50 * rng.range(0, 80); // 20–60 元 per success
            let connect_rate = rng.uniform(0.32, 0.58);
            let success_rate = rng.uniform(0.02, 0.055) * pm_skill;
            for _ in 0..size {
                let hire = if rng.chance(0.04) {
                    // New: hired in the month, not yet assessed (新员工上岗30天内不考评).
                    date(2026, 11, rng.range(2, 24) as u32)
                } else if rng.chance(0.05) {
                    date(2026, 10, rng.range(1, 31) as u32)
                } else {
                    // 2021-01-04 .. 2026-09-30
                    date(2021, 1, 4) + chrono::Days::new(rng.range(0, 2095))
                };
                let leave = (leavers_left > 0 && hire < date(2026, 10, 1) && rng.chance(0.03)).then(|| {
                    leavers_left -= 1;
                    date(2026, 11, rng.range(3, 27) as u32)
                });
                let from = hire.max(d0);
                let to = leave.unwrap_or(d1);
                let scheduled = f64::from(weekdays(from, to));
                let absent_halves = match rng.range(0, 99) {
                    0..=39 => 0,
                    40..=69 => 1,
                    70..=87 => 2,
                    88..=96 => 3,
                    _ => 4,
                };
                let attended = (scheduled - 0.5 * absent_halves as f64).max(0.0);
                let ot_scheduled = if leave.is_some() || rng.chance(0.3) { 0.0 } else { rng.range(1, 4) as f64 };
                let ot_attended = (ot_scheduled - if rng.chance(0.2) { 1.0 } else { 0.0 }).max(0.0);
                let ot_hours = (ot_attended * rng.range(6, 16) as f64 * 0.5).min(30.0);
                let per_day = rng.range(120, 220) as f64;
                let dialed = ((attended + ot_attended) * per_day).floor() as u64;
                let connected = (dialed as f64 * (connect_rate + rng.uniform(-0.02, 0.02))).floor() as u64;
                let successes = (connected as f64 * success_rate * rng.uniform(0.8, 1.2)).floor() as u64;
                agents.push(Agent {
                    id: String::new(),
                    name: name(&mut rng),
                    project: p,
                    hire,
                    leave,
                    scheduled,
                    attended,
                    ot_scheduled,
                    ot_attended,
                    ot_hours,
                    dialed,
                    connected: connected.min(dialed),
                    successes: successes.min(connected),
                    revenue_cents: successes * price_cents,
                });
            }
        }
    }
    let project_count = projects.len();
    for (i, p) in projects.iter_mut().enumerate() {
        p.id = id("XM", i + 1, project_count, 3);
    }
    let agent_count = agents.len();
    let mut revenue = vec![0u64; project_count];
    for (i, a) in agents.iter_mut().enumerate() {
        a.id = id("A", i + 1, agent_count, 4);
        revenue[a.project] += a.revenue_cents;
    }
    for (p, completion) in plan_inputs {
        // Whole hundreds of yuan, as a plan is set.
        let yuan = revenue[p] as f64 / 100.0 / completion;
        projects[p].plan = ((yuan / 100.0).ceil() as u64).max(10) * 100;
    }

    let qa = qa_rows(&mut rng, month, project_count);
    let events = partner_events(&mut rng, &projects, &revenue);
    let tasks = tasks(&mut rng, spec.pms);
    let reviews = reviews(&mut rng, spec.pms);
    let adjustments = if spec.pms == 0 {
        Vec::new()
    } else {
        let a = rng.index(spec.pms);
        let b = (a + 1 + rng.index(spec.pms.max(2) - 1)) % spec.pms;
        vec![
            Adjustment {
                pm: a, item: 3, points: 2.0, reason: "抽查发现3名座席成功订制量重复登记，数据不实"
            },
            Adjustment { pm: b, item: 6, points: 1.0, reason: "上报座席数与排班表不符" },
        ]
    };
    SampleMonth { month, pms, projects, agents, qa, events, tasks, reviews, adjustments }
}

/// QA every day for every project (error rates 0.3–4%), except a couple of
/// project-days with no check, a few unstable days (above 3%), and a couple of
/// days checked in two rows.
fn qa_rows(rng: &mut Rng, month: Month, projects: usize) -> Vec<QaRow> {
    let days = month.days() as usize;
    let cells = projects * days;
    let pick = |rng: &mut Rng, n: usize| -> Vec<usize> {
        let mut v: Vec<usize> = (0..n.min(cells)).map(|_| rng.index(cells.max(1))).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let missing = pick(rng, 2 + projects / 50);
    let unstable = pick(rng, 3 + projects / 20);
    let split_days = pick(rng, 2);
    let rates: Vec<f64> = (0..projects).map(|_| rng.uniform(0.003, 0.022)).collect();
    let mut rows = Vec::with_capacity(cells + 2);
    for day in 0..days {
        let date = month.first_day() + chrono::Days::new(day as u64);
        for (p, rate) in rates.iter().enumerate() {
            let cell = p * days + day;
            if missing.binary_search(&cell).is_ok() {
                continue;
            }
            let (checked, errors) = if unstable.binary_search(&cell).is_ok() {
                // 4 of 100–114: 3.5–4.0%.
                (rng.range(100, 114), 4)
            } else {
                let checked = rng.range(40, 80);
                let expected = checked as f64 * rate * rng.uniform(0.5, 1.5);
                let errors = ((expected + rng.unit()).floor() as u64).min(checked * 3 / 100);
                (checked, errors)
            };
            if split_days.binary_search(&cell).is_ok() && missing.binary_search(&cell).is_err() {
                let first = checked / 2;
                let first_errors = errors.min(first) / 2;
                rows.push(QaRow { date, project: p, checked: first, errors: first_errors });
                rows.push(QaRow { date, project: p, checked: checked - first, errors: errors - first_errors });
            } else {
                rows.push(QaRow { date, project: p, checked, errors });
            }
        }
    }
    rows
}

/// Exactly one suspension (暂停), a penalty (处罚) and complaints (投诉), more of
/// the latter two in big months; no termination.
fn partner_events(rng: &mut Rng, projects: &[Project], revenue_cents: &[u64]) -> Vec<Event> {
    if projects.is_empty() {
        return Vec::new();
    }
    let mut chosen: Vec<usize> = Vec::new();
    let n = (4 + projects.len() / 30).min(projects.len());
    while chosen.len() < n {
        let p = rng.index(projects.len());
        if !chosen.contains(&p) {
            chosen.push(p);
        }
    }
    let day = |rng: &mut Rng| date(2026, 11, rng.range(2, 28) as u32);
    chosen
        .into_iter()
        .enumerate()
        .map(|(i, project)| {
            let yuan = revenue_cents[project] / 100;
            match i {
                0 => Event {
                    project,
                    kind: "暂停",
                    date: day(rng),
                    lost: (yuan / 10 / 100 * 100).max(500),
                    severe: Some(false),
                    description: "投诉率上升，合作方暂停外呼3天整改",
                },
                i if i % 3 == 1 => Event {
                    project,
                    kind: "处罚",
                    date: day(rng),
                    lost: (rng.range(20, 50) * 100).min(yuan / 2),
                    severe: None,
                    description: "录音抽查不合规，合作方按协议罚款",
                },
                _ => Event {
                    project,
                    kind: "投诉",
                    date: day(rng),
                    lost: 0,
                    severe: if rng.chance(0.5) { Some(false) } else { None },
                    description: "客户投诉座席重复拨打",
                },
            }
        })
        .collect()
}

/// One to three tasks per PM, mostly on time, some late or not done; a PM's tasks
/// are different tasks (the same task twice would be a row pasted twice).
fn tasks(rng: &mut Rng, pms: usize) -> Vec<Task> {
    let mut out: Vec<Task> = Vec::new();
    for pm in 0..pms {
        let first = out.len();
        for _ in 0..rng.range(1, 3) {
            let status = match rng.range(0, 99) {
                0..=79 => "按时完成",
                80..=93 => "延期完成",
                _ => "未完成",
            };
            // The next task in the list when this one is the PM's already: the same
            // draws as before, so the rest of the month stays as it was.
            let mut at = TASKS.iter().position(|t| *t == rng.pick(TASKS)).unwrap_or(0);
            while out[first..].iter().any(|t| t.task == TASKS[at]) {
                at = (at + 1) % TASKS.len();
            }
            out.push(Task { pm, task: TASKS[at], status });
        }
    }
    // At least one late and one not done in any month with a few PMs.
    if pms >= 3 {
        for (at, status) in [(0, "延期完成"), (out.len() - 1, "未完成")] {
            if !out.iter().any(|t| t.status == status) {
                out[at].status = status;
            }
        }
    }
    out
}

/// Four to seven reviews per PM from both departments, scores 70–98.
fn reviews(rng: &mut Rng, pms: usize) -> Vec<Review> {
    let mut out = Vec::new();
    for pm in 0..pms {
        let level = rng.uniform(78.0, 92.0);
        let n = rng.range(4, 7) as usize;
        // Reviewers without repeats: a rotation over both departments' staff.
        let start = rng.index(REVIEWERS_VALUE_ADDED.len() + REVIEWERS_MARKET.len());
        for j in 0..n {
            let k = (start + j) % (REVIEWERS_VALUE_ADDED.len() + REVIEWERS_MARKET.len());
            let (reviewer, dept) = match REVIEWERS_VALUE_ADDED.get(k) {
                Some(r) => (*r, "增值部"),
                None => (REVIEWERS_MARKET[k - REVIEWERS_VALUE_ADDED.len()], "市场部"),
            };
            let score = ((level + rng.uniform(-6.0, 6.0)) * 2.0).round() / 2.0;
            out.push(Review { pm, reviewer, dept, score: score.clamp(70.0, 98.0) });
        }
    }
    out
}
