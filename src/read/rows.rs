//! From a recognised sheet to typed rows: every data row below the header is read
//! column by column; a row with any unreadable cell is left out of the tables, and
//! each of its problems is a diagnostic at the cell.
//!
//! Rows skipped without a word: blank rows, rows with nothing in any of the
//! table's columns, and sign-off lines under a table (first cell `制表人：张三`,
//! `审核:`, `备注：`, `Prepared by:` …; see [`is_sign_off`]), and the header row
//! repeated further down (as printed pages often have it).
//! Summary rows (合计 / 总计 / 小计 / 汇总 / 总和 / 累计 / Total, also 本月合计, 合计：,
//! 总计(元); see [`total::summary_label`]) are checked against the rows above
//! them ([`super::total`]) and are not data.

use super::Place;

use chrono::NaiveDate;

use super::cell;
use super::grid::{Grid, Row, Value};
use super::header::Match;
use super::layout::Block;
use super::total::{self, Totals};
use super::typed::{Fault, Typed, bound, max_of, read_cell};
use super::value_text as vt;
use crate::diag::{Code, Diagnostic};
use crate::model::*;
use crate::schema::{self, Col, ColType, Column, col};

/// One data row being read.
struct RowReader<'a> {
    kind: TableKind,
    columns: &'static [Column],
    m: &'a Match,
    row: &'a Row,
    grid: &'a Grid,
    place: &'a Place<'a>,
    diags: Vec<Diagnostic>,
}

