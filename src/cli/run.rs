//! `kaoping run`: check, score, print, and write the report workbook.

use std::io::{IsTerminal, Write as _};
use std::path::PathBuf;

use super::exit::{CANNOT_RUN, DATA_ERRORS, DONE};
use crate::config::{Config, OutputFormat};
use crate::pipeline::{self, Evaluation, Stage};
use crate::report::{self, ReportInput};
use crate::terminal::{self, Style};
use crate::{summary, t, write};

/// Runs the whole job; returns the exit code.
pub fn run(config: &Config) -> u8 {
    let lang = config.lang;
    let json = config.format == OutputFormat::Json;
    if let Some(Err(e)) = config.out.as_deref().map(write::refuse_special) {
        eprintln!("kaoping: {}", e.text().get(lang));
        return CANNOT_RUN;
    }
    let bar = terminal::progress_bar();
    let progress = |file: &str| bar.set_message(file.to_string());
    let evaluation = pipeline::evaluate(config, Stage::Score, &progress);
    let evaluation = match evaluation {
        Ok(e) => e,
        Err(e) => {
            bar.finish_and_clear();
            eprintln!("kaoping: {}", e.text().get(lang));
            return CANNOT_RUN;
        }
    };
    let errors = evaluation.errors();
    let mut marked = Vec::new();
    if let Some(dir) = &config.mark {
        bar.set_message(crate::t!("正在写标注副本…", "writing the marked copies…").take(lang));
        match super::mark::write_marked(config, &evaluation, dir, &bar) {
            Ok(written) => marked = written,
            Err(e) => {
                bar.finish_and_clear();
                eprintln!("kaoping: {}", e.text().get(lang));
                return CANNOT_RUN;
            }
        }
    }
    let style = Style::detect(std::io::stdout().is_terminal());
    let mut stdout = std::io::stdout().lock();

    let Some(outcome) = &evaluation.outcome else {
        bar.finish_and_clear();
        // Errors and no --draft: no report; show what to fix.
        let text = if json {
            let mut value = summary::run_summary(evaluation.month, false, None, &evaluation.diags, lang);
            value["rules"] = summary::rules_json(&config.rules, config.rules_file.as_deref());
            format!("{}\n", serde_json::to_string_pretty(&value).expect("JSON"))
        } else {
            terminal::diagnostics(&evaluation.diags, lang, style, config.all)
        };
        let _ = stdout.write_all(text.as_bytes());
        let msg = t!(
            "数据有 {errors} 个错误，未生成报表；请修正后重新运行，或加 --draft 生成草稿",
            "the data has {errors} error(s), so no report was written; fix them and run again, or pass --draft for a draft"
        );
        eprintln!("kaoping: {}", msg.get(lang));
        return DATA_ERRORS;
    };

    let draft = errors > 0;
    let default_name = format!("kaoping-{}.xlsx", evaluation.month);
    let out = config.out.clone().unwrap_or_else(|| PathBuf::from(&default_name));
    let inputs = super::input_files(&evaluation.sources);
    let target = match write::may_write_report(&out, &default_name, &inputs, config.force, evaluation.month, lang) {
        Ok(target) => target,
        Err(e) => {
            bar.finish_and_clear();
            eprintln!("kaoping: {}", e.text().get(lang));
            return CANNOT_RUN;
        }
    };
    // The history (SPEC §7), read before this run is recorded.
    let mut memory = super::history::Memory::open(config, &target.path, evaluation.month);
    memory.set_current(config, &evaluation, draft, outcome);
    bar.set_message(crate::t!("正在生成报表…", "writing the report…").take(lang));
    let written = write_report(config, &evaluation, draft, &memory, &target, &marked);
    bar.finish_and_clear();
    match written {
        Err(e) => {
            eprintln!("kaoping: {}", e.text().get(lang));
            return CANNOT_RUN;
        }
        Ok(Some(kept)) => super::cards::say_kept(&target.path, &kept, lang),
        Ok(None) => {}
    }
    let out = target.path;
    if let Some(dir) = &config.cards {
        let written = report_input(config, &evaluation, draft, &memory, |input| {
            super::cards::write_cards(input, outcome, dir, &inputs, config.force)
        });
        match written {
            Ok(written) => super::cards::say_where(&written, dir, lang),
            Err(e) => {
                eprintln!("kaoping: {}", e.text().get(lang));
                return CANNOT_RUN;
            }
        }
    }

    let mut value = summary::run_summary(evaluation.month, draft, Some(outcome), &evaluation.diags, lang);
    value["rules"] = summary::rules_json(&config.rules, config.rules_file.as_deref());
    memory.record(&value);
    let text = if json {
        memory.add_to_json(&mut value, lang);
        format!("{}\n", serde_json::to_string_pretty(&value).expect("JSON"))
    } else {
        let mut text = String::new();
        if !evaluation.diags.is_empty() {
            text.push_str(&terminal::diagnostics(&evaluation.diags, lang, style, config.all));
            text.push('\n');
        }
        text.push_str(&terminal::ranking(outcome, lang, style));
        text.push_str(&summary::rules_line(&config.rules, config.rules_file.as_deref(), lang));
        text.push('\n');
        text.push_str(&memory.terminal_lines(outcome, lang));
        text
    };
    let _ = stdout.write_all(text.as_bytes());
    let shown = out.display().to_string();
    let done = if draft {
        t!(
            "草稿报表已写入 {shown}（数据有 {errors} 个错误）",
            "draft report written to {shown} (the data has {errors} error(s))"
        )
    } else {
        t!("报表已写入 {shown}", "report written to {shown}")
    };
    eprintln!("kaoping: {}", done.get(lang));
    if let Some(warning) = memory.warning() {
        eprintln!("kaoping: {}", warning.get(lang));
    }
    if draft { DATA_ERRORS } else { DONE }
}

/// Calls `f` with the report's input for this run (the web service's runs too).
pub(crate) fn report_input<T>(
    config: &Config,
    e: &Evaluation,
    draft: bool,
    memory: &super::history::Memory,
    f: impl FnOnce(&ReportInput) -> T,
) -> T {
    let outcome = e.outcome.as_ref().expect("scored");
    let rules_file = config.rules_file.as_deref().map(|p| p.display().to_string());
    let input = ReportInput {
        month: e.month,
        lang: config.lang,
        draft,
        outcome,
        diags: &e.diags,
        sources: &e.sources,
        rules: &config.rules,
        rules_file: rules_file.as_deref(),
        created: super::creation_time(),
        previous: memory.previous.as_ref(),
        trend: &memory.trend,
        changes: memory.last_run.as_ref().zip(memory.current.as_ref()),
        run: memory.json.as_deref(),
    };
    f(&input)
}

fn write_report(
    config: &Config,
    e: &Evaluation,
    draft: bool,
    memory: &super::history::Memory,
    target: &write::Target,
    marked: &[super::mark::Written],
) -> Result<Option<PathBuf>, write::WriteError> {
    let shown = target.path.display().to_string();
    let links = super::mark::links(marked, &target.path);
    let bytes = report_input(config, e, draft, memory, |input| report::build_marked(input, &links)).map_err(|err| {
        write::WriteError::Io {
            text: t!("无法生成报表 {shown}", "cannot build the report {shown}"),
            source: std::io::Error::other(err),
        }
    })?;
    write::write_report(target, &bytes)
}
