//! Inputs and outputs as files: discovery, the month, exit 2, never overwriting a
//! user's file, atomic writes, reproducible bytes.

use crate::support::*;

#[test]
fn no_input_files_is_exit_2() {
    let t = Test::new();
    let run = t.kaoping(&["check", "2026-11", "--lang", "en"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no input workbooks"), "{}", run.stderr);
}

#[test]
fn bad_arguments_are_exit_2() {
    let t = Test::new();
    assert_eq!(t.kaoping(&["check"]).code, 2);
    assert_eq!(t.kaoping(&["check", "2026-11", "--month", "2026-13"]).code, 2);
    assert_eq!(t.kaoping(&["frobnicate"]).code, 2);
}

#[test]
fn month_from_qa_dates_when_the_folder_has_no_month() {
    let t = Test::new();
    let dir = t.root().join("inputs");
    std::fs::create_dir(&dir).unwrap();
    valid_month().write(&dir);
    let run = t.kaoping(&["check", "inputs", "--format", "json"]);
    assert_eq!(run.json()["month"], "2026-11");
}

#[test]
fn no_month_anywhere_asks_for_month() {
    let t = Test::new();
    let dir = t.root().join("inputs");
    std::fs::create_dir(&dir).unwrap();
    let mut books = valid_month();
    books.sheet("质检.xlsx", "日常抽检").set(2, 0, d(2026, 10, 15));
    books.write(&dir);
    let run = t.kaoping(&["check", "inputs", "--lang", "en"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--month") && run.stderr.contains("2026-10"), "{}", run.stderr);
    let run = t.kaoping(&["check", "inputs", "--month", "2026-11", "--format", "json"]);
    assert_eq!(run.json()["month"], "2026-11");
}

#[test]
fn a_foreign_file_at_out_survives() {
    let t = Test::new();
    valid_month().write(&t.month());
    let out = t.root().join("预算.xlsx");
    write_book(&out, &[Sheet::new("预算", vec![vec![s("重要的表")]])]);
    let before = std::fs::read(&out).unwrap();
    let run = t.kaoping(&["run", "2026-11", "--out", "预算.xlsx", "--lang", "en"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not a kaoping report"), "{}", run.stderr);
    assert_eq!(std::fs::read(&out).unwrap(), before);
    let run = t.kaoping(&["run", "2026-11", "--out", "预算.xlsx", "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_ne!(std::fs::read(&out).unwrap(), before);
}

#[test]
fn an_input_file_is_never_the_output() {
    let t = Test::new();
    valid_month().write(&t.month());
    let input = t.month().join("质检.xlsx");
    let before = std::fs::read(&input).unwrap();
    let run = t.kaoping(&["run", "2026-11", "--out", "2026-11/质检.xlsx", "--force", "--lang", "en"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("one of the inputs"), "{}", run.stderr);
    assert_eq!(std::fs::read(&input).unwrap(), before);
}

#[test]
fn a_missing_output_folder_is_exit_2_with_the_path() {
    let t = Test::new();
    valid_month().write(&t.month());
    let run = t.kaoping(&["run", "2026-11", "--out", "nowhere/r.xlsx", "--lang", "en"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("nowhere"), "{}", run.stderr);
}

#[test]
fn an_old_report_is_replaced_and_an_interrupted_run_keeps_it() {
    let t = Test::new();
    valid_month().write(&t.month());
    assert_eq!(t.kaoping(&["run", "2026-11"]).code, 0);
    let report = t.root().join("kaoping-2026-11.xlsx");
    let first = std::fs::read(&report).unwrap();
    // A second run may replace its own earlier report.
    let run = t.kaoping_env(&["run", "2026-11"], &[("SOURCE_DATE_EPOCH", "1767225600")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let second = std::fs::read(&report).unwrap();
    assert_ne!(first, second);
    // A run that dies after writing the temporary file and before the rename.
    let mut books = valid_month();
    books.sheet("增值部.xlsx", "上级交办工作").set(2, 2, s("未完成"));
    books.write(&t.month());
    let run = t.kaoping_env(&["run", "2026-11"], &[("KAOPING_FAULT", "before-rename")]);
    assert_ne!(run.code, 0);
    assert_eq!(std::fs::read(&report).unwrap(), second, "the old report is intact");
}

#[test]
fn identical_inputs_give_identical_bytes_under_source_date_epoch() {
    let t = Test::new();
    valid_month().write(&t.month());
    let env = [("SOURCE_DATE_EPOCH", "1767225600")];
    assert_eq!(t.kaoping_env(&["run", "2026-11", "--out", "a.xlsx"], &env).code, 0);
    assert_eq!(t.kaoping_env(&["run", "2026-11", "--out", "b.xlsx"], &env).code, 0);
    let a = std::fs::read(t.root().join("a.xlsx")).unwrap();
    let b = std::fs::read(t.root().join("b.xlsx")).unwrap();
    assert!(a == b, "reports differ");
}

#[test]
fn template_and_sample_never_write_over_a_users_file() {
    let t = Test::new();
    valid_month().write(&t.month());
    let theirs = t.month().join("市场部.xlsx");
    let before = std::fs::read(&theirs).unwrap();
    for args in [["template", "--out", "2026-11"], ["sample", "--out", "2026-11"]] {
        let run = t.kaoping(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("市场部.xlsx"), "{}", run.stderr);
        assert_eq!(std::fs::read(&theirs).unwrap(), before, "{args:?}");
    }
    let run = t.kaoping(&["template", "--out", "2026-11", "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_ne!(std::fs::read(&theirs).unwrap(), before);
}

#[test]
fn a_path_that_does_not_exist_is_exit_2_with_the_path() {
    let t = Test::new();
    let run = t.kaoping(&["check", "2026-12", "--lang", "en"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("2026-12: no such file or folder"), "{}", run.stderr);
}

/// `run DIR --json --month 2026-11` must succeed; its managers (ranks, items,
/// deductions with their reasons).
fn managers(t: &Test, dir: &str) -> serde_json::Value {
    let out = format!("{}.xlsx", dir.replace('/', "-"));
    let run = t.kaoping(&["run", dir, "--json", "--month", "2026-11", "--out", &out, "--lang", "en"]);
    assert_eq!(run.code, 0, "{dir}: {}\n{}", run.stderr, run.stdout);
    let managers = run.json()["managers"].clone();
    assert_eq!(managers.as_array().map(Vec::len), Some(2), "{dir}");
    managers
}

/// The valid month in `dir`, with the agents table (运营部.xlsx, sheet 座席) taken
/// out: returns the agents sheet.
fn month_without_agents(dir: &std::path::Path) -> Sheet {
    let mut books = valid_month();
    let sheets = books.files.get_mut("运营部.xlsx").unwrap();
    let agents = sheets.remove(1);
    assert_eq!(agents.name, "座席");
    std::fs::create_dir_all(dir).unwrap();
    books.write(dir);
    agents
}

/// Runs kaoping, killing it (and failing) if it has not finished within 60 s.
fn kaoping_or_hang(t: &Test, args: &[&str]) -> Run {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let mut child = Command::new(env!("CARGO_BIN_EXE_kaoping"))
        .args(args)
        .current_dir(t.root())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("kaoping {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

#[cfg(unix)]
#[test]
fn gbk_file_names_are_each_read_and_shown_decoded() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let t = Test::new();
    valid_month().write(&t.month());
    let want = managers(&t, "2026-11");
    let dir = t.root().join("gbk");
    let agents = month_without_agents(&dir);
    // Three region files named in GBK bytes (a Windows zip unpacked on Linux), each
    // holding part of the agents. Shown lossily, all three names are "����.xlsx".
    let regions = ["华北", "华南", "华东"];
    for (k, region) in regions.iter().enumerate() {
        let mut rows = vec![agents.rows[0].clone()];
        rows.extend(agents.rows[1..].iter().skip(k).step_by(3).cloned());
        let name = encoding_rs::GBK.encode(&format!("{region}.xlsx")).0.into_owned();
        assert!(std::str::from_utf8(&name).is_err());
        write_book(&dir.join(OsStr::from_bytes(&name)), &[Sheet::new("座席", rows)]);
    }
    assert_eq!(managers(&t, "gbk"), want, "all three files read, once each");
    // The names are shown decoded: a finding in one of them names it.
    let bad = encoding_rs::GBK.encode("华南.xlsx").0.into_owned();
    let mut rows = vec![agents.rows[0].clone(), agents.rows[2].clone()];
    rows[1][agents.col("外呼量")] = s("很多");
    write_book(&dir.join(OsStr::from_bytes(&bad)), &[Sheet::new("座席", rows)]);
    let run = t.kaoping(&["check", "gbk", "--month", "2026-11", "--format", "json", "--lang", "en"]);
    let bad_value = run.checks("bad-value");
    assert_eq!(bad_value.len(), 1, "{}", run.stdout);
    assert_eq!(bad_value[0]["file"], "gbk/华南.xlsx");
    assert_eq!(bad_value[0]["sheet"], "座席");
    assert_eq!(bad_value[0]["cell"], "J2");
}

#[cfg(unix)]
#[test]
fn a_linked_folder_is_read_and_links_to_nowhere_fifos_and_loops_are_named() {
    use std::os::unix::fs::symlink;
    let t = Test::new();
    valid_month().write(&t.month());
    let want = managers(&t, "2026-11");
    let dir = t.root().join("linked");
    std::fs::create_dir(&dir).unwrap();
    symlink(t.month(), dir.join("数据")).unwrap();
    assert_eq!(managers(&t, "linked"), want, "the linked folder is read");

    symlink(dir.join("不存在.xlsx"), dir.join("旧表.xlsx")).unwrap();
    symlink(&dir, dir.join("回环")).unwrap();
    let made = std::process::Command::new("mkfifo").arg(dir.join("管道.xlsx")).status().unwrap();
    assert!(made.success());
    let run = kaoping_or_hang(&t, &["check", "linked", "--month", "2026-11", "--format", "json", "--lang", "en"]);
    assert_eq!(run.code, 0, "warnings only: {}", run.stdout);
    let skipped: Vec<(String, String)> = run
        .checks("skipped-file")
        .iter()
        .map(|c| {
            assert_eq!(c["severity"], "warning");
            (c["file"].as_str().unwrap().to_string(), c["message"].as_str().unwrap().to_string())
        })
        .collect();
    assert_eq!(skipped.len(), 3, "{skipped:#?}");
    assert_eq!(skipped[0].0, "linked/回环");
    assert!(skipped[0].1.starts_with("the link leads back into linked: not followed"), "{}", skipped[0].1);
    assert_eq!(skipped[1].0, "linked/旧表.xlsx");
    assert!(skipped[1].1.contains("link (shortcut) whose target cannot be reached"), "{}", skipped[1].1);
    assert_eq!(skipped[2].0, "linked/管道.xlsx");
    assert!(skipped[2].1.starts_with("not a regular file but a named pipe (FIFO): not opened"), "{}", skipped[2].1);
    // The same month's scores: the skipped paths took nothing away.
    let run =
        kaoping_or_hang(&t, &["run", "linked", "--month", "2026-11", "--json", "--out", "l.xlsx", "--lang", "en"]);
    assert_eq!(run.json()["managers"], want);

    // A FIFO named on the command line is named too, and never opened.
    let run =
        kaoping_or_hang(&t, &["check", "linked/管道.xlsx", "--month", "2026-11", "--format", "json", "--lang", "en"]);
    let skipped = run.checks("skipped-file");
    assert_eq!(skipped.len(), 1, "{}", run.stdout);
    assert_eq!(skipped[0]["file"], "linked/管道.xlsx");
}

#[test]
fn wps_numbers_and_other_files_in_a_folder() {
    let t = Test::new();
    valid_month().write(&t.month());
    for name in ["旧表.et", "模板.ETT", "苹果.numbers", "说明.txt", "截图.png"] {
        std::fs::write(t.month().join(name), b"\xd0\xcf\x11\xe0 not read").unwrap();
    }
    let run = t.check_json();
    assert_eq!(run.code, 0, "{}", run.stdout);
    let skipped = run.checks("skipped-file");
    let files: Vec<&str> = skipped.iter().map(|c| c["file"].as_str().unwrap()).collect();
    assert_eq!(files, ["2026-11/旧表.et", "2026-11/模板.ETT", "2026-11/苹果.numbers"], "txt and png are not named");
    assert!(skipped[0]["message"].as_str().unwrap().contains("open it in WPS and save it as .xlsx"));
    assert!(skipped[2]["message"].as_str().unwrap().contains("export it from Numbers as Excel (.xlsx)"));
    let zh = t.kaoping(&["check", "2026-11"]);
    assert!(zh.stdout.contains("请用 WPS 打开后另存为 .xlsx"), "{}", zh.stdout);
}

/// The agents sheet as CSV text: dates as `2025-03-01`, numbers as written.
fn agents_csv(agents: &Sheet) -> String {
    let mut out = String::new();
    for row in &agents.rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| match c {
                Cell::S(t) => format!("\"{}\"", t.replace('"', "\"\"")),
                Cell::N(v) => v.to_string(),
                Cell::D(y, m, d) => format!("{y}-{m:02}-{d:02}"),
                Cell::Blank => String::new(),
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

#[test]
fn csv_exports_in_gbk_and_utf8_with_bom_score_like_the_workbook() {
    let t = Test::new();
    valid_month().write(&t.month());
    let want = managers(&t, "2026-11");
    let text = agents_csv(&month_without_agents(&t.root().join("gbk-csv")));
    let gbk = encoding_rs::GBK.encode(&text).0.into_owned();
    assert!(std::str::from_utf8(&gbk).is_err());
    std::fs::write(t.root().join("gbk-csv/座席导出.csv"), gbk).unwrap();
    assert_eq!(managers(&t, "gbk-csv"), want, "GBK");
    let _ = month_without_agents(&t.root().join("bom-csv"));
    std::fs::write(t.root().join("bom-csv/座席导出.CSV"), format!("\u{feff}{text}")).unwrap();
    assert_eq!(managers(&t, "bom-csv"), want, "UTF-8 with BOM");
    // Findings name the CSV, its one sheet (the file's stem) and the cell.
    std::fs::write(t.root().join("bom-csv/座席导出.CSV"), format!("\u{feff}{}", text.replacen(",22,", ",二十二,", 1)))
        .unwrap();
    let run = t.kaoping(&["check", "bom-csv", "--month", "2026-11", "--format", "json", "--lang", "en"]);
    let bad = run.checks("bad-value");
    assert_eq!(bad.len(), 1, "{}", run.stdout);
    assert_eq!(
        (&bad[0]["file"], &bad[0]["sheet"], &bad[0]["cell"]),
        (&serde_json::json!("bom-csv/座席导出.CSV"), &serde_json::json!("座席导出"), &serde_json::json!("E2"))
    );
}

#[test]
fn an_unprotected_xls_that_says_encryptioninfo_is_read() {
    let t = Test::new();
    let mut books = valid_month();
    books.files.get_mut("增值部.xlsx").unwrap().remove(1);
    books.write(&t.month());
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/read/says_encryptioninfo.xls"),
        t.month().join("交办.xls"),
    )
    .unwrap();
    let run = t.check_json();
    assert!(run.checks("unreadable-file").is_empty(), "{}", run.stdout);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn out_that_is_a_device_or_a_fifo_is_refused_unread() {
    let t = Test::new();
    valid_month().write(&t.month());
    for (out, force) in [("/dev/null", false), ("/dev/full", true), ("/dev/stdout", false)] {
        let mut args = vec!["run", "2026-11", "--out", out, "--lang", "en"];
        if force {
            args.push("--force");
        }
        let run = kaoping_or_hang(&t, &args);
        assert_eq!(run.code, 2, "{out}: {}", run.stderr);
        assert!(run.stderr.contains(&format!("{out} is not a regular file")), "{}", run.stderr);
    }
    // Said at once, before the inputs are read (here there are none to read).
    let empty = t.root().join("空");
    std::fs::create_dir(&empty).unwrap();
    let run = kaoping_or_hang(&t, &["run", "空", "--out", "/dev/null", "--lang", "en"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.starts_with("kaoping: /dev/null is not a regular file"), "{}", run.stderr);
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let made = std::process::Command::new("mkfifo").arg(t.root().join("报表.xlsx")).status().unwrap();
        assert!(made.success());
        let run = kaoping_or_hang(&t, &["run", "2026-11", "--out", "报表.xlsx", "--force"]);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stderr.contains("报表.xlsx 不是普通文件"), "{}", run.stderr);
        let ft = std::fs::symlink_metadata(t.root().join("报表.xlsx")).unwrap().file_type();
        assert!(ft.is_fifo(), "the FIFO is left as it was");
    }
}

#[test]
fn out_that_is_a_folder_gets_the_default_name_inside() {
    let t = Test::new();
    valid_month().write(&t.month());
    std::fs::create_dir(t.root().join("报表")).unwrap();
    let run = t.kaoping(&["run", "2026-11", "--out", "报表", "--lang", "en"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = t.root().join("报表/kaoping-2026-11.xlsx");
    assert!(run.stderr.contains("报表/kaoping-2026-11.xlsx"), "{}", run.stderr);
    let first = std::fs::read(&report).unwrap();
    // Its own report there is replaced; a foreign file under that name is not.
    let run = t.kaoping_env(&["run", "2026-11", "--out", "报表"], &[("SOURCE_DATE_EPOCH", "1767225600")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_ne!(std::fs::read(&report).unwrap(), first);
    write_book(&report, &[Sheet::new("预算", vec![vec![s("重要的表")]])]);
    let run = t.kaoping(&["run", "2026-11", "--out", "报表", "--lang", "en"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("kaoping-2026-11.xlsx exists and is not a kaoping report"), "{}", run.stderr);
    // A folder under the default name inside the folder is refused, not written into.
    std::fs::remove_file(&report).unwrap();
    std::fs::create_dir(&report).unwrap();
    let run = t.kaoping(&["run", "2026-11", "--out", "报表", "--lang", "en"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("kaoping-2026-11.xlsx is a folder"), "{}", run.stderr);
}
