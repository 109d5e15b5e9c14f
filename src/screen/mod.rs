//! Screening: which sheets count at all, before the checks (SPEC §3 "Never the same
//! figures twice"). Takes the rows as read, the sources and the month; gives the rows
//! of the sheets that count, and a diagnostic for every sheet set aside:
//! - `empty-month` (error): a required table whose sheets hold no data row (an
//!   unfilled template);
//! - `other-month` (warning): a sheet whose name or title rows name another month and
//!   not this one ([`months`]); its rows are left out;
//! - `duplicate-source` (error): two sheets of one table, in one file or two, where at
//!   least half of the smaller one's rows equal rows of the other ([`overlap`]); the
//!   one believed to be the copy ([`crate::read::copies`]) is left out, so a `--draft`
//!   counts the original only, and the PMs the copy touches are named for its flags.
//!
//! Choices where the SPEC is silent:
//! - The copy's rows are left out whether or not the run is a draft: an error stops
//!   the report anyway, and leaving them in would only bury the one real finding under
//!   a `duplicate-key` for every row of the copy.
//! - One `duplicate-source` per copy, at the copy's sheet, naming the original; a sheet
//!   set aside as another month's is not compared.
//! - A sheet set aside as another month's that leaves a required table without any
//!   sheet is explained in that table's `missing-table` ([`SetAside`]).

pub mod months;
mod overlap;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use crate::diag::{Code, Diagnostic};
use crate::model::{Month, Origin, SourceFile, SourceSheet, TableKind, Tables};
use crate::read::copies;
use crate::t;
use crate::text::Text;

/// For each required table that lost every sheet to `other-month`: why, in words
/// (`「2026年10月综合评价」(增值部.xlsx) 写的是 2026-10`), for its `missing-table`.
pub type SetAside = BTreeMap<TableKind, Text>;

/// What screening gave.
#[derive(Debug, Default)]
pub struct Screened {
    pub tables: Tables,
    pub diags: Vec<Diagnostic>,
    pub set_aside: SetAside,
}

/// Screens the month's sheets (see the module docs).
pub fn screen(mut tables: Tables, sources: &[SourceFile], month: Month) -> Screened {
    let mut diags = empty_tables(&tables, sources);
    let mut left_out: HashSet<(TableKind, Arc<str>, Arc<str>)> = HashSet::new();

    // Another month's sheets.
    let mut lost_sheets: BTreeMap<TableKind, Vec<Text>> = BTreeMap::new();
    for file in sources {
        for sheet in &file.sheets {
            let Some(kind) = sheet.table else { continue };
            let Some(other) = months::other_month(&format!("{} {}", sheet.name, sheet.title), month) else {
                continue;
            };
            let (oz, oe) = other.shown();
            let said =
                if months::named_months(&sheet.name).is_empty() { t!("标题", "title") } else { t!("名称", "name") };
            let (sz, se) = (&said.zh, &said.en);
            let (name, rows, path) = (&sheet.name, sheet.rows_read, &file.path);
            diags.push(
                Diagnostic::new(
                    Code::OtherMonth,
                    t!(
                        "工作表{sz}写的是 {oz}，不是考评月份 {month}：整张表（{rows} 行）不计入；若它确是本月数据，请改正{sz}",
                        "the sheet's {se} says {oe}, not the month {month}: the whole sheet ({rows} rows) is left out; if it does hold this month's figures, correct its {se}"
                    ),
                )
                .in_file(&file.path)
                .in_sheet(&sheet.name),
            );
            left_out.insert((kind, file.path.clone(), sheet.name.clone()));
            lost_sheets
                .entry(kind)
                .or_default()
                .push(t!("{path}「{name}」写的是 {oz}", "{path}, sheet \"{name}\", says {oe}"));
        }
    }
    let remaining: BTreeSet<TableKind> = sources
        .iter()
        .flat_map(|f| f.sheets.iter().map(move |s| (f, s)))
        .filter_map(|(f, s)| s.table.filter(|k| !left_out.contains(&(*k, f.path.clone(), s.name.clone()))))
        .collect();
    let mut set_aside = SetAside::new();
    for (kind, why) in lost_sheets {
        if !remaining.contains(&kind) {
            tables.present.remove(&kind);
            let all = why
                .iter()
                .skip(1)
                .fold(why[0].clone(), |a, b| Text::new(format!("{}、{}", a.zh, b.zh), format!("{}; {}", a.en, b.en)));
            set_aside.insert(kind, all);
        }
    }

    // The same figures twice.
    let groups = overlap::groups(&tables);
    let mut copies_of: HashSet<usize> = HashSet::new();
    let skip = |i: usize| left_out.contains(&(groups[i].kind, groups[i].file.clone(), groups[i].sheet.clone()));
    let found = overlap::overlaps(&groups, &skip);
    let by_path: HashMap<&str, &SourceFile> = sources.iter().map(|f| (&*f.path, f)).collect();
    let pm_of_project: HashMap<&str, &str> =
        tables.projects.iter().map(|p| (p.project_id.as_str(), p.pm_id.as_str())).collect();
    let mut copy_diags = Vec::new();
    for o in found {
        if copies_of.contains(&o.a) || copies_of.contains(&o.b) {
            continue;
        }
        let (copy, original, why) = decide(&groups, o, &by_path);
        copies_of.insert(copy);
        let touches = touched_pms(&tables, &groups[copy], &pm_of_project);
        copy_diags.push((copy, original, o, why, touches));
    }
    for (copy, original, o, why, touches) in copy_diags {
        let (c, g) = (&groups[copy], &groups[original]);
        left_out.insert((c.kind, c.file.clone(), c.sheet.clone()));
        diags.push(duplicate_source(c, g, o, &why, touches));
    }

    if !left_out.is_empty() {
        retain(&mut tables, &|kind, o| !left_out.contains(&(kind, o.file.clone(), o.sheet.clone())));
    }
    Screened { tables, diags, set_aside }
}

