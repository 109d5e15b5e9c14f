//! Item 7 合作方满意程度 — partner satisfaction (max 15), and the quality veto.
//!
//! **What it measures**: what the partners did about the PM's projects this month
//! (partner events of the PM's projects).
//!
//! **The rule**: per event `item7.terminated` 15, `suspended` 10, `penalized` 5,
//! `complaint` 2; together at most 15. Lost volume comes off the volume (items 1, 2).
//! Veto (质量否决, SPEC §5): an event whose kind is in `item7.veto` (terminated,
//! suspended) or any severe event puts the PM in tier 5 whatever the score.
//!
//! **Example**: one complaint and one penalty: 2 + 5 = 7 off, item 7 scores 8.00.

use super::common::{Draft, cap_running, finish_item};
use super::facts::{MonthFacts, PmFacts};
use super::item::Item;
use super::show;
use crate::model::PartnerEvent;
use crate::outcome::{ItemScore, Metrics, PartnerEventSeen};
use crate::rules::Rules;
use crate::t;
use crate::text::Text;
use crate::text::num;

pub const MAX: f64 = 15.0;

pub const ITEM: Item = Item {
    number: 7,
    max: MAX,
    parts: &[],
    name: Text::of("合作方满意程度", "Partner satisfaction"),
    score,
    method,
    key_metrics,
    metrics: &[],
};

fn method(r: &Rules) -> Text {
    let r = &r.item7;
    let veto_zh: Vec<_> = r.veto.iter().map(|k| k.words().zh).collect();
    let veto_en: Vec<_> = r.veto.iter().map(|k| k.words().en).collect();
    let (t, s, p, c) =
        (num::plain(r.terminated), num::plain(r.suspended), num::plain(r.penalized), num::plain(r.complaint));
    let (vz, ve) = (veto_zh.join("、"), veto_en.join(", "));
    t!(
        "每次终止扣{t}、暂停扣{s}、处罚扣{p}、投诉扣{c}分；{vz}或严重事件质量否决。",
        "Per event: terminated {t}, suspended {s}, penalized {p}, complaint {c}; veto on {ve} or a severe event."
    )
}

fn key_metrics(m: &Metrics) -> Text {
    let l = num::money(m.lost_volume);
    t!("损失业务量 {l}", "lost volume {l}")
}

/// Events in the order they are listed: by date (undated last), then by row.
fn in_order<'a>(pm: &PmFacts<'a>) -> Vec<&'a PartnerEvent> {
    let mut events = pm.events.clone();
    events.sort_by(|a, b| (a.date.is_none(), a.date, &a.origin).cmp(&(b.date.is_none(), b.date, &b.origin)));
    events
}

/// `“终止”，项目 X1（名称），2026-11-05，市场部.xlsx[事件] 第4行`, both languages.
fn describe(e: &PartnerEvent, pm: &PmFacts) -> Text {
    let name = pm.projects.iter().find(|p| p.project_id == e.project_id).map(|p| p.project_name.as_str());
    let (zh_name, en_name) = name.map_or((String::new(), String::new()), |n| (format!("（{n}）"), format!(" ({n})")));
    let (zh_date, en_date) =
        e.date.map_or(("无日期".to_string(), "no date".to_string()), |d| (d.to_string(), d.to_string()));
    let (zh_sev, en_sev) = if e.severe { ("，严重", ", severe") } else { ("", "") };
    let words = e.event.words();
    let (id, kz, ke) = (&e.project_id, &words.zh, &words.en);
    let (file, sheet, row) = (e.origin.file.rsplit(['/', '\\']).next().unwrap_or(""), &e.origin.sheet, e.origin.row);
    t!(
        "“{kz}”{zh_sev}，项目 {id}{zh_name}，{zh_date}，{file}[{sheet}] 第{row}行",
        "“{ke}”{en_sev}, project {id}{en_name}, {en_date}, {file}[{sheet}] row {row}"
    )
}

pub fn score(pm: &PmFacts, _month: &MonthFacts, rules: &Rules) -> ItemScore {
    let drafts = in_order(pm)
        .into_iter()
        .map(|e| {
            let points = rules.item7.points(e.event);
            let what = describe(e, pm);
            let (wz, we) = (&what.zh, &what.en);
            Draft {
                item: ITEM.number,
                part: None,
                max: MAX,
                amount: points,
                arithmetic: t!("合作方事件{wz}：每次扣 {points}", "partner event {we}: {points} per event"),
                source: show::source([&e.origin]),
            }
            .finish()
        })
        .collect();
    finish_item(ITEM.number, MAX, cap_running(drafts, MAX), pm)
}

