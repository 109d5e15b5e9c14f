//! The premise rule of items 4 and 6: "higher is better on the premise that quality,
//! attendance and efficiency are stable". Where it fails, the item keeps at most
//! `premise.cap` of its max.

use super::show;
use crate::outcome::{Deduction, Points};
use crate::rules::Rules;
use crate::t;
use crate::text::Text;
use crate::text::num::fixed;

/// What the premise looks at: the PM's QA rate (8a), attendance (5a) and efficiency,
/// and the centre's efficiency.
pub struct Stability {
    pub qa_rate: Option<f64>,
    pub attendance: Option<f64>,
    pub efficiency: Option<f64>,
    pub centre_efficiency: Option<f64>,
}

/// The failed conditions, each with its value and limit; empty when the premise holds.
pub fn failures(m: &Stability, rules: &Rules) -> Vec<Text> {
    let p = &rules.premise;
    let mut failed = Vec::new();
    match m.qa_rate {
        None => failed.push(t!("无抽检记录", "no QA checks")),
        Some(r) if r > p.max_error_rate => {
            let (r, l) = (show::pct(r), show::limit(p.max_error_rate));
            failed.push(t!("抽检错误率 {r} > {l}", "QA error rate {r} > {l}"));
        }
        Some(_) => {}
    }
    match m.attendance {
        None => failed.push(t!("无应出勤天数，出勤率无法计算", "no scheduled days, so no attendance")),
        Some(a) if a < p.min_attendance => {
            let (a, l) = (show::pct(a), show::limit(p.min_attendance));
            failed.push(t!("出勤率 {a} < {l}", "attendance {a} < {l}"));
        }
        Some(_) => {}
    }
    let centre = m.centre_efficiency.unwrap_or(0.0);
    let limit = p.min_efficiency_ratio * centre;
    match m.efficiency {
        None => failed
            .push(t!("无可考评座席的出勤天数，效率无法计算", "no attended days of eligible agents, so no efficiency")),
        Some(e) if e < limit => {
            let (e, r, c, l) = (fixed(e, 3), p.min_efficiency_ratio, fixed(centre, 3), fixed(limit, 3));
            failed.push(t!(
                "效率（成功订制量/出勤天数）{e} < {r} × 中心 {c} = {l}",
                "efficiency (successes per attended day) {e} < {r} × centre {c} = {l}"
            ));
        }
        Some(_) => {}
    }
    failed
}

/// The extra deduction that leaves the item at most `cap × max` when the premise
/// failed and the rule deductions (adjustments aside) took less than `(1 − cap) × max`.
pub fn make_up(
    item: u8,
    max: f64,
    rule: &[Option<Deduction>],
    failed: &[Text],
    rules: &Rules,
    source: String,
) -> Option<Deduction> {
    if failed.is_empty() {
        return None;
    }
    let cap = rules.premise.cap;
    let target = Points::round((1.0 - cap) * max);
    let taken: Points = rule.iter().flatten().map(|d| d.points).sum();
    if taken >= target {
        return None;
    }
    let keep = Points::round(cap * max);
    let extra = target - taken;
    let zh: Vec<&str> = failed.iter().map(|f| &*f.zh).collect();
    let en: Vec<&str> = failed.iter().map(|f| &*f.en).collect();
    let (zh, en, c) = (zh.join("；"), en.join("; "), show::limit(cap));
    Some(Deduction {
        item,
        part: None,
        points: extra,
        reason: t!(
            "前提条件不成立（{zh}）：本项最多得 {c} × {max:.2} = {keep}，规则已扣 {taken}，补扣 {target} − {taken} = {extra}",
            "premise failed ({en}): the item keeps at most {c} × {max:.2} = {keep}; rules took {taken}, so {target} − {taken} = {extra} more"
        ),
        source,
        manual: false,
    })
}
