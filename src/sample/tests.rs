//! The sample read back with calamine, the way the reader will see it, and held
//! to SPEC §3: no value that would be an error.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use calamine::{Data, DataType, Dimensions, Range, Reader, Sheets, open_workbook_auto};
use chrono::NaiveDate;

use super::*;
use crate::model::TableKind;
use crate::schema;
use crate::template::tests::normalise_header;

/// One table as read back: rows keyed by column key, the total row apart.
#[derive(Default)]
struct Table {
    sheet: String,
    /// 0-based row of the header.
    header_row: usize,
    rows: Vec<HashMap<&'static str, Data>>,
    total: Option<HashMap<&'static str, Data>>,
    merged: usize,
    /// Numeric columns whose cell is text, e.g. `1,234.50`.
    text_numbers: usize,
    text_dates: usize,
}

fn merges(book: &mut Sheets<std::io::BufReader<std::fs::File>>, sheet: &str) -> Vec<Dimensions> {
    match book {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(sheet).unwrap(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(sheet).unwrap(),
        _ => Vec::new(),
    }
}

/// Finds the sheet holding `kind` in the folder's workbooks, as SPEC §2 says:
/// the header is the first of the first 10 rows holding every required column.
fn load(dir: &Path, kind: TableKind) -> Table {
    for path in files(dir) {
        let mut book = open_workbook_auto(&path).unwrap();
        for name in book.sheet_names() {
            let range: Range<Data> = book.worksheet_range(&name).unwrap();
            let cols = schema::columns(kind);
            let start = range.start().unwrap_or((0, 0));
            let found = (0..range.height().min(10)).find_map(|r| {
                let mut at = HashMap::new();
                for c in 0..range.width() {
                    let text = normalise_header(&range.get((r, c)).map(|d| d.to_string()).unwrap_or_default());
                    if let Some(col) = cols.iter().find(|col| col.names().any(|n| normalise_header(n) == text)) {
                        at.entry(col.key).or_insert(c);
                    }
                }
                cols.iter().filter(|c| c.required).all(|c| at.contains_key(c.key)).then_some((r, at))
            });
            let Some((header, at)) = found else { continue };
            let mut table = Table { sheet: name.clone(), header_row: header + start.0 as usize, ..Table::default() };
            // A merged cell's value applies to every row of its range.
            let mut filled: HashMap<(usize, usize), Data> = HashMap::new();
            for m in merges(&mut book, &name) {
                table.merged += 1;
                let value = range.get_value(m.start).cloned().unwrap_or(Data::Empty);
                for r in m.start.0..=m.end.0 {
                    for c in m.start.1..=m.end.1 {
                        filled.insert(((r - start.0) as usize, (c - start.1) as usize), value.clone());
                    }
                }
            }
            for r in header + 1..range.height() {
                let mut row = HashMap::new();
                for (&key, &c) in &at {
                    let cell = range.get((r, c)).cloned().unwrap_or(Data::Empty);
                    let cell = if cell == Data::Empty { filled.get(&(r, c)).cloned().unwrap_or(cell) } else { cell };
                    let ty = schema::columns(kind).iter().find(|col| col.key == key).unwrap().ty;
                    if let Data::String(_) = &cell {
                        use schema::ColType::*;
                        match ty {
                            Money | Count | Number => table.text_numbers += 1,
                            Date => table.text_dates += 1,
                            _ => {}
                        }
                    }
                    row.insert(key, cell);
                }
                let first = (0..range.width()).find_map(|c| range.get((r, c)).filter(|d| **d != Data::Empty));
                match first {
                    None => continue,
                    Some(Data::String(s)) if s == "合计" => table.total = Some(row),
                    Some(_) => table.rows.push(row),
                }
            }
            return table;
        }
    }
    panic!("no {kind:?} table in {}", dir.display());
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("xlsx" | "xls")))
        .collect();
    v.sort();
    v
}

fn num(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        Data::Empty => 0.0,
        Data::String(s) => s.replace([',', '元'], "").trim().parse().unwrap_or_else(|_| panic!("not a number: {s}")),
        other => panic!("not a number: {other:?}"),
    }
}

fn text(d: &Data) -> String {
    match d {
        Data::Float(f) => f.to_string(),
        other => other.to_string(),
    }
}

