//! Writes a [`SampleMonth`] as the departments' workbooks, with the quirks of
//! real files: title rows, a 合计 row, merged project cells, numbers and dates
//! typed as text.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use super::data::SampleMonth;
use super::prng::Rng;
use crate::model::TableKind;
use crate::template::{Dept, Formats, column, header_label, new_workbook, properties, sheet_name};
use crate::text::Lang;

/// Agents' rows whose project cells are merged: beyond this, plain cells (merging
/// costs memory and time in very large months, and a few thousand rows show the quirk).
pub const MERGED_ROWS: usize = 5000;

/// From this many agents on, the workbooks are compressed faster (zip level 1).
pub const FAST_ZIP_AGENTS: usize = 20_000;

/// One cell as a person would type it.
enum Cell<'a> {
    Str(&'a str),
    Own(String),
    Num(f64),
    Money(f64),
    Date(NaiveDate),
    /// A date typed as text, `2026/10/3`.
    TextDate(NaiveDate),
    Blank,
}

struct Sheet<'a> {
    ws: &'a mut Worksheet,
    f: &'a Formats,
}

impl Sheet<'_> {
    fn put(&mut self, row: u32, col: u16, cell: Cell) -> Result<(), XlsxError> {
        let ws = &mut *self.ws;
        match cell {
            Cell::Str(s) => ws.write_string(row, col, s).map(drop),
            Cell::Own(s) => ws.write_string(row, col, s).map(drop),
            Cell::Num(n) => ws.write_number(row, col, n).map(drop),
            Cell::Money(n) => ws.write_number_with_format(row, col, n, &self.f.money).map(drop),
            Cell::Date(d) => ws.write_number_with_format(row, col, serial(d), &self.f.date).map(drop),
            Cell::TextDate(d) => ws.write_string(row, col, text_date(d)).map(drop),
            Cell::Blank => Ok(()),
        }
    }

    /// Title rows, then the header; returns the first data row.
    fn start(&mut self, kind: TableKind, titles: &[String], keys: &[&str]) -> Result<u32, XlsxError> {
        self.ws.set_name(sheet_name(kind, Lang::Zh))?;
        for (r, title) in titles.iter().enumerate() {
            let format = if r == 0 { &self.f.title } else { &self.f.hint };
            self.ws.write_string_with_format(r as u32, 0, title, format)?;
        }
        let header = titles.len() as u32;
        for (c, key) in keys.iter().enumerate() {
            let col = column(kind, key);
            let format = if col.required { &self.f.header_required } else { &self.f.header_optional };
            self.ws.write_string_with_format(header, c as u16, header_label(col, Lang::Zh), format)?;
            self.ws.set_column_width(c as u16, crate::template::column_width(col, Lang::Zh))?;
        }
        self.ws.set_freeze_panes(header + 1, 0)?;
        Ok(header + 1)
    }

    fn rows<'r>(&mut self, first: u32, rows: impl Iterator<Item = Vec<Cell<'r>>>) -> Result<u32, XlsxError> {
        let mut r = first;
        for row in rows {
            for (c, cell) in row.into_iter().enumerate() {
                self.put(r, c as u16, cell)?;
            }
            r += 1;
        }
        Ok(r)
    }
}

/// Excel's serial day number (1900 system).
fn serial(d: NaiveDate) -> f64 {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).expect("valid");
    (d - epoch).num_days() as f64
}

fn text_date(d: NaiveDate) -> String {
    format!("{}/{}/{}", d.year(), d.month(), d.day())
}

/// `1234550` fen as `12,345.50`: how a total pasted as text looks.
pub fn money_text(cents: u64) -> String {
    format!("{}.{:02}", crate::text::num::count(cents / 100), cents % 100)
}

fn title(m: &SampleMonth, what: &str) -> String {
    format!("{}年{}月{what}", m.month.year, m.month.month)
}

