//! A month's pipeline work for the server (blocking; called on `spawn_blocking`):
//! the files in force laid out as a month folder, then the same library calls as
//! `kaoping check` and `kaoping run`, so the answers equal the CLI's.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::store::{Store, StoreError};
use crate::config::Config;
use crate::pipeline::{self, Stage};
use crate::text::{Lang, Text};
use crate::{summary, t};

/// Why a month's work could not be done: words for the user, or a store fault.
#[derive(Debug)]
pub enum WorkError {
    /// The pipeline could not run (no files, no month, unreadable rules): a 422.
    Input(Text),
    Store(StoreError),
}

impl From<StoreError> for WorkError {
    fn from(e: StoreError) -> Self {
        WorkError::Store(e)
    }
}

impl From<std::io::Error> for WorkError {
    fn from(e: std::io::Error) -> Self {
        WorkError::Store(e.into())
    }
}

/// `DIR/months/<m>/`: the month's files in force under their original names.
pub fn month_dir(data: &Path, month: &str) -> PathBuf {
    data.join("months").join(month)
}

/// Where the month's latest report is kept.
pub fn report_path(data: &Path, month: &str) -> PathBuf {
    data.join("reports").join(format!("kaoping-{month}.xlsx"))
}

/// Lays the files in force out under `DIR/months/<m>/` (hard links to the stored
/// files, copies where links fail), replacing what was there. The caller holds the
/// month's lock.
///
/// # Errors
/// The folder cannot be written.
pub fn materialise(store: &Store, month: &str) -> Result<PathBuf, WorkError> {
    let dir = month_dir(store.data(), month);
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    for u in store.in_force(month)? {
        let (from, to) = (store.file_path(&u.sha256), dir.join(&u.name));
        if std::fs::hard_link(&from, &to).is_err() {
            std::fs::copy(&from, &to)?;
        }
    }
    Ok(dir)
}

/// The configuration `kaoping check|run DIR` would resolve: the rules in force are a
/// `rules.toml` in `DIR/months/` (one file for every month), as for the CLI.
fn config(dir: &Path, lang: Lang, json: bool) -> Result<Config, WorkError> {
    let inputs = vec![dir.to_path_buf()];
    let rules_file = crate::rules::find_rules_file(&inputs);
    let rules = match &rules_file {
        Some(f) => crate::rules::Rules::load(f).map_err(|e| {
            let en = e.to_string();
            WorkError::Input(t!("规则文件无法使用：{en}", "the rules file cannot be used: {en}"))
        })?,
        None => crate::rules::Rules::default(),
    };
    let format = if json { crate::config::OutputFormat::Json } else { crate::config::OutputFormat::Text };
    Ok(Config { inputs, rules, rules_file, lang, format, ..Config::default() })
}

/// `check --format json` on the month's files.
///
/// # Errors
/// As [`materialise`]; no files yet.
pub fn checks(store: &Store, month: &str, lang: Lang) -> Result<(Value, pipeline::Evaluation), WorkError> {
    let dir = materialise(store, month)?;
    let config = config(&dir, lang, true)?;
    let e = pipeline::evaluate(&config, Stage::Check, &|_| {}).map_err(|e| WorkError::Input(e.text().clone()))?;
    Ok((summary::check_summary(Some(e.month), &e.diags, lang), e))
}

/// What a web run gave.
pub struct Ran {
    /// `run --json`'s summary.
    pub summary: Value,
    /// Whether a report was written.
    pub report: bool,
}

/// `run --json` on the month's files: the summary, and the report written to
/// [`report_path`] when the data allows one (no errors; the web has no draft).
///
/// # Errors
/// As [`checks`]; the report cannot be built or written.
pub fn run(store: &Store, month: &str, lang: Lang) -> Result<Ran, WorkError> {
    let dir = materialise(store, month)?;
    let config = config(&dir, lang, true)?;
    let e = pipeline::evaluate(&config, Stage::Score, &|_| {}).map_err(|e| WorkError::Input(e.text().clone()))?;
    let rules = summary::rules_json(&config.rules, config.rules_file.as_deref());
    let Some(outcome) = &e.outcome else {
        let mut value = summary::run_summary(e.month, false, None, &e.diags, lang);
        value["rules"] = rules;
        return Ok(Ran { summary: value, report: false });
    };
    let out = report_path(store.data(), month);
    // The §7 history in the same database file, read before this run is recorded and
    // recorded after, as `kaoping run --history DIR/kaoping.db` does.
    let config = Config { history: Some(store.data().join("kaoping.db")), ..config };
    let mut memory = crate::cli::history::Memory::open(&config, &out, e.month);
    memory.set_current(&config, &e, false, outcome);
    let bytes = crate::cli::run::report_input(&config, &e, false, &memory, crate::report::build)
        .map_err(|err| WorkError::Store(StoreError::Io(std::io::Error::other(err))))?;
    std::fs::create_dir_all(out.parent().expect("a folder"))?;
    crate::write::write_atomic(&out, &bytes).map_err(|err| WorkError::Input(err.text().clone()))?;
    let mut value = summary::run_summary(e.month, false, Some(outcome), &e.diags, lang);
    value["rules"] = rules;
    memory.record(&value);
    memory.add_to_json(&mut value, lang);
    if let Some(warning) = memory.warning() {
        super::log(warning.get(Lang::En));
    }
    Ok(Ran { summary: value, report: true })
}

/// The marked copy (SPEC §3) of the month's file `name`, made as `check --mark` makes
/// it, into `DIR/marked/<m>/`: its file name and bytes; `None` when the file has no
/// findings (or no copy can be made of it).
///
/// # Errors
/// As [`checks`]; a copy cannot be written.
pub fn marked(store: &Store, month: &str, lang: Lang, name: &str) -> Result<Option<(String, Vec<u8>)>, WorkError> {
    let (_, e) = checks(store, month, lang)?;
    let config = config(&month_dir(store.data(), month), lang, true)?;
    let dir = store.data().join("marked").join(month);
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    let bar = indicatif::ProgressBar::hidden();
    let written =
        crate::cli::mark::write_marked(&config, &e, &dir, &bar).map_err(|e| WorkError::Input(e.text().clone()))?;
    let shown = format!("{month}/{name}");
    let Some(w) = written.into_iter().find(|w| w.input == shown) else { return Ok(None) };
    let file = w.copy.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    Ok(Some((file, std::fs::read(&w.copy)?)))
}

/// The month's files (names in the month folder) that have findings.
pub fn with_findings(e: &pipeline::Evaluation, month: &str) -> Vec<String> {
    let prefix = format!("{month}/");
    let mut names: Vec<String> =
        e.diags.iter().filter_map(|d| d.file.strip_prefix(prefix.as_str()).map(str::to_string)).collect();
    names.sort();
    names.dedup();
    names
}
