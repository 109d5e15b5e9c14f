//! Item 8 日常抽检分类错误率 — QA error rate (max 15).
//!
//! **What it measures**: the daily QA spot checks of the PM's projects. 8a the
//! month's rate = Σ errors / Σ checked; 8b stability: project-days (rows summed per
//! project and day) whose rate is above `item8.daily_limit`; 8c completeness:
//! project-days of the month (each project × each day) with no QA row.
//!
//! **The rule**: 8a (10): `rate_per_point` (2.0) per percentage point above
//! `rate_limit` (1%), no checks: all 10; 8b (3): `unstable_day` (0.5) per unstable
//! project-day; 8c (2): `missing_day` (0.2) per missing project-day.
//!
//! **Example**: 45 errors in 3,000 checks = 1.50%: 0.50 points × 2 = 1.00; one day at
//! 5% (0.50); 2 missing project-days (0.40); item 8 scores 13.10.

use super::common::{Draft, PerPoint, all_lost, finish_item};
use super::facts::{MonthFacts, PmFacts};
use super::item::{Item, Metric, Part, Value, rate, rule_pct};
use super::show;
use crate::outcome::{ItemScore, Metrics};
use crate::rules::Rules;
use crate::t;
use crate::text::Text;
use crate::text::num;

pub const MAX: f64 = 15.0;
const RATE: Part = Part { name: "8a", max: 10.0 };
const STABILITY: Part = Part { name: "8b", max: 3.0 };
const COMPLETENESS: Part = Part { name: "8c", max: 2.0 };

pub const ITEM: Item = Item {
    number: 8,
    max: MAX,
    parts: &[RATE, STABILITY, COMPLETENESS],
    name: Text::of("日常抽检分类错误率", "QA error rate"),
    score,
    method,
    key_metrics,
    metrics: &[
        Metric::new("抽检数", "QA checked", Value::Int(|m| m.qa_checked)),
        Metric::new("错误数", "QA errors", Value::Int(|m| m.qa_errors)),
        Metric::new("抽检错误率", "QA error rate", Value::Rate(|m| m.qa_rate)),
        Metric::new("不稳定项目日", "Unstable days", Value::Int(|m| m.unstable_days as u64)),
        Metric::new("缺检项目日", "Missing days", Value::Int(|m| m.missing_days as u64)),
    ],
};

fn method(r: &Rules) -> Text {
    let r = &r.item8;
    let (rl, rp, dl) = (rule_pct(r.rate_limit), num::plain(r.rate_per_point), rule_pct(r.daily_limit));
    let (ud, md) = (num::plain(r.unstable_day), num::plain(r.missing_day));
    let (a, b, c) = (num::plain(RATE.max), num::plain(STABILITY.max), num::plain(COMPLETENESS.max));
    t!(
        "8a 错误率高于{rl}每个百分点扣{rp}分（{a}分）；8b 单日错误率高于{dl}每项目日扣{ud}分（{b}分）；8c 缺检每项目日扣{md}分（{c}分）。",
        "8a {rp} per point of error rate above {rl} ({a}); 8b {ud} per project-day above {dl} ({b}); 8c {md} per project-day without checks ({c})."
    )
}

fn key_metrics(m: &Metrics) -> Text {
    let (r, e, c, u, n) = (rate(m.qa_rate), m.qa_errors, m.qa_checked, m.unstable_days, m.missing_days);
    t!(
        "错误率 {r} ({e}/{c})\n不稳定 {u} 项目日\n缺检 {n} 项目日",
        "error rate {r} ({e}/{c})\nunstable {u} project-days\nmissing {n} project-days"
    )
}
/// Unstable days named in a reason before `…`.
const LISTED: usize = 5;

