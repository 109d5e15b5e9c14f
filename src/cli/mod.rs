//! The command line (SPEC §1): parse the arguments (the only place clap is used),
//! resolve them once into a [`Config`], and hand it to the subcommand, one file
//! each: [`run`], [`check`], [`template`], [`rules`], [`sample`]. Help and clap's
//! errors in the user's language: [`words`].
//!
//! Choices where the SPEC is silent:
//! - A bare path as the first argument (`kaoping 2026-11/`, what dragging a folder onto
//!   the program does) is `kaoping run 2026-11/` when that path exists.
//! - The language of help and of clap's errors: `--lang` anywhere on the line, else
//!   `LANG`/`LC_ALL` starting with `en`, else Chinese. `LANG` does not change the
//!   language of reports and diagnostics: that is `--lang` alone, so a report does
//!   not change with the machine it is made on.

mod cards;
mod check;
pub(crate) mod history;
pub(crate) mod mark;
mod rules;
pub(crate) mod run;
mod sample;
mod serve;
mod template;
mod user;
mod words;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::{Config, OutputFormat, parse_month};
use crate::model::Month;
use crate::text::{Lang, Text};

/// Exit codes of SPEC §1, for every subcommand.
pub mod exit {
    /// Done (for `check`: no errors; warnings allowed).
    pub const DONE: u8 = 0;
    /// The data has errors (for `run`: no report, unless `--draft`).
    pub const DATA_ERRORS: u8 = 1;
    /// The command could not run: bad arguments, unreadable rules, no inputs, an output it may not write.
    pub const CANNOT_RUN: u8 = 2;
}

/// 考评 kaoping — 电话营销项目经理月度绩效考评 / monthly evaluation of telemarketing project managers
#[derive(Debug, Parser)]
#[command(name = "kaoping", version, max_term_width = 110)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// 语言（帮助、报表、检查结果） / language (of help, reports, findings)
    #[arg(long, global = true, value_enum, default_value_t = LangArg::Zh)]
    lang: LangArg,
}