/// The bytes of one department's workbook for the month.
pub fn workbook_bytes(m: &SampleMonth, dept: Dept, seed: u64) -> Result<Vec<u8>, XlsxError> {
    let d1 = m.month.last_day() + chrono::Days::new(1);
    let props = properties(&title(m, &dept.file_stem(Lang::Zh)), d1.year() as u16, d1.month() as u8, d1.day() as u8)?;
    let mut wb: Workbook = new_workbook(&props);
    if m.agents.len() >= FAST_ZIP_AGENTS {
        // Deflate is most of the time of a big month: level 1 is 2–3× faster, files ~60% larger.
        wb.set_zip_compression_level(1);
    }
    let f = Formats::new();
    // The quirks are placed by their own stream, so they do not shift the data.
    let mut rng = Rng::new(seed.wrapping_add(dept as u64 + 1));
    for &kind in dept.tables() {
        let mut s = Sheet { ws: wb.add_worksheet(), f: &f };
        match kind {
            TableKind::Managers => managers(&mut s, m)?,
            TableKind::Projects => projects(&mut s, m)?,
            TableKind::Agents => agents(&mut s, m, &mut rng)?,
            TableKind::Qa => qa(&mut s, m, &mut rng)?,
            TableKind::PartnerEvents => events(&mut s, m)?,
            TableKind::Tasks => tasks(&mut s, m)?,
            TableKind::Reviews => reviews(&mut s, m)?,
            TableKind::Adjustments => adjustments(&mut s, m)?,
        }
    }
    wb.save_to_buffer()
}

fn managers(s: &mut Sheet, m: &SampleMonth) -> Result<(), XlsxError> {
    let first = s.start(TableKind::Managers, &[title(m, "项目经理名单")], &["pm_id", "name", "bonus_base"])?;
    s.rows(
        first,
        m.pms.iter().enumerate().map(|(i, pm)| {
            // One base typed with its unit, as people do.
            let base =
                if i == 2 { Cell::Own(format!("{}元", pm.bonus_base)) } else { Cell::Money(f64::from(pm.bonus_base)) };
            vec![Cell::Str(&pm.id), Cell::Str(&pm.name), base]
        }),
    )?;
    Ok(())
}

fn projects(s: &mut Sheet, m: &SampleMonth) -> Result<(), XlsxError> {
    let keys = ["project_id", "project_name", "pm_id", "plan", "seats", "region", "partner"];
    let first = s.start(TableKind::Projects, &[title(m, "外呼项目计划")], &keys)?;
    s.rows(
        first,
        m.projects.iter().enumerate().map(|(i, p)| {
            let plan = if i == 1 { Cell::Own(money_text(p.plan * 100)) } else { Cell::Money(p.plan as f64) };
            vec![
                Cell::Str(&p.id),
                Cell::Str(&p.name),
                Cell::Str(&m.pms[p.pm].id),
                plan,
                Cell::Num(p.seats as f64),
                Cell::Str(p.region),
                Cell::Str(p.partner),
            ]
        }),
    )?;
    Ok(())
}

const AGENT_KEYS: [&str; 14] = [
    "agent_id",
    "name",
    "project_id",
    "hire_date",
    "leave_date",
    "scheduled_days",
    "attended_days",
    "ot_scheduled_days",
    "ot_attended_days",
    "ot_hours",
    "dialed",
    "connected",
    "successes",
    "revenue",
];

fn agents(s: &mut Sheet, m: &SampleMonth, rng: &mut Rng) -> Result<(), XlsxError> {
    let titles = [title(m, "座席月报"), format!("制表：运营部    数据截至{}", m.month.last_day())];
    let first = s.start(TableKind::Agents, &titles, &AGENT_KEYS)?;
    let project_col = 2u16;
    let mut row = first;
    let mut i = 0;
    let mut sums = [0.0f64; 9]; // scheduled .. successes
    let mut revenue_cents = 0u64;
    while i < m.agents.len() {
        let p = m.agents[i].project;
        let end = m.agents[i..].iter().position(|a| a.project != p).map_or(m.agents.len(), |n| i + n);
        let group_first = row;
        for a in &m.agents[i..end] {
            let hire = if rng.chance(0.01) { Cell::TextDate(a.hire) } else { Cell::Date(a.hire) };
            let dialed = if rng.chance(0.005) { Cell::Own(a.dialed.to_string()) } else { Cell::Num(a.dialed as f64) };
            let revenue = if rng.chance(0.01) {
                Cell::Own(money_text(a.revenue_cents))
            } else {
                Cell::Money(a.revenue_cents as f64 / 100.0)
            };
            let numbers = [
                a.scheduled,
                a.attended,
                a.ot_scheduled,
                a.ot_attended,
                a.ot_hours,
                a.dialed as f64,
                a.connected as f64,
                a.successes as f64,
            ];
            for (sum, n) in sums.iter_mut().zip(numbers) {
                *sum += n;
            }
            revenue_cents += a.revenue_cents;
            let cells = vec![
                Cell::Str(&a.id),
                Cell::Str(&a.name),
                Cell::Str(&m.projects[p].id),
                hire,
                a.leave.map_or(Cell::Blank, Cell::Date),
                Cell::Num(a.scheduled),
                Cell::Num(a.attended),
                Cell::Num(a.ot_scheduled),
                Cell::Num(a.ot_attended),
                Cell::Num(a.ot_hours),
                dialed,
                Cell::Num(a.connected as f64),
                Cell::Num(a.successes as f64),
                revenue,
            ];
            row = s.rows(row, std::iter::once(cells))?;
        }
        let last = row - 1;
        if last > group_first && (last as usize) < MERGED_ROWS {
            s.ws.merge_range(group_first, project_col, last, project_col, &m.projects[p].id, &s.f.merged)?;
        }
        i = end;
    }
    // The sheet's own total row, with correct sums; the revenue total pasted as text.
    s.ws.write_string_with_format(row, 0, "合计", &s.f.total)?;
    for c in 1..5u16 {
        s.ws.write_blank(row, c, &s.f.total)?;
    }
    for (k, sum) in sums.iter().enumerate().take(8) {
        s.ws.write_number_with_format(row, 5 + k as u16, *sum, &s.f.total)?;
    }
    s.ws.write_string_with_format(row, 13, money_text(revenue_cents), &s.f.total_money)?;
    Ok(())
}

