//! The pipeline of `check` and `run`: read → month → check → score → rank.
//!
//! Takes a resolved [`Config`]; gives an [`Evaluation`]: the month, every
//! diagnostic, the sources with their row counts, and (for `run`) the outcome.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use crate::check;
use crate::config::{self, Config};
use crate::diag::{Diagnostic, Severity};
use crate::model::{Month, Origin, SourceFile, TableKind, Tables};
use crate::outcome::Outcome;
use crate::read;
use crate::t;
use crate::text::Text;

/// What `check` or `run` found.
#[derive(Debug)]
pub struct Evaluation {
    pub month: Month,
    /// Every diagnostic, sorted by file, sheet, row, column.
    pub diags: Vec<Diagnostic>,
    pub sources: Vec<SourceFile>,
    /// The scored month (only when scoring was asked for and allowed).
    pub outcome: Option<Outcome>,
}

impl Evaluation {
    pub fn errors(&self) -> usize {
        crate::diag::count(&self.diags, Severity::Error)
    }
}

/// Why the command could not run at all (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("{}", .0.en)]
    NoInputs(Text),
    #[error("{}", .0.en)]
    NoMonth(Text),
}

impl PipelineError {
    pub fn text(&self) -> &Text {
        match self {
            PipelineError::NoInputs(t) | PipelineError::NoMonth(t) => t,
        }
    }
}

/// What to do after the checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Read and check only.
    Check,
    /// Read, check, and score when there are no errors (or always, in a draft).
    Score,
}

/// Runs the pipeline.
///
/// # Errors
/// No input file was found, or the month cannot be determined.
pub fn evaluate(config: &Config, stage: Stage, progress: &dyn Fn(&str)) -> Result<Evaluation, PipelineError> {
    // The month, when known before reading, completes dates typed without their year.
    let options = read::ReadOptions {
        headers: config.rules.headers.clone(),
        month: config.month.or_else(|| config::month_from_paths(&config.inputs)),
    };
    let read = read::read_inputs(&config.inputs, &options, progress);
    if read.sources.is_empty() {
        let missing: Vec<String> =
            config.inputs.iter().filter(|p| !p.exists()).map(|p| p.display().to_string()).collect();
        if !missing.is_empty() {
            let list = missing.join(", ");
            return Err(PipelineError::NoInputs(t!(
                "找不到 {list}：文件或文件夹不存在",
                "{list}: no such file or folder"
            )));
        }
        let list = config.inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ");
        return Err(PipelineError::NoInputs(t!(
            "在 {list} 中没有找到输入工作簿（.xlsx .xlsm .xls .xlsb .ods .csv）",
            "no input workbooks (.xlsx .xlsm .xls .xlsb .ods .csv) found in {list}"
        )));
    }
    let (month, mismatch) = resolve_month(config, &read.tables)?;
    let mut diags = read.diags;
    diags.extend(mismatch);
    let screened = crate::screen::screen(read.tables, &read.sources, month);
    diags.extend(screened.diags);
    let checked = check::check_screened(screened.tables, month, &config.rules, &screened.set_aside);
    diags.extend(checked.diags);
    fold_missing_tables(&mut diags);
    diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let mut sources = read.sources;
    mark_hidden(&mut diags, &sources);
    count_used(&mut sources, &checked.tables);
    let tables = checked.tables;

    let errors = crate::diag::count(&diags, Severity::Error);
    let outcome = (stage == Stage::Score && (errors == 0 || config.draft)).then(|| {
        let mut scores = crate::score::score_month(&tables, month, &config.rules);
        if errors > 0 {
            flag_affected(&mut scores, &diags, &tables);
        }
        crate::rank::rank(scores, &config.rules)
    });
    // The rows themselves (a fifth of the heap at 1,000 PMs) are not kept: nothing after
    // the scoring reads them, and the report is built after this returns.
    drop(tables);
    Ok(Evaluation { month, diags, sources, outcome })
}

