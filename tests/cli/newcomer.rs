//! From a newcomer's side (SPEC §1): a folder dropped on the program runs the month;
//! `--help` and clap's errors read in Chinese, or in English with `--lang en` or an
//! English locale.

use crate::support::*;

#[test]
fn a_bare_folder_runs_the_month() {
    let t = Test::new();
    valid_month().write(&t.month());
    let run = t.kaoping(&["2026-11/"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(t.root().join("kaoping-2026-11.xlsx").exists());
    assert!(run.stderr.contains("报表已写入"), "{}", run.stderr);
}

#[test]
fn help_is_chinese_by_default_and_english_on_request() {
    let t = Test::new();
    let zh = t.kaoping(&["--help"]);
    assert_eq!(zh.code, 0);
    assert!(zh.stdout.contains("用法：") && zh.stdout.contains("检查、评分并生成报表"), "{}", zh.stdout);
    assert!(!zh.stdout.contains("Usage") && !zh.stdout.contains("check, score"), "{}", zh.stdout);
    let run_help = t.kaoping(&["run", "--help"]);
    assert!(
        run_help.stdout.contains("有错误也生成草稿报表") && run_help.stdout.contains("选项："),
        "{}",
        run_help.stdout
    );
    for en in [t.kaoping(&["--help", "--lang", "en"]), t.kaoping_env(&["--help"], &[("LANG", "en_US.UTF-8")])] {
        assert_eq!(en.code, 0);
        assert!(
            en.stdout.contains("Usage:") && en.stdout.contains("check, score and write the report workbook"),
            "{}",
            en.stdout
        );
        assert!(!en.stdout.contains("检查、评分"), "{}", en.stdout);
    }
}

#[test]
fn argument_errors_are_chinese_and_exit_2() {
    let t = Test::new();
    let run = t.kaoping(&["chek", "2026-11"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("不认识的命令“chek”。是不是 check？"), "{}", run.stderr);
    let run = t.kaoping(&["check", "2026-11", "--month", "2026-13"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("「2026-13」不是月份"), "{}", run.stderr);
    assert!(!run.stderr.contains("is not a month"), "{}", run.stderr);
    let run = t.kaoping(&["check", "2026-11", "--month", "2026-13", "--lang", "en"]);
    assert!(run.stderr.contains("is not a month") && !run.stderr.contains("不是月份"), "{}", run.stderr);
}

#[test]
fn the_rules_command_says_the_file_is_right_and_what_differs_in_words() {
    let t = Test::new();
    std::fs::write(t.root().join("rules.toml"), "[item8]\nrate_limit = 0.02\n[item7]\nveto = [\"终止\"]\n").unwrap();
    let run = t.kaoping(&["rules", "--rules", "rules.toml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("规则文件正确：rules.toml\n"), "{}", run.stdout);
    assert!(run.stdout.contains("第7项 质量否决的事件：终止（默认 终止、暂停）"), "{}", run.stdout);
    assert!(run.stdout.contains("第8项 抽检错误率上限：2%（默认 1%）"), "{}", run.stdout);
    std::fs::write(t.root().join("bad.toml"), "[item8]\nrate_limit = \"0.02\"\n").unwrap();
    let run = t.kaoping(&["rules", "--rules", "bad.toml"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("第 2 行有误：应为数字（如 0.5，不加引号），而不是文字 \"0.02\""), "{}", run.stderr);
    let run = t.kaoping(&["rules", "--rules", "bad.toml", "--lang", "en"]);
    assert!(run.stderr.contains("line 2: a number such as 0.5 (without quotes) is expected"), "{}", run.stderr);
}