fn qa(s: &mut Sheet, m: &SampleMonth, rng: &mut Rng) -> Result<(), XlsxError> {
    let keys = ["date", "project_id", "checked", "errors"];
    let first = s.start(TableKind::Qa, &[title(m, "日常抽检记录")], &keys)?;
    let mut text_dates = 0;
    s.rows(
        first,
        m.qa.iter().map(|q| {
            let date = if text_dates < 6 && rng.chance(0.01) {
                text_dates += 1;
                Cell::TextDate(q.date)
            } else {
                Cell::Date(q.date)
            };
            vec![date, Cell::Str(&m.projects[q.project].id), Cell::Num(q.checked as f64), Cell::Num(q.errors as f64)]
        }),
    )?;
    Ok(())
}

fn events(s: &mut Sheet, m: &SampleMonth) -> Result<(), XlsxError> {
    let keys = ["project_id", "event", "date", "lost_volume", "severe", "description"];
    let first = s.start(TableKind::PartnerEvents, &[title(m, "合作方质量事件登记")], &keys)?;
    s.rows(
        first,
        m.events.iter().map(|e| {
            vec![
                Cell::Str(&m.projects[e.project].id),
                Cell::Str(e.kind),
                Cell::Date(e.date),
                if e.lost == 0 { Cell::Blank } else { Cell::Money(e.lost as f64) },
                e.severe.map_or(Cell::Blank, |b| Cell::Str(if b { "是" } else { "否" })),
                Cell::Str(e.description),
            ]
        }),
    )?;
    Ok(())
}

fn tasks(s: &mut Sheet, m: &SampleMonth) -> Result<(), XlsxError> {
    let first = s.start(TableKind::Tasks, &[title(m, "上级交办工作完成情况")], &["pm_id", "task", "status"])?;
    s.rows(first, m.tasks.iter().map(|t| vec![Cell::Str(&m.pms[t.pm].id), Cell::Str(t.task), Cell::Str(t.status)]))?;
    Ok(())
}

fn reviews(s: &mut Sheet, m: &SampleMonth) -> Result<(), XlsxError> {
    let keys = ["pm_id", "reviewer", "dept", "score"];
    let first = s.start(TableKind::Reviews, &[title(m, "综合评价表")], &keys)?;
    s.rows(
        first,
        m.reviews
            .iter()
            .map(|r| vec![Cell::Str(&m.pms[r.pm].id), Cell::Str(r.reviewer), Cell::Str(r.dept), Cell::Num(r.score)]),
    )?;
    Ok(())
}

fn adjustments(s: &mut Sheet, m: &SampleMonth) -> Result<(), XlsxError> {
    let keys = ["pm_id", "item", "points", "reason"];
    let first = s.start(TableKind::Adjustments, &[title(m, "人工扣分")], &keys)?;
    s.rows(
        first,
        m.adjustments.iter().map(|a| {
            vec![Cell::Str(&m.pms[a.pm].id), Cell::Num(f64::from(a.item)), Cell::Num(a.points), Cell::Str(a.reason)]
        }),
    )?;
    Ok(())
}
