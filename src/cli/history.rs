//! The history of runs (SPEC §7) as `run` uses it — last month for the report, this
//! month's last run for what changed, the run recorded afterwards — and the
//! `kaoping history` subcommand that lists it.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::config::Config;
use crate::history::{self, HistoryError, RunFacts, RunRecord, Store};
use crate::model::Month;
use crate::outcome::Outcome;
use crate::pipeline::Evaluation;
use crate::t;
use crate::text::{Lang, Text};

/// The store's file: `--history FILE`, else `kaoping.db` beside the report; `None`
/// with `--no-history`.
pub fn store_path(config: &Config, report: &Path) -> Option<PathBuf> {
    if config.no_history {
        return None;
    }
    let beside = match report.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(folder) => folder.join("kaoping.db"),
        None => PathBuf::from("kaoping.db"),
    };
    Some(config.history.clone().unwrap_or(beside))
}

/// What `run` knows of the history, and what went wrong with it.
pub struct Memory {
    /// The store's file, when history is on.
    path: Option<PathBuf>,
    store: Option<Store>,
    /// Last month's result.
    pub previous: Option<RunRecord>,
    /// This month's latest run before this one.
    pub last_run: Option<RunRecord>,
    /// The results of up to five months before this one, oldest first.
    pub trend: Vec<RunRecord>,
    /// This run, before it is recorded (what the report and the JSON compare).
    pub current: Option<RunRecord>,
    /// This run's rows, as the store records them and the report embeds them.
    data: Option<history::RunData>,
    /// `data` as JSON, made once: the report embeds it, and its SHA-256 is the run's
    /// key in the store.
    pub json: Option<String>,
    problem: Option<HistoryError>,
}

impl Memory {
    /// Opens the store and reads last month's result and this month's last run. A
    /// store that cannot be used leaves the run without history and a warning.
    pub fn open(config: &Config, report: &Path, month: Month) -> Memory {
        let path = store_path(config, report);
        let mut memory = Memory {
            path: path.clone(),
            store: None,
            previous: None,
            last_run: None,
            trend: Vec::new(),
            current: None,
            data: None,
            json: None,
            problem: None,
        };
        let Some(path) = path else { return memory };
        match Store::open(&path) {
            Ok(store) => {
                // Last month's result is the trend's last month (read once).
                let read = store.results_before(month, 5).and_then(|t| Ok((store.last_run_of(month)?, t)));
                match read {
                    Ok((last_run, trend)) => {
                        memory.previous = trend.last().cloned();
                        memory.last_run = last_run;
                        memory.trend = trend;
                        memory.store = Some(store);
                    }
                    Err(e) => memory.problem = Some(e),
                }
            }
            Err(e) => memory.problem = Some(e),
        }
        memory
    }

    /// This run as it will be recorded, to compare with the month's last run.
    pub fn set_current(&mut self, config: &Config, e: &Evaluation, draft: bool, outcome: &Outcome) {
        let facts = facts(config, e, draft);
        let data = history::RunData::of(&facts, outcome);
        self.json = Some(serde_json::to_string(&data).unwrap_or_default());
        self.data = Some(data);
        if self.store.is_some() {
            self.current = Some(history::record_of(e.month, facts.at, draft, facts.inputs, outcome));
        }
    }

    /// Records this run as [`Memory::set_current`] made it — the same rows and time the
    /// report embeds — in one transaction; a failure becomes the run's warning.
    pub fn record(&mut self, summary: &Value) {
        let (Some(store), Some(data), Some(json)) = (&mut self.store, &self.data, &self.json) else { return };
        if let Err(e) = store.record(data, json, summary) {
            self.problem = Some(e);
        }
    }

    /// The run's warning about the store, if it could not be used.
    pub fn warning(&self) -> Option<Text> {
        self.problem.as_ref().map(HistoryError::warning)
    }