/// The PM's events as the veto weighs them (the veto itself is a ranking matter: [`crate::rank::veto`]).
pub fn events_seen(pm: &PmFacts) -> Vec<PartnerEventSeen> {
    let seen = |e: &PartnerEvent| PartnerEventSeen { kind: e.event, severe: e.severe, described: describe(e, pm) };
    in_order(pm).into_iter().map(seen).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EventKind, PartnerEvent, Tables};
    use crate::outcome::Points;
    use crate::score::testkit::*;

    fn run(t: &Tables) -> (ItemScore, Option<Text>) {
        let rules = Rules::default();
        let (pms, m) = measure(t, &rules);
        (score(&pms[0], &m, &rules), crate::rank::veto(&events_seen(&pms[0]), &rules))
    }

    #[test]
    fn complaint_and_penalty_take_two_and_five_without_veto() {
        // 2 + 5 = 7 → 8.00; no veto.
        let mut t = one_pm(1);
        t.events = vec![event("X1", EventKind::Complaint, 4), event("X1", EventKind::Penalized, 5)];
        let (s, v) = run(&t);
        assert_eq!(s.score, Points(800));
        assert_eq!(v, None);
        assert_eq!(
            s.deductions[0].reason.zh,
            "合作方事件“投诉”，项目 X1（项目X1），2026-11-05，市场部.xlsx[事件] 第4行：每次扣 2 = 2.00"
        );
    }

    #[test]
    fn terminated_takes_all_and_vetoes() {
        // 15 → 0.00; a later complaint is not listed (the item is already at 0).
        let mut t = one_pm(1);
        t.events = vec![
            event("X1", EventKind::Terminated, 7),
            PartnerEvent { date: None, ..event("X1", EventKind::Complaint, 3) },
        ];
        let (s, v) = run(&t);
        assert_eq!(s.score, Points(0));
        assert_eq!(s.deductions.len(), 1);
        assert_eq!(
            v.unwrap().en,
            "quality veto (partner event “terminated”, project X1 (项目X1), 2026-11-05, 市场部.xlsx[事件] row 7)"
        );
    }

    #[test]
    fn suspended_plus_penalty_is_capped_and_a_severe_complaint_vetoes() {
        // 10 + 5 + 2 = 17 > 15: the penalty's 5 fits (15), the complaint is not listed → 0.00.
        let mut t = one_pm(1);
        t.events = vec![
            event("X1", EventKind::Suspended, 4),
            event("X1", EventKind::Penalized, 5),
            PartnerEvent { severe: true, ..event("X1", EventKind::Complaint, 6) },
        ];
        let (s, v) = run(&t);
        assert_eq!(s.score, Points(0));
        let points: Vec<Points> = s.deductions.iter().map(|d| d.points).collect();
        assert_eq!(points, vec![Points(1000), Points(500)]);
        let v = v.unwrap();
        assert!(v.zh.contains("“暂停”") && v.zh.contains("“投诉”，严重"), "{}", v.zh);
        // A severe complaint alone: 2 off, still vetoed.
        t.events.drain(..2);
        let (s, v) = run(&t);
        assert_eq!(s.score, Points(1300));
        assert!(v.is_some());
    }

    #[test]
    fn cap_trims_the_event_that_crosses_it() {
        // Penalty 5 + suspension 10 + complaint 2 in date order: 5, 10, then 0 left → 0.00.
        // Two suspensions + complaint with custom suspended = 7: 7 + 7 = 14, complaint trimmed to 1.
        let mut t = one_pm(1);
        t.events = vec![
            event("X1", EventKind::Suspended, 4),
            event("X1", EventKind::Suspended, 5),
            event("X1", EventKind::Complaint, 6),
        ];
        let rules = Rules { item7: crate::rules::Item7 { suspended: 7.0, ..Default::default() }, ..Default::default() };
        let s = &pm_items(&t, score, &rules)[0];
        assert_eq!(s.score, Points(0));
        assert_eq!(s.deductions[2].points, Points(100));
        assert!(
            s.deductions[2].reason.en.ends_with("the item loses at most 15.00: 1.00 taken"),
            "{}",
            s.deductions[2].reason.en
        );
    }
}
