//! The history store through the binary (SPEC §7, issue 14): last month on the ranking
//! and in the JSON, what changed since this month's last run, `kaoping history`, and
//! the faults a store can have — the report is written whatever the store's state.

use calamine::{DataType, Reader, open_workbook_auto};

use crate::support::*;

/// The test month moved to October 2026 (QA and event dates; the rest is undated).
fn october() -> Books {
    let mut books = valid_month();
    let qa = books.sheet("质检.xlsx", "日常抽检");
    for day in 1..=30u8 {
        for p in 0..4 {
            qa.set(2 + (usize::from(day) - 1) * 4 + p, 0, d(2026, 10, day));
        }
    }
    books.sheet("市场部.xlsx", "合作方质量事件").set(2, 2, d(2026, 10, 12));
    books
}

fn env() -> [(&'static str, &'static str); 1] {
    [("SOURCE_DATE_EPOCH", "1767225600")]
}

#[test]
fn the_second_month_shows_the_first_months_rank_and_total() {
    let t = Test::new();
    std::fs::create_dir_all(t.root().join("2026-10")).unwrap();
    october().write(&t.root().join("2026-10"));
    let oct = t.kaoping_env(&["run", "2026-10", "--out", "r10.xlsx", "--json"], &env());
    assert_eq!(oct.code, 0, "{}", oct.stderr);
    let oct = oct.json();
    assert!(oct["changes"].is_null(), "the month's first run");

    let mut nov = valid_month();
    // P02's reviews (Excel rows 7–11) drop to 60: P02 falls behind P01.
    for row in 7..=11 {
        nov.sheet("增值部.xlsx", "综合评价").set(row, 2, n(60.0));
    }
    nov.write(&t.month());
    let run = t.kaoping_env(&["run", "2026-11", "--out", "r11.xlsx", "--json"], &env());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = run.json();
    let mut report = open_workbook_auto(t.root().join("r11.xlsx")).unwrap();
    let ranking = report.worksheet_range("排名").unwrap();
    for m in json["managers"].as_array().unwrap() {
        let id = m["pm_id"].as_str().unwrap();
        let before = oct["managers"].as_array().unwrap().iter().find(|o| o["pm_id"] == id).unwrap();
        assert_eq!(m["previous"]["month"], "2026-10");
        assert_eq!(m["previous"]["rank"], before["rank"], "{id}");
        assert_eq!(m["previous"]["total"], before["total"], "{id}");
        assert_eq!(m["previous"]["tier"], before["tier"], "{id}");
        // The ranking's 上月名次 (T) and 上月总分 (V), read back from the report.
        let row = (3..20).find(|&r| ranking.get_value((r, 1)).and_then(|v| v.get_string()) == Some(id)).unwrap();
        assert_eq!(ranking.get_value((row, 19)).and_then(|v| v.get_float()), before["rank"].as_f64(), "{id}");
        assert_eq!(ranking.get_value((row, 21)).and_then(|v| v.get_float()), before["total"].as_f64(), "{id}");
    }
    let texts: Vec<String> =
        (0..4).filter_map(|c| ranking.get_value((2, 19 + c)).and_then(|v| v.get_string()).map(String::from)).collect();
    assert_eq!(texts, ["上月名次", "名次变化", "上月总分", "近六月"]);
    // Each scorecard: 上月 (G) beside 实际得分 (F), last month's ten items and total.
    for m in json["managers"].as_array().unwrap() {
        let id = m["pm_id"].as_str().unwrap();
        let before = oct["managers"].as_array().unwrap().iter().find(|o| o["pm_id"] == id).unwrap();
        let card = report.worksheet_range(&format!("考评表-{id}")).unwrap();
        assert_eq!(card.get_value((3, 6)).and_then(|v| v.get_string()), Some("上月"));
        let items: Vec<Option<f64>> = (0..10).map(|k| card.get_value((4 + k, 6)).and_then(|v| v.get_float())).collect();
        let want: Vec<Option<f64>> = before["items"].as_array().unwrap().iter().map(|v| v.as_f64()).collect();
        assert_eq!(items, want, "{id}");
        assert_eq!(card.get_value((14, 6)).and_then(|v| v.get_float()), before["total"].as_f64(), "{id}: 合计");
    }
    // A sparkline of the months so far (October, November) in 近六月 (W), one per PM.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(t.root().join("r11.xlsx")).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(), &mut xml).unwrap();
    assert_eq!(xml.matches("<x14:sparkline>").count(), 2, "one per PM");
    assert!(xml.contains("<xm:sqref>W4</xm:sqref>"), "in 近六月");
    // The terminal (text, not --json) ends with the biggest movers since last month;
    // each PM's card carries their months (October, November) on 趋势.
    let text = t.kaoping_env(&["run", "2026-11", "--out", "r11.xlsx", "--cards", "个人"], &env());
    let mut card = open_workbook_auto(t.root().join("个人/考评表-2026-11-P01-张伟.xlsx")).unwrap();
    assert_eq!(card.sheet_names(), ["考评表", "趋势"]);
    let trend = card.worksheet_range("趋势").unwrap();
    let months: Vec<&str> = (1..3).filter_map(|r| trend.get_value((r, 0)).and_then(|v| v.get_string())).collect();
    assert_eq!(months, ["2026-10", "2026-11"]);
    assert!(text.stdout.contains("与上月（2026-10）相比名次变化最大："), "{}", text.stdout);
}

