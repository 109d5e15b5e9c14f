//! The command line in the user's language: `--help`, clap's usage lines and its
//! errors in Chinese (the default) or English (`--lang en`, or `LANG=en*`), and a
//! bare folder taken as `run`.
//!
//! Every help text of [`super::Cli`] is written `中文 / English`; the half of the
//! language is kept ([`localise`]). clap's own words (`Usage:`, `Options:`, `Print
//! help`, its error sentences) are English: in Chinese they are replaced, each error
//! kind by a sentence of ours, with clap's English kept in brackets where ours does
//! not say everything.

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory};

use super::exit;
use crate::text::{Lang, Text};

/// The subcommands, for telling a bare folder from a command.
const COMMANDS: [&str; 9] = ["run", "check", "template", "rules", "sample", "history", "help", "serve", "user"];

/// `kaoping 2026-11/` is `kaoping run 2026-11/`: a first argument that is no option
/// and no command but a path that exists.
pub fn bare_folder_is_run(mut args: Vec<OsString>) -> Vec<OsString> {
    let is_path = args.get(1).is_some_and(|a| {
        let s = a.to_string_lossy();
        !s.starts_with('-') && !COMMANDS.contains(&s.as_ref()) && std::path::Path::new(a).exists()
    });
    if is_path {
        args.insert(1, "run".into());
    }
    args
}

/// The language of help and errors: `--lang X` / `--lang=X` on the line, else the
/// locale (`LC_ALL`, `LANG`) when it starts with `en`, else Chinese.
pub fn help_lang(args: &[OsString]) -> Lang {
    let args: Vec<String> = args.iter().map(|a| a.to_string_lossy().into_owned()).collect();
    for (i, a) in args.iter().enumerate() {
        let value = match a.strip_prefix("--lang") {
            Some("") => args.get(i + 1).map(String::as_str),
            Some(rest) => rest.strip_prefix('='),
            None => None,
        };
        match value {
            Some("en") => return Lang::En,
            Some("zh") => return Lang::Zh,
            _ => {}
        }
    }
    let locale = ["LC_ALL", "LANG"].iter().find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()));
    if locale.is_some_and(|l| l.to_ascii_lowercase().starts_with("en")) { Lang::En } else { Lang::Zh }
}

/// The half of `中文 / English` for `lang` (the whole text when it has no ` / `).
fn pick(text: &str, lang: Lang) -> String {
    match text.split_once(" / ") {
        Some((zh, en)) => lang.pick(zh, en).trim().to_string(),
        None => text.to_string(),
    }
}

/// The clap command with every text in `lang`.
pub fn command(lang: Lang) -> Command {
    localise(super::Cli::command(), lang, true)
}

fn localise(cmd: Command, lang: Lang, top: bool) -> Command {
    let about = cmd.get_about().map(|a| pick(&a.to_string(), lang));
    static POSITIONAL: Text = Text::of("参数", "Arguments");
    static OPTIONS: Text = Text::of("选项", "Options");
    let (positional, options) = (POSITIONAL.get(lang), OPTIONS.get(lang));
    let mut cmd = cmd
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .mut_args(|a| {
            let help = a.get_help().map(|h| pick(&h.to_string(), lang));
            let heading = if a.is_positional() { positional } else { options };
            let a = a.help_heading(heading);
            match help {
                Some(h) => a.help(h),
                None => a,
            }
        })
        .mut_subcommands(|sc| localise(sc, lang, false))
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(Text::of("显示帮助", "Print help").take(lang))
                .help_heading(options),
        );
    if top {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(Text::of("显示版本", "Print version").take(lang))
                .help_heading(options),
        );
        static COMMANDS: Text = Text::of("命令", "Commands");
        static COMMAND: Text = Text::of("命令", "COMMAND");
        cmd = cmd.subcommand_help_heading(COMMANDS.get(lang)).subcommand_value_name(COMMAND.get(lang));
        cmd = cmd.after_help(Text::of(
            "把月份文件夹拖到程序上（kaoping 2026-11/）等于 kaoping run 2026-11/。退出码：0 完成，1 数据有错误，2 无法运行。",
            "Dropping a month's folder on the program (kaoping 2026-11/) is kaoping run 2026-11/. Exit codes: 0 done, 1 the data has errors, 2 could not run.",
        )
        .take(lang));
    }
    if lang == Lang::Zh {
        cmd = cmd.help_template("{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}");
    }
    match about {
        Some(a) => cmd.about(a),
        None => cmd,
    }
}

/// Prints a clap error or the help/version it stands for; gives the exit code
/// (0 for help and version, 2 otherwise).
pub fn clap_error(e: clap::Error, lang: Lang) -> u8 {
    let code = if e.use_stderr() { exit::CANNOT_RUN } else { exit::DONE };
    if lang == Lang::En && e.kind() == ErrorKind::ValueValidation {
        // Our parsers' messages are `中文 / English`: the English half.
        let why = std::error::Error::source(&e).map(|s| pick(&s.to_string(), Lang::En)).unwrap_or_default();
        let arg = e.get(ContextKind::InvalidArg).map(|a| a.to_string()).unwrap_or_default();
        let value = e.get(ContextKind::InvalidValue).map(|a| a.to_string()).unwrap_or_default();
        eprintln!("error: invalid value '{value}' for '{arg}': {why}\n\nFor more information, try '--help'.");
        return code;
    }
    if lang == Lang::En || !e.use_stderr() {
        let rendered = e.render().to_string();
        let text = if lang == Lang::Zh { chinese_words(&rendered) } else { rendered };
        if e.use_stderr() {
            eprint!("{text}");
        } else {
            print!("{text}");
        }
        return code;
    }
    if matches!(e.kind(), ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand) {
        eprint!("{}", chinese_words(&e.render().to_string()));
        return code;
    }
    let usage = match e.get(ContextKind::Usage) {
        Some(ContextValue::StyledStr(u)) => chinese_words(&u.to_string()),
        _ => String::new(),
    };
    eprintln!("kaoping：错误：{}", chinese_error(&e));
    if !usage.is_empty() {
        eprintln!("\n{}", usage.trim_end());
    }
    eprintln!("\n用 kaoping --help 查看帮助。");
    code
}

