//! What ships in the repository: the sample month and the templates, through the
//! real binary.

use std::collections::BTreeMap;
use std::path::Path;

use crate::support::*;

fn repo(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path).to_string_lossy().into_owned()
}

#[test]
fn the_sample_month_checks_without_errors() {
    let t = Test::new();
    let run = t.kaoping(&["check", &repo("samples/2026-11"), "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let json = run.json();
    assert_eq!(json["month"], "2026-11");
    let errors: Vec<_> = json["checks"].as_array().unwrap().iter().filter(|c| c["severity"] == "error").collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

/// SPEC §6.3 on the sample month: managers in rank order, totals = Σ items,
/// bonus = base × the tier's multiplier, at most two decimals everywhere.
#[test]
fn the_sample_month_summary_adds_up() {
    let t = Test::new();
    let run = t.kaoping(&["run", &repo("samples/2026-11"), "--json", "--out", "r.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = run.json();
    assert_eq!(json["draft"], false);
    // The bonus bases, read with the library's own reader.
    let read = kaoping::read::read_inputs(&[repo("samples/2026-11").into()], &Default::default(), &|_| {});
    let base: BTreeMap<String, f64> = read.tables.managers.iter().map(|m| (m.pm_id.clone(), m.bonus_base)).collect();
    let multipliers = [1.0, 0.8, 0.6, 0.4, 0.0];
    let managers = json["managers"].as_array().unwrap();
    assert_eq!(managers.len(), base.len());
    let two_decimals = |v: f64| ((v * 100.0).round() - v * 100.0).abs() < 1e-6;
    let mut previous = f64::INFINITY;
    for m in managers {
        let items: Vec<f64> = m["items"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
        assert_eq!(items.len(), 10);
        let total = m["total"].as_f64().unwrap();
        assert!(items.iter().all(|&v| two_decimals(v)) && two_decimals(total), "{m}");
        assert!((items.iter().sum::<f64>() - total).abs() < 0.005, "{m}");
        assert!(total <= previous, "rank order");
        previous = total;
        let tier = m["tier"].as_u64().unwrap() as usize;
        let expected = base[m["pm_id"].as_str().unwrap()] * multipliers[tier - 1];
        assert!((m["bonus"].as_f64().unwrap() - expected).abs() < 0.005, "{m}");
        if m["vetoed"] == true {
            assert_eq!(tier, 5, "a vetoed PM is tier 5: {m}");
        }
        let lost: f64 = m["deductions"].as_array().unwrap().iter().map(|d| d["points"].as_f64().unwrap()).sum();
        // Deductions explain every lost point (items can floor at 0, so lost ≥ 100 − total).
        assert!(lost + 0.005 >= 100.0 - total, "{m}");
    }
    // The sample's one suspension vetoes its PM.
    assert_eq!(managers.iter().filter(|m| m["vetoed"] == true).count(), 1);
}

#[test]
fn the_templates_are_recognised_sheet_by_sheet() {
    for lang in ["zh", "en"] {
        let t = Test::new();
        let run = t.kaoping(&["template", "--out", "blank", "--lang", lang]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(t.root().join("blank/rules.toml").exists());
        let run = t.kaoping(&["check", "blank", "--month", "2026-11", "--format", "json"]);
        let json = run.json();
        let unrecognised: Vec<_> = json["checks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| {
                c["code"] == "unrecognized-sheet" || c["code"] == "missing-table" || c["code"] == "missing-column"
            })
            .collect();
        assert!(unrecognised.is_empty(), "{lang}: {unrecognised:#?}");
        // And the rules.toml it wrote is valid.
        let rules = t.kaoping(&["rules", "--rules", "blank/rules.toml"]);
        assert_eq!(rules.code, 0, "{}", rules.stderr);
    }
}

#[test]
fn the_sample_command_makes_a_month_that_checks() {
    let t = Test::new();
    let run = t.kaoping(&["sample", "--out", "demo/2026-11", "--pms", "5", "--agents", "220", "--seed", "7"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = t.kaoping(&["check", "demo/2026-11", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.json()["month"], "2026-11");
}

/// SPEC §6.2/§6.3 "What lifts the tier" on the sample month, worked out again from the
/// JSON's own totals and tiers: the next tier's threshold (90, 80, 70) − the total,
/// null in tier 1 and tier 5; at most three items, the most lost first, each naming
/// a reason.
#[test]
fn to_next_tier_is_the_threshold_above_less_the_total() {
    let t = Test::new();
    let run = t.kaoping(&["run", &repo("samples/2026-11"), "--json", "--out", "r.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = run.json();
    let mut seen = [0; 5];
    for m in json["managers"].as_array().unwrap() {
        let tier = m["tier"].as_u64().unwrap() as usize;
        seen[tier - 1] += 1;
        let total = m["total"].as_f64().unwrap();
        let need = &m["to_next_tier"];
        match tier {
            1 | 5 => assert!(need.is_null(), "{m}"),
            _ => {
                let threshold = [90.0, 80.0, 70.0][tier - 2];
                assert!((need.as_f64().unwrap() - (threshold - total)).abs() < 0.005, "{m}");
            }
        }
        let lost = m["most_lost"].as_array().unwrap();
        assert!(lost.len() <= 3);
        let points: Vec<f64> = lost.iter().map(|l| l["points"].as_f64().unwrap()).collect();
        assert!(points.windows(2).all(|w| w[0] >= w[1]), "{m}");
        assert!(lost.iter().all(|l| l["reason"].is_string()), "{m}");
    }
    assert!(seen[1] + seen[2] + seen[3] > 0, "the sample has PMs below tier 1: {seen:?}");
}