/// `--month`, else the input folder's name, else the one month of all QA dates; and
/// a `month-mismatch` when `--month` disagrees with the folder's name, or the month
/// in force with the month most dated QA rows fall in (SPEC §1 "The month is
/// checked, not trusted").
fn resolve_month(config: &Config, tables: &Tables) -> Result<(Month, Option<Diagnostic>), PipelineError> {
    let folder = config::month_from_paths(&config.inputs);
    let data = check::most_common_month(tables.qa.iter().map(|q| q.date));
    let Some(month) = config.month.or(folder) else {
        return check::detect_month(tables.qa.iter().map(|q| q.date))
            .map(|m| (m, None))
            .map_err(|months| PipelineError::NoMonth(check::month_not_found(&months)));
    };
    let mismatch = match (config.month, folder, data) {
        (Some(given), Some(folder), _) if given != folder => {
            let said = data
                .map(|(m, n, all)| t!("；{n}/{all} 条抽检记录的日期在 {m}", "; {n} of {all} QA rows are dated in {m}"))
                .unwrap_or_default();
            let (sz, se) = (&said.zh, &said.en);
            Some(t!(
                "--month {given} 与输入文件夹的名称（{folder}）不一致{sz}。是不是 --month {folder}？请核对后重新运行",
                "--month {given} disagrees with the input folder's name ({folder}){se}. Did you mean --month {folder}? Check and run again"
            ))
        }
        (_, _, Some((data, n, all))) if data != month => {
            let from = if config.month.is_some() {
                t!("--month {month}", "--month {month}")
            } else {
                t!("文件夹名称所示的月份 {month}", "the month of the folder's name, {month}")
            };
            let (fz, fe) = (&from.zh, &from.en);
            Some(t!(
                "{fz} 与数据不符：{all} 条有日期的抽检记录中 {n} 条在 {data}。是不是 --month {data}？请核对月份（或文件夹名称）后重新运行",
                "{fe} disagrees with the data: {n} of the {all} dated QA rows fall in {data}. Did you mean --month {data}? Check the month (or the folder's name) and run again"
            ))
        }
        _ => None,
    };
    Ok((month, mismatch.map(|text| Diagnostic::new(crate::diag::Code::MonthMismatch, text))))
}

/// A missing table follows from the sheet that lacks one of its columns, or else from
/// a file that could not be read (the table is most likely in it): it is counted under
/// that finding, which is the one to fix (SPEC §3 "Root causes first").
fn fold_missing_tables(diags: &mut [Diagnostic]) {
    use crate::diag::{Cause, Code};
    let incomplete: BTreeSet<crate::model::TableKind> = diags
        .iter()
        .filter_map(|d| match &d.key {
            Some(Cause::MissingColumn(k)) => Some(*k),
            _ => None,
        })
        .collect();
    let unreadable = diags.iter().find(|d| d.code == Code::UnreadableFile).map(|d| d.file.clone());
    for d in diags.iter_mut().filter(|d| d.code == Code::MissingTable && d.cause.is_none()) {
        let Some(Cause::MissingTable(kind)) = d.key else { continue };
        d.cause = if incomplete.contains(&kind) {
            Some(Cause::MissingColumn(kind))
        } else {
            unreadable.clone().map(Cause::File)
        };
    }
}

/// Fills `rows_used` of each source entry from the rows that passed the checks.
///
/// A sheet may hold several tables (one entry each): a row counts for the entry of its
/// sheet with its table whose header is the last above the row. Two tables of one
/// kind side by side share their header row: the first is filled up to its rows read,
/// the rest go to the next. A row whose sheet has no entry with its table (made by
/// hand in tests) counts for the sheet's first entry.
fn count_used(sources: &mut [SourceFile], tables: &Tables) {
    // (file, sheet) → its entries as (table, header row, file index, sheet index).
    type Entry = (Option<TableKind>, u32, usize, usize);
    let mut by_sheet: HashMap<(Arc<str>, Arc<str>), Vec<Entry>> = HashMap::new();
    for (fi, file) in sources.iter().enumerate() {
        for (si, sheet) in file.sheets.iter().enumerate() {
            let e = by_sheet.entry((file.path.clone(), sheet.name.clone())).or_default();
            e.push((sheet.table, sheet.header_row.unwrap_or(0), fi, si));
        }
    }
    let mut used: HashMap<(usize, usize), usize> = HashMap::new();
    // A sheet's rows come one after another, sharing the reader's `Arc`s: the sheet's
    // entries are looked up once per run of rows from one sheet (a large month has a
    // quarter of a million rows and a handful of sheets).
    let mut last: Option<(&Origin, Option<&Vec<Entry>>)> = None;
    for (kind, origin) in origins_by_kind(tables) {
        let entries = match last {
            Some((first, entries))
                if Arc::ptr_eq(&first.file, &origin.file) && Arc::ptr_eq(&first.sheet, &origin.sheet) =>
            {
                entries
            }
            _ => by_sheet.get(&(origin.file.clone(), origin.sheet.clone())),
        };
        last = Some((origin, entries));
        let Some(entries) = entries else { continue };
        let of_kind = entries.iter().filter(|e| e.0 == Some(kind) && e.1 < origin.row);
        let Some(&(_, _, fi, si)) = of_kind.max_by_key(|e| e.1).or(entries.first()) else { continue };
        *used.entry((fi, si)).or_default() += 1;
    }
    // The last entry of a shared header row got every row: spread them from the first.
    for entries in by_sheet.values() {
        for e in entries {
            let same: Vec<&Entry> = entries.iter().filter(|o| o.0 == e.0 && o.1 == e.1 && e.0.is_some()).collect();
            if same.len() < 2 || !std::ptr::eq(*same.last().expect("not empty"), e) {
                continue;
            }
            let mut total: usize = same.iter().map(|o| used.remove(&(o.2, o.3)).unwrap_or(0)).sum();
            for (k, o) in same.iter().enumerate() {
                let read = sources[o.2].sheets[o.3].rows_read;
                let n = if k + 1 == same.len() { total } else { total.min(read) };
                total -= n;
                used.insert((o.2, o.3), n);
            }
        }
    }
    for (fi, file) in sources.iter_mut().enumerate() {
        for (si, sheet) in file.sheets.iter_mut().enumerate() {
            sheet.rows_used = used.get(&(fi, si)).copied().unwrap_or(0);
        }
    }
}