/// One of clap's errors as a Chinese sentence.
fn chinese_error(e: &clap::Error) -> String {
    let get = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let (arg, value) = (get(ContextKind::InvalidArg), get(ContextKind::InvalidValue));
    let hint = |k: ContextKind| {
        let s = get(k);
        if s.is_empty() { String::new() } else { format!("。是不是 {s}？") }
    };
    match e.kind() {
        ErrorKind::UnknownArgument => format!("不认识的选项或参数“{arg}”{}", hint(ContextKind::SuggestedArg)),
        ErrorKind::InvalidSubcommand => {
            let sub = get(ContextKind::InvalidSubcommand);
            let hint = hint(ContextKind::SuggestedSubcommand);
            let sep = if hint.is_empty() { "。" } else { "" };
            format!("不认识的命令“{sub}”{hint}{sep}可用的命令：{}", COMMANDS.join("、"))
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{arg}"),
        ErrorKind::InvalidValue => {
            let valid = get(ContextKind::ValidValue);
            if value.is_empty() {
                format!("{arg} 需要一个取值")
            } else {
                format!("{arg} 的取值“{value}”无效；可选：{valid}")
            }
        }
        ErrorKind::ValueValidation => {
            // Our own parsers' messages are written `中文 / English`.
            let why = std::error::Error::source(e).map(|s| pick(&s.to_string(), Lang::Zh)).unwrap_or_default();
            format!("{arg} 的取值“{value}”无效：{why}")
        }
        ErrorKind::ArgumentConflict => format!("{arg} 不能与 {} 同时使用", get(ContextKind::PriorArg)),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => format!("{arg} 的取值个数不对（“{value}”）"),
        ErrorKind::NoEquals => format!("{arg} 须写成 {arg}=取值"),
        ErrorKind::InvalidUtf8 => "参数不是有效的 UTF-8 文字".to_string(),
        _ => {
            let original = e.to_string();
            let first = original.lines().next().unwrap_or_default().trim_start_matches("error: ");
            format!("参数有误（{first}）")
        }
    }
}

/// clap's fixed English words in a rendered help or usage, in Chinese.
fn chinese_words(text: &str) -> String {
    let mut out = text.to_string();
    for (en, zh) in [
        ("Usage: ", "用法："),
        ("Usage:", "用法："),
        ("命令:\n", "命令：\n"),
        ("选项:\n", "选项：\n"),
        ("参数:\n", "参数：\n"),
        ("Possible values:", "可选值："),
        ("[OPTIONS]", "[选项]"),
        ("<COMMAND>", "<命令>"),
        ("[default: ", "[默认："),
        ("[possible values: ", "[可选："),
        ("error: ", "错误："),
        ("For more information, try '--help'.", "用 --help 查看帮助。"),
    ] {
        out = out.replace(en, zh);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_help_text_has_both_languages() {
        fn walk(cmd: &Command, path: &str) {
            for a in cmd.get_arguments() {
                let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
                assert!(help.contains(" / "), "{path} --{}: {help}", a.get_id());
            }
            for sc in cmd.get_subcommands() {
                let about = sc.get_about().map(|h| h.to_string()).unwrap_or_default();
                assert!(about.contains(" / "), "{path} {}: {about}", sc.get_name());
                walk(sc, &format!("{path} {}", sc.get_name()));
            }
        }
        walk(&super::super::Cli::command(), "kaoping");
    }

    #[test]
    fn the_help_is_in_one_language() {
        let zh = command(Lang::Zh).render_help().to_string();
        assert!(zh.contains("用法：") && zh.contains("检查、评分并生成报表") && zh.contains("显示帮助"), "{zh}");
        assert!(!zh.contains("check, score and write") && !zh.contains("Usage:"), "{zh}");
        let en = command(Lang::En).render_help().to_string();
        assert!(en.contains("Usage:") && en.contains("check, score and write the report workbook"), "{en}");
        assert!(!en.contains("检查、评分"), "{en}");
    }

    #[test]
    fn a_bare_folder_is_run_and_the_language_is_found() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().as_os_str().to_owned();
        let args = bare_folder_is_run(vec!["kaoping".into(), d.clone()]);
        assert_eq!(args, vec![OsString::from("kaoping"), "run".into(), d.clone()]);
        let args = bare_folder_is_run(vec!["kaoping".into(), "check".into(), d.clone()]);
        assert_eq!(args[1], "check");
        let args = bare_folder_is_run(vec!["kaoping".into(), "no-such-folder".into()]);
        assert_eq!(args[1], "no-such-folder");
        assert_eq!(help_lang(&["kaoping".into(), "--lang".into(), "en".into()]), Lang::En);
        assert_eq!(help_lang(&["kaoping".into(), "--lang=zh".into()]), Lang::Zh);
    }
}