/// What `run` and `check` share: the inputs, the month, the rules, the language.
#[derive(Debug, Args)]
struct Inputs {
    /// 输入文件夹或工作簿 / input folders or workbooks
    #[arg(required = true, value_name = "DIR|FILE")]
    inputs: Vec<PathBuf>,
    /// 考评月份，如 2026-11［默认：文件夹名称或抽检日期］ / the month, e.g. 2026-11 [default: from the folder name or the QA dates]
    #[arg(long, value_parser = month_arg)]
    month: Option<Month>,
    /// 评分规则文件［默认：输入文件夹或其上一级中的 rules.toml］ / rules file [default: a rules.toml in the input folder or its parent]
    #[arg(long, value_name = "FILE")]
    rules: Option<PathBuf>,
    /// 显示每一组检查结果（默认每种最多 20 组） / show every group of findings (default: at most 20 of a code)
    #[arg(long)]
    all: bool,
    /// 把有问题的输入工作簿标注后另存到此文件夹（原文件不变） / write marked copies of the input workbooks with findings into this folder (the inputs stay unchanged)
    #[arg(long, value_name = "DIR")]
    mark: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum HistoryCommand {
    /// 把已有的 kaoping 报表读回历史记录（同一份读两次不会重复） / read earlier kaoping reports back into the history (the same report twice adds nothing)
    Import {
        /// kaoping 生成的报表 / reports kaoping wrote
        #[arg(required = true, value_name = "REPORT.xlsx")]
        reports: Vec<PathBuf>,
        /// 历史记录文件 / the history store
        #[arg(long, value_name = "FILE", default_value = "kaoping.db")]
        history: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum Command {
    /// 检查、评分并生成报表 / check, score and write the report workbook
    Run {
        #[command(flatten)]
        inputs: Inputs,
        /// 报表输出路径［默认：./kaoping-YYYY-MM.xlsx］ / report path [default: ./kaoping-YYYY-MM.xlsx]
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// 有错误也生成草稿报表 / write a report marked DRAFT even when the data has errors
        #[arg(long)]
        draft: bool,
        /// 覆盖输出路径上非 kaoping 生成的文件 / overwrite a file at --out that kaoping did not write
        #[arg(long)]
        force: bool,
        /// 在标准输出打印 JSON 摘要 / print the JSON summary on stdout
        #[arg(long)]
        json: bool,
        /// 另为每名项目经理写一份只含其考评表的工作簿到此文件夹 / also write one workbook per PM, with only their scorecard, into this folder
        #[arg(long, value_name = "DIR")]
        cards: Option<PathBuf>,
        /// 历史记录文件［默认：报表旁的 kaoping.db］ / the history store [default: kaoping.db beside the report]
        #[arg(long, value_name = "FILE")]
        history: Option<PathBuf>,
        /// 不读也不写历史记录 / neither read nor write the history store
        #[arg(long, conflicts_with = "history")]
        no_history: bool,
    },
    /// 历史记录：各月份与每次运行，或某月、某项目经理的记录 / the history: months and runs, one month's runs, or one PM's months
    History {
        /// 历史记录文件 / the history store
        #[arg(long, value_name = "FILE", default_value = "kaoping.db")]
        history: PathBuf,
        /// 只列出这个月份的运行 / only this month's runs
        #[arg(long, value_parser = month_arg)]
        month: Option<Month>,
        /// 列出这名项目经理各月的总分、名次、档次、奖金 / this PM's total, rank, tier and bonus month by month
        #[arg(long, value_name = "PM_ID")]
        pm: Option<String>,
        /// 以 JSON 输出 / print JSON
        #[arg(long)]
        json: bool,
        #[command(subcommand)]
        action: Option<HistoryCommand>,
    },
    /// 只检查输入，不评分 / check the inputs only
    Check {
        #[command(flatten)]
        inputs: Inputs,
        /// 输出格式 / output format
        #[arg(long, value_enum, default_value_t = FormatArg::Text)]
        format: FormatArg,
        /// 把检查结果写成问题清单工作簿，如 问题清单.xlsx / write the findings as a problem-list workbook, e.g. problems.xlsx
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// 覆盖 --out 上非 kaoping 生成的文件 / overwrite a file at --out that kaoping did not write
        #[arg(long)]
        force: bool,
    },
    /// 生成空白输入模板和带注释的 rules.toml / write blank input workbooks and a commented rules.toml
    Template {
        /// 输出文件夹 / output folder
        #[arg(long, value_name = "DIR", default_value = ".")]
        out: PathBuf,
        /// 覆盖已有的同名文件 / overwrite files of the same names already there
        #[arg(long)]
        force: bool,
    },
    /// 校验规则文件并打印生效的规则 / validate a rules file and print the rules in force
    Rules {
        /// 评分规则文件［默认：内置规则］ / rules file [default: the built-in rules]
        #[arg(long, value_name = "FILE")]
        rules: Option<PathBuf>,
    },
    /// 生成一个模拟月份（演示、测试、基准） / write a synthetic month (demo, tests, benchmarks)
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
    /// 网页服务：上传、检查、生成报告 / the web service: upload, check, run
    Serve {
        #[command(flatten)]
        data: DataArg,
        /// 监听地址 / address to listen on
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
        listen: String,
    },
    /// 管理网页服务的用户 / manage the web service's users
    User {
        #[command(subcommand)]
        action: UserCommand,
    },
}

/// `--data`, shared by `serve` and `user`.
#[derive(Debug, Args)]
struct DataArg {
    /// 数据文件夹（数据库与上传的文件） / data folder (the database and the uploaded files)
    #[arg(long, value_name = "DIR", default_value = "./kaoping-data")]
    data: PathBuf,
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// 添加用户（密码从终端或标准输入读取） / add a user (the password from the terminal or standard input)
    Add {
        /// 用户名 / user name
        name: String,
        /// 角色 / role
        #[arg(long, value_enum)]
        role: RoleArg,
        /// 部门，如 市场部 / department, e.g. 市场部
        #[arg(long)]
        dept: Option<String>,
        /// 项目经理工号（角色 pm） / the PM's id (role pm)
        #[arg(long, value_name = "ID")]
        pm: Option<String>,
        #[command(flatten)]
        data: DataArg,
    },
    /// 列出用户 / list the users
    List {
        #[command(flatten)]
        data: DataArg,
    },
    /// 删除用户 / remove a user
    Remove {
        /// 用户名 / user name
        name: String,
        #[command(flatten)]
        data: DataArg,
    },
    /// 修改密码 / change a password
    Passwd {
        /// 用户名 / user name
        name: String,
        #[command(flatten)]
        data: DataArg,
    },
    /// 生成新的 API 令牌（只显示一次） / print a new API token (shown only once)
    Token {
        /// 用户名 / user name
        name: String,
        #[command(flatten)]
        data: DataArg,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum RoleArg {
    /// 文员：上传并查看检查结果 / uploads and sees the checks
    Clerk,
    /// 经理：查看全部、生成报告、下载 / sees everything, runs, downloads
    Manager,
    /// 管理员：用户与规则 / users and rules
    Admin,
    /// 项目经理：只看自己的考评表 / only their own scorecard
    Pm,
}

impl From<RoleArg> for crate::serve::store::Role {
    fn from(r: RoleArg) -> Self {
        use crate::serve::store::Role;
        match r {
            RoleArg::Clerk => Role::Clerk,
            RoleArg::Manager => Role::Manager,
            RoleArg::Admin => Role::Admin,
            RoleArg::Pm => Role::Pm,
        }
    }
}

/// `--lang` as clap parses it; [`Lang`] below the CLI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LangArg {
    /// 简体中文
    Zh,
    /// English
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    Text,
    Json,
}

fn month_arg(s: &str) -> Result<Month, String> {
    parse_month(s)
        .filter(|_| s.chars().count() <= 12)
        .ok_or_else(|| format!("「{s}」不是月份；请写成 2026-11 / \"{s}\" is not a month; write it as 2026-11"))
}

pub fn main() -> ExitCode {
    let args = words::bare_folder_is_run(std::env::args_os().collect());
    let lang = words::help_lang(&args);
    let cli = match words::command(lang).try_get_matches_from(&args) {
        Ok(matches) => {
            use clap::FromArgMatches;
            match Cli::from_arg_matches(&matches) {
                Ok(cli) => cli,
                Err(e) => return ExitCode::from(words::clap_error(e, lang)),
            }
        }
        Err(e) => return ExitCode::from(words::clap_error(e, lang)),
    };
    ExitCode::from(dispatch(cli.command, cli.lang.into()))
}

/// Prints a fatal message (exit 2) in the chosen language.
fn fail(text: &Text, lang: Lang) -> u8 {
    eprintln!("kaoping: {}", text.get(lang));
    exit::CANNOT_RUN
}

/// Resolves the shared arguments: the rules in force are `--rules`, else a
/// `rules.toml` beside the inputs ([`crate::rules::find_rules_file`]), else the defaults.
fn resolve(inputs: Inputs, lang: Lang, draft: bool, format: OutputFormat) -> Result<Config, u8> {
    let rules_file = inputs.rules.or_else(|| crate::rules::find_rules_file(&inputs.inputs));
    let rules = rules::load(rules_file.as_deref(), lang)?;
    Ok(Config {
        all: inputs.all,
        inputs: inputs.inputs,
        month: inputs.month,
        rules,
        rules_file,
        lang,
        draft,
        format,
        out: None,
        force: false,
        mark: inputs.mark,
        cards: None,
        history: None,
        no_history: false,
    })
}

fn dispatch(command: Command, lang: Lang) -> u8 {
    let format = |json: bool| if json { OutputFormat::Json } else { OutputFormat::Text };
    match command {
        Command::Check { inputs, format: f, out, force } => {
            match resolve(inputs, lang, false, format(f == FormatArg::Json)) {
                Ok(config) => check::check(&Config { out, force, ..config }),
                Err(code) => code,
            }
        }
        Command::Run { inputs, out, draft, force, json, cards, history, no_history } => {
            match resolve(inputs, lang, draft, format(json)) {
                Ok(config) => run::run(&Config { out, force, cards, history, no_history, ..config }),
                Err(code) => code,
            }
        }
        Command::History { action: Some(HistoryCommand::Import { reports, history }), .. } => {
            history::import(&history, &reports, lang)
        }
        Command::History { history, month, pm, json, action: None } => {
            history::history(&history, month, pm.as_deref(), json, lang)
        }
        Command::Template { out, force } => template::template(&out, lang, force),
        Command::Rules { rules } => rules::rules(rules.as_deref(), lang),
        Command::Sample { out, pms, agents, seed, force } => sample::sample(&out, pms, agents, seed, force),
        Command::Serve { data, listen } => serve::serve(&data.data, &listen, lang),
        Command::User { action } => {
            use user::Action;
            let (data, action) = match action {
                UserCommand::Add { name, role, dept, pm, data } => {
                    (data, Action::Add { name, role: role.into(), dept, pm })
                }
                UserCommand::List { data } => (data, Action::List),
                UserCommand::Remove { name, data } => (data, Action::Remove { name }),
                UserCommand::Passwd { name, data } => (data, Action::Passwd { name }),
                UserCommand::Token { name, data } => (data, Action::Token { name }),
            };
            user::user(&data.data, action, lang)
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
        &crate::t!(
            "以下文件已存在，未覆盖：{list}；换一个 --out 文件夹，或加 --force 覆盖",
            "these files exist and were left untouched: {list}; choose another --out folder, or pass --force to overwrite them"
        ),
        lang,
    ))
}

/// The input files actually read (an old kaoping report among them may be replaced).
fn input_files(sources: &[crate::model::SourceFile]) -> Vec<PathBuf> {
    use crate::diag::Code;
    sources
        .iter()
        .filter(|s| s.skipped != Some(Code::OwnOutput))
        .map(|s| s.real.clone())
        .filter(|p| !p.as_os_str().is_empty())
        .collect()
}

/// Seconds since 1970 for a workbook's creation time: SOURCE_DATE_EPOCH when set
/// (reproducible builds), else now.
pub(crate) fn creation_time() -> i64 {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| chrono::Utc::now().timestamp())
}

/// Prints the files a subcommand wrote, one a line.
fn print_written(files: &[PathBuf]) {
    for f in files {
        println!("{}", Path::new(f).display());
    }
}