impl RowReader<'_> {
    /// The column's place in this table's schema (a column of another table is a
    /// mistake the debug build catches).
    fn index(&self, key: Col) -> usize {
        debug_assert_eq!(key.table, self.kind, "a column of this table");
        key.index
    }

    /// The cell of a column: `Ok(None)` when blank or the column is absent.
    fn typed(&mut self, key: Col) -> Result<Option<Typed>, ()> {
        let i = self.index(key);
        let col = &self.columns[i];
        let Some(at) = self.m.cols[i] else {
            return if col.required { Err(()) } else { Ok(None) };
        };
        let place = (self.row.excel_row(), at);
        let mut cell = self.row.get(at);
        if holds_amount(col.ty)
            && let Some(span @ ((r0, c0), (r1, _))) = self.grid.merge_at(self.row.idx, at)
        {
            // Text merged over the rows (a two-row header, a dash) is read as usual.
            if r1 > r0 && cell.and_then(cell::parse_number).is_some() {
                let found = self.grid.shown_at(r0, c0);
                self.push_value(Code::BadValue, place, vt::merged_number(col, span, &found), found.clone(), col);
                return Err(());
            }
            // Merged across columns in one row: the number is its first column's.
            if (r0, c0) != (self.row.idx, at) {
                cell = None;
            }
        }
        let placeholder = cell.filter(|v| is_placeholder(col.ty, v));
        let Some(v) = cell.filter(|_| placeholder.is_none()) else {
            if col.required {
                // A dash or `N/A` is a placeholder, not a blank: say which.
                let text = match placeholder {
                    Some(p) => vt::placeholder(col, &p.display()),
                    None => vt::missing_value(col),
                };
                let shown = placeholder.map(|p| p.display()).unwrap_or_default();
                self.push_value(Code::MissingValue, place, text, shown, col);
                return Err(());
            }
            return Ok(None);
        };
        match read_cell(self.kind, col, v, self.grid) {
            Ok(Typed::F(n)) if self.m.scales[i] != 1.0 => match bound(col.ty, n * self.m.scales[i]) {
                Ok(n) => Ok(Some(Typed::F(n))),
                Err(_) => {
                    let limit = max_of(col.ty).unwrap_or(f64::MAX);
                    self.push_value(Code::OutOfRange, place, vt::too_large(col, &v.display(), limit), v.display(), col);
                    Err(())
                }
            },
            Ok(t) => Ok(Some(t)),
            Err(Fault::Bad) => {
                self.push_value(Code::BadValue, place, vt::bad_value(col, &v.display()), v.display(), col);
                Err(())
            }
            Err(Fault::OutOfRange(rule)) => {
                self.push_value(Code::OutOfRange, place, vt::out_of_range(col, &v.display(), rule), v.display(), col);
                Err(())
            }
            Err(Fault::TimeNotDate) => {
                self.push_value(Code::BadValue, place, vt::time_not_date(col, &v.display()), v.display(), col);
                Err(())
            }
            Err(Fault::TooEarly) => {
                self.push_value(Code::BadValue, place, vt::too_early(col, &v.display()), v.display(), col);
                Err(())
            }
            Err(Fault::TooLarge(limit)) => {
                self.push_value(Code::OutOfRange, place, vt::too_large(col, &v.display(), limit), v.display(), col);
                Err(())
            }
            Err(Fault::FormulaNoValue) => {
                self.push(Code::FormulaNoValue, place, vt::formula_no_value(col));
                Err(())
            }
        }
    }

    fn push(&mut self, code: Code, (row, col): (u32, u32), message: crate::text::Text) {
        self.diags
            .push(Diagnostic::new(code, message).in_file(self.place.file).in_sheet(self.place.sheet).at_cell(row, col));
    }

    /// [`Self::push`] of a finding about a value: the JSON also says what was found and
    /// what the column accepts.
    fn push_value(&mut self, code: Code, place: (u32, u32), message: crate::text::Text, found: String, col: &Column) {
        self.push(code, place, message);
        if let Some(d) = self.diags.last_mut() {
            d.found = Some(found);
            d.accepted = Some(vt::accepted(col.ty));
        }
    }

    fn req(&mut self, key: Col) -> Option<Typed> {
        self.typed(key).ok().flatten()
    }
    fn s(&mut self, key: Col) -> Option<String> {
        match self.req(key)? {
            Typed::Str(s) => Some(s),
            _ => None,
        }
    }
    fn f(&mut self, key: Col) -> Option<f64> {
        match self.req(key)? {
            Typed::F(n) => Some(n),
            _ => None,
        }
    }
    fn u(&mut self, key: Col) -> Option<u64> {
        match self.req(key)? {
            Typed::U(n) => Some(n),
            _ => None,
        }
    }
    fn date(&mut self, key: Col) -> Option<NaiveDate> {
        match self.req(key)? {
            Typed::Date(d) => Some(d),
            _ => None,
        }
    }
    /// Optional column: `Some(None)` blank, `None` unreadable.
    fn opt(&mut self, key: Col) -> Option<Option<Typed>> {
        self.typed(key).ok()
    }
    fn opt_s(&mut self, key: Col) -> Option<Option<String>> {
        Some(match self.opt(key)? {
            Some(Typed::Str(s)) => Some(s),
            _ => None,
        })
    }
    fn opt_f(&mut self, key: Col, default: f64) -> Option<f64> {
        Some(match self.opt(key)? {
            Some(Typed::F(n)) => n,
            _ => default,
        })
    }
    fn opt_date(&mut self, key: Col) -> Option<Option<NaiveDate>> {
        Some(match self.opt(key)? {
            Some(Typed::Date(d)) => Some(d),
            _ => None,
        })
    }
}

