//! `kaoping check`: read and check the inputs, score nothing; print what to fix.

use std::io::{IsTerminal, Write as _};

use super::{exit, fail};
use crate::config::{Config, OutputFormat};
use crate::pipeline::{self, Stage};
use crate::terminal::{self, Style};
use crate::{summary, t, write};

/// Runs `check`; returns the exit code.
pub fn check(config: &Config) -> u8 {
    let bar = terminal::progress_bar();
    let progress = |file: &str| bar.set_message(file.to_string());
    let evaluation = pipeline::evaluate(config, Stage::Check, &progress);
    bar.finish_and_clear();
    let evaluation = match evaluation {
        Ok(e) => e,
        Err(e) => return fail(e.text(), config.lang),
    };
    let text = match config.format {
        OutputFormat::Json => {
            let value = summary::check_summary(Some(evaluation.month), &evaluation.diags, config.lang);
            format!("{}\n", serde_json::to_string_pretty(&value).expect("JSON"))
        }
        OutputFormat::Text => {
            let style = Style::detect(std::io::stdout().is_terminal());
            let month = evaluation.month.to_string();
            let head = t!("考评月份 {month}", "month {month}");
            let rules = summary::rules_line(&config.rules, config.rules_file.as_deref(), config.lang);
            let diags = terminal::diagnostics(&evaluation.diags, config.lang, style, config.all);
            format!("{}\n{rules}\n{diags}", head.get(config.lang))
        }
    };
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    let marked = match &config.mark {
        Some(dir) => {
            let bar = terminal::progress_bar();
            let written = super::mark::write_marked(config, &evaluation, dir, &bar);
            bar.finish_and_clear();
            match written {
                Ok(written) => written,
                Err(e) => return fail(e.text(), config.lang),
            }
        }
        None => Vec::new(),
    };
    if let Some(out) = &config.out
        && let Err(e) = write_problem_list(config, &evaluation, out, &marked)
    {
        return fail(e.text(), config.lang);
    }
    if evaluation.errors() > 0 { exit::DATA_ERRORS } else { exit::DONE }
}

/// `check --out`: the problem list, written as safely as the report.
fn write_problem_list(
    config: &Config,
    e: &pipeline::Evaluation,
    out: &std::path::Path,
    marked: &[super::mark::Written],
) -> Result<(), write::WriteError> {
    let default_name = format!("问题清单-{}.xlsx", e.month);
    let inputs = super::input_files(&e.sources);
    let target = write::may_write_report(out, &default_name, &inputs, config.force, e.month, config.lang)?;
    let out = target.path.as_path();
    let marked = super::mark::links(marked, out);
    let list = crate::report::checks::ProblemList {
        month: e.month,
        lang: config.lang,
        diags: &e.diags,
        sources: &e.sources,
        created: super::creation_time(),
        marked: &marked,
    };
    let shown = out.display().to_string();
    let bytes = crate::report::checks::problem_list(&list).map_err(|err| write::WriteError::Io {
        text: t!("无法生成问题清单 {shown}", "cannot build the problem list {shown}"),
        source: std::io::Error::other(err),
    })?;
    write::write_report(&target, &bytes)?;
    eprintln!("kaoping: {}", t!("问题清单已写入 {shown}", "problem list written to {shown}").get(config.lang));
    Ok(())
}