#[test]
fn a_rerun_after_one_changed_review_lists_exactly_the_pm_that_moved() {
    let t = Test::new();
    let mut books = valid_month();
    books.write(&t.month());
    let first = t.kaoping_env(&["run", "2026-11", "--json"], &env());
    assert_eq!(first.code, 0, "{}", first.stderr);
    let first = first.json();
    // One of P02's five reviews (Excel rows 7–11) from 90 to 50.
    books.sheet("增值部.xlsx", "综合评价").set(7, 2, n(50.0));
    books.write(&t.month());
    let second = t.kaoping_env(&["run", "2026-11", "--json"], &env());
    assert_eq!(second.code, 0, "{}", second.stderr);
    let json = second.json();
    let moved = json["changes"]["managers"].as_array().unwrap();
    assert_eq!(moved.len(), 1, "{moved:?}");
    assert_eq!(moved[0]["pm_id"], "P02");
    let before = first["managers"].as_array().unwrap().iter().find(|m| m["pm_id"] == "P02").unwrap();
    let after = json["managers"].as_array().unwrap().iter().find(|m| m["pm_id"] == "P02").unwrap();
    assert_eq!(moved[0]["before"]["total"], before["total"]);
    assert_eq!(moved[0]["after"]["total"], after["total"]);
    assert_eq!(moved[0]["before"]["items"][9], before["items"][9], "item 10 before");
    assert_eq!(moved[0]["after"]["items"][9], after["items"][9], "item 10 after");
    assert_ne!(moved[0]["before"]["items"][9], moved[0]["after"]["items"][9]);
    assert_eq!(json["changes"]["since"], "2026-01-01T00:00:00Z");
    // The report's 变化 sheet: P02's item 10, total and the review deduction, before and after.
    let mut report = open_workbook_auto(t.root().join("kaoping-2026-11.xlsx")).unwrap();
    assert!(report.sheet_names().contains(&"变化".to_string()), "{:?}", report.sheet_names());
    let changes = report.worksheet_range("变化").unwrap();
    let rows: Vec<Vec<String>> = changes
        .rows()
        .skip(3)
        .map(|r| r.iter().map(|c| c.get_string().map(String::from).unwrap_or_default()).collect())
        .collect();
    // The workbooks were written again, so each file's bytes changed; 增值部 among them.
    assert!(rows.iter().any(|r| r[2] == "输入文件 2026-11/增值部.xlsx（内容已变）"), "{rows:?}");
    let rows: Vec<&Vec<String>> = rows.iter().filter(|r| !r[0].is_empty()).collect();
    assert!(rows.iter().all(|r| r[0] == "P02"), "only P02 moved: {rows:?}");
    let what: Vec<&str> = rows.iter().map(|r| r[2].as_str()).collect();
    assert!(what.contains(&"第10项 增值部、市场部综合评价") && what.contains(&"总分"), "{what:?}");
    let total = rows.iter().find(|r| r[2] == "总分").unwrap();
    assert_eq!(
        (total[3].parse::<f64>().unwrap(), total[4].parse::<f64>().unwrap()),
        (before["total"].as_f64().unwrap(), after["total"].as_f64().unwrap())
    );
    assert!(rows.iter().any(|r| r[2].starts_with("扣分 10")), "the deduction that changed: {rows:?}");
    // The terminal says what changed since this month's last run: nothing, a third time.
    let third = t.kaoping_env(&["run", "2026-11"], &env());
    assert!(third.stdout.contains("与本月上次运行（"), "{}", third.stdout);
    assert!(third.stdout.contains("）相比：没有变化"), "{}", third.stdout);
    // …and a report with nothing changed has no 变化 sheet.
    let report = open_workbook_auto(t.root().join("kaoping-2026-11.xlsx")).unwrap();
    assert!(!report.sheet_names().contains(&"变化".to_string()));

    // `kaoping history`: two runs of November, the second the month's result.
    let list = t.kaoping(&["history", "--json"]);
    assert_eq!(list.code, 0, "{}", list.stderr);
    let runs = list.json()["runs"].as_array().unwrap().clone();
    // Two runs: the third, the second's files, results and (SOURCE_DATE_EPOCH) time
    // again, is the same run and recorded once (a run's key is its content).
    assert_eq!(runs.len(), 2);
    assert_eq!(runs.iter().map(|r| r["result"].as_bool().unwrap()).collect::<Vec<_>>(), [false, true]);
    let pm = t.kaoping(&["history", "--pm", "P02", "--json"]).json();
    assert_eq!(pm["months"][0]["total"], after["total"]);
}