/// Reads the rows of a table's block (below its header, in its columns) into
/// `tables`; returns the number of data rows read.
pub fn read_rows(
    grid: &Grid,
    block: &Block,
    m: &Match,
    place: &Place,
    tables: &mut Tables,
    diags: &mut Vec<Diagnostic>,
) -> usize {
    let (kind, header) = (m.kind, block.header);
    let columns = schema::columns(kind);
    let mapped: Vec<u32> = m.cols.iter().flatten().copied().collect();
    let mut totals = Totals::new(kind, m);
    let mut rows_read = 0;
    let header_row = &grid.rows[header];
    let header_key = |c: u32| {
        header_row.get(c).map(|v| match v {
            Value::Text(t) => super::header::normalize_header(t),
            v => super::header::normalize_header(&v.display()),
        })
    };
    let header_keys: Vec<(u32, Option<String>)> = mapped.iter().map(|&c| (c, header_key(c))).collect();
    // Only text can repeat a header, so data rows (ids, numbers) stop at the first cell.
    let repeats_header = |row: &Row| {
        header_keys.iter().all(|(c, key)| match row.get(*c) {
            Some(Value::Text(t)) => key.as_deref() == Some(super::header::normalize_header(t).as_str()),
            Some(_) => false,
            None => true,
        })
    };
    reserve(tables, kind, block.end - header - 1);
    for row in grid.rows[header + 1..block.end].iter().map(|r| block.view(r)) {
        let row: &Row = &row;
        if let Some((_, first)) = row.first_non_blank()
            && let Some(label) = total::summary_label(first)
        {
            totals.check_total_row(row, label, place, diags);
            continue;
        }
        if !mapped.iter().any(|&c| row.get(c).is_some())
            || row.first_non_blank().is_some_and(|(_, v)| is_sign_off(v))
            || repeats_header(row)
        {
            continue;
        }
        rows_read += 1;
        totals.add_data_row(row, grid);
        let mut r = RowReader { kind, columns, m, row, grid, place, diags: Vec::new() };
        let origin = Origin { file: place.file.clone(), sheet: place.sheet.clone(), row: row.excel_row() };
        let pm = push_row(&mut r, origin.clone(), tables);
        // A row of agents, QA or events left out here still belongs to a project (when
        // its project cell reads): a draft flags that project's PM, not every PM.
        if !r.diags.is_empty()
            && pm.is_none()
            && let Some(project) = row_project(kind, m, row)
        {
            tables.rejected.push(Rejected { table: kind, id: project, origin });
        }
        for d in r.diags {
            diags.push(match &pm {
                Some(pm) => d.for_pm(pm.clone()),
                None => d,
            });
        }
    }
    rows_read
}

/// The project ID a row of agents, QA or partner events names, read quietly.
fn row_project(kind: TableKind, m: &Match, row: &Row) -> Option<String> {
    let key = match kind {
        TableKind::Agents => col::agents::PROJECT_ID,
        TableKind::Qa => col::qa::PROJECT_ID,
        TableKind::PartnerEvents => col::events::PROJECT_ID,
        _ => return None,
    };
    let at = m.cols.get(key.index).copied().flatten()?;
    row.get(at).and_then(cell::parse_id)
}

/// Room in the table for `rows` more rows (at most the size of a very large month,
/// so a sheet of millions of junk rows reserves nothing absurd), so that the table is
/// not grown, and moved, again and again.
fn reserve(t: &mut Tables, kind: TableKind, rows: usize) {
    let rows = rows.min(200_000);
    match kind {
        TableKind::Managers => t.managers.reserve(rows),
        TableKind::Projects => t.projects.reserve(rows),
        TableKind::Agents => t.agents.reserve(rows),
        TableKind::Qa => t.qa.reserve(rows),
        TableKind::PartnerEvents => t.events.reserve(rows),
        TableKind::Tasks => t.tasks.reserve(rows),
        TableKind::Reviews => t.reviews.reserve(rows),
        TableKind::Adjustments => t.adjustments.reserve(rows),
    }
}