fn date(d: &Data) -> Option<NaiveDate> {
    match d {
        Data::Empty => None,
        Data::String(s) => {
            let parts: Vec<u32> = s.split('/').map(|p| p.parse().unwrap()).collect();
            NaiveDate::from_ymd_opt(parts[0] as i32, parts[1], parts[2])
        }
        Data::Float(f) => {
            NaiveDate::from_ymd_opt(1899, 12, 30).map(|e| e + chrono::Days::new(*f as u64)) // a serial number
        }
        other => Some(other.as_datetime().unwrap_or_else(|| panic!("not a date: {other:?}")).date()),
    }
}

/// What the checks of a month found; used for the fresh and the committed sample.
struct Month {
    pms: usize,
    projects: usize,
    agents: Table,
    qa: Table,
    staff: BTreeMap<String, usize>,
    projects_per_pm: BTreeMap<String, usize>,
    completion: BTreeMap<String, f64>,
    attendance: BTreeMap<String, f64>,
    unstable_days: usize,
    missing_days: usize,
    events: Vec<String>,
}

/// The agents' figures the sample's 合计 row sums, in the order the checks unpack them.
const AGENT_FIGURES: [&str; 9] = [
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
/// Reads the month back and asserts that nothing in it is an error (SPEC §3).
fn check_month(dir: &Path) -> Month {
    let month = sample_month();
    let managers = load(dir, TableKind::Managers);
    let projects = load(dir, TableKind::Projects);
    let agents = load(dir, TableKind::Agents);
    let qa = load(dir, TableKind::Qa);
    let events = load(dir, TableKind::PartnerEvents);
    let tasks = load(dir, TableKind::Tasks);
    let reviews = load(dir, TableKind::Reviews);
    let adjustments = load(dir, TableKind::Adjustments);

    let pm_ids: BTreeSet<String> = managers.rows.iter().map(|r| text(&r["pm_id"])).collect();
    assert_eq!(pm_ids.len(), managers.rows.len(), "PM ids are unique");
    for r in &managers.rows {
        assert!((3000.0..=6000.0).contains(&num(&r["bonus_base"])));
    }
    let mut project_pm = BTreeMap::new();
    let mut plan = BTreeMap::new();
    for r in &projects.rows {
        let (id, pm) = (text(&r["project_id"]), text(&r["pm_id"]));
        assert!(pm_ids.contains(&pm), "project {id}: PM {pm} exists");
        assert!(num(&r["plan"]) > 0.0);
        *plan.entry(pm.clone()).or_insert(0.0) += num(&r["plan"]);
        assert!(project_pm.insert(id, pm).is_none(), "project ids are unique");
    }
    let mut staff = BTreeMap::new();
    let mut volume: BTreeMap<String, f64> = BTreeMap::new();
    let mut days: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    let mut agent_ids = BTreeSet::new();
    let mut sums = [0.0; AGENT_FIGURES.len()];
    for r in &agents.rows {
        let id = text(&r["agent_id"]);
        assert!(agent_ids.insert(id.clone()), "agent {id} once");
        let pm = project_pm.get(&text(&r["project_id"])).unwrap_or_else(|| panic!("agent {id}: project exists"));
        let hire = date(&r["hire_date"]).unwrap();
        let leave = date(&r["leave_date"]);
        assert!(hire <= month.last_day(), "present");
        if let Some(l) = leave {
            assert!(month.contains(l) && l >= hire, "leavers leave in the month");
        }
        let v: Vec<f64> = AGENT_FIGURES.iter().map(|k| num(&r[k])).collect();
        for (s, x) in sums.iter_mut().zip(&v) {
            *s += x;
        }
        let [sched, att, ot_sched, ot_att, ot_hours, dialed, connected, successes, revenue] = v[..] else {
            unreachable!()
        };
        assert!(v.iter().all(|x| *x >= 0.0));
        assert!(att <= sched && ot_att <= ot_sched, "{id}: attended ≤ scheduled");
        assert!(connected <= dialed && successes <= connected, "{id}: successes ≤ connected ≤ dialed");
        assert!(ot_hours <= 30.0);
        for x in [dialed, connected, successes] {
            assert_eq!(x.fract(), 0.0, "counts are whole");
        }
        if successes > 0.0 {
            assert!((20.0..=60.0).contains(&(revenue / successes)), "{id}: revenue per success");
        }
        *staff.entry(pm.clone()).or_insert(0) += usize::from(leave.is_none());
        *volume.entry(pm.clone()).or_insert(0.0) += revenue;
        let d = days.entry(pm.clone()).or_insert((0.0, 0.0));
        d.0 += att + ot_att;
        d.1 += sched + ot_sched;
    }
    // The sheet's own total row is right (SPEC §2: no total-row-mismatch).
    let total = agents.total.as_ref().expect("a 合计 row");
    for (k, key) in AGENT_FIGURES.iter().enumerate() {
        assert!((num(&total[key]) - sums[k]).abs() < 0.005, "合计 {key}: {} vs {}", num(&total[key]), sums[k]);
    }

    let mut qa_days: BTreeMap<(String, NaiveDate), (f64, f64)> = BTreeMap::new();
    for r in &qa.rows {
        let d = date(&r["date"]).unwrap();
        assert!(month.contains(d), "QA inside the month");
        let p = text(&r["project_id"]);
        assert!(project_pm.contains_key(&p));
        let (checked, errors) = (num(&r["checked"]), num(&r["errors"]));
        assert!(errors <= checked && checked > 0.0);
        let e = qa_days.entry((p, d)).or_default();
        e.0 += checked;
        e.1 += errors;
    }
    let unstable_days = qa_days.values().filter(|(c, e)| e / c > 0.03).count();
    for (c, e) in qa_days.values() {
        assert!(e / c <= 0.04, "daily error rate at most 4%");
    }
    let missing_days = project_pm.len() * month.days() as usize - qa_days.len();

    let mut event_kinds = Vec::new();
    for r in &events.rows {
        let p = text(&r["project_id"]);
        let pm = project_pm.get(&p).expect("event's project exists");
        assert!(month.contains(date(&r["date"]).unwrap()));
        *volume.get_mut(pm).unwrap() -= num(&r["lost_volume"]);
        event_kinds.push(text(&r["event"]));
        assert!(["终止", "暂停", "处罚", "投诉"].contains(&text(&r["event"]).as_str()));
    }
    for r in &tasks.rows {
        assert!(pm_ids.contains(&text(&r["pm_id"])));
        assert!(["按时完成", "延期完成", "未完成"].contains(&text(&r["status"]).as_str()));
    }
    let mut review_count: BTreeMap<String, usize> = BTreeMap::new();
    for r in &reviews.rows {
        let pm = text(&r["pm_id"]);
        assert!(pm_ids.contains(&pm));
        assert!((70.0..=98.0).contains(&num(&r["score"])));
        *review_count.entry(pm).or_default() += 1;
    }
    assert!(pm_ids.iter().all(|pm| (4..=7).contains(review_count.get(pm).unwrap_or(&0))), "4–7 reviews per PM");
    for r in &adjustments.rows {
        assert!(pm_ids.contains(&text(&r["pm_id"])));
        assert!((1.0..=10.0).contains(&num(&r["item"])) && num(&r["points"]) > 0.0);
        assert!(!text(&r["reason"]).is_empty());
    }
    assert_eq!(adjustments.rows.len(), 2);

    let mut projects_per_pm = BTreeMap::new();
    for pm in project_pm.values() {
        *projects_per_pm.entry(pm.clone()).or_insert(0) += 1;
    }
    let completion = volume.iter().map(|(pm, v)| (pm.clone(), v / plan[pm])).collect();
    let attendance = days.iter().map(|(pm, (a, s))| (pm.clone(), a / s)).collect();
    Month {
        pms: pm_ids.len(),
        projects: project_pm.len(),
        agents,
        qa,
        staff,
        projects_per_pm,
        completion,
        attendance,
        unstable_days,
        missing_days,
        events: event_kinds,
    }
}

fn write_to(dir: &Path, spec: SampleSpec) -> Vec<PathBuf> {
    write_sample(dir, spec).unwrap()
}

#[test]
fn default_month_is_plausible_and_error_free() {
    let dir = tempfile::tempdir().unwrap();
    let written = write_to(dir.path(), SampleSpec::default());
    let names: Vec<_> = written.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(names, ["市场部.xlsx", "增值部.xlsx", "运营部.xlsx", "质检.xlsx"]);
    let m = check_month(dir.path());
    assert_eq!(m.pms, 14);
    assert_eq!(m.agents.rows.len(), 600);
    assert!(m.projects_per_pm.values().all(|n| (2..=4).contains(n)));
    // Most PMs inside the 40–60 norm; one or two outside (a warning only).
    let outside = m.staff.values().filter(|n| !(40..=60).contains(*n)).count();
    assert!((1..=2).contains(&outside), "{:?}", m.staff);
    let in_plan = m.completion.values().filter(|c| (0.85..=1.10).contains(*c)).count();
    assert!(in_plan >= 12, "completion mostly 85–110%: {:?}", m.completion);
    assert!(m.attendance.values().all(|a| (0.95..=0.99).contains(a)), "{:?}", m.attendance);
    assert_eq!(m.events.iter().filter(|e| *e == "暂停").count(), 1, "exactly one suspension");
    assert!(m.events.iter().any(|e| e == "投诉" || e == "处罚"));
    assert!(!m.events.iter().any(|e| e == "终止"));
    assert_eq!(m.missing_days, 2);
    assert!((1..=5).contains(&m.unstable_days), "{}", m.unstable_days);
    assert_eq!(m.qa.rows.len(), m.projects * 30 - 2 + 2, "every project-day but two, two days in two rows");
    // The quirks of real files.
    assert!(m.agents.header_row >= 1, "title rows above the header");
    assert!(m.agents.merged > 10, "merged project cells");
    assert!(m.agents.text_numbers > 0 && m.agents.text_dates > 0);
    assert!(m.qa.text_dates > 0);
    assert_eq!(m.agents.sheet, "座席月度数据");
}

#[test]
fn new_hires_and_leavers_are_there() {
    let month = data::generate(SampleSpec::default());
    let new = month.agents.iter().filter(|a| a.hire > NaiveDate::from_ymd_opt(2026, 10, 31).unwrap()).count();
    let leavers = month.agents.iter().filter(|a| a.leave.is_some()).count();
    assert!((5..=60).contains(&new), "{new} new hires");
    assert!((3..=30).contains(&leavers), "{leavers} leavers");
    let ot: Vec<f64> = month.agents.iter().map(|a| a.ot_hours).collect();
    assert!(ot.iter().all(|h| (0.0..=30.0).contains(h)) && ot.iter().any(|h| *h > 10.0));
    let (c, d) = month.agents.iter().fold((0, 0), |(c, d), a| (c + a.connected, d + a.dialed));
    assert!((0.30..=0.60).contains(&(c as f64 / d as f64)));
    assert!(month.tasks.iter().filter(|t| t.status != "按时完成").count() >= 2, "some tasks late or not done");
}

#[test]
fn same_seed_same_bytes_other_seed_other_month() {
    let (a, b, c) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let spec = SampleSpec { pms: 5, agents: 230, seed: 42 };
    let fa = write_to(a.path(), spec);
    let fb = write_to(b.path(), spec);
    let fc = write_to(c.path(), SampleSpec { seed: 43, ..spec });
    for ((x, y), z) in fa.iter().zip(&fb).zip(&fc) {
        assert_eq!(std::fs::read(x).unwrap(), std::fs::read(y).unwrap(), "{x:?}");
        assert_ne!(std::fs::read(x).unwrap(), std::fs::read(z).unwrap(), "{x:?}");
    }
}

#[test]
fn sizes_asked_for_are_produced() {
    for (pms, agents) in [(40, 2000), (3, 20), (12, 700)] {
        let dir = tempfile::tempdir().unwrap();
        write_to(dir.path(), SampleSpec { pms, agents, seed: 3 });
        let m = check_month(dir.path());
        assert_eq!((m.pms, m.agents.rows.len()), (pms, agents));
        assert!(m.staff.len() == pms, "every PM has agents");
    }
}

#[test]
fn tiny_and_empty_months_do_not_panic() {
    for (pms, agents) in [(0, 0), (1, 0), (1, 1), (2, 3), (0, 10)] {
        let month = data::generate(SampleSpec { pms, agents, seed: 1 });
        assert_eq!(month.pms.len(), pms);
        assert_eq!(month.agents.len(), if pms == 0 { 0 } else { agents });
        let dir = tempfile::tempdir().unwrap();
        write_to(dir.path(), SampleSpec { pms, agents, seed: 1 });
    }
}

#[test]
fn money_text_groups_thousands() {
    assert_eq!(money_text(123_450), "1,234.50");
    assert_eq!(money_text(5), "0.05");
    assert_eq!(money_text(12_345_678_901), "123,456,789.01");
}

/// The committed `samples/2026-11/` (made by `sample`, then saved by LibreOffice,
/// the QA workbook as .xls; see samples/README.md) keeps the quirks and stays error-free.
#[test]
fn committed_sample_keeps_its_quirks() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/2026-11");
    let names: Vec<String> =
        files(&dir).iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(names, ["增值部.xlsx", "市场部.xlsx", "质检.xls", "运营部.xlsx"]);
    let m = check_month(&dir);
    assert_eq!((m.pms, m.agents.rows.len()), (14, 600));
    assert!(m.agents.header_row >= 1 && m.qa.header_row >= 1, "title rows kept");
    assert!(m.agents.merged > 10, "merged cells kept");
    assert!(m.agents.total.is_some(), "合计 row kept");
    assert!(m.agents.text_numbers > 0 && m.agents.text_dates > 0 && m.qa.text_dates > 0, "text kept");
}