    /// SPEC §6.3: `previous` per manager, `changes` since this month's last run, and
    /// the store's warning.
    pub fn add_to_json(&self, value: &mut Value, lang: Lang) {
        if let Some(managers) = value["managers"].as_array_mut() {
            for m in managers {
                let id = m["pm_id"].as_str().unwrap_or_default().to_string();
                m["previous"] = self
                    .previous
                    .as_ref()
                    .and_then(|p| p.pm(&id).map(|r| (p.month, r)))
                    .map_or(Value::Null, |(month, r)| {
                        json!({"month": month.to_string(), "rank": r.rank, "total": r.total.as_f64(), "tier": r.tier})
                    });
            }
        }
        value["changes"] = match (&self.last_run, &self.current) {
            (Some(before), Some(after)) => {
                let side = |r: Option<&history::PmRecord>| {
                    r.map_or(Value::Null, |r| {
                        json!({
                            "items": r.items.iter().map(|p| p.as_f64()).collect::<Vec<_>>(),
                            "total": r.total.as_f64(),
                            "rank": r.rank,
                            "tier": r.tier,
                            "bonus": r.bonus.as_f64(),
                        })
                    })
                };
                let managers: Vec<Value> = history::moved(before, after)
                    .iter()
                    .map(|m| json!({"pm_id": m.pm_id, "before": side(m.before), "after": side(m.after)}))
                    .collect();
                json!({"since": iso(before.at), "managers": managers})
            }
            _ => Value::Null,
        };
        value["history"] = json!({
            "file": self.path.as_ref().map(|p| p.display().to_string()),
            "warning": self.warning().map(|w| w.get(lang).to_string()),
        });
    }

    /// The terminal's last lines: what changed since this month's last run, and the
    /// biggest movers since last month.
    pub fn terminal_lines(&self, outcome: &Outcome, lang: Lang) -> String {
        let mut out = String::new();
        if let (Some(before), Some(after)) = (&self.last_run, &self.current) {
            let moved = history::moved(before, after);
            let since = local_time(before.at);
            let n = moved.len();
            let head = if n == 0 {
                t!("与本月上次运行（{since}）相比：没有变化", "since this month's last run ({since}): nothing changed")
            } else {
                t!(
                    "与本月上次运行（{since}）相比：{n} 名项目经理有变化",
                    "since this month's last run ({since}): {n} PM(s) moved"
                )
            };
            out.push_str(head.get(lang));
            out.push('\n');
            for m in moved.iter().take(5) {
                let total = |r: Option<&history::PmRecord>| r.map_or("—".to_string(), |r| r.total.to_string());
                let (b, a) = (total(m.before), total(m.after));
                out.push_str(&format!("  {}  {b} → {a}\n", m.pm_id));
            }
        }
        if let Some(previous) = &self.previous {
            let month = previous.month;
            let mut movers: Vec<(i64, &str, u32, u32)> = outcome
                .managers
                .iter()
                .filter_map(|r| {
                    let p = previous.pm(&r.score.pm_id)?;
                    Some((i64::from(p.rank) - i64::from(r.rank), r.score.pm_id.as_str(), p.rank, r.rank))
                })
                .filter(|m| m.0 != 0)
                .collect();
            movers.sort_by(|a, b| b.0.abs().cmp(&a.0.abs()).then(a.1.cmp(b.1)));
            let shown: Vec<String> = movers
                .iter()
                .take(3)
                .map(|(d, id, from, to)| {
                    let arrow = if *d > 0 { format!("↑{d}") } else { format!("↓{}", -d) };
                    format!("{id} {from}→{to} {arrow}")
                })
                .collect();
            let list = if shown.is_empty() { "—".to_string() } else { shown.join(", ") };
            out.push_str(
                t!(
                    "与上月（{month}）相比名次变化最大：{list}",
                    "biggest rank moves since last month ({month}): {list}"
                )
                .get(lang),
            );
            out.push('\n');
        }
        out
    }
}

