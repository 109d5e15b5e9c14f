//! The committed fixtures, written by openpyxl and LibreOffice: no false errors, and
//! the diagnostics named to the cell.

use super::*;
use crate::model::{EventKind, TableKind, TaskStatus};

#[test]
fn title_row_and_total_row() {
    let out = read("title_row_and_total.xlsx");
    // Title in row 1 (merged A1:N1), blank row 2, header in row 3, agents in rows 4–6,
    // 合计 in row 7: revenue 3000 + 1500.5 + 4999.5 = 9500, but the sheet says 9000;
    // every other total is right (e.g. dialed 1000 + 400 + 1200 = 2600).
    assert_eq!(places(&out), vec!["total-row-mismatch 座席 N7"]);
    let d = &out.diags[0];
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.message.zh, "合计行 \"营业收入\" 列为 9000，但上方数据行之和为 9500；请核对合计或数据");
    assert_eq!(
        d.message.en,
        "total row, column \"Revenue\": 9000, but the rows above add up to 9500; check the total or the rows"
    );
    let t = &out.tables;
    assert_eq!(t.agents.len(), 3);
    let a2 = &t.agents[1];
    assert_eq!((a2.agent_id.as_str(), a2.origin.row), ("A002", 5));
    assert_eq!(a2.hire_date, date(2026, 10, 20));
    assert_eq!(a2.leave_date, Some(date(2026, 11, 15)));
    assert_eq!(a2.revenue, 1500.5);
    // Blank optional cells take their defaults.
    assert_eq!((t.agents[2].ot_hours, t.agents[2].ot_attended_days), (0.0, 0.0));
    let s = &out.sources[0];
    assert_eq!(s.format, "xlsx");
    assert_eq!(s.sha256.len(), 64);
    assert_eq!(s.sheets[0].table, Some(TableKind::Agents));
    assert_eq!((s.sheets[0].header_row, s.sheets[0].rows_read), (Some(3), 3));
    assert!(&*s.path == "title_row_and_total.xlsx");
    assert_eq!(&*t.agents[0].origin.file, &*s.path);
}

#[test]
fn merged_pm_cells_apply_to_every_row_xlsx_xls_ods() {
    for name in ["merged_project_cells.xlsx", "merged_project_cells.xls", "merged_project_cells.ods"] {
        let out = read(name);
        assert_eq!(places(&out), Vec::<String>::new(), "{name}");
        let pms: Vec<(&str, &str)> =
            out.tables.projects.iter().map(|p| (p.project_id.as_str(), p.pm_id.as_str())).collect();
        assert_eq!(pms, vec![("XM01", "P01"), ("XM02", "P01"), ("XM03", "P01"), ("XM04", "P02"), ("XM05", "P02")]);
        assert_eq!(out.tables.projects[3].plan, 120000.0);
        assert_eq!(out.tables.projects[0].region.as_deref(), Some("东区"));
        assert_eq!(out.tables.projects[1].region, None);
    }
}

#[test]
fn numbers_dates_and_ids_typed_as_text() {
    let out = read("text_numbers.xlsx");
    assert_eq!(places(&out), Vec::<String>::new());
    let a = &out.tables.agents;
    // 1001.0 → "1001"; "007" keeps its zeros.
    assert_eq!(a.iter().map(|a| a.agent_id.as_str()).collect::<Vec<_>>(), vec!["1001", "007", "A003", "A004"]);
    // "２２" full-width, "1,200", "６００", "¥3,000.50".
    assert_eq!((a[0].scheduled_days, a[0].dialed, a[0].connected, a[0].revenue), (22.0, 1200, 600, 3000.5));
    // "1.2万" = 12000, "2500元", "￥１，２００" = 1200.
    assert_eq!((a[1].revenue, a[2].revenue, a[3].revenue), (12000.0, 2500.0, 1200.0));
    // "2026-01-05", "2026/3/9", "2026年2月1日", "2026.11.20", "20251103".
    assert_eq!(a[0].hire_date, date(2026, 1, 5));
    assert_eq!(a[1].hire_date, date(2026, 3, 9));
    assert_eq!((a[2].hire_date, a[2].leave_date), (date(2026, 2, 1), Some(date(2026, 11, 20))));
    assert_eq!(a[3].hire_date, date(2025, 11, 3));
    assert_eq!(a[2].ot_hours, 4.5);
    // 在职 in the leave date column and - in the OT hours column are blanks.
    assert_eq!((a[0].leave_date, a[0].ot_hours), (None, 0.0));
}

