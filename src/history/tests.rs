use super::*;
use crate::outcome::{Deduction, ItemScore, Metrics, PmScore, Ranked};
use crate::rules::Rules;

fn pm(id: &str, rank: u32, items: [i64; 10], deduction: Option<(u8, i64, &str)>) -> Ranked {
    let items: Vec<ItemScore> = items
        .iter()
        .enumerate()
        .map(|(k, &score)| {
            let item = k as u8 + 1;
            let deductions = deduction
                .filter(|d| d.0 == item)
                .map(|(item, points, why)| Deduction {
                    item,
                    part: None,
                    points: Points(points),
                    reason: t!("{why}", "{why}"),
                    source: "a.xlsx".into(),
                    manual: false,
                })
                .into_iter()
                .collect();
            ItemScore { item, max: Points(score), score: Points(score), deductions }
        })
        .collect();
    let total = items.iter().map(|i| i.score).sum();
    let score = PmScore {
        pm_id: id.into(),
        name: format!("name {id}"),
        bonus_base: 1000.0,
        projects: vec![],
        items,
        total,
        metrics: Metrics::default(),
        partner_events: vec![],
        veto: None,
        flagged: false,
        concerns: vec![],
    };
    Ranked { score, rank, tier: 2, multiplier: 0.8, bonus: Points(80_000), lift: Default::default() }
}

fn month(m: u32) -> Month {
    Month::new(2026, m).unwrap()
}

fn record(store: &mut Store, m: u32, at: i64, draft: bool, managers: Vec<Ranked>, inputs: &[(&str, &str)]) -> i64 {
    let rules = Rules::default();
    let summary = serde_json::json!({"month": month(m).to_string()});
    let facts = RunFacts {
        month: month(m),
        at,
        draft,
        rules: &rules,
        rules_file: None,
        inputs: inputs.iter().map(|(p, s)| (p.to_string(), s.to_string())).collect(),
    };
    let data = RunData::of(&facts, &Outcome { managers });
    store.record(&data, &serde_json::to_string(&data).unwrap(), &summary).unwrap()
}

#[test]
fn a_run_reads_back_whole_in_hundredths_and_cents() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("kaoping.db")).unwrap();
    let items = [500, 412, 1000, 843, 953, 949, 1500, 1446, 500, 1138];
    let id = record(&mut store, 11, 100, false, vec![pm("P01", 1, items, Some((2, 88, "少了")))], &[("a.xlsx", "ab")]);
    let run = store.run(id).unwrap().unwrap();
    assert_eq!((run.month, run.at, run.draft), (month(11), 100, false));
    assert_eq!(run.inputs, vec![("a.xlsx".to_string(), "ab".to_string())]);
    let p = &run.managers[0];
    // 5.00 + 4.12 + 10.00 + 8.43 + 9.53 + 9.49 + 15.00 + 14.46 + 5.00 + 11.38 = 92.41
    assert_eq!(p.total, Points(9241));
    assert_eq!(p.items.iter().map(|p| p.0).collect::<Vec<_>>(), items);
    assert_eq!(p.bonus, Points(80_000));
    assert_eq!(
        p.deductions,
        vec![DeductionRecord { item: 2, part: None, points: Points(88), reason: t!("少了", "少了") }]
    );
    // Read as last month's result (for December), the same PM without the deductions,
    // which nothing after its month reads; the month's own last run keeps them.
    let december = Month::new(2026, 12).unwrap();
    let previous = previous_result(&store, december).unwrap().unwrap();
    let trend = store.results_before(december, 5).unwrap();
    for result in [&previous, &trend[0]] {
        let q = &result.managers[0];
        assert_eq!((q.total, &q.items, q.rank), (p.total, &p.items, p.rank));
        assert!(q.deductions.is_empty());
    }
    assert_eq!(store.last_run_of(month(11)).unwrap().unwrap().managers[0].deductions, p.deductions);
}

/// Last month's result, as `Memory::open` takes it: the last of the results before.
fn previous_result(store: &Store, month: Month) -> Result<Option<RunRecord>, HistoryError> {
    Ok(store.results_before(month, 1)?.pop())
}

#[test]
fn the_previous_result_is_the_latest_non_draft_run_of_the_latest_earlier_month() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("kaoping.db")).unwrap();
    let ten = [500; 10];
    let a = record(&mut store, 9, 1, false, vec![pm("P01", 1, ten, None)], &[]);
    let b = record(&mut store, 10, 2, false, vec![pm("P01", 1, ten, None)], &[]);
    let _draft = record(&mut store, 10, 3, true, vec![pm("P01", 1, ten, None)], &[]);
    let c = record(&mut store, 11, 4, false, vec![pm("P01", 1, ten, None)], &[]);
    assert_eq!(previous_result(&store, month(11)).unwrap().map(|r| r.id), Some(b), "October's result, not its draft");
    assert_eq!(previous_result(&store, month(10)).unwrap().map(|r| r.id), Some(a));
    assert_eq!(previous_result(&store, month(9)).unwrap(), None);
    // December, with November the latest earlier month.
    assert_eq!(previous_result(&store, month(12)).unwrap().map(|r| r.id), Some(c));
    assert_eq!(store.last_run_of(month(10)).unwrap().map(|r| r.draft), Some(true));
    assert_eq!(
        store.results().unwrap().iter().map(|(m, _)| m.as_str()).collect::<Vec<_>>(),
        ["2026-09", "2026-10", "2026-11"]
    );
}