/// Reads every column of the row (so that every bad cell is reported at once) and
/// pushes the row when all were readable. Returns the row's PM, when it names one.
fn push_row(r: &mut RowReader, origin: Origin, t: &mut Tables) -> Option<String> {
    match r.kind {
        TableKind::Managers => {
            let (pm_id, name, bonus_base) =
                (r.s(col::managers::PM_ID), r.s(col::managers::NAME), r.f(col::managers::BONUS_BASE));
            if let (Some(pm_id), Some(name), Some(bonus_base), true) =
                (pm_id.clone(), name, bonus_base, r.diags.is_empty())
            {
                t.managers.push(Manager { pm_id, name, bonus_base, origin });
            } else if let Some(id) = pm_id.clone() {
                t.rejected.push(Rejected { table: TableKind::Managers, id, origin });
            }
            pm_id
        }
        TableKind::Projects => {
            let (project_id, project_name, pm_id) =
                (r.s(col::projects::PROJECT_ID), r.s(col::projects::PROJECT_NAME), r.s(col::projects::PM_ID));
            let (plan, seats, region, partner) = (
                r.f(col::projects::PLAN),
                r.u(col::projects::SEATS),
                r.opt_s(col::projects::REGION),
                r.opt_s(col::projects::PARTNER),
            );
            if let (
                Some(project_id),
                Some(project_name),
                Some(pm),
                Some(plan),
                Some(seats),
                Some(region),
                Some(partner),
                true,
            ) = (project_id.clone(), project_name, pm_id.clone(), plan, seats, region, partner, r.diags.is_empty())
            {
                t.projects.push(Project { project_id, project_name, pm_id: pm, plan, seats, region, partner, origin });
            } else if let Some(id) = project_id {
                t.rejected.push(Rejected { table: TableKind::Projects, id, origin });
            }
            pm_id
        }
        TableKind::Agents => {
            let agent = (|| -> Option<Agent> {
                let (agent_id, project_id, hire_date, leave_date) = (
                    r.s(col::agents::AGENT_ID),
                    r.s(col::agents::PROJECT_ID),
                    r.date(col::agents::HIRE_DATE),
                    r.opt_date(col::agents::LEAVE_DATE),
                );
                let (scheduled_days, attended_days) =
                    (r.f(col::agents::SCHEDULED_DAYS), r.f(col::agents::ATTENDED_DAYS));
                let (ot_scheduled_days, ot_attended_days, ot_hours) = (
                    r.opt_f(col::agents::OT_SCHEDULED_DAYS, 0.0),
                    r.opt_f(col::agents::OT_ATTENDED_DAYS, 0.0),
                    r.opt_f(col::agents::OT_HOURS, 0.0),
                );
                let (dialed, connected, successes, revenue) = (
                    r.u(col::agents::DIALED),
                    r.u(col::agents::CONNECTED),
                    r.u(col::agents::SUCCESSES),
                    r.f(col::agents::REVENUE),
                );
                let name = r.opt_s(col::agents::NAME);
                Some(Agent {
                    agent_id: agent_id?,
                    project_id: project_id?,
                    hire_date: hire_date?,
                    leave_date: leave_date?,
                    scheduled_days: scheduled_days?,
                    attended_days: attended_days?,
                    ot_scheduled_days: ot_scheduled_days?,
                    ot_attended_days: ot_attended_days?,
                    ot_hours: ot_hours?,
                    dialed: dialed?,
                    connected: connected?,
                    successes: successes?,
                    revenue: revenue?,
                    name: name?,
                    origin,
                })
            })();
            if let Some(a) = agent.filter(|_| r.diags.is_empty()) {
                t.agents.push(a);
            }
            None
        }
        TableKind::Qa => {
            let (date, project_id, checked, errors) =
                (r.date(col::qa::DATE), r.s(col::qa::PROJECT_ID), r.u(col::qa::CHECKED), r.u(col::qa::ERRORS));
            if let (Some(date), Some(project_id), Some(checked), Some(errors), true) =
                (date, project_id, checked, errors, r.diags.is_empty())
            {
                t.qa.push(QaRow { date, project_id, checked, errors, origin });
            }
            None
        }
        TableKind::PartnerEvents => {
            let (project_id, event, date) =
                (r.s(col::events::PROJECT_ID), r.req(col::events::EVENT), r.opt_date(col::events::DATE));
            let (lost_volume, severe, description) =
                (r.opt_f(col::events::LOST_VOLUME, 0.0), r.opt(col::events::SEVERE), r.opt_s(col::events::DESCRIPTION));
            if let (
                Some(project_id),
                Some(Typed::Event(event)),
                Some(date),
                Some(lost_volume),
                Some(severe),
                Some(description),
                true,
            ) = (project_id, event, date, lost_volume, severe, description, r.diags.is_empty())
            {
                let severe = matches!(severe, Some(Typed::Bool(true)));
                t.events.push(PartnerEvent { project_id, event, date, lost_volume, severe, description, origin });
            }
            None
        }
        TableKind::Tasks => {
            let (pm_id, task, status) = (r.s(col::tasks::PM_ID), r.s(col::tasks::TASK), r.req(col::tasks::STATUS));
            if let (Some(pm), Some(task), Some(Typed::Status(status)), true) =
                (pm_id.clone(), task, status, r.diags.is_empty())
            {
                t.tasks.push(Task { pm_id: pm, task, status, origin });
            }
            pm_id
        }
        TableKind::Reviews => {
            let (pm_id, reviewer, score, dept) = (
                r.s(col::reviews::PM_ID),
                r.s(col::reviews::REVIEWER),
                r.f(col::reviews::SCORE),
                r.opt_s(col::reviews::DEPT),
            );
            if let (Some(pm), Some(reviewer), Some(score), Some(dept), true) =
                (pm_id.clone(), reviewer, score, dept, r.diags.is_empty())
            {
                t.reviews.push(Review { pm_id: pm, reviewer, score, dept, origin });
            }
            pm_id
        }
        TableKind::Adjustments => {
            let (pm_id, item, points, reason) = (
                r.s(col::adjustments::PM_ID),
                r.req(col::adjustments::ITEM),
                r.f(col::adjustments::POINTS),
                r.s(col::adjustments::REASON),
            );
            if let (Some(pm), Some(Typed::Item(item)), Some(points), Some(reason), true) =
                (pm_id.clone(), item, points, reason, r.diags.is_empty())
            {
                t.adjustments.push(Adjustment { pm_id: pm, item, points, reason, origin });
            }
            pm_id
        }
    }
}