#[test]
fn english_headers_in_ods() {
    let out = read("english_headers.ods");
    assert_eq!(places(&out), Vec::<String>::new());
    assert_eq!(out.sources[0].format, "ods");
    let qa = &out.tables.qa;
    assert_eq!(qa.len(), 2);
    assert_eq!(
        (qa[0].date, qa[0].project_id.as_str(), qa[0].checked, qa[0].errors),
        (date(2026, 11, 2), "XM01", 50, 1)
    );
    // "Score (%)" answers to Score once the unit is dropped.
    let r = &out.tables.reviews;
    assert_eq!((r[1].reviewer.as_str(), r[1].score, r[1].dept.as_deref()), ("Wu", 88.5, None));
    assert_eq!(out.tables.present.iter().copied().collect::<Vec<_>>(), vec![TableKind::Qa, TableKind::Reviews]);
}

#[test]
fn legacy_xls_managers_and_tasks() {
    let out = read("legacy.xls");
    assert_eq!(places(&out), Vec::<String>::new());
    assert_eq!(out.sources[0].format, "xls");
    let m = &out.tables.managers;
    assert_eq!((m[1].pm_id.as_str(), m[1].name.as_str(), m[1].bonus_base), ("P02", "关羽", 4000.5));
    let st: Vec<TaskStatus> = out.tables.tasks.iter().map(|t| t.status).collect();
    assert_eq!(st, vec![TaskStatus::OnTime, TaskStatus::Late, TaskStatus::NotDone]);
}

#[test]
fn wps_style_titles_serial_column_total_and_sign_off() {
    let out = read("wps_style.xlsx");
    // 合 计 row: 30 + 25 + 30 = 85 checked, 0 + 1 + 2 = 3 errors: both right, no warning.
    // The 制表人 / 审核 line under the table is not data; Sheet2 and Sheet3 are empty.
    assert_eq!(places(&out), Vec::<String>::new());
    let s = &out.sources[0].sheets;
    assert_eq!((s[0].header_row, s[0].rows_read), (Some(3), 3));
    assert_eq!(s.iter().map(|s| s.table).collect::<Vec<_>>(), vec![Some(TableKind::Qa), None, None]);
    assert_eq!(out.tables.qa[2].errors, 2);
    // Dates shown as 2026/11/2 and (row 6) as 2026年11月3日.
    assert_eq!((out.tables.qa[0].date, out.tables.qa[2].date), (date(2026, 11, 2), date(2026, 11, 3)));
}

#[test]
fn dates_in_a_1904_workbook() {
    let out = read("date_1904.xlsx");
    assert_eq!(places(&out), Vec::<String>::new());
    // A date cell, and the plain serial 44565, which in the 1904 system is 1904-01-01 + 44565 days = 2026-01-05.
    let a = &out.tables.agents;
    assert_eq!((a[0].hire_date, a[1].hire_date), (date(2026, 1, 5), date(2026, 1, 5)));
}

// ---------- diagnostics ----------

#[test]
fn one_problem_per_cell_and_rows_left_out() {
    let out = read("bad_values.xlsx");
    assert_eq!(
        places(&out),
        vec![
            "out-of-range 人工扣分 B3",
            "bad-value 人工扣分 B4",
            "out-of-range 人工扣分 C5",
            "missing-value 人工扣分 D6",
            "missing-value 人工扣分 A7",
            "bad-value 人工扣分 C7",
            "bad-value 事件 C3",
            "bad-value 事件 B4",
            "out-of-range 事件 D4",
            "bad-value 事件 E4",
        ]
    );
    // Rows naming a PM flag that PM.
    let pms: Vec<Option<&str>> = out.diags.iter().take(6).map(|d| d.pm_id.as_deref()).collect();
    assert_eq!(pms, vec![Some("P01"), Some("P02"), Some("P02"), Some("P03"), None, None]);
    let d = &out.diags[6];
    assert_eq!(
        d.message.zh,
        "\"日期\" 列的值 \"2026-13-01\" 不是有效日期；可接受：日期单元格、2026-11-03、2026/11/3、2026年11月3日、20261103"
    );
    assert_eq!(
        d.message.en,
        "column \"Date\": \"2026-13-01\" is not a date; accepted: a date cell, 2026-11-03, 2026/11/3, 2026年11月3日, 20261103"
    );
    assert_eq!(out.diags[0].message.en, "column \"Item\": \"11\" is out of range; accepted: a whole number 1–10");
    assert_eq!(out.diags[3].message.en, "column \"Reason\" is blank but required; accepted: text");
    assert!(out.diags[0].file.ends_with("bad_values.xlsx"));
    // Only the good rows are kept; every row counts as read.
    assert_eq!(out.tables.adjustments.len(), 1);
    assert_eq!((out.tables.adjustments[0].item, out.tables.adjustments[0].points), (3, 1.5));
    let ev = &out.tables.events;
    assert_eq!(ev.iter().map(|e| e.event).collect::<Vec<_>>(), vec![EventKind::Complaint, EventKind::Suspended]);
    assert_eq!((ev[0].date, ev[0].lost_volume, ev[0].severe), (Some(date(2026, 11, 5)), 0.0, false));
    assert_eq!((ev[1].lost_volume, ev[1].severe), (20000.0, true));
    let rows: Vec<usize> = out.sources[0].sheets.iter().map(|s| s.rows_read).collect();
    assert_eq!(rows, vec![6, 4]);
}

