//! `kaoping check`: read and check the inputs, score nothing; print what to fix.

use std::io::{IsTerminal, Write as _};

use super::{exit, fail};
use crate::config::{Config, OutputFormat};
use crate::pipeline::{self, Stage};
use crate::terminal::{self, Style};
use crate::{summary, t};

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
    if evaluation.errors() > 0 { exit::DATA_ERRORS } else { exit::DONE }
}