/// Columns of amounts (numbers, counts, money, scores): a merged range may not
/// spread their value over several rows (SPEC §2: whose number would it be?).
pub fn holds_amount(ty: ColType) -> bool {
    matches!(ty, ColType::Number | ColType::Count | ColType::Money | ColType::Score)
}

/// A mark people put in a cell that has no value: `-`, `—`, `/`, `无`, `N/A`, and
/// `在职` ("still employed") in a date column. Counts as blank in columns of numbers,
/// dates, yes/no, events, statuses (never in id or text columns, where it could be data).
pub fn is_placeholder(ty: ColType, v: &Value) -> bool {
    let Value::Text(s) = v else { return false };
    if matches!(ty, ColType::Id | ColType::Text) || s.len() > 12 {
        return false;
    }
    let key = cell::word_key(s);
    matches!(key.as_str(), "-" | "--" | "—" | "——" | "–" | "/" | "无" | "n/a" | "na" | "none" | "null")
        || (ty == ColType::Date && key == "在职")
}

/// A sign-off or note line under a table: text starting with a label such as 制表人,
/// 填表人, 审核, 复核, 审批, 批准, 负责人, 备注, 说明, 注, Prepared by, Checked by,
/// Approved by, Note — followed by a colon (so a task called `审核报表` is still data).
pub fn is_sign_off(v: &Value) -> bool {
    const LABELS: [&str; 17] = [
        "制表人",
        "制表",
        "填表人",
        "填表",
        "审核人",
        "审核",
        "复核",
        "审批",
        "批准",
        "负责人",
        "备注",
        "说明",
        "注",
        "preparedby",
        "checkedby",
        "approvedby",
        "note",
    ];
    let Value::Text(s) = v else { return false };
    if !s.contains([':', '：']) {
        return false;
    }
    let key = cell::word_key(&s.chars().take(30).collect::<String>());
    let Some((label, _)) = key.split_once(':') else { return false };
    LABELS.contains(&label)
}