/// Every row's table and origin, in table order.
fn origins_by_kind(t: &Tables) -> impl Iterator<Item = (TableKind, &Origin)> {
    (t.managers.iter().map(|r| (TableKind::Managers, &r.origin)))
        .chain(t.projects.iter().map(|r| (TableKind::Projects, &r.origin)))
        .chain(t.agents.iter().map(|r| (TableKind::Agents, &r.origin)))
        .chain(t.qa.iter().map(|r| (TableKind::Qa, &r.origin)))
        .chain(t.events.iter().map(|r| (TableKind::PartnerEvents, &r.origin)))
        .chain(t.tasks.iter().map(|r| (TableKind::Tasks, &r.origin)))
        .chain(t.reviews.iter().map(|r| (TableKind::Reviews, &r.origin)))
        .chain(t.adjustments.iter().map(|r| (TableKind::Adjustments, &r.origin)))
}

/// Findings on a hidden sheet say so: `（隐藏工作表）` / ` (hidden sheet)` at the end
/// of the message, whichever stage found them.
fn mark_hidden(diags: &mut [Diagnostic], sources: &[SourceFile]) {
    let hidden: BTreeSet<(&str, &str)> =
        sources.iter().flat_map(|f| f.sheets.iter().filter(|s| s.hidden).map(move |s| (&*f.path, &*s.name))).collect();
    if hidden.is_empty() {
        return;
    }
    for d in diags.iter_mut().filter(|d| hidden.contains(&(&*d.file, &*d.sheet))) {
        d.message.zh.to_mut().push_str(&HIDDEN.zh);
        d.message.en.to_mut().push_str(&HIDDEN.en);
    }
}

/// The words that mark a hidden sheet, in findings and in the Sources sheet.
pub static HIDDEN: Text = Text::of("（隐藏工作表）", " (hidden sheet)");