#[test]
fn a_store_kaoping_cannot_use_is_named_left_alone_and_the_report_is_still_written() {
    let t = Test::new();
    valid_month().write(&t.month());
    let store = t.root().join("kaoping.db");
    // Not a database.
    std::fs::write(&store, "月度考评备忘：这不是数据库".repeat(200)).unwrap();
    let before = std::fs::read(&store).unwrap();
    let run = t.kaoping(&["run", "2026-11", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("历史记录 kaoping.db 未使用：不是有效的 SQLite 数据库"), "{}", run.stderr);
    assert!(run.json()["history"]["warning"].is_string());
    assert!(t.root().join("kaoping-2026-11.xlsx").exists());
    assert_eq!(std::fs::read(&store).unwrap(), before, "left as it was");

    // Of a newer schema.
    std::fs::remove_file(&store).unwrap();
    rusqlite::Connection::open(&store).unwrap().pragma_update(None, "user_version", 99).unwrap();
    let before = std::fs::read(&store).unwrap();
    let run = t.kaoping(&["run", "2026-11", "--lang", "en"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("written by a newer kaoping (schema 99"), "{}", run.stderr);
    assert_eq!(std::fs::read(&store).unwrap(), before);
}

/// A store another process holds past the wait: named, left as it was, the report
/// written, exit 0.
#[test]
fn a_store_locked_past_the_wait_is_named_and_the_report_is_still_written() {
    let t = Test::new();
    valid_month().write(&t.month());
    assert_eq!(t.kaoping_env(&["run", "2026-11"], &env()).code, 0);
    let store = rusqlite::Connection::open(t.root().join("kaoping.db")).unwrap();
    store.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let run = t.kaoping_env(
        &["run", "2026-11", "--out", "r.xlsx"],
        &[("KAOPING_HISTORY_WAIT_MS", "300"), ("SOURCE_DATE_EPOCH", "1767229200")],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("历史记录 kaoping.db 未使用：另一个 kaoping 正在写入，等待超时"), "{}", run.stderr);
    assert!(t.root().join("r.xlsx").exists());
    store.execute_batch("ROLLBACK").unwrap();
    let runs = t.kaoping(&["history", "--json"]).json();
    assert_eq!(runs["runs"].as_array().unwrap().len(), 1, "nothing of the locked-out run: {runs}");
}

#[test]
fn a_run_that_dies_half_way_through_recording_leaves_no_half_run() {
    let t = Test::new();
    valid_month().write(&t.month());
    assert_eq!(t.kaoping_env(&["run", "2026-11"], &[("SOURCE_DATE_EPOCH", "1767225600")]).code, 0);
    // A later run (another time: another run) that dies half-way through its rows.
    let died = t
        .kaoping_env(&["run", "2026-11"], &[("KAOPING_FAULT", "history-mid-run"), ("SOURCE_DATE_EPOCH", "1767229200")]);
    assert_ne!(died.code, 0, "the fault hook aborts");
    let runs = t.kaoping(&["history", "--json"]).json();
    assert_eq!(runs["runs"].as_array().unwrap().len(), 1, "{runs}");
    assert_eq!(runs["runs"][0]["managers"], 2, "the first run whole");
    // --no-history writes none.
    let t2 = Test::new();
    valid_month().write(&t2.month());
    assert_eq!(t2.kaoping(&["run", "2026-11", "--no-history"]).code, 0);
    assert!(!t2.root().join("kaoping.db").exists());
}

/// The run is recorded while its report and cards are written, and kept only when all
/// were: cards that cannot be written (the folder is a file) leave no run in the store,
/// and the next run records as usual.
#[test]
fn a_run_whose_cards_cannot_be_written_is_not_recorded() {
    let t = Test::new();
    valid_month().write(&t.month());
    std::fs::write(t.root().join("cards.txt"), "").unwrap();
    let failed = t.kaoping(&["run", "2026-11", "--cards", "cards.txt"]);
    assert_eq!(failed.code, 2, "{}", failed.stderr);
    assert!(failed.stderr.contains("--cards 需要一个文件夹"), "{}", failed.stderr);
    let runs = t.kaoping(&["history", "--json"]).json();
    assert_eq!(runs["runs"].as_array().unwrap().len(), 0, "{runs}");
    assert_eq!(t.kaoping(&["run", "2026-11"]).code, 0);
    let runs = t.kaoping(&["history", "--json"]).json();
    assert_eq!(runs["runs"].as_array().unwrap().len(), 1, "{runs}");
}

/// A run on the wall clock (no SOURCE_DATE_EPOCH) records the very rows and time its
/// report embeds: importing the report into the store it was recorded in adds nothing.
/// (The store's record was once made a moment after the report's, and a second that
/// ticked in between made the two runs differ.)
#[test]
fn a_report_imported_into_its_own_store_is_the_run_already_there() {
    let t = Test::new();
    valid_month().write(&t.month());
    let run = t.kaoping(&["run", "2026-11"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let again = t.kaoping(&["history", "import", "kaoping-2026-11.xlsx"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stderr.contains("历史记录里已有这次运行，跳过"), "{}", again.stderr);
}

/// `kaoping history import`: a report read back rebuilds the rows of the run that wrote
/// it; the same report twice adds nothing; a file that is no report is refused.
#[test]
fn importing_a_report_rebuilds_the_history_of_the_run_that_wrote_it() {
    let t = Test::new();
    std::fs::create_dir_all(t.root().join("2026-10")).unwrap();
    october().write(&t.root().join("2026-10"));
    valid_month().write(&t.month());
    for month in ["2026-10", "2026-11"] {
        let run = t.kaoping_env(&["run", month, "--history", "a.db"], &env());
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let listed = |db: &str, args: &[&str]| {
        let mut all = vec!["history", "--history", db, "--json"];
        all.extend(args);
        let run = t.kaoping(&all);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.json()
    };
    // A new store from the two reports.
    let import = t.kaoping(&["history", "import", "kaoping-2026-10.xlsx", "kaoping-2026-11.xlsx", "--history", "b.db"]);
    assert_eq!(import.code, 0, "{}", import.stderr);
    assert!(import.stderr.contains("已导入为第 1 次运行（2026-10，2 名项目经理）"), "{}", import.stderr);
    assert_eq!(listed("a.db", &[]), listed("b.db", &[]));
    for pm in ["P01", "P02"] {
        assert_eq!(listed("a.db", &["--pm", pm]), listed("b.db", &["--pm", pm]));
    }
    // Again: nothing added; and into the store the runs came from: nothing added either.
    let again = t.kaoping(&["history", "import", "kaoping-2026-11.xlsx", "--history", "b.db"]);
    assert!(again.stderr.contains("历史记录里已有这次运行，跳过"), "{}", again.stderr);
    let again = t.kaoping(&["history", "import", "kaoping-2026-11.xlsx", "--history", "a.db"]);
    assert!(again.stderr.contains("跳过"), "{}", again.stderr);
    assert_eq!(listed("a.db", &[]), listed("b.db", &[]));
    // An input workbook is no report.
    let wrong = t.kaoping(&["history", "import", "2026-11/市场部.xlsx", "--history", "b.db"]);
    assert_eq!(wrong.code, 2);
    assert!(wrong.stderr.contains("不是带运行记录的 kaoping 报表"), "{}", wrong.stderr);
}