/// `empty-month`: a required table found only on sheets without data rows.
fn empty_tables(tables: &Tables, sources: &[SourceFile]) -> Vec<Diagnostic> {
    let mut by_kind: BTreeMap<TableKind, Vec<(&SourceFile, &SourceSheet)>> = BTreeMap::new();
    for f in sources {
        for s in &f.sheets {
            if let Some(kind) = s.table {
                by_kind.entry(kind).or_default().push((f, s));
            }
        }
    }
    let mut out = Vec::new();
    for (kind, sheets) in by_kind {
        if !kind.required() || !tables.present.contains(&kind) || sheets.iter().any(|(_, s)| s.rows_read > 0) {
            continue;
        }
        let words = kind.words();
        let (tz, te) = (&words.zh, &words.en);
        for (f, s) in sheets {
            let mut d = Diagnostic::new(
                Code::EmptyMonth,
                t!(
                    "「{tz}」表只有表头，没有数据行（像是未填写的模板）：没有它无法评分；请填入本月数据",
                    "the {te} table has a header but no data rows (an unfilled template?): the month cannot be scored without it; fill in this month's figures"
                ),
            )
            .in_file(&f.path)
            .in_sheet(&s.name);
            d.row = s.header_row;
            out.push(d);
        }
    }
    out
}

/// Which of two overlapping groups is the copy: (copy, original, why).
fn decide(groups: &[overlap::Group], o: overlap::Overlap, files: &HashMap<&str, &SourceFile>) -> (usize, usize, Text) {
    let (a, b) = (&groups[o.a], &groups[o.b]);
    let b_is_copy = if a.file == b.file {
        copies::which_is_copy(&sheet_side(a, o.a), &sheet_side(b, o.b), true)
    } else {
        copies::which_is_copy(&file_side(a, o.a, files), &file_side(b, o.b, files), true)
    };
    let why = b_is_copy.1.unwrap_or_else(copies::comes_later);
    if b_is_copy.0 { (o.b, o.a, why) } else { (o.a, o.b, why) }
}

fn sheet_side(g: &overlap::Group, order: usize) -> copies::Side<'_> {
    copies::Side { name: &g.sheet, format: "", modified: None, order }
}

