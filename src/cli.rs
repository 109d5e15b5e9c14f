//! The command line (SPEC §1): parse the arguments, resolve them into a
//! [`Config`], run the pipeline, print, write, and choose the exit code.

use std::io::{IsTerminal, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::config::{Config, parse_month};
use crate::model::Month;
use crate::pipeline::{self, Stage};
use crate::rules::{Rules, RulesError};
use crate::terminal::{self, Style};
use crate::text::{Lang, Text};
use crate::{summary, t};

/// 考评 kaoping — 电话营销项目经理月度绩效考评 / monthly evaluation of telemarketing project managers.
///
/// 读取市场部、增值部的月度工作簿,逐格检查,按十项百分制(扣分制)评分、排名、分档,输出管理报表。
/// Reads the departments' monthly workbooks, checks them cell by cell, scores every PM on the
/// ten-item 100-point form, ranks them into five bonus tiers and writes the management workbook.
#[derive(Debug, Parser)]
#[command(name = "kaoping", version, max_term_width = 110)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// 检查、评分并生成报表 / check, score and write the report workbook
    Run {
        /// 输入文件夹或工作簿 / input folders or workbooks
        #[arg(required = true, value_name = "DIR|FILE")]
        inputs: Vec<PathBuf>,
        /// 考评月份,如 2026-11 / the month, e.g. 2026-11 [default: from the folder name or the QA dates]
        #[arg(long, value_parser = month_arg)]
        month: Option<Month>,
        /// 评分规则文件 / rules file (rules.toml)
        #[arg(long, value_name = "FILE")]
        rules: Option<PathBuf>,
        /// 报表输出路径 / report path [default: ./kaoping-YYYY-MM.xlsx]
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// 语言 / language
        #[arg(long, value_enum, default_value_t = Lang::Zh)]
        lang: Lang,
        /// 有错误也生成草稿报表 / write a report marked DRAFT even when the data has errors
        #[arg(long)]
        draft: bool,
        /// 覆盖输出路径上非 kaoping 生成的文件 / overwrite a file at --out that kaoping did not write
        #[arg(long)]
        force: bool,
        /// 在标准输出打印 JSON 摘要 / print the JSON summary on stdout
        #[arg(long)]
        json: bool,
    },
    /// 只检查输入,不评分 / check the inputs only
    Check {
        /// 输入文件夹或工作簿 / input folders or workbooks
        #[arg(required = true, value_name = "DIR|FILE")]
        inputs: Vec<PathBuf>,
        /// 考评月份,如 2026-11 / the month, e.g. 2026-11
        #[arg(long, value_parser = month_arg)]
        month: Option<Month>,
        /// 评分规则文件 / rules file (rules.toml)
        #[arg(long, value_name = "FILE")]
        rules: Option<PathBuf>,
        /// 语言 / language
        #[arg(long, value_enum, default_value_t = Lang::Zh)]
        lang: Lang,
        /// 输出格式 / output format
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// 生成空白输入模板和带注释的 rules.toml / write blank input workbooks and a commented rules.toml
    Template {
        /// 输出文件夹 / output folder
        #[arg(long, value_name = "DIR", default_value = ".")]
        out: PathBuf,
        /// 语言 / language
        #[arg(long, value_enum, default_value_t = Lang::Zh)]
        lang: Lang,
        /// 覆盖已有的同名文件 / overwrite files of the same names already there
        #[arg(long)]
        force: bool,
    },
    /// 校验规则文件并打印生效的规则 / validate a rules file and print the rules in force
    Rules {
        /// 评分规则文件 / rules file [default: the built-in rules]
        #[arg(long, value_name = "FILE")]
        rules: Option<PathBuf>,
        /// 语言(错误信息) / language (of error messages)
        #[arg(long, value_enum, default_value_t = Lang::Zh)]
        lang: Lang,
    },
    /// 生成一个模拟月份(演示、测试、基准) / write a synthetic month (demo, tests, benchmarks)
    Sample {
        /// 输出文件夹 / output folder
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// 项目经理人数 / number of PMs
        #[arg(long, default_value_t = 14)]
        pms: usize,
        /// 座席人数 / number of agents
        #[arg(long, default_value_t = 600)]
        agents: usize,
        /// 随机种子 / random seed
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// 覆盖已有的同名文件 / overwrite files of the same names already there
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

fn month_arg(s: &str) -> Result<Month, String> {
    parse_month(s)
        .filter(|_| s.chars().count() <= 12)
        .ok_or_else(|| format!("「{s}」不是月份;请写成 2026-11 / \"{s}\" is not a month; write it as 2026-11"))
}

/// Exit codes of SPEC §1.
const DONE: u8 = 0;
const DATA_ERRORS: u8 = 1;
const CANNOT_RUN: u8 = 2;

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { CANNOT_RUN } else { DONE });
        }
    };
    ExitCode::from(dispatch(cli.command))
}

/// Prints a fatal message (exit 2) in the chosen language.
fn fail(text: &Text, lang: Lang) -> u8 {
    eprintln!("kaoping: {}", text.get(lang));
    CANNOT_RUN
}

/// The rules in force and their file: `--rules`, else a `rules.toml` beside the
/// inputs ([`crate::rules::find_rules_file`]), else the defaults.
fn rules_for(given: Option<PathBuf>, inputs: &[PathBuf], lang: Lang) -> Result<(Rules, Option<PathBuf>), u8> {
    let file = given.or_else(|| crate::rules::find_rules_file(inputs));
    Ok((load_rules(file.as_deref(), lang)?, file))
}