pub fn score(pm: &PmFacts, month: &MonthFacts, rules: &Rules) -> ItemScore {
    let r = &rules.item8;
    let m = &pm.metrics;
    let qa_src = show::source(pm.qa.iter().map(|q| &q.origin));
    let a = match m.qa_rate {
        None => all_lost(ITEM.number, Some(RATE.name), RATE.max, t!("无抽检记录（抽检数为0）", "no QA checks"), qa_src),
        Some(rate) => {
            let (e, c, rs) = (num::count(m.qa_errors), num::count(m.qa_checked), show::pct(rate));
            PerPoint {
                item: ITEM.number,
                part: Some(RATE.name),
                max: RATE.max,
                share: rate,
                limit: r.rate_limit,
                below: false,
                per_point: r.rate_per_point,
                measured: t!("错误 {e} / 抽检 {c} = 错误率 {rs}", "{e} errors in {c} checks = {rs}"),
                source: qa_src,
            }
            .finish()
        }
    };

    let unstable: Vec<String> = pm
        .unstable_days
        .iter()
        .map(|((p, day), rate)| format!("{p} {} {}", day.format("%m-%d"), show::pct(*rate)))
        .collect();
    let n = unstable.len();
    let mut listed = unstable.iter().take(LISTED).cloned().collect::<Vec<_>>().join(", ");
    if n > LISTED {
        listed.push_str(", …");
    }
    let unstable_rows = pm.qa.iter().filter(|q| pm.unstable_days.contains_key(&(q.project_id.as_str(), q.date)));
    let (lim, ud) = (show::limit(r.daily_limit), r.unstable_day);
    let b = Draft {
        item: ITEM.number,
        part: Some(STABILITY.name),
        max: STABILITY.max,
        amount: n as f64 * ud,
        arithmetic: t!(
            "日错误率高于{lim}的项目日 {n} 个（{listed}）× {ud}",
            "project-days above {lim}: {n} ({listed}) × {ud}"
        ),
        source: show::source(unstable_rows.map(|q| &q.origin)),
    }
    .finish();

    let (k, days, missing, md) = (pm.projects.len(), month.month.days(), m.missing_days, r.missing_day);
    let with_rows = pm.sums.project_days.saturating_sub(missing);
    let c = Draft {
        item: ITEM.number,
        part: Some(COMPLETENESS.name),
        max: COMPLETENESS.max,
        amount: missing as f64 * md,
        arithmetic: t!(
            "无抽检记录的项目日 {missing} 个（{k} 个项目 × {days} 天 − 有记录 {with_rows}）× {md}",
            "project-days with no QA row: {missing} ({k} × {days} project-days − {with_rows} with rows) × {md}"
        ),
        source: show::source(pm.projects.iter().map(|p| &p.origin)),
    }
    .finish();
    finish_item(ITEM.number, MAX, vec![a, b, c], pm)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Tables;
    use crate::outcome::Points;
    use crate::score::testkit::*;

    fn item(t: &Tables) -> ItemScore {
        first_pm_item(t, score)
    }

    #[test]
    fn rate_unstable_day_and_missing_days() {
        // 28 days × 100 checked (days 1–28; 29 and 30 missing) = 2,800, plus a second row on day 3
        // of 200 checked: 3,000 checks. Errors: day 3 has 5 + 10 = 15 of 300 = 5.00% > 3% (unstable);
        // day 4 has 30 of 100 (30%, unstable). Σ errors 45 = 1.50%: 0.50 × 2 = 1.00;
        // 8b: 2 × 0.5 = 1.00; 8c: 30 − 28 = 2 × 0.2 = 0.40. 15 − 2.40 = 12.60.
        let mut t = one_pm(1);
        t.qa.truncate(28);
        t.qa[2].errors = 5;
        t.qa[3].errors = 30;
        t.qa.push(qa(3, "X1", 200, 10));
        let s = item(&t);
        assert_eq!(s.score, Points(1260));
        let reasons: Vec<&str> = s.deductions.iter().map(|d| &*d.reason.en).collect();
        assert_eq!(
            reasons,
            [
                "45 errors in 3,000 checks = 1.50%, 0.50 points above 1% × 2 = 1.00",
                "project-days above 3%: 2 (X1 11-03 5.00%, X1 11-04 30.00%) × 0.5 = 1.00",
                "project-days with no QA row: 2 (1 × 30 project-days − 28 with rows) × 0.2 = 0.40",
            ]
        );
    }

    #[test]
    fn no_qa_rows_loses_the_rate_and_completeness() {
        // 8a: all 10; 8b: none; 8c: 30 missing × 0.2 = 6 → capped at 2. 15 − 12 = 3.00.
        let mut t = one_pm(1);
        t.qa.clear();
        let s = item(&t);
        assert_eq!(s.score, Points(300));
        assert_eq!(s.deductions[0].reason.en, "no QA checks: all 10.00 lost");
        assert!(s.deductions[1].reason.en.ends_with("= 6.00, capped at the max 2.00"));
    }

    #[test]
    fn high_rate_is_capped_at_ten() {
        // 100 errors in 100 × 30 rows... every day 10 of 100 = 10%: 9 points × 2 = 18 → 10;
        // 30 unstable days × 0.5 = 15 → 3; nothing missing. 15 − 13 = 2.00.
        let mut t = one_pm(1);
        t.qa.iter_mut().for_each(|q| q.errors = 10);
        assert_eq!(item(&t).score, Points(200));
    }
}