#[test]
fn formula_without_cached_value() {
    let out = read("formula_no_cache.xlsx");
    assert_eq!(places(&out), vec!["formula-no-value 评价 C2"]);
    assert_eq!(out.diags[0].pm_id.as_deref(), Some("P01"));
    assert_eq!(out.tables.reviews.len(), 1);
    assert_eq!(out.tables.reviews[0].score, 85.0);
}

#[test]
fn missing_column_says_what_is_missing_and_suggests() {
    let out = read("missing_column.xlsx");
    assert_eq!(places(&out), vec!["missing-column 座席 1", "unrecognized-sheet 通讯录 "]);
    assert_eq!(
        out.diags[0].message.en,
        "looks like the agents table but lacks required columns: \"Revenue\" (did you mean \"营收额\"?); headers found: \
         \"座席工号\", \"项目编号\", \"入职日期\", \"应出勤天数\", \"实际出勤天数\", \"外呼量\", \"接通量\", \"成功订制量\", \"营收额\""
    );
    assert!(
        out.diags[0].message.zh.starts_with("看起来是“座席月度数据”表，但缺少必填列：“营业收入”（是不是“营收额”？）")
    );
    // A contact list with 工号 and 姓名 is only an info, naming the nearest table.
    assert_eq!(out.diags[1].severity, Severity::Info);
    assert_eq!(
        out.diags[1].message.en,
        "matches no input table (no complete header in the first 30 rows): nearest is the managers table, lacking columns: \"Bonus base\"; skipped"
    );
    assert!(out.tables.present.is_empty());
}

#[test]
fn chart_sheet_is_an_info() {
    let out = read("chart_sheet.xlsx");
    assert_eq!(places(&out), vec!["unrecognized-sheet 图表 "]);
    assert_eq!(out.tables.reviews.len(), 1);
}

#[test]
fn password_protected_workbook() {
    let out = read("password.xlsx");
    assert_eq!(places(&out), vec!["unreadable-file  "]);
    assert_eq!(out.diags[0].message.en, "protected by a password: remove the password and save again");
    assert_eq!(out.sources[0].skipped, Some(crate::diag::Code::UnreadableFile));
}

#[test]
fn folder_duplicates_lock_files_and_missing_paths() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("2026-11");
    std::fs::create_dir_all(root.join("增值部")).unwrap();
    std::fs::copy(fixture("legacy.xls"), root.join("a.xls")).unwrap();
    std::fs::copy(fixture("legacy.xls"), root.join("增值部/b.XLS")).unwrap();
    std::fs::write(root.join("~$a.xlsx"), b"lock").unwrap();
    std::fs::write(root.join(".hidden.xlsx"), b"x").unwrap();
    std::fs::write(root.join("notes.csv.xlsx"), b"name,score\nx,1\n").unwrap();
    // Paths are shown from the folder given down (`2026-11/…`), never in full.
    let shown = "2026-11";
    let seen = std::cell::RefCell::new(Vec::new());
    let out = read_inputs(&[root.clone(), dir.path().join("nope")], &Default::default(), &|p| {
        seen.borrow_mut().push(p.to_string())
    });
    let got: Vec<(String, String)> = out
        .diags
        .iter()
        .map(|d| (d.code.to_string(), d.file.strip_prefix(shown).unwrap_or(&d.file).to_string()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("skipped-file".to_string(), "/notes.csv.xlsx".to_string()),
            ("lock-file".to_string(), "/~$a.xlsx".to_string()),
            ("duplicate-file".to_string(), "/增值部/b.XLS".to_string()),
            ("unreadable-file".to_string(), "nope".to_string()),
        ]
    );
    assert_eq!(out.diags[2].message.en, format!("the same content as {shown}/a.xls: skipped"));
    assert!(out.diags[0].message.en.contains("CSV"));
    assert_eq!(out.diags[3].message.en, "no such file or folder");
    assert_eq!(seen.borrow().len(), 3);
    assert_eq!(out.tables.managers.len(), 2, "the duplicate is not read twice");
    assert_eq!(out.sources.len(), 4);
}