/// What this run records besides its outcome.
fn facts<'a>(config: &'a Config, e: &Evaluation, draft: bool) -> RunFacts<'a> {
    RunFacts {
        month: e.month,
        at: super::creation_time(),
        draft,
        rules: &config.rules,
        rules_file: config.rules_file.as_deref(),
        inputs: inputs_of(e),
    }
}

/// The inputs a run records: (path, SHA-256) of every file read.
fn inputs_of(e: &Evaluation) -> Vec<(String, String)> {
    e.sources.iter().filter(|s| s.skipped.is_none()).map(|s| (s.path.to_string(), s.sha256.clone())).collect()
}

/// `2026-11-30T08:00:00Z`.
fn iso(at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0).map_or_else(String::new, |t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

/// `2026-11-30 16:00 (+08:00)`: a run's time as the clock on the wall shows it.
pub(crate) fn local_time(at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0)
        .map_or_else(String::new, |t| t.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M (%:z)").to_string())
}

/// [`local_time`] of a time stored as `2026-11-30T08:00:00Z`; the text itself when it is
/// not one.
pub(crate) fn local_time_of(iso: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(iso).map_or_else(|_| iso.to_string(), |t| local_time(t.timestamp()))
}

/// `kaoping history import REPORT.xlsx…`: each report's run (a very hidden sheet the
/// report carries) into the store; a run already there is skipped. Exit 2 when a file
/// is not a kaoping report with its run, or the store cannot be written.
pub fn import(path: &Path, reports: &[PathBuf], lang: Lang) -> u8 {
    let mut store = match Store::open(path) {
        Ok(store) => store,
        Err(e) => {
            eprintln!("kaoping: {}", e.warning().get(lang));
            return super::exit::CANNOT_RUN;
        }
    };
    let mut code = super::exit::DONE;
    for report in reports {
        let shown = report.display().to_string();
        let said = match crate::read::column_text(report, crate::report::RUN_SHEET) {
            None => {
                code = super::exit::CANNOT_RUN;
                t!(
                    "{shown}：不是带运行记录的 kaoping 报表，未导入",
                    "{shown}: not a kaoping report carrying its run; not imported"
                )
            }
            Some(json) => match store.import(&json) {
                Ok(Some((id, data))) => {
                    let (m, n) = (&data.month, data.managers.len());
                    t!(
                        "{shown}：已导入为第 {id} 次运行（{m}，{n} 名项目经理）",
                        "{shown}: imported as run {id} ({m}, {n} PMs)"
                    )
                }
                Ok(None) => {
                    t!("{shown}：历史记录里已有这次运行，跳过", "{shown}: the history already holds this run; skipped")
                }
                Err(e) => {
                    code = super::exit::CANNOT_RUN;
                    e.warning()
                }
            },
        };
        eprintln!("kaoping: {}", said.get(lang));
    }
    code
}

/// `kaoping history`: the months and their runs, one month's runs, or one PM's months.
pub fn history(path: &Path, month: Option<Month>, pm: Option<&str>, json: bool, lang: Lang) -> u8 {
    let store = match Store::open_read(path) {
        Ok(store) => store,
        Err(e) => {
            let (shown, why) = (e.path.display().to_string(), e.why);
            let (wz, we) = (&why.zh, &why.en);
            eprintln!(
                "kaoping: {}",
                t!("无法读取历史记录 {shown}：{wz}", "cannot read the history {shown}: {we}").get(lang)
            );
            return super::exit::CANNOT_RUN;
        }
    };
    let listed = match pm {
        Some(pm) => pm_months(&store, pm, json, lang),
        None => runs(&store, month, json, lang),
    };
    match listed {
        Ok(text) => {
            print!("{text}");
            super::exit::DONE
        }
        Err(e) => {
            eprintln!("kaoping: {}", e.warning().get(lang));
            super::exit::CANNOT_RUN
        }
    }
}

fn runs(store: &Store, month: Option<Month>, json: bool, lang: Lang) -> Result<String, HistoryError> {
    let results: Vec<i64> = store.results()?.into_iter().map(|(_, id)| id).collect();
    let runs: Vec<_> = store.runs()?.into_iter().filter(|r| month.is_none_or(|m| r.month == m.to_string())).collect();
    if json {
        let list: Vec<Value> = runs
            .iter()
            .map(|r| {
                let result = results.contains(&r.id);
                json!({"run": r.id, "month": r.month, "time": iso(r.at), "draft": r.draft, "managers": r.managers, "result": result})
            })
            .collect();
        return Ok(format!("{}\n", serde_json::to_string_pretty(&json!({"runs": list})).expect("JSON")));
    }
    let mut out = String::new();
    let head = Text::of(
        "月份     运行  时间                        人数  说明",
        "month    run   time                        PMs   note",
    );
    out.push_str(head.get(lang));
    out.push('\n');
    for r in &runs {
        let (id, m, pms) = (r.id, &r.month, r.managers);
        let note = if r.draft {
            Text::of("草稿", "draft")
        } else if results.contains(&id) {
            Text::of("本月结果", "the month's result")
        } else {
            Text::of("", "")
        };
        out.push_str(&format!("{m}  {id:>4}  {:<26}  {pms:>4}  {}\n", local_time(r.at), note.get(lang)));
    }
    if runs.is_empty() {
        out.push_str(Text::of("（没有记录）\n", "(no runs)\n").get(lang));
    }
    Ok(out)
}

fn pm_months(store: &Store, pm: &str, json: bool, lang: Lang) -> Result<String, HistoryError> {
    let mut rows = Vec::new();
    for (month, id) in store.results()? {
        if let Some(run) = store.run(id)?
            && let Some(r) = run.pm(pm)
        {
            rows.push((month, r.clone()));
        }
    }
    if json {
        let list: Vec<Value> = rows
            .iter()
            .map(|(m, r)| json!({"month": m, "total": r.total.as_f64(), "rank": r.rank, "tier": r.tier, "bonus": r.bonus.as_f64()}))
            .collect();
        return Ok(format!("{}\n", serde_json::to_string_pretty(&json!({"pm_id": pm, "months": list})).expect("JSON")));
    }
    let mut out = String::new();
    let head = Text::of("月份       总分  名次  档次        奖金", "month     total  rank  tier       bonus");
    out.push_str(head.get(lang));
    out.push('\n');
    for (m, r) in &rows {
        let bonus = crate::text::num::money(r.bonus.as_f64());
        out.push_str(&format!("{m}  {:>7}  {:>4}  {:>4}  {bonus:>10}\n", r.total.to_string(), r.rank, r.tier));
    }
    if rows.is_empty() {
        out.push_str(t!("（{pm} 没有记录）\n", "(no months for {pm})\n").get(lang));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    /// A stored time is shown as the wall clock shows it, with its offset; anything else
    /// as it is.
    #[test]
    fn stored_times_are_shown_on_the_local_clock() {
        let shown = super::local_time_of("2026-11-30T12:00:00Z");
        // `2026-11-30 20:00 (+08:00)` in Beijing, `2026-11-30 12:00 (+00:00)` in UTC.
        let (day, rest) = shown.split_at(11);
        assert_eq!(day, "2026-11-30 ", "{shown}");
        let (hm, zone) = rest.split_at(5);
        assert!(hm.as_bytes()[2] == b':' && hm.replace(':', "").parse::<u32>().is_ok(), "{shown}");
        assert!(zone.starts_with(" (+") || zone.starts_with(" (-"), "{shown}");
        let noon = chrono::DateTime::from_timestamp(1_796_040_000, 0).unwrap().naive_utc();
        let offset = chrono::TimeZone::offset_from_utc_datetime(&chrono::Local, &noon).local_minus_utc();
        let expected = (12 * 3600 + offset).rem_euclid(86_400);
        assert_eq!(hm, format!("{:02}:{:02}", expected / 3600, expected % 3600 / 60), "{shown}");
        assert_eq!(super::local_time_of("yesterday"), "yesterday");
    }
}