/// In a draft, marks the scores an error may have touched: the PMs it names, the PM
/// of the project a left-out row of agents, QA or events belongs to, or every PM when
/// an error can be tied to no PM (a missing table, a file that cannot be read).
///
/// Choice where the SPEC is silent: a row tied to one PM flags that PM only, although
/// through "relative to best" another PM's score may move a little too; the draft's
/// band says on every page that the whole report is not final.
fn flag_affected(scores: &mut [crate::outcome::PmScore], diags: &[Diagnostic], tables: &Tables) {
    let pm_of_project: HashMap<&str, &str> =
        tables.projects.iter().map(|p| (p.project_id.as_str(), p.pm_id.as_str())).collect();
    let row_pm: HashMap<(&str, &str, u32), &str> = tables
        .rejected
        .iter()
        .filter_map(|r| {
            let pm = pm_of_project.get(r.id.as_str())?;
            Some(((&*r.origin.file, &*r.origin.sheet, r.origin.row), *pm))
        })
        .collect();
    let errors: Vec<&Diagnostic> = diags.iter().filter(|d| d.severity == Severity::Error).collect();
    let mut named: HashMap<&str, Vec<crate::text::Text>> = HashMap::new();
    let mut for_everyone: Vec<crate::text::Text> = Vec::new();
    for d in errors {
        let by_row = d.row.and_then(|row| row_pm.get(&(&*d.file, &*d.sheet, row)).copied());
        let pms: BTreeSet<&str> = d.pm_id.iter().chain(d.touches.iter()).map(String::as_str).chain(by_row).collect();
        if pms.is_empty() {
            for_everyone.push(d.headline());
        }
        for pm in pms {
            named.entry(pm).or_default().push(d.headline());
        }
    }
    for s in scores {
        let mut concerns = named.remove(s.pm_id.as_str()).unwrap_or_default();
        concerns.extend(for_everyone.iter().cloned());
        let mut seen = std::collections::HashSet::new();
        concerns.retain(|c| seen.insert(c.clone()));
        s.flagged = !concerns.is_empty();
        s.concerns = concerns;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Adjustment, Agent, QaRow, Review, SourceSheet, Task};
    use crate::score::testkit::{agent, qa};

    /// A read .xlsx file of these sheets.
    fn source(file: &Arc<str>, sheets: Vec<SourceSheet>) -> SourceFile {
        SourceFile {
            path: file.clone(),
            real: Default::default(),
            sha256: String::new(),
            format: "xlsx",
            size: 0,
            modified: None,
            skipped: None,
            sheets,
        }
    }

    #[test]
    fn rows_used_are_counted_per_sheet_however_the_rows_come() {
        // Agents from two sheets of one file, interleaved; QA rows from a sheet whose
        // name is an equal string in another `Arc`: counted by name, in runs or not.
        let (file, a, b): (Arc<str>, Arc<str>, Arc<str>) = ("运营部.xlsx".into(), "座席".into(), "座席2".into());
        let origin = |sheet: &Arc<str>, row| Origin { file: file.clone(), sheet: sheet.clone(), row };
        let mut t = Tables::default();
        for (i, sheet) in [&a, &a, &b, &a, &b, &b, &a].into_iter().enumerate() {
            t.agents.push(Agent { origin: origin(sheet, i as u32 + 2), ..agent(&format!("A{i}"), "X1") });
        }
        let same_name: Arc<str> = "座席".into();
        t.qa.push(QaRow { origin: origin(&same_name, 40), ..qa(1, "X1", 10, 0) });
        let sheet = |name: &Arc<str>| SourceSheet {
            name: name.clone(),
            table: None,
            header_row: None,
            rows_read: 9,
            rows_used: 0,
            hidden: false,
            title: String::new(),
        };
        let mut sources = vec![source(&file, vec![sheet(&a), sheet(&b), sheet(&"其他".into())])];
        count_used(&mut sources, &t);
        // 座席: agents rows 0, 1, 3, 6 and the QA row = 5; 座席2: agents 2, 4, 5 = 3; 其他: 0.
        let used: Vec<usize> = sources[0].sheets.iter().map(|s| s.rows_used).collect();
        assert_eq!(used, vec![5, 3, 0]);
    }

    #[test]
    fn rows_used_are_counted_per_table_of_a_sheet() {
        use crate::model::TaskStatus;
        use crate::score::testkit::{adjustment, review, task};
        // One sheet: reviews (header row 1, A:D) beside tasks (header row 1, G:I), a second
        // reviews table beside the first's right (also header row 1, 2 rows read), and
        // adjustments under them (header row 10).
        let (file, name): (Arc<str>, Arc<str>) = ("增值部.xlsx".into(), "评价".into());
        let origin = |row| Origin { file: file.clone(), sheet: name.clone(), row };
        let mut t = Tables::default();
        for row in [2, 3, 4, 2, 3] {
            t.reviews.push(Review { origin: origin(row), ..review("P01", 90.0) });
        }
        t.tasks.push(Task { origin: origin(2), ..task("P01", TaskStatus::OnTime) });
        t.adjustments.push(Adjustment { origin: origin(11), ..adjustment("P01", 2, 0.5) });
        let entry = |table, header_row, rows_read| SourceSheet {
            name: name.clone(),
            table: Some(table),
            header_row: Some(header_row),
            rows_read,
            rows_used: 0,
            hidden: false,
            title: String::new(),
        };
        let mut sources = vec![source(
            &file,
            vec![
                entry(TableKind::Reviews, 1, 3),
                entry(TableKind::Tasks, 1, 2),
                entry(TableKind::Reviews, 1, 2),
                entry(TableKind::Adjustments, 10, 1),
            ],
        )];
        count_used(&mut sources, &t);
        // Reviews 5 rows: the first table is filled to its 3, the other gets 2; tasks 1
        // of 2 read (one left out); adjustments 1.
        let used: Vec<usize> = sources[0].sheets.iter().map(|s| s.rows_used).collect();
        assert_eq!(used, vec![3, 1, 2, 1]);
    }
}