#[test]
fn the_same_output_on_any_number_of_threads() {
    // Every fixture (of all sizes, so the largest-first order differs from the folder's
    // order), a duplicate of one and a lock file: the readings are put together in
    // discovery order whatever thread read which file first.
    let dir = tempfile::tempdir().unwrap();
    let mut names = Vec::new();
    for entry in std::fs::read_dir(fixture("")).unwrap() {
        let path = entry.unwrap().path();
        if discover::EXTENSIONS.iter().any(|e| path.extension().is_some_and(|x| x.eq_ignore_ascii_case(e))) {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            std::fs::copy(&path, dir.path().join(&name)).unwrap();
            names.push(name);
        }
    }
    assert!(names.len() >= 10, "the fixtures are there");
    std::fs::copy(fixture("legacy.xls"), dir.path().join("zz-copy.xls")).unwrap();
    std::fs::write(dir.path().join("~$bad_values.xlsx"), b"lock").unwrap();
    let paths = [dir.path().to_path_buf()];
    let one = format!("{:?}", read_inputs_on(&paths, &Default::default(), &|_| {}, 1));
    for threads in [2, 3, 16] {
        let seen = std::sync::Mutex::new(Vec::new());
        let many = read_inputs_on(&paths, &Default::default(), &|p| seen.lock().unwrap().push(p.to_string()), threads);
        assert_eq!(format!("{many:?}"), one, "{threads} threads");
        let dup = many.diags.iter().find(|d| d.code == crate::diag::Code::DuplicateFile).expect("the copy");
        assert!(dup.file.ends_with("zz-copy.xls") && dup.message.en.contains("legacy.xls"), "{}", dup.file);
        assert_eq!(seen.into_inner().unwrap().len(), names.len() + 1, "each file told once");
    }
}

#[test]
fn a_time_of_day_or_a_tiny_serial_in_a_date_column_xlsx_xls() {
    for name in ["time_in_date_column.xlsx", "time_in_date_column.xls"] {
        let out = read(name);
        // D2: a time cell 09:30 (serial 0.396, once read as 1899-12-30); D3: 1900-01-05
        // (the number 5 in a date cell); D4: "09:30" typed as text; D5 is a real date.
        assert_eq!(places(&out), vec!["bad-value 座席 D2", "bad-value 座席 D3", "bad-value 座席 D4"], "{name}");
        let en: Vec<&str> = out.diags.iter().map(|d| &*d.message.en).collect();
        assert!(
            en[0].starts_with("column \"Hire date\": \"09:30\" is a time of day, not a date;"),
            "{name}: {}",
            en[0]
        );
        assert!(en[1].starts_with("column \"Hire date\": \"1900-01-05\" is before 1900-03-01"), "{name}: {}", en[1]);
        assert!(en[2].starts_with("column \"Hire date\": \"09:30\" is a time of day"), "{name}: {}", en[2]);
        assert_eq!(out.diags[0].message.zh.split('；').next(), Some("\"入职日期\" 列的值 \"09:30\" 是时间，不是日期"));
        assert_eq!(out.tables.agents.len(), 1);
        assert_eq!(out.tables.agents[0].hire_date, date(2026, 1, 5));
    }
}

/// pyxlsbwriter's cells with merge records added by make_fixtures.py (listed last
/// first): read as the xlsx with the same merges.
#[test]
fn merged_pm_cells_in_xlsb_read_as_in_xlsx() {
    let xlsb = read("merged_project_cells.xlsb");
    assert_eq!(places(&xlsb), Vec::<String>::new());
    assert_eq!(xlsb.sources[0].format, "xlsb");
    let xlsx = read("merged_project_cells.xlsx");
    let strip = |p: &crate::model::Project| {
        (
            p.project_id.clone(),
            p.project_name.clone(),
            p.pm_id.clone(),
            p.plan,
            p.seats,
            p.region.clone(),
            p.partner.clone(),
            p.origin.row,
        )
    };
    let (b, x): (Vec<_>, Vec<_>) =
        (xlsb.tables.projects.iter().map(strip).collect(), xlsx.tables.projects.iter().map(strip).collect());
    assert_eq!(b.len(), 5);
    assert_eq!(b, x);
}

#[test]
fn a_plain_xls_that_says_encryptioninfo_is_read() {
    // The word is stored in UTF-16 beside the Chinese text: a byte search for the
    // stream's name finds it, the compound file's directory does not.
    let out = read("says_encryptioninfo.xls");
    assert_eq!(places(&out), Vec::<String>::new());
    assert_eq!(out.tables.tasks.len(), 1);
    assert!(out.tables.tasks[0].task.contains("EncryptionInfo"));
    assert_eq!(out.sources[0].skipped, None);
}
