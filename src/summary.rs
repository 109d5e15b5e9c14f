//! The JSON summary of `run --json` (SPEC §6.3) and of `check --format json` (§1).

use serde_json::{Value, json};

use crate::diag::Diagnostic;
use crate::model::Month;
use crate::outcome::{Outcome, Points};
use crate::text::Lang;

/// A number with at most two decimals, as JSON shows it.
fn num(p: Points) -> Value {
    json!(p.as_f64())
}

/// `{"month", "draft", "managers": [...], "checks": [...]}`; managers in rank order.
pub fn run_summary(month: Month, draft: bool, outcome: Option<&Outcome>, diags: &[Diagnostic], lang: Lang) -> Value {
    let managers: Vec<Value> = outcome
        .map(|o| o.managers.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|r| {
            let s = &r.score;
            let mut m = json!({
                "pm_id": s.pm_id,
                "name": s.name,
                "rank": r.rank,
                "tier": r.tier,
                "vetoed": s.veto.is_some(),
                "items": s.items.iter().map(|i| num(i.score)).collect::<Vec<_>>(),
                "total": num(s.total),
                "bonus": num(r.bonus),
                "deductions": s.deductions().map(|d| json!({
                    "item": d.item,
                    "points": num(d.points),
                    "reason": d.reason.get(lang),
                })).collect::<Vec<_>>(),
                // SPEC §6.2 "What lifts the tier": null in tier 1 and tier 5.
                "to_next_tier": r.lift.to_next_tier.map(num),
                "most_lost": r.lift.most_lost.iter().map(|l| json!({
                    "item": l.item,
                    "points": num(l.points),
                    "reason": l.largest.as_ref().map(|d| d.reason.get(lang)),
                })).collect::<Vec<_>>(),
            });
            if let Some(veto) = &s.veto {
                m["veto_reason"] = json!(veto.get(lang));
            }
            if draft {
                m["flagged"] = json!(s.flagged);
            }
            m
        })
        .collect();
    json!({
        "month": month.to_string(),
        "draft": draft,
        "managers": managers,
        "checks": checks(diags, lang),
    })
}

/// `{"month", "checks": [...]}`.
pub fn check_summary(month: Option<Month>, diags: &[Diagnostic], lang: Lang) -> Value {
    json!({ "month": month.map(|m| m.to_string()), "checks": checks(diags, lang) })
}

/// One object per finding, with its group's number and its cause's group (SPEC §3).
fn checks(diags: &[Diagnostic], lang: Lang) -> Vec<Value> {
    let grouping = crate::groups::group(diags);
    diags
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let mut v = d.to_json(lang);
            let (group, cause) = grouping.of(i);
            v["group"] = json!(group);
            v["cause"] = json!(cause);
            v
        })
        .collect()
}

/// `{"file": "rules.toml" | null, "changed": [{"key", "value", "default"}]}` (SPEC §6.3).
pub fn rules_json(rules: &crate::rules::Rules, file: Option<&std::path::Path>) -> Value {
    json!({
        "file": file.map(|f| f.display().to_string()),
        "changed": rules.changes(),
    })
}

/// One line naming the rules in force: `规则：2026-11/rules.toml；与默认不同：item8.rate_limit = 0.02(默认 0.01)`.
pub fn rules_line(rules: &crate::rules::Rules, file: Option<&std::path::Path>, lang: Lang) -> String {
    let Some(file) = file else {
        return crate::t!("规则：默认规则", "rules: the defaults").take(lang).into_owned();
    };
    let file = file.display();
    let changes = rules.changes();
    if changes.is_empty() {
        return crate::t!("规则：{file}（与默认规则相同）", "rules: {file} (the same as the defaults)")
            .get(lang)
            .to_string();
    }
    use crate::rules::words::{key, value};
    let said = |c: &crate::rules::RuleChange, lang: Lang| {
        let (k, v, d) = (key(&c.key), value(&c.key, &c.value), value(&c.key, &c.default));
        let line = crate::t!("{}：{}（默认 {}）", "{}: {} (default {})", k.get(lang), v.get(lang), d.get(lang));
        line.get(lang).to_string()
    };
    let zh = changes.iter().map(|c| said(c, Lang::Zh)).collect::<Vec<_>>().join("；");
    let en = changes.iter().map(|c| said(c, Lang::En)).collect::<Vec<_>>().join("; ");
    crate::t!("规则：{file}；与默认不同：{zh}", "rules: {file}; differing from the defaults: {en}")
        .get(lang)
        .to_string()
}