fn load_rules(path: Option<&Path>, lang: Lang) -> Result<Rules, u8> {
    match path {
        None => Ok(Rules::default()),
        Some(p) => Rules::load(p).map_err(|e| {
            let text = match &e {
                RulesError::Syntax { path, line, message } => {
                    let path = path.display();
                    t!(
                        "规则文件 {path} 第 {line} 行有误:{message}",
                        "the rules file is wrong: {path}, line {line}: {message}"
                    )
                }
                RulesError::Io { path, source } => {
                    let path = path.display();
                    t!("无法读取规则文件 {path}:{source}", "cannot read the rules file {path}: {source}")
                }
                RulesError::Invalid { path, message } => {
                    let path = path.display();
                    t!("规则文件 {path} 的取值有误:{message}", "the rules file is wrong: {path}: {message}")
                }
            };
            fail(&text, lang)
        }),
    }
}

fn dispatch(command: Command) -> u8 {
    match command {
        Command::Check { inputs, month, rules, lang, format } => {
            let (rules, rules_file) = match rules_for(rules, &inputs, lang) {
                Ok(r) => r,
                Err(code) => return code,
            };
            let config = Config { inputs, month, rules, rules_file, lang, draft: false };
            check(&config, format)
        }
        Command::Run { inputs, month, rules, out, lang, draft, force, json } => {
            let (rules, rules_file) = match rules_for(rules, &inputs, lang) {
                Ok(r) => r,
                Err(code) => return code,
            };
            let config = Config { inputs, month, rules, rules_file, lang, draft };
            crate::run::run(&config, out, force, json)
        }
        Command::Template { out, lang, force } => {
            if let Err(code) = refuse_existing(&crate::template::template_files(&out, lang), force, lang) {
                return code;
            }
            if let Err(e) = std::fs::create_dir_all(&out) {
                let dir = out.display().to_string();
                return fail(&t!("无法建立文件夹 {dir}:{e}", "cannot create the folder {dir}: {e}"), lang);
            }
            match crate::template::write_templates(&out, lang) {
                Ok(files) => {
                    for f in files {
                        println!("{}", f.display());
                    }
                    DONE
                }
                Err(e) => fail(&t!("无法写入模板:{e}", "cannot write the templates: {e}"), lang),
            }
        }
        Command::Rules { rules, lang } => match load_rules(rules.as_deref(), lang) {
            Ok(r) => {
                print!("{}", r.to_toml());
                DONE
            }
            Err(code) => code,
        },
        Command::Sample { out, pms, agents, seed, force } => {
            if let Err(code) = refuse_existing(&crate::sample::sample_files(&out), force, Lang::Zh) {
                return code;
            }
            if pms == 0 || agents < pms {
                return fail(
                    &t!("--pms 至少为 1,--agents 不少于 --pms", "--pms must be at least 1 and --agents at least --pms"),
                    Lang::Zh,
                );
            }
            match crate::sample::write_sample(&out, crate::sample::SampleSpec { pms, agents, seed }) {
                Ok(files) => {
                    for f in files {
                        println!("{}", f.display());
                    }
                    DONE
                }
                Err(e) => fail(&t!("无法写入模拟月份:{e}", "cannot write the sample month: {e}"), Lang::Zh),
            }
        }
    }
}

/// `template` and `sample` never write over a user's files without `--force`.
fn refuse_existing(files: &[PathBuf], force: bool, lang: Lang) -> Result<(), u8> {
    let existing: Vec<String> = files.iter().filter(|f| f.exists()).map(|f| f.display().to_string()).collect();
    if force || existing.is_empty() {
        return Ok(());
    }
    let list = existing.join(", ");
    Err(fail(
        &t!(
            "以下文件已存在,未覆盖:{list};换一个 --out 文件夹,或加 --force 覆盖",
            "these files exist and were left untouched: {list}; choose another --out folder, or pass --force to overwrite them"
        ),
        lang,
    ))
}

/// A spinner on stderr while files are read; hidden when stderr is not a terminal.
pub(crate) fn progress_bar() -> indicatif::ProgressBar {
    if std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    } else {
        indicatif::ProgressBar::hidden()
    }
}

fn check(config: &Config, format: Format) -> u8 {
    let bar = progress_bar();
    let progress = |file: &str| bar.set_message(file.to_string());
    let evaluation = pipeline::evaluate(config, Stage::Check, &progress);
    bar.finish_and_clear();
    let evaluation = match evaluation {
        Ok(e) => e,
        Err(e) => return fail(e.text(), config.lang),
    };
    let mut stdout = std::io::stdout().lock();
    let text = match format {
        Format::Json => {
            let value = summary::check_summary(Some(evaluation.month), &evaluation.diags, config.lang);
            format!("{}\n", serde_json::to_string_pretty(&value).expect("JSON"))
        }
        Format::Text => {
            let style = Style::detect(std::io::stdout().is_terminal());
            let month = evaluation.month.to_string();
            let head = t!("考评月份 {month}", "month {month}");
            let rules = summary::rules_line(&config.rules, config.rules_file.as_deref(), config.lang);
            format!(
                "{}\n{rules}\n{}",
                head.get(config.lang),
                terminal::diagnostics(&evaluation.diags, config.lang, style)
            )
        }
    };
    let _ = stdout.write_all(text.as_bytes());
    if evaluation.errors() > 0 { DATA_ERRORS } else { DONE }
}