fn file_side<'a>(g: &'a overlap::Group, order: usize, files: &HashMap<&str, &'a SourceFile>) -> copies::Side<'a> {
    let f = files.get(&*g.file);
    copies::Side {
        name: g.file.rsplit_once('/').map_or(&*g.file, |(_, n)| n),
        format: f.map_or("", |f| f.format),
        modified: f.and_then(|f| f.modified),
        order,
    }
}

fn duplicate_source(
    copy: &overlap::Group,
    original: &overlap::Group,
    o: overlap::Overlap,
    why: &Text,
    touches: Vec<String>,
) -> Diagnostic {
    let words = copy.kind.words();
    let (tz, te) = (&words.zh, &words.en);
    let (wz, we) = (&why.zh, &why.en);
    let (oz, oe) = if copy.file == original.file {
        (format!("本工作簿的「{}」", original.sheet), format!("sheet \"{}\" of this workbook", original.sheet))
    } else {
        (format!("{}「{}」", original.file, original.sheet), format!("{}, sheet \"{}\"", original.file, original.sheet))
    };
    let (agree, smaller) = (o.agree, o.smaller);
    let mut d = Diagnostic::new(
        Code::DuplicateSource,
        t!(
            "与 {oz} 是同一份「{tz}」数据：较小的一张 {smaller} 行中有 {agree} 行完全相同（必填列都相等）。判断本表是副本（{wz}），不计入；同一数据不能计算两次，请删除或移走副本后重新运行",
            "the same {te} figures as {oe}: {agree} of the smaller sheet's {smaller} rows are equal in every required column. This sheet is taken for the copy ({we}) and is not counted; the same figures must not count twice: remove the copy and run again"
        ),
    )
    .in_file(&copy.file)
    .in_sheet(&copy.sheet);
    d.touches = touches;
    d
}

/// The PMs whose figures a group's rows carry.
fn touched_pms(t: &Tables, g: &overlap::Group, pm_of_project: &HashMap<&str, &str>) -> Vec<String> {
    let on = |o: &Origin| o.file == g.file && o.sheet == g.sheet;
    let project = |id: &String| pm_of_project.get(id.as_str()).map(|p| p.to_string());
    let pms: BTreeSet<String> = match g.kind {
        TableKind::Managers => t.managers.iter().filter(|r| on(&r.origin)).map(|r| r.pm_id.clone()).collect(),
        TableKind::Projects => t.projects.iter().filter(|r| on(&r.origin)).map(|r| r.pm_id.clone()).collect(),
        TableKind::Agents => t.agents.iter().filter(|r| on(&r.origin)).filter_map(|r| project(&r.project_id)).collect(),
        TableKind::Qa => t.qa.iter().filter(|r| on(&r.origin)).filter_map(|r| project(&r.project_id)).collect(),
        TableKind::PartnerEvents => {
            t.events.iter().filter(|r| on(&r.origin)).filter_map(|r| project(&r.project_id)).collect()
        }
        TableKind::Tasks => t.tasks.iter().filter(|r| on(&r.origin)).map(|r| r.pm_id.clone()).collect(),
        TableKind::Reviews => t.reviews.iter().filter(|r| on(&r.origin)).map(|r| r.pm_id.clone()).collect(),
        TableKind::Adjustments => t.adjustments.iter().filter(|r| on(&r.origin)).map(|r| r.pm_id.clone()).collect(),
    };
    pms.into_iter().collect()
}

/// Keeps the rows for which `keep(table, origin)` holds.
fn retain(t: &mut Tables, keep: &dyn Fn(TableKind, &Origin) -> bool) {
    t.managers.retain(|r| keep(TableKind::Managers, &r.origin));
    t.projects.retain(|r| keep(TableKind::Projects, &r.origin));
    t.agents.retain(|r| keep(TableKind::Agents, &r.origin));
    t.qa.retain(|r| keep(TableKind::Qa, &r.origin));
    t.events.retain(|r| keep(TableKind::PartnerEvents, &r.origin));
    t.tasks.retain(|r| keep(TableKind::Tasks, &r.origin));
    t.reviews.retain(|r| keep(TableKind::Reviews, &r.origin));
    t.adjustments.retain(|r| keep(TableKind::Adjustments, &r.origin));
}