#[test]
fn benchmark_month_keeps_the_norms() {
    // The shape of `--pms 1000 --agents 50000`, checked on the rows (writing it is the benchmark's job).
    let month = data::generate(SampleSpec { pms: 1000, agents: 50_000, seed: 1 });
    assert_eq!((month.pms.len(), month.agents.len()), (1000, 50_000));
    let mut staff = vec![0usize; 1000];
    let mut projects = vec![0usize; 1000];
    for p in &month.projects {
        projects[p.pm] += 1;
    }
    for a in &month.agents {
        staff[month.projects[a.project].pm] += usize::from(a.leave.is_none());
        assert!(a.connected <= a.dialed && a.successes <= a.connected && a.attended <= a.scheduled);
    }
    assert!(projects.iter().all(|n| (2..=4).contains(n)));
    let outside = staff.iter().filter(|n| !(40..=60).contains(*n)).count();
    assert!((1..=2).contains(&outside), "{outside} PMs outside 40–60");
    assert_eq!(month.events.iter().filter(|e| e.kind == "暂停").count(), 1);
    assert_eq!(month.qa.len(), month.projects.len() * 30 - (2 + month.projects.len() / 50) + 2);
    assert_eq!(month.reviews.len() / 1000, 5, "about 5.5 reviews per PM");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

    /// Whatever the sizes and seed: no panic, and nothing that SPEC §3 calls an error.
    #[test]
    fn any_size_and_seed_is_error_free(pms in 0usize..25, agents in 0usize..1500, seed: u64) {
        let m = data::generate(SampleSpec { pms, agents, seed });
        let month = sample_month();
        proptest::prop_assert_eq!(m.pms.len(), pms);
        proptest::prop_assert_eq!(m.agents.len(), if pms == 0 { 0 } else { agents });
        let ids: BTreeSet<&str> = m.agents.iter().map(|a| a.id.as_str()).collect();
        proptest::prop_assert_eq!(ids.len(), m.agents.len());
        let ids: BTreeSet<&str> = m.projects.iter().map(|p| p.id.as_str()).collect();
        proptest::prop_assert_eq!(ids.len(), m.projects.len());
        for p in &m.projects {
            proptest::prop_assert!(p.pm < pms && p.plan > 0);
        }
        for a in &m.agents {
            proptest::prop_assert!(a.project < m.projects.len());
            proptest::prop_assert!(a.connected <= a.dialed && a.successes <= a.connected);
            proptest::prop_assert!(a.attended <= a.scheduled && a.ot_attended <= a.ot_scheduled);
            proptest::prop_assert!(a.hire <= month.last_day());
            proptest::prop_assert!(a.leave.is_none_or(|l| month.contains(l) && l >= a.hire));
        }
        for q in &m.qa {
            proptest::prop_assert!(month.contains(q.date) && q.errors <= q.checked && q.project < m.projects.len());
        }
        for e in &m.events {
            proptest::prop_assert!(month.contains(e.date) && e.project < m.projects.len());
        }
        proptest::prop_assert!(m.tasks.iter().all(|t| t.pm < pms));
        proptest::prop_assert!(m.reviews.iter().all(|r| r.pm < pms && (70.0..=98.0).contains(&r.score)));
        proptest::prop_assert!(m.adjustments.iter().all(|a| a.pm < pms && (1..=10).contains(&a.item)));
        if agents >= 2 * pms {
            // Enough agents: every PM has projects and agents (no `no-data`).
            let mut with_agents = BTreeSet::new();
            for a in &m.agents {
                with_agents.insert(m.projects[a.project].pm);
            }
            proptest::prop_assert_eq!(with_agents.len(), pms);
        }
    }
}