#[test]
fn what_moved_between_two_runs_of_a_month() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("kaoping.db")).unwrap();
    let ten = [500; 10];
    let mut lower = ten;
    lower[9] = 300;
    let first = vec![pm("P01", 1, ten, None), pm("P02", 2, ten, None)];
    let second = vec![pm("P01", 1, ten, None), pm("P02", 2, lower, Some((10, 200, "评价低")))];
    let a = record(&mut store, 11, 1, false, first, &[("a.xlsx", "1"), ("b.xlsx", "2")]);
    let b = record(&mut store, 11, 2, false, second, &[("a.xlsx", "1"), ("b.xlsx", "3"), ("c.xlsx", "4")]);
    let (a, b) = (store.run(a).unwrap().unwrap(), store.run(b).unwrap().unwrap());
    let moved = moved(&a, &b);
    assert_eq!(moved.len(), 1);
    assert_eq!(moved[0].pm_id, "P02");
    assert_eq!(moved[0].before.unwrap().total, Points(5000));
    assert_eq!(moved[0].after.unwrap().total, Points(4800));
    assert_eq!(inputs_changed(&a, &b), (vec!["c.xlsx"], vec![], vec!["b.xlsx"]));
    // P02's item 10 deduction appeared (2.00), matched by item and part.
    let d = deduction_changes(moved[0].before, moved[0].after);
    assert_eq!(d.len(), 1);
    assert_eq!((d[0].before, d[0].after.map(|x| (x.item, x.points))), (None, Some((10, Points(200)))));
    // The same run from the outcome in memory compares equal to the recorded one.
    let outcome =
        Outcome { managers: vec![pm("P01", 1, ten, None), pm("P02", 2, lower, Some((10, 200, "评价低")))] };
    let inputs = vec![("c.xlsx".into(), "4".into()), ("a.xlsx".into(), "1".into()), ("b.xlsx".into(), "3".into())];
    let mem = record_of(month(11), 2, false, inputs, &outcome);
    assert!(super::moved(&b, &mem).is_empty());
    assert_eq!(inputs_changed(&b, &mem), (vec![], vec![], vec![]));
}

#[test]
fn a_store_of_a_newer_schema_or_not_a_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let newer = dir.path().join("newer.db");
    {
        let conn = Connection::open(&newer).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
    }
    let before = std::fs::read(&newer).unwrap();
    let e = Store::open(&newer).err().expect("refused");
    assert!(e.why.zh.contains("更新版本"), "{:?}", e.why);
    assert_eq!(std::fs::read(&newer).unwrap(), before);

    let garbage = dir.path().join("garbage.db");
    std::fs::write(&garbage, b"this is not a database, it is a note to self ".repeat(100)).unwrap();
    let before = std::fs::read(&garbage).unwrap();
    let e = Store::open(&garbage).err().expect("refused");
    assert!(e.why.en.contains("not a valid SQLite database"), "{:?}", e.why);
    assert_eq!(std::fs::read(&garbage).unwrap(), before);
}

#[test]
fn two_runs_at_once_both_land() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kaoping.db");
    Store::open(&path).unwrap();
    let threads: Vec<_> = (0..2)
        .map(|k| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut store = Store::open(&path).unwrap();
                for i in 0..20 {
                    record(&mut store, 11, k * 100 + i, false, vec![pm("P01", 1, [500; 10], None)], &[]);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert_eq!(Store::open(&path).unwrap().runs().unwrap().len(), 40);
}

#[test]
fn a_version_1_store_is_migrated_forward_keeping_its_runs() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        // A store as kaoping wrote it at schema version 1, with one run in it.
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute(
            "INSERT INTO runs (month, at, draft, version, rules, summary) VALUES ('2026-10', 5, 0, '0.1.0', '', 'null')",
            [],
        )
        .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.version().unwrap(), SCHEMA_VERSION);
    assert_eq!(store.runs().unwrap().len(), 1, "the old run is kept");
    let id = record(&mut store, 11, 6, false, vec![pm("P01", 1, [500; 10], None)], &[]);
    assert_eq!(previous_result(&store, month(11)).unwrap().map(|r| r.month), Some(month(10)));
    assert!(store.run(id).unwrap().is_some());
}

#[test]
fn a_version_2_store_is_read_as_it_is_and_indexed_by_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v2.db");
    {
        // A store as kaoping wrote it at schema version 2, with one run in it.
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.execute_batch(MIGRATIONS[1]).unwrap();
        conn.pragma_update(None, "user_version", 2).unwrap();
        conn.execute(
            "INSERT INTO runs (month, at, draft, version, rules, summary) VALUES ('2026-10', 5, 0, '0.1.0', '', 'null')",
            [],
        )
        .unwrap();
    }
    // The read-only commands read it without migrating it (3 only adds indexes).
    let read = Store::open_read(&path).unwrap();
    assert_eq!(read.runs().unwrap().len(), 1);
    assert_eq!(read.version().unwrap(), 2);
    drop(read);

    let store = Store::open(&path).unwrap();
    assert_eq!(store.version().unwrap(), SCHEMA_VERSION);
    // A run's deductions and inputs are found by the index, not by reading every row.
    for (table, index) in [("deductions", "deductions_run"), ("inputs", "inputs_run")] {
        let plan: Vec<String> = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN SELECT * FROM {table} WHERE run = 1"))
            .unwrap()
            .query_map([], |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(plan.iter().any(|p| p.contains(index)), "{table}: {plan:?}");
    }
}
